// expect-error: an expression has no compound assignment
// f += g on an expression is one error that says to write a new expression instead.
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    auto f = x * x;
#ifdef TYPEGRAD_MUST_FAIL
    f += x;
#endif
    const auto h = f + x;
    return static_cast<int>(tg::eval(h, x = 1.0));
}
