/// @file
/// Defines the four kinds of expression node: var, constant, literal and node<Op, Children...>
/// (with clang an alias of a local class, see below).
#pragma once

#include <typegrad/core/fixed_string.hpp>
#include <typegrad/core/type_list.hpp>

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <type_traits>
#include <utility>

namespace typegrad {

template <class Var, class Value>
struct binding;

namespace detail {
template <class T>
concept number_like = !std::is_same_v<std::remove_cvref_t<T>, bool> && requires(T a, T b) {
    {a + b};
    {a - b};
    {a * b};
    {a / b};
    {-a};
    {a < b};
};
}  // namespace detail

namespace detail {
/// Binds a tensor variable to the caller's storage (`W = w`). Specialized by
/// <typegrad/tensor/binding.hpp>; without it, `W = w` is this one error.
template <class Var>
struct tensor_binder {
    template <class Storage>
    static constexpr int bind(Storage&&) {
        static_assert(always_false<Storage>,
                      "typegrad: binding a tensor variable (`W = storage`) needs #include <typegrad.hpp>");
        return 0;
    }
};
}  // namespace detail

/// An independent variable, named at compile time. It holds no state: copying it is free,
/// and two `var<"x">` objects are the same variable. `x = 2.0` makes a binding; for a
/// variable with extents (a vector or matrix, docs/tensors.md) `W = w` binds the caller's
/// storage by reference.
template <fixed_string Name, std::size_t... Extents>
struct var {
    static constexpr auto name = Name;
    /// The number of extents (0 for a scalar). Traits recognize a variable by its member
    /// `variable`, not by a partial specialization on var<N, E...>: nvcc's front end does not
    /// deduce a template argument of class type (the name) there.
    static constexpr std::size_t rank = sizeof...(Extents);
    using variable = var;

    // A forwarding reference, so that the tensor binder can reject a temporary array (the
    // binding keeps a pointer to it); the constraint keeps var's own copy assignment.
    template <class Value>
    requires(!std::is_same_v<std::remove_cvref_t<Value>, var>) constexpr auto operator=(Value&& value) const {
        using V = std::remove_cvref_t<Value>;
        if constexpr (sizeof...(Extents) > 0) {
            return detail::tensor_binder<var>::bind(std::forward<Value>(value));
        } else {
            static_assert(detail::number_like<V>,
                          "typegrad: the value bound to a variable (`x = value`) is not a number");
            if constexpr (detail::number_like<V>)
                return binding<var, V>{value};
            else
                return binding<var, double>{0.0};  // after the error above, no further errors
        }
    }
};

/// A compile-time rational constant N/D, kept in lowest terms with D > 0. Constants are
/// part of the expression type so that the symbolic derivative can simplify: 0 * e is 0,
/// 1 * e is e, and 2 * 3 folds to 6 before any code is generated.
template <long long N, long long D = 1>
struct constant {
    static_assert(D > 0 && std::gcd(N, D) == 1, "typegrad: constant<N, D> must be in lowest terms");
    static constexpr long long numerator = N;
    static constexpr long long denominator = D;

