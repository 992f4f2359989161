// Tensor gradients: every tensor op and every elementwise application (of the core's
// functions and of the user-defined ops of examples/custom_op.hpp) against finite
// differences (6-point stencil, as test_finite_differences.cpp), and agreement with the
// same function built elementwise from scalar variables and differentiated by the core.
//
// Each check differentiates f = <op(inputs), R> (or a reduction of op) with a random weight
// tensor R, so that the upstream adjoint differs per element, and compares every partial
// with the stencil applied to eval, perturbing the caller's array in place (the
// binding refers to it). Tolerance: |ad - fd| <= max(1e-6 * max(|ad|, |fd|), 1e-9 * S),
// S = max |f| over the stencil points (see test_finite_differences.cpp for why).
#include "tensor_fd_helpers.hpp"
#include "test_helpers.hpp"

#include <typegrad.hpp>

#include "../../examples/custom_op.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;
using namespace typegrad_test::tensor;
using tg::c;

constexpr std::uint64_t points_per_op = 5;

// The inputs, fill and fd_evaluate come from tensor_fd_helpers.hpp. The check below differs
// from its check_fd in one point: the value of value_and_grad must equal eval
// with ==, so a NaN value fails here (every function checked in this file is finite).

/// Checks the reverse-mode gradient of f with respect to every element of every input.
template <class E, class... Vars>
[[gnu::noinline]] void check_vjp_by_differences(const std::string& name, const E& f, const input<Vars>&... inputs) {
    const auto r = tg::value_and_grad(f, inputs.binding()...);
    const auto value = [&] { return fd_evaluate(f, none, inputs...); };
    CHECK(r.value == value());
    (
        [&] {
            const auto& p = inputs;
            for (std::size_t i = 0; i < p.size; ++i) {
                double ad;
                if constexpr (tg::shape_of<Vars>::rank == 0)
                    ad = r.grad[p.variable];
                else
                    ad = r.grad[p.variable][i];
                double& slot = (*p.values)[i];
                const double saved = slot;
                const fd_result fd = fd6(
                    [&](double t) {
                        slot = t;
                        return value();
                    },
                    saved);
                slot = saved;
                INFO(name << ": d f / d " << p.variable.name.view() << "[" << i << "] at " << show(saved) << ": ad "
                          << show(ad) << ", fd " << show(fd.derivative));
                CHECK(near_rel(ad, fd.derivative, grad_rel, grad_floor * std::max(1.0, fd.scale)));
            }
        }(),
        ...);
}

constexpr tg::var<"A", 2, 3> A;
constexpr tg::var<"A2", 2, 3> A2;
constexpr tg::var<"R", 2, 3> R;  // random weights
constexpr tg::var<"B", 3, 4> B;
constexpr tg::var<"R24", 2, 4> R24;
constexpr tg::var<"u", 3> u;
constexpr tg::var<"v", 3> v;
constexpr tg::var<"w", 2> w;
constexpr tg::var<"s"> s;

struct data {
    rng random;
    std::array<double, 6> a{}, a2{}, weights{};
    std::array<double, 12> b{};
    std::array<double, 8> weights24{};
    std::array<double, 3> uu{}, vv{};
    std::array<double, 2> ww{};
    std::array<double, 1> ss{};

    explicit data(std::uint64_t seed) : random(seed) {
        fill(a, random, -2, 2);
        fill(a2, random, -2, 2);
        fill(weights, random, -1, 1);
        fill(b, random, -2, 2);
        fill(weights24, random, -1, 1);
        fill(uu, random, -2, 2);
        fill(vv, random, -2, 2);
        fill(ww, random, -2, 2);
        fill(ss, random, 0.5, 2);
    }
};

