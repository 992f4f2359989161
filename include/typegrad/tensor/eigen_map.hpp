/// @file
/// Tensor gradients and values as Eigen maps, when `<Eigen/Core>` is on the include path:
/// `tg::eigen_map(r.grad[W])` views the elements of a gradient (or of a `tg::eval` result)
/// in place as an `Eigen::Map`, so a caller hands them to an Eigen solver without a copy. A
/// matrix maps as a row-major matrix (typegrad's order), a vector as a column vector.
#pragma once

#include <typegrad/config.hpp>
#include <typegrad/tensor/binding.hpp>
#include <typegrad/tensor/eigen_kernels.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <type_traits>

#ifdef TYPEGRAD_EIGEN_KERNELS

namespace typegrad {

namespace detail {

/// The Eigen matrix type of the elements of a shape: a vector of N is N x 1; an R x C matrix
/// is row-major (column-major only for an R x 1 column, which Eigen requires).
template <class T, class Shape>
struct eigen_matrix_of;
template <class T, std::size_t N>
struct eigen_matrix_of<T, shape<N>> {
    using type = Eigen::Matrix<T, static_cast<int>(N), 1>;
};
template <class T, std::size_t R, std::size_t C>
struct eigen_matrix_of<T, shape<R, C>> {
    using type = Eigen::Matrix<T, static_cast<int>(R), static_cast<int>(C),
                               C == 1 && R != 1 ? Eigen::ColMajor : Eigen::RowMajor>;
};

/// A map of E's elements, const where E is.
template <class E, class Matrix>
using eigen_map_t = Eigen::Map<std::conditional_t<std::is_const_v<E>, const Matrix, Matrix>>;

}  // namespace detail

inline namespace TYPEGRAD_KERNELS {

/// A fixed-shape gradient (`r.grad[W]`) as an Eigen::Map of its elements, no copy.
template <class E, class Shape>
auto eigen_map(const tensor_view<E, Shape>& v) {
    using M = typename detail::eigen_matrix_of<std::remove_const_t<E>, Shape>::type;
    return detail::eigen_map_t<E, M>(v.data());
}

/// A tensor value (`tg::eval` of a tensor expression) as an Eigen::Map of its elements; the
/// value must outlive the map.
template <class T, class Shape>
auto eigen_map(const tensor_value<T, Shape>& v) {
    using M = typename detail::eigen_matrix_of<T, Shape>::type;
    return detail::eigen_map_t<const T, M>(v.data());
}
template <class T, class Shape>
void eigen_map(const tensor_value<T, Shape>&& v) = delete;  // a temporary would dangle

/// A gradient of a variable with a dynamic extent as an Eigen::Map with its run-time extents:
/// a vector is a column of its size, a matrix row-major with its rows and columns.
template <class E, std::size_t Rank>
auto eigen_map(const dynamic_tensor_view<E, Rank>& v) {
    static_assert(Rank == 1 || Rank == 2, "typegrad: eigen_map views a vector or a matrix");
    using T = std::remove_const_t<E>;
    if constexpr (Rank == 1) {
        return detail::eigen_map_t<E, Eigen::Matrix<T, Eigen::Dynamic, 1>>(v.data(),
                                                                           static_cast<Eigen::Index>(v.extent(0)));
    } else {
        return detail::eigen_map_t<E, Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
            v.data(), static_cast<Eigen::Index>(v.extent(0)), static_cast<Eigen::Index>(v.extent(1)));
    }
}

}  // namespace TYPEGRAD_KERNELS

}  // namespace typegrad

#endif
