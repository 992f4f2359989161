// Zero heap allocations in a call with Eigen kernels, counted at malloc (Eigen's GEMM calls
// malloc for its packing blocks, not operator new): a 1000 x 1000 product's gradient through
// tg::value_and_grad, and the kernel called directly with a scratch buffer. Its own executable:
// it replaces the C allocation functions (examples/count_allocations.hpp).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "../../examples/count_allocations.hpp"

#include <typegrad.hpp>

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#ifndef TYPEGRAD_EIGEN_KERNELS
#error "test_allocations.cpp is built with Eigen on the include path"
#endif

namespace tg = typegrad;

namespace {

constexpr std::size_t n = 1000;
using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::vector<double> filled(std::size_t size, double phase) {
    std::vector<double> v(size);
    for (std::size_t i = 0; i < size; ++i) v[i] = std::sin(0.0137 * static_cast<double>(i) + phase);
    return v;
}

struct gradient_call {
    const std::vector<double>* a;
    const std::vector<double>* b;
    std::vector<double>* ga;
    std::vector<double>* gb;
    double value = 0;
    long long allocated = -1;
};

/// f = |A B|^2 for 1000 x 1000 A and B: a GEMM forward and two in the backward, with the
/// values, adjoints and the GEMM's packing space in a workspace made before the count.
void differentiate(gradient_call& call) {
    constexpr tg::var<"A", n, n> A;
    constexpr tg::var<"B", n, n> B;
    constexpr auto f = tg::squared_norm(A * B);
    auto ws = tg::make_workspace(f);
    const std::span<const double, n * n> a(call.a->data(), n * n), b(call.b->data(), n * n);
    const std::span<double, n * n> ga(call.ga->data(), n * n), gb(call.gb->data(), n * n);
    const long long before = allocations;
    const auto r = tg::value_and_grad(f, ws, (A = a).grad_into(ga), (B = b).grad_into(gb));
    call.allocated = allocations - before;
    call.value = r.value;
}

}  // namespace

TEST_CASE("the allocation counter sees Eigen's own GEMM allocate for a 1000 x 1000 product", "[eigen_kernel]") {
    const auto a = filled(n * n, 0.1), b = filled(n * n, 0.2);
    row_major y(n, n);
    const Eigen::Map<const row_major> ma(a.data(), n, n), mb(b.data(), n, n);
    const long long before = allocations;
    y.noalias() = ma * mb;
    CHECK(allocations - before > 0);
}

TEST_CASE("the GEMM kernel with caller scratch allocates nothing at 1000 x 1000, in all three products",
          "[eigen_kernel]") {
    using tg::detail::eigen_product;
    const auto a = filled(n * n, 0.3), b = filled(n * n, 0.4);
    std::vector<double> out(n * n), scratch(tg::detail::product_scratch<double>(n, n, n));
    const Eigen::Map<const row_major> ma(a.data(), n, n), mb(b.data(), n, n);
    row_major want(n, n);
    const long long before = allocations;
    eigen_product<true, false, false>(out.data(), a.data(), n, n, b.data(), n, n, scratch.data());  // A B
    const long long after_forward = allocations;
    want.noalias() = ma * mb;
    for (std::size_t i = 0; i < n * n; i += 997) REQUIRE(std::abs(out[i] - want.data()[i]) <= 1e-11);
    const long long mid = allocations;
    eigen_product<false, false, true>(out.data(), a.data(), n, n, b.data(), n, n, scratch.data());  // += A B^T
    eigen_product<true, true, false>(out.data(), a.data(), n, n, b.data(), n, n, scratch.data());   // A^T B
    const long long after_backward = allocations;
    want.noalias() = ma.transpose() * mb;
    for (std::size_t i = 0; i < n * n; i += 997) REQUIRE(std::abs(out[i] - want.data()[i]) <= 1e-11);
    CHECK(after_forward - before == 0);
    CHECK(after_backward - mid == 0);
}

