// expect-error: (storage_size_matches<typegrad::shape<2, 3>, 5>::value.*must hold exactly as many elements as its shape|must hold exactly as many elements as its shape.*storage_size_matches<typegrad::shape<2, 3>, 5>::value)
// Storage whose type fixes its size (a std::span with static extent, a std::array, a C array)
// is checked against the variable's shape at compile time: one static_assert whose failed
// requirement, storage_size_matches<shape<2, 3>, 5>, names both sizes.
#include <typegrad.hpp>

#include <array>
#include <span>

namespace tg = typegrad;

int main() {
    constexpr tg::var<"W", 2, 3> W;
    std::array<double, 6> w{1, 2, 3, 4, 5, 6};
#ifdef TYPEGRAD_MUST_FAIL
    const std::span<const double, 5> storage(w.data(), 5);
#else
    const std::span<const double, 6> storage(w);
#endif
    return static_cast<int>(tg::eval(tg::sum(W), W = storage)) - 21;
}
