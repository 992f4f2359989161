// A user-defined op works in every pass (examples/custom_op.hpp).
#include <catch2/catch.hpp>

#include "../../examples/custom_op.hpp"

#include <cmath>

namespace tg = typegrad;

TEST_CASE("a user-defined op works in eval, reverse, forward, symbolic, Hessian and printing", "[custom]") {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    STATIC_REQUIRE(tg::eval(my::cube(x), x = 2.0) == 8.0);
    STATIC_REQUIRE(tg::grad(my::cube(x), x = 2.0)[x] == 12.0);
    CHECK(my::cube(3.0) == 27.0);  // on numbers it is a function
    CHECK(tg::to_string(my::cube(x) + y) == "cube(x) + y");
    CHECK(tg::to_string(tg::derivative(my::cube(x), x)) == "3 * (x * x)");
    CHECK(tg::to_string(tg::derivative(tg::derivative(my::cube(x), x), x)) == "3 * (x + x)");
    CHECK(tg::to_dot(my::cube(x)).find("label=\"cube\"") != std::string::npos);

    const auto f = my::cube(x) * y + my::gelu(x * y);
    for (double p : {-2.0, -0.3, 0.0, 0.7, 1.5}) {
        for (double q : {-1.0, 0.5, 2.0}) {
            CAPTURE(p, q);
            const auto r = tg::value_and_grad(f, x = p, y = q);
            const auto fw = tg::forward_value_and_grad(f, x = p, y = q);
            const double sx = tg::eval(tg::derivative(f, x), x = p, y = q);
            const double sy = tg::eval(tg::derivative(f, y), x = p, y = q);
            CHECK(fw.grad[x] == Approx(r.grad[x]).epsilon(1e-14).margin(1e-300));
            CHECK(fw.grad[y] == Approx(r.grad[y]).epsilon(1e-14).margin(1e-300));
            CHECK(sx == Approx(r.grad[x]).epsilon(1e-14).margin(1e-300));
            CHECK(sy == Approx(r.grad[y]).epsilon(1e-14).margin(1e-300));
            // Central differences on the value agree with the rule.
            const double h = 1e-6;
            const double fd_x = (tg::eval(f, x = p + h, y = q) - tg::eval(f, x = p - h, y = q)) / (2 * h);
            CHECK(r.grad[x] == Approx(fd_x).epsilon(1e-7).margin(1e-8));
            // The Hessian is symmetric and matches differences of the gradient.
            const auto H = tg::hessian(f, x = p, y = q);
            CHECK(H[x][y] == Approx(H[y][x]).epsilon(1e-13).margin(1e-13));
            const double fd_xy = (tg::grad(f, x = p, y = q + h)[x] - tg::grad(f, x = p, y = q - h)[x]) / (2 * h);
            CHECK(H[x][y] == Approx(fd_xy).epsilon(1e-6).margin(1e-7));
        }
    }
}
