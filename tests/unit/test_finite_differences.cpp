// Every op against finite differences, the way Stan's expect_ad does it: the reverse-mode
// gradient against a 6-point central stencil of eval, and the Hessian against the same
// stencil applied to the reverse-mode gradient.
//
// Points: the Stan set {-1.3, 0.49, 0.99, 1.01} (each coordinate; the ones inside the op's
// domain) plus 50 pseudo-random points per op (splitmix64 seeded by FNV-1a of the op's name,
// printed on failure), inside each op's domain and at least `margin` away from its
// non-differentiable points and poles (the margin exceeds the stencil's reach 3h).
//
// Stencil: h = eps^(1/7) * max(1, |x|) (made exactly representable),
//   f'(x) ~ [f(x+3h)/60 - 3 f(x+2h)/20 + 3 f(x+h)/4 - 3 f(x-h)/4 + 3 f(x-2h)/20 - f(x-3h)/60] / h.
//
// Tolerances (|ad - fd| <= max(rel * max(|ad|, |fd|), floor)):
//   gradient: rel 1e-6, floor 1e-9 * S, S = max |f| over the six stencil points;
//   Hessian:  rel 1e-4, floor 1e-7 * S, S = max |gradient component| over the six points.
// The floors sit 4 orders of magnitude above the stencil's rounding error eps * S / h
// (< 4e-14 S), so they only matter where the derivative itself is ~1e-9 of f (sin near a
// maximum, sigmoid far in the tails) and never hide a wrong derivative of order f.
#include "test_helpers.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <vector>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;

constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;

constexpr double grad_rel = 1e-6;
constexpr double grad_floor = 1e-9;
constexpr double hess_rel = 1e-4;
constexpr double hess_floor = 1e-7;
constexpr std::size_t random_count = 50;

template <std::size_t N>
using point = std::array<double, N>;

template <std::size_t N>
std::string show_point(const point<N>& p) {
    std::string s = "(";
    for (std::size_t i = 0; i < N; ++i) s += (i ? ", " : "") + show(p[i]);
    return s + ")";
}

/// The Stan points (cartesian product over the coordinates) plus `random_count` random
/// points, each coordinate in its interval, the whole point accepted by `ok`.
template <std::size_t N, class Pred>
std::vector<point<N>> make_points(const std::string& name, const std::array<interval, N>& boxes, Pred ok) {
    std::vector<point<N>> out;
    std::array<std::vector<double>, N> stan;
    for (std::size_t i = 0; i < N; ++i) stan[i] = stan_points(boxes[i]);
    std::array<std::size_t, N> idx{};
    bool any = true;
    for (std::size_t i = 0; i < N; ++i) any = any && !stan[i].empty();
    while (any) {
        point<N> p{};
        for (std::size_t i = 0; i < N; ++i) p[i] = stan[i][idx[i]];
        if (ok(p)) out.push_back(p);
        std::size_t k = 0;
        while (k < N && ++idx[k] == stan[k].size()) idx[k++] = 0;
        any = k < N;
    }
    rng gen(seed_of(name));
    std::size_t added = 0;
    while (added < random_count) {
        point<N> p{};
        for (std::size_t i = 0; i < N; ++i) {
            do p[i] = gen.uniform(boxes[i].lo, boxes[i].hi);
            while (!boxes[i].admits(p[i]));
        }
        if (ok(p)) {
            out.push_back(p);
            ++added;
        }
    }
    return out;
}

template <std::size_t N>
std::vector<point<N>> make_points(const std::string& name, const std::array<interval, N>& boxes) {
    return make_points<N>(name, boxes, [](const point<N>&) { return true; });
}

/// tg::at(v0 = p[0], v1 = p[1], ...).
template <class Vars, std::size_t N>
auto env_of(const Vars& vars, const point<N>& p) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) { return tg::at((std::get<I>(vars) = p[I])...); }
    (std::make_index_sequence<N>{});
}

/// |ad - fd| <= max(rel * max(|ad|, |fd|), floor * S), S = max |f| over the stencil.
void check_against_fd(const std::string& what, double ad, const fd_result& fd, double rel, double floor) {
    const double abs_floor = floor * fd.scale;
    INFO(what << " " << show(ad) << ", finite difference " << show(fd.derivative) << ", h " << fd.step << ", |diff| "
              << std::abs(ad - fd.derivative) << ", allowed max(" << rel << " * max, " << abs_floor << ")");
    CHECK(near_rel(ad, fd.derivative, rel, abs_floor));
}

