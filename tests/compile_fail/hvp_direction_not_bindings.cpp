// expect-error: the point and the direction are bindings grouped by tg::at
// The direction of tg::hvp is bindings like the point (`tg::at(W = dw)`), not the bare
// storage of a direction.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 3> W;
    constexpr tg::var<"x", 3> x;
    constexpr auto f = tg::sum(tg::tanh(W * x));
    const std::array<double, 6> w{1, 2, 3, 4, 5, 6}, dw{1, 0, 0, 0, 0, 0};
    const std::array<double, 3> v{0.5, -0.5, 1};
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::hvp(f, tg::at(W = w, x = v), dw).value);
#else
    return static_cast<int>(tg::hvp(f, tg::at(W = w, x = v), tg::at(W = dw)).value * 0);
#endif
}
