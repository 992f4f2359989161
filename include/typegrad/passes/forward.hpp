/// @file
/// Defines the forward-mode sweep: each node's value and tangent lanes, computed together.
#pragma once

#include <typegrad/ops/arithmetic.hpp>
#include <typegrad/passes/evaluate.hpp>
#include <typegrad/passes/finiteness.hpp>

#include <array>
#include <cstddef>

namespace typegrad::detail {

// Forward accumulation (seed 001: "seeding x1 gives dz/dx1"): a node's tangent is
// sum_k partial_k * tangent(child k). The sweep carries K tangent lanes: one per bound
// variable for forward_value_and_grad (lane j is d/dx_j, seeded with 1 at x_j), one for jvp
// (seeded with the given tangents). Lane j of a node exists only when the node depends on a
// variable seeded in lane j: the other lanes are structural zeros, never computed nor read,
// so a node costs one product per (child, lane) that can be nonzero, as a hand-written
// sparse tangent would. Each node's partials are computed once and serve all its lanes;
// value and lanes are computed in the same pass over the nodes, into arrays whose indices
// are all compile-time constants (the compiler keeps them in registers). A product
// multiplies plainly where the finiteness table proves both factors finite
// (finiteness_table::forward_plain) and keeps chain_mul's zero test elsewhere.

/// How the tangents are seeded. unit_lanes: lane j of the j-th variable of Vars is 1
/// (forward_value_and_grad, K = Vars::size). one_lane: lane 0 of the j-th variable of Vars
/// is seeds[j] (jvp, K = 1).
template <class Vars>
struct unit_lanes {
    using vars = Vars;
    static constexpr std::size_t lanes = Vars::size;
    static constexpr bool unit = true;
};
template <class Vars>
struct one_lane {
    using vars = Vars;
    static constexpr std::size_t lanes = 1;
    static constexpr bool unit = false;
};

inline constexpr std::size_t no_lane = std::size_t(-1);

/// The lane node N is seeded in (no_lane for every node but a seeded variable).
template <class Seeding, class N>
struct seed_lane : std::integral_constant<std::size_t, no_lane> {};
template <class Seeding, class V>
requires(is_variable_v<V>&& contains<V, typename Seeding::vars>) struct seed_lane<Seeding, V>
    : std::integral_constant<std::size_t, Seeding::unit ? index_of<V, typename Seeding::vars> : 0> {
};

/// For each node (topological order), which lanes it carries: the union of its children's,
/// or its seed lane.
template <std::size_t K, std::size_t N, std::size_t W>
consteval std::array<std::array<bool, K>, N> lane_table(const std::array<std::array<std::size_t, W>, N>& rows,
                                                        const std::array<std::size_t, N>& seeds) {
    std::array<std::array<bool, K>, N> has{};
    for (std::size_t i = 0; i < N; ++i) {
        if (seeds[i] != no_lane) has[i][seeds[i]] = true;
        for (std::size_t k = 1; k <= rows[i][0]; ++k)
            for (std::size_t j = 0; j < K; ++j) has[i][j] = has[i][j] || has[rows[i][k]][j];
    }
    return has;
}

/// What one node of arity A does with K lanes: for child position P, the count[P] lanes it
/// carries (lane[P][0..count[P])), whether its product is the lane's first term (it
/// assigns), and whether its products are plain.
template <std::size_t A, std::size_t K>
struct node_lanes {
    std::array<std::size_t, A> count{};
    std::array<std::array<std::size_t, K>, A> lane{};
    std::array<std::array<bool, K>, A> first{};
    std::array<bool, A> plain{};
};

template <std::size_t A, std::size_t K, std::size_t N, std::size_t W>
consteval node_lanes<A, K> lanes_of_node(std::size_t self, const std::array<std::array<std::size_t, W>, N>& rows,
                                         const std::array<std::array<bool, K>, N>& has,
                                         const std::array<std::array<bool, W>, N>& plain) {
    node_lanes<A, K> out{};
    std::array<bool, K> written{};
    for (std::size_t p = 0; p < A; ++p) {
        const std::size_t c = rows[self][p + 1];
        out.plain[p] = plain[self][p + 1];
        for (std::size_t j = 0; j < K; ++j)
            if (has[c][j]) {
                out.lane[p][out.count[p]] = j;
                out.first[p][out.count[p]] = !written[j];
                ++out.count[p];
                written[j] = true;
            }
    }
    return out;
}

/// The lane table of one program under one seeding.
template <class Program, class Seeding, class Nodes = typename Program::nodes>
struct lanes_of;
template <class Program, class Seeding, class... Nodes>
struct lanes_of<Program, Seeding, list<Nodes...>> {
    static constexpr std::array<std::array<bool, Seeding::lanes>, sizeof...(Nodes)> has = lane_table<Seeding::lanes>(
        Program::rows, std::array<std::size_t, sizeof...(Nodes)>{seed_lane<Seeding, Nodes>::value...});
};

/// The lanes child position P of a node carries (J...), and for each whether its product is
/// the lane's first term (F...).
template <class Lanes, class Firsts>
struct child_lanes {};

/// A seeded variable in slot Self: lane Lane is 1 (Unit) or seeds[J].
template <std::size_t Self, std::size_t Lane, std::size_t J, bool Unit>
struct seed_step {};
/// An Op on the children in slots S..., products plain or not (Plain...), one child_lanes
/// per child.
template <class Op, std::size_t Self, class Slots, class Plain, class Lanes>
struct tangent_step {};
/// A node that carries no lane.
struct no_tangent {};

template <class T, std::size_t N, std::size_t K, std::size_t NS>
TYPEGRAD_ALWAYS_INLINE constexpr void run_tangent(no_tangent, const std::array<T, N>&, std::array<std::array<T, K>, N>&,
                                                  const std::array<T, NS>&) {}

template <std::size_t Self, std::size_t Lane, std::size_t J, bool Unit, class T, std::size_t N, std::size_t K,
          std::size_t NS>
TYPEGRAD_ALWAYS_INLINE constexpr void run_tangent(seed_step<Self, Lane, J, Unit>, const std::array<T, N>&,
                                                  std::array<std::array<T, K>, N>& tan,
                                                  const std::array<T, NS>& seeds) {
    if constexpr (Unit)
        tan[Self][Lane] = T(1);
    else
        tan[Self][Lane] = seeds[J];
}

/// The terms partial * tangent(child in slot C) of the lanes J... of the node in slot Self.
template <bool Plain, std::size_t C, std::size_t Self, std::size_t... J, bool... F, class Partial, class T,
          std::size_t N, std::size_t K>
TYPEGRAD_ALWAYS_INLINE constexpr void run_child_lanes(child_lanes<std::index_sequence<J...>, bools<F...>>,
                                                      const Partial& partial, std::array<std::array<T, K>, N>& tan) {
    if constexpr (sizeof...(J) > 0) {
        const auto local = partial();
        (void)in_order{0, (accumulate<F>(tan[Self][J], chain_product<Plain>(local, tan[C][J])), 0)...};
    }
}

template <class Op, std::size_t Self, std::size_t... S, bool... Plain, class... Lanes, class T, std::size_t N,
          std::size_t K, std::size_t NS>
TYPEGRAD_ALWAYS_INLINE constexpr void run_tangent(
    tangent_step<Op, Self, std::index_sequence<S...>, bools<Plain...>, list<Lanes...>>, const std::array<T, N>& v,
    std::array<std::array<T, K>, N>& tan, const std::array<T, NS>&) {
    [&]<std::size_t... P>(std::index_sequence<P...>) TYPEGRAD_LAMBDA_INLINE {
        (void)in_order{
            0, (run_child_lanes<bool_at<P, Plain...>, size_at<P, S...>, Self>(
                    Lanes{}, [&]() TYPEGRAD_LAMBDA_INLINE { return Op::template partial<P>(v[S]..., v[Self]); }, tan),
                0)...};
    }
    (std::index_sequence_for<Lanes...>{});
}

template <class Program, class Seeding, std::size_t Self, class N, class F = family_of_t<N>>
struct tangent_of_node {
    using type = no_tangent;
};
template <class Program, class Seeding, std::size_t Self, class V>
requires(is_variable_v<V>&& seed_lane<Seeding, V>::value !=
         no_lane) struct tangent_of_node<Program, Seeding, Self, V, void> {
    using type = seed_step<Self, seed_lane<Seeding, V>::value, index_of<V, typename Seeding::vars>, Seeding::unit>;
};
template <class Program, class Seeding, std::size_t Self, class N, class Op, class... Cs>
struct tangent_of_node<Program, Seeding, Self, N, node_family<Op, Cs...>> {
    static constexpr std::size_t A = sizeof...(Cs);
    static constexpr auto& has = lanes_of<Program, Seeding>::has;
    static constexpr node_lanes<A, Seeding::lanes> L =
        lanes_of_node<A, Seeding::lanes>(Self, Program::rows, has, finiteness_of<Program>::table.forward_plain);
    static constexpr bool any = [] {
        for (bool b : has[Self])
            if (b) return true;
        return false;
    }();
    template <std::size_t P, class Seq = std::make_index_sequence<L.count[P]>>
    struct lanes_at;
    template <std::size_t P, std::size_t... I>
    struct lanes_at<P, std::index_sequence<I...>> {
        using type = child_lanes<std::index_sequence<L.lane[P][I]...>, bools<L.first[P][I]...>>;
    };
    template <class Positions>
    struct step;
    template <std::size_t... P>
    struct step<std::index_sequence<P...>> {
        using type = tangent_step<Op, Self, typename child_slots_in<typename Program::pack, N>::type,
                                  bools<L.plain[P]...>, list<typename lanes_at<P>::type...>>;
    };
    using type =
        typename std::conditional_t<any, step<std::make_index_sequence<A>>, std::type_identity<no_tangent>>::type;
};

template <class Program, class Seeding, class T, std::size_t NI, std::size_t NL, std::size_t NS, class EnvVars,
          class... Nodes, std::size_t... I>
TYPEGRAD_ALWAYS_INLINE constexpr void value_tangent_sweep(
    list<Nodes...>, std::index_sequence<I...>, const std::array<T, NI>& inputs, const std::array<T, NL>& literals,
    const std::array<T, NS>& seeds, EnvVars, std::array<T, Program::size>& v,
    std::array<std::array<T, Seeding::lanes>, Program::size>& tan) {
    (void)in_order{0, ((v[I] = run_step(typename step_of_node<Program, Nodes, EnvVars>::type{}, v.data(), inputs.data(),
                                        literals.data())),
                       run_tangent(typename tangent_of_node<Program, Seeding, I, Nodes>::type{}, v, tan, seeds), 0)...};
}

/// One pass over the nodes of program P at env (its scalar T), seeded as Seeding says with
/// seeds (one per variable of Seeding::vars; unused by unit_lanes): the root's value, and
/// its K tangent lanes (a lane the root does not carry is 0). Written in place, so that the
/// compiler keeps every slot and lane in registers (a returned struct of them would be
/// copied through the stack).
template <class Program, class Seeding, class T, class Root, class Env, std::size_t NS>
TYPEGRAD_ALWAYS_INLINE constexpr void value_and_lanes(const Root& root, const Env& env, const std::array<T, NS>& seeds,
                                                      T& value, std::array<T, Seeding::lanes>& lanes) {
    constexpr std::size_t N = Program::size, K = Seeding::lanes;
    // Not zero-filled at run time: a slot or lane is written before it is read.
    std::array<T, N> v;
    std::array<std::array<T, K>, N> tan;
    if (std::is_constant_evaluated()) {
        v = {};
        tan = {};
    }
    value_tangent_sweep<Program, Seeding>(typename Program::nodes{}, std::make_index_sequence<N>{},
                                          bound_values<T>(env), literal_values<T>(root), seeds,
                                          typename Env::variables{}, v, tan);
    value = v[N - 1];
    constexpr auto& has = lanes_of<Program, Seeding>::has[N - 1];
    [&]<std::size_t... J>(std::index_sequence<J...>) TYPEGRAD_LAMBDA_INLINE {
        ((lanes[J] = has[J] ? tan[N - 1][J] : T(0)), ...);
    }
    (std::make_index_sequence<K>{});
}

}  // namespace typegrad::detail
