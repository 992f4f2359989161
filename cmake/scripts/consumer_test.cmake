# Driver for the consumer.* tests (see tests/CMakeLists.txt): checks typegrad
# the way a downstream project uses it, from a separate, fresh CMake project.
#
# MODE=install   Install BUILD_DIR into PREFIX (wiped first, so a header that
#                is missing from the install rules cannot be masked by a stale
#                copy from an earlier run).
#     -D BUILD_DIR=<typegrad build tree> -D PREFIX=<dir> [-D CONFIG=<cfg>]
#
# MODE=project   Configure, build and run a consumer project in a wiped
#                binary dir, with the same compiler/generator as the parent.
#     -D SOURCE_DIR=<consumer project> -D BINARY_DIR=<dir>
#     -D GENERATOR=<gen> [-D MAKE_PROGRAM=<path>] -D CXX_COMPILER=<path>
#     [-D CONFIG=<cfg>] [-D PREFIX=<install prefix to find typegrad in>]
#     [-D TYPEGRAD_SOURCE_DIR=<repo root, for add_subdirectory>]
#     -D EXECUTABLE=<name of the consumer's executable>

function(run)
  string(REPLACE ";" " " pretty "${ARGN}")
  message("+ ${pretty}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT "${rc}" STREQUAL "0")
    message(FATAL_ERROR "command failed (exit ${rc}): ${pretty}")
  endif()
endfunction()

if(MODE STREQUAL "install")
  file(REMOVE_RECURSE "${PREFIX}")
  set(cmd "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}")
  if(NOT "${CONFIG}" STREQUAL "")
    list(APPEND cmd --config "${CONFIG}")
  endif()
  run(${cmd})
  if(NOT EXISTS "${PREFIX}/include/typegrad.hpp")
    message(FATAL_ERROR "install did not produce ${PREFIX}/include/typegrad.hpp")
  endif()

elseif(MODE STREQUAL "project")
  file(REMOVE_RECURSE "${BINARY_DIR}")

  set(configure "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}"
    -G "${GENERATOR}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    # Only the prefix we just installed into may satisfy find_package: not a
    # system-wide copy, nor the user package registry.
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
  if(NOT "${MAKE_PROGRAM}" STREQUAL "")
    list(APPEND configure "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
  endif()
  if(NOT "${CONFIG}" STREQUAL "")
    list(APPEND configure "-DCMAKE_BUILD_TYPE=${CONFIG}")
  endif()
  if(NOT "${PREFIX}" STREQUAL "")
    list(APPEND configure "-DCMAKE_PREFIX_PATH=${PREFIX}")
  endif()
  if(NOT "${TYPEGRAD_SOURCE_DIR}" STREQUAL "")
    list(APPEND configure "-DTYPEGRAD_SOURCE_DIR=${TYPEGRAD_SOURCE_DIR}")
  endif()
  run(${configure})

  # If find_package was used, make sure it really picked up the fresh install.
  if(NOT "${PREFIX}" STREQUAL "")
    file(STRINGS "${BINARY_DIR}/CMakeCache.txt" found REGEX "^typegrad_DIR:")
    string(REGEX REPLACE "^typegrad_DIR:[A-Z]+=" "" found "${found}")
    file(REAL_PATH "${PREFIX}" prefix_real)
    file(REAL_PATH "${found}" found_real)
    string(FIND "${found_real}" "${prefix_real}/" pos)
    if(NOT pos EQUAL 0)
      message(FATAL_ERROR "find_package(typegrad) used '${found}', not the test install in '${PREFIX}'")
    endif()
    message("find_package(typegrad) resolved to ${found}")
  endif()

  set(build "${CMAKE_COMMAND}" --build "${BINARY_DIR}")
  if(NOT "${CONFIG}" STREQUAL "")
    list(APPEND build --config "${CONFIG}")
  endif()
  run(${build})

  # Multi-config generators put the binary in a per-config subdirectory.
  set(exe "${BINARY_DIR}/${EXECUTABLE}${CMAKE_EXECUTABLE_SUFFIX}")
  if(NOT EXISTS "${exe}" AND NOT "${CONFIG}" STREQUAL "")
    set(exe "${BINARY_DIR}/${CONFIG}/${EXECUTABLE}${CMAKE_EXECUTABLE_SUFFIX}")
  endif()
  run("${exe}")

else()
  message(FATAL_ERROR "consumer_test.cmake: MODE must be 'install' or 'project', got '${MODE}'")
endif()
