// The losses of tensor/losses.hpp: mse, softmax_cross_entropy (integer labels bound with
// `y = labels`) and bce_with_logits. Values against the textbook formulas evaluated
// independently in long double; the documented reductions (means); stability for logits of
// +-1000 and +-800; invalid labels; agreement with the same loss composed from other ops;
// gradients against central finite differences.
#include "tensor_fd_helpers.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;
using namespace typegrad_test::tensor;
using tg::shape;
using tg::shape_of;

constexpr tg::var<"X", 4, 3> X;  // a batch of 4 rows of 3 logits
constexpr tg::var<"Y", 4, 3> Y;  // targets of X's shape
constexpr tg::var<"y", 4> y;     // a label per row
constexpr tg::var<"O", 4, 3> O;  // one-hot labels, for the composed reference
constexpr tg::var<"v", 3> v;
constexpr tg::var<"w", 3> w;
constexpr tg::var<"y1", 1> y1;
constexpr tg::var<"s"> s;
constexpr tg::var<"t"> t;

static_assert(std::is_same_v<shape_of<decltype(tg::mse(X, Y))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::softmax_cross_entropy(X, y))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::softmax_cross_entropy(v, y1))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::bce_with_logits(X, Y))>, shape<>>);

constexpr double value_rel = 16 * eps;

/// -log softmax(row)[label] by the naive formula in long double (moderate logits).
long double naive_nll(const double* row, std::size_t n, int label) {
    long double s_ = 0;
    for (std::size_t j = 0; j < n; ++j) s_ += std::exp(static_cast<long double>(row[j]));
    return -(static_cast<long double>(row[label]) - std::log(s_));
}

// ---- mse ------------------------------------------------------------------------------------

TEST_CASE("tensor mse: the mean over all elements of the squared differences", "[tensor][losses][mse]") {
    for (std::uint64_t k = 0; k < 10; ++k) {
        rng gen(seed_of("mse") + k);
        std::array<double, 12> a{}, b{};
        fill(a, gen, -3, 3);
        fill(b, gen, -3, 3);
        long double sum = 0;
        for (std::size_t i = 0; i < 12; ++i) sum += (static_cast<long double>(a[i]) - b[i]) * (a[i] - b[i]);
        const double value = tg::eval(tg::mse(X, Y), X = a, Y = b);
        CHECK(near_rel(value, static_cast<double>(sum / 12), value_rel));
        // The same as the composed mean of the squared difference.
        CHECK(near_rel(value, tg::eval(tg::mean(tg::hadamard(X - Y, X - Y)), X = a, Y = b), 4 * eps));
        // Its gradient: 2 (a - b) / n and the opposite.
        const auto r = tg::value_and_grad(tg::mse(X, Y), X = a, Y = b);
        for (std::size_t i = 0; i < 12; ++i) {
            CHECK(
                near_rel(r.grad[X][i], static_cast<double>(2 * (static_cast<long double>(a[i]) - b[i]) / 12), 4 * eps));
            TG_CHECK_SAME(r.grad[Y][i], -r.grad[X][i]);
        }
    }
    // Scalars and vectors.
    TG_CHECK_SAME(tg::eval(tg::mse(s, t), s = 3.0, t = 1.0), 4.0);
    const std::array<double, 3> p{1, 2, 3}, q{1, 0, 0};
    TG_CHECK_SAME(tg::eval(tg::mse(v, w), v = p, w = q), 13.0 / 3.0);
}

TEST_CASE("tensor mse: gradients against finite differences", "[tensor][losses][mse][fd]") {
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of("mse fd") + k);
        std::array<double, 12> a{}, b{};
        std::array<double, 3> p{}, q{};
        fill(a, gen, -3, 3);
        fill(b, gen, -3, 3);
        fill(p, gen, -3, 3);
        fill(q, gen, -3, 3);
        check_fd("mse of matrices", tg::mse(X, Y), none, in(X, a), in(Y, b));
        check_fd("mse of vectors", tg::mse(v, w), none, in(v, p), in(w, q));
        check_fd("mse of a product", tg::mse(tg::transpose(X) * tg::sigmoid(X * w), v), none, in(X, a), in(w, q),
                 in(v, p));
    }
}

// ---- softmax cross-entropy ------------------------------------------------------------------

