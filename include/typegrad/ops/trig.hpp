/// @file
/// Defines sin, cos, tan and tanh (with sech^2, the derivative of tanh).
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <string_view>

namespace typegrad {

struct sin_op {
    static constexpr std::string_view name = "sin";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::sin(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct cos_op {
    static constexpr std::string_view name = "cos";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::cos(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct tan_op {
    static constexpr std::string_view name = "tan";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::tan(a);
    }
    // tan' = 1 + tan^2, from the stored value.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S& self) {
        return c<1> + self * self;
    }
};

/// sech^2 a, the derivative of tanh, from one exponential: 4e / (1 + e)^2 with e = exp(-2|a|)
/// (no cosh, whose call costs more; no overflow: e <= 1). Not 1 - tanh^2, which cancels to 0
/// once tanh rounds to 1 (tanh'(20) is 1.7e-17, edge case 13). Within a few ulp
/// (tests/unit/test_reference.cpp).
struct sech2_op {
    static constexpr std::string_view name = "sech2";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        const T e = detail::math::exp(T(-2) * (a < T(0) ? -a : a));
        const T d = T(1) + e;
        return T(4) * e / (d * d);
    }
    // (sech^2 a)' = -2 tanh(a) sech^2(a).
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S& self);
};

struct tanh_op {
    static constexpr std::string_view name = "tanh";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::tanh(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

template <class A>
requires operand<A>
constexpr auto sin(const A& a) { return apply<sin_op>(a); }
template <class A>
requires operand<A>
constexpr auto cos(const A& a) { return apply<cos_op>(a); }
template <class A>
requires operand<A>
constexpr auto tan(const A& a) { return apply<tan_op>(a); }
template <class A>
requires operand<A>
constexpr auto tanh(const A& a) { return apply<tanh_op>(a); }
template <class A>
requires operand<A>
constexpr auto sech2(const A& a) { return apply<sech2_op>(a); }

template <std::size_t, class A, class S>
constexpr auto sin_op::partial(const A& a, const S&) {
    return cos(a);
}
template <std::size_t, class A, class S>
constexpr auto cos_op::partial(const A& a, const S&) {
    return -sin(a);
}
template <std::size_t, class A, class S>
constexpr auto tanh_op::partial(const A& a, const S&) {
    return sech2(a);
}
template <std::size_t, class A, class S>
constexpr auto sech2_op::partial(const A& a, const S& self) {
    return c<-2> * (tanh(a) * self);
}

}  // namespace typegrad
