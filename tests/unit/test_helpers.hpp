// Shared helpers of the numerical test files (test_edge_cases.cpp,
// test_finite_differences.cpp, test_modes_agree.cpp): ulp distance, tolerance checks
// that treat NaN and inf exactly, the 6-point central finite-difference stencil, a
// deterministic pseudo-random point generator, and "every mode at once" evaluators.
#pragma once

#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace typegrad_test {

namespace tg = typegrad;

inline constexpr double inf_v = std::numeric_limits<double>::infinity();
inline constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
inline constexpr double eps = std::numeric_limits<double>::epsilon();

// ---- printing ---------------------------------------------------------------------------

/// A double as "%.17g (%a)": enough digits to read back exactly, plus the bits in hex.
inline std::string show(double v) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%.17g (%a)", v, v);
    return buffer;
}

// ---- ulp distance and tolerant comparisons ------------------------------------------

/// Maps doubles to integers monotonically, with -0.0 and +0.0 both mapped to 0.
inline std::int64_t ordered_bits(double v) {
    const auto bits = std::bit_cast<std::int64_t>(v);
    return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
}

inline constexpr std::uint64_t ulp_infinite = std::numeric_limits<std::uint64_t>::max();

/// Number of representable doubles between a and b (0 when equal; +0 and -0 are equal).
/// NaN is at distance 0 from NaN and "infinitely" far from anything else; an infinity is
/// at distance 0 from the same infinity and infinitely far from everything else (so that
/// DBL_MAX is never "1 ulp from inf").
inline std::uint64_t ulp_distance(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : ulp_infinite;
    if (std::isinf(a) || std::isinf(b)) return a == b ? 0 : ulp_infinite;
    const std::int64_t ia = ordered_bits(a);
    const std::int64_t ib = ordered_bits(b);
    return ia > ib ? static_cast<std::uint64_t>(ia) - static_cast<std::uint64_t>(ib)
                   : static_cast<std::uint64_t>(ib) - static_cast<std::uint64_t>(ia);
}

/// Same value: NaN matches NaN, infinities match exactly, +0 matches -0.
inline bool same_value(double a, double b) { return ulp_distance(a, b) == 0; }

/// |a - b| <= max(rel * max(|a|, |b|), abs_floor); NaN and inf must match exactly.
inline bool near_rel(double a, double b, double rel, double abs_floor = 0.0) {
    if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) return same_value(a, b);
    const double diff = std::abs(a - b);
    return diff <= std::max(rel * std::max(std::abs(a), std::abs(b)), abs_floor);
}

/// Within `ulps` ulp, or (when rel > 0) within a relative distance rel; NaN/inf exact.
inline bool near_ulp_or_rel(double a, double b, std::uint64_t ulps, double rel = 0.0) {
    return ulp_distance(a, b) <= ulps || (rel > 0.0 && near_rel(a, b, rel));
}

/// The ulp distance as text ("inf" for ulp_infinite).
inline std::string show_ulps(std::uint64_t ulps) {
    return ulps == ulp_infinite ? std::string("inf") : std::to_string(ulps);
}

// The checks are plain (non-template) functions called by thin macros: the test templates
// are instantiated for many expression types, and a Catch assertion expanded inside each
// instantiation multiplies the object code (and the compiler's memory under -g and ASan).
// The macros pass the source text and the line of the call for the failure message.

/// CHECK that `actual` is within `ulps` ulp of `expected` (NaN == NaN, inf exact, +0 == -0).
inline void check_ulp(const char* actual_text, double actual, const char* expected_text, double expected,
                      std::uint64_t ulps, int line) {
    const std::uint64_t distance = ulp_distance(actual, expected);
    INFO("line " << line << ": " << actual_text << " = " << show(actual) << "; expected " << expected_text << " = "
                 << show(expected) << "; ulp distance " << show_ulps(distance) << " (bound " << ulps << ")");
    CHECK(distance <= ulps);
}

/// CHECK that a value is not NaN (finite or infinite).
inline void check_not_nan(const char* actual_text, double actual, int line) {
    INFO("line " << line << ": " << actual_text << " = " << show(actual) << " must not be NaN");
    CHECK_FALSE(std::isnan(actual));
}

#define TG_CHECK_ULP(actual, expected, ulps)                                                                           \
    ::typegrad_test::check_ulp(#actual, static_cast<double>(actual), #expected, static_cast<double>(expected), (ulps), \
                               __LINE__)
