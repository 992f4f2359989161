// Values are what the same expression computes in plain C++ doubles, bit for bit, at every
// input including +-0, +-inf and NaN: no simplification of a user's expression changes a
// value (x - x stays NaN at inf, x * 0 stays -0 at x < 0, 0 / x stays NaN at 0).
//
// The expressions are generated at compile time from a fixed list of seeds: each seed picks,
// node by node, a leaf (x, y, the constants 0, 1/2 and 2, a run-time literal) or an op, among
// them the forms a simplifier would rewrite (e - e, e / e, e * 0, 0 - e, e + 0, 0 / e). Each
// generated expression carries the same formula in plain doubles, evaluated beside tg::eval.
// A subexpression of compile-time constants alone is one exact rational (its folded value).
#include "test_helpers.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace {

namespace tg = typegrad;
using namespace typegrad_test;

constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;

constexpr std::uint64_t next_seed(std::uint64_t s) { return s * 6364136223846793005ULL + 1442695040888963407ULL; }
constexpr unsigned pick(std::uint64_t s, unsigned n) { return static_cast<unsigned>((s >> 33) % n); }

template <class G>
constexpr bool zero = std::is_same_v<std::remove_cvref_t<decltype(G::expr())>, std::remove_cvref_t<decltype(tg::c<0>)>>;

/// A random expression of depth at most D from seed S: `expr()` builds it with typegrad,
/// `plain(x, y)` computes it with plain doubles.
template <std::uint64_t S, int D>
struct gen {
    static constexpr std::uint64_t s1 = next_seed(S);
    static constexpr std::uint64_t s2 = next_seed(s1 ^ 0x9e3779b97f4a7c15ULL);
    static constexpr unsigned leaves = 6, ops = 22;
    static constexpr unsigned kind = D == 0 ? pick(S, leaves) : leaves + pick(S, ops);
    using L = gen<s1, (D > 0 ? D - 1 : 0)>;
    using R = gen<s2, (D > 1 ? D - 2 : 0)>;

    static constexpr auto expr() {
        if constexpr (kind == 0)
            return x;
        else if constexpr (kind == 1)
            return y;
        else if constexpr (kind == 2)
            return tg::c<0>;
        else if constexpr (kind == 3)
            return tg::c<1, 2>;
        else if constexpr (kind == 4)
            return tg::c<2>;
        else if constexpr (kind == 5)
            return x + 0.75;  // a run-time literal
        else if constexpr (kind == 6)
            return L::expr() + R::expr();
        else if constexpr (kind == 7)
            return L::expr() - R::expr();
        else if constexpr (kind == 8)
            return L::expr() * R::expr();
        else if constexpr (kind == 9 && zero<R>)
            return L::expr() / x;  // not / c<0>: a compile error
        else if constexpr (kind == 9)
            return L::expr() / R::expr();
        else if constexpr (kind == 10)
            return -L::expr();
        else if constexpr (kind == 11)
            return L::expr() - L::expr();
        else if constexpr (kind == 12 && zero<L>)
            return x / x;
        else if constexpr (kind == 12)
            return L::expr() / L::expr();
        else if constexpr (kind == 13)
            return L::expr() * tg::c<0>;
        else if constexpr (kind == 14)
            return tg::c<0> - L::expr();
        else if constexpr (kind == 15)
            return L::expr() + tg::c<0>;
        else if constexpr (kind == 16 && zero<L>)
            return tg::c<0> / x;
        else if constexpr (kind == 16)
            return tg::c<0> / L::expr();
        else if constexpr (kind == 17)
            return tg::exp(L::expr());
        else if constexpr (kind == 18)
            return tg::log(L::expr());
        else if constexpr (kind == 19)
            return tg::sqrt(L::expr());
        else if constexpr (kind == 20)
            return tg::sin(L::expr());
        else if constexpr (kind == 21)
            return tg::tanh(L::expr());
        else if constexpr (kind == 22)
            return tg::expm1(L::expr());
        else if constexpr (kind == 23)
            return tg::log1p(L::expr());
        else if constexpr (kind == 24)
            return tg::pow(L::expr(), R::expr());
        else if constexpr (kind == 25)
            return tg::c<0> * L::expr();
        else if constexpr (kind == 26)
            return L::expr() * tg::c<1>;
        else
            return L::expr() - tg::c<0>;
    }

