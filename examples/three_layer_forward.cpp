// The seeds' 3-layer forward pass (worked example 13, seeds 000 and 003):
//   f = sigmoid;  h1 = f(W1 x + b1);  h2 = f(W2 h1 + b2);  out = W3 h2 + b3
// with x 3 x 1, hidden layers 4 x 1, out 1 x 1. The seeds draw the weights at random; here
// they are fixed numbers, and every intermediate value is printed next to the same
// computation written as plain loops. Then the gradient of out with respect to every weight
// and bias is checked against finite differences (tg::check_gradient), and the whole
// program counts heap allocations: the forward pass, the gradient and the check make none.
// Exits non-zero if any check fails.
#include <typegrad.hpp>

#include "count_allocations.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace tg = typegrad;

namespace {

constexpr tg::var<"x", 3> x;
constexpr tg::var<"W1", 4, 3> W1;
constexpr tg::var<"b1", 4> b1;
constexpr tg::var<"W2", 4, 4> W2;
constexpr tg::var<"b2", 4> b2;
constexpr tg::var<"W3", 1, 4> W3;
constexpr tg::var<"b3", 1> b3;

constexpr auto h1 = tg::sigmoid(W1 * x + b1);
constexpr auto h2 = tg::sigmoid(W2 * h1 + b2);
constexpr auto out = W3 * h2 + b3;    // shape 1
constexpr auto score = tg::sum(out);  // the same number as a scalar, to differentiate

int failures = 0;
void compare(const char* what, double got, double expected) {
    // The engine's sums run in the loops' order, so the values are the same doubles.
    const bool ok = got == expected;
    std::printf("  %-8s %20.17f   loops %20.17f%s\n", what, got, expected, ok ? "" : "   <-- MISMATCH");
    failures += ok ? 0 : 1;
}
void check(bool ok, const char* what) {
    std::printf("  %s: %s\n", ok ? "ok" : "FAILED", what);
    failures += ok ? 0 : 1;
}

// The seeds' 1 / (1 + e^-z), which is how typegrad evaluates it too (it switches to
// e^z / (1 + e^z) only where that quotient underflows, z < -709), so the loops and the
// engine agree exactly.
double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

int main() {
    const std::array<double, 3> xs{0.5, -1.0, 2.0};
    const std::array<double, 12> w1{0.2, -0.4, 0.1, 0.7, 0.3, -0.2, -0.5, 0.6, 0.4, 0.1, -0.3, 0.8};
    const std::array<double, 4> bias1{0.1, -0.1, 0.05, 0.0};
    const std::array<double, 16> w2{0.3, -0.6, 0.2,  0.5, -0.1, 0.4, 0.7, -0.3,
                                    0.6, 0.1,  -0.4, 0.2, -0.2, 0.3, 0.5, -0.7};
    const std::array<double, 4> bias2{0.0, 0.2, -0.1, 0.1};
    const std::array<double, 4> w3{0.9, -1.2, 0.4, 0.6};
    const std::array<double, 1> bias3{0.05};

    const long long before = allocations;
    const auto v1 = tg::eval(h1, x = xs, W1 = w1, b1 = bias1);
    const auto v2 = tg::eval(h2, x = xs, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2);
    const auto vo = tg::eval(out, x = xs, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2, W3 = w3, b3 = bias3);
    const auto report =
        tg::check_gradient(score, (x = xs).no_grad(), W1 = w1, b1 = bias1, W2 = w2, b2 = bias2, W3 = w3, b3 = bias3);
    const long long allocated = allocations - before;

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

    std::printf("x = [%g, %g, %g]; expression: out = %s\n", xs[0], xs[1], xs[2], tg::to_string(out).c_str());
    const char* n1[] = {"h1(0)", "h1(1)", "h1(2)", "h1(3)"};
    const char* n2[] = {"h2(0)", "h2(1)", "h2(2)", "h2(3)"};
    for (std::size_t i = 0; i < 4; ++i) compare(n1[i], v1(i), a1[i]);
    for (std::size_t i = 0; i < 4; ++i) compare(n2[i], v2(i), a2[i]);
    compare("out", vo(0), o);

    std::printf(
        "gradient of out with respect to W1, b1, W2, b2, W3, b3 (%zu partials): worst relative error %.2e\n"
        "  at %.*s[%zu] (row %zu, column %zu): analytic %.12f, numeric %.12f\n",
        report.checked, report.worst_relative_error, static_cast<int>(report.variable.size()), report.variable.data(),
        report.index, report.row, report.column, report.analytic, report.numeric);
    check(report.checked == 12 + 4 + 16 + 4 + 4 + 1, "every weight and bias checked");
    check(report.passed(1e-7), "every partial within 1e-7 of its finite-difference estimate");
    std::printf("heap allocations in the forward passes and the gradient check: %lld\n", allocated);
    check(allocated == 0, "nothing allocated");
    return failures == 0 ? 0 : 1;
}
