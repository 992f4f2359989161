// Which chain-rule products of the reverse and forward sweeps keep chain_mul's zero test
// (passes/finiteness.hpp, finiteness_table): the products the graph proves finite at finite
// inputs are plain multiplications; every product that an infinity can reach from a finite
// input (sqrt'(0), 1/0, log(0), an op that declares nothing) keeps the test, so that
// edge case 17 holds through any number of plain nodes, in every mode.
#include "test_helpers.hpp"

#include "../../examples/custom_op.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;

constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;
constexpr tg::var<"w0"> w0;
constexpr tg::var<"x0"> x0;
constexpr tg::var<"w1"> w1;
constexpr tg::var<"x1"> x1;
constexpr tg::var<"w2"> w2;
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;

template <class E>
using program_t = tg::detail::program_of<E>;

template <class E>
constexpr const auto& table_of = tg::detail::finiteness_of<program_t<E>>::table;

/// The reverse sweep's plain products of E's program, and the slot of node N in it.
template <class E>
constexpr auto plain_of(const E&) {
    return table_of<E>.reverse_plain;
}
template <class E, class N>
constexpr bool plain_at(const E&, const N&) {
    return table_of<E>.reverse_plain[program_t<E>::template slot_of<N>];
}
/// The forward sweep: is the product partial * tangent towards child position K of node N plain?
template <class E, class N>
constexpr bool forward_plain_at(const E&, const N&, std::size_t k) {
    return table_of<E>.forward_plain[program_t<E>::template slot_of<N>][k + 1];
}
/// Every forward product of E (each child position of each node) plain.
template <class E>
constexpr bool all_forward_plain(const E&) {
    using P = program_t<E>;
    for (std::size_t i = 0; i < P::size; ++i)
        for (std::size_t k = 1; k <= P::rows[i][0]; ++k)
            if (!table_of<E>.forward_plain[i][k]) return false;
    return true;
}
template <std::size_t N>
constexpr bool all_true(const std::array<bool, N>& v) {
    for (bool b : v)
        if (!b) return false;
    return true;
}

constexpr double inf = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("reverse sweep: the seeds' examples multiply plainly (no zero test left)", "[chain][reverse]") {
    // S1a, S1b, S1c of the benchmarks: + * sigmoid and integer powers of finite inputs.
    STATIC_REQUIRE(all_true(plain_of((x + y) * z)));
    STATIC_REQUIRE(all_true(plain_of(tg::sigmoid(w0 * x0 + w1 * x1 + w2))));
    STATIC_REQUIRE(all_true(plain_of((a + b) * (b * b * b))));
    STATIC_REQUIRE(all_true(plain_of(tg::tanh(x) * tg::exp(y) - tg::relu(z) + tg::pow(x, tg::c<3>))));
}

TEST_CASE("reverse sweep: the zero test stays wherever an infinity can reach a product", "[chain][reverse]") {
    constexpr auto r = tg::sqrt(x);
    constexpr auto q = y * r;
    // sqrt'(0) = inf; and the mul above it has sqrt's value (NaN below 0) as a partial.
    STATIC_REQUIRE_FALSE(plain_at(q, r));
    STATIC_REQUIRE_FALSE(plain_at(q, q));
    // Through a plain op above it: sigmoid's adjoint flows into y * sqrt(x), which is not plain.
    constexpr auto s = tg::sigmoid(q);
    STATIC_REQUIRE_FALSE(plain_at(s, q));
    STATIC_REQUIRE_FALSE(plain_at(s, r));
    // Division, log, log1p, pow with a real or negative exponent: partials infinite at finite inputs.
    STATIC_REQUIRE_FALSE(plain_at(x / y, x / y));
    STATIC_REQUIRE_FALSE(plain_at(tg::log(x), tg::log(x)));
    STATIC_REQUIRE_FALSE(plain_at(tg::log1p(x), tg::log1p(x)));
    STATIC_REQUIRE_FALSE(plain_at(tg::pow(x, 1.875), tg::pow(x, 1.875)));
    STATIC_REQUIRE_FALSE(plain_at(tg::pow(x, tg::c<-2>), tg::pow(x, tg::c<-2>)));
    // A user-defined op that declares nothing keeps the test.
    STATIC_REQUIRE_FALSE(plain_at(my::cube(x), my::cube(x)));
    // A node above a non-finite one whose partial is a constant (+) passes a finite adjoint
    // on: w0 * x0 beside y * sqrt(x) stays plain; y * sqrt(x) does not.
    constexpr auto m = w0 * x0;
    constexpr auto sum = m + q;
    STATIC_REQUIRE(plain_at(sum, m));
    STATIC_REQUIRE_FALSE(plain_at(sum, q));
    // But a product with such a node passes a possibly infinite adjoint down: (w0 * x0) * sqrt(x).
    constexpr auto p = m * r;
    STATIC_REQUIRE_FALSE(plain_at(p, m));
}

