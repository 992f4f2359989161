// expect-error: the value bound to a variable \(`x = value`\) is not a number
// A binding's value must behave like a real number.
#include <typegrad.hpp>

#include <string>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"x"> x;
#ifdef TYPEGRAD_MUST_FAIL
    const auto b = (x = std::string("two"));
#else
    const auto b = (x = 2.0);
#endif
    return static_cast<int>(tg::eval(x * x, b)) - 4;
}
