// det, log_det and solve on Eigen's LU (tensor/eigen_lu.hpp) from eigen_lu_threshold up and
// on the loops below it: the factorization against the loops' (same permutation, factors
// within rounding), the values and gradients through value_and_grad against long-double
// references (the inverse of a long-double LU, central differences of a long-double
// log |det|), and no heap allocation in a call, counted at malloc. Its own executable: it
// replaces the C allocation functions (examples/count_allocations.hpp).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "../../examples/count_allocations.hpp"

#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <span>

#ifndef TYPEGRAD_EIGEN_KERNELS
#error "test_eigen_lu.cpp is built with Eigen on the include path"
#endif

namespace tg = typegrad;

namespace {

using ld = long double;

/// A random matrix weighted to its diagonal (condition number of a few units) and a vector.
template <std::size_t N>
struct problem {
    std::array<double, N * N> a{};
    std::array<double, N> b{};
    explicit problem(unsigned seed) {
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> u(-1.0, 1.0);
        for (auto& v : a) v = u(rng);
        for (std::size_t i = 0; i < N; ++i) a[i * N + i] += double(N) / 2, b[i] = u(rng);
    }
};

/// A^-1 (row-major) and det A in long double, on the loops' LU.
template <std::size_t N>
struct reference {
    std::array<ld, N * N> inv{};
    ld det = 0;
    explicit reference(const std::array<double, N * N>& a) {
        std::array<ld, N * N> al{}, lu{};
        std::array<ld, N> perm{};
        for (std::size_t i = 0; i < N * N; ++i) al[i] = a[i];
        const int sign = tg::detail::lu_factor<N>(lu.data(), perm.data(), al.data());
        det = tg::detail::lu_det<N>(lu.data(), sign);
        tg::detail::lu_inverse<N>(lu.data(), perm.data(), inv.data());
    }
};

template <std::size_t N>
ld log_abs_det(std::array<ld, N * N> a) {
    std::array<ld, N * N> lu{};
    std::array<ld, N> perm{};
    tg::detail::lu_factor<N>(lu.data(), perm.data(), a.data());
    ld s = 0;
    for (std::size_t k = 0; k < N; ++k) s += std::log(std::abs(lu[k * N + k]));
    return s;
}

bool near(ld got, ld want, ld rel) { return std::abs(got - want) <= rel * (1 + std::abs(want)); }

template <std::size_t N>
void check_order() {
    STATIC_REQUIRE(tg::detail::use_eigen_lu<double, N> == (N >= tg::detail::eigen_lu_threshold));
    STATIC_REQUIRE(tg::detail::use_eigen_lu<float, N> == (N >= tg::detail::eigen_lu_threshold));
    STATIC_REQUIRE_FALSE(tg::detail::use_eigen_lu<long double, N>);
    const problem<N> p(static_cast<unsigned>(N * 7 + 1));
    const reference<N> r(p.a);
    INFO("order " << N);

    // The kernel itself: Eigen's factors against the loops'.
    std::array<double, N*N> eig = p.a, loops{};
    std::array<double, N> perm_eigen{}, perm_loops{};
    const long long before_factor = allocations;
    const int sign_eigen = tg::detail::eigen_lu_factor<N>(eig.data(), perm_eigen.data());
    CHECK(allocations - before_factor == 0);
    const int sign_loops = tg::detail::lu_factor<N>(loops.data(), perm_loops.data(), p.a.data());
    CHECK(sign_eigen == sign_loops);
    CHECK(perm_eigen == perm_loops);
    for (std::size_t i = 0; i < N * N; ++i) CHECK(near(eig[i], loops[i], 1e-13));

    constexpr tg::var<"A", N, N> A;
    constexpr tg::var<"b", N> b;
    const std::span<const double, N * N> a(p.a.data(), N * N);
    const std::span<const double, N> rhs(p.b.data(), N);
    std::array<double, N * N> ga{};
    std::array<double, N> gb{};

    {  // det: d det / dA = det A^-T.
        constexpr auto f = tg::det(A);
        auto ws = tg::make_workspace(f);
        const long long before = allocations;
        const auto got = tg::value_and_grad(f, ws, (A = a).grad_into(std::span<double, N * N>(ga)));
        CHECK(allocations - before == 0);
        CHECK(near(got.value / r.det, 1, 1e-13));
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) CHECK(near(ga[i * N + j] / r.det, r.inv[j * N + i], 1e-13));
    }
    {  // log_det: A^-T, and central differences of a long-double log |det| at a few entries.
        constexpr auto f = tg::log_det(A);
        auto ws = tg::make_workspace(f);
        const long double h = 1e-6L;
        const long long before = allocations;
        const auto got = tg::value_and_grad(f, ws, (A = a).grad_into(std::span<double, N * N>(ga)));
        CHECK(allocations - before == 0);
        CHECK(near(got.value, std::log(std::abs(r.det)), 1e-14));
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = 0; j < N; ++j) CHECK(near(ga[i * N + j], r.inv[j * N + i], 1e-13));
        for (const std::size_t e : {std::size_t{0}, N + 1, N * N / 2 + 1, N * N - 1}) {
            std::array<ld, N * N> up{}, down{};
            for (std::size_t i = 0; i < N * N; ++i) up[i] = down[i] = p.a[i];
            up[e] += h, down[e] -= h;
            CHECK(near(ga[e], (log_abs_det<N>(up) - log_abs_det<N>(down)) / (2 * h), 1e-8));
        }
    }
    {  // solve: f = sum(x), x = A^-1 b: df/db = A^-T 1, df/dA = -(A^-T 1) x^T.
        constexpr auto f = tg::sum(tg::solve(A, b));
        auto ws = tg::make_workspace(f);
        const long long before = allocations;
        const auto got = tg::value_and_grad(f, ws, (A = a).grad_into(std::span<double, N * N>(ga)),
                                            (b = rhs).grad_into(std::span<double, N>(gb)));
        CHECK(allocations - before == 0);
        std::array<ld, N> x{}, w{};
        ld sum = 0;
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t k = 0; k < N; ++k) x[i] += r.inv[i * N + k] * p.b[k], w[i] += r.inv[k * N + i];
        for (std::size_t i = 0; i < N; ++i) sum += x[i];
        CHECK(near(got.value, sum, 1e-13));
        for (std::size_t i = 0; i < N; ++i) {
            CHECK(near(gb[i], w[i], 1e-13));
            for (std::size_t j = 0; j < N; ++j) CHECK(near(ga[i * N + j], -w[i] * x[j], 1e-13));
        }
    }
}

}  // namespace

