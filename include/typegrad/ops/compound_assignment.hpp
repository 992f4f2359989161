/// @file
/// Defines `+=`, `-=`, `*=` and `/=` on expressions as one compile error each: an expression
/// is its type, and `f + g` has a type that `f` cannot hold (docs/api.md, "Operations").
#pragma once

#include <typegrad/core/expression.hpp>

namespace typegrad {

namespace detail {
template <class E>
constexpr void compound_assignment_on_an_expression() {
    static_assert(always_false<E>,
                  "typegrad: an expression has no compound assignment (+=, -=, *=, /=): f + g is a new type "
                  "that f cannot hold; write const auto h = f + g");
}
}  // namespace detail

template <expression E, operand R>
constexpr E& operator+=(E& e, const R&) {
    detail::compound_assignment_on_an_expression<E>();
    return e;
}
template <expression E, operand R>
constexpr E& operator-=(E& e, const R&) {
    detail::compound_assignment_on_an_expression<E>();
    return e;
}
template <expression E, operand R>
constexpr E& operator*=(E& e, const R&) {
    detail::compound_assignment_on_an_expression<E>();
    return e;
}
template <expression E, operand R>
constexpr E& operator/=(E& e, const R&) {
    detail::compound_assignment_on_an_expression<E>();
    return e;
}

}  // namespace typegrad
