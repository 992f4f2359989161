// The factorization kernels of det, log_det and solve (tensor/eigen_lu.hpp) at orders 3, 4,
// 8, 12, 16, 24 and 32: typegrad's loops (tensor/lu.hpp) against Eigen's partial-pivoting LU, each
// followed by the shared step (the product of the pivots, the sum of their logs, the
// triangular solves). The crossover eigen_lu_threshold comes from these numbers; the
// table is docs/bench_linalg.md (bench/linalg/report.py makes it from the JSON output).
//
// Names: OP/KERNEL/N, OP in det, log_det, solve; KERNEL in loops, eigen (typegrad's Eigen
// kernel: Eigen's unblocked partial-pivoting LU) and eigen_blocked (Eigen::PartialPivLU's own
// choice, blocked above order 16, for comparison).
#include <typegrad.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <utility>

#include <Eigen/LU>

namespace {
namespace d = typegrad::detail;

enum class kernel { loops, eigen, eigen_blocked };
enum class op { det, log_det, solve };

/// A well-conditioned random matrix (diagonally weighted) and right-hand side.
template <std::size_t N>
struct problem {
    std::array<double, N * N> a{};
    std::array<double, N> b{};
    problem() {
        std::mt19937_64 rng(N);
        std::uniform_real_distribution<double> u(-1.0, 1.0);
        for (std::size_t i = 0; i < N * N; ++i) a[i] = u(rng);
        for (std::size_t i = 0; i < N; ++i) a[i * N + i] += double(N) / 2, b[i] = u(rng);
    }
};

template <kernel K, std::size_t N>
int factor(double* lu, double* perm, const double* a) {
    if constexpr (K == kernel::eigen) {
        for (std::size_t i = 0; i < N * N; ++i) lu[i] = a[i];
        return d::eigen_lu_factor<N>(lu, perm);
    } else if constexpr (K == kernel::eigen_blocked) {
        // Eigen::PartialPivLU's own choice: blocked above order 16 (not used by typegrad:
        // an exactly singular matrix can keep a pivot of rounding size there).
        for (std::size_t i = 0; i < N * N; ++i) lu[i] = a[i];
        int transpositions[N];
        int count = 0;
        Eigen::internal::partial_lu_impl<double, Eigen::RowMajor, int, int(N)>::blocked_lu(
            Eigen::Index(N), Eigen::Index(N), lu, Eigen::Index(N), transpositions, count);
        for (std::size_t i = 0; i < N; ++i) perm[i] = double(i);
        for (std::size_t k = 0; k < N; ++k) std::swap(perm[k], perm[std::size_t(transpositions[k])]);
        return count % 2 == 0 ? 1 : -1;
    } else {
        return d::lu_factor<N>(lu, perm, a);
    }
}

template <op O, kernel K, std::size_t N>
void bench(benchmark::State& state) {
    const problem<N> p;
    std::array<double, N * N> lu{};
    std::array<double, N> perm{}, x{};
    for (auto _ : state) {
        benchmark::DoNotOptimize(p.a.data());
        const int sign = factor<K, N>(lu.data(), perm.data(), p.a.data());
        if constexpr (O == op::det) {
            benchmark::DoNotOptimize(d::lu_det<N>(lu.data(), sign));
        } else if constexpr (O == op::log_det) {
            double s = 0;
            for (std::size_t k = 0; k < N; ++k) s += std::log(std::abs(lu[k * N + k]));
            benchmark::DoNotOptimize(s);
        } else {
            d::lu_solve<N, 1>(lu.data(), perm.data(), p.b.data(), x.data());
            benchmark::DoNotOptimize(x.data());
        }
        benchmark::ClobberMemory();
    }
}

template <std::size_t N>
void register_order() {
    const std::string n = "/" + std::to_string(N);
    benchmark::RegisterBenchmark(("det/loops" + n).c_str(), bench<op::det, kernel::loops, N>);
    benchmark::RegisterBenchmark(("det/eigen" + n).c_str(), bench<op::det, kernel::eigen, N>);
    benchmark::RegisterBenchmark(("det/eigen_blocked" + n).c_str(), bench<op::det, kernel::eigen_blocked, N>);
    benchmark::RegisterBenchmark(("log_det/loops" + n).c_str(), bench<op::log_det, kernel::loops, N>);
    benchmark::RegisterBenchmark(("log_det/eigen" + n).c_str(), bench<op::log_det, kernel::eigen, N>);
    benchmark::RegisterBenchmark(("log_det/eigen_blocked" + n).c_str(), bench<op::log_det, kernel::eigen_blocked, N>);
    benchmark::RegisterBenchmark(("solve/loops" + n).c_str(), bench<op::solve, kernel::loops, N>);
    benchmark::RegisterBenchmark(("solve/eigen" + n).c_str(), bench<op::solve, kernel::eigen, N>);
    benchmark::RegisterBenchmark(("solve/eigen_blocked" + n).c_str(), bench<op::solve, kernel::eigen_blocked, N>);
}

}  // namespace

int main(int argc, char** argv) {
    register_order<3>();
    register_order<4>();
    register_order<8>();
    register_order<12>();
    register_order<16>();
    register_order<24>();
    register_order<32>();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
