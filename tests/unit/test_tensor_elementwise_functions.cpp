// The scalar functions of ops/ (inverse trigonometric, hyperbolic, erf, erfc, lgamma, cbrt,
// log2, log10, exp2, the rounding functions, atan2, hypot, clamp) applied elementwise to a
// tensor: each element of the value is the scalar call's, bit for bit; the reverse gradient
// of sum(f(v)) is the scalar derivative at each element, and the jvp along a direction is
// the sum of the scalar derivatives times the direction.

#include "test_helpers.hpp"

#include <array>
#include <cmath>
#include <cstddef>

namespace typegrad_test {
namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"v", 6> v;
constexpr tg::var<"w", 6> w;
using points = std::array<double, 6>;
constexpr points direction{0.5, -1.25, 2.0, 0.75, -0.5, 1.5};

template <class Make>
void check_unary(const char* name, Make make, const points& at) {
    INFO(name);
    const auto value = tg::eval(make(v), v = at);
    const auto r = tg::value_and_grad(tg::sum(make(v)), v = at);
    double tangent = 0, magnitude = 0;
    for (std::size_t k = 0; k < at.size(); ++k) {
        INFO("at " << show(at[k]));
        TG_CHECK_SAME(value[k], tg::eval(make(x), x = at[k]));
        const double d = tg::grad(make(x), x = at[k])[x];
        TG_CHECK_ULP(r.grad[v][k], d, 2);
        tangent += d * direction[k];
        magnitude += std::abs(d * direction[k]);
    }
    const auto j = tg::jvp(tg::sum(make(v)), tg::at(v = at), tg::at(v = direction));
    CHECK(std::abs(j.tangent - tangent) <= 8 * 2.3e-16 * magnitude);
}

template <class Make>
void check_binary(const char* name, Make make, const points& at, const points& second) {
    INFO(name);
    const auto value = tg::eval(make(v, w), v = at, w = second);
    const auto r = tg::value_and_grad(tg::sum(make(v, w)), v = at, w = second);
    for (std::size_t k = 0; k < at.size(); ++k) {
        INFO("at " << show(at[k]) << ", " << show(second[k]));
        TG_CHECK_SAME(value[k], tg::eval(make(x, y), x = at[k], y = second[k]));
        const auto g = tg::grad(make(x, y), x = at[k], y = second[k]);
        TG_CHECK_ULP(r.grad[v][k], g[x], 2);
        TG_CHECK_ULP(r.grad[w][k], g[y], 2);
    }
}
}  // namespace

TEST_CASE("the scalar functions elementwise on tensors: values bit for bit, gradients and jvp as the scalar's",
          "[tensor][math]") {
    constexpr points unit{-0.9, -0.35, 0.1, 0.45, 0.8, 0.95};
    constexpr points above_one{1.1, 1.5, 2.0, 3.7, 10.0, 100.0};
    constexpr points any{-3.3, -1.2, -0.4, 0.3, 2.5, 7.0};
    constexpr points gamma_points{-2.5, -0.5, 0.25, 1.5, 4.0, 30.0};
    check_unary(
        "asin", [](auto a) { return tg::asin(a); }, unit);
    check_unary(
        "acos", [](auto a) { return tg::acos(a); }, unit);
    check_unary(
        "atan", [](auto a) { return tg::atan(a); }, any);
    check_unary(
        "sinh", [](auto a) { return tg::sinh(a); }, any);
    check_unary(
        "cosh", [](auto a) { return tg::cosh(a); }, any);
    check_unary(
        "asinh", [](auto a) { return tg::asinh(a); }, any);
    check_unary(
        "acosh", [](auto a) { return tg::acosh(a); }, above_one);
    check_unary(
        "atanh", [](auto a) { return tg::atanh(a); }, unit);
    check_unary(
        "erf", [](auto a) { return tg::erf(a); }, any);
    check_unary(
        "erfc", [](auto a) { return tg::erfc(a); }, any);
    check_unary(
        "lgamma", [](auto a) { return tg::lgamma(a); }, gamma_points);
    check_unary(
        "cbrt", [](auto a) { return tg::cbrt(a); }, any);
    check_unary(
        "log2", [](auto a) { return tg::log2(a); }, above_one);
    check_unary(
        "log10", [](auto a) { return tg::log10(a); }, above_one);
    check_unary(
        "exp2", [](auto a) { return tg::exp2(a); }, any);
    check_unary(
        "floor", [](auto a) { return tg::floor(a); }, any);
    check_unary(
        "ceil", [](auto a) { return tg::ceil(a); }, any);
    check_unary(
        "round", [](auto a) { return tg::round(a); }, any);
    check_unary(
        "trunc", [](auto a) { return tg::trunc(a); }, any);
    check_unary(
        "clamp", [](auto a) { return tg::clamp(a, -1.0, 2.0); }, any);
    check_binary(
        "atan2", [](auto a, auto b) { return tg::atan2(a, b); }, any, unit);
    check_binary(
        "hypot", [](auto a, auto b) { return tg::hypot(a, b); }, any, unit);
    check_binary(
        "hypot of three", [](auto a, auto b) { return tg::hypot(a, b, a + b); }, any, unit);
}

}  // namespace typegrad_test
