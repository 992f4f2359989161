// tg::check_gradient: passes on correct gradients (worked example 8, a small network with
// biases, a learnable scalar), and detects a wrong gradient rule, naming the variable and
// element where it is worst.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>

namespace tg = typegrad;

// The ops live in a named namespace: in an anonymous one clang warns that their names
// (used only by to_string) are unused.
namespace check_gradient_test {

/// cube(a) = a^3 with a deliberately wrong derivative 3a^2 + 0.001: off by 0.001 everywhere,
/// so its relative error is largest where 3a^2 is smallest.
struct wrong_cube_op {
    static constexpr std::string_view name = "wrong_cube";
    static constexpr tg::notation style = tg::notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return a * a * a;
    }
    template <std::size_t, class A, class Self>
    static constexpr auto partial(const A& a, const Self&) {
        return tg::c<3> * (a * a) + tg::c<1, 1000>;
    }
};
template <class A>
constexpr auto wrong_cube(const A& a) {
    return tg::apply<wrong_cube_op>(a);
}

/// The same op with the right derivative.
struct cube_op {
    static constexpr std::string_view name = "cube";
    static constexpr tg::notation style = tg::notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return a * a * a;
    }
    template <std::size_t, class A, class Self>
    static constexpr auto partial(const A& a, const Self&) {
        return tg::c<3> * (a * a);
    }
};
template <class A>
constexpr auto cube(const A& a) {
    return tg::apply<cube_op>(a);
}

/// 0.01 a whose rule forgets its derivative (0 instead of 0.01).
struct forgotten_op {
    static constexpr std::string_view name = "forgotten";
    static constexpr tg::notation style = tg::notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return a / T(100);
    }
    template <std::size_t, class A, class Self>
    static constexpr auto partial(const A&, const Self&) {
        return tg::c<0>;
    }
};
template <class A>
constexpr auto forgotten(const A& a) {
    return tg::apply<forgotten_op>(a);
}

}  // namespace check_gradient_test

namespace {

using check_gradient_test::cube;
using check_gradient_test::forgotten;
using check_gradient_test::wrong_cube;

constexpr tg::var<"W", 2, 2> W;
constexpr tg::var<"x", 2> x;

// Out of line: each check inlines 2 evaluations per element into one function otherwise
// (docs/tensors.md, "Compile cost").
[[gnu::noinline]] tg::gradient_check_report<double> check_example_8(const std::array<double, 4>& w,
                                                                    const std::array<double, 2>& v) {
    return tg::check_gradient(tg::squared_norm(W * x), W = w, x = v);
}

constexpr tg::var<"X", 4, 3> X;
constexpr tg::var<"W1", 3, 5> W1;
constexpr tg::var<"b1", 5> b1;
constexpr tg::var<"W2", 5, 2> W2;
constexpr tg::var<"alpha"> alpha;
constexpr tg::var<"Y", 4, 2> Y;
constexpr auto network =
    tg::mean(tg::pow(tg::leaky_relu(X * W1 + b1, alpha) * W2 - Y, tg::c<2>)) + tg::c<1, 100> * tg::sum(tg::tanh(W2));

struct network_data {
    std::array<double, 12> inputs{};
    std::array<double, 15> w1{};
    std::array<double, 5> bias{};
    std::array<double, 10> w2{};
    std::array<double, 8> targets{};
    network_data() {
        // Values away from leaky_relu's kink at 0 (within 2h of it the two sides disagree).
        for (std::size_t i = 0; i < inputs.size(); ++i) inputs[i] = std::sin(1.0 + 0.7 * static_cast<double>(i));
        for (std::size_t i = 0; i < w1.size(); ++i) w1[i] = std::cos(0.3 + 1.1 * static_cast<double>(i));
        for (std::size_t i = 0; i < bias.size(); ++i) bias[i] = 0.1 * static_cast<double>(i) - 0.2;
        for (std::size_t i = 0; i < w2.size(); ++i) w2[i] = 0.5 * std::sin(2.0 * static_cast<double>(i));
        for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = 0.25 * static_cast<double>(i % 3);
    }
};

[[gnu::noinline]] tg::gradient_check_report<double> check_network(const network_data& d, double a) {
    return tg::check_gradient(network, (X = d.inputs).no_grad(), W1 = d.w1, b1 = d.bias, W2 = d.w2, alpha = a,
                              (Y = d.targets).no_grad());
}

[[gnu::noinline]] tg::gradient_check_report<double> check_wrong_rule(const std::array<double, 4>& w) {
    return tg::check_gradient(tg::sum(wrong_cube(W)), W = w);
}

[[gnu::noinline]] tg::gradient_check_report<double> check_right_rule(const std::array<double, 4>& w) {
    return tg::check_gradient(tg::sum(cube(W)), W = w);
}

}  // namespace

