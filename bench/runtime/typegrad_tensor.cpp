/// @file Contender "typegrad_rev" on the vector and network problems V1-V5 and N1, written with
/// the tensor engine (tg::value_and_grad; docs/tensors.md) as a user would:
/// the function once, in the spelling of its definition, the inputs bound in place (spans of
/// static extent into the benchmark's input vector, nothing copied), the gradients written straight into
/// the output vector with .grad_into, the fixed data bound with .no_grad().
///
/// Shapes are compile-time in typegrad, sizes are run-time in the benchmark: each size of
/// problems.hpp is one instantiation, chosen by a switch outside the timed code path's math.
/// There is no forward mode on tensors (the engine is reverse-only): typegrad_fwd does not
/// run these problems.
#include "contenders.hpp"

#include <typegrad.hpp>

#include <cmath>
#include <limits>
#include <span>

namespace tgb {
namespace {

namespace tg = typegrad;

/// The workspace of an expression, made on its first call (before the timed repetitions):
/// the benchmark's tensors do not fit tg::stack_limit_bytes.
template <class E>
tg::workspace<E>& workspace_for(const E& f) {
    static auto ws = tg::make_workspace(f);
    return ws;
}

/// Size elements at p as storage for a variable of that size: a span of static extent, whose
/// size the binding checks at compile time (nothing is checked per call).
template <std::size_t Size, class T>
std::span<T, Size> elements(T* p) {
    return std::span<T, Size>(p, Size);
}

// --- V1: f = sum x --------------------------------------------------------------------------
template <std::size_t N>
double v1(const double* in, double* g) {
    constexpr tg::var<"x", N> x;
    return tg::value_and_grad(tg::sum(x), workspace_for(tg::sum(x)), (x = elements<N>(in)).grad_into(elements<N>(g)))
        .value;
}

// --- V2: f = m + log sum exp(x - m), m = max x ----------------------------------------------
/// tg::logsumexp (include/typegrad/tensor/logsumexp.hpp) in its max-shifted form: the forward
/// pass takes m = max x and s = sum exp(x_i - m) and returns m + log s; the backward pass
/// writes softmax(x)_i = exp(x_i - m) / s. The shift m is a stopped gradient, which is exact:
/// f does not depend on m (d/dm [m + log sum exp(x_i - m)] = 1 - sum softmax = 0). hand_V2
/// does the same in plain loops.
template <std::size_t N>
double v2(const double* in, double* g) {
    constexpr tg::var<"x", N> x;
    return tg::value_and_grad(tg::logsumexp(x), workspace_for(tg::logsumexp(x)),
                              (x = elements<N>(in)).grad_into(elements<N>(g)))
        .value;
}

// --- V3: -1/2 sum ((y - mu)/sigma)^2 - N log sigma ------------------------------------------
/// mu and sigma fixed: they are run-time literals (constants of the differentiation); the
/// constant N log sigma is added outside, as plain code does (it has no gradient).
template <std::size_t N>
double v3(const double* in, double* g) {
    constexpr tg::var<"y", N> y;
    const double inv = 1.0 / kV3Sigma;
    const auto f = -0.5 * tg::squared_norm((y - kV3Mu) * inv);
    return tg::value_and_grad(f, workspace_for(f), (y = elements<N>(in)).grad_into(elements<N>(g))).value -
           double(N) * std::log(kV3Sigma);
}

/// mu and sigma as inputs (scalar variables next to the vector y).
template <std::size_t N>
double v3b(const double* in, double* g) {
    constexpr tg::var<"y", N> y;
    constexpr tg::var<"mu"> mu;
    constexpr tg::var<"sigma"> sigma;
    const auto f = -0.5 * tg::squared_norm((y - mu) / sigma) - double(N) * tg::log(sigma);
    const auto r = tg::value_and_grad(f, workspace_for(f), (y = elements<N>(in)).grad_into(elements<N>(g)), mu = in[N],
                                      sigma = in[N + 1]);
    g[N] = r.grad[mu];
    g[N + 1] = r.grad[sigma];
    return r.value;
}

// --- V4: 1^T A B 1, the product formed ------------------------------------------------------
template <std::size_t n>
double v4(const double* in, double* g) {
    constexpr tg::var<"A", n, n> A;
    constexpr tg::var<"B", n, n> B;
    return tg::value_and_grad(tg::sum(A * B), workspace_for(tg::sum(A * B)),
                              (A = elements<n * n>(in)).grad_into(elements<n * n>(g)),
                              (B = elements<n * n>(in + n * n)).grad_into(elements<n * n>(g + n * n)))
        .value;
}

// --- V5: Bayesian linear regression ---------------------------------------------------------
/// log N(y | X w + b, sigma) + log N(w | 0, 1) + log N(b | 0, 1) + log U(sigma | 0.1, 10).
/// Outside the uniform prior's support the density is 0 (log: -inf) and the gradient 0, as
/// in f_V5 and hand_V5: a run-time branch before the expression, which describes the
/// density inside the support; its constant terms are added outside (no gradient).
template <std::size_t P>
double v5(const double* in, double* g, const double* Xd, const double* yd) {
    constexpr tg::var<"w", P> w;
    constexpr tg::var<"b"> b;
    constexpr tg::var<"sigma"> sigma;
    constexpr tg::var<"X", kV5N, P> X;
    constexpr tg::var<"y", kV5N> y;
    const double sv = in[P + 1];
    if (!(sv > kV5SigmaLo && sv < kV5SigmaHi)) {
        for (std::size_t j = 0; j < P + 2; ++j) g[j] = 0.0;
        return -std::numeric_limits<double>::infinity();
    }
    const auto f = -0.5 * tg::squared_norm(y - (X * w + b)) / (sigma * sigma) - double(kV5N) * tg::log(sigma) -
                   0.5 * tg::squared_norm(w) - 0.5 * b * b;
    const auto r =
        tg::value_and_grad(f, workspace_for(f), (w = elements<P>(in)).grad_into(elements<P>(g)), b = in[P], sigma = sv,
                           (X = elements<kV5N * P>(Xd)).no_grad(), (y = elements<kV5N>(yd)).no_grad());
    g[P] = r.grad[b];
    g[P + 1] = r.grad[sigma];
    constexpr double constants = -kV5N * kHalfLog2Pi - (double(P) + 1) * kHalfLog2Pi;
    return r.value + constants - std::log(kV5SigmaHi - kV5SigmaLo);
}

// --- N1: the seeds' 2-layer network, squared loss over the batch ----------------------------
double n1(const double* in, double* g, const double* Xd, const double* Yd) {
    constexpr tg::var<"W1", kN1Din, kN1H> W1;
    constexpr tg::var<"W2", kN1H, kN1Dout> W2;
    constexpr tg::var<"X", kN1N, kN1Din> X;
    constexpr tg::var<"Y", kN1N, kN1Dout> Y;
    constexpr auto f = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y);
    return tg::value_and_grad(f, workspace_for(f),
                              (W1 = elements<kN1Din * kN1H>(in)).grad_into(elements<kN1Din * kN1H>(g)),
                              (W2 = elements<kN1H * kN1Dout>(in + kN1Din * kN1H))
                                  .grad_into(elements<kN1H * kN1Dout>(g + kN1Din * kN1H)),
                              (X = elements<kN1N * kN1Din>(Xd)).no_grad(), (Y = elements<kN1N * kN1Dout>(Yd)).no_grad())
        .value;
}

// --- kernels: one instantiation per size ----------------------------------------------------
/// Problem P at size S: the virtual run() calls the instantiation directly (no further
/// indirection, like every other contender's kernel).
template <Pid P, std::size_t S>
class TensorKernel final : public Kernel {
public:
    explicit TensorKernel(const Instance& in) : in_(in) {}
    double run(const double* x, double* g) override {
        if constexpr (P == Pid::V1)
            return v1<S>(x, g);
        else if constexpr (P == Pid::V2)
            return v2<S>(x, g);
        else if constexpr (P == Pid::V3)
            return v3<S>(x, g);
        else if constexpr (P == Pid::V3b)
            return v3b<S>(x, g);
        else if constexpr (P == Pid::V4)
            return v4<S>(x, g);
        else if constexpr (P == Pid::V5)
            return v5<S>(x, g, in_.X.data(), in_.y.data());
        else
            return n1(x, g, in_.X.data(), in_.y.data());
    }

private:
    const Instance& in_;
};

using Fn = std::unique_ptr<Kernel> (*)(const Instance&);

template <Pid P, std::size_t S>
std::unique_ptr<Kernel> call(const Instance& in) {
    return std::make_unique<TensorKernel<P, S>>(in);
}

/// The factory of problem p at this size, or null if the size is not instantiated.
Fn function_for(Pid p, int size) {
    switch (p) {
        case Pid::V1:
        case Pid::V2:
        case Pid::V3:
        case Pid::V3b: {
            const auto pick = [&]<Pid P>() -> Fn {
                switch (size) {
                    case 16:
                        return call<P, 16>;
                    case 256:
                        return call<P, 256>;
                    case 4096:
                        return call<P, 4096>;
                    case 16384:
                        return call<P, 16384>;
                    default:
                        return nullptr;
                }
            };
            if (p == Pid::V1) return pick.template operator()<Pid::V1>();
            if (p == Pid::V2) return pick.template operator()<Pid::V2>();
            if (p == Pid::V3) return pick.template operator()<Pid::V3>();
            return pick.template operator()<Pid::V3b>();
        }
        case Pid::V4:
            switch (size) {
                case 2:
                    return call<Pid::V4, 2>;
                case 16:
                    return call<Pid::V4, 16>;
                case 64:
                    return call<Pid::V4, 64>;
                case 181:
                    return call<Pid::V4, 181>;
                default:
                    return nullptr;
            }
        case Pid::V5:
            switch (size) {
                case 10:
                    return call<Pid::V5, 10>;
                case 50:
                    return call<Pid::V5, 50>;
                case 150:
                    return call<Pid::V5, 150>;
                default:
                    return nullptr;
            }
        case Pid::N1:
            return call<Pid::N1, 1>;
        default:
            return nullptr;
    }
}

}  // namespace

bool typegrad_tensor_supports(Pid p, int size) { return function_for(p, size) != nullptr; }

std::unique_ptr<Kernel> make_typegrad_tensor(const Instance& in) {
    const Fn fn = function_for(in.pid, in.size);
    return fn ? fn(in) : nullptr;
}

}  // namespace tgb
