/// @file
/// Defines the layer functions `tg::linear(X, W, b)` (X W + b) and `tg::prelu(x, alpha)`
/// (parametric ReLU with a learnable alpha). Both are built from existing nodes, so their
/// vector-Jacobian products are those of the matrix product, the broadcast bias row and the
/// core's leaky_relu rule: no second copy of any rule.
#pragma once

#include <typegrad/core/expression.hpp>
#include <typegrad/ops/piecewise.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <type_traits>

namespace typegrad {

namespace detail {

/// Diagnostics (asserted, so that the failed requirement names the shapes).
template <class SX, class SW, class SB>
struct linear_shapes_agree {
    static constexpr bool value = [] {
        if constexpr (SX::rank == 2 && SW::rank == 2) {
            constexpr std::size_t D = SX::extents[1], D2 = SW::extents[0], M = SW::extents[1];
            return D == D2 && (std::is_same_v<SB, shape<M>> || std::is_same_v<SB, shape<1, M>>);
        } else {
            return false;
        }
    }();
};

/// alpha is a scalar (one slope), a row of the input's columns (one slope per column, i.e.
/// per channel), or of the input's own shape (one per element).
template <class SX, class SA>
struct prelu_alpha_fits {
    static constexpr bool value = SA::rank == 0 || std::is_same_v<SA, SX> || is_row_of<SA, SX>;
};

}  // namespace detail

inline namespace TYPEGRAD_KERNELS {  // builds a product node: see eigen_kernels.hpp

/// The affine layer of a batch: X W + b, X: N x D (one example per row), W: D x M, b: M or
/// 1 x M (broadcast over the rows). Backward: dX = dY W^T, dW = X^T dY, db = the column sums
/// of dY.
template <expression X, expression W, expression B>
constexpr auto linear(const X& x, const W& w, const B& b) {
    static_assert(detail::linear_shapes_agree<shape_of<X>, shape_of<W>, shape_of<B>>::value,
                  "typegrad: linear(X, W, b) takes X: N x D, W: D x M and b: M or 1 x M; the three shapes "
                  "are the arguments of linear_shapes_agree");
    if constexpr (!detail::linear_shapes_agree<shape_of<X>, shape_of<W>, shape_of<B>>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return x * w + b;
}

}  // namespace TYPEGRAD_KERNELS

/// Parametric ReLU: x for x > 0, alpha x otherwise, elementwise, with alpha learnable (a
/// variable or any expression: a scalar, one slope per column, or one per element; a number
/// gives a leaky ReLU). It is the core's leaky_relu node: dx = dy (x > 0 ? 1 : alpha);
/// dalpha = dy (x > 0 ? 0 : x), summed over the elements alpha is broadcast to. At x = 0 the
/// slope is alpha (the left derivative, the core's leaky_relu'(0) convention).
template <expression A, class Alpha>
requires operand<Alpha>
constexpr auto prelu(const A& x, const Alpha& alpha) {
    static_assert(detail::prelu_alpha_fits<shape_of<A>, shape_of<decltype(as_expression(alpha))>>::value,
                  "typegrad: prelu(x, alpha) takes x and alpha a scalar, a row of x's "
                  "columns, or of x's shape; the two shapes are the arguments of prelu_alpha_fits");
    return leaky_relu(x, alpha);
}

}  // namespace typegrad
