/// @file Defines typegrad::detail::math, the scalar functions every op's value rule calls.
#pragma once

#include <typegrad/detail/constexpr_math.hpp>

#include <cmath>
#include <type_traits>

// One entry point per function, for every scalar type: floating types go to
// detail::cmath (constexpr implementations during constant evaluation, <cmath> at run
// time), any other type (a user's scalar) to the function found by argument-dependent
// lookup, with <cmath> as fallback for integers.
namespace typegrad::detail::math {

#define TYPEGRAD_DETAIL_UNARY_MATH(fn)                 \
    template <class T>                                 \
    constexpr T fn(const T& x) {                       \
        if constexpr (std::is_floating_point_v<T>) {   \
            return ::typegrad::detail::cmath::fn(x);   \
        } else {                                       \
            using std::fn;                             \
            return fn(x);                              \
        }                                              \
    }

TYPEGRAD_DETAIL_UNARY_MATH(exp)
TYPEGRAD_DETAIL_UNARY_MATH(expm1)
TYPEGRAD_DETAIL_UNARY_MATH(log)
TYPEGRAD_DETAIL_UNARY_MATH(log1p)
TYPEGRAD_DETAIL_UNARY_MATH(sqrt)
TYPEGRAD_DETAIL_UNARY_MATH(sin)
TYPEGRAD_DETAIL_UNARY_MATH(cos)
TYPEGRAD_DETAIL_UNARY_MATH(tan)
TYPEGRAD_DETAIL_UNARY_MATH(tanh)
TYPEGRAD_DETAIL_UNARY_MATH(cosh)

#undef TYPEGRAD_DETAIL_UNARY_MATH

template <class T>
constexpr T pow(const T& x, const T& y) {
    if constexpr (std::is_floating_point_v<T>) {
        return ::typegrad::detail::cmath::pow(x, y);
    } else {
        using std::pow;
        return pow(x, y);
    }
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
    return invert ? T(1) / result : result;
}

template <class T>
constexpr bool isnan(const T& x) {
    return !(x == x);
}

}  // namespace typegrad::detail::math
