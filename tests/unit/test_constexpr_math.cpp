// Tests for typegrad/detail/constexpr_math.hpp: constant-evaluation usability,
// IEEE special values, and ulp accuracy of the constexpr implementations
// (typegrad::detail::cmath::impl) against <cmath> at many points.
//
// Set TYPEGRAD_ULP_REPORT=1 to print the measured maximum ulp per function.
//
// Checks that need the x87 80-bit long double (literals beyond the double
// range) are compiled only where long double is that format.

#include <typegrad/detail/constexpr_math.hpp>

#include <catch2/catch.hpp>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace cm = typegrad::detail::cmath;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double dmin = std::numeric_limits<double>::denorm_min();
constexpr std::uint64_t huge_ulp = std::numeric_limits<std::uint64_t>::max();

constexpr bool sign_of(double x) { return (std::bit_cast<std::uint64_t>(x) >> 63) != 0; }

// Distance in ulps between two doubles: bit patterns mapped onto a monotone
// integer scale (so +0 and -0 coincide and crossing zero counts correctly).
// NaN only matches NaN and an infinity only matches itself.
std::uint64_t ulp_distance(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return (std::isnan(a) && std::isnan(b)) ? 0 : huge_ulp;
    if (std::isinf(a) || std::isinf(b)) return a == b ? 0 : huge_ulp;
    auto key = [](double v) {
        const auto u = std::bit_cast<std::uint64_t>(v);
        return (u >> 63) != 0 ? -static_cast<std::int64_t>(u & 0x7fffffffffffffffULL) : static_cast<std::int64_t>(u);
    };
    const std::int64_t ka = key(a);
    const std::int64_t kb = key(b);
    return ka >= kb ? static_cast<std::uint64_t>(ka) - static_cast<std::uint64_t>(kb)
                    : static_cast<std::uint64_t>(kb) - static_cast<std::uint64_t>(ka);
}

std::uint64_t ulp_distance(float a, float b) {
    if (std::isnan(a) || std::isnan(b)) return (std::isnan(a) && std::isnan(b)) ? 0 : huge_ulp;
    if (std::isinf(a) || std::isinf(b)) return a == b ? 0 : huge_ulp;
    auto key = [](float v) {
        const auto u = std::bit_cast<std::uint32_t>(v);
        return (u >> 31) != 0 ? -static_cast<std::int64_t>(u & 0x7fffffffU) : static_cast<std::int64_t>(u);
    };
    const std::int64_t ka = key(a);
    const std::int64_t kb = key(b);
    return static_cast<std::uint64_t>(ka >= kb ? ka - kb : kb - ka);
}

// long double may have padding bits, so measure |a - b| in units of ulp(b).
std::uint64_t ulp_distance(long double a, long double b) {
    if (std::isnan(a) || std::isnan(b)) return (std::isnan(a) && std::isnan(b)) ? 0 : huge_ulp;
    if (std::isinf(a) || std::isinf(b)) return a == b ? 0 : huge_ulp;
    if (a == b) return 0;
    constexpr int digits = std::numeric_limits<long double>::digits;
    const long double mag = std::fabs(b) > std::fabs(a) ? std::fabs(b) : std::fabs(a);
    long double ulp = std::numeric_limits<long double>::denorm_min();
    if (mag >= std::numeric_limits<long double>::min()) ulp = std::ldexp(1.0L, std::ilogb(mag) - (digits - 1));
    return static_cast<std::uint64_t>(std::ceil(std::fabs(a - b) / ulp));
}

bool report_enabled() {
    static const bool enabled = std::getenv("TYPEGRAD_ULP_REPORT") != nullptr;
    return enabled;
}

template <class T>
const char* type_name() {
    if constexpr (std::is_same_v<T, float>) return "float";
    if constexpr (std::is_same_v<T, double>) return "double";
    return "long double";
}

// Largest ulp distance between impl(i) and ref(i) over i < n; the bound must
// hold.  describe(i) names the input (reported for the worst one).
template <class T, class Impl, class Ref, class Describe>
void check_points(const char* name, std::size_t n, Impl impl, Ref ref, Describe describe, std::uint64_t bound) {
    std::uint64_t worst_ulp = 0;
    std::size_t worst = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t d = ulp_distance(impl(i), ref(i));
        if (d > worst_ulp) {
            worst_ulp = d;
            worst = i;
        }
    }
    const std::string where = worst_ulp == 0 ? std::string("every point: identical") : describe(worst);
    if (report_enabled()) {
        std::printf("%-10s %-11s points=%6zu  max_ulp=%llu  (worst at %s)\n", name, type_name<T>(), n,
                    static_cast<unsigned long long>(worst_ulp), where.c_str());
    }
    INFO(name << " (" << type_name<T>() << "): max ulp " << worst_ulp << " at " << where);
    CHECK(worst_ulp <= bound);
}

