// Network building blocks: max_along and maxout (tensor/maxout.hpp), prelu and linear
// (tensor/layers.hpp), and every activation of the seeds applied elementwise to a matrix
// (sigmoid, tanh, relu, leaky_relu, abs, elu, softplus, hard_tanh, swish). Values against
// independent loops and the core's scalar functions; the conventions at ties and kinks;
// gradients against central finite differences.
#include "tensor_fd_helpers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;
using namespace typegrad_test::tensor;
using tg::shape;
using tg::shape_of;

constexpr tg::var<"X", 3, 4> X;
constexpr tg::var<"R", 3, 4> R;  // upstream weights of X's shape
constexpr tg::var<"v", 4> v;
constexpr tg::var<"c4", 4> c4;  // weights of one value per column
constexpr tg::var<"r3", 3> r3;  // weights of one value per row
constexpr tg::var<"W", 4, 2> W;
constexpr tg::var<"b", 2> b;
constexpr tg::var<"b_row", 1, 2> b_row;
constexpr tg::var<"R32", 3, 2> R32;
constexpr tg::var<"s"> s;
constexpr tg::var<"alpha"> alpha;
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;

static_assert(std::is_same_v<shape_of<decltype(tg::max_along<1>(X))>, shape<3>>);  // one per row
static_assert(std::is_same_v<shape_of<decltype(tg::max_along<0>(X))>, shape<4>>);  // one per column
static_assert(std::is_same_v<shape_of<decltype(tg::max_along<0>(v))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::maxout<2>(X))>, shape<3, 2>>);
static_assert(std::is_same_v<shape_of<decltype(tg::maxout<4>(X))>, shape<3, 1>>);
static_assert(std::is_same_v<shape_of<decltype(tg::maxout<2>(v))>, shape<2>>);
static_assert(std::is_same_v<shape_of<decltype(tg::linear(X, W, b))>, shape<3, 2>>);
static_assert(std::is_same_v<shape_of<decltype(tg::linear(X, W, b_row))>, shape<3, 2>>);
static_assert(std::is_same_v<shape_of<decltype(tg::prelu(X, alpha))>, shape<3, 4>>);
static_assert(std::is_same_v<shape_of<decltype(tg::prelu(X, c4))>, shape<3, 4>>);  // a slope per column

// ---- max_along, maxout --------------------------------------------------------------------

/// Uniform values in [lo, hi], any two at least `gap` apart: the stencil (which moves one
/// element by up to 3 h <= 0.09 here) never crosses a tie, where max has a kink.
template <std::size_t N>
void fill_separated(std::array<double, N>& values, rng& r, double lo, double hi, double gap) {
    for (std::size_t i = 0; i < N; ++i) {
        bool apart;
        do {
            values[i] = r.uniform(lo, hi);
            apart = true;
            for (std::size_t j = 0; j < i; ++j) apart = apart && std::abs(values[i] - values[j]) >= gap;
        } while (!apart);
    }
}

TEST_CASE("tensor max_along: the maximum of each row, of each column, of a vector", "[tensor][max_along][value]") {
    for (std::uint64_t k = 0; k < 10; ++k) {
        rng gen(seed_of("max_along") + k);
        std::array<double, 12> a{};
        fill(a, gen, -5, 5);
        const auto rows = tg::eval(tg::max_along<1>(X), X = a);
        const auto cols = tg::eval(tg::max_along<0>(X), X = a);
        for (std::size_t r = 0; r < 3; ++r)
            TG_CHECK_SAME(rows(r), *std::max_element(a.begin() + 4 * r, a.begin() + 4 * r + 4));
        for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(cols(j), std::max({a[j], a[4 + j], a[8 + j]}));
        const std::array<double, 4> row{a[0], a[1], a[2], a[3]};
        TG_CHECK_SAME(tg::eval(tg::max_along<0>(v), v = row), rows(0));

        // The gradient goes to the argmax of each row (column): no ties at random points.
        std::array<double, 3> u{};
        fill(u, gen, -1, 1);
        const auto g = tg::grad(tg::dot(tg::max_along<1>(X), r3), X = a, (r3 = u).no_grad());
        for (std::size_t r = 0; r < 3; ++r) {
            const auto at =
                static_cast<std::size_t>(std::max_element(a.begin() + 4 * r, a.begin() + 4 * r + 4) - a.begin());
            for (std::size_t i = 4 * r; i < 4 * r + 4; ++i) TG_CHECK_SAME(g[X][i], i == at ? u[r] : 0.0);
        }
    }
}

