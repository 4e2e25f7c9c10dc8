# Flags every Canary target gets: warnings as errors, ccache when present, sanitizers on request.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # Paths are hashed relative to the source tree and the build directory is left out of the hash,
  # so a fresh clone elsewhere (CI's, a git worktree) reuses what another checkout compiled.
  set(CANARY_CCACHE_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}
    CCACHE_NOHASHDIR=true ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CANARY_CCACHE_LAUNCHER})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CANARY_CCACHE_LAUNCHER})
endif()

add_library(canary_options INTERFACE)
# LLVM's linker, when clang is the compiler and lld-19 is installed (scripts/setup installs it
# for the wasm32 runtime): GNU ld takes most of a minute for each sanitized test executable (up
# to 1.3 GB), lld a few seconds, and links are the part of a build ccache cannot serve.
if(NOT CANARY_WASM32_SUBBUILD AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  find_program(CANARY_LLD ld.lld-19)
  if(CANARY_LLD)
    target_link_options(canary_options INTERFACE --ld-path=${CANARY_LLD})
  endif()
endif()
target_include_directories(canary_options INTERFACE ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
# -Wthread-safety: clang checks the GUARDED_BY/REQUIRES annotations of shared state
# (primitives/util/thread_annotations.hpp).
target_compile_options(canary_options INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wimplicit-fallthrough -Wno-missing-field-initializers
  -Wthread-safety -Werror)

# UBSan's vptr check is off: primitives/, state/ and executor/ are built without RTTI, and the
# polymorphic objects they create (engine modules and instances, database objects, shared_ptr
# control blocks) have no type_info for the check to compare against.
set(CANARY_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize=vptr
  -fno-sanitize-recover=all -fno-omit-frame-pointer)
if(CANARY_SANITIZE)
  target_compile_options(canary_options INTERFACE ${CANARY_SANITIZER_FLAGS})
  target_link_options(canary_options INTERFACE -fsanitize=address,undefined)
  # Position-dependent executables: a sanitized PIE test binary carries millions of relative
  # relocations (runtime_unit_tests: 8 million in 1.3 GB) that the dynamic loader applies at every
  # start, 1.25 s of each of its ~800 test processes (one per test); linked with -no-pie it starts
  # in 0.50 s. The ahead-of-time engine's modules need nothing from the executable (only libc).
  target_link_options(canary_options INTERFACE
    $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-no-pie>)
endif()

# Fuzzing instruments every library for coverage; only the fuzz executables link libFuzzer.
if(CANARY_FUZZ)
  target_compile_options(canary_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Sanitized Debug builds link the standard library's byte-vector code optimised, from an object
# that comes first on every executable's link line (cmake/sanitized_std_templates.cpp says why:
# the linker otherwise keeps the -O0 copies of the tests' objects, also for the -O2 libraries).
if(CANARY_SANITIZE AND CMAKE_BUILD_TYPE STREQUAL "Debug" AND NOT CANARY_WASM32_SUBBUILD)
  add_library(canary_sanitized_std_templates OBJECT
    ${CMAKE_SOURCE_DIR}/cmake/sanitized_std_templates.cpp)
  target_compile_options(canary_sanitized_std_templates PRIVATE -O2 -Wall -Wextra -Werror
    ${CANARY_SANITIZER_FLAGS} $<$<BOOL:${CANARY_FUZZ}>:-fsanitize=fuzzer-no-link>)
  # Link options come before the objects on the link line; the link depends on the object, so
  # Ninja compiles it first.
  set(canary_std_templates_object
    $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:$<TARGET_OBJECTS:canary_sanitized_std_templates>>)
  target_link_options(canary_options INTERFACE ${canary_std_templates_object})
  set_property(TARGET canary_options APPEND PROPERTY INTERFACE_LINK_DEPENDS
    ${canary_std_templates_object})
endif()

# Code that must also run inside the wasm32 runtime is built without exceptions and RTTI on the
# host too, so a host build catches any use of them.
add_library(canary_no_exceptions INTERFACE)
target_compile_options(canary_no_exceptions INTERFACE -fno-exceptions -fno-rtti)

# The libraries the tests spend their time in (preparing and running Wasm, hashing, the trie and
# the database) are optimised in sanitized Debug builds too: at -O0 a sanitized node spends about
# 7 s preparing the runtime at each start, and every CLI test starts several. -O2 keeps every
# sanitizer check and the line tables of the reports; the other targets stay at -O0, where the
# template-heavy runtime code compiles fastest.
function(canary_optimize_when_sanitized target)
  if(CANARY_SANITIZE AND CMAKE_BUILD_TYPE STREQUAL "Debug")
    target_compile_options(${target} PRIVATE -O2)
  endif()
endfunction()
