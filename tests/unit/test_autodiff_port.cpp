// autodiff's derivative expectations for the functions of ops/inverse_trig.hpp,
// hyperbolic.hpp, hypot.hpp, special.hpp and exp_log_bases.hpp, ported from
// autodiff (github.com/autodiff/autodiff, v1.1.0): tests/forward/dual/dual.test.cpp and
// tests/reverse/var/var.test.cpp, each with its file and line. Every expectation is checked
// in reverse mode (value_and_grad), forward mode (forward_value_and_grad) and symbolic mode
// (the evaluated tg::derivative). The expected values are autodiff's closed forms evaluated
// in double; autodiff compares with a margin of 1e-12, these checks with 4 ulp or 1e-14
// relative. Compound assignment (x += ...) stays out: expressions are immutable types.

#include "test_helpers.hpp"

#include <cmath>

namespace typegrad_test {
namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;

void check_near(const char* source, const char* what, double actual, double expected) {
    INFO(source << ": " << what << " = " << show(actual) << ", expected " << show(expected));
    CHECK(near_ulp_or_rel(actual, expected, 4, 1e-14));
}

template <class E>
void port1(const char* source, const E& f, double xv, double value, double dx) {
    check_near(source, "value", tg::eval(f, x = xv), value);
    check_near(source, "reverse df/dx", tg::value_and_grad(f, x = xv).grad[x], dx);
    check_near(source, "forward df/dx", tg::forward_value_and_grad(f, x = xv).grad[x], dx);
    check_near(source, "symbolic df/dx", tg::eval(tg::derivative(f, x), x = xv), dx);
}

template <class E>
void port2(const char* source, const E& f, double xv, double yv, double value, double dx, double dy) {
    check_near(source, "value", tg::eval(f, x = xv, y = yv), value);
    const auto r = tg::value_and_grad(f, x = xv, y = yv);
    check_near(source, "reverse df/dx", r.grad[x], dx);
    check_near(source, "reverse df/dy", r.grad[y], dy);
    const auto fw = tg::forward_value_and_grad(f, x = xv, y = yv);
    check_near(source, "forward df/dx", fw.grad[x], dx);
    check_near(source, "forward df/dy", fw.grad[y], dy);
    check_near(source, "symbolic df/dx", tg::eval(tg::derivative(f, x), x = xv, y = yv), dx);
    check_near(source, "symbolic df/dy", tg::eval(tg::derivative(f, y), x = xv, y = yv), dy);
}

template <class E>
void port3(const char* source, const E& f, double xv, double yv, double zv, double value, double dx, double dy,
           double dz) {
    check_near(source, "value", tg::eval(f, x = xv, y = yv, z = zv), value);
    const auto r = tg::value_and_grad(f, x = xv, y = yv, z = zv);
    check_near(source, "reverse df/dx", r.grad[x], dx);
    check_near(source, "reverse df/dy", r.grad[y], dy);
    check_near(source, "reverse df/dz", r.grad[z], dz);
    const auto fw = tg::forward_value_and_grad(f, x = xv, y = yv, z = zv);
    check_near(source, "forward df/dx", fw.grad[x], dx);
    check_near(source, "forward df/dy", fw.grad[y], dy);
    check_near(source, "forward df/dz", fw.grad[z], dz);
    check_near(source, "symbolic df/dx", tg::eval(tg::derivative(f, x), x = xv, y = yv, z = zv), dx);
    check_near(source, "symbolic df/dy", tg::eval(tg::derivative(f, y), x = xv, y = yv, z = zv), dy);
    check_near(source, "symbolic df/dz", tg::eval(tg::derivative(f, z), x = xv, y = yv, z = zv), dz);
}
}  // namespace

TEST_CASE("autodiff dual.test.cpp: hyperbolic, inverse trigonometric, log10, erf", "[autodiff-port]") {
    const double a = 0.5;  // dual.test.cpp:413
    port1("dual.test.cpp:426", tg::sinh(x), a, std::sinh(a), std::cosh(a));
    port1("dual.test.cpp:429", tg::cosh(x), a, std::cosh(a), std::sinh(a));
    port1("dual.test.cpp:432", tg::tanh(x), a, std::tanh(a), 1 / (std::cosh(a) * std::cosh(a)));
    port1("dual.test.cpp:435", tg::asin(x), a, std::asin(a), 1 / std::sqrt(1 - a * a));
    port1("dual.test.cpp:438", tg::acos(x), a, std::acos(a), -1 / std::sqrt(1 - a * a));
    port1("dual.test.cpp:441", tg::atan(x), a, std::atan(a), 1 / (1 + a * a));
    port1("dual.test.cpp:450", tg::log10(x), a, std::log10(a), 1 / (std::log(10.0) * a));
    // autodiff writes erf' with 10 digits (0.4151074974, 0.1589417077): checked to 1e-10,
    // and to full precision against 2/sqrt(pi) e^(-x^2).
    const double two_over_sqrt_pi = 1.1283791670955126;
    port1("dual.test.cpp:471", tg::erf(x), 1.0, std::erf(1.0), two_over_sqrt_pi * std::exp(-1.0));
    CHECK(std::abs(tg::grad(tg::erf(x), x = 1.0)[x] - 0.4151074974) < 1e-10);
    port1("dual.test.cpp:474", tg::erf(x), -1.4, std::erf(-1.4), two_over_sqrt_pi * std::exp(-1.96));
    CHECK(std::abs(tg::grad(tg::erf(x), x = -1.4)[x] - 0.1589417077) < 1e-10);
}

