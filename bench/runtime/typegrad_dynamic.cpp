/// @file Contender "typegrad_dyn": V1-V5, V3b and N1 with the tensor engine and dynamic extents
/// (tg::var<"x", tg::dynamic>; docs/tensors.md), beside typegrad_rev's fixed extents at the
/// same sizes: one instantiation serves every size, the length is the bound span's, and the
/// workspace (made on the first call, before the timed repetitions) grows to the largest size.
#include "contenders.hpp"

#include <typegrad.hpp>

#include <cmath>
#include <limits>
#include <span>

namespace tgb {
namespace {

namespace tg = typegrad;

template <class E>
tg::workspace<E>& workspace_for(const E& f) {
    static auto ws = tg::make_workspace(f);
    return ws;
}

std::span<const double> input(const double* p, std::size_t n) { return {p, n}; }
std::span<double> output(double* p, std::size_t n) { return {p, n}; }

// --- V1: f = sum x --------------------------------------------------------------------------
double v1(const double* in, double* g, std::size_t n) {
    constexpr tg::var<"x", tg::dynamic> x;
    return tg::value_and_grad(tg::sum(x), workspace_for(tg::sum(x)), (x = input(in, n)).grad_into(output(g, n))).value;
}

// --- V2: f = logsumexp(x), max-shifted (typegrad_tensor.cpp); its exponentials kept in the
// workspace, sized by the call's length -------------------------------------------------------
double v2(const double* in, double* g, std::size_t n) {
    constexpr tg::var<"x", tg::dynamic> x;
    return tg::value_and_grad(tg::logsumexp(x), workspace_for(tg::logsumexp(x)),
                              (x = input(in, n)).grad_into(output(g, n)))
        .value;
}

// --- V3: -1/2 sum ((y - mu)/sigma)^2 - N log sigma, mu and sigma fixed ---------------------
double v3(const double* in, double* g, std::size_t n) {
    constexpr tg::var<"y", tg::dynamic> y;
    const double inv = 1.0 / kV3Sigma;
    const auto f = -0.5 * tg::squared_norm((y - kV3Mu) * inv);
    return tg::value_and_grad(f, workspace_for(f), (y = input(in, n)).grad_into(output(g, n))).value -
           double(n) * std::log(kV3Sigma);
}

// --- V3b: the same with mu and sigma as inputs ----------------------------------------------
double v3b(const double* in, double* g, std::size_t n) {
    constexpr tg::var<"y", tg::dynamic> y;
    constexpr tg::var<"mu"> mu;
    constexpr tg::var<"sigma"> sigma;
    const auto f = -0.5 * tg::squared_norm((y - mu) / sigma) - double(n) * tg::log(sigma);  // n: a run-time literal
    const auto r = tg::value_and_grad(f, workspace_for(f), (y = input(in, n)).grad_into(output(g, n)), mu = in[n],
                                      sigma = in[n + 1]);
    g[n] = r.grad[mu];
    g[n + 1] = r.grad[sigma];
    return r.value;
}

// --- V4: 1^T A B 1, the product formed: A and B n x n, both extents dynamic ------------------
double v4(const double* in, double* g, std::size_t n) {
    constexpr tg::var<"A", tg::dynamic, tg::dynamic> A;
    constexpr tg::var<"B", tg::dynamic, tg::dynamic> B;
    constexpr auto f = tg::sum(A * B);
    return tg::value_and_grad(
               f, workspace_for(f),
               (A = tg::matrix_storage(input(in, n * n), n, n)).grad_into(tg::matrix_storage(output(g, n * n), n, n)),
               (B = tg::matrix_storage(input(in + n * n, n * n), n, n))
                   .grad_into(tg::matrix_storage(output(g + n * n, n * n), n, n)))
        .value;
}

// --- V5: Bayesian linear regression: X is kV5N x P, w of P, y of kV5N, all three dynamic -------
double v5(const double* in, double* g, std::size_t p, const double* Xd, const double* yd) {
    constexpr tg::var<"w", tg::dynamic> w;
    constexpr tg::var<"b"> b;
    constexpr tg::var<"sigma"> sigma;
    constexpr tg::var<"X", tg::dynamic, tg::dynamic> X;
    constexpr tg::var<"y", tg::dynamic> y;
    const double sv = in[p + 1];
    if (!(sv > kV5SigmaLo && sv < kV5SigmaHi)) {
        for (std::size_t j = 0; j < p + 2; ++j) g[j] = 0.0;
        return -std::numeric_limits<double>::infinity();
    }
    constexpr std::size_t rows = kV5N;
    const auto f = -0.5 * tg::squared_norm(y - (X * w + b)) / (sigma * sigma) - double(kV5N) * tg::log(sigma) -
                   0.5 * tg::squared_norm(w) - 0.5 * b * b;
    const auto r = tg::value_and_grad(f, workspace_for(f), (w = input(in, p)).grad_into(output(g, p)), b = in[p],
                                      sigma = sv, (X = tg::matrix_storage(input(Xd, rows * p), rows, p)).no_grad(),
                                      (y = input(yd, rows)).no_grad());
    g[p] = r.grad[b];
    g[p + 1] = r.grad[sigma];
    const double constants = -kV5N * kHalfLog2Pi - (double(p) + 1) * kHalfLog2Pi;
    return r.value + constants - std::log(kV5SigmaHi - kV5SigmaLo);
}

// --- N1: the seeds' 2-layer network: the batch's rows dynamic (tg::dynamic x kN1Din) ----------
double n1(const double* in, double* g, const double* Xd, const double* Yd) {
    constexpr tg::var<"W1", kN1Din, kN1H> W1;
    constexpr tg::var<"W2", kN1H, kN1Dout> W2;
    constexpr tg::var<"X", tg::dynamic, kN1Din> X;
    constexpr tg::var<"Y", tg::dynamic, kN1Dout> Y;
    constexpr auto f = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y);
    constexpr std::size_t w1 = std::size_t{kN1Din} * kN1H, w2 = std::size_t{kN1H} * kN1Dout;
    constexpr std::size_t rows = kN1N;
    return tg::value_and_grad(
               f, workspace_for(f), (W1 = std::span<const double, w1>(in, w1)).grad_into(std::span<double, w1>(g, w1)),
               (W2 = std::span<const double, w2>(in + w1, w2)).grad_into(std::span<double, w2>(g + w1, w2)),
               (X = input(Xd, rows * kN1Din)).no_grad(), (Y = input(Yd, rows * kN1Dout)).no_grad())
        .value;
}

class DynamicKernel final : public Kernel {
public:
    explicit DynamicKernel(const Instance& in) : in_(in), pid_(in.pid), n_(static_cast<std::size_t>(in.size)) {}
    double run(const double* x, double* g) override {
        switch (pid_) {
            case Pid::V1:
                return v1(x, g, n_);
            case Pid::V2:
                return v2(x, g, n_);
            case Pid::V3:
                return v3(x, g, n_);
            case Pid::V3b:
                return v3b(x, g, n_);
            case Pid::V4:
                return v4(x, g, n_);
            case Pid::V5:
                return v5(x, g, n_, in_.X.data(), in_.y.data());
            default:
                return n1(x, g, in_.X.data(), in_.y.data());
        }
    }

private:
    const Instance& in_;
    Pid pid_;
    std::size_t n_;
};

}  // namespace

bool typegrad_dynamic_supports(Pid p, int) {
    return p == Pid::V1 || p == Pid::V2 || p == Pid::V3 || p == Pid::V3b || p == Pid::V4 || p == Pid::V5 ||
           p == Pid::N1;
}

std::unique_ptr<Kernel> make_typegrad_dynamic(const Instance& in) {
    return typegrad_dynamic_supports(in.pid, in.size) ? std::make_unique<DynamicKernel>(in) : nullptr;
}

}  // namespace tgb
