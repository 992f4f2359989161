# The API reference: `cmake --build <dir> --target typegrad_docs` runs Doxygen over include/
# (cmake/Doxyfile.in) into <dir>/docs/reference/html. Any Doxygen warning fails the target and
# is printed. Defined only when Doxygen is found; the test docs.doxygen builds it.

include_guard(GLOBAL)

find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
  message(STATUS "typegrad: doxygen not found, no typegrad_docs target")
  return()
endif()

set(TYPEGRAD_DOCS_OUTPUT "${PROJECT_BINARY_DIR}/docs/reference")
configure_file("${PROJECT_SOURCE_DIR}/cmake/Doxyfile.in" "${PROJECT_BINARY_DIR}/Doxyfile" @ONLY)

add_custom_target(typegrad_docs
  COMMAND "${CMAKE_COMMAND}"
    -D "DOXYGEN=${DOXYGEN_EXECUTABLE}"
    -D "DOXYFILE=${PROJECT_BINARY_DIR}/Doxyfile"
    -D "OUTPUT=${TYPEGRAD_DOCS_OUTPUT}"
    -P "${PROJECT_SOURCE_DIR}/cmake/scripts/doxygen_check.cmake"
  WORKING_DIRECTORY "${PROJECT_BINARY_DIR}"
  COMMENT "typegrad: generating the API reference with Doxygen (warnings are errors)"
  VERBATIM)

if(TYPEGRAD_BUILD_TESTS)
  add_test(NAME docs.doxygen
    COMMAND "${CMAKE_COMMAND}" --build "${PROJECT_BINARY_DIR}" --target typegrad_docs)
  set_tests_properties(docs.doxygen PROPERTIES LABELS docs TIMEOUT 300)
endif()