TEST_CASE("tensor max_along: ties split the gradient evenly (the partials sum to 1), as the core's max",
          "[tensor][max_along][ties]") {
    const std::array<double, 12> a{2, 5, 5, 1,  //
                                   7, 7, 7, 0,  //
                                   3, 3, 3, 3};
    std::array<double, 3> ones{1, 1, 1};
    const auto g = tg::grad(tg::dot(tg::max_along<1>(X), r3), X = a, (r3 = ones).no_grad());
    const std::array<double, 12> expected{0, 0.5, 0.5, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0, 0.25, 0.25, 0.25, 0.25};
    for (std::size_t i = 0; i < 12; ++i) TG_CHECK_SAME(g[X][i], expected[i]);
    // Along columns: column 0 is (2, 7, 3), column 2 is (5, 7, 3), column 3 is (1, 0, 3).
    std::array<double, 4> col_ones{1, 1, 1, 1};
    const auto gc = tg::grad(tg::dot(tg::max_along<0>(X), c4), X = a, (c4 = col_ones).no_grad());
    const std::array<double, 12> expected_c{0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1};
    for (std::size_t i = 0; i < 12; ++i) TG_CHECK_SAME(gc[X][i], expected_c[i]);
    // Two elements: the core's max(x, y), both at a tie and off it.
    for (const auto& [vx, vy] : {std::pair{1.5, 1.5}, std::pair{1.5, -2.0}, std::pair{-3.0, 0.25}}) {
        const auto rt = tg::value_and_grad(tg::max_along<0>(tg::stack(x, y)), x = vx, y = vy);
        const auto rc = tg::value_and_grad(tg::max(x, y), x = vx, y = vy);
        TG_CHECK_SAME(rt.value, rc.value);
        TG_CHECK_SAME(rt.grad[x], rc.grad[x]);
        TG_CHECK_SAME(rt.grad[y], rc.grad[y]);
    }
}

TEST_CASE("tensor max_along: NaN makes the maximum NaN and every partial of its row NaN",
          "[tensor][max_along][special]") {
    const std::array<double, 12> a{1, nan_v, 3, 0, 1, 2, 3, 4, inf_v, 0, -inf_v, inf_v};
    std::array<double, 3> ones{1, 1, 1};
    const auto r = tg::value_and_grad(tg::dot(tg::max_along<1>(X), r3), X = a, (r3 = ones).no_grad());
    TG_CHECK_SAME(tg::eval(tg::max_along<1>(X), X = a)(0), nan_v);
    TG_CHECK_SAME(tg::eval(tg::max_along<1>(X), X = a)(2), inf_v);
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(r.grad[X](0, j), nan_v);
    const std::array<double, 4> row1{0, 0, 0, 1}, row2{0.5, 0, 0, 0.5};
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(r.grad[X](1, j), row1[j]);
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(r.grad[X](2, j), row2[j]);
    // A zero upstream adjoint gives 0 even through the NaN row (the core's chain rule).
    std::array<double, 3> zero_first{0, 1, 1};
    const auto rz = tg::grad(tg::dot(tg::max_along<1>(X), r3), X = a, (r3 = zero_first).no_grad());
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(rz[X](0, j), 0.0);
}

TEST_CASE("tensor maxout: the maximum of each group of K consecutive columns", "[tensor][maxout][value]") {
    rng gen(seed_of("maxout"));
    std::array<double, 12> a{};
    fill(a, gen, -5, 5);
    const auto m2 = tg::eval(tg::maxout<2>(X), X = a);
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t j = 0; j < 2; ++j) TG_CHECK_SAME(m2(r, j), std::max(a[4 * r + 2 * j], a[4 * r + 2 * j + 1]));
    const auto m4 = tg::eval(tg::maxout<4>(X), X = a);
    const auto along = tg::eval(tg::max_along<1>(X), X = a);
    for (std::size_t r = 0; r < 3; ++r) TG_CHECK_SAME(m4(r, 0), along(r));  // one group: max along the row
    const std::array<double, 4> row{a[0], a[1], a[2], a[3]};
    const auto mv = tg::eval(tg::maxout<2>(v), v = row);
    TG_CHECK_SAME(mv(0), m2(0, 0));
    TG_CHECK_SAME(mv(1), m2(0, 1));
    CHECK(tg::to_string(tg::maxout<2>(X)) == "maxout(X)");
    CHECK(tg::to_string(tg::max_along<1>(X)) == "max_along<1>(X)");
}

