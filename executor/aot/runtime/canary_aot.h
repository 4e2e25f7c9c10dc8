/* The binary interface between Canary and a module compiled by the ahead-of-time engine
 * (executor/aot/). The shared object is wasm2c's translation of the instrumented module, the glue
 * that c_glue.cpp generates for it and canary_aot_rt.c; it exports one symbol,
 * canary_aot_module_v1, the table below. C, so that the generated code and the C++ host agree on
 * the layout without sharing anything else.
 *
 * Every function that runs Wasm code catches its traps itself (setjmp in C, see
 * canary_aot_rt.c) and returns the trap code: no longjmp ever crosses a C++ frame. */
#ifndef CANARY_AOT_H_
#define CANARY_AOT_H_

#include <stddef.h>
#include <stdint.h>

#include "wasm-rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever this table, the glue or the runtime changes meaning; part of the cache key. */
#define CANARY_AOT_ABI_VERSION 1
#define CANARY_AOT_ENTRY_SYMBOL "canary_aot_module_v1"

/* A host function failed; the host keeps its error. Beyond wasm_rt_trap_t's values. */
#define CANARY_AOT_TRAP_HOST 100
/* The runtime could not allocate a table. */
#define CANARY_AOT_TRAP_RESOURCES 101

/* What the generated code imports: every import module of wasm2c's output points at this one
 * object (they are all "env" in practice). `memory` comes first so that the pointer is also a
 * wasm_rt_memory_t*. */
typedef struct canary_aot_env {
  wasm_rt_memory_t memory;
  void* host;
  /* Serves function import `index` (in import order). Arguments and the result are 64-bit
   * patterns (i32 and f32 in the low half). Returns 0 on success; otherwise the runtime traps
   * with CANARY_AOT_TRAP_HOST. */
  int (*call_host)(void* host, uint32_t index, const uint64_t* args, uint64_t* result);
} canary_aot_env_t;

/* Calls one exported function with its arguments as 64-bit patterns. */
typedef void (*canary_aot_entry_t)(void* instance, const uint64_t* args, uint64_t* result);

typedef struct canary_aot_export {
  const char* name;
  canary_aot_entry_t entry;
} canary_aot_export_t;

typedef struct canary_aot_global {
  const char* name;
  void* (*address)(void* instance); /* u32*, u64*, f32* or f64* by the global's type */
} canary_aot_global_t;

typedef struct canary_aot_module {
  uint32_t abi_version;
  size_t instance_size;
  size_t export_count;
  const canary_aot_export_t* exports; /* exported functions */
  size_t global_count;
  const canary_aot_global_t* globals; /* exported globals */
  /* Once per loaded object, before anything else. Returns 0 or a trap code. */
  int (*init_module)(void);
  /* Fills a zeroed instance of instance_size bytes: globals, data segments into env->memory,
   * tables. Returns 0 or a trap code. */
  int (*instantiate)(void* instance, canary_aot_env_t* env);
  /* Globals back to their initial values. */
  void (*reset_globals)(void* instance);
  /* Frees what instantiate allocated (not the instance itself). */
  void (*free_instance)(void* instance);
  /* entry(instance, args, result); returns 0 or a trap code. */
  int (*call)(canary_aot_entry_t entry, void* instance, const uint64_t* args, uint64_t* result);
} canary_aot_module_t;

typedef const canary_aot_module_t* (*canary_aot_module_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* CANARY_AOT_H_ */