TEST_CASE("autodiff dual.test.cpp: atan2 and hypot", "[autodiff-port]") {
    port1("dual.test.cpp:477", tg::atan2(2.0, x), 1.0, std::atan2(2.0, 1.0), -2.0 / (2 * 2 + 1.0));
    port1("dual.test.cpp:480", tg::atan2(x, 2.0), 1.0, std::atan2(1.0, 2.0), 2.0 / (2 * 2 + 1.0));
    {
        const double xv = 1.1, yv = 0.9;  // dual.test.cpp:483-484
        const double r2 = xv * xv + yv * yv;
        port2("dual.test.cpp:485", tg::atan2(y, x), xv, yv, std::atan2(yv, xv), -yv / r2, xv / r2);
        const double s = std::sin(xv), d = 2 * yv + 1;
        port2("dual.test.cpp:488", 3 * tg::atan2(tg::sin(x), 2 * y + 1), xv, yv, 3 * std::atan2(s, d),
              3 * d * std::cos(xv) / (d * d + s * s), 3 * -2 * s / (d * d + s * s));
        port2("dual.test.cpp:500", tg::hypot(x, y), xv, yv, std::hypot(xv, yv), xv / std::hypot(xv, yv),
              yv / std::hypot(xv, yv));
        const double h = std::hypot(2.0 * xv, 3.0 * yv);
        port2("dual.test.cpp:503", tg::hypot(2.0 * x, 3.0 * y), xv, yv, h, 4.0 * xv / h, 9.0 * yv / h);
    }
    port1("dual.test.cpp:492", tg::hypot(x, 2.0), 1.5, std::hypot(1.5, 2.0), 1.5 / std::hypot(1.5, 2.0));
    port1("dual.test.cpp:495", tg::hypot(2.0, x), 1.5, std::hypot(2.0, 1.5), 1.5 / std::hypot(2.0, 1.5));
    port1("dual.test.cpp:507", tg::hypot(x, 2.0, 2.0), 1.5, std::hypot(1.5, 2.0, 2.0), 1.5 / std::hypot(1.5, 2.0, 2.0));
    port1("dual.test.cpp:511", tg::hypot(2.0, x, 2.0), 2.5, std::hypot(2.0, 2.5, 2.0), 2.5 / std::hypot(2.0, 2.5, 2.0));
    port1("dual.test.cpp:515", tg::hypot(2.0, 2.0, x), 3.5, std::hypot(2.0, 2.0, 3.5), 3.5 / std::hypot(2.0, 2.0, 3.5));
    port2("dual.test.cpp:520", tg::hypot(x, y, 2.0), 1.4, 2.4, std::hypot(1.4, 2.4, 2.0),
          1.4 / std::hypot(1.4, 2.4, 2.0), 2.4 / std::hypot(1.4, 2.4, 2.0));
    port2("dual.test.cpp:525", tg::hypot(2.0, x, y), 2.4, 3.4, std::hypot(2.0, 2.4, 3.4),
          2.4 / std::hypot(2.0, 2.4, 3.4), 3.4 / std::hypot(2.0, 2.4, 3.4));
    port2("dual.test.cpp:530", tg::hypot(x, 2.0, y), 3.4, 4.4, std::hypot(3.4, 2.0, 4.4),
          3.4 / std::hypot(3.4, 2.0, 4.4), 4.4 / std::hypot(3.4, 2.0, 4.4));
    {
        const double h = std::hypot(1.6, 2.6, 3.6);
        port3("dual.test.cpp:536", tg::hypot(x, y, z), 1.6, 2.6, 3.6, h, 1.6 / h, 2.6 / h, 3.6 / h);
        const double k = std::hypot(2.0 * 2.6, 3.0 * 3.6, 4.0 * 4.6);
        port3("dual.test.cpp:545", tg::hypot(2.0 * x, 3.0 * y, 4.0 * z), 2.6, 3.6, 4.6, k, 4.0 * 2.6 / k, 9.0 * 3.6 / k,
              16. * 4.6 / k);
    }
}

