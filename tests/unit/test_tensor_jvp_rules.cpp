// The Jacobian-vector product (`jvp`) of every tensor op, called directly, against the
// central difference of the op's own forward kernel run in long double at random inputs:
// (f(x + h t) - f(x - h t)) / 2h with h = 1e-6, whose truncation error (~h^2 = 1e-12) and
// rounding error (~eps_ld / h = 1e-13) are far below the tolerance 1e-8 (relative, with a
// floor of 1e-8 times the tangent's scale). Binary ops are checked with each tangent null
// and with both.
#include "test_helpers.hpp"

#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

namespace tg = typegrad;
using typegrad_test::rng;
using typegrad_test::seed_of;

namespace {

constexpr long double step = 1e-6L;

template <std::size_t N>
std::vector<double> random_values(rng& r, double lo = -2.0, double hi = 2.0) {
    std::vector<double> v(N);
    for (auto& x : v) x = r.uniform(lo, hi);
    return v;
}

template <class T>
std::vector<T> converted(const std::vector<double>& v) {
    return std::vector<T>(v.begin(), v.end());
}

template <class T>
std::vector<T> moved(const std::vector<double>& x, const std::vector<double>* t, long double h) {
    std::vector<T> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = static_cast<T>(x[i]) + (t ? static_cast<T>((*t)[i]) * h : 0);
    return out;
}

void check_close(const std::vector<double>& jvp, const std::vector<long double>& fd, std::string_view what) {
    long double scale = 1;
    for (long double v : fd) scale = std::max(scale, std::abs(v));
    for (std::size_t i = 0; i < fd.size(); ++i) {
        INFO(what << ", element " << i << ": jvp " << jvp[i] << ", central difference " << double(fd[i]));
        CHECK(std::abs(jvp[i] - fd[i]) <= 1e-8L * std::max(std::abs(fd[i]), scale * 1e-1L));
    }
}

/// The scratch values an op keeps after its result (tensor/program.hpp's op_scratch).
template <class Op, class... S>
constexpr std::size_t scratch_of() {
    if constexpr (requires { Op::template scratch_size<S...>; })
        return Op::template scratch_size<S...>;
    else
        return 0;
}

/// A unary op on an operand of shape S.
template <class Op, class S>
void check_unary(std::uint64_t seed, double lo = -2.0, double hi = 2.0) {
    using R = typename Op::template result_shape<S>;
    constexpr std::size_t slots = R::size + scratch_of<Op, S>();
    rng r(seed);
    const auto a = random_values<S::size>(r, lo, hi);
    const auto ta = random_values<S::size>(r, -1.0, 1.0);
    std::vector<double> self(slots), out(slots);
    Op::template forward<S>(self.data(), a.data());
    Op::template jvp<S>(out.data(), a.data(), ta.data(), self.data());
    std::vector<long double> plus(slots), minus(slots), fd(R::size);
    const auto ap = moved<long double>(a, &ta, step), am = moved<long double>(a, &ta, -step);
    Op::template forward<S>(plus.data(), ap.data());
    Op::template forward<S>(minus.data(), am.data());
    for (std::size_t i = 0; i < R::size; ++i) fd[i] = (plus[i] - minus[i]) / (2 * step);
    out.resize(R::size);
    check_close(out, fd, Op::name);
}

/// A binary op on operands of shapes SA, SB: with ta only, tb only, and both.
template <class Op, class SA, class SB>
void check_binary(std::uint64_t seed) {
    using R = typename Op::template result_shape<SA, SB>;
    constexpr std::size_t slots = R::size + scratch_of<Op, SA, SB>();
    rng r(seed);
    const auto a = random_values<SA::size>(r), b = random_values<SB::size>(r);
    const auto ta = random_values<SA::size>(r, -1.0, 1.0), tb = random_values<SB::size>(r, -1.0, 1.0);
    std::vector<double> self(slots);
    Op::template forward<SA, SB>(self.data(), a.data(), b.data());
    for (int which = 0; which < 3; ++which) {
        const std::vector<double>* da = which != 1 ? &ta : nullptr;
        const std::vector<double>* db = which != 0 ? &tb : nullptr;
        std::vector<double> out(slots);
        Op::template jvp<SA, SB>(out.data(), a.data(), b.data(), da ? da->data() : nullptr, db ? db->data() : nullptr,
                                 self.data());
        std::vector<long double> plus(slots), minus(slots), fd(R::size);
        const auto ap = moved<long double>(a, da, step), am = moved<long double>(a, da, -step);
        const auto bp = moved<long double>(b, db, step), bm = moved<long double>(b, db, -step);
        Op::template forward<SA, SB>(plus.data(), ap.data(), bp.data());
        Op::template forward<SA, SB>(minus.data(), am.data(), bm.data());
        for (std::size_t i = 0; i < R::size; ++i) fd[i] = (plus[i] - minus[i]) / (2 * step);
        out.resize(R::size);
        INFO("tangents: " << (which == 0 ? "a" : which == 1 ? "b" : "a and b"));
        check_close(out, fd, Op::name);
    }
}

}  // namespace

