/// @file Contender "typegrad_dyn": V1, V3 and V3b with the tensor engine and dynamic extents
/// (tg::var<"x", tg::dynamic>; docs/tensors.md), beside typegrad_rev's fixed extents at the
/// same sizes: one instantiation serves every size, the length is the bound span's, and the
/// workspace (made on the first call, before the timed repetitions) grows to the largest size.
#include "contenders.hpp"

#include <typegrad.hpp>

#include <cmath>
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

class DynamicKernel final : public Kernel {
public:
    explicit DynamicKernel(const Instance& in) : pid_(in.pid), n_(static_cast<std::size_t>(in.size)) {}
    double run(const double* x, double* g) override {
        if (pid_ == Pid::V1) return v1(x, g, n_);
        if (pid_ == Pid::V3) return v3(x, g, n_);
        return v3b(x, g, n_);
    }

private:
    Pid pid_;
    std::size_t n_;
};

}  // namespace

bool typegrad_dynamic_supports(Pid p, int) { return p == Pid::V1 || p == Pid::V3 || p == Pid::V3b; }

std::unique_ptr<Kernel> make_typegrad_dynamic(const Instance& in) {
    return typegrad_dynamic_supports(in.pid, in.size) ? std::make_unique<DynamicKernel>(in) : nullptr;
}

}  // namespace tgb
