// det, log_det, inverse and solve (tensor/linalg.hpp): values against long-double
// references independent of the LU (Laplace expansion, Gauss-Jordan with full pivoting),
// reverse gradients and jvp kernels against long-double central differences
// (tensor_op_checks.hpp), and the conventions at singular matrices.
#include "tensor_op_checks.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstddef>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;
using namespace typegrad_test::ops;

/// det by Laplace expansion along the first row (long double).
template <std::size_t N>
ld laplace_det(const std::array<ld, N * N>& a) {
    if constexpr (N == 1) {
        return a[0];
    } else {
        ld d = 0;
        for (std::size_t j = 0; j < N; ++j) {
            std::array<ld, (N - 1) * (N - 1)> minor{};
            for (std::size_t r = 1; r < N; ++r)
                for (std::size_t c = 0, k = 0; c < N; ++c)
                    if (c != j) minor[(r - 1) * (N - 1) + k++] = a[r * N + c];
            d += (j % 2 ? -1 : 1) * a[j] * laplace_det<N - 1>(minor);
        }
        return d;
    }
}

/// X = A^-1 B (B of N x C) by Gauss-Jordan elimination with full pivoting (long double).
template <std::size_t N, std::size_t C>
std::array<ld, N * C> gauss_jordan(std::array<ld, N * N> a, std::array<ld, N * C> b) {
    std::array<std::size_t, N> col{};
    for (std::size_t k = 0; k < N; ++k) col[k] = k;
    for (std::size_t k = 0; k < N; ++k) {
        std::size_t pr = k, pc = k;
        for (std::size_t i = k; i < N; ++i)
            for (std::size_t j = k; j < N; ++j)
                if (std::abs(a[i * N + j]) > std::abs(a[pr * N + pc])) pr = i, pc = j;
        for (std::size_t j = 0; j < N; ++j) std::swap(a[k * N + j], a[pr * N + j]);
        for (std::size_t j = 0; j < C; ++j) std::swap(b[k * C + j], b[pr * C + j]);
        for (std::size_t i = 0; i < N; ++i) std::swap(a[i * N + k], a[i * N + pc]);
        std::swap(col[k], col[pc]);
        for (std::size_t i = 0; i < N; ++i) {
            if (i == k) continue;
            const ld f = a[i * N + k] / a[k * N + k];
            for (std::size_t j = 0; j < N; ++j) a[i * N + j] -= f * a[k * N + j];
            for (std::size_t j = 0; j < C; ++j) b[i * C + j] -= f * b[k * C + j];
        }
    }
    std::array<ld, N * C> x{};
    for (std::size_t k = 0; k < N; ++k)
        for (std::size_t j = 0; j < C; ++j) x[col[k] * C + j] = b[k * C + j] / a[k * N + k];
    return x;
}

template <std::size_t N>
std::array<ld, N * N> identity() {
    std::array<ld, N * N> e{};
    for (std::size_t k = 0; k < N; ++k) e[k * N + k] = 1;
    return e;
}

template <std::size_t N>
void check_square_ops(rng& r) {
    using V = tg::var<"A", N, N>;
    // Entries in [-1, 1] plus N on the diagonal in the tests of derivatives: well conditioned.
    const auto det_ref = [](const std::array<ld, N * N>& a) { return std::array<ld, 1>{laplace_det<N>(a)}; };
    check_unary<V>(
        "det", [](auto A) { return tg::det(A); }, det_ref, r, 1e-13, 1e-8);
    check_unary<V>(
        "log_det", [](auto A) { return tg::log_det(A); },
        [](const std::array<ld, N * N>& a) { return std::array<ld, 1>{std::log(std::abs(laplace_det<N>(a)))}; }, r,
        1e-13, 1e-7);
    check_unary<V>(
        "inverse", [](auto A) { return tg::inverse(A); },
        [](const std::array<ld, N * N>& a) { return gauss_jordan<N, N>(a, identity<N>()); }, r, 1e-12, 1e-7);
    check_binary<V, tg::var<"b", N>>(
        "solve", [](auto A, auto b) { return tg::solve(A, b); },
        [](const std::array<ld, N * N>& a, const std::array<ld, N>& b) { return gauss_jordan<N, 1>(a, b); }, r, 1e-12,
        1e-7, double(N));
    check_binary<V, tg::var<"B", N, 2>>(
        "solve with 2 columns", [](auto A, auto b) { return tg::solve(A, b); },
        [](const std::array<ld, N * N>& a, const std::array<ld, 2 * N>& b) { return gauss_jordan<N, 2>(a, b); }, r,
        1e-12, 1e-7, double(N));
}

}  // namespace

TEST_CASE("det, log_det, inverse, solve: values, gradients and jvp at random matrices", "[tensor][linalg]") {
    rng r(seed_of("linalg"));
    check_square_ops<1>(r);
    check_square_ops<2>(r);
    check_square_ops<3>(r);
    check_square_ops<5>(r);
}

TEST_CASE("det, log_det, inverse, solve at random orders", "[tensor][linalg][random_shapes]") {
    rng r(seed_of("linalg at random orders"));
    constexpr std::size_t n1 = drawn_extent(seed_of("random orders 1"), 0, 1, 7);
    constexpr std::size_t n2 = drawn_extent(seed_of("random orders 2"), 0, 1, 7);
    INFO("orders " << n1 << " and " << n2);
    check_square_ops<n1>(r);
    check_square_ops<n2>(r);
}

