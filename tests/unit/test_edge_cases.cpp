// The scalar rows of tests/data/edge_cases.md (rows 6-13, 17-19, 21-25), each
// in every mode of the library:
//   value:   eval, value_and_grad().value, jvp().value, forward_value_and_grad().value
//   first:   value_and_grad (reverse), jvp (forward, one tangent), forward_value_and_grad
//            (forward, all lanes), eval(derivative(f, x)) (symbolic)
//   second:  hessian, eval(derivative(derivative)), grad(derivative) (reverse over symbolic),
//            jvp(derivative) (forward over symbolic)
//
// Expected values are the table's. Comparisons:
//   exact (0 ulp; NaN == NaN, +0 == -0, infinities exact) where the expected value is
//   exactly representable (0, 1, 0.5, 800, inf, ...);
//   <= 4 ulp where the table's value is a rounded transcendental (the table prints 16
//   significant digits, which may be a couple of ulp from the correctly rounded double);
//   "not NaN" means exactly that.
#include "test_helpers.hpp"

#include <cmath>
#include <limits>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;

constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;

/// ulp bound for values the table gives as rounded transcendentals.
constexpr std::uint64_t transcendental_ulps = 4;

/// Row check for a function of x alone: value and derivative in every first-order mode.
template <class F>
void check_row(const F& f, double at, double value, double deriv, std::uint64_t ulps = 0) {
    INFO("f = " << tg::to_string(f) << " at x = " << show(at));
    check_first_order(all_first_order(f, x, tg::at(x = at)), value, deriv, ulps);
}

/// Second derivative of a function of x alone, in every second-order route.
template <class F>
void check_row_second(const F& f, double at, double expected, std::uint64_t ulps = 0) {
    INFO("f = " << tg::to_string(f) << " at x = " << show(at) << ", second derivative");
    check_second_order(all_second_order(f, x, x, tg::at(x = at)), expected, ulps);
}

/// The true second derivative is finite (or +-inf) here: no route may give NaN.
template <class F>
void check_row_second_not_nan(const F& f, double at) {
    INFO("f = " << tg::to_string(f) << " at x = " << show(at) << ", second derivative must not be NaN");
    check_second_order_not_nan(all_second_order(f, x, x, tg::at(x = at)));
}

/// Reference values computed in long double (at least 64-bit significand) and rounded once.
long double sigmoid_ld(long double v) { return 1.0L / (1.0L + std::exp(-v)); }

}  // namespace

// ---- softplus (rows 6-9) ----------------------------------------------------------------

TEST_CASE("edge case 6: softplus(800) = 800, derivative 1", "[edge][softplus]") {
    const auto f = tg::softplus(x);
    check_row(f, 800.0, 800.0, 1.0);
    // softplus'' = sigmoid(x) sigmoid(-x) = e^-800 (underflows to 0): must not be NaN.
    check_row_second_not_nan(f, 800.0);
    check_row_second(f, 800.0, 0.0);
}

TEST_CASE("edge case 7: softplus(-800) = 0, derivative 0 (not NaN)", "[edge][softplus]") {
    const auto f = tg::softplus(x);
    check_row(f, -800.0, 0.0, 0.0);
    check_row_second_not_nan(f, -800.0);
    check_row_second(f, -800.0, 0.0);
}

TEST_CASE("edge case 8: softplus(-40) = 4.248354255291589e-18 (naive log(1+e^x) gives 0)", "[edge][softplus]") {
    const auto f = tg::softplus(x);
    check_row(f, -40.0, 4.248354255291589e-18, 4.248354255291589e-18, transcendental_ulps);
    // softplus''(-40) = sigmoid(-40) sigmoid(40) = 4.248354255291589e-18 (1 - 4.2e-18).
    check_row_second(f, -40.0, 4.248354255291589e-18, transcendental_ulps);
}

