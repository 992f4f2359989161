/// @file
/// Defines softmax and log_softmax over the rows of a matrix (one distribution per row) or
/// over a whole vector, in max-shifted form, each with its vector-Jacobian product (no Jacobian
/// is formed). logsumexp: tensor/logsumexp.hpp.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/detail/math.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/rows.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad {

/// softmax over each row (a vector: over all elements): y_j = exp(x_j - m) / sum_k exp(x_k - m),
/// m the row's maximum. Backward (from the stored y): dx_j = y_j (dy_j - sum_k dy_k y_k).
struct softmax_op {
    static constexpr std::string_view name = "softmax";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = S;

    template <class S, class T>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a) {
        using D = detail::rows_of<S>;
        for (std::size_t r = 0; r < D::rows; ++r) {
            T* y = out + r * D::cols;
            // The exponentials in y, then scaled. (stats_of_row_kept starts its sum at the first
            // exponential where this loop used 0 + it: the same bits, exp never gives -0.)
            const T s = detail::stats_of_row_kept(a + r * D::cols, D::cols, y).sum;
            for (std::size_t j = 0; j < D::cols; ++j) y[j] = y[j] / s;  // s >= 1 (or NaN)
        }
    }

    /// From the stored y: dy_j = y_j (dx_j - sum_k y_k dx_k), per row.
    template <class S, class T>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T*, const T* TYPEGRAD_RESTRICT ta,
                              const T* TYPEGRAD_RESTRICT self) {
        using D = detail::rows_of<S>;
        for (std::size_t r = 0; r < D::rows; ++r) {
            const T* t = ta + r * D::cols;
            const T* y = self + r * D::cols;
            T dot = t[0] * y[0];
            for (std::size_t j = 1; j < D::cols; ++j) dot = dot + t[j] * y[j];
            for (std::size_t j = 0; j < D::cols; ++j) out[r * D::cols + j] = y[j] * (t[j] - dot);
        }
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T*,
                                   const T* TYPEGRAD_RESTRICT self) {
        using D = detail::rows_of<S>;
        for (std::size_t r = 0; r < D::rows; ++r) {
            const T* u = up + r * D::cols;
            const T* y = self + r * D::cols;
            T dot = u[0] * y[0];
            for (std::size_t j = 1; j < D::cols; ++j) dot = dot + u[j] * y[j];
            for (std::size_t j = 0; j < D::cols; ++j) detail::store<Assign>(g[r * D::cols + j], y[j] * (u[j] - dot));
        }
    }
};

/// log_softmax over each row: y_j = (x_j - m) - log sum_k exp(x_k - m): log_softmax([1000, 0])
/// = [0, -1000] where the naive log(softmax) gives log(0) = -inf. Backward: dx_j = dy_j -
/// p_j sum_k dy_k, p_j = exp(y_j) the softmax (from the stored y: its absolute error is at
/// most eps |y_j| p_j <= eps / e).
struct log_softmax_op {
    static constexpr std::string_view name = "log_softmax";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = S;

    template <class S, class T>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a) {
        using D = detail::rows_of<S>;
        for (std::size_t r = 0; r < D::rows; ++r) {
            const T* x = a + r * D::cols;
            const auto st = detail::stats_of_row(x, D::cols);
            const T log_s = detail::math::log(st.sum);
            for (std::size_t j = 0; j < D::cols; ++j) out[r * D::cols + j] = detail::shifted(x[j], st.max) - log_s;
        }
    }

    /// dy_j = dx_j - sum_k p_k dx_k, p_k = exp(y_k) the softmax, per row.
    template <class S, class T>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T*, const T* TYPEGRAD_RESTRICT ta,
                              const T* TYPEGRAD_RESTRICT self) {
        using D = detail::rows_of<S>;
        for (std::size_t r = 0; r < D::rows; ++r) {
            const T* t = ta + r * D::cols;
            const T* y = self + r * D::cols;
            T mean = detail::math::exp(y[0]) * t[0];
            for (std::size_t j = 1; j < D::cols; ++j) mean = mean + detail::math::exp(y[j]) * t[j];
            for (std::size_t j = 0; j < D::cols; ++j) out[r * D::cols + j] = t[j] - mean;
        }
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T*,
                                   const T* TYPEGRAD_RESTRICT self) {
        using D = detail::rows_of<S>;
        for (std::size_t r = 0; r < D::rows; ++r) {
            const T* u = up + r * D::cols;
            const T* y = self + r * D::cols;
            T total = u[0];
            for (std::size_t j = 1; j < D::cols; ++j) total = total + u[j];
            for (std::size_t j = 0; j < D::cols; ++j)
                detail::store<Assign>(g[r * D::cols + j], u[j] - detail::math::exp(y[j]) * total);
        }
    }
};

// ---- the functions users call -----------------------------------------------------------

/// softmax of a vector, or of each row of a matrix (same shape). Stable for any logits:
/// computed from x - max.
template <expression A>
constexpr auto softmax(const A& a) {
    static_assert(detail::has_rows<shape_of<A>>::value,
                  "typegrad: softmax takes a vector (one distribution) or a matrix (one per row); the shape is "
                  "the argument of has_rows");
    if constexpr (!detail::has_rows<shape_of<A>>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return make_node<softmax_op>(a);
}

/// log_softmax of a vector, or of each row of a matrix (same shape).
template <expression A>
constexpr auto log_softmax(const A& a) {
    static_assert(detail::has_rows<shape_of<A>>::value,
                  "typegrad: log_softmax takes a vector (one distribution) or a matrix (one per row); the shape is "
                  "the argument of has_rows");
    if constexpr (!detail::has_rows<shape_of<A>>::value)
        return c<0>;
    else
        return make_node<log_softmax_op>(a);
}

}  // namespace typegrad
