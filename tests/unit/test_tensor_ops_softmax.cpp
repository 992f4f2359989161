// softmax, log_softmax, logsumexp (tensor/softmax.hpp, tensor/logsumexp.hpp) and stack (tensor/stack.hpp): values
// against the textbook formulas evaluated independently in long double, row by row;
// stability for logits of +-1000 (shift invariance against the unshifted naive formula, and
// rows whose exact answers are known); infinities and NaN; gradients against central
// finite differences, through random upstream weights so every output element counts.
#include "tensor_fd_helpers.hpp"

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

constexpr tg::var<"v", 4> v;
constexpr tg::var<"wv", 4> wv;  // weights for v-shaped outputs
constexpr tg::var<"X", 3, 4> X;
constexpr tg::var<"W", 3, 4> W;  // weights for X-shaped outputs
constexpr tg::var<"r3", 3> r3;   // weights for one value per row
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr tg::var<"c"> c3;

static_assert(std::is_same_v<shape_of<decltype(tg::softmax(v))>, shape<4>>);
static_assert(std::is_same_v<shape_of<decltype(tg::softmax(X))>, shape<3, 4>>);
static_assert(std::is_same_v<shape_of<decltype(tg::log_softmax(X))>, shape<3, 4>>);
static_assert(std::is_same_v<shape_of<decltype(tg::logsumexp(v))>, shape<>>);
static_assert(std::is_same_v<shape_of<decltype(tg::logsumexp(X))>, shape<3>>);  // one per row
static_assert(std::is_same_v<shape_of<decltype(tg::stack(a, b, c3))>, shape<3>>);
static_assert(std::is_same_v<shape_of<decltype(tg::logsumexp(a, b))>, shape<>>);

/// Relative tolerance of the values against the long double references: a few roundings of
/// exp, log and a division (each within 1 ulp) and a sum of 4 terms.
constexpr double value_rel = 16 * eps;

template <std::size_t N>
std::array<long double, N> widen(const double* p) {
    std::array<long double, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = p[i];
    return out;
}

TEST_CASE("tensor softmax, log_softmax, logsumexp: values of a vector and of each row of a matrix",
          "[tensor][softmax][value]") {
    for (std::uint64_t k = 0; k < 20; ++k) {
        rng gen(seed_of("softmax values") + k);
        std::array<double, 12> x{};
        fill(x, gen, -3, 3);
        const auto sm = tg::eval(tg::softmax(X), X = x);
        const auto lsm = tg::eval(tg::log_softmax(X), X = x);
        const auto lse = tg::eval(tg::logsumexp(X), X = x);
        for (std::size_t r = 0; r < 3; ++r) {
            const auto row = widen<4>(x.data() + 4 * r);
            const auto p = naive_softmax(row);
            const long double l = naive_logsumexp(row);
            CHECK(near_rel(lse(r), static_cast<double>(l), value_rel));
            for (std::size_t j = 0; j < 4; ++j) {
                INFO("row " << r << ", column " << j);
                CHECK(near_rel(sm(r, j), static_cast<double>(p[j]), value_rel));
                CHECK(near_rel(lsm(r, j), static_cast<double>(std::log(p[j])), value_rel, value_rel));
            }
            // A row of the matrix is computed exactly as the same vector.
            std::array<double, 4> row_d{x[4 * r], x[4 * r + 1], x[4 * r + 2], x[4 * r + 3]};
            const auto sv = tg::eval(tg::softmax(v), v = row_d);
            for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(sv(j), sm(r, j));
            TG_CHECK_SAME(tg::eval(tg::logsumexp(v), v = row_d), lse(r));
        }
    }
}

