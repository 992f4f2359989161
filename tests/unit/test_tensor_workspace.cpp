// Tensor calls of any size: values, adjoints and gradients in a caller-owned workspace
// (tg::make_workspace), checked against independent loops at sizes whose gradients could
// never fit on the default 8 MiB stack next to the caller's data.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace tg = typegrad;

namespace {

// Relative distance in units of the larger magnitude (0 when both are equal).
double rel(double a, double b) {
    const double m = std::fmax(std::fabs(a), std::fabs(b));
    return m == 0 ? 0 : std::fabs(a - b) / m;
}

TEST_CASE("workspace: sum(tanh(W)) at 1000 x 1000", "[tensor][workspace]") {
    constexpr std::size_t n = 1000;
    constexpr tg::var<"W", n, n> W;
    constexpr auto f = tg::sum(tg::tanh(W));
    // tanh(W) is computed inside the sum's loop and never stored; the gradient alone is 8 MB.
    STATIC_REQUIRE(tg::workspace<decltype(f)>::value_elements == 1);
    STATIC_REQUIRE(tg::workspace<decltype(f)>::bytes() > tg::stack_limit_bytes);

    std::vector<double> w(n * n);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(0.001 * double(i)) * 3.0;
    auto ws = tg::make_workspace(f);
    const std::span<const double, n * n> ww(w.data(), n * n);
    const auto r = tg::value_and_grad(f, ws, W = ww);

    double expected = 0;
    for (double v : w) expected += std::tanh(v);
    CHECK(rel(r.value, expected) < 1e-12);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double c = std::cosh(w[i]);
        if (rel(r.grad[W][i], 1 / (c * c)) > 8 * 2.3e-16) ++bad;
    }
    CHECK(bad == 0);
    // The value alone, through the same workspace: bit for bit the value of the gradient call.
    CHECK(tg::eval(f, ws, W = ww) == r.value);
}

TEST_CASE("workspace: sum(A * B) of two 1000 x 1000 matrices", "[tensor][workspace]") {
    constexpr std::size_t n = 1000;
    constexpr tg::var<"A", n, n> A;
    constexpr tg::var<"B", n, n> B;
    constexpr auto f = tg::sum(A * B);

    // Small integers: every sum below is exact in double, so the checks are equalities.
    std::vector<double> a(n * n), b(n * n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            a[i * n + j] = double(int((i + 2 * j) % 5) - 2);
            b[i * n + j] = double(int((3 * i + j) % 3) - 1);
        }
    auto ws = tg::make_workspace(f);
    const auto r = tg::value_and_grad(f, ws, A = std::span<const double, n * n>(a.data(), n * n),
                                      B = std::span<const double, n * n>(b.data(), n * n));

    // sum(A B) = sum_k colsum(A)_k rowsum(B)_k; d/dA_ik = rowsum(B)_k; d/dB_kj = colsum(A)_k.
    std::vector<double> colsum_a(n, 0.0), rowsum_b(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < n; ++k) {
            colsum_a[k] += a[i * n + k];
            rowsum_b[i] += b[i * n + k];
        }
    double expected = 0;
    for (std::size_t k = 0; k < n; ++k) expected += colsum_a[k] * rowsum_b[k];
    CHECK(r.value == expected);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < n; ++k) {
            if (r.grad[A](i, k) != rowsum_b[k]) ++bad;
            if (r.grad[B](k, i) != colsum_a[k]) ++bad;
        }
    CHECK(bad == 0);
}

TEST_CASE("workspace: sum(sigmoid(v)) with 10^6 elements", "[tensor][workspace]") {
    constexpr std::size_t n = 1000000;
    constexpr tg::var<"v", n> v;
    constexpr auto f = tg::sum(tg::sigmoid(v));

    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = -40.0 + 80.0 * double(i) / double(n);
    auto ws = tg::make_workspace(f);
    const auto r = tg::value_and_grad(f, ws, v = std::span<const double, n>(x.data(), n));

    double expected = 0;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double s = 1 / (1 + std::exp(-x[i]));
        expected += s;
        // sigmoid'(x) = e^-x / (1 + e^-x)^2, evaluated independently of the library's rule.
        const double e = std::exp(-x[i]);
        if (rel(r.grad[v][i], e / ((1 + e) * (1 + e))) > 8 * 2.3e-16) ++bad;
    }
    CHECK(rel(r.value, expected) < 1e-12);
    CHECK(bad == 0);
}

TEST_CASE("workspace: results view the workspace, and a second call reuses it", "[tensor][workspace]") {
    constexpr tg::var<"W", 2, 2> W;
    constexpr tg::var<"x", 2> x;
    constexpr auto f = tg::squared_norm(W * x);
    std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    std::array<double, 2> v{0.2, 0.4};
    auto ws = tg::make_workspace(f);
    const auto on_stack = tg::value_and_grad(f, W = w, x = v);
    const auto in_ws = tg::value_and_grad(f, ws, W = w, x = v);
    CHECK(in_ws.value == on_stack.value);
    for (std::size_t i = 0; i < 4; ++i) CHECK(in_ws.grad[W][i] == on_stack.grad[W][i]);
    for (std::size_t i = 0; i < 2; ++i) CHECK(in_ws.grad[x][i] == on_stack.grad[x][i]);
    // tg::eval of a tensor-valued expression with a workspace is a view of it.
    const auto wx = tg::eval(W * x, W = w, x = v);
    auto ws2 = tg::make_workspace(W * x);
    const auto wx_view = tg::eval(W * x, ws2, W = w, x = v);
    for (std::size_t i = 0; i < 2; ++i) CHECK(wx_view[i] == wx[i]);
    // A .grad_into binding writes to the caller's buffer, with or without a workspace.
    std::array<double, 4> gw{};
    const auto into = tg::value_and_grad(f, ws, (W = w).grad_into(gw), x = v);
    for (std::size_t i = 0; i < 4; ++i) CHECK(gw[i] == on_stack.grad[W][i]);
    CHECK(into.value == on_stack.value);
}

}  // namespace
