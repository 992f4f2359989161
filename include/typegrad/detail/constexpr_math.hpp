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
// guarantees nothing) uses the implementations in namespace `impl`.
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

#include <typegrad/config.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace typegrad::detail::cmath {

namespace impl {

// ===========================================================================
// Properties of a working floating type W.
// ===========================================================================
template <class W>
struct fp {
    static_assert(std::numeric_limits<W>::radix == 2 && std::numeric_limits<W>::has_infinity &&
                      std::numeric_limits<W>::has_quiet_NaN,
                  "typegrad::detail::cmath needs binary floating point with inf and NaN");
    static constexpr int p = std::numeric_limits<W>::digits;              // precision in bits
    static constexpr int max_exp = std::numeric_limits<W>::max_exponent;  // 2^max_exp overflows
    static constexpr int min_exp = std::numeric_limits<W>::min_exponent;  // 2^(min_exp-1): min normal
    static constexpr W inf = std::numeric_limits<W>::infinity();
    static constexpr W nan = std::numeric_limits<W>::quiet_NaN();
    static constexpr bool binary32 = std::numeric_limits<W>::is_iec559 && p == 24 && sizeof(W) == sizeof(std::uint32_t);
    static constexpr bool binary64 = std::numeric_limits<W>::is_iec559 && p == 53 && sizeof(W) == sizeof(std::uint64_t);
};

// ===========================================================================
// Exact helpers: classification, sign, powers of two, frexp, rounding.
// ===========================================================================
template <class W>
constexpr bool isnan(W x) noexcept {
    return x != x;
}

template <class W>
constexpr bool isinf(W x) noexcept {
    return x == fp<W>::inf || x == -fp<W>::inf;
}

template <class W>
constexpr bool signbit(W x) noexcept {
    if constexpr (fp<W>::binary32) {
        return (std::bit_cast<std::uint32_t>(x) >> 31) != 0;
    } else if constexpr (fp<W>::binary64) {
        return (std::bit_cast<std::uint64_t>(x) >> 63) != 0;
    } else {
        // Decide by comparison; only zeros and NaNs need the sign bit, and their
        // conversion to double is exact and keeps it.
        if (x < 0) return true;
        if (x > 0) return false;
        return signbit(static_cast<double>(x));
    }
}

template <class W>
constexpr W fabs(W x) noexcept {
    return signbit(x) ? -x : x;
}

template <class W>
constexpr W copysign(W x, W y) noexcept {
    return signbit(x) != signbit(y) ? -x : x;
}

// 2^n exactly, for min_exp - 1 <= n <= max_exp - 1 (the normal range).
template <class W>
constexpr W pow2(int n) noexcept {
    if constexpr (fp<W>::binary64) {
        return std::bit_cast<W>(static_cast<std::uint64_t>(n + 1023) << 52);
    } else {
        // Binary exponentiation; every factor and partial product is a power of two.
        W r = 1;
        W b = n >= 0 ? W(2) : W(0.5);
        unsigned u = n >= 0 ? static_cast<unsigned>(n) : static_cast<unsigned>(-n);
        while (true) {
            if ((u & 1U) != 0) r *= b;
            u >>= 1;
            if (u == 0) break;
            b *= b;
        }
        return r;
    }
}

// x * 2^n, exact whenever the result is normal (or zero); done in steps so
// that no factor overflows.
template <class W>
constexpr W scale(W x, int n) noexcept {
    constexpr int step = fp<W>::max_exp - 2;
    while (n > step) {
        x *= pow2<W>(step);
        n -= step;
    }
    while (n < -step) {
        x *= pow2<W>(-step);
        n += step;
    }
    return x * pow2<W>(n);
}

// Constants derived from the format, evaluated once per type.
template <class W>
struct fpc {
    static constexpr W round_magic = pow2<W>(fp<W>::p - 1);         // see nearest_int
    static constexpr W splitter = pow2<W>((fp<W>::p + 1) / 2) + 1;  // see split
    static constexpr W two32 = pow2<W>(32);
};

template <class W>
struct frexp_result {
    W m;  // 0.5 <= |m| < 1
    int e;
};

// x = m * 2^e for finite nonzero x (subnormals included).
template <class W>
constexpr frexp_result<W> frexp(W x) noexcept {
    if constexpr (fp<W>::binary64) {
        auto bits = std::bit_cast<std::uint64_t>(x);
        int biased = static_cast<int>((bits >> 52) & 0x7ffU);
        int adjust = 0;
        if (biased == 0) {  // subnormal: renormalise by 2^54 first
            bits = std::bit_cast<std::uint64_t>(x * 0x1p54);
            biased = static_cast<int>((bits >> 52) & 0x7ffU);
            adjust = -54;
        }
        const W m = std::bit_cast<W>((bits & 0x800fffffffffffffULL) | (std::uint64_t{1022} << 52));
        return {m, biased - 1022 + adjust};
    } else {
        // Exact scaling by powers of two: coarse steps of 2^64, then single bits.
        W a = fabs(x);
        int e = 0;
        const W big = pow2<W>(64);
        const W small = pow2<W>(-64);
        while (a >= big) {
            a *= small;
            e += 64;
        }
        while (a < small) {
            a *= big;
            e -= 64;
        }
        while (a >= 1) {
            a *= W(0.5);
            ++e;
        }
        while (a < W(0.5)) {
            a *= 2;
            --e;
        }
        return {x < 0 ? -a : a, e};
    }
}

// Nearest integer (ties to even) for |x| < 2^(p-1): adding 2^(p-1) moves x
// into the binade whose ulp is 1, so the addition itself rounds.
template <class W>
constexpr W nearest_int(W x) noexcept {
    constexpr W c = fpc<W>::round_magic;
    return x >= 0 ? (x + c) - c : -((-x + c) - c);
}

template <class W>
constexpr W trunc(W x) noexcept {
    if (isnan(x) || isinf(x)) return x;
    const W a = fabs(x);
    if (a >= fpc<W>::round_magic) return x;  // already an integer
    W n = nearest_int(a);
    if (n > a) n -= 1;
    return signbit(x) ? -n : n;
}

template <class W>
constexpr W floor(W x) noexcept {
    const W t = trunc(x);
    return t > x ? t - 1 : t;
}

// Rounds a double result to float without the undefined out-of-range
// conversion (values >= FLT_MAX + ulp/2 round to infinity).
constexpr float narrow(double d) noexcept {
    constexpr double round_to_inf = 0x1.ffffffp127;  // 2^128 - 2^103
    constexpr double fmax = static_cast<double>(std::numeric_limits<float>::max());
    if (isnan(d)) return std::numeric_limits<float>::quiet_NaN();
    if (d >= round_to_inf) return std::numeric_limits<float>::infinity();
    if (d <= -round_to_inf) return -std::numeric_limits<float>::infinity();
    if (d > fmax) return std::numeric_limits<float>::max();
    if (d < -fmax) return -std::numeric_limits<float>::max();
    return static_cast<float>(d);
}

// ===========================================================================
// Double-W arithmetic: a value is hi + lo with |lo| <= ulp(hi)/2.
// TwoSum and TwoProd are exact for round-to-nearest binary arithmetic, which
// both constant evaluation and strict IEEE run-time arithmetic provide.
// ===========================================================================
template <class W>
struct dd {
    W hi;
    W lo;
};

template <class W>
constexpr dd<W> two_sum(W a, W b) noexcept {
    const W s = a + b;
    const W bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

template <class W>
constexpr dd<W> fast_two_sum(W a, W b) noexcept {  // requires |a| >= |b| or a == 0
    const W s = a + b;
    return {s, b - (s - a)};
}

// Dekker's split a = hi + lo with both halves of at most ceil(p/2) bits.
template <class W>
constexpr dd<W> split(W a) noexcept {
    const W t = fpc<W>::splitter * a;
    const W hi = t - (t - a);
    return {hi, a - hi};
}

// a * b = prod + err exactly.  Constant evaluation uses Dekker's algorithm
// (all partial products of the halves are exact); at run time std::fma gives
// the same exact error term and is immune to -ffp-contract rewriting.
template <class W>
constexpr dd<W> two_prod(W a, W b) noexcept {
    const W prod = a * b;
    if (!std::is_constant_evaluated()) return {prod, std::fma(a, b, -prod)};
    const dd<W> as = split(a);
    const dd<W> bs = split(b);
    const W err = ((as.hi * bs.hi - prod) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
    return {prod, err};
}

template <class W>
constexpr dd<W> neg(dd<W> a) noexcept {
    return {-a.hi, -a.lo};
}

template <class W>
constexpr dd<W> add(dd<W> a, dd<W> b) noexcept {
    dd<W> s = two_sum(a.hi, b.hi);
    const dd<W> t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return fast_two_sum(s.hi, s.lo);
}

template <class W>
constexpr dd<W> add(dd<W> a, W b) noexcept {
    dd<W> s = two_sum(a.hi, b);
    s.lo += a.lo;
    return fast_two_sum(s.hi, s.lo);
}

template <class W>
constexpr dd<W> mul(dd<W> a, dd<W> b) noexcept {
    dd<W> pr = two_prod(a.hi, b.hi);
    pr.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(pr.hi, pr.lo);
}

template <class W>
constexpr dd<W> mul(dd<W> a, W b) noexcept {
    dd<W> pr = two_prod(a.hi, b);
    pr.lo += a.lo * b;
    return fast_two_sum(pr.hi, pr.lo);
}

// Long division: three quotient digits, each from the current remainder.
template <class W>
constexpr dd<W> div(dd<W> a, dd<W> b) noexcept {
    const W q1 = a.hi / b.hi;
    dd<W> r = add(a, neg(mul(b, q1)));
    const W q2 = r.hi / b.hi;
    r = add(r, neg(mul(b, q2)));
    const W q3 = r.hi / b.hi;
    return add(fast_two_sum(q1, q2), q3);
}

// Division by a single W: one quotient correction from the exact remainder
// a.hi - q1*b (Sterbenz makes a.hi - p.hi exact).
template <class W>
constexpr dd<W> div(dd<W> a, W b) noexcept {
    const W q1 = a.hi / b;
    const dd<W> pr = two_prod(q1, b);
    const W rem = ((a.hi - pr.hi) - pr.lo) + a.lo;
    return fast_two_sum(q1, rem / b);
}

template <class W>
constexpr dd<W> scale(dd<W> a, int n) noexcept {
    return {scale(a.hi, n), scale(a.lo, n)};
}

template <class W>
constexpr W to_w(dd<W> a) noexcept {
    return a.hi + a.lo;
}

// (hi + lo) * 2^k rounded once to W, including overflow to infinity and
// correctly rounded subnormal results.
template <class W>
constexpr W round_scaled(dd<W> v, int k) noexcept {
    using F = fp<W>;
    dd<W> n = fast_two_sum(v.hi, v.lo);  // n.hi is v rounded to W
    if (n.hi == 0) return n.hi;
    const bool negative = n.hi < 0;
    if (negative) n = neg(n);
    const int e = frexp(n.hi).e + k;  // result lies in [2^(e-1), 2^e]
    W r{};
    if (e > F::max_exp) {
        r = F::inf;
    } else if (e >= F::min_exp) {
        r = scale(n.hi, k);  // normal: exact
    } else if (e < F::min_exp - F::p - 1) {
        r = 0;  // below half the smallest subnormal
    } else {
        // Subnormal: count in units of the smallest subnormal q = 2^(min_exp-p),
        // round hi + lo to an integer N (hi alone fixes it unless near a tie),
        // and return N * q, which is exact.
        const int sh = k - (F::min_exp - F::p);
        const W h = scale(n.hi, sh);  // < 2^(p-1)
        const W l = scale(n.lo, sh);
        W count = nearest_int(h);
        const W d = (h - count) + l;
        if (d > W(0.5)) {
            count += 1;
        } else if (d < W(-0.5)) {
            count -= 1;
        }
        r = count * std::numeric_limits<W>::denorm_min();
    }
    return negative ? -r : r;
}

// ===========================================================================
// Power series.  Each series is summed by Horner's rule with a fixed number
// of terms, chosen per type so that the first omitted term is below
// 2^-(2p+4) relative to the leading one over the reduced argument range.  The
// coefficients are double-W values computed once per type (no division per
// term), and the tail of terms below 2^-(p+10) relative is summed in plain W:
// its rounding errors are then below 2^-(2p+4) of the result too.  Constant
// evaluation is slow (~0.1-1 us per floating operation), so this matters.
// ===========================================================================

// Terms t_k = x^(first+step*k)/(first+step*k)! (k = 0, 1, ...): the smallest K
// with t_K/t_0 < 2^-bits.
constexpr int factorial_series_terms(double x, int first, int step, int bits) noexcept {
    const double tol = pow2<double>(-bits);
    double ratio = 1;
    int k = 0;
    int n = first;
    while (ratio >= tol) {
        for (int j = 0; j < step; ++j) ratio *= x / ++n;
        ++k;
    }
    return k;
}

// Terms t_k = z^(2k+1)/(2k+1): the smallest K with t_K/t_0 < 2^-bits.
constexpr int odd_series_terms(double z, int bits) noexcept {
    const double tol = pow2<double>(-bits);
    double zk = 1;
    int k = 0;
    while (zk / (2 * k + 1) >= tol) {
        zk *= z * z;
        ++k;
    }
    return k;
}

// Bounds of the reduced arguments fed to each series (with a small margin).
inline constexpr double expm1_arg_max = 0.35;   // |r| <= ln2/2 = 0.3466
inline constexpr double trig_arg_max = 0.786;   // |r| <= pi/4 = 0.7854
inline constexpr double atanh_arg_max = 0.172;  // |s| <= (sqrt2-1)/(sqrt2+1) = 0.1716
inline constexpr double atan_arg_max = 0.099;   // |t| <= tan(pi/32) = 0.0985

// A series: `terms` terms in all, the first `dd_terms` of them in double-W.
struct series_length {
    int terms;
    int dd_terms;
};

template <class W>
struct series {
    static constexpr int full = 2 * fp<W>::p + 4;  // bits
    static constexpr int head = fp<W>::p + 10;
    static constexpr series_length expm1 = {factorial_series_terms(expm1_arg_max, 1, 1, full),
                                            factorial_series_terms(expm1_arg_max, 1, 1, head)};
    static constexpr series_length sin = {factorial_series_terms(trig_arg_max, 1, 2, full),
                                          factorial_series_terms(trig_arg_max, 1, 2, head)};
    static constexpr series_length cos = {factorial_series_terms(trig_arg_max, 0, 2, full),
                                          factorial_series_terms(trig_arg_max, 0, 2, head)};
    static constexpr series_length atanh = {odd_series_terms(atanh_arg_max, full),
                                            odd_series_terms(atanh_arg_max, head)};
    static constexpr series_length atan = {odd_series_terms(atan_arg_max, full), odd_series_terms(atan_arg_max, head)};
    // Largest 1/n! index used by expm1 (n = terms), sin (2 terms - 1), cos (2 terms - 2).
    static constexpr int max_factorial = std::max({expm1.terms, 2 * sin.terms - 1, 2 * cos.terms - 2});
    static constexpr int max_odd = std::max(atanh.terms, atan.terms);
};

template <class W, int N>
struct dd_table {
    dd<W> v[N];
};

// 1/n! for n = 0 .. N-1, each from the previous by an accurate division.
template <class W, int N>
constexpr dd_table<W, N> make_inv_factorials() noexcept {
    dd_table<W, N> t{};
    t.v[0] = {1, 0};
    for (int n = 1; n < N; ++n) t.v[n] = div(t.v[n - 1], W(n));
    return t;
}

// 1/(2k+1) for k = 0 .. N-1.
template <class W, int N>
constexpr dd_table<W, N> make_inv_odds() noexcept {
    dd_table<W, N> t{};
    for (int k = 0; k < N; ++k) t.v[k] = div(dd<W>{1, 0}, W(2 * k + 1));
    return t;
}

template <class W>
inline constexpr auto inv_factorial = make_inv_factorials<W, series<W>::max_factorial + 1>();
template <class W>
inline constexpr auto inv_odd = make_inv_odds<W, series<W>::max_odd>();

// sum_{k < len.terms} c_k z^k with c_k = (-1)^(k if alternate) table[first + step*k].
// Each partial sum dominates the next term (|z| < 1, decreasing c_k), so
// no step cancels.  The double-W step acc = acc*z + c_k is written out
// (Dekker product with z split once, then TwoSum) because function calls are
// a large part of the cost of constant evaluation.
template <class W, int N>
constexpr dd<W> horner(const dd_table<W, N>& table, int first, int step, series_length len, bool alternate,
                       dd<W> z) noexcept {
    auto coef = [&](int k) {
        const dd<W> c = table.v[first + step * k];
        return (alternate && (k & 1) != 0) ? neg(c) : c;
    };
    // Tail k >= dd_terms in W (relative size < 2^-(p+10)).
    W tail = 0;
    for (int k = len.terms - 1; k >= len.dd_terms; --k) tail = tail * z.hi + coef(k).hi;
    const dd<W> zs = split(z.hi);
    dd<W> acc{tail, 0};
    for (int k = len.dd_terms - 1; k >= 0; --k) {
        const dd<W> c = coef(k);
        // (p, e) = acc * z exactly up to the acc.lo, z.lo cross terms.
        const W p = acc.hi * z.hi;
        const W u = fpc<W>::splitter * acc.hi;
        const W a1 = u - (u - acc.hi);
        const W a2 = acc.hi - a1;
        W e = ((a1 * zs.hi - p) + a1 * zs.lo + a2 * zs.hi) + a2 * zs.lo;
        e += acc.hi * z.lo + acc.lo * z.hi;
        // acc = (p + e) + c via TwoSum of the leading parts.
        const W s = p + c.hi;
        const W bb = s - p;
        const W err = ((p - (s - bb)) + (c.hi - bb)) + (e + c.lo);
        acc.hi = s + err;
        acc.lo = err - (acc.hi - s);
    }
    return acc;
}

// ===========================================================================
// Constants, stored as three doubles (~160 bits) so that they serve both
// double-double and double-long-double; the parts are exact binary64 values.
// ===========================================================================
inline constexpr double ln2_1 = 0x1.62e42fefa39efp-1;
inline constexpr double ln2_2 = 0x1.abc9e3b39803fp-56;
inline constexpr double ln2_3 = 0x1.7b57a079a1934p-111;
inline constexpr double pio2_1 = 0x1.921fb54442d18p+0;
inline constexpr double pio2_2 = 0x1.1a62633145c07p-54;
inline constexpr double pio2_3 = -0x1.f1976b7ed8fbcp-110;

template <class W>
constexpr dd<W> pio2_dd() noexcept {
    return add(two_sum(W(pio2_1), W(pio2_2)), W(pio2_3));
}

template <class W>
inline constexpr W inv_ln2 = W(1.442695040888963407359924681001892137L);
template <class W>
inline constexpr W two_over_pi = W(0.6366197723675813430755350534900574481378L);

// Bits of 2/pi after the binary point, 32 per word, most significant first
// (word 0 holds bits 1..32).  16896 bits cover Payne-Hanek reduction of every
// finite x87 long double and binary128 value, not just binary64.
inline constexpr std::uint32_t two_over_pi_bits[] = {
    0xA2F9836E, 0x4E441529, 0xFC2757D1, 0xF534DDC0, 0xDB629599, 0x3C439041, 0xFE5163AB, 0xDEBBC561, 0xB7246E3A,
    0x424DD2E0, 0x06492EEA, 0x09D1921C, 0xFE1DEB1C, 0xB129A73E, 0xE88235F5, 0x2EBB4484, 0xE99C7026, 0xB45F7E41,
    0x3991D639, 0x835339F4, 0x9C845F8B, 0xBDF9283B, 0x1FF897FF, 0xDE05980F, 0xEF2F118B, 0x5A0A6D1F, 0x6D367ECF,
    0x27CB09B7, 0x4F463F66, 0x9E5FEA2D, 0x7527BAC7, 0xEBE5F17B, 0x3D0739F7, 0x8A5292EA, 0x6BFB5FB1, 0x1F8D5D08,
    0x56033046, 0xFC7B6BAB, 0xF0CFBC20, 0x9AF4361D, 0xA9E39161, 0x5EE61B08, 0x6599855F, 0x14A06840, 0x8DFFD880,
    0x4D732731, 0x06061556, 0xCA73A8C9, 0x60E27BC0, 0x8C6B47C4, 0x19C367CD, 0xDCE8092A, 0x8359C476, 0x8B961CA6,
    0xDDAF44D1, 0x5719053E, 0xA5FF0705, 0x3F7E33E8, 0x32C2DE4F, 0x98327DBB, 0xC33D26EF, 0x6B1E5EF8, 0x9F3A1F35,
    0xCAF27F1D, 0x87F12190, 0x7C7C246A, 0xFA6ED577, 0x2D30433B, 0x15C614B5, 0x9D19C3C2, 0xC4AD414D, 0x2C5D000C,
    0x467D862D, 0x71E39AC6, 0x9B006233, 0x7CD2B497, 0xA7B4D555, 0x37F63ED7, 0x1810A3FC, 0x764D2A9D, 0x64ABD770,
    0xF87C6357, 0xB07AE715, 0x175649C0, 0xD9D63B38, 0x84A7CB23, 0x24778AD6, 0x23545AB9, 0x1F001B0A, 0xF1DFCE19,
    0xFF319F6A, 0x1E666157, 0x9947FBAC, 0xD87F7EB7, 0x652289E8, 0x3260BFE6, 0xCDC4EF09, 0x366CD43F, 0x5DD7DE16,
    0xDE3B5892, 0x9BDE2822, 0xD2E88628, 0x4D58E232, 0xCAC616E3, 0x08CB7DE0, 0x50C017A7, 0x1DF35BE0, 0x1834132E,
    0x62128301, 0x48835B8E, 0xF57FB0AD, 0xF2E91E43, 0x4A48D367, 0x10D8DDAA, 0x425FAECE, 0x616AA428, 0x0AB499D3,
    0xF2A6067F, 0x775C83C2, 0xA3883C61, 0x78738A5A, 0x8CAFBDD7, 0x6F63A62D, 0xCBBFF4EF, 0x818D67C1, 0x2645CA55,
    0x36D9CAD2, 0xA8288D61, 0xC277C912, 0x1426049B, 0x4612C459, 0xC444C5C8, 0x91B24DF3, 0x1700AD43, 0xD4E54929,
    0x10D5FDFC, 0xBE00CC94, 0x1EEECE70, 0xF53E1380, 0xF1ECC3E7, 0xB328F8C7, 0x9405933E, 0x71C1B309, 0x2EF3450B,
    0x9C12887B, 0x20AB9FB5, 0x2EC29247, 0x2F327B6D, 0x550C90A7, 0x721FE76B, 0x96CB314A, 0x1679E279, 0x4189DFF4,
    0x9794E884, 0xE6E29731, 0x996BED88, 0x365F5F0E, 0xFDBBB49A, 0x486CA467, 0x42727132, 0x5D8DB815, 0x9F09E5BC,
    0x25318D39, 0x74F71C05, 0x30010C0D, 0x68084B58, 0xEE2C90AA, 0x4702E774, 0x24D6BDA6, 0x7DF77248, 0x6EEF169F,
    0xA6948EF6, 0x91B45153, 0xD1F20ACF, 0x3398207E, 0x4BF56863, 0xB25F3EDD, 0x035D407F, 0x89852952, 0x55C06437,
    0x10D86D32, 0x4832754C, 0x5BD4714E, 0x6E5445C1, 0x090B69F5, 0x2AD56614, 0x9D072750, 0x045DDB3B, 0xB4C576EA,
    0x17F9877D, 0x6B49BA27, 0x1D296996, 0xACCCC654, 0x14AD6AE2, 0x9089D988, 0x50722CBE, 0xA4049407, 0x777030F3,
    0x27FC00A8, 0x71EA49C2, 0x663DE064, 0x83DD9797, 0x3FA3FD94, 0x438C860D, 0xDE41319D, 0x39928C70, 0xDDE7B717,
    0x3BDF082B, 0x3715A080, 0x5C93805A, 0x921110D8, 0xE80FAF80, 0x6C4BFFDB, 0x0F903876, 0x185915A5, 0x62BBCB61,
    0xB989C7BD, 0x401004F2, 0xD2277549, 0xF6B6EBBB, 0x22DBAA14, 0x0A2F2689, 0x76836433, 0x3B091A94, 0x0EAA3A51,
    0xC2A31DAE, 0xEDAF1226, 0x5C4DC26D, 0x9C7A2D97, 0x56C0833F, 0x03F6F009, 0x8C402B99, 0x316D07B4, 0x3915200C,
    0x5BC3D8C4, 0x92F54BAD, 0xC6A5CA4E, 0xCD37A736, 0xA9E69492, 0xAB6842DD, 0xDE6319EF, 0x8C76528B, 0x6837DBFC,
    0xABA1AE31, 0x15DFA1AE, 0x00DAFB0C, 0x664D64B7, 0x05ED3065, 0x29BF5657, 0x3AFF47B9, 0xF96AF3BE, 0x75DF9328,
    0x3080ABF6, 0x8C6615CB, 0x040622FA, 0x1DE4D9A4, 0xB33D8F1B, 0x5709CD36, 0xE9424EA4, 0xBE13B523, 0x331AAAF0,
    0xA8654FA5, 0xC1D20F3F, 0x0BCD785B, 0x76F92304, 0x8B7B7217, 0x8953A6C6, 0xE26E6F00, 0xEBEF584A, 0x9BB7DAC4,
    0xBA66AACF, 0xCF761D02, 0xD12DF1B1, 0xC1998C77, 0xADC3DA48, 0x86A05DF7, 0xF480C62F, 0xF0AC9AEC, 0xDDBC5C3F,
    0x6DDED01F, 0xC790B6DB, 0x2A3A25A3, 0x9AAF0093, 0x53AD0457, 0xB6B42D29, 0x7E804BA7, 0x07DA0EAA, 0x76A1597B,
    0x2A12162D, 0xB7DCFDE5, 0xFAFEDB89, 0xFDBE896C, 0x76E4FCA9, 0x0670803E, 0x156E85FF, 0x87FD073E, 0x28336761,
    0x86182AEA, 0xBD4DAFE7, 0xB36E6D8F, 0x3967955B, 0xBF3148D7, 0x8416DF30, 0x432DC735, 0x6125CE70, 0xC9B8CB30,
    0xFD6CBFA2, 0x00A4E46C, 0x05A0DD5A, 0x476F21D2, 0x1262845C, 0xB9496170, 0xE0566B01, 0x52993755, 0x50B7D51E,
    0xC4F1335F, 0x6E13E430, 0x5DA92E85, 0xC3B21D36, 0x32A1A4B7, 0x08D4B1EA, 0x21F716E4, 0x698F77FF, 0x2780030C,
    0x2D408DA0, 0xCD4F99A5, 0x20D3A2B3, 0x0A5D2F42, 0xF9B4CBDA, 0x11D0BE7D, 0xC1DB9BBD, 0x17AB81A2, 0xCA5C6A08,
    0x17552E55, 0x0027F014, 0x7F8607E1, 0x640B148D, 0x4196DEBE, 0x872AFDDA, 0xB6256B34, 0x897BFEF3, 0x059EBFB9,
    0x4F6A68A8, 0x2A4A5AC4, 0x4FBCF82D, 0x985AD795, 0xC7F48D4D, 0x0DA63A20, 0x5F57A4B1, 0x3F149538, 0x800120CC,
    0x86DD71B6, 0xDEC9F560, 0xBF11654D, 0x6B0701AC, 0xB08CD0C0, 0xB2485551, 0x0EFB1EC3, 0x72953B06, 0xA33540C0,
    0x7BDC06CC, 0x45E0FA29, 0x4EC8CAD6, 0x41F3E8DE, 0x647CD864, 0x9B31BED9, 0xC397A4D4, 0x5877C5E3, 0x6913DAF0,
    0x3C3ABA46, 0x18465F75, 0x55F5BDD2, 0xC6926E5D, 0x2EACED44, 0x0E423E1C, 0x87C461E9, 0xFD29F3D6, 0xE7CA7C22,
    0x35916FC5, 0xE0088DD7, 0xFFE26A6E, 0xC6FDB0C1, 0x0893745D, 0x7CB2AD6B, 0x9D6ECD7B, 0x723E6A11, 0xC6A9CFF7,
    0xDF7329BA, 0xC9B55100, 0xB70DB2E2, 0x24BA7460, 0x7DE58AD8, 0x742C150D, 0x0C188194, 0x667E1629, 0x01767A9F,
    0xBEFDFDEF, 0x4556367E, 0xD913D9EC, 0xB9BA8BFC, 0x97C427A8, 0x31C36EF1, 0x36C59456, 0xA8D8B5A8, 0xB40ECCCF,
    0x2D891234, 0x576F8956, 0x2CE3CE99, 0xB920D6AA, 0x5E6B9C2A, 0x3ECC5F11, 0x4A0BFDFB, 0xF4E16D3B, 0x8E2C86E2,
    0x84D4E9A9, 0xB4FCD1EE, 0xEFC9352E, 0x61392F44, 0x2138C8D9, 0x1B0AFC81, 0x6A4AFBD8, 0x1C2F84B4, 0x538C994E,
    0xCC2254DC, 0x552AD6C6, 0xC096190B, 0xB8701A64, 0x9569605A, 0x26EE523F, 0x0F117F11, 0xB5F4F5CB, 0xFC2DBC34,
    0xEEBC34CC, 0x5DE8605E, 0xDD9B8E67, 0xEF3392B8, 0x17C99B58, 0x61BC57E1, 0xC6835110, 0x3ED84871, 0xDDDD1C2D,
    0xA118AF46, 0x2C21D7F3, 0x59987AD9, 0xC0549EFA, 0x864FFC06, 0x56AE79E5, 0x36228922, 0xAD38DC93, 0x67AAE855,
    0x3826829B, 0xE7CAA40D, 0x51B13399, 0x0ED7A948, 0x0569F0B2, 0x65A7887F, 0x974C8836, 0xD1F9B392, 0x214A827B,
    0x21CF98DC, 0x9F405547, 0xDC3A74E1, 0x42EB67DF, 0x9DFE5FD4, 0x5EA4677B, 0x7AACBAA2, 0xF6552388, 0x2B55BA41,
    0x086E5986, 0x2A218347, 0x39E6E389, 0xD49EE540, 0xFB49E956, 0xFFCA0F1C, 0x8A59C52B, 0xFA94C5C1, 0xD3CFC50F,
    0xAE5ADB86, 0xC5476243, 0x853B8621, 0x94792C87, 0x61107B4C, 0x2A1A2C80, 0x12BF4390, 0x2688893C, 0x78E4C4A8,
    0x7BDBE5C2, 0x3AC4EAF4, 0x268A67F7, 0xBF920D2B, 0xA365B193, 0x3D0B7CBD, 0xDC51A463, 0xDD27DDE1, 0x6919949A,
    0x9529A828, 0xCE68B4ED, 0x09209F44, 0xCA984E63, 0x8270237C, 0x7E32B90F, 0x8EF5A7E7, 0x561408F1, 0x212A9DB5,
    0x4D7E6F51, 0x19A5ABF9, 0xB5D6DF82, 0x61DD9602, 0x36169F3A, 0xC4A1A283, 0x6DED727A, 0x8D39A9B8, 0x825C326B,
    0x5B2746ED, 0x34007700, 0xD255F4FC, 0x4D590180, 0x71E0E13F, 0x89B295F3, 0x64A8F1AE, 0xA74B38FC, 0x4CEAB2BB,
    0x47270BAB, 0xC3A734BA, 0x6052DD34, 0xF8563AEB, 0x7E8A31BB, 0x365895B7,
};
inline constexpr int two_over_pi_words = static_cast<int>(sizeof(two_over_pi_bits) / sizeof(two_over_pi_bits[0]));

// ===========================================================================
// exp / expm1
// ===========================================================================

// e^r - 1 = r (1 + r/2! + r^2/3! + ...), for |r| <= 0.35.
template <class W>
constexpr dd<W> expm1_taylor(dd<W> r) noexcept {
    return mul(horner(inv_factorial<W>, 1, 1, series<W>::expm1, false, r), r);
}

template <class W>
struct scaled {
    dd<W> m;  // value = m * 2^k, 1/sqrt(2) <~ m <~ sqrt(2)
    int k;
};

// e^x for a double-W argument with |x| below ~2^20 (callers bound it).
// Cody-Waite reduction x = k*ln2 + r, |r| <= ln2/2: the products k*ln2_i are
// formed exactly with TwoProd, so r carries ~2p correct bits; then
// e^x = 2^k * e^r with e^r from its Taylor series.
template <class W>
constexpr scaled<W> exp_core(dd<W> x) noexcept {
    const W k = nearest_int(x.hi * inv_ln2<W>);
    dd<W> r = add(x, neg(two_prod(k, W(ln2_1))));
    r = add(r, neg(two_prod(k, W(ln2_2))));
    r = add(r, -(k * W(ln2_3)));
    return {add(expm1_taylor(r), W(1)), static_cast<int>(k)};
}

template <std::floating_point T>
constexpr T exp(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(exp(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        // Beyond these bounds the result is certainly inf / 0 (this also covers
        // +-inf); closer cases are decided exactly by round_scaled.
        if (x > T(F::max_exp + 1) * T(ln2_1)) return F::inf;
        if (x < T(F::min_exp - F::p - 2) * T(ln2_1)) return T(0);
        const scaled<T> s = exp_core(dd<T>{x, 0});
        return round_scaled(s.m, s.k);
    }
}

// e^x - 1 as double-W for moderate |x| (|x| <~ 2p ln2): the Taylor series near
// 0 avoids the cancellation of e^x - 1.
template <class W>
constexpr dd<W> expm1_dd(W x) noexcept {
    if (fabs(x) < W(0.34)) return expm1_taylor(dd<W>{x, 0});
    const scaled<W> s = exp_core(dd<W>{x, 0});
    return add(scale(s.m, s.k), W(-1));
}

template <std::floating_point T>
constexpr T expm1(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(expm1(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (x > T(F::max_exp + 1) * T(ln2_1)) return F::inf;
        // e^x < 2^-(p+2): -1 + e^x rounds to -1 (covers -inf).
        if (x < -T(F::p + 2) * T(ln2_1)) return T(-1);
        // |x| < 2^-(p+2): x + x^2/2 rounds to x (keeps -0 and subnormals exact).
        if (fabs(x) < pow2<T>(-F::p - 2)) return x;
        if (fabs(x) < T(0.34)) return to_w(expm1_taylor(dd<T>{x, 0}));
        const scaled<T> s = exp_core(dd<T>{x, 0});
        // For large k the -1 is far below the rounding precision of e^x.
        if (s.k > 2 * F::p + 4) return round_scaled(s.m, s.k);
        return to_w(add(scale(s.m, s.k), T(-1)));
    }
}

// ===========================================================================
// log / log1p
// ===========================================================================

// log(a) for a finite positive double-W a.  a = m * 2^e with m in
// [1/sqrt2, sqrt2); log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...) with
// s = (m-1)/(m+1), |s| <= 0.172, so s^2 <= 0.0295 and the series converges
// fast; m - 1 is exact, so there is no cancellation near a = 1.
template <class W>
constexpr dd<W> log_dd(dd<W> a) noexcept {
    const frexp_result<W> fr = frexp(a.hi);
    W m = fr.m;
    W ml = scale(a.lo, -fr.e);
    int e = fr.e;
    if (m < W(0.70710678118654752440L)) {
        m *= 2;
        ml *= 2;
        e -= 1;
    }
    const dd<W> num = add(dd<W>{m - 1, 0}, ml);
    const dd<W> den = add(two_sum(m, W(1)), ml);
    const dd<W> s = div(num, den);
    // atanh s = s (1 + s^2/3 + s^4/5 + ...)
    const dd<W> sum = mul(horner(inv_odd<W>, 0, 1, series<W>::atanh, false, mul(s, s)), s);
    const W ew = W(e);  // exact; e * ln2 is formed exactly part by part
    dd<W> res = two_prod(ew, W(ln2_1));
    res = add(res, two_prod(ew, W(ln2_2)));
    res = add(res, ew * W(ln2_3));
    return add(res, scale(sum, 1));
}

template <std::floating_point T>
constexpr T log(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(log(static_cast<double>(x)));
    } else {
        if (isnan(x)) return x;
        if (x < 0) return fp<T>::nan;
        if (x == 0) return -fp<T>::inf;
        if (isinf(x)) return x;
        return to_w(log_dd(dd<T>{x, 0}));
    }
}

template <std::floating_point T>
constexpr T log1p(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(log1p(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (x < -1) return F::nan;
        if (x == -1) return -F::inf;
        if (isinf(x)) return x;
        // |x| < 2^-(p+2): x - x^2/2 rounds to x.
        if (fabs(x) < pow2<T>(-F::p - 2)) return x;
        // 1 + x is exact as a double-W value, so log_dd sees no rounding error.
        return to_w(log_dd(two_sum(T(1), x)));
    }
}

// ===========================================================================
// sqrt
// ===========================================================================
template <std::floating_point T>
constexpr T sqrt(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(sqrt(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (x == 0) return x;  // keeps the sign of -0
        if (x < 0) return F::nan;
        if (isinf(x)) return x;
        // x = m * 2^e with e even and m in [0.5, 2): sqrt(x) = sqrt(m) * 2^(e/2).
        const frexp_result<T> fr = frexp(x);
        T m = fr.m;
        int e = fr.e;
        if ((e & 1) != 0) {
            m *= 2;
            e -= 1;
        }
        // Initial guess from the bits of m as a double (halving the biased
        // exponent, ~4% error), then Newton's iteration g <- (g + m/g)/2 which
        // doubles the number of correct bits each step.
        const double md = static_cast<double>(m);
        double gd = std::bit_cast<double>((std::bit_cast<std::uint64_t>(md) >> 1) + 0x1ff7a3bea91d9b1bULL);
        for (int i = 0; i < 6; ++i) gd = 0.5 * (gd + md / gd);
        T g = static_cast<T>(gd);
        for (int i = 0; i < 2; ++i) g = T(0.5) * (g + m / g);
        // Correction: g is the correctly rounded root iff
        // (g - ulp_below/2)^2 < m < (g + ulp_above/2)^2.  R = m - g^2 is exact as
        // a double-W value (TwoProd, Sterbenz), and the midpoint tests are exact
        // because all terms are multiples of (ulp/2)^2 spanning < 2p bits.
        for (int iter = 0; iter < 4; ++iter) {
            const T up = g >= 1 ? pow2<T>(1 - F::p) : pow2<T>(-F::p);
            const T down = g > 1 ? pow2<T>(1 - F::p) : pow2<T>(-F::p);
            const dd<T> g2 = two_prod(g, g);
            const dd<T> r = two_sum(m - g2.hi, -g2.lo);
            // m - (g + up/2)^2 = R - g*up - up^2/4
            const dd<T> du = add(add(r, -(g * up)), -(up * up * T(0.25)));
            if (du.hi > 0) {
                g += up;
                continue;
            }
            // m - (g - down/2)^2 = R + g*down - down^2/4
            const dd<T> dl = add(add(r, g * down), -(down * down * T(0.25)));
            if (dl.hi < 0) {
                g -= down;
                continue;
            }
            break;
        }
        return scale(g, e / 2);
    }
}

// sqrt of a double-W value with hi in [1, 2] (all atan needs): Newton's
// iteration from g = (1 + a)/2 (error < 6%, doubling the correct bits each
// step) gives ~p bits; one double-W correction (a - s^2)/(2s) doubles that.
template <class W>
constexpr dd<W> sqrt_dd(dd<W> a) noexcept {
    W s = W(0.5) * (1 + a.hi);
    for (int i = 0; i < 6; ++i) s = W(0.5) * (s + a.hi / s);
    const dd<W> s2 = two_prod(s, s);
    const dd<W> r = add(add(dd<W>{a.hi - s2.hi, 0}, -s2.lo), a.lo);
    return fast_two_sum(s, r.hi / (2 * s));
}

// ===========================================================================
// sin / cos / tan: reduction x = q*pi/2 + r, |r| <~ pi/4, then Taylor series.
// ===========================================================================
template <class W>
struct reduced {
    dd<W> r;
    int q;  // quadrant, 0..3
};

// Bits start .. start+31 of 2/pi (bit 1 is the first after the binary point;
// bits at positions < 1 or beyond the table are 0).
constexpr std::uint32_t two_over_pi_word(int i) noexcept {
    return (i < 0 || i >= two_over_pi_words) ? 0U : two_over_pi_bits[i];
}

constexpr std::uint32_t two_over_pi_bits32(int start) noexcept {
    const int b = start - 1;
    const int w = b >= 0 ? b / 32 : -((-b + 31) / 32);  // floor(b / 32)
    const int off = b - 32 * w;                         // 0..31
    const std::uint64_t cat = (std::uint64_t{two_over_pi_word(w)} << 32) | std::uint64_t{two_over_pi_word(w + 1)};
    return static_cast<std::uint32_t>((cat << off) >> 32);
}

// Payne-Hanek reduction for large a > 0.  With a = M * 2^E (M an integer of
// nl 32-bit limbs), a*2/pi mod 4 only needs the bits of 2/pi from position
// E-31 on (earlier bits contribute multiples of 2^32 * M).  A window of nw
// words of 2/pi is multiplied exactly by M; the product has its binary point
// on a limb boundary, the integer limb gives the quadrant and the nw-1
// fraction limbs (256 spare bits beyond the worst cancellation) give r.
template <class W>
constexpr reduced<W> payne_hanek(W a) noexcept {
    using F = fp<W>;
    constexpr int nl = (F::p + 31) / 32;
    constexpr int nw = nl + 8;
    static_assert((F::max_exp - 31 + 32 * nw + 32) / 32 < two_over_pi_words,
                  "2/pi table too short for this floating type");
    const frexp_result<W> fr = frexp(a);
    std::uint32_t mant[static_cast<std::size_t>(nl)] = {};  // little-endian limbs of M
    W f = fr.m;
    for (int i = nl - 1; i >= 0; --i) {
        f *= fpc<W>::two32;
        const W digit = trunc(f);
        mant[i] = static_cast<std::uint32_t>(digit);
        f -= digit;
    }
    const int e_int = fr.e - 32 * nl;  // a = M * 2^e_int
    const int start = e_int - 31;
    std::uint32_t win[static_cast<std::size_t>(nw)] = {};  // little-endian window of 2/pi
    for (int j = 0; j < nw; ++j) win[nw - 1 - j] = two_over_pi_bits32(start + 32 * j);
    std::uint32_t prod[static_cast<std::size_t>(nl + nw)] = {};
    for (int i = 0; i < nl; ++i) {
        std::uint64_t carry = 0;
        for (int j = 0; j < nw; ++j) {
            const std::uint64_t t = std::uint64_t{mant[i]} * win[j] + prod[i + j] + carry;
            prod[i + j] = static_cast<std::uint32_t>(t);
            carry = t >> 32;
        }
        prod[i + nw] = static_cast<std::uint32_t>(carry);
    }
    // a*2/pi = prod * 2^(32 - 32*nw): limbs 0..nw-2 are the fraction.
    int q = static_cast<int>(prod[nw - 1] & 3U);
    const bool upper_half = (prod[nw - 2] >> 31) != 0;
    if (upper_half) {  // fraction f >= 1/2: use f - 1 = -(1 - f), next quadrant
        q = (q + 1) & 3;
        std::uint64_t c = 1;
        for (int j = 0; j <= nw - 2; ++j) {
            const std::uint64_t v = std::uint64_t{static_cast<std::uint32_t>(~prod[j])} + c;
            prod[j] = static_cast<std::uint32_t>(v);
            c = v >> 32;
        }
    }
    // The fraction as double-W: from the leading nonzero limb, enough limbs for
    // 2p bits plus a spare one (each limb times its power of two is exact).
    int top = nw - 2;
    while (top > 0 && prod[top] == 0) --top;
    const int last = std::max(0, top - (2 * F::p + 63) / 32);
    dd<W> frac{0, 0};
    for (int j = top; j >= last; --j) frac = add(frac, W(prod[j]) * pow2<W>(-32 * (nw - 1 - j)));
    dd<W> r = mul(frac, pio2_dd<W>());
    if (upper_half) r = neg(r);
    return {r, q};
}

template <class W>
constexpr reduced<W> rem_pio2(W x) noexcept {
    const W a = fabs(x);
    if (a < W(0.78)) return {{x, 0}, 0};
    if (a < pow2<W>(20)) {
        // Cody-Waite with pi/2 split in three parts; k*P_i exact via TwoProd, so
        // r = x - k*pi/2 keeps ~2p bits even when it cancels heavily.
        const W k = nearest_int(x * two_over_pi<W>);
        dd<W> r = add(two_prod(k, W(-pio2_1)), x);
        r = add(r, neg(two_prod(k, W(pio2_2))));
        r = add(r, -(k * W(pio2_3)));
        return {r, static_cast<int>(static_cast<long long>(k) & 3)};
    }
    reduced<W> red = payne_hanek(a);
    if (x < 0) {
        red.r = neg(red.r);
        red.q = (4 - red.q) & 3;
    }
    return red;
}

// sin r = r (1 - r^2/3! + r^4/5! - ...), |r| <= pi/4.
template <class W>
constexpr dd<W> sin_taylor(dd<W> r) noexcept {
    return mul(horner(inv_factorial<W>, 1, 2, series<W>::sin, true, mul(r, r)), r);
}

// cos r = 1 - r^2/2! + r^4/4! - ..., |r| <= pi/4.
template <class W>
constexpr dd<W> cos_taylor(dd<W> r) noexcept {
    return horner(inv_factorial<W>, 0, 2, series<W>::cos, true, mul(r, r));
}

template <std::floating_point T>
constexpr T sin(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(sin(static_cast<double>(x)));
    } else {
        if (isnan(x)) return x;
        if (isinf(x)) return fp<T>::nan;
        // sin x = x - x^3/6 rounds to x for |x| < 2^-((p+3)/2).
        if (fabs(x) < pow2<T>(-(fp<T>::p + 3) / 2)) return x;
        const reduced<T> red = rem_pio2(x);
        switch (red.q) {
            case 0:
                return to_w(sin_taylor(red.r));
            case 1:
                return to_w(cos_taylor(red.r));
            case 2:
                return -to_w(sin_taylor(red.r));
            default:
                return -to_w(cos_taylor(red.r));
        }
    }
}

template <std::floating_point T>
constexpr T cos(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(cos(static_cast<double>(x)));
    } else {
        if (isnan(x)) return x;
        if (isinf(x)) return fp<T>::nan;
        // cos x = 1 - x^2/2 rounds to 1 for |x| < 2^-(p/2+1).
        if (fabs(x) < pow2<T>(-(fp<T>::p / 2 + 1))) return T(1);
        const reduced<T> red = rem_pio2(x);
        switch (red.q) {
            case 0:
                return to_w(cos_taylor(red.r));
            case 1:
                return -to_w(sin_taylor(red.r));
            case 2:
                return -to_w(cos_taylor(red.r));
            default:
                return to_w(sin_taylor(red.r));
        }
    }
}

template <std::floating_point T>
constexpr T tan(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(tan(static_cast<double>(x)));
    } else {
        if (isnan(x)) return x;
        if (isinf(x)) return fp<T>::nan;
        // tan x = x + x^3/3 rounds to x for |x| < 2^-((p+3)/2).
        if (fabs(x) < pow2<T>(-(fp<T>::p + 3) / 2)) return x;
        const reduced<T> red = rem_pio2(x);
        const dd<T> s = sin_taylor(red.r);
        const dd<T> c = cos_taylor(red.r);
        if ((red.q & 1) == 0) return to_w(div(s, c));
        if (s.hi == 0) return fp<T>::inf;  // unreachable for finite x (pi/2 is irrational)
        return -to_w(div(c, s));           // tan(r + pi/2) = -cot(r)
    }
}

// ===========================================================================
// atan
// ===========================================================================
template <std::floating_point T>
constexpr T atan(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(atan(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        const T a = fabs(x);
        // atan x = x - x^3/3 rounds to x for |x| < 2^-((p+3)/2).
        if (a < pow2<T>(-(F::p + 3) / 2)) return x;
        dd<T> res{};
        if (isinf(x) || a > pow2<T>(2 * F::p + 2)) {
            res = pio2_dd<T>();  // pi/2 - 1/a is pi/2 to ~2p bits
        } else {
            // atan(a) = pi/2 - atan(1/a) for a > 1, so t <= 1.  Three argument
            // halvings tan(h/2) = t / (1 + sqrt(1 + t^2)) give t <= tan(pi/32) ~ 0.098,
            // then atan t = t - t^3/3 + t^5/5 - ... (ratio t^2 < 0.0097).
            dd<T> t = a <= 1 ? dd<T>{a, 0} : div(dd<T>{1, 0}, dd<T>{a, 0});
            for (int i = 0; i < 3; ++i) t = div(t, add(sqrt_dd(add(mul(t, t), T(1))), T(1)));
            const dd<T> sum = mul(horner(inv_odd<T>, 0, 1, series<T>::atan, true, mul(t, t)), t);
            res = scale(sum, 3);
            if (a > 1) res = add(pio2_dd<T>(), neg(res));
        }
        const T r = to_w(res);
        return x < 0 ? -r : r;
    }
}

// ===========================================================================
// tanh / sinh / cosh
// ===========================================================================
template <std::floating_point T>
constexpr T tanh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(tanh(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        const T a = fabs(x);
        // 1 - tanh a ~ 2 e^(-2a) < 2^-(p+1) (half an ulp below 1) once
        // a > (p+2) ln2 / 2, about 19.1 for double: the result rounds to +-1.
        if (a > T(F::p + 3) * T(0.5) * T(ln2_1)) return x < 0 ? T(-1) : T(1);
        // tanh x = x - x^3/3 rounds to x for |x| < 2^-((p+3)/2).
        if (a < pow2<T>(-(F::p + 3) / 2)) return x;
        // tanh a = E / (E + 2) with E = e^(2a) - 1: no cancellation for small a.
        const dd<T> em1 = expm1_dd(2 * a);
        const T r = to_w(div(em1, add(em1, T(2))));
        return x < 0 ? -r : r;
    }
}

template <std::floating_point T>
constexpr T sinh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(sinh(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x) || isinf(x)) return x;
        const T a = fabs(x);
        // sinh x = x + x^3/6 rounds to x for |x| < 2^-((p+3)/2).
        if (a < pow2<T>(-(F::p + 3) / 2)) return x;
        if (a > T(F::max_exp + 2) * T(ln2_1)) return x < 0 ? -F::inf : F::inf;
        T r{};
        if (a < 1) {
            // sinh a = (E + E/(E+1)) / 2 with E = e^a - 1 avoids e^a - e^-a cancelling.
            const dd<T> em1 = expm1_dd(a);
            r = to_w(scale(add(em1, div(em1, add(em1, T(1)))), -1));
        } else {
            const scaled<T> s = exp_core(dd<T>{a, 0});
            if (s.k > F::p + 3) {
                r = round_scaled(s.m, s.k - 1);  // e^-a is below 2^-(2p+6) relative: drop it
            } else {
                const dd<T> ea = scale(s.m, s.k);
                r = to_w(scale(add(ea, neg(div(dd<T>{1, 0}, ea))), -1));
            }
        }
        return x < 0 ? -r : r;
    }
}

template <std::floating_point T>
constexpr T cosh(T x) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(cosh(static_cast<double>(x)));
    } else {
        using F = fp<T>;
        if (isnan(x)) return x;
        if (isinf(x)) return F::inf;
        const T a = fabs(x);
        // cosh x = 1 + x^2/2 rounds to 1 for |x| < 2^-(p/2+1).
        if (a < pow2<T>(-(F::p / 2 + 1))) return T(1);
        if (a > T(F::max_exp + 2) * T(ln2_1)) return F::inf;
        const scaled<T> s = exp_core(dd<T>{a, 0});
        if (s.k > F::p + 3) return round_scaled(s.m, s.k - 1);
        const dd<T> ea = scale(s.m, s.k);
        return to_w(scale(add(ea, div(dd<T>{1, 0}, ea)), -1));  // (e^a + e^-a)/2
    }
}

