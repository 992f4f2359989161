/// @file
/// Defines `tg::det(A)`, `tg::log_det(A)` (log |det A|), `tg::inverse(A)` and
/// `tg::solve(A, b)` of a square matrix, on the LU decomposition with partial pivoting of
/// tensor/lu.hpp, each with its forward kernel, its vector-Jacobian product (`backward`) and
/// its Jacobian-vector product (`jvp`). The derivatives are exact (formed from the
/// factorization, not by differences):
///   d det = det tr(A^-1 dA),  d log|det| = tr(A^-1 dA),  d A^-1 = -A^-1 dA A^-1,
///   x = A^-1 b: dx = A^-1 (db - dA x).
/// Each op keeps the factorization after its result (scratch values), and work space for
/// its derivatives after that.
///
/// Singular matrices (an exactly zero pivot): det is 0 and its gradient is the cofactor
/// matrix (finite); log_det is -inf and its derivatives are NaN; inverse and solve are NaN in
/// every element, and so are their derivatives. In every mode an exactly zero upstream
/// adjoint or tangent gives an exactly zero derivative (an unselected branch of tg::where).
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/detail/math.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/tensor/eigen_lu.hpp>
#include <typegrad/tensor/lu.hpp>
#include <typegrad/tensor/ops.hpp>
#include <typegrad/tensor/products.hpp>
#include <typegrad/tensor/shape.hpp>

#include <cstddef>
#include <string_view>

namespace typegrad {

namespace detail {

template <class S>
inline constexpr std::size_t order = S::rank == 2 ? S::extents[0] : 0;

/// The columns of a right-hand side: a vector is one column.
template <class S>
inline constexpr std::size_t rhs_columns = S::rank == 2 ? S::extents[S::rank == 2 ? 1 : 0] : 1;

template <class SA, class SB>
struct solve_shapes_agree {
    static constexpr bool value = [] {
        if constexpr (SB::rank == 1 || SB::rank == 2)
            return is_square_matrix<SA>::value && SB::extents[0] == order<SA>;
        else
            return false;
    }();
};

template <class S>
struct linalg_operand_is_square {
    static constexpr bool value = is_square_matrix<S>::value;
};

template <bool Assign, class T>
constexpr void store_zeros(T* g, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) store<Assign>(g[i], T(0));
}

}  // namespace detail

// The ops factor through the configuration's kernel (tensor/eigen_lu.hpp): they and the
// functions that build their nodes live in its inline namespace (see eigen_kernels.hpp).
inline namespace TYPEGRAD_KERNELS {

/// det(A) of an N x N matrix: sign u_00 ... u_(N-1)(N-1) of its LU factors. Scratch: the
/// factorization, then 2 N^2 of work. Backward: dA = u cof(A), cof(A) = det A^-T (the
/// cofactors, finite at a singular A). jvp: det tr(A^-1 dA) (tr(cof(A)^T dA) when singular).
struct det_op {
    static constexpr std::string_view name = "det";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = shape<>;
    template <class S>
    static constexpr std::size_t scratch_size = detail::factorization_size<S::extents[0]> + 2 * S::size;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        constexpr std::size_t N = S::extents[0];
        detail::factor_into<N>(out + 1, a);
        out[0] = detail::lu_det<N>(out + 1, out[1 + N * N + N] < T(0) ? -1 : 1);
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T* self) {
        constexpr std::size_t N = S::extents[0];
        const T u = up[0];
        if (u == T(0)) return detail::store_zeros<Assign>(g, N * N);
        // This node's own scratch slice of the sweep's (writable) storage.
        T* cof = const_cast<T*>(self) + 1 + detail::factorization_size<N>;
        detail::cofactors<N>(cof, cof + N * N, self + 1, self[0]);
        for (std::size_t i = 0; i < N * N; ++i) detail::store<Assign>(g[i], u * cof[i]);
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T* self) {
        constexpr std::size_t N = S::extents[0];
        out[0] = T(0);
        if (detail::all_zero(ta, N * N)) return;
        T* work = out + 1 + detail::factorization_size<N>;
        if (detail::lu_singular<N>(self + 1)) {
            detail::cofactors<N>(work, work + N * N, self + 1, self[0]);
            T s = T(0);
            for (std::size_t i = 0; i < N * N; ++i) {
                const T product = work[i] * ta[i];
                s = s + product;
            }
            out[0] = s;
        } else {
            detail::lu_inverse<N>(self + 1, self + 1 + N * N, work);
            out[0] = self[0] * detail::trace_of_product<N>(work, ta);
        }
    }
};