TEST_CASE("tensor max_along, maxout: gradients against finite differences", "[tensor][maxout][fd]") {
    constexpr tg::var<"D", 3, 3> D;
    constexpr tg::var<"E", 3, 4> E;
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of("maxout fd") + k);
        std::array<double, 12> a{}, weights{}, e{};
        std::array<double, 6> w32{};
        std::array<double, 9> d{};
        std::array<double, 4> wc{}, vv{};
        std::array<double, 3> wr{};
        fill_separated(a, gen, -5, 5, 0.2);
        fill(weights, gen, -1, 1);
        fill(e, gen, -1, 1);
        fill(w32, gen, -1, 1);
        fill(d, gen, -1, 1);
        fill(wc, gen, -1, 1);
        fill_separated(vv, gen, -5, 5, 0.2);
        fill(wr, gen, -1, 1);
        check_fd("max_along<1>", tg::dot(tg::max_along<1>(X), r3), none, in(X, a), in(r3, wr));
        check_fd("max_along<0>", tg::dot(tg::max_along<0>(X), c4), none, in(X, a), in(c4, wc));
        check_fd("max_along<0> of a vector", tg::max_along<0>(v), none, in(v, vv));
        check_fd("maxout<2>", tg::dot(tg::maxout<2>(X), R32), none, in(X, a), in(R32, w32));
        // A maxout layer: 2 units of 2 pieces over a 3 x 4 pre-activation D X + E, with E drawn
        // until the pieces of every unit are 0.3 apart (a stencil step moves them by < 0.1).
        const auto pieces_apart = [&] {
            const auto pre = tg::eval(D * X + E, D = d, X = a, E = e);
            for (std::size_t i = 0; i < 12; i += 2)
                if (std::abs(pre[i] - pre[i + 1]) < 0.3) return false;
            return true;
        };
        while (!pieces_apart()) fill(e, gen, -1, 1);
        check_fd("maxout layer", tg::dot(tg::maxout<2>(D * X + E), R32), none, in(D, d), in(X, a), in(E, e),
                 in(R32, w32));
    }
}

// ---- prelu --------------------------------------------------------------------------------

TEST_CASE("tensor prelu: x for x > 0, alpha x otherwise, alpha learnable", "[tensor][prelu]") {
    const std::array<double, 12> a{1.5, -2.0, 0.0, 3.0, -0.5, 0.25, -4.0, 2.0, 0.0, -1.0, 1.0, -3.0};
    std::array<double, 12> u{};
    rng gen(seed_of("prelu"));
    fill(u, gen, -1, 1);
    const double al = 0.2;
    // A scalar slope.
    const auto r = tg::value_and_grad(tg::dot(tg::prelu(X, alpha), R), X = a, alpha = al, (R = u).no_grad());
    double value = 0, dalpha = 0;
    for (std::size_t i = 0; i < 12; ++i) {
        value += u[i] * (a[i] > 0 ? a[i] : al * a[i]);
        if (a[i] <= 0) dalpha += u[i] * a[i];
        // dx = u (x > 0 ? 1 : alpha): at x = 0 the slope is alpha (the core's leaky_relu'(0)).
        TG_CHECK_SAME(r.grad[X][i], a[i] > 0 ? u[i] : u[i] * al);
    }
    CHECK(near_rel(r.value, value, 8 * eps));
    CHECK(near_rel(r.grad[alpha], dalpha, 8 * eps));

    // A slope per column (a row broadcast over the batch): dalpha_j sums column j.
    const std::array<double, 4> slopes{0.1, 0.2, 0.3, 0.4};
    const auto rc = tg::value_and_grad(tg::dot(tg::prelu(X, c4), R), X = a, c4 = slopes, (R = u).no_grad());
    for (std::size_t j = 0; j < 4; ++j) {
        double expected = 0;
        for (std::size_t row = 0; row < 3; ++row) {
            const std::size_t i = 4 * row + j;
            if (a[i] <= 0) expected += u[i] * a[i];
            TG_CHECK_SAME(rc.grad[X][i], a[i] > 0 ? u[i] : u[i] * slopes[j]);
        }
        CHECK(near_rel(rc.grad[c4][j], expected, 4 * eps, 1e-300));
    }
    // A number: a leaky ReLU.
    const auto values = tg::eval(tg::prelu(X, 0.01), X = a);
    for (std::size_t i = 0; i < 12; ++i) TG_CHECK_SAME(values[i], a[i] > 0 ? a[i] : 0.01 * a[i]);
    CHECK(tg::to_string(tg::prelu(X, alpha)) == "leaky_relu(X, alpha)");
}

