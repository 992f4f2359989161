/// @file
/// The factorization kernel of det, log_det, inverse and solve (tensor/linalg.hpp): with
/// Eigen 3.4 on the include path, orders from eigen_lu_threshold up factor on Eigen's
/// unblocked partial-pivoting LU (the in-place kernel behind Eigen::PartialPivLU, run on the
/// op's own scratch values: no allocation); smaller orders, other element
/// types, constant evaluation and builds without Eigen use typegrad's loops (tensor/lu.hpp).
/// The threshold comes from bench/linalg (docs/bench_linalg.md).
///
/// Both kernels give the same layout (PA = LU row-major in place, the permutation, its
/// sign), so the triangular solves, the inverse and the cofactors behind every derivative are
/// one code. Eigen pivots on the largest magnitude too (the first of equal ones), keeps going
/// past a zero pivot and applies the same operations to each row in the same order: the
/// factors are the loops' (bit for bit unless the compiler contracts into fused
/// multiply-adds; tested against each other). PartialPivLU's own blocked kernel above order
/// 16 is not used: it is no faster at these orders (docs/bench_linalg.md) and its blocks can
/// leave an exactly singular matrix a pivot of rounding size.
///
/// The kernel depends on the configuration: it is declared in TYPEGRAD_KERNELS, as are the
/// ops that call it (see eigen_kernels.hpp).
#pragma once

#include <typegrad/config.hpp>  // TYPEGRAD_EIGEN_KERNELS, TYPEGRAD_KERNELS
#include <typegrad/tensor/lu.hpp>

#include <cstddef>
#include <type_traits>

#ifdef TYPEGRAD_EIGEN_KERNELS
#include <Eigen/LU>
#endif

namespace typegrad::detail {
inline namespace TYPEGRAD_KERNELS {

/// Orders below this factor on the loops (measured: docs/bench_linalg.md).
inline constexpr std::size_t eigen_lu_threshold = 16;

/// Whether an N x N matrix of T factors on Eigen (double and float, with Eigen).
template <class T, std::size_t N>
inline constexpr bool use_eigen_lu =
#ifdef TYPEGRAD_EIGEN_KERNELS
    (std::is_same_v<T, double> || std::is_same_v<T, float>)&&N >= eigen_lu_threshold;
#else
    false;
#endif

#ifdef TYPEGRAD_EIGEN_KERNELS
/// Eigen's LU of the N x N row-major matrix in lu (in place); returns the permutation's sign
/// and writes perm in lu.hpp's layout (row i of PA is row perm[i] of A).
template <std::size_t N, class T>
int eigen_lu_factor(T* lu, T* perm) {
    using kernel = Eigen::internal::partial_lu_impl<T, Eigen::RowMajor, int, static_cast<int>(N)>;
    int transpositions[N];
    int count = 0;
    // Unblocked at every order: each row meets the same operations in the same order, so an
    // exactly singular matrix (two equal rows) keeps an exactly zero pivot, as on the loops.
    typename kernel::MatrixTypeRef ref =
        kernel::MatrixType::Map(lu, Eigen::Index(N), Eigen::Index(N), Eigen::OuterStride<>(Eigen::Index(N)));
    kernel::unblocked_lu(ref, transpositions, count);
    for (std::size_t i = 0; i < N; ++i) perm[i] = T(i);
    for (std::size_t k = 0; k < N; ++k) {
        const auto p = static_cast<std::size_t>(transpositions[k]);
        const T t = perm[k];
        perm[k] = perm[p];
        perm[p] = t;
    }
    return count % 2 == 0 ? 1 : -1;
}
#endif

/// The factorization an op keeps after its result (factorization_size<N> elements: lu,
/// perm, sign), on Eigen or on the loops.
template <std::size_t N, class T>
constexpr void factor_into(T* kept, const T* a) {
#ifdef TYPEGRAD_EIGEN_KERNELS
    if constexpr (use_eigen_lu<T, N>) {
        if (!std::is_constant_evaluated()) {
            for (std::size_t i = 0; i < N * N; ++i) kept[i] = a[i];
            kept[N * N + N] = T(eigen_lu_factor<N>(kept, kept + N * N));
            return;
        }
    }
#endif
    kept[N * N + N] = T(lu_factor<N>(kept, kept + N * N, a));
}

}  // namespace TYPEGRAD_KERNELS
}  // namespace typegrad::detail
