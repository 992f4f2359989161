// Tensor values with compile-time shapes (docs/tensors.md): shapes of expressions, bindings
// to the caller's storage (array, span, C array, pointer; no copy), gradients in the result
// or in the caller's buffers, every op's value against a hand computation, worked example 8
// at run time and at compile time, the workspace size.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace {

namespace tg = typegrad;
using tg::c;
using tg::shape;
using tg::shape_of;

constexpr tg::var<"W", 2, 2> W;
constexpr tg::var<"x", 2> x;

/// Within a few ulp of a value given in decimal (the inputs 0.1, 0.2, ... are rounded, so
/// q1 = -0.3 * 0.2 + 0.8 * 0.4 is 0.26000000000000006 and 2 q1 x0 is 4 ulp above 0.104).
bool near(double a, double b, double rel = 1e-15) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}

// ---- shapes -------------------------------------------------------------------------------

constexpr tg::var<"A", 2, 3> A;
constexpr tg::var<"B", 3, 4> B;
constexpr tg::var<"v", 3> v;
constexpr tg::var<"s"> s;

static_assert(std::is_same_v<shape_of<decltype(A)>, shape<2, 3>>);
static_assert(std::is_same_v<shape_of<decltype(s)>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(A * B)>, shape<2, 4>>);
static_assert(std::is_same_v<shape_of<decltype(A * v)>, shape<2>>);
static_assert(std::is_same_v<shape_of<decltype(v * tg::transpose(v))>, shape<3, 3>>);  // outer product
static_assert(std::is_same_v<shape_of<decltype(tg::transpose(A))>, shape<3, 2>>);
static_assert(std::is_same_v<shape_of<decltype(tg::transpose(v))>, shape<1, 3>>);
static_assert(std::is_same_v<shape_of<decltype(tg::transpose(v) * B)>, shape<1, 4>>);
static_assert(std::is_same_v<shape_of<decltype(A + A)>, shape<2, 3>>);
static_assert(std::is_same_v<shape_of<decltype(s * A)>, shape<2, 3>>);  // scalar * tensor scales
static_assert(std::is_same_v<shape_of<decltype(A * s)>, shape<2, 3>>);
static_assert(std::is_same_v<shape_of<decltype(2.0 * A - 1.0)>, shape<2, 3>>);
static_assert(std::is_same_v<shape_of<decltype(tg::sigmoid(A * B))>, shape<2, 4>>);
static_assert(std::is_same_v<shape_of<decltype(tg::hadamard(A, A))>, shape<2, 3>>);
static_assert(std::is_same_v<shape_of<decltype(tg::sum(A))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::mean(A))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::dot(v, v))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::squared_norm(A * v))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::norm(v))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::max(A, s))>, shape<2, 3>>);
// A bias row (M or 1 x M) is broadcast over the rows of an N x M matrix, on either side.
constexpr tg::var<"b", 4> b;
constexpr tg::var<"b_row", 1, 4> b_row;
static_assert(std::is_same_v<shape_of<decltype(A * B + b)>, shape<2, 4>>);
static_assert(std::is_same_v<shape_of<decltype(b_row + A * B)>, shape<2, 4>>);
static_assert(std::is_same_v<shape_of<decltype(tg::relu(A * B - b))>, shape<2, 4>>);

// `*` between two tensors is the matrix product; with a scalar it is the core's product.
static_assert(std::is_same_v<decltype(A * B)::op, tg::matmul_op>);
static_assert(std::is_same_v<decltype(s * A)::op, tg::mul_op>);
static_assert(std::is_same_v<decltype(tg::hadamard(A, A))::op, tg::mul_op>);
static_assert(std::is_same_v<decltype(A + A)::op, tg::add_op>);
// Scalar expressions are untouched by the tensor header.
static_assert(std::is_same_v<decltype(s * s)::op, tg::mul_op>);
static_assert(std::is_same_v<decltype(s + s)::op, tg::add_op>);
// Expressions without runtime constants are empty types, as in the core.
static_assert(std::is_empty_v<decltype(tg::squared_norm(W * x))>);

