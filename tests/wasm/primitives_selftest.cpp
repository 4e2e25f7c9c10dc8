// Runs a slice of the primitives inside a freestanding wasm32 module, so that the wasm32 build of
// primitives/ is not only compiled but executed: tests/wasm/run_selftest.mjs instantiates this
// module (with no imports) in Node.js and calls `selftest_run`, which returns the number of failed
// checks; `selftest_failed_check` names the first failure.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "primitives/crypto/merlin_transcript.hpp"
#include "primitives/crypto/ristretto255.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/ss58/ss58.hpp"
#include "primitives/util/hex.hpp"

extern "C" unsigned char __heap_base;

namespace {

// A bump allocator over linear memory above __heap_base; frees are no-ops (the module is
// short-lived).
uintptr_t g_next = 0;

}  // namespace

extern "C" void* canary_wasm_alloc(size_t size) {
  if (g_next == 0) g_next = reinterpret_cast<uintptr_t>(&__heap_base);
  uintptr_t start = (g_next + 15) & ~uintptr_t{15};
  uintptr_t end = start + size;
  uintptr_t limit = __builtin_wasm_memory_size(0) * 65536;
  if (end > limit) {
    size_t pages = (end - limit + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) == static_cast<size_t>(-1)) return nullptr;
  }
  g_next = end;
  return reinterpret_cast<void*>(start);
}

extern "C" void canary_wasm_free(void*) {}

namespace {

const char* g_first_failure = nullptr;
int g_failures = 0;

void check(bool ok, const char* name) {
  if (ok) return;
  if (g_first_failure == nullptr) g_first_failure = name;
  ++g_failures;
}

using namespace canary;

struct Sample {
  uint32_t number = 0;
  std::optional<bool> flag;
  std::vector<std::string> names;
  u128 balance = 0;
  CANARY_SCALE_FIELDS(scale::compact(number), flag, names, balance)
};

// wasm/libc's memcpy, memmove, memset and memcmp (word at a time, then bytes) against byte loops,
// for every length up to 70 at every offset up to 9, overlapping moves both ways included.
void check_memory_functions() {
  unsigned char src[96];
  unsigned char dst[96];
  unsigned char want[96];
  for (size_t i = 0; i < sizeof src; ++i) src[i] = static_cast<unsigned char>(i * 37 + 11);
  bool copy_ok = true;
  bool move_ok = true;
  bool set_ok = true;
  bool compare_ok = true;
  for (size_t offset = 0; offset < 10; ++offset) {
    for (size_t n = 0; n + offset + 9 < sizeof src && n <= 70; ++n) {
      std::memset(dst, 0xEE, sizeof dst);
      std::memcpy(dst + offset, src + 9 - offset % 3, n);
      for (size_t i = 0; i < sizeof dst; ++i) {
        const bool inside = i >= offset && i < offset + n;
        copy_ok &= dst[i] == (inside ? src[9 - offset % 3 + i - offset] : 0xEE);
      }
      for (int direction = 0; direction < 2; ++direction) {
        std::memcpy(dst, src, sizeof dst);
        std::memcpy(want, src, sizeof want);
        unsigned char* to = direction == 0 ? dst + offset : dst + 9;
        const unsigned char* from = direction == 0 ? dst + 9 : dst + offset;
        unsigned char* want_to = direction == 0 ? want + offset : want + 9;
        const unsigned char* want_from = direction == 0 ? want + 9 : want + offset;
        unsigned char copy[96];
        for (size_t i = 0; i < n; ++i) copy[i] = want_from[i];
        for (size_t i = 0; i < n; ++i) want_to[i] = copy[i];
        std::memmove(to, from, n);
        for (size_t i = 0; i < sizeof dst; ++i) move_ok &= dst[i] == want[i];
      }
      std::memset(dst, 0, sizeof dst);
      std::memset(dst + offset, 0xA5, n);
      for (size_t i = 0; i < sizeof dst; ++i) {
        set_ok &= dst[i] == (i >= offset && i < offset + n ? 0xA5 : 0);
      }
      std::memcpy(dst, src, sizeof dst);
      compare_ok &= std::memcmp(dst + offset, src + offset, n) == 0;
      for (size_t at = 0; at < n; ++at) {
        dst[offset + at] = static_cast<unsigned char>(src[offset + at] + 1);
        const int bigger = std::memcmp(dst + offset, src + offset, n);
        dst[offset + at] = static_cast<unsigned char>(src[offset + at] - 1);
        const int smaller = std::memcmp(dst + offset, src + offset, n);
        dst[offset + at] = src[offset + at];
        // + 1 of 0xFF wraps to 0: that byte compares smaller.
        const bool wraps = src[offset + at] == 0xFF;
        const bool unwraps = src[offset + at] == 0x00;
        compare_ok &= wraps ? bigger < 0 : bigger > 0;
        compare_ok &= unwraps ? smaller > 0 : smaller < 0;
      }
    }
  }
  check(copy_ok, "memcpy");
  check(move_ok, "memmove");
  check(set_ok, "memset");
  check(compare_ok, "memcmp");
}

}  // namespace