TEST_CASE("autodiff var.test.cpp: inverse trigonometric, hyperbolic, log10", "[autodiff-port]") {
    const double a = 0.5;  // var.test.cpp:268
    port1("var.test.cpp:280", tg::asin(x), a, std::asin(a), 1.0 / std::sqrt(1 - a * a));
    port1("var.test.cpp:283", tg::acos(x), a, std::acos(a), -1.0 / std::sqrt(1 - a * a));
    port1("var.test.cpp:286", tg::atan(x), a, std::atan(a), 1.0 / (1 + a * a));
    port1("var.test.cpp:292", tg::sinh(x), a, std::sinh(a), std::cosh(a));
    port1("var.test.cpp:295", tg::cosh(x), a, std::cosh(a), std::sinh(a));
    port1("var.test.cpp:307", tg::log10(x), a, std::log10(a), 1.0 / (std::log(10) * a));
}

TEST_CASE("autodiff var.test.cpp: atan2 and hypot", "[autodiff-port]") {
    port1("var.test.cpp:360", tg::atan2(2.0, x), 1.0, std::atan2(2.0, 1.0), -2.0 / (2 * 2 + 1.0));
    port1("var.test.cpp:365", tg::atan2(x, 2.0), 1.0, std::atan2(1.0, 2.0), 2.0 / (2 * 2 + 1.0));
    {
        const double yv = 0.9, xv = 1.1;  // var.test.cpp:368-369
        const double r2 = xv * xv + yv * yv;
        port2("var.test.cpp:371", tg::atan2(y, x), xv, yv, std::atan2(yv, xv), -yv / r2, xv / r2);
        // var.test.cpp:375-377: 3 atan2(sin(y), 2x + 1)
        const double s = std::sin(yv), d = 2 * xv + 1;
        port2("var.test.cpp:376", 3 * tg::atan2(tg::sin(y), 2 * x + 1), xv, yv, 3 * std::atan2(s, d),
              3 * -2 * s / (d * d + s * s), 3 * d * std::cos(yv) / (d * d + s * s));
    }
    port1("var.test.cpp:387", tg::hypot(x, 2.0), 1.8, std::hypot(1.8, 2.0), 1.8 / std::hypot(1.8, 2.0));
    port1("var.test.cpp:392", tg::hypot(2.0, x), 1.5, std::hypot(2.0, 1.5), 1.5 / std::hypot(2.0, 1.5));
    port2("var.test.cpp:398", tg::hypot(x, y), 1.3, 2.3, std::hypot(1.3, 2.3), 1.3 / std::hypot(1.3, 2.3),
          2.3 / std::hypot(1.3, 2.3));
    {
        const double h = std::hypot(2.0 * 1.3, 3.0 * 2.3);
        port2("var.test.cpp:405", tg::hypot(2.0 * x, 3.0 * y), 1.3, 2.3, h, 4.0 * 1.3 / h, 9.0 * 2.3 / h);
    }
    port1("var.test.cpp:416", tg::hypot(x, 2.0, 3.0), 1.5, std::hypot(1.5, 2.0, 3.0), 1.5 / std::hypot(1.5, 2.0, 3.0));
    port1("var.test.cpp:421", tg::hypot(2.0, x, 3.0), 1.8, std::hypot(2.0, 1.8, 3.0), 1.8 / std::hypot(2.0, 1.8, 3.0));
    port1("var.test.cpp:426", tg::hypot(2.0, 3.0, x), 1.9, std::hypot(2.0, 3.0, 1.9), 1.9 / std::hypot(2.0, 3.0, 1.9));
    port2("var.test.cpp:432", tg::hypot(x, y, 2.0), 1.3, 2.3, std::hypot(1.3, 2.3, 2.0),
          1.3 / std::hypot(1.3, 2.3, 2.0), 2.3 / std::hypot(1.3, 2.3, 2.0));
    port2("var.test.cpp:439", tg::hypot(2.0, x, y), 2.3, 3.3, std::hypot(2.0, 2.3, 3.3),
          2.3 / std::hypot(2.0, 2.3, 3.3), 3.3 / std::hypot(2.0, 2.3, 3.3));
    port2("var.test.cpp:446", tg::hypot(x, 2.0, y), 3.3, 4.3, std::hypot(3.3, 2.0, 4.3),
          3.3 / std::hypot(3.3, 2.0, 4.3), 4.3 / std::hypot(3.3, 2.0, 4.3));
    {
        const double h = std::hypot(4.3, 5.3, 6.3);
        port3("var.test.cpp:453", tg::hypot(x, y, z), 4.3, 5.3, 6.3, h, 4.3 / h, 5.3 / h, 6.3 / h);
        const double k = std::hypot(2.0 * 4.3, 3.0 * 5.3, 4.0 * 6.3);
        port3("var.test.cpp:459", tg::hypot(2.0 * x, 3.0 * y, 4.0 * z), 4.3, 5.3, 6.3, k, 4.0 * 4.3 / k, 9.0 * 5.3 / k,
              16. * 6.3 / k);
    }
}

}  // namespace typegrad_test
