/// @file
/// Defines the tensor op transpose, with its forward kernel, its vector-Jacobian product and
/// its Jacobian-vector product (no Jacobian is formed), and the functions users call: `W * x`
/// (the matrix product, tensor/matmul.hpp), `tg::hadamard`, `tg::transpose`, the operators
/// between two tensors, and the reductions of tensor/reductions.hpp (`tg::sum`, `tg::mean`,
/// `tg::dot`, `tg::squared_norm`, `tg::norm`). Elementwise +, -, unary -, scalar * tensor
/// and every scalar function of the core (exp, sigmoid, relu, ...) are the core's own nodes:
/// the tensor engine applies their scalar value and partial rules element by element.
#pragma once

#include <typegrad/config.hpp>
#include <typegrad/core/apply.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/piecewise.hpp>
#include <typegrad/tensor/matmul.hpp>
#include <typegrad/tensor/op_rules.hpp>
#include <typegrad/tensor/reductions.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>

namespace typegrad {

// Each tensor op is the whole rule of one operation: its result shape, its forward kernel
// (out = op(children)) and, for each child I, its vector-Jacobian product
// (g_I (=|+=) upstream^T d op / d child_I), and its Jacobian-vector product `jvp`
// (out = sum_I d op / d child_I t_I, a null t_I being a structural zero). Kernels take raw pointers into the sweep's
// storage or the caller's arrays; all loops are run-time loops over compile-time bounds.

/// transpose: a matrix R x C becomes C x R; a vector N becomes a row 1 x N.
struct transpose_op {
    static constexpr std::string_view name = "transpose";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class S>
    using result_shape = typename detail::transposed<S>::type;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        forward_dims<S>({detail::dims2{S::rank == 1 ? S::size : S::extents[0], S::rank == 1 ? 1 : S::extents[1]}}, out,
                        a);
    }
    template <class S, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_dims(const std::array<detail::dims2, 1>& d, T* out,
                                                              const T* a) {
        const std::size_t R = d[0][0], C = d[0][1];
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t j = 0; j < C; ++j) out[j * R + r] = a[r * C + j];
    }

    /// Linear: the transpose of the tangent.
    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T*) {
        forward<S>(out, ta);
    }

    template <std::size_t I, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* self) {
        backward_dims<I, Assign, S>(
            {detail::dims2{S::rank == 1 ? S::size : S::extents[0], S::rank == 1 ? 1 : S::extents[1]}}, g, up, a, self);
    }
    template <std::size_t, bool Assign, class S, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_dims(const std::array<detail::dims2, 1>& d, T* g, const T* up,
                                                               const T*, const T*) {
        const std::size_t R = d[0][0], C = d[0][1];
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t j = 0; j < C; ++j) detail::store<Assign>(g[r * C + j], up[j * R + r]);
    }
};

// ---- the functions users call -----------------------------------------------------------

namespace detail {
/// The one diagnostic of an elementwise shape mismatch, instantiated by the function the user
/// called, so that the error names both shapes and is the only error; returns whether the
/// shapes agree.
template <class SA, class SB>
constexpr bool check_elementwise_shapes() {
    static_assert(elementwise_shapes_agree<SA, SB>::value,
                  "typegrad: an elementwise operation (+, -, hadamard) needs operands of one shape (or a "
                  "scalar or a bias row, which are broadcast); the two shapes are the arguments of "
                  "elementwise_shapes_agree");
    return elementwise_shapes_agree<SA, SB>::value;
}
}  // namespace detail

/// The elementwise (Hadamard) product; `*` between tensors is the matrix product.
template <class A, class B>
requires operand<A> && operand<B> &&(expression<A> || expression<B>)constexpr auto hadamard(const A& a, const B& b) {
    // a number has shape<>
    if constexpr (!detail::check_elementwise_shapes<shape_of<A>, shape_of<B>>())
        return c<0>;  // after the one error above, no further ones
    else
        return apply<mul_op>(a, b);
}

/// The transpose: R x C becomes C x R; a vector (a column) becomes a 1 x N row.
template <expression A>
constexpr auto transpose(const A& a) {
    static_assert(detail::rank_at_most_2<shape_of<A>>::value,
                  "typegrad: transpose takes a vector or a matrix; the shape is the argument of rank_at_most_2");
    if constexpr (shape_of<A>::rank > 2)
        return c<0>;  // after the one error above, no further ones
    else if constexpr (shape_of<A>::rank == 0)
        return a;
    else
        return make_node<transpose_op>(a);
}

// ---- operators between two tensors --------------------------------------------------------
// The core's `+ - *` accept any two expressions. These overloads have the same parameters
// and a constraint that subsumes the core's (binary_operands<A, B> and more), so overload
// resolution prefers them; they are viable only when both operands are tensors (a scalar
// operand keeps the core's meaning: broadcast, scaling). `*` becomes the matrix product; `+ -` check
// the shapes at once and then build the core's elementwise node.

namespace detail {
template <class A, class B>
constexpr auto elementwise_add(const A& a, const B& b) {
    if constexpr (!check_elementwise_shapes<shape_of<A>, shape_of<B>>())
        return c<0>;
    else
        return apply<add_op>(a, b);
}
template <class A, class B>
constexpr auto elementwise_sub(const A& a, const B& b) {
    if constexpr (!check_elementwise_shapes<shape_of<A>, shape_of<B>>())
        return c<0>;
    else
        return apply<sub_op>(a, b);
}
}  // namespace detail

inline namespace TYPEGRAD_KERNELS {
template <class A, class B>
requires binary_operands<A, B> && detail::tensor_valued<A> && detail::tensor_valued<B>
constexpr auto operator*(const A& a, const B& b) { return matmul(a, b); }
}  // namespace TYPEGRAD_KERNELS
template <class A, class B>
requires binary_operands<A, B> && detail::tensor_valued<A> && detail::tensor_valued<B>
constexpr auto operator+(const A& a, const B& b) { return detail::elementwise_add(a, b); }
template <class A, class B>
requires binary_operands<A, B> && detail::tensor_valued<A> && detail::tensor_valued<B>
constexpr auto operator-(const A& a, const B& b) { return detail::elementwise_sub(a, b); }

}  // namespace typegrad
