// expect-error: trigamma has no derivative rule
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    // lgamma is differentiable twice: its second derivative is trigamma.
    static_cast<void>(tg::hessian(tg::lgamma(x), x = 2.5));
#ifdef TYPEGRAD_MUST_FAIL
    static_cast<void>(tg::grad(tg::trigamma(x), x = 2.5));
#endif
}
