// Constexpr <cmath> transcendentals (exp, log, sin, pow, ...) that dispatch to std:: at run time.
#pragma once

// Overview
// --------
// Every public function f in typegrad::detail::cmath is
//
//     if (std::is_constant_evaluated()) return impl::f(x); else return std::f(x);
//
// so run-time speed and accuracy are exactly those of <cmath>, while constant
// evaluation (where <cmath> is not usable: clang's is not constexpr, and C++20
// guarantees nothing) uses the implementations in namespace `impl`, defined in
// detail/cmath/: float_format, double_word, series, exp_log, trig, atan_hyperbolic_pow.
//
// Implementation strategy (impl::)
// --------------------------------
// * Everything is computed in "double-W" arithmetic (an unevaluated sum hi + lo
//   of two W values, about 2p bits: ~106 for double, ~128 for x87 long double)
//   using the error-free transformations TwoSum and Dekker's TwoProd, then
//   rounded once.  The result is therefore correctly rounded unless the exact
//   value lies within ~2^-100 relative of a rounding midpoint, i.e. always
//   within 1 ulp and in practice within 0.5 ulp: checked against 2000-bit
//   mpmath values at ~80000 random points (all functions, double and x87
//   long double, |x| up to the largest finite value), max error 0.500 ulp.
// * float is evaluated as double and rounded to float once (<= 0.5 ulp plus the
//   rare double-rounding case).  long double is evaluated in
//   double-long-double, so its constexpr results are as accurate as its
//   run-time (std::) ones, not merely double-accurate.
// * Exponents are extracted / applied with std::bit_cast for IEEE binary64
//   (ldexp/frexp are not constexpr in C++20).  Types whose object
//   representation has padding (x87 long double) cannot be bit_cast in constant
//   evaluation by every compiler, so for them the same operations are done by
//   exact multiplications by powers of two.
// * Constant evaluation rejects arithmetic that overflows (g++) or creates a
//   NaN (clang), so every special value (NaN, +-inf, overflow, underflow) is
//   detected up front and returned from std::numeric_limits, never computed.
//   Special values follow IEEE 754 / C Annex F exactly (signed zeros included).
// * Subnormal results are rounded once from the double-W value at the
//   subnormal quantum (correct except for exact near-ties).
// * Argument ranges: every function is accurate over its whole domain; there
//   is no range of reduced accuracy.  sin/cos/tan use Cody-Waite reduction
//   (3-part pi/2) for |x| < 2^20 and Payne-Hanek reduction with a 16896-bit
//   table of 2/pi beyond, up to the largest finite double and long double.
// * Cost: constant evaluation interprets each floating operation (~0.1 us on
//   g++, ~1 us on clang), so one call costs roughly 0.05-0.6 ms of compile
//   time on g++ and 0.1-1.5 ms on clang (sqrt cheapest; atan and pow dearest).
//   Series use precomputed coefficients and fixed term counts to keep this
//   down; several hundred calls fit in one constant expression under clang's
//   default -fconstexpr-steps.
//
// No function throws, allocates, or touches global mutable state (the only
// namespace-scope objects are constants: the 2/pi bits and series coefficients).

#include <typegrad/detail/cmath/atan_hyperbolic_pow.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace typegrad::detail::cmath {

// ===========================================================================
// Public interface: constexpr implementation in constant evaluation, <cmath>
// otherwise.
// ===========================================================================

namespace runtime {
// e^x at run time, declared const: no side effect the caller can observe (typegrad never
// reads errno), so the compiler may compute e^x once where several rules need it, e.g.
// sigmoid's value and its partial (one exponential per call, as a hand-written gradient).
// On ELF targets with GNU compilers these are the C library's exp, expf and expl under
// other names (an asm label), so a call costs what std::exp costs; elsewhere, std::exp.
#if TYPEGRAD_HAS_CONST_EXP_LABELS
[[gnu::const]] double exp_of(double) noexcept __asm__("exp");
[[gnu::const]] float exp_of(float) noexcept __asm__("expf");
[[gnu::const]] long double exp_of(long double) noexcept __asm__("expl");
template <std::floating_point T>
inline T exp(T x) noexcept {
    return exp_of(x);
}
#else
template <std::floating_point T>
inline T exp(T x) noexcept {
    return std::exp(x);
}
#endif
}  // namespace runtime

template <std::floating_point T>
constexpr T exp(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::exp(x);
    return runtime::exp(x);
}

TYPEGRAD_CONSTEXPR_DISPATCH(expm1)
TYPEGRAD_CONSTEXPR_DISPATCH(log)
TYPEGRAD_CONSTEXPR_DISPATCH(log1p)
TYPEGRAD_CONSTEXPR_DISPATCH(sqrt)
TYPEGRAD_CONSTEXPR_DISPATCH(sin)
TYPEGRAD_CONSTEXPR_DISPATCH(cos)
TYPEGRAD_CONSTEXPR_DISPATCH(tan)
TYPEGRAD_CONSTEXPR_DISPATCH(atan)
TYPEGRAD_CONSTEXPR_DISPATCH(tanh)
TYPEGRAD_CONSTEXPR_DISPATCH(sinh)
TYPEGRAD_CONSTEXPR_DISPATCH(cosh)
TYPEGRAD_CONSTEXPR_DISPATCH(fabs)
TYPEGRAD_CONSTEXPR_DISPATCH(trunc)
TYPEGRAD_CONSTEXPR_DISPATCH(floor)

template <std::floating_point T>
constexpr T pow(T x, T y) noexcept {
    if (std::is_constant_evaluated()) return impl::pow(x, y);
    return std::pow(x, y);
}

// x^n; both paths evaluate pow(x, T(n)), so they agree for any n.
template <std::floating_point T>
constexpr T pow_int(T x, long long n) noexcept {
    if (std::is_constant_evaluated()) return impl::pow_int(x, n);
    return std::pow(x, static_cast<T>(n));
}

template <std::floating_point T>
constexpr T copysign(T x, T y) noexcept {
    if (std::is_constant_evaluated()) return impl::copysign(x, y);
    return std::copysign(x, y);
}

template <std::floating_point T>
constexpr bool isnan(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::isnan(x);
    return std::isnan(x);
}

template <std::floating_point T>
constexpr bool isinf(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::isinf(x);
    return std::isinf(x);
}

}  // namespace typegrad::detail::cmath
