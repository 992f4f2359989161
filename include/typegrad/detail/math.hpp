/// @file
/// Defines typegrad::detail::math, the scalar functions every op's value rule calls.
#pragma once

#include <typegrad/config.hpp>
#include <typegrad/detail/constexpr_math.hpp>
#include <typegrad/detail/constexpr_special.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

// One entry point per function, for every scalar type: floating types go to
// detail::cmath (constexpr implementations during constant evaluation, <cmath> at run
// time), any other type (a user's scalar) to the function found by argument-dependent
// lookup, with <cmath> as fallback for integers. In CUDA device code (TYPEGRAD_DEVICE_CODE)
// a floating type at run time goes to CUDA's device function of the same name.
namespace typegrad::detail::math {

TYPEGRAD_UNARY_MATH(exp)
TYPEGRAD_UNARY_MATH(expm1)
TYPEGRAD_UNARY_MATH(log)
TYPEGRAD_UNARY_MATH(log1p)
TYPEGRAD_UNARY_MATH(sqrt)
TYPEGRAD_UNARY_MATH(sin)
TYPEGRAD_UNARY_MATH(cos)
TYPEGRAD_UNARY_MATH(tan)
TYPEGRAD_UNARY_MATH(tanh)
TYPEGRAD_UNARY_MATH(cosh)
TYPEGRAD_UNARY_MATH(sinh)
TYPEGRAD_UNARY_MATH(atan)
TYPEGRAD_UNARY_MATH(asin)
TYPEGRAD_UNARY_MATH(acos)
TYPEGRAD_UNARY_MATH(asinh)
TYPEGRAD_UNARY_MATH(acosh)
TYPEGRAD_UNARY_MATH(atanh)
TYPEGRAD_UNARY_MATH(erf)
TYPEGRAD_UNARY_MATH(erfc)
TYPEGRAD_UNARY_MATH(cbrt)
TYPEGRAD_UNARY_MATH(log2)
TYPEGRAD_UNARY_MATH(log10)
TYPEGRAD_UNARY_MATH(exp2)
TYPEGRAD_UNARY_MATH(lgamma)
TYPEGRAD_UNARY_MATH(floor)
TYPEGRAD_UNARY_MATH(ceil)
TYPEGRAD_UNARY_MATH(round)
TYPEGRAD_UNARY_MATH(trunc)

template <class T>
constexpr T pow(const T& x, const T& y) {
    if constexpr (std::is_floating_point_v<T>) {
        TYPEGRAD_DEVICE_MATH(pow, x, y)
        return ::typegrad::detail::cmath::pow(x, y);
    } else {
        using std::pow;
        return pow(x, y);
    }
}

template <class T>
constexpr T atan2(const T& y, const T& x) {
    if constexpr (std::is_floating_point_v<T>) {
        return ::typegrad::detail::cmath::atan2(y, x);
    } else {
        using std::atan2;
        return atan2(y, x);
    }
}

template <class T>
constexpr T hypot(const T& x, const T& y) {
    if constexpr (std::is_floating_point_v<T>) {
        return ::typegrad::detail::cmath::hypot(x, y);
    } else {
        using std::hypot;
        return hypot(x, y);
    }
}

template <class T>
constexpr T hypot(const T& x, const T& y, const T& z) {
    if constexpr (std::is_floating_point_v<T>) {
        return ::typegrad::detail::cmath::hypot(x, y, z);
    } else {
        using std::hypot;
        return hypot(x, y, z);
    }
}

/// e^(-x^2), with the square's rounding error compensated (the rule of erf and erfc).
template <class T>
constexpr T gauss(const T& x) {
    if constexpr (std::is_floating_point_v<T>) {
        return ::typegrad::detail::cmath::gauss(x);
    } else {
        using std::exp;
        return exp(-(x * x));
    }
}

/// digamma and trigamma have no <cmath> counterpart: floating types use typegrad's, any
/// other scalar type the functions found by argument-dependent lookup.
template <class T>
constexpr T digamma(const T& x) {
    if constexpr (std::is_floating_point_v<T>)
        return ::typegrad::detail::cmath::digamma(x);
    else
        return digamma(x);
}

template <class T>
constexpr T trigamma(const T& x) {
    if constexpr (std::is_floating_point_v<T>)
        return ::typegrad::detail::cmath::trigamma(x);
    else
        return trigamma(x);
}

template <class T>
constexpr bool isnan(const T& x) {
    return !(x == x);
}

/// The sign bit of a floating value (tells -0.0 from 0.0), usable in constant evaluation.
template <class T>
constexpr bool negative_sign_bit(const T& x) {
    if constexpr (sizeof(T) == sizeof(std::uint64_t))
        return (std::bit_cast<std::uint64_t>(x) >> 63) != 0;
    else if constexpr (sizeof(T) == sizeof(std::uint32_t))
        return (std::bit_cast<std::uint32_t>(x) >> 31) != 0;
    else
        return negative_sign_bit(static_cast<double>(x));  // exact for zeros: keeps the sign
}

/// a / b with IEEE results (+-inf, NaN) for b == 0 also in constant evaluation, where a
/// floating division by zero is not a constant expression.
template <class T>
constexpr T divide(const T& a, const T& b) {
    if constexpr (std::is_floating_point_v<T>) {
        if (std::is_constant_evaluated() && b == T(0)) {
            if (a == T(0) || isnan(a)) return std::numeric_limits<T>::quiet_NaN();
            const bool negative = (a < T(0)) != negative_sign_bit(b);
            return negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
        }
    }
    return a / b;
}

/// x^n for an integer n by repeated squaring: exact for small n where it matters
/// (x*x*x, like hand-written code), and no call into libm.
template <class T>
constexpr T pow_int(const T& x, long long n) {
    const bool invert = n < 0;
    unsigned long long m = invert ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
    T result = T(1);
    T base = x;
    bool first = true;
    while (m != 0) {
        if (m & 1ULL) {
            result = first ? base : result * base;
            first = false;
        }
        m >>= 1;
        if (m != 0) base = base * base;
    }
    return invert ? divide(T(1), result) : result;
}

/// True where an integer power x^n multiplies (x * x, x * x * x, 1 / x): within 1 ulp of pow
/// (tests/unit/test_integer_powers.cpp measures it). The one rule of every integer power.
constexpr bool multiplies_integer_power(long long n) { return n >= -1 && n <= 3; }

/// x^N for a compile-time integer N (`pow(x, c<3>)`) where multiplies_integer_power(N): the
/// products of pow_int written out (1 / x, 1, x, x * x, x * (x * x)), bit for bit, with no loop
/// for the compiler to unroll; pow bit for bit for the other N.
template <long long N, class T>
constexpr T pow_integer(const T& x) {
    if constexpr (!multiplies_integer_power(N))
        return pow(x, static_cast<T>(N));
    else if constexpr (N == -1)
        return divide(T(1), x);
    else if constexpr (N == 0)
        return T(1);
    else if constexpr (N == 1)
        return x;
    else if constexpr (N == 2)
        return x * x;
    else
        return x * (x * x);
}

/// x^n for an integer n known at run time (`pow(x, 3)`, `pow(x, k)`), by the same rule and
/// with the same products as pow_integer<N>: 1 / x on its own branch, the others formed
/// together and selected (two products and three compares, where the loop over the bits of
/// n costs a branch per bit).
/// At compile time, and where the optimizer knows n (the loop then folds to the same
/// products), the loop of pow_int (the unused x * (x * x) may overflow, which a constant
/// evaluation rejects).
template <class T>
constexpr T pow_integer(const T& x, long long n) {
    if (!multiplies_integer_power(n)) [[unlikely]]
        return pow(x, static_cast<T>(n));
    if (std::is_constant_evaluated() || TYPEGRAD_KNOWN_CONSTANT(n) || n < 0) return pow_int(x, n);
    const T square = x * x;
    const T cube = x * square;
    return n == 3 ? cube : n == 2 ? square : n == 1 ? x : T(1);
}

}  // namespace typegrad::detail::math
