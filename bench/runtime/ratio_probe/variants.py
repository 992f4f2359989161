#!/usr/bin/env python3
"""Writes the include trees of the probe: copies of the repo's include/ with one change each
(the library itself is not touched). Usage: variants.py REPO_INCLUDE OUT_DIR

  base    the repo's headers, unchanged
  nan     chain_mul_op::value without its NaN/zero test (a plain product; changes edge case 17)
  zero    the value and adjoint arrays of value_and_grad not zero-initialized
  inl     the sweeps of value_and_grad forced inline (always_inline on values, adjoints, their
          index-sequence lambdas, and value_and_grad)
  all     nan + zero + inl
  selall  zero + inl, with the NaN/zero test kept but branch-free (a select)
  opt     zero + inl, with the test kept as an optimistic sweep: plain products, and if a
          gradient comes out NaN, the exact sweep (out of line, cold) recomputes everything
  trait   zero + inl, with the test kept only where a local partial can be infinite at
          finite operands: the reverse sweep multiplies plainly for the ops of a trait
          (finite_partials: *, sigmoid, tanh, pow(x, n) with n >= 1). Fails edge case 17's
          sqrt(x y) (an infinite upstream times a zero partial of *)
  graph   as trait, and only where the upstream adjoint is finite too: no node on a path
          from the root down to the node has an op outside the trait (a compile-time
          property of the graph), so the product of two finite factors cannot be 0 * inf
"""
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
VARIANTS = ["base", "nan", "zero", "inl", "all", "selall", "opt", "trait", "graph"]


def edit(v, path, old, new):
    p = os.path.join(out, v, "typegrad", path)
    with open(p) as f:
        s = f.read()
    if old not in s:
        sys.exit("variants.py: %s: %s no longer contains the text to change:\n%s" % (v, path, old))
    with open(p, "w") as f:
        f.write(s.replace(old, new, 1))


for v in VARIANTS:
    shutil.rmtree(os.path.join(out, v), ignore_errors=True)
    shutil.copytree(src, os.path.join(out, v))

NAN_OLD = '''        T product = a * b;
        // The test is on the product, so the common path costs one well-predicted branch.
        if (detail::math::isnan(product) && (a == T(0) || b == T(0))) [[unlikely]]
            return T(0);
        return product;'''
for v in ("nan", "all"):
    edit(v, "ops/arithmetic.hpp", NAN_OLD, "        return a * b;  // PROBE: no zero test")
edit("selall", "ops/arithmetic.hpp", NAN_OLD, '''        // PROBE: the same test, branch-free (non-short-circuit & and |, a select)
        const T product = a * b;
        const bool absorb = detail::math::isnan(product) & ((a == T(0)) | (b == T(0)));
        return absorb ? T(0) : product;''')

AI = "__attribute__((always_inline))"
for v in ("zero", "all", "selall", "opt", "trait", "graph"):
    edit(v, "passes/evaluate.hpp", "values_t<T> v{};", "values_t<T> v;")
    edit(v, "passes/reverse.hpp", "std::array<T, Program::size> adj{};", "std::array<T, Program::size> adj;")
for v in ("inl", "all", "selall", "opt", "trait", "graph"):
    edit(v, "passes/evaluate.hpp", '''        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((v[I]''', '''        [&]<std::size_t... I>(std::index_sequence<I...>) %s {
            ((v[I]''' % AI)
    edit(v, "passes/evaluate.hpp", "    static constexpr values_t<T> values(", "    %s static constexpr values_t<T> values(" % AI)
    edit(v, "passes/reverse.hpp", '''    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (backpropagate''', '''    [&]<std::size_t... I>(std::index_sequence<I...>) %s {
        (backpropagate''' % AI)
    edit(v, "passes/reverse.hpp", "constexpr std::array<T, Program::size> adjoints(",
         "%s constexpr std::array<T, Program::size> adjoints(" % AI)
    edit(v, "api.hpp", '''constexpr auto value_and_grad(const E& f, const Bindings&... bindings) {
    const auto env''', '''%s constexpr auto value_and_grad(const E& f, const Bindings&... bindings) {
    const auto env''' % AI)

