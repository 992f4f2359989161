// tg::jacobian (jacobian.hpp), gradient::array and hessian_matrix::matrix (api.hpp):
// entries against hand-written derivatives, in the order the caller asks.

#include "test_helpers.hpp"

#include <cmath>

namespace typegrad_test {
namespace {
constexpr tg::var<"x"> x;
constexpr tg::var<"y"> y;
constexpr tg::var<"z"> z;
}  // namespace

TEST_CASE("jacobian of three outputs in two variables against the hand-written matrix", "[jacobian]") {
    const double xv = 0.7, yv = -1.3;
    const auto r = tg::jacobian(tg::outputs(x * y, tg::sin(x) + y, tg::exp(x * y) / y), x = xv, y = yv);
    TG_CHECK_SAME(r.value[0], xv * yv);
    TG_CHECK_SAME(r.value[1], std::sin(xv) + yv);
    TG_CHECK_SAME(r.value[2], std::exp(xv * yv) / yv);
    const double e = std::exp(xv * yv);
    const double expected[3][2] = {{yv, xv}, {std::cos(xv), 1.0}, {e, (xv * e * yv - e) / (yv * yv)}};
    const auto by_name = r.grad;
    const auto yx = r.grad.matrix(y, x);  // columns in the order asked
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("output " << i);
        TG_CHECK_ULP(by_name[i][x], expected[i][0], 2);
        TG_CHECK_ULP(by_name[i][y], expected[i][1], 2);
        TG_CHECK_SAME(yx[i][0], by_name[i][y]);
        TG_CHECK_SAME(yx[i][1], by_name[i][x]);
        const auto row = r.grad[i].array(x, y);
        TG_CHECK_SAME(row[0], by_name[i][x]);
    }
    // An output that does not use a bound variable has an exact 0 there.
    const auto s = tg::jacobian(tg::outputs(x * x, y + 1.0), x = 3.0, y = 1.0, z = 5.0);
    TG_CHECK_SAME(s.grad[0][y], 0.0);
    TG_CHECK_SAME(s.grad[1][z], 0.0);
    TG_CHECK_SAME(s.grad[0][x], 6.0);
    static_assert(tg::jacobian(tg::outputs(x * y, x + y), x = 2.0, y = 3.0).grad[0][x] == 3.0, "constexpr");
}

TEST_CASE("gradient array and hessian matrix in the order asked", "[jacobian]") {
    const auto g = tg::grad(x * y * y + z, x = 2.0, y = 3.0, z = 1.0).array(z, y, x);
    TG_CHECK_SAME(g[0], 1.0);
    TG_CHECK_SAME(g[1], 12.0);
    TG_CHECK_SAME(g[2], 9.0);
    const auto h = tg::hessian(x * x * y + tg::sin(y), x = 2.0, y = 3.0).matrix(y, x);
    TG_CHECK_SAME(h[0][0], -std::sin(3.0));
    TG_CHECK_SAME(h[0][1], 4.0);
    TG_CHECK_SAME(h[1][0], 4.0);
    TG_CHECK_SAME(h[1][1], 6.0);
}

}  // namespace typegrad_test
