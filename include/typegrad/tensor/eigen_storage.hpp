/// @file
/// Eigen storage for tensor variables, when `<Eigen/Core>` is on the include path (the test of
/// eigen_kernels.hpp; no macro to set): vectors (`Eigen::VectorXd`, `Eigen::RowVectorXd`,
/// fixed-size ones) bind as flat storage, matrices and maps of them with their rows and columns
/// (checked against the variable's fixed extents). A row-major matrix binds in place; a
/// column-major one (Eigen's default, `Eigen::MatrixXd`) is copied into the call's workspace in
/// typegrad's row-major order, and a gradient buffer of that order receives the gradient
/// transposed back (tensor/column_major.hpp).
#pragma once

#include <typegrad/tensor/eigen_kernels.hpp>
#include <typegrad/tensor/storage.hpp>

#include <cstddef>
#include <span>

#ifdef TYPEGRAD_EIGEN_KERNELS

namespace typegrad::detail {

/// The storage kind of an Eigen matrix type M whose elements are E (const for a map of a const
/// matrix): a vector is flat, a matrix has rows and columns, and a column-major matrix's
/// element (r, c) is at c * rows + r.
template <class M, class E>
struct eigen_storage_kind {
    static constexpr bool is_vector = M::RowsAtCompileTime == 1 || M::ColsAtCompileTime == 1;
    static constexpr bool supported = true;
    static constexpr bool column_major = !is_vector && !M::IsRowMajor;
    using element = E;
    static constexpr std::size_t extent =
        M::SizeAtCompileTime == Eigen::Dynamic ? std::dynamic_extent : static_cast<std::size_t>(M::SizeAtCompileTime);
    template <class S>
    static E* data(S& s) {
        return const_cast<E*>(s.data());
    }
    template <class S>
    static std::size_t size(const S& s) {
        return static_cast<std::size_t>(s.size());
    }
};
template <class M, class E>
struct eigen_matrix_kind : eigen_storage_kind<M, E> {
    template <class S>
    static std::size_t rows(const S& s) {
        return static_cast<std::size_t>(s.rows());
    }
    template <class S>
    static std::size_t cols(const S& s) {
        return static_cast<std::size_t>(s.cols());
    }
};
template <class M, class E>
using eigen_kind =
    std::conditional_t<eigen_storage_kind<M, E>::is_vector, eigen_storage_kind<M, E>, eigen_matrix_kind<M, E>>;

template <class T, int R, int C, int O, int MR, int MC>
struct storage_kind<Eigen::Matrix<T, R, C, O, MR, MC>> : eigen_kind<Eigen::Matrix<T, R, C, O, MR, MC>, T> {};

/// A map of contiguous elements (the default stride) binds like the matrix it maps.
template <class T, int R, int C, int O, int MR, int MC, int MapOptions>
struct storage_kind<Eigen::Map<Eigen::Matrix<T, R, C, O, MR, MC>, MapOptions, Eigen::Stride<0, 0>>>
    : eigen_kind<Eigen::Matrix<T, R, C, O, MR, MC>, T> {};
template <class T, int R, int C, int O, int MR, int MC, int MapOptions>
struct storage_kind<Eigen::Map<const Eigen::Matrix<T, R, C, O, MR, MC>, MapOptions, Eigen::Stride<0, 0>>>
    : eigen_kind<Eigen::Matrix<T, R, C, O, MR, MC>, const T> {};

template <class T, int R, int C, int O, int MR, int MC, int MapOptions>
inline constexpr bool is_std_span<Eigen::Map<Eigen::Matrix<T, R, C, O, MR, MC>, MapOptions, Eigen::Stride<0, 0>>> =
    true;  // a view: its constness is its type's
template <class T, int R, int C, int O, int MR, int MC, int MapOptions>
inline constexpr bool
    is_std_span<Eigen::Map<const Eigen::Matrix<T, R, C, O, MR, MC>, MapOptions, Eigen::Stride<0, 0>>> = true;

}  // namespace typegrad::detail

#endif
