// expect-error: (shape<4, 3>, typegrad::shape<3> ?>::value.*R x C logits and R labels|R x C logits and R labels.*shape<4, 3>, typegrad::shape<3> ?>::value)
// softmax_cross_entropy with a label count that is not the number of rows of the logits is
// one static_assert whose failed requirement, labels_fit_logits<shape<4, 3>, shape<3>>,
// names both shapes.
#include <typegrad.hpp>

#include <array>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"X", 4, 3> X;
    constexpr tg::var<"y", 4> y;
    constexpr tg::var<"z", 3> z;
    std::array<double, 12> x{};
    std::array<int, 4> labels{};
    std::array<int, 3> three_labels{};
#ifdef TYPEGRAD_MUST_FAIL
    constexpr auto f = tg::softmax_cross_entropy(X, z);  // 4 rows, 3 labels
    (void)labels;
    return static_cast<int>(tg::value_and_grad(f, X = x, z = three_labels).value);
#else
    constexpr auto f = tg::softmax_cross_entropy(X, y) + tg::softmax_cross_entropy(tg::transpose(X), z);
    return static_cast<int>(tg::value_and_grad(f, X = x, y = labels, z = three_labels).value);
#endif
}
