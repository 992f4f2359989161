// Optimizers over caller-owned buffers: each reduces a quadratic; their first steps follow
// their formulas (Adam's computed by hand below); mini-batches of a run-time data set.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

namespace tg = typegrad;

namespace {

// f(w) = ||w - t||^2 with w and t of 3 elements: minimum 0 at w = t, gradient 2 (w - t).
constexpr tg::var<"w", 3> w;
constexpr tg::var<"t", 3> t;
constexpr auto quadratic = tg::squared_norm(w - t);
constexpr std::array<double, 3> target{1.0, -2.0, 0.5};

[[gnu::noinline]] double loss_and_gradient(const std::array<double, 3>& values, std::array<double, 3>& gradient) {
    return tg::value_and_grad(quadratic, (w = values).grad_into(gradient), (t = target).no_grad()).value;
}

}  // namespace

TEST_CASE("gradient descent: one step is theta - eta g, and it minimizes a quadratic", "[optimizers]") {
    std::array<double, 3> theta{0.0, 0.0, 0.0}, g{};
    const double first = loss_and_gradient(theta, g);
    CHECK(first == 1.0 + 4.0 + 0.25);
    const tg::sgd opt{.learning_rate = 0.1};
    opt.step(tg::param(theta, g));
    // g = 2 (0 - t) = (-2, 4, -1): theta = -0.1 g.
    CHECK(theta == std::array<double, 3>{0.2, -0.4, 0.1});
    double loss = first;
    for (int k = 0; k < 100; ++k) {
        loss = loss_and_gradient(theta, g);
        opt.step(tg::param(theta, g));
    }
    // Each step multiplies w - t by 1 - 2 * 0.1 = 0.8: after 101 steps the loss is 0.64^101 of the first.
    CHECK(loss < 1e-18 * first);
    CHECK(theta[1] == Approx(-2.0).epsilon(1e-9));
}

TEST_CASE("momentum: v = mu v - eta g, theta += v, and it minimizes a quadratic", "[optimizers]") {
    std::array<double, 3> theta{0.0, 0.0, 0.0}, g{}, velocity{};
    const tg::momentum opt{.learning_rate = 0.05, .mu = 0.9};
    loss_and_gradient(theta, g);  // g = (-2, 4, -1)
    opt.step(tg::param(theta, g, velocity));
    CHECK(velocity == std::array<double, 3>{0.05 * 2, -0.05 * 4, 0.05 * 1});
    CHECK(theta == velocity);
    loss_and_gradient(theta, g);  // g = 2 (theta - t)
    const std::array<double, 3> g2 = g, v1 = velocity, theta1 = theta;
    opt.step(tg::param(theta, g, velocity));
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(velocity[i] == 0.9 * v1[i] - 0.05 * g2[i]);
        CHECK(theta[i] == theta1[i] + velocity[i]);
    }
    double loss = 0;
    for (int k = 0; k < 300; ++k) {
        loss = loss_and_gradient(theta, g);
        opt.step(tg::param(theta, g, velocity));
    }
    // The error contracts by about sqrt(mu) = 0.95 per step (curvature 2, eta 0.05): the
    // loss by 0.9 per step, 0.9^300 = 2e-14 of the first (5.25).
    CHECK(loss < 1e-12);
}

