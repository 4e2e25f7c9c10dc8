// A minimal runtime with an offchain worker and offchain indexing, for the node's offchain tests
// (tests/unit/node/offchain_workers_test.cpp): the Canary runtime has no offchain logic yet, and
// this one makes what reached the node observable. Freestanding like hostapi_runtime.cpp (no libc,
// the executor's MVP feature set). Exports:
//  - Core_version: spec "offchain-test", apis Core 4 and OffchainWorkerApi 2, state version 1;
//  - Core_execute_block: writes no state (so the block's state root is its parent's) and makes
//    offchain index writes: set b"indexed" = b"by-block", clear b"cleared", and a set of
//    b"rolled-back" inside a storage transaction it rolls back (which must drop it);
//  - OffchainWorkerApi_offchain_worker(header): PERSISTENT local storage b"ocw-header" = the
//    encoded header; b"ocw-lock" taken with compare-and-set (from none to b"1"), and on success
//    b"ocw-cas" = b"won"; b"ocw-validator" = b"1" if the node says it is a validator; submits the
//    transaction b"ocw-xt". Traps for block #13 (a failing worker).
#include <stddef.h>
#include <stdint.h>

#define HOST(name) __attribute__((import_module("env"), import_name(#name)))

extern "C" {
// clang-format off
HOST(ext_offchain_is_validator_version_1) uint32_t ext_offchain_is_validator_version_1();
HOST(ext_offchain_submit_transaction_version_1) uint64_t ext_offchain_submit_transaction_version_1(uint64_t data);
HOST(ext_offchain_local_storage_set_version_1) void ext_offchain_local_storage_set_version_1(uint32_t kind, uint64_t key, uint64_t value);
HOST(ext_offchain_local_storage_compare_and_set_version_1) uint32_t ext_offchain_local_storage_compare_and_set_version_1(uint32_t kind, uint64_t key, uint64_t old_value, uint64_t new_value);
HOST(ext_offchain_index_set_version_1) void ext_offchain_index_set_version_1(uint64_t key, uint64_t value);
HOST(ext_offchain_index_clear_version_1) void ext_offchain_index_clear_version_1(uint64_t key);
HOST(ext_storage_start_transaction_version_1) void ext_storage_start_transaction_version_1();
HOST(ext_storage_rollback_transaction_version_1) void ext_storage_rollback_transaction_version_1();
// clang-format on

void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  const auto* s = static_cast<const uint8_t*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}
void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<uint8_t>(value);
  return dst;
}
}

namespace {

// A pointer-size: length in the high 32 bits, address in the low.
uint64_t ps(const void* p, uint32_t len) {
  return (uint64_t{len} << 32) | static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
}

template <size_t N>
uint64_t lit(const char (&text)[N]) {
  return ps(text, N - 1);
}

constexpr uint32_t kPersistent = 0;

// SCALE RuntimeVersion (Core 4 layout): spec_name, impl_name, authoring_version, spec_version,
// impl_version, apis (blake2_64 of the name, version), transaction_version, state_version.
const uint8_t kVersion[] = {
    // spec_name, impl_name: "offchain-test"
    0x34, 'o',  'f',  'f',  'c',  'h',  'a',  'i',  'n', '-', 't', 'e', 's', 't',  //
    0x34, 'o',  'f',  'f',  'c',  'h',  'a',  'i',  'n', '-', 't', 'e', 's', 't',  //
    1,    0,    0,    0,                                               // authoring_version
    1,    0,    0,    0,                                               // spec_version
    0,    0,    0,    0,                                               // impl_version
    0x08,                                                              // two apis
    0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b, 4,   0,   0,   0,  // Core
    0xf7, 0x8b, 0x27, 0x8b, 0xe5, 0x3f, 0x45, 0x4c, 2,   0,   0,   0,  // OffchainWorkerApi
    1,    0,    0,    0,                                               // transaction_version
    1,                                                                 // state_version
};

}  // namespace

#define EXPORT(name) extern "C" __attribute__((export_name(#name))) uint64_t name

EXPORT(Core_version)(uint32_t, uint32_t) {
  return ps(kVersion, sizeof(kVersion));
}

EXPORT(Core_execute_block)(uint32_t, uint32_t) {
  ext_offchain_index_set_version_1(lit("indexed"), lit("by-block"));
  ext_offchain_index_clear_version_1(lit("cleared"));
  ext_storage_start_transaction_version_1();
  ext_offchain_index_set_version_1(lit("rolled-back"), lit("x"));
  ext_storage_rollback_transaction_version_1();
  return 0;
}

EXPORT(OffchainWorkerApi_offchain_worker)(uint32_t ptr, uint32_t len) {
  const auto* header = reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(ptr));
  // The number follows the parent hash; compact 13 is the byte 13 << 2.
  if (len > 32 && header[32] == (13 << 2)) __builtin_trap();
  ext_offchain_local_storage_set_version_1(kPersistent, lit("ocw-header"), ps(header, len));
  static const uint8_t kNone[] = {0};  // Option<Vec<u8>>::None
  if (ext_offchain_local_storage_compare_and_set_version_1(kPersistent, lit("ocw-lock"),
                                                           ps(kNone, 1), lit("1")) != 0) {
    ext_offchain_local_storage_set_version_1(kPersistent, lit("ocw-cas"), lit("won"));
  }
  if (ext_offchain_is_validator_version_1() != 0) {
    ext_offchain_local_storage_set_version_1(kPersistent, lit("ocw-validator"), lit("1"));
  }
  (void)ext_offchain_submit_transaction_version_1(lit("ocw-xt"));
  return 0;
}
