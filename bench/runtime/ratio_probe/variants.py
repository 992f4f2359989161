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
"""
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
VARIANTS = ["base", "nan", "zero", "inl", "all", "selall", "opt"]


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
for v in ("zero", "all", "selall", "opt"):
    edit(v, "passes/evaluate.hpp", "values_t<T> v{};", "values_t<T> v;")
    edit(v, "passes/reverse.hpp", "std::array<T, Program::size> adj{};", "std::array<T, Program::size> adj;")
for v in ("inl", "all", "selall", "opt"):
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
print("variants in %s: %s" % (out, " ".join(VARIANTS)))
