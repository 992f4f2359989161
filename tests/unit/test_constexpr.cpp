// The seeds' examples as static_asserts: every pass runs in constant evaluation, on g++
// and clang alike, transcendental functions included (constexpr implementations in
// detail/constexpr_math.hpp where <cmath> is not constexpr).
#include <catch2/catch.hpp>
#include <typegrad.hpp>

namespace tg = typegrad;
using tg::c;

namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr tg::var<"w0"> w0;
constexpr tg::var<"x0"> x0;
constexpr tg::var<"w1"> w1;
constexpr tg::var<"x1"> x1;
constexpr tg::var<"w2"> w2;

constexpr double abs_diff(double p, double q) { return p > q ? p - q : q - p; }
constexpr bool close(double p, double q, double rel = 4e-16) { return abs_diff(p, q) <= rel * (q < 0 ? -q : q); }

// Example 1, every pass.
constexpr auto f = (x + y) * z;
static_assert(tg::eval(f, x = -2.0, y = 5.0, z = -4.0) == -12.0);
static_assert(tg::value_and_grad(f, x = -2.0, y = 5.0, z = -4.0).value == -12.0);
static_assert(tg::grad(f, x = -2.0, y = 5.0, z = -4.0)[x] == -4.0);
static_assert(tg::grad(f, x = -2.0, y = 5.0, z = -4.0)[y] == -4.0);
static_assert(tg::grad(f, x = -2.0, y = 5.0, z = -4.0)[z] == 3.0);
static_assert(tg::jvp(f, tg::at(x = -2.0, y = 5.0, z = -4.0), tg::at(x = 1.0)).tangent == -4.0);
static_assert(tg::forward_value_and_grad(f, x = -2.0, y = 5.0, z = -4.0).grad[z] == 3.0);
static_assert(tg::hessian(f, x = -2.0, y = 5.0, z = -4.0)[x][z] == 1.0);
static_assert(std::is_same_v<std::remove_cvref_t<decltype(tg::derivative(f, x))>, tg::var<"z">>);

// Example 4: the DAG.
constexpr auto dag = (a + b) * tg::pow(b, c<3>);
static_assert(tg::value_and_grad(dag, a = 7.0, b = 3.0).value == 270.0);
static_assert(tg::grad(dag, a = 7.0, b = 3.0)[a] == 27.0);
static_assert(tg::grad(dag, a = 7.0, b = 3.0)[b] == 297.0);
static_assert(tg::eval(tg::derivative(dag, b), a = 7.0, b = 3.0) == 297.0);

// Example 2: the sigmoid neuron, through exp in constant evaluation.
constexpr auto neuron = tg::sigmoid(w0 * x0 + w1 * x1 + w2);
constexpr auto neuron_grad = tg::value_and_grad(neuron, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0);
static_assert(close(neuron_grad.value, 0.7310585786300049));
static_assert(close(neuron_grad.grad[w0], -0.19661193324148185));
static_assert(close(neuron_grad.grad[x0], 0.3932238664829637));
static_assert(close(neuron_grad.grad[w1], -0.3932238664829637));
static_assert(close(neuron_grad.grad[x1], -0.5898357997244456));
static_assert(close(neuron_grad.grad[w2], 0.19661193324148185));
constexpr auto flat_neuron = 1.0 / (1.0 + tg::exp(-(w0 * x0 + w1 * x1 + w2)));
static_assert(close(tg::grad(flat_neuron, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0)[x1],
                    -0.5898357997244456, 1e-15));

// Example 3: forward accumulation with sin/cos.
constexpr auto fa = x1 * y + tg::sin(x1);
static_assert(close(tg::jvp(fa, tg::at(x1 = 0.5, y = 2.0), tg::at(x1 = 1.0)).tangent, 2.0 + 0.87758256189037276));

// Transcendental ops evaluate in constant expressions.
static_assert(close(tg::eval(tg::log(x) + tg::sqrt(x) + tg::tanh(x) + tg::softplus(x), x = 2.0),
                    0.69314718055994531 + 1.4142135623730951 + 0.96402758007581690 + 2.1269280110429727, 1e-15));
static_assert(close(tg::grad(tg::tanh(x), x = 20.0)[x], 1.6993417021166355e-17, 1e-14));
static_assert(tg::grad(tg::sqrt(x), x = 0.0)[x] == __builtin_huge_val());
}  // namespace

TEST_CASE("the seeds' examples hold in constant evaluation", "[constexpr]") {
    // The assertions above are the test; this runs the same calls at run time as well.
    STATIC_REQUIRE(tg::grad(f, x = -2.0, y = 5.0, z = -4.0)[x] == -4.0);
    CHECK(tg::grad(dag, a = 7.0, b = 3.0)[b] == 297.0);
    CHECK(close(tg::value_and_grad(neuron, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0).grad[x0],
                0.3932238664829637));
}