std::string describe_value(long double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.21Lg", x);
    return buf;
}

template <class T, class Impl, class Ref>
void check_unary(const char* name, const std::vector<T>& xs, Impl impl, Ref ref, std::uint64_t bound) {
    check_points<T>(
        name, xs.size(), [&](std::size_t i) { return impl(xs[i]); }, [&](std::size_t i) { return ref(xs[i]); },
        [&](std::size_t i) { return "x = " + describe_value(xs[i]); }, bound);
}

// ---------------------------------------------------------------------------
// Point generators (deterministic).
// ---------------------------------------------------------------------------
template <class T>
struct gen {
    std::mt19937_64 rng;
    explicit gen(std::uint64_t seed) : rng(seed) {}

    long double unit() { return std::uniform_real_distribution<long double>(0.0L, 1.0L)(rng); }
    T uniform(long double lo, long double hi) { return static_cast<T>(lo + (hi - lo) * unit()); }
    // Magnitudes log-uniform in [10^lo, 10^hi]; random sign if both_signs.
    T log_uniform(long double lo, long double hi, bool both_signs) {
        T v = static_cast<T>(std::pow(10.0L, lo + (hi - lo) * unit()));
        if (both_signs && (rng() & 1U) != 0) v = -v;
        return v;
    }
    void log_uniform(std::vector<T>& xs, int n, long double lo, long double hi, bool both_signs) {
        for (int i = 0; i < n; ++i) xs.push_back(log_uniform(lo, hi, both_signs));
    }
    void uniform(std::vector<T>& xs, int n, long double lo, long double hi) {
        for (int i = 0; i < n; ++i) xs.push_back(uniform(lo, hi));
    }
};

// Decimal exponent range of finite normal values of T (with a margin).
template <class T>
constexpr long double max10 = std::numeric_limits<T>::max_exponent10 - 1;
template <class T>
constexpr long double min10 = std::numeric_limits<T>::min_exponent10 + 1;

// Point counts: doubles get the most; long double checks the x87 code path.
template <class T>
constexpr int count = sizeof(T) == sizeof(double) ? 4000 : 1500;

template <class T>
std::vector<T> special_points() {
    const T lim_max = std::numeric_limits<T>::max();
    const T lim_min = std::numeric_limits<T>::min();
    const T den = std::numeric_limits<T>::denorm_min();
    const T ninf = std::numeric_limits<T>::infinity();
    return {T(0),
            -T(0),
            T(1),
            T(-1),
            T(0.5),
            T(-0.5),
            T(2),
            T(-2),
            T(10),
            T(-10),
            den,
            -den,
            lim_min,
            -lim_min,
            lim_max,
            -lim_max,
            ninf,
            -ninf,
            std::numeric_limits<T>::quiet_NaN(),
            T(1e-5),
            T(-1e-5),
            T(3.14159265358979323846L),
            T(1.5707963267948966192L),
            T(0.7853981633974483096L)};
}

template <class T>
std::vector<T> both_sign_points(std::uint64_t seed, long double lo10, long double hi10, long double lin) {
    gen<T> g(seed);
    std::vector<T> xs = special_points<T>();
    g.log_uniform(xs, count<T>, lo10, hi10, true);
    g.uniform(xs, count<T>, -lin, lin);
    return xs;
}

template <class T>
std::vector<T> positive_points(std::uint64_t seed) {
    gen<T> g(seed);
    std::vector<T> xs = special_points<T>();
    g.log_uniform(xs, count<T>, min10<T>, max10<T>, false);
    // Subnormals and values just around 1 (where log / sqrt lose nothing).
    for (int i = 1; i <= 64; ++i) xs.push_back(std::numeric_limits<T>::denorm_min() * T(i * 977));
    for (int i = 0; i < count<T> / 4; ++i) xs.push_back(T(1) + g.log_uniform(-18, -1, true));
    g.uniform(xs, count<T> / 4, 0, 10);
    return xs;
}

// Per-type ulp bounds for the comparison against <cmath>.  The constexpr
// implementations are (nearly) correctly rounded; the slack covers the error
// of the platform's own <cmath> (glibc documents up to 2 ulp for some of these).
struct bounds {
    std::uint64_t exp, expm1, log, log1p, sqrt, sin, cos, tan, atan, tanh, sinh, cosh, pow, pow_int;
};

