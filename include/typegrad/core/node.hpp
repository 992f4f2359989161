/// @file
/// Defines the operation node node<Op, Children...> (with clang an alias of a local class,
/// see below), family_of, and the classification concepts (expression, operand, number).
#pragma once

#include <typegrad/core/leaves.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad {

namespace detail {

/// The storage of child I of a node: empty (and rebuilt on demand) when the child is
/// stateless, so that an expression without runtime constants is an empty type.
template <std::size_t I, class T, bool Empty = std::is_empty<T>::value>
struct slot {
    T child;
    constexpr slot() = default;
    constexpr explicit slot(const T& c) : child(c) {}
    constexpr const T& get() const { return child; }
};
template <std::size_t I, class T>
struct slot<I, T, true> {
    constexpr slot() = default;
    constexpr explicit slot(const T&) {}
    constexpr T get() const { return T{}; }
};

template <class Indices, class... Children>
struct slots;
template <std::size_t... Is, class... Children>
struct slots<std::index_sequence<Is...>, Children...> : slot<Is, Children>... {
    constexpr slots() = default;
    constexpr explicit slots(const Children&... cs) : slot<Is, Children>(cs)... {}

    /// Child I of the node (a value for a stateless child, else a reference).
    template <std::size_t I>
    constexpr decltype(auto) child() const {
        using C = at_t<I, list<Children...>>;
        return static_cast<const slot<I, C>&>(*this).get();
    }
};

}  // namespace detail

/// An operation applied to child expressions. Op holds the rule (value and local partial
/// derivatives, see ops/); the node only holds the children.
///
/// With clang, the node type is not a class template specialization `node<Op, Children...>`:
/// clang++-19 was exponential on shared DAGs (the chain q = q*q + x has 2^k leaves unfolded) in two
/// places that walk a specialization's template arguments without memoization
/// (bench/compile_time/notes.md, note 3):
/// - argument-dependent lookup (every operator, every unqualified call with a node
///   argument) collects the classes associated with a specialization's template arguments,
///   recursively, before checking whether it has seen the class;
/// - code generation names each LLVM struct type after the class's printed qualified name,
///   template arguments spelled out (also for the bases slot<I, Child>).
/// With clang the node is a local class, named node, of the function template
/// `make_node_type<Op, Children...>()` (it leaves the function through a friend, see
/// detail::node_key): it is not a specialization and has no enclosing class, and the
/// template arguments of its bases are not associated ([basic.lookup.argdep]), so the lookup
/// stops at the node; and clang prints a local class without its function's template
/// arguments, so the IR names stay short. (A member class of node_family<Op, Children...>
/// cuts the lookup but not the naming.) g++ has neither problem, and there the node stays
/// the class template node<Op, Children...>: a local class costs g++ about 25 % more on the
/// chain at k = 100 (an extra function instantiation per node), a member class about 8 %.
/// The two spellings have the same members; a local class cannot have member templates, so
/// child<I>() lives in the base, slots. (Objects built by g++ and by clang
/// name the node types differently: do not mix them in one program.)
/// The library never deduces `node<Op, Cs...>` (with clang it is an alias, not deducible):
/// patterns match the node's family instead, `typename E::family` is
/// `node_family<Op, Cs...>` (see detail::family_of_t).
#if defined(__clang__)
template <class Op, class... Children>
struct node_family;

namespace detail {
// The local class leaves make_node_type through the friend node_of(node_key<Family>), which
// node_store<Family, Node> defines (the class is instantiated inside make_node_type), and not
// through make_node_type's return type: clang mangles a local class together with its
// function's encoding, and for that encoding it mangles the function's deduced return type
// once more (to find derived ABI tags). A return type that holds the node made every
// mangled name that mentions n nested nodes cost about n^2: clang was 2.5x slower on
// wide_vg and deep_vg at k = 100, and chain_vg at k = 100 took 20 s.
template <class Family>
struct node_key {
    friend constexpr auto node_of(node_key);
};
template <class Family, class Node>
struct node_store {
    friend constexpr auto node_of(node_key<Family>) { return std::type_identity<Node>{}; }
};
}  // namespace detail

template <class Op, class... Children>
consteval int make_node_type() {
    struct node : detail::slots<std::index_sequence_for<Children...>, Children...> {
        // [[maybe_unused]]: compilers warn about unused typedefs of a local class.
        using op [[maybe_unused]] = Op;
        using children [[maybe_unused]] = detail::list<Children...>;
        using family [[maybe_unused]] = node_family<Op, Children...>;
        using detail::slots<std::index_sequence_for<Children...>, Children...>::slots;
    };
    (void)sizeof(detail::node_store<node_family<Op, Children...>, node>);
    return 0;
}

