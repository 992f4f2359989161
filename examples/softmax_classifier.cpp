// A softmax classifier on a synthetic 2-D data set with 3 classes (issue 3, example 5): the
// three-armed spiral of the seeds' course notes (100 points per class, angle noise 0.2),
// which no linear classifier separates, learned by a network with one hidden ReLU layer:
//
//   logits = linear(relu(linear(X, W1, b1)), W2, b2)         X: 300 x 2, logits: 300 x 3
//   loss   = softmax_cross_entropy(logits, y) + 1e-3 / 2 (||W1||^2 + ||W2||^2)
//
// with y the integer class of each row (`y = labels`), trained by full-batch gradient
// descent (learning rate 1, 10000 steps) from small random weights. The gradients are written
// into the caller's arrays (grad_into): the training loop allocates nothing, which this
// program checks by counting every heap allocation.
//
// Prints the loss and the training accuracy every 1000 steps; exits non-zero unless the
// training accuracy reaches 95% (and the loop allocated nothing).
//
//   softmax_classifier [data-file]
//
// With a file name, writes the loss curve, the decision regions over a grid and the data
// points to it, as three gnuplot data blocks; scripts/plot_softmax_classifier.sh renders them
// to docs/img/softmax_classifier.png.
#include <typegrad.hpp>

#include "count_allocations.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

namespace tg = typegrad;

namespace {

constexpr std::size_t per_class = 100;
constexpr std::size_t classes = 3;
constexpr std::size_t N = per_class * classes;  // examples, one per row
constexpr std::size_t H = 64;                   // hidden units
constexpr int steps = 10000;
constexpr int print_every = 1000;
constexpr double learning_rate = 1.0;
constexpr double regularization = 1e-3;

constexpr tg::var<"X", N, 2> X;  // inputs
constexpr tg::var<"y", N> y;     // class labels (integers)
constexpr tg::var<"W1", 2, H> W1;
constexpr tg::var<"b1", H> b1;
constexpr tg::var<"W2", H, classes> W2;
constexpr tg::var<"b2", classes> b2;

template <class Input>
constexpr auto network(Input input) {
    return tg::linear(tg::relu(tg::linear(input, W1, b1)), W2, b2);
}
constexpr auto logits = network(X);
constexpr auto loss =
    tg::softmax_cross_entropy(logits, y) + (regularization / 2) * (tg::squared_norm(W1) + tg::squared_norm(W2));

/// splitmix64 and Box-Muller: a reproducible data set and start on every platform.
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
        const double u1 = 1.0 - uniform();  // in (0, 1]
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
};

struct model {
    std::array<double, 2 * H> W1{};
    std::array<double, H> b1{};
    std::array<double, H * classes> W2{};
    std::array<double, classes> b2{};
};

/// The class with the largest logit in each row of logits (N x classes or B x classes).
template <class Logits>
std::size_t predicted(const Logits& z, std::size_t row) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < classes; ++k)
        if (z(row, k) > z(row, best)) best = k;
    return best;
}

double accuracy(const model& m, const std::array<double, 2 * N>& inputs, const std::array<int, N>& labels,
                tg::workspace<decltype(logits)>& ws) {
    const auto z = tg::eval(logits, ws, X = inputs, W1 = m.W1, b1 = m.b1, W2 = m.W2, b2 = m.b2);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < N; ++i) correct += predicted(z, i) == static_cast<std::size_t>(labels[i]) ? 1 : 0;
    return static_cast<double>(correct) / N;
}

/// The decision regions: the predicted class over a grid of [-1.5, 1.5]^2, one grid row (of
/// G points) per evaluation of the network on a batch.
constexpr std::size_t G = 151;
constexpr double lo = -1.5, hi = 1.5;
void write_regions(std::FILE* out, const model& m) {
    constexpr tg::var<"P", G, 2> P;
    constexpr auto grid_logits = network(P);
    std::array<double, 2 * G> points{};
    auto ws = tg::make_workspace(grid_logits);
    for (std::size_t row = 0; row < G; ++row) {
        const double py = lo + (hi - lo) * static_cast<double>(row) / (G - 1);
        for (std::size_t col = 0; col < G; ++col) {
            points[2 * col] = lo + (hi - lo) * static_cast<double>(col) / (G - 1);
            points[2 * col + 1] = py;
        }
        const auto z = tg::eval(grid_logits, ws, P = points, W1 = m.W1, b1 = m.b1, W2 = m.W2, b2 = m.b2);
        for (std::size_t col = 0; col < G; ++col)
            std::fprintf(out, "%.4f %.4f %zu\n", points[2 * col], py, predicted(z, col));
        std::fputs("\n", out);  // a blank line ends a scan line of the grid
    }
}

}  // namespace