TEST_CASE("tensor prelu: gradients against finite differences", "[tensor][prelu][fd]") {
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of("prelu fd") + k);
        std::array<double, 12> a{}, u{}, per_element{};
        std::array<double, 4> slopes{};
        std::array<double, 1> al{};
        fill(u, gen, -1, 1);
        fill(slopes, gen, 0, 0.5);
        fill(per_element, gen, 0, 0.5);
        fill(al, gen, 0, 0.5);
        for (double& e : a) {  // away from the kink at 0
            do e = gen.uniform(-3, 3);
            while (std::abs(e) < 0.05);
        }
        check_fd("prelu, scalar alpha", tg::dot(tg::prelu(X, alpha), R), none, in(X, a), in(alpha, al), in(R, u));
        check_fd("prelu, alpha per column", tg::dot(tg::prelu(X, c4), R), none, in(X, a), in(c4, slopes), in(R, u));
        constexpr tg::var<"P", 3, 4> P;
        check_fd("prelu, alpha of X's shape", tg::dot(tg::prelu(X, P), R), none, in(X, a), in(P, per_element),
                 in(R, u));
    }
}

// ---- linear ---------------------------------------------------------------------------------

TEST_CASE("tensor linear: X W + b over a batch, with b a vector or a 1 x M row", "[tensor][linear]") {
    rng gen(seed_of("linear"));
    std::array<double, 12> a{};
    std::array<double, 8> w{};
    std::array<double, 2> bias{};
    std::array<double, 6> u{};
    fill(a, gen, -2, 2);
    fill(w, gen, -2, 2);
    fill(bias, gen, -2, 2);
    fill(u, gen, -1, 1);
    const auto y1 = tg::eval(tg::linear(X, W, b), X = a, W = w, b = bias);
    const auto y2 = tg::eval(tg::linear(X, W, b_row), X = a, W = w, b_row = bias);
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t j = 0; j < 2; ++j) {
            // The products in the kernel's order: ((x0 w0 + x1 w1) + x2 w2) + x3 w3, then + b.
            double s_ = a[4 * r] * w[j];
            for (std::size_t k = 1; k < 4; ++k) s_ = s_ + a[4 * r + k] * w[2 * k + j];
            TG_CHECK_SAME(y1(r, j), s_ + bias[j]);
            TG_CHECK_SAME(y2(r, j), s_ + bias[j]);
        }
    // db = the column sums of the upstream adjoint.
    const auto g = tg::grad(tg::dot(tg::linear(X, W, b), R32), X = a, W = w, b = bias, (R32 = u).no_grad());
    for (std::size_t j = 0; j < 2; ++j) TG_CHECK_SAME(g[b][j], (u[j] + u[2 + j]) + u[4 + j]);
    CHECK(tg::to_string(tg::linear(X, W, b)) == "matmul(X, W) + b");
}

TEST_CASE("tensor linear: gradients against finite differences", "[tensor][linear][fd]") {
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of("linear fd") + k);
        std::array<double, 12> a{};
        std::array<double, 8> w{};
        std::array<double, 2> bias{};
        std::array<double, 6> u{};
        fill(a, gen, -2, 2);
        fill(w, gen, -2, 2);
        fill(bias, gen, -2, 2);
        fill(u, gen, -1, 1);
        check_fd("linear", tg::dot(tg::linear(X, W, b), R32), none, in(X, a), in(W, w), in(b, bias), in(R32, u));
        check_fd("linear, row bias", tg::dot(tg::linear(X, W, b_row), R32), none, in(X, a), in(W, w), in(b_row, bias),
                 in(R32, u));
        check_fd("a layer: tanh(linear)", tg::squared_norm(tg::tanh(tg::linear(X, W, b))), none, in(X, a), in(W, w),
                 in(b, bias));
    }
}

