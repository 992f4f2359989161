/// @file
/// Defines pow: a real exponent (pow_op, with its derivative ops pow_slope_op and
/// pow_log_op), a compile-time integer exponent (pow_int_op) and an integer exponent known at
/// run time (pow_n_op).
#pragma once

#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>

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

/// The type in which pow_log_factor_op takes log a: long double for float and double where it
/// has more digits than double (not in CUDA device code), else T itself.
template <class T>
using log_factor_t =
    std::conditional_t<std::is_floating_point_v<T> && !TYPEGRAD_DEVICE_CODE &&
                           (std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits),
                       long double, T>;
}  // namespace detail

/// k a^e from the children (a, k, e, s = a^(e + 1)): (k s) / a where s is a normal number (a
/// product and a quotient instead of a second pow), k pow(a, e) elsewhere, and 0 for k = 0
/// (pow(x, 0)' at 0 is 0, edge case 21). Neither form alone holds at the extremes:
/// pow(a, e) overflows in the middle at a = 5e-324, e = 5e-324 - 1 (k a^e is about 1 for
/// k = 5e-324), and (k s) / a loses everything when s under- or overflows. k = b (b - 1) in
/// one coefficient keeps b ((b - 1) a^(b-2)) from overflowing in the middle (a = 1e-300,
/// b = 5e-324). e is a child so that it prints folded (`1.875 * pow(x, 0.875)`); s is a
/// function of a and e.
struct pow_scaled_op : printed_as_product {
    template <class T>
    static constexpr T value(const T& a, const T& k, const T& e, const T& s) {
        if (k == T(0)) return T(0);
        const T magnitude = s < T(0) ? -s : s;
        if (magnitude >= std::numeric_limits<T>::min() && magnitude <= std::numeric_limits<T>::max())
            return (k * s) / a;
        return k * detail::math::pow(a, e);
    }
    template <std::size_t I, class A, class K, class E, class S, class Self>
    static constexpr auto partial(const A& a, const K& k, const E& e, const S& s, const Self& self);
    static std::string format(const std::string& a, const std::string& k, const std::string& e, const std::string&) {
        return (k.find(' ') == std::string::npos ? k : "(" + k + ")") + " * pow(" + a + ", " + e + ")";
    }
};

/// pow(a, b)' = b a^(b-1): pow_scaled_op with k = b, e = b - 1, s = pow(a, b), whose
/// derivative in b is taken whole, a^(b-1) (1 + b log a) (a sum of the partials in k and e
/// would be inf - inf at a = b = 5e-324, where it overflows to +inf).
struct pow_slope_op : pow_scaled_op {
    template <std::size_t I, class A, class B, class B1, class S, class Self>
    static constexpr auto partial(const A& a, const B& b, const B1& b_minus_1, const S& s, const Self& self);
};

/// d/db a^b = a^b log a from the children (a, b, s = a^b); 0 where s is 0 (d/dy pow(0, y) is
/// 0 for y > 0, not 0 * -inf, edge case 22). Its derivative in a is a^(b-1) (1 + b log a)
/// (pow_log_factor_op; not a^b (1 / a) + ..., whose 1 / a overflows at a subnormal a), in b
/// a^b (log a)^2 (log squared first: a^b log a is subnormal at a = 5e-324, b = 1).
struct pow_log_op : printed_as_product {
    template <class T>
    static constexpr T value(const T& a, const T&, const T& s) {
        return s == T(0) ? T(0) : s * detail::math::log(a);
    }
    template <std::size_t I, class A, class B, class S, class Self>
    static constexpr auto partial(const A& a, const B& b, const S& s, const Self& self);
    static std::string format(const std::string& a, const std::string& b, const std::string&) {
        return "pow(" + a + ", " + b + ") * log(" + a + ")";
    }
};

/// 1 + b log a, the factor of pow's mixed derivative a^(b-1) (1 + b log a). It cancels where
/// b log a is near -1 (a = 2, b = -1.5: 1 + b log a = -0.04, and the rounding of log a grows
/// 25-fold), so log a is taken in `detail::log_factor_t<T>`, the wider of long double and T
/// (long double has 64 bits of mantissa on x86-64; where it is no wider than double, and in
/// CUDA device code, the factor is computed in T and keeps that cancellation).
struct pow_log_factor_op {
    static constexpr std::string_view name = "+";
    static constexpr notation style = notation::infix;
    static constexpr int precedence = 1;