TEST_CASE("forward sweep: the same table decides which lane products are plain", "[chain][forward]") {
    STATIC_REQUIRE(all_forward_plain((x + y) * z));
    STATIC_REQUIRE(all_forward_plain(tg::sigmoid(w0 * x0 + w1 * x1 + w2)));
    STATIC_REQUIRE(all_forward_plain((a + b) * (b * b * b)));
    STATIC_REQUIRE(all_forward_plain(tg::tanh(x) * tg::exp(y) - tg::relu(z) + tg::pow(x, tg::c<3>)));
    constexpr auto r = tg::sqrt(x);
    constexpr auto q = y * r;
    // sqrt'(0) = inf times x's tangent; y times sqrt's possibly infinite tangent.
    STATIC_REQUIRE_FALSE(forward_plain_at(q, r, 0));
    STATIC_REQUIRE_FALSE(forward_plain_at(q, q, 1));
    // sqrt's value is a partial of the mul: y's lane product keeps the test too.
    STATIC_REQUIRE_FALSE(forward_plain_at(q, q, 0));
    // Above it, a finite op's partial times q's possibly infinite tangent keeps the test.
    constexpr auto s = tg::sigmoid(q);
    STATIC_REQUIRE_FALSE(forward_plain_at(s, s, 0));
    // + has constant partials: w0 * x0's finite tangent passes plainly, q's does not.
    constexpr auto m = w0 * x0;
    constexpr auto sum = m + q;
    STATIC_REQUIRE(forward_plain_at(sum, sum, 0));
    STATIC_REQUIRE_FALSE(forward_plain_at(sum, sum, 1));
    STATIC_REQUIRE(forward_plain_at(sum, m, 0));
    STATIC_REQUIRE(forward_plain_at(sum, m, 1));
    // A user-defined op that declares nothing keeps the test.
    STATIC_REQUIRE_FALSE(forward_plain_at(my::cube(x), my::cube(x), 0));
}

TEST_CASE("edge case 17 through plain ops: 0 * sqrt'(0) is 0 in every mode", "[edge][chain][sqrt]") {
    const auto env = tg::at(x = 0.0, y = 0.0, z = 1.5);
    SECTION("sigmoid(y * sqrt(x)): df/dx = sigmoid'(0) * y * sqrt'(0) with y = 0") {
        const auto f = tg::sigmoid(y * tg::sqrt(x));
        INFO("f = " << tg::to_string(f));
        check_first_order(all_first_order(f, x, env), 0.5, 0.0, 0);
    }
    SECTION("tanh(z * (y * sqrt(x))) + z * z: the zero reaches sqrt through two plain nodes") {
        const auto f = tg::tanh(z * (y * tg::sqrt(x))) + z * z;
        INFO("f = " << tg::to_string(f));
        check_first_order(all_first_order(f, x, env), 2.25, 0.0, 0);
        check_first_order(all_first_order(f, z, env), 2.25, 3.0, 0);
    }
    SECTION("(w0 * x0) * sqrt(x) with w0 = 0: the adjoint of w0 * x0 is sqrt(0) = 0, of x is 0 * inf") {
        const auto f = (w0 * x0) * tg::sqrt(x);
        const auto env2 = tg::at(x = 0.0, w0 = 0.0, x0 = 2.0);
        check_first_order(all_first_order(f, x, env2), 0.0, 0.0, 0);
        check_first_order(all_first_order(f, x0, env2), 0.0, 0.0, 0);
    }
}