TEST_CASE("edge case 9: softplus(0) = log 2, derivative 1/2", "[edge][softplus]") {
    const auto f = tg::softplus(x);
    check_row(f, 0.0, 0.6931471805599453, 0.5, transcendental_ulps);
    // The derivative 1/2 and second derivative 1/4 are exact.
    check_row_second(f, 0.0, 0.25);
    const auto m = all_first_order(f, x, tg::at(x = 0.0));
    TG_CHECK_SAME(m.rev_grad, 0.5);
    TG_CHECK_SAME(m.jvp_tangent, 0.5);
    TG_CHECK_SAME(m.fwd_grad, 0.5);
    TG_CHECK_SAME(m.sym, 0.5);
}

// ---- sigmoid (rows 10-11) ---------------------------------------------------------------

TEST_CASE("edge case 10: sigmoid(-800) = 0 and sigmoid(800) = 1, derivatives 0 (not inf/inf)", "[edge][sigmoid]") {
    const auto f = tg::sigmoid(x);
    check_row(f, -800.0, 0.0, 0.0);
    check_row(f, 800.0, 1.0, 0.0);
    // sigmoid'' = sigmoid' (1 - 2 sigmoid): +-e^-800, 0 in double; never NaN.
    check_row_second_not_nan(f, -800.0);
    check_row_second_not_nan(f, 800.0);
    check_row_second(f, -800.0, 0.0);
    check_row_second(f, 800.0, 0.0);
}

TEST_CASE("sigmoid below -709: subnormal values, not 1 / inf = 0", "[edge][sigmoid]") {
    // 1 + e^720 overflows; sigmoid(-720) = e^-720 / (1 + e^-720) = e^-720, a subnormal, and so
    // is its derivative s (1 - s) = s.
    const auto f = tg::sigmoid(x);
    const double e = std::exp(-720.0);
    REQUIRE(e > 0.0);
    check_row(f, -720.0, e, e, transcendental_ulps);
}

TEST_CASE("edge case 11: sigmoid'(20) and sigmoid'(40) (naive s(1-s) gives 0 at 40)", "[edge][sigmoid]") {
    const auto f = tg::sigmoid(x);
    const double s20 = static_cast<double>(sigmoid_ld(20.0L));
    check_row(f, 20.0, s20, 2.061153613941849e-09, transcendental_ulps);
    check_row(f, 40.0, 1.0, 4.248354255291589e-18, transcendental_ulps);
    // sigmoid''(x) = sigmoid'(x) (sigmoid(-x) - sigmoid(x)).
    const long double d20 = sigmoid_ld(20.0L) * sigmoid_ld(-20.0L) * (sigmoid_ld(-20.0L) - sigmoid_ld(20.0L));
    const long double d40 = sigmoid_ld(40.0L) * sigmoid_ld(-40.0L) * (sigmoid_ld(-40.0L) - sigmoid_ld(40.0L));
    check_row_second(f, 20.0, static_cast<double>(d20), transcendental_ulps);
    check_row_second(f, 40.0, static_cast<double>(d40), transcendental_ulps);
}

// ---- log_sigmoid (row 12) ---------------------------------------------------------------

TEST_CASE("edge case 12: log_sigmoid(-800) = -800 and log_sigmoid(-inf) = -inf, derivatives 1", "[edge][log_sigmoid]") {
    const auto f = tg::log_sigmoid(x);
    check_row(f, -800.0, -800.0, 1.0);
    check_row(f, -inf_v, -inf_v, 1.0);
    // log_sigmoid'' = -sigmoid(x) sigmoid(-x): -e^-800 rounds to -0; 0 at -inf.
    check_row_second_not_nan(f, -800.0);
    check_row_second_not_nan(f, -inf_v);
    check_row_second(f, -800.0, 0.0);
    check_row_second(f, -inf_v, 0.0);
}

// ---- tanh (row 13) ----------------------------------------------------------------------

