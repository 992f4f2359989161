/// @file
/// The LU decomposition with partial pivoting behind det, log_det, inverse and solve
/// (tensor/linalg.hpp): run-time loops over compile-time sizes, constexpr, working in the
/// caller's arrays (an op's scratch values), allocating nothing.
///
/// Layout: `lu` holds PA = LU in place, row-major N x N (L unit lower, below the diagonal;
/// U on and above it); `perm[i]` (stored as a T, exact for any N below 2^24) is the row of A
/// that is row i of PA. A pivot is the largest in magnitude of its column (the first of equal
/// ones); a column whose candidates are all zero keeps a zero pivot and is not eliminated:
/// the matrix is singular, and `lu_singular` says so.
#pragma once

#include <typegrad/detail/math.hpp>

#include <cstddef>
#include <limits>

namespace typegrad::detail {

/// Factors the N x N matrix a into lu and perm; returns the permutation's sign (+1 or -1).
template <std::size_t N, class T>
constexpr int lu_factor(T* lu, T* perm, const T* a) {
    for (std::size_t i = 0; i < N * N; ++i) lu[i] = a[i];
    for (std::size_t i = 0; i < N; ++i) perm[i] = T(i);
    int sign = 1;
    for (std::size_t k = 0; k < N; ++k) {
        std::size_t p = k;
        T best = lu[k * N + k] < T(0) ? -lu[k * N + k] : lu[k * N + k];
        for (std::size_t i = k + 1; i < N; ++i) {
            const T m = lu[i * N + k] < T(0) ? -lu[i * N + k] : lu[i * N + k];
            if (m > best) best = m, p = i;
        }
        if (p != k) {
            for (std::size_t j = 0; j < N; ++j) {
                const T t = lu[k * N + j];
                lu[k * N + j] = lu[p * N + j];
                lu[p * N + j] = t;
            }
            const T t = perm[k];
            perm[k] = perm[p];
            perm[p] = t;
            sign = -sign;
        }
        const T pivot = lu[k * N + k];
        if (pivot == T(0)) continue;  // the column is zero from row k down: nothing to eliminate
        for (std::size_t i = k + 1; i < N; ++i) {
            const T l = lu[i * N + k] / pivot;
            lu[i * N + k] = l;
            for (std::size_t j = k + 1; j < N; ++j) {
                const T product = l * lu[k * N + j];  // one statement per rounding (no contraction)
                lu[i * N + j] = lu[i * N + j] - product;
            }
        }
    }
    return sign;
}

/// True when a pivot is exactly zero: A is singular (in the rounded factorization).
template <std::size_t N, class T>
constexpr bool lu_singular(const T* lu) {
    for (std::size_t k = 0; k < N; ++k)
        if (lu[k * N + k] == T(0)) return true;
    return false;
}

/// det A = sign u_00 u_11 ... u_(N-1)(N-1), the product taken in that order.
template <std::size_t N, class T>
constexpr T lu_det(const T* lu, int sign) {
    T d = lu[0];
    for (std::size_t k = 1; k < N; ++k) d = d * lu[k * N + k];
    return sign < 0 ? -d : d;
}

template <std::size_t N, class T>
constexpr std::size_t permuted_row(const T* perm, std::size_t i) {
    return static_cast<std::size_t>(perm[i]);
}

template <class T>
constexpr void fill_nan(T* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) x[i] = std::numeric_limits<T>::quiet_NaN();
}

template <class T>
constexpr bool all_zero(const T* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (!(x[i] == T(0))) return false;
    return true;
}

/// x = A^-1 b for b of N x C (row-major; x must not alias b): L y = P b, then U x = y.
/// A singular A gives NaN in every element.
template <std::size_t N, std::size_t C, class T>
constexpr void lu_solve(const T* lu, const T* perm, const T* b, T* x) {
    if (lu_singular<N>(lu)) return fill_nan(x, N * C);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t c = 0; c < C; ++c) x[i * C + c] = b[permuted_row<N>(perm, i) * C + c];
    for (std::size_t i = 1; i < N; ++i)
        for (std::size_t k = 0; k < i; ++k) {
            const T l = lu[i * N + k];
            for (std::size_t c = 0; c < C; ++c) {
                const T product = l * x[k * C + c];
                x[i * C + c] = x[i * C + c] - product;
            }
        }
    for (std::size_t i = N; i-- > 0;) {
        for (std::size_t k = i + 1; k < N; ++k) {
            const T u = lu[i * N + k];
            for (std::size_t c = 0; c < C; ++c) {
                const T product = u * x[k * C + c];
                x[i * C + c] = x[i * C + c] - product;
            }
        }
        for (std::size_t c = 0; c < C; ++c) x[i * C + c] = x[i * C + c] / lu[i * N + i];
    }
}

/// A^-1 (row-major N x N): lu_solve with b = I, column by column. Singular: NaN.
template <std::size_t N, class T>
constexpr void lu_inverse(const T* lu, const T* perm, T* inv) {
    if (lu_singular<N>(lu)) return fill_nan(inv, N * N);
    for (std::size_t j = 0; j < N; ++j) {
        for (std::size_t i = 0; i < N; ++i) inv[i * N + j] = permuted_row<N>(perm, i) == j ? T(1) : T(0);
        for (std::size_t i = 1; i < N; ++i)
            for (std::size_t k = 0; k < i; ++k) {
                const T product = lu[i * N + k] * inv[k * N + j];
                inv[i * N + j] = inv[i * N + j] - product;
            }
        for (std::size_t i = N; i-- > 0;) {
            for (std::size_t k = i + 1; k < N; ++k) {
                const T product = lu[i * N + k] * inv[k * N + j];
                inv[i * N + j] = inv[i * N + j] - product;
            }
            inv[i * N + j] = inv[i * N + j] / lu[i * N + i];
        }
    }
}

