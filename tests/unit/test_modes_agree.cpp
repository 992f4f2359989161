// Differential testing of the library's modes against each other (no reference values):
//
//   values:  eval == value_and_grad().value == jvp().value == forward_value_and_grad().value,
//            bit for bit (one forward sweep serves every pass);
//   first:   reverse (value_and_grad) vs forward (jvp with a unit tangent, and
//            forward_value_and_grad) vs symbolic (eval(derivative(f, v)));
//   second:  reverse over symbolic (grad(derivative)) vs hessian vs forward over symbolic
//            (forward_value_and_grad(derivative), jvp(derivative)) vs symbolic twice
//            (eval(derivative(derivative))), and the symmetry of the second derivatives;
//            every route for single ops, a subset for composites (second_order_routes);
//   jvp along a direction d with no zero component vs <grad, d> (JAX's check);
//   eval of arithmetic-only expressions vs the same expression written as plain double
//   code, bit for bit.
//
// Points: deterministic pseudo-random (splitmix64 seeded by FNV-1a of the case's name,
// printed on failure): 30 per single op plus the Stan points in its domain, 20 per
// composite, 200 per plain-code comparison; plus the special points (ties, kinks).
//
// Bounds (`agree` below):
//   single ops: within 4 ulp (observed: at most 2 ulp, most bit-identical);
//   composites: within 4 ulp, or |a - b| <= 1e-14 * S with S the largest entry of the
//     gradient (first order) or of the Hessian (second order) at that point: sums whose
//     terms cancel lose many ulp of the result to a few ulp of the terms, differently in
//     each mode (observed: up to ~80 ulp, always below 1e-15 * S);
//   symmetry d2f/dx dy vs d2f/dy dx: the norm-wise bound, also for single ops (the two are
//     different expressions, e.g. d/dy (y x^(y-1)) vs d/dx (x^y log x): 32 ulp observed);
//   jvp vs <grad, d>: (N + 2) eps sum_i |grad_i d_i|;
//   NaN must match NaN, infinities must match exactly, plain-code values bit for bit.
#include "test_helpers.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <vector>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;

constexpr std::uint64_t ulp_bound = 4;
constexpr double normwise_rel = 1e-14;

constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr tg::var<"x1"> x1;
constexpr tg::var<"x2"> x2;
constexpr tg::var<"w0"> w0;
constexpr tg::var<"x0"> x0;
constexpr tg::var<"w1"> w1;
constexpr tg::var<"w2"> w2;

template <std::size_t N>
using point = std::array<double, N>;

template <std::size_t N>
std::string show_point(const point<N>& p) {
    std::string s = "(";
    for (std::size_t i = 0; i < N; ++i) s += (i ? ", " : "") + show(p[i]);
    return s + ")";
}

template <class V>
std::string name_of(V) {
    return std::string(V::name.view());
}

/// `count` pseudo-random points, coordinate i in boxes[i], accepted by ok; seeded by name.
template <std::size_t N, class Pred>
std::vector<point<N>> random_points_of(const std::string& name, const std::array<interval, N>& boxes, std::size_t count,
                                       Pred ok) {
    rng gen(seed_of(name));
    std::vector<point<N>> out;
    while (out.size() < count) {
        point<N> p{};
        for (std::size_t i = 0; i < N; ++i) {
            do p[i] = gen.uniform(boxes[i].lo, boxes[i].hi);
            while (!boxes[i].admits(p[i]));
        }
        if (ok(p)) out.push_back(p);
    }
    return out;
}

template <std::size_t N>
std::vector<point<N>> random_points_of(const std::string& name, const std::array<interval, N>& boxes,
                                       std::size_t count) {
    return random_points_of<N>(name, boxes, count, [](const point<N>&) { return true; });
}

template <class Vars, std::size_t N>
auto env_of(const Vars& vars, const point<N>& p) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) { return tg::at((std::get<I>(vars) = p[I])...); }
    (std::make_index_sequence<N>{});
}

