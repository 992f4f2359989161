// The matrix product's loops with extents known at run time, at extents below, at and above
// the four elements a step of their inner loops (and not multiples of four): values and
// gradients equal those of the same expression with fixed extents bit for bit, the gradient
// of sum(A B) equals the row and column sums formed in order, and the gradients of a general
// adjoint (squared_norm(A B - Y)) and of a matrix-vector product agree with long double.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace tg = typegrad;

namespace {
std::vector<double> filled(std::size_t n, double phase) {
    std::vector<double> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = 2.0 * std::sin(0.83 * static_cast<double>(i) + phase) + 0.1;
    return v;
}
std::vector<double> zeros(std::size_t n) { return std::vector<double>(n, 0.0); }

constexpr tg::var<"A", tg::dynamic, tg::dynamic> A;
constexpr tg::var<"B", tg::dynamic, tg::dynamic> B;
constexpr tg::var<"Y", tg::dynamic, tg::dynamic> Y;
constexpr tg::var<"v", tg::dynamic> v;

tg::matrix_storage<const double> in(const std::vector<double>& d, std::size_t r, std::size_t c) {
    return tg::matrix_storage(std::span<const double>(d), r, c);
}
tg::matrix_storage<double> out(std::vector<double>& d, std::size_t r, std::size_t c) {
    return tg::matrix_storage(std::span<double>(d), r, c);
}

/// The three products at R x K times K x C, dynamic against fixed and against references.
template <std::size_t R, std::size_t K, std::size_t C>
void check_products() {
    INFO("A " << R << " x " << K << ", B " << K << " x " << C);
    constexpr tg::var<"A", R, K> Af;
    constexpr tg::var<"B", K, C> Bf;
    constexpr tg::var<"Y", R, C> Yf;
    constexpr tg::var<"v", K> vf;
    const std::vector<double> a = filled(R * K, 0.3), b = filled(K * C, 1.1), y = filled(R * C, 2.9),
                              x = filled(K, 0.7);

    // sum(A B): the adjoint of A B is uniform (the rank-one kernel).
    {
        constexpr auto f = tg::sum(A * B);
        constexpr auto ff = tg::sum(Af * Bf);
        auto ws = tg::make_workspace(f);
        std::vector<double> ga = zeros(R * K), gb = zeros(K * C);
        const auto r = tg::value_and_grad(f, ws, (A = in(a, R, K)).grad_into(out(ga, R, K)),
                                          (B = in(b, K, C)).grad_into(out(gb, K, C)));
        const auto rf = tg::value_and_grad(ff, Af = a, Bf = b);
        CHECK(r.value == rf.value);
        for (std::size_t i = 0; i < R * K; ++i) CHECK(ga[i] == rf.grad[Af][i]);
        for (std::size_t i = 0; i < K * C; ++i) CHECK(gb[i] == rf.grad[Bf][i]);
        // dA[r, k] = sum_j B[k, j], dB[k, j] = sum_r A[r, k], each formed in order.
        for (std::size_t k = 0; k < K; ++k) {
            double rows = b[k * C];
            for (std::size_t j = 1; j < C; ++j) rows = rows + b[k * C + j];
            double cols = a[k];
            for (std::size_t i = 1; i < R; ++i) cols = cols + a[i * K + k];
            for (std::size_t i = 0; i < R; ++i) CHECK(ga[i * K + k] == rows);
            for (std::size_t j = 0; j < C; ++j) CHECK(gb[k * C + j] == cols);
        }
    }
    // squared_norm(A B - Y): a general adjoint.
    {
        constexpr auto f = tg::squared_norm(A * B - Y);
        constexpr auto ff = tg::squared_norm(Af * Bf - Yf);
        auto ws = tg::make_workspace(f);
        std::vector<double> ga = zeros(R * K), gb = zeros(K * C);
        const auto r = tg::value_and_grad(f, ws, (A = in(a, R, K)).grad_into(out(ga, R, K)),
                                          (B = in(b, K, C)).grad_into(out(gb, K, C)), (Y = in(y, R, C)).no_grad());
        const auto rf = tg::value_and_grad(ff, Af = a, Bf = b, (Yf = y).no_grad());
        CHECK(r.value == rf.value);
        for (std::size_t i = 0; i < R * K; ++i) CHECK(ga[i] == rf.grad[Af][i]);
        for (std::size_t i = 0; i < K * C; ++i) CHECK(gb[i] == rf.grad[Bf][i]);
        // The definition in long double: E = A B - Y, dA = 2 E B^T, dB = 2 A^T E.
        std::vector<long double> e(R * C);
        long double loss = 0;
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) {
                long double s = 0;
                for (std::size_t k = 0; k < K; ++k) s += static_cast<long double>(a[i * K + k]) * b[k * C + j];
                e[i * C + j] = s - y[i * C + j];
                loss += e[i * C + j] * e[i * C + j];
            }
        CHECK(r.value == Approx(static_cast<double>(loss)).epsilon(1e-13));
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t k = 0; k < K; ++k) {
                long double s = 0;
                for (std::size_t j = 0; j < C; ++j) s += 2 * e[i * C + j] * b[k * C + j];
                CHECK(ga[i * K + k] == Approx(static_cast<double>(s)).epsilon(1e-12).margin(1e-12));
            }
        for (std::size_t k = 0; k < K; ++k)
            for (std::size_t j = 0; j < C; ++j) {
                long double s = 0;
                for (std::size_t i = 0; i < R; ++i) s += 2 * e[i * C + j] * a[i * K + k];
                CHECK(gb[k * C + j] == Approx(static_cast<double>(s)).epsilon(1e-12).margin(1e-12));
            }
    }
    // squared_norm(A v): a matrix times a vector (dv runs along the rows of A).
    {
        constexpr auto f = tg::squared_norm(A * v);
        constexpr auto ff = tg::squared_norm(Af * vf);
        auto ws = tg::make_workspace(f);
        std::vector<double> ga = zeros(R * K), gv = zeros(K);
        const auto r = tg::value_and_grad(f, ws, (A = in(a, R, K)).grad_into(out(ga, R, K)),
                                          (v = std::span<const double>(x)).grad_into(std::span<double>(gv)));
        const auto rf = tg::value_and_grad(ff, Af = a, vf = x);
        CHECK(r.value == rf.value);
        for (std::size_t i = 0; i < R * K; ++i) CHECK(ga[i] == rf.grad[Af][i]);
        for (std::size_t k = 0; k < K; ++k) CHECK(gv[k] == rf.grad[vf][k]);
        std::vector<long double> z(R);
        for (std::size_t i = 0; i < R; ++i) {
            long double s = 0;
            for (std::size_t k = 0; k < K; ++k) s += static_cast<long double>(a[i * K + k]) * x[k];
            z[i] = s;
        }
        for (std::size_t k = 0; k < K; ++k) {
            long double s = 0;
            for (std::size_t i = 0; i < R; ++i) s += 2 * z[i] * a[i * K + k];
            CHECK(gv[k] == Approx(static_cast<double>(s)).epsilon(1e-12).margin(1e-12));
        }
    }
}
}  // namespace

TEST_CASE("dynamic extents: matrix products at extents around four elements a step equal fixed extents",
          "[tensor][dynamic][matmul]") {
    check_products<1, 1, 1>();
    check_products<2, 2, 2>();
    check_products<3, 5, 7>();
    check_products<4, 4, 4>();
    check_products<6, 9, 8>();
    check_products<5, 13, 1>();
    check_products<7, 2, 11>();
    check_products<16, 16, 16>();
}
