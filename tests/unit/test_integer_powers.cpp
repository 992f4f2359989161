// Integer powers: pow(x, n) with n an integer literal (`pow(x, 2)`), an `int` known only at
// run time, or a compile-time constant (`pow(x, c<3>)`), in every mode (eval, reverse,
// jvp, forward_value_and_grad, symbolic; Hessian, symbolic twice, reverse and forward over
// symbolic).
//
// Values: for -1 <= n <= 3 binary powering, within 1 ulp of std::pow (the documented
// exception to bit-exact values), for every other n std::pow bit for bit. Derivatives
// against n x^(n-1) and n (n-1) x^(n-2) in long double, within 4 ulp; exact where the
// expected value is exact (0, integers, infinities).
#include "test_helpers.hpp"

#include <cmath>
#include <cstdint>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;

constexpr tg::var<"x"> x;

double first_ld(double v, int n) {
    if (n == 0) return 0.0;
    return static_cast<double>(n * std::pow(static_cast<long double>(v), n - 1));
}
double second_ld(double v, int n) {
    if (n == 0 || n == 1) return 0.0;
    return static_cast<double>(static_cast<long double>(n) * (n - 1) * std::pow(static_cast<long double>(v), n - 2));
}

/// Every first- and second-order mode of f = x^n at v, against long double.
template <class F>
void check_power(const F& f, double v, int n, std::uint64_t ulps) {
    INFO("f = " << tg::to_string(f) << ", n = " << n << " at x = " << show(v));
    const auto m = all_first_order(f, x, tg::at(x = v));
    TG_CHECK_ULP(m.eval, std::pow(v, static_cast<double>(n)), (n >= -1 && n <= 3) ? 1 : 0);
    check_first_order(m, m.eval, first_ld(v, n), ulps);
    check_second_order(all_second_order(f, x, x, tg::at(x = v)), second_ld(v, n), ulps);
}

/// The three spellings of x^n for a compile-time N: c<N>, the literal N, an int variable.
template <int N>
void check_spellings(double v, std::uint64_t ulps) {
    int runtime_n = N;
    check_power(tg::pow(x, tg::c<N>), v, N, ulps);
    check_power(tg::pow(x, N), v, N, ulps);
    check_power(tg::pow(x, runtime_n), v, N, ulps);
    CHECK(tg::eval(tg::pow(x, N), x = v) == tg::eval(tg::pow(x, tg::c<N>), x = v));
}

}  // namespace

TEST_CASE("integer powers: an int exponent builds the integer-power node, not pow(x, real)", "[pow][integer]") {
    int k = 3;
    CHECK(tg::to_string(tg::pow(x, 2)) == "pow(x, 2)");
    CHECK(tg::to_string(tg::derivative(tg::pow(x, k), x)) == tg::to_string(tg::chain_mul(3, tg::pow(x, 3 - tg::c<1>))));
    STATIC_REQUIRE(tg::eval(tg::pow(x, 3), x = -2.0) == -8.0);
    STATIC_REQUIRE(tg::grad(tg::pow(x, 3), x = -2.0)[x] == 12.0);
}

TEST_CASE("integer powers at ordinary points, every mode and spelling", "[pow][integer]") {
    for (double v : {-3.0, -1.5, -0.3, 0.7, 2.0, 10.0, 1e-3, 123.456}) {
        check_spellings<-3>(v, 4);
        check_spellings<-1>(v, 4);
        check_spellings<2>(v, 4);
        check_spellings<3>(v, 4);
        check_spellings<5>(v, 4);
        check_spellings<7>(v, 4);
    }
}

TEST_CASE("integer powers at 0: values, derivatives and the chain-product zero", "[pow][integer][edge]") {
    for (double zero : {0.0, -0.0}) {
        int n0 = 0, n1 = 1, n2 = 2, n3 = 3, nm1 = -1, nm2 = -2;
        // x^0 = 1 with derivative exactly 0 (edge case 21: 0 * inf = 0), also for n only known at run time.
        check_first_order(all_first_order(tg::pow(x, n0), x, tg::at(x = zero)), 1.0, 0.0, 0);
        check_first_order(all_first_order(tg::pow(x, n1), x, tg::at(x = zero)), zero, 1.0, 0);
        check_first_order(all_first_order(tg::pow(x, n2), x, tg::at(x = zero)), 0.0, 0.0, 0);
        check_first_order(all_first_order(tg::pow(x, n3), x, tg::at(x = zero)), zero, 0.0, 0);
        check_second_order(all_second_order(tg::pow(x, n2), x, x, tg::at(x = zero)), 2.0, 0);
        check_second_order(all_second_order(tg::pow(x, n3), x, x, tg::at(x = zero)), 0.0, 0);
        // 1 / 0 = +-inf as std::pow; the derivatives -x^-2 and -2 x^-3 are infinite.
        const auto inv = all_first_order(tg::pow(x, nm1), x, tg::at(x = zero));
        TG_CHECK_SAME(inv.eval, std::pow(zero, -1.0));
        TG_CHECK_SAME(inv.rev_grad, -inf_v);
        TG_CHECK_SAME(inv.fwd_grad, -inf_v);
        TG_CHECK_SAME(inv.jvp_tangent, -inf_v);
        TG_CHECK_SAME(inv.sym, -inf_v);
        const auto inv2 = all_first_order(tg::pow(x, nm2), x, tg::at(x = zero));
        TG_CHECK_SAME(inv2.eval, std::pow(zero, -2.0));
        TG_CHECK_SAME(inv2.rev_grad, std::pow(zero, -3.0) * -2.0);
        TG_CHECK_SAME(inv2.sym, std::pow(zero, -3.0) * -2.0);
    }
}

