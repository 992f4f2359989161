/// @file
/// Defines typegrad::to_string (infix text) and typegrad::to_dot (Graphviz text of the DAG).
#pragma once

#include <typegrad/core/apply.hpp>
#include <typegrad/core/graph.hpp>
#include <typegrad/passes/evaluate.hpp>

#include <charconv>
#include <cstddef>
#include <sstream>
#include <string>
#include <type_traits>

namespace typegrad {

namespace detail {

template <class T>
std::string number_to_string(const T& value) {
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, long double>) {
        char buffer[64];
        // Shortest text that reads back to the same value: 2 prints as "2", 0.1 as "0.1".
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        return ec == std::errc{} ? std::string(buffer, end) : std::string("?");
    } else {
        std::ostringstream out;
        out.precision(21);
        out << value;
        return out.str();
    }
}

template <long long N, long long D>
std::string constant_text(constant<N, D>) {
    return D == 1 ? std::to_string(N) : std::to_string(N) + "/" + std::to_string(D);
}

/// Binding strength of an expression's outermost operator (leaves bind tightest).
template <class E>
constexpr int precedence_of() {
    if constexpr (is_node_v<E>) {
        using Op = typename E::op;
        if constexpr (Op::style == notation::function)
            return 10;
        else
            return Op::precedence;
    } else if constexpr (is_constant_v<E>) {
        return E::numerator < 0 || E::denominator != 1 ? 2 : 10;  // "-1", "1/2" read as products
    } else if constexpr (is_real_constant_v<E>) {
        return E::value < 0 ? 2 : 10;
    } else {
        return 10;
    }
}

template <class E>
std::string print(const E& e);

template <class E>
std::string print_operand(const E& e, int min_precedence) {
    std::string text = print(e);
    bool negative_literal = false;
    if constexpr (is_literal_v<E>) negative_literal = !text.empty() && text[0] == '-';
    return precedence_of<E>() < min_precedence || (negative_literal && min_precedence > 1) ? "(" + text + ")" : text;
}

template <class E, std::size_t... I>
std::string print_node(const E& e, std::index_sequence<I...>) {
    using Op = typename E::op;
    if constexpr (requires { Op::format((void(I), std::string{})...); }) {
        return Op::format(print(e.template child<I>())...);
    } else if constexpr (Op::style == notation::infix) {
        static_assert(sizeof...(I) == 2, "typegrad: an infix op has two operands");
        // Left-associative: the right operand needs parentheses at equal precedence.
        return print_operand(e.template child<0>(), Op::precedence) + " " + std::string(Op::name) + " " +
               print_operand(e.template child<1>(), Op::precedence + 1);
    } else if constexpr (Op::style == notation::prefix) {
        return std::string(Op::name) + print_operand(e.template child<0>(), Op::precedence);
    } else {
        std::string text = std::string(Op::name) + "(";
        ((text += (I == 0 ? "" : ", ") + print(e.template child<I>())), ...);
        return text + ")";
    }
}

template <class E>
std::string print(const E& e) {
    if constexpr (is_variable_v<E>)
        return std::string(E::name.view());
    else if constexpr (is_constant_v<E>)
        return constant_text(e);
    else if constexpr (is_real_constant_v<E>)
        return number_to_string(E::value);
    else if constexpr (is_literal_v<E>)
        return number_to_string(e.value);
    else
        return print_node(e, std::make_index_sequence<E::children::size>{});
}

template <class N>
std::string dot_label(const N& n) {
    if constexpr (is_node_v<N>)
        return std::string(N::op::name);
    else
        return print(n);
}

}  // namespace detail

/// Infix text of an expression: `to_string((x + y) * z) == "(x + y) * z"`. A shared
/// subexpression is printed at each use (use to_dot to see the sharing).
template <expression E>
std::string to_string(const E& e) {
    return detail::print(e);
}

/// Graphviz text of the expression's DAG: one vertex per unique node, an edge from each
/// child to its parent; `dot -Tpng` renders it.
template <expression E>
std::string to_dot(const E& e) {
    using nodes = detail::topological_order<E>;
    using program = detail::program<nodes>;
    std::string text = "digraph typegrad {\n  rankdir=BT;\n  node [fontname=\"Helvetica\"];\n";
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                using N = detail::at_t<I, nodes>;
                const std::string id = "n" + std::to_string(I);
                std::string label;
                if constexpr (detail::is_literal_v<N>)
                    label = detail::number_to_string(detail::literal_number<detail::literal_index_v<N>>(e));
                else
                    label = detail::dot_label(N{});
                const char* shape = detail::is_variable_v<N> ? "ellipse" : detail::is_node_v<N> ? "box" : "plaintext";
                text += "  " + id + " [label=\"" + label + "\", shape=" + shape + "];\n";
                if constexpr (detail::is_node_v<N>) {
                    [&]<class... Cs>(detail::list<Cs...>) {
                        ((text += "  n" + std::to_string(program::template slot_of<Cs>) + " -> " + id + ";\n"), ...);
                    }(typename N::children{});
                }
            }(),
            ...);
    }
    (std::make_index_sequence<program::size>{});
    return text + "}\n";
}

}  // namespace typegrad
