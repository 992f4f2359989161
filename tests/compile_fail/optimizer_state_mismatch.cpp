// expect-error: an optimizer's state is an environment of the same variables as the parameters
// Momentum keeps one velocity per variable, in an environment of the same variables in the
// same order; a velocity for other variables is rejected.
#include <typegrad.hpp>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"a"> a;
    constexpr tg::var<"b"> b;
    constexpr auto loss = (a - 1.0) * (a - 1.0) + b * b;
    auto params = tg::at(a = 0.0, b = 0.0);
#ifdef TYPEGRAD_MUST_FAIL
    auto velocity = tg::at(b = 0.0, a = 0.0);
#else
    auto velocity = tg::at(a = 0.0, b = 0.0);
#endif
    tg::momentum{.learning_rate = 0.25, .mu = 0.0}.step(params, tg::value_and_grad(loss, params).grad, velocity);
    return tg::eval(loss, params) == 0.25 ? 0 : 1;
}