/// Exact: NaN == NaN, infinities exact, +0 == -0.
#define TG_CHECK_SAME(actual, expected) TG_CHECK_ULP(actual, expected, 0)
#define TG_CHECK_NOT_NAN(actual) ::typegrad_test::check_not_nan(#actual, static_cast<double>(actual), __LINE__)

// ---- finite differences ---------------------------------------------------------------

/// Stan's step for the 6-point stencil: eps^(1/7) * max(1, |x|), the step that balances
/// the stencil's O(h^6) truncation error against its O(eps / h) rounding error.
inline double fd_step(double x) {
    static const double base = std::pow(eps, 1.0 / 7.0);
    const double h = base * std::max(1.0, std::abs(x));
    // Make x + h exactly representable, so that the step taken is the step divided by.
    volatile double shifted = x + h;
    return shifted - x;
}

struct fd_result {
    double derivative;  ///< the stencil's estimate of f'(x)
    double step;        ///< h
    double scale;       ///< max |f| over the six points: the stencil's rounding error is ~ eps * scale / h
};

/// f'(x) ~ [f(x+3h)/60 - 3f(x+2h)/20 + 3f(x+h)/4 - 3f(x-h)/4 + 3f(x-2h)/20 - f(x-3h)/60] / h,
/// error O(h^6). Symmetric pairs are subtracted first, which loses less to cancellation.
template <class F>
fd_result fd6(const F& f, double x) {
    const double h = fd_step(x);
    const double p1 = f(x + h), m1 = f(x - h);
    const double p2 = f(x + 2 * h), m2 = f(x - 2 * h);
    const double p3 = f(x + 3 * h), m3 = f(x - 3 * h);
    const double d = ((p3 - m3) / 60.0 - 3.0 * (p2 - m2) / 20.0 + 3.0 * (p1 - m1) / 4.0) / h;
    const double scale = std::max({std::abs(p1), std::abs(m1), std::abs(p2), std::abs(m2), std::abs(p3), std::abs(m3)});
    return {d, h, scale};
}

// ---- deterministic pseudo-random points -----------------------------------------------

/// splitmix64: tiny, good enough for test points, identical on every platform.
struct rng {
    std::uint64_t state;
    explicit constexpr rng(std::uint64_t seed) : state(seed) {}
    constexpr std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1), 53 random bits.
    constexpr double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    constexpr double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
};

/// A seed derived from a name (FNV-1a), so that every op has its own logged, fixed stream.
constexpr std::uint64_t seed_of(std::string_view name) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (char ch : name) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001B3ULL;
    return h;
}

/// A box [lo, hi] for one coordinate, with points closer than `margin` to any of `avoid`
/// rejected (non-differentiable points, poles).
struct interval {
    double lo;
    double hi;
    std::vector<double> avoid{};
    double margin = 0.0;

    bool admits(double v) const {
        if (!(v >= lo && v <= hi)) return false;
        for (double a : avoid)
            if (std::abs(v - a) < margin) return false;
        return true;
    }
};

/// The Stan points {-1.3, 0.49, 0.99, 1.01} that lie in the interval.
inline std::vector<double> stan_points(const interval& box) {
    std::vector<double> out;
    for (double v : {-1.3, 0.49, 0.99, 1.01})
        if (box.admits(v)) out.push_back(v);
    return out;
}

// ---- the library's entry points behind a call boundary ------------------------------

// Each mode of each test expression is its own out-of-line function, so that a test
// calling many modes of large expression types is not optimized as one huge function. The
// arithmetic of each mode is unchanged: the library's code is still inlined inside it.
namespace call {
template <class F, class Env>
[[gnu::noinline]] auto eval(const F& f, const Env& env) {
    return tg::eval(f, env);
}
template <class F, class Env>
[[gnu::noinline]] auto value_and_grad(const F& f, const Env& env) {
    return tg::value_and_grad(f, env);
}
template <class F, class Env>
[[gnu::noinline]] auto forward_value_and_grad(const F& f, const Env& env) {
    return tg::forward_value_and_grad(f, env);
}
template <class F, class Env, class TangentEnv>
[[gnu::noinline]] auto jvp(const F& f, const Env& env, const TangentEnv& tangents) {
    return tg::jvp(f, env, tangents);
}
template <class F, class Env>
[[gnu::noinline]] auto hessian(const F& f, const Env& env) {
    return tg::hessian(f, env);
}
template <class F, class Env>
[[gnu::noinline]] auto grad(const F& f, const Env& env) {
    return tg::grad(f, env);
}
}  // namespace call

// ---- every mode at once ---------------------------------------------------------------

