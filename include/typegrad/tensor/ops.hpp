/// @file
/// Defines the tensor ops (matrix product, transpose, sum, dot, squared_norm), each with
/// its forward kernel, its vector-Jacobian product and its Jacobian-vector product (no
/// Jacobian is formed), and the
/// functions users call: `W * x`, `tg::hadamard`, `tg::sum`, `tg::mean`, `tg::dot`,
/// `tg::squared_norm`, `tg::norm`, `tg::transpose`. Elementwise +, -, unary -, scalar * tensor
/// and every scalar function of the core (exp, sigmoid, relu, ...) are the core's own nodes:
/// the tensor engine applies their scalar value and partial rules element by element.
#pragma once

#include <typegrad/config.hpp>
#include <typegrad/core/apply.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/ops/exp_log.hpp>
#include <typegrad/ops/piecewise.hpp>
#include <typegrad/tensor/eigen_kernels.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>

namespace typegrad {

namespace detail {

/// Writes a contribution to an adjoint: the first use of a node in the reverse sweep
/// assigns (so adjoints need no zeroing), later uses add.
template <bool Assign, class T>
constexpr void store(T& destination, const T& value) {
    if constexpr (Assign)
        destination = value;
    else
        destination = destination + value;
}

/// The matrix product's dimensions: A is rows x inner, B is inner x cols, a vector being a
/// column (N x 1), as in Eigen. The result is a vector when B is one.
template <class SA, class SB>
struct matmul_dims {
    static constexpr bool ranks_ok = (SA::rank == 1 || SA::rank == 2) && (SB::rank == 1 || SB::rank == 2);
    static constexpr std::size_t rows = ranks_ok ? SA::extents[0] : 0;
    static constexpr std::size_t inner = ranks_ok ? (SA::rank == 2 ? SA::extents[1] : 1) : 0;
    static constexpr std::size_t inner_b = ranks_ok ? SB::extents[0] : 0;
    static constexpr std::size_t cols = ranks_ok ? (SB::rank == 2 ? SB::extents[1] : 1) : 0;
    // A dynamic extent on either side is checked when the call's bindings are made.
    static constexpr bool ok = ranks_ok && (inner == inner_b || is_symbolic(inner) || is_symbolic(inner_b));
    using result = std::conditional_t<SB::rank == 1, shape<rows>, shape<rows, cols>>;
};

/// The diagnostic of `A * B`: true when A's columns equal B's rows.
template <class SA, class SB>
struct matrix_product_shapes_agree {
    static constexpr bool value = matmul_dims<SA, SB>::ok;
};

template <class SA, class SB>
struct dot_shapes_agree {
    static constexpr bool value = std::is_same_v<SA, SB> || may_agree<SA, SB>;
};

/// Rows and columns of an operand in a call with a dynamic extent (a vector is a column):
/// the kernels' run-time sizes.
using dims2 = std::array<std::size_t, 2>;

template <class S>
struct rank_at_most_2 {
    static constexpr bool value = S::rank <= 2;
};

template <class S>
struct transposed {
    using type = S;  // a scalar; transpose() rejects rank > 2
};
template <std::size_t N>
struct transposed<shape<N>> {
    using type = shape<1, N>;  // a column's transpose is a row, as in Eigen
};
template <std::size_t R, std::size_t C>
struct transposed<shape<R, C>> {
    using type = shape<C, R>;
};

}  // namespace detail

// Each tensor op is the whole rule of one operation: its result shape, its forward kernel
// (out = op(children)) and, for each child I, its vector-Jacobian product
// (g_I (=|+=) upstream^T d op / d child_I), and its Jacobian-vector product `jvp`
// (out = sum_I d op / d child_I t_I, a null t_I being a structural zero). Kernels take raw pointers into the sweep's
// storage or the caller's arrays; all loops are run-time loops over compile-time bounds.

// The matrix product and the functions that build its node depend on the kernel
// configuration (eigen_kernels.hpp): they live in its inline namespace.
inline namespace TYPEGRAD_KERNELS {

/// The matrix product: Y = A B. Backward: dA = dY B^T, dB = A^T dY. With Eigen kernels a
/// large product keeps scratch values after its result: the GEMM's packing space, which
/// each kernel call overwrites (nothing in it outlives the call).
struct matmul_op {
    static constexpr std::string_view name = "matmul";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class SA, class SB>
    using result_shape = typename detail::matmul_dims<SA, SB>::result;

    template <class SA, class SB>
    static constexpr std::size_t scratch_size =
        SA::fixed&& SB::fixed
            ? detail::product_scratch_elements<detail::matmul_dims<SA, SB>::rows, detail::matmul_dims<SA, SB>::inner,
                                               detail::matmul_dims<SA, SB>::cols>
            : 0;

    template <class SA, class SB, class T>
    static constexpr void forward(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a,
                                  const T* TYPEGRAD_RESTRICT b) {
        multiply<true, SA, SB>(out, a, b);
    }

    /// The Jacobian-vector product, bilinear: dY = dA B + A dB (a null tangent's term skipped),
    /// each term the forward kernel's product, the second added to the first.
    template <class SA, class SB, class T>
    static constexpr void jvp(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a, const T* TYPEGRAD_RESTRICT b,
                              const T* ta, const T* tb, const T*) {
        if (ta != nullptr) multiply<true, SA, SB>(out, ta, b);
        if (tb != nullptr) {
            if (ta != nullptr)
                multiply<false, SA, SB>(out, a, tb);
            else
                multiply<true, SA, SB>(out, a, tb);
        }
    }

    /// out (=|+=) a b: the forward kernel (assigning) and the jvp's second term (adding).
    /// Scratch values follow the result in out.
    template <bool Assign, class SA, class SB, class T>
    static constexpr void multiply(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a,
                                   const T* TYPEGRAD_RESTRICT b) {
        using D = detail::matmul_dims<SA, SB>;
        constexpr std::size_t R = D::rows, K = D::inner, C = D::cols;
        if constexpr (detail::use_eigen_product<T, R, K, C>)
            if (!std::is_constant_evaluated())
                return detail::eigen_product<Assign, false, false>(out, a, R, K, b, K, C, out + R * C);
        multiply_loops<Assign>(out, a, b, R, K, C);
    }
    /// The forward with extents known at run time (the loops; Eigen is for fixed shapes).
    template <class SA, class SB, class T>
    static constexpr void forward_dims(const std::array<detail::dims2, 2>& d, T* TYPEGRAD_RESTRICT out,
                                       const T* TYPEGRAD_RESTRICT a, const T* TYPEGRAD_RESTRICT b) {
        multiply_loops<true>(out, a, b, d[0][0], d[0][1], d[1][1]);
    }
    template <bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void multiply_loops(T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a,
                                                                const T* TYPEGRAD_RESTRICT b, const std::size_t R,
                                                                const std::size_t K, const std::size_t C) {
        for (std::size_t r = 0; r < R; ++r) {
            const T* arow = a + r * K;
            T* orow = out + r * C;
            if (C == 1) {
                T s = arow[0] * b[0];
                for (std::size_t k = 1; k < K; ++k) s = s + arow[k] * b[k];
                detail::store<Assign>(orow[0], s);
            } else if constexpr (Assign) {
                for (std::size_t j = 0; j < C; ++j) orow[j] = arow[0] * b[j];
                for (std::size_t k = 1; k < K; ++k) {
                    const T ark = arow[k];
                    const T* brow = b + k * C;
                    for (std::size_t j = 0; j < C; ++j) orow[j] = orow[j] + ark * brow[j];
                }
            } else {
                // The row of a b formed as the forward forms it, then added: one row of
                // scratch would do, but each element's sum is formed in one register.
                for (std::size_t j = 0; j < C; ++j) {
                    T s = arow[0] * b[j];
                    for (std::size_t k = 1; k < K; ++k) s = s + arow[k] * b[k * C + j];
                    orow[j] = orow[j] + s;
                }
            }
        }
    }

    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up, const T* TYPEGRAD_RESTRICT a,
                                   const T* TYPEGRAD_RESTRICT b, const T* self) {
        using D = detail::matmul_dims<SA, SB>;
        constexpr std::size_t R = D::rows, K = D::inner, C = D::cols;
        if constexpr (detail::use_eigen_product<T, R, K, C>) {
            if (!std::is_constant_evaluated()) {
                // The scratch values are this node's own slice of the sweep's (writable)
                // storage, after its result; the backward uses them as packing space.
                T* scratch = const_cast<T*>(self) + R * C;
                if constexpr (I == 0)
                    return detail::eigen_product<Assign, false, true>(g, up, R, C, b, K, C, scratch);  // dY B^T
                else
                    return detail::eigen_product<Assign, true, false>(g, a, R, K, up, R, C, scratch);  // A^T dY
            }
        } else {
            (void)self;
        }
        backward_loops<I, Assign>(g, up, a, b, R, K, C);
    }
    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward_dims(const std::array<detail::dims2, 2>& d, T* TYPEGRAD_RESTRICT g,
                                        const T* TYPEGRAD_RESTRICT up, const T* TYPEGRAD_RESTRICT a,
                                        const T* TYPEGRAD_RESTRICT b, const T*) {
        backward_loops<I, Assign>(g, up, a, b, d[0][0], d[0][1], d[1][1]);
    }
    template <std::size_t I, bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_loops(T* TYPEGRAD_RESTRICT g, const T* TYPEGRAD_RESTRICT up,
                                                                const T* TYPEGRAD_RESTRICT a,
                                                                const T* TYPEGRAD_RESTRICT b, const std::size_t R,
                                                                const std::size_t K, const std::size_t C) {
        if constexpr (I == 0) {
            // dA[r, k] = sum_j dY[r, j] B[k, j]: rows of dY against rows of B.
            for (std::size_t r = 0; r < R; ++r) {
                const T* urow = up + r * C;
                for (std::size_t k = 0; k < K; ++k) {
                    const T* brow = b + k * C;
                    T s = urow[0] * brow[0];
                    for (std::size_t j = 1; j < C; ++j) s = s + urow[j] * brow[j];
                    detail::store<Assign>(g[r * K + k], s);
                }
            }
        } else {
            // dB[k, j] = sum_r A[r, k] dY[r, j]: row k of dB gathers A[r, k] * row r of dY.
            // Row k stays in cache while r runs (dY is the small operand: a batch of adjoints).
            // For a vector B (C == 1) the loops are swapped, so that the inner loop runs along a
            // row of A (contiguous, vectorizable) instead of down a column; each dB[k] still
            // receives its terms in the order r = 0, 1, ...: the result is the same bits.
            if (C == 1) {
                for (std::size_t r = 0; r < R; ++r) {
                    const T* arow = a + r * K;
                    const T u = up[r];
                    if (Assign && r == 0)
                        for (std::size_t k = 0; k < K; ++k) g[k] = arow[k] * u;
                    else
                        for (std::size_t k = 0; k < K; ++k) g[k] = g[k] + arow[k] * u;
                }
                return;
            }
            for (std::size_t k = 0; k < K; ++k) {
                T* grow = g + k * C;
                for (std::size_t r = 0; r < R; ++r) {
                    const T ark = a[r * K + k];
                    const T* urow = up + r * C;
                    if (Assign && r == 0)
                        for (std::size_t j = 0; j < C; ++j) grow[j] = ark * urow[j];
                    else
                        for (std::size_t j = 0; j < C; ++j) grow[j] = grow[j] + ark * urow[j];
                }
            }
        }
    }

    /// The same vector-Jacobian products when every element of dY is the same u (the product
    /// is summed: sum(A B), V4): dY = u 1 1^T is rank one, so dA = 1 (u B 1)^T and
    /// dB = (u A^T 1) 1^T, R K + K C work instead of R K C. Each entry is the sum the general
    /// kernel forms for it, term by term in the same order (it forms it once instead of once
    /// per row or column): the same bits as the loops when it assigns (adding to other
    /// contributions, the sum is formed before it is added).
    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward_uniform(T* TYPEGRAD_RESTRICT g, const T u, const T* TYPEGRAD_RESTRICT a,
                                           const T* TYPEGRAD_RESTRICT b) {
        using D = detail::matmul_dims<SA, SB>;
        backward_uniform_loops<I, Assign>(g, u, a, b, D::rows, D::inner, D::cols);
    }
    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward_uniform_dims(const std::array<detail::dims2, 2>& d, T* TYPEGRAD_RESTRICT g,
                                                const T u, const T* TYPEGRAD_RESTRICT a, const T* TYPEGRAD_RESTRICT b) {
        backward_uniform_loops<I, Assign>(g, u, a, b, d[0][0], d[0][1], d[1][1]);
    }
    template <std::size_t I, bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_uniform_loops(T* TYPEGRAD_RESTRICT g, const T u,
                                                                        const T* TYPEGRAD_RESTRICT a,
                                                                        const T* TYPEGRAD_RESTRICT b,
                                                                        const std::size_t R, const std::size_t K,
                                                                        const std::size_t C) {
        if constexpr (I == 0) {
            // dA[r, k] = sum_j u B[k, j], the same for every r.
            for (std::size_t k = 0; k < K; ++k) {
                const T* brow = b + k * C;
                T s = u * brow[0];
                for (std::size_t j = 1; j < C; ++j) s = s + u * brow[j];
                for (std::size_t r = 0; r < R; ++r) detail::store<Assign>(g[r * K + k], s);
            }
        } else {
            // dB[k, j] = sum_r A[r, k] u, the same for every j.
            for (std::size_t k = 0; k < K; ++k) {
                T s = a[k] * u;
                for (std::size_t r = 1; r < R; ++r) s = s + a[r * K + k] * u;
                for (std::size_t j = 0; j < C; ++j) detail::store<Assign>(g[k * C + j], s);
            }
        }
    }
};

}  // namespace TYPEGRAD_KERNELS

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

