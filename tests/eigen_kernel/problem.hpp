/// @file The problems both kernel configurations compute in one program (tests/eigen_kernel):
/// the same typegrad expressions, evaluated and differentiated in a translation unit built
/// with Eigen on the include path (tu_eigen.cpp) and in one built without (tu_loops.cpp).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>

namespace kernel_test {

/// A GEMM in every pass: Y = A B (48 x 64 by 64 x 40), f = |Y|^2.
constexpr std::size_t R = 48, K = 64, C = 40;
/// A GEMV forward and backward and an outer product: z = M v (160 x 128 by 128), f = sum tanh(z).
constexpr std::size_t MR = 160, MK = 128;

struct inputs {
    std::array<double, R * K> a{};
    std::array<double, K * C> b{};
    std::array<double, MR * MK> m{};
    std::array<double, MK> v{};
    inputs() {
        for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::sin(0.37 * static_cast<double>(i) + 0.1);
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = 0.5 * std::cos(0.11 * static_cast<double>(i) + 0.5);
        for (std::size_t i = 0; i < m.size(); ++i) m[i] = 0.1 * std::sin(0.23 * static_cast<double>(i) + 1.0);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::cos(0.71 * static_cast<double>(i) + 0.2);
    }
};

/// What one translation unit computes: the product Y = A B alone, f = |A B|^2 with its
/// gradients, and g = sum tanh(M v) with its gradients.
struct results {
    std::array<double, R * C> product{};
    double f = 0;
    std::array<double, R * K> df_da{};
    std::array<double, K * C> df_db{};
    double g = 0;
    std::array<double, MR * MK> dg_dm{};
    std::array<double, MK> dg_dv{};
    bool eigen_kernels = false;  ///< the TU's configuration (TYPEGRAD_EIGEN_KERNELS)
};

/// Defined in tu_eigen.cpp and tu_loops.cpp, from the same typegrad calls.
void compute_with_eigen(const inputs& in, results& out);
void compute_with_loops(const inputs& in, results& out);

}  // namespace kernel_test