TEST_CASE("tensor: expressions print with their op names", "[tensor]") {
    CHECK(tg::to_string(tg::squared_norm(W * x)) == "squared_norm(matmul(W, x))");
    CHECK(tg::to_string(tg::sum(tg::hadamard(A, 2.0 * A))) == "sum(A * (2 * A))");
    CHECK(tg::to_string(tg::mean(v)) == "sum(v) / 3");
    CHECK(tg::to_string(tg::sigmoid(tg::transpose(A) * A - s)) == "sigmoid(matmul(transpose(A), A) - s)");
}

// ---- worked example 8 -----------------------------------------------------------------------

TEST_CASE("tensor: worked example 8: ||W x||^2", "[tensor][worked]") {
    constexpr auto f = tg::squared_norm(W * x);
    const std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    const std::array<double, 2> u{0.2, 0.4};
    const auto r = tg::value_and_grad(f, W = w, x = u);
    CHECK(near(r.value, 0.116));
    CHECK(near(r.grad[W](0, 0), 0.088));
    CHECK(near(r.grad[W](0, 1), 0.176));
    CHECK(near(r.grad[W](1, 0), 0.104));
    CHECK(near(r.grad[W](1, 1), 0.208));
    CHECK(near(r.grad[x](0), -0.112));
    CHECK(near(r.grad[x](1), 0.636));

    // q = W x is the intermediate of the worked example.
    const auto q = tg::eval(W * x, W = w, x = u);
    CHECK(near(q(0), 0.22));
    CHECK(near(q(1), 0.26));
    // The exact operations of the hand computation, in the same order: bit-identical.
    const double q0 = 0.1 * 0.2 + 0.5 * 0.4, q1 = -0.3 * 0.2 + 0.8 * 0.4;
    CHECK(q(0) == q0);
    CHECK(q(1) == q1);
    CHECK(r.value == q0 * q0 + q1 * q1);
    CHECK(r.grad[W](0, 1) == (q0 + q0) * 0.4);
    CHECK(r.grad[x](1) == (q0 + q0) * 0.5 + (q1 + q1) * 0.8);
    // Gradients come back as arrays too.
    const std::array<double, 4> gw = r.grad[W].to_array();
    CHECK(gw[1] == r.grad[W](0, 1));
}

TEST_CASE("tensor: the issue's spelling, value_and_grad(f, W = w, x = v), is the tensor engine", "[tensor][worked]") {
    constexpr auto f = tg::squared_norm(W * x);
    std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    std::array<double, 2> v{0.2, 0.4};
    const auto r = tg::value_and_grad(f, W = w, x = v);
    const auto same = tg::value_and_grad(f, W = w, x = v);
    CHECK(near(r.value, 0.116));
    CHECK(near(r.grad[W](0, 1), 0.176));
    CHECK(near(r.grad[x](1), 0.636));
    CHECK(r.value == same.value);
    CHECK(r.grad[W](1, 0) == same.grad[W](1, 0));
    CHECK(tg::eval(f, W = w, x = v) == same.value);
    CHECK(tg::grad(f, W = w, x = v)[x](0) == same.grad[x](0));
    // `W = w` binds by reference: a later change of w is seen by the next call.
    w[0] = 0.0;
    CHECK(tg::eval(f, W = w, x = v) != same.value);
    // Scalar variables keep going to the scalar core, also beside tensors.
    constexpr tg::var<"s"> s;
    CHECK(tg::value_and_grad(s * s, s = 3.0).grad[s] == 6.0);
    CHECK(near(tg::value_and_grad(s * tg::sum(x), x = v, s = 2.0).grad[s], 0.6));
}

constexpr auto example8_at_compile_time() {
    std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    std::array<double, 2> u{0.2, 0.4};
    const auto r = tg::value_and_grad(tg::squared_norm(W * x), W = w, x = u);
    return std::array<double, 7>{r.value,         r.grad[W](0, 0), r.grad[W](0, 1), r.grad[W](1, 0),
                                 r.grad[W](1, 1), r.grad[x](0),    r.grad[x](1)};
}

