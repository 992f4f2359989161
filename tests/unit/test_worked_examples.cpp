// The scalar worked examples 1-7 of the seeds (tests/data/worked_examples.md), in
// every mode: reverse, forward (one tangent and all at once), symbolic, Hessian.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <cmath>

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
constexpr tg::var<"x2"> x2;

/// Distance in units in the last place between two finite doubles.
long long ulps(double p, double q) {
    if (p == q) return 0;
    auto key = [](double v) {
        long long i;
        static_assert(sizeof i == sizeof v);
        __builtin_memcpy(&i, &v, sizeof v);
        return i < 0 ? (long long)0x8000000000000000ULL - i : i;
    };
    long long d = key(p) - key(q);
    return d < 0 ? -d : d;
}
}  // namespace

TEST_CASE("1. (x+y)*z at x=-2, y=5, z=-4: f = -12, grad (-4, -4, 3)", "[worked]") {
    constexpr auto f = (x + y) * z;
    static_assert(std::is_empty_v<decltype(f)>, "an expression without runtime constants is stateless");
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(f)>,
                                 tg::node<tg::mul_op, tg::node<tg::add_op, tg::var<"x">, tg::var<"y">>, tg::var<"z">>>);
    CHECK(tg::eval(x + y, x = -2.0, y = 5.0) == 3.0);
    CHECK(tg::eval(f, x = -2.0, y = 5.0, z = -4.0) == -12.0);

    const auto r = tg::value_and_grad(f, x = -2.0, y = 5.0, z = -4.0);
    CHECK(r.value == -12.0);
    CHECK(r.grad[x] == -4.0);
    CHECK(r.grad[y] == -4.0);
    CHECK(r.grad[z] == 3.0);
    CHECK(tg::grad(f, z = -4.0, x = -2.0, y = 5.0)[z] == 3.0);  // bindings in any order

    const auto t = tg::jvp(f, tg::at(x = -2.0, y = 5.0, z = -4.0), tg::at(x = 1.0));
    CHECK(t.value == -12.0);
    CHECK(t.tangent == -4.0);
    const auto fw = tg::forward_value_and_grad(f, x = -2.0, y = 5.0, z = -4.0);
    CHECK(fw.grad[x] == -4.0);
    CHECK(fw.grad[y] == -4.0);
    CHECK(fw.grad[z] == 3.0);

    constexpr auto dfdx = tg::derivative(f, x);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(dfdx)>, tg::var<"z">>, "d/dx (x+y)z simplifies to z");
    CHECK(tg::to_string(dfdx) == "z");
    CHECK(tg::to_string(f) == "(x + y) * z");
    CHECK(tg::to_string(tg::derivative(f, z)) == "x + y");

    const auto h = tg::hessian(f, x = -2.0, y = 5.0, z = -4.0);
    CHECK(h[x][z] == 1.0);
    CHECK(h[z][x] == 1.0);
    CHECK(h[x][x] == 0.0);
    CHECK(h[z][z] == 0.0);
}

TEST_CASE("2. sigmoid neuron at w0=2, x0=-1, w1=-3, x1=-2, w2=-3", "[worked]") {
    // The seeds' "flat" neuron, built from primitives, and the same with tg::sigmoid.
    constexpr auto s = w0 * x0 + w1 * x1 + w2;
    constexpr auto by_hand = 1.0 / (1.0 + tg::exp(-s));
    constexpr auto by_op = tg::sigmoid(s);
    const double expected_value = 0.7310585786300049;
    const double ds = 0.19661193324148185;  // f (1 - f)
    const double expected[5] = {-ds, 0.3932238664829637, -0.3932238664829637, -0.5898357997244456, ds};

    CHECK(tg::eval(s, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0) == 1.0);
    auto check_all = [&](const auto& f, long long tolerance_ulps) {
        const auto r = tg::value_and_grad(f, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0);
        const auto fw = tg::forward_value_and_grad(f, w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0);
        const double reverse[5] = {r.grad[w0], r.grad[x0], r.grad[w1], r.grad[x1], r.grad[w2]};
        const double forward[5] = {fw.grad[w0], fw.grad[x0], fw.grad[w1], fw.grad[x1], fw.grad[w2]};
        const double symbolic[5] = {
            tg::eval(tg::derivative(f, w0), w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0),
            tg::eval(tg::derivative(f, x0), w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0),
            tg::eval(tg::derivative(f, w1), w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0),
            tg::eval(tg::derivative(f, x1), w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0),
            tg::eval(tg::derivative(f, w2), w0 = 2.0, x0 = -1.0, w1 = -3.0, x1 = -2.0, w2 = -3.0)};
        CHECK(ulps(r.value, expected_value) <= 1);
        for (int i = 0; i < 5; ++i) {
            CAPTURE(i, reverse[i], forward[i], symbolic[i], expected[i]);
            CHECK(ulps(reverse[i], expected[i]) <= tolerance_ulps);
            CHECK(ulps(forward[i], expected[i]) <= tolerance_ulps);
            CHECK(ulps(symbolic[i], expected[i]) <= tolerance_ulps);
        }
    };
    // Built from 1/(1+exp(-s)), the partials round differently from f(1-f): a few ulp.
    check_all(by_hand, 4);
    // tg::sigmoid's rule sigmoid(s) sigmoid(-s) reproduces the seeds' numbers to an ulp.
    check_all(by_op, 1);
}