TEST_CASE("tensor softmax family: stable for logits of +-1000 (shift invariance)", "[tensor][softmax][stability]") {
    // softmax(x + c) = softmax(x), log_softmax(x + c) = log_softmax(x), logsumexp(x + c) =
    // logsumexp(x) + c. The reference is the naive formula on small logits: x + c is rounded,
    // so it takes the logits actually given minus c, in long double (exact).
    for (double shift : {1000.0, -1000.0, 700.0, -745.0}) {
        for (std::uint64_t k = 0; k < 10; ++k) {
            rng gen(seed_of("softmax shift") + k);
            std::array<double, 4> x{};
            fill(x, gen, -3, 3);
            std::array<double, 4> shifted{};
            for (std::size_t j = 0; j < 4; ++j) shifted[j] = x[j] + shift;
            std::array<long double, 4> exact{};  // the logits actually given, minus the shift
            for (std::size_t j = 0; j < 4; ++j) exact[j] = static_cast<long double>(shifted[j]) - shift;
            const auto p = naive_softmax(exact);
            const auto sm = tg::eval(tg::softmax(v), v = shifted);
            const auto lsm = tg::eval(tg::log_softmax(v), v = shifted);
            const double lse = tg::eval(tg::logsumexp(v), v = shifted);
            INFO("shift " << shift);
            CHECK(near_rel(lse, static_cast<double>(naive_logsumexp(exact) + shift), value_rel));
            for (std::size_t j = 0; j < 4; ++j) {
                CHECK(near_rel(sm(j), static_cast<double>(p[j]), value_rel));
                CHECK(near_rel(lsm(j), static_cast<double>(std::log(p[j])), value_rel, value_rel));
            }
        }
    }
}

TEST_CASE("tensor softmax family: rows with logits 1000 apart have exact answers", "[tensor][softmax][stability]") {
    // exp(-1000) and exp(-2000) are 0 in double, so these are the exact rounded results.
    const std::array<double, 12> x{1000,  -1000, 0,     0,  //
                                   -1000, -1000, -1000, -1000, -1000, 1000, 1000, -1000};
    const auto sm = tg::eval(tg::softmax(X), X = x);
    const auto lsm = tg::eval(tg::log_softmax(X), X = x);
    const auto lse = tg::eval(tg::logsumexp(X), X = x);
    const std::array<double, 12> sm_expected{1, 0, 0, 0, 0.25, 0.25, 0.25, 0.25, 0, 0.5, 0.5, 0};
    for (std::size_t i = 0; i < 12; ++i) TG_CHECK_SAME(sm[i], sm_expected[i]);
    TG_CHECK_SAME(lsm(0, 0), 0.0);
    TG_CHECK_SAME(lsm(0, 1), -2000.0);
    TG_CHECK_SAME(lsm(0, 2), -1000.0);
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(lsm(1, j), -std::log(4.0));
    TG_CHECK_SAME(lsm(2, 0), -2000.0 - std::log(2.0));
    TG_CHECK_SAME(lsm(2, 1), -std::log(2.0));
    TG_CHECK_SAME(lse(0), 1000.0);
    TG_CHECK_SAME(lse(1), -1000.0 + std::log(4.0));
    TG_CHECK_SAME(lse(2), 1000.0 + std::log(2.0));
    // The gradients are those of the exact answers: logsumexp's is the softmax.
    std::array<double, 3> ones{1, 1, 1};
    const auto g = tg::grad(tg::dot(tg::logsumexp(X), r3), X = x, (r3 = ones).no_grad());
    for (std::size_t i = 0; i < 12; ++i) TG_CHECK_SAME(g[X][i], sm_expected[i]);
}

