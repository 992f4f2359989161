// expect-error: an optimizer updates variables bound to values of the gradient's scalar type
// An optimizer moves each variable of the environment by its partial derivative; a variable
// bound to an integer cannot hold the update (the gradient is computed in double).
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"a"> a;
    constexpr tg::var<"b"> b;
    constexpr auto loss = (a - 1.0) * (a - 1.0) + b * b;
#ifdef TYPEGRAD_MUST_FAIL
    auto params = tg::at(a = 0, b = 0.0);
#else
    auto params = tg::at(a = 0.0, b = 0.0);
#endif
    tg::sgd{.learning_rate = 0.25}.step(params, tg::value_and_grad(loss, params).grad);
    return tg::eval(loss, params) == 0.25 ? 0 : 1;
}