TEST_CASE("tensor jvp rules: matmul, transpose, sum, dot, squared_norm, norm", "[tensor][jvp]") {
    check_binary<tg::matmul_op, tg::shape<3, 4>, tg::shape<4, 2>>(seed_of("matmul 3x4 4x2"));
    check_binary<tg::matmul_op, tg::shape<3, 4>, tg::shape<4>>(seed_of("matmul 3x4 4"));
    check_binary<tg::matmul_op, tg::shape<3>, tg::shape<1, 5>>(seed_of("matmul outer"));
    // Large enough for the Eigen product where Eigen is on the include path.
    check_binary<tg::matmul_op, tg::shape<32, 32>, tg::shape<32, 32>>(seed_of("matmul 32"));
    check_unary<tg::transpose_op, tg::shape<3, 4>>(seed_of("transpose"));
    check_unary<tg::transpose_op, tg::shape<5>>(seed_of("transpose vector"));
    check_unary<tg::sum_op, tg::shape<2, 3>>(seed_of("sum"));
    check_binary<tg::dot_op, tg::shape<7>, tg::shape<7>>(seed_of("dot"));
    check_unary<tg::squared_norm_op, tg::shape<3, 3>>(seed_of("squared_norm"));
    check_unary<tg::norm_op, tg::shape<6>>(seed_of("norm"));
}

TEST_CASE("tensor jvp rules: softmax, log_softmax, logsumexp", "[tensor][jvp]") {
    check_unary<tg::softmax_op, tg::shape<3, 4>>(seed_of("softmax"), -5, 5);
    check_unary<tg::softmax_op, tg::shape<5>>(seed_of("softmax vector"), -5, 5);
    check_unary<tg::log_softmax_op, tg::shape<3, 4>>(seed_of("log_softmax"), -5, 5);
    check_unary<tg::logsumexp_op, tg::shape<3, 4>>(seed_of("logsumexp"), -5, 5);
    check_unary<tg::logsumexp_op, tg::shape<6>>(seed_of("logsumexp vector"), -5, 5);
}

TEST_CASE("tensor jvp rules: max_along, maxout (no ties at random inputs)", "[tensor][jvp]") {
    check_unary<tg::max_along_op<0>, tg::shape<3, 4>>(seed_of("max_along 0"));
    check_unary<tg::max_along_op<1>, tg::shape<3, 4>>(seed_of("max_along 1"));
    check_unary<tg::max_along_op<0>, tg::shape<5>>(seed_of("max_along vector"));
    check_unary<tg::maxout_op<2>, tg::shape<3, 4>>(seed_of("maxout"));
}

TEST_CASE("tensor jvp rules: a tie shares the tangent evenly, as the backward shares the adjoint", "[tensor][jvp]") {
    const std::array<double, 3> x{1.0, 3.0, 3.0}, t{10.0, 1.0, 2.0};
    double m = 0, out = 0;
    tg::max_along_op<0>::forward<tg::shape<3>>(&m, x.data());
    tg::max_along_op<0>::jvp<tg::shape<3>>(&out, x.data(), t.data(), &m);
    CHECK(out == 1.5);
}

TEST_CASE("tensor jvp rules: mse, bce_with_logits, softmax_cross_entropy", "[tensor][jvp]") {
    check_binary<tg::mse_op, tg::shape<2, 3>, tg::shape<2, 3>>(seed_of("mse"));
    check_binary<tg::bce_with_logits_op, tg::shape<6>, tg::shape<6>>(seed_of("bce_with_logits"));
    // Labels: integers, no tangent; the logits' tangent alone.
    using SX = tg::shape<3, 4>;
    using SY = tg::shape<3>;
    constexpr std::size_t slots = 1 + 3 * (1 + 4);
    rng r(seed_of("softmax_cross_entropy"));
    const auto x = random_values<12>(r, -3, 3), tx = random_values<12>(r, -1, 1);
    const std::array<int, 3> y{2, 0, 3};
    std::vector<double> self(slots), out(slots);
    tg::softmax_cross_entropy_op::forward<SX, SY>(self.data(), x.data(), y.data());
    tg::softmax_cross_entropy_op::jvp<SX, SY>(out.data(), x.data(), y.data(), tx.data(),
                                              static_cast<const double*>(nullptr), self.data());
    std::vector<long double> plus(slots), minus(slots);
    const auto xp = moved<long double>(x, &tx, step), xm = moved<long double>(x, &tx, -step);
    tg::softmax_cross_entropy_op::forward<SX, SY>(plus.data(), xp.data(), y.data());
    tg::softmax_cross_entropy_op::forward<SX, SY>(minus.data(), xm.data(), y.data());
    check_close({out[0]}, {(plus[0] - minus[0]) / (2 * step)}, "softmax_cross_entropy");
}

TEST_CASE("tensor jvp rules: stack places each operand's tangent, 0 for a null one", "[tensor][jvp]") {
    const double a = 1, b = 2, c = 3, ta = 0.5, tc = -4;
    std::array<double, 3> self{}, out{};
    tg::stack_op::forward<tg::shape<>, tg::shape<>, tg::shape<>>(self.data(), &a, &b, &c);
    tg::stack_op::jvp<tg::shape<>, tg::shape<>, tg::shape<>>(out.data(), &a, &b, &c, &ta,
                                                             static_cast<const double*>(nullptr), &tc, self.data());
    CHECK(out == std::array<double, 3>{0.5, 0.0, -4.0});
}

TEST_CASE("tensor jvp rules: norm at 0 and at an infinite component", "[tensor][jvp]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const std::array<double, 3> zero{0, 0, 0}, with_inf{1.0, -inf, 2.0}, t{1.0, 2.0, 3.0};
    double n = 0, out = -1;
    tg::norm_op::forward<tg::shape<3>>(&n, zero.data());
    tg::norm_op::jvp<tg::shape<3>>(&out, zero.data(), t.data(), &n);
    CHECK(out == 0.0);  // the subgradient 0, as the backward's
    tg::norm_op::forward<tg::shape<3>>(&n, with_inf.data());
    tg::norm_op::jvp<tg::shape<3>>(&out, with_inf.data(), t.data(), &n);
    CHECK(out == -2.0);  // sign(a_i) t_i over the infinite components
}