TEST_CASE("integer powers of negative bases keep the sign of odd powers", "[pow][integer]") {
    int n = 3;
    const auto r = tg::value_and_grad(tg::pow(x, n), x = -3.0);
    CHECK(r.value == -27.0);
    CHECK(r.grad[x] == 27.0);
    CHECK(tg::hessian(tg::pow(x, n), x = -3.0)[x][x] == -18.0);
    CHECK(tg::value_and_grad(tg::pow(x, 2), x = -3.0).grad[x] == -6.0);  // not NaN (no log)
    check_spellings<4>(-2.5, 4);
    check_spellings<-2>(-0.75, 4);
}

TEST_CASE("large integer powers overflow and underflow as std::pow", "[pow][integer][edge]") {
    for (int n : {400, 401, -400, -401, 1074, -1074}) {
        for (double v : {10.0, -10.0, 2.0, -2.0, 0.5}) {
            INFO("n = " << n << ", x = " << v);
            const auto m = all_first_order(tg::pow(x, n), x, tg::at(x = v));
            TG_CHECK_SAME(m.eval, std::pow(v, static_cast<double>(n)));
            TG_CHECK_SAME(m.rev_grad, n * std::pow(v, static_cast<double>(n - 1)));
            TG_CHECK_SAME(m.fwd_grad, m.rev_grad);
            TG_CHECK_SAME(m.jvp_tangent, m.rev_grad);
            TG_CHECK_SAME(m.sym, m.rev_grad);
        }
    }
    TG_CHECK_SAME(tg::eval(tg::pow(x, 3), x = 1e200), inf_v);
    TG_CHECK_SAME(tg::eval(tg::pow(x, 3), x = -1e200), -inf_v);
    TG_CHECK_SAME(tg::eval(tg::pow(x, 2), x = 1e-200), 0.0);
}

TEST_CASE("the multiplication path stays within 1 ulp of std::pow", "[pow][integer]") {
    // Pseudo-random bases from 1e-3 to 1e3 of both signs; n from -1 to 3 multiplies.
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (int i = 0; i < 20000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = static_cast<double>(state >> 11) * 0x1p-53;
        const double v = std::exp(-6.9 + 13.8 * u) * ((i & 1) ? -1.0 : 1.0);
        for (int n = -1; n <= 3; ++n) {
            INFO("x = " << show(v) << ", n = " << n);
            TG_CHECK_ULP(tg::eval(tg::pow(x, n), x = v), std::pow(v, static_cast<double>(n)), 1);
        }
    }
}

TEST_CASE("small integer powers are the hand-written products, the same bits for every exponent spelling",
          "[pow][integer][edge]") {
    // -1 <= n <= 3: 1 / x, 1, x, x * x and x * (x * x) bit for bit, whether n is c<N> (written
    // out at compile time), a literal or an int known only at run time (one rule), at zeros of
    // both signs, negative bases, subnormals, infinities and NaN.
    for (double v : {0.0, -0.0, -3.0, 1.5, -0x1p-1074, 0x1p-1022, 1e200, -1e200, inf_v, -inf_v, nan_v}) {
        INFO("x = " << show(v));
        int n = -1;
        TG_CHECK_SAME(tg::eval(tg::pow(x, tg::c<-1>), x = v), 1.0 / v);
        TG_CHECK_SAME(tg::eval(tg::pow(x, n), x = v), 1.0 / v);
        n = 2;
        TG_CHECK_SAME(tg::eval(tg::pow(x, tg::c<2>), x = v), v * v);
        TG_CHECK_SAME(tg::eval(tg::pow(x, n), x = v), v * v);
        n = 3;
        TG_CHECK_SAME(tg::eval(tg::pow(x, tg::c<3>), x = v), v * (v * v));
        TG_CHECK_SAME(tg::eval(tg::pow(x, n), x = v), v * (v * v));
        TG_CHECK_SAME(tg::grad(tg::pow(x, tg::c<3>), x = v)[x], tg::grad(tg::pow(x, n), x = v)[x]);
        TG_CHECK_SAME(tg::grad(tg::pow(x, tg::c<2>), x = v)[x], tg::grad(tg::pow(x, 2), x = v)[x]);
    }
}
