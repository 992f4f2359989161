/// @file
/// Defines sinh, cosh, asinh, acosh and atanh.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/hypot.hpp>

#include <string_view>

// Conventions at the branch points (docs/api.md, "Functions"): acosh(1) = 0 with
// acosh'(1) = +inf (the right-hand limit), NaN below 1; atanh(+-1) = +-inf with
// atanh'(+-1) = +inf.

namespace typegrad {

struct sinh_op {
    static constexpr std::string_view name = "sinh";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::sinh(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct cosh_op {
    static constexpr std::string_view name = "cosh";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::cosh(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct asinh_op {
    static constexpr std::string_view name = "asinh";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::asinh(a);
    }
    // asinh' = 1 / sqrt(1 + a^2) = 1 / hypot(1, a): no overflow of a^2.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return c<1> / hypot(c<1>, a);
    }
};

struct acosh_op {
    static constexpr std::string_view name = "acosh";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::acosh(a);
    }
    // acosh' = 1 / (sqrt(a - 1) sqrt(a + 1)): a - 1 exact near 1, no overflow of a^2.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return c<1> / (sqrt(a - c<1>) * sqrt(a + c<1>));
    }
};

struct atanh_op {
    static constexpr std::string_view name = "atanh";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::atanh(a);
    }
    // atanh' = 1 / ((1 - a)(1 + a)), +inf at +-1. Beyond +-1, where atanh is NaN, the rule
    // is evaluated as written (finite), like log' = 1 / a below 0.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return c<1> / ((c<1> - a) * (c<1> + a));
    }
};

template <class A>
requires operand<A>
constexpr auto sinh(const A& a) { return apply<sinh_op>(a); }
template <class A>
requires operand<A>
constexpr auto cosh(const A& a) { return apply<cosh_op>(a); }
template <class A>
requires operand<A>
constexpr auto asinh(const A& a) { return apply<asinh_op>(a); }
template <class A>
requires operand<A>
constexpr auto acosh(const A& a) { return apply<acosh_op>(a); }
template <class A>
requires operand<A>
constexpr auto atanh(const A& a) { return apply<atanh_op>(a); }

template <std::size_t, class A, class S>
constexpr auto sinh_op::partial(const A& a, const S&) {
    return cosh(a);
}
template <std::size_t, class A, class S>
constexpr auto cosh_op::partial(const A& a, const S&) {
    return sinh(a);
}

}  // namespace typegrad