/// sum of all elements. Backward: every element receives the upstream scalar.
struct sum_op {
    static constexpr std::string_view name = "sum";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;
    /// One term per element: a sum of an elementwise node is the root of its fused region.
    template <class A>
    using element_term = A;
    /// Its operand's adjoint is uniform (every element receives the same u): an operand whose
    /// op has a `backward_uniform` kernel uses it (matmul).
    static constexpr bool uniform_vjp = true;

    template <class S>
    using result_shape = shape<>;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        forward_n(out, a, S::size);
    }
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_n(T* out, const T* a, const std::size_t n) {
        T s = a[0];
        for (std::size_t i = 1; i < n; ++i) s = s + a[i];
        out[0] = s;
    }

    /// Linear: the sum of the tangent.
    template <class S, class T>
    static constexpr void jvp(T* out, const T*, const T* ta, const T*) {
        forward<S>(out, ta);
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* self) {
        backward_n<Assign>(g, up, a, self, S::size);
    }
    template <bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_n(T* g, const T* up, const T*, const T*,
                                                            const std::size_t n) {
        const T u = up[0];
        for (std::size_t i = 0; i < n; ++i) detail::store<Assign>(g[i], u);
    }
    template <class S, class T>
    static constexpr void forward_dims(const std::array<detail::dims2, 1>& d, T* out, const T* a) {
        forward_n(out, a, d[0][0] * d[0][1]);
    }
    template <std::size_t I, bool Assign, class S, class T>
    static constexpr void backward_dims(const std::array<detail::dims2, 1>& d, T* g, const T* up, const T* a,
                                        const T* self) {
        backward_n<Assign>(g, up, a, self, d[0][0] * d[0][1]);
    }
};