template <class T>
void check_all(const bounds& b) {
    namespace impl = cm::impl;
    const long double hi10 = max10<T>;
    const long double lo10 = min10<T>;
    const long double exp_lim = std::log(static_cast<long double>(std::numeric_limits<T>::max())) + 30;

    check_unary<T>(
        "exp", both_sign_points<T>(1, lo10, hi10, exp_lim), [](T x) { return impl::exp(x); },
        [](T x) { return std::exp(x); }, b.exp);
    check_unary<T>(
        "expm1", both_sign_points<T>(2, lo10, hi10, 45), [](T x) { return impl::expm1(x); },
        [](T x) { return std::expm1(x); }, b.expm1);
    check_unary<T>(
        "expm1 wide", both_sign_points<T>(22, lo10, hi10, exp_lim), [](T x) { return impl::expm1(x); },
        [](T x) { return std::expm1(x); }, b.expm1);
    check_unary<T>(
        "log", positive_points<T>(3), [](T x) { return impl::log(x); }, [](T x) { return std::log(x); }, b.log);
    check_unary<T>(
        "sqrt", positive_points<T>(4), [](T x) { return impl::sqrt(x); }, [](T x) { return std::sqrt(x); }, b.sqrt);
    {
        gen<T> g(5);
        std::vector<T> xs = positive_points<T>(6);
        g.log_uniform(xs, count<T>, lo10, 0, true);  // (-1, 1) including tiny negatives
        for (int i = 0; i < count<T> / 4; ++i) xs.push_back(T(-1) + g.log_uniform(-18, -0.5L, false));
        check_unary<T>(
            "log1p", xs, [](T x) { return impl::log1p(x); }, [](T x) { return std::log1p(x); }, b.log1p);
    }
    {
        std::vector<T> xs = both_sign_points<T>(7, lo10, hi10, 10);
        gen<T> g(8);
        // Near multiples of pi/2, where the reduction cancels heavily.
        for (int i = 0; i < count<T> / 4; ++i) {
            const long double k = std::floor(g.log_uniform(0, 6, true));
            xs.push_back(static_cast<T>(k * 1.57079632679489661923132169163975144L));
        }
        xs.push_back(T(1e22));
        check_unary<T>(
            "sin", xs, [](T x) { return impl::sin(x); }, [](T x) { return std::sin(x); }, b.sin);
        check_unary<T>(
            "cos", xs, [](T x) { return impl::cos(x); }, [](T x) { return std::cos(x); }, b.cos);
        check_unary<T>(
            "tan", xs, [](T x) { return impl::tan(x); }, [](T x) { return std::tan(x); }, b.tan);
    }
    check_unary<T>(
        "atan", both_sign_points<T>(9, lo10, hi10, 5), [](T x) { return impl::atan(x); },
        [](T x) { return std::atan(x); }, b.atan);
    check_unary<T>(
        "tanh", both_sign_points<T>(10, lo10, hi10, 25), [](T x) { return impl::tanh(x); },
        [](T x) { return std::tanh(x); }, b.tanh);
    check_unary<T>(
        "sinh", both_sign_points<T>(11, lo10, hi10, exp_lim), [](T x) { return impl::sinh(x); },
        [](T x) { return std::sinh(x); }, b.sinh);
    check_unary<T>(
        "cosh", both_sign_points<T>(12, lo10, hi10, exp_lim), [](T x) { return impl::cosh(x); },
        [](T x) { return std::cosh(x); }, b.cosh);

    // pow: pairs (x, y) encoded as an index into two parallel vectors.
    {
        gen<T> g(13);
        std::vector<T> px;
        std::vector<T> py;
        const std::vector<T> sp = special_points<T>();
        for (const T x : sp) {
            for (const T y : sp) {
                px.push_back(x);
                py.push_back(y);
            }
        }
        for (int i = 0; i < count<T>; ++i) {  // any x, integer y (negative bases allowed)
            px.push_back(g.log_uniform(lo10, hi10, true));
            py.push_back(std::floor(g.uniform(-40, 40)));
        }
        for (int i = 0; i < count<T>; ++i) {  // positive x, real y of any size
            px.push_back(g.log_uniform(lo10, hi10, false));
            py.push_back(g.log_uniform(-3, 3, true));
        }
        for (int i = 0; i < count<T>; ++i) {  // x near 1, large y
            px.push_back(T(1) + g.log_uniform(-15, -1, true));
            py.push_back(g.log_uniform(0, 15, true));
        }
        for (int i = 0; i < count<T>; ++i) {  // sqrt-like and moderate cases
            px.push_back(g.log_uniform(lo10, hi10, false));
            py.push_back((i & 1) != 0 ? T(0.5) : g.uniform(-4, 4));
        }
        check_points<T>(
            "pow", px.size(), [&](std::size_t i) { return impl::pow(px[i], py[i]); },
            [&](std::size_t i) { return std::pow(px[i], py[i]); },
            [&](std::size_t i) { return "x = " + describe_value(px[i]) + ", y = " + describe_value(py[i]); }, b.pow);

        // pow_int(x, n) for |n| <= 40 against std::pow(x, T(n)).
        std::vector<T> nx;
        std::vector<long long> nn;
        for (int i = 0; i < count<T> / 2; ++i) {
            const T x = g.log_uniform(-3, 3, true);
            for (long long n = -40; n <= 40; ++n) {
                nx.push_back(x);
                nn.push_back(n);
            }
        }
        check_points<T>(
            "pow_int", nx.size(), [&](std::size_t i) { return impl::pow_int(nx[i], nn[i]); },
            [&](std::size_t i) { return std::pow(nx[i], static_cast<T>(nn[i])); },
            [&](std::size_t i) { return "x = " + describe_value(nx[i]) + ", n = " + std::to_string(nn[i]); },
            b.pow_int);
    }
}

}  // namespace

