# Driver for the compile_fail.<name> tests (see TypegradTesting.cmake).
#
#   cmake -D BUILD_DIR=<dir> -D TARGET=<must_fail target> [-D CONFIG=<cfg>]
#         -D REGEX_FILE=<file holding the expected-diagnostic regex>
#         -P compile_fail_check.cmake
#
# Exits 0 only if building TARGET fails AND the build output matches the regex.
# Any other outcome prints TYPEGRAD-COMPILE-FAIL-CHECK-FAILED, which the test
# lists as FAIL_REGULAR_EXPRESSION, and exits non-zero.

foreach(var IN ITEMS BUILD_DIR TARGET REGEX_FILE)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "TYPEGRAD-COMPILE-FAIL-CHECK-FAILED: ${var} not set")
  endif()
endforeach()

file(READ "${REGEX_FILE}" expected)

set(build_cmd "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}")
if(NOT "${CONFIG}" STREQUAL "")
  list(APPEND build_cmd --config "${CONFIG}")
endif()

# Force the C locale: GCC otherwise quotes identifiers with locale-dependent
# typographic quotes, so an expectation written on one machine would not
# match on another (e.g. CI with no LANG). Under C, quotes are plain ASCII.
set(ENV{LC_ALL} C)

# Same variable for both pipes: CMake interleaves them in order.
execute_process(
  COMMAND ${build_cmd}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)

message("---- output of: cmake --build ... --target ${TARGET} (exit ${rc})\n${output}----")

if("${rc}" STREQUAL "0")
  message(FATAL_ERROR
    "TYPEGRAD-COMPILE-FAIL-CHECK-FAILED: ${TARGET} compiled successfully, "
    "but it is expected to be rejected with a diagnostic matching: ${expected}")
endif()

if(NOT "${output}" MATCHES "${expected}")
  message(FATAL_ERROR
    "TYPEGRAD-COMPILE-FAIL-CHECK-FAILED: ${TARGET} failed to compile, but not "
    "with the expected diagnostic. Expected (CMake regex): ${expected}")
endif()

message("compile-fail check passed: ${TARGET} was rejected with a diagnostic matching: ${expected}")
