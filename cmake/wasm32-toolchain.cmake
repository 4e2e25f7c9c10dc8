# Freestanding wasm32 (no WASI imports): clang-19 + wasm-ld-19, libc++ headers from
# libc++-19-dev-wasm32. `-D__wasi__` only lets wasi-libc's headers parse; nothing links wasi-libc.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER clang-19)
set(CMAKE_CXX_COMPILER clang++-19)
set(CMAKE_C_COMPILER_TARGET wasm32-unknown-unknown)
set(CMAKE_CXX_COMPILER_TARGET wasm32-unknown-unknown)
set(CMAKE_AR llvm-ar-19 CACHE FILEPATH "")
set(CMAKE_RANLIB llvm-ranlib-19 CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CANARY_WASM_LLVM /usr/lib/llvm-19)
# Only what the compiler checks need is set here: *_INIT flags land in the cache on the first
# configure and never change afterwards. The code generation flags are in
# cmake/CanaryWasm32Options.cmake, applied on every configure.
set(CMAKE_C_FLAGS_INIT "-ffreestanding -nostdlib -isystem /usr/include/wasm32-wasi -D__wasi__")
set(CMAKE_CXX_FLAGS_INIT
  "-nostdlib -nostdinc++ -isystem ${CANARY_WASM_LLVM}/include/wasm32-wasi/c++/v1 -isystem /usr/include/wasm32-wasi -D__wasi__")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostdlib -Wl,--no-entry -Wl,--strip-debug")
set(CANARY_WASM_LIBCXX ${CANARY_WASM_LLVM}/lib/wasm32-wasi/libc++.a)
set(CANARY_WASM_BUILTINS ${CANARY_WASM_LLVM}/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a)

