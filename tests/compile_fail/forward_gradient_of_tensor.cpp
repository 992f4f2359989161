// expect-error: forward_value_and_grad carries one tangent per scalar variable; for a tensor expression use tg::value_and_grad
// The forward gradient (one tangent lane per variable) is for scalar variables; on a tensor
// expression the diagnostic names the calls to use instead.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 2> W;
    constexpr auto f = tg::sum(tg::tanh(W));
    const std::array<double, 4> w{0.1, 0.2, 0.3, 0.4};
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::forward_value_and_grad(f, W = w).value);
#else
    return static_cast<int>(tg::value_and_grad(f, W = w).grad[W](0, 0) * 0.0);
#endif
}
