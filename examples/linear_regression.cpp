// Linear regression by gradient descent on L(w, b) = mean((X w + b - y)^2) (worked example
// 10, seed 002), with typegrad's tensor engine.
//  1. Noise-free data y = X w_true + b_true: gradient descent recovers w_true and b_true.
//  2. Noisy data: gradient descent converges to the least-squares solution, which is computed
//     independently here from the normal equations.
// The gradient is checked against finite differences first (tg::check_gradient).
// Exits non-zero if a claimed result is not reached.
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstdio>

namespace tg = typegrad;

namespace {

constexpr std::size_t N = 50, D = 3;
constexpr tg::var<"X", N, D> X;
constexpr tg::var<"w", D> w;
constexpr tg::var<"b"> b;
constexpr tg::var<"y", N> y;
constexpr auto loss = tg::mean(tg::pow(X * w + b - y, tg::c<2>));

int failures = 0;
void check(bool ok, const char* what) {
    std::printf("  %s: %s\n", ok ? "ok" : "FAILED", what);
    failures += ok ? 0 : 1;
}

/// splitmix64 with a Box-Muller normal, for reproducible data on every compiler.
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

struct fit {
    std::array<double, D> weights{};
    double bias = 0;
    double loss = 0;
    int steps = 0;
};

/// Full-batch gradient descent (learning rate 0.2) until the gradient's squared norm is
/// below 1e-24 or 5000 steps.
fit train(const std::array<double, N * D>& inputs, const std::array<double, N>& targets) {
    fit f;
    std::array<double, D> gw{};
    const tg::sgd opt{.learning_rate = 0.2};
    for (; f.steps < 5000; ++f.steps) {
        const auto r = tg::value_and_grad(loss, (X = inputs).no_grad(), (y = targets).no_grad(),
                                          (w = f.weights).grad_into(gw), b = f.bias);
        f.loss = r.value;
        const double gb = r.grad[b];
        if (f.steps % 50 == 0) std::printf("  step %4d  loss %.6e\n", f.steps, f.loss);
        if (gw[0] * gw[0] + gw[1] * gw[1] + gw[2] * gw[2] + gb * gb < 1e-24) break;
        opt.step(tg::param(f.weights, gw), tg::param(f.bias, gb));
    }
    std::printf("  step %4d  loss %.6e  (gradient below 1e-12: stop)\n", f.steps, f.loss);
    std::printf("  w = [%.12f, %.12f, %.12f], b = %.12f\n", f.weights[0], f.weights[1], f.weights[2], f.bias);
    return f;
}

/// The least-squares solution of [X 1] (w, b) = y from the normal equations
/// A^T A theta = A^T y (4 x 4), by Gaussian elimination with partial pivoting.
std::array<double, D + 1> least_squares(const std::array<double, N * D>& inputs, const std::array<double, N>& targets) {
    constexpr std::size_t K = D + 1;
    double m[K][K + 1] = {};
    for (std::size_t r = 0; r < N; ++r) {
        double a[K];
        for (std::size_t j = 0; j < D; ++j) a[j] = inputs[r * D + j];
        a[D] = 1.0;
        for (std::size_t i = 0; i < K; ++i) {
            for (std::size_t j = 0; j < K; ++j) m[i][j] += a[i] * a[j];
            m[i][K] += a[i] * targets[r];
        }
    }
    for (std::size_t c = 0; c < K; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < K; ++r)
            if (std::fabs(m[r][c]) > std::fabs(m[p][c])) p = r;
        for (std::size_t j = 0; j <= K; ++j) std::swap(m[c][j], m[p][j]);
        for (std::size_t r = c + 1; r < K; ++r) {
            const double f = m[r][c] / m[c][c];
            for (std::size_t j = c; j <= K; ++j) m[r][j] -= f * m[c][j];
        }
    }
    std::array<double, K> theta{};
    for (std::size_t i = K; i-- > 0;) {
        double s = m[i][K];
        for (std::size_t j = i + 1; j < K; ++j) s -= m[i][j] * theta[j];
        theta[i] = s / m[i][i];
    }
    return theta;
}

}  // namespace

int main() {
    rng random{2024};
    const std::array<double, D> w_true{2.0, -1.0, 0.5};
    const double b_true = 0.75;
    std::array<double, N * D> inputs{};
    std::array<double, N> clean{}, noisy{};
    for (auto& v : inputs) v = random.normal();
    for (std::size_t r = 0; r < N; ++r) {
        clean[r] = b_true;
        for (std::size_t j = 0; j < D; ++j) clean[r] += inputs[r * D + j] * w_true[j];
        noisy[r] = clean[r] + 0.1 * random.normal();
    }

    std::puts("0. The gradient of mean((X w + b - y)^2) against finite differences");
    const std::array<double, D> w0{0.3, -0.2, 0.1};
    const auto report = tg::check_gradient(loss, (X = inputs).no_grad(), (y = noisy).no_grad(), w = w0, b = 0.4);
    std::printf("  worst relative error %.2e at %.*s[%zu] (analytic %.12f, numeric %.12f), %zu partials\n",
                report.worst_relative_error, static_cast<int>(report.variable.size()), report.variable.data(),
                report.index, report.analytic, report.numeric, report.checked);
    check(report.passed(1e-7), "every partial within 1e-7 of its finite-difference estimate");

    std::puts("1. Noise-free data, w_true = [2, -1, 0.5], b_true = 0.75: gradient descent, learning rate 0.2");
    const fit exact = train(inputs, clean);
    double worst = std::fabs(exact.bias - b_true);
    for (std::size_t j = 0; j < D; ++j) worst = std::fmax(worst, std::fabs(exact.weights[j] - w_true[j]));
    std::printf("  largest |recovered - true| = %.2e\n", worst);
    check(worst < 1e-9, "w and b recovered within 1e-9");

    std::puts("2. Noisy data (noise sd 0.1): gradient descent against the normal equations");
    const fit noisy_fit = train(inputs, noisy);
    const auto theta = least_squares(inputs, noisy);
    std::printf("  normal equations: w = [%.12f, %.12f, %.12f], b = %.12f\n", theta[0], theta[1], theta[2], theta[3]);
    double gap = std::fabs(noisy_fit.bias - theta[D]);
    for (std::size_t j = 0; j < D; ++j) gap = std::fmax(gap, std::fabs(noisy_fit.weights[j] - theta[j]));
    std::printf("  largest |gradient descent - least squares| = %.2e\n", gap);
    check(gap < 1e-9, "gradient descent reaches the least-squares solution within 1e-9");
    double off = std::fabs(theta[D] - b_true);
    for (std::size_t j = 0; j < D; ++j) off = std::fmax(off, std::fabs(theta[j] - w_true[j]));
    check(off < 0.1, "the least-squares solution is within 0.1 of the true weights (noise sd 0.1, 50 rows)");

    return failures == 0 ? 0 : 1;
}
