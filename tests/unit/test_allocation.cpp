// Zero heap allocation: every numeric pass runs with operator new replaced by a counter.
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <span>
#include <vector>

namespace {
std::atomic<long long> allocations{0};
}

// Replacing the global allocation functions counts every heap allocation in the process.
// Every replaceable form is replaced (plain, array, nothrow, aligned), so that each
// allocation and its deallocation go through the same pair (sanitizers check that).
namespace {
void* counted_allocate(std::size_t size, std::size_t alignment = 0) noexcept {
    ++allocations;
    if (size == 0) size = 1;
    if (alignment > alignof(std::max_align_t)) {
        size = (size + alignment - 1) / alignment * alignment;
        return std::aligned_alloc(alignment, size);
    }
    return std::malloc(size);
}
void* counted_allocate_or_throw(std::size_t size, std::size_t alignment = 0) {
    if (void* p = counted_allocate(size, alignment)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return counted_allocate_or_throw(size); }
void* operator new[](std::size_t size) { return counted_allocate_or_throw(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return counted_allocate_or_throw(size, std::size_t(a)); }
void* operator new[](std::size_t size, std::align_val_t a) { return counted_allocate_or_throw(size, std::size_t(a)); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return counted_allocate(size, std::size_t(a));
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return counted_allocate(size, std::size_t(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace tg = typegrad;
using tg::c;

TEST_CASE("no pass allocates on the heap", "[allocation]") {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;
    const auto f = tg::sigmoid(x * y + z) * tg::log1p(tg::exp(x)) + (x + 2.0) * tg::pow(y, 1.5) + tg::max(x, z);
    const auto q0 = x + y;
    const auto q1 = q0 * q0 + x;
    const auto q2 = q1 * q1 + x;

    const long long before = allocations.load();
    double sink = 0;
    for (int i = 0; i < 100; ++i) {
        const double p = 0.01 * i;
        sink += tg::eval(f, x = p, y = 2.0, z = -1.0);
        const auto r = tg::value_and_grad(f, x = p, y = 2.0, z = -1.0);
        sink += r.value + r.grad[x] + r.grad[y] + r.grad[z];
        sink += tg::jvp(f, tg::at(x = p, y = 2.0, z = -1.0), tg::at(y = 1.0)).tangent;
        sink += tg::forward_value_and_grad(f, x = p, y = 2.0, z = -1.0).grad[y];
        sink += tg::eval(tg::derivative(f, x), x = p, y = 2.0, z = -1.0);
        sink += tg::hessian(f, x = p, y = 2.0, z = -1.0)[x][y];
        sink += tg::grad(q2, x = p, y = 0.5)[y];
    }
    const long long after = allocations.load();
    CHECK(sink == sink);  // keeps the work observable
    CHECK(after - before == 0);

    // The counter does count: a std::string allocates.
    const long long before_string = allocations.load();
    const std::string text = tg::to_string(f);
    CHECK(allocations.load() > before_string);
}

TEST_CASE("a tensor call with a workspace allocates only when the workspace is made", "[allocation][workspace]") {
    constexpr std::size_t n = 1000;
    constexpr tg::var<"W", n, n> W;
    constexpr tg::var<"v", n * n> v;
    const auto f = tg::sum(tg::tanh(W));
    const auto g = tg::sum(tg::sigmoid(v));
    std::vector<double> w(n * n, 0.25);
    const std::span<const double, n * n> ws_data(w.data(), n * n);

    const long long before_make = allocations.load();
    auto ws_f = tg::make_workspace(f);
    auto ws_g = tg::make_workspace(g);
    CHECK(allocations.load() - before_make == 2);  // one allocation per workspace

    const long long before = allocations.load();
    double sink = 0;
    for (int i = 0; i < 3; ++i) {
        const auto r = tg::value_and_grad(f, ws_f, W = ws_data);
        sink += r.value + r.grad[W](3, 4);
        sink += tg::eval(f, ws_f, W = ws_data);
        const auto s = tg::value_and_grad(g, ws_g, v = ws_data);
        sink += s.value + s.grad[v][7];
        sink += tg::jvp(f, ws_f, tg::at(W = ws_data), tg::at(W = ws_data)).tangent;
        sink += tg::jvp(g, ws_g, tg::at(v = ws_data), tg::at(v = ws_data)).tangent;
    }
    CHECK(sink == sink);
    CHECK(allocations.load() - before == 0);
}

TEST_CASE("checked bindings to run-time sized storage allocate nothing", "[allocation][binding]") {
    constexpr std::size_t n = 1000;
    constexpr tg::var<"W", n, n> W;
    constexpr tg::var<"y", 4> y;
    constexpr tg::var<"X", 4, 3> X;
    const auto f = tg::sum(tg::tanh(W));
    const auto h = tg::softmax_cross_entropy(X, y);
    std::vector<double> w(n * n, 0.25), gw(n * n, 0.0);
    const std::vector<double> x(12, 0.5);
    std::vector<double> gx(12, 0.0);
    const std::vector<int> labels{0, 1, 2, 1};
    auto ws_f = tg::make_workspace(f);

    const long long before = allocations.load();
    double sink = 0;
    for (int i = 0; i < 3; ++i) {
        const auto r = tg::value_and_grad(f, ws_f, (W = w).grad_into(gw));
        sink += r.value + gw[7];
        sink += tg::eval(f, ws_f, W = std::span<const double>(w));
        const auto s = tg::value_and_grad(h, (X = x).grad_into(std::span<double>(gx)), y = labels);
        sink += s.value + gx[1];
    }
    CHECK(sink == sink);
    CHECK(allocations.load() - before == 0);
}

TEST_CASE("a call with dynamic extents allocates nothing once its workspace fits", "[allocation][dynamic]") {
    constexpr tg::var<"X", tg::dynamic, 4> X;
    constexpr tg::var<"w", 4> w;
    constexpr tg::var<"y", tg::dynamic> y;
    constexpr auto f = tg::mean(tg::softplus(X * w - y)) + tg::squared_norm(w);
    std::vector<double> x(400, 0.125), t(100, 0.5), gx(400, 0.0);
    const std::array<double, 4> wv{0.5, -0.25, 1.0, 0.75};
    auto ws = tg::make_workspace(f, X = x, y = t);

    const long long before = allocations.load();
    double sink = 0;
    for (int i = 0; i < 3; ++i) {
        const auto r = tg::value_and_grad(f, ws, X = x, w = wv, y = t);
        sink += r.value + r.grad[w](1) + r.grad[y](7);
        const auto s = tg::value_and_grad(
            f, ws, (X = std::span<const double>(x).first(200)).grad_into(std::span<double>(gx).first(200)), w = wv,
            y = std::span<const double>(t).first(50));
        sink += s.value + gx[3];
        sink += tg::eval(f, ws, X = x, w = wv, y = t);
    }
    CHECK(sink == sink);
    CHECK(allocations.load() - before == 0);

    // Data larger than the workspace: the call grows it, with one allocation.
    std::vector<double> x2(800, 0.125), t2(200, 0.5);
    const long long grow = allocations.load();
    sink += tg::value_and_grad(f, ws, X = x2, w = wv, y = t2).value;
    CHECK(allocations.load() - grow == 1);
    const long long after = allocations.load();
    sink += tg::value_and_grad(f, ws, X = x2, w = wv, y = t2).value;
    sink += tg::value_and_grad(f, ws, X = x, w = wv, y = t).value;
    CHECK(allocations.load() - after == 0);
    CHECK(sink == sink);
}
