/// @file
/// Defines `tg::outer(u, v)`, `tg::diag(x)` and `tg::trace(A)`, each with its forward kernel,
/// its vector-Jacobian product (`backward`) and its Jacobian-vector product (`jvp`).
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

template <class S, bool Matrix = S::rank == 2>
struct diag_dims {  // a vector of N: an N x N matrix
    static constexpr bool ok = S::rank == 1;
    static constexpr std::size_t n = S::size;
    using result = shape<n, n>;
};
template <class S>
struct diag_dims<S, true> {  // an R x C matrix: the vector of its min(R, C) diagonal elements
    static constexpr bool ok = true;
    static constexpr std::size_t rows = S::extents[0], cols = S::extents[1];
    static constexpr std::size_t n = rows < cols ? rows : cols;
    using result = shape<n>;
};

template <class S>
struct is_square_matrix {
    static constexpr bool value = [] {
        if constexpr (S::rank == 2)
            return S::extents[0] == S::extents[1];
        else
            return false;
    }();
};

/// Diagnostics, asserted in the functions users call.
template <class SA, class SB>
struct outer_operands_are_vectors {
    static constexpr bool value = SA::rank == 1 && SB::rank == 1;
};
template <class S>
struct diag_operand_is_vector_or_matrix {
    static constexpr bool value = S::rank == 1 || S::rank == 2;
};
template <class S>
struct trace_operand_is_square {
    static constexpr bool value = is_square_matrix<S>::value;
};

}  // namespace detail

/// outer(u, v) = u v^T: vectors of N and M give the N x M matrix u_i v_j. Backward:
/// du = dY v, dv = dY^T u. Bilinear: jvp = outer(du, v) + outer(u, dv).
struct outer_op {
    static constexpr std::string_view name = "outer";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class SA, class SB>
    using result_shape = shape<SA::size, SB::size>;

    template <class SA, class SB, class T>
    static constexpr void forward(T* out, const T* a, const T* b) {
        for (std::size_t i = 0; i < SA::size; ++i)
            for (std::size_t j = 0; j < SB::size; ++j) out[i * SB::size + j] = a[i] * b[j];
    }

    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* b, const T*) {
        constexpr std::size_t N = SA::size, M = SB::size;
        if constexpr (I == 0) {
            for (std::size_t i = 0; i < N; ++i) {
                T s = up[i * M] * b[0];
                for (std::size_t j = 1; j < M; ++j) s = s + up[i * M + j] * b[j];
                detail::store<Assign>(g[i], s);
            }
        } else {
            for (std::size_t j = 0; j < M; ++j) {
                T s = up[j] * a[0];
                for (std::size_t i = 1; i < N; ++i) s = s + up[i * M + j] * a[i];
                detail::store<Assign>(g[j], s);
            }
        }
    }

    template <class SA, class SB, class T>
    static constexpr void jvp(T* out, const T* a, const T* b, const T* ta, const T* tb, const T*) {
        constexpr std::size_t N = SA::size, M = SB::size;
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < M; ++j) {
                if (ta && tb) {
                    const T left = ta[i] * b[j];  // one statement per rounding (no contraction)
                    const T right = a[i] * tb[j];
                    out[i * M + j] = left + right;
                } else {
                    out[i * M + j] = ta ? ta[i] * b[j] : a[i] * tb[j];
                }
            }
    }
};

/// diag(v) of a vector of N: the N x N matrix with v on its diagonal and zeros elsewhere.
/// diag(A) of an R x C matrix: the vector of its min(R, C) diagonal elements A(k, k) (numpy's
/// diag). Linear: jvp = diag(dx).
struct diag_op {
    static constexpr std::string_view name = "diag";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class S>
    using result_shape = typename detail::diag_dims<S>::result;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        using D = detail::diag_dims<S>;
        if constexpr (S::rank == 1) {
            for (std::size_t i = 0; i < D::n * D::n; ++i) out[i] = T(0);
            for (std::size_t k = 0; k < D::n; ++k) out[k * (D::n + 1)] = a[k];
        } else {
            for (std::size_t k = 0; k < D::n; ++k) out[k] = a[k * (D::cols + 1)];
        }
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T*) {
        using D = detail::diag_dims<S>;
        if constexpr (S::rank == 1) {
            for (std::size_t k = 0; k < D::n; ++k) detail::store<Assign>(g[k], up[k * (D::n + 1)]);
        } else {
            if constexpr (Assign)
                for (std::size_t i = 0; i < S::size; ++i) g[i] = T(0);
            for (std::size_t k = 0; k < D::n; ++k) detail::store<Assign>(g[k * (D::cols + 1)], up[k]);
        }
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T*) {
        forward<S>(out, ta);
    }
};

/// trace(A) = sum_k A(k, k) of a square matrix, summed in the order k = 0, 1, ... Backward:
/// dA = u I. Linear: jvp = trace(dA).
struct trace_op {
    static constexpr std::string_view name = "trace";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class S>
    using result_shape = shape<>;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        constexpr std::size_t N = S::extents[0];
        T s = a[0];
        for (std::size_t k = 1; k < N; ++k) s = s + a[k * (N + 1)];
        out[0] = s;
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T*) {
        constexpr std::size_t N = S::extents[0];
        const T u = up[0];
        for (std::size_t r = 0; r < N; ++r)
            for (std::size_t c = 0; c < N; ++c) detail::store<Assign>(g[r * N + c], r == c ? u : T(0));
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T*) {
        forward<S>(out, ta);
    }
};

// ---- the functions users call -----------------------------------------------------------

/// The outer product u v^T of two vectors (the same values as u * transpose(v)).
template <expression A, expression B>
constexpr auto outer(const A& a, const B& b) {
    static_assert(detail::outer_operands_are_vectors<shape_of<A>, shape_of<B>>::value,
                  "typegrad: outer(u, v) takes two vectors; the two shapes are the arguments of "
                  "outer_operands_are_vectors");
    if constexpr (!detail::outer_operands_are_vectors<shape_of<A>, shape_of<B>>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return make_node<outer_op>(a, b);
}

/// The diagonal matrix of a vector, or the diagonal (vector) of a matrix.
template <expression A>
constexpr auto diag(const A& a) {
    static_assert(detail::diag_operand_is_vector_or_matrix<shape_of<A>>::value,
                  "typegrad: diag(x) takes a vector (giving a diagonal matrix) or a matrix (giving its "
                  "diagonal); the shape is the argument of diag_operand_is_vector_or_matrix");
    if constexpr (!detail::diag_operand_is_vector_or_matrix<shape_of<A>>::value)
        return c<0>;
    else
        return make_node<diag_op>(a);
}

/// The sum of the diagonal of a square matrix.
template <expression A>
constexpr auto trace(const A& a) {
    static_assert(detail::trace_operand_is_square<shape_of<A>>::value,
                  "typegrad: trace(A) takes a square matrix; the shape is the argument of "
                  "trace_operand_is_square");
    if constexpr (!detail::trace_operand_is_square<shape_of<A>>::value)
        return c<0>;
    else
        return make_node<trace_op>(a);
}

}  // namespace typegrad
