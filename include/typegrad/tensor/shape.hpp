/// @file
/// Defines typegrad::shape and the shape of every expression: var<"W", 2, 3> is a 2x3
/// matrix, a scalar op applied to tensors is elementwise, a tensor op gives its own shape.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/type_list.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace typegrad {

/// A compile-time shape: `shape<>` a scalar, `shape<N>` a vector (a column, as in Eigen),
/// `shape<R, C>` an R x C matrix stored row-major. It appears in diagnostics, so that a
/// mismatch reads `shape<2, 3>` against `shape<2>`.
template <std::size_t... Extents>
struct shape {
    static constexpr std::size_t rank = sizeof...(Extents);
    static constexpr std::size_t size = (Extents * ... * std::size_t{1});
    static constexpr std::array<std::size_t, rank> extents{Extents...};
};

namespace tensor_detail {

using detail::list;

template <class S>
inline constexpr bool is_scalar_shape = S::rank == 0;

// ---- diagnostics ------------------------------------------------------------------------
// A static_assert message cannot show types in C++20, so each shape check asserts a trait
// whose template arguments are the shapes involved: the compiler prints the failed
// requirement, `elementwise_shapes_agree<shape<2, 2>, shape<2>>::value`, with the message.
// Asserting in the function body (not instantiating a failing class) keeps it one error.

/// A bias row: shape<M> or shape<1, M> against an N x M matrix (`X * W + b`).
template <class Row, class Matrix>
inline constexpr bool is_row_of = false;
template <std::size_t N, std::size_t M>
inline constexpr bool is_row_of<shape<M>, shape<N, M>> = true;
template <std::size_t N, std::size_t M>
inline constexpr bool is_row_of<shape<1, M>, shape<N, M>> = true;

/// Operands of an elementwise operation agree when they have one shape, or one is a scalar,
/// or one is a row (M or 1 x M) of the other (N x M): the scalar or the row is broadcast.
template <class A, class B>
struct elementwise_shapes_agree {
    static constexpr bool value =
        is_scalar_shape<A> || is_scalar_shape<B> || std::is_same_v<A, B> || is_row_of<A, B> || is_row_of<B, A>;
};

/// The shape of an elementwise result over two agreeing operand shapes: the larger one.
template <class A, class B>
using broadcast_pair = std::conditional_t<is_scalar_shape<A> || is_row_of<A, B>, B, A>;

// ---- shape of an expression -------------------------------------------------------------

/// Tensor ops (matmul, sum, ...) say so with `static constexpr bool tensor_rule = true` and
/// give their result shape; any other op is a scalar op, applied elementwise.
template <class Op>
concept tensor_op = requires {
    requires Op::tensor_rule;
};

/// The shape of elementwise Op over operands of shapes Ss: their common shape, where a
/// scalar operand is broadcast. Two different non-scalar shapes are a compile error.
template <class Acc, class... Ss>
struct broadcast {
    using type = Acc;
};
template <class Acc, class S0, class... Ss>
struct broadcast<Acc, S0, Ss...> {
    static_assert(elementwise_shapes_agree<Acc, S0>::value,
                  "typegrad: an elementwise operation needs operands of one shape (or a scalar or a bias row, "
                  "which are broadcast); the two shapes are the arguments of elementwise_shapes_agree");
    using next = broadcast_pair<Acc, S0>;
    using type = typename broadcast<next, Ss...>::type;
};

template <class Op, class... Ss>
struct node_shape {
    using type = typename broadcast<shape<>, Ss...>::type;
};
template <tensor_op Op, class... Ss>
struct node_shape<Op, Ss...> {
    using type = typename Op::template result_shape<Ss...>;
};

template <class E, class F = detail::family_of_t<E>>
struct shape_of_impl {
    using type = shape<>;  // constants and literals are scalars
};
template <fixed_string N, std::size_t... Es>
struct shape_of_impl<var<N, Es...>, void> {
    static_assert(((Es > 0) && ...), "typegrad: a variable's extents must be positive");
    using type = shape<Es...>;
};
template <class E, class Op, class... Cs>
struct shape_of_impl<E, node_family<Op, Cs...>> {
    using type = typename node_shape<Op, typename shape_of_impl<Cs>::type...>::type;
};

}  // namespace tensor_detail

/// The shape of an expression: `shape_of<decltype(W * x)>` is `shape<2>`.
template <class E>
using shape_of = typename tensor_detail::shape_of_impl<std::remove_cvref_t<E>>::type;

namespace tensor_detail {
/// True for an expression with at least one extent (a vector or a matrix).
template <class E>
concept tensor_valued = expression<E> &&(shape_of<E>::rank > 0);
}  // namespace tensor_detail

}  // namespace typegrad
