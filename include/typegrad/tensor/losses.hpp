/// @file
/// Defines the losses mse, softmax_cross_entropy (integer labels, one per row) and
/// bce_with_logits, each a scalar with its vector-Jacobian products, in the forms that stay
/// finite for logits of any size. Every loss is a mean: see each op for over what.
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/detail/math.hpp>
#include <typegrad/ops/activations.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/rows.hpp>
#include <typegrad/tensor/shape.hpp>
#include <typegrad/tensor/softmax.hpp>

#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

/// Diagnostics (asserted, so that the failed requirement names the shapes).
template <class SA, class SB>
struct loss_shapes_agree {
    static constexpr bool value = std::is_same_v<SA, SB>;
};
/// Labels for R x C logits: one per row, shape<R>; for a vector of logits (one
/// distribution): a single label, shape<1> or a scalar.
template <class SLogits, class SLabels>
struct labels_fit_logits {
    static constexpr bool value = SLogits::rank == 2 ? std::is_same_v<SLabels, shape<rows_of<SLogits>::rows>>
                                                     : SLogits::rank == 1 && SLabels::size == 1 && SLabels::rank <= 1;
};

/// The class index a label names, or C (no class) when it is negative, C or more, or (a
/// label held in a floating type) not an integer: that row's loss and gradient are NaN.
template <std::size_t C, class L>
constexpr std::size_t class_index(const L& label) {
    if constexpr (std::is_integral_v<L>) {
        if constexpr (std::is_signed_v<L>)
            if (label < L(0)) return C;
        return static_cast<std::size_t>(label) < C ? static_cast<std::size_t>(label) : C;
    } else {
        if (!(label >= L(0) && label < L(C))) return C;  // also NaN
        const auto k = static_cast<std::size_t>(label);
        return L(k) == label ? k : C;
    }
}

}  // namespace detail

/// mse(a, b) = (1/n) sum_i (a_i - b_i)^2 over all n elements (the mean over every element,
/// as PyTorch's reduction='mean'). Backward: da_i = dy 2 (a_i - b_i) / n, db_i = -da_i.
struct mse_op {
    static constexpr std::string_view name = "mse";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class SA, class SB>
    using result_shape = shape<>;

    template <class SA, class SB, class T>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a,
                                  const T* TYPEGRAD_RESTRICT b) {
        T d = a[0] - b[0];
        T s = d * d;
        for (std::size_t i = 1; i < SA::size; ++i) {
            d = a[i] - b[i];
            s = s + d * d;
        }
        out[0] = s / T(SA::size);
    }

    /// (2 / n) sum_i (a_i - b_i)(ta_i - tb_i), a null tangent read as 0.
    template <class SA, class SB, class T>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a, const T* TYPEGRAD_RESTRICT b,
                              const T* ta, const T* tb, const T*) {
        T s = T(0);
        for (std::size_t i = 0; i < SA::size; ++i) {
            const T dt = ta == nullptr ? -tb[i] : tb == nullptr ? ta[i] : ta[i] - tb[i];
            const T term = (a[i] - b[i]) * dt;
            s = i == 0 ? term : s + term;
        }
        out[0] = (s + s) / T(SA::size);
    }

    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T* TYPEGRAD_RESTRICT a,
                                   const T* TYPEGRAD_RESTRICT b, const T*) {
        const T scale = (up[0] + up[0]) / T(SA::size);
        for (std::size_t i = 0; i < SA::size; ++i) {
            const T da = scale * (a[i] - b[i]);
            detail::store<Assign>(g[i], I == 0 ? da : -da);
        }
    }
};

/// softmax_cross_entropy(logits, labels) = (1/R) sum_r [logsumexp(x_r) - x_r[label_r]], the
/// mean over the R rows of the negative log-likelihood of each row's label (PyTorch's
/// cross_entropy with reduction='mean'; a vector of logits is one row). Each row's term is
/// computed as log s_r - (x_r[label_r] - m_r), with m_r the row's maximum and
/// s_r = sum_j exp(x_rj - m_r) >= 1: no overflow, and no cancellation of two large numbers
/// (logits [1000, 0], label 1: 1000; label 0: 0).
/// Backward: dx_rj = dy (p_rj - [j == label_r]) / R, p_r = softmax(x_r), formed from the row
/// sums and exponentials the forward kept (scratch values: one exponential per element).
/// Labels are data: their gradient, if one is asked for (labels bound as a floating tensor
/// or a scalar variable), is 0 (the loss is piecewise constant in them).
struct softmax_cross_entropy_op {
    static constexpr std::string_view name = "softmax_cross_entropy";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class SX, class SY>
    using result_shape = shape<>;

