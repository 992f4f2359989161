/// @file
/// Optional Eigen kernels behind the tensor engine's large matrix products. Opt-in:
/// define TYPEGRAD_USE_EIGEN (and have Eigen 3.4's headers on the include path) and the
/// products Y = A B, dA = dY B^T and dB = A^T dY of float or double tensors with at least
/// eigen_product_threshold multiply-adds run through Eigen::Map over the engine's own
/// buffers (nothing is copied or allocated: Eigen's GEMM blocks into stack buffers of fixed
/// size for these products). Without the macro typegrad has no dependency and uses its loops;
/// with the macro but without <Eigen/Core> on the include path it uses its loops as well
/// (TYPEGRAD_EIGEN_KERNELS tells which). Define the macro for all translation units of a
/// program or none: the product kernels of the two kinds of TU would differ (ODR).
#pragma once

#include <cstddef>
#include <type_traits>

#if defined(TYPEGRAD_USE_EIGEN) && defined(__has_include)
#if __has_include(<Eigen/Core>)
#include <Eigen/Core>
#define TYPEGRAD_EIGEN_KERNELS 1
#endif
#endif

namespace typegrad::tensor_detail {

/// Products smaller than this many multiply-adds stay on typegrad's loops, where Eigen's
/// packing and blocking cost more than they save (XOR's 4 x 2 x 2, the seeds' 4 x 3 x 1).
inline constexpr std::size_t eigen_product_threshold = std::size_t{1} << 14;

/// Whether a product of R x K by K x C elements of type T runs on Eigen.
template <class T, std::size_t R, std::size_t K, std::size_t C>
inline constexpr bool use_eigen_product =
#ifdef TYPEGRAD_EIGEN_KERNELS
    (std::is_same_v<T, double> || std::is_same_v<T, float>) && R * K * C >= eigen_product_threshold;
#else
    false;
#endif

/// out (=|+=) op(A) op(B) for row-major A (ar x ac) and B (br x bc); op transposes when
/// asked. Only called when use_eigen_product is true (so only defined with Eigen).
template <bool Assign, bool TransposeA, bool TransposeB, class T>
void eigen_product(T* out, const T* a, std::size_t ar, std::size_t ac, const T* b, std::size_t br, std::size_t bc);

#ifdef TYPEGRAD_EIGEN_KERNELS
template <bool Assign, bool TransposeA, bool TransposeB, class T>
void eigen_product(T* out, const T* a, std::size_t ar, std::size_t ac, const T* b, std::size_t br, std::size_t bc) {
    using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using index = Eigen::Index;
    const Eigen::Map<const matrix> A(a, static_cast<index>(ar), static_cast<index>(ac));
    const Eigen::Map<const matrix> B(b, static_cast<index>(br), static_cast<index>(bc));
    const index rows = static_cast<index>(TransposeA ? ac : ar), cols = static_cast<index>(TransposeB ? br : bc);
    Eigen::Map<matrix> O(out, rows, cols);
    // noalias: the output never overlaps the operands (the engine's own slices, or a gradient
    // buffer that the caller must not alias with the inputs), so Eigen needs no temporary.
    const auto lhs = [&] {
        if constexpr (TransposeA) return A.transpose(); else return A;
    }();
    const auto rhs = [&] {
        if constexpr (TransposeB) return B.transpose(); else return B;
    }();
    if constexpr (Assign)
        O.noalias() = lhs * rhs;
    else
        O.noalias() += lhs * rhs;
}
#endif

}  // namespace typegrad::tensor_detail
