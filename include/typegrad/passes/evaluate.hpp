/// @file
/// Defines the forward sweep shared by every numeric pass: the value of each unique node, once.
#pragma once

#include <typegrad/core/binding.hpp>
#include <typegrad/core/graph.hpp>

#include <array>
#include <cstddef>
#include <utility>

namespace typegrad::detail {

// How the generated code is kept small for the compiler (docs/compile_time.md, note 4):
// each sweep is one function whose body is a pack expansion over the node slots, and the
// work for one node is a call to a small function template whose template arguments are
// only the op and integers (the slots of its children). A per-node function that carried
// the whole node list, the root type or the environment in its signature would give every
// node a symbol name as long as the expression: nodes^2 bytes of names, where g++ would
// spend most of its time.

template <std::size_t P, std::size_t... S>
inline constexpr std::size_t size_at = std::array<std::size_t, sizeof...(S)>{S...}[P];
template <std::size_t P, bool... B>
inline constexpr bool bool_at = std::array<bool, sizeof...(B)>{B...}[P];

// ---- what one node computes in the forward sweep -----------------------------------------

/// Bound variable number J of the environment.
template <std::size_t J>
struct input_step {};
/// Runtime constant number K of the root expression.
template <std::size_t K>
struct literal_step {};
/// A compile-time constant (c<N, D> or real<V>).
template <class C>
struct constant_step {};
/// An operation on the values in slots S... .
template <class Op, std::size_t... S>
struct op_step {};

// The sweeps index the arrays through pointers (the built-in subscript): a call of
// std::array::operator[] per node and operand is an edge g++'s inliner weighs one by one in
// the caller that holds the whole sweep, which made its heuristics grow faster than the
// nodes (docs/compile_time.md).
template <std::size_t J, class T>
TYPEGRAD_ALWAYS_INLINE constexpr T run_step(input_step<J>, const T*, const T* inputs, const T*) {
    return inputs[J];
}
template <std::size_t K, class T>
TYPEGRAD_ALWAYS_INLINE constexpr T run_step(literal_step<K>, const T*, const T*, const T* literals) {
    return literals[K];
}
template <class C, class T>
TYPEGRAD_ALWAYS_INLINE constexpr T run_step(constant_step<C>, const T*, const T*, const T*) {
    return to_number<T>(C{});
}
template <class Op, std::size_t... S, class T>
TYPEGRAD_ALWAYS_INLINE constexpr T run_step(op_step<Op, S...>, const T* v, const T*, const T*) {
    return static_cast<T>(Op::value(v[S]...));
}

template <std::size_t I, class E>
constexpr decltype(auto) literal_number(const E& root) {
    if constexpr (is_literal_v<E>)
        return (root.value);
    else
        return find_literal<I>(root);
}

template <class L>
inline constexpr std::size_t literal_index_v = 0;
template <std::size_t I, class T>
inline constexpr std::size_t literal_index_v<literal<I, T>> = I;

/// The values of the runtime constants of E, in literal order, as T.
template <class T, class E>
TYPEGRAD_ALWAYS_INLINE constexpr std::array<T, literal_count_t<E>::value> literal_values(const E& root) {
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        return std::array<T, sizeof...(K)>{static_cast<T>(literal_number<literal_base_t<E>::value + K>(root))...};
    }
    (std::make_index_sequence<literal_count_t<E>::value>{});
}

/// The bound values of an environment, in binding order, as T.
template <class T, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr std::array<T, sizeof...(Bindings)> bound_values(const environment<Bindings...>& env) {
    return [&]<std::size_t... J>(std::index_sequence<J...>) {
        return std::array<T, sizeof...(Bindings)>{static_cast<T>(binding_at<J>(env.bindings).value)...};
    }
    (std::index_sequence_for<Bindings...>{});
}

/// A node's row of the graph's edges: its number of children, then their slots (W - 1 at
/// most). A function of the slots only: a static member of a class inside program would be
/// one variable per node named after the whole node list.
template <std::size_t W, std::size_t... S>
consteval std::array<std::size_t, W> row_of(std::index_sequence<S...>) {
    return {sizeof...(S), S...};
}

/// For each slot, the last row (node) listing it as a child. rows[p] = {count, slots...}.
template <std::size_t N, std::size_t W>
consteval std::array<std::size_t, N> last_parents(const std::array<std::array<std::size_t, W>, N>& rows) {
    std::array<std::size_t, N> out{};
    for (std::size_t p = 0; p < N; ++p)
        for (std::size_t k = 1; k <= rows[p][0]; ++k) out[rows[p][k]] = p;
    return out;
}
/// True when this node is the child's last parent and `position` is the child's first slot in it.
template <std::size_t W>
consteval bool first_use_in(const std::array<std::size_t, W>& row, bool last_parent_is_this, std::size_t position) {
    if (!last_parent_is_this) return false;
    for (std::size_t k = 0; k < position; ++k)
        if (row[k + 1] == row[position + 1]) return false;
    return true;
}

