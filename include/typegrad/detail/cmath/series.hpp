// Power series with fixed term counts and the constants (ln 2, pi/2, the bits of 2/pi) of the constexpr functions.
// The implementations behind detail/constexpr_math.hpp (see its overview).

#pragma once

#include <typegrad/detail/cmath/double_word.hpp>

namespace typegrad::detail::cmath::impl {

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

}  // namespace typegrad::detail::cmath::impl