/// Within ulp_bound ulp, or (normwise) within normwise_rel * scale.
bool agree(double p, double q, double scale, bool normwise) {
    if (ulp_distance(p, q) <= ulp_bound) return true;
    if (!normwise || std::isnan(p) || std::isnan(q) || std::isinf(p) || std::isinf(q)) return false;
    return std::abs(p - q) <= normwise_rel * scale;
}

inline void check_agree(const char* p_text, double p, const char* q_text, double q, double scale, bool normwise,
                        int line) {
    INFO("line " << line << ": " << p_text << " = " << show(p) << " vs " << q_text << " = " << show(q)
                 << "; ulp distance " << show_ulps(ulp_distance(p, q)) << ", |diff| " << std::abs(p - q) << ", scale "
                 << scale << (normwise ? " (norm-wise bound allowed)" : ""));
    CHECK(agree(p, q, scale, normwise));
}
#define TG_CHECK_AGREE(p, q, scale, normwise) \
    check_agree(#p, static_cast<double>(p), #q, static_cast<double>(q), (scale), (normwise), __LINE__)

/// jvp along d against <grad, d>: both are sums of N rounded products, so they agree to
/// N + 2 rounding errors of the sum of the magnitudes of the terms.
inline void check_directional(double tangent, double dot, double abs_dot, std::size_t n) {
    INFO("jvp along d: " << show(tangent) << ", <grad, d> = " << show(dot) << ", sum |grad_i d_i| = " << abs_dot);
    CHECK(std::abs(tangent - dot) <= static_cast<double>(n + 2) * eps * abs_dot);
}

/// Same bits (including the sign of zero and the NaN payload).
inline void check_bits(const char* what, double lib, double ref) {
    INFO(what << " " << show(lib) << ", plain code " << show(ref));
    CHECK(std::bit_cast<std::uint64_t>(lib) == std::bit_cast<std::uint64_t>(ref));
}

/// Which second-order routes check_modes compares. The second symbolic derivative of a
/// composite expression is costly to compile under -g (`v exp(-u) + v^2` with shared u and v
/// took 7 GB at -O0 -g when tg::hessian was built from them), so the composites choose.
/// tg::hessian itself is reverse over symbolic now: cheap, and equal to the reference below
/// by construction; the routes that check it independently are the forward ones, the
/// diagonal's eval(derivative(derivative)), and test_finite_differences.
enum class second_order_routes {
    /// hessian, and for every entry eval(derivative(derivative)), grad(derivative),
    /// forward_value_and_grad(derivative) and jvp(derivative): for single ops.
    all,
    /// hessian, and per row grad(derivative) and forward_value_and_grad(derivative), and
    /// eval(derivative(derivative)) on the diagonal.
    rows,
    /// First order only.
    none,
};

/// The second-order routes to row i (d2f/dvi dvj for every j) against h[i][j], the
/// reverse-over-symbolic reference.
template <second_order_routes Routes, std::size_t I, class F, class Vars, class Env, std::size_t N>
void check_second_row(const F& f, const Vars& vars, const Env& env, const std::array<std::array<double, N>, N>& h,
                      double hscale, bool normwise) {
    const auto vi = std::get<I>(vars);
    const auto dfi = tg::derivative(f, vi);
    const auto fwd_of_dfi = call::forward_value_and_grad(dfi, env);
    TG_CHECK_SAME(fwd_of_dfi.value, call::eval(dfi, env));
    for_index<N>([&](auto J) {
        const auto vj = std::get<J>(vars);
        INFO("d2/d" << name_of(vi) << " d" << name_of(vj));
        const double ref = h[I][J];
        TG_CHECK_AGREE(static_cast<double>(fwd_of_dfi.grad[vj]), ref, hscale, normwise);
        if constexpr (Routes == second_order_routes::all || I == J) {
            const double h_sym = static_cast<double>(call::eval(tg::derivative(dfi, vj), env));
            TG_CHECK_AGREE(h_sym, ref, hscale, normwise);
        }
        if constexpr (Routes == second_order_routes::all) {
            const double h_jvp = static_cast<double>(call::jvp(dfi, env, tg::at(vj = 1.0)).tangent);
            TG_CHECK_AGREE(h_jvp, ref, hscale, normwise);
        }
        // Symmetry: d2f/dvi dvj and d2f/dvj dvi come from different expressions (e.g.
        // d/dy (y x^(y-1)) vs d/dx (x^y log x)) whose roundings differ, so the norm-wise
        // bound applies even to single ops.
        TG_CHECK_AGREE(h[J][I], ref, hscale, true);
    });
}

/// Every mode against every other at every point; `normwise` allows the norm-wise bound.
template <second_order_routes Routes = second_order_routes::all, class F, class... Vs>
void check_modes(const std::string& name, const F& f, const std::vector<point<sizeof...(Vs)>>& points, bool normwise,
                 Vs... vs) {
    constexpr std::size_t N = sizeof...(Vs);
    constexpr bool second_order = Routes != second_order_routes::none;
    const std::tuple<Vs...> vars{vs...};
    INFO(name << ": f = " << tg::to_string(f) << " (points seeded with " << seed_of(name) << ")");
    for (const auto& p : points) {
        INFO("at " << show_point(p));
        const auto env = env_of(vars, p);
        const double value = static_cast<double>(call::eval(f, env));
        const auto rev = call::value_and_grad(f, env);
        const auto fwd = call::forward_value_and_grad(f, env);
        TG_CHECK_SAME(rev.value, value);
        TG_CHECK_SAME(fwd.value, value);
        double gscale = 0.0;
        for_index<N>(
            [&](auto I) { gscale = std::max(gscale, std::abs(static_cast<double>(rev.grad[std::get<I>(vars)]))); });

        // First order: reverse vs forward (one lane, all lanes) vs symbolic.
        for_index<N>([&](auto I) {
            const auto vi = std::get<I>(vars);
            INFO("d/d" << name_of(vi));
            const double r = static_cast<double>(rev.grad[vi]);
            const auto t = call::jvp(f, env, tg::at(vi = 1.0));
            TG_CHECK_SAME(t.value, value);
            TG_CHECK_AGREE(t.tangent, r, gscale, normwise);
            TG_CHECK_AGREE(static_cast<double>(fwd.grad[vi]), r, gscale, normwise);
            TG_CHECK_AGREE(static_cast<double>(call::eval(tg::derivative(f, vi), env)), r, gscale, normwise);
        });

        // jvp along a direction with every component nonzero vs <grad, d>.
        if constexpr (N > 1) {
            rng gen(seed_of(name) ^ std::bit_cast<std::uint64_t>(p[0]));
            point<N> d{};
            for (auto& di : d) di = gen.uniform(0.5, 1.5) * (gen.unit() < 0.5 ? -1.0 : 1.0);
            const auto t = call::jvp(f, env, env_of(vars, d));
            double dot = 0.0, abs_dot = 0.0;
            for_index<N>([&](auto I) {
                const double term = static_cast<double>(rev.grad[std::get<I>(vars)]) * d[I];
                dot += term;
                abs_dot += std::abs(term);
            });
            INFO("d = " << show_point(d));
            check_directional(t.tangent, dot, abs_dot, N);
        }

        if constexpr (second_order) {
            // The reference: reverse over symbolic, grad(derivative(f, vi))[vj].
            std::array<std::array<double, N>, N> h{};
            double hscale = 0.0;
            for_index<N>([&](auto I) {
                const auto g = call::grad(tg::derivative(f, std::get<I>(vars)), env);
                for_index<N>([&](auto J) {
                    h[I][J] = static_cast<double>(g[std::get<J>(vars)]);
                    hscale = std::max(hscale, std::abs(h[I][J]));
                });
            });
            {  // tg::hessian
                const auto hess = call::hessian(f, env);
                for_index<N>([&](auto I) {
                    for_index<N>([&](auto J) {
                        INFO("d2/d" << name_of(std::get<I>(vars)) << " d" << name_of(std::get<J>(vars)) << ": hessian");
                        TG_CHECK_AGREE(static_cast<double>(hess[std::get<I>(vars)][std::get<J>(vars)]), h[I][J], hscale,
                                       normwise);
                    });
                });
            }
            for_index<N>([&](auto I) { check_second_row<Routes, I>(f, vars, env, h, hscale, normwise); });
        }
    }
}

template <class F>
void unary(const std::string& name, const F& f, const interval& box) {
    auto points = random_points_of<1>(name, {box}, 30);
    for (double s : stan_points(box)) points.push_back({s});
    check_modes(name, f, points, false, x);
}

}  // namespace

