/// @file Contenders "typegrad_rev" (value_and_grad), "typegrad_fwd" (forward_value_and_grad,
/// one tangent lane per input) and "typegrad_jvp" (jvp along tangent_direction) on the problems
/// typegrad's scalar API expresses: S1a-c, S2, S3, S4 and N2. The vector and network problems (V1-V5, N1) are in typegrad_tensor.cpp (the
/// tensor engine, reverse mode only): forward mode with one lane per input makes no sense at
/// thousands of inputs, and the engine has none.
///
/// Written as a user would: the expression once, variables bound to the inputs of the call.
/// Data (S3's points, N2's XOR points) stay runtime loops over per-point expressions whose
/// data enter as runtime literals; only the math is a type. With TGB_SPELLINGS=1 (the ratio
/// probe's SPELLINGS=1), S1b is the formula 1 / (1 + exp(-s)) and S3 `0.5 * pow(r, 2)`, as a
/// newcomer writes them, instead of tg::sigmoid and `c<1, 2> * pow(r, c<2>)`.
#include "contenders.hpp"

#include <typegrad.hpp>

#include <array>
#include <bit>
#include <utility>

namespace tgb {
namespace {

namespace tg = typegrad;

template <char... C>
constexpr tg::fixed_string<sizeof...(C) + 1> name() {
    const char s[] = {C..., '\0'};
    return tg::fixed_string<sizeof...(C) + 1>(s);
}

// Variables. S2's entries are a<r><c>; S3's coefficients x0..x8; N2's parameters as in
// problems.hpp.
template <int R, int C>
using A = tg::var<name<'a', char('0' + R), char('0' + C)>()>;
template <int J>
using X = tg::var<name<'x', char('0' + J)>()>;

template <class... V>
struct vars {};

/// The direction of the jvp contenders (tangent_direction), laid out once at start-up and
/// read from memory at each call, as the hand-written tangent reads its copy.
std::array<double, 32> make_jvp_direction() {
    std::array<double, 32> out{};
    for (int i = 0; i < 32; ++i) out[std::size_t(i)] = tangent_direction(i);
    return out;
}
const std::array<double, 32> jvp_direction = make_jvp_direction();

/// Marks a kernel as the jvp contender: Fwd is this value, not a bool.
inline constexpr int jvp_mode = 2;

/// Binds V_i = x[i], runs reverse (or forward) mode, stores (or adds) df/dV_i into g[i].
/// Forward == jvp_mode: the tangent along jvp_direction into g[0] instead.
template <int Forward, bool Accumulate, class E, class... V>
double value_grad(const E& f, const double* x, double* g, vars<V...>) {
    if constexpr (Forward == jvp_mode) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            const double* d = jvp_direction.data();
            const auto r = tg::jvp(f, tg::at((V{} = x[I])...), tg::at((V{} = d[I])...));
            g[0] = double(r.tangent);
            return double(r.value);
        }
        (std::index_sequence_for<V...>{});
    } else {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            const auto r = [&] {
                if constexpr (Forward)
                    return tg::forward_value_and_grad(f, (V{} = x[I])...);
                else
                    return tg::value_and_grad(f, (V{} = x[I])...);
            }();
            if constexpr (Accumulate)
                ((g[I] += double(r.grad[V{}])), ...);
            else
                ((g[I] = double(r.grad[V{}])), ...);
            return double(r.value);
        }
        (std::index_sequence_for<V...>{});
    }
}

// --- S1 ------------------------------------------------------------------------------------
template <int Fwd>
double s1a(const double* in, double* g) {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;
    constexpr auto f = (x + y) * z;
    return value_grad<Fwd, false>(f, in, g, vars<tg::var<"x">, tg::var<"y">, tg::var<"z">>{});
}

template <int Fwd>
double s1b(const double* in, double* g) {
    constexpr tg::var<"w0"> w0;
    constexpr tg::var<"x0"> x0;
    constexpr tg::var<"w1"> w1;
    constexpr tg::var<"x1"> x1;
    constexpr tg::var<"w2"> w2;
#if TGB_SPELLINGS
    constexpr auto f = 1 / (1 + tg::exp(-(w0 * x0 + w1 * x1 + w2)));
#else
    constexpr auto f = tg::sigmoid(w0 * x0 + w1 * x1 + w2);
#endif
    return value_grad<Fwd, false>(f, in, g,
                                  vars<tg::var<"w0">, tg::var<"x0">, tg::var<"w1">, tg::var<"x1">, tg::var<"w2">>{});
}

