// Constexpr sin, cos and tan: Cody-Waite and Payne-Hanek reduction, then Taylor series.
// The implementations behind detail/constexpr_math.hpp (see its overview).

#pragma once

#include <typegrad/detail/cmath/exp_log.hpp>

namespace typegrad::detail::cmath::impl {

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

}  // namespace typegrad::detail::cmath::impl
