/// @file
/// Defines `tg::max_along<D>(X)` (the maximum along one dimension) and
/// `tg::maxout<K>(X)` (the maximum of each group of K consecutive columns: maxout units),
/// with their vector-Jacobian products.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

/// A maximum over groups: the input viewed as Outer x Count x Inner (row-major), the result
/// as Outer x Inner, out[o, i] = max_k x[o, k, i].
///
/// Ties: the upstream adjoint is split evenly among the elements equal to the maximum, so
/// the partials sum to 1 and max_along over two elements agrees with the core's max(x, y)
/// (1/2 each at x == y, docs/api.md). NaN: a NaN element makes the maximum NaN, and every
/// element of that group receives dy * NaN (0 for an exactly zero dy, as the core's chain
/// rule product), like the core's max.
template <std::size_t Outer, std::size_t Count, std::size_t Inner>
struct group_max {
    template <class T>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT x) {
        for (std::size_t o = 0; o < Outer; ++o)
            for (std::size_t i = 0; i < Inner; ++i) {
                const T* first = x + o * Count * Inner + i;
                T m = first[0];
                for (std::size_t k = 1; k < Count && !detail::math::isnan(m); ++k)
                    if (first[k * Inner] > m || detail::math::isnan(first[k * Inner])) m = first[k * Inner];
                out[o * Inner + i] = m;
            }
    }

    template <bool Assign, class T>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T* TYPEGRAD_RESTRICT x,
                                   const T* TYPEGRAD_RESTRICT self) {
        for (std::size_t o = 0; o < Outer; ++o)
            for (std::size_t i = 0; i < Inner; ++i) {
                const std::size_t base = o * Count * Inner + i;
                const T m = self[o * Inner + i];
                const T u = up[o * Inner + i];
                std::size_t ties = 0;
                for (std::size_t k = 0; k < Count; ++k) ties += x[base + k * Inner] == m ? 1 : 0;
                // ties == 0 only when m is NaN: the weight is NaN for every element.
                const T share = ties == 0 ? m : T(1) / T(ties);
                const T routed = detail::to_number<T>(chain_mul(u, share));
                for (std::size_t k = 0; k < Count; ++k)
                    store<Assign>(g[base + k * Inner], ties == 0 || x[base + k * Inner] == m ? routed : T(0));
            }
    }

    /// The tangent of each maximum: the mean of its ties' tangents (the backward's even
    /// split); a NaN maximum gives each tangent times NaN, summed (0 where all are 0).
    template <class T>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT x, const T* TYPEGRAD_RESTRICT tx,
                              const T* TYPEGRAD_RESTRICT self) {
        for (std::size_t o = 0; o < Outer; ++o)
            for (std::size_t i = 0; i < Inner; ++i) {
                const std::size_t base = o * Count * Inner + i;
                const T m = self[o * Inner + i];
                std::size_t ties = 0;
                for (std::size_t k = 0; k < Count; ++k) ties += x[base + k * Inner] == m ? 1 : 0;
                const T share = ties == 0 ? m : T(1) / T(ties);
                T s = T(0);
                for (std::size_t k = 0; k < Count; ++k)
                    if (ties == 0 || x[base + k * Inner] == m)
                        s = s + detail::to_number<T>(chain_mul(tx[base + k * Inner], share));
                out[o * Inner + i] = s;
            }
    }
};

template <class S, std::size_t D>
struct max_along_dims {
    static constexpr bool ok = (S::rank == 1 && D == 0) || (S::rank == 2 && D < 2);
    static constexpr std::size_t rows = S::rank == 2 ? S::extents[0] : 1;
    static constexpr std::size_t cols = S::rank == 2 ? S::extents[1] : S::size;
    // Along dimension 1 (a matrix's columns, or a vector): one maximum per row.
    // Along dimension 0 of a matrix: one per column.
    using kernel = std::conditional_t<S::rank == 2 && D == 0, group_max<1, rows, cols>, group_max<rows, cols, 1>>;
    using result = std::conditional_t<S::rank == 1, shape<>, std::conditional_t<D == 0, shape<cols>, shape<rows>>>;
};

