// Checked bindings: every kind of storage a tensor variable binds to gives the same values and
// gradients, and a size known only at run time that does not match the variable's shape
// throws tg::shape_error while the bindings are made, before anything is read or written.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace tg = typegrad;

namespace {
constexpr tg::var<"W", 2, 3> W;
constexpr tg::var<"x", 3> x;
constexpr tg::var<"y", 2> y;
constexpr auto f = tg::squared_norm(tg::tanh(W * x));
constexpr auto loss = tg::softmax_cross_entropy(W, y);

/// The values through volatile reads, so that every call below computes at run time. With
/// inputs it can see, clang -O2 folds a call at compile time, where its default
/// -ffp-contract=on fuses a * b + c (one rounding) while the run-time code of the same call
/// rounds twice: the comparison would be of the compiler's folding, not of the bindings.
template <std::size_t N>
std::array<double, N> opaque(const std::array<double, N>& values) {
    std::array<double, N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        const volatile double v = values[i];
        out[i] = v;
    }
    return out;
}
const std::array<double, 6> w_values = opaque<6>({0.1, -0.4, 0.7, 0.3, 0.9, -0.2});
const std::array<double, 3> x_values = opaque<3>({0.5, -1.5, 0.25});

/// The message of the shape_error that `make` throws (empty when it throws nothing).
template <class Make>
std::string shape_error_message(Make make) {
    try {
        make();
    } catch (const tg::shape_error& e) {
        static_assert(std::is_base_of_v<std::invalid_argument, tg::shape_error>);
        return e.what();
    }
    return {};
}
}  // namespace

TEST_CASE("checked bindings: every storage kind gives bit-identical values and gradients", "[tensor][binding]") {
    const auto reference = tg::value_and_grad(f, W = w_values, x = x_values);
    const auto same = [&](const auto& r) {
        CHECK(r.value == reference.value);
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 3; ++j) CHECK(r.grad[W](i, j) == reference.grad[W](i, j));
        for (std::size_t j = 0; j < 3; ++j) CHECK(r.grad[x](j) == reference.grad[x](j));
    };
    double c_array[6];
    for (std::size_t i = 0; i < 6; ++i) c_array[i] = w_values[i];
    std::vector<double> vec(w_values.begin(), w_values.end());
    const std::vector<double> const_vec(w_values.begin(), w_values.end());
    const std::vector<double> x_vec(x_values.begin(), x_values.end());

    same(tg::value_and_grad(f, W = c_array, x = x_values));
    same(tg::value_and_grad(f, W = std::span<const double, 6>(w_values), x = x_values));
    same(tg::value_and_grad(f, W = std::span<double, 6>(vec.data(), 6), x = x_values));
    same(tg::value_and_grad(f, W = std::span<const double>(w_values), x = x_values));
    same(tg::value_and_grad(f, W = std::span<double>(vec), x = x_vec));
    same(tg::value_and_grad(f, W = vec, x = x_vec));
    same(tg::value_and_grad(f, W = const_vec, x = x_values));
    same(tg::value_and_grad(f, W = std::span(const_vec.data(), const_vec.size()), x = x_values));  // (pointer, size)
    CHECK(tg::eval(f, W = vec, x = x_vec) == reference.value);
    CHECK((W = vec).data == vec.data());  // a pointer, not a copy

    // Gradients into every kind of mutable buffer.
    const auto into = [&](auto& buffer) {
        const auto r = tg::value_and_grad(f, (W = vec).grad_into(buffer), x = x_values);
        CHECK(r.value == reference.value);
        for (std::size_t i = 0; i < 6; ++i) CHECK(r.grad[W][i] == reference.grad[W][i]);
        for (std::size_t i = 0; i < 6; ++i) CHECK(std::data(buffer)[i] == reference.grad[W][i]);
    };
    std::array<double, 6> g_array{};
    double g_c[6] = {};
    std::vector<double> g_vec(6, 99.0);
    std::vector<double> g_storage(6, 99.0);
    std::span<double> g_dynamic(g_storage);
    std::span<double, 6> g_static(g_storage.data(), 6);
    into(g_array);
    into(g_c);
    into(g_vec);
    into(g_dynamic);
    into(g_static);
}