/// The tag that names a node's op and children: node_family<Op, Cs...>::type is the node.
template <class Op, class... Children>
struct node_family {
    static_assert(make_node_type<Op, Children...>() == 0);  // defines node_of(node_key<node_family>)
    using type = typename decltype(node_of(detail::node_key<node_family>{}))::type;
};
#else
// g++: the node is its own family. node_family is an alias of node, so the patterns on
// node_family<Op, Cs...> deduce the node itself and no second class is instantiated per node
// (a separate node_family class costs g++ about a third more on wide_vg at k = 200).
template <class Op, class... Children>
struct node : detail::slots<std::index_sequence_for<Children...>, Children...> {
    using op = Op;
    using children = detail::list<Children...>;
    using family = node;
    using type = node;
    using detail::slots<std::index_sequence_for<Children...>, Children...>::slots;
};
template <class Op, class... Children>
using node_family = node<Op, Children...>;
#endif

#if defined(__clang__)
/// The node type of Op applied to Children (an alias: not deducible, match the family).
template <class Op, class... Children>
using node = typename node_family<Op, Children...>::type;
#endif

namespace detail {
/// node_family<Op, Cs...> for the node E, void for every other type. Partial
/// specializations over nodes take it as an extra (defaulted) parameter and match
/// `node_family<Op, Cs...>` there.
template <class E>
struct family_of {
    using type = void;
};
template <class E>
requires requires { typename E::family; }
struct family_of<E> {
    using type = typename E::family;
};
template <class E>
using family_of_t = typename family_of<E>::type;
}  // namespace detail

// ---------------------------------------------------------------------------------------
// Classification.

namespace detail {
// The classifications are concepts (or class templates), not variable templates: g++ emits
// every instantiated variable template as a variable named after its arguments, and the
// mangled name of a deep node is long (bench/compile_time/notes.md, note 4). A concept-id is
// only a value.

template <class T>
concept is_node_v = !TYPEGRAD_SAME_TYPE(family_of_t<T>, void);

template <class T>
concept is_variable_v = requires {
    typename T::variable;
}
&&TYPEGRAD_SAME_TYPE(typename T::variable, T);

template <class T>
struct is_constant_t : std::false_type {};
template <long long N, long long D>
struct is_constant_t<constant<N, D>> : std::true_type {};
template <class T>
concept is_constant_v = is_constant_t<T>::value;

template <class T>
struct is_real_constant_t : std::false_type {};
template <std::uint64_t B>
struct is_real_constant_t<real_constant<B>> : std::true_type {};
template <class T>
concept is_real_constant_v = is_real_constant_t<T>::value;

template <class T>
struct is_literal_t : std::false_type {};
template <std::size_t I, class T>
struct is_literal_t<literal<I, T>> : std::true_type {};
template <class T>
concept is_literal_v = is_literal_t<T>::value;

template <class T>
concept is_expression_v =
    is_node_v<T> || is_variable_v<T> || is_constant_v<T> || is_literal_v<T> || is_real_constant_v<T>;

/// True when E is a node of operation Op.
template <class E, class Op, class F = family_of_t<E>>
struct is_node_of_t : std::false_type {};
template <class E, class Op, class... Cs>
struct is_node_of_t<E, Op, node_family<Op, Cs...>> : std::true_type {};
template <class E, class Op>
concept is_node_of = is_node_of_t<E, Op>::value;

/// True when E is a node whose first child is a compile-time constant.
template <class E, class F = family_of_t<E>>
inline constexpr bool first_child_is_constant = false;
template <class E, class Op, class C0, class... Cs>
inline constexpr bool first_child_is_constant<E, node_family<Op, C0, Cs...>> = is_constant_v<C0>;
}  // namespace detail

/// Anything built by typegrad: a variable, a constant, a literal or an operation node.
template <class T>
concept expression = detail::is_expression_v<std::remove_cvref_t<T>>;

/// A compile-time constant expression (`c<2>`).
template <class T>
concept compile_time_constant = detail::is_constant_v<std::remove_cvref_t<T>>;

/// A value known at compile time: a rational c<N, D> or a real<V>.
template <class T>
concept compile_time_value =
    detail::is_constant_v<std::remove_cvref_t<T>> || detail::is_real_constant_v<std::remove_cvref_t<T>>;

/// A number (double, float, a user scalar type) that may be mixed into expressions.
template <class T>
concept number = !expression<T> && detail::number_like<std::remove_cvref_t<T>>;

template <class T>
concept operand = expression<T> || number<T>;

}  // namespace typegrad