template <int Fwd>
double s1c(const double* in, double* g) {
    constexpr tg::var<"a"> a;
    constexpr tg::var<"b"> b;
    constexpr auto f = (a + b) * (b * b * b);
    return value_grad<Fwd, false>(f, in, g, vars<tg::var<"a">, tg::var<"b">>{});
}

// --- S2: the determinant as one expression type --------------------------------------------
/// det of the minor on rows L-|S|..L-1 and the columns in bit set S, expanded along its first
/// row. A minor reached through different expansion paths is the same type, so typegrad
/// computes it once: l * 2^(l-1) products, as the memoizing plain and hand versions do.
template <int L, unsigned S>
constexpr auto minor_det();

/// acc +- a[r][J] * minor(S \ {J}) +- ... over the columns J.. of S, signs alternating: the
/// same left fold as the plain loop (f_S2).
template <int L, unsigned S, int J, bool Plus, class Acc>
constexpr auto expand_from(Acc acc) {
    constexpr int r = L - std::popcount(S);
    if constexpr (J == L) {
        return acc;
    } else if constexpr (!(S & (1u << J))) {
        return expand_from<L, S, J + 1, Plus>(acc);
    } else {
        constexpr auto term = A<r, J>{} * minor_det<L, (S & ~(1u << J))>();
        if constexpr (Plus)
            return expand_from<L, S, J + 1, false>(acc + term);
        else
            return expand_from<L, S, J + 1, true>(acc - term);
    }
}

template <int L, unsigned S>
constexpr auto minor_det() {
    if constexpr (S == 0) {
        return tg::c<1>;
    } else {
        constexpr int j0 = std::countr_zero(S);
        constexpr int r = L - std::popcount(S);
        return expand_from<L, S, j0 + 1, false>(A<r, j0>{} * minor_det<L, (S & ~(1u << j0))>());
    }
}

template <int L, class Seq = std::make_index_sequence<L * L>>
struct det_vars;
template <int L, std::size_t... I>
struct det_vars<L, std::index_sequence<I...>> {
    using type = vars<A<int(I) / L, int(I) % L>...>;
};

template <int L, int Fwd>
double s2(const double* in, double* g) {
    constexpr auto f = minor_det<L, (1u << L) - 1>();
    return value_grad<Fwd, false>(f, in, g, typename det_vars<L>::type{});
}

// --- S3: per point, 0.5 (s - p(t))^2 with t and s as runtime literals ------------------------
template <int J>
constexpr auto horner(double t) {
    if constexpr (J == kS3M - 1)
        return X<J>{};
    else
        return horner<J + 1>(t) * t + X<J>{};
}

using S3Vars = vars<X<0>, X<1>, X<2>, X<3>, X<4>, X<5>, X<6>, X<7>, X<8>>;

template <int Fwd>
double s3(const double* in, double* g, const double* t, const double* s) {
    // The coefficients and the gradient in locals, as in hand_S3: g may alias in, and a
    // gradient accumulated through g would be stored and reloaded at every point.
    double x[kS3M], gl[kS3M] = {};
    for (int j = 0; j < kS3M; ++j) x[j] = in[j];
    double acc = 0.0;
    for (int i = 0; i < kS3N; ++i) {
#if TGB_SPELLINGS
        const auto f = 0.5 * tg::pow(s[i] - horner<0>(t[i]), 2);
#else
        const auto f = tg::c<1, 2> * tg::pow(s[i] - horner<0>(t[i]), tg::c<2>);
#endif
        acc += value_grad<Fwd, true>(f, x, gl, S3Vars{});
    }
    for (int j = 0; j < kS3M; ++j) g[j] = gl[j];
    return acc;
}

// --- N2: the full batch as one expression, the 4 XOR points entering as runtime literals ----
using N2Vars = vars<tg::var<"W00">, tg::var<"W01">, tg::var<"W10">, tg::var<"W11">, tg::var<"c0">, tg::var<"c1">,
                    tg::var<"w0">, tg::var<"w1">, tg::var<"b">>;

/// (relu(P_k W + c) . w + b - t_k)^2 for point k.
inline auto n2_point(int k) {
    constexpr tg::var<"W00"> W00;
    constexpr tg::var<"W01"> W01;
    constexpr tg::var<"W10"> W10;
    constexpr tg::var<"W11"> W11;
    constexpr tg::var<"c0"> c0;
    constexpr tg::var<"c1"> c1;
    constexpr tg::var<"w0"> w0;
    constexpr tg::var<"w1"> w1;
    constexpr tg::var<"b"> b;
    const double p0 = kN2P[k][0], p1 = kN2P[k][1];
    const auto h0 = tg::relu(p0 * W00 + p1 * W10 + c0);
    const auto h1 = tg::relu(p0 * W01 + p1 * W11 + c1);
    return tg::pow(h0 * w0 + h1 * w1 + b - kN2T[k], tg::c<2>);
}