/// log_det(A) = log |det A| = sum_k log |u_kk|, which does not overflow or underflow where
/// det does. Scratch: the factorization, then N^2 of work. Backward: dA = u A^-T.
/// jvp: tr(A^-1 dA). Singular: -inf, and NaN derivatives (0 for a zero upstream or tangent).
struct log_det_op {
    static constexpr std::string_view name = "log_det";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = shape<>;
    template <class S>
    static constexpr std::size_t scratch_size = detail::factorization_size<S::extents[0]> + S::size;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        constexpr std::size_t N = S::extents[0];
        T* lu = out + 1;
        detail::factor_into<N>(lu, a);
        T s = T(0);
        for (std::size_t k = 0; k < N; ++k) {
            const T p = lu[k * N + k];
            s = s + detail::math::log(p < T(0) ? -p : p);
        }
        out[0] = s;
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T* self) {
        constexpr std::size_t N = S::extents[0];
        const T u = up[0];
        if (u == T(0)) return detail::store_zeros<Assign>(g, N * N);
        T* inv = const_cast<T*>(self) + 1 + detail::factorization_size<N>;
        detail::lu_inverse<N>(self + 1, self + 1 + N * N, inv);
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) detail::store<Assign>(g[i * N + j], u * inv[j * N + i]);
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T* self) {
        constexpr std::size_t N = S::extents[0];
        out[0] = T(0);
        if (detail::all_zero(ta, N * N)) return;
        T* inv = out + 1 + detail::factorization_size<N>;
        detail::lu_inverse<N>(self + 1, self + 1 + N * N, inv);
        out[0] = detail::trace_of_product<N>(inv, ta);
    }
};

/// inverse(A) = A^-1, column j solving A x = e_j with the LU factors. Scratch: the
/// factorization, then N^2 of work. Backward: dA = -Y^T U Y^T (Y = A^-1, U the upstream
/// adjoint). jvp: -Y dA Y. Singular: NaN in every element and derivative.
struct inverse_op {
    static constexpr std::string_view name = "inverse";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = S;
    template <class S>
    static constexpr std::size_t scratch_size = detail::factorization_size<S::extents[0]> + S::size;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        constexpr std::size_t N = S::extents[0];
        T* kept = out + N * N;
        detail::factor_into<N>(kept, a);
        detail::lu_inverse<N>(kept, kept + N * N, out);
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T* self) {
        constexpr std::size_t N = S::extents[0];
        if (detail::all_zero(up, N * N)) return detail::store_zeros<Assign>(g, N * N);
        T* work = const_cast<T*>(self) + N * N + detail::factorization_size<N>;
        // work = U Y^T, then g = -Y^T work.
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) {
                T s = T(0);
                for (std::size_t k = 0; k < N; ++k) {
                    const T product = up[i * N + k] * self[j * N + k];
                    s = s + product;
                }
                work[i * N + j] = s;
            }
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) {
                T s = T(0);
                for (std::size_t k = 0; k < N; ++k) {
                    const T product = self[k * N + i] * work[k * N + j];
                    s = s + product;
                }
                detail::store<Assign>(g[i * N + j], -s);
            }
    }

    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T* self) {
        constexpr std::size_t N = S::extents[0];
        if (detail::all_zero(ta, N * N)) return detail::store_zeros<true>(out, N * N);
        T* work = out + N * N + detail::factorization_size<N>;
        detail::square_times<N, N>(work, ta, self);   // dA Y
        detail::square_times<N, N>(out, self, work);  // Y dA Y
        for (std::size_t i = 0; i < N * N; ++i) out[i] = -out[i];
    }
};

/// solve(A, b) = A^-1 b for an N x N A and b of N (a vector) or N x C, by the LU factors.
/// Scratch: the factorization, then 2 N C of work. Backward: db = A^-T u, dA = -db x^T.
/// jvp: A^-1 (db - dA x). Singular: NaN in every element and derivative.
struct solve_op {
    static constexpr std::string_view name = "solve";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class SA, class SB>
    using result_shape = SB;
    template <class SA, class SB>
    static constexpr std::size_t scratch_size = detail::factorization_size<SA::extents[0]> + 2 * SB::size;