struct stats {
    std::size_t points = 0;
    std::size_t checks = 0;
};

/// Gradient (reverse mode) and Hessian of f against finite differences at every point.
template <class F, class... Vs>
stats check_fd(const std::string& name, const F& f, const std::vector<point<sizeof...(Vs)>>& points, Vs... vs) {
    constexpr std::size_t N = sizeof...(Vs);
    const std::tuple<Vs...> vars{vs...};
    stats s;
    INFO("op " << name << ": f = " << tg::to_string(f) << ", point seed " << seed_of(name));
    for (const auto& p : points) {
        ++s.points;
        INFO("at " << show_point(p));
        const auto env = env_of(vars, p);
        const auto r = call::value_and_grad(f, env);
        const auto h = call::hessian(f, env);
        for_index<N>([&](auto I) {
            const auto vi = std::get<I>(vars);
            const double g = static_cast<double>(r.grad[vi]);
            const fd_result fd = fd6(
                [&](double t) {
                    point<N> q = p;
                    q[I] = t;
                    return static_cast<double>(call::eval(f, env_of(vars, q)));
                },
                p[I]);
            check_against_fd("d/d" + std::string(decltype(vi)::name.view()) + ": reverse", g, fd, grad_rel, grad_floor);
            ++s.checks;
            for_index<N>([&](auto J) {
                const auto vj = std::get<J>(vars);
                const double hij = static_cast<double>(h[vi][vj]);
                const fd_result fdh = fd6(
                    [&](double t) {
                        point<N> q = p;
                        q[J] = t;
                        return static_cast<double>(call::grad(f, env_of(vars, q))[vi]);
                    },
                    p[J]);
                check_against_fd("d2/d" + std::string(decltype(vi)::name.view()) + " d" +
                                     std::string(decltype(vj)::name.view()) +
                                     ": hessian (vs differences of the gradient)",
                                 hij, fdh, hess_rel, hess_floor);
                ++s.checks;
            });
        });
    }
    return s;
}

template <class F>
void unary(const std::string& name, const F& f, const interval& box) {
    const auto s = check_fd(name, f, make_points<1>(name, {box}), x);
    CHECK(s.points >= random_count);
}

}  // namespace

// ---- unary ops --------------------------------------------------------------------------

TEST_CASE("finite differences: arithmetic, exp, log, sqrt, pow with constant exponents", "[fd][unary]") {
    unary("neg", -x, {-10, 10});
    unary("exp", tg::exp(x), {-10, 10});
    unary("log", tg::log(x), {0.2, 50});
    unary("sqrt", tg::sqrt(x), {0.2, 50});
    unary("log1p", tg::log1p(x), {-0.7, 20});
    unary("expm1", tg::expm1(x), {-10, 10});
    unary("pow(x, c<3>)", tg::pow(x, tg::c<3>), {-5, 5});
    unary("pow(x, c<4>)", tg::pow(x, tg::c<4>), {-5, 5});
    unary("pow(x, c<-2>)", tg::pow(x, tg::c<-2>), {-5, 5, {0.0}, 0.3});
    unary("pow(x, c<1,2>)", tg::pow(x, tg::c<1, 2>), {0.2, 10});
    unary("pow(x, 1.875)", tg::pow(x, 1.875), {0.2, 10});
    unary("pow(x, 0.5)", tg::pow(x, 0.5), {0.2, 10});
    unary("pow(x, -1.5)", tg::pow(x, -1.5), {0.3, 10});
    unary("pow(x, 3.0)", tg::pow(x, 3.0), {-5, 5});
    unary("1 / x", tg::c<1> / x, {-5, 5, {0.0}, 0.3});
    unary("x * x", x * x, {-10, 10});
}

TEST_CASE("finite differences: trigonometric and hyperbolic", "[fd][unary]") {
    unary("sin", tg::sin(x), {-10, 10});
    unary("cos", tg::cos(x), {-10, 10});
    unary("tan", tg::tan(x), {-1.3, 1.3});
    unary("tanh", tg::tanh(x), {-10, 10});
    unary("sech2", tg::sech2(x), {-10, 10});
}

