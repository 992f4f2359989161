// typegrad/version.hpp against the CMake project version and against itself (the string is
// the three numbers joined by dots, TYPEGRAD_VERSION combines them).
#include <catch2/catch.hpp>
#include <typegrad.hpp>

#include <string>

TEST_CASE("version.hpp matches the CMake project version", "[version]") {
    const std::string from_numbers = std::to_string(TYPEGRAD_VERSION_MAJOR) + "." +
                                     std::to_string(TYPEGRAD_VERSION_MINOR) + "." +
                                     std::to_string(TYPEGRAD_VERSION_PATCH);
    CHECK(from_numbers == TYPEGRAD_VERSION_STRING);
    CHECK(std::string(TYPEGRAD_VERSION_STRING) == TYPEGRAD_PROJECT_VERSION);
    CHECK(TYPEGRAD_VERSION == TYPEGRAD_VERSION_MAJOR * 10000 + TYPEGRAD_VERSION_MINOR * 100 + TYPEGRAD_VERSION_PATCH);
}
