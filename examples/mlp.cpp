// The seeds' 2-layer network (worked example 12, seeds 000 and 003), trained with typegrad:
//   N, D_in, H, D_out = 64, 1000, 100, 10;  x, y = randn(N, D_in), randn(N, D_out)
//   w1, w2 = randn(D_in, H), randn(H, D_out)
//   for t in range(2000):
//     h = 1 / (1 + exp(-x.dot(w1)));  y_pred = h.dot(w2);  loss = square(y_pred - y).sum()
//     w1 -= 1e-4 * grad_w1;  w2 -= 1e-4 * grad_w2
// typegrad differentiates loss = squared_norm(sigmoid(X * W1) * W2 - Y) by reverse mode; the
// seeds' hand-written backward pass (grad_y_pred = 2 (y_pred - y), grad_w2 = h^T grad_y_pred,
// grad_h = grad_y_pred w2^T, grad_w1 = x^T (grad_h * h * (1 - h))) runs beside it as plain
// loops from the same start, as the reference. The loss is printed every 100 steps.
// The random data are fixed-seed normals (splitmix64 and Box-Muller), the same on every
// compiler; numpy's randn would give other numbers with the same distribution.
// Checks (exit status non-zero if one fails):
//   - at every printed step typegrad's loss equals the reference's to 1e-12 (relative: the two
//     differ only in the order of some sums and in the form of sigmoid');
//   - the loss falls: it decreases between printed steps, and the last is below 1/1000 of the first;
//   - the training loop allocates nothing (every heap allocation is counted).
#include <typegrad.hpp>

#include "count_allocations.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace tg = typegrad;

namespace {

constexpr std::size_t N = 64, D_in = 1000, H = 100, D_out = 10;
constexpr int steps = 2000;
constexpr double learning_rate = 1e-4;

constexpr tg::var<"X", N, D_in> X;
constexpr tg::var<"W1", D_in, H> W1;
constexpr tg::var<"W2", H, D_out> W2;
constexpr tg::var<"Y", N, D_out> Y;
constexpr auto loss = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y);

// All buffers are the caller's (static storage here: 1.4 MB would be large for a stack).
std::array<double, N * D_in> x;
std::array<double, N * D_out> y;
std::array<double, D_in * H> w1, gw1, ref_w1, ref_gw1;
std::array<double, H * D_out> w2, gw2, ref_w2, ref_gw2;
std::array<double, N * H> ref_h, ref_gh;
std::array<double, N * D_out> ref_gy;

struct rng {
    unsigned long long state;
    double uniform() {
        unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) * 0x1.0p-53;
    }
    double normal() {  // Box-Muller; 1 - u is in (0, 1]
        const double u = 1.0 - uniform(), v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
    }
};

/// One step of the seeds' hand-written forward and backward pass, as plain loops; returns
/// the loss before the update.
double reference_step() {
    double total = 0;
    for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            double s = 0;
            for (std::size_t k = 0; k < D_in; ++k) s += x[n * D_in + k] * ref_w1[k * H + j];
            ref_h[n * H + j] = 1.0 / (1.0 + std::exp(-s));
        }
        for (std::size_t o = 0; o < D_out; ++o) {
            double s = 0;
            for (std::size_t j = 0; j < H; ++j) s += ref_h[n * H + j] * ref_w2[j * D_out + o];
            const double d = s - y[n * D_out + o];
            total += d * d;
            ref_gy[n * D_out + o] = 2.0 * d;  // grad_y_pred
        }
    }
    ref_gw2.fill(0.0);  // grad_w2 = h^T grad_y_pred
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t j = 0; j < H; ++j)
            for (std::size_t o = 0; o < D_out; ++o) ref_gw2[j * D_out + o] += ref_h[n * H + j] * ref_gy[n * D_out + o];
    for (std::size_t n = 0; n < N; ++n)  // grad_h = grad_y_pred w2^T, then * h * (1 - h)
        for (std::size_t j = 0; j < H; ++j) {
            double s = 0;
            for (std::size_t o = 0; o < D_out; ++o) s += ref_gy[n * D_out + o] * ref_w2[j * D_out + o];
            const double h = ref_h[n * H + j];
            ref_gh[n * H + j] = s * h * (1.0 - h);
        }
    ref_gw1.fill(0.0);  // grad_w1 = x^T (grad_h * h * (1 - h))
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t k = 0; k < D_in; ++k) {
            const double xk = x[n * D_in + k];
            for (std::size_t j = 0; j < H; ++j) ref_gw1[k * H + j] += xk * ref_gh[n * H + j];
        }
    for (std::size_t i = 0; i < ref_w1.size(); ++i) ref_w1[i] -= learning_rate * ref_gw1[i];
    for (std::size_t i = 0; i < ref_w2.size(); ++i) ref_w2[i] -= learning_rate * ref_gw2[i];
    return total;
}

}  // namespace

int main() {
    rng random{12};
    for (auto& v : x) v = random.normal();
    for (auto& v : y) v = random.normal();
    for (auto& v : w1) v = random.normal();
    for (auto& v : w2) v = random.normal();
    ref_w1 = w1;
    ref_w2 = w2;

    std::printf("2-layer network: N=%zu, D_in=%zu, H=%zu, D_out=%zu, sigmoid hidden, squared loss, lr %g, %d steps\n",
                N, D_in, H, D_out, learning_rate, steps);
    std::printf("loss = %s; gradient workspace %zu bytes\n", tg::to_string(loss).c_str(),
                tg::workspace<decltype(loss)>::bytes());
    std::printf("%6s %22s %22s %10s\n", "step", "loss (typegrad)", "loss (seeds' loops)", "rel. diff");

    const tg::sgd opt{.learning_rate = learning_rate};
    int failures = 0;
    double first = 0, previous = 0, last = 0, worst_difference = 0;
    bool falling = true;
    long long step_allocations = 0;
    for (int t = 0; t < steps; ++t) {
        const long long before = allocations;
        // One training step: loss and gradients into the caller's buffers, then the update.
        const auto r = tg::value_and_grad(loss, (X = x).no_grad(), (Y = y).no_grad(), (W1 = w1).grad_into(gw1),
                                          (W2 = w2).grad_into(gw2));
        opt.step(tg::param(w1, gw1), tg::param(w2, gw2));
        step_allocations += allocations - before;

        const double reference = reference_step();
        if (t % 100 == 0 || t == steps - 1) {
            const double difference = std::fabs(r.value - reference) / std::fabs(reference);
            worst_difference = std::fmax(worst_difference, difference);
            std::printf("%6d %22.12f %22.12f %10.1e\n", t, r.value, reference, difference);
            if (t == 0)
                first = r.value;
            else if (r.value >= previous)
                falling = false;
            previous = last = r.value;
        }
    }
    std::printf("largest relative difference from the seeds' loops at the printed steps: %.1e\n", worst_difference);
    std::printf("loss: first %.6g, last %.6g (%.4f of the first)\n", first, last, last / first);
    std::printf("heap allocations in %d training steps: %lld\n", steps, step_allocations);
    const auto check = [&](bool ok, const char* what) {
        std::printf("  %s: %s\n", ok ? "ok" : "FAILED", what);
        failures += ok ? 0 : 1;
    };
    check(worst_difference < 1e-12,
          "typegrad's loss equals the seeds' hand-written loops' to 1e-12 at every printed step");
    check(falling, "the loss decreases from each printed step to the next");
    check(last < first / 1000, "the last loss is below 1/1000 of the first");
    check(step_allocations == 0, "no heap allocation in the training loop");
    return failures == 0 ? 0 : 1;
}