    /// Converts to any number type: the exact value rounded once.
    template <class T>
    requires(std::is_arithmetic_v<T>) constexpr explicit(!std::is_floating_point_v<T>) operator T() const {
        return T(N) / T(D);
    }
};

namespace detail {
constexpr long long abs_ll(long long v) { return v < 0 ? -v : v; }
template <long long N, long long D>
struct make_rational {
    static_assert(D != 0, "typegrad: a compile-time constant divides by zero");
    static constexpr long long g = std::gcd(abs_ll(N), abs_ll(D));
    static constexpr long long sign = D < 0 ? -1 : 1;
    using type = constant<sign * N / g, sign * D / g>;
};
}  // namespace detail

/// `c<3>` is the compile-time constant 3, `c<1, 2>` is one half.
template <long long N, long long D = 1>
inline constexpr typename detail::make_rational<N, D>::type c{};

using zero_t = constant<0>;
using one_t = constant<1>;

/// A compile-time real constant (`real<0.7978845608028654>`): stateless like c<N, D>, for
/// values that are not small rationals. Use it in an op's derivative rule, so that the
/// rule's constants stay part of the type and shared subexpressions stay shared.
/// The type holds the IEEE bit pattern, not the double itself: g++ 12 crashes when it
/// deduces template arguments against types with floating-point template arguments.
template <std::uint64_t Bits>
struct real_constant {
    static constexpr double value = std::bit_cast<double>(Bits);
};
template <double V>
inline constexpr real_constant<std::bit_cast<std::uint64_t>(V)> real{};
/// The type of tg::real<V>.
template <double V>
using real_t = real_constant<std::bit_cast<std::uint64_t>(V)>;

/// A runtime constant (`2.0` in `2.0 * x`), the only node that stores data. I is its
/// position among the literals of the whole expression, so that two literals never share
/// a type: node identity is type identity (see docs/design.md, "sharing").
template <std::size_t I, class T>
struct literal {
    T value;
};

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

// ---------------------------------------------------------------------------------------
// Literal numbering: every literal's index is its position among the literals of the
// whole expression, counted left to right. Building a node renumbers each child's
// literals to follow those of the children on its left (a subtree taken out of a larger
// expression is renumbered too). Expressions without runtime constants are never rewritten.

namespace detail {

// Class templates, not variable templates (see is_node_v above): literal_count_t<E>::value.
template <class E, class F = family_of_t<E>>
struct literal_count_t : std::integral_constant<std::size_t, 0> {};
template <std::size_t I, class T>
struct literal_count_t<literal<I, T>, void> : std::integral_constant<std::size_t, 1> {};
template <class E, class Op, class... Cs>
struct literal_count_t<E, node_family<Op, Cs...>>
    : std::integral_constant<std::size_t, sum_of_values({literal_count_t<Cs>::value...})> {};

/// The smallest literal index in E: indices within any subtree are contiguous, starting
/// here (0 for a freshly built expression, more for a subtree taken out of a larger one).
template <class E, class F = family_of_t<E>>
struct literal_base_t : std::integral_constant<std::size_t, 0> {};
template <std::size_t I, class T>
struct literal_base_t<literal<I, T>, void> : std::integral_constant<std::size_t, I> {};
/// The base of the first child holding a literal (0 when none does).
constexpr std::size_t first_literal_base(std::initializer_list<std::size_t> counts,
                                         std::initializer_list<std::size_t> bases) {
    const std::size_t* base = bases.begin();
    for (std::size_t count : counts) {
        if (count != 0) return *base;
        ++base;
    }
    return 0;
}
template <class E, class Op, class... Cs>
struct literal_base_t<E, node_family<Op, Cs...>>
    : std::integral_constant<std::size_t,
                             first_literal_base({literal_count_t<Cs>::value...}, {literal_base_t<Cs>::value...})> {};

/// Renumbers the literals of E to start at Base, keeping their order.
template <std::size_t Base, class E, class F = family_of_t<E>>
struct rebase {
    using type = E;
    static constexpr const E& apply(const E& e) { return e; }
};
template <std::size_t Base, std::size_t I, class T>
requires(Base != I) struct rebase<Base, literal<I, T>, void> {
    using type = literal<Base, T>;
    static constexpr type apply(const literal<I, T>& e) { return type{e.value}; }
};
template <std::size_t Base, class E, class Op, class... Cs>
requires(literal_count_t<E>::value != 0 &&
         Base != literal_base_t<E>::value) struct rebase<Base, E, node_family<Op, Cs...>> {
    // Each child keeps its position relative to the node's first literal.
    using type = node<Op, typename rebase<Base + (literal_base_t<Cs>::value - literal_base_t<E>::value), Cs>::type...>;
    static constexpr type apply(const E& e) { return apply_impl(e, std::index_sequence_for<Cs...>{}); }
    template <std::size_t... Is>
    static constexpr type apply_impl(const E& e, std::index_sequence<Is...>) {
        return type(rebase<Base + (literal_base_t<Cs>::value - literal_base_t<E>::value), Cs>::apply(
            e.template child<Is>())...);
    }
};

constexpr std::size_t prefix_sum_of(std::size_t count, std::initializer_list<std::size_t> values) {
    std::size_t sum = 0;
    for (std::size_t v : values) {
        if (count-- == 0) break;
        sum += v;
    }
    return sum;
}
template <std::size_t I>
constexpr std::size_t prefix_sum(std::initializer_list<std::size_t> values) {
    return prefix_sum_of(I, values);
}

/// Number of literals in the children before child I: where child I's literals start.
template <std::size_t I, class... Cs>
using literal_offset = std::integral_constant<std::size_t, prefix_sum<I>({literal_count_t<Cs>::value...})>;

// A free function template, not a member template of node_builder<Op, Cs...>: g++ 12 spends
// time exponential in the depth of a shared DAG when it calls a member function template
// whose parameter types are the enclosing class template's arguments (const Cs&...).
template <class Op, std::size_t... Is, class... Cs>
constexpr auto build_node(std::index_sequence<Is...>, const Cs&... cs) {
    using result = node<Op, typename rebase<literal_offset<Is, Cs...>::value, Cs>::type...>;
    // A node without runtime constants is empty: value-initialized by its trivial default
    // constructor, so that building it instantiates no constructor per node (every function
    // whose signature names a node is mangled, and the name of a deep node is long).
    if constexpr (std::is_empty<result>::value)
        return result{};
    else
        return result(rebase<literal_offset<Is, Cs...>::value, Cs>::apply(cs)...);
}

/// True when the subtree E holds the literal numbered I.
template <class E, std::size_t I, class F = family_of_t<E>>
inline constexpr bool holds_literal = false;
template <std::size_t J, class T, std::size_t I>
inline constexpr bool holds_literal<literal<J, T>, I, void> = (I == J);
template <class E, std::size_t I, class Op, class... Cs>
inline constexpr bool holds_literal<E, I, node_family<Op, Cs...>> = (holds_literal<Cs, I> || ...);

template <std::size_t Child, class List, std::size_t I>
struct child_holding;
template <std::size_t Child, class C0, class... Cs, std::size_t I>
struct child_holding<Child, list<C0, Cs...>, I> {
    static constexpr std::size_t value = holds_literal<C0, I> ? Child : child_holding<Child + 1, list<Cs...>, I>::value;
};
template <std::size_t Child, std::size_t I>
struct child_holding<Child, list<>, I> {
    static constexpr std::size_t value = Child;
};

/// Finds literal number I inside an expression object (only literals store data): a walk
/// down the one path that holds it, resolved at compile time.
template <std::size_t I, class E>
constexpr decltype(auto) find_literal(const E& e) {
    if constexpr (is_literal_v<E>) {
        static_assert(holds_literal<E, I>);
        return (e.value);
    } else {
        static_assert(holds_literal<E, I>, "typegrad internal: literal not found");
        return find_literal<I>(e.template child<child_holding<0, typename E::children, I>::value>());
    }
}

}  // namespace detail

/// Makes a node from operands; numbers become literals. This is the only way nodes are
/// built, so literal numbering is always consistent.
template <class Op, expression... Cs>
constexpr auto make_node(const Cs&... cs) {
    return detail::build_node<Op>(std::index_sequence_for<Cs...>{}, cs...);
}

/// Turns an operand into an expression: numbers become literal<0, T>.
template <operand T>
constexpr auto as_expression(const T& t) {
    if constexpr (expression<T>)
        return t;
    else
        return literal<0, std::remove_cvref_t<T>>{t};
}

}  // namespace typegrad