TEST_CASE("edge case 13: tanh(800) = 1, derivative 0, and tanh'(20) = 1.6993417021166355e-17", "[edge][tanh]") {
    const auto f = tg::tanh(x);
    check_row(f, 800.0, 1.0, 0.0);
    check_row(f, 20.0, 1.0, 1.6993417021166355e-17, transcendental_ulps);
    check_row(f, -800.0, -1.0, 0.0);
    // tanh'' = -2 tanh sech^2: -0 at 800, -2 * 1.6993417021166355e-17 at 20 (tanh(20) rounds to 1).
    check_row_second_not_nan(f, 800.0);
    check_row_second_not_nan(f, -800.0);
    check_row_second(f, 800.0, 0.0);
    check_row_second(f, 20.0, -3.398683404233271e-17, transcendental_ulps);
}

// ---- sqrt (row 17) ----------------------------------------------------------------------

TEST_CASE("edge case 17: sqrt(0) = 0 with derivative +inf", "[edge][sqrt]") {
    const auto f = tg::sqrt(x);
    check_row(f, 0.0, 0.0, inf_v);
    // sqrt'' = -1/4 x^(-3/2): -inf at 0.
    check_row_second(f, 0.0, -inf_v);
}

TEST_CASE("edge case 17: a zero upstream adjoint times sqrt'(0) = inf gives 0, not NaN", "[edge][sqrt][chain]") {
    SECTION("f = y * sqrt(x) at x = 0, y = 0: df/dx = 0 (0 * inf), df/dy = sqrt(0) = 0") {
        const auto f = y * tg::sqrt(x);
        const auto env = tg::at(x = 0.0, y = 0.0);
        {
            INFO("df/dx");
            check_first_order(all_first_order(f, x, env), 0.0, 0.0, 0);
        }
        {
            INFO("df/dy");
            check_first_order(all_first_order(f, y, env), 0.0, 0.0, 0);
        }
        // jvp along both axes at once: 0 * inf must not poison the sum either.
        TG_CHECK_SAME(tg::jvp(f, env, tg::at(x = 1.0, y = 1.0)).tangent, 0.0);
        // Second derivatives: d2f/dx dy = 1 / (2 sqrt x) = +inf; d2f/dx2 = y * (-inf) with y
        // an exact 0: 0 by the chain-product convention; d2f/dy2 = 0.
        {
            INFO("d2f/dx2");
            check_second_order(all_second_order(f, x, x, env), 0.0, 0);
        }
        {
            INFO("d2f/dxdy");
            check_second_order(all_second_order(f, x, y, env), inf_v, 0);
        }
        {
            INFO("d2f/dydx");
            check_second_order(all_second_order(f, y, x, env), inf_v, 0);
        }
        {
            INFO("d2f/dy2");
            check_second_order(all_second_order(f, y, y, env), 0.0, 0);
        }
    }
    SECTION("f = sqrt(x * y) at x = 0, y = 0: df/dy = x / (2 sqrt(xy)) = 0, df/dx = 0") {
        const auto f = tg::sqrt(x * y);
        const auto env = tg::at(x = 0.0, y = 0.0);
        {
            INFO("df/dy");
            check_first_order(all_first_order(f, y, env), 0.0, 0.0, 0);
        }
        {
            INFO("df/dx");
            check_first_order(all_first_order(f, x, env), 0.0, 0.0, 0);
        }
        TG_CHECK_SAME(tg::jvp(f, env, tg::at(x = 1.0, y = 1.0)).tangent, 0.0);
        // sqrt(x y) is identically 0 along both axes through the origin, so d2f/dx2 and
        // d2f/dy2 are 0; the mixed one is unbounded near the origin but must not be NaN.
        {
            INFO("d2f/dx2");
            check_second_order(all_second_order(f, x, x, env), 0.0, 0);
        }
        {
            INFO("d2f/dy2");
            check_second_order(all_second_order(f, y, y, env), 0.0, 0);
        }
        {
            INFO("d2f/dxdy");
            check_second_order_not_nan(all_second_order(f, x, y, env));
        }
    }
}

