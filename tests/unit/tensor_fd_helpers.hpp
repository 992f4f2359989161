// Shared helpers of the tensor tests (test_tensor_ops_*.cpp, test_tensor_edge_cases.cpp,
// test_tensor_gradients.cpp):
// a differentiated input (a variable and the caller's array), a reverse-mode gradient check
// of every partial against the 6-point central finite-difference stencil of eval
// (perturbing the caller's array in place: the binding refers to it), with extra bindings
// (labels, .no_grad() data) passed through unchanged, and independent reference formulas.
//
// Tolerance, as test_tensor_gradients.cpp: |ad - fd| <= max(1e-6 max(|ad|, |fd|), 1e-9 S),
// S = max(1, max |f| over the stencil points): the stencil's rounding error is ~ eps S / h.
#pragma once

#include "test_helpers.hpp"

#include <typegrad.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <tuple>

namespace typegrad_test::tensor {

namespace tg = typegrad;

inline constexpr double grad_rel = 1e-6;
inline constexpr double grad_floor = 1e-9;

/// One differentiated input: a variable and the caller's array holding its value.
template <class Var>
struct input {
    static constexpr std::size_t size = tg::shape_of<Var>::size;
    Var variable;
    std::array<double, size>* values;

    auto binding() const {
        if constexpr (tg::shape_of<Var>::rank == 0)
            return (variable = (*values)[0]);
        else
            return (variable = *values);
    }
};
template <class Var, std::size_t N>
input<Var> in(Var v, std::array<double, N>& values) {
    static_assert(N == tg::shape_of<Var>::size);
    return {v, &values};
}

/// Uniform values in [lo, hi], avoiding |value - avoid| < margin (by default nothing is avoided).
template <std::size_t N>
void fill(std::array<double, N>& values, rng& r, double lo, double hi, double avoid = 1e300, double margin = 0) {
    for (auto& value : values) {
        do value = r.uniform(lo, hi);
        while (std::abs(value - avoid) < margin);
    }
}

// The helpers are out of line (see docs/tensors.md, "Compile cost"): inlined into the test
// cases, six evaluations of every checked expression make the optimizer take minutes.

/// f at the inputs' current values, with the extra bindings.
template <class E, class Extras, class... Vars>
[[gnu::noinline]] double fd_evaluate(const E& f, const Extras& extras, const input<Vars>&... inputs) {
    return std::apply([&](const auto&... extra) { return tg::eval(f, extra..., inputs.binding()...); }, extras);
}

/// The 6-point stencil of fd6 (test_helpers.hpp) with a given absolute step h. Stan's step
/// eps^(1/7) max(1, |x|) assumes f varies on the scale of |x|; softmax-like functions of
/// logits near +-1000 vary on the scale of 1, where that step (5.8) is far too coarse.
template <class F>
fd_result fd6_step(const F& f, double x, double h) {
    volatile double shifted = x + h;  // the step actually taken
    h = shifted - x;
    const double p1 = f(x + h), m1 = f(x - h);
    const double p2 = f(x + 2 * h), m2 = f(x - 2 * h);
    const double p3 = f(x + 3 * h), m3 = f(x - 3 * h);
    const double d = ((p3 - m3) / 60.0 - 3.0 * (p2 - m2) / 20.0 + 3.0 * (p1 - m1) / 4.0) / h;
    const double scale = std::max({std::abs(p1), std::abs(m1), std::abs(p2), std::abs(m2), std::abs(p3), std::abs(m3)});
    return {d, h, scale};
}

/// Checks the reverse-mode gradient of f with respect to every element of every input, and
/// that the value of value_and_grad is that of eval, bit for bit. Step h > 0:
/// the stencil's absolute step; h = 0: Stan's step (fd6).
template <class E, class Extras, class... Vars>
[[gnu::noinline]] void check_fd_step(const std::string& name, double h, const E& f, const Extras& extras,
                                     const input<Vars>&... inputs) {
    const auto r =
        std::apply([&](const auto&... extra) { return tg::value_and_grad(f, extra..., inputs.binding()...); }, extras);
    const auto value = [&] { return fd_evaluate(f, extras, inputs...); };
    INFO(name << ": value " << show(r.value) << ", eval " << show(value()));
    CHECK(same_value(r.value, value()));
    (
        [&] {
            const auto& p = inputs;
            for (std::size_t i = 0; i < p.size; ++i) {
                double ad;
                if constexpr (tg::shape_of<Vars>::rank == 0)
                    ad = r.grad[p.variable];
                else
                    ad = r.grad[p.variable][i];
                double& slot = (*p.values)[i];
                const double saved = slot;
                const auto at = [&](double t) {
                    slot = t;
                    return value();
                };
                const fd_result fd = h > 0 ? fd6_step(at, saved, h) : fd6(at, saved);
                slot = saved;
                INFO(name << ": d f / d " << p.variable.name.view() << "[" << i << "] at " << show(saved) << ": ad "
                          << show(ad) << ", fd " << show(fd.derivative));
                CHECK(near_rel(ad, fd.derivative, grad_rel, grad_floor * std::max(1.0, fd.scale)));
            }
        }(),
        ...);
}

/// check_fd_step with Stan's step.
template <class E, class Extras, class... Vars>
void check_fd(const std::string& name, const E& f, const Extras& extras, const input<Vars>&... inputs) {
    check_fd_step(name, 0.0, f, extras, inputs...);
}

/// No extra bindings.
inline constexpr std::tuple<> none{};

// ---- independent references (long double, the textbook formulas) ------------------------

/// softmax of one row by the naive formula exp(x_j) / sum_k exp(x_k): valid for |x| < ~11000
/// in long double (x86 extended range); the tests call it on moderate logits only.
template <std::size_t N>
std::array<long double, N> naive_softmax(const std::array<long double, N>& x) {
    std::array<long double, N> y{};
    long double s = 0;
    for (std::size_t j = 0; j < N; ++j) s += std::exp(x[j]);
    for (std::size_t j = 0; j < N; ++j) y[j] = std::exp(x[j]) / s;
    return y;
}

template <std::size_t N>
long double naive_logsumexp(const std::array<long double, N>& x) {
    long double s = 0;
    for (std::size_t j = 0; j < N; ++j) s += std::exp(x[j]);
    return std::log(s);
}

}  // namespace typegrad_test::tensor