TEST_CASE("tensor softmax family: infinite logits give the limits, NaN propagates", "[tensor][softmax][special]") {
    constexpr tg::var<"p", 2> p;
    const auto eval3 = [&](std::array<double, 2> x) {
        return std::array<double, 5>{tg::eval(tg::softmax(p), p = x)(0), tg::eval(tg::softmax(p), p = x)(1),
                                     tg::eval(tg::log_softmax(p), p = x)(0), tg::eval(tg::log_softmax(p), p = x)(1),
                                     tg::eval(tg::logsumexp(p), p = x)};
    };
    // +inf beats every finite logit.
    const auto plus = eval3({inf_v, 0});
    TG_CHECK_SAME(plus[0], 1.0);
    TG_CHECK_SAME(plus[1], 0.0);
    TG_CHECK_SAME(plus[2], 0.0);
    TG_CHECK_SAME(plus[3], -inf_v);
    TG_CHECK_SAME(plus[4], inf_v);
    // -inf has probability 0.
    const auto minus = eval3({-inf_v, 3});
    TG_CHECK_SAME(minus[0], 0.0);
    TG_CHECK_SAME(minus[1], 1.0);
    TG_CHECK_SAME(minus[2], -inf_v);
    TG_CHECK_SAME(minus[3], 0.0);
    TG_CHECK_SAME(minus[4], 3.0);
    // All -inf: the documented uniform choice (docs/tensors.md), never NaN.
    const auto all_minus = eval3({-inf_v, -inf_v});
    TG_CHECK_SAME(all_minus[0], 0.5);
    TG_CHECK_SAME(all_minus[1], 0.5);
    TG_CHECK_SAME(all_minus[2], -std::log(2.0));
    TG_CHECK_SAME(all_minus[4], -inf_v);
    // NaN anywhere in a row makes the whole row NaN (and only that row).
    for (const auto& x : {std::array<double, 2>{nan_v, 0}, std::array<double, 2>{0, nan_v}}) {
        const auto r = eval3(x);
        for (double value : r) TG_CHECK_SAME(value, nan_v);
    }
    const std::array<double, 12> rows{nan_v, 0, 1, 2, 0, 1, 2, 3, 0, 0, 0, 0};
    const auto sm = tg::eval(tg::softmax(X), X = rows);
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(sm(0, j), nan_v);
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(sm(2, j), 0.25);
    const auto g = tg::grad(tg::sum(tg::logsumexp(X)), X = rows);
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(g[X](0, j), nan_v);
    for (std::size_t j = 0; j < 4; ++j) TG_CHECK_SAME(g[X](2, j), 0.25);
}

TEST_CASE("tensor softmax family: each row of softmax sums to 1, so sum(softmax(X)) has gradient 0",
          "[tensor][softmax][gradient]") {
    std::array<double, 12> x{};
    rng gen(seed_of("softmax sums"));
    fill(x, gen, -5, 5);
    const auto r = tg::value_and_grad(tg::sum(tg::softmax(X)), X = x);
    CHECK(near_rel(r.value, 3.0, 4 * eps));
    for (std::size_t i = 0; i < 12; ++i) CHECK(std::abs(r.grad[X][i]) <= 4 * eps);
}

TEST_CASE("tensor softmax family: gradients against finite differences", "[tensor][softmax][fd]") {
    for (std::uint64_t k = 0; k < 5; ++k) {
        rng gen(seed_of("softmax fd") + k);
        std::array<double, 12> x{}, weights{};
        std::array<double, 4> xv{}, weights_v{};
        std::array<double, 3> weights_r{};
        fill(x, gen, -3, 3);
        fill(weights, gen, -1, 1);
        fill(xv, gen, -3, 3);
        fill(weights_v, gen, -1, 1);
        fill(weights_r, gen, -1, 1);
        const auto ix = in(X, x);
        const auto iw = in(W, weights);
        const auto iv = in(v, xv);
        const auto iwv = in(wv, weights_v);
        const auto ir = in(r3, weights_r);
        check_fd("softmax of rows", tg::dot(tg::softmax(X), W), none, ix, iw);
        check_fd("log_softmax of rows", tg::dot(tg::log_softmax(X), W), none, ix, iw);
        check_fd("logsumexp of rows", tg::dot(tg::logsumexp(X), r3), none, ix, ir);
        check_fd("softmax of a vector", tg::dot(tg::softmax(v), wv), none, iv, iwv);
        check_fd("log_softmax of a vector", tg::dot(tg::log_softmax(v), wv), none, iv, iwv);
        check_fd("logsumexp of a vector", tg::logsumexp(v), none, iv);
        // Composed: softmax feeding a product, a logsumexp of a product.
        check_fd("squared_norm(softmax(X) - W)", tg::squared_norm(tg::softmax(X) - W), none, ix, iw);
        check_fd("logsumexp(X * v)", tg::logsumexp(X * v), none, ix, iv);
        // The same at logits shifted by +-1000, with an absolute step (these functions vary on
        // the scale of 1, not 1000).
        for (double shift : {1000.0, -1000.0}) {
            std::array<double, 12> xs = x;
            for (double& e : xs) e += shift;
            check_fd_step("softmax of rows, shifted", 1e-3, tg::dot(tg::softmax(X), W), none, in(X, xs), iw);
            check_fd_step("log_softmax of rows, shifted", 1e-3, tg::dot(tg::log_softmax(X), W), none, in(X, xs), iw);
            check_fd_step("logsumexp of rows, shifted", 1e-3, tg::dot(tg::logsumexp(X), r3), none, in(X, xs), ir);
        }
    }
}