/// f and df/dv at one point, by every first-order mode of the library.
struct first_order {
    double eval;         ///< tg::eval
    double rev_value;    ///< tg::value_and_grad(...).value
    double rev_grad;     ///< tg::value_and_grad(...).grad[v]
    double jvp_value;    ///< tg::jvp(...).value
    double jvp_tangent;  ///< tg::jvp(f, at(point), at(v = 1)).tangent
    double fwd_value;    ///< tg::forward_value_and_grad(...).value
    double fwd_grad;     ///< tg::forward_value_and_grad(...).grad[v]
    double sym;          ///< tg::eval(tg::derivative(f, v), point)
};

/// d2f/dv dw at one point by every second-order route.
struct second_order {
    double hessian;       ///< tg::hessian(f, point)[v][w]
    double sym_sym;       ///< eval(derivative(derivative(f, v), w))
    double rev_over_sym;  ///< grad(derivative(f, v), point)[w]
    double fwd_over_sym;  ///< jvp(derivative(f, v), point, at(w = 1)).tangent
};

/// Every first-order mode of f with respect to v, at the bindings of env (a tg::at(...)).
template <class F, class V, class Env>
first_order all_first_order(const F& f, V v, const Env& env) {
    first_order m{};
    m.eval = static_cast<double>(call::eval(f, env));
    const auto r = call::value_and_grad(f, env);
    m.rev_value = static_cast<double>(r.value);
    m.rev_grad = static_cast<double>(r.grad[v]);
    const auto t = call::jvp(f, env, tg::at(v = 1.0));
    m.jvp_value = static_cast<double>(t.value);
    m.jvp_tangent = static_cast<double>(t.tangent);
    const auto fg = call::forward_value_and_grad(f, env);
    m.fwd_value = static_cast<double>(fg.value);
    m.fwd_grad = static_cast<double>(fg.grad[v]);
    m.sym = static_cast<double>(call::eval(tg::derivative(f, v), env));
    return m;
}

template <class F, class V, class W, class Env>
second_order all_second_order(const F& f, V v, W w, const Env& env) {
    second_order m{};
    m.hessian = static_cast<double>(call::hessian(f, env)[v][w]);
    const auto dv = tg::derivative(f, v);
    m.sym_sym = static_cast<double>(call::eval(tg::derivative(dv, w), env));
    m.rev_over_sym = static_cast<double>(call::grad(dv, env)[w]);
    m.fwd_over_sym = static_cast<double>(call::jvp(dv, env, tg::at(w = 1.0)).tangent);
    return m;
}

/// Checks every mode's value against `value` and every mode's derivative against `deriv`,
/// each within `ulps` ulp (0: exact; NaN == NaN; infinities exact).
inline void check_first_order(const first_order& m, double value, double deriv, std::uint64_t ulps) {
    TG_CHECK_ULP(m.eval, value, ulps);
    TG_CHECK_ULP(m.rev_value, value, ulps);
    TG_CHECK_ULP(m.jvp_value, value, ulps);
    TG_CHECK_ULP(m.fwd_value, value, ulps);
    TG_CHECK_ULP(m.rev_grad, deriv, ulps);
    TG_CHECK_ULP(m.jvp_tangent, deriv, ulps);
    TG_CHECK_ULP(m.fwd_grad, deriv, ulps);
    TG_CHECK_ULP(m.sym, deriv, ulps);
}

inline void check_second_order(const second_order& m, double expected, std::uint64_t ulps) {
    TG_CHECK_ULP(m.hessian, expected, ulps);
    TG_CHECK_ULP(m.sym_sym, expected, ulps);
    TG_CHECK_ULP(m.rev_over_sym, expected, ulps);
    TG_CHECK_ULP(m.fwd_over_sym, expected, ulps);
}

/// Second derivative must not be NaN in any route (where the true one is finite or +-inf).
inline void check_second_order_not_nan(const second_order& m) {
    TG_CHECK_NOT_NAN(m.hessian);
    TG_CHECK_NOT_NAN(m.sym_sym);
    TG_CHECK_NOT_NAN(m.rev_over_sym);
    TG_CHECK_NOT_NAN(m.fwd_over_sym);
}

// ---- compile-time index loops ---------------------------------------------------------

/// Calls fn(std::integral_constant<std::size_t, I>{}) for I = 0 .. N-1.
template <std::size_t N, class Fn>
constexpr void for_index(Fn&& fn) {
    [&]<std::size_t... I>(std::index_sequence<I...>) { (fn(std::integral_constant<std::size_t, I>{}), ...); }
    (std::make_index_sequence<N>{});
}

}  // namespace typegrad_test
