// expect-error: the direction binds a variable that the point does not bind
// A tangent given for a variable the point leaves unbound (here a misspelt one) is a mistake,
// not a zero contribution.
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
    constexpr tg::var<"y"> y;
    constexpr tg::var<"z"> z;
    constexpr auto f = x * y;
#ifdef TYPEGRAD_MUST_FAIL
    return static_cast<int>(tg::jvp(f, tg::at(x = 2.0, y = 3.0), tg::at(z = 1.0)).tangent);
#else
    (void)z;
    return static_cast<int>(tg::jvp(f, tg::at(x = 2.0, y = 3.0), tg::at(x = 1.0)).tangent * 0);
#endif
}
