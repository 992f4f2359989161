// expect-error: (shape<2, 3>, typegrad::shape<2> ?>::value.*A's columns must equal B's rows|A's columns must equal B's rows.*shape<2, 3>, typegrad::shape<2> ?>::value)
// A matrix product with mismatched extents is one static_assert whose failed requirement,
// matrix_product_shapes_agree<shape<2, 3>, shape<2>>, names both shapes.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 3> W;
    constexpr tg::var<"x", 3> x;
    constexpr tg::var<"y", 2> y;
    std::array<double, 6> w{};
    std::array<double, 3> u{};
    std::array<double, 2> v{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::squared_norm(W * y);  // W has 3 columns, y 2 rows
    (void)u;
    return static_cast<int>(tg::value_and_grad(f, W = w, y = v).value);
#else
    constexpr auto f = tg::squared_norm(W * x) + tg::dot(y, y);
    return static_cast<int>(tg::value_and_grad(f, W = w, x = u, y = v).value);
#endif
}
