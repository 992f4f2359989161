// expect-error: a variable is bound twice in the same call
// Binding the same variable twice is ambiguous, so it is an error.
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::eval(x * y, x = 1.0, y = 2.0, x = 3.0));
#else
    return static_cast<int>(tg::eval(x * y, x = 1.0, y = 2.0)) - 2;
#endif
}