TEST_CASE("constexpr_math: usable in constant expressions", "[constexpr_math]") {
    STATIC_REQUIRE(cm::exp(0.0) == 1.0);
    STATIC_REQUIRE(cm::log(1.0) == 0.0);
    STATIC_REQUIRE(cm::sqrt(4.0) == 2.0);
    STATIC_REQUIRE(cm::sqrt(2.0) * cm::sqrt(2.0) == 2.0000000000000004);
    STATIC_REQUIRE(cm::sin(0.0) == 0.0);
    STATIC_REQUIRE(cm::cos(0.0) == 1.0);
    STATIC_REQUIRE(cm::tan(0.0) == 0.0);
    STATIC_REQUIRE(cm::atan(0.0) == 0.0);
    STATIC_REQUIRE(cm::tanh(0.0) == 0.0);
    STATIC_REQUIRE(cm::sinh(0.0) == 0.0);
    STATIC_REQUIRE(cm::cosh(0.0) == 1.0);
    STATIC_REQUIRE(cm::expm1(0.0) == 0.0);
    STATIC_REQUIRE(cm::log1p(0.0) == 0.0);
    STATIC_REQUIRE(cm::pow(2.0, 10.0) == 1024.0);
    STATIC_REQUIRE(cm::pow_int(-2.0, 3) == -8.0);
    STATIC_REQUIRE(cm::fabs(-3.5) == 3.5);
    STATIC_REQUIRE(cm::floor(-2.5) == -3.0);
    STATIC_REQUIRE(cm::trunc(-2.5) == -2.0);
    STATIC_REQUIRE(cm::copysign(2.0, -0.0) == -2.0);
    STATIC_REQUIRE(cm::isnan(cm::log(-1.0)));
    STATIC_REQUIRE(cm::isinf(cm::exp(710.0)));
    // float and long double instantiations.
    STATIC_REQUIRE(cm::exp(0.0f) == 1.0f);
    STATIC_REQUIRE(cm::log(1.0f) == 0.0f);
    STATIC_REQUIRE(cm::sqrt(9.0f) == 3.0f);
    STATIC_REQUIRE(cm::exp(0.0L) == 1.0L);
    STATIC_REQUIRE(cm::log(1.0L) == 0.0L);
    STATIC_REQUIRE(cm::sqrt(9.0L) == 3.0L);
    STATIC_REQUIRE(cm::pow(-3.0L, 2.0L) == 9.0L);
}