// The per-node queries of a program are class templates at namespace scope taking the
// program's lookup table (Pack), not member templates of program<list<Nodes...>>: g++
// substitutes the enclosing specialization's pack of all the nodes into each instantiation
// of a member template, which made the sweeps cost nodes^2 (docs/compile_time.md).

/// The slots of a node's children (Pack: the program's indexed_pack of its nodes).
template <class Pack, class N, class F = family_of_t<N>>
struct child_slots_in {
    using type = std::index_sequence<>;
};
template <class Pack, class N, class Op, class... Cs>
struct child_slots_in<Pack, N, node_family<Op, Cs...>> {
    using type = std::index_sequence<decltype(position_of<Cs>(static_cast<Pack*>(nullptr)))::value...>;
};

/// What node N computes; EnvVars are the variables bound in the call, in order;
/// LiteralBase is the root's first literal index.
template <class Pack, std::size_t LiteralBase, class N, class EnvVars, class F = family_of_t<N>>
struct step_in {
    using type = std::conditional_t<is_literal_v<N>, literal_step<literal_index_v<N> - LiteralBase>, constant_step<N>>;
};
template <class Pack, std::size_t LiteralBase, class V, class... Bound>
requires is_variable_v<V>
struct step_in<Pack, LiteralBase, V, list<Bound...>, void> {
    using type = input_step<find_t<V, list<Bound...>>::value>;
};
template <class Pack, std::size_t LiteralBase, class N, class EnvVars, class Op, class... Cs>
struct step_in<Pack, LiteralBase, N, EnvVars, node_family<Op, Cs...>> {
    using type = op_step<Op, decltype(position_of<Cs>(static_cast<Pack*>(nullptr)))::value...>;
};

/// The numeric program for the unique nodes `list<Nodes...>` of one root expression (the
/// last node): node i's value is stored in slot i, computed from its children's slots.
/// Everything is resolved at compile time; at run time this is straight-line code.
template <class Nodes>
struct program;

/// What node N of Program computes; EnvVars are the variables bound in the call, in order.
template <class Program, class N, class EnvVars>
using step_of_node = step_in<typename Program::pack, literal_base_t<typename Program::root>::value, N, EnvVars>;

template <class... Nodes>
struct program<list<Nodes...>> {
    using nodes = list<Nodes...>;
    static constexpr std::size_t size = sizeof...(Nodes);
    using root = at_t<size - 1, nodes>;
    /// The lookup table of the nodes' slots (child_slots_in, step_in).
    using pack = typename indexed_pack<nodes>::type;

    /// slot<E>::value is the slot of node E (a type, see graph.hpp on variable templates).
    template <class E>
    using slot = decltype(position_of<E>(static_cast<typename indexed_pack<nodes>::type*>(nullptr)));
    template <class E>
    static constexpr std::size_t slot_of = slot<E>::value;

    template <class T>
    using values_t = std::array<T, size>;

    // ---- the graph's edges, as data ------------------------------------------------------

    static constexpr std::size_t max_arity = max_of_values({children_of<Nodes>::type::size...});
    /// Row of node i: its number of children, then their slots.
    using row = std::array<std::size_t, max_arity + 1>;
    static constexpr std::array<row, size> rows = {
        row_of<max_arity + 1>(typename child_slots_in<pack, Nodes>::type{})...};

    /// For each slot, the last node (in topological order) that uses it: the first one the
    /// reverse sweep reaches.
    static constexpr std::array<std::size_t, size> last_parent = last_parents(rows);

    /// True when child position P of the node in slot Self is the first use of that child
    /// the reverse sweep reaches (it assigns the adjoint instead of adding to it).
    static consteval bool is_first_use(std::size_t self, std::size_t position) {
        return first_use_in(rows[self], last_parent[rows[self][position + 1]] == self, position);
    }

    // ---- the forward sweep ----------------------------------------------------------------

    template <class T, std::size_t NI, std::size_t NL, class EnvVars, std::size_t... I>
    TYPEGRAD_ALWAYS_INLINE static constexpr values_t<T> sweep(const std::array<T, NI>& inputs,
                                                              const std::array<T, NL>& literals, EnvVars,
                                                              std::index_sequence<I...>) {
        // Not zero-filled at run time: every slot is written before it is read.
        values_t<T> v;
        if (std::is_constant_evaluated()) v = values_t<T>{};
        T* const vp = v.data();
        (void)in_order{0, ((vp[I] = run_step(typename step_of_node<program, Nodes, EnvVars>::type{}, vp, inputs.data(),
                                             literals.data())),
                           0)...};
        return v;
    }

    /// Every unique node evaluated once, in topological order.
    template <class T, class Root, class Env>
    TYPEGRAD_ALWAYS_INLINE static constexpr values_t<T> values(const Root& root, const Env& env) {
        return sweep<T>(bound_values<T>(env), literal_values<T>(root), typename Env::variables{},
                        std::index_sequence_for<Nodes...>{});
    }
};

template <class E>
using program_of = program<topological_order<E>>;

}  // namespace typegrad::detail
