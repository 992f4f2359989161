// Comparisons and where (ops/conditional.hpp): values as plain C++'s `c ? a : b`, the
// derivative to the selected branch only, and no inf or NaN from the branch not taken in
// any mode (eval, value_and_grad, forward_value_and_grad, jvp, derivative, hessian).

#include "test_helpers.hpp"

#include <array>
#include <cmath>
#include <cstddef>

namespace typegrad_test {
namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;

struct all_modes {
    double value, reverse, forward, tangent, symbolic, second;
};

template <class E>
all_modes run_all(const E& f, double at) {
    return {tg::eval(f, x = at),
            tg::value_and_grad(f, x = at).grad[x],
            tg::forward_value_and_grad(f, x = at).grad[x],
            tg::jvp(f, tg::at(x = at), tg::at(x = 1.0)).tangent,
            tg::eval(tg::derivative(f, x), x = at),
            tg::hessian(f, x = at)[x][x]};
}

void check_modes(const all_modes& m, double value, double first, double second) {
    TG_CHECK_SAME(m.value, value);
    TG_CHECK_SAME(m.reverse, first);
    TG_CHECK_SAME(m.forward, first);
    TG_CHECK_SAME(m.tangent, first);
    TG_CHECK_SAME(m.symbolic, first);
    TG_CHECK_SAME(m.second, second);
}
}  // namespace

TEST_CASE("where(x > 0, sqrt(x), 0) at x = -1, 0 and 4 in every mode", "[where]") {
    constexpr auto f = tg::where(x > 0, tg::sqrt(x), 0);
    // x = -1: sqrt is NaN with a NaN derivative; x = 0: sqrt' is +inf. Neither is taken.
    check_modes(run_all(f, -1.0), 0.0, 0.0, 0.0);
    check_modes(run_all(f, 0.0), 0.0, 0.0, 0.0);
    check_modes(run_all(f, 4.0), 2.0, 0.25, -1.0 / 32.0);
    CHECK(tg::to_string(f) == "where(x > 0, sqrt(x), 0)");
    CHECK(tg::to_string(tg::derivative(f, x)) == "where(x > 0, 1, 0) * (1/2 / sqrt(x))");
}

TEST_CASE("where: overflow in the branch not taken does not reach the gradient", "[where]") {
    // exp(2x) and its derivative overflow at x = 800: a plain product 0 * inf would be NaN.
    constexpr auto f = tg::where(x < 700, tg::exp(x * 2.0), tg::log(x));
    check_modes(run_all(f, 800.0), std::log(800.0), 1.0 / 800.0, -1.0 / (800.0 * 800.0));
    check_modes(run_all(f, 1.0), std::exp(2.0), 2.0 * std::exp(2.0), 4.0 * std::exp(2.0));
    // log at -3 is NaN, its derivative -1/3: the selected branch is exp.
    check_modes(run_all(f, -3.0), std::exp(-6.0), 2.0 * std::exp(-6.0), 4.0 * std::exp(-6.0));
}

