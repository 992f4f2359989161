/// @file Counts heap allocations in an example program: replaces the global operator new and
/// delete (include it in exactly one translation unit of a program: each example is one).
/// The examples read `allocations` before and after their training loops and require that
/// nothing was allocated in between.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
long long allocations = 0;
}

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
