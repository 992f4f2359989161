// expect-error: (variable_is_not_bound<[^ ]*"z".*a variable of the expression is not bound|a variable of the expression is not bound.*variable_is_not_bound<[^ ]*"z")
// Leaving a variable of the expression unbound names that variable in one static_assert.
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;
    constexpr auto f = (x + y) * z;
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::value_and_grad(f, x = -2.0, y = 5.0).value);
#else
    return static_cast<int>(tg::value_and_grad(f, x = -2.0, y = 5.0, z = -4.0).value) + 12;
#endif
}
