#include "primitives/crypto/strobe128.hpp"

#if !defined(__wasm32__)
#include <sodium/utils.h>
#endif

#include <bit>
#include <cstring>

#include "primitives/hash/keccak_f1600.hpp"

namespace canary::crypto {

// The byte view of the Keccak lanes is only the STROBE byte order on little-endian hosts (x86-64,
// aarch64, wasm32 — everything Canary targets).
static_assert(std::endian::native == std::endian::little, "Strobe128 assumes little-endian lanes");

namespace {

// merlin src/strobe.rs: STROBE_R = 166 for security level 128.
constexpr uint8_t kRate = 166;

constexpr uint8_t kFlagI = 1;
constexpr uint8_t kFlagA = 1 << 1;
constexpr uint8_t kFlagC = 1 << 2;
constexpr uint8_t kFlagM = 1 << 4;
constexpr uint8_t kFlagK = 1 << 5;

}  // namespace

Strobe128::Strobe128(ByteSpan protocol_label) {
  std::memset(state_, 0, sizeof state_);
  // [1, R+2, 1, 0, 1, 96] ‖ "STROBEv1.0.2", then F: the STROBE-128 initial state.
  const uint8_t header[6] = {1, kRate + 2, 1, 0, 1, 96};
  std::memcpy(bytes(), header, sizeof header);
  std::memcpy(bytes() + 6, "STROBEv1.0.2", 12);
  hash::keccak_f1600(state_);
  meta_ad(protocol_label, false);
}

Strobe128::~Strobe128() {
#if defined(__wasm32__)
  // The runtime (wasm32) has no libsodium; volatile stores are not optimised away either.
  volatile uint64_t* lanes = state_;
  for (size_t i = 0; i < 25; ++i) lanes[i] = 0;
#else
  sodium_memzero(state_, sizeof state_);
#endif
}

void Strobe128::meta_ad(ByteSpan data, bool more) {
  begin_op(kFlagM | kFlagA, more);
  absorb(data);
}

void Strobe128::ad(ByteSpan data, bool more) {
  begin_op(kFlagA, more);
  absorb(data);
}

void Strobe128::prf(MutableByteSpan out, bool more) {
  begin_op(kFlagI | kFlagA | kFlagC, more);
  squeeze(out);
}

void Strobe128::key(ByteSpan data, bool more) {
  begin_op(kFlagA | kFlagC, more);
  overwrite(data);
}

void Strobe128::run_f() {
  uint8_t* st = bytes();
  st[pos_] ^= pos_begin_;
  st[pos_ + 1] ^= 0x04;
  st[kRate + 1] ^= 0x80;
  hash::keccak_f1600(state_);
  pos_ = 0;
  pos_begin_ = 0;
}

void Strobe128::absorb(ByteSpan data) {
  uint8_t* st = bytes();
  for (uint8_t b : data) {
    st[pos_++] ^= b;
    if (pos_ == kRate) run_f();
  }
}

void Strobe128::overwrite(ByteSpan data) {
  uint8_t* st = bytes();
  for (uint8_t b : data) {
    st[pos_++] = b;
    if (pos_ == kRate) run_f();
  }
}

void Strobe128::squeeze(MutableByteSpan out) {
  uint8_t* st = bytes();
  for (uint8_t& b : out) {
    b = st[pos_];
    st[pos_++] = 0;
    if (pos_ == kRate) run_f();
  }
}

void Strobe128::begin_op(uint8_t flags, bool more) {
  // Continuing an operation only appends bytes. Merlin only ever continues with the same flags
  // (merlin asserts it), which our private callers guarantee, so the flags need not be stored.
  if (more) return;
  const uint8_t old_begin = pos_begin_;
  pos_begin_ = static_cast<uint8_t>(pos_ + 1);
  const uint8_t op[2] = {old_begin, flags};
  absorb(op);
  // C and K force a permutation so the operation starts on a fresh block.
  if ((flags & (kFlagC | kFlagK)) != 0 && pos_ != 0) run_f();
}

}  // namespace canary::crypto
