// A summing region whose reverse sweep needs chain_mul's zero test runs first with plain
// products and again with the tests when a leaf's adjoint comes out NaN; a uniform adjoint
// that is finite and not 0 scales the stored adjoints plainly (tensor/sweep.hpp). The results
// must be those of the guarded sweep, bit for bit: checked element by element against the
// scalar engine (the same program per element), at inputs where a plain product 0 * inf
// would be NaN, where a NaN is genuine, and where nothing is special.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace tg = typegrad;

namespace {

constexpr std::size_t n = 5;
constexpr tg::var<"x", n> x;
constexpr tg::var<"w", n> w;
constexpr tg::var<"s"> s;
constexpr tg::var<"c"> c;
constexpr tg::var<"xs"> xs;
constexpr tg::var<"ws"> ws;
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// The same bits, or both NaN.
bool same(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
}

/// chain_mul's rule on numbers: an exact zero factor wins over inf and NaN.
double guarded(double a, double b) { return tg::chain_mul(a, b); }

using row = std::array<double, n>;

/// The rows: (x, w) per element. Row 0 nothing special; row 1 a 0 * inf in the sweep
/// (x = 0, w = 0); row 2 an infinite adjoint without NaN; row 3 a genuine NaN (log of a
/// negative); row 4 a NaN input.
constexpr std::array<std::array<row, 2>, 5> rows{{
    {{{0.5, 1.5, 2.0, 3.25, 0.125}, {1.0, -2.0, 0.5, 4.0, -0.75}}},
    {{{0.5, 0.0, 2.0, 3.25, 0.125}, {1.0, 0.0, 0.5, 4.0, -0.75}}},
    {{{0.5, 0.0, 2.0, 3.25, 0.125}, {1.0, 1.0, 0.5, 4.0, -0.75}}},
    {{{0.5, 1.5, -2.0, 0.0, 0.125}, {1.0, -2.0, 0.5, 0.0, -0.75}}},
    {{{0.5, 1.5, 2.0, not_a_number, 0.0}, {1.0, -2.0, 0.5, 4.0, 0.0}}},
}};

}  // namespace

TEST_CASE("plain first: sum(log(x) * w) gives the guarded sweep's gradient at every edge row",
          "[tensor][fusion][plain_first]") {
    constexpr auto f = tg::sum(tg::hadamard(tg::log(x), w));
    constexpr auto e = tg::log(xs) * ws;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& [xv, wv] = rows[k];
        const auto r = tg::value_and_grad(f, x = xv, w = wv);
        for (std::size_t i = 0; i < n; ++i) {
            const auto want = tg::value_and_grad(e, xs = xv[i], ws = wv[i]);
            INFO("row " << k << ", element " << i << ": x = " << xv[i] << ", w = " << wv[i]);
            CHECK(same(r.grad[x][i], want.grad[xs]));
            CHECK(same(r.grad[w][i], want.grad[ws]));
        }
    }
    // Row 1: the plain product 0 * inf would be NaN; the guarded sweep gives 0.
    const auto r = tg::value_and_grad(f, x = rows[1][0], w = rows[1][1]);
    CHECK(r.grad[x][1] == 0.0);
}

TEST_CASE("plain first: a broadcast scalar's total and the stored adjoints keep the guarded bits",
          "[tensor][fusion][plain_first]") {
    // s is broadcast (its adjoint a total over the elements), x stored element by element.
    constexpr auto f = tg::sum(tg::log(x) * s);
    constexpr auto e = tg::log(xs) * ws;
    for (const double sv : {2.0, 0.0, -0.0, inf, not_a_number}) {
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const auto& xv = rows[k][0];
            const auto r = tg::value_and_grad(f, x = xv, s = sv);
            double total = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const auto want = tg::value_and_grad(e, xs = xv[i], ws = sv);
                INFO("s = " << sv << ", row " << k << ", element " << i);
                CHECK(same(r.grad[x][i], want.grad[xs]));
                total = i == 0 ? want.grad[ws] : total + want.grad[ws];
            }
            INFO("s = " << sv << ", row " << k);
            CHECK(same(r.grad[s], total));
        }
    }
}

TEST_CASE("plain first: the adjoint of a summing region scales its stored adjoints with chain_mul's rule",
          "[tensor][fusion][plain_first]") {
    // c * sum(...): the loop runs seeded with 1, c scales x's and w's adjoints afterwards,
    // plainly when c is finite and not 0, with the zero test otherwise.
    constexpr auto f = c * tg::sum(tg::hadamard(tg::log(x), w));
    constexpr auto e = tg::log(xs) * ws;
    for (const double cv : {3.0, -0.5, 0.0, -0.0, inf, -inf, not_a_number}) {
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const auto& [xv, wv] = rows[k];
            const auto r = tg::value_and_grad(f, x = xv, w = wv, c = cv);
            for (std::size_t i = 0; i < n; ++i) {
                const auto want = tg::value_and_grad(e, xs = xv[i], ws = wv[i]);
                INFO("c = " << cv << ", row " << k << ", element " << i);
                CHECK(same(r.grad[x][i], guarded(cv, want.grad[xs])));
                CHECK(same(r.grad[w][i], guarded(cv, want.grad[ws])));
            }
        }
    }
}

TEST_CASE("plain first: a NaN in a stored adjoint that reaches a broadcast total is caught by that total",
          "[tensor][fusion][plain_first]") {
    // x's only use is x - s: its adjoint is NaN exactly when s's term is, so the loop detects
    // a NaN from s's total alone (region_program::nan_reaches_sum). c = 0 at x = s makes the
    // plain product 0 * inf = NaN, which the guarded sweep gives as 0.
    constexpr auto f = tg::sum(tg::log(x - s) * c);
    constexpr tg::var<"cs"> cs;
    constexpr auto e = tg::log(xs - ws) * cs;
    for (const double sv : {0.5, 0.0, -inf, not_a_number}) {
        for (const double cv : {2.0, 0.0, -0.0, inf, not_a_number}) {
            for (std::size_t k = 0; k < rows.size(); ++k) {
                const auto& xv = rows[k][0];
                const auto r = tg::value_and_grad(f, x = xv, s = sv, c = cv);
                double s_total = 0, c_total = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const auto want = tg::value_and_grad(e, xs = xv[i], ws = sv, cs = cv);
                    INFO("s = " << sv << ", c = " << cv << ", row " << k << ", element " << i);
                    CHECK(same(r.grad[x][i], want.grad[xs]));
                    s_total = i == 0 ? want.grad[ws] : s_total + want.grad[ws];
                    c_total = i == 0 ? want.grad[cs] : c_total + want.grad[cs];
                }
                INFO("s = " << sv << ", c = " << cv << ", row " << k);
                CHECK(same(r.grad[s], s_total));
                CHECK(same(r.grad[c], c_total));
            }
        }
    }
    // x = s = 0.5 at element 0, c = 0: the guarded sweep's 0, not the plain product's NaN.
    const auto r = tg::value_and_grad(f, x = rows[0][0], s = 0.5, c = 0.0);
    CHECK(r.grad[x][0] == 0.0);
}
