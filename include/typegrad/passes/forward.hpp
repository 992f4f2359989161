/// @file Defines the forward-mode sweep: tangents pushed from the seeded variables to the root.
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

template <class Program, class T, class Tangent, class Seeded, class Op, class... Cs, class SeedEnv>
constexpr void tangent_step_node(node<Op, Cs...>*, const typename Program::template values_t<T>& v, const SeedEnv&,
                                 std::array<Tangent, Program::size>& tan);

template <class Program, class T, class Tangent, class Seeded, class N, class SeedEnv>
constexpr void tangent_step(N* n, const typename Program::template values_t<T>& v, const SeedEnv& seeds,
                            std::array<Tangent, Program::size>& tan) {
    if constexpr (is_variable_v<N> && contains<N, Seeded>)
        tan[Program::template slot_of<N>] = static_cast<Tangent>(seeds.template get<N>());
    else if constexpr (is_node_v<N>)
        tangent_step_node<Program, T, Tangent, Seeded>(n, v, seeds, tan);
}

template <class Program, class T, class Tangent, class Seeded, class Op, class... Cs, class SeedEnv>
constexpr void tangent_step_node(node<Op, Cs...>*, const typename Program::template values_t<T>& v, const SeedEnv&,
                                 std::array<Tangent, Program::size>& tan) {
    using N = node<Op, Cs...>;
    if constexpr (depends_on_any<N, Seeded>) {
        Tangent sum{};
        bool first = true;
        [&]<std::size_t... S>(std::index_sequence<S...>) {
            (
                [&] {
                    using C = at_t<S, list<Cs...>>;
                    if constexpr (depends_on_any<C, Seeded>) {
                        const auto local =
                            Op::template partial<S>(v[Program::template slot_of<Cs>]..., v[Program::template slot_of<N>]);
                        const Tangent term = scale_tangent(local, tan[Program::template slot_of<C>]);
                        sum = first ? term : add_tangents(sum, term);
                        first = false;
                    }
                }(),
                ...);
        }(std::index_sequence_for<Cs...>{});
        tan[Program::template slot_of<N>] = sum;
    }
}

/// Forward accumulation (seed 001: "seeding x1 gives dz/dx1"): each node's tangent is
/// sum_i partial_i * tangent(child_i). Nodes that do not depend on a seeded variable have
/// a structural zero tangent: no code, and no 0 * inf.
template <class Program, class T, class Tangent, class Seeded, class SeedEnv>
constexpr Tangent tangent_of_root(const typename Program::template values_t<T>& v, const SeedEnv& seeds) {
    std::array<Tangent, Program::size> tan{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (tangent_step<Program, T, Tangent, Seeded>(static_cast<at_t<I, typename Program::nodes>*>(nullptr), v, seeds, tan),
         ...);
    }(std::make_index_sequence<Program::size>{});
    return tan[Program::size - 1];
}

}  // namespace detail
}  // namespace typegrad
