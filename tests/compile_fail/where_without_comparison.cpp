// expect-error: the first argument of where must be a comparison such as x > 0
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    const auto ok = tg::where(x > 0.0, tg::sqrt(x), 0.0);
    static_cast<void>(tg::eval(ok, x = 4.0));
#ifdef TYPEGRAD_MUST_FAIL
    const auto bad = tg::where(x, tg::sqrt(x), 0.0);  // a number-valued expression, not a condition
    static_cast<void>(tg::eval(bad, x = 4.0));
#endif
}
