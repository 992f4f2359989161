// Newton's method on the Rosenbrock function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from
// (-1.2, 1): each step solves H d = -g with the gradient as g.array(x, y) and the Hessian
// as h.matrix(x, y), both std::arrays in the order asked.
// Checks: the Hessian matches the hand-written one at every iterate, and the iteration
// reaches the minimum (1, 1) to 1e-12. Exits non-zero if a claimed result is not reached.
#include <typegrad.hpp>

#include <cmath>
#include <cstdio>

namespace tg = typegrad;

namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr auto rosenbrock = tg::pow(1 - x, tg::c<2>) + 100 * tg::pow(y - x * x, tg::c<2>);

int failures = 0;
void check(bool ok, const char* what) {
    std::printf("  %s: %s\n", ok ? "ok" : "FAILED", what);
    failures += ok ? 0 : 1;
}
}  // namespace

int main() {
    double xv = -1.2, yv = 1.0;
    std::printf("Newton's method on the Rosenbrock function from (%g, %g)\n", xv, yv);
    bool hessian_ok = true;
    for (int iteration = 1; iteration <= 20; ++iteration) {
        const auto r = tg::value_and_grad(rosenbrock, x = xv, y = yv);
        // [newton]
        const auto g = r.grad.array(x, y);
        const auto H = tg::hessian(rosenbrock, x = xv, y = yv).matrix(x, y);
        // [newton]
        // Hand-written: f_xx = 2 - 400 (y - x^2) + 800 x^2, f_xy = -400 x, f_yy = 200.
        const double hxx = 2 - 400 * (yv - xv * xv) + 800 * xv * xv;
        hessian_ok = hessian_ok && std::abs(H[0][0] - hxx) <= 1e-12 * std::abs(hxx) && H[0][1] == -400 * xv &&
                     H[1][0] == -400 * xv && H[1][1] == 200;
        const double det = H[0][0] * H[1][1] - H[0][1] * H[1][0];
        const double dx = -(H[1][1] * g[0] - H[0][1] * g[1]) / det;
        const double dy = -(H[0][0] * g[1] - H[1][0] * g[0]) / det;
        xv += dx;
        yv += dy;
        std::printf("  iteration %2d: f = %.3e -> (%.15f, %.15f)\n", iteration, r.value, xv, yv);
        if (std::abs(dx) + std::abs(dy) < 1e-15) break;
    }
    check(hessian_ok, "h.matrix(x, y) equals the hand-written Hessian at every iterate");
    check(std::abs(xv - 1) < 1e-12 && std::abs(yv - 1) < 1e-12, "Newton's method reaches the minimum (1, 1)");
    return failures == 0 ? 0 : 1;
}