TEST_CASE("comparisons: every operator, numbers on either side, values as plain C++", "[where]") {
    for (double v : {-2.0, 0.0, 1.0, 3.0, nan_v}) {
        INFO("x = " << v);
        TG_CHECK_SAME(tg::eval(tg::where(x < 1.0, x, -x), x = v), v < 1.0 ? v : -v);
        TG_CHECK_SAME(tg::eval(tg::where(x <= 1.0, x, -x), x = v), v <= 1.0 ? v : -v);
        TG_CHECK_SAME(tg::eval(tg::where(1.0 > x, x, -x), x = v), 1.0 > v ? v : -v);
        TG_CHECK_SAME(tg::eval(tg::where(x >= 1.0, x, -x), x = v), v >= 1.0 ? v : -v);
        TG_CHECK_SAME(tg::eval(tg::where(x == 1.0, x, -x), x = v), v == 1.0 ? v : -v);
        TG_CHECK_SAME(tg::eval(tg::where(x != 1.0, x, -x), x = v), v != 1.0 ? v : -v);
    }
    // A condition between two expressions; the derivative flows to each branch's variables.
    constexpr auto g = tg::where(x * x > y, x * y, y * y);
    const auto r = tg::value_and_grad(g, x = 3.0, y = 2.0);
    TG_CHECK_SAME(r.value, 6.0);
    TG_CHECK_SAME(r.grad[x], 2.0);
    TG_CHECK_SAME(r.grad[y], 3.0);
    const auto s = tg::forward_value_and_grad(g, x = 1.0, y = 2.0);
    TG_CHECK_SAME(s.value, 4.0);
    TG_CHECK_SAME(s.grad[x], 0.0);
    TG_CHECK_SAME(s.grad[y], 4.0);
    static_assert(tg::grad(tg::where(x > 0, x * x, -x), x = -2.0)[x] == -1.0, "where in constant evaluation");
}

TEST_CASE("a piecewise model with where matches its hand-written derivative", "[where]") {
    // Huber loss with delta = 1: x^2/2 for |x| <= 1, |x| - 1/2 elsewhere.
    constexpr auto huber = tg::where(tg::abs(x) <= 1.0, 0.5 * x * x, tg::abs(x) - 0.5);
    for (double v : {-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 2.5}) {
        INFO("x = " << v);
        const double value = std::abs(v) <= 1.0 ? 0.5 * v * v : std::abs(v) - 0.5;
        const double slope = std::abs(v) <= 1.0 ? v : (v > 0 ? 1.0 : -1.0);
        const double curvature = std::abs(v) <= 1.0 ? 1.0 : 0.0;
        check_modes(run_all(huber, v), value, slope, curvature);
    }
}

TEST_CASE("where on tensors: the branch not taken reaches neither the gradient nor the jvp", "[where][tensor]") {
    constexpr tg::var<"v", 4> v;
    const std::array<double, 4> ones{1, 1, 1, 1};
    const auto elementwise = [&](const auto& f, const auto& scalar, const std::array<double, 4>& at) {
        const auto r = tg::value_and_grad(tg::sum(f), v = at);
        const auto j = tg::jvp(tg::sum(f), tg::at(v = at), tg::at(v = ones));
        double value = 0, tangent = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            INFO("v = " << show(at[k]));
            const auto s = tg::value_and_grad(scalar, x = at[k]);
            TG_CHECK_NOT_NAN(r.grad[v][k]);
            TG_CHECK_SAME(r.grad[v][k], s.grad[x]);
            value += s.value;
            tangent += s.grad[x];
        }
        TG_CHECK_SAME(r.value, value);
        TG_CHECK_ULP(j.tangent, tangent, 2);
    };
    // sqrt is NaN at -1 with a NaN derivative, and its derivative is +inf at 0.
    constexpr auto safe_sqrt = tg::where(v > 0.0, tg::sqrt(v), 0.0);
    elementwise(safe_sqrt, tg::where(x > 0.0, tg::sqrt(x), 0.0), {-1.0, 0.0, 4.0, 1e-300});
    const std::array<double, 4> at_zero{-1.0, 0.0, 4.0, 9.0};
    TG_CHECK_SAME(tg::value_and_grad(tg::sum(safe_sqrt), v = at_zero).grad[v][1], 0.0);
    // exp(2v) overflows at 800 and 710; log is NaN at -3: neither is selected there.
    constexpr auto switched = tg::where(v < 700.0, tg::exp(v * 2.0), tg::log(v));
    const std::array<double, 4> past_overflow{800.0, 1.0, -3.0, 710.0};
    elementwise(switched, tg::where(x < 700.0, tg::exp(x * 2.0), tg::log(x)), past_overflow);
    TG_CHECK_SAME(tg::value_and_grad(tg::sum(switched), v = past_overflow).grad[v][0], 1.0 / 800.0);
}

}  // namespace typegrad_test
