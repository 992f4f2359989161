/// @file
/// Defines exp, log, sqrt and expm1, log1p: each op's value and local derivative, once.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace typegrad {

/// a / b on the domain b >= 0 of log, log1p and sqrt: b = -0 counts as +0 (so 1 / -0 is
/// +inf, edge cases 17 and 25) and b < 0 gives NaN (the value of log(b) there). The
/// derivatives of log, log1p and sqrt are written with it; it prints as `/`.
struct domain_div_op {
    static constexpr std::string_view name = "/";
    static constexpr notation style = notation::infix;
    static constexpr int precedence = 2;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return b < T(0) ? std::numeric_limits<T>::quiet_NaN() : detail::math::divide(a, b + T(0));
    }
    // d/da = 1 / b, d/db = -(a / b) / b: both on the same domain.
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& b, const S& self);
};

struct exp_op {
    static constexpr std::string_view name = "exp";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::exp(a);
    }
    // (e^a)' = e^a: the node's own value, no second exponential.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S& self) {
        return self;
    }
};

struct log_op {
    static constexpr std::string_view name = "log";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::log(a);
    }
    // (log a)' = 1/a: +inf at +-0 (edge case 25), NaN below, where the value is NaN.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

struct sqrt_op {
    static constexpr std::string_view name = "sqrt";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::sqrt(a);
    }
    // (sqrt a)' = 1 / (2 sqrt a), from the stored root; +inf at +-0 (edge case 17), and a
    // zero upstream adjoint still gives 0 through chain_mul.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A&, const S& self);
};

struct expm1_op {
    static constexpr std::string_view name = "expm1";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = true;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::expm1(a);
    }
    // (e^a - 1)' = e^a, computed as such: expm1(a) + 1 cancels for a < -10 (0 from a = -37).
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&) {
        return exp(a);
    }
};

struct log1p_op {
    static constexpr std::string_view name = "log1p";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::log1p(a);
    }
    // (log1p a)' = 1 / (1 + a): +inf at -1, NaN below, where the value is NaN.
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
};

template <class A, class B>
requires operand<A> && operand<B>
constexpr auto domain_div(const A& a, const B& b) { return apply<domain_div_op>(a, b); }

template <class A>
requires operand<A>
constexpr auto exp(const A& a) { return apply<exp_op>(a); }
template <class A>
requires operand<A>
constexpr auto log(const A& a) { return apply<log_op>(a); }
template <class A>
requires operand<A>
constexpr auto sqrt(const A& a) { return apply<sqrt_op>(a); }
template <class A>
requires operand<A>
constexpr auto expm1(const A& a) { return apply<expm1_op>(a); }
template <class A>
requires operand<A>
constexpr auto log1p(const A& a) { return apply<log1p_op>(a); }

template <std::size_t I, class A, class B, class S>
constexpr auto domain_div_op::partial(const A&, const B& b, const S& self) {
    if constexpr (I == 0)
        return domain_div(c<1>, b);
    else
        return -domain_div(self, b);
}
template <std::size_t, class A, class S>
constexpr auto log_op::partial(const A& a, const S&) {
    return domain_div(c<1>, a);
}
template <std::size_t, class A, class S>
constexpr auto sqrt_op::partial(const A&, const S& self) {
    return domain_div(c<1, 2>, self);
}
template <std::size_t, class A, class S>
constexpr auto log1p_op::partial(const A& a, const S&) {
    return domain_div(c<1>, c<1> + a);
}

}  // namespace typegrad
