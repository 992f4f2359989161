// The cheap-gradient principle, counted: a scalar type that counts arithmetic operations
// shows that value_and_grad costs a small multiple of eval, and that a shared
// subexpression is computed once.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <cmath>

namespace counting {

/// Counts arithmetic (+ - * / and calls of math functions). Comparisons are free.
struct tally {
    long long operations = 0;
};
inline tally& counter() {
    static tally t;  // test-only state; the library itself has none
    return t;
}

struct number {
    double v = 0;
    number() = default;
    number(double d) : v(d) {}  // implicit on purpose: behaves like a real number
    explicit operator double() const { return v; }
};
inline number tick(double d) {
    ++counter().operations;
    return number(d);
}
inline number operator+(number a, number b) { return tick(a.v + b.v); }
inline number operator-(number a, number b) { return tick(a.v - b.v); }
inline number operator*(number a, number b) { return tick(a.v * b.v); }
inline number operator/(number a, number b) { return tick(a.v / b.v); }
inline number operator-(number a) { return tick(-a.v); }
inline bool operator<(number a, number b) { return a.v < b.v; }
inline bool operator>(number a, number b) { return a.v > b.v; }
inline bool operator<=(number a, number b) { return a.v <= b.v; }
inline bool operator>=(number a, number b) { return a.v >= b.v; }
inline bool operator==(number a, number b) { return a.v == b.v; }
inline number exp(number a) { return tick(std::exp(a.v)); }
inline number log(number a) { return tick(std::log(a.v)); }
inline number sin(number a) { return tick(std::sin(a.v)); }
inline number cos(number a) { return tick(std::cos(a.v)); }
inline number sqrt(number a) { return tick(std::sqrt(a.v)); }
inline number log1p(number a) { return tick(std::log1p(a.v)); }
inline number cosh(number a) { return tick(std::cosh(a.v)); }
inline number tanh(number a) { return tick(std::tanh(a.v)); }

template <class F>
long long count(F&& f) {
    const long long before = counter().operations;
    f();
    return counter().operations - before;
}

}  // namespace counting

namespace tg = typegrad;
using counting::number;
using tg::c;

namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;
constexpr tg::var<"a"> a;
constexpr tg::var<"b"> b;
constexpr tg::var<"w0"> w0;
constexpr tg::var<"x0"> x0;
constexpr tg::var<"w1"> w1;
constexpr tg::var<"x1"> x1;
constexpr tg::var<"w2"> w2;

template <class F, class... B>
void check_cheap_gradient(const F& f, const B&... bindings) {
    const long long eval_ops = counting::count([&] { (void)tg::eval(f, bindings...); });
    const long long grad_ops = counting::count([&] { (void)tg::value_and_grad(f, bindings...); });
    CAPTURE(tg::to_string(f), eval_ops, grad_ops);
    CHECK(eval_ops > 0);
    CHECK(grad_ops <= 4 * eval_ops);
}
}  // namespace

TEST_CASE("a user scalar type runs every pass", "[scalar][count]") {
    const auto f = (x + y) * z;
    const auto r = tg::value_and_grad(f, x = number(-2), y = number(5), z = number(-4));
    CHECK(r.value.v == -12.0);
    CHECK(r.grad[x].v == -4.0);
    CHECK(r.grad[z].v == 3.0);
    CHECK(tg::jvp(f, tg::at(x = number(-2), y = number(5), z = number(-4)), tg::at(x = number(1))).tangent.v == -4.0);
    CHECK(tg::eval(tg::derivative(f, x), x = number(-2), y = number(5), z = number(-4)).v == -4.0);
}

TEST_CASE("value_and_grad costs at most 4x eval on the seeds' examples", "[count]") {
    check_cheap_gradient((x + y) * z, x = number(-2), y = number(5), z = number(-4));
    check_cheap_gradient((a + b) * tg::pow(b, c<3>), a = number(7), b = number(3));
    check_cheap_gradient(x1 * y + tg::sin(x1), x1 = number(0.5), y = number(2));
    check_cheap_gradient(1.0 / (1.0 + tg::exp(-(w0 * x0 + w1 * x1 + w2))), w0 = number(2), x0 = number(-1),
                         w1 = number(-3), x1 = number(-2), w2 = number(-3));
    check_cheap_gradient(tg::sigmoid(w0 * x0 + w1 * x1 + w2), w0 = number(2), x0 = number(-1), w1 = number(-3),
                         x1 = number(-2), w2 = number(-3));
}

TEST_CASE("a shared subexpression is computed once", "[count][dag]") {
    const auto s = x * y + tg::exp(x);  // 3 operations
    const auto f = s * s + s;           // 2 more, s used three times
    const long long s_ops = counting::count([&] { (void)tg::eval(s, x = number(0.5), y = number(2)); });
    const long long f_ops = counting::count([&] { (void)tg::eval(f, x = number(0.5), y = number(2)); });
    CHECK(s_ops == 3);
    CHECK(f_ops == s_ops + 2);

    // The chain q = q*q + x: 2^k leaves unfolded, 2 operations per step evaluated.
    const auto q0 = x + y;
    const auto q1 = q0 * q0 + x;
    const auto q2 = q1 * q1 + x;
    const auto q3 = q2 * q2 + x;
    const auto q4 = q3 * q3 + x;
    const long long chain_ops = counting::count([&] { (void)tg::eval(q4, x = number(0.1), y = number(0.2)); });
    CHECK(chain_ops == 1 + 2 * 4);
    check_cheap_gradient(q4, x = number(0.1), y = number(0.2));
    check_cheap_gradient(f, x = number(0.5), y = number(2));
    // Reverse mode on the chain matches the expanded derivative.
    const double gx = tg::grad(q4, x = 0.1, y = 0.2)[x];
    CHECK(gx == Approx(tg::eval(tg::derivative(q4, x), x = 0.1, y = 0.2)).epsilon(1e-14));
}
