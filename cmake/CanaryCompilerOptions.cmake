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
target_include_directories(canary_options INTERFACE ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
# -Wthread-safety: clang checks the GUARDED_BY/REQUIRES annotations of shared state
# (primitives/util/thread_annotations.hpp).
target_compile_options(canary_options INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wimplicit-fallthrough -Wno-missing-field-initializers
  -Wthread-safety -Werror)

# UBSan's vptr check is off: primitives/, state/ and executor/ are built without RTTI, and the
# polymorphic objects they create (engine modules and instances, database objects, shared_ptr
# control blocks) have no type_info for the check to compare against.
if(CANARY_SANITIZE)
  target_compile_options(canary_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
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
