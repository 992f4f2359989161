/// @file
/// Defines the matrix product `A * B` (tg::matmul): its op with the forward kernel, the
/// vector-Jacobian and Jacobian-vector products, on typegrad's loops or, for large products
/// with Eigen on the include path, on Eigen's GEMM with caller-owned packing space, for fixed
/// and run-time extents alike.
#pragma once

#include <typegrad/config.hpp>
#include <typegrad/core/apply.hpp>
#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/tensor/eigen_kernels.hpp>
#include <typegrad/tensor/op_rules.hpp>
#include <typegrad/tensor/shape.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typegrad {

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
    /// The scratch values with extents known at run time: as scratch_size, from the call's.
    template <class SA, class SB>
    static constexpr std::size_t scratch_size_dims(const std::array<detail::dims2, 2>& d) {
        return detail::product_scratch_elements_dims(d[0][0], d[0][1], d[1][1]);
    }

    /// The forward with extents known at run time: the same kernels, chosen by the same rule.
    template <class SA, class SB, class T>
    TYPEGRAD_ALWAYS_INLINE static constexpr void forward_dims(const std::array<detail::dims2, 2>& d,
                                                              T* TYPEGRAD_RESTRICT out, const T* TYPEGRAD_RESTRICT a,
                                                              const T* TYPEGRAD_RESTRICT b) {
        const std::size_t R = d[0][0], K = d[0][1], C = d[1][1];
        if constexpr (detail::eigen_product_type<T>)
            if (!std::is_constant_evaluated() && detail::use_eigen_product_dims<T>(R, K, C))
                return detail::eigen_product<true, false, false>(out, a, R, K, b, K, C, out + R * C);
        multiply_loops<true>(out, a, b, R, K, C);
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
                const T ar0 = arow[0];
                detail::each_element(C, [&](std::size_t j) TYPEGRAD_LAMBDA_INLINE { orow[j] = ar0 * b[j]; });
                for (std::size_t k = 1; k < K; ++k) {
                    const T ark = arow[k];
                    const T* brow = b + k * C;
                    detail::each_element(
                        C, [&](std::size_t j) TYPEGRAD_LAMBDA_INLINE { orow[j] = orow[j] + ark * brow[j]; });
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
                                        const T* TYPEGRAD_RESTRICT b, const T* self) {
        const std::size_t R = d[0][0], K = d[0][1], C = d[1][1];
        if constexpr (detail::eigen_product_type<T>) {
            if (!std::is_constant_evaluated() && detail::use_eigen_product_dims<T>(R, K, C)) {
                T* scratch = const_cast<T*>(self) + R * C;  // as backward's
                if constexpr (I == 0)
                    return detail::eigen_product<Assign, false, true>(g, up, R, C, b, K, C, scratch);
                else
                    return detail::eigen_product<Assign, true, false>(g, a, R, K, up, R, C, scratch);
            }
        } else {
            (void)self;
        }
        backward_loops<I, Assign>(g, up, a, b, R, K, C);
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
                        detail::each_element(K, [&](std::size_t k) TYPEGRAD_LAMBDA_INLINE { g[k] = arow[k] * u; });
                    else
                        detail::each_element(K,
                                             [&](std::size_t k) TYPEGRAD_LAMBDA_INLINE { g[k] = g[k] + arow[k] * u; });
                }
                return;
            }
            for (std::size_t k = 0; k < K; ++k) {
                T* grow = g + k * C;
                for (std::size_t r = 0; r < R; ++r) {
                    const T ark = a[r * K + k];
                    const T* urow = up + r * C;
                    if (Assign && r == 0)
                        detail::each_element(C, [&](std::size_t j) TYPEGRAD_LAMBDA_INLINE { grow[j] = ark * urow[j]; });
                    else
                        detail::each_element(
                            C, [&](std::size_t j) TYPEGRAD_LAMBDA_INLINE { grow[j] = grow[j] + ark * urow[j]; });
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
                T* grow = g + k * C;
                detail::each_element(C,
                                     [&](std::size_t j) TYPEGRAD_LAMBDA_INLINE { detail::store<Assign>(grow[j], s); });
            }
        }
    }
};

}  // namespace TYPEGRAD_KERNELS

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

}  // namespace typegrad