TEST_CASE("constexpr_math: compile-time values agree with <cmath> and with run-time impl", "[constexpr_math]") {
    // Values produced by constant evaluation through the public dispatch.
    constexpr double e1 = cm::exp(1.0);
    constexpr double l10 = cm::log(10.0);
    constexpr double s3 = cm::sin(3.0);
    constexpr double c3 = cm::cos(3.0);
    constexpr double t1 = cm::tan(1.0);
    constexpr double sbig = cm::sin(1e300);  // Payne-Hanek reduction at compile time
    constexpr double a2 = cm::atan(2.0);
    constexpr double th = cm::tanh(0.3);
    constexpr double sh = cm::sinh(-2.5);
    constexpr double ch = cm::cosh(700.0);
    constexpr double pw = cm::pow(1.5, -7.25);
    constexpr double sq = cm::sqrt(3.0);
    constexpr double em = cm::expm1(-0.2);
    constexpr double lp = cm::log1p(0.75);
    constexpr double sub = cm::exp(-740.0);  // subnormal result
    constexpr float ef = cm::exp(2.0f);
    constexpr long double el = cm::exp(1.0L);
    constexpr long double sl = cm::sin(std::numeric_limits<long double>::max() / 3);  // Payne-Hanek

    CHECK(ulp_distance(e1, std::exp(1.0)) <= 1);
    CHECK(ulp_distance(l10, std::log(10.0)) <= 1);
    CHECK(ulp_distance(s3, std::sin(3.0)) <= 1);
    CHECK(ulp_distance(c3, std::cos(3.0)) <= 1);
    CHECK(ulp_distance(t1, std::tan(1.0)) <= 1);
    CHECK(ulp_distance(sbig, std::sin(1e300)) <= 1);
    CHECK(ulp_distance(a2, std::atan(2.0)) <= 1);
    CHECK(ulp_distance(th, std::tanh(0.3)) <= 1);
    CHECK(ulp_distance(sh, std::sinh(-2.5)) <= 1);
    CHECK(ulp_distance(ch, std::cosh(700.0)) <= 1);
    CHECK(ulp_distance(pw, std::pow(1.5, -7.25)) <= 1);
    CHECK(ulp_distance(sq, std::sqrt(3.0)) == 0);
    CHECK(ulp_distance(em, std::expm1(-0.2)) <= 1);
    CHECK(ulp_distance(lp, std::log1p(0.75)) <= 1);
    CHECK(ulp_distance(sub, std::exp(-740.0)) <= 1);
    CHECK(ulp_distance(ef, std::exp(2.0f)) <= 1);
    CHECK(ulp_distance(el, std::exp(1.0L)) <= 1);
    CHECK(ulp_distance(sl, std::sin(std::numeric_limits<long double>::max() / 3)) <= 1);

    // Constant evaluation and run-time execution of the same impl code agree
    // bit for bit (the arithmetic is the same IEEE arithmetic).
    namespace impl = cm::impl;
    volatile double one = 1.0;  // defeat constant folding
    CHECK(std::bit_cast<std::uint64_t>(e1) == std::bit_cast<std::uint64_t>(impl::exp(one)));
    CHECK(std::bit_cast<std::uint64_t>(sbig) == std::bit_cast<std::uint64_t>(impl::sin(1e300 * one)));
    CHECK(std::bit_cast<std::uint64_t>(pw) == std::bit_cast<std::uint64_t>(impl::pow(1.5 * one, -7.25)));
    CHECK(std::bit_cast<std::uint64_t>(sub) == std::bit_cast<std::uint64_t>(impl::exp(-740.0 * one)));
    CHECK(sl == impl::sin(std::numeric_limits<long double>::max() / 3 * one));

    // At run time the public functions are exactly <cmath>.
    const double x = 0.37 * one;
    CHECK(std::bit_cast<std::uint64_t>(cm::exp(x)) == std::bit_cast<std::uint64_t>(std::exp(x)));
    CHECK(std::bit_cast<std::uint64_t>(cm::sin(x)) == std::bit_cast<std::uint64_t>(std::sin(x)));
    CHECK(std::bit_cast<std::uint64_t>(cm::pow(x, 2.5)) == std::bit_cast<std::uint64_t>(std::pow(x, 2.5)));
}

