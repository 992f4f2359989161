/// @file
/// The kernel configuration of the tensor engine and its Eigen kernels. When Eigen 3.4's
/// `<Eigen/Core>` is on the include path, the products Y = A B, dA = dY B^T and dB = A^T dY of
/// float or double tensors with at least product_threshold multiply-adds run on Eigen's GEMM
/// and GEMV over the engine's own buffers; otherwise (or for smaller products) they run on
/// typegrad's loops. There is no macro to set.
///
/// The two configurations can meet in one program: everything whose definition depends on
/// the configuration (these kernels, the matrix product op, the functions that build product
/// nodes) is declared in the configuration's inline namespace, TYPEGRAD_KERNELS, so that a
/// translation unit with Eigen and one without instantiate differently named entities and
/// never two definitions of one.
///
/// The GEMM takes its packing space from the caller (the scratch values of the product's
/// node): product_scratch<T>(R, K, C) elements cover the blocks of all three products of an
/// R x K by K x C product, so a call allocates nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <typegrad/config.hpp>  // TYPEGRAD_EIGEN_KERNELS, TYPEGRAD_KERNELS

#ifdef TYPEGRAD_EIGEN_KERNELS
#include <Eigen/Core>
#endif

namespace typegrad::detail {
inline namespace TYPEGRAD_KERNELS {

/// Products smaller than this many multiply-adds stay on typegrad's loops, where Eigen's
/// packing and blocking cost more than they save (XOR's 4 x 2 x 2, the seeds' 4 x 3 x 1).
inline constexpr std::size_t product_threshold = std::size_t{1} << 14;

/// Whether elements of type T can run on Eigen's products (double and float, with Eigen).
template <class T>
inline constexpr bool eigen_product_type =
#ifdef TYPEGRAD_EIGEN_KERNELS
    std::is_same_v<T, double> || std::is_same_v<T, float>;
#else
    false;
#endif

/// Whether a product of R x K by K x C elements of type T runs on Eigen (extents fixed or
/// known at run time: the same rule).
template <class T>
constexpr bool use_eigen_product_dims(std::size_t R, std::size_t K, std::size_t C) {
    return eigen_product_type<T> && R * K * C >= product_threshold;
}
template <class T, std::size_t R, std::size_t K, std::size_t C>
inline constexpr bool use_eigen_product = use_eigen_product_dims<T>(R, K, C);

/// Upper bounds of the GEMM's cache blocks (depth kc, lhs rows mc, rhs columns nc). Eigen
/// chooses the blocks from the cache sizes at run time; the kernel takes the smaller of its
/// choice and these, so that the packing space is known at compile time. They are multiples
/// of every register block (mr, nr) of Eigen's kernels.
inline constexpr std::size_t max_kc = 512, max_mc = 480, max_nc = 512;

/// The alignment Eigen's packed blocks need, in elements of T (1 without Eigen).
template <class T>
inline constexpr std::size_t block_alignment =
#ifdef TYPEGRAD_EIGEN_KERNELS
    EIGEN_MAX_ALIGN_BYTES > sizeof(T) ? EIGEN_MAX_ALIGN_BYTES / sizeof(T) : 1;
#else
    1;
#endif

/// Packing space of one GEMM whose result is M x N (column-major view) with depth D: an
/// aligned lhs block of mc x kc and an rhs block of kc x nc, plus the alignment slack.
template <class T>
constexpr std::size_t gemm_scratch(std::size_t m, std::size_t n, std::size_t d) {
    const std::size_t a = block_alignment<T>, kc = std::min(d, max_kc);
    const std::size_t size_a = (std::min(m, max_mc) * kc + a - 1) / a * a;
    return a + size_a + kc * std::min(n, max_nc);
}

/// Whether the product out = op(A) op(B) with this result and depth is a GEMM (not a GEMV or
/// an outer product, which need no packing space).
constexpr bool is_gemm(std::size_t rows, std::size_t cols, std::size_t depth) {
    return rows > 1 && cols > 1 && depth > 1;
}

/// Scratch elements of a product node Y = A B (R x K by K x C): enough for the largest of the
/// GEMMs of Y = A B, dA = dY B^T and dB = A^T dY (a row-major result is computed as its
/// column-major transpose, so M is the result's columns and N its rows). 0 on the loops.
template <class T>
constexpr std::size_t product_scratch(std::size_t R, std::size_t K, std::size_t C) {
    if (!use_eigen_product_dims<T>(R, K, C)) return 0;
    std::size_t s = 0;
    if (is_gemm(R, C, K)) s = std::max(s, gemm_scratch<T>(C, R, K));  // Y = A B
    if (is_gemm(R, K, C)) s = std::max(s, gemm_scratch<T>(K, R, C));  // dA = dY B^T
    if (is_gemm(K, C, R)) s = std::max(s, gemm_scratch<T>(C, K, R));  // dB = A^T dY
    return s;
}

/// The scratch elements a product node keeps for a sweep of element type float or double
/// (the op does not know the sweep's type; other types use the loops and leave it unused),
/// for fixed extents and for extents known at run time.
constexpr std::size_t product_scratch_elements_dims(std::size_t R, std::size_t K, std::size_t C) {
    return std::max(product_scratch<float>(R, K, C), product_scratch<double>(R, K, C));
}
template <std::size_t R, std::size_t K, std::size_t C>
inline constexpr std::size_t product_scratch_elements = product_scratch_elements_dims(R, K, C);

/// out (=|+=) op(A) op(B) for row-major A (ar x ac) and B (br x bc); op transposes when asked.
/// A GEMM packs into `scratch` (gemm_scratch elements for its sizes); a product with a vector
/// operand or result runs on Eigen's GEMV or outer product, which need none. The arithmetic is
/// Eigen's: the same calls `O.noalias() (=|+=) op(A) op(B)` makes over Eigen::Map. Called only
/// where use_eigen_product holds (so defined only with Eigen).
template <bool Assign, bool TransposeA, bool TransposeB, class T>
void eigen_product(T* out, const T* a, std::size_t ar, std::size_t ac, const T* b, std::size_t br, std::size_t bc,
                   T* scratch);

#ifdef TYPEGRAD_EIGEN_KERNELS

/// Eigen's blocking descriptor over caller-owned packing space.
template <class T>
class scratch_blocking : public Eigen::internal::level3_blocking<T, T> {
public:
    scratch_blocking(T* scratch, Eigen::Index m, Eigen::Index n, Eigen::Index depth) {
        Eigen::Index kc = depth, mc = m, nc = n;
        Eigen::internal::computeProductBlockingSizes<T, T, 1>(kc, mc, nc, Eigen::Index{1});
        kc = std::min({kc, depth, static_cast<Eigen::Index>(max_kc)});
        mc = std::min({mc, m, static_cast<Eigen::Index>(max_mc)});
        nc = std::min({nc, n, static_cast<Eigen::Index>(max_nc)});
        const std::size_t a = block_alignment<T>;
        const auto address = reinterpret_cast<std::uintptr_t>(scratch);
        const std::size_t skip = (a - (address / sizeof(T)) % a) % a;  // elements up to alignment
        const std::size_t size_a = (static_cast<std::size_t>(mc * kc) + a - 1) / a * a;
        this->m_blockA = scratch + skip;
        this->m_blockB = scratch + skip + size_a;
        this->m_mc = mc;
        this->m_nc = nc;
        this->m_kc = kc;
    }
};

template <bool Assign, bool TransposeA, bool TransposeB, class T>
void eigen_product(T* out, const T* a, std::size_t ar, std::size_t ac, const T* b, std::size_t br, std::size_t bc,
                   T* scratch) {
    using index = Eigen::Index;
    using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    const std::size_t rows = TransposeA ? ac : ar, cols = TransposeB ? br : bc, depth = TransposeA ? ar : ac;
    const Eigen::Map<const matrix> A(a, static_cast<index>(ar), static_cast<index>(ac));
    const Eigen::Map<const matrix> B(b, static_cast<index>(br), static_cast<index>(bc));
    const auto lhs = [&] {
        if constexpr (TransposeA)
            return A.transpose();
        else
            return A;
    }();
    const auto rhs = [&] {
        if constexpr (TransposeB)
            return B.transpose();
        else
            return B;
    }();
    if (!is_gemm(rows, cols, depth)) {
        // Vector operands are contiguous whichever way they are read.
        if (cols == 1) {
            Eigen::Map<vector> O(out, static_cast<index>(rows));
            const Eigen::Map<const vector> v(b, static_cast<index>(depth));
            if constexpr (Assign)
                O.noalias() = lhs * v;
            else
                O.noalias() += lhs * v;
        } else if (rows == 1) {
            Eigen::Map<vector> O(out, static_cast<index>(cols));
            const Eigen::Map<const vector> u(a, static_cast<index>(depth));
            if constexpr (Assign)
                O.noalias() = rhs.transpose() * u;
            else
                O.noalias() += rhs.transpose() * u;
        } else {
            Eigen::Map<matrix> O(out, static_cast<index>(rows), static_cast<index>(cols));
            const Eigen::Map<const vector> u(a, static_cast<index>(rows)), v(b, static_cast<index>(cols));
            if constexpr (Assign)
                O.noalias() = u * v.transpose();
            else
                O.noalias() += u * v.transpose();
        }
        return;
    }
    // Eigen's `O.noalias() = lhs * rhs` for a row-major O: clear O, then the GEMM of the
    // column-major transpose O^T += rhs^T lhs^T, with Eigen's blocking over the scratch.
    if constexpr (Assign) std::fill(out, out + rows * cols, T(0));
    scratch_blocking<T> blocking(scratch, static_cast<index>(cols), static_cast<index>(rows),
                                 static_cast<index>(depth));
    Eigen::internal::general_matrix_matrix_product<index, T, TransposeA ? Eigen::ColMajor : Eigen::RowMajor, false, T,
                                                   TransposeB ? Eigen::ColMajor : Eigen::RowMajor, false,
                                                   Eigen::RowMajor, 1>::run(static_cast<index>(rows),
                                                                            static_cast<index>(cols),
                                                                            static_cast<index>(depth), a,
                                                                            static_cast<index>(ac), b,
                                                                            static_cast<index>(bc), out, 1,
                                                                            static_cast<index>(cols), T(1), blocking);
}

#endif

}  // namespace TYPEGRAD_KERNELS
}  // namespace typegrad::detail