/// dot(a, b) = sum_i a_i b_i (the Frobenius product for matrices). Backward: da = u b, db = u a.
struct dot_op {
    static constexpr std::string_view name = "dot";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;

    template <class SA, class SB>
    using result_shape = shape<>;

    template <class SA, class SB, class T>
    static constexpr void forward(T* out, const T* a, const T* b) {
        forward_n(out, a, b, SA::size);
    }
    template <class SA, class SB, class T>
    static constexpr void forward_dims(const std::array<detail::dims2, 2>& d, T* out, const T* a, const T* b) {
        forward_n(out, a, b, d[0][0] * d[0][1]);
    }
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_n(T* out, const T* a, const T* b, const std::size_t n) {
        T s = a[0] * b[0];
        for (std::size_t i = 1; i < n; ++i) s = s + a[i] * b[i];
        out[0] = s;
    }

    /// Bilinear: dot(ta, b) + dot(a, tb), a null tangent's term skipped.
    template <class SA, class SB, class T>
    static constexpr void jvp(T* out, const T* a, const T* b, const T* ta, const T* tb, const T*) {
        if (ta != nullptr) forward<SA, SB>(out, ta, b);
        if (tb != nullptr) {
            T second{};
            forward<SA, SB>(&second, a, tb);
            out[0] = ta != nullptr ? out[0] + second : second;
        }
    }

    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* b, const T*) {
        backward_n<I, Assign>(g, up, a, b, SA::size);
    }
    template <std::size_t I, bool Assign, class SA, class SB, class T>
    static constexpr void backward_dims(const std::array<detail::dims2, 2>& d, T* g, const T* up, const T* a,
                                        const T* b, const T*) {
        backward_n<I, Assign>(g, up, a, b, d[0][0] * d[0][1]);
    }
    template <std::size_t I, bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_n(T* g, const T* up, const T* a, const T* b,
                                                            const std::size_t n) {
        const T u = up[0];
        const T* other = I == 0 ? b : a;
        for (std::size_t i = 0; i < n; ++i) detail::store<Assign>(g[i], u * other[i]);
    }
};

