/// @file
/// Defines exp, log, sqrt, expm1, log1p and pow: each op's value and local derivative, once.
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>

#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {
template <class B>
inline constexpr bool is_integer_constant = false;
template <long long N>
inline constexpr bool is_integer_constant<constant<N, 1>> = true;
}  // namespace detail

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

/// a^b for real b (a runtime literal or an expression).
struct pow_op {
    static constexpr std::string_view name = "pow";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return detail::math::pow(a, b);
    }
    // d/da = b a^(b-1), d/db = a^b log a. Both products are chain products, whose exact zero
    // wins over an infinity: pow(x, 0)' at 0 is 0 (not 0 * inf) and d/dy pow(0, y) is 0 for
    // y > 0 (not 0 * -inf), edge cases 21-22. No exp(b log a) formulation: pow(-3, 2)' = -6.
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& b, const S& self);
};

/// a^N for a compile-time integer N: detail::math::pow_integer (repeated multiplication, like
/// hand-written code, for -1 <= N <= 3).
template <long long N>
struct pow_int_op {
    static constexpr std::string_view name = "pow";
    static constexpr notation style = notation::function;
    static constexpr bool finite_on_finite = N >= 0;  // a^-1 is inf at 0
    template <class T>
    static constexpr T value(const T& a) {
        return detail::math::pow_integer<N>(a);
    }
    template <std::size_t, class A, class S>
    static constexpr auto partial(const A& a, const S&);
    static std::string format(const std::string& base) { return "pow(" + base + ", " + std::to_string(N) + ")"; }
};

template <class A, class B>
requires operand<A> && operand<B>
constexpr auto domain_div(const A& a, const B& b) { return apply<domain_div_op>(a, b); }

/// a^n for an integer n known at run time (`pow(x, 2)`, `pow(x, k)` with an `int k`): the
/// exponent is the second child (a literal); the value is detail::math::pow_integer, like
/// `pow_int_op`'s.
struct pow_n_op {
    static constexpr std::string_view name = "pow";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a, const T& n) {
        return detail::math::pow_integer(a, static_cast<long long>(n));
    }
    // d/da = n a^(n-1) as a chain product (pow(x, 0)' at 0 is 0, edge case 21); the integer
    // exponent is not differentiated.
    template <std::size_t I, class A, class B, class S>
    static constexpr auto partial(const A& a, const B& n, const S&);
};

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

/// pow(a, b). With an integer exponent, known at compile time (`pow(x, c<3>)`) or of an
/// integer type (`pow(x, 3)`, `pow(x, k)` with `int k`), it multiplies for -1 <= b <= 3
/// (within 1 ulp of std::pow, detail::math::pow_integer); with a floating exponent
/// (`pow(x, 1.875)`, `pow(x, y)`) it calls pow.
template <class A, class B>
requires operand<A> && operand<B>
constexpr auto pow(const A& a, const B& b) {
    if constexpr (std::is_integral_v<B> && !std::is_same_v<B, bool> && expression<A> && !compile_time_value<A>) {
        return apply<pow_n_op>(a, b);
    } else if constexpr (detail::is_integer_constant<B> && !compile_time_constant<A>) {
        if constexpr (B::numerator == 0)
            return c<1>;
        else if constexpr (B::numerator == 1)
            return a;
        else
            return apply<pow_int_op<B::numerator>>(a);
    } else {
        return apply<pow_op>(a, b);
    }
}

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

template <std::size_t I, class A, class B, class S>
constexpr auto pow_op::partial(const A& a, const B& b, const S& self) {
    if constexpr (I == 0)
        return chain_mul(b, pow(a, b - c<1>));
    else
        return chain_mul(self, log(a));
}

template <std::size_t I, class A, class B, class S>
constexpr auto pow_n_op::partial(const A& a, const B& n, const S&) {
    if constexpr (I == 0)
        return chain_mul(n, apply<pow_n_op>(a, n - c<1>));
    else
        return c<0>;
}

template <long long N>
template <std::size_t, class A, class S>
constexpr auto pow_int_op<N>::partial(const A& a, const S&) {
    return c<N> * pow(a, c<N - 1>);
}

}  // namespace typegrad
