// The new scalar functions in constant evaluation (detail/constexpr_inverse.hpp,
// constexpr_special.hpp) against the C library's run-time values, and their conventions
// at the edges (docs/api.md, "Functions").

#include "test_helpers.hpp"

#include <cmath>

namespace typegrad_test {
namespace {

constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;

// Constant evaluation composes correctly rounded building blocks: within 4 ulp of the C
// library (itself within 2 ulp of the truth) away from the zeros of lgamma and digamma.
#define TG_CONSTEXPR_VS_LIBM(fn, x)                                      \
    do {                                                                 \
        constexpr double at_compile_time = tg::eval(tg::fn(a), a = (x)); \
        TG_CHECK_ULP(at_compile_time, std::fn(x), 4);                    \
    } while (false)

}  // namespace

TEST_CASE("constexpr implementations of the new functions agree with the C library", "[math][constexpr]") {
    {
        TG_CONSTEXPR_VS_LIBM(asin, 0.3);
        TG_CONSTEXPR_VS_LIBM(asin, -0.999999);
        TG_CONSTEXPR_VS_LIBM(acos, 0.3);
        TG_CONSTEXPR_VS_LIBM(acos, -0.7);
        TG_CONSTEXPR_VS_LIBM(atan, 3.5);
        TG_CONSTEXPR_VS_LIBM(sinh, -2.5);
        TG_CONSTEXPR_VS_LIBM(cosh, 700.0);
        TG_CONSTEXPR_VS_LIBM(asinh, 0.5);
        TG_CONSTEXPR_VS_LIBM(asinh, -1e300);
        TG_CONSTEXPR_VS_LIBM(acosh, 1.0000001);
        TG_CONSTEXPR_VS_LIBM(acosh, 12.0);
        TG_CONSTEXPR_VS_LIBM(atanh, 0.5);
        TG_CONSTEXPR_VS_LIBM(atanh, -0.999999);
        TG_CONSTEXPR_VS_LIBM(erf, 0.5);
        TG_CONSTEXPR_VS_LIBM(erf, -2.5);
        TG_CONSTEXPR_VS_LIBM(erfc, 1.5);
        TG_CONSTEXPR_VS_LIBM(erfc, 10.0);
        TG_CONSTEXPR_VS_LIBM(erfc, 26.5);
        TG_CONSTEXPR_VS_LIBM(erfc, -1.0);
        TG_CONSTEXPR_VS_LIBM(cbrt, -27.5);
        TG_CONSTEXPR_VS_LIBM(cbrt, 1e-300);
        TG_CONSTEXPR_VS_LIBM(log2, 0.1);
        TG_CONSTEXPR_VS_LIBM(log2, 1024.0);
        TG_CONSTEXPR_VS_LIBM(log10, 1e-5);
        TG_CONSTEXPR_VS_LIBM(exp2, -10.3);
        TG_CONSTEXPR_VS_LIBM(exp2, -1070.5);
        TG_CONSTEXPR_VS_LIBM(lgamma, 0.25);
        TG_CONSTEXPR_VS_LIBM(lgamma, 30.5);
        TG_CONSTEXPR_VS_LIBM(lgamma, -3.7);
        TG_CONSTEXPR_VS_LIBM(lgamma, 1e10);
        TG_CONSTEXPR_VS_LIBM(lgamma, 2.5);
        TG_CONSTEXPR_VS_LIBM(floor, -2.5);
        TG_CONSTEXPR_VS_LIBM(ceil, -0.5);
        TG_CONSTEXPR_VS_LIBM(round, 2.5);
        TG_CONSTEXPR_VS_LIBM(round, -0.5);
        TG_CONSTEXPR_VS_LIBM(trunc, -3.75);
    }
    constexpr double angle = tg::eval(tg::atan2(a, b), a = -1.0, b = -2.0);
    TG_CHECK_ULP(angle, std::atan2(-1.0, -2.0), 4);
    constexpr double h = tg::eval(tg::hypot(a, b), a = 1e300, b = 1e300);
    TG_CHECK_ULP(h, std::hypot(1e300, 1e300), 4);
    static_assert(tg::grad(tg::lgamma(a), a = 1.0)[a] < -0.5772156649 &&
                  tg::grad(tg::lgamma(a), a = 1.0)[a] > -0.5772156650);
    constexpr double ceil_of_minus_half = tg::eval(tg::ceil(a), a = -0.5);
    CHECK(std::signbit(ceil_of_minus_half));  // ceil(-0.5) is -0.0, also in constant evaluation
}

TEST_CASE("conventions of the new functions at the edges of their domains", "[math][edges]") {
    // Branch points: acosh(1) = 0 with acosh'(1) = +inf; atanh(+-1) = +-inf, atanh'(+-1) = +inf.
    const auto r = tg::value_and_grad(tg::acosh(a), a = 1.0);
    TG_CHECK_SAME(r.value, 0.0);
    TG_CHECK_SAME(r.grad[a], inf_v);
    TG_CHECK_SAME(tg::eval(tg::acosh(a), a = 0.5), nan_v);
    TG_CHECK_SAME(tg::value_and_grad(tg::atanh(a), a = -1.0).value, -inf_v);
    TG_CHECK_SAME(tg::value_and_grad(tg::atanh(a), a = 1.0).grad[a], inf_v);
    TG_CHECK_SAME(tg::grad(tg::asin(a), a = 1.0)[a], inf_v);
    TG_CHECK_SAME(tg::grad(tg::acos(a), a = -1.0)[a], -inf_v);
    // cbrt of negatives is real; cbrt'(0) = +inf.
    TG_CHECK_SAME(tg::eval(tg::cbrt(a), a = -8.0), -2.0);
    TG_CHECK_SAME(tg::grad(tg::cbrt(a), a = 0.0)[a], inf_v);
    // atan2 and hypot at the origin: the value per C, the partials NaN.
    const auto o = tg::value_and_grad(tg::atan2(a, b), a = 0.0, b = -1.0);
    TG_CHECK_SAME(o.value, std::atan2(0.0, -1.0));
    TG_CHECK_SAME(o.grad[a], -1.0);
    TG_CHECK_SAME(tg::grad(tg::hypot(a, b), a = 0.0, b = 0.0)[a], nan_v);
    // erfc far in the tail: value and derivative underflow to 0, never NaN.
    const auto t = tg::value_and_grad(tg::erfc(a), a = 40.0);
    TG_CHECK_SAME(t.value, 0.0);
    TG_CHECK_SAME(t.grad[a], 0.0);
    TG_CHECK_SAME(tg::grad(tg::erf(a), a = inf_v)[a], 0.0);
    TG_CHECK_SAME(tg::grad(tg::erf(a), a = 1e200)[a], 0.0);
    // lgamma's poles: +inf as C; digamma there is NaN, trigamma +inf.
    TG_CHECK_SAME(tg::eval(tg::lgamma(a), a = -2.0), inf_v);
    TG_CHECK_SAME(tg::grad(tg::lgamma(a), a = -2.0)[a], nan_v);
    TG_CHECK_SAME(tg::hessian(tg::lgamma(a), a = 0.0)[a][a], inf_v);
    // Rounding functions have derivative 0, also at their jumps.
    for (double x : {-2.5, -0.5, 0.0, 0.5, 2.5, 3.0}) {
        TG_CHECK_SAME(tg::grad(tg::floor(a) + tg::ceil(a) + tg::round(a) + tg::trunc(a), a = x)[a], 0.0);
        TG_CHECK_SAME(tg::eval(tg::round(a), a = x), std::round(x));
    }
}

TEST_CASE("clamp routes the derivative to the argument whose value it returns", "[math][edges]") {
    constexpr tg::var<"lo"> lo;
    constexpr tg::var<"hi"> hi;
    constexpr auto f = tg::clamp(a, lo, hi);
    struct expectation {
        double x, value, dx, dlo, dhi;
    };
    for (const auto& e : {expectation{-1.0, 0.0, 0.0, 1.0, 0.0}, expectation{0.0, 0.0, 1.0, 0.0, 0.0},
                          expectation{0.5, 0.5, 1.0, 0.0, 0.0}, expectation{1.0, 1.0, 1.0, 0.0, 0.0},
                          expectation{2.0, 1.0, 0.0, 0.0, 1.0}}) {
        INFO("x = " << e.x);
        const auto r = tg::value_and_grad(f, a = e.x, lo = 0.0, hi = 1.0);
        TG_CHECK_SAME(r.value, std::clamp(e.x, 0.0, 1.0));
        TG_CHECK_SAME(r.value, e.value);
        TG_CHECK_SAME(r.grad[a], e.dx);
        TG_CHECK_SAME(r.grad[lo], e.dlo);
        TG_CHECK_SAME(r.grad[hi], e.dhi);
        const auto fw = tg::forward_value_and_grad(f, a = e.x, lo = 0.0, hi = 1.0);
        TG_CHECK_SAME(fw.grad[a], e.dx);
        TG_CHECK_SAME(fw.grad[lo], e.dlo);
        TG_CHECK_SAME(tg::eval(tg::derivative(f, a), a = e.x, lo = 0.0, hi = 1.0), e.dx);
    }
}

}  // namespace typegrad_test