/// squared_norm(a) = sum_i a_i^2. Backward: da = 2 u a.
struct squared_norm_op {
    static constexpr std::string_view name = "squared_norm";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;
    template <class A>
    using element_term = node<mul_op, A, A>;

    template <class S>
    using result_shape = shape<>;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        forward_n(out, a, S::size);
    }
    template <class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_n(T* out, const T* a, const std::size_t n) {
        // One statement per rounding: a * a + s in one expression may be contracted into a
        // fused multiply-add (clang's -ffp-contract=on), which would change the value.
        T s = a[0] * a[0];
        for (std::size_t i = 1; i < n; ++i) {
            const T square = a[i] * a[i];
            s = s + square;
        }
        out[0] = s;
    }

    /// 2 dot(a, ta).
    template <class S, class T>
    static constexpr void jvp(T* out, const T* a, const T* ta, const T*) {
        T s{};
        dot_op::forward<S, S>(&s, a, ta);
        out[0] = s + s;
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* self) {
        backward_n<Assign>(g, up, a, self, S::size);
    }
    template <bool Assign, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void backward_n(T* g, const T* up, const T* a, const T*,
                                                            const std::size_t n) {
        const T two_u = up[0] + up[0];
        for (std::size_t i = 0; i < n; ++i) detail::store<Assign>(g[i], two_u * a[i]);
    }
    template <class S, class T>
    static constexpr void forward_dims(const std::array<detail::dims2, 1>& d, T* out, const T* a) {
        forward_n(out, a, d[0][0] * d[0][1]);
    }
    template <std::size_t I, bool Assign, class S, class T>
    static constexpr void backward_dims(const std::array<detail::dims2, 1>& d, T* g, const T* up, const T* a,
                                        const T* self) {
        backward_n<Assign>(g, up, a, self, d[0][0] * d[0][1]);
    }
};