// ---- single ops: modes agree to 4 ulp -------------------------------------------------

TEST_CASE("modes agree on every unary op", "[modes][unary]") {
    const interval kink_at_0{-5, 5, {0.0}, 0.05};
    unary("neg", -x, {-10, 10});
    unary("exp", tg::exp(x), {-10, 10});
    unary("log", tg::log(x), {0.01, 50});
    unary("sqrt", tg::sqrt(x), {0.01, 50});
    unary("log1p", tg::log1p(x), {-0.9, 20});
    unary("expm1", tg::expm1(x), {-10, 10});
    unary("pow(x, c<3>)", tg::pow(x, tg::c<3>), {-5, 5});
    unary("pow(x, c<-2>)", tg::pow(x, tg::c<-2>), kink_at_0);
    unary("pow(x, c<1,2>)", tg::pow(x, tg::c<1, 2>), {0.01, 10});
    unary("pow(x, 1.875)", tg::pow(x, 1.875), {0.01, 10});
    unary("pow(x, 3.0)", tg::pow(x, 3.0), {-5, 5});
    unary("sin", tg::sin(x), {-10, 10});
    unary("cos", tg::cos(x), {-10, 10});
    unary("tan", tg::tan(x), {-1.5, 1.5});
    unary("tanh", tg::tanh(x), {-20, 20});
    unary("sech2", tg::sech2(x), {-20, 20});
    unary("sigmoid", tg::sigmoid(x), {-40, 40});
    unary("log_sigmoid", tg::log_sigmoid(x), {-40, 40});
    unary("softplus", tg::softplus(x), {-40, 40});
    unary("swish", tg::swish(x), {-40, 40});
    unary("abs", tg::abs(x), kink_at_0);
    unary("relu", tg::relu(x), kink_at_0);
    unary("leaky_relu", tg::leaky_relu(x), kink_at_0);
    unary("elu", tg::elu(x), kink_at_0);
    unary("elu(x, 0.5)", tg::elu(x, 0.5), kink_at_0);
    unary("hard_tanh", tg::hard_tanh(x), {-3, 3});
    unary("step", tg::step(x), kink_at_0);
    unary("sign", tg::sign(x), kink_at_0);
    // The special points as well: every mode must give the same value there.
    const std::vector<point<1>> zero{{0.0}};
    check_modes("abs at 0", tg::abs(x), zero, false, x);
    check_modes("relu at 0", tg::relu(x), zero, false, x);
    check_modes("leaky_relu at 0", tg::leaky_relu(x), zero, false, x);
    check_modes("elu at 0", tg::elu(x), zero, false, x);
    check_modes("hard_tanh at +-1", tg::hard_tanh(x), std::vector<point<1>>{{1.0}, {-1.0}}, false, x);
}

