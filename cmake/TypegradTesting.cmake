# Helpers for typegrad's own tests and examples (not installed, not for
# consumers). Included by the top-level CMakeLists.txt when tests, examples or
# benchmarks are enabled.
#
#   typegrad_use_project_options(<target>)
#   typegrad_add_compile_fail_test(NAME <name> SOURCE <file.cpp> MESSAGE <regex>)
#   typegrad_add_example(<name> <source>)

include_guard(GLOBAL)

set(_TYPEGRAD_TESTING_DIR "${CMAKE_CURRENT_LIST_DIR}")

# Links typegrad plus the project's warning (-Werror) and sanitizer policy.
# Every target we build ourselves goes through this, so a policy change is
# made in one place (the top-level CMakeLists.txt) and applies everywhere.
function(typegrad_use_project_options target)
  target_link_libraries(${target} PRIVATE
    typegrad::typegrad typegrad_warnings typegrad_sanitizers)
endfunction()

# ---------------------------------------------------------------------------
# typegrad_add_compile_fail_test(NAME <name> SOURCE <file.cpp> MESSAGE <regex>)
#
# Checks that misuse of the API is rejected *with the diagnostic we intend*
# (usually a static_assert message), not merely that "something" fails.
#
# The source is compiled twice:
#   compile_fail.<name>.ok         normal compile, part of the default build.
#                                  Proves the file is otherwise valid, so the
#                                  failure below can only come from the code
#                                  guarded by TYPEGRAD_MUST_FAIL.
#   compile_fail.<name>.must_fail  with -DTYPEGRAD_MUST_FAIL, EXCLUDE_FROM_ALL
#                                  (it is supposed to break the build).
#
# The ctest test `compile_fail.<name>` builds the must_fail target and passes
# only if the build FAILS and its output matches <regex> (CMake regex syntax,
# matched anywhere in the output). A must_fail twin that compiles, or that
# fails with some other error, fails the test.
# ---------------------------------------------------------------------------
function(typegrad_add_compile_fail_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;SOURCE;MESSAGE" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "typegrad_add_compile_fail_test: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  foreach(required IN ITEMS NAME SOURCE MESSAGE)
    if(NOT DEFINED arg_${required} OR arg_${required} STREQUAL "")
      message(FATAL_ERROR "typegrad_add_compile_fail_test: ${required} is required")
    endif()
  endforeach()

  get_filename_component(source "${arg_SOURCE}" ABSOLUTE)
  set(ok_target   "compile_fail.${arg_NAME}.ok")
  set(fail_target "compile_fail.${arg_NAME}.must_fail")

  # OBJECT libraries: we only care whether the TU compiles; nothing to link.
  add_library(${ok_target} OBJECT "${source}")
  typegrad_use_project_options(${ok_target})

  add_library(${fail_target} OBJECT EXCLUDE_FROM_ALL "${source}")
  typegrad_use_project_options(${fail_target})
  target_compile_definitions(${fail_target} PRIVATE TYPEGRAD_MUST_FAIL)

  # The regex travels through a file rather than the command line because it
  # may contain ; " \ [ ] which do not survive add_test -> cmake -D quoting.
  set(regex_file "${CMAKE_CURRENT_BINARY_DIR}/compile_fail/${arg_NAME}.regex")
  file(WRITE "${regex_file}" "${arg_MESSAGE}")

  set(test_name "compile_fail.${arg_NAME}")
  add_test(NAME ${test_name}
    COMMAND "${CMAKE_COMMAND}"
      -D "BUILD_DIR=${CMAKE_BINARY_DIR}"
      -D "TARGET=${fail_target}"
      -D "CONFIG=$<CONFIG>"
      -D "REGEX_FILE=${regex_file}"
      -P "${_TYPEGRAD_TESTING_DIR}/scripts/compile_fail_check.cmake")

  # Two independent guards, so neither a bug in the script nor in ctest's
  # regex handling can turn a compiling must_fail twin into a pass:
  #  - the script exits non-zero unless the build failed AND matched;
  #  - with PASS_REGULAR_EXPRESSION ctest ignores exit codes, so the script's
  #    failure marker is also listed as FAIL_REGULAR_EXPRESSION (which wins).
  # RESOURCE_LOCK: these tests run a build in the shared build tree, and two
  # concurrent ninja/make runs in one tree can corrupt its state.
  set_tests_properties(${test_name} PROPERTIES
    PASS_REGULAR_EXPRESSION "${arg_MESSAGE}"
    FAIL_REGULAR_EXPRESSION "TYPEGRAD-COMPILE-FAIL-CHECK-FAILED"
    RESOURCE_LOCK typegrad_build_tree
    LABELS compile_fail
    TIMEOUT 600)
endfunction()

# ---------------------------------------------------------------------------
# typegrad_add_example(<name> <source>)
#
# Builds examples/<source> into <build>/examples/<name> and registers the
# ctest test `example.<name>`, which runs it and fails on a non-zero exit
# (or, under TYPEGRAD_SANITIZE, on any ASan/UBSan report). All examples are
# also reachable via the aggregate target `typegrad_examples`.
# ---------------------------------------------------------------------------
function(typegrad_add_example name source)
  # ARGS: the example's command-line arguments in its test (a data file, a size).
  cmake_parse_arguments(PARSE_ARGV 2 example "" "" "ARGS")
  if(example_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "typegrad_add_example: unexpected arguments: ${example_UNPARSED_ARGUMENTS}")
  endif()

  if(NOT TARGET typegrad_examples)
    add_custom_target(typegrad_examples)
  endif()

  # Prefixed target name so an example called e.g. "typegrad_tests" cannot
  # clash with another target; the binary itself keeps the short name.
  set(target "typegrad_example_${name}")
  add_executable(${target} "${source}")
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "${name}"
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/examples")
  typegrad_use_project_options(${target})
  add_dependencies(typegrad_examples ${target})

  # Run in the build tree so files an example writes (.dot, .csv, ...) do not
  # end up in the source tree.
  add_test(NAME "example.${name}"
    COMMAND ${target} ${example_ARGS}
    WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  set_tests_properties("example.${name}" PROPERTIES
    LABELS example
    TIMEOUT 300)
endfunction()
