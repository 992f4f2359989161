/// @file Counts heap allocations in a program: every malloc, calloc, realloc, aligned_alloc
/// and memalign (so also operator new, and the allocations of libraries such as Eigen that call
/// malloc directly). Include it in exactly one translation unit of a program. Programs read
/// `allocations` before and after the code under test and require that nothing was allocated
/// in between.
///
/// With glibc, the C allocation functions are replaced by counting ones that forward to
/// glibc's own (__libc_malloc, ...). Under AddressSanitizer, which owns those functions, the
/// count comes from the sanitizer's allocation hook instead.
#pragma once

#include <cstddef>
#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__)
#define TYPEGRAD_EXAMPLE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TYPEGRAD_EXAMPLE_ASAN 1
#endif
#endif

namespace {
/// Heap allocations so far (single-threaded programs read it; a relaxed count is enough).
volatile long long allocations = 0;
}  // namespace

#ifdef TYPEGRAD_EXAMPLE_ASAN

extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*)(const volatile void*, std::size_t),
                                                         void (*)(const volatile void*));

namespace {
void count_allocation(const volatile void*, std::size_t) { allocations = allocations + 1; }
void ignore_free(const volatile void*) {}
const int hooks_installed = __sanitizer_install_malloc_and_free_hooks(count_allocation, ignore_free);
}  // namespace

#else

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);

void* malloc(std::size_t size) noexcept {
    allocations = allocations + 1;
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
    allocations = allocations + 1;
    return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
    allocations = allocations + 1;
    return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    allocations = allocations + 1;
    return __libc_memalign(alignment, size);
}
void* memalign(std::size_t alignment, std::size_t size) noexcept {
    allocations = allocations + 1;
    return __libc_memalign(alignment, size);
}
}

// The standard library's operator new calls malloc: it is counted there.

#endif