// ---- every activation of the seeds, elementwise ---------------------------------------------

/// Checks that act applied to the matrix X is the core's scalar act element by element
/// (values bit for bit), that its gradient through weights R is R_i times the core's scalar
/// derivative (bit for bit: one chain-rule product), and the gradient against finite
/// differences at points away from the kinks.
template <class Act>
void check_activation(const std::string& name, Act act) {
    INFO(name);
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of(name) + k);
        std::array<double, 12> a{}, u{};
        fill(u, gen, -1, 1);
        for (double& e : a) {  // away from 0 and +-1, the kinks of relu, abs, hard_tanh
            do e = gen.uniform(-3, 3);
            while (std::abs(e) < 0.05 || std::abs(std::abs(e) - 1) < 0.05);
        }
        static_assert(std::is_same_v<shape_of<decltype(act(X))>, shape<3, 4>>);
        const auto values = tg::eval(act(X), X = a);
        const auto g = tg::grad(tg::dot(act(X), R), X = a, (R = u).no_grad());
        for (std::size_t i = 0; i < 12; ++i) {
            const auto scalar = tg::value_and_grad(act(s), s = a[i]);
            TG_CHECK_SAME(values[i], scalar.value);
            TG_CHECK_SAME(g[X][i], u[i] * scalar.grad[s]);
        }
        check_fd(name, tg::dot(act(X), R), none, in(X, a), in(R, u));
    }
}

TEST_CASE("tensor activations: every activation of the seeds applies elementwise", "[tensor][activations]") {
    check_activation("sigmoid", [](auto e) { return tg::sigmoid(e); });
    check_activation("tanh", [](auto e) { return tg::tanh(e); });
    check_activation("relu", [](auto e) { return tg::relu(e); });
    check_activation("leaky_relu", [](auto e) { return tg::leaky_relu(e); });
    check_activation("leaky_relu 0.2", [](auto e) { return tg::leaky_relu(e, 0.2); });
    check_activation("abs", [](auto e) { return tg::abs(e); });
    check_activation("absolute-value rectification", [](auto e) { return tg::leaky_relu(e, -1.0); });
    check_activation("elu", [](auto e) { return tg::elu(e); });
    check_activation("elu 0.5", [](auto e) { return tg::elu(e, 0.5); });
    check_activation("softplus", [](auto e) { return tg::softplus(e); });
    check_activation("hard_tanh", [](auto e) { return tg::hard_tanh(e); });
    check_activation("swish", [](auto e) { return tg::swish(e); });
}

TEST_CASE("tensor activations: the conventions at the kinks hold elementwise", "[tensor][activations]") {
    // relu'(0) = abs'(0) = 0, leaky_relu'(0) = alpha, hard_tanh'(+-1) = 0 (docs/api.md).
    const std::array<double, 12> a{0, -0.0, 1, -1, 0, 0, 0, 0, 2, -2, 0.5, -0.5};
    std::array<double, 12> ones{};
    ones.fill(1);
    const auto relu = tg::grad(tg::dot(tg::relu(X), R), X = a, (R = ones).no_grad());
    const auto abs = tg::grad(tg::dot(tg::abs(X), R), X = a, (R = ones).no_grad());
    const auto leaky = tg::grad(tg::dot(tg::leaky_relu(X, 0.2), R), X = a, (R = ones).no_grad());
    const auto hard = tg::grad(tg::dot(tg::hard_tanh(X), R), X = a, (R = ones).no_grad());
    TG_CHECK_SAME(relu[X][0], 0.0);
    TG_CHECK_SAME(relu[X][1], 0.0);
    TG_CHECK_SAME(abs[X][0], 0.0);
    TG_CHECK_SAME(abs[X][1], 0.0);
    TG_CHECK_SAME(leaky[X][0], 0.2);
    TG_CHECK_SAME(hard[X][2], 0.0);
    TG_CHECK_SAME(hard[X][3], 0.0);
    TG_CHECK_SAME(hard[X][10], 1.0);
}

}  // namespace