TEST_CASE("det, inverse, solve of the ill-conditioned 6 x 6 Hilbert matrix against long double", "[tensor][linalg]") {
    constexpr tg::var<"H", 6, 6> H;
    constexpr tg::var<"b", 6> b;
    std::array<double, 36> h{};
    std::array<ld, 36> hl{};
    for (std::size_t i = 0; i < 6; ++i)
        for (std::size_t j = 0; j < 6; ++j) h[i * 6 + j] = 1.0 / double(i + j + 1), hl[i * 6 + j] = h[i * 6 + j];
    std::array<double, 6> rhs{1, -1, 2, 0.5, 3, -2};
    std::array<ld, 6> rhsl{};
    for (std::size_t i = 0; i < 6; ++i) rhsl[i] = rhs[i];
    // cond(H_6) ~ 1.5e7: relative errors up to ~cond * eps ~ 3e-9 are the double computation's.
    // mpmath (50 digits) on the same double entries: det, and log |det|. (The Laplace expansion
    // cancels 15 digits here, beyond long double.)
    const ld d = 5.3672998869450316267077557884571530566640589576322e-18L;
    const ld log_d = -39.766206706174730180962090612871278584287437460526L;
    CHECK(close(tg::eval(tg::det(H), H = h), d, 1e-9, std::abs(d)));
    CHECK(close(tg::eval(tg::log_det(H), H = h), log_d, 1e-9, 1));
    const auto x = tg::eval(tg::solve(H, b), H = h, b = rhs);
    const auto xl = gauss_jordan<6, 1>(hl, rhsl);
    const auto inv = tg::eval(tg::inverse(H), H = h);
    const auto invl = gauss_jordan<6, 6>(hl, identity<6>());
    for (std::size_t i = 0; i < 6; ++i) CHECK(close(x[i], xl[i], 1e-8, largest(xl)));
    for (std::size_t i = 0; i < 36; ++i) CHECK(close(inv[i], invl[i], 1e-8, largest(invl)));
    // The gradient of log_det is A^-T.
    const auto g = tg::value_and_grad(tg::log_det(H), H = h);
    for (std::size_t i = 0; i < 6; ++i)
        for (std::size_t j = 0; j < 6; ++j) CHECK(close(g.grad[H][i * 6 + j], invl[j * 6 + i], 1e-8, largest(invl)));
}

TEST_CASE("singular matrices: det's gradient is the cofactor matrix, log_det -inf, inverse and solve NaN",
          "[tensor][linalg]") {
    constexpr tg::var<"A", 3, 3> A;
    constexpr tg::var<"b", 3> b;
    // Rank 2 with an exactly zero pivot in the factorization.
    std::array<double, 9> a{1, 2, 3, 2, 4, 6, 1, 0, 1};
    std::array<double, 3> rhs{1, 2, 3};
    const auto r = tg::value_and_grad(tg::det(A), A = a);
    CHECK(r.value == 0.0);
    // Cofactors C_ij = (-1)^(i+j) M_ij, from the 2 x 2 minors.
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            const std::size_t r0 = i == 0 ? 1 : 0, r1 = i == 2 ? 1 : 2, c0 = j == 0 ? 1 : 0, c1 = j == 2 ? 1 : 2;
            const double minor = a[r0 * 3 + c0] * a[r1 * 3 + c1] - a[r0 * 3 + c1] * a[r1 * 3 + c0];
            INFO(i << ", " << j);
            CHECK(r.grad[A][i * 3 + j] == ((i + j) % 2 ? -minor : minor));
        }
    // The jvp kernel agrees: tr(cof^T dA).
    std::array<double, 9 + 27> self{}, out{};
    std::array<double, 9> ta{0.5, -1, 2, 0.25, 3, -2, 1, 1, -0.5};
    tg::det_op::forward<tg::shape<3, 3>>(self.data(), a.data());
    tg::det_op::jvp<tg::shape<3, 3>>(out.data(), a.data(), ta.data(), self.data());
    double expected = 0;
    for (std::size_t i = 0; i < 9; ++i) expected += r.grad[A][i] * ta[i];
    CHECK(close(out[0], expected, 1e-15, 10));
    // Rank 1: every cofactor is 0.
    std::array<double, 9> ones{1, 1, 1, 1, 1, 1, 1, 1, 1};
    const auto r1 = tg::value_and_grad(tg::det(A), A = ones);
    for (std::size_t i = 0; i < 9; ++i) CHECK(r1.grad[A][i] == 0.0);

    CHECK(tg::eval(tg::log_det(A), A = a) == -std::numeric_limits<double>::infinity());
    const auto gl = tg::value_and_grad(tg::log_det(A), A = a);
    for (std::size_t i = 0; i < 9; ++i) CHECK(std::isnan(gl.grad[A][i]));
    const auto inv = tg::eval(tg::inverse(A), A = a);
    for (std::size_t i = 0; i < 9; ++i) CHECK(std::isnan(inv[i]));
    const auto x = tg::eval(tg::solve(A, b), A = a, b = rhs);
    for (std::size_t i = 0; i < 3; ++i) CHECK(std::isnan(x[i]));
}

TEST_CASE("the LU kernels run in constant evaluation", "[tensor][linalg]") {
    constexpr double d = [] {
        std::array<double, 1 + 7 + 8> out{};
        const std::array<double, 4> a{1, 2, 3, 4};
        tg::det_op::forward<tg::shape<2, 2>>(out.data(), a.data());
        return out[0];
    }();
    static_assert(d == -2.0);
}