TEST_CASE("tensor softmax_cross_entropy: the mean over rows of -log softmax(row)[label]",
          "[tensor][losses][cross_entropy]") {
    for (std::uint64_t k = 0; k < 10; ++k) {
        rng gen(seed_of("cross entropy") + k);
        std::array<double, 12> x{};
        fill(x, gen, -4, 4);
        std::array<int, 4> labels{};
        for (int& l : labels) l = static_cast<int>(gen.next() % 3);
        long double total = 0;
        for (std::size_t r = 0; r < 4; ++r) total += naive_nll(x.data() + 3 * r, 3, labels[r]);
        const auto bl = (y = labels);
        const auto r = tg::value_and_grad(tg::softmax_cross_entropy(X, y), X = x, bl);
        CHECK(near_rel(r.value, static_cast<double>(total / 4), value_rel));
        TG_CHECK_SAME(tg::eval(tg::softmax_cross_entropy(X, y), X = x, bl), r.value);
        // Gradient: (softmax(row) - onehot(label)) / rows.
        for (std::size_t row = 0; row < 4; ++row) {
            std::array<long double, 3> logits{x[3 * row], x[3 * row + 1], x[3 * row + 2]};
            const auto p = naive_softmax(logits);
            for (std::size_t j = 0; j < 3; ++j) {
                const long double expected = (p[j] - (static_cast<int>(j) == labels[row] ? 1 : 0)) / 4;
                CHECK(near_rel(r.grad[X](row, j), static_cast<double>(expected), value_rel, value_rel / 4));
            }
        }
        // The same loss composed from log_softmax: -sum(onehot .* log_softmax(X)) / rows.
        std::array<double, 12> onehot{};
        for (std::size_t row = 0; row < 4; ++row) onehot[3 * row + static_cast<std::size_t>(labels[row])] = 1;
        const auto composed =
            tg::value_and_grad(-tg::sum(tg::hadamard(O, tg::log_softmax(X))) / 4.0, X = x, (O = onehot).no_grad());
        CHECK(near_rel(r.value, composed.value, value_rel));
        for (std::size_t i = 0; i < 12; ++i) CHECK(near_rel(r.grad[X][i], composed.grad[X][i], value_rel, value_rel));
    }
}

TEST_CASE("tensor softmax_cross_entropy: stable for logits of +-1000", "[tensor][losses][cross_entropy][stability]") {
    // Rows whose exact answers are known: exp(-1000) and exp(-2000) are 0 in double.
    const std::array<double, 12> x{1000,  -1000, 0,      // label 0: 0;        label 1: 2000
                                   -1000, -1000, -1000,  // any label: log 3
                                   1000,  1000,  -1000,  // label 2: 2000 + log 2
                                   0,     -1000, 1000};  // label 0: 1000
    const std::array<int, 4> labels{1, 2, 2, 0};
    const auto r = tg::value_and_grad(tg::softmax_cross_entropy(X, y), X = x, y = labels);
    const double expected = ((2000.0 + std::log(3.0)) + (2000.0 + std::log(2.0)) + 1000.0) / 4.0;
    CHECK(near_rel(r.value, expected, 2 * eps));  // the terms are summed in another order
    const std::array<double, 12> p{1, 0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.5, 0.5, 0, 0, 0, 1};
    const std::array<double, 12> onehot{0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0};
    for (std::size_t i = 0; i < 12; ++i) {
        INFO("element " << i);
        CHECK(near_rel(r.grad[X][i], (p[i] - onehot[i]) / 4, eps));
    }

    // Shift invariance: the loss of x + c is the loss of x, for random rows.
    for (double shift : {1000.0, -1000.0}) {
        rng gen(seed_of("cross entropy shift"));
        std::array<double, 12> xs{};
        fill(xs, gen, -4, 4);
        for (double& e : xs) e += shift;
        std::array<double, 12> exact{};  // the logits actually given, minus the shift (exact)
        for (std::size_t i = 0; i < 12; ++i) exact[i] = xs[i] - shift;
        const std::array<int, 4> ls{0, 1, 2, 1};
        long double total = 0;
        for (std::size_t row = 0; row < 4; ++row) total += naive_nll(exact.data() + 3 * row, 3, ls[row]);
        const double value = tg::eval(tg::softmax_cross_entropy(X, y), X = xs, y = ls);
        CHECK(near_rel(value, static_cast<double>(total / 4), value_rel));
        check_fd_step("cross-entropy, shifted logits", 1e-3, tg::softmax_cross_entropy(X, y), std::tuple{(y = ls)},
                      in(X, xs));
    }
}

