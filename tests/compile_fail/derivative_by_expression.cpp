// expect-error: derivative\(f, v\) differentiates with respect to a variable tg::var<"name">; v is not a variable
// Differentiating with respect to an expression (or a number) is rejected with one message.
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr auto f = x * y;
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto d = tg::derivative(f, x + y);
#else
    constexpr auto d = tg::derivative(f, x);
#endif
    return static_cast<int>(tg::eval(d, x = 1.0, y = 0.0));
}