TEST_CASE("Adam: the first two steps match the formulas computed by hand", "[optimizers]") {
    // One parameter of 2 elements, f = ||w - t||^2 evaluated by hand: g = 2 (w - t).
    std::array<double, 2> theta{0.0, 1.0}, g{}, m{}, v{};
    const std::array<double, 2> tt{1.0, -2.0};
    tg::adam opt{.learning_rate = 0.1};  // beta1 0.9, beta2 0.999, epsilon 1e-8

    // Step 1: g1 = (-2, 6). m = 0.1 g1, v = 0.001 g1^2; m_hat = m / (1 - 0.9) = g1,
    // v_hat = v / (1 - 0.999) = g1^2, so theta -= 0.1 g1 / (|g1| + 1e-8) = 0.1 sign(g1) (almost).
    for (std::size_t i = 0; i < 2; ++i) g[i] = 2 * (theta[i] - tt[i]);
    CHECK(g == std::array<double, 2>{-2.0, 6.0});
    opt.step(tg::param(theta, g, m, v));
    CHECK(opt.t == 1);
    CHECK(m[0] == Approx(-0.2).epsilon(1e-15));
    CHECK(m[1] == Approx(0.6).epsilon(1e-15));
    CHECK(v[0] == Approx(0.004).epsilon(1e-15));
    CHECK(v[1] == Approx(0.036).epsilon(1e-15));
    CHECK(theta[0] == Approx(0.0 + 0.1 * 2 / (2 + 1e-8)).epsilon(1e-14));  // 0.09999999950
    CHECK(theta[1] == Approx(1.0 - 0.1 * 6 / (6 + 1e-8)).epsilon(1e-14));  // 0.90000000017

    // Step 2: g2 = 2 (theta1 - t). m = 0.9 m1 + 0.1 g2, v = 0.999 v1 + 0.001 g2^2;
    // m_hat = m / (1 - 0.81) = m / 0.19, v_hat = v / (1 - 0.998001) = v / 0.001999.
    const std::array<double, 2> theta1 = theta;
    for (std::size_t i = 0; i < 2; ++i) g[i] = 2 * (theta[i] - tt[i]);
    opt.step(tg::param(theta, g, m, v));
    CHECK(opt.t == 2);
    const double m2_0 = 0.9 * -0.2 + 0.1 * (2 * (theta1[0] - 1.0));
    const double v2_0 = 0.999 * 0.004 + 0.001 * (2 * (theta1[0] - 1.0)) * (2 * (theta1[0] - 1.0));
    const double m2_1 = 0.9 * 0.6 + 0.1 * (2 * (theta1[1] + 2.0));
    const double v2_1 = 0.999 * 0.036 + 0.001 * (2 * (theta1[1] + 2.0)) * (2 * (theta1[1] + 2.0));
    CHECK(m[0] == Approx(m2_0).epsilon(1e-14));
    CHECK(v[0] == Approx(v2_0).epsilon(1e-14));
    CHECK(m[1] == Approx(m2_1).epsilon(1e-14));
    CHECK(v[1] == Approx(v2_1).epsilon(1e-14));
    CHECK(theta[0] == Approx(theta1[0] - 0.1 * (m2_0 / 0.19) / (std::sqrt(v2_0 / 0.001999) + 1e-8)).epsilon(1e-13));
    CHECK(theta[1] == Approx(theta1[1] - 0.1 * (m2_1 / 0.19) / (std::sqrt(v2_1 / 0.001999) + 1e-8)).epsilon(1e-13));
    // Both steps moved each element towards its target by about the learning rate.
    CHECK(theta[0] == Approx(0.2).margin(1e-3));
    CHECK(theta[1] == Approx(0.8).margin(1e-3));
}

TEST_CASE("Adam minimizes a quadratic with several parameters stepped together", "[optimizers]") {
    std::array<double, 3> theta{0.0, 0.0, 0.0}, g{}, m{}, v{};
    double scalar = 3.0, scalar_m = 0, scalar_v = 0;  // a second parameter: (s - 0.5)^2
    tg::adam opt{.learning_rate = 0.05};
    double loss = 0;
    for (int k = 0; k < 3000; ++k) {
        loss = loss_and_gradient(theta, g) + (scalar - 0.5) * (scalar - 0.5);
        const double gs = 2 * (scalar - 0.5);
        opt.step(tg::param(theta, g, m, v), tg::param(scalar, gs, scalar_m, scalar_v));
    }
    CHECK(opt.t == 3000);
    CHECK(loss < 1e-8);
    CHECK(scalar == Approx(0.5).margin(1e-4));
}

