# Runs Doxygen (cmake -P, from the typegrad_docs target) and fails when it writes any warning.
#   -D DOXYGEN=<doxygen> -D DOXYFILE=<Doxyfile> -D OUTPUT=<output dir, holds warnings.log>
file(MAKE_DIRECTORY "${OUTPUT}")
file(REMOVE "${OUTPUT}/warnings.log")
execute_process(COMMAND "${DOXYGEN}" "${DOXYFILE}" RESULT_VARIABLE rc)
set(log "")
if(EXISTS "${OUTPUT}/warnings.log")
  file(READ "${OUTPUT}/warnings.log" log)
endif()
if(NOT rc EQUAL 0 OR NOT log STREQUAL "")
  message(FATAL_ERROR "typegrad: Doxygen failed (exit ${rc}) or warned:\n${log}")
endif()
message(STATUS "typegrad: API reference in ${OUTPUT}/html/index.html, no Doxygen warning")
