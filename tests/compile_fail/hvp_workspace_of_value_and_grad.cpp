// expect-error: tg::hvp computes in dual numbers and takes its own workspace
// tg::hvp's sweeps hold a value and a tangent per element: the workspace of
// tg::make_workspace(f) (sized for value_and_grad and jvp) is rejected, naming the right one.
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
    auto ws = tg::make_workspace(f);
#else
    auto ws = tg::make_workspace(f, tg::for_hvp);
#endif
    return static_cast<int>(tg::hvp(f, ws, tg::at(W = w, x = v), tg::at(W = dw)).value * 0);
}
