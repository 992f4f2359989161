// The tensor engine with TYPEGRAD_USE_EIGEN: large matrix products run on Eigen (all three
// of Y = A B, dA = dY B^T, dB = A^T dY, assigning and accumulating), small ones on the loops.
// A separate executable: a translation unit with the macro and one without must not be
// linked together (matmul_op's kernels would have two definitions).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>

namespace tg = typegrad;

#ifndef TYPEGRAD_EIGEN_KERNELS
#error "this test is built with TYPEGRAD_USE_EIGEN and Eigen on the include path"
#endif

namespace {

constexpr std::size_t B = 32, D = 64, H = 40, O = 16, M = 16;
constexpr tg::var<"X", B, D> X;
constexpr tg::var<"W1", D, H> W1;
constexpr tg::var<"W2", H, O> W2;
constexpr tg::var<"Y", B, O> Y;
constexpr tg::var<"Z", M, D> Z;
// W1 appears in two products, so its gradient is assigned by one and accumulated by the
// other; X and Z are differentiated too (dA = dY B^T), Y is data.
constexpr auto f = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y) + tg::c<1, 100> * tg::squared_norm(Z * W1);

struct inputs {
    std::array<double, B * D> x{};
    std::array<double, D * H> w1{};
    std::array<double, H * O> w2{};
    std::array<double, B * O> y{};
    std::array<double, M * D> z{};
    inputs() {
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37 * static_cast<double>(i));
        for (std::size_t i = 0; i < w1.size(); ++i) w1[i] = 0.2 * std::cos(0.11 * static_cast<double>(i) + 0.5);
        for (std::size_t i = 0; i < w2.size(); ++i) w2[i] = 0.3 * std::sin(0.23 * static_cast<double>(i) + 1.0);
        for (std::size_t i = 0; i < y.size(); ++i) y[i] = std::cos(0.05 * static_cast<double>(i));
        for (std::size_t i = 0; i < z.size(); ++i) z[i] = std::cos(0.71 * static_cast<double>(i) + 0.2);
    }
};

/// f by plain loops, for the value.
double by_loops(const inputs& in) {
    double total = 0;
    for (std::size_t n = 0; n < B; ++n) {
        double h[H];
        for (std::size_t j = 0; j < H; ++j) {
            double s = 0;
            for (std::size_t k = 0; k < D; ++k) s += in.x[n * D + k] * in.w1[k * H + j];
            h[j] = 1.0 / (1.0 + std::exp(-s));
        }
        for (std::size_t o = 0; o < O; ++o) {
            double s = 0;
            for (std::size_t j = 0; j < H; ++j) s += h[j] * in.w2[j * O + o];
            total += (s - in.y[n * O + o]) * (s - in.y[n * O + o]);
        }
    }
    double reg = 0;
    for (std::size_t m = 0; m < M; ++m)
        for (std::size_t j = 0; j < H; ++j) {
            double s = 0;
            for (std::size_t k = 0; k < D; ++k) s += in.z[m * D + k] * in.w1[k * H + j];
            reg += s * s;
        }
    return total + reg / 100;
}

}  // namespace

TEST_CASE("large products use Eigen, small ones the loops", "[eigen_kernel]") {
    STATIC_REQUIRE(tg::tensor_detail::use_eigen_product<double, B, D, H>);
    STATIC_REQUIRE(tg::tensor_detail::use_eigen_product<float, 64, 1000, 100>);
    STATIC_REQUIRE_FALSE(tg::tensor_detail::use_eigen_product<double, 4, 2, 2>);
}

TEST_CASE("with Eigen kernels, values agree with loops and gradients with finite differences", "[eigen_kernel]") {
    const inputs in;
    const auto value = tg::eval(f, X = in.x, W1 = in.w1, W2 = in.w2,
                                       Y = in.y, Z = in.z);
    const double expected = by_loops(in);
    CHECK(std::abs(value - expected) <= 1e-12 * std::abs(expected));
    const auto report = tg::check_gradient(f, X = in.x, W1 = in.w1, W2 = in.w2,
                                           (Y = in.y).no_grad(), Z = in.z);
    INFO("worst " << report.worst_relative_error << " at " << report.variable << "[" << report.index << "]: analytic "
                  << report.analytic << ", numeric " << report.numeric);
    CHECK(report.checked == B * D + D * H + H * O + M * D);
    CHECK(report.passed(1e-6));
}

TEST_CASE("constant evaluation still uses the loops", "[eigen_kernel]") {
    // Worked example 8 at compile time (2 x 2 is below the threshold anyway; this checks the
    // header compiles in constant evaluation with the macro on).
    constexpr tg::var<"W", 2, 2> W;
    constexpr tg::var<"x", 2> x;
    constexpr std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    constexpr std::array<double, 2> v{0.2, 0.4};
    constexpr double value = tg::eval(tg::squared_norm(W * x), W = w, x = v);
    STATIC_REQUIRE(value > 0.1159999 && value < 0.1160001);
}