TEST_CASE("tensor: finite differences: matrix products and transpose", "[tensor][fd]") {
    for (std::uint64_t k = 0; k < points_per_op; ++k) {
        data d(1000 + k);
        const auto ia = in(A, d.a);
        const auto ib = in(B, d.b);
        const auto iu = in(u, d.uu);
        const auto iv = in(v, d.vv);
        const auto iw = in(w, d.ww);
        const auto ir = in(R, d.weights);
        const auto ir24 = in(R24, d.weights24);
        check_vjp_by_differences("matrix * matrix", tg::dot(A * B, R24), ia, ib, ir24);
        check_vjp_by_differences("matrix * vector", tg::dot(A * v, w), ia, iv, iw);
        check_vjp_by_differences("||matrix * vector||^2", tg::squared_norm(A * v), ia, iv);
        check_vjp_by_differences("outer product", tg::dot(w * tg::transpose(u), R), iw, iu, ir);
        check_vjp_by_differences("row * matrix", tg::squared_norm(tg::transpose(u) * B), iu, ib);
        check_vjp_by_differences("transpose", tg::dot(tg::transpose(A), tg::transpose(R)), ia, ir);
        check_vjp_by_differences("transpose(A) * A", tg::sum(tg::transpose(A) * A), ia);
        check_vjp_by_differences("A^T (A v)", tg::dot(tg::transpose(A) * (A * v), u), ia, iv, iu);
        check_vjp_by_differences("chain of products", tg::squared_norm(tg::transpose(B) * (tg::transpose(A) * w)), ia,
                                 ib, iw);
        // Under sum() the product's adjoint is uniform: matmul's rank-one kernel.
        check_vjp_by_differences("sum(matrix * matrix)", tg::sum(A * B), ia, ib);
        check_vjp_by_differences("sum(matrix * vector)", tg::sum(A * v), ia, iv);
        check_vjp_by_differences("sum(A B) + dot(A B, R): two parents, not uniform",
                                 tg::sum(A * B) + tg::dot(A * B, R24), ia, ib, ir24);
        check_vjp_by_differences("sum(A B) + sum(A): the rank-one kernel adding to A's gradient",
                                 tg::sum(A * B) + tg::sum(A), ia, ib);
    }
}

TEST_CASE("tensor: matmul's rank-one kernel under sum() gives the general kernel's bits", "[tensor][matmul]") {
    data d(77);
    // s = 1 makes the upstream of A B all ones but hides that from the engine (the parent of
    // A B is an elementwise product, not sum): the general kernel.
    std::array<double, 1> one{1.0};
    std::array<double, 6> ga_uniform{}, ga_general{};
    std::array<double, 12> gb_uniform{}, gb_general{};
    constexpr tg::var<"one"> unit;
    (void)tg::value_and_grad(tg::sum(A * B), (A = d.a).grad_into(ga_uniform), (B = d.b).grad_into(gb_uniform));
    (void)tg::value_and_grad(tg::sum((A * B) * unit), (A = d.a).grad_into(ga_general), (B = d.b).grad_into(gb_general),
                             unit = one[0]);
    CHECK(ga_uniform == ga_general);
    CHECK(gb_uniform == gb_general);
}