TEST_CASE("checked bindings: labels in a std::vector or a dynamic span", "[tensor][binding][labels]") {
    const std::array<int, 2> labels{2, 0};
    const auto reference = tg::value_and_grad(loss, W = w_values, y = labels);
    const std::vector<int> vec{2, 0};
    const std::vector<long> long_vec{2, 0};
    const auto same = [&](const auto& r) {
        CHECK(r.value == reference.value);
        for (std::size_t i = 0; i < 6; ++i) CHECK(r.grad[W][i] == reference.grad[W][i]);
    };
    same(tg::value_and_grad(loss, W = w_values, y = vec));
    same(tg::value_and_grad(loss, W = w_values, y = long_vec));
    same(tg::value_and_grad(loss, W = w_values, y = std::span<const int>(labels)));
}

TEST_CASE("checked bindings: a run-time size mismatch throws shape_error naming the variable and the sizes",
          "[tensor][binding][shape_error]") {
    const std::vector<double> short_w(5, 0.5);
    const std::vector<double> long_w(7, 0.5);
    const std::vector<double> good_w(w_values.begin(), w_values.end());

    const std::string storage = shape_error_message([&] { return W = short_w; });
    CHECK(storage ==
          "typegrad: size mismatch binding tensor variable \"W\" of shape 2 x 3 (6 elements) to storage of 5 "
          "elements");
    CHECK(shape_error_message([&] { return W = long_w; }).find("to storage of 7 elements") != std::string::npos);
    CHECK(shape_error_message([&] { return x = std::span<const double>(w_values.data(), 2); }) ==
          "typegrad: size mismatch binding tensor variable \"x\" of shape 3 (3 elements) to storage of 2 elements");
    CHECK(shape_error_message([&] { return x = std::span(w_values.data(), 1); }).find("storage of 1 element") !=
          std::string::npos);

    std::vector<double> short_g(4, 99.0);
    CHECK(shape_error_message([&] { return (W = good_w).grad_into(short_g); }) ==
          "typegrad: size mismatch binding tensor variable \"W\" of shape 2 x 3 (6 elements) to a gradient buffer "
          "of 4 elements");
    CHECK(shape_error_message([&] {
              return (W = good_w).grad_into(std::span<double>(short_g));
          }).find("a gradient buffer of 4 elements") != std::string::npos);

    const std::vector<int> three_labels{0, 1, 2};
    CHECK(shape_error_message([&] { return y = three_labels; }) ==
          "typegrad: size mismatch binding tensor variable \"y\" of shape 2 (2 elements) to labels of 3 elements");

    // Catchable as std::invalid_argument; matching sizes throw nothing.
    CHECK_THROWS_AS((W = short_w), std::invalid_argument);
    CHECK(shape_error_message([&] { return W = good_w; }).empty());
}

TEST_CASE("checked bindings: a call with a mismatched binding writes nothing", "[tensor][binding][shape_error]") {
    const std::vector<double> good_w(w_values.begin(), w_values.end());
    const std::vector<double> short_x(2, 0.5);
    const std::vector<int> short_labels{1};
    std::vector<double> gw(6, 99.0);
    std::vector<double> gx(3, 77.0);
    std::vector<double> short_gx(2, 77.0);
    auto ws = tg::make_workspace(f);
    const auto untouched = [&] {
        for (const double g : gw) CHECK(g == 99.0);
        for (const double g : gx) CHECK(g == 77.0);
        for (const double g : short_gx) CHECK(g == 77.0);
    };
    // The gradient buffer of W comes first in each call; the mismatch is in a later binding.
    CHECK_THROWS_AS(tg::value_and_grad(f, (W = good_w).grad_into(gw), x = short_x), tg::shape_error);
    untouched();
    CHECK_THROWS_AS(tg::value_and_grad(f, ws, (W = good_w).grad_into(gw), (x = x_values).grad_into(short_gx)),
                    tg::shape_error);
    untouched();
    CHECK_THROWS_AS(tg::value_and_grad(loss, (W = good_w).grad_into(gw), y = short_labels), tg::shape_error);
    untouched();
    CHECK_THROWS_AS(tg::eval(W * x, W = good_w, x = short_x), tg::shape_error);
    // The same calls with matching sizes write the gradients.
    const auto r = tg::value_and_grad(f, ws, (W = good_w).grad_into(gw), (x = x_values).grad_into(gx));
    const auto reference = tg::value_and_grad(f, W = w_values, x = x_values);
    CHECK(r.value == reference.value);
    for (std::size_t i = 0; i < 6; ++i) CHECK(gw[i] == reference.grad[W][i]);
    for (std::size_t i = 0; i < 3; ++i) CHECK(gx[i] == reference.grad[x][i]);
}
