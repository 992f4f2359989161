// Smoke test for a downstream build: the example from the README, checked.
#include <typegrad.hpp>

#include <cmath>
#include <cstdio>

namespace tg = typegrad;

namespace {
bool check(const char* what, double got, double want) {
    const bool ok = std::abs(got - want) < 1e-12;
    std::printf("%-8s = %6g (expected %6g) %s\n", what, got, want, ok ? "ok" : "WRONG");
    return ok;
}
}  // namespace

int main() {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;
    constexpr auto f = (x + y) * z;

    auto r = tg::value_and_grad(f, x = -2.0, y = 5.0, z = -4.0);

    bool ok = true;
    ok &= check("f", r.value, -12.0);
    ok &= check("df/dx", r.grad[x], -4.0);
    ok &= check("df/dy", r.grad[y], -4.0);
    ok &= check("df/dz", r.grad[z], 3.0);
    return ok ? 0 : 1;
}