TEST_CASE("tensor: finite differences: elementwise arithmetic, broadcast scalars, reductions", "[tensor][fd]") {
    for (std::uint64_t k = 0; k < points_per_op; ++k) {
        data d(2000 + k);
        const auto ia = in(A, d.a);
        const auto ia2 = in(A2, d.a2);
        const auto ir = in(R, d.weights);
        const auto is = in(s, d.ss);
        const auto iu = in(u, d.uu);
        const auto iv = in(v, d.vv);
        check_vjp_by_differences("A + A2", tg::dot(A + A2, R), ia, ia2, ir);
        check_vjp_by_differences("A - A2", tg::dot(A - A2, R), ia, ia2, ir);
        check_vjp_by_differences("-A", tg::dot(-A, R), ia, ir);
        check_vjp_by_differences("s * A", tg::dot(s * A, R), is, ia, ir);
        check_vjp_by_differences("A / s", tg::dot(A / s, R), is, ia, ir);
        check_vjp_by_differences("s / A2", tg::dot(s / (A2 + 3.0), R), is, ia2, ir);
        check_vjp_by_differences("2 * A - 1", tg::dot(2.0 * A - 1.0, R), ia, ir);
        check_vjp_by_differences("A - s", tg::squared_norm(A - s), ia, is);
        check_vjp_by_differences("hadamard", tg::dot(tg::hadamard(A, A2), R), ia, ia2, ir);
        check_vjp_by_differences("hadamard(A, A)", tg::sum(tg::hadamard(A, A)), ia);
        check_vjp_by_differences("hadamard with a scalar", tg::dot(tg::hadamard(s, A), R), is, ia, ir);
        check_vjp_by_differences("sum", tg::sum(tg::hadamard(A, R)), ia, ir);
        check_vjp_by_differences("mean", tg::mean(tg::hadamard(A, A2)) * s, ia, ia2, is);
        check_vjp_by_differences("dot", tg::dot(u, v), iu, iv);
        check_vjp_by_differences("dot(u, u)", tg::dot(u, u), iu);
        check_vjp_by_differences("squared_norm", tg::squared_norm(A - A2), ia, ia2);
        check_vjp_by_differences("norm", tg::norm(u - v), iu, iv);
        check_vjp_by_differences("scalar of reductions", tg::sum(A) * tg::dot(u, v) / tg::squared_norm(A2), ia, iu, iv,
                                 ia2);
    }
}

TEST_CASE("tensor: finite differences: bias rows broadcast over a batch", "[tensor][fd]") {
    constexpr tg::var<"b", 4> b;
    constexpr tg::var<"b_row", 1, 4> b_row;
    for (std::uint64_t k = 0; k < points_per_op; ++k) {
        data d(2500 + k);
        std::array<double, 4> bias{};
        fill(bias, d.random, -1, 1);
        const auto ia = in(A, d.a);
        const auto ib = in(B, d.b);
        const auto ir24 = in(R24, d.weights24);
        const auto ibias = in(b, bias);
        const auto irow = in(b_row, bias);
        check_vjp_by_differences("A B + b", tg::dot(A * B + b, R24), ia, ib, ibias, ir24);
        check_vjp_by_differences("b_row + A B", tg::dot(b_row + A * B, R24), ia, ib, irow, ir24);
        check_vjp_by_differences("A B - b", tg::dot(A * B - b, R24), ia, ib, ibias, ir24);
        check_vjp_by_differences("b - A B", tg::squared_norm(b - A * B), ia, ib, ibias);
        check_vjp_by_differences("tanh(A B + b)", tg::dot(tg::tanh(A * B + b), R24), ia, ib, ibias, ir24);
        check_vjp_by_differences("max(A B, b)", tg::dot(tg::max(A * B, b), R24), ia, ib, ibias, ir24);
        check_vjp_by_differences("hadamard(A B, b)", tg::dot(tg::hadamard(A * B, b), R24), ia, ib, ibias, ir24);
    }
}

