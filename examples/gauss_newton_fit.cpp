// Gauss-Newton for an exponential-decay fit y = a e^(-k t) with tg::jacobian: the six
// residuals r_i(a, k) = a e^(-k t_i) - y_i are the outputs, their Jacobian J (6 x 2) gives
// the step (J^T J) d = -J^T r, solved here by Cramer's rule.
//  1. Noise-free data from a = 2.5, k = 0.7: the iteration recovers them to 1e-12.
//  2. Each Jacobian entry is checked against the hand-written derivatives
//     d r_i / da = e^(-k t_i), d r_i / dk = -a t_i e^(-k t_i).
// Exits non-zero if a claimed result is not reached.
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstdio>

namespace tg = typegrad;

namespace {

constexpr tg::var<"a"> a;
constexpr tg::var<"k"> k;
constexpr std::array<double, 6> t{0.0, 0.5, 1.0, 2.0, 3.0, 5.0};

int failures = 0;
void check(bool ok, const char* what) {
    std::printf("  %s: %s\n", ok ? "ok" : "FAILED", what);
    failures += ok ? 0 : 1;
}

// [residual]
auto residual(double ti, double yi) { return a * tg::exp(-k * ti) - yi; }
// [residual]

}  // namespace

int main() {
    std::array<double, 6> y{};
    for (std::size_t i = 0; i < t.size(); ++i) y[i] = 2.5 * std::exp(-0.7 * t[i]);
    // [jacobian]
    const auto r = tg::outputs(residual(t[0], y[0]), residual(t[1], y[1]), residual(t[2], y[2]), residual(t[3], y[3]),
                               residual(t[4], y[4]), residual(t[5], y[5]));
    // [jacobian]
    double av = 1.0, kv = 0.3;  // the starting guess
    std::printf("Gauss-Newton on y = a exp(-k t), start a = %g, k = %g\n", av, kv);
    bool jacobian_ok = true;
    for (int iteration = 1; iteration <= 12; ++iteration) {
        // [matrix]
        const auto J = tg::jacobian(r, a = av, k = kv);
        const auto m = J.grad.matrix(a, k);  // m[i] = {d r_i / da, d r_i / dk}
        // [matrix]
        for (std::size_t i = 0; i < t.size(); ++i) {
            const double e = std::exp(-kv * t[i]);
            jacobian_ok = jacobian_ok && std::abs(m[i][0] - e) <= 1e-15 && std::abs(m[i][1] + av * t[i] * e) <= 1e-14;
        }
        double g00 = 0, g01 = 0, g11 = 0, b0 = 0, b1 = 0, cost = 0;
        for (std::size_t i = 0; i < t.size(); ++i) {
            g00 += m[i][0] * m[i][0];
            g01 += m[i][0] * m[i][1];
            g11 += m[i][1] * m[i][1];
            b0 -= m[i][0] * J.value[i];
            b1 -= m[i][1] * J.value[i];
            cost += J.value[i] * J.value[i];
        }
        const double det = g00 * g11 - g01 * g01;
        av += (b0 * g11 - b1 * g01) / det;
        kv += (g00 * b1 - g01 * b0) / det;
        std::printf("  iteration %2d: cost %.3e -> a = %.15f, k = %.15f\n", iteration, cost / 2, av, kv);
    }
    check(jacobian_ok, "every Jacobian entry equals the hand-written derivative");
    check(std::abs(av - 2.5) < 1e-12 && std::abs(kv - 0.7) < 1e-12, "the fit recovers a = 2.5 and k = 0.7");
    return failures == 0 ? 0 : 1;
}