int main(int argc, char** argv) {
    // The spiral: class k's points at radius r in [0, 1] and angle 4 k + 4 r + noise.
    rng random{2026};
    std::array<double, 2 * N> inputs{};
    std::array<int, N> labels{};
    for (std::size_t k = 0; k < classes; ++k)
        for (std::size_t i = 0; i < per_class; ++i) {
            const std::size_t row = k * per_class + i;
            const double r = static_cast<double>(i) / (per_class - 1);
            const double t = 4.0 * static_cast<double>(k) + 4.0 * r + 0.2 * random.normal();
            inputs[2 * row] = r * std::sin(t);
            inputs[2 * row + 1] = r * std::cos(t);
            labels[row] = static_cast<int>(k);
        }

    model m;
    for (auto& w : m.W1) w = 0.01 * random.normal();
    for (auto& w : m.W2) w = 0.01 * random.normal();
    model g;  // the gradients, written in place by every step

    std::printf("softmax classifier: %zu points of %zu classes (a spiral), %zu hidden ReLU units\n", N, classes, H);
    // The values, adjoints and gradients of a step and of the network's logits do not fit the
    // stack bound (tg::stack_limit_bytes): each gets a workspace, allocated here once.
    auto ws = tg::make_workspace(loss);
    auto ws_logits = tg::make_workspace(logits);
    std::printf("workspace of one gradient: %zu bytes (allocated once)\n", tg::workspace<decltype(loss)>::bytes());
    std::vector<double> curve;  // loss per step, for the data file
    curve.reserve(steps + 1);

    const long long allocations_before = allocations;
    double value = 0;
    for (int step = 0; step <= steps; ++step) {
        const auto r =
            tg::value_and_grad(loss, ws, (X = inputs).no_grad(), y = labels, (W1 = m.W1).grad_into(g.W1),
                               (b1 = m.b1).grad_into(g.b1), (W2 = m.W2).grad_into(g.W2), (b2 = m.b2).grad_into(g.b2));
        value = r.value;
        curve.push_back(value);  // reserved: no allocation
        if (step % print_every == 0)
            std::printf("  step %5d  loss %.6f  training accuracy %.3f\n", step, value,
                        accuracy(m, inputs, labels, ws_logits));
        if (step == steps) break;
        for (std::size_t i = 0; i < m.W1.size(); ++i) m.W1[i] -= learning_rate * g.W1[i];
        for (std::size_t i = 0; i < m.b1.size(); ++i) m.b1[i] -= learning_rate * g.b1[i];
        for (std::size_t i = 0; i < m.W2.size(); ++i) m.W2[i] -= learning_rate * g.W2[i];
        for (std::size_t i = 0; i < m.b2.size(); ++i) m.b2[i] -= learning_rate * g.b2[i];
    }
    const long long allocated = allocations - allocations_before;
    const double final_accuracy = accuracy(m, inputs, labels, ws_logits);
    std::printf("final loss %.6f, training accuracy %.3f (at least 0.95 required)\n", value, final_accuracy);
    std::printf("heap allocations during the %d training steps: %lld\n", steps, allocated);

    if (argc > 1) {
        std::FILE* out = std::fopen(argv[1], "w");
        if (out == nullptr) {
            std::printf("cannot write %s\n", argv[1]);
            return 1;
        }
        std::fputs("# block 0: step, loss\n", out);
        for (std::size_t s = 0; s < curve.size(); ++s) std::fprintf(out, "%zu %.9g\n", s, curve[s]);
        std::fputs("\n\n# block 1: decision regions: x, y, predicted class\n", out);
        write_regions(out, m);
        std::fputs("\n\n# block 2: data: x, y, class\n", out);
        for (std::size_t i = 0; i < N; ++i)
            std::fprintf(out, "%.6f %.6f %d\n", inputs[2 * i], inputs[2 * i + 1], labels[i]);
        std::fclose(out);
        std::printf("wrote %s\n", argv[1]);
    }

    int failures = 0;
    if (!(final_accuracy >= 0.95)) {
        std::puts("FAILED: training accuracy below 0.95");
        ++failures;
    }
    if (allocated != 0) {
        std::puts("FAILED: the training loop allocated");
        ++failures;
    }
    return failures == 0 ? 0 : 1;
}
