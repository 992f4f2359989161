/// @file
/// Defines every macro and compiler workaround of typegrad, in one place.
///
/// Each macro has one spelling for all compilers; the branches below choose what it expands
/// to on GNU-compatible compilers (g++, clang++, nvcc's host compiler) and elsewhere.
#pragma once

#include <type_traits>

/// Type equality without instantiating a template per pair. std::is_same_v<T, U> is a
/// variable template, and g++ keeps every instantiation as a variable that its middle end
/// processes; a membership test of each of 400 nodes against a 400-node list makes 160 000 of
/// them. g++ and clang both provide the __is_same built-in.
#if defined(__GNUC__) || defined(__clang__)
#define TYPEGRAD_SAME_TYPE(...) __is_same(__VA_ARGS__)
#else
#define TYPEGRAD_SAME_TYPE(...) std::is_same_v<__VA_ARGS__>
#endif

/// Forces a function inline. The numeric sweeps are one call each, and g++ -O2 otherwise
/// keeps a large sweep out of line, with every node value stored to a stack array and
/// reloaded (bench/runtime/ratio_probe shows the cost on the least-squares benchmark).
/// TYPEGRAD_LAMBDA_INLINE is the same request for a lambda's call operator.
#if defined(__GNUC__) || defined(__clang__)
#define TYPEGRAD_ALWAYS_INLINE [[gnu::always_inline]] inline
#define TYPEGRAD_LAMBDA_INLINE __attribute__((always_inline))
#else
#define TYPEGRAD_ALWAYS_INLINE inline
#define TYPEGRAD_LAMBDA_INLINE
#endif

/// True where the optimizer knows the value of an expression (an integer exponent written as
/// a literal and propagated into an inlined sweep); false elsewhere and on other compilers.
/// Picks, among forms that give the same result, the one that folds best.
#if defined(__GNUC__) || defined(__clang__)
#define TYPEGRAD_KNOWN_CONSTANT(x) __builtin_constant_p(x)
#else
#define TYPEGRAD_KNOWN_CONSTANT(x) false
#endif

/// Keeps a function out of line and off the hot path: the code that builds an error message
/// and throws, so that a check once per call costs a compare and a branch.
#if defined(__GNUC__) || defined(__clang__)
#define TYPEGRAD_COLD [[gnu::noinline, gnu::cold]]
#else
#define TYPEGRAD_COLD
#endif

/// Promises the compiler that a pointer does not alias the other pointers of a kernel. Tensor
/// kernels write to the node's own slice, or to a gradient buffer the caller must not alias
/// with the inputs, so that loops vectorize without run-time overlap checks.
#if defined(__GNUC__) || defined(__clang__)
#define TYPEGRAD_RESTRICT __restrict
#else
#define TYPEGRAD_RESTRICT
#endif

/// 1 when the compiler provides __type_pack_element (the I-th type of a pack in one step),
/// which type lists use instead of an overload-resolution lookup.
#if defined(__has_builtin)
#if __has_builtin(__type_pack_element)
#define TYPEGRAD_HAS_TYPE_PACK_ELEMENT 1
#endif
#endif
#ifndef TYPEGRAD_HAS_TYPE_PACK_ELEMENT
#define TYPEGRAD_HAS_TYPE_PACK_ELEMENT 0
#endif

/// 1 when the C library's exp, expf and expl can be declared under other names with an asm
/// label and the `[[gnu::const]]` attribute (GNU compilers on ELF targets, host code only).
#if (defined(__GNUC__) || defined(__clang__)) && defined(__ELF__) && !defined(__CUDA_ARCH__)
#define TYPEGRAD_HAS_CONST_EXP_LABELS 1
#else
#define TYPEGRAD_HAS_CONST_EXP_LABELS 0
#endif

/// 1 while nvcc compiles device code (the device pass defines __CUDA_ARCH__), else 0. Math
/// functions then call CUDA's device functions (detail/math.hpp); everything else of the
/// scalar core is constexpr, which nvcc's --expt-relaxed-constexpr makes callable on the
/// device (docs/howto/use_a_gpu.md).
#if defined(__CUDA_ARCH__)
#define TYPEGRAD_DEVICE_CODE 1
#else
#define TYPEGRAD_DEVICE_CODE 0
#endif

/// In device code, a floating-point math function at run time returns CUDA's device function
/// of the same name called with the same arguments; elsewhere this expands to nothing
/// (detail/math.hpp).
#if TYPEGRAD_DEVICE_CODE
#define TYPEGRAD_DEVICE_MATH(fn, ...) \
    if (!std::is_constant_evaluated()) return ::fn(__VA_ARGS__);
#else
#define TYPEGRAD_DEVICE_MATH(fn, ...)
#endif

/// Defines detail::math::fn, the one entry point of a unary math function for every scalar
/// type: a floating type goes to detail::cmath::fn (constexpr during constant evaluation,
/// `<cmath>` at run time, CUDA's device function in device code), any other type to the fn
/// found by argument-dependent lookup, with std::fn as fallback.
#define TYPEGRAD_UNARY_MATH(fn)                      \
    template <class T>                               \
    constexpr T fn(const T& x) {                     \
        if constexpr (std::is_floating_point_v<T>) { \
            TYPEGRAD_DEVICE_MATH(fn, x)              \
            return ::typegrad::detail::cmath::fn(x); \
        } else {                                     \
            using std::fn;                           \
            return fn(x);                            \
        }                                            \
    }

/// Defines detail::cmath::fn for a floating type: impl::fn during constant evaluation,
/// std::fn at run time, so run-time values are exactly those of `<cmath>`.
#define TYPEGRAD_CONSTEXPR_DISPATCH(fn)                       \
    template <std::floating_point T>                          \
    constexpr T fn(T x) noexcept {                            \
        if (std::is_constant_evaluated()) return impl::fn(x); \
        return std::fn(x);                                    \
    }

/// The tensor engine's kernel configuration. With Eigen 3.4's `<Eigen/Core>` on the include
/// path, large matrix products run on Eigen (tensor/eigen_kernels.hpp) and
/// TYPEGRAD_EIGEN_KERNELS is 1. Everything whose definition depends on the configuration is
/// declared in the inline namespace TYPEGRAD_KERNELS, so translation units built with and
/// without Eigen link together without two definitions of one entity.
#if __has_include(<Eigen/Core>)
#define TYPEGRAD_EIGEN_KERNELS 1
#define TYPEGRAD_KERNELS kernels_eigen
#else
#define TYPEGRAD_KERNELS kernels_loops
#endif