extern "C" __attribute__((export_name("selftest_run"))) int selftest_run() {
  g_failures = 0;
  g_first_failure = nullptr;
  check_memory_functions();

  check(to_hex(hash::blake2b_256({})) ==
            "0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
        "blake2b_256(empty)");
  check(to_hex(hash::twox_128(as_bytes("System"))) == "0x26aa394eea5630e07c48ae0c9558cef7",
        "twox_128(System)");
  check(to_hex(hash::keccak_256({})) ==
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        "keccak_256(empty)");
  check(to_hex(hash::sha2_256(as_bytes("abc"))) ==
            "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha2_256(abc)");
  check(to_hex(hash::storage_prefix("System", "Account")) ==
            "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9",
        "storage_prefix");

  Sample sample{64, false, {"alice", "bob"}, u128{1} << 100};
  Bytes encoded = scale::encode(sample);
  auto decoded = scale::decode<Sample>(encoded);
  check(decoded.has_value() && decoded->number == 64 && decoded->flag == false &&
            decoded->names.size() == 2 && decoded->balance == (u128{1} << 100),
        "scale round trip");
  check(to_hex(scale::encode(scale::Compact<uint64_t>{1073741824})) == "0x0300000040",
        "compact encoding");
  check(!scale::decode<uint32_t>(encoded).has_value(), "scale rejects trailing bytes");

  // The portable crypto the runtime makes BABE's VRF randomness with (64-bit limb products are
  // __multi3 calls here): merlin's equivalence_simple vector and RFC 9496 A.3 hash-to-group.
  crypto::Transcript transcript("test protocol");
  transcript.append_message("some label", as_bytes("some data"));
  ByteArray<32> challenge{};
  transcript.challenge_bytes("challenge", challenge);
  check(to_hex(challenge) == "0xd5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615",
        "merlin transcript");
  const auto uniform = from_hex_fixed<64>(
      "5d1be09e3d0c82fc538112490e35701979d99e06ca3e2b5b54bffe8b4dc772c1"
      "4d98b696a1bbfb5ca32c436cc61c16563790306c79eaca7705668b47dffe5bb6");
  check(uniform.has_value() &&
            to_hex(crypto::ristretto255::encode(crypto::ristretto255::from_uniform_bytes(
                *uniform))) == "0x3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46",
        "ristretto255 from_uniform_bytes");
  const auto reduced = from_hex_fixed<64>(
      "0000000000000000000000000000000000000000000000000000000000000080"
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  check(reduced.has_value() &&
            to_hex(crypto::ristretto255::encode(crypto::ristretto255::from_uniform_bytes(
                *reduced))) == "0x304282791023b73128d277bdcb5c7746ef2eac08dde9f2983379cb8e5ef0517f",
        "ristretto255 from_uniform_bytes (bit 255, reduction)");

  auto alice =
      from_hex_fixed<32>("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  check(alice.has_value() &&
            ss58::encode(*alice, 42) == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
        "ss58 encode");
  auto back = ss58::decode("HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F");
  check(back.has_value() && back->prefix == 2 && alice.has_value() &&
            Bytes(alice->begin(), alice->end()) == back->payload,
        "ss58 decode");
  return g_failures;
}

extern "C" __attribute__((export_name("selftest_failed_check"))) const char*
selftest_failed_check() {
  return g_first_failure == nullptr ? "" : g_first_failure;
}
