// The program behind docs/tutorial.md: every code block of the tutorial is a part of this file
// (the test docs.snippets checks that they match), and every number the tutorial states is
// checked here. Exits non-zero if one differs.
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

namespace tg = typegrad;

namespace {
int failures = 0;

void expect(bool ok, const char* what) {
    std::printf("  %-60s %s\n", what, ok ? "ok" : "MISMATCH");
    failures += ok ? 0 : 1;
}

bool near(double got, double expected) { return std::fabs(got - expected) <= 4e-16 * std::fabs(expected); }

void first_expression() {
    std::puts("1. a first expression");
    // [first]
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;
    constexpr auto f = (x + y) * z;  // a value whose type is the graph

    double value = tg::eval(f, x = -2.0, y = 5.0, z = -4.0);      // -12
    auto r = tg::value_and_grad(f, x = -2.0, y = 5.0, z = -4.0);  // reverse mode
    // r.value == -12, r.grad[x] == -4, r.grad[y] == -4, r.grad[z] == 3
    // [first]
    expect(value == -12 && r.value == -12, "f(-2, 5, -4) = -12");
    expect(r.grad[x] == -4 && r.grad[y] == -4 && r.grad[z] == 3, "gradient (-4, -4, 3)");

    // [print]
    std::string text = tg::to_string(f);                     // "(x + y) * z"
    std::string dfdx = tg::to_string(tg::derivative(f, x));  // "z"
    // [print]
    expect(text == "(x + y) * z", text.c_str());
    expect(dfdx == "z", dfdx.c_str());

    // [constexpr]
    static_assert(tg::grad(f, x = -2.0, y = 5.0, z = -4.0)[z] == 3.0);
    // [constexpr]
}

void neuron() {
    std::puts("2. the sigmoid neuron");
    // [neuron]
    constexpr tg::var<"w0"> w0;
    constexpr tg::var<"x0"> x0;
    constexpr tg::var<"w1"> w1;
    constexpr tg::var<"x1"> x1;
    constexpr tg::var<"w2"> w2;
    constexpr auto neuron = tg::sigmoid(w0 * x0 + w1 * x1 + w2);

    auto g = tg::value_and_grad(neuron, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0);
    // g.value     ==  0.7310585786300049   (sigmoid(1))
    // g.grad[w0]  == -0.19661193324148185  (x0 f (1 - f))
    // g.grad[x0]  ==  0.3932238664829637   (w0 f (1 - f))
    // [neuron]
    expect(near(g.value, 0.7310585786300049), "f = sigmoid(1)");
    expect(near(g.grad[w0], -0.19661193324148185), "df/dw0");
    expect(near(g.grad[x0], 0.3932238664829637), "df/dx0");
    expect(near(g.grad[w1], -0.3932238664829637), "df/dw1");
    expect(near(g.grad[x1], -0.5898357997244456), "df/dx1");
    expect(near(g.grad[w2], 0.19661193324148185), "df/dw2");

    // [formula]
    constexpr auto formula = tg::c<1> / (tg::c<1> + tg::exp(-(w0 * x0 + w1 * x1 + w2)));
    auto h = tg::value_and_grad(formula, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0);
    // h.grad[x0] == 0.3932238664829637 as well, to the last bit or two
    // [formula]
    expect(near(h.value, g.value) && near(h.grad[x0], g.grad[x0]), "formula sigmoid agrees");

    // [environment]
    auto point = tg::at(w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0);
    auto same = tg::value_and_grad(neuron, point);  // an environment holds bindings for reuse
    // [environment]
    expect(same.grad[w2] == g.grad[w2], "environment gives the same gradient");
}

void shared_subexpressions() {
    std::puts("3. a DAG: shared subexpressions");
    // [dag]
    constexpr tg::var<"a"> a;
    constexpr tg::var<"b"> b;
    constexpr auto f = (a + b) * tg::pow(b, tg::c<3>);  // b is used twice

    auto r = tg::value_and_grad(f, a = 7.0, b = 3.0);
    // r.value == 270, r.grad[a] == 27, r.grad[b] == 297 (the sum over both uses of b)
    // [dag]
    expect(r.value == 270 && r.grad[a] == 27 && r.grad[b] == 297, "f = 270, grad (27, 297)");
}

void forward_and_second() {
    std::puts("4. forward mode and second derivatives");
    // [forward]
    constexpr tg::var<"x1"> x1;
    constexpr tg::var<"x2"> x2;
    constexpr auto z = x1 * x2 + tg::sin(x1);

    auto point = tg::at(x1 = 0.5, x2 = 2.0);
    auto t1 = tg::jvp(z, point, tg::at(x1 = 1.0));  // t1.tangent == x2 + cos(x1)
    auto t2 = tg::jvp(z, point, tg::at(x2 = 1.0));  // t2.tangent == x1
    auto h = tg::hessian(z, point);                 // h[x1][x1] == -sin(x1), h[x1][x2] == 1
    // [forward]
    expect(t1.tangent == 2.0 + std::cos(0.5) && t2.tangent == 0.5, "tangents x2 + cos(x1), x1");
    expect(h[x1][x1] == -std::sin(0.5) && h[x1][x2] == 1 && h[x2][x2] == 0, "Hessian entries");
}

void vectors() {
    std::puts("5. vectors and matrices");
    // [vectors]
    constexpr tg::var<"W", 2, 2> W;  // a 2 x 2 matrix variable
    constexpr tg::var<"x", 2> x;     // a vector of 2
    constexpr auto f = tg::squared_norm(W * x);

    std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};  // row-major, bound by reference
    std::array<double, 2> v{0.2, 0.4};
    auto r = tg::value_and_grad(f, W = w, x = v);
    // r.value == 0.116, r.grad[W](0, 1) == 0.176 (2 q x^T), r.grad[x](1) == 0.636 (2 W^T q)
    // [vectors]
    expect(std::fabs(r.value - 0.116) < 1e-15, "f = ||W x||^2 = 0.116");
    expect(std::fabs(r.grad[W](0, 1) - 0.176) < 1e-15 && std::fabs(r.grad[x](1) - 0.636) < 1e-15,
           "grad_W(0, 1) = 0.176, grad_x(1) = 0.636");
}
}  // namespace

int main() {
    first_expression();
    neuron();
    shared_subexpressions();
    forward_and_second();
    vectors();
    std::printf("%s\n", failures == 0 ? "the tutorial's numbers hold" : "MISMATCHES FOUND");
    return failures == 0 ? 0 : 1;
}
