/// @file
/// Defines outputs and jacobian: the derivatives of several expressions at once.
#pragma once

#include <typegrad/api.hpp>

#include <array>
#include <cstddef>
#include <tuple>

namespace typegrad {

/// Several expressions to differentiate together: `tg::outputs(f0, f1)`.
template <expression... Fs>
struct outputs_t {
    std::tuple<Fs...> fs;
};

template <class... Fs>
constexpr outputs_t<Fs...> outputs(const Fs&... fs) {
    static_assert((expression<Fs> && ...), "typegrad: every argument of outputs must be a typegrad expression");
    return {{fs...}};
}

/// The Jacobian indexed by output and variable: `J[i][x]` is d f_i / dx. `J[i]` is a row
/// (`J[i].array(x, y)`), `J.matrix(x, y)` the whole matrix with its columns in the order asked.
template <class Variables, class T, std::size_t M>
struct jacobian_matrix {
    std::array<std::array<T, Variables::size>, M> entries{};

    struct row {
        const std::array<T, Variables::size>* r;
        template <fixed_string N, std::size_t... E>
        constexpr T operator[](var<N, E...>) const {
            static_assert(detail::contains<var<N, E...>, Variables>,
                          "typegrad: that variable was not bound in the call");
            return (*r)[detail::index_of<var<N, E...>, Variables>];
        }
        template <class... Vs>
        constexpr std::array<T, sizeof...(Vs)> array(Vs... vs) const {
            return {(*this)[vs]...};
        }
    };
    constexpr row operator[](std::size_t i) const { return row{&entries[i]}; }

    template <class... Vs>
    constexpr std::array<std::array<T, sizeof...(Vs)>, M> matrix(Vs... vs) const {
        std::array<std::array<T, sizeof...(Vs)>, M> out{};
        for (std::size_t i = 0; i < M; ++i) out[i] = (*this)[i].array(vs...);
        return out;
    }
};

template <class T, class Jacobian, std::size_t M>
struct values_and_jacobian {
    std::array<T, M> value;
    Jacobian grad;
};

/// Values and Jacobian of several outputs at one point: `r.value[i]`, `r.grad[i][x]`.
/// Each output is differentiated by reverse mode (one sweep per output), so the cost is
/// M reverse sweeps for M outputs, whatever the number of variables.
template <class... Fs, class... Bindings>
constexpr auto jacobian(const outputs_t<Fs...>& outs, const Bindings&... bindings) {
    const auto env = make_environment(bindings...);
    using Env = std::remove_cvref_t<decltype(env)>;
    using T = typename Env::scalar;
    using Vars = typename Env::variables;
    constexpr std::size_t M = sizeof...(Fs);
    values_and_jacobian<T, jacobian_matrix<Vars, T, M>, M> result{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        const auto one = [&]<std::size_t K>(std::integral_constant<std::size_t, K>) {
            const auto r = value_and_grad(std::get<K>(outs.fs), bindings...);
            result.value[K] = r.value;
            [&]<class... Vs>(detail::list<Vs...>) {
                result.grad.entries[K] = {detail::to_number<T>(r.grad[Vs{}])...};
            }(Vars{});
        };
        (one(std::integral_constant<std::size_t, I>{}), ...);
    }
    (std::index_sequence_for<Fs...>{});
    return result;
}

}  // namespace typegrad
