/// @file
/// Defines the Boost.Hana models of typegrad's collections: `tg::variables(f)` is a
/// `hana::tuple` of an expression's variables, and a gradient (`r.grad`) and an environment
/// (`tg::at(...)`) are Searchable and Foldable, keyed by variable, like a `hana::map`.
///
/// Hana is used only here, at the edges of the API, where the collections are small and
/// their elements have different types. The graph passes keep plain type lists
/// (core/type_list.hpp explains why).
///
///     constexpr tg::var<"x"> x;
///     constexpr tg::var<"y"> y;
///     const auto r = tg::value_and_grad(x * y, x = 2.0, y = 3.0);
///     hana::for_each(r.grad, [](const auto& entry) {
///         std::printf("d/d%s = %g\n", hana::first(entry).name.chars, hana::second(entry));
///     });
///     double dx = hana::at_key(r.grad, x);            // 3.0
///     auto names = hana::keys(r.grad);                // hana::tuple<var<"x">, var<"y">>
///     auto as_map = hana::to_map(r.grad);             // hana::map of (variable, partial)
#pragma once

#include <typegrad/api.hpp>
#include <typegrad/core/binding.hpp>
#include <typegrad/core/expression.hpp>
#include <typegrad/core/graph.hpp>

#include <boost/hana/any_of.hpp>
#include <boost/hana/equal.hpp>
#include <boost/hana/find_if.hpp>
#include <boost/hana/fwd/keys.hpp>
#include <boost/hana/hash.hpp>
#include <boost/hana/optional.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace typegrad {

namespace detail {
/// Hana's tag of every tg::var: variables compare equal exactly when they are the same
/// variable (same name and extents), and hash to their type.
struct hana_variable_tag {};
/// Hana's tag of a gradient and of an environment: Searchable (by variable) and Foldable
/// (over `hana::pair(variable, value)` entries in the order of the bindings).
struct hana_gradient_tag {};
struct hana_environment_tag {};

template <class Vs>
struct hana_tuple_of;
template <class... Vs>
struct hana_tuple_of<list<Vs...>> {
    using type = boost::hana::tuple<Vs...>;
};

/// The first position I whose variable satisfies Pred (sizeof...(Vs) when none does); Pred's
/// answer must be known at compile time, as for every heterogeneous Hana search.
template <class Pred, class... Vs>
constexpr std::size_t first_satisfying() {
    constexpr bool hits[] = {
        false, static_cast<bool>(decltype(std::declval<const Pred&>()(std::declval<const Vs&>()))::value)...};
    for (std::size_t i = 0; i < sizeof...(Vs); ++i)
        if (hits[i + 1]) return i;
    return sizeof...(Vs);
}

template <class Pred, class... Vs, class Value>
constexpr auto find_entry(const Value& value_at) {
    constexpr std::size_t i = first_satisfying<Pred, Vs...>();
    if constexpr (i == sizeof...(Vs))
        return boost::hana::nothing;
    else
        return boost::hana::just(value_at(std::integral_constant<std::size_t, i>{}));
}
}  // namespace detail

/// The variables of f as a `hana::tuple`, each once, in breadth-first order from the root
/// (children left to right; a variable met again deeper is not repeated): for `(x + y) * z`
/// it is `(z, x, y)`. This is the order the passes number the variables in.
template <expression E>
constexpr auto variables(const E&) {
    return typename detail::hana_tuple_of<detail::variables_of<E>>::type{};
}

}  // namespace typegrad