TEST_CASE("tensor softmax_cross_entropy: a label outside 0..C-1 makes its row NaN", "[tensor][losses][cross_entropy]") {
    std::array<double, 12> x{};
    rng gen(seed_of("cross entropy labels"));
    fill(x, gen, -1, 1);
    for (const auto& labels : {std::array<int, 4>{0, -1, 2, 1}, std::array<int, 4>{0, 3, 2, 1}}) {
        const auto r = tg::value_and_grad(tg::softmax_cross_entropy(X, y), X = x, y = labels);
        TG_CHECK_SAME(r.value, nan_v);
        for (std::size_t j = 0; j < 3; ++j) {
            TG_CHECK_SAME(r.grad[X](1, j), nan_v);  // the row with the bad label
            TG_CHECK_NOT_NAN(r.grad[X](0, j));      // the others are unaffected
            TG_CHECK_NOT_NAN(r.grad[X](2, j));
        }
    }
    // A label held in a floating type must be an integer.
    const std::array<double, 1> half{0.5}, one{1.0};
    const std::array<double, 3> logits{0.1, 0.2, 0.3};
    TG_CHECK_SAME(tg::eval(tg::softmax_cross_entropy(v, y1), v = logits, (y1 = half).no_grad()), nan_v);
    TG_CHECK_NOT_NAN(tg::eval(tg::softmax_cross_entropy(v, y1), v = logits, (y1 = one).no_grad()));
    // Unsigned labels: every value is nonnegative; 3 is out of range.
    const std::array<unsigned, 1> u3{3}, u2{2};
    TG_CHECK_SAME(tg::eval(tg::softmax_cross_entropy(v, y1), v = logits, y1 = u3), nan_v);
    CHECK(near_rel(tg::eval(tg::softmax_cross_entropy(v, y1), v = logits, y1 = u2),
                   static_cast<double>(naive_nll(logits.data(), 3, 2)), value_rel));
}

TEST_CASE("tensor softmax_cross_entropy: labels are read through the binding, never copied",
          "[tensor][losses][cross_entropy][binding]") {
    std::array<int, 4> labels{0, 0, 0, 0};
    const auto bound = (y = labels);
    CHECK(bound.data == labels.data());
    std::array<double, 12> x{};
    rng gen(seed_of("cross entropy binding"));
    fill(x, gen, -1, 1);
    const double before = tg::eval(tg::softmax_cross_entropy(X, y), X = x, bound);
    labels = {2, 1, 0, 2};  // the binding sees the change
    const double after = tg::eval(tg::softmax_cross_entropy(X, y), X = x, bound);
    long double total = 0;
    for (std::size_t r = 0; r < 4; ++r) total += naive_nll(x.data() + 3 * r, 3, labels[r]);
    CHECK(before != after);
    CHECK(near_rel(after, static_cast<double>(total / 4), value_rel));
    // A label variable bound as floating data and differentiated gets gradient 0.
    std::array<double, 4> label_values{2, 1, 0, 2};
    const auto r = tg::value_and_grad(tg::softmax_cross_entropy(X, y), X = x, y = label_values);
    TG_CHECK_SAME(r.value, after);
    for (std::size_t i = 0; i < 4; ++i) TG_CHECK_SAME(r.grad[y](i), 0.0);
}

TEST_CASE("tensor softmax_cross_entropy: gradients against finite differences", "[tensor][losses][cross_entropy][fd]") {
    constexpr tg::var<"H", 3, 3> H;
    constexpr tg::var<"Z", 4, 3> Z;
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of("cross entropy fd") + k);
        std::array<double, 12> x{}, z{};
        std::array<double, 9> h{};
        std::array<double, 3> logits{};
        fill(x, gen, -4, 4);
        fill(z, gen, -1, 1);
        fill(h, gen, -1, 1);
        fill(logits, gen, -4, 4);
        std::array<int, 4> labels{};
        for (int& l : labels) l = static_cast<int>(gen.next() % 3);
        const std::array<int, 1> label{static_cast<int>(gen.next() % 3)};
        check_fd("cross-entropy of a batch", tg::softmax_cross_entropy(X, y), std::tuple{(y = labels)}, in(X, x));
        check_fd("cross-entropy of a vector", tg::softmax_cross_entropy(v, y1), std::tuple{(y1 = label)},
                 in(v, logits));
        // A linear classifier's loss with respect to its weights.
        check_fd("cross-entropy of a layer", tg::softmax_cross_entropy(tg::tanh(Z * H) + X, y),
                 std::tuple{(y = labels)}, in(Z, z), in(H, h), in(X, x));
    }
}

// ---- binary cross-entropy with logits ------------------------------------------------------

/// -t log sigmoid(z) - (1 - t) log(1 - sigmoid(z)), naively, in long double (moderate z).
long double naive_bce(long double z, long double target) {
    const long double sig = 1 / (1 + std::exp(-z));
    return -target * std::log(sig) - (1 - target) * std::log(1 - sig);
}

