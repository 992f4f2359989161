/// @file
/// Defines cbrt, log2, log10 and exp2.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <string_view>

// cbrt is real for negative arguments (cbrt(-8) = -2); cbrt'(0) = +inf (the vertical
// tangent), and log2'(0) = log10'(0) = +inf like log'.

namespace typegrad {

struct cbrt_op {
    static constexpr std::string_view name = "cbrt";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::cbrt(a);
    }
    // cbrt' = 1 / (3 cbrt(a)^2), from the stored root.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S& self) {
        return c<1, 3> / (self * self);
    }
};

struct log2_op {
    static constexpr std::string_view name = "log2";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::log2(a);
    }
    // log2' = 1 / (a ln 2)
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return real<1.4426950408889634> / a;
    }
};

struct log10_op {
    static constexpr std::string_view name = "log10";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::log10(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return real<0.43429448190325182> / a;
    }
};

struct exp2_op {
    static constexpr std::string_view name = "exp2";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::exp2(a);
    }
    // exp2' = ln 2 * 2^a, from the stored power.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S& self) {
        return real<0.69314718055994531> * self;
    }
};

template <class A>
requires operand<A>
constexpr auto cbrt(const A& a) { return apply<cbrt_op>(a); }
template <class A>
requires operand<A>
constexpr auto log2(const A& a) { return apply<log2_op>(a); }
template <class A>
requires operand<A>
constexpr auto log10(const A& a) { return apply<log10_op>(a); }
template <class A>
requires operand<A>
constexpr auto exp2(const A& a) { return apply<exp2_op>(a); }

}  // namespace typegrad