// ---- abs, relu (row 18) -----------------------------------------------------------------

TEST_CASE("edge case 18: abs(0) = relu(0) = 0 with derivative 0 (documented convention)", "[edge][abs][relu]") {
    check_row(tg::abs(x), 0.0, 0.0, 0.0);
    check_row(tg::abs(x), -0.0, 0.0, 0.0);
    check_row(tg::relu(x), 0.0, 0.0, 0.0);
    check_row(tg::relu(x), -0.0, 0.0, 0.0);
    check_row_second(tg::abs(x), 0.0, 0.0);
    check_row_second(tg::relu(x), 0.0, 0.0);
    // Away from 0 the usual values, so that the convention is not a constant 0.
    check_row(tg::abs(x), -2.5, 2.5, -1.0);
    check_row(tg::relu(x), 2.5, 2.5, 1.0);
    check_row(tg::relu(x), -2.5, 0.0, 0.0);
}

// ---- max, min (row 19) ------------------------------------------------------------------

TEST_CASE("edge case 19: max(x, y) and min(x, y) at x = y give 1/2 to each argument (sum 1)", "[edge][max][min]") {
    const auto env = tg::at(x = 1.5, y = 1.5);
    SECTION("max") {
        const auto f = tg::max(x, y);
        const auto mx = all_first_order(f, x, env);
        const auto my = all_first_order(f, y, env);
        check_first_order(mx, 1.5, 0.5, 0);
        check_first_order(my, 1.5, 0.5, 0);
        TG_CHECK_SAME(mx.rev_grad + my.rev_grad, 1.0);
        TG_CHECK_SAME(tg::jvp(f, env, tg::at(x = 1.0, y = 1.0)).tangent, 1.0);
        check_second_order(all_second_order(f, x, x, env), 0.0, 0);
        check_second_order(all_second_order(f, x, y, env), 0.0, 0);
    }
    SECTION("min") {
        const auto f = tg::min(x, y);
        const auto mx = all_first_order(f, x, env);
        const auto my = all_first_order(f, y, env);
        check_first_order(mx, 1.5, 0.5, 0);
        check_first_order(my, 1.5, 0.5, 0);
        TG_CHECK_SAME(mx.rev_grad + my.rev_grad, 1.0);
        TG_CHECK_SAME(tg::jvp(f, env, tg::at(x = 1.0, y = 1.0)).tangent, 1.0);
        check_second_order(all_second_order(f, y, y, env), 0.0, 0);
    }
    SECTION("max(x, x) and min(x, x) have derivative exactly 1") {
        check_row(tg::max(x, x), -3.0, -3.0, 1.0);
        check_row(tg::min(x, x), -3.0, -3.0, 1.0);
    }
    SECTION("away from the tie the whole gradient goes to one argument") {
        const auto g = tg::value_and_grad(tg::max(x, y), x = 2.0, y = 1.0);
        TG_CHECK_SAME(g.grad[x], 1.0);
        TG_CHECK_SAME(g.grad[y], 0.0);
        const auto h = tg::value_and_grad(tg::min(x, y), x = 2.0, y = 1.0);
        TG_CHECK_SAME(h.grad[x], 0.0);
        TG_CHECK_SAME(h.grad[y], 1.0);
    }
}

// ---- pow at 0 (row 21) ------------------------------------------------------------------