    /// After the result: each row's sum s, then its exponentials exp(x_j - m).
    template <class SX, class SY>
    static constexpr std::size_t scratch_size = detail::rows_of<SX>::rows*(1 + detail::rows_of<SX>::cols);

    template <class SX, class SY, class T, class L>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT x,
                                  const L* TYPEGRAD_RESTRICT y) {
        using D = detail::rows_of<SX>;
        T* sums = out + 1;
        T* exps = sums + D::rows;
        T total = T(0);
        for (std::size_t r = 0; r < D::rows; ++r) {
            const T* row = x + r * D::cols;
            const std::size_t k = detail::class_index<D::cols>(y[r]);
            const auto st = detail::stats_of_row_kept(row, D::cols, exps + r * D::cols);
            sums[r] = st.sum;
            const T term = k == D::cols ? std::numeric_limits<T>::quiet_NaN()
                                        : detail::math::log(st.sum) - detail::shifted(row[k], st.max);
            total = r == 0 ? term : total + term;
        }
        out[0] = total / T(D::rows);
    }

    /// (1 / R) sum_r sum_j (p_rj - [j == label_r]) dx_rj, from the forward's scratch values
    /// (NaN for a row whose label names no class); the labels' tangent takes no part.
    template <class SX, class SY, class T, class L>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T*, const L* TYPEGRAD_RESTRICT y,
                              const T* TYPEGRAD_RESTRICT tx, const T*, const T* TYPEGRAD_RESTRICT self) {
        using D = detail::rows_of<SX>;
        const T* sums = self + 1;
        const T* exps = sums + D::rows;
        T total = T(0);
        if (tx != nullptr)
            for (std::size_t r = 0; r < D::rows; ++r) {
                const T* e = exps + r * D::cols;
                const T* t = tx + r * D::cols;
                const std::size_t k = detail::class_index<D::cols>(y[r]);
                for (std::size_t j = 0; j < D::cols; ++j) {
                    const T p = e[j] / sums[r];
                    const T onehot = j == k ? T(1) : T(0);
                    const T d = k == D::cols ? std::numeric_limits<T>::quiet_NaN() : p - onehot;
                    total = total + d * t[j];
                }
            }
        out[0] = total / T(D::rows);
    }

    template <std::size_t I, bool Assign, class SX, class SY, class T, class L>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T* TYPEGRAD_RESTRICT,
                                   const L* TYPEGRAD_RESTRICT y, const T* TYPEGRAD_RESTRICT self) {
        using D = detail::rows_of<SX>;
        if constexpr (I == 1) {
            for (std::size_t i = 0; i < SY::size; ++i) detail::store<Assign>(g[i], T(0));
        } else {
            const T scale = up[0] / T(D::rows);
            const T* sums = self + 1;
            const T* exps = sums + D::rows;
            for (std::size_t r = 0; r < D::rows; ++r) {
                const T* e = exps + r * D::cols;
                T* grow = g + r * D::cols;
                const std::size_t k = detail::class_index<D::cols>(y[r]);
                for (std::size_t j = 0; j < D::cols; ++j) {
                    const T p = e[j] / sums[r];
                    const T onehot = j == k ? T(1) : T(0);
                    const T d = k == D::cols ? std::numeric_limits<T>::quiet_NaN() : p - onehot;
                    detail::store<Assign>(grow[j], scale * d);
                }
            }
        }
    }
};

