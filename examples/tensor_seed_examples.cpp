// The seeds' vector and matrix examples computed by typegrad's tensor engine, printed next
// to the worked numbers of tests/data/worked_examples.md. Exits non-zero if any
// number differs.
//   8. f(x, W) = ||W x||^2 and its gradients (the matrix backprop rules, no Jacobian).
//  13. The 3-layer forward pass h1 = f(W1 x + b1), h2 = f(W2 h1 + b2), out = W3 h2 + b3,
//      x 3 x 1, hidden 4 x 1, out 1 x 1, f the sigmoid; checked against plain loops.
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstdio>

namespace tg = typegrad;

namespace {
int failures = 0;

void show(const char* what, double got, double expected, double tolerance = 1e-15) {
    const bool ok = std::fabs(got - expected) <= tolerance * std::fabs(expected);
    std::printf("  %-28s %22.17g   (expected %.17g)%s\n", what, got, expected, ok ? "" : "   <-- MISMATCH");
    failures += ok ? 0 : 1;
}

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }
}  // namespace

int main() {
    std::puts("8. f(x, W) = ||W x||^2, W = [[0.1, 0.5], [-0.3, 0.8]], x = [0.2, 0.4]");
    constexpr tg::var<"W", 2, 2> W;
    constexpr tg::var<"x", 2> x;
    constexpr auto f = tg::squared_norm(W * x);
    const std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    const std::array<double, 2> v{0.2, 0.4};
    const auto q = tg::eval(W * x, W = w, x = v);
    const auto r = tg::value_and_grad(f, W = w, x = v);
    std::printf("  expression %s; workspace %zu bytes\n", tg::to_string(f).c_str(),
                tg::workspace<decltype(f)>::bytes());
    show("q = W x, q(0)", q(0), 0.22);
    show("q(1)", q(1), 0.26);
    show("f", r.value, 0.116);
    show("grad_W(0, 0) = 2 q0 x0", r.grad[W](0, 0), 0.088);
    show("grad_W(0, 1) = 2 q0 x1", r.grad[W](0, 1), 0.176);
    show("grad_W(1, 0) = 2 q1 x0", r.grad[W](1, 0), 0.104);
    show("grad_W(1, 1) = 2 q1 x1", r.grad[W](1, 1), 0.208);
    show("grad_x(0) = (2 W^T q)(0)", r.grad[x](0), -0.112);
    show("grad_x(1) = (2 W^T q)(1)", r.grad[x](1), 0.636);

    std::puts("13. 3-layer forward pass: x 3 x 1, hidden 4 x 1, out 1 x 1, sigmoid activations");
    constexpr tg::var<"x3", 3> x3;
    constexpr tg::var<"W1", 4, 3> W1;
    constexpr tg::var<"b1", 4> b1;
    constexpr tg::var<"W2", 4, 4> W2;
    constexpr tg::var<"b2", 4> b2;
    constexpr tg::var<"W3", 1, 4> W3;
    constexpr tg::var<"b3", 1> b3;
    constexpr auto h1 = tg::sigmoid(W1 * x3 + b1);
    constexpr auto h2 = tg::sigmoid(W2 * h1 + b2);
    constexpr auto out = W3 * h2 + b3;
    const std::array<double, 3> xs{0.5, -1.0, 2.0};
    std::array<double, 12> w1{};
    std::array<double, 16> w2{};
    std::array<double, 4> w3{}, bias1{}, bias2{};
    const std::array<double, 1> bias3{0.05};
    for (std::size_t i = 0; i < w1.size(); ++i) w1[i] = 0.1 * static_cast<double>(i % 7) - 0.3;
    for (std::size_t i = 0; i < w2.size(); ++i) w2[i] = 0.05 * static_cast<double>(i % 5) - 0.1;
    for (std::size_t i = 0; i < 4; ++i) {
        w3[i] = 0.25 * static_cast<double>(i) - 0.4;
        bias1[i] = 0.01 * static_cast<double>(i);
        bias2[i] = -0.02 * static_cast<double>(i);
    }
    const auto y = tg::eval(out, x3 = xs, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2, W3 = w3, b3 = bias3);
    // The same computation written as loops over plain doubles.
    std::array<double, 4> a1{}, a2{};
    for (std::size_t i = 0; i < 4; ++i) {
        double s = w1[3 * i] * xs[0];
        for (std::size_t k = 1; k < 3; ++k) s += w1[3 * i + k] * xs[k];
        a1[i] = sigmoid(s + bias1[i]);
    }
    for (std::size_t i = 0; i < 4; ++i) {
        double s = w2[4 * i] * a1[0];
        for (std::size_t k = 1; k < 4; ++k) s += w2[4 * i + k] * a1[k];
        a2[i] = sigmoid(s + bias2[i]);
    }
    double o = w3[0] * a2[0];
    for (std::size_t k = 1; k < 4; ++k) o += w3[k] * a2[k];
    o += bias3[0];
    show("out (shape 1)", y(0), o, 1e-15);

    if (failures != 0) std::printf("%d number(s) differ\n", failures);
    return failures == 0 ? 0 : 1;
}