TEST_CASE("mini-batch SGD over a run-time data set recovers linear weights", "[optimizers]") {
    // y = X w_true + 0.3 over 103 rows (a run-time count, not a multiple of the batch).
    constexpr std::size_t D = 3, B = 8;
    const std::array<double, D> w_true{0.5, -1.5, 2.0};
    const std::size_t rows = 103;
    std::vector<double> inputs(rows * D), outputs(rows);
    std::mt19937_64 generator(7);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    for (std::size_t r = 0; r < rows; ++r) {
        double y = 0.3;
        for (std::size_t j = 0; j < D; ++j) {
            inputs[r * D + j] = uniform(generator);
            y += w_true[j] * inputs[r * D + j];
        }
        outputs[r] = y;
    }
    constexpr tg::var<"X", B, D> X;
    constexpr tg::var<"wr", D> wr;
    constexpr tg::var<"bias"> bias;
    constexpr tg::var<"y", B> y;
    constexpr auto loss = tg::mean(tg::pow(X * wr + bias - y, tg::c<2>));

    std::vector<std::size_t> order(rows);
    tg::minibatches<B> batches{order};
    CHECK(batches.count() == 13);  // 12 whole batches and the 7 last rows completed with used ones
    std::array<double, B * D> x_batch{};
    std::array<double, B> y_batch{};
    std::array<double, D> weights{}, g{};
    double b = 0;
    const tg::sgd opt{.learning_rate = 0.1};
    for (int epoch = 0; epoch < 200; ++epoch) {
        batches.shuffle(generator);
        for (std::size_t k = 0; k < batches.count(); ++k) {
            batches.gather<D>(k, inputs, x_batch);
            batches.gather<1>(k, outputs, y_batch);
            const auto r = tg::value_and_grad(loss, (X = x_batch).no_grad(), (y = y_batch).no_grad(),
                                              (wr = weights).grad_into(g), bias = b);
            opt.step(tg::param(weights, g), tg::param(b, r.grad[bias]));
        }
    }
    // The order is still a permutation of the rows.
    std::vector<int> seen(rows, 0);
    for (const std::size_t i : order) ++seen[i];
    CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<long>(rows));
    for (std::size_t j = 0; j < D; ++j) CHECK(weights[j] == Approx(w_true[j]).margin(1e-6));
    CHECK(b == Approx(0.3).margin(1e-6));
}

TEST_CASE("gather copies the rows of a batch in the current order", "[optimizers]") {
    const std::vector<double> data{0, 1, 10, 11, 20, 21, 30, 31, 40, 41};  // 5 rows of 2
    std::array<std::size_t, 5> order{};
    tg::minibatches<2> batches{order};
    order = {4, 1, 3, 0, 2};
    std::array<double, 4> out{};
    batches.gather<2>(0, data, out);
    CHECK(out == std::array<double, 4>{40, 41, 10, 11});
    batches.gather<2>(1, data, out);
    CHECK(out == std::array<double, 4>{30, 31, 0, 1});
}

TEST_CASE("minibatches: the last partial batch is completed by default, or dropped", "[optimizers]") {
    const std::vector<double> data{0, 1, 10, 11, 20, 21, 30, 31, 40, 41};  // 5 rows of 2
    std::array<std::size_t, 5> order{};
    std::array<double, 4> out{};

    tg::minibatches<2> fill{order};  // last_batch::fill
    static_assert(decltype(fill)::last == tg::last_batch::fill);
    order = {4, 1, 3, 0, 2};
    CHECK(fill.count() == 3);
    CHECK(fill.fresh_rows(0) == 2);
    CHECK(fill.fresh_rows(2) == 1);
    fill.gather<2>(2, data, out);  // row 2, then the first row of the epoch's order
    CHECK(out == std::array<double, 4>{20, 21, 40, 41});

    std::array<std::size_t, 5> order_drop{};
    tg::minibatches<2, tg::last_batch::drop> drop{order_drop};
    CHECK(drop.count() == 2);
    CHECK(drop.fresh_rows(1) == 2);
    drop.gather<2>(1, data, out);
    CHECK(out == std::array<double, 4>{20, 21, 30, 31});

    // Fewer rows than a batch: one batch, the rows repeated in order (fill), none (drop).
    std::array<std::size_t, 2> two{};
    std::array<double, 8> out4{};
    tg::minibatches<4> small{two};
    CHECK(small.count() == 1);
    CHECK(small.fresh_rows(0) == 2);
    small.gather<2>(0, data, out4);
    CHECK(out4 == std::array<double, 8>{0, 1, 10, 11, 0, 1, 10, 11});
    std::array<std::size_t, 2> two_drop{};
    CHECK(tg::minibatches<4, tg::last_batch::drop>{two_drop}.count() == 0);
    std::span<std::size_t> none;
    CHECK(tg::minibatches<4>{none}.count() == 0);
}
