// The seeds' scalar examples, computed by typegrad, printed next to the worked numbers
// of tests/data/worked_examples.md. Exits non-zero if any number differs.
#include <typegrad.hpp>

#include <cmath>
#include <cstdio>

namespace tg = typegrad;
using tg::c;

namespace {
int failures = 0;

void show(const char* what, double got, double expected, double tolerance = 0) {
    const bool ok = std::fabs(got - expected) <= tolerance * std::fabs(expected);
    std::printf("  %-34s %22.17g   (worked example: %.17g)%s\n", what, got, expected, ok ? "" : "   <-- MISMATCH");
    failures += ok ? 0 : 1;
}
}  // namespace

int main() {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;

    std::puts("1. f = (x + y) * z at x = -2, y = 5, z = -4");
    constexpr auto f = (x + y) * z;
    const auto r = tg::value_and_grad(f, x = -2.0, y = 5.0, z = -4.0);
    std::printf("  expression %s, df/dx = %s (symbolic)\n", tg::to_string(f).c_str(),
                tg::to_string(tg::derivative(f, x)).c_str());
    show("q = x + y", tg::eval(x + y, x = -2.0, y = 5.0), 3);
    show("f", r.value, -12);
    show("df/dx", r.grad[x], -4);
    show("df/dy", r.grad[y], -4);
    show("df/dz", r.grad[z], 3);

    std::puts("2. sigmoid neuron f = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2)))");
    constexpr tg::var<"w0"> w0;
    constexpr tg::var<"x0"> x0;
    constexpr tg::var<"w1"> w1;
    constexpr tg::var<"x1"> x1;
    constexpr tg::var<"w2"> w2;
    constexpr auto neuron = tg::sigmoid(w0 * x0 + w1 * x1 + w2);
    const auto n = tg::value_and_grad(neuron, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0);
    show("f = sigmoid(1)", n.value, 0.7310585786300049, 2e-16);
    show("df/dw0", n.grad[w0], -0.19661193324148185, 2e-16);
    show("df/dx0", n.grad[x0], 0.3932238664829637, 2e-16);
    show("df/dw1", n.grad[w1], -0.3932238664829637, 2e-16);
    show("df/dx1", n.grad[x1], -0.5898357997244456, 2e-16);
    show("df/dw2", n.grad[w2], 0.19661193324148185, 2e-16);

    std::puts("3. forward accumulation: z = x1 * x2 + sin(x1) at x1 = 0.5, x2 = 2");
    constexpr tg::var<"x2"> x2;
    constexpr auto fa = x1 * x2 + tg::sin(x1);
    const auto point = tg::at(x1 = 0.5, x2 = 2.0);
    show("seed x1: dz/dx1 = x2 + cos(x1)", tg::jvp(fa, point, tg::at(x1 = 1.0)).tangent, 2.0 + std::cos(0.5));
    show("seed x2: dz/dx2 = x1", tg::jvp(fa, point, tg::at(x2 = 1.0)).tangent, 0.5);

    std::puts("4. DAG: f = (a + b) * b^3 at a = 7, b = 3 (b is used twice)");
    constexpr tg::var<"a"> a;
    constexpr tg::var<"b"> b;
    constexpr auto dag = (a + b) * tg::pow(b, c<3>);
    const auto d = tg::value_and_grad(dag, a = 7.0, b = 3.0);
    show("f", d.value, 270);
    show("df/da", d.grad[a], 27);
    show("df/db (sum over both uses)", d.grad[b], 297);

    std::puts("5. tree: f = (a + b) * c at a = 7, b = 3, c = 2");
    constexpr tg::var<"c"> cc;
    const auto t = tg::value_and_grad((a + b) * cc, a = 7.0, b = 3.0, cc = 2.0);
    show("f", t.value, 20);
    show("df/da", t.grad[a], 2);
    show("df/db", t.grad[b], 2);
    show("df/dc", t.grad[cc], 10);

    std::puts("6. gates with upstream gradient 5: add distributes, mul swaps, max routes");
    show("add: d(5 (x + y))/dx", tg::grad(c<5> * (x + y), x = 2.0, y = -1.0)[x], 5);
    show("mul: d(5 x y)/dx = 5 y", tg::grad(c<5> * (x * y), x = 2.0, y = -1.0)[x], -5);
    show("max: d(5 max(x, y))/dx", tg::grad(c<5> * tg::max(x, y), x = 2.0, y = -1.0)[x], 5);
    show("max: d(5 max(x, y))/dy", tg::grad(c<5> * tg::max(x, y), x = 2.0, y = -1.0)[y], 0);

    std::puts("7. local derivatives, symbolically");
    std::printf("  d/dx exp(x)     = %s\n", tg::to_string(tg::derivative(tg::exp(x), x)).c_str());
    std::printf("  d/dx (a x)      = %s\n", tg::to_string(tg::derivative(a * x, x)).c_str());
    std::printf("  d/dx (1 / x)    = %s\n", tg::to_string(tg::derivative(c<1> / x, x)).c_str());
    std::printf("  d/dx (c + x)    = %s\n", tg::to_string(tg::derivative(cc + x, x)).c_str());
    std::printf("  d/dx sigmoid(x) = %s\n", tg::to_string(tg::derivative(tg::sigmoid(x), x)).c_str());
    std::printf("  d2/dx2 sigmoid(x) = %s\n",
                tg::to_string(tg::derivative(tg::derivative(tg::sigmoid(x), x), x)).c_str());

    std::printf("%s\n", failures == 0 ? "all worked examples reproduced" : "MISMATCHES FOUND");
    return failures == 0 ? 0 : 1;
}