template <int Fwd>
double n2(const double* in, double* g) {
#if TGB_N2_PER_POINT
    for (int j = 0; j < 9; ++j) g[j] = 0.0;
    double loss = 0.0;
    for (int k = 0; k < 4; ++k) loss += value_grad<Fwd, true>(n2_point(k), in, g, N2Vars{});
    return loss;
#else
    const auto f = n2_point(0) + n2_point(1) + n2_point(2) + n2_point(3);
    return value_grad<Fwd, false>(f, in, g, N2Vars{});
#endif
}

// --- S4: spelled as a newcomer writes it (int exponents, one division per point) -----------
using S4Vars = vars<tg::var<"a">, tg::var<"b">, tg::var<"c">, tg::var<"m">, tg::var<"s">>;

template <int Fwd>
double s4(const double* in, double* g) {
    constexpr tg::var<"a"> a;
    constexpr tg::var<"b"> b;
    constexpr tg::var<"c"> c;
    constexpr tg::var<"m"> m;
    constexpr tg::var<"s"> s;
    const auto f =
        -0.5 * (tg::pow((a - m) / s, 2) + tg::pow((b - m) / s, 2) + tg::pow((c - m) / s, 2)) - 3 * tg::log(s);
    return value_grad<Fwd, false>(f, in, g, S4Vars{});
}

// --- kernels -------------------------------------------------------------------------------
template <Pid P, int Fwd, int L = 0>
class TypegradKernel final : public Kernel {
public:
    explicit TypegradKernel(const Instance& in) : in_(in) {}
    double run(const double* x, double* g) override {
        if constexpr (P == Pid::S1a)
            return s1a<Fwd>(x, g);
        else if constexpr (P == Pid::S1b)
            return s1b<Fwd>(x, g);
        else if constexpr (P == Pid::S1c)
            return s1c<Fwd>(x, g);
        else if constexpr (P == Pid::S2)
            return s2<L, Fwd>(x, g);
        else if constexpr (P == Pid::S3)
            return s3<Fwd>(x, g, in_.t.data(), in_.s.data());
        else if constexpr (P == Pid::S4)
            return s4<Fwd>(x, g);
        else
            return n2<Fwd>(x, g);
    }

private:
    const Instance& in_;
};

template <int Fwd>
std::unique_ptr<Kernel> make(const Instance& in) {
    switch (in.pid) {
        case Pid::S1a:
            return std::make_unique<TypegradKernel<Pid::S1a, Fwd>>(in);
        case Pid::S1b:
            return std::make_unique<TypegradKernel<Pid::S1b, Fwd>>(in);
        case Pid::S1c:
            return std::make_unique<TypegradKernel<Pid::S1c, Fwd>>(in);
        case Pid::S2:
            switch (in.size) {
                case 3:
                    return std::make_unique<TypegradKernel<Pid::S2, Fwd, 3>>(in);
                case 4:
                    return std::make_unique<TypegradKernel<Pid::S2, Fwd, 4>>(in);
                case 5:
                    return std::make_unique<TypegradKernel<Pid::S2, Fwd, 5>>(in);
                default:
                    return nullptr;
            }
        case Pid::S3:
            if constexpr (Fwd != jvp_mode)
                return std::make_unique<TypegradKernel<Pid::S3, Fwd>>(in);
            else
                return nullptr;
        case Pid::N2:
            return std::make_unique<TypegradKernel<Pid::N2, Fwd>>(in);
        case Pid::S4:
            return std::make_unique<TypegradKernel<Pid::S4, Fwd>>(in);
        default:
            return Fwd != 0 ? nullptr : make_typegrad_tensor(in);  // V1-V5, N1 (reverse only)
    }
}

}  // namespace

bool typegrad_supports(Pid p, int size, bool forward) {
    switch (p) {
        case Pid::S1a:
        case Pid::S1b:
        case Pid::S1c:
        case Pid::S3:
        case Pid::N2:
        case Pid::S4:
            return true;
        case Pid::S2:
            return size >= 3 && size <= 5;
        default:
            return !forward && typegrad_tensor_supports(p, size);
    }
}

std::unique_ptr<Kernel> make_typegrad(const Instance& in, bool forward) { return forward ? make<1>(in) : make<0>(in); }

std::unique_ptr<Kernel> make_typegrad_jvp(const Instance& in) {
    return tangent_supports(in.pid, in.size) ? make<jvp_mode>(in) : nullptr;
}

}  // namespace tgb