TEST_CASE("tensor: worked example 8 at compile time", "[tensor][worked][constexpr]") {
    constexpr auto r = example8_at_compile_time();
    STATIC_REQUIRE(r[0] > 0.116 - 1e-15);
    STATIC_REQUIRE(r[0] < 0.116 + 1e-15);
    STATIC_REQUIRE(r[6] > 0.636 - 1e-15);
    STATIC_REQUIRE(r[6] < 0.636 + 1e-15);
    // The same numbers as at run time, bit for bit.
    const auto run = example8_at_compile_time();
    for (std::size_t i = 0; i < r.size(); ++i) CHECK(r[i] == run[i]);
}

// ---- bindings -------------------------------------------------------------------------------

TEST_CASE("tensor: a binding refers to the caller's storage: array, span, C array, vector", "[tensor][binding]") {
    std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    const std::array<double, 2> u{0.2, 0.4};
    constexpr auto f = tg::squared_norm(W * x);

    const auto bound = (W = w);
    CHECK(bound.data == w.data());  // a pointer, not a copy
    const double before = tg::eval(f, bound, x = u);
    w[0] = 1.0;  // the binding sees the change
    const double after = tg::eval(f, bound, x = u);
    CHECK(before != after);
    CHECK(after == tg::eval(f, W = w, x = u));

    const std::span<const double, 4> span_w(w);
    const double c_array[2] = {0.2, 0.4};
    const std::vector<double> vector_w(w.begin(), w.end());
    const double* pointer_w = w.data();
    CHECK(tg::eval(f, W = span_w, x = c_array) == after);
    CHECK(tg::eval(f, W = std::span(pointer_w, 4), x = u) == after);
    CHECK(tg::eval(f, W = vector_w, x = u) == after);
    CHECK((W = vector_w).data == vector_w.data());
    CHECK((W = span_w).data == w.data());
    CHECK((x = c_array).data == &c_array[0]);

    // A scalar variable binds to a number, either way.
    CHECK(tg::eval(s * tg::sum(x), x = u, s = 2.0) == tg::eval(s * tg::sum(x), x = u, s = 2.0));
}

TEST_CASE("tensor: gradients into the caller's buffers", "[tensor][binding]") {
    const std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    const std::array<double, 2> u{0.2, 0.4};
    std::array<double, 4> gw{};
    double gx[2] = {99, 99};
    constexpr auto f = tg::squared_norm(W * x);
    const auto r = tg::value_and_grad(f, (W = w).grad_into(gw), (x = u).grad_into(gx));
    CHECK(near(gw[1], 0.176));
    CHECK(near(gx[1], 0.636));
    // r.grad views the caller's buffers; the result stores no gradient of its own.
    CHECK(r.grad[W].data() == gw.data());
    CHECK(r.grad[x].data() == &gx[0]);
    STATIC_REQUIRE(std::tuple_size_v<decltype(r.grad.owned)> == 0);

    // Mixed: one into a buffer, one in the result (2 elements stored).
    std::span<double, 4> span_gw(gw);
    const auto m = tg::value_and_grad(f, (W = w).grad_into(span_gw), x = u);
    STATIC_REQUIRE(std::tuple_size_v<decltype(m.grad.owned)> == 2);
    CHECK(m.grad[x](1) == gx[1]);
}

TEST_CASE("tensor: data bound with no_grad is not differentiated", "[tensor][binding]") {
    constexpr tg::var<"X", 3, 2> X;  // data
    constexpr tg::var<"y", 3> y;     // targets
    constexpr tg::var<"M", 2, 2> M;  // data, used only with other data
    constexpr tg::var<"theta", 2> theta;
    const auto f = tg::squared_norm(X * theta - y) + tg::dot(theta, M * tg::transpose(X) * y);
    const std::array<double, 6> xs{1, 2, -1, 0.5, 0.25, 3};
    const std::array<double, 3> ys{1, -2, 0.5};
    const std::array<double, 4> ms{0.5, -1, 2, 1};
    const std::array<double, 2> th{0.3, -0.7};
    const auto all = tg::value_and_grad(f, X = xs, y = ys, M = ms, theta = th);
    const auto some = tg::value_and_grad(f, (X = xs).no_grad(), (y = ys).no_grad(), (M = ms).no_grad(), theta = th);
    CHECK(some.value == all.value);
    CHECK(some.grad[theta](0) == all.grad[theta](0));
    CHECK(some.grad[theta](1) == all.grad[theta](1));
    STATIC_REQUIRE(std::tuple_size_v<decltype(some.grad.owned)> == 2);  // theta only

    // Nodes that depend on data alone need no adjoint: X^T (3 x 2), M X^T (2 x 3), (M X^T) y (2).
    using E = std::remove_cvref_t<decltype(f)>;
    using all_layout = tg::detail::layout_of<E>;
    using some_layout = tg::detail::layout_of<E, tg::detail::list<std::remove_cvref_t<decltype(theta)>>>;
    STATIC_REQUIRE(some_layout::values == all_layout::values);
    STATIC_REQUIRE(some_layout::adjoints == all_layout::adjoints - (6 + 6 + 2));
}

