/// @file
/// Defines floor, ceil, round, trunc (derivative 0) and clamp.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/piecewise.hpp>

#include <string_view>

// The rounding functions are piecewise constant: their derivative is 0 everywhere, also at
// the jumps (the convention of PyTorch and JAX). clamp(x, lo, hi) is std::clamp's
// x < lo ? lo : hi < x ? hi : x; its derivative goes whole to the argument whose value it
// returns, so at x == lo or x == hi it goes to x.

namespace typegrad {

template <class Rounding>
struct rounding_op {
    static constexpr std::string_view name = Rounding::name;
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return Rounding::value(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S&) {
        return c<0>;
    }
};

namespace detail {
struct floor_fn {
    static constexpr std::string_view name = "floor";
    template <class T>
    static constexpr T value(const T& a) {
        return math::floor(a);
    }
};
struct ceil_fn {
    static constexpr std::string_view name = "ceil";
    template <class T>
    static constexpr T value(const T& a) {
        return math::ceil(a);
    }
};
struct round_fn {
    static constexpr std::string_view name = "round";
    template <class T>
    static constexpr T value(const T& a) {
        return math::round(a);
    }
};
struct trunc_fn {
    static constexpr std::string_view name = "trunc";
    template <class T>
    static constexpr T value(const T& a) {
        return math::trunc(a);
    }
};
}  // namespace detail

using floor_op = rounding_op<detail::floor_fn>;
using ceil_op = rounding_op<detail::ceil_fn>;
using round_op = rounding_op<detail::round_fn>;
using trunc_op = rounding_op<detail::trunc_fn>;

struct clamp_op {
    static constexpr std::string_view name = "clamp";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& x, const T& lo, const T& hi) {
        return x < lo ? lo : hi < x ? hi : x;
    }
    // d/dlo = [x < lo], d/dhi = [hi < x and not x < lo], d/dx = the rest.
    template <std::size_t I, class X, class L, class H, class S>
    static constexpr auto partial(const X& x, const L& lo, const H& hi, const S&) {
        if constexpr (I == 1)
            return step(lo - x);
        else if constexpr (I == 2)
            return where_positive(lo - x, c<0>, step(x - hi));
        else
            return where_positive(lo - x, c<0>, c<1> - step(x - hi));
    }
};

template <class A>
requires operand<A>
constexpr auto floor(const A& a) { return apply<floor_op>(a); }
template <class A>
requires operand<A>
constexpr auto ceil(const A& a) { return apply<ceil_op>(a); }
template <class A>
requires operand<A>
constexpr auto round(const A& a) { return apply<round_op>(a); }
template <class A>
requires operand<A>
constexpr auto trunc(const A& a) { return apply<trunc_op>(a); }
template <class X, class L, class H>
requires operand<X> && operand<L> && operand<H>
constexpr auto clamp(const X& x, const L& lo, const H& hi) { return apply<clamp_op>(x, lo, hi); }

}  // namespace typegrad
