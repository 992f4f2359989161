/// @file
/// Defines the forward-mode sweep: tangents pushed from the seeded variables to the root.
#pragma once

#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/evaluate.hpp>

#include <array>
#include <cstddef>

namespace typegrad {

/// K tangents carried at once (forward mode for a whole gradient in one sweep).
template <class T, std::size_t K>
struct tangent_vector {
    std::array<T, K> lanes{};
    constexpr const T& operator[](std::size_t i) const { return lanes[i]; }
    constexpr T& operator[](std::size_t i) { return lanes[i]; }
};

namespace detail {

/// partial * tangent with the chain rule's exact zeros, lane by lane for vector tangents.
template <class P, class Tangent>
constexpr Tangent scale_tangent(const P& partial, const Tangent& t) {
    if constexpr (requires { t.lanes; }) {
        Tangent out{};
        for (std::size_t i = 0; i < out.lanes.size(); ++i) out.lanes[i] = scale_tangent(partial, t.lanes[i]);
        return out;
    } else {
        return to_number<Tangent>(chain_mul(partial, t));
    }
}
template <class Tangent>
constexpr Tangent add_tangents(const Tangent& a, const Tangent& b) {
    if constexpr (requires { a.lanes; }) {
        Tangent out{};
        for (std::size_t i = 0; i < out.lanes.size(); ++i) out.lanes[i] = a.lanes[i] + b.lanes[i];
        return out;
    } else {
        return a + b;
    }
}

/// What one node does in the forward sweep. A variable seeded with tangent number J:
template <std::size_t Self, std::size_t J>
struct seed_step {};
/// The node in slot Self (an Op on the children in slots S...) sums partial * tangent over
/// the children that depend on a seeded variable (Active).
template <class Op, std::size_t Self, class Slots, class Active>
struct tangent_step {};
/// A node that depends on no seeded variable: a structural zero, never read.
struct no_tangent {};

template <class T, std::size_t N, class Tangent, std::size_t NS>
constexpr void run_tangent(no_tangent, const std::array<T, N>&, std::array<Tangent, N>&, const std::array<Tangent, NS>&) {}

template <std::size_t Self, std::size_t J, class T, std::size_t N, class Tangent, std::size_t NS>
constexpr void run_tangent(seed_step<Self, J>, const std::array<T, N>&, std::array<Tangent, N>& tan,
                           const std::array<Tangent, NS>& seeds) {
    tan[Self] = seeds[J];
}

template <class Op, std::size_t Self, std::size_t... S, bool... Active, class T, std::size_t N, class Tangent, std::size_t NS>
constexpr void run_tangent(tangent_step<Op, Self, std::index_sequence<S...>, bools<Active...>>, const std::array<T, N>& v,
                           std::array<Tangent, N>& tan, const std::array<Tangent, NS>&) {
    constexpr std::size_t first_active = first_true({Active...});
    Tangent sum{};
    [&]<std::size_t... P>(std::index_sequence<P...>) {
        (void)in_order{0, ([&] {
                               if constexpr (bool_at<P, Active...>) {
                                   const auto local = Op::template partial<P>(v[S]..., v[Self]);
                                   const Tangent term = scale_tangent(local, tan[size_at<P, S...>]);
                                   if constexpr (P == first_active)
                                       sum = term;
                                   else
                                       sum = add_tangents(sum, term);
                               }
                           }(),
                           0)...};
    }(std::make_index_sequence<sizeof...(S)>{});
    tan[Self] = sum;
}

template <class Program, class Seeded, std::size_t Self, class N, class F = family_of_t<N>>
struct tangent_of_node {
    using type = no_tangent;
};
template <class Program, class Seeded, std::size_t Self, class V>
    requires(is_variable_v<V> && depends_on_any_t<V, Seeded>::value)
struct tangent_of_node<Program, Seeded, Self, V, void> {
    using type = seed_step<Self, index_of_impl<V, Seeded>::value>;
};
template <class Program, class Seeded, std::size_t Self, class N, class Op, class... Cs>
    requires depends_on_any_t<N, Seeded>::value
struct tangent_of_node<Program, Seeded, Self, N, node_family<Op, Cs...>> {
    using type = tangent_step<Op, Self, typename Program::template child_slots<N>::type,
                              bools<depends_on_any_t<Cs, Seeded>::value...>>;
};

template <class Program, class Seeded, class T, class Tangent, std::size_t NS, class... Nodes, std::size_t... I>
constexpr Tangent tangent_sweep(list<Nodes...>, std::index_sequence<I...>, const std::array<T, Program::size>& v,
                                const std::array<Tangent, NS>& seeds) {
    std::array<Tangent, Program::size> tan{};
    (void)in_order{0, (run_tangent(typename tangent_of_node<Program, Seeded, I, Nodes>::type{}, v, tan, seeds), 0)...};
    return tan[Program::size - 1];
}

/// Forward accumulation (seed 001: "seeding x1 gives dz/dx1"): each node's tangent is
/// sum_i partial_i * tangent(child_i). Nodes that do not depend on a seeded variable have
/// a structural zero tangent: no code, and no 0 * inf. seeds[j] is the tangent of the
/// j-th variable of Seeded.
template <class Program, class Seeded, class T, class Tangent, std::size_t NS>
constexpr Tangent tangent_of_root(const typename Program::template values_t<T>& v, const std::array<Tangent, NS>& seeds) {
    return tangent_sweep<Program, Seeded>(typename Program::nodes{}, std::make_index_sequence<Program::size>{}, v, seeds);
}

}  // namespace detail
}  // namespace typegrad