/// bce_with_logits(z, t) = (1/n) sum_i [max(z_i, 0) - z_i t_i + log1p(exp(-|z_i|))], the
/// mean over all n elements of the binary cross-entropy of sigmoid(z_i) against the target
/// t_i in [0, 1]: -t log sigmoid(z) - (1 - t) log(1 - sigmoid(z)), rewritten so that exp
/// never overflows and the log never sees 0 (z = -800, t = 1 gives 800, not inf).
/// Backward: dz_i = dy (sigmoid(z_i) - t_i) / n with the core's stable sigmoid,
/// dt_i = -dy z_i / n.
struct bce_with_logits_op {
    static constexpr std::string_view name = "bce_with_logits";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class SZ, class ST>
    using result_shape = shape<>;

    template <class T>
    static constexpr T term(const T& z, const T& t) {
        const T positive = z > T(0) ? z : T(0);
        const T magnitude = z < T(0) ? -z : z;
        return positive - z * t + detail::math::log1p(detail::math::exp(-magnitude));
    }

    template <class SZ, class ST, class T>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT z,
                                  const T* TYPEGRAD_RESTRICT t) {
        T s = term(z[0], t[0]);
        for (std::size_t i = 1; i < SZ::size; ++i) s = s + term(z[i], t[i]);
        out[0] = s / T(SZ::size);
    }

    /// (1 / n) sum_i [(sigmoid(z_i) - t_i) tz_i - z_i tt_i], a null tangent's terms skipped.
    template <class SZ, class ST, class T>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT z, const T* TYPEGRAD_RESTRICT t,
                              const T* tz, const T* tt, const T*) {
        T s = T(0);
        for (std::size_t i = 0; i < SZ::size; ++i) {
            if (tz != nullptr) s = s + (detail::sigmoid_value(z[i]) - t[i]) * tz[i];
            if (tt != nullptr) s = s - z[i] * tt[i];
        }
        out[0] = s / T(SZ::size);
    }

    template <std::size_t I, bool Assign, class SZ, class ST, class T>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T* TYPEGRAD_RESTRICT z,
                                   const T* TYPEGRAD_RESTRICT t, const T*) {
        const T scale = up[0] / T(SZ::size);
        for (std::size_t i = 0; i < SZ::size; ++i) {
            if constexpr (I == 0)
                detail::store<Assign>(g[i], scale * (detail::sigmoid_value(z[i]) - t[i]));
            else
                detail::store<Assign>(g[i], -(scale * z[i]));
        }
    }
};

// ---- the functions users call -----------------------------------------------------------

/// The mean squared error over all elements of two operands of one shape.
template <expression A, expression B>
constexpr auto mse(const A& a, const B& b) {
    static_assert(detail::loss_shapes_agree<shape_of<A>, shape_of<B>>::value,
                  "typegrad: mse(a, b) needs operands of one shape; the two shapes are the arguments of "
                  "loss_shapes_agree");
    if constexpr (!detail::loss_shapes_agree<shape_of<A>, shape_of<B>>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return make_node<mse_op>(a, b);
}

/// The softmax cross-entropy of R x C logits against R integer labels (`y = labels`),
/// averaged over the rows; or of a vector of logits against one label.
template <expression X, expression Y>
constexpr auto softmax_cross_entropy(const X& logits, const Y& labels) {
    static_assert(detail::labels_fit_logits<shape_of<X>, shape_of<Y>>::value,
                  "typegrad: softmax_cross_entropy(logits, labels) takes R x C logits and R labels (shape<R>), "
                  "or a vector of logits and one label (shape<1> or a scalar); the two shapes are the "
                  "arguments of labels_fit_logits");
    if constexpr (!detail::labels_fit_logits<shape_of<X>, shape_of<Y>>::value)
        return c<0>;
    else
        return make_node<softmax_cross_entropy_op>(logits, labels);
}

/// The binary cross-entropy of logits z against targets t of the same shape, averaged over
/// all elements.
template <expression Z, expression T>
constexpr auto bce_with_logits(const Z& logits, const T& targets) {
    static_assert(detail::loss_shapes_agree<shape_of<Z>, shape_of<T>>::value,
                  "typegrad: bce_with_logits(logits, targets) needs operands of one shape; the two shapes are "
                  "the arguments of loss_shapes_agree");
    if constexpr (!detail::loss_shapes_agree<shape_of<Z>, shape_of<T>>::value)
        return c<0>;
    else
        return make_node<bce_with_logits_op>(logits, targets);
}

}  // namespace typegrad