TEST_CASE("constexpr_math: IEEE special values at compile time", "[constexpr_math]") {
    // exp
    STATIC_REQUIRE(cm::exp(710.0) == inf);
    STATIC_REQUIRE(cm::exp(inf) == inf);
    STATIC_REQUIRE(cm::exp(-inf) == 0.0);
    STATIC_REQUIRE(cm::exp(-800.0) == 0.0);
    STATIC_REQUIRE(cm::exp(-745.0) == dmin);  // e^-745 rounds to the smallest subnormal
    STATIC_REQUIRE(cm::isnan(cm::exp(qnan)));
    // expm1
    STATIC_REQUIRE(cm::expm1(1e-10) == 1.00000000005e-10);
    STATIC_REQUIRE(cm::expm1(-inf) == -1.0);
    STATIC_REQUIRE(cm::expm1(inf) == inf);
    STATIC_REQUIRE(cm::expm1(-100.0) == -1.0);
    STATIC_REQUIRE(sign_of(cm::expm1(-0.0)));
    // log / log1p
    STATIC_REQUIRE(cm::log(0.0) == -inf);
    STATIC_REQUIRE(cm::log(-0.0) == -inf);
    STATIC_REQUIRE(cm::isnan(cm::log(-1.0)));
    STATIC_REQUIRE(cm::log(inf) == inf);
    STATIC_REQUIRE(cm::isnan(cm::log(qnan)));
    STATIC_REQUIRE(cm::log1p(1e-20) == 1e-20);
    STATIC_REQUIRE(cm::log1p(-1.0) == -inf);
    STATIC_REQUIRE(cm::isnan(cm::log1p(-2.0)));
    STATIC_REQUIRE(cm::log1p(inf) == inf);
    STATIC_REQUIRE(sign_of(cm::log1p(-0.0)));
    // sqrt
    STATIC_REQUIRE(cm::sqrt(0.0) == 0.0);
    STATIC_REQUIRE(!sign_of(cm::sqrt(0.0)));
    STATIC_REQUIRE(sign_of(cm::sqrt(-0.0)));
    STATIC_REQUIRE(cm::isnan(cm::sqrt(-1.0)));
    STATIC_REQUIRE(cm::sqrt(inf) == inf);
    STATIC_REQUIRE(cm::sqrt(dmin) == 2.2227587494850775e-162);
    // trigonometric
    STATIC_REQUIRE(cm::isnan(cm::sin(inf)));
    STATIC_REQUIRE(cm::isnan(cm::cos(-inf)));
    STATIC_REQUIRE(cm::isnan(cm::tan(inf)));
    STATIC_REQUIRE(sign_of(cm::sin(-0.0)));
    STATIC_REQUIRE(sign_of(cm::tan(-0.0)));
    STATIC_REQUIRE(cm::atan(inf) == 1.5707963267948966);
    STATIC_REQUIRE(cm::atan(-inf) == -1.5707963267948966);
    // hyperbolic
    STATIC_REQUIRE(cm::tanh(800.0) == 1.0);
    STATIC_REQUIRE(cm::tanh(-inf) == -1.0);
    STATIC_REQUIRE(cm::tanh(inf) == 1.0);
    STATIC_REQUIRE(sign_of(cm::tanh(-0.0)));
    STATIC_REQUIRE(cm::sinh(-inf) == -inf);
    STATIC_REQUIRE(cm::sinh(711.0) == inf);
    STATIC_REQUIRE(cm::cosh(-inf) == inf);
    STATIC_REQUIRE(cm::cosh(-711.0) == inf);
    STATIC_REQUIRE(cm::sinh(710.0) < inf);  // sinh(710) ~ 1.1e308 is finite though e^710 is not
    // pow (IEEE 754 / C Annex F)
    STATIC_REQUIRE(cm::pow(0.0, 2.0) == 0.0);
    STATIC_REQUIRE(cm::pow(0.0, 0.0) == 1.0);
    STATIC_REQUIRE(cm::pow(qnan, 0.0) == 1.0);
    STATIC_REQUIRE(cm::pow(1.0, qnan) == 1.0);
    STATIC_REQUIRE(cm::pow(-3.0, 2.0) == 9.0);
    STATIC_REQUIRE(cm::pow(-3.0, 3.0) == -27.0);
    STATIC_REQUIRE(cm::pow(-1.0, 3.0) == -1.0);
    STATIC_REQUIRE(cm::pow(-1.0, inf) == 1.0);
    STATIC_REQUIRE(cm::pow(0.0, 0.5) == 0.0);
    STATIC_REQUIRE(cm::pow(0.0, -1.0) == inf);
    STATIC_REQUIRE(cm::pow(-0.0, -1.0) == -inf);
    STATIC_REQUIRE(cm::pow(-0.0, -2.0) == inf);
    STATIC_REQUIRE(sign_of(cm::pow(-0.0, 3.0)));
    STATIC_REQUIRE(cm::isnan(cm::pow(-2.0, 0.5)));
    STATIC_REQUIRE(cm::pow(2.0, 0.5) == 1.4142135623730951);
    STATIC_REQUIRE(cm::pow(2.0, 1024.0) == inf);
    STATIC_REQUIRE(cm::pow(2.0, -1074.0) == dmin);
    STATIC_REQUIRE(cm::pow(2.0, -1080.0) == 0.0);
    STATIC_REQUIRE(cm::pow(0.5, inf) == 0.0);
    STATIC_REQUIRE(cm::pow(0.5, -inf) == inf);
    STATIC_REQUIRE(cm::pow(-inf, 3.0) == -inf);
    STATIC_REQUIRE(cm::pow(-inf, -3.0) == 0.0);
    STATIC_REQUIRE(sign_of(cm::pow(-inf, -3.0)));
    STATIC_REQUIRE(cm::pow(inf, -0.5) == 0.0);
    STATIC_REQUIRE(cm::pow(-2.0, 1e300) == inf);
    STATIC_REQUIRE(cm::pow_int(0.0, -1) == inf);
    STATIC_REQUIRE(cm::pow_int(1.5, 0) == 1.0);
    STATIC_REQUIRE(cm::pow_int(-2.0, -3) == -0.125);
    // helpers
    STATIC_REQUIRE(!sign_of(cm::fabs(-0.0)));
    STATIC_REQUIRE(cm::isinf(-inf));
    STATIC_REQUIRE(!cm::isinf(qnan));
    STATIC_REQUIRE(sign_of(cm::floor(-0.0)));
    STATIC_REQUIRE(cm::floor(-0.5) == -1.0);
    STATIC_REQUIRE(sign_of(cm::trunc(-0.5)));
}

// Non-finite and zero results must match <cmath> exactly (including the sign
// of zero and of infinity); finite ones within 2 ulp (<cmath>'s own error).
template <class T>
bool matches(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b) || a == 0 || b == 0) return a == b && std::signbit(a) == std::signbit(b);
    return ulp_distance(a, b) <= 2;
}

