// The scalar functions of ops/inverse_trig.hpp, hyperbolic.hpp, hypot.hpp, special.hpp,
// exp_log_bases.hpp against mpmath (tests/data/math_functions_reference.inc, written by
// scripts/math_functions_reference.py) at ordinary and extreme points, in every mode:
// eval, value_and_grad, forward_value_and_grad, jvp, the evaluated symbolic derivative,
// and hessian for the second derivative. Values must also equal the C library's bit for bit.

#include "test_helpers.hpp"

#include <cmath>
#include <cstdint>
#include <string_view>

namespace typegrad_test {
namespace {

struct reference_row {
    std::string_view fn;
    double a, b, c;
    double f, da, db, dc, d2;
};

constexpr reference_row reference[] = {
#include "../data/math_functions_reference.inc"
};

// Error bounds in ulp against the correctly rounded mpmath values: the C library's value
// (glibc: within 2 ulp for these functions), the rules' first and second derivatives.
// `absolute`, where set, also accepts a derivative within that absolute distance: for the
// cases where the rule cancels (stated where it is used).
struct bounds {
    std::uint64_t value = 2, first = 4, second = 16;
    double absolute = 0.0;
};

void check_derivative(const char* text, double actual, double expected, std::uint64_t ulps, double absolute, int line) {
    if (absolute > 0.0 && std::abs(actual - expected) <= absolute) return;
    check_ulp(text, actual, "mpmath", expected, ulps, line);
}
#define TG_CHECK_D(actual, expected, ulps) check_derivative(#actual, actual, expected, ulps, bound.absolute, __LINE__)

constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr tg::var<"c"> c;

template <class Make, class Libm>
void check_unary(std::string_view name, Make, Libm libm, bounds bound = {}) {
    constexpr auto f = Make{}(a);
    int rows = 0;
    for (const auto& row : reference) {
        if (row.fn != name) continue;
        ++rows;
        INFO(name << "(" << show(row.a) << ")");
        TG_CHECK_SAME(tg::eval(f, a = row.a), libm(row.a));
        TG_CHECK_ULP(tg::eval(f, a = row.a), row.f, bound.value);
        const auto r = tg::value_and_grad(f, a = row.a);
        TG_CHECK_SAME(r.value, libm(row.a));
        TG_CHECK_D(r.grad[a], row.da, bound.first);
        TG_CHECK_D(tg::forward_value_and_grad(f, a = row.a).grad[a], row.da, bound.first);
        TG_CHECK_D(tg::jvp(f, tg::at(a = row.a), tg::at(a = 1.0)).tangent, row.da, bound.first);
        TG_CHECK_D(tg::eval(tg::derivative(f, a), a = row.a), row.da, bound.first);
        TG_CHECK_D(tg::hessian(f, a = row.a)[a][a], row.d2, bound.second);
    }
    CHECK(rows > 0);
}

template <class Make, class Libm>
void check_binary(std::string_view name, Make, Libm libm, bounds bound = {}) {
    constexpr auto f = Make{}(a, b);
    int rows = 0;
    for (const auto& row : reference) {
        if (row.fn != name) continue;
        ++rows;
        INFO(name << "(" << show(row.a) << ", " << show(row.b) << ")");
        TG_CHECK_SAME(tg::eval(f, a = row.a, b = row.b), libm(row.a, row.b));
        TG_CHECK_ULP(tg::eval(f, a = row.a, b = row.b), row.f, bound.value);
        const auto r = tg::value_and_grad(f, a = row.a, b = row.b);
        TG_CHECK_D(r.grad[a], row.da, bound.first);
        TG_CHECK_D(r.grad[b], row.db, bound.first);
        const auto fw = tg::forward_value_and_grad(f, a = row.a, b = row.b);
        TG_CHECK_D(fw.grad[a], row.da, bound.first);
        TG_CHECK_D(fw.grad[b], row.db, bound.first);
        TG_CHECK_D(tg::jvp(f, tg::at(a = row.a, b = row.b), tg::at(b = 1.0)).tangent, row.db, bound.first);
        TG_CHECK_D(tg::eval(tg::derivative(f, a), a = row.a, b = row.b), row.da, bound.first);
        TG_CHECK_D(tg::hessian(f, a = row.a, b = row.b)[a][a], row.d2, bound.second);
    }
    CHECK(rows > 0);
}

template <class Make, class Libm>
void check_ternary(std::string_view name, Make, Libm libm, bounds bound = {}) {
    constexpr auto f = Make{}(a, b, c);
    int rows = 0;
    for (const auto& row : reference) {
        if (row.fn != name) continue;
        ++rows;
        INFO(name << "(" << show(row.a) << ", " << show(row.b) << ", " << show(row.c) << ")");
        TG_CHECK_SAME(tg::eval(f, a = row.a, b = row.b, c = row.c), libm(row.a, row.b, row.c));
        TG_CHECK_ULP(tg::eval(f, a = row.a, b = row.b, c = row.c), row.f, bound.value);
        const auto r = tg::value_and_grad(f, a = row.a, b = row.b, c = row.c);
        TG_CHECK_D(r.grad[a], row.da, bound.first);
        TG_CHECK_D(r.grad[b], row.db, bound.first);
        TG_CHECK_D(r.grad[c], row.dc, bound.first);
        const auto fw = tg::forward_value_and_grad(f, a = row.a, b = row.b, c = row.c);
        TG_CHECK_D(fw.grad[c], row.dc, bound.first);
        TG_CHECK_D(tg::jvp(f, tg::at(a = row.a, b = row.b, c = row.c), tg::at(a = 1.0)).tangent, row.da, bound.first);
        TG_CHECK_D(tg::eval(tg::derivative(f, c), a = row.a, b = row.b, c = row.c), row.dc, bound.first);
        TG_CHECK_D(tg::hessian(f, a = row.a, b = row.b, c = row.c)[a][a], row.d2, bound.second);
    }
    CHECK(rows > 0);
}

#define TG_UNARY(fn) [](const auto& u) { return tg::fn(u); }, [](double v) { return std::fn(v); }

}  // namespace

TEST_CASE("inverse trigonometric functions against mpmath in every mode", "[math][mpmath]") {
    // asin'' at 1e-300 is 1e-300; the rule's derivative (1 + a) - (1 - a) cancels to 0 there.
    check_unary("asin", TG_UNARY(asin), {.absolute = 1e-299});
    check_unary("acos", TG_UNARY(acos), {.absolute = 1e-299});
    check_unary("atan", TG_UNARY(atan));
    check_binary(
        "atan2", [](const auto& y, const auto& x) { return tg::atan2(y, x); },
        [](double y, double x) { return std::atan2(y, x); });
}

TEST_CASE("hyperbolic functions against mpmath in every mode", "[math][mpmath]") {
    check_unary("sinh", TG_UNARY(sinh));
    check_unary("cosh", TG_UNARY(cosh));
    check_unary("asinh", TG_UNARY(asinh));
    check_unary("acosh", TG_UNARY(acosh));
    check_unary("atanh", TG_UNARY(atanh), {.absolute = 1e-299});  // as asin'' at 1e-300
}

TEST_CASE("hypot with two and three arguments against mpmath in every mode", "[math][mpmath]") {
    check_binary(
        "hypot", [](const auto& x, const auto& y) { return tg::hypot(x, y); },
        [](double x, double y) { return std::hypot(x, y); });
    check_ternary(
        "hypot3", [](const auto& x, const auto& y, const auto& z) { return tg::hypot(x, y, z); },
        [](double x, double y, double z) { return std::hypot(x, y, z); });
}

TEST_CASE("erf, erfc, lgamma against mpmath in every mode", "[math][mpmath]") {
    check_unary("erf", TG_UNARY(erf));
    check_unary("erfc", TG_UNARY(erfc));
    // digamma near its zero 1.4616 (lgamma'(-0.5) = digamma(1.5) = 0.036) is accurate to
    // ~1e-16 absolute: the recurrence psi(x) = psi(x + n) - sum 1/(x + k) cancels there.
    check_unary("lgamma", TG_UNARY(lgamma), {.absolute = 4e-16});
}

TEST_CASE("cbrt, log2, log10, exp2 against mpmath in every mode", "[math][mpmath]") {
    check_unary("cbrt", TG_UNARY(cbrt));
    check_unary("log2", TG_UNARY(log2));
    check_unary("log10", TG_UNARY(log10));
    check_unary("exp2", TG_UNARY(exp2));
}

}  // namespace typegrad_test