TEST_CASE("edge case 21: pow(x, 2), pow(x, 1.875), pow(x, 0.5), pow(x, 0) at x = 0", "[edge][pow]") {
    SECTION("pow(x, 2): value 0, derivative 0, second derivative 2") {
        check_row(tg::pow(x, tg::c<2>), 0.0, 0.0, 0.0);  // compile-time exponent: multiplies
        check_row(tg::pow(x, 2.0), 0.0, 0.0, 0.0);       // runtime exponent: calls pow
        check_row(tg::pow(x, 2), 0.0, 0.0, 0.0);
        check_row_second(tg::pow(x, tg::c<2>), 0.0, 2.0);
        check_row_second(tg::pow(x, 2.0), 0.0, 2.0);
    }
    SECTION("pow(x, 1.875): value 0, derivative 0, second derivative +inf") {
        check_row(tg::pow(x, 1.875), 0.0, 0.0, 0.0);
        // 1.875 * 0.875 * x^-0.125 -> +inf at 0.
        check_row_second(tg::pow(x, 1.875), 0.0, inf_v);
    }
    SECTION("pow(x, 0.5): value 0, derivative +inf, second derivative -inf") {
        check_row(tg::pow(x, 0.5), 0.0, 0.0, inf_v);
        check_row(tg::pow(x, tg::c<1, 2>), 0.0, 0.0, inf_v);
        check_row_second(tg::pow(x, 0.5), 0.0, -inf_v);
        check_row_second(tg::pow(x, tg::c<1, 2>), 0.0, -inf_v);
    }
    SECTION("pow(x, 0): value 1, derivative 0 (not 0 * inf), second derivative 0") {
        check_row(tg::pow(x, tg::c<0>), 0.0, 1.0, 0.0);
        check_row(tg::pow(x, 0.0), 0.0, 1.0, 0.0);
        check_row_second(tg::pow(x, tg::c<0>), 0.0, 0.0);
        check_row_second(tg::pow(x, 0.0), 0.0, 0.0);
    }
    SECTION("with a variable exponent bound to the same numbers") {
        for (const double e : {2.0, 1.875, 0.5, 0.0}) {
            const auto env = tg::at(x = 0.0, y = e);
            const double value = e == 0.0 ? 1.0 : 0.0;
            const double deriv = e == 0.5 ? inf_v : 0.0;
            INFO("pow(x, y) at x = 0, y = " << e);
            check_first_order(all_first_order(tg::pow(x, y), x, env), value, deriv, 0);
        }
    }
}

// ---- pow: exponent derivative at base 0, negative base (row 22) -------------------------

TEST_CASE("edge case 22: d/dy pow(0, y) = 0 for y > 0, and pow(-3, 2) = 9 with d/dx = -6", "[edge][pow]") {
    SECTION("d/dy pow(0, y) for y > 0 is 0 (not 0 * log 0 = 0 * -inf)") {
        for (const double e : {0.5, 1.0, 1.875, 2.0, 2.5, 7.0}) {
            const auto f = tg::pow(x, y);
            const auto env = tg::at(x = 0.0, y = e);
            INFO("pow(x, y) at x = 0, y = " << e);
            check_first_order(all_first_order(f, y, env), 0.0, 0.0, 0);
            // pow(0, y) = 0 for every y > 0, so d2/dy2 = 0 as well; never NaN.
            check_second_order_not_nan(all_second_order(f, y, y, env));
            check_second_order(all_second_order(f, y, y, env), 0.0, 0);
        }
        // For y > 1 also d/dx = y 0^(y-1) = 0 for all nearby y: the mixed derivative is 0.
        for (const double e : {1.875, 2.5, 7.0}) {
            const auto env = tg::at(x = 0.0, y = e);
            INFO("pow(x, y) at x = 0, y = " << e << ", d2/dxdy");
            check_second_order(all_second_order(tg::pow(x, y), x, y, env), 0.0, 0);
            check_second_order(all_second_order(tg::pow(x, y), y, x, env), 0.0, 0);
        }
    }
    SECTION("pow(-3, 2) = 9, d/dx = -6, d2/dx2 = 2 (an exp(y log x) formulation gives NaN)") {
        check_row(tg::pow(x, tg::c<2>), -3.0, 9.0, -6.0);
        check_row(tg::pow(x, 2.0), -3.0, 9.0, -6.0);
        check_row_second(tg::pow(x, tg::c<2>), -3.0, 2.0);
        check_row_second(tg::pow(x, 2.0), -3.0, 2.0);
        const auto env = tg::at(x = -3.0, y = 2.0);
        check_first_order(all_first_order(tg::pow(x, y), x, env), 9.0, -6.0, 0);
        check_second_order(all_second_order(tg::pow(x, y), x, x, env), 2.0, 0);
        // Odd integer exponent on a negative base as well: pow(-3, 3) = -27, derivative 27.
        check_row(tg::pow(x, 3.0), -3.0, -27.0, 27.0);
        check_row_second(tg::pow(x, 3.0), -3.0, -18.0);
    }
}

