# Checks of the tree itself, as ctest tests (label `checks`):
#   docs.check    scripts/check_docs.py: the tutorial's and how-tos' code blocks equal the
#                 example code they quote, relative links resolve, no history in docs or headers.
#   format.check  every C++ source is formatted by .clang-format (Debian 12's clang-format 14;
#                 other major versions format differently, so the test is defined for 14 only).

include_guard(GLOBAL)

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME docs.check COMMAND "${Python3_EXECUTABLE}" "${PROJECT_SOURCE_DIR}/scripts/check_docs.py")
  set_tests_properties(docs.check PROPERTIES LABELS checks TIMEOUT 60)
else()
  message(STATUS "typegrad: python3 not found, no docs.check test")
endif()

find_program(TYPEGRAD_CLANG_FORMAT NAMES clang-format-14 clang-format)
if(TYPEGRAD_CLANG_FORMAT)
  execute_process(COMMAND "${TYPEGRAD_CLANG_FORMAT}" --version OUTPUT_VARIABLE _tg_cf_version)
  if(_tg_cf_version MATCHES "version 14\\.")
    file(GLOB_RECURSE _tg_sources CONFIGURE_DEPENDS
      "${PROJECT_SOURCE_DIR}/include/*.hpp" "${PROJECT_SOURCE_DIR}/tests/*.cpp" "${PROJECT_SOURCE_DIR}/tests/*.hpp"
      "${PROJECT_SOURCE_DIR}/examples/*.cpp" "${PROJECT_SOURCE_DIR}/examples/*.hpp" "${PROJECT_SOURCE_DIR}/examples/*.cu"
      "${PROJECT_SOURCE_DIR}/bench/*.cpp" "${PROJECT_SOURCE_DIR}/bench/*.hpp")
    add_test(NAME format.check
      COMMAND "${TYPEGRAD_CLANG_FORMAT}" --dry-run --Werror ${_tg_sources}
      WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    set_tests_properties(format.check PROPERTIES LABELS checks TIMEOUT 120)
  else()
    message(STATUS "typegrad: ${TYPEGRAD_CLANG_FORMAT} is not clang-format 14, no format.check test")
  endif()
else()
  message(STATUS "typegrad: clang-format not found, no format.check test")
endif()