TEST_CASE("the convention at infinite inputs: reverse and forward mode multiply plainly where the graph is finite",
          "[chain][reverse][forward][inf]") {
    // sigmoid(w0 * x0) at x0 = inf: sigmoid'(inf) = 0 and d(w0 x0)/dw0 = x0 = inf. The reverse
    // and forward sweeps' products here are plain (the graph is finite at finite inputs), so
    // df/dw0 is 0 * inf = NaN, as in Stan, PyTorch and JAX; the symbolic derivative keeps the
    // zero test everywhere and gives 0 (docs/api.md, "Zeros, infinities and NaN").
    const auto f = tg::sigmoid(w0 * x0);
    STATIC_REQUIRE(all_true(plain_of(f)));
    const auto env = tg::at(w0 = 2.0, x0 = inf);
    const auto r = tg::value_and_grad(f, env);
    CHECK(r.value == 1.0);
    CHECK(std::isnan(r.grad[w0]));
    CHECK(r.grad[x0] == 0.0);  // sigmoid'(inf) * w0 = 0 * 2
    CHECK(std::isnan(tg::forward_value_and_grad(f, env).grad[w0]));
    CHECK(std::isnan(tg::jvp(f, env, tg::at(w0 = 1.0)).tangent));
    CHECK(tg::forward_value_and_grad(f, env).grad[x0] == 0.0);
    CHECK(tg::eval(tg::derivative(f, w0), env) == 0.0);
    // At finite inputs the modes agree bit for bit.
    const auto fin = tg::at(w0 = 2.0, x0 = -0.75);
    CHECK(tg::value_and_grad(f, fin).grad[w0] == tg::forward_value_and_grad(f, fin).grad[w0]);
}

TEST_CASE("a quotient by a compile-time constant multiplies plainly, by a variable or an int power it keeps the test",
          "[chain][reverse][forward]") {
    // x / c<3> is finite at finite x (div_op::simplify rejects c<0>), so nothing above or below
    // it needs the zero test.
    constexpr auto q = tg::sigmoid(x / tg::c<3>) * y;
    STATIC_REQUIRE(all_true(plain_of(q)));
    STATIC_REQUIRE(all_forward_plain(q));
    // A divisor that can be 0 keeps it, at the quotient and below it.
    constexpr auto d = tg::sigmoid(x / (y + z));
    STATIC_REQUIRE_FALSE(plain_at(d, x / (y + z)));
    STATIC_REQUIRE_FALSE(plain_at(d, y + z));
    // pow(x, n) for an int n: pow(x, -1) at 0 is 1 / 0, and n's sign is known only at run time.
    const auto p = tg::pow(x, 2);
    using P = decltype(p);
    STATIC_REQUIRE_FALSE(table_of<P>.reverse_plain[program_t<P>::size - 1]);
    // Values bit for bit as plain C++; derivatives as the guarded sweep gives them.
    const auto f = x / tg::c<3> * y;
    const auto env = tg::at(x = 2.0, y = 1.5);
    check_first_order(all_first_order(f, x, env), 2.0 / 3.0 * 1.5, 1.5 * (1.0 / 3.0), 0);
    check_first_order(all_first_order(f, y, env), 2.0 / 3.0 * 1.5, 2.0 / 3.0, 0);
    // Edge case 17's convention where the upstream is an exact 0: still 0, not NaN.
    const auto zero = tg::at(x = 2.0, y = 0.0);
    check_first_order(all_first_order(f, x, zero), 0.0, 0.0, 0);
}