// ---- expm1, log1p (row 23) --------------------------------------------------------------

TEST_CASE("edge case 23: expm1(1e-10) and log1p(1e-20) keep their digits", "[edge][expm1][log1p]") {
    // expm1(1e-10) = 1e-10 + 5e-21 + ...; derivative e^(1e-10) = 1.0000000001 (to 27 digits).
    check_row(tg::expm1(x), 1e-10, 1.00000000005e-10, 1.0000000001, transcendental_ulps);
    check_row_second(tg::expm1(x), 1e-10, 1.0000000001, transcendental_ulps);
    // log1p(1e-20) = 1e-20; derivative 1 / (1 + 1e-20) = 1 in double; second -1.
    check_row(tg::log1p(x), 1e-20, 1e-20, 1.0, transcendental_ulps);
    check_row_second(tg::log1p(x), 1e-20, -1.0, transcendental_ulps);
}

// ---- NaN (row 24) -----------------------------------------------------------------------

namespace {
/// Every mode gives NaN for the value and for df/dx at x = NaN.
template <class F>
void check_nan_row(const F& f, bool second_order_too) {
    INFO("f = " << tg::to_string(f) << " at x = NaN");
    check_first_order(all_first_order(f, x, tg::at(x = nan_v)), nan_v, nan_v, 0);
    if (second_order_too) check_second_order(all_second_order(f, x, x, tg::at(x = nan_v)), nan_v, 0);
}
}  // namespace

TEST_CASE("edge case 24: NaN in gives NaN value and NaN derivative, in every mode, for every unary op", "[edge][nan]") {
    // Second derivatives are checked too, except where the second derivative is a
    // compile-time constant of the expression type (0 for the piecewise-linear ops, 2 for
    // x * x): a structural constant carries no NaN, and the table's row is about partials.
    check_nan_row(tg::exp(x), true);
    check_nan_row(tg::log(x), true);
    check_nan_row(tg::sqrt(x), true);
    check_nan_row(tg::sin(x), true);
    check_nan_row(tg::cos(x), true);
    check_nan_row(tg::tan(x), true);
    check_nan_row(tg::tanh(x), true);
    check_nan_row(tg::sech2(x), true);
    check_nan_row(tg::abs(x), false);
    check_nan_row(tg::log1p(x), true);
    check_nan_row(tg::expm1(x), true);
    check_nan_row(tg::sigmoid(x), true);
    check_nan_row(tg::log_sigmoid(x), true);
    check_nan_row(tg::softplus(x), true);
    check_nan_row(tg::swish(x), true);
    check_nan_row(tg::relu(x), false);
    check_nan_row(tg::leaky_relu(x), false);
    check_nan_row(tg::leaky_relu(x, 0.2), false);
    check_nan_row(tg::elu(x), true);
    check_nan_row(tg::elu(x, 0.5), true);
    check_nan_row(tg::hard_tanh(x), false);
    check_nan_row(tg::pow(x, tg::c<2>), false);
    check_nan_row(tg::pow(x, tg::c<3>), true);
    check_nan_row(tg::pow(x, tg::c<-2>), true);
    check_nan_row(tg::pow(x, tg::c<1, 2>), true);
    check_nan_row(tg::pow(x, 1.875), true);
    check_nan_row(tg::pow(x, 0.5), true);
    check_nan_row(x * x, false);
    check_nan_row(tg::c<1> / x, true);
}

