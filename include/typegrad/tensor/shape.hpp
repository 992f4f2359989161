/// @file
/// Defines typegrad::shape and the shape of every expression: var<"W", 2, 3> is a 2x3
/// matrix, a scalar op applied to tensors is elementwise, a tensor op gives its own shape.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/core/type_list.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>
#include <utility>

namespace typegrad {

/// An extent known only at run time: `tg::var<"y", tg::dynamic>` is a vector whose length is
/// that of the storage it is bound to, `tg::var<"X", tg::dynamic, 4>` a matrix of 4 columns
/// and as many rows as its storage holds.
inline constexpr std::size_t dynamic = std::dynamic_extent;

namespace detail {

/// A dynamic extent in a shape is symbolic: it names its variable (a hash of the name) and
/// axis, so that two extents of one variable's axis are the same extent at compile time. The
/// top bit marks it; bits 3 to 62 hold the name's hash, bits 0 to 2 the axis.
inline constexpr std::size_t symbolic_bit = std::size_t{1} << 63;
constexpr bool is_symbolic(std::size_t extent) { return (extent & symbolic_bit) != 0; }
constexpr std::size_t symbolic_axis(std::size_t extent) { return extent & 7; }
constexpr std::size_t symbolic_name(std::size_t extent) { return (extent & ~symbolic_bit) >> 3; }
template <class Chars>
constexpr std::size_t name_hash(const Chars& name) {
    std::size_t h = 14695981039346656037ull;  // FNV-1a, folded to 60 bits
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return (h ^ (h >> 60)) & ((std::size_t{1} << 60) - 1);
}
constexpr std::size_t symbolic_extent(std::size_t hash, std::size_t axis) { return symbolic_bit | (hash << 3) | axis; }

/// The size key of a shape with a symbolic extent: equal for equal shapes, never the size of
/// a fixed shape (its top bit is set). A loop over such a shape takes its size at run time.
template <std::size_t... Extents>
constexpr std::size_t symbolic_size_key() {
    std::size_t h = 1469598103934665603ull;
    ((h = (h ^ Extents) * 1099511628211ull), ...);
    return symbolic_bit | h;
}

}  // namespace detail

/// A compile-time shape: `shape<>` a scalar, `shape<N>` a vector (a column, as in Eigen),
/// `shape<R, C>` an R x C matrix stored row-major. It appears in diagnostics, so that a
/// mismatch reads `shape<2, 3>` against `shape<2>`.
template <std::size_t... Extents>
struct shape {
    static constexpr std::size_t rank = sizeof...(Extents);
    /// False when an extent is dynamic (symbolic): then `size` is only a key that tells
    /// shapes apart, and the number of elements is known once the call's bindings are made.
    static constexpr bool fixed = (!detail::is_symbolic(Extents) && ...);
    static constexpr std::size_t size =
        fixed ? (Extents * ... * std::size_t{1}) : detail::symbolic_size_key<Extents...>();
    static constexpr std::array<std::size_t, rank> extents{Extents...};
};

namespace detail {

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

/// Two shapes of one rank whose extents may be equal: equal numbers, or a dynamic extent on
/// either side (checked once per call, when the bindings are made).
template <class A, class B>
inline constexpr bool may_agree = false;
template <std::size_t... As, std::size_t... Bs>
requires(sizeof...(As) == sizeof...(Bs)) inline constexpr bool may_agree<shape<As...>, shape<Bs...>> =
    ((As == Bs || is_symbolic(As) || is_symbolic(Bs)) && ...);

/// The extent of an elementwise result on one axis: a number where either operand has one.
constexpr std::size_t unify_extent(std::size_t a, std::size_t b) { return is_symbolic(a) ? b : a; }
template <class A, class B>
struct unified {
    using type = A;
};
template <std::size_t... As, std::size_t... Bs>
requires(sizeof...(As) == sizeof...(Bs)) struct unified<shape<As...>, shape<Bs...>> {
    using type = shape<unify_extent(As, Bs)...>;
};

/// Operands of an elementwise operation agree when they have one shape (dynamic extents
/// match any extent until the call checks them), or one is a scalar, or one is a row (M or
/// 1 x M) of the other (N x M): the scalar or the row is broadcast.
template <class A, class B>
struct elementwise_shapes_agree {
    static constexpr bool value = is_scalar_shape<A> || is_scalar_shape<B> || std::is_same_v<A, B> || is_row_of<A, B> ||
                                  is_row_of<B, A> || may_agree<A, B>;
};

/// The shape of an elementwise result over two agreeing operand shapes: the larger one (of
/// two shapes of one rank, the fixed extents).
template <class A, class B>
using broadcast_pair = std::conditional_t<
    is_scalar_shape<A> || is_row_of<A, B>, B,
    std::conditional_t<is_scalar_shape<B> || is_row_of<B, A> || std::is_same_v<A, B>, A, typename unified<A, B>::type>>;

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
template <fixed_string N, class Axes, std::size_t... Es>
struct variable_shape;
template <fixed_string N, std::size_t... I, std::size_t... Es>
struct variable_shape<N, std::index_sequence<I...>, Es...> {
    using type = shape<(Es == dynamic ? symbolic_extent(name_hash(N.view()), I) : Es)...>;
};
template <fixed_string N, std::size_t... Es>
struct shape_of_impl<var<N, Es...>, void> {
    static_assert(((Es > 0) && ...), "typegrad: a variable's extents must be positive");
    static_assert(((Es == dynamic || !is_symbolic(Es)) && ...),
                  "typegrad: an extent is a number below 2^63 or tg::dynamic");
    using type = typename variable_shape<N, std::make_index_sequence<sizeof...(Es)>, Es...>::type;
};
template <class E, class Op, class... Cs>
struct shape_of_impl<E, node_family<Op, Cs...>> {
    using type = typename node_shape<Op, typename shape_of_impl<Cs>::type...>::type;
};

}  // namespace detail

/// The shape of an expression: `shape_of<decltype(W * x)>` is `shape<2>`.
template <class E>
using shape_of = typename detail::shape_of_impl<std::remove_cvref_t<E>>::type;

namespace detail {
/// True for an expression with at least one extent (a vector or a matrix).
template <class E>
concept tensor_valued = expression<E> &&(shape_of<E>::rank > 0);
}  // namespace detail

}  // namespace typegrad
