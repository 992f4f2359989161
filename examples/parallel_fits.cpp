// Many independent fits across threads with the standard parallel algorithms: 4096 decay
// curves y = a e^(-k t) ("pixels", 8 samples each), each fitted by Gauss-Newton with
// tg::jacobian, run with std::execution::seq and std::execution::par (libstdc++ runs par on
// TBB where Debian's libtbb-dev is installed, else sequentially).
//  1. Thread safety by construction: a typegrad call reads its bindings and writes only its
//     result, with no global state, so each pixel's fit writes its own slot and the parallel
//     run gives the sequential run's bits.
//  2. Each fit recovers its pixel's (a, k) from noise-free data to 1e-10.
//  3. The wall and CPU times of both (medians of seven rounds, in turn) and the ratio of the
//     wall times, the scaling on this machine, are printed; they are measurements, not checked.
// Exits non-zero if a claimed result is not reached.
#include <typegrad.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <execution>
#include <numeric>
#include <thread>
#include <vector>

namespace tg = typegrad;

namespace {

constexpr tg::var<"a"> a;
constexpr tg::var<"k"> k;
constexpr std::array<double, 8> t{0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5};
constexpr std::size_t pixels = 4096;
constexpr int iterations = 12;

struct truth {
    double a, k;
};
struct fit {
    double a, k;
};

/// The pixel's true parameters: a in [1, 3), k in [0.2, 1.2), spread deterministically.
truth truth_of(std::size_t p) { return {1.0 + 2.0 * double(p % 64) / 64.0, 0.2 + double(p / 64) / 64.0}; }

auto residual(double ti, double yi) { return a * tg::exp(-k * ti) - yi; }

/// Gauss-Newton from (1, 0.5) on the pixel's 8 samples; (J^T J) d = -J^T r by Cramer's rule.
fit fit_pixel(std::size_t p) {
    const truth tr = truth_of(p);
    std::array<double, 8> y{};
    for (std::size_t i = 0; i < t.size(); ++i) y[i] = tr.a * std::exp(-tr.k * t[i]);
    const auto r = tg::outputs(residual(t[0], y[0]), residual(t[1], y[1]), residual(t[2], y[2]), residual(t[3], y[3]),
                               residual(t[4], y[4]), residual(t[5], y[5]), residual(t[6], y[6]), residual(t[7], y[7]));
    double av = 1.0, kv = 0.5;
    for (int it = 0; it < iterations; ++it) {
        const auto J = tg::jacobian(r, a = av, k = kv);
        const auto m = J.grad.matrix(a, k);
        double g00 = 0, g01 = 0, g11 = 0, b0 = 0, b1 = 0;
        for (std::size_t i = 0; i < t.size(); ++i) {
            g00 += m[i][0] * m[i][0];
            g01 += m[i][0] * m[i][1];
            g11 += m[i][1] * m[i][1];
            b0 -= m[i][0] * J.value[i];
            b1 -= m[i][1] * J.value[i];
        }
        const double det = g00 * g11 - g01 * g01;
        av += (b0 * g11 - b1 * g01) / det;
        kv += (g00 * b1 - g01 * b0) / det;
    }
    return {av, kv};
}

struct timing {
    double wall, cpu;  // seconds: elapsed, and CPU time of the whole process (every thread)
};

/// Fits every pixel with the execution policy, timed.
template <class Policy>
timing fit_all(Policy policy, std::vector<fit>& out) {
    std::vector<std::size_t> index(pixels);
    std::iota(index.begin(), index.end(), std::size_t{0});
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    // [parallel]
    std::for_each(policy, index.begin(), index.end(), [&out](std::size_t p) { out[p] = fit_pixel(p); });
    // [parallel]
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return {took.count(), double(std::clock() - cpu_start) / CLOCKS_PER_SEC};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main() {
    // Seven rounds, sequential and parallel in turn, so that a change of load affects both.
    std::vector<fit> seq(pixels), par(pixels);
    std::vector<double> seq_wall, par_wall, seq_cpu, par_cpu;
    for (int round = 0; round < 7; ++round) {
        const timing s = fit_all(std::execution::seq, seq);
        const timing q = fit_all(std::execution::par, par);
        seq_wall.push_back(s.wall);
        seq_cpu.push_back(s.cpu);
        par_wall.push_back(q.wall);
        par_cpu.push_back(q.cpu);
    }
    const double t_seq = median(seq_wall), t_par = median(par_wall);

    bool same_bits = true, recovered = true;
    for (std::size_t p = 0; p < pixels; ++p) {
        same_bits = same_bits && seq[p].a == par[p].a && seq[p].k == par[p].k;
        const truth tr = truth_of(p);
        recovered = recovered && std::abs(seq[p].a - tr.a) < 1e-10 && std::abs(seq[p].k - tr.k) < 1e-10;
    }
    std::printf("%zu Gauss-Newton fits of y = a exp(-k t), %d iterations each\n", pixels, iterations);
    std::printf("  median of 7 rounds, wall (CPU time of all threads)\n");
    std::printf("  std::execution::seq: %.1f ms (%.1f ms)\n", 1e3 * t_seq, 1e3 * median(seq_cpu));
    std::printf("  std::execution::par: %.1f ms (%.1f ms) on %u hardware threads: %.2fx\n", 1e3 * t_par,
                1e3 * median(par_cpu), std::thread::hardware_concurrency(), t_seq / t_par);
    int failures = 0;
    std::printf("  %s: the parallel run gives the sequential run's bits\n", same_bits ? "ok" : "FAILED");
    std::printf("  %s: every fit recovers its pixel's (a, k) to 1e-10\n", recovered ? "ok" : "FAILED");
    failures += same_bits ? 0 : 1;
    failures += recovered ? 0 : 1;
    return failures == 0 ? 0 : 1;
}
