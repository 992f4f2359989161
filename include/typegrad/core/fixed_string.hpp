/// @file
/// Defines typegrad::fixed_string, a string usable as a template argument (variable names).
#pragma once

#include <cstddef>
#include <string_view>

namespace typegrad {

/// A string literal captured by value so that it can be a non-type template argument:
/// `var<"x">` and `var<"x">` name the same type, hence the same variable.
template <std::size_t N>
struct fixed_string {
    char chars[N]{};

    constexpr fixed_string(const char (&text)[N]) noexcept {
        for (std::size_t i = 0; i < N; ++i) chars[i] = text[i];
    }

    /// The characters without the terminating null.
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
    [[nodiscard]] static constexpr std::size_t size() noexcept { return N - 1; }
};

template <std::size_t N, std::size_t M>
constexpr bool operator==(const fixed_string<N>& a, const fixed_string<M>& b) noexcept {
    return a.view() == b.view();
}

}  // namespace typegrad