TEST_CASE("tensor: finite differences: the core's scalar functions applied elementwise", "[tensor][fd]") {
    for (std::uint64_t k = 0; k < points_per_op; ++k) {
        data d(3000 + k);
        std::array<double, 6> positive{};
        fill(positive, d.random, 0.2, 3);
        std::array<double, 6> away_from_kinks{};  // |x| and |x +- 1| >= 0.05
        fill(away_from_kinks, d.random, -2, 2, 0.0, 0.05);
        for (auto& x : away_from_kinks)
            if (std::abs(std::abs(x) - 1) < 0.05) x += 0.2;
        const auto ia = in(A, d.a);
        const auto ia2 = in(A2, d.a2);
        const auto ir = in(R, d.weights);
        const auto is = in(s, d.ss);
        const auto ip = in(A, positive);
        const auto ik = in(A, away_from_kinks);

        check_vjp_by_differences("exp", tg::dot(tg::exp(A), R), ia, ir);
        check_vjp_by_differences("log", tg::dot(tg::log(A), R), ip, ir);
        check_vjp_by_differences("sqrt", tg::dot(tg::sqrt(A), R), ip, ir);
        check_vjp_by_differences("expm1", tg::dot(tg::expm1(A), R), ia, ir);
        check_vjp_by_differences("log1p", tg::dot(tg::log1p(A), R), ip, ir);
        check_vjp_by_differences("pow(A, 3)", tg::dot(tg::pow(A, c<3>), R), ia, ir);
        check_vjp_by_differences("pow(A, s)", tg::dot(tg::pow(A, s), R), ip, is, ir);
        check_vjp_by_differences("pow(s, A)", tg::dot(tg::pow(s, A), R), is, ia, ir);
        check_vjp_by_differences("sin", tg::dot(tg::sin(A), R), ia, ir);
        check_vjp_by_differences("cos", tg::dot(tg::cos(A), R), ia, ir);
        check_vjp_by_differences("tanh", tg::dot(tg::tanh(A), R), ia, ir);
        check_vjp_by_differences("sigmoid", tg::dot(tg::sigmoid(A), R), ia, ir);
        check_vjp_by_differences("log_sigmoid", tg::dot(tg::log_sigmoid(A), R), ia, ir);
        check_vjp_by_differences("softplus", tg::dot(tg::softplus(A), R), ia, ir);
        check_vjp_by_differences("swish", tg::dot(tg::swish(A), R), ia, ir);
        check_vjp_by_differences("relu", tg::dot(tg::relu(A), R), ik, ir);
        check_vjp_by_differences("abs", tg::dot(tg::abs(A), R), ik, ir);
        check_vjp_by_differences("leaky_relu", tg::dot(tg::leaky_relu(A), R), ik, ir);
        check_vjp_by_differences("parametric relu (learnable scalar alpha)", tg::dot(tg::leaky_relu(A, s), R), ik, is,
                                 ir);
        check_vjp_by_differences("elu", tg::dot(tg::elu(A), R), ik, ir);
        check_vjp_by_differences("hard_tanh", tg::dot(tg::hard_tanh(A), R), ik, ir);
        check_vjp_by_differences("max(A, A2)", tg::dot(tg::max(A, A2), R), ia, ia2, ir);
        check_vjp_by_differences("min(A, s)", tg::dot(tg::min(A, s), R), ia, is, ir);
        check_vjp_by_differences("a user-defined op (cube)", tg::dot(my::cube(A), R), ia, ir);
        check_vjp_by_differences("a user-defined op (GELU)", tg::dot(my::gelu(A), R), ia, ir);
        check_vjp_by_differences("sigmoid(A v)", tg::squared_norm(tg::sigmoid(A2 * tg::transpose(A)) - 0.5), ia, ia2);
    }
}

TEST_CASE("tensor: finite differences: small networks", "[tensor][fd]") {
    constexpr tg::var<"X", 4, 3> X;
    constexpr tg::var<"W1", 3, 5> W1;
    constexpr tg::var<"W2", 5, 2> W2;
    constexpr tg::var<"Y", 4, 2> Y;
    constexpr tg::var<"b1", 5> b1;
    constexpr tg::var<"b2", 1, 2> b2;
    for (std::uint64_t k = 0; k < points_per_op; ++k) {
        rng random(4000 + k);
        std::array<double, 12> xs{};
        std::array<double, 15> w1{};
        std::array<double, 10> w2{};
        std::array<double, 8> ys{};
        fill(xs, random, -1, 1);
        fill(w1, random, -1, 1);
        fill(w2, random, -1, 1);
        fill(ys, random, 0, 1);
        const auto ix = in(X, xs);
        const auto i1 = in(W1, w1);
        const auto i2 = in(W2, w2);
        const auto iy = in(Y, ys);
        std::array<double, 5> bias1{};
        std::array<double, 2> bias2{};
        fill(bias1, random, -1, 1);
        fill(bias2, random, -1, 1);
        const auto ib1 = in(b1, bias1);
        const auto ib2 = in(b2, bias2);
        check_vjp_by_differences("2-layer sigmoid network, squared loss",
                                 tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y), ix, i1, i2, iy);
        check_vjp_by_differences("2-layer tanh network, mean squared error",
                                 tg::mean(tg::pow(tg::tanh(X * W1) * W2 - Y, c<2>)), ix, i1, i2, iy);
        check_vjp_by_differences("2-layer network with biases, mean squared error",
                                 tg::mean(tg::pow(tg::sigmoid(X * W1 + b1) * W2 + b2 - Y, c<2>)), ix, i1, i2, iy, ib1,
                                 ib2);
        check_vjp_by_differences("weight decay",
                                 tg::squared_norm(tg::softplus(X * W1) * W2 - Y) + 0.01 * tg::squared_norm(W1), ix, i1,
                                 i2, iy);
    }
}

