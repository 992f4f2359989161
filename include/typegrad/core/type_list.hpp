/// @file Defines typegrad::detail::list and the few type-list algorithms the passes need.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>

// Why not Boost.Hana here: graph traversals run over every node of every expression at
// compile time, and docs/compile_time.md (after ../shared/reference/compile_time.md)
// measured Hana type sequences going exponential on shared DAGs. Plain class templates
// and fold expressions are memoized by the compiler and stay polynomial.
namespace typegrad::detail {

template <class... Ts>
struct list {
    static constexpr std::size_t size = sizeof...(Ts);
};

/// contains<T, list<Ts...>>: one fold over is_same, no recursion.
template <class T, class List>
inline constexpr bool contains = false;
template <class T, class... Ts>
inline constexpr bool contains<T, list<Ts...>> = (std::is_same_v<T, Ts> || ...);

/// index_of<T, list<Ts...>>: position of T (size of the list when absent).
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

template <class List, class T>
struct push_back;
template <class... Ts, class T>
struct push_back<list<Ts...>, T> {
    using type = list<Ts..., T>;
};

/// Appends T unless it is already present (set insertion, order of first arrival kept).
template <class List, class T>
using insert_t = std::conditional_t<contains<T, List>, List, typename push_back<List, T>::type>;

/// Union of two lists, keeping the order of the first then new elements of the second.
template <class A, class B>
struct merge;
template <class A>
struct merge<A, list<>> {
    using type = A;
};
template <class A, class B0, class... Bs>
struct merge<A, list<B0, Bs...>> {
    using type = typename merge<insert_t<A, B0>, list<Bs...>>::type;
};
template <class A, class B>
using merge_t = typename merge<A, B>::type;

template <std::size_t I, class List>
struct at_impl;
template <std::size_t I, class... Ts>
struct at_impl<I, list<Ts...>> {
    using type = std::tuple_element_t<I, std::tuple<Ts...>>;
};
template <std::size_t I, class List>
using at_t = typename at_impl<I, List>::type;

template <class List>
inline constexpr bool is_empty_list = List::size == 0;

template <class T>
inline constexpr bool always_false = false;

}  // namespace typegrad::detail
