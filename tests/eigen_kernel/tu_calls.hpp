/// @file The typegrad calls of tests/eigen_kernel, textually the same in both translation
/// units: included once by tu_eigen.cpp and once by tu_loops.cpp.
#pragma once

#include "problem.hpp"

#include <typegrad.hpp>

namespace kernel_test {
// Unnamed: `compute` has one definition per configuration, which must not meet in the link
// (an inline function of the program itself would be the ODR trap this test is about).
namespace {

namespace tg = typegrad;

constexpr tg::var<"A", R, K> A;
constexpr tg::var<"B", K, C> B;
constexpr tg::var<"M", MR, MK> M;
constexpr tg::var<"v", MK> V;

/// Fills `out` by tg::eval and tg::value_and_grad.
void compute(const inputs& in, results& out) {
    const auto y = tg::eval(A * B, A = in.a, B = in.b);
    for (std::size_t i = 0; i < R * C; ++i) out.product[i] = y[i];
    const auto r = tg::value_and_grad(tg::squared_norm(A * B), A = in.a, B = in.b);
    out.f = r.value;
    for (std::size_t i = 0; i < R * K; ++i) out.df_da[i] = r.grad[A][i];
    for (std::size_t i = 0; i < K * C; ++i) out.df_db[i] = r.grad[B][i];
    const auto s = tg::value_and_grad(tg::sum(tg::tanh(M * V)), M = in.m, V = in.v);
    out.g = s.value;
    for (std::size_t i = 0; i < MR * MK; ++i) out.dg_dm[i] = s.grad[M][i];
    for (std::size_t i = 0; i < MK; ++i) out.dg_dv[i] = s.grad[V][i];
#ifdef TYPEGRAD_EIGEN_KERNELS
    out.eigen_kernels = true;
#endif
}

}  // namespace
}  // namespace kernel_test