TEST_CASE("3. forward accumulation of z = x1*x2 + sin(x1), one pass per input", "[worked]") {
    constexpr auto f = x1 * x2 + tg::sin(x1);
    for (double p : {-1.3, 0.49, 2.0}) {
        for (double q : {-0.5, 3.0}) {
            const auto point = tg::at(x1 = p, x2 = q);
            const auto seed_x1 = tg::jvp(f, point, tg::at(x1 = 1.0));
            const auto seed_x2 = tg::jvp(f, point, tg::at(x2 = 1.0));
            CHECK(seed_x1.tangent == q + std::cos(p));  // dz/dx1 = x2 + cos(x1)
            CHECK(seed_x2.tangent == p);                // dz/dx2 = x1
            const auto r = tg::value_and_grad(f, x1 = p, x2 = q);
            CHECK(r.grad[x1] == seed_x1.tangent);
            CHECK(r.grad[x2] == seed_x2.tangent);
        }
    }
    CHECK(tg::to_string(tg::derivative(f, x1)) == "x2 + cos(x1)");
    CHECK(tg::to_string(tg::derivative(f, x2)) == "x1");
}

TEST_CASE("4. DAG (a+b)*b^3 at a=7, b=3: 270, df/da = 27, df/db = 297", "[worked]") {
    for (const auto& f : {(a + b) * tg::pow(b, c<3>)}) {
        const auto r = tg::value_and_grad(f, a = 7.0, b = 3.0);
        CHECK(r.value == 270.0);
        CHECK(r.grad[a] == 27.0);
        CHECK(r.grad[b] == 297.0);  // 27 + 10 * 27: the adjoint of b sums its two uses
        const auto fw = tg::forward_value_and_grad(f, a = 7.0, b = 3.0);
        CHECK(fw.grad[a] == 27.0);
        CHECK(fw.grad[b] == 297.0);
        CHECK(tg::eval(tg::derivative(f, b), a = 7.0, b = 3.0) == 297.0);
    }
    // b^3 spelled as a product and with runtime exponents: same numbers.
    CHECK(tg::grad((a + b) * (b * b * b), a = 7.0, b = 3.0)[b] == 297.0);
    CHECK(tg::grad((a + b) * tg::pow(b, 3), a = 7.0, b = 3.0)[b] == 297.0);
    CHECK(tg::grad((a + b) * tg::pow(b, 3.0), a = 7.0, b = 3.0)[b] == 297.0);
    // The shared b appears once in the graph.
    using nodes = tg::detail::topological_order<std::remove_cvref_t<decltype((a + b) * tg::pow(b, c<3>))>>;
    STATIC_REQUIRE(nodes::size == 5);  // a, b, a+b, b^3, product
}

TEST_CASE("5. tree (a+b)*c at a=7, b=3, c=2: f = 20, grads (2, 2, 10)", "[worked]") {
    constexpr tg::var<"c"> cc;
    const auto r = tg::value_and_grad((a + b) * cc, a = 7.0, b = 3.0, cc = 2.0);
    CHECK(r.value == 20.0);
    CHECK(r.grad[a] == 2.0);
    CHECK(r.grad[b] == 2.0);
    CHECK(r.grad[cc] == 10.0);
}

TEST_CASE("6. gate patterns: add distributes, copy adds, mul swaps, max routes", "[worked]") {
    // add distributes the upstream gradient (here 5) unchanged.
    auto upstream = [](auto gate) { return c<5> * gate; };
    auto ra = tg::value_and_grad(upstream(x + y), x = 2.0, y = -1.0);
    CHECK(ra.grad[x] == 5.0);
    CHECK(ra.grad[y] == 5.0);
    // copy: one value used twice gets the sum of both gradients.
    auto rc = tg::value_and_grad(upstream(x) + c<3> * x, x = 2.0);
    CHECK(rc.grad[x] == 8.0);
    // mul swaps: each input gets upstream times the other input.
    auto rm = tg::value_and_grad(upstream(x * y), x = 2.0, y = -1.0);
    CHECK(rm.grad[x] == -5.0);
    CHECK(rm.grad[y] == 10.0);
    // max routes the whole upstream gradient to the larger input.
    auto rx = tg::value_and_grad(upstream(tg::max(x, y)), x = 2.0, y = -1.0);
    CHECK(rx.grad[x] == 5.0);
    CHECK(rx.grad[y] == 0.0);
}

TEST_CASE("7. local derivatives listed in seed 001", "[worked]") {
    for (double p : {-2.0, -0.5, 0.25, 1.0, 3.0}) {
        CAPTURE(p);
        CHECK(tg::grad(tg::exp(x), x = p)[x] == std::exp(p));  // e^x
        CHECK(tg::grad(c<3> * x, x = p)[x] == 3.0);            // a x -> a
        CHECK(tg::grad(2.5 * x, x = p)[x] == 2.5);
        CHECK(tg::grad(1.0 / x, x = p)[x] == -(1.0 / p) / p);  // -1/x^2
        CHECK(ulps(tg::grad(1.0 / x, x = p)[x], -1.0 / (p * p)) <= 1);
        CHECK(tg::grad(c<7> + x, x = p)[x] == 1.0);  // c + x -> 1
        // (1 - s) s, evaluated in long double so that the reference does not cancel.
        const long double s = 1.0L / (1.0L + std::exp(-(long double)p));
        CHECK(ulps(tg::grad(tg::sigmoid(x), x = p)[x], static_cast<double>((1.0L - s) * s)) <= 2);
    }
    CHECK(tg::to_string(tg::derivative(tg::exp(x), x)) == "exp(x)");
    CHECK(tg::to_string(tg::derivative(c<3> * x, x)) == "3");
    CHECK(tg::to_string(tg::derivative(c<7> + x, x)) == "1");
    CHECK(tg::to_string(tg::derivative(tg::sigmoid(x), x)) == "sigmoid(x) * sigmoid(-x)");
}