// ---- agreement with the same function built from scalar variables ---------------------------

/// The name "W12" of element (1, 2) of a matrix "W": a scalar variable per element.
template <char Name, std::size_t I, std::size_t J>
constexpr tg::fixed_string<4> element_name() {
    const char text[4] = {Name, static_cast<char>('0' + I), static_cast<char>('0' + J), '\0'};
    return tg::fixed_string<4>(text);
}
template <char Name, std::size_t I, std::size_t J>
using scalar = tg::var<element_name<Name, I, J>()>;

// X: N x D, W1: D x H, W2: H x 1, Y: N x 1, loss = sum_n (sigmoid(X W1) W2 - Y)_n^2.
constexpr std::size_t N = 3, D = 2, H = 3;

template <std::size_t n, std::size_t h>
constexpr auto scalar_hidden() {
    return [&]<std::size_t... d>(std::index_sequence<d...>) {
        return tg::sigmoid((... + (scalar<'X', n, d>{} * scalar<'W', d, h>{})));
    }
    (std::make_index_sequence<D>{});
}
template <std::size_t n>
constexpr auto scalar_residual() {
    return [&]<std::size_t... h>(std::index_sequence<h...>) {
        return (... + (scalar_hidden<n, h>() * scalar<'V', h, 0>{})) - scalar<'Y', n, 0>{};
    }
    (std::make_index_sequence<H>{});
}
constexpr auto scalar_loss() {
    return [&]<std::size_t... n>(std::index_sequence<n...>) {
        return (... + (scalar_residual<n>() * scalar_residual<n>()));
    }
    (std::make_index_sequence<N>{});
}

TEST_CASE("tensor: a network built from matrix variables agrees with the same network built from scalars",
          "[tensor][scalar-agreement]") {
    constexpr tg::var<"X", N, D> X;
    constexpr tg::var<"W1", D, H> W1;
    constexpr tg::var<"W2", H, 1> W2;
    constexpr tg::var<"Y", N, 1> Y;
    constexpr auto tensor_loss = tg::squared_norm(tg::sigmoid(X * W1) * W2 - Y);
    constexpr auto elementwise_loss = scalar_loss();

    for (std::uint64_t k = 0; k < points_per_op; ++k) {
        rng random(5000 + k);
        std::array<double, N * D> xs{};
        std::array<double, D * H> w1{};
        std::array<double, H> w2{};
        std::array<double, N> ys{};
        fill(xs, random, -1, 1);
        fill(w1, random, -1, 1);
        fill(w2, random, -1, 1);
        fill(ys, random, 0, 1);

        const auto t = tg::value_and_grad(tensor_loss, X = xs, W1 = w1, W2 = w2, Y = ys);
        const auto env = [&]<std::size_t... i, std::size_t... j, std::size_t... m, std::size_t... n>(
            std::index_sequence<i...>, std::index_sequence<j...>, std::index_sequence<m...>,
            std::index_sequence<n...>) {
            return tg::at((scalar<'X', i / D, i % D>{} = xs[i])..., (scalar<'W', j / H, j % H>{} = w1[j])...,
                          (scalar<'V', m, 0>{} = w2[m])..., (scalar<'Y', n, 0>{} = ys[n])...);
        }
        (std::make_index_sequence<N * D>{}, std::make_index_sequence<D * H>{}, std::make_index_sequence<H>{},
         std::make_index_sequence<N>{});
        const auto e = tg::value_and_grad(elementwise_loss, env);

        // Same operations in the same order: the values agree bit for bit; gradients are
        // sums of the same terms, possibly accumulated in another order.
        CHECK(t.value == e.value);
        const auto agree = [](double a, double b) {
            INFO("tensor " << show(a) << ", scalar " << show(b));
            CHECK(near_ulp_or_rel(a, b, 4, 1e-14));
        };
        [&]<std::size_t... i>(std::index_sequence<i...>) {
            (agree(t.grad[X][i], e.grad[scalar<'X', i / D, i % D>{}]), ...);
            (agree(t.grad[Y][i % N], e.grad[scalar<'Y', i % N, 0>{}]), ...);
        }
        (std::make_index_sequence<N * D>{});
        [&]<std::size_t... j>(std::index_sequence<j...>) {
            (agree(t.grad[W1][j], e.grad[scalar<'W', j / H, j % H>{}]), ...);
            (agree(t.grad[W2][j % H], e.grad[scalar<'V', j % H, 0>{}]), ...);
        }
        (std::make_index_sequence<D * H>{});
    }
}

