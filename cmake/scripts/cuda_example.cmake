# Compiles a CUDA example with nvcc and runs it (cmake -P, from the test
# example.cuda_neuron_gradients). -D NVCC=... SOURCE=... BINARY=... INCLUDE=<typegrad include dir>
execute_process(
  COMMAND "${NVCC}" -std=c++20 --expt-relaxed-constexpr -O2 -Werror all-warnings
          "-I${INCLUDE}" "${SOURCE}" -o "${BINARY}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "typegrad: nvcc failed to compile ${SOURCE}:\n${out}")
endif()
message(STATUS "typegrad: compiled ${SOURCE} with ${NVCC}")
execute_process(COMMAND "${BINARY}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message(STATUS "${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "typegrad: ${BINARY} failed (exit ${rc})")
endif()
