#!/usr/bin/env python3
"""Writes the include trees of the probe: copies of the repo's include/ with one change each
(the library itself is not touched). Usage: variants.py REPO_INCLUDE OUT_DIR

  base      the repo's headers, unchanged
  nan       chain_mul_op::value without its NaN/zero test: a plain product (not exact: it
            breaks edge case 17, 0 * inf gives NaN). The floor of what the zero test costs.
  pernode   the zero test once per node instead of once per product: where the upstream
            adjoint is finite and not zero, plain products equal chain_mul's (exact)
  errno     math::exp at run time is std::exp again, not declared const: the compiler cannot
            share e^-a between sigmoid's value and its partial (two exponentials for a > 1)
  outline   eval, value_and_grad and grad not forced inline (as before this session)

Variants measured earlier and dropped (their numbers are in README.md, from older trees):
zero, inl (both applied since), selall, opt, trait, graph.
"""
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
VARIANTS = ["base", "nan", "pernode", "errno", "outline"]


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

edit("nan", "ops/arithmetic.hpp", '''        T product = a * b;
        // The test is on the product, so the common path costs one well-predicted branch.
        if (detail::math::isnan(product) && (a == T(0) || b == T(0))) [[unlikely]]
            return T(0);
        return product;''', "        return a * b;  // PROBE: no zero test")

edit("pernode", "passes/reverse.hpp", '''template <class T, std::size_t N>
TYPEGRAD_ALWAYS_INLINE constexpr void run_backprop(no_backprop, const std::array<T, N>&, std::array<T, N>&) {}
''', '''template <class T, std::size_t N>
TYPEGRAD_ALWAYS_INLINE constexpr void run_backprop(no_backprop, const std::array<T, N>&, std::array<T, N>&) {}

// PROBE: chain_mul, or a plain product where the caller knows the two agree (Plain).
template <bool Plain, class Upstream, class Local>
TYPEGRAD_ALWAYS_INLINE constexpr auto chain_product(const Upstream& upstream, const Local& local) {
    if constexpr (Plain && !compile_time_constant<Upstream> && !compile_time_constant<Local>)
        return upstream * local;
    else
        return chain_mul(upstream, local);
}
template <class T>
TYPEGRAD_ALWAYS_INLINE constexpr bool finite_nonzero(const T& u) {
    return (u - u == T(0)) & (u != T(0));
}
''')
edit("pernode", "passes/reverse.hpp", '''    [&]<std::size_t... P>(std::index_sequence<P...>) TYPEGRAD_LAMBDA_INLINE {
        (void)in_order{0, ([&]() TYPEGRAD_LAMBDA_INLINE {
                               if constexpr (bool_at<P, Active...>) {
                                   const auto local = Op::template partial<P>(v[S]..., v[Self]);
                                   accumulate<bool_at<P, First...>>(adj[size_at<P, S...>], chain_mul(upstream, local));
                               }
                           }(),
                           0)...};
    }(std::make_index_sequence<sizeof...(S)>{});''', '''    // PROBE: one zero test per node: a finite, nonzero upstream makes plain products exact.
    const auto push = [&]<bool Plain, std::size_t... P>(std::index_sequence<P...>) TYPEGRAD_LAMBDA_INLINE {
        (void)in_order{0, ([&]() TYPEGRAD_LAMBDA_INLINE {
                               if constexpr (bool_at<P, Active...>) {
                                   const auto local = Op::template partial<P>(v[S]..., v[Self]);
                                   accumulate<bool_at<P, First...>>(adj[size_at<P, S...>], chain_product<Plain>(upstream, local));
                               }
                           }(),
                           0)...};
    };
    using positions = std::make_index_sequence<sizeof...(S)>;
    if constexpr (IsRoot || !std::is_floating_point_v<T>) {
        push.template operator()<false>(positions{});
    } else {
        if (finite_nonzero(upstream)) [[likely]]
            push.template operator()<true>(positions{});
        else
            push.template operator()<false>(positions{});
    }''')

edit("errno", "detail/constexpr_math.hpp", '''  if (std::is_constant_evaluated()) return impl::exp(x);
  return runtime::exp(x);''', '''  if (std::is_constant_evaluated()) return impl::exp(x);
  return std::exp(x);  // PROBE: not declared const''')

for name in ("eval", "value_and_grad", "grad"):
    edit("outline", "api.hpp", '''template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto %s(const E& f, const Bindings&... bindings) {''' % name,
         '''template <expression E, class... Bindings>
constexpr auto %s(const E& f, const Bindings&... bindings) {  // PROBE: not forced inline''' % name)

print("variants in %s: %s" % (out, " ".join(VARIANTS)))