# opt: a Fast flag through the reverse sweep; Fast multiplies plainly.
edit("opt", "passes/reverse.hpp", '''template <class Program, class T, class Op, std::size_t S, class... Cs, class Upstream>
constexpr void push_to_child(''', '''/// PROBE: the optimistic sweep multiplies plainly (no zero test); a NaN it creates flows
/// linearly into some gradient, and then the exact sweep is run instead.
template <bool Fast, class A, class B>
%s constexpr auto sweep_mul(const A& a, const B& b) {
    if constexpr (Fast && !compile_time_constant<A> && !compile_time_constant<B>)
        return a * b;
    else
        return chain_mul(a, b);
}

template <bool Fast, class Program, class T, class Op, std::size_t S, class... Cs, class Upstream>
%s constexpr void push_to_child(''' % (AI, AI))
edit("opt", "passes/reverse.hpp", "accumulate<first>(adj[Program::template slot_of<C>], chain_mul(upstream, local));",
     "accumulate<first>(adj[Program::template slot_of<C>], sweep_mul<Fast>(upstream, local));")
edit("opt", "passes/reverse.hpp", '''template <class Program, class T, class N>
constexpr void backpropagate(''', '''template <bool Fast, class Program, class T, class N>
%s constexpr void backpropagate(''' % AI)
edit("opt", "passes/reverse.hpp", "(push_to_child<Program, T, Op, S, Cs...>(c<1>, v, adj), ...);",
     "(push_to_child<Fast, Program, T, Op, S, Cs...>(c<1>, v, adj), ...);")
edit("opt", "passes/reverse.hpp", "(push_to_child<Program, T, Op, S, Cs...>(adj[self], v, adj), ...);",
     "(push_to_child<Fast, Program, T, Op, S, Cs...>(adj[self], v, adj), ...);")
edit("opt", "passes/reverse.hpp", '''template <class Program, class T>
%s constexpr std::array<T, Program::size> adjoints(''' % AI, '''template <class Program, class T, bool Fast = false>
%s constexpr std::array<T, Program::size> adjoints(''' % AI)
edit("opt", "passes/reverse.hpp", "(backpropagate<Program, T, at_t<Program::size - 1 - I, typename Program::nodes>>(v, adj), ...);",
     "(backpropagate<Fast, Program, T, at_t<Program::size - 1 - I, typename Program::nodes>>(v, adj), ...);")
edit("opt", "api.hpp", '''template <expression E, class... Bindings>
%s constexpr auto value_and_grad(''' % AI, '''/// PROBE: the exact entry point, out of line and cold.
template <expression E, class... Bindings>
__attribute__((noinline, cold)) constexpr auto value_and_grad_exact(const E& f, const Bindings&... bindings) {
    const auto env = make_environment(bindings...);
    using Env = std::remove_cvref_t<decltype(env)>;
    using T = typename Env::scalar;
    using G = detail::gradient_for<E, Env>;
    value_and_gradient<T, G> result{};
    using P = detail::program_of<E>;
    const auto v = P::template values<T>(f, env);
    const auto adj = detail::adjoints<P, T, false>(v);
    result.value = v[P::size - 1];
    [&]<class... Vs>(detail::list<Vs...>) {
        ((result.grad.partials[detail::index_of<Vs, typename Env::variables>] =
              detail::contains<Vs, typename P::nodes> ? adj[detail::index_of<Vs, typename P::nodes>] : T(0)),
         ...);
    }(typename Env::variables{});
    return result;
}

template <expression E, class... Bindings>
%s constexpr auto value_and_grad(''' % AI)
edit("opt", "api.hpp", '''        const auto adj = detail::adjoints<P, T>(v);
        result.value = v[P::size - 1];
        [&]<class... Vs>(detail::list<Vs...>) {''', '''        const auto adj = detail::adjoints<P, T, true>(v);
        result.value = v[P::size - 1];
        [&]<class... Vs>(detail::list<Vs...>) {''')
