/// @file
/// Defines typegrad::detail::list and the few type-list algorithms the passes need.
#pragma once

#include <typegrad/config.hpp>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <utility>

// Why not Boost.Hana here: graph traversals run over every node of every expression at
// compile time, and docs/compile_time.md measured
// Hana type sequences going exponential on shared DAGs. Plain class templates
// are memoized by the compiler and stay polynomial.
//
// Three rules keep these algorithms cheap on lists of hundreds of node types:
// - no recursion over the elements of a list (g++ stops at a template depth of 900);
// - no fold expression over a list (clang stops at 256 operands: -fbracket-depth);
//   packs are expanded into array initializers and the arrays are scanned by constexpr code;
// - lookups by position or by type go through overload resolution against a class that
//   derives from one base per element, which the compiler resolves internally instead of
//   instantiating one template per element.

namespace typegrad::detail {

/// Holds list's size: a static member of list<Ts...> itself would be a variable named after
/// all the elements, which g++ emits (docs/compile_time.md); this one is shared per size.
template <std::size_t N>
struct list_size {
    static constexpr std::size_t size = N;
};
template <class... Ts>
struct list : list_size<sizeof...(Ts)> {};

template <class T>
inline constexpr bool always_false = false;

/// Evaluates a pack of expressions in order, left to right (a braced list guarantees the
/// order; a fold expression would hit clang's limit of 256 operands).
using in_order = int[];

/// True when any of the values is true (an array scan, not a fold: no operand limit).
constexpr bool any_of_values(std::initializer_list<bool> values) {
    for (bool v : values)
        if (v) return true;
    return false;
}
constexpr bool all_of_values(std::initializer_list<bool> values) {
    for (bool v : values)
        if (!v) return false;
    return true;
}
constexpr std::size_t max_of_values(std::initializer_list<std::size_t> values) {
    std::size_t m = 0;
    for (std::size_t v : values) m = v > m ? v : m;
    return m;
}
constexpr std::size_t sum_of_values(std::initializer_list<std::size_t> values) {
    std::size_t s = 0;
    for (std::size_t v : values) s += v;
    return s;
}
/// Position of the first true value (the number of values when there is none).
constexpr std::size_t first_true(std::initializer_list<bool> values) {
    std::size_t i = 0;
    for (bool v : values) {
        if (v) return i;
        ++i;
    }
    return i;
}

// Why these are functions and not lambdas: a lambda in the initializer of a static member of
// a class template is a new function per instantiation, and g++ lowers every one of them in
// its middle end even though it only ever runs at compile time. With one per node pair
// (index_of over a 400-node list) that was 20 s. These helpers are instantiated per size only.

/// A fixed-size array of positions (a structural literal type; N may be 0).
template <std::size_t N>
struct position_table {
    std::size_t at[N + 1];
};

/// The positions i with keep[i] true, in order.
template <std::size_t Count, std::size_t N>
consteval position_table<Count> true_positions(const std::array<bool, N>& keep) {
    position_table<Count> out{};
    std::size_t j = 0;
    for (std::size_t i = 0; i < N; ++i)
        if (keep[i]) out.at[j++] = i;
    return out;
}

/// A stable ordering of positions by key (counting sort on small integer keys).
template <std::size_t N>
consteval position_table<N> stable_order_by(const std::array<std::size_t, N>& key) {
    position_table<N> out{};
    std::size_t top = 0;
    for (std::size_t k : key) top = k > top ? k : top;
    std::size_t j = 0;
    for (std::size_t level = 0; level <= top; ++level)
        for (std::size_t i = 0; i < N; ++i)
            if (key[i] == level) out.at[j++] = i;
    return out;
}

// ---- positional access ------------------------------------------------------------------

template <std::size_t I, class T>
struct indexed {};

template <class Indices, class... Ts>
struct indexed_pack_impl;
template <std::size_t... Is, class... Ts>
struct indexed_pack_impl<std::index_sequence<Is...>, Ts...> : indexed<Is, Ts>... {};

/// One class deriving from indexed<i, T_i> for every element: the lookup table.
template <class List>
struct indexed_pack;
template <class... Ts>
struct indexed_pack<list<Ts...>> {
    using type = indexed_pack_impl<std::index_sequence_for<Ts...>, Ts...>;
};

// Declared only: used in decltype, never called, so they never reach the object file.
template <std::size_t I, class T>
std::type_identity<T> element_at(const indexed<I, T>*);
template <class T, std::size_t I>
std::integral_constant<std::size_t, I> position_of(const indexed<I, T>*);

template <std::size_t I, class List>
struct at_impl {
    using type = typename decltype(element_at<I>(static_cast<typename indexed_pack<List>::type*>(nullptr)))::type;
};
#if TYPEGRAD_HAS_TYPE_PACK_ELEMENT
template <std::size_t I, class... Ts>
struct at_impl<I, list<Ts...>> {
    using type = __type_pack_element<I, Ts...>;
};
#endif
/// The I-th element of a list.
template <std::size_t I, class List>
using at_t = typename at_impl<I, List>::type;

/// Position of T in a list whose elements are distinct (a compile error when T is absent).
template <class T, class List>
inline constexpr std::size_t position_in =
    decltype(position_of<T>(static_cast<typename indexed_pack<List>::type*>(nullptr)))::value;

/// The position find_t gives a type that is not in the list.
inline constexpr std::size_t not_found = static_cast<std::size_t>(-1);
template <class T, std::size_t I>
std::integral_constant<std::size_t, I> position_or_not_found(const indexed<I, T>*);
// A derived-to-base pointer conversion ranks above the conversion to void*, so this is only
// chosen when T is not a base.
template <class T>
std::integral_constant<std::size_t, not_found> position_or_not_found(const void*);

/// Position of T in a list of distinct types, not_found when T is absent (or present more
/// than once), as an integral_constant type. For lookups of many types in one long list
/// (variables in an environment, nodes in a program): a variable template or a function
/// template taking the type and the list has a name as long as the list per lookup, which
/// g++ keeps and processes (docs/compile_time.md); this instantiates the list's lookup table
/// once and per lookup only a declaration named after T and its position.
template <class T, class List>
using find_t = decltype(position_or_not_found<T>(static_cast<typename indexed_pack<List>::type*>(nullptr)));

// ---- membership -------------------------------------------------------------------------

/// contains<T, list<Ts...>>: an array scan (lists may hold duplicates).
template <class T, class List>
inline constexpr bool contains = false;
template <class T, class... Ts>
inline constexpr bool contains<T, list<Ts...>> = any_of_values({TYPEGRAD_SAME_TYPE(T, Ts)...});

/// index_of<T, list<Ts...>>: position of the first T (size of the list when absent).
template <class T, class List>
struct index_of_impl;
template <class T, class... Ts>
struct index_of_impl<T, list<Ts...>> {
    static constexpr std::size_t value = first_true({TYPEGRAD_SAME_TYPE(T, Ts)...});
};
template <class T, class List>
inline constexpr std::size_t index_of = index_of_impl<T, List>::value;

/// The same as a consteval function: for pack expansions over a whole list, which would
/// otherwise instantiate one static member (a variable, kept by g++) per element.
template <class T, class... Ts>
consteval std::size_t position_of_first() {
    return first_true({TYPEGRAD_SAME_TYPE(T, Ts)...});
}

template <class T>
struct type_tag {};
/// A set of distinct types with membership by derivation: `is_base_of<type_tag<T>, set>`.
template <class List>
struct type_set;
template <class... Ts>
struct type_set<list<Ts...>> : type_tag<Ts>... {};
template <class T, class Set>
inline constexpr bool in_set = std::is_base_of_v<type_tag<T>, Set>;

// ---- building lists -----------------------------------------------------------------------

template <class List, class T>
struct push_back;
template <class... Ts, class T>
struct push_back<list<Ts...>, T> {
    using type = list<Ts..., T>;
};

template <class A, class B>
struct append;
template <class... As, class... Bs>
struct append<list<As...>, list<Bs...>> {
    using type = list<As..., Bs...>;
};

/// The elements of List at the given positions: list<at_t<P, List>...>.
template <class List, class Positions>
struct select;
template <class List, std::size_t... P>
struct select<List, std::index_sequence<P...>> {
    using type = list<at_t<P, List>...>;
};

template <bool... B>
struct bools {};

/// Entry I of a bools<...> mask, as a class (no variable named after the mask).
template <std::size_t I, class Mask>
struct mask_at;
template <std::size_t I, bool... B>
struct mask_at<I, bools<B...>> : std::bool_constant<std::array<bool, sizeof...(B)>{B...}[I]>{};

/// The positions of the true values of a bool pack, as an index_sequence.
template <class Keep>
struct kept_positions;
template <bool... B>
struct kept_positions<bools<B...>> {
    static constexpr std::size_t count = sum_of_values({std::size_t{B}...});
    static constexpr position_table<count> positions = true_positions<count>(std::array<bool, sizeof...(B)>{B...});
    template <class Indices>
    struct build;
    template <std::size_t... J>
    struct build<std::index_sequence<J...>> {
        using type = std::index_sequence<positions.at[J]...>;
    };
    using type = typename build<std::make_index_sequence<count>>::type;
};

/// The elements of List for which Keep (a bools<...>) is true, in order.
template <class List, class Keep>
struct filter {
    using type = typename select<List, typename kept_positions<Keep>::type>::type;
};

/// Appends T unless it is already present (set insertion, order of first arrival kept).
template <class List, class T>
using insert_t = std::conditional_t<contains<T, List>, List, typename push_back<List, T>::type>;

/// For concat: element j of the result is element .second[j] of list .first[j].
template <std::size_t Total, std::size_t L>
consteval std::array<position_table<Total>, 2> concat_places(const std::array<std::size_t, L>& sizes) {
    std::array<position_table<Total>, 2> out{};
    std::size_t j = 0;
    for (std::size_t l = 0; l < L; ++l)
        for (std::size_t p = 0; p < sizes[l]; ++p) {
            out[0].at[j] = l;
            out[1].at[j] = p;
            ++j;
        }
    return out;
}

/// The table of concat_places as a static member of a class named after the sizes only (a
/// member of concat<Lists...> would be a variable named after all the elements).
template <std::size_t... Sizes>
struct concat_table {
    static constexpr std::size_t size = sum_of_values({Sizes...});
    static constexpr std::array<position_table<size>, 2> places =
        concat_places<size>(std::array<std::size_t, sizeof...(Sizes)>{Sizes...});
};

/// The elements of all lists, in order (no recursion over the lists: one table lookup per
/// element).
template <class... Lists>
struct concat {
    using table = concat_table<Lists::size...>;
    template <class Indices>
    struct build;
    template <std::size_t... J>
    struct build<std::index_sequence<J...>> {
        using type = list<at_t<table::places[1].at[J], at_t<table::places[0].at[J], list<Lists...>>>...>;
    };
    using type = typename build<std::make_index_sequence<table::size>>::type;
};
template <class... Lists>
using concat_t = typename concat<Lists...>::type;

/// Position of the first T among Ts (a class: its value is integral_constant's, not a
/// variable named after the types).
template <class T, class... Ts>
struct first_position : std::integral_constant<std::size_t, first_true({TYPEGRAD_SAME_TYPE(T, Ts)...})> {};

/// The distinct elements of a list, first occurrences in order.
template <class List>
struct unique;
template <class... Ts>
struct unique<list<Ts...>> {
    template <class Indices>
    struct first_occurrences;
    template <std::size_t... I>
    struct first_occurrences<std::index_sequence<I...>> {
        using type = bools<(first_position<Ts, Ts...>::value == I)...>;
    };
    using type = typename filter<list<Ts...>, typename first_occurrences<std::index_sequence_for<Ts...>>::type>::type;
};

/// Union of two lists, keeping the order of the first then new elements of the second.
template <class A, class B>
struct merge;
template <class... As, class... Bs>
struct merge<list<As...>, list<Bs...>> {
    using type = typename append<
        list<As...>,
        typename unique<typename filter<list<Bs...>, bools<!contains<Bs, list<As...>>...>>::type>::type>::type;
};
template <class A, class B>
using merge_t = typename merge<A, B>::type;

template <class List>
inline constexpr bool is_empty_list = List::size == 0;

}  // namespace typegrad::detail