TEST_CASE("tensor: ||W x||^2 built from matrices agrees with the scalar build, 3 x 3", "[tensor][scalar-agreement]") {
    constexpr tg::var<"W", 3, 3> W;
    constexpr tg::var<"x", 3> x;
    constexpr auto row = []<std::size_t r>(std::integral_constant<std::size_t, r>) {
        return scalar<'W', r, 0>{} * scalar<'x', 0, 0>{} + scalar<'W', r, 1>{} * scalar<'x', 1, 0>{} +
               scalar<'W', r, 2>{} * scalar<'x', 2, 0>{};
    };
    constexpr auto q0 = row(std::integral_constant<std::size_t, 0>{});
    constexpr auto q1 = row(std::integral_constant<std::size_t, 1>{});
    constexpr auto q2 = row(std::integral_constant<std::size_t, 2>{});
    constexpr auto f_scalar = q0 * q0 + q1 * q1 + q2 * q2;
    for (std::uint64_t k = 0; k < points_per_op; ++k) {
        rng random(6000 + k);
        std::array<double, 9> ws{};
        std::array<double, 3> xs{};
        fill(ws, random, -1, 1);
        fill(xs, random, -1, 1);
        const auto t = tg::value_and_grad(tg::squared_norm(W * x), W = ws, x = xs);
        const auto r = tg::value_and_grad(
            f_scalar, tg::at(scalar<'W', 0, 0>{} = ws[0], scalar<'W', 0, 1>{} = ws[1], scalar<'W', 0, 2>{} = ws[2],
                             scalar<'W', 1, 0>{} = ws[3], scalar<'W', 1, 1>{} = ws[4], scalar<'W', 1, 2>{} = ws[5],
                             scalar<'W', 2, 0>{} = ws[6], scalar<'W', 2, 1>{} = ws[7], scalar<'W', 2, 2>{} = ws[8],
                             scalar<'x', 0, 0>{} = xs[0], scalar<'x', 1, 0>{} = xs[1], scalar<'x', 2, 0>{} = xs[2]));
        CHECK(t.value == r.value);
        CHECK(near_ulp_or_rel(t.grad[W](1, 2), r.grad[scalar<'W', 1, 2>{}], 4, 1e-14));
        CHECK(near_ulp_or_rel(t.grad[W](2, 0), r.grad[scalar<'W', 2, 0>{}], 4, 1e-14));
        CHECK(near_ulp_or_rel(t.grad[x](0), r.grad[scalar<'x', 0, 0>{}], 4, 1e-14));
        CHECK(near_ulp_or_rel(t.grad[x](2), r.grad[scalar<'x', 2, 0>{}], 4, 1e-14));
    }
}

}  // namespace