/// norm(a) = sqrt(sum_i a_i^2), the Euclidean (Frobenius) norm, as one op so that its
/// gradient at the zero vector is the subgradient 0 (edge case 20), not the NaN of the chain
/// sqrt'(0) * 2 a = inf * 0. Its value is sqrt(squared_norm(a)) bit for bit wherever that
/// sum of squares is finite and at least 2^-969; where it overflows or may have lost bits to
/// underflow, the sum is taken over a scaled by an exact power of two (2^-600 or 2^600), so
/// that norm([3e200, 4e200]) = 5e200 and norm([3e-200, 4e-200]) = 5e-200. An infinite
/// component gives inf. Backward: da = u (a / norm); 0 where norm == 0; at an infinite norm,
/// u sign(a_i) for infinite components and 0 for finite ones (the limit of a / norm).
struct norm_op {
    static constexpr std::string_view name = "norm";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;

    template <class S>
    using result_shape = shape<>;

    template <class S, class T>
    static constexpr void forward(T* out, const T* a) {
        squared_norm_op::forward<S>(out, a);
        const T sum = out[0];
        if constexpr (std::is_same_v<T, double>) {  // the scales below are doubles'
            const bool overflow = !(sum < std::numeric_limits<T>::infinity());
            if ((overflow || sum < T(0x1p-969)) && sum == sum) [[unlikely]] {
                const T down = overflow ? T(0x1p-600) : T(0x1p600);
                T scaled = T(0);
                for (std::size_t i = 0; i < S::size; ++i) {
                    const T square = (a[i] * down) * (a[i] * down);
                    scaled = scaled + square;
                }
                // inf only when a component is infinite: the norm is then inf.
                out[0] = detail::math::sqrt(scaled) * (overflow ? T(0x1p600) : T(0x1p-600));
                return;
            }
        }
        out[0] = detail::math::sqrt(sum);  // the value of sqrt(squared_norm(a)), bit for bit
    }

