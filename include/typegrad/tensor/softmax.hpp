/// @file
/// Defines softmax, log_softmax and logsumexp over the rows of a matrix (one
/// distribution per row) or over a whole vector, in max-shifted form, each with its
/// vector-Jacobian product (no Jacobian is formed); and `tg::logsumexp(a, b, ...)` of scalars.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/detail/math.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/stack.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

/// A vector is one row of all its elements; an R x C matrix is R rows of C.
template <class S>
struct rows_of {
    static constexpr std::size_t rows = S::rank == 2 ? S::extents[0] : 1;
    static constexpr std::size_t cols = S::rank == 2 ? S::extents[1] : S::size;
};

template <class S>
struct has_rows {
    static constexpr bool value = S::rank == 1 || S::rank == 2;
};

/// The row shift of the max-shifted forms: the row's maximum, NaN if any element is NaN.
template <class T>
constexpr T row_max(const T* x, std::size_t n) {
    T m = x[0];
    for (std::size_t i = 1; i < n && !detail::math::isnan(m); ++i)
        if (x[i] > m || detail::math::isnan(x[i])) m = x[i];
    return m;
}

/// x - m, taken as 0 where x == m. For a finite m this is exactly x - m. Where the maximum
/// is infinite it is the limit that makes the forms total: m = +inf gives the +inf elements
/// weight 1 each and the others 0; m = -inf (every element -inf) gives all elements weight 1,
/// a uniform distribution (the limit of softmax(c, c, ...) as c -> -inf), instead of
/// -inf - (-inf) = NaN. A NaN anywhere makes m NaN and every shifted element NaN.
template <class T>
constexpr T shifted(const T& x, const T& m) {
    return x == m ? T(0) : x - m;
}

/// The row's max shift m and s = sum_j exp(x_j - m) (s >= 1: the maximum contributes
/// exp(0) = 1, so log s never sees 0 and exp never overflows).
template <class T>
struct row_stats {
    T max;
    T sum;
};
template <class T>
constexpr row_stats<T> stats_of_row(const T* x, std::size_t n) {
    const T m = row_max(x, n);
    T s = detail::math::exp(shifted(x[0], m));
    for (std::size_t j = 1; j < n; ++j) s = s + detail::math::exp(shifted(x[j], m));
    return {m, s};
}

/// stats_of_row, keeping each exp(x_j - m) in e[j]: the same operations in the same order,
/// so the same m and s. softmax keeps them in its result; logsumexp and the softmax
/// cross-entropy keep them as scratch values, so their backward takes no exponential.
template <class T>
constexpr row_stats<T> stats_of_row_kept(const T* x, std::size_t n, T* e) {
    const T m = row_max(x, n);
    T s = T(0);
    for (std::size_t j = 0; j < n; ++j) {
        e[j] = detail::math::exp(shifted(x[j], m));
        s = j == 0 ? e[j] : s + e[j];
    }
    return {m, s};
}

}  // namespace detail

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
