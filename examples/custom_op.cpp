// Defining a new op (cube, GELU) and using it in every pass: eval, reverse, forward,
// symbolic derivative, Hessian, printing. See docs/api.md, "Defining an op".
#include "custom_op.hpp"

#include <cstdio>

namespace tg = typegrad;

int main() {
    // [use]
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr auto f = my::cube(x) * y + my::gelu(x * y);

    const auto r = tg::value_and_grad(f, x = 1.5, y = -0.5);
    const auto t = tg::jvp(f, tg::at(x = 1.5, y = -0.5), tg::at(x = 1.0));
    const auto h = tg::hessian(f, x = 1.5, y = -0.5);
    // [use]
    std::printf("f            = %s\n", tg::to_string(f).c_str());
    std::printf("d cube(x)/dx = %s\n", tg::to_string(tg::derivative(my::cube(x), x)).c_str());
    std::printf("f(1.5, -0.5) = %.12f\n", r.value);
    std::printf("reverse      : df/dx = %.12f, df/dy = %.12f\n", r.grad[x], r.grad[y]);
    std::printf("forward      : df/dx = %.12f\n", t.tangent);
    std::printf("symbolic     : df/dx = %.12f\n", tg::eval(tg::derivative(f, x), x = 1.5, y = -0.5));
    std::printf("hessian      : d2f/dxdy = %.12f\n", h[x][y]);
    static_assert(tg::grad(my::cube(x), x = 2.0)[x] == 12.0, "the new op works in constant evaluation");

    // [check]
    const auto report = tg::check_gradient(f, x = 1.5, y = -0.5);  // central differences
    std::printf("check        : worst relative error %.1e at d/d%.*s\n", report.worst_relative_error,
                static_cast<int>(report.variable.size()), report.variable.data());
    const bool rule_ok = report.passed(1e-8);
    // [check]
    return rule_ok && r.grad[x] == t.tangent ? 0 : 1;
}
