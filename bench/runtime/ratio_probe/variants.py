#!/usr/bin/env python3
"""Writes the include trees of the probe: copies of the repo's include/ with one change each
(the library itself is not touched). Usage: variants.py REPO_INCLUDE OUT_DIR [VARIANT...]
(all of them by default).

  base      the repo's headers, unchanged
  guarded   the reverse sweep multiplies every product through chain_mul (with its zero
            test), as before plain_products (passes/reverse.hpp): what the analysis saves
  nan       chain_mul_op::value without its NaN/zero test: a plain product (not exact: it
            breaks edge case 17, 0 * inf gives NaN). Only the products that the graph cannot
            prove finite still go through it, so on S1-S3 and N2 it should equal base
  errno     math::exp at run time is std::exp again, not declared const: the compiler cannot
            share e^-a between sigmoid's value and its partial (two exponentials for a > 1)
  outline   eval, value_and_grad and grad not forced inline (as before this session)

Variants measured earlier and dropped (their numbers are in README.md, from older trees):
zero, inl (both applied since), selall, opt, trait, graph (applied since, as
plain_products), pernode.
"""
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
VARIANTS = ["base", "guarded", "nan", "errno", "outline"]
if len(sys.argv) > 3:
    VARIANTS = [v for v in VARIANTS if v in sys.argv[3:]]


def edit(v, path, old, new):
    if v not in VARIANTS:
        return
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

edit("guarded", "passes/reverse.hpp", '''    if constexpr (Plain && !compile_time_value<A> && !compile_time_value<B>)''',
     '''    if constexpr (false && Plain)  // PROBE: every product through chain_mul''')

edit("errno", "detail/constexpr_math.hpp", '''  if (std::is_constant_evaluated()) return impl::exp(x);
  return runtime::exp(x);''', '''  if (std::is_constant_evaluated()) return impl::exp(x);
  return std::exp(x);  // PROBE: not declared const''')

for name in ("eval", "value_and_grad", "grad"):
    edit("outline", "api.hpp", '''template <expression E, class... Bindings>
TYPEGRAD_ALWAYS_INLINE constexpr auto %s(const E& f, const Bindings&... bindings) {''' % name,
         '''template <expression E, class... Bindings>
constexpr auto %s(const E& f, const Bindings&... bindings) {  // PROBE: not forced inline''' % name)

print("variants in %s: %s" % (out, " ".join(VARIANTS)))