TEST_CASE("finite differences: activations", "[fd][unary]") {
    unary("sigmoid", tg::sigmoid(x), {-20, 20});
    unary("log_sigmoid", tg::log_sigmoid(x), {-20, 20});
    unary("softplus", tg::softplus(x), {-20, 20});
    unary("swish", tg::swish(x), {-20, 20});
}

TEST_CASE("finite differences: piecewise ops away from their kinks", "[fd][unary]") {
    const interval kink_at_0{-5, 5, {0.0}, 0.25};
    unary("abs", tg::abs(x), kink_at_0);
    unary("relu", tg::relu(x), kink_at_0);
    unary("leaky_relu", tg::leaky_relu(x), kink_at_0);
    unary("leaky_relu(x, 0.2)", tg::leaky_relu(x, 0.2), kink_at_0);
    unary("elu", tg::elu(x), kink_at_0);
    unary("elu(x, 0.5)", tg::elu(x, 0.5), kink_at_0);
    unary("hard_tanh", tg::hard_tanh(x), {-3, 3, {-1.0, 1.0}, 0.25});
    unary("step", tg::step(x), kink_at_0);
    unary("sign", tg::sign(x), kink_at_0);
}

// ---- binary and ternary ops -------------------------------------------------------------

TEST_CASE("finite differences: binary arithmetic", "[fd][binary]") {
    const interval wide{-10, 10};
    check_fd("x + y", x + y, make_points<2>("x + y", {wide, wide}), x, y);
    check_fd("x - y", x - y, make_points<2>("x - y", {wide, wide}), x, y);
    check_fd("x * y", x * y, make_points<2>("x * y", {wide, wide}), x, y);
    check_fd("x / y", x / y, make_points<2>("x / y", {wide, {-5, 5, {0.0}, 0.3}}), x, y);
}

TEST_CASE("finite differences: pow with a variable exponent", "[fd][binary][pow]") {
    check_fd("pow(x, y)", tg::pow(x, y), make_points<2>("pow(x, y)", {interval{0.2, 5}, interval{-3, 3}}), x, y);
    // Base as the variable and a variable base under a constant exponent as well.
    check_fd("pow(2.5, y)", tg::pow(2.5, y), make_points<1>("pow(2.5, y)", {interval{-5, 5}}), y);
}

TEST_CASE("finite differences: max, min, max_weight away from ties", "[fd][binary]") {
    const interval box{-5, 5};
    const auto apart = [](const point<2>& p) { return std::abs(p[0] - p[1]) > 0.25; };
    check_fd("max(x, y)", tg::max(x, y), make_points<2>("max(x, y)", {box, box}, apart), x, y);
    check_fd("min(x, y)", tg::min(x, y), make_points<2>("min(x, y)", {box, box}, apart), x, y);
    check_fd("max_weight(x, y)", tg::max_weight(x, y), make_points<2>("max_weight(x, y)", {box, box}, apart), x, y);
    // One argument a number.
    check_fd("max(x, 0.7)", tg::max(x, 0.7), make_points<1>("max(x, 0.7)", {interval{-5, 5, {0.7}, 0.25}}), x);
    check_fd("min(x, 0.7)", tg::min(x, 0.7), make_points<1>("min(x, 0.7)", {interval{-5, 5, {0.7}, 0.25}}), x);
}

TEST_CASE("finite differences: leaky_relu and elu with a variable alpha", "[fd][binary]") {
    const interval kink_at_0{-5, 5, {0.0}, 0.25};
    check_fd("leaky_relu(x, y)", tg::leaky_relu(x, y), make_points<2>("leaky_relu(x, y)", {kink_at_0, interval{-1, 1}}),
             x, y);
    check_fd("elu(x, y)", tg::elu(x, y), make_points<2>("elu(x, y)", {kink_at_0, interval{-2, 2}}), x, y);
}

TEST_CASE("finite differences: where_positive", "[fd][ternary]") {
    const interval box{-5, 5};
    check_fd("where_positive(x, y, z)", tg::where_positive(x, y, z),
             make_points<3>("where_positive(x, y, z)", {interval{-5, 5, {0.0}, 0.25}, box, box}), x, y, z);
}