TEST_CASE("modes agree on every binary op", "[modes][binary]") {
    const interval box{-5, 5};
    const interval nonzero{-5, 5, {0.0}, 0.05};
    const auto some = [](const std::string& name, const std::array<interval, 2>& boxes) {
        return random_points_of<2>(name, boxes, 30);
    };
    check_modes("x + y", x + y, some("x + y", {box, box}), false, x, y);
    check_modes("x - y", x - y, some("x - y", {box, box}), false, x, y);
    check_modes("x * y", x * y, some("x * y", {box, box}), false, x, y);
    check_modes("x / y", x / y, some("x / y", {box, nonzero}), false, x, y);
    check_modes("pow(x, y)", tg::pow(x, y), some("pow(x, y)", {interval{0.01, 5}, interval{-3, 3}}), false, x, y);
    check_modes("max(x, y)", tg::max(x, y), some("max(x, y)", {box, box}), false, x, y);
    check_modes("min(x, y)", tg::min(x, y), some("min(x, y)", {box, box}), false, x, y);
    check_modes("leaky_relu(x, y)", tg::leaky_relu(x, y), some("leaky_relu(x, y)", {nonzero, interval{-1, 1}}), false,
                x, y);
    check_modes("elu(x, y)", tg::elu(x, y), some("elu(x, y)", {nonzero, interval{-2, 2}}), false, x, y);
    // Ties and zeros, where the conventions apply.
    const std::vector<point<2>> ties{{1.5, 1.5}, {0.0, 0.0}, {-2.0, -2.0}};
    check_modes("max(x, y) at ties", tg::max(x, y), ties, false, x, y);
    check_modes("min(x, y) at ties", tg::min(x, y), ties, false, x, y);
    check_modes("leaky_relu(x, y) at x = 0", tg::leaky_relu(x, y), std::vector<point<2>>{{0.0, 0.3}}, false, x, y);
    check_modes("elu(x, y) at x = 0", tg::elu(x, y), std::vector<point<2>>{{0.0, 0.3}}, false, x, y);
}

