/* What the generated glue needs from canary_aot_rt.c, Canary's implementation of the wasm2c
 * runtime (wasm-rt.h) for compiled modules. Internal to the shared object. */
#ifndef CANARY_AOT_RT_H_
#define CANARY_AOT_RT_H_

#include <string.h>

#include "canary_aot.h"

/* Runs thunk(context) and returns 0, or the code of the trap that ended it. Nestable: a host
 * function may run another instance on the same thread. */
int canary_aot_protect(void (*thunk)(void* context), void* context);

/* canary_aot_module_t.call. */
int canary_aot_call(canary_aot_entry_t entry, void* instance, const uint64_t* args,
                    uint64_t* result);

/* Calls the host for import `index`; traps with CANARY_AOT_TRAP_HOST if the host failed. */
uint64_t canary_aot_host_call(void* env, uint32_t index, const uint64_t* args);

/* Floats travel as their bits, so NaN payloads survive. */
static inline uint64_t canary_aot_f32_bits(float value) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof bits);
  return bits;
}
static inline uint64_t canary_aot_f64_bits(double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  return bits;
}
static inline float canary_aot_f32(uint64_t bits) {
  const uint32_t low = (uint32_t)bits;
  float value;
  memcpy(&value, &low, sizeof value);
  return value;
}
static inline double canary_aot_f64(uint64_t bits) {
  double value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

#endif /* CANARY_AOT_RT_H_ */