TEST_CASE("constexpr_math: special values match <cmath> for every type", "[constexpr_math]") {
    namespace impl = cm::impl;
    auto run = [](auto tag) {
        using T = decltype(tag);
        const std::vector<T> sp = special_points<T>();
        for (const T x : sp) {
            INFO(type_name<T>() << " x = " << describe_value(x));
            CHECK(matches(impl::exp(x), std::exp(x)));
            CHECK(matches(impl::expm1(x), std::expm1(x)));
            CHECK(matches(impl::log(x), std::log(x)));
            CHECK(matches(impl::log1p(x), std::log1p(x)));
            CHECK(matches(impl::sqrt(x), std::sqrt(x)));
            CHECK(matches(impl::sin(x), std::sin(x)));
            CHECK(matches(impl::cos(x), std::cos(x)));
            CHECK(matches(impl::tan(x), std::tan(x)));
            CHECK(matches(impl::atan(x), std::atan(x)));
            CHECK(matches(impl::tanh(x), std::tanh(x)));
            CHECK(matches(impl::sinh(x), std::sinh(x)));
            CHECK(matches(impl::cosh(x), std::cosh(x)));
            CHECK(matches(impl::fabs(x), std::fabs(x)));
            CHECK(matches(impl::floor(x), std::floor(x)));
            CHECK(matches(impl::trunc(x), std::trunc(x)));
            CHECK(impl::isnan(x) == std::isnan(x));
            CHECK(impl::isinf(x) == std::isinf(x));
            for (const T y : sp) {
                INFO("y = " << describe_value(y));
                CHECK(matches(impl::pow(x, y), std::pow(x, y)));
                CHECK(matches(impl::copysign(x, y), std::copysign(x, y)));
            }
        }
    };
    run(0.0f);
    run(0.0);
    run(0.0L);
}

// Correctly rounded values computed with mpmath (2000-bit arithmetic),
// including cases where glibc itself is off (e.g. cos/tan of the hardest
// double for pi/2 reduction, 0x1.6ac5b262ca1ffp+849, where glibc errs by 8/14 ulp).
TEST_CASE("constexpr_math: correctly rounded reference values", "[constexpr_math]") {
    namespace impl = cm::impl;
    volatile double one = 1.0;  // run-time copies of the arguments
    volatile long double onel = 1.0L;
#define TG_REF(f, x, expected)              \
    STATIC_REQUIRE(cm::f(x) == (expected)); \
    CHECK(impl::f((x)*one) == (expected))
#define TG_REF2(f, x, y, expected)             \
    STATIC_REQUIRE(cm::f(x, y) == (expected)); \
    CHECK(impl::f((x)*one, y) == (expected))
#define TG_REFL(f, x, expected)             \
    STATIC_REQUIRE(cm::f(x) == (expected)); \
    CHECK(impl::f((x)*onel) == (expected))
    TG_REF(sin, 0x1.6ac5b262ca1ffp+849, 0x1.0000000000000p+0);
    TG_REF(cos, 0x1.6ac5b262ca1ffp+849, -0x1.14ae72e6ba22fp-61);
    TG_REF(tan, 0x1.6ac5b262ca1ffp+849, -0x1.d9ba9a7975636p+60);
    TG_REF(sin, 1e22, -0x1.b453ab76bf397p-1);
    TG_REF(cos, 1e22, 0x1.0be2cef01c8f4p-1);
    TG_REF(sin, 1e300, -0x1.a2c16b010e385p-1);
    TG_REF(cos, -1e300, -0x1.2699022adc4c1p-1);
    TG_REF(tan, 1.5707963267948966, 0x1.d02967c31cdb5p+53);
    TG_REF(exp, -745.0, 0x0.0000000000001p-1022);
    TG_REF(exp, -740.25, 0x0.0000000000042p-1022);
    TG_REF(exp, 709.78, 0x1.fe9ce5c4c52b4p+1023);
    TG_REF(exp, 1e-300, 0x1.0000000000000p+0);
    TG_REF(expm1, 709.5, 0x1.81e9b4b52d0c9p+1023);
    TG_REF(expm1, -1e-5, -0x1.4f8aea9acf2c9p-17);
    TG_REF(log, 0x1.0000000000001p+0, 0x1.fffffffffffffp-53);
    TG_REF(log, 0x0.0000000000001p-1022, -0x1.74385446d71c3p+9);
    TG_REF(log, 1e308, 0x1.62991d5d62a5ep+9);
    TG_REF(log1p, -0.5, -0x1.62e42fefa39efp-1);
    TG_REF(log1p, 1e300, 0x1.5963447f87fb5p+9);
    TG_REF(log1p, -0x1.fffffffffffffp-1, -0x1.25e4f7b2737fap+5);
    TG_REF(atan, 1e300, 0x1.921fb54442d18p+0);
    TG_REF(atan, 0.9999999999, 0x1.921fb543d4de0p-1);
    TG_REF(tanh, 19.0, 0x1.fffffffffffffp-1);
    TG_REF(tanh, 1e-5, 0x1.4f8b588e06854p-17);
    TG_REF(sinh, 710.4, 0x1.da98a7371610bp+1023);
    TG_REF(cosh, -710.4, 0x1.da98a7371610bp+1023);
    TG_REF(sinh, -1e-5, -0x1.4f8b588e4e940p-17);
    TG_REF(sqrt, 2.0, 0x1.6a09e667f3bcdp+0);
    TG_REF(sqrt, 0x1.fffffffffffffp+1023, 0x1.fffffffffffffp+511);
    TG_REF2(pow, 0x1.0000000000001p+0, 0x1p60, 0x1.41c7a8814be19p+369);
    TG_REF2(pow, 10.0, -300.0, 0x1.56e1fc2f8f359p-997);
    TG_REF2(pow, -1.1, 7001.0, -0x1.951c26daf3ec0p+962);
    TG_REF2(pow, 2.0, -1074.5, 0x0.0000000000001p-1022);
    TG_REF2(pow, 0.1, 0.5, 0x1.43d136248490fp-2);
    TG_REF2(pow, 1e-300, -1.02, 0x1.6c8e5ca239077p+1016);
#if LDBL_MANT_DIG == 64 && LDBL_MAX_EXP == 16384                        // x87 extended precision
    TG_REFL(sin, 0xD1BA8323FE558C61p13224L, 0x90DE0837A745738Ap-64L);   // x ~ 1e4000
    TG_REFL(cos, -0xD1BA8323FE558C61p13224L, 0xD31143593FF9DEC5p-64L);  // x ~ -1e4000
    TG_REFL(exp, -0xB222000000000000p-50L, 0x0p-16445L);                // x ~ -11400.5
    TG_REFL(exp, 0xB172000000000000p-50L, 0xFA13DBA329DD768Dp16320L);   // x ~ 11356.5
    TG_REFL(log, 0x663278E62p-16445L, -0xB1BB14D91792FEE8p-50L);        // x ~ 1e-4940
    TG_REFL(tan, 0xC90FDAA22168C234p-63L, 0xA686780675D73F75p0L);       // x ~ 1.5707963267948966192
    TG_REFL(atan, 0xE000000000000000p-62L, 0xA57087E32C4D258Ap-63L);    // x ~ 3.5
    TG_REFL(sqrt, 0xC000000000000000p-62L, 0xDDB3D742C265539Ep-63L);    // x ~ 3.0
    TG_REFL(cosh, 0xB174000000000000p-50L, 0xCE2773666CC8CC68p16320L);  // x ~ 11357.0
    TG_REFL(log1p, 0xDBE6FECEBDEDD5BFp-97L, 0xDBE6FECE8EB493A6p-97L);   // x ~ 1e-10
#endif
#undef TG_REF
#undef TG_REF2
#undef TG_REFL
}

