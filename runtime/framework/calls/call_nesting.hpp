// A bound on how deeply calls nest while decoding. FRAME decodes extrinsics with
// MAX_EXTRINSIC_DEPTH = 256 levels of enums/structs (two per nested call), so without a bound a
// short extrinsic of nested batches would exhaust the stack (bad input must never crash the node).
// Every call that carries calls (Utility, Sudo, later Proxy, Multisig, stored calls) decodes
// through it: CANARY_DESCRIBED_NESTED() in place of CANARY_DESCRIBED().
#pragma once

#include <cstdint>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/described.hpp"

namespace canary::rt {

// Levels of call-carrying calls a decoded call may have (≈ FRAME's 256 levels at two per call).
inline constexpr uint32_t kMaxCallNesting = 127;

inline uint32_t& call_nesting_depth() {
#if defined(__wasm32__)
  static uint32_t depth = 0;  // a runtime instance is single-threaded
#else
  static thread_local uint32_t depth = 0;  // native tests may decode on several threads
#endif
  return depth;
}

// Counts one nesting level for as long as it lives; fails the decoder beyond the bound.
class NestingGuard {
 public:
  explicit NestingGuard(scale::Decoder& in) {
    ok_ = ++call_nesting_depth() <= kMaxCallNesting;
    if (!ok_) in.fail(scale::DecodeError::kInvalidValue);
  }
  ~NestingGuard() { --call_nesting_depth(); }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_ = true;
};

// Decodes a call-carrying call struct's fields under the nesting bound.
template <class S>
void decode_nested(scale::Decoder& in, S& value) {
  NestingGuard guard(in);
  if (!guard.ok()) return;
  decode_fields(in, value, S::fields());
}

// The SCALE codec of a described struct that carries calls.
#define CANARY_DESCRIBED_NESTED()                      \
  template <class Sink>                                \
  void scale_encode(Sink& out) const {                 \
    ::canary::rt::encode_fields(out, *this, fields()); \
  }                                                    \
  void scale_decode(::canary::scale::Decoder& in) {    \
    ::canary::rt::decode_nested(in, *this);            \
  }

}  // namespace canary::rt
