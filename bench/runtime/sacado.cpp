/// @file Contenders "sacado_sfad", "sacado_tangent" and "sacado_rad": Sacado (Trilinos 13.2)
/// operator overloading, the same f (problems.hpp) instantiated with its scalar types.
///
/// sfad:    Sacado::Fad::SFad<double, n>, forward mode with one derivative lane per input (n
///          fixed at compile time, so the lanes live on the stack): the scalar problems.
/// tangent: Sacado::Fad::SFad<double, 1> seeded with tangent_direction: one directional
///          derivative, the peer of tg::jvp and of the hand-written tangent.
/// rad:     Sacado::Rad::ADvar<double>, reverse mode with an operation graph recorded on
///          every call (its memory is reused from call to call), then ADvar::Gradcomp().
#include "contenders.hpp"

#include <Sacado.hpp>

#include <vector>

namespace tgb {

/// A recorded branch is no concern: Sacado evaluates f anew at every call.
template <class T>
requires(Sacado::IsADType<T>::value) struct Ops<T> {
    static T max(const T& a, const T& b) { return a > b ? a : b; }
};

namespace {

using Rad = Sacado::Rad::ADvar<double>;

/// f with n = N inputs known at compile time: S2 at its own l (f_S2(x, l) would instantiate the
/// other sizes too, out of bounds of an N-entry array).
template <Pid P, int N, class T>
T eval_fixed(const T* v, const Instance& in) {
    if constexpr (P == Pid::S2)
        return f_S2 < N == 9 ? 3 : N == 16 ? 4 : 5 > (v);
    else
        return eval<P, T>(v, in, nullptr);
}

template <Pid P, int N>
class SfadKernel final : public Kernel {
public:
    using F = Sacado::Fad::SFad<double, N>;
    explicit SfadKernel(const Instance& in) : in_(in) {}
    double run(const double* x, double* g) override {
        F v[N];
        for (int i = 0; i < N; ++i) v[i] = F(N, i, x[i]);
        const F f = eval_fixed<P, N>(v, in_);
        for (int i = 0; i < N; ++i) g[i] = f.dx(i);
        return f.val();
    }

private:
    const Instance& in_;
};

template <Pid P, int N>
class TangentKernel final : public Kernel {
public:
    using F = Sacado::Fad::SFad<double, 1>;
    explicit TangentKernel(const Instance& in) : in_(in) {
        for (int i = 0; i < N; ++i) d_[i] = tangent_direction(i);
    }
    double run(const double* x, double* g) override {
        F v[N];
        for (int i = 0; i < N; ++i) {
            v[i] = F(1, x[i]);
            v[i].fastAccessDx(0) = d_[i];
        }
        const F f = eval_fixed<P, N>(v, in_);
        g[0] = f.dx(0);
        return f.val();
    }

private:
    const Instance& in_;
    double d_[N] = {};
};

template <Pid P>
class RadKernel final : public Kernel {
public:
    explicit RadKernel(const Instance& in) : in_(in), x_(in.n), scratch_(scratch_size(P, in.size)) {}
    double run(const double* x, double* g) override {
        for (std::size_t i = 0; i < in_.n; ++i) x_[i] = x[i];
        const Rad f = eval<P, Rad>(x_.data(), in_, scratch_.data());
        Rad::Gradcomp();
        for (std::size_t i = 0; i < in_.n; ++i) g[i] = x_[i].adj();
        return f.val();
    }

private:
    const Instance& in_;
    std::vector<Rad> x_, scratch_;
};

/// The number of inputs of a scalar problem at a compile-time size (0: not a scalar problem).
template <Pid P, int L>
constexpr int lanes() {
    switch (P) {
        case Pid::S1a:
            return 3;
        case Pid::S1b:
        case Pid::S4:
            return 5;
        case Pid::S1c:
            return 2;
        case Pid::S2:
            return L * L;
        case Pid::S3:
            return kS3M;
        case Pid::N2:
            return 9;
        default:
            return 0;
    }
}

template <template <Pid, int> class K, Pid P>
std::unique_ptr<Kernel> make_fixed(const Instance& in) {
    if constexpr (P == Pid::S2) {
        switch (in.size) {
            case 3:
                return std::make_unique<K<P, 9>>(in);
            case 4:
                return std::make_unique<K<P, 16>>(in);
            case 5:
                return std::make_unique<K<P, 25>>(in);
            default:
                return nullptr;
        }
    } else if constexpr (lanes<P, 0>() > 0) {
        return std::make_unique<K<P, lanes<P, 0>()>>(in);
    } else {
        return nullptr;
    }
}

}  // namespace

bool sacado_sfad_supports(Pid p, int size) {
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
            return false;
    }
}

std::unique_ptr<Kernel> make_sacado(const Instance& in, SacadoMode mode) {
    return dispatch(in.pid, [&](auto p) -> std::unique_ptr<Kernel> {
        constexpr Pid P = decltype(p)::value;
        switch (mode) {
            case SacadoMode::sfad:
                return make_fixed<SfadKernel, P>(in);
            case SacadoMode::tangent:
                return tangent_supports(P, in.size) ? make_fixed<TangentKernel, P>(in) : nullptr;
            case SacadoMode::rad:
                break;
        }
        return std::make_unique<RadKernel<P>>(in);
    });
}

}  // namespace tgb