// ===========================================================================
// pow
// ===========================================================================
template <class W>
constexpr bool is_integer(W y) noexcept {  // y finite
    return trunc(y) == y;
}

template <class W>
constexpr bool is_odd_integer(W y) noexcept {  // y finite
    const W a = fabs(y);
    if (a >= pow2<W>(fp<W>::p)) return false;  // all such values are even
    if (trunc(a) != a) return false;
    const W h = a * W(0.5);
    return trunc(h) != h;
}

// Special cases follow C99/C++ Annex F (IEEE 754 pow); the general case is
// |x|^y = exp(y * log|x|) with log in double-W, so the ~2^-104 relative error
// of y*log|x| (|y log x| <= ~11400) costs nothing in the rounded result.
template <std::floating_point T>
constexpr T pow(T x, T y) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        return narrow(pow(static_cast<double>(x), static_cast<double>(y)));
    } else {
        using F = fp<T>;
        if (y == 0) return T(1);  // even for NaN x
        if (x == 1) return T(1);  // even for NaN y
        if (isnan(x) || isnan(y)) return F::nan;
        if (isinf(y)) {
            const T ax = fabs(x);
            if (ax == 1) return T(1);  // (-1)^+-inf
            return ((ax < 1) == (y > 0)) ? T(0) : F::inf;
        }
        if (x == 0) {
            const bool odd = is_odd_integer(y);
            if (y < 0) return odd ? copysign(F::inf, x) : F::inf;
            return odd ? x : T(0);
        }
        if (isinf(x)) {
            if (x > 0) return y < 0 ? T(0) : F::inf;
            const bool odd = is_odd_integer(y);
            if (y < 0) return odd ? T(-0.0) : T(0);
            return odd ? -F::inf : F::inf;
        }
        bool negative = false;
        if (x < 0) {
            if (!is_integer(y)) return F::nan;  // negative base, non-integer exponent
            negative = is_odd_integer(y);
            x = -x;
        }
        if (x == 1) return negative ? T(-1) : T(1);  // x was -1
        T r{};
        // |y| >= 2^(p+16) with x != 1: |y log x| >= 2^16 and y is even, so the
        // result overflows or underflows (this also keeps TwoProd in range).
        if (fabs(y) >= pow2<T>(F::p + 16)) {
            r = ((x < 1) == (y > 0)) ? T(0) : F::inf;
        } else {
            const dd<T> ylogx = mul(log_dd(dd<T>{x, 0}), y);
            if (ylogx.hi > T(F::max_exp + 1) * T(ln2_1)) {
                r = F::inf;
            } else if (ylogx.hi < T(F::min_exp - F::p - 2) * T(ln2_1)) {
                r = T(0);
            } else {
                const scaled<T> s = exp_core(ylogx);
                r = round_scaled(s.m, s.k);
            }
        }
        return negative ? -r : r;
    }
}