    /// dot(a / norm, ta), with the backward's conventions: 0 where norm == 0, and at an
    /// infinite norm the sum of sign(a_i) ta_i over the infinite components.
    template <class S, class T>
    static constexpr void jvp(T* out, const T* a, const T* ta, const T* self) {
        const T n = self[0];
        T s = T(0);
        if (n == std::numeric_limits<T>::infinity()) [[unlikely]] {
            for (std::size_t i = 0; i < S::size; ++i)
                if (a[i] == n || a[i] == -n) s = s + (a[i] == n ? ta[i] : -ta[i]);
        } else if (n != T(0)) {
            for (std::size_t i = 0; i < S::size; ++i) s = s + (a[i] / n) * ta[i];
        }
        out[0] = s;
    }

    template <std::size_t, bool Assign, class S, class T>
    static constexpr void backward(T* g, const T* up, const T* a, const T* self) {
        const T n = self[0];
        const T u = up[0];
        if (n == std::numeric_limits<T>::infinity()) [[unlikely]] {
            for (std::size_t i = 0; i < S::size; ++i) {
                const T share = a[i] == n ? T(1) : a[i] == -n ? T(-1) : T(0);
                detail::store<Assign>(g[i], u * share);
            }
            return;
        }
        for (std::size_t i = 0; i < S::size; ++i) detail::store<Assign>(g[i], n == T(0) ? T(0) : u * (a[i] / n));
    }
};

/// The number of elements of a shape with a dynamic extent, known when the call's bindings
/// are made (the divisor of `mean`); its operand is the constant 0 (a node needs one), so it
/// depends on no variable and is never differentiated.
template <class Shape>
struct element_count_op {
    static constexpr std::string_view name = "element_count";
    static constexpr notation style = notation::function;
    static constexpr bool tensor_rule = true;
    static constexpr bool finite_on_finite = true;
    using counted_shape = Shape;

    template <class...>
    using result_shape = shape<>;
};

// ---- the functions users call -----------------------------------------------------------

// The one diagnostic of an elementwise shape mismatch, asserted in the function the user
// called, so that the error names both shapes and is the only error.
#define TYPEGRAD_TENSOR_CHECK_ELEMENTWISE(SA, SB)                                                          \
    static_assert(detail::elementwise_shapes_agree<SA, SB>::value,                                         \
                  "typegrad: an elementwise operation (+, -, hadamard) needs operands of one shape (or a " \
                  "scalar or a bias row, which are broadcast); the two shapes are the arguments of "       \
                  "elementwise_shapes_agree")

inline namespace TYPEGRAD_KERNELS {

/// The matrix product (what `*` between two non-scalars means): matrix * matrix, matrix *
/// vector (a vector is a column), vector * row (an outer product). With a scalar operand it
/// is the ordinary product. Mismatched extents are one compile error naming both shapes.
template <expression A, expression B>
constexpr auto matmul(const A& a, const B& b) {
    using SA = shape_of<A>;
    using SB = shape_of<B>;
    if constexpr (SA::rank == 0 || SB::rank == 0) {
        return apply<mul_op>(a, b);
    } else {
        static_assert(detail::matrix_product_shapes_agree<SA, SB>::value,
                      "typegrad: in the matrix product A * B, A's columns must equal B's rows (a vector is a "
                      "column; tg::dot multiplies two vectors); the shapes of A and B are the arguments of "
                      "matrix_product_shapes_agree");
        if constexpr (!detail::matrix_product_shapes_agree<SA, SB>::value)
            return c<0>;  // after the one error above, no further ones
        else
            return make_node<matmul_op>(a, b);
    }
}

}  // namespace TYPEGRAD_KERNELS