// The constexpr implementations are correctly rounded on every point checked
// against mpmath (max error 0.5 ulp), so these bounds measure the error of
// the platform <cmath> (glibc 2.36 here): its double exp/log/pow/sin/cos are
// within ~0.5 ulp, tanh/sinh/cosh within ~1.5 ulp, and the x87 long double
// versions up to ~2.5 ulp (powl with small negative integer exponents ~3).
TEST_CASE("constexpr_math: double accuracy against <cmath>", "[constexpr_math]") {
    check_all<double>({/*exp*/ 1, /*expm1*/ 1, /*log*/ 1, /*log1p*/ 1, /*sqrt*/ 0, /*sin*/ 1, /*cos*/ 1,
                       /*tan*/ 1, /*atan*/ 1, /*tanh*/ 2, /*sinh*/ 2, /*cosh*/ 2, /*pow*/ 1, /*pow_int*/ 1});
}

TEST_CASE("constexpr_math: float accuracy against <cmath>", "[constexpr_math]") {
    check_all<float>({/*exp*/ 1, /*expm1*/ 1, /*log*/ 1, /*log1p*/ 1, /*sqrt*/ 0, /*sin*/ 1, /*cos*/ 1,
                      /*tan*/ 1, /*atan*/ 1, /*tanh*/ 2, /*sinh*/ 2, /*cosh*/ 2, /*pow*/ 1, /*pow_int*/ 1});
}

TEST_CASE("constexpr_math: long double accuracy against <cmath>", "[constexpr_math]") {
    check_all<long double>({/*exp*/ 1, /*expm1*/ 2, /*log*/ 1, /*log1p*/ 2, /*sqrt*/ 0, /*sin*/ 1, /*cos*/ 1,
                            /*tan*/ 2, /*atan*/ 1, /*tanh*/ 2, /*sinh*/ 2, /*cosh*/ 2, /*pow*/ 2, /*pow_int*/ 3});
}
