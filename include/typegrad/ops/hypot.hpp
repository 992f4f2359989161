/// @file
/// Defines hypot (two and three arguments) and atan2's partials, which use it.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/inverse_trig.hpp>

#include <string_view>

// hypot's partials are a / hypot(...): at most 1 in magnitude, no overflow or underflow.
// At the origin they are NaN (0 / 0): the cone has no derivative there.

namespace typegrad {

struct hypot_op {
    static constexpr std::string_view name = "hypot";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return detail::math::hypot(a, b);
    }
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& b, const S& self) {
        if constexpr (I == 0)
            return a / self;
        else
            return b / self;
    }
};

struct hypot3_op {
    static constexpr std::string_view name = "hypot";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a, const T& b, const T& c) {
        return detail::math::hypot(a, b, c);
    }
    template <std::size_t I, class A, class B, class C, class S>
    static constexpr auto partial(const A& a, const B& b, const C& c, const S& self) {
        if constexpr (I == 0)
            return a / self;
        else if constexpr (I == 1)
            return b / self;
        else
            return c / self;
    }
};

template <class A, class B>
requires operand<A> && operand<B>
constexpr auto hypot(const A& a, const B& b) { return apply<hypot_op>(a, b); }
template <class A, class B, class C>
requires operand<A> && operand<B> && operand<C>
constexpr auto hypot(const A& a, const B& b, const C& c) { return apply<hypot3_op>(a, b, c); }

template <std::size_t I, class Y, class X, class S>
constexpr auto atan2_op::partial(const Y& y, const X& x, const S&) {
    const auto r = hypot(y, x);
    if constexpr (I == 0)
        return (x / r) / r;
    else
        return (-y / r) / r;
}

}  // namespace typegrad
