/// @file
/// Defines what the tensor ops share: how a vector-Jacobian product writes a contribution to
/// an adjoint (detail::store), a loop four elements a step (detail::each_element), the shape
/// relations of the matrix product and of dot, the run-time rows and columns of an operand
/// (detail::dims2) and the transposed shape.
#pragma once

#include <typegrad/config.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace typegrad {

namespace detail {

/// step(j) for j in [0, n), four at a time then one at a time (a plain loop below four):
/// with n known only at run time, GCC at -O2 (its very cheap vectorizer cost model) leaves a
/// plain loop scalar, but packs four independent steps into vector instructions. Each element
/// gets the same operations in the same order: the same bits as the plain loop.
template <class Step>
TYPEGRAD_ALWAYS_INLINE constexpr void each_element(const std::size_t n, Step step) {
    if (n < 4) {
        for (std::size_t j = 0; j < n; ++j) step(j);
        return;
    }
    const std::size_t whole = n - n % 4;
    for (std::size_t j = 0; j < whole; j += 4) {
        step(j);
        step(j + 1);
        step(j + 2);
        step(j + 3);
    }
    for (std::size_t j = whole; j < n; ++j) step(j);
}

/// Writes a contribution to an adjoint: the first use of a node in the reverse sweep
/// assigns (so adjoints need no zeroing), later uses add.
template <bool Assign, class T>
constexpr void store(T& destination, const T& value) {
    if constexpr (Assign)
        destination = value;
    else
        destination = destination + value;
}

/// The matrix product's dimensions: A is rows x inner, B is inner x cols, a vector being a
/// column (N x 1), as in Eigen. The result is a vector when B is one.
template <class SA, class SB>
struct matmul_dims {
    static constexpr bool ranks_ok = (SA::rank == 1 || SA::rank == 2) && (SB::rank == 1 || SB::rank == 2);
    static constexpr std::size_t rows = ranks_ok ? SA::extents[0] : 0;
    static constexpr std::size_t inner = ranks_ok ? (SA::rank == 2 ? SA::extents[1] : 1) : 0;
    static constexpr std::size_t inner_b = ranks_ok ? SB::extents[0] : 0;
    static constexpr std::size_t cols = ranks_ok ? (SB::rank == 2 ? SB::extents[1] : 1) : 0;
    // A dynamic extent on either side is checked when the call's bindings are made.
    static constexpr bool ok = ranks_ok && (inner == inner_b || is_symbolic(inner) || is_symbolic(inner_b));
    using result = std::conditional_t<SB::rank == 1, shape<rows>, shape<rows, cols>>;
};

/// The diagnostic of `A * B`: true when A's columns equal B's rows.
template <class SA, class SB>
struct matrix_product_shapes_agree {
    static constexpr bool value = matmul_dims<SA, SB>::ok;
};

template <class SA, class SB>
struct dot_shapes_agree {
    static constexpr bool value = std::is_same_v<SA, SB> || may_agree<SA, SB>;
};

/// Rows and columns of an operand in a call with a dynamic extent (a vector is a column):
/// the kernels' run-time sizes.
using dims2 = std::array<std::size_t, 2>;

template <class S>
struct rank_at_most_2 {
    static constexpr bool value = S::rank <= 2;
};

template <class S>
struct transposed {
    using type = S;  // a scalar; transpose() rejects rank > 2
};
template <std::size_t N>
struct transposed<shape<N>> {
    using type = shape<1, N>;  // a column's transpose is a row, as in Eigen
};
template <std::size_t R, std::size_t C>
struct transposed<shape<R, C>> {
    using type = shape<C, R>;
};

}  // namespace detail

}  // namespace typegrad