    template <class T>
    static constexpr T value(const T& a, const T& b) {
        using W = detail::log_factor_t<T>;
        return static_cast<T>(W(1) + static_cast<W>(b) * detail::math::log(static_cast<W>(a)));
    }

    template <std::size_t I, class A, class B, class Self>
    static constexpr auto partial(const A& a, const B& b, const Self& self);

    static std::string format(const std::string& a, const std::string& b) {
        return "1 + " + (b.find(' ') == std::string::npos ? b : "(" + b + ")") + " * log(" + a + ")";
    }
};

/// a^b for real b (a runtime literal or an expression).
struct pow_op {
    static constexpr std::string_view name = "pow";
    static constexpr notation style = notation::function;
    template <class T>
    static constexpr T value(const T& a, const T& b) {
        return detail::math::pow(a, b);
    }
    // d/da = b a^(b-1) (pow_slope_op), d/db = a^b log a (pow_log_op): pow(x, 0)' at 0 is 0
    // (not 0 * inf) and d/dy pow(0, y) is 0 for y > 0 (not 0 * -inf), edge cases 21-22. No
    // exp(b log a) formulation: pow(-3, 2)' = -6.
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
    /// pow(u, 1) prints as u (its value is u, bit for bit: pow_integer(u, 1) returns u).
    static std::string format(const std::string& a, const std::string& n) {
        if (n == "1") return a.find(' ') == std::string::npos ? a : "(" + a + ")";
        return "pow(" + a + ", " + n + ")";
    }
};

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
constexpr auto pow_op::partial(const A& a, const B& b, const S& self) {
    if constexpr (I == 0)
        return apply<pow_slope_op>(a, b, b - c<1>, self);
    else
        return apply<pow_log_op>(a, b, self);
}

template <std::size_t I, class A, class B, class B1, class S, class Self>
constexpr auto pow_slope_op::partial(const A& a, const B& b, const B1& b_minus_1, const S&, const Self&) {
    // d/da = b (b - 1) a^(b-2); d/db = a^(b-1) (1 + b log a); b - 1 and s follow b.
    if constexpr (I == 0)
        return apply<pow_scaled_op>(a, b * b_minus_1, b_minus_1 - c<1>, pow(a, b_minus_1));
    else if constexpr (I == 1)
        return chain_mul(pow(a, b_minus_1), apply<pow_log_factor_op>(a, b));
    else
        return c<0>;
}

template <std::size_t I, class A, class K, class E, class S, class Self>
constexpr auto pow_scaled_op::partial(const A& a, const K& k, const E& e, const S&, const Self&) {
    // k a^e: d/da = (k e) a^(e-1), d/dk = a^e, d/de = k a^e log a; s follows a and e.
    if constexpr (I == 0)
        return apply<pow_scaled_op>(a, k * e, e - c<1>, pow(a, e));
    else if constexpr (I == 1)
        return pow(a, e);
    else if constexpr (I == 2)
        return chain_mul(k, apply<pow_log_op>(a, e, pow(a, e)));
    else
        return c<0>;
}

template <std::size_t I, class A, class B, class S, class Self>
constexpr auto pow_log_op::partial(const A& a, const B& b, const S& s, const Self&) {
    // a^b log a: d/da = a^(b-1) (1 + b log a), d/db = a^b (log a)^2; s follows a and b.
    if constexpr (I == 0)
        return chain_mul(pow(a, b - c<1>), apply<pow_log_factor_op>(a, b));
    else if constexpr (I == 1)
        return chain_mul(s, log(a) * log(a));
    else
        return c<0>;
}

template <std::size_t I, class A, class B, class Self>
constexpr auto pow_log_factor_op::partial(const A& a, const B& b, const Self&) {
    // d/da (1 + b log a) = b / a, d/db = log a.
    if constexpr (I == 0)
        return b / a;
    else
        return log(a);
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
