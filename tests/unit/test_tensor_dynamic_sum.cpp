// The uniform adjoint of a sum over a run-time extent, stored four elements a step with a
// remainder (sum_op::backward_n): every length from 1 to 11, alone and added to another
// use of the same variable, equal bit for bit to the same expression over a fixed extent.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace tg = typegrad;

namespace {

constexpr tg::var<"x", tg::dynamic> x;

template <std::size_t N>
void check_length() {
    constexpr tg::var<"xf", N> xf;
    std::array<double, N> data{};
    for (std::size_t i = 0; i < N; ++i) data[i] = 0.25 * double(i) - 1.0;
    const std::span<const double> in(data.data(), N);
    std::vector<double> g(N, -7.0), h(N, -7.0);
    // A sum alone (the root: its adjoint assigns) and added to a dot (the second use adds).
    constexpr auto f = tg::sum(x);
    constexpr auto f2 = 3.0 * tg::sum(x) + tg::dot(x, x);
    auto ws = tg::make_workspace(f, x = in);
    auto ws2 = tg::make_workspace(f2, x = in);
    const auto alone = tg::value_and_grad(f, ws, (x = in).grad_into(std::span<double>(g)));
    const auto both = tg::value_and_grad(f2, ws2, (x = in).grad_into(std::span<double>(h)));
    const auto alone_fixed = tg::value_and_grad(tg::sum(xf), xf = data);
    const auto both_fixed = tg::value_and_grad(3.0 * tg::sum(xf) + tg::dot(xf, xf), xf = data);
    INFO("length " << N);
    CHECK(alone.value == alone_fixed.value);
    CHECK(both.value == both_fixed.value);
    for (std::size_t i = 0; i < N; ++i) {
        INFO("element " << i);
        CHECK(g[i] == alone_fixed.grad[xf][i]);
        CHECK(h[i] == both_fixed.grad[xf][i]);
    }
}

}  // namespace

TEST_CASE("dynamic sum: the uniform adjoint reaches every element at every length", "[tensor][dynamic][sum]") {
    [&]<std::size_t... N>(std::index_sequence<N...>) { (check_length<N + 1>(), ...); }
    (std::make_index_sequence<11>{});
}