TEST_CASE("tensor bce_with_logits: the mean over all elements of the binary cross-entropy", "[tensor][losses][bce]") {
    for (std::uint64_t k = 0; k < 10; ++k) {
        rng gen(seed_of("bce") + k);
        std::array<double, 12> z{}, target{};
        fill(z, gen, -6, 6);
        fill(target, gen, 0, 1);
        long double total = 0;
        for (std::size_t i = 0; i < 12; ++i) total += naive_bce(z[i], target[i]);
        const auto r = tg::value_and_grad(tg::bce_with_logits(X, Y), X = z, Y = target);
        // 64 eps: the stable form subtracts z t from max(z, 0), and the difference can be much
        // smaller than |z| (z = 6, t = 0.99), which scales the rounding error of each term.
        CHECK(near_rel(r.value, static_cast<double>(total / 12), 64 * eps));
        for (std::size_t i = 0; i < 12; ++i) {
            const long double sig = 1 / (1 + std::exp(-static_cast<long double>(z[i])));
            CHECK(near_rel(r.grad[X][i], static_cast<double>((sig - target[i]) / 12), value_rel, value_rel / 12));
            CHECK(near_rel(r.grad[Y][i], -z[i] / 12, eps));
        }
        // The same loss composed from the core's stable softplus: mean(softplus(z) - z t).
        const double composed = tg::eval(tg::mean(tg::softplus(X) - tg::hadamard(X, Y)), X = z, Y = target);
        CHECK(near_rel(r.value, composed, 64 * eps));
    }
}

TEST_CASE("tensor bce_with_logits: stable for logits of +-800 and +-1000", "[tensor][losses][bce][stability]") {
    // max(z, 0) - z t + log1p(exp(-|z|)), with exp(-800) = 0: exact.
    const std::array<double, 12> z{800, 800, -800, -800, 1000, -1000, 1000, 0, 30, -30, 40, -40};
    const std::array<double, 12> target{0, 1, 0, 1, 0.25, 0.25, 1, 0.5, 1, 0, 1, 0};
    const auto r = tg::value_and_grad(tg::bce_with_logits(X, Y), X = z, Y = target);
    const std::array<double, 12> terms{800,
                                       0,
                                       0,
                                       800,
                                       750,
                                       250,
                                       0,
                                       std::log(2.0),
                                       std::log1p(std::exp(-30.0)),
                                       std::log1p(std::exp(-30.0)),
                                       std::log1p(std::exp(-40.0)),
                                       std::log1p(std::exp(-40.0))};
    double sum = 0;
    for (double term : terms) sum += term;
    CHECK(near_rel(r.value, sum / 12, 4 * eps));
    // dz = (sigmoid(z) - t) / n: sigmoid(+-800) is exactly 1 or 0.
    const std::array<double, 12> sig{1,
                                     1,
                                     0,
                                     0,
                                     1,
                                     0,
                                     1,
                                     0.5,
                                     1 / (1 + std::exp(-30.0)),
                                     std::exp(-30.0) / (1 + std::exp(-30.0)),
                                     1 / (1 + std::exp(-40.0)),
                                     std::exp(-40.0) / (1 + std::exp(-40.0))};
    for (std::size_t i = 0; i < 12; ++i) {
        INFO("element " << i);
        CHECK(near_rel(r.grad[X][i], (sig[i] - target[i]) / 12, 2 * eps));
        TG_CHECK_NOT_NAN(r.grad[X][i]);
    }
    // In particular the tail: bce(-40, 0) = log1p(e^-40) = 4.248354255291589e-18, not 0.
    const auto tail = tg::value_and_grad(tg::bce_with_logits(s, t), s = -40.0, t = 0.0);
    CHECK(near_rel(tail.value, 4.248354255291589e-18, 2 * eps));
    CHECK(near_rel(tail.grad[s], 4.248354255291589e-18, 2 * eps));
}

TEST_CASE("tensor bce_with_logits: gradients against finite differences", "[tensor][losses][bce][fd]") {
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of("bce fd") + k);
        std::array<double, 12> z{}, target{};
        std::array<double, 3> p{}, q{};
        fill(z, gen, -6, 6);
        fill(target, gen, 0, 1);
        fill(p, gen, -6, 6);
        fill(q, gen, 0, 1);
        check_fd("bce of matrices", tg::bce_with_logits(X, Y), none, in(X, z), in(Y, target));
        check_fd("bce of vectors", tg::bce_with_logits(v, w), none, in(v, p), in(w, q));
        std::array<double, 1> zs{p[0]}, ts{q[0]};
        check_fd("bce of scalars", tg::bce_with_logits(s, t), none, in(s, zs), in(t, ts));
        // Large logits (absolute step: the loss is linear there up to exp(-|z|)).
        std::array<double, 12> big = z;
        for (double& e : big) e *= 150;
        check_fd_step("bce of large logits", 1e-3, tg::bce_with_logits(X, Y), none, in(X, big), in(Y, target));
    }
}

TEST_CASE("tensor losses: printing", "[tensor][losses]") {
    CHECK(tg::to_string(tg::mse(X, Y)) == "mse(X, Y)");
    CHECK(tg::to_string(tg::softmax_cross_entropy(X, y)) == "softmax_cross_entropy(X, y)");
    CHECK(tg::to_string(tg::bce_with_logits(X, Y)) == "bce_with_logits(X, Y)");
}

}  // namespace