TEST_CASE("edge case 24: a constant local derivative stays constant at NaN (documented convention)", "[edge][nan]") {
    // docs/api.md: "NaN values and NaN derivatives wherever the local derivative depends on
    // the input (every nonlinear op); a local derivative that is a constant stays that
    // constant, as in JAX and PyTorch: d(-x)/dx and d(x + y)/dx are -1 and 1 even at
    // x = NaN, in every mode alike." The value is NaN in every mode.
    {
        INFO("f = -x at x = NaN");
        check_first_order(all_first_order(-x, x, tg::at(x = nan_v)), nan_v, -1.0, 0);
    }
    const auto env = tg::at(x = nan_v, y = 1.5);
    {
        INFO("f = x + y at x = NaN, y = 1.5");
        check_first_order(all_first_order(x + y, x, env), nan_v, 1.0, 0);
        check_first_order(all_first_order(x + y, y, env), nan_v, 1.0, 0);
    }
    {
        INFO("f = x - y at x = NaN, y = 1.5");
        check_first_order(all_first_order(x - y, x, env), nan_v, 1.0, 0);
        check_first_order(all_first_order(x - y, y, env), nan_v, -1.0, 0);
    }
    {
        // d(x y)/dx = y does not depend on x: 1.5; d(x y)/dy = x: NaN.
        INFO("f = x * y at x = NaN, y = 1.5");
        check_first_order(all_first_order(x * y, x, env), nan_v, 1.5, 0);
        check_first_order(all_first_order(x * y, y, env), nan_v, nan_v, 0);
    }
    {
        // A nonlinear op anywhere above makes the derivative NaN: d(exp(-x))/dx at NaN.
        INFO("f = exp(-x) at x = NaN");
        check_first_order(all_first_order(tg::exp(-x), x, tg::at(x = nan_v)), nan_v, nan_v, 0);
    }
}

TEST_CASE("edge case 24: NaN in one argument of a binary op gives NaN in that argument's partial", "[edge][nan]") {
    // Binary ops whose partial with respect to the NaN argument depends on that argument.
    const auto env = tg::at(x = nan_v, y = 1.5);
    const auto check = [&](const auto& f) {
        INFO("f = " << tg::to_string(f) << " at x = NaN, y = 1.5");
        check_first_order(all_first_order(f, x, env), nan_v, nan_v, 0);
    };
    check(tg::max(x, y));
    check(tg::min(x, y));
    check(tg::pow(x, y));
    check(tg::pow(y, x));
    check(y / x);
    check(tg::leaky_relu(x, y));
    check(tg::elu(x, y));
}

// ---- exp overflow, log(0) (row 25) ------------------------------------------------------

TEST_CASE("edge case 25: exp(710) = +inf with derivative +inf, log(0) = -inf with derivative +inf",
          "[edge][exp][log]") {
    // The test runs under UBSan with -fno-sanitize-recover: no trap, no exception.
    CHECK_NOTHROW(tg::value_and_grad(tg::exp(x), x = 710.0));
    CHECK_NOTHROW(tg::value_and_grad(tg::log(x), x = 0.0));
    check_row(tg::exp(x), 710.0, inf_v, inf_v);
    check_row_second(tg::exp(x), 710.0, inf_v);
    check_row(tg::log(x), 0.0, -inf_v, inf_v);
    // log'' = -1 / x^2: -inf at 0.
    check_row_second(tg::log(x), 0.0, -inf_v);
    // Just below the overflow threshold the value is finite and equal to its derivative.
    const double e709 = std::exp(709.0);
    check_row(tg::exp(x), 709.0, e709, e709);
}
