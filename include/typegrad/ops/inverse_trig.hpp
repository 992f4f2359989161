/// @file
/// Defines asin, acos, atan and atan2.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>

#include <string_view>

// Conventions at the edges (docs/api.md, "Functions"): asin' and acos' are +-inf at +-1
// (the one-sided limits) and NaN beyond; atan2's partials are NaN at the origin, where
// the angle has no derivative, and never overflow or underflow elsewhere.

namespace typegrad {

struct asin_op {
    static constexpr std::string_view name = "asin";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::asin(a);
    }
    // asin' = 1 / sqrt((1 - a)(1 + a)): 1 - a and 1 + a are exact near the branch points.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct acos_op {
    static constexpr std::string_view name = "acos";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::acos(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct atan_op {
    static constexpr std::string_view name = "atan";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::atan(a);
    }
    // atan' = 1 / (1 + a^2); a^2 overflowing gives 0, below the smallest subnormal anyway.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return c<1> / (c<1> + a * a);
    }
};

/// atan2(y, x), the angle of (x, y) in (-pi, pi].
struct atan2_op {
    static constexpr std::string_view name = "atan2";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& y, const T& x) {
        return detail::math::atan2(y, x);
    }
    // d/dy = x / r^2, d/dx = -y / r^2 with r = hypot(y, x), as (x / r) / r: |x / r| <= 1, so
    // neither quotient overflows or underflows where the true partial is representable.
    // (defined in ops/hypot.hpp, with hypot)
    template <std::size_t I, class Y, class X, class S>
    static constexpr auto partial(const Y& y, const X& x, const S&);
};

template <class A>
requires operand<A>
constexpr auto asin(const A& a) { return apply<asin_op>(a); }
template <class A>
requires operand<A>
constexpr auto acos(const A& a) { return apply<acos_op>(a); }
template <class A>
requires operand<A>
constexpr auto atan(const A& a) { return apply<atan_op>(a); }
template <class Y, class X>
requires operand<Y> && operand<X>
constexpr auto atan2(const Y& y, const X& x) { return apply<atan2_op>(y, x); }

template <std::size_t, class A, class S>
constexpr auto asin_op::partial(const A& a, const S&) {
    return c<1> / sqrt((c<1> - a) * (c<1> + a));
}
template <std::size_t, class A, class S>
constexpr auto acos_op::partial(const A& a, const S&) {
    return c<-1> / sqrt((c<1> - a) * (c<1> + a));
}

}  // namespace typegrad