TEST_CASE("tensor: a bound variable that the expression does not use has a zero gradient", "[tensor]") {
    const std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    const std::array<double, 2> u{0.2, 0.4};
    std::array<double, 4> gw{1, 2, 3, 4};
    const auto r = tg::value_and_grad(tg::squared_norm(x), (W = w).grad_into(gw), x = u, s = 3.0);
    CHECK(gw == std::array<double, 4>{0, 0, 0, 0});
    CHECK(r.grad[s] == 0.0);
    CHECK(r.grad[x](0) == 0.4);
    // A constant expression: every gradient is zero.
    const auto k = tg::value_and_grad(c<3>, x = u);
    CHECK(k.value == 3.0);
    CHECK(k.grad[x](1) == 0.0);
}

TEST_CASE("tensor: float tensors compute in float", "[tensor]") {
    const std::array<float, 4> w{0.1f, 0.5f, -0.3f, 0.8f};
    const std::array<float, 2> u{0.2f, 0.4f};
    const auto r = tg::value_and_grad(tg::squared_norm(W * x), W = w, x = u, s = 2.0);
    STATIC_REQUIRE(std::is_same_v<decltype(r.value), float>);
    CHECK(std::abs(r.value - 0.116f) < 1e-6f);
    CHECK(std::abs(r.grad[x](1) - 0.636f) < 1e-6f);
}

// ---- values of every op --------------------------------------------------------------------

TEST_CASE("tensor: values: matrix products, transpose, reductions", "[tensor]") {
    const std::array<double, 6> a{1, 2, 3, 4, 5, 6};                        // [[1 2 3] [4 5 6]]
    const std::array<double, 12> bm{1, 0, 2, -1, 0, 1, 3, 2, -2, 1, 0, 4};  // 3 x 4
    const std::array<double, 3> vv{1, -1, 2};
    const auto ba = (A = a);
    const auto bb = (B = bm);
    const auto bv = (v = vv);

    const auto ab = tg::eval(A * B, ba, bb);
    // row 0: [1*1+2*0+3*-2, 1*0+2*1+3*1, 1*2+2*3+3*0, 1*-1+2*2+3*4]
    CHECK(ab.to_array() == std::array<double, 8>{-5, 5, 8, 15, -8, 11, 23, 30});
    CHECK(ab(1, 3) == 30);

    const auto av = tg::eval(A * v, ba, bv);
    CHECK(av.to_array() == std::array<double, 2>{5, 11});

    const auto at = tg::eval(tg::transpose(A), ba);
    CHECK(at.to_array() == std::array<double, 6>{1, 4, 2, 5, 3, 6});
    CHECK(at(2, 1) == 6);

    const auto outer = tg::eval(v * tg::transpose(v), bv);
    CHECK(outer.to_array() == std::array<double, 9>{1, -1, 2, -1, 1, -2, 2, -2, 4});

    const auto row = tg::eval(tg::transpose(v) * B, bv, bb);
    CHECK(row.to_array() == std::array<double, 4>{-3, 1, -1, 5});

    CHECK(tg::eval(tg::sum(A), ba) == 21);
    CHECK(tg::eval(tg::mean(A), ba) == 3.5);
    CHECK(tg::eval(tg::dot(v, v), bv) == 6);
    CHECK(tg::eval(tg::squared_norm(A), ba) == 91);
    CHECK(tg::eval(tg::norm(v), bv) == std::sqrt(6.0));
    CHECK(tg::eval(tg::dot(tg::transpose(A), tg::transpose(A)), ba) == 91);
}

