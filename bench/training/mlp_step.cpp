/// @file Time per training step of the seeds' 2-layer network (worked example 12: N=64,
/// D_in=1000, H=100, D_out=10, sigmoid hidden, squared loss, lr 1e-4): typegrad's step
/// (value_and_grad into the caller's buffers, then tg::sgd) against the
/// same step written by hand with Eigen 3.4 (the seeds' formulas, preallocated matrices,
/// noalias products). Both steps start from the same weights and data; a check before the
/// benchmarks runs 5 steps of each and requires the losses to agree to 1e-12.
///
/// Built twice (bench/training/CMakeLists.txt): bench_mlp_step with typegrad's own loop
/// kernels, bench_mlp_step_eigen_kernel with -DTYPEGRAD_USE_EIGEN, where the tensor engine's
/// large matrix products run on Eigen (include/typegrad/tensor/eigen_kernels.hpp).
#include <typegrad.hpp>

#include <benchmark/benchmark.h>
#include <Eigen/Dense>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tg = typegrad;

/// The workspace of an expression, made on its first call (before the timed repetitions):
/// the benchmark's tensors do not fit tg::stack_limit_bytes.
template <class E>
tg::workspace<E>& workspace_for(const E& f) {
    static auto ws = tg::make_workspace(f);
    return ws;
}

namespace {

constexpr std::size_t N = 64, D_in = 1000, H = 100, D_out = 10;
constexpr double learning_rate = 1e-4;

constexpr tg::var<"X", N, D_in> X;
constexpr tg::var<"W1", D_in, H> W1;
constexpr tg::var<"W2", H, D_out> W2;
constexpr tg::var<"Y", N, D_out> Y;
constexpr auto loss = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y);

struct rng {
    unsigned long long state;
    double uniform() {
        unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) * 0x1.0p-53;
    }
    double normal() {
        const double u = 1.0 - uniform(), v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
    }
};

/// The data and initial weights (examples/mlp.cpp's, seed 12), row-major.
struct problem {
    std::array<double, N * D_in> x;
    std::array<double, N * D_out> y;
    std::array<double, D_in * H> w1;
    std::array<double, H * D_out> w2;
    problem() {
        rng random{12};
        for (auto& v : x) v = random.normal();
        for (auto& v : y) v = random.normal();
        for (auto& v : w1) v = random.normal();
        for (auto& v : w2) v = random.normal();
    }
};
const problem& data() {
    static const problem* p = new problem;
    return *p;
}

/// typegrad: the caller's buffers; one step = value and gradients, then the update.
struct typegrad_step {
    std::array<double, D_in * H> w1, gw1;
    std::array<double, H * D_out> w2, gw2;
    typegrad_step() : w1(data().w1), w2(data().w2) {}
    double operator()() {
        const auto r = tg::value_and_grad(loss, workspace_for(loss), (X = data().x).no_grad(), (Y = data().y).no_grad(),
                                          (W1 = w1).grad_into(gw1), (W2 = w2).grad_into(gw2));
        tg::sgd{.learning_rate = learning_rate}.step(tg::param(w1, gw1), tg::param(w2, gw2));
        return r.value;
    }
};

/// Eigen: the seeds' formulas with preallocated matrices (column-major, Eigen's default;
/// the data are copied in once).
struct eigen_step {
    Eigen::MatrixXd x, y, w1, w2, h, y_pred, gy, gw1, gw2, gh;
    eigen_step()
        : x(N, D_in),
          y(N, D_out),
          w1(D_in, H),
          w2(H, D_out),
          h(N, H),
          y_pred(N, D_out),
          gy(N, D_out),
          gw1(D_in, H),
          gw2(H, D_out),
          gh(N, H) {
        using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        x = Eigen::Map<const RowMat>(data().x.data(), N, D_in);
        y = Eigen::Map<const RowMat>(data().y.data(), N, D_out);
        w1 = Eigen::Map<const RowMat>(data().w1.data(), D_in, H);
        w2 = Eigen::Map<const RowMat>(data().w2.data(), H, D_out);
    }
    double operator()() {
        h.noalias() = x * w1;  // h = sigmoid(x w1)
        h = (1.0 + (-h.array()).exp()).inverse().matrix();
        y_pred.noalias() = h * w2;                     // y_pred = h w2
        gy = 2.0 * (y_pred - y);                       // grad_y_pred = 2 (y_pred - y)
        const double value = 0.25 * gy.squaredNorm();  // loss = sum((y_pred - y)^2)
        gw2.noalias() = h.transpose() * gy;            // grad_w2 = h^T grad_y_pred
        gh.noalias() = gy * w2.transpose();            // grad_h = grad_y_pred w2^T
        gh.array() *= h.array() * (1.0 - h.array());   // * h (1 - h)
        gw1.noalias() = x.transpose() * gh;            // grad_w1 = x^T (...)
        w1 -= learning_rate * gw1;
        w2 -= learning_rate * gw2;
        return value;
    }
};

void BM_mlp_step_typegrad(benchmark::State& state) {
    static auto* step = new typegrad_step;
    for (auto _ : state) benchmark::DoNotOptimize((*step)());
}
void BM_mlp_step_eigen(benchmark::State& state) {
    static auto* step = new eigen_step;
    for (auto _ : state) benchmark::DoNotOptimize((*step)());
}
BENCHMARK(BM_mlp_step_typegrad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_mlp_step_eigen)->Unit(benchmark::kMillisecond);

/// Both steps compute the same thing: 5 steps from the same start, losses to 1e-12.
bool same_losses() {
    typegrad_step a;
    eigen_step b;
    for (int t = 0; t < 5; ++t) {
        const double la = a(), lb = b();
        if (!(std::fabs(la - lb) <= 1e-12 * std::fabs(lb))) {
            std::fprintf(stderr, "step %d: typegrad loss %.17g, Eigen loss %.17g\n", t, la, lb);
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef TYPEGRAD_USE_EIGEN
    std::printf("typegrad's large matrix products: Eigen (TYPEGRAD_USE_EIGEN)\n");
#else
    std::printf("typegrad's matrix products: its own loops\n");
#endif
    if (!same_losses()) return 1;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
