/// @file Defines typegrad::detail::list and the few type-list algorithms the passes need.
#pragma once

#include <array>
#include <cstddef>
#include <initializer_list>
#include <type_traits>
#include <utility>

// Why not Boost.Hana here: graph traversals run over every node of every expression at
// compile time, and docs/compile_time.md (after ../shared/reference/compile_time.md)
// measured Hana type sequences going exponential on shared DAGs. Plain class templates
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

template <class... Ts>
struct list {
    static constexpr std::size_t size = sizeof...(Ts);
};

template <class T>
inline constexpr bool always_false = false;

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
#if defined(__has_builtin)
#if __has_builtin(__type_pack_element)
template <std::size_t I, class... Ts>
struct at_impl<I, list<Ts...>> {
    using type = __type_pack_element<I, Ts...>;
};
#endif
#endif
/// The I-th element of a list.
template <std::size_t I, class List>
using at_t = typename at_impl<I, List>::type;

/// Position of T in a list whose elements are distinct (a compile error when T is absent).
template <class T, class List>
inline constexpr std::size_t position_in =
    decltype(position_of<T>(static_cast<typename indexed_pack<List>::type*>(nullptr)))::value;

// ---- membership -------------------------------------------------------------------------

/// contains<T, list<Ts...>>: an array scan (lists may hold duplicates).
template <class T, class List>
inline constexpr bool contains = false;
template <class T, class... Ts>
inline constexpr bool contains<T, list<Ts...>> = any_of_values({std::is_same_v<T, Ts>...});

/// index_of<T, list<Ts...>>: position of the first T (size of the list when absent).
template <class T, class List>
struct index_of_impl;
template <class T, class... Ts>
struct index_of_impl<T, list<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr bool hits[] = {std::is_same_v<T, Ts>..., true};
        std::size_t i = 0;
        while (!hits[i]) ++i;
        return i;
    }();
};
template <class T, class List>
inline constexpr std::size_t index_of = index_of_impl<T, List>::value;

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

/// Turns a constexpr array of positions (a structural value) into an index_sequence.
template <auto Positions, class Indices = std::make_index_sequence<Positions.size()>>
struct positions_sequence;
template <auto Positions, std::size_t... I>
struct positions_sequence<Positions, std::index_sequence<I...>> {
    using type = std::index_sequence<Positions[I]...>;
};

/// The elements of List for which Keep[i] is true, in order. Keep is a std::array<bool, n>.
template <class List, auto Keep>
struct filter {
    static constexpr std::size_t kept = [] {
        std::size_t n = 0;
        for (bool k : Keep) n += k;
        return n;
    }();
    static constexpr std::array<std::size_t, kept> positions = [] {
        std::array<std::size_t, kept> out{};
        std::size_t j = 0;
        for (std::size_t i = 0; i < Keep.size(); ++i)
            if (Keep[i]) out[j++] = i;
        return out;
    }();
    using type = typename select<List, typename positions_sequence<positions>::type>::type;
};

/// Appends T unless it is already present (set insertion, order of first arrival kept).
template <class List, class T>
using insert_t = std::conditional_t<contains<T, List>, List, typename push_back<List, T>::type>;

/// The elements of all lists, in order (no recursion over the lists: one table lookup per
/// element).
template <class... Lists>
struct concat {
    struct place {
        std::size_t list, position;
    };
    static constexpr std::size_t size = sum_of_values({Lists::size...});
    static constexpr std::array<place, size> places = [] {
        std::array<place, size> out{};
        constexpr std::size_t sizes[] = {Lists::size..., 0};
        std::size_t j = 0;
        for (std::size_t l = 0; l < sizeof...(Lists); ++l)
            for (std::size_t p = 0; p < sizes[l]; ++p) out[j++] = {l, p};
        return out;
    }();
    template <class Indices>
    struct build;
    template <std::size_t... J>
    struct build<std::index_sequence<J...>> {
        using type = list<at_t<places[J].position, at_t<places[J].list, list<Lists...>>>...>;
    };
    using type = typename build<std::make_index_sequence<size>>::type;
};
template <class... Lists>
using concat_t = typename concat<Lists...>::type;

/// The distinct elements of a list, first occurrences in order.
template <class List>
struct unique;
template <class... Ts>
struct unique<list<Ts...>> {
    static constexpr std::array<bool, sizeof...(Ts)> keep = [] {
        constexpr std::size_t first[] = {index_of<Ts, list<Ts...>>..., 0};
        std::array<bool, sizeof...(Ts)> out{};
        for (std::size_t i = 0; i < sizeof...(Ts); ++i) out[i] = first[i] == i;
        return out;
    }();
    using type = typename filter<list<Ts...>, keep>::type;
};

/// Union of two lists, keeping the order of the first then new elements of the second.
template <class A, class B>
struct merge;
template <class... As, class... Bs>
struct merge<list<As...>, list<Bs...>> {
    static constexpr std::array<bool, sizeof...(Bs)> keep = {!contains<Bs, list<As...>>...};
    using type = typename append<list<As...>, typename unique<typename filter<list<Bs...>, keep>::type>::type>::type;
};
template <class A, class B>
using merge_t = typename merge<A, B>::type;

template <class List>
inline constexpr bool is_empty_list = List::size == 0;

}  // namespace typegrad::detail