// ---- composite expressions ---------------------------------------------------------------

TEST_CASE("modes agree on composite expressions", "[modes][composite]") {
    constexpr std::size_t n = 20;
    const interval unit{-2, 2};
    const interval wide{-5, 5};
    const interval positive{0.2, 3};

    SECTION("the seeds' sigmoid neuron, written out and with the op") {
        const auto pts = random_points_of<5>("neuron", {unit, unit, unit, unit, unit}, n);
        check_modes<second_order_routes::none>("neuron (flat)", 1.0 / (1.0 + tg::exp(-(w0 * x0 + w1 * x1 + w2))), pts,
                                               true, w0, x0, w1, x1, w2);
        check_modes<second_order_routes::none>("neuron (sigmoid)", tg::sigmoid(w0 * x0 + w1 * x1 + w2), pts, true, w0,
                                               x0, w1, x1, w2);
    }
    SECTION("the seeds' DAG and forward example") {
        check_modes<second_order_routes::rows>("(a + b) * pow(b, c<3>)", (a + b) * tg::pow(b, tg::c<3>),
                                               random_points_of<2>("dag", {wide, wide}, n), true, a, b);
        check_modes<second_order_routes::rows>("x1 * x2 + sin(x1)", x1 * x2 + tg::sin(x1),
                                               random_points_of<2>("fwd", {wide, wide}, n), true, x1, x2);
    }
    SECTION("runtime literals in the partials (literal numbering)") {
        check_modes<second_order_routes::rows>("2.0 * pow(x, 3.0) + x / y", 2.0 * tg::pow(x, 3.0) + x / y,
                                               random_points_of<2>("literals", {positive, positive}, n), true, x, y);
        check_modes<second_order_routes::rows>("pow(x, 1.875) * 0.5 - pow(y, -0.75) * 3.0",
                                               tg::pow(x, 1.875) * 0.5 - tg::pow(y, -0.75) * 3.0,
                                               random_points_of<2>("literals 2", {positive, positive}, n), true, x, y);
    }
    SECTION("smooth transcendental mixtures") {
        const auto pts3 = random_points_of<3>("smooth", {unit, unit, unit}, n);
        check_modes<second_order_routes::none>("log(1 + exp(x y)) tanh(x - y)",
                                               tg::log(1.0 + tg::exp(x * y)) * tg::tanh(x - y),
                                               random_points_of<2>("smooth 2", {unit, unit}, n), true, x, y);
        check_modes<second_order_routes::none>(
            "activations", tg::softplus(x) * tg::sigmoid(y) - tg::swish(x * y) + tg::log_sigmoid(x - y),
            random_points_of<2>("activations", {wide, wide}, n), true, x, y);
        check_modes<second_order_routes::none>(
            "sin(x y z) cos(x + y) + sqrt(z^2 + 1) / (x^2 + 1)",
            tg::sin(x * y * z) * tg::cos(x + y) + tg::sqrt(z * z + 1.0) / (x * x + tg::c<1>), pts3, true, x, y, z);
        check_modes<second_order_routes::none>(
            "sech2(x) tanh(y) + pow(x y + 2, -1.5)", tg::sech2(x) * tg::tanh(y) + tg::pow(x * y + 2.0, -1.5),
            random_points_of<2>("sech2", {interval{-1, 1}, interval{-1, 1}}, n), true, x, y);
        check_modes<second_order_routes::rows>("tan(x) / (1 + cos(y)^2)",
                                               tg::tan(x) / (tg::c<1> + tg::pow(tg::cos(y), tg::c<2>)),
                                               random_points_of<2>("tan", {interval{-1.2, 1.2}, wide}, n), true, x, y);
    }
    SECTION("variable exponents, logs and roots") {
        check_modes<second_order_routes::rows>(
            "pow(x, y) exp(-z^2) + pow(y, 2.5)", tg::pow(x, y) * tg::exp(-(z * z)) + tg::pow(y, 2.5),
            random_points_of<3>("pow", {positive, positive, unit}, n), true, x, y, z);
        check_modes<second_order_routes::none>("exp(sin x) log y - pow(z, c<4>) / (y + z^2)",
                                               tg::exp(tg::sin(x)) * tg::log(y) - tg::pow(z, tg::c<4>) / (y + z * z),
                                               random_points_of<3>("explog", {wide, positive, unit}, n), true, x, y, z);
        check_modes<second_order_routes::none>(
            "sqrt(x^2 + y^2 + 1) - log1p(abs(x y)) + expm1(-x)",
            tg::sqrt(x * x + y * y + 1.0) - tg::log1p(tg::abs(x * y)) + tg::expm1(-x),
            random_points_of<2>("roots", {interval{-3, 3, {0.0}, 0.1}, interval{-3, 3, {0.0}, 0.1}}, n), true, x, y);
    }
    SECTION("piecewise mixtures, away from ties and kinks") {
        const auto apart = [](const point<3>& p) {
            return std::abs(p[0] - p[1]) > 0.1 && std::abs(p[1] - p[2]) > 0.1 && std::abs(p[0] - p[2]) > 0.1 &&
                   std::abs(std::abs(p[1] * p[2]) - 1.0) > 0.1;
        };
        check_modes<second_order_routes::rows>("max(x, y) min(y, z) + relu(x - z) - hard_tanh(y z)",
                                               tg::max(x, y) * tg::min(y, z) + tg::relu(x - z) - tg::hard_tanh(y * z),
                                               random_points_of<3>("piecewise", {wide, wide, wide}, n, apart), true, x,
                                               y, z);
        check_modes<second_order_routes::none>("leaky_relu(x y, z) + elu(x - y, 0.5) expm1(z)",
                                               tg::leaky_relu(x * y, z) + tg::elu(x - y, 0.5) * tg::expm1(z),
                                               random_points_of<3>("leaky", {wide, wide, unit}, n, apart), true, x, y,
                                               z);
    }
    SECTION("a DAG with shared subexpressions") {
        const auto u = x * y + z;
        const auto v = tg::sin(u) * u;
        check_modes<second_order_routes::rows>("v exp(-u) + v^2, u = x y + z, v = u sin u",
                                               v * tg::exp(-u) + tg::pow(v, tg::c<2>),
                                               random_points_of<3>("shared", {unit, unit, unit}, n), true, x, y, z);
    }
    SECTION("constants, negation and division") {
        check_modes<second_order_routes::rows>(
            "-(x / y) + x c<1,3> - c<2> (y - 0.5 z)", -(x / y) + x * tg::c<1, 3> - tg::c<2> * (y - 0.5 * z),
            random_points_of<3>("constants", {wide, interval{-5, 5, {0.0}, 0.1}, wide}, n), true, x, y, z);
    }
}