template <std::floating_point T>
constexpr T pow_int(T x, long long n) noexcept {
    return pow(x, static_cast<T>(n));
}

}  // namespace impl

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

template <std::floating_point T>
constexpr T expm1(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::expm1(x);
    return std::expm1(x);
}

template <std::floating_point T>
constexpr T log(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::log(x);
    return std::log(x);
}

template <std::floating_point T>
constexpr T log1p(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::log1p(x);
    return std::log1p(x);
}

template <std::floating_point T>
constexpr T sqrt(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::sqrt(x);
    return std::sqrt(x);
}

template <std::floating_point T>
constexpr T sin(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::sin(x);
    return std::sin(x);
}

template <std::floating_point T>
constexpr T cos(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::cos(x);
    return std::cos(x);
}

template <std::floating_point T>
constexpr T tan(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::tan(x);
    return std::tan(x);
}

template <std::floating_point T>
constexpr T atan(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::atan(x);
    return std::atan(x);
}

template <std::floating_point T>
constexpr T tanh(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::tanh(x);
    return std::tanh(x);
}

template <std::floating_point T>
constexpr T sinh(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::sinh(x);
    return std::sinh(x);
}

template <std::floating_point T>
constexpr T cosh(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::cosh(x);
    return std::cosh(x);
}

template <std::floating_point T>
constexpr T fabs(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::fabs(x);
    return std::fabs(x);
}

template <std::floating_point T>
constexpr T trunc(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::trunc(x);
    return std::trunc(x);
}

template <std::floating_point T>
constexpr T floor(T x) noexcept {
    if (std::is_constant_evaluated()) return impl::floor(x);
    return std::floor(x);
}

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
