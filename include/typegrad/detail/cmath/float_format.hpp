// Exact operations on the bits of a floating type: classification, sign, powers of two, frexp, rounding.
// The implementations behind detail/constexpr_math.hpp (see its overview).

#pragma once

#include <typegrad/config.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace typegrad::detail::cmath::impl {

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

}  // namespace typegrad::detail::cmath::impl