TEST_CASE("det, log_det and solve on both LU kernels: values, gradients, no allocation", "[eigen_kernel][linalg]") {
    check_order<3>();
    check_order<8>();
    check_order<tg::detail::eigen_lu_threshold - 1>();
    check_order<tg::detail::eigen_lu_threshold>();
    check_order<17>();
    check_order<24>();
    check_order<32>();
}

TEST_CASE("a singular matrix on Eigen's LU: det 0 with the cofactor gradient, solve NaN", "[eigen_kernel][linalg]") {
    constexpr std::size_t N = 24;
    problem<N> p(5);
    for (std::size_t j = 0; j < N; ++j) p.a[3 * N + j] = p.a[7 * N + j];  // two equal rows
    constexpr tg::var<"A", N, N> A;
    constexpr tg::var<"b", N> b;
    const std::span<const double, N * N> a(p.a.data(), N * N);
    std::array<double, N * N> ga{};
    const auto d = tg::value_and_grad(tg::det(A), (A = a).grad_into(std::span<double, N * N>(ga)));
    CHECK(d.value == 0);
    // The cofactors of rows 3 and 7 are opposite (swapping the two equal rows negates det).
    bool opposite = true, finite = true;
    for (std::size_t j = 0; j < N; ++j) {
        opposite = opposite && near(ga[3 * N + j], -ga[7 * N + j], 1e-9 * (1 + std::abs(ga[7 * N + j])));
        for (std::size_t i = 0; i < N; ++i) finite = finite && std::isfinite(ga[i * N + j]);
    }
    CHECK(opposite);
    CHECK(finite);
    const auto x = tg::eval(tg::solve(A, b), A = a, b = std::span<const double, N>(p.b.data(), N));
    for (std::size_t i = 0; i < N; ++i) CHECK(std::isnan(x[i]));
}