namespace boost::hana {

template <::typegrad::fixed_string N, std::size_t... E>
struct tag_of<::typegrad::var<N, E...>> {
    using type = ::typegrad::detail::hana_variable_tag;
};
template <class Variables, class T, class Used>
struct tag_of<::typegrad::gradient<Variables, T, Used>> {
    using type = ::typegrad::detail::hana_gradient_tag;
};
template <class... Bindings>
struct tag_of<::typegrad::environment<Bindings...>> {
    using type = ::typegrad::detail::hana_environment_tag;
};

// Comparable and Hashable variables, so that they can be the keys of a hana::map.
template <>
struct equal_impl<::typegrad::detail::hana_variable_tag, ::typegrad::detail::hana_variable_tag> {
    template <class X, class Y>
    static constexpr auto apply(const X&, const Y&) {
        return bool_c<std::is_same_v<X, Y>>;
    }
};
template <>
struct hash_impl<::typegrad::detail::hana_variable_tag> {
    template <class X>
    static constexpr auto apply(const X&) {
        return type_c<X>;
    }
};

// A gradient: keys are the variables bound in the call, values their partial derivatives
// (of the scalar type; an exact zero for a bound variable f does not use).
template <>
struct unpack_impl<::typegrad::detail::hana_gradient_tag> {
    template <class... Vs, class T, class Used, class F>
    static constexpr decltype(auto) apply(const ::typegrad::gradient<::typegrad::detail::list<Vs...>, T, Used>& g,
                                          F&& f) {
        return [&]<std::size_t... I>(std::index_sequence<I...>)->decltype(auto) {
            return static_cast<F&&>(f)(::boost::hana::make_pair(Vs{}, ::typegrad::detail::partial_at<I>(g))...);
        }
        (std::index_sequence_for<Vs...>{});
    }
};
template <>
struct find_if_impl<::typegrad::detail::hana_gradient_tag> {
    template <class... Vs, class T, class Used, class Pred>
    static constexpr auto apply(const ::typegrad::gradient<::typegrad::detail::list<Vs...>, T, Used>& g, const Pred&) {
        return ::typegrad::detail::find_entry<Pred, Vs...>(
            [&](auto i) { return ::typegrad::detail::partial_at<decltype(i)::value>(g); });
    }
};
template <>
struct any_of_impl<::typegrad::detail::hana_gradient_tag> {
    template <class... Vs, class T, class Used, class Pred>
    static constexpr auto apply(const ::typegrad::gradient<::typegrad::detail::list<Vs...>, T, Used>&, const Pred&) {
        return bool_c<(::typegrad::detail::first_satisfying<Pred, Vs...>() < sizeof...(Vs))>;
    }
};
template <>
struct keys_impl<::typegrad::detail::hana_gradient_tag> {
    template <class... Vs, class T, class Used>
    static constexpr auto apply(const ::typegrad::gradient<::typegrad::detail::list<Vs...>, T, Used>&) {
        return ::boost::hana::make_tuple(Vs{}...);
    }
};

// An environment: keys are its variables in the order of the bindings, values the bound
// values (scalars; a tensor binding's value is its binding object).
template <>
struct unpack_impl<::typegrad::detail::hana_environment_tag> {
    template <class... Bs, class F>
    static constexpr decltype(auto) apply(const ::typegrad::environment<Bs...>& env, F&& f) {
        return static_cast<F&&>(f)(
            ::boost::hana::make_pair(typename Bs::variable{}, env.template get<typename Bs::variable>())...);
    }
};
template <>
struct find_if_impl<::typegrad::detail::hana_environment_tag> {
    template <class... Bs, class Pred>
    static constexpr auto apply(const ::typegrad::environment<Bs...>& env, const Pred&) {
        return ::typegrad::detail::find_entry<Pred, typename Bs::variable...>(
            [&](auto i) { return ::typegrad::detail::binding_at<decltype(i)::value>(env.bindings).value; });
    }
};
template <>
struct any_of_impl<::typegrad::detail::hana_environment_tag> {
    template <class... Bs, class Pred>
    static constexpr auto apply(const ::typegrad::environment<Bs...>&, const Pred&) {
        return bool_c<(::typegrad::detail::first_satisfying<Pred, typename Bs::variable...>() < sizeof...(Bs))>;
    }
};
template <>
struct keys_impl<::typegrad::detail::hana_environment_tag> {
    template <class... Bs>
    static constexpr auto apply(const ::typegrad::environment<Bs...>&) {
        return ::boost::hana::make_tuple(typename Bs::variable{}...);
    }
};

}  // namespace boost::hana