    [[gnu::noinline]] static double plain(double a, double b) {
        using E = decltype(expr());
        if constexpr (tg::compile_time_constant<E>)
            return double(E::numerator) / double(E::denominator);
        else if constexpr (kind == 0)
            return a;
        else if constexpr (kind == 1)
            return b;
        else if constexpr (kind == 2)
            return 0.0;
        else if constexpr (kind == 3)
            return 0.5;
        else if constexpr (kind == 4)
            return 2.0;
        else if constexpr (kind == 5)
            return a + 0.75;
        else if constexpr (kind == 6)
            return L::plain(a, b) + R::plain(a, b);
        else if constexpr (kind == 7)
            return L::plain(a, b) - R::plain(a, b);
        else if constexpr (kind == 8)
            return L::plain(a, b) * R::plain(a, b);
        else if constexpr (kind == 9 && zero<R>)
            return L::plain(a, b) / a;
        else if constexpr (kind == 9)
            return L::plain(a, b) / R::plain(a, b);
        else if constexpr (kind == 10)
            return -L::plain(a, b);
        else if constexpr (kind == 11)
            return L::plain(a, b) - L::plain(a, b);
        else if constexpr (kind == 12 && zero<L>)
            return a / a;
        else if constexpr (kind == 12)
            return L::plain(a, b) / L::plain(a, b);
        else if constexpr (kind == 13)
            return L::plain(a, b) * 0.0;
        else if constexpr (kind == 14)
            return 0.0 - L::plain(a, b);
        else if constexpr (kind == 15)
            return L::plain(a, b) + 0.0;
        else if constexpr (kind == 16 && zero<L>)
            return 0.0 / a;
        else if constexpr (kind == 16)
            return 0.0 / L::plain(a, b);
        else if constexpr (kind == 17)
            return std::exp(L::plain(a, b));
        else if constexpr (kind == 18)
            return std::log(L::plain(a, b));
        else if constexpr (kind == 19)
            return std::sqrt(L::plain(a, b));
        else if constexpr (kind == 20)
            return std::sin(L::plain(a, b));
        else if constexpr (kind == 21)
            return std::tanh(L::plain(a, b));
        else if constexpr (kind == 22)
            return std::expm1(L::plain(a, b));
        else if constexpr (kind == 23)
            return std::log1p(L::plain(a, b));
        else if constexpr (kind == 24)
            return std::pow(L::plain(a, b), R::plain(a, b));
        else if constexpr (kind == 25)
            return 0.0 * L::plain(a, b);
        else if constexpr (kind == 26)
            return L::plain(a, b) * 1.0;
        else
            return L::plain(a, b) - 0.0;
    }
};

constexpr double inputs[] = {0.0, -0.0, 1.5, -2.25, 0.3, 1e-310, -1e-310, 1e300, -1e300, 710.0, inf_v, -inf_v, nan_v};

/// Same bits, or both NaN (the sign and payload of a NaN are not a value).
bool same_value(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

template <std::uint64_t Seed>
int check_seed() {
    using G = gen<Seed * 0x2545f4914f6cdd1dULL + 1, 4>;
    constexpr auto f = G::expr();
    int checked = 0;
    for (double a : inputs)
        for (double b : inputs) {
            const double got = tg::eval(f, tg::at(x = a, y = b));
            const double want = G::plain(a, b);
            if (!same_value(got, want)) {
                INFO("seed " << Seed << ": " << tg::to_string(f) << " at x = " << show(a) << ", y = " << show(b));
                CHECK(show(got) == show(want));
            }
            ++checked;
        }
    return checked;
}

template <std::uint64_t... Seeds>
int check_seeds(std::integer_sequence<std::uint64_t, Seeds...>) {
    return (check_seed<Seeds>() + ...);
}

}  // namespace

TEST_CASE("values: random expressions equal plain doubles bit for bit", "[values][bit-exact]") {
    const int checked = check_seeds(std::make_integer_sequence<std::uint64_t, 160>{});
    CHECK(checked == 160 * 13 * 13);
}

TEST_CASE("values: the forms a simplifier would rewrite keep the plain value", "[values][bit-exact]") {
    CHECK(std::isnan(tg::eval(x - x, tg::at(x = inf_v))));
    CHECK(std::isnan(tg::eval(x - x, tg::at(x = nan_v))));
    CHECK(std::isnan(tg::eval(x * tg::c<0>, tg::at(x = inf_v))));
    CHECK(std::signbit(tg::eval(x * tg::c<0>, tg::at(x = -3.0))));
    CHECK(std::isnan(tg::eval(tg::c<0> / x, tg::at(x = 0.0))));
    CHECK(!std::signbit(tg::eval(x + tg::c<0>, tg::at(x = -0.0))));
    CHECK(!std::signbit(tg::eval(tg::c<0> - x, tg::at(x = 0.0))));
    CHECK(std::isnan(tg::eval(x / x, tg::at(x = 0.0))));
}