/// The elementwise (Hadamard) product; `*` between tensors is the matrix product.
template <class A, class B>
requires operand<A> && operand<B> &&(expression<A> || expression<B>)constexpr auto hadamard(const A& a, const B& b) {
    TYPEGRAD_TENSOR_CHECK_ELEMENTWISE(shape_of<A>, shape_of<B>);  // a number has shape<>
    if constexpr (!detail::elementwise_shapes_agree<shape_of<A>, shape_of<B>>::value)
        return c<0>;  // after the one error above, no further ones
    else
        return apply<mul_op>(a, b);
}

/// The sum of all elements (a scalar is its own sum).
template <expression A>
constexpr auto sum(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return a;
    else
        return make_node<sum_op>(a);
}

/// The mean of all elements: sum(a) / size, a division in the computing type (as numpy does;
/// not a product with a rounded 1 / size).
template <expression A>
constexpr auto mean(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return a;
    else if constexpr (shape_of<A>::fixed)
        return make_node<div_op>(sum(a), real<static_cast<double>(shape_of<A>::size)>);
    else
        return make_node<div_op>(sum(a), make_node<element_count_op<shape_of<A>>>(c<0>));
}

/// The sum of the elementwise products of two operands of one shape (for two scalars, the
/// product).
template <expression A, expression B>
constexpr auto dot(const A& a, const B& b) {
    using SA = shape_of<A>;
    using SB = shape_of<B>;
    if constexpr (SA::rank == 0 && SB::rank == 0) {
        return a * b;
    } else {
        // No broadcast here: dot(s, x) would silently be s * sum(x).
        static_assert(detail::dot_shapes_agree<SA, SB>::value,
                      "typegrad: dot(a, b) needs operands of one shape; the two shapes are the arguments of "
                      "dot_shapes_agree");
        if constexpr (!detail::dot_shapes_agree<SA, SB>::value)
            return c<0>;
        else
            return make_node<dot_op>(a, b);
    }
}

/// The sum of the squared elements, ||a||^2.
template <expression A>
constexpr auto squared_norm(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return a * a;
    else
        return make_node<squared_norm_op>(a);
}

/// The Euclidean (Frobenius) norm, sqrt(squared_norm(a)); its gradient at 0 is 0.
template <expression A>
constexpr auto norm(const A& a) {
    if constexpr (shape_of<A>::rank == 0)
        return abs(a);
    else
        return make_node<norm_op>(a);
}

/// The transpose: R x C becomes C x R; a vector (a column) becomes a 1 x N row.
template <expression A>
constexpr auto transpose(const A& a) {
    static_assert(detail::rank_at_most_2<shape_of<A>>::value, "typegrad: transpose takes a vector or a matrix");
    if constexpr (shape_of<A>::rank == 0 || shape_of<A>::rank > 2)
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
    TYPEGRAD_TENSOR_CHECK_ELEMENTWISE(shape_of<A>, shape_of<B>);
    if constexpr (!elementwise_shapes_agree<shape_of<A>, shape_of<B>>::value)
        return c<0>;
    else
        return apply<add_op>(a, b);
}
template <class A, class B>
constexpr auto elementwise_sub(const A& a, const B& b) {
    TYPEGRAD_TENSOR_CHECK_ELEMENTWISE(shape_of<A>, shape_of<B>);
    if constexpr (!elementwise_shapes_agree<shape_of<A>, shape_of<B>>::value)
        return c<0>;
    else
        return apply<sub_op>(a, b);
}
}  // namespace detail

#undef TYPEGRAD_TENSOR_CHECK_ELEMENTWISE

#define TYPEGRAD_TENSOR_OPERATOR(symbol, function)                                         \
    template <class A, class B>                                                            \
    requires binary_operands<A, B> && detail::tensor_valued<A> && detail::tensor_valued<B> \
    constexpr auto operator symbol(const A& a, const B& b) { return function(a, b); }

inline namespace TYPEGRAD_KERNELS {
TYPEGRAD_TENSOR_OPERATOR(*, matmul)
}  // namespace TYPEGRAD_KERNELS
TYPEGRAD_TENSOR_OPERATOR(+, detail::elementwise_add)
TYPEGRAD_TENSOR_OPERATOR(-, detail::elementwise_sub)

#undef TYPEGRAD_TENSOR_OPERATOR

}  // namespace typegrad
