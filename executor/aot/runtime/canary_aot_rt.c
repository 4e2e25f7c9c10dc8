/* Canary's implementation of the wasm2c runtime functions (the contract of wasm-rt.h) that the
 * code wasm2c 1.0.32 generates for an MVP module with an imported memory calls. Written here
 * rather than linking Debian's wasm-rt-impl.c because that one keeps its trap target and call
 * depth in plain globals: two instances on two threads would jump into each other's frames.
 *
 * Traps: the target is thread-local and saved/restored around every protected call, so nested
 * calls (a host function running another instance) unwind to the right place. Only C frames lie
 * between a protected call and a trap: the generated code and the import trampolines, which call
 * the C++ host and return from it before trapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>

#include "canary_aot_rt.h"

static _Thread_local jmp_buf* trap_target;

void wasm_rt_trap(wasm_rt_trap_t trap) {
  /* longjmp cannot deliver 0; WASM_RT_TRAP_NONE never traps anyway. */
  longjmp(*trap_target, trap == WASM_RT_TRAP_NONE ? (int)WASM_RT_TRAP_UNREACHABLE : (int)trap);
}

static void trap_with(int code) {
  longjmp(*trap_target, code);
}

int canary_aot_protect(void (*thunk)(void* context), void* context) {
  jmp_buf target;
  jmp_buf* const outer = trap_target;
  trap_target = &target;
  const int trap = setjmp(target);
  if (trap == 0) thunk(context);
  trap_target = outer;
  return trap;
}

struct call_context {
  canary_aot_entry_t entry;
  void* instance;
  const uint64_t* args;
  uint64_t* result;
};

static void call_thunk(void* context) {
  struct call_context* call = (struct call_context*)context;
  call->entry(call->instance, call->args, call->result);
}

int canary_aot_call(canary_aot_entry_t entry, void* instance, const uint64_t* args,
                    uint64_t* result) {
  struct call_context call = {entry, instance, args, result};
  return canary_aot_protect(call_thunk, &call);
}

uint64_t canary_aot_host_call(void* env, uint32_t index, const uint64_t* args) {
  canary_aot_env_t* host_env = (canary_aot_env_t*)env;
  uint64_t result = 0;
  if (host_env->call_host(host_env->host, index, args, &result) != 0) {
    trap_with(CANARY_AOT_TRAP_HOST);
  }
  return result;
}

void wasm_rt_init(void) {}

bool wasm_rt_is_initialized(void) {
  return true;
}

void wasm_rt_free(void) {}

/* Function types by signature, so that call_indirect compares structurally equal types as equal.
 * Only the module's init function registers types, and the host runs it once per loaded object
 * under a lock, so this needs no synchronisation of its own. An entry is the signature encoded as
 * bytes: parameter count, result count, then the types. */
static unsigned char** registered_types;
static uint32_t registered_count;

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  const uint32_t length = 2 + params + results;
  unsigned char* encoded = (unsigned char*)malloc(length);
  if (encoded == NULL || params > 255 || results > 255) trap_with(CANARY_AOT_TRAP_RESOURCES);
  encoded[0] = (unsigned char)params;
  encoded[1] = (unsigned char)results;
  va_list types;
  va_start(types, results);
  for (uint32_t i = 0; i < params + results; ++i) {
    encoded[2 + i] = (unsigned char)va_arg(types, int);
  }
  va_end(types);
  for (uint32_t i = 0; i < registered_count; ++i) {
    const unsigned char* known = registered_types[i];
    if (known[0] == encoded[0] && known[1] == encoded[1] && memcmp(known, encoded, length) == 0) {
      free(encoded);
      return i + 1;
    }
  }
  unsigned char** grown = (unsigned char**)realloc(
      registered_types, (registered_count + 1) * sizeof(unsigned char*));
  if (grown == NULL) {
    free(encoded);
    trap_with(CANARY_AOT_TRAP_RESOURCES);
  }
  registered_types = grown;
  registered_types[registered_count++] = encoded;
  /* 0 stays free: it is the type of a null table slot. */
  return registered_count;
}

/* The object can be unloaded (dlclose) and loaded again. */
__attribute__((destructor)) static void free_registered_types(void) {
  for (uint32_t i = 0; i < registered_count; ++i) free(registered_types[i]);
  free(registered_types);
  registered_types = NULL;
  registered_count = 0;
}

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t* table, uint32_t elements,
                                    uint32_t max_elements) {
  table->data = NULL;
  if (elements > 0) {
    table->data = (wasm_rt_funcref_t*)calloc(elements, sizeof(wasm_rt_funcref_t));
    if (table->data == NULL) trap_with(CANARY_AOT_TRAP_RESOURCES);
  }
  table->size = elements;
  table->max_size = max_elements;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t* table) {
  free(table->data);
  table->data = NULL;
  table->size = 0;
}

/* The host maps every memory at its maximum size (min = max = initial + heap pages, as
 * sc-executor's static heap), so growing only moves the page count within it. */
uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* memory, uint32_t delta) {
  const uint32_t old_pages = memory->pages;
  const uint64_t new_pages = (uint64_t)old_pages + delta;
  if (new_pages > memory->max_pages) return UINT32_MAX;
  memory->pages = (uint32_t)new_pages;
  memory->size = (uint32_t)(new_pages * 65536u);
  return old_pages;
}