TEST_CASE("check_gradient passes worked example 8 and reports where it looked", "[tensor][check_gradient]") {
    const std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    const std::array<double, 2> v{0.2, 0.4};
    const auto r = check_example_8(w, v);
    INFO("worst " << r.worst_relative_error << " at " << r.variable << "[" << r.index << "]");
    CHECK(r.passed(1e-8));
    CHECK(r.checked == 6);  // 4 elements of W, 2 of x
    CHECK(r.value == Approx(0.116).epsilon(1e-15));
    // The report names a real element: its analytic value is the gradient there.
    const auto g = tg::grad(tg::squared_norm(W * x), W = w, x = v);
    if (r.variable == "W")
        CHECK(r.analytic == g[W][r.index]);
    else
        CHECK(r.analytic == g[x][r.index]);
    CHECK(std::abs(r.analytic - r.numeric) <= 1e-8 * std::abs(r.analytic));
}

TEST_CASE("check_gradient passes a network with biases, a learnable scalar and data", "[tensor][check_gradient]") {
    const network_data d;
    const auto r = check_network(d, 0.1);
    INFO("worst " << r.worst_relative_error << " at " << r.variable << "[" << r.index << "], analytic " << r.analytic
                  << ", numeric " << r.numeric);
    CHECK(r.passed(1e-6));
    CHECK(r.checked == 15 + 5 + 10 + 1);  // X and Y are data (.no_grad()): not checked
}

TEST_CASE("check_gradient detects a wrong gradient rule and locates its worst element", "[tensor][check_gradient]") {
    // W = [[1.0, 2.0], [-0.1, 1.5]]: the rule is off by 0.001, relatively worst at -0.1.
    const std::array<double, 4> w{1.0, 2.0, -0.1, 1.5};
    const auto wrong = check_wrong_rule(w);
    CHECK_FALSE(wrong.passed(1e-6));
    CHECK(wrong.variable == "W");
    CHECK(wrong.index == 2);
    CHECK(wrong.row == 1);
    CHECK(wrong.column == 0);
    CHECK(wrong.analytic == Approx(3 * 0.01 + 0.001).epsilon(1e-12));
    CHECK(wrong.numeric == Approx(3 * 0.01).epsilon(1e-8));
    CHECK(wrong.worst_relative_error == Approx(0.001 / 0.031).epsilon(1e-6));
    // The same function with the right rule passes.
    const auto right = check_right_rule(w);
    CHECK(right.passed(1e-8));
}

TEST_CASE("check_gradient leaves the caller's storage and gradient buffers untouched", "[tensor][check_gradient]") {
    std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    std::array<double, 2> v{0.2, 0.4};
    std::array<double, 4> gw{7, 7, 7, 7};
    const auto before = w;
    const auto r = tg::check_gradient(tg::squared_norm(W * x), (W = w).grad_into(gw), x = v);
    CHECK(r.passed(1e-8));
    CHECK(w == before);
    CHECK(gw == std::array<double, 4>{7, 7, 7, 7});
}

TEST_CASE("check_gradient reports a NaN gradient as an infinite error", "[tensor][check_gradient]") {
    // sqrt at 0: the analytic partial is inf (times an upstream 1); the central difference
    // would step to a negative argument and give NaN. Either way the check must fail.
    const std::array<double, 2> v{0.0, 1.0};
    const auto r = tg::check_gradient(tg::sum(tg::sqrt(x)), x = v);
    CHECK_FALSE(r.passed(1e-6));
    CHECK(std::isinf(r.worst_relative_error));
    CHECK(r.variable == "x");
    CHECK(r.index == 0);
}

TEST_CASE("check_gradient detects a missing partial 1e5 times smaller than the largest", "[tensor][check_gradient]") {
    // f = 1000 sum(x) + forgotten(s): df/dx = 1000 (G), df/ds = 0.01 but the rule says 0.
    // Below floor * G = 1 partials are compared in units of 1: the error shows as 0.01.
    constexpr tg::var<"s"> s;
    const std::array<double, 2> v{0.3, -0.7};
    const auto r = tg::check_gradient(tg::c<1000> * tg::sum(x) + forgotten(s), x = v, s = 2.0);
    CHECK(r.gradient_scale == 1000);
    CHECK_FALSE(r.passed(1e-6));
    CHECK(r.variable == "s");
    CHECK(r.analytic == 0);
    // The estimate of 0.01 next to |f| = 400 is good to about eps * 400 / h = 1e-10.
    CHECK(r.numeric == Approx(0.01).margin(1e-9));
    CHECK(r.worst_relative_error == Approx(0.01).margin(1e-9));
}
