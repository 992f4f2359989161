// The translation unit built with Eigen 3.4 on the include path: large products run on
// Eigen's GEMM and GEMV, small ones and constant evaluation on the loops.
#include "tu_calls.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>

#ifndef TYPEGRAD_EIGEN_KERNELS
#error "tu_eigen.cpp is built with Eigen on the include path"
#endif

void kernel_test::compute_with_eigen(const inputs& in, results& out) { compute(in, out); }

namespace {
using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using map = Eigen::Map<const row_major>;
}  // namespace

TEST_CASE("with Eigen, the products are Eigen's own, bit for bit", "[eigen_kernel]") {
    using namespace kernel_test;
    STATIC_REQUIRE(tg::detail::use_eigen_product<double, R, K, C>);
    STATIC_REQUIRE(tg::detail::use_eigen_product<float, 64, 1000, 100>);
    STATIC_REQUIRE_FALSE(tg::detail::use_eigen_product<double, 4, 2, 2>);
    STATIC_REQUIRE_FALSE(tg::detail::use_eigen_product<long double, R, K, C>);
    static const inputs in;
    static results out;
    compute(in, out);
    const map a(in.a.data(), R, K), b(in.b.data(), K, C), m(in.m.data(), MR, MK);
    const Eigen::Map<const Eigen::VectorXd> v(in.v.data(), MK);
    row_major y(R, C);
    y.noalias() = a * b;  // the product, as a hand-written Eigen program forms it
    for (std::size_t i = 0; i < R * C; ++i) REQUIRE(out.product[i] == y.data()[i]);
    // df/dA = (2 Y) B^T and df/dB = A^T (2 Y): the backward's products are Eigen's too.
    const row_major u = 2.0 * y;
    row_major da(R, K), db(K, C);
    da.noalias() = u * b.transpose();
    db.noalias() = a.transpose() * u;
    for (std::size_t i = 0; i < R * K; ++i) REQUIRE(out.df_da[i] == da.data()[i]);
    for (std::size_t i = 0; i < K * C; ++i) REQUIRE(out.df_db[i] == db.data()[i]);
    // g = sum tanh(M v): GEMV forward, outer product dM = w v^T and GEMV dv = M^T w.
    Eigen::VectorXd z(MR);
    z.noalias() = m * v;
    Eigen::VectorXd w(MR);
    for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(MR); ++i) {
        const double t = std::tanh(z[i]);
        w[i] = 1.0 - t * t;
    }
    Eigen::VectorXd dv(MK);
    dv.noalias() = m.transpose() * w;
    for (std::size_t i = 0; i < MK; ++i) REQUIRE(std::abs(out.dg_dv[i] - dv[static_cast<Eigen::Index>(i)]) <= 1e-13);
    for (std::size_t r = 0; r < MR; ++r)
        for (std::size_t k = 0; k < MK; ++k)
            REQUIRE(std::abs(out.dg_dm[r * MK + k] - w[static_cast<Eigen::Index>(r)] * in.v[k]) <= 1e-15);
}

TEST_CASE("with Eigen, constant evaluation still uses the loops", "[eigen_kernel]") {
    namespace tg = typegrad;
    constexpr tg::var<"W", 2, 2> W;
    constexpr tg::var<"x", 2> x;
    constexpr std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    constexpr std::array<double, 2> v{0.2, 0.4};
    constexpr double value = tg::eval(tg::squared_norm(W * x), W = w, x = v);
    STATIC_REQUIRE(value > 0.1159999 && value < 0.1160001);
}