template <class S, std::size_t K>
struct maxout_dims {
    static constexpr std::size_t last = S::rank == 0 ? 0 : S::extents[S::rank == 0 ? 0 : S::rank - 1];
    static constexpr bool ok = (S::rank == 1 || S::rank == 2) && K > 0 && last % (K > 0 ? K : 1) == 0;
    static constexpr std::size_t rows = S::rank == 2 ? S::extents[0] : 1;
    static constexpr std::size_t units = ok ? last / K : 0;
    using kernel = group_max<rows * units, K, 1>;
    using result = std::conditional_t<S::rank == 2, shape<rows, units>, shape<units>>;
};

/// Diagnostics (asserted, so that the failed requirement names the shape and the argument).
template <class S, std::size_t D>
struct max_along_dimension_exists {
    static constexpr bool value = max_along_dims<S, D>::ok;
};
template <class S, std::size_t K>
struct maxout_groups_divide_columns {
    static constexpr bool value = maxout_dims<S, K>::ok;
};

}  // namespace detail

/// The maximum along dimension D: of an R x C matrix along D = 1 (one maximum per row, shape
/// `<R>`) or D = 0 (one per column, shape `<C>`); of a vector along D = 0 (a scalar).
template <std::size_t D>
struct max_along_op {
    static constexpr std::string_view name = D == 0 ? "max_along<0>" : "max_along<1>";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = typename detail::max_along_dims<S, D>::result;

    template <class S, class T>
    static constexpr void forward(T* out, const T* x) {
        detail::max_along_dims<S, D>::kernel::forward(out, x);
    }
    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* x, const T* self) {
        detail::max_along_dims<S, D>::kernel::template backward<Assign>(g, up, x, self);
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T* x, const T* tx, const T* self) {
        detail::max_along_dims<S, D>::kernel::jvp(out, x, tx, self);
    }
};

/// maxout with K pieces: the columns of an N x (M K) matrix (or the elements of a vector of
/// M K) in M consecutive groups of K, each replaced by its maximum: N x M (or M). With
/// X = input * W + b, unit j of row n is max_k X[n, j K + k], as in Goodfellow et al. 2013.
template <std::size_t K>
struct maxout_op {
    static constexpr std::string_view name = "maxout";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = typename detail::maxout_dims<S, K>::result;

    template <class S, class T>
    static constexpr void forward(T* out, const T* x) {
        detail::maxout_dims<S, K>::kernel::forward(out, x);
    }
    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* x, const T* self) {
        detail::maxout_dims<S, K>::kernel::template backward<Assign>(g, up, x, self);
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T* x, const T* tx, const T* self) {
        detail::maxout_dims<S, K>::kernel::jvp(out, x, tx, self);
    }
};

/// `tg::max_along<1>(X)`: the maximum of each row of X; `tg::max_along<0>(X)`: of each
/// column; `tg::max_along<0>(v)`: of a vector. Ties split the gradient evenly.
template <std::size_t D, expression A>
constexpr auto max_along(const A& a) {
    static_assert(detail::max_along_dimension_exists<shape_of<A>, D>::value,
                  "typegrad: max_along<D>(x) takes a vector (D = 0) or a matrix (D = 0 or 1); the shape and D "
                  "are the arguments of max_along_dimension_exists");
    if constexpr (!detail::max_along_dimension_exists<shape_of<A>, D>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return make_node<max_along_op<D>>(a);
}

/// `tg::maxout<K>(X)`: maxout units of K pieces each over the columns of X (N x M K -> N x M).
template <std::size_t K, expression A>
constexpr auto maxout(const A& a) {
    static_assert(detail::maxout_groups_divide_columns<shape_of<A>, K>::value,
                  "typegrad: maxout<K>(X) takes a vector or a matrix whose last extent is a multiple of K > 0; "
                  "the shape and K are the arguments of maxout_groups_divide_columns");
    if constexpr (!detail::maxout_groups_divide_columns<shape_of<A>, K>::value)
        return c<0>;
    else
        return make_node<maxout_op<K>>(a);
}

}  // namespace typegrad
