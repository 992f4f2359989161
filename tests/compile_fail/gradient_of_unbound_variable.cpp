// expect-error: this gradient has no entry for that variable: it was not bound in the call
// Asking a gradient for a variable that was not part of the call is an error, while a
// bound variable that the expression does not use has an exact zero gradient.
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"w"> w;
    const auto g = tg::grad(x * x, x = 3.0, y = 1.0);
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(g[w]);
#else
    (void)w;
    return static_cast<int>(g[x]) - 6 + static_cast<int>(double(g[y]));
#endif
}