TEST_CASE("tensor: values: elementwise arithmetic and scalar functions, with scalar broadcast", "[tensor]") {
    const std::array<double, 6> a{1, 2, 3, 4, 5, 6};
    const std::array<double, 6> a2{0.5, -1, 2, 0, 1, -3};
    constexpr tg::var<"A2", 2, 3> A2;
    const auto ba = (A = a);
    const auto ba2 = (A2 = a2);

    CHECK(tg::eval(A + A2, ba, ba2).to_array() == std::array<double, 6>{1.5, 1, 5, 4, 6, 3});
    CHECK(tg::eval(A - A2, ba, ba2).to_array() == std::array<double, 6>{0.5, 3, 1, 4, 4, 9});
    CHECK(tg::eval(-A, ba).to_array() == std::array<double, 6>{-1, -2, -3, -4, -5, -6});
    CHECK(tg::eval(tg::hadamard(A, A2), ba, ba2).to_array() == std::array<double, 6>{0.5, -2, 6, 0, 5, -18});
    CHECK(tg::eval(2.0 * A, ba).to_array() == std::array<double, 6>{2, 4, 6, 8, 10, 12});
    CHECK(tg::eval(A / 2.0, ba).to_array() == std::array<double, 6>{0.5, 1, 1.5, 2, 2.5, 3});
    CHECK(tg::eval(s * A - 1.0, ba, s = 3.0).to_array() == std::array<double, 6>{2, 5, 8, 11, 14, 17});
    CHECK(tg::eval(c<1> - A, ba).to_array() == std::array<double, 6>{0, -1, -2, -3, -4, -5});
    CHECK(tg::eval(tg::relu(A2), ba2).to_array() == std::array<double, 6>{0.5, 0, 2, 0, 1, 0});
    CHECK(tg::eval(tg::max(A2, 0.75), ba2).to_array() == std::array<double, 6>{0.75, 0.75, 2, 0.75, 1, 0.75});
    CHECK(tg::eval(tg::pow(A, c<2>), ba).to_array() == std::array<double, 6>{1, 4, 9, 16, 25, 36});

    // Every element is the core's own scalar function of that element, bit for bit.
    const auto sg = tg::eval(tg::sigmoid(A2), ba2);
    const auto th = tg::eval(tg::tanh(A - A2), ba, ba2);
    const auto lg = tg::eval(tg::log(A), ba);
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(sg[i] == tg::sigmoid(a2[i]));
        CHECK(th[i] == tg::tanh(a[i] - a2[i]));
        CHECK(lg[i] == tg::log(a[i]));
    }
}

TEST_CASE("tensor: values: a bias row is added to every row", "[tensor]") {
    const std::array<double, 6> a{1, 2, 3, 4, 5, 6};
    const std::array<double, 12> bm{1, 0, 2, -1, 0, 1, 3, 2, -2, 1, 0, 4};
    const std::array<double, 4> bias{10, 20, 30, 40};
    const auto ab = tg::eval(A * B, A = a, B = bm);
    const auto plus = tg::eval(A * B + b, A = a, B = bm, b = bias);
    const auto row_plus = tg::eval(b_row + A * B, A = a, B = bm, b_row = bias);
    const auto minus = tg::eval(A * B - b, A = a, B = bm, b = bias);
    for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t j = 0; j < 4; ++j) {
            CHECK(plus(r, j) == ab(r, j) + bias[j]);
            CHECK(row_plus(r, j) == bias[j] + ab(r, j));
            CHECK(minus(r, j) == ab(r, j) - bias[j]);
        }
    // d sum(A B + b) / db_j = number of rows.
    const auto g = tg::grad(tg::sum(A * B + b), A = a, B = bm, b = bias);
    CHECK(g[b].to_array() == std::array<double, 4>{2, 2, 2, 2});
}