    template <class SA, class SB, class T>
    static constexpr void forward(T* out, const T* a, const T* b) {
        constexpr std::size_t N = SA::extents[0], C = detail::rhs_columns<SB>;
        T* kept = out + N * C;
        detail::factor_into<N>(kept, a);
        detail::lu_solve<N, C>(kept, kept + N * N, b, out);
    }

    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward(T* g, const T* up, const T*, const T*, const T* self) {
        constexpr std::size_t N = SA::extents[0], C = detail::rhs_columns<SB>;
        if (detail::all_zero(up, N * C)) return detail::store_zeros<Assign>(g, I == 0 ? N * N : N * C);
        const T* kept = self + N * C;
        T* w = const_cast<T*>(kept) + detail::factorization_size<N>;
        detail::lu_solve_transposed<N, C>(kept, kept + N * N, up, w, w + N * C);  // w = A^-T u
        if constexpr (I == 0) {
            for (std::size_t i = 0; i < N; ++i)
                for (std::size_t j = 0; j < N; ++j) {
                    T s = T(0);
                    for (std::size_t c = 0; c < C; ++c) {
                        const T product = w[i * C + c] * self[j * C + c];
                        s = s + product;
                    }
                    detail::store<Assign>(g[i * N + j], -s);
                }
        } else {
            for (std::size_t i = 0; i < N * C; ++i) detail::store<Assign>(g[i], w[i]);
        }
    }

    template <class SA, class SB, class T>
    static constexpr void jvp(T* out, const T*, const T*, const T* ta, const T* tb, const T* self) {
        constexpr std::size_t N = SA::extents[0], C = detail::rhs_columns<SB>;
        if ((!ta || detail::all_zero(ta, N * N)) && (!tb || detail::all_zero(tb, N * C)))
            return detail::store_zeros<true>(out, N * C);
        T* rhs = out + N * C + detail::factorization_size<N>;
        if (ta) {
            detail::square_times<N, C>(rhs, ta, self);  // dA x
            for (std::size_t i = 0; i < N * C; ++i) rhs[i] = tb ? tb[i] - rhs[i] : -rhs[i];
        } else {
            for (std::size_t i = 0; i < N * C; ++i) rhs[i] = tb[i];
        }
        const T* kept = self + N * C;
        detail::lu_solve<N, C>(kept, kept + N * N, rhs, out);
    }
};

// ---- the functions users call -----------------------------------------------------------

/// The determinant of a square matrix.
template <expression A>
constexpr auto det(const A& a) {
    static_assert(detail::linalg_operand_is_square<shape_of<A>>::value,
                  "typegrad: det(A) takes a square matrix; the shape is the argument of linalg_operand_is_square");
    if constexpr (!detail::linalg_operand_is_square<shape_of<A>>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return make_node<det_op>(a);
}

/// log |det A| of a square matrix.
template <expression A>
constexpr auto log_det(const A& a) {
    static_assert(detail::linalg_operand_is_square<shape_of<A>>::value,
                  "typegrad: log_det(A) takes a square matrix; the shape is the argument of linalg_operand_is_square");
    if constexpr (!detail::linalg_operand_is_square<shape_of<A>>::value)
        return c<0>;
    else
        return make_node<log_det_op>(a);
}

/// The inverse of a square matrix (to solve a system, tg::solve is cheaper and more accurate).
template <expression A>
constexpr auto inverse(const A& a) {
    static_assert(detail::linalg_operand_is_square<shape_of<A>>::value,
                  "typegrad: inverse(A) takes a square matrix; the shape is the argument of linalg_operand_is_square");
    if constexpr (!detail::linalg_operand_is_square<shape_of<A>>::value)
        return c<0>;
    else
        return make_node<inverse_op>(a);
}

/// The solution x of A x = b: A square N x N, b a vector of N or an N x C matrix.
template <expression A, expression B>
constexpr auto solve(const A& a, const B& b) {
    static_assert(detail::solve_shapes_agree<shape_of<A>, shape_of<B>>::value,
                  "typegrad: solve(A, b) takes a square N x N matrix A and a vector of N or an N x C matrix b; "
                  "the two shapes are the arguments of solve_shapes_agree");
    if constexpr (!detail::solve_shapes_agree<shape_of<A>, shape_of<B>>::value)
        return c<0>;
    else
        return make_node<solve_op>(a, b);
}

}  // namespace TYPEGRAD_KERNELS

}  // namespace typegrad