edit("opt", "api.hpp", '''        }(typename Env::variables{});
    }
    return result;
}

/// The gradient alone''', '''        }(typename Env::variables{});
        // PROBE: one test; a NaN (or inf - inf: a false alarm that only costs the exact sweep).
        T sum = T(0);
        for (const T& g : result.grad.partials) sum = sum + g;
        if (detail::math::isnan(sum)) [[unlikely]]
            result = value_and_grad_exact(f, bindings...);
    }
    return result;
}

/// The gradient alone''')
for tv in ("trait", "graph"):
    # trait: which ops have partials that are finite whenever their operands are finite.
    edit(tv, "ops/arithmetic.hpp", '''/// The chain-rule product, usable on numbers and expressions (see chain_mul_op).''', '''/// PROBE: ops whose local partials are finite whenever their operands are: the reverse
/// sweep needs no zero test for them (0 * finite is 0).
template <class Op>
inline constexpr bool finite_partials = false;
template <>
inline constexpr bool finite_partials<mul_op> = true;

/// The chain-rule product, usable on numbers and expressions (see chain_mul_op).''')
    edit(tv, "ops/activations.hpp", "struct softplus_op {", '''template <>
inline constexpr bool finite_partials<sigmoid_op> = true;  // PROBE: sigmoid' is in [0, 1/4]

struct softplus_op {''')
    edit(tv, "ops/trig.hpp", "struct tanh_op {", '''struct tanh_op;
template <>
inline constexpr bool finite_partials<tanh_op> = true;  // PROBE: tanh' is in [0, 1]

struct tanh_op {''')
    edit(tv, "ops/exp_log.hpp", "struct pow_int_op {", '''struct pow_int_op;
template <long long N>
inline constexpr bool finite_partials<pow_int_op<N>> = (N >= 1);  // PROBE: n x^(n-1)

template <long long N>
struct pow_int_op {''')

edit("trait", "passes/reverse.hpp", "        accumulate<first>(adj[Program::template slot_of<C>], chain_mul(upstream, local));",
     '''        // PROBE: no zero test where the partial is finite for finite operands.
        if constexpr (finite_partials<Op> && !compile_time_constant<Upstream> &&
                      !compile_time_constant<std::remove_cvref_t<decltype(local)>>)
            accumulate<first>(adj[Program::template slot_of<C>], upstream * local);
        else
            accumulate<first>(adj[Program::template slot_of<C>], chain_mul(upstream, local));''')
edit("graph", "ops/arithmetic.hpp", '''template <>
inline constexpr bool finite_partials<mul_op> = true;''', '''template <>
inline constexpr bool finite_partials<mul_op> = true;
template <>
inline constexpr bool finite_partials<add_op> = true;
template <>
inline constexpr bool finite_partials<sub_op> = true;
template <>
inline constexpr bool finite_partials<neg_op> = true;''')
edit("graph", "passes/reverse.hpp", """/// Adds one use's contribution to a node's adjoint.""", """/// PROBE: bounded<Nodes>::adjoint[i]: node i's adjoint is finite whenever the values are,
/// because every op on every path from the root down to it has finite partials.
template <class N>
inline constexpr bool finite_partials_of = false;
template <class Op, class... Cs>
inline constexpr bool finite_partials_of<node<Op, Cs...>> = finite_partials<Op>;

template <class Nodes>
struct bounded;
template <class... Ns>
struct bounded<list<Ns...>> {
    static constexpr std::size_t n = sizeof...(Ns);
    template <class P>
    static constexpr std::array<bool, n> uses_row{contains<Ns, typename children_of<P>::type>...};
    static constexpr std::array<std::array<bool, n>, n> uses{uses_row<Ns>...};  // uses[j][i]: j uses i
    static constexpr std::array<bool, n> finite_op{finite_partials_of<Ns>...};
    static constexpr std::array<bool, n> adjoint = [] {
        std::array<bool, n> ok{};
        for (std::size_t k = n; k-- > 0;) {
            bool fine = true;  // the root: its adjoint is the constant 1
            for (std::size_t j = k + 1; j < n; ++j)
                if (uses[j][k]) fine = fine && finite_op[j] && ok[j];
            ok[k] = fine;
        }
        return ok;
    }();
};

/// Adds one use's contribution to a node's adjoint.""")
edit("graph", "passes/reverse.hpp", "        accumulate<first>(adj[Program::template slot_of<C>], chain_mul(upstream, local));",
     '''        // PROBE: no zero test where both factors are finite whenever the values are.
        if constexpr (finite_partials<Op> && bounded<typename Program::nodes>::adjoint[Program::template slot_of<N>] &&
                      !compile_time_constant<Upstream> &&
                      !compile_time_constant<std::remove_cvref_t<decltype(local)>>)
            accumulate<first>(adj[Program::template slot_of<C>], upstream * local);
        else
            accumulate<first>(adj[Program::template slot_of<C>], chain_mul(upstream, local));''')
print("variants in %s: %s" % (out, " ".join(VARIANTS)))