TEST_CASE("tensor stack: a vector of scalars, and logsumexp(a, b, c) of scalars", "[tensor][stack]") {
    const auto s = tg::eval(tg::stack(a, 2.5, a * b), a = 3.0, b = -2.0);
    TG_CHECK_SAME(s(0), 3.0);
    TG_CHECK_SAME(s(1), 2.5);
    TG_CHECK_SAME(s(2), -6.0);
    // d/da and d/db of <stack(a, 2.5, a b), [1, 10, 100]> = 1 + 100 b and 100 a.
    constexpr tg::var<"w3", 3> w3;
    const std::array<double, 3> weights{1, 10, 100};
    const auto r =
        tg::value_and_grad(tg::dot(tg::stack(a, 2.5, a * b), w3), a = 3.0, b = -2.0, (w3 = weights).no_grad());
    TG_CHECK_SAME(r.value, 3.0 + 25.0 - 600.0);
    TG_CHECK_SAME(r.grad[a], 1.0 - 200.0);
    TG_CHECK_SAME(r.grad[b], 300.0);

    // logsumexp of three scalars against the naive formula, and its gradient (the softmax).
    const double va = 0.3, vb = -1.1, vc = 2.0;
    const auto l = tg::value_and_grad(tg::logsumexp(a, b, c3), a = va, b = vb, c3 = vc);
    const std::array<long double, 3> row{va, vb, vc};
    const auto p = naive_softmax(row);
    CHECK(near_rel(l.value, static_cast<double>(naive_logsumexp(row)), value_rel));
    CHECK(near_rel(l.grad[a], static_cast<double>(p[0]), value_rel));
    CHECK(near_rel(l.grad[b], static_cast<double>(p[1]), value_rel));
    CHECK(near_rel(l.grad[c3], static_cast<double>(p[2]), value_rel));
    std::array<double, 1> sa{va}, sb{vb};
    check_fd("logsumexp(a, b, a * b)", tg::logsumexp(a, b, a * b), none, in(a, sa), in(b, sb));
}

TEST_CASE("tensor softmax family: printing and float elements", "[tensor][softmax]") {
    CHECK(tg::to_string(tg::softmax(X)) == "softmax(X)");
    CHECK(tg::to_string(tg::log_softmax(X * v)) == "log_softmax(matmul(X, v))");
    CHECK(tg::to_string(tg::logsumexp(a, b)) == "logsumexp(stack(a, b))");
    // float tensors compute in float.
    const std::array<float, 4> xf{1000.0f, 0.0f, -1000.0f, 0.0f};
    const auto sf = tg::eval(tg::softmax(v), v = xf);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(sf[0])>, float>);
    CHECK(sf[0] == 1.0f);
    CHECK(sf[1] == 0.0f);
    const auto lf = tg::value_and_grad(tg::logsumexp(v), v = xf);
    CHECK(lf.value == 1000.0f);
    CHECK(lf.grad[v][0] == 1.0f);
    CHECK(lf.grad[v][1] == 0.0f);
}

}  // namespace