TEST_CASE("value_and_grad of |A B|^2 with 1000 x 1000 A, B allocates nothing and is right", "[eigen_kernel]") {
    const auto a = filled(n * n, 0.5), b = filled(n * n, 0.6);
    std::vector<double> ga(n * n), gb(n * n);
    gradient_call call{&a, &b, &ga, &gb};
    differentiate(call);  // on the default stack: the engine's memory is the workspace
    CHECK(call.allocated == 0);
    // Against a long double computation at a few entries: Y's row r and column c.
    const auto y = [&](std::size_t r, std::size_t c) {
        long double s = 0;
        for (std::size_t k = 0; k < n; ++k) s += static_cast<long double>(a[r * n + k]) * b[k * n + c];
        return s;
    };
    for (std::size_t r : {0u, 517u, 999u}) {
        std::vector<long double> row(n);
        for (std::size_t c = 0; c < n; ++c) row[c] = y(r, c);
        for (std::size_t k : {0u, 301u, 998u}) {
            long double want = 0;  // df/dA[r, k] = 2 sum_c Y[r, c] B[k, c]
            for (std::size_t c = 0; c < n; ++c) want += 2 * row[c] * b[k * n + c];
            REQUIRE(std::abs(ga[r * n + k] - want) <= 1e-11 * (1 + std::abs(want)));
        }
    }
    for (std::size_t c : {3u, 640u}) {
        std::vector<long double> col(n);
        for (std::size_t r = 0; r < n; ++r) col[r] = y(r, c);
        for (std::size_t k : {7u, 999u}) {
            long double want = 0;  // df/dB[k, c] = 2 sum_r A[r, k] Y[r, c]
            for (std::size_t r = 0; r < n; ++r) want += 2 * static_cast<long double>(a[r * n + k]) * col[r];
            REQUIRE(std::abs(gb[k * n + c] - want) <= 1e-11 * (1 + std::abs(want)));
        }
    }
    const Eigen::Map<const row_major> ma(a.data(), n, n), mb(b.data(), n, n);
    const row_major product = ma * mb;
    CHECK(std::abs(call.value - product.squaredNorm()) <= 1e-12 * product.squaredNorm());
}

TEST_CASE("column-major matrices: one allocation when the workspace grows, none in a call that fits",
          "[eigen_kernel][dynamic]") {
    constexpr tg::var<"X", tg::dynamic, tg::dynamic> X;
    constexpr tg::var<"w", tg::dynamic> w;
    constexpr auto f = tg::squared_norm(X * w) + tg::sum(tg::sin(X));
    Eigen::MatrixXd x(40, 30), gx(40, 30), small(20, 30), gsmall(20, 30);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = std::sin(0.37 * static_cast<double>(i));
    small = x.topRows(20);
    const std::vector<double> wv = filled(30, 0.5);
    const Eigen::Map<const Eigen::MatrixXd> xmap(x.data(), 40, 30);
    auto ws = tg::make_workspace(f, X = small, w = wv);
    long long before = allocations;
    const double first = tg::value_and_grad(f, ws, (X = x).grad_into(gx), w = wv).value;
    CHECK(allocations - before == 1);  // 40 rows: the workspace grows once
    before = allocations;
    const double again = tg::value_and_grad(f, ws, (X = xmap).grad_into(gx), w = wv).value;
    const double fits = tg::value_and_grad(f, ws, (X = small).grad_into(gsmall), w = wv).value;
    CHECK(allocations - before == 0);
    CHECK(again == first);
    CHECK(std::isfinite(fits));
    // The gradient in the column-major buffer: d/dX_rc = 2 (X w)_r w_c + cos(X_rc).
    Eigen::VectorXd xw = x * Eigen::Map<const Eigen::VectorXd>(wv.data(), 30);
    for (Eigen::Index r = 0; r < 40; ++r)
        for (Eigen::Index c = 0; c < 30; ++c)
            CHECK(gx(r, c) ==
                  Approx(2 * xw(r) * wv[static_cast<std::size_t>(c)] + std::cos(x(r, c))).epsilon(1e-13).margin(1e-14));
}