TEST_CASE("tensor: literals in tensor expressions keep their own values", "[tensor]") {
    const std::array<double, 3> vv{1, -1, 2};
    const auto f = tg::sum(2.0 * v) + tg::dot(v, 3.0 * v) + tg::sum(v - 0.5);
    // 2*2 + 3*6 + (2 - 1.5)
    CHECK(tg::eval(f, v = vv) == 4 + 18 + 0.5);
    const auto r = tg::value_and_grad(f, v = vv);
    // d/dv = 2 + 6 v + 1
    CHECK(r.grad[v](0) == 9);
    CHECK(r.grad[v](1) == -3);
    CHECK(r.grad[v](2) == 15);
}

TEST_CASE("tensor: a shared subexpression is computed once and its adjoint accumulated", "[tensor]") {
    const std::array<double, 4> w{0.1, 0.5, -0.3, 0.8};
    const std::array<double, 2> u{0.2, 0.4};
    const auto y = W * x;
    const auto f = tg::dot(y, y);  // the same as ||W x||^2, with y used twice
    const auto g = tg::squared_norm(y);
    const auto rf = tg::value_and_grad(f, W = w, x = u);
    const auto rg = tg::value_and_grad(g, W = w, x = u);
    CHECK(rf.value == rg.value);
    for (std::size_t i = 0; i < 4; ++i) CHECK(rf.grad[W][i] == rg.grad[W][i]);
    for (std::size_t i = 0; i < 2; ++i) CHECK(rf.grad[x][i] == rg.grad[x][i]);
    // The DAG has one matmul node: W, x, W x, dot.
    STATIC_REQUIRE(tg::detail::topological_order<std::remove_cvref_t<decltype(f)>>::size == 4);
}

// ---- workspace ---------------------------------------------------------------------------

TEST_CASE("tensor: the workspace is a compile-time constant: values and adjoints, no Jacobian", "[tensor][workspace]") {
    // ||W x||^2: W x (2 values, 2 adjoints) and the root (1 value, 1 adjoint).
    // The gradients of W and x (6 elements) complete the workspace.
    using F = decltype(tg::squared_norm(W * x));
    STATIC_REQUIRE(tg::workspace<F>::value_elements == 3);
    STATIC_REQUIRE(tg::workspace<F>::adjoint_elements == 3);
    STATIC_REQUIRE(tg::workspace<F>::gradient_elements == 6);
    STATIC_REQUIRE(tg::workspace<F>::bytes() == 12 * sizeof(double));

    // The seeds' 2-layer network (#12): N=64, D_in=1000, H=100, D_out=10.
    constexpr tg::var<"X", 64, 1000> X;
    constexpr tg::var<"Y", 64, 10> Y;
    constexpr tg::var<"W1", 1000, 100> W1;
    constexpr tg::var<"W2", 100, 10> W2;
    constexpr auto loss = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y);
    using L = decltype(loss);
    // Intermediates: X W1 and its sigmoid (64 x 100 each), h W2 (64 x 10), the loss; each
    // with an adjoint. h W2 - Y is computed inside the squared_norm's loop (a fused region)
    // and never stored. The inputs are read in place.
    constexpr std::size_t intermediates = 2 * 64 * 100 + 64 * 10 + 1;
    STATIC_REQUIRE((tg::workspace<L>::value_elements + tg::workspace<L>::adjoint_elements) == 2 * intermediates);
    // A bound for the MLP: at most 2 * (activations) doubles, about 220 KB; a Jacobian of
    // sigmoid(X W1) alone would hold (64 * 100)^2 doubles = 328 MB.
    constexpr std::size_t sweep_bytes = (tg::workspace<L>::value_elements + tg::workspace<L>::adjoint_elements) * 8;
    STATIC_REQUIRE(sweep_bytes <= 2 * 8 * (64 * 100 * 2 + 64 * 10 * 2 + 1));
    STATIC_REQUIRE(sweep_bytes < tg::stack_limit_bytes);
    // With the gradients of W1 and W2 (and of X and Y, if asked) the call needs a workspace
    // or .grad_into buffers for them.
    STATIC_REQUIRE(tg::workspace<L>::gradient_elements == 64 * 1000 + 64 * 10 + 1000 * 100 + 100 * 10);
}

}  // namespace
