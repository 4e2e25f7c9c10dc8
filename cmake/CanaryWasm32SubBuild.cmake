# Builds the wasm32 half of the tree (primitives, and later the runtime) with its own toolchain,
# as part of every host build. BUILD_ALWAYS lets ninja in the sub-build decide what is stale.
include(ExternalProject)
# What host rules consume (the runtimes are packed by runtime/CMakeLists.txt).
set(CANARY_WASM32_BYPRODUCTS ${CMAKE_BINARY_DIR}/wasm32/runtime/canary_runtime.wasm)
if(CANARY_RUNTIME_NEXT)
  list(APPEND CANARY_WASM32_BYPRODUCTS ${CMAKE_BINARY_DIR}/wasm32/runtime/canary_runtime_next.wasm)
endif()
if(CANARY_RUNTIME_PRODUCTION)
  list(APPEND CANARY_WASM32_BYPRODUCTS
    ${CMAKE_BINARY_DIR}/wasm32/runtime/canary_runtime_production.wasm)
endif()
ExternalProject_Add(canary_wasm32
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${CMAKE_BINARY_DIR}/wasm32
  CMAKE_GENERATOR Ninja
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/wasm32-toolchain.cmake
    -DCANARY_WASM32_SUBBUILD=ON
    -DCMAKE_BUILD_TYPE=Release
    -DCANARY_RUNTIME_PRODUCTION=${CANARY_RUNTIME_PRODUCTION}
    -DCANARY_RUNTIME_NEXT=${CANARY_RUNTIME_NEXT}
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${CANARY_WASM32_BYPRODUCTS}
  BUILD_ALWAYS ON
  USES_TERMINAL_BUILD ON)
set(CANARY_WASM32_BINARY_DIR ${CMAKE_BINARY_DIR}/wasm32)
