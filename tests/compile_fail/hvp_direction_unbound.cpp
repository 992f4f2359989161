// expect-error: the direction binds a variable that the point does not bind
// The direction of tg::hvp binds variables of the point only.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 3> W;
    constexpr tg::var<"x", 3> x;
    constexpr tg::var<"V", 2, 3> V;
    constexpr auto f = tg::sum(tg::tanh(W * x));
    const std::array<double, 6> w{1, 2, 3, 4, 5, 6}, dw{1, 0, 0, 0, 0, 0};
    const std::array<double, 3> v{0.5, -0.5, 1};
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::hvp(f, tg::at(W = w, x = v), tg::at(V = dw)).value);
#else
    (void)V;
    return static_cast<int>(tg::hvp(f, tg::at(W = w, x = v), tg::at(W = dw)).value * 0);
#endif
}