// ---- eval vs plain double code -----------------------------------------------------------

namespace {
/// eval(f) must be bit-identical (same bits, including the sign of zero) to plain(p...).
template <class F, class Plain, class... Vs>
void check_plain(const std::string& name, const F& f, const Plain& plain,
                 const std::vector<point<sizeof...(Vs)>>& points, Vs... vs) {
    constexpr std::size_t N = sizeof...(Vs);
    const std::tuple<Vs...> vars{vs...};
    INFO(name << ": f = " << tg::to_string(f));
    for (const auto& p : points) {
        const double lib = static_cast<double>(call::eval(f, env_of(vars, p)));
        const double ref = [&]<std::size_t... I>(std::index_sequence<I...>) { return plain(p[I]...); }
        (std::make_index_sequence<N>{});
        const double rev = static_cast<double>(call::value_and_grad(f, env_of(vars, p)).value);
        INFO("at " << show_point(p));
        check_bits("eval", lib, ref);
        check_bits("value_and_grad().value", rev, ref);
    }
}
}  // namespace

TEST_CASE("eval of arithmetic-only expressions is bit-identical to plain double code", "[modes][plain]") {
    const interval wide{-100, 100};
    const interval nonzero{-100, 100, {0.0}, 1e-3};
    constexpr std::size_t n = 200;
    const auto p3 = random_points_of<3>("plain 3", {wide, wide, nonzero}, n);
    const auto p2 = random_points_of<2>("plain 2", {wide, nonzero}, n);
    check_plain(
        "(x + y) * z", (x + y) * z, [](double X, double Y, double Z) { return (X + Y) * Z; }, p3, x, y, z);
    check_plain(
        "(a + b) * pow(b, c<3>)", (a + b) * tg::pow(b, tg::c<3>),
        [](double A, double B) { return (A + B) * (B * B * B); }, p2, a, b);
    check_plain(
        "x / (y - z) + 2.0 * x - 3.5", x / (y - z) + 2.0 * x - 3.5,
        [](double X, double Y, double Z) { return X / (Y - Z) + 2.0 * X - 3.5; }, p3, x, y, z);
    check_plain(
        "-(x * y) + x / 3.0 - 0.25 * y", -(x * y) + x / 3.0 - 0.25 * y,
        [](double X, double Y) { return -(X * Y) + X / 3.0 - 0.25 * Y; }, p2, x, y);
    check_plain(
        "1.0 / (1.0 + x * x) - y / (x - 0.5)", 1.0 / (1.0 + x * x) - y / (x - 0.5),
        [](double X, double Y) { return 1.0 / (1.0 + X * X) - Y / (X - 0.5); }, p2, x, y);
    check_plain(
        "x * c<1,3> + c<2,7> * y", x * tg::c<1, 3> + tg::c<2, 7> * y,
        [](double X, double Y) { return X * (1.0 / 3.0) + (2.0 / 7.0) * Y; }, p2, x, y);
    check_plain(
        "pow(x, c<2>) - pow(y, c<-1>) + pow(y, c<-2>)",
        tg::pow(x, tg::c<2>) - tg::pow(y, tg::c<-1>) + tg::pow(y, tg::c<-2>),
        [](double X, double Y) { return X * X - 1.0 / Y + 1.0 / (Y * Y); }, p2, x, y);
    check_plain(
        "x - -y + -(-x)", x - (-y) + -(-x), [](double X, double Y) { return X - (-Y) + -(-X); }, p2, x, y);
    check_plain(
        "(x * y) * (x * y) - x / y", (x * y) * (x * y) - x / y,
        [](double X, double Y) { return (X * Y) * (X * Y) - X / Y; }, p2, x, y);
}

TEST_CASE("eval with compile-time constant factors is bit-identical to plain double code", "[modes][plain]") {
    // The simplifier must not re-associate or re-round: x / 3 is not (1/3) * x, and
    // 3 * (5 * x) is not 15 * x, in floating point.
    const auto pts = random_points_of<1>("plain constants", {interval{-100, 100}}, 200);
    check_plain(
        "x / c<3>", x / tg::c<3>, [](double X) { return X / 3.0; }, pts, x);
    check_plain(
        "c<3> * (c<5> * x)", tg::c<3> * (tg::c<5> * x), [](double X) { return 3.0 * (5.0 * X); }, pts, x);
    check_plain(
        "x / c<2>", x / tg::c<2>, [](double X) { return X / 2.0; }, pts, x);
}
