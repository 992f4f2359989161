// expect-error: tg::hvp takes a scalar expression
// tg::hvp multiplies the Hessian of a scalar function by a direction: a tensor-valued
// expression is rejected with one message naming the remedy (reduce it first).
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 3> W;
    constexpr tg::var<"x", 3> x;
    const std::array<double, 6> w{1, 2, 3, 4, 5, 6}, dw{1, 0, 0, 0, 0, 0};
    const std::array<double, 3> v{0.5, -0.5, 1};
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::hvp(tg::tanh(W * x), tg::at(W = w, x = v), tg::at(W = dw)).value);
#else
    return static_cast<int>(tg::hvp(tg::sum(tg::tanh(W * x)), tg::at(W = w, x = v), tg::at(W = dw)).value * 0);
#endif
}