/// w = A^-T u for u of N x C (w, u and the work array y of N x C distinct): A^T = U^T L^T P,
/// so U^T z = u, L^T y = z, w = P^T y. Singular: NaN.
template <std::size_t N, std::size_t C, class T>
constexpr void lu_solve_transposed(const T* lu, const T* perm, const T* u, T* w, T* y) {
    if (lu_singular<N>(lu)) return fill_nan(w, N * C);
    for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t c = 0; c < C; ++c) y[i * C + c] = u[i * C + c];
        for (std::size_t k = 0; k < i; ++k) {
            const T ukl = lu[k * N + i];
            for (std::size_t c = 0; c < C; ++c) {
                const T product = ukl * y[k * C + c];
                y[i * C + c] = y[i * C + c] - product;
            }
        }
        for (std::size_t c = 0; c < C; ++c) y[i * C + c] = y[i * C + c] / lu[i * N + i];
    }
    for (std::size_t i = N; i-- > 0;)
        for (std::size_t k = i + 1; k < N; ++k) {
            const T l = lu[k * N + i];
            for (std::size_t c = 0; c < C; ++c) {
                const T product = l * y[k * C + c];
                y[i * C + c] = y[i * C + c] - product;
            }
        }
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t c = 0; c < C; ++c) w[permuted_row<N>(perm, i) * C + c] = y[i * C + c];
}

/// The cofactor matrix cof(A) = adj(A)^T (d det A / dA = cof(A)), without dividing by a
/// pivot, so that it is finite at a singular A: adj(A) = sign adj(U) L^-1 P (adj(L) = L^-1,
/// adj(P^T) = sign P). For the triangular U, column j of adj(U) is
/// adj(U)_ij = (prod_{l < i or l > j} u_ll) y_i, y_j = 1,
/// y_i = -sum_{l = i+1..j} u_il (prod_{m = i+1..l-1} u_mm) y_l (back substitution with each
/// division by a pivot replaced by a product with the others). `work` holds N x N.
template <std::size_t N, class T>
constexpr void lu_cofactors(const T* lu, const T* perm, int sign, T* cof, T* work) {
    // work = adj(U) (upper triangular).
    for (std::size_t i = 0; i < N * N; ++i) work[i] = T(0);
    for (std::size_t j = 0; j < N; ++j) {
        // w[l] = (prod_{m = i+1..l-1} u_mm) y_l for l > i, kept in column j of work.
        work[j * N + j] = T(1);
        for (std::size_t i = j; i-- > 0;) {
            T s = T(0);
            for (std::size_t l = i + 1; l <= j; ++l) {
                const T product = lu[i * N + l] * work[l * N + j];
                s = s + product;
            }
            for (std::size_t l = i + 1; l <= j; ++l) work[l * N + j] = work[l * N + j] * lu[i * N + i];
            work[i * N + j] = -s;
        }
        // Now work[l][j] = (prod_{m = 0..l-1} u_mm) y_l; the factor prod_{l > j} u_ll remains.
        T tail = T(1);
        for (std::size_t l = j + 1; l < N; ++l) tail = tail * lu[l * N + l];
        for (std::size_t i = 0; i <= j; ++i) work[i * N + j] = work[i * N + j] * tail;
    }
    // M = adj(U) L^-1: solve M L = adj(U) row by row (L unit lower): m_ik = a_ik - sum_{l>k} m_il l_lk.
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = N; k-- > 0;)
            for (std::size_t l = k + 1; l < N; ++l) {
                const T product = work[i * N + l] * lu[l * N + k];
                work[i * N + k] = work[i * N + k] - product;
            }
    // adj(A) = sign M P: column perm[k] of adj(A) is column k of M; cof = adj(A)^T.
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t k = 0; k < N; ++k) {
            const T v = work[i * N + k];
            cof[permuted_row<N>(perm, k) * N + i] = sign < 0 ? -v : v;
        }
}

/// sum_ij m_ji t_ij = tr(M t) for N x N row-major M and t.
template <std::size_t N, class T>
constexpr T trace_of_product(const T* m, const T* t) {
    T s = T(0);
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            const T product = m[j * N + i] * t[i * N + j];
            s = s + product;
        }
    return s;
}

/// out = a b for N x N a and N x C b (row-major), out distinct from both.
template <std::size_t N, std::size_t C, class T>
constexpr void square_times(T* out, const T* a, const T* b) {
    for (std::size_t i = 0; i < N; ++i)
        for (std::size_t c = 0; c < C; ++c) {
            T s = T(0);
            for (std::size_t k = 0; k < N; ++k) {
                const T product = a[i * N + k] * b[k * C + c];
                s = s + product;
            }
            out[i * C + c] = s;
        }
}

/// The factorization an op keeps after its result: lu (N^2), perm (N), the sign (1); made
/// by factor_into (tensor/eigen_lu.hpp).
template <std::size_t N>
inline constexpr std::size_t factorization_size = N* N + N + 1;

/// The cofactor matrix cof(A) = d det A / dA into cof (N^2), with work (N^2): det A^-T,
/// or the division-free lu_cofactors at a singular A.
template <std::size_t N, class T>
constexpr void cofactors(T* cof, T* work, const T* kept, const T det) {
    const T* perm = kept + N * N;
    if (lu_singular<N>(kept)) {
        lu_cofactors<N>(kept, perm, kept[N * N + N] < T(0) ? -1 : 1, cof, work);
    } else {
        lu_inverse<N>(kept, perm, work);
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) cof[i * N + j] = det * work[j * N + i];
    }
}

}  // namespace typegrad::detail
