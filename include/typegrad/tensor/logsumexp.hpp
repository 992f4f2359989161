/// @file
/// Defines logsumexp over the rows of a matrix or over a whole vector, in max-shifted form,
/// with its vector-Jacobian product, and `tg::logsumexp(a, b, ...)` of scalars.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/detail/math.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/rows.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/stack.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad {

/// logsumexp of each row (a vector: a scalar; an R x C matrix: a vector of R):
/// m + log sum_j exp(x_j - m). Backward: dx_j = dy softmax_j, with the softmax formed as
/// exp(x_j - m) / s from the exponentials and sums the forward kept (one exponential per
/// element in all; not exp(x_j - y), which loses the digits of y: at [1000, 1000] it would
/// give 0.5 with an error of ~500 ulp; this gives 0.5 exactly).
struct logsumexp_op {
    static constexpr std::string_view name = "logsumexp";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = std::conditional_t<S::rank == 2, shape<detail::rows_of<S>::rows>, shape<>>;

    /// After the result (one value per row): each row's sum s, then its exponentials
    /// exp(x_j - m), kept for the vector-Jacobian product.
    template <class S>
    static constexpr std::size_t scratch_size = detail::rows_of<S>::rows*(1 + detail::rows_of<S>::cols);

    /// The same with run-time extents d (a dynamic operand): rows and columns as rows_of.
    template <class S>
    static constexpr detail::dims2 row_dims(const detail::dims2& d) {
        return S::rank == 2 ? d : detail::dims2{1, d[0] * d[1]};
    }
    template <class S>
    static constexpr std::size_t scratch_size_dims(const std::array<detail::dims2, 1>& d) {
        const detail::dims2 rc = row_dims<S>(d[0]);
        return rc[0] * (1 + rc[1]);
    }

    template <class S, class T>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a) {
        forward_dims<S>({detail::dims2{detail::rows_of<S>::rows, detail::rows_of<S>::cols}}, out, a);
    }
    template <class S, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_dims(const std::array<detail::dims2, 1>& d,
                                                              T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a) {
        const detail::dims2 rc = row_dims<S>(d[0]);
        T* sums = out + rc[0];
        T* exps = sums + rc[0];
        for (std::size_t r = 0; r < rc[0]; ++r) {
            const auto st = detail::stats_of_row_kept(a + r * rc[1], rc[1], exps + r * rc[1]);
            sums[r] = st.sum;
            out[r] = st.max + detail::math::log(st.sum);  // -inf + log n = -inf: no NaN
        }
    }

    /// dy_r = sum_j softmax_j dx_j, the softmax formed as in the backward from the forward's
    /// scratch values (read after self's result).
    template <class S, class T>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T*, const T* TYPEGRAD_RESTRICT ta,
                              const T* TYPEGRAD_RESTRICT self) {
        using D = detail::rows_of<S>;
        const T* sums = self + D::rows;
        const T* exps = sums + D::rows;
        for (std::size_t r = 0; r < D::rows; ++r) {
            const T s = sums[r];
            const T* e = exps + r * D::cols;
            const T* t = ta + r * D::cols;
            T total = (e[0] / s) * t[0];
            for (std::size_t j = 1; j < D::cols; ++j) total = total + (e[j] / s) * t[j];
            out[r] = total;
        }
    }

    // d/dx_j logsumexp(x) = softmax(x)_j = exp(x_j - m) / s, from the forward's scratch values.
    template <std::size_t I, bool Assign, class S, class T>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T* TYPEGRAD_RESTRICT a,
                                   const T* TYPEGRAD_RESTRICT self) {
        backward_dims<I, Assign, S>({detail::dims2{detail::rows_of<S>::rows, detail::rows_of<S>::cols}}, g, up, a,
                                    self);
    }
    template <std::size_t, bool Assign, class S, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_dims(const std::array<detail::dims2, 1>& d,
                                                               T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up,
                                                               const T* TYPEGRAD_RESTRICT,
                                                               const T* TYPEGRAD_RESTRICT self) {
        const detail::dims2 rc = row_dims<S>(d[0]);
        const T* sums = self + rc[0];
        const T* exps = sums + rc[0];
        for (std::size_t r = 0; r < rc[0]; ++r) {
            const T u = up[r];
            const T s = sums[r];
            const T* e = exps + r * rc[1];
            T* gr = g + r * rc[1];
            for (std::size_t j = 0; j < rc[1]; ++j) detail::store<Assign>(gr[j], u * (e[j] / s));
        }
    }
};
// ---- the functions users call -----------------------------------------------------------

/// logsumexp of a vector (a scalar), or of each row of an R x C matrix (a vector of R).
template <expression A>
constexpr auto logsumexp(const A& a) {
    static_assert(detail::has_rows<shape_of<A>>::value,
                  "typegrad: logsumexp takes a vector (one distribution) or a matrix (one per row); the shape is "
                  "the argument of has_rows");
    if constexpr (!detail::has_rows<shape_of<A>>::value)
        return c<0>;
    else
        return make_node<logsumexp_op>(a);
}

/// logsumexp(a, b, ...) of two or more scalars: logsumexp(stack(a, b, ...)).
template <class A, class B, class... Rest>
requires operand<A> && operand<B> &&
    (operand<Rest>&&...) constexpr auto logsumexp(const A& a, const B& b, const Rest&... rest) {
    return logsumexp(stack(a, b, rest...));
}

}  // namespace typegrad
