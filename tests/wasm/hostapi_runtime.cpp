// A test runtime for the host API, in the spirit of w3f/polkadot-tests' `runtimes/hostapi`: a
// freestanding wasm32 module that imports the host functions from "env" exactly as a Substrate
// runtime declares them and exports entry points with the runtime calling convention
// (ptr: i32, len: i32) -> i64. tests/unit/executor/host_runtime_test.cpp runs it on every engine.
//
// Two kinds of exports:
//  - `test_*` scenarios check the host's answers themselves and return an empty output when all
//    checks pass, else "line N: <failed check>";
//  - the others hand host results back (hashes, roots, keys) for the C++ side to compare with
//    published vectors.
// `bad_call` makes the host function of a given case fail (bad pointer, undecodable argument,
// missing service, …); the C++ side checks the error.
//
// Nothing but the host functions is used: no libc, no libc++, so the whole module is built with
// the MVP feature set the executor accepts (see CMakeLists.txt). The state the scenarios expect is
// set up by the C++ side (kept in sync with host_runtime_test.cpp, "Fixture state").
#include <stddef.h>
#include <stdint.h>

#define HOST(name) __attribute__((import_module("env"), import_name(#name)))

extern "C" {
// clang-format off
HOST(ext_allocator_malloc_version_1) uint32_t ext_allocator_malloc_version_1(uint32_t size);
HOST(ext_allocator_free_version_1) void ext_allocator_free_version_1(uint32_t ptr);

HOST(ext_storage_set_version_1) void ext_storage_set_version_1(uint64_t key, uint64_t value);
HOST(ext_storage_get_version_1) uint64_t ext_storage_get_version_1(uint64_t key);
HOST(ext_storage_read_version_1) uint64_t ext_storage_read_version_1(uint64_t key, uint64_t out, uint32_t offset);
HOST(ext_storage_clear_version_1) void ext_storage_clear_version_1(uint64_t key);
HOST(ext_storage_exists_version_1) uint32_t ext_storage_exists_version_1(uint64_t key);
HOST(ext_storage_clear_prefix_version_1) void ext_storage_clear_prefix_version_1(uint64_t prefix);
HOST(ext_storage_clear_prefix_version_2) uint64_t ext_storage_clear_prefix_version_2(uint64_t prefix, uint64_t limit);
HOST(ext_storage_clear_prefix_version_3) uint64_t ext_storage_clear_prefix_version_3(uint64_t prefix, uint64_t limit, uint64_t cursor);
HOST(ext_storage_append_version_1) void ext_storage_append_version_1(uint64_t key, uint64_t value);
HOST(ext_storage_root_version_1) uint64_t ext_storage_root_version_1();
HOST(ext_storage_root_version_2) uint64_t ext_storage_root_version_2(uint32_t version);
HOST(ext_storage_changes_root_version_1) uint64_t ext_storage_changes_root_version_1(uint64_t parent);
HOST(ext_storage_next_key_version_1) uint64_t ext_storage_next_key_version_1(uint64_t key);
HOST(ext_storage_start_transaction_version_1) void ext_storage_start_transaction_version_1();
HOST(ext_storage_commit_transaction_version_1) void ext_storage_commit_transaction_version_1();
HOST(ext_storage_rollback_transaction_version_1) void ext_storage_rollback_transaction_version_1();
HOST(ext_storage_proof_size_storage_proof_size_version_1) uint64_t ext_storage_proof_size_storage_proof_size_version_1();

HOST(ext_default_child_storage_set_version_1) void ext_default_child_storage_set_version_1(uint64_t child, uint64_t key, uint64_t value);
HOST(ext_default_child_storage_get_version_1) uint64_t ext_default_child_storage_get_version_1(uint64_t child, uint64_t key);
HOST(ext_default_child_storage_read_version_1) uint64_t ext_default_child_storage_read_version_1(uint64_t child, uint64_t key, uint64_t out, uint32_t offset);
HOST(ext_default_child_storage_clear_version_1) void ext_default_child_storage_clear_version_1(uint64_t child, uint64_t key);
HOST(ext_default_child_storage_exists_version_1) uint32_t ext_default_child_storage_exists_version_1(uint64_t child, uint64_t key);
HOST(ext_default_child_storage_storage_kill_version_1) void ext_default_child_storage_storage_kill_version_1(uint64_t child);
HOST(ext_default_child_storage_storage_kill_version_2) uint32_t ext_default_child_storage_storage_kill_version_2(uint64_t child, uint64_t limit);
HOST(ext_default_child_storage_storage_kill_version_3) uint64_t ext_default_child_storage_storage_kill_version_3(uint64_t child, uint64_t limit);
HOST(ext_default_child_storage_storage_kill_version_4) uint64_t ext_default_child_storage_storage_kill_version_4(uint64_t child, uint64_t limit, uint64_t cursor);
HOST(ext_default_child_storage_clear_prefix_version_1) void ext_default_child_storage_clear_prefix_version_1(uint64_t child, uint64_t prefix);
HOST(ext_default_child_storage_clear_prefix_version_2) uint64_t ext_default_child_storage_clear_prefix_version_2(uint64_t child, uint64_t prefix, uint64_t limit);
HOST(ext_default_child_storage_clear_prefix_version_3) uint64_t ext_default_child_storage_clear_prefix_version_3(uint64_t child, uint64_t prefix, uint64_t limit, uint64_t cursor);
HOST(ext_default_child_storage_root_version_1) uint64_t ext_default_child_storage_root_version_1(uint64_t child);
HOST(ext_default_child_storage_root_version_2) uint64_t ext_default_child_storage_root_version_2(uint64_t child, uint32_t version);
HOST(ext_default_child_storage_next_key_version_1) uint64_t ext_default_child_storage_next_key_version_1(uint64_t child, uint64_t key);

HOST(ext_crypto_ed25519_public_keys_version_1) uint64_t ext_crypto_ed25519_public_keys_version_1(uint32_t id);
HOST(ext_crypto_ed25519_generate_version_1) uint32_t ext_crypto_ed25519_generate_version_1(uint32_t id, uint64_t seed);
HOST(ext_crypto_ed25519_sign_version_1) uint64_t ext_crypto_ed25519_sign_version_1(uint32_t id, uint32_t key, uint64_t msg);
HOST(ext_crypto_ed25519_verify_version_1) uint32_t ext_crypto_ed25519_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_ed25519_batch_verify_version_1) uint32_t ext_crypto_ed25519_batch_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_sr25519_public_keys_version_1) uint64_t ext_crypto_sr25519_public_keys_version_1(uint32_t id);
HOST(ext_crypto_sr25519_generate_version_1) uint32_t ext_crypto_sr25519_generate_version_1(uint32_t id, uint64_t seed);
HOST(ext_crypto_sr25519_sign_version_1) uint64_t ext_crypto_sr25519_sign_version_1(uint32_t id, uint32_t key, uint64_t msg);
HOST(ext_crypto_sr25519_verify_version_1) uint32_t ext_crypto_sr25519_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_sr25519_verify_version_2) uint32_t ext_crypto_sr25519_verify_version_2(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_sr25519_batch_verify_version_1) uint32_t ext_crypto_sr25519_batch_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_ecdsa_public_keys_version_1) uint64_t ext_crypto_ecdsa_public_keys_version_1(uint32_t id);
HOST(ext_crypto_ecdsa_generate_version_1) uint32_t ext_crypto_ecdsa_generate_version_1(uint32_t id, uint64_t seed);
HOST(ext_crypto_ecdsa_sign_version_1) uint64_t ext_crypto_ecdsa_sign_version_1(uint32_t id, uint32_t key, uint64_t msg);
HOST(ext_crypto_ecdsa_sign_prehashed_version_1) uint64_t ext_crypto_ecdsa_sign_prehashed_version_1(uint32_t id, uint32_t key, uint32_t digest);
HOST(ext_crypto_ecdsa_verify_version_1) uint32_t ext_crypto_ecdsa_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_ecdsa_verify_version_2) uint32_t ext_crypto_ecdsa_verify_version_2(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_ecdsa_verify_prehashed_version_1) uint32_t ext_crypto_ecdsa_verify_prehashed_version_1(uint32_t sig, uint32_t digest, uint32_t key);
HOST(ext_crypto_ecdsa_batch_verify_version_1) uint32_t ext_crypto_ecdsa_batch_verify_version_1(uint32_t sig, uint64_t msg, uint32_t key);
HOST(ext_crypto_secp256k1_ecdsa_recover_version_1) uint64_t ext_crypto_secp256k1_ecdsa_recover_version_1(uint32_t sig, uint32_t digest);
HOST(ext_crypto_secp256k1_ecdsa_recover_version_2) uint64_t ext_crypto_secp256k1_ecdsa_recover_version_2(uint32_t sig, uint32_t digest);
HOST(ext_crypto_secp256k1_ecdsa_recover_compressed_version_1) uint64_t ext_crypto_secp256k1_ecdsa_recover_compressed_version_1(uint32_t sig, uint32_t digest);
HOST(ext_crypto_secp256k1_ecdsa_recover_compressed_version_2) uint64_t ext_crypto_secp256k1_ecdsa_recover_compressed_version_2(uint32_t sig, uint32_t digest);
HOST(ext_crypto_start_batch_verify_version_1) void ext_crypto_start_batch_verify_version_1();
HOST(ext_crypto_finish_batch_verify_version_1) uint32_t ext_crypto_finish_batch_verify_version_1();

HOST(ext_hashing_keccak_256_version_1) uint32_t ext_hashing_keccak_256_version_1(uint64_t data);
HOST(ext_hashing_keccak_512_version_1) uint32_t ext_hashing_keccak_512_version_1(uint64_t data);
HOST(ext_hashing_sha2_256_version_1) uint32_t ext_hashing_sha2_256_version_1(uint64_t data);
HOST(ext_hashing_blake2_128_version_1) uint32_t ext_hashing_blake2_128_version_1(uint64_t data);
HOST(ext_hashing_blake2_256_version_1) uint32_t ext_hashing_blake2_256_version_1(uint64_t data);
HOST(ext_hashing_twox_64_version_1) uint32_t ext_hashing_twox_64_version_1(uint64_t data);
HOST(ext_hashing_twox_128_version_1) uint32_t ext_hashing_twox_128_version_1(uint64_t data);
HOST(ext_hashing_twox_256_version_1) uint32_t ext_hashing_twox_256_version_1(uint64_t data);

HOST(ext_trie_blake2_256_root_version_1) uint32_t ext_trie_blake2_256_root_version_1(uint64_t input);
HOST(ext_trie_blake2_256_root_version_2) uint32_t ext_trie_blake2_256_root_version_2(uint64_t input, uint32_t version);
HOST(ext_trie_blake2_256_ordered_root_version_1) uint32_t ext_trie_blake2_256_ordered_root_version_1(uint64_t input);
HOST(ext_trie_blake2_256_ordered_root_version_2) uint32_t ext_trie_blake2_256_ordered_root_version_2(uint64_t input, uint32_t version);
HOST(ext_trie_keccak_256_root_version_1) uint32_t ext_trie_keccak_256_root_version_1(uint64_t input);
HOST(ext_trie_keccak_256_root_version_2) uint32_t ext_trie_keccak_256_root_version_2(uint64_t input, uint32_t version);
HOST(ext_trie_keccak_256_ordered_root_version_1) uint32_t ext_trie_keccak_256_ordered_root_version_1(uint64_t input);
HOST(ext_trie_keccak_256_ordered_root_version_2) uint32_t ext_trie_keccak_256_ordered_root_version_2(uint64_t input, uint32_t version);
HOST(ext_trie_blake2_256_verify_proof_version_1) uint32_t ext_trie_blake2_256_verify_proof_version_1(uint32_t root, uint64_t proof, uint64_t key, uint64_t value);
HOST(ext_trie_blake2_256_verify_proof_version_2) uint32_t ext_trie_blake2_256_verify_proof_version_2(uint32_t root, uint64_t proof, uint64_t key, uint64_t value, uint32_t version);
HOST(ext_trie_keccak_256_verify_proof_version_1) uint32_t ext_trie_keccak_256_verify_proof_version_1(uint32_t root, uint64_t proof, uint64_t key, uint64_t value);
HOST(ext_trie_keccak_256_verify_proof_version_2) uint32_t ext_trie_keccak_256_verify_proof_version_2(uint32_t root, uint64_t proof, uint64_t key, uint64_t value, uint32_t version);

HOST(ext_misc_print_num_version_1) void ext_misc_print_num_version_1(uint64_t value);
HOST(ext_misc_print_utf8_version_1) void ext_misc_print_utf8_version_1(uint64_t text);
HOST(ext_misc_print_hex_version_1) void ext_misc_print_hex_version_1(uint64_t data);
HOST(ext_misc_runtime_version_version_1) uint64_t ext_misc_runtime_version_version_1(uint64_t wasm);
HOST(ext_logging_log_version_1) void ext_logging_log_version_1(uint32_t level, uint64_t target, uint64_t message);
HOST(ext_logging_max_level_version_1) uint32_t ext_logging_max_level_version_1();
HOST(ext_panic_handler_abort_on_panic_version_1) void ext_panic_handler_abort_on_panic_version_1(uint64_t message);

HOST(ext_offchain_is_validator_version_1) uint32_t ext_offchain_is_validator_version_1();
HOST(ext_offchain_submit_transaction_version_1) uint64_t ext_offchain_submit_transaction_version_1(uint64_t data);
HOST(ext_offchain_network_state_version_1) uint64_t ext_offchain_network_state_version_1();
HOST(ext_offchain_timestamp_version_1) uint64_t ext_offchain_timestamp_version_1();
HOST(ext_offchain_sleep_until_version_1) void ext_offchain_sleep_until_version_1(uint64_t deadline);
HOST(ext_offchain_random_seed_version_1) uint32_t ext_offchain_random_seed_version_1();
HOST(ext_offchain_local_storage_set_version_1) void ext_offchain_local_storage_set_version_1(uint32_t kind, uint64_t key, uint64_t value);
HOST(ext_offchain_local_storage_clear_version_1) void ext_offchain_local_storage_clear_version_1(uint32_t kind, uint64_t key);
HOST(ext_offchain_local_storage_compare_and_set_version_1) uint32_t ext_offchain_local_storage_compare_and_set_version_1(uint32_t kind, uint64_t key, uint64_t old_value, uint64_t new_value);
HOST(ext_offchain_local_storage_get_version_1) uint64_t ext_offchain_local_storage_get_version_1(uint32_t kind, uint64_t key);
HOST(ext_offchain_http_request_start_version_1) uint64_t ext_offchain_http_request_start_version_1(uint64_t method, uint64_t uri, uint64_t meta);
HOST(ext_offchain_http_request_add_header_version_1) uint64_t ext_offchain_http_request_add_header_version_1(uint32_t id, uint64_t name, uint64_t value);
HOST(ext_offchain_http_request_write_body_version_1) uint64_t ext_offchain_http_request_write_body_version_1(uint32_t id, uint64_t chunk, uint64_t deadline);
HOST(ext_offchain_http_response_wait_version_1) uint64_t ext_offchain_http_response_wait_version_1(uint64_t ids, uint64_t deadline);
HOST(ext_offchain_http_response_headers_version_1) uint64_t ext_offchain_http_response_headers_version_1(uint32_t id);
HOST(ext_offchain_http_response_read_body_version_1) uint64_t ext_offchain_http_response_read_body_version_1(uint32_t id, uint64_t buffer, uint64_t deadline);
HOST(ext_offchain_set_authorized_nodes_version_1) void ext_offchain_set_authorized_nodes_version_1(uint64_t nodes, uint32_t authorized_only);
HOST(ext_offchain_index_set_version_1) void ext_offchain_index_set_version_1(uint64_t key, uint64_t value);
HOST(ext_offchain_index_clear_version_1) void ext_offchain_index_clear_version_1(uint64_t key);

HOST(ext_transaction_index_index_version_1) void ext_transaction_index_index_version_1(uint32_t extrinsic, uint32_t size, uint32_t hash);
HOST(ext_transaction_index_renew_version_1) void ext_transaction_index_renew_version_1(uint32_t extrinsic, uint32_t hash);
// clang-format on

// The compiler may emit calls to these for copies and zeroing; -fno-builtin keeps it from turning
// these very loops back into calls.
void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  const auto* s = static_cast<const uint8_t*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
  return dst;
}
void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  const auto* s = static_cast<const uint8_t*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}
void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<uint8_t>(value);
  return dst;
}
int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const uint8_t*>(a);
  const auto* y = static_cast<const uint8_t*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}
}

namespace {

// ---- bytes -------------------------------------------------------------------------------------

struct View {
  const uint8_t* data = nullptr;
  uint32_t len = 0;
};

uint32_t addr(const void* p) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
}
uint64_t ps(const void* p, uint32_t len) {
  return (uint64_t{len} << 32) | addr(p);
}
uint64_t ps(View v) {
  return ps(v.data, v.len);
}
View view_of(uint64_t packed) {
  return {reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(static_cast<uint32_t>(packed))),
          static_cast<uint32_t>(packed >> 32)};
}
View view_at(uint32_t ptr, uint32_t len) {
  return {reinterpret_cast<const uint8_t*>(static_cast<uintptr_t>(ptr)), len};
}

template <size_t N>
View lit(const char (&s)[N]) {
  return {reinterpret_cast<const uint8_t*>(s), static_cast<uint32_t>(N - 1)};
}

bool eq(View a, View b) {
  return a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
}

// A growable byte buffer on the host's allocator. Never freed: the instance is reset after each
// call, so its memory goes with it.
struct Buf {
  uint8_t* data = nullptr;
  uint32_t len = 0;
  uint32_t cap = 0;

  void reserve(uint32_t n) {
    if (n <= cap) return;
    uint32_t c = cap == 0 ? 32 : cap * 2;
    while (c < n) c *= 2;
    auto* p = reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(ext_allocator_malloc_version_1(c)));
    if (len > 0) memcpy(p, data, len);
    data = p;
    cap = c;
  }
  void byte(uint8_t b) {
    reserve(len + 1);
    data[len++] = b;
  }
  void raw(View v) {
    reserve(len + v.len);
    if (v.len > 0) memcpy(data + len, v.data, v.len);
    len += v.len;
  }
  void u32le(uint32_t v) {
    for (int i = 0; i < 4; ++i) byte(static_cast<uint8_t>(v >> (8 * i)));
  }
  void compact(uint32_t v) {
    if (v < 64) {
      byte(static_cast<uint8_t>(v << 2));
    } else if (v < (1u << 14)) {
      const uint32_t x = (v << 2) | 1;
      byte(static_cast<uint8_t>(x));
      byte(static_cast<uint8_t>(x >> 8));
    } else if (v < (1u << 30)) {
      u32le((v << 2) | 2);
    } else {
      byte(3);
      u32le(v);
    }
  }
  void vec(View v) {  // SCALE Vec<u8>
    compact(v.len);
    raw(v);
  }
  void text(const char* s) {
    while (*s != 0) byte(static_cast<uint8_t>(*s++));
  }
  void number(uint32_t v) {
    char digits[10];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) byte(static_cast<uint8_t>(digits[--n]));
  }
  View view() const { return {data, len}; }
  uint64_t packed() const { return ps(data, len); }
};

Buf buf(View v) {
  Buf b;
  b.raw(v);
  return b;
}

// SCALE Option<u32>.
Buf some_u32(uint32_t v) {
  Buf b;
  b.byte(1);
  b.u32le(v);
  return b;
}
Buf none() {
  Buf b;
  b.byte(0);
  return b;
}
// SCALE Option<Vec<u8>>.
Buf some_vec(View v) {
  Buf b;
  b.byte(1);
  b.vec(v);
  return b;
}

// ---- SCALE reading ------------------------------------------------------------------------------

struct Reader {
  View in;
  uint32_t pos = 0;
  bool ok = true;

  uint8_t u8() {
    if (pos >= in.len) {
      ok = false;
      return 0;
    }
    return in.data[pos++];
  }
  uint32_t u32le() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{u8()} << (8 * i);
    return v;
  }
  uint32_t compact() {
    const uint8_t first = u8();
    switch (first & 3) {
      case 0:
        return first >> 2;
      case 1:
        return (uint32_t{first} | uint32_t{u8()} << 8) >> 2;
      case 2:
        return (uint32_t{first} | uint32_t{u8()} << 8 | uint32_t{u8()} << 16 |
                uint32_t{u8()} << 24) >>
               2;
      default:
        if (first != 3) ok = false;  // only u32 values here
        return u32le();
    }
  }
  View take(uint32_t n) {
    if (n > in.len - pos) {
      ok = false;
      return {};
    }
    View v{in.data + pos, n};
    pos += n;
    return v;
  }
  View vec() { return take(compact()); }
  bool done() const { return ok && pos == in.len; }
};

// The SCALE Option<Vec<u8>> at `packed`: *present tells whether it is Some.
View option_vec(uint64_t packed, bool* present) {
  Reader r{view_of(packed)};
  const uint8_t tag = r.u8();
  *present = tag == 1;
  if (tag != 1) return {};
  return r.vec();
}

// ---- checks ------------------------------------------------------------------------------------

uint64_t failure(int line, const char* what) {
  Buf b;
  b.text("line ");
  b.number(static_cast<uint32_t>(line));
  b.text(": ");
  b.text(what);
  return b.packed();
}

#define CHECK(cond)                               \
  do {                                            \
    if (!(cond)) return failure(__LINE__, #cond); \
  } while (false)

constexpr uint64_t kPass = 0;

// ---- host call wrappers -------------------------------------------------------------------------

bool is_none(uint64_t packed) {
  const View v = view_of(packed);
  return v.len == 1 && v.data[0] == 0;
}

bool get_is(View key, View expected) {
  bool present = false;
  const View value = option_vec(ext_storage_get_version_1(ps(key)), &present);
  return present && eq(value, expected);
}

bool child_get_is(View child, View key, View expected) {
  bool present = false;
  const View value =
      option_vec(ext_default_child_storage_get_version_1(ps(child), ps(key)), &present);
  return present && eq(value, expected);
}

bool next_is(View key, View expected) {
  bool present = false;
  const View next = option_vec(ext_storage_next_key_version_1(ps(key)), &present);
  return present && eq(next, expected);
}

bool child_next_is(View child, View key, View expected) {
  bool present = false;
  const View next =
      option_vec(ext_default_child_storage_next_key_version_1(ps(child), ps(key)), &present);
  return present && eq(next, expected);
}

// The bytes at pointer-size `packed` equal `expected`.
bool out_is(uint64_t packed, View expected) {
  return eq(view_of(packed), expected);
}

template <size_t N>
bool out_is_bytes(uint64_t packed, const uint8_t (&expected)[N]) {
  return eq(view_of(packed), View{expected, static_cast<uint32_t>(N)});
}

View hex(const char* text, Buf& storage) {
  auto nibble = [](char c) -> uint8_t {
    if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
    return static_cast<uint8_t>(c - 'a' + 10);
  };
  storage = Buf{};
  while (text[0] != 0 && text[1] != 0) {
    storage.byte(static_cast<uint8_t>(nibble(text[0]) << 4 | nibble(text[1])));
    text += 2;
  }
  return storage.view();
}

uint32_t key_type_test() {
  static const uint8_t id[4] = {'t', 'e', 's', 't'};
  return addr(id);
}

}  // namespace

// ---- exports
// -------------------------------------------------------------------------------------

#define EXPORT(name) extern "C" __attribute__((export_name(#name))) uint64_t name

// The eight hashes of the input, back to back: keccak-256, keccak-512, sha2-256, blake2-128,
// blake2-256, twox-64, twox-128, twox-256 (232 bytes). Each host buffer is freed after use.
EXPORT(hashes)(uint32_t ptr, uint32_t len) {
  const uint64_t data = ps(view_at(ptr, len));
  struct {
    uint32_t (*fn)(uint64_t);
    uint32_t size;
  } const all[] = {
      {ext_hashing_keccak_256_version_1, 32}, {ext_hashing_keccak_512_version_1, 64},
      {ext_hashing_sha2_256_version_1, 32},   {ext_hashing_blake2_128_version_1, 16},
      {ext_hashing_blake2_256_version_1, 32}, {ext_hashing_twox_64_version_1, 8},
      {ext_hashing_twox_128_version_1, 16},   {ext_hashing_twox_256_version_1, 32},
  };
  Buf out;
  for (const auto& h : all) {
    const uint32_t digest = h.fn(data);
    out.raw(view_at(digest, h.size));
    ext_allocator_free_version_1(digest);
  }
  return out.packed();
}

// w3f HostApi ext_storage_root_version_1: sets each (key, value) of the SCALE
// Vec<(Vec<u8>, Vec<u8>)> input, then returns the raw root (version 1), then the root of version 2
// with state version 1 (64 bytes).
EXPORT(storage_root_after_sets)(uint32_t ptr, uint32_t len) {
  Reader r{view_at(ptr, len)};
  const uint32_t n = r.compact();
  for (uint32_t i = 0; i < n && r.ok; ++i) {
    const View key = r.vec();
    const View value = r.vec();
    ext_storage_set_version_1(ps(key), ps(value));
  }
  Buf out;
  out.raw(view_of(ext_storage_root_version_1()));
  out.raw(view_of(ext_storage_root_version_2(1)));
  return out.packed();
}

// w3f HostApi ext_default_child_storage_root_version_1: input SCALE (child1, child2, key1, value1,
// key2, value2) as six Vec<u8>. Sets child1/key1 = value1, child1/key2 = value2, child2/key1 =
// value2, child2/key2 = value1 and returns child1's raw root (version 1).
EXPORT(child_root_after_sets)(uint32_t ptr, uint32_t len) {
  Reader r{view_at(ptr, len)};
  const View child1 = r.vec(), child2 = r.vec();
  const View key1 = r.vec(), value1 = r.vec(), key2 = r.vec(), value2 = r.vec();
  ext_default_child_storage_set_version_1(ps(child1), ps(key1), ps(value1));
  ext_default_child_storage_set_version_1(ps(child1), ps(key2), ps(value2));
  ext_default_child_storage_set_version_1(ps(child2), ps(key1), ps(value2));
  ext_default_child_storage_set_version_1(ps(child2), ps(key2), ps(value1));
  return buf(view_of(ext_default_child_storage_root_version_1(ps(child1)))).packed();
}

// Input: scheme (0 ed25519, 1 sr25519, 2 ecdsa) ‖ 4-byte key type ‖ SCALE Option<Vec<u8>> seed.
// Returns the public key generate answers.
EXPORT(generate_key)(uint32_t ptr, uint32_t len) {
  const View in = view_at(ptr, len);
  if (len < 5) return failure(__LINE__, "input too short");
  const uint32_t id = addr(in.data + 1);
  const uint64_t seed = ps(in.data + 5, len - 5);
  switch (in.data[0]) {
    case 0:
      return ps(view_at(ext_crypto_ed25519_generate_version_1(id, seed), 32));
    case 1:
      return ps(view_at(ext_crypto_sr25519_generate_version_1(id, seed), 32));
    default:
      return ps(view_at(ext_crypto_ecdsa_generate_version_1(id, seed), 33));
  }
}

// The roots of the SCALE Vec<(Vec<u8>, Vec<u8>)> input: blake2 v1, blake2 v2(state version 1),
// keccak v1, keccak v2(1) (128 bytes).
EXPORT(trie_roots)(uint32_t ptr, uint32_t len) {
  const uint64_t in = ps(view_at(ptr, len));
  Buf out;
  out.raw(view_at(ext_trie_blake2_256_root_version_1(in), 32));
  out.raw(view_at(ext_trie_blake2_256_root_version_2(in, 1), 32));
  out.raw(view_at(ext_trie_keccak_256_root_version_1(in), 32));
  out.raw(view_at(ext_trie_keccak_256_root_version_2(in, 1), 32));
  return out.packed();
}

// The same for ordered roots of a SCALE Vec<Vec<u8>>.
EXPORT(ordered_roots)(uint32_t ptr, uint32_t len) {
  const uint64_t in = ps(view_at(ptr, len));
  Buf out;
  out.raw(view_at(ext_trie_blake2_256_ordered_root_version_1(in), 32));
  out.raw(view_at(ext_trie_blake2_256_ordered_root_version_2(in, 1), 32));
  out.raw(view_at(ext_trie_keccak_256_ordered_root_version_1(in), 32));
  out.raw(view_at(ext_trie_keccak_256_ordered_root_version_2(in, 1), 32));
  return out.packed();
}

// Input: 32-byte root ‖ hasher (0 blake2, 1 keccak) ‖ state version ‖ SCALE (proof: Vec<Vec<u8>>,
// key: Vec<u8>, value: Vec<u8>). Returns two bytes: verify_proof version 1, version 2.
EXPORT(verify_proof)(uint32_t ptr, uint32_t len) {
  const View in = view_at(ptr, len);
  if (len < 34) return failure(__LINE__, "input too short");
  const uint32_t root = addr(in.data);
  const bool keccak = in.data[32] == 1;
  const uint32_t version = in.data[33];
  Reader r{{in.data + 34, len - 34}};
  const uint32_t proof_start = r.pos;
  const uint32_t nodes = r.compact();
  for (uint32_t i = 0; i < nodes && r.ok; ++i) r.vec();
  const View proof{in.data + 34 + proof_start, r.pos - proof_start};
  const View key = r.vec();
  const View value = r.vec();
  Buf out;
  if (keccak) {
    out.byte(static_cast<uint8_t>(
        ext_trie_keccak_256_verify_proof_version_1(root, ps(proof), ps(key), ps(value))));
    out.byte(static_cast<uint8_t>(
        ext_trie_keccak_256_verify_proof_version_2(root, ps(proof), ps(key), ps(value), version)));
  } else {
    out.byte(static_cast<uint8_t>(
        ext_trie_blake2_256_verify_proof_version_1(root, ps(proof), ps(key), ps(value))));
    out.byte(static_cast<uint8_t>(
        ext_trie_blake2_256_verify_proof_version_2(root, ps(proof), ps(key), ps(value), version)));
  }
  return out.packed();
}

// The host's answer for the blob given as input (SCALE Option<Vec<u8>>), passed through.
EXPORT(runtime_version)(uint32_t ptr, uint32_t len) {
  return ext_misc_runtime_version_version_1(ps(view_at(ptr, len)));
}

// ext_panic_handler_abort_on_panic with the input as message; the host must not return.
EXPORT(panic)(uint32_t ptr, uint32_t len) {
  ext_panic_handler_abort_on_panic_version_1(ps(view_at(ptr, len)));
  return failure(__LINE__, "abort_on_panic returned");
}

// ---- scenarios ----------------------------------------------------------------------------------

// Fixture state (main trie): "bk:1" = "one" … "bk:5" = "five", "bz" = "zed",
// "value" = "0123456789", "vec" = SCALE Vec of the items 'a', 'b', "notvec" = 03, and the child
// trie "kid" (see test_child_storage).
EXPORT(test_storage)(uint32_t, uint32_t) {
  // Reads from the backend.
  CHECK(get_is(lit("bk:1"), lit("one")));
  CHECK(is_none(ext_storage_get_version_1(ps(lit("nope")))));
  CHECK(ext_storage_exists_version_1(ps(lit("bk:2"))) == 1);
  CHECK(ext_storage_exists_version_1(ps(lit("nope"))) == 0);

  // read: the bytes from the offset on, as far as the buffer goes; the answer counts them all.
  uint8_t out[4] = {'_', '_', '_', '_'};
  CHECK(out_is(ext_storage_read_version_1(ps(lit("value")), ps(out, 4), 0), some_u32(10).view()));
  CHECK(eq(View{out, 4}, lit("0123")));
  CHECK(out_is(ext_storage_read_version_1(ps(lit("value")), ps(out, 4), 8), some_u32(2).view()));
  CHECK(eq(View{out, 4}, lit("8923")));
  CHECK(out_is(ext_storage_read_version_1(ps(lit("value")), ps(out, 4), 10), some_u32(0).view()));
  CHECK(out_is(ext_storage_read_version_1(ps(lit("value")), ps(out, 4), 1000), some_u32(0).view()));
  CHECK(out_is(ext_storage_read_version_1(ps(lit("value")), ps(out, 0), 3), some_u32(7).view()));
  CHECK(is_none(ext_storage_read_version_1(ps(lit("nope")), ps(out, 4), 0)));
  CHECK(eq(View{out, 4}, lit("8923")));

  // Writes go to the overlay; an empty value exists.
  ext_storage_set_version_1(ps(lit("e")), ps(lit("")));
  CHECK(ext_storage_exists_version_1(ps(lit("e"))) == 1);
  CHECK(get_is(lit("e"), lit("")));
  ext_storage_set_version_1(ps(lit("bk:1")), ps(lit("uno")));
  CHECK(get_is(lit("bk:1"), lit("uno")));
  ext_storage_clear_version_1(ps(lit("bk:2")));
  CHECK(is_none(ext_storage_get_version_1(ps(lit("bk:2")))));
  CHECK(ext_storage_exists_version_1(ps(lit("bk:2"))) == 0);

  // next_key merges the overlay and the backend, skipping deletions.
  CHECK(next_is(lit("bk:1"), lit("bk:3")));
  CHECK(next_is(lit("bk:5"), lit("bz")));
  CHECK(next_is(lit("bz"), lit("e")));
  CHECK(next_is(lit(""), lit(":child_storage:default:kid")));  // child roots are keys too
  CHECK(is_none(ext_storage_next_key_version_1(ps(lit("vec")))));

  // append: to a vector, to nothing, to a value that is no vector.
  const uint8_t item_c[] = {'c'};
  ext_storage_append_version_1(ps(lit("vec")), ps(item_c, 1));
  const uint8_t vec_abc[] = {0x0c, 'a', 'b', 'c'};
  CHECK(get_is(lit("vec"), View{vec_abc, 4}));
  const uint8_t item_xy[] = {0x08, 'x', 'y'};  // a SCALE Vec<u8> item
  ext_storage_append_version_1(ps(lit("fresh")), ps(item_xy, 3));
  ext_storage_append_version_1(ps(lit("fresh")), ps(item_xy, 3));
  const uint8_t fresh[] = {0x08, 0x08, 'x', 'y', 0x08, 'x', 'y'};
  CHECK(get_is(lit("fresh"), View{fresh, 7}));
  ext_storage_append_version_1(ps(lit("notvec")), ps(item_c, 1));
  const uint8_t single_c[] = {0x04, 'c'};
  CHECK(get_is(lit("notvec"), View{single_c, 2}));

  // Nested transactions, rolled back and committed, covering append too.
  ext_storage_start_transaction_version_1();
  ext_storage_set_version_1(ps(lit("t")), ps(lit("1")));
  ext_storage_start_transaction_version_1();
  ext_storage_set_version_1(ps(lit("t")), ps(lit("2")));
  ext_storage_append_version_1(ps(lit("vec")), ps(item_c, 1));
  ext_storage_clear_version_1(ps(lit("bz")));
  CHECK(get_is(lit("t"), lit("2")));
  ext_storage_rollback_transaction_version_1();
  CHECK(get_is(lit("t"), lit("1")));
  CHECK(get_is(lit("vec"), View{vec_abc, 4}));
  CHECK(get_is(lit("bz"), lit("zed")));
  ext_storage_commit_transaction_version_1();
  CHECK(get_is(lit("t"), lit("1")));
  ext_storage_start_transaction_version_1();
  ext_storage_clear_version_1(ps(lit("t")));
  ext_storage_rollback_transaction_version_1();
  CHECK(get_is(lit("t"), lit("1")));

  // clear_prefix with a limit counts the backend keys it visits; keys the overlay already deleted
  // count without being deleted again, and the overlay's own keys do not count (ext.rs).
  const uint8_t limit_1[] = {1, 1, 0, 0, 0};    // Some(1)
  const uint8_t limit_10[] = {1, 10, 0, 0, 0};  // Some(10)
  const uint8_t no_limit[] = {0};
  const uint8_t some_remaining_1[] = {1, 1, 0, 0, 0};
  CHECK(out_is_bytes(ext_storage_clear_prefix_version_2(ps(lit("bk:")), ps(limit_1, 5)),
                     some_remaining_1));
  CHECK(is_none(ext_storage_get_version_1(ps(lit("bk:1")))));
  CHECK(get_is(lit("bk:3"), lit("three")));
  const uint8_t all_removed_5[] = {0, 5, 0, 0, 0};
  CHECK(out_is_bytes(ext_storage_clear_prefix_version_2(ps(lit("bk:")), ps(limit_10, 5)),
                     all_removed_5));
  CHECK(is_none(ext_storage_get_version_1(ps(lit("bk:5")))));
  // Version 3 takes a cursor and reports MultiRemovalResults (cursor, backend, unique, loops).
  const uint8_t limit_0[] = {1, 0, 0, 0, 0};
  Buf expected;
  expected.raw(some_vec(lit("bk:1")).view());
  for (int i = 0; i < 12; ++i) expected.byte(0);
  CHECK(out_is(ext_storage_clear_prefix_version_3(ps(lit("bk:")), ps(limit_0, 5), ps(no_limit, 1)),
               expected.view()));
  const Buf cursor = some_vec(lit("bk:4"));
  const uint8_t two_loops[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0};
  CHECK(out_is_bytes(
      ext_storage_clear_prefix_version_3(ps(lit("bk:")), ps(no_limit, 1), cursor.packed()),
      two_loops));
  // Nothing may be removed under ":child_storage:" through the main trie.
  const uint8_t all_removed_0[] = {0, 0, 0, 0, 0};
  CHECK(
      out_is_bytes(ext_storage_clear_prefix_version_2(ps(lit(":child_storage:")), ps(no_limit, 1)),
                   all_removed_0));
  // Nor written: the entry still holds the child root.
  ext_storage_set_version_1(ps(lit(":child_storage:default:kid")), ps(lit("x")));
  bool present = false;
  const View child_root =
      option_vec(ext_storage_get_version_1(ps(lit(":child_storage:default:kid"))), &present);
  CHECK(present && child_root.len == 32);
  ext_storage_clear_prefix_version_1(ps(lit("b")));
  CHECK(is_none(ext_storage_get_version_1(ps(lit("bz")))));
  CHECK(next_is(lit(":child_storage:default:kid2"), lit("e")));

  // Roots: raw 32-byte hashes, stable, and the state versions differ once a value of 33 bytes or
  // more is stored.
  const View root1 = view_of(ext_storage_root_version_1());
  CHECK(root1.len == 32);
  CHECK(out_is(ext_storage_root_version_1(), root1));
  CHECK(out_is(ext_storage_root_version_2(0), root1));
  ext_storage_set_version_1(ps(lit("long")), ps(lit("0123456789012345678901234567890123456789")));
  CHECK(!eq(view_of(ext_storage_root_version_2(0)), view_of(ext_storage_root_version_2(1))));

  // Obsolete and parachain-only functions.
  CHECK(is_none(ext_storage_changes_root_version_1(ps(root1))));
  CHECK(ext_storage_proof_size_storage_proof_size_version_1() == ~uint64_t{0});
  return kPass;
}

// Fixture state (child trie "kid"): "c1" = "x1", "c2" = "x2", "c3" = "x3", "d1" = "y1"; child trie
// "kid2": "a" = "1", "b" = "2", "c" = "3".
EXPORT(test_child_storage)(uint32_t, uint32_t) {
  const View kid = lit("kid");
  CHECK(child_get_is(kid, lit("c1"), lit("x1")));
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid), ps(lit("zz")))));
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(lit("other")), ps(lit("c1")))));
  CHECK(ext_default_child_storage_exists_version_1(ps(kid), ps(lit("c3"))) == 1);
  CHECK(ext_default_child_storage_exists_version_1(ps(lit("other")), ps(lit("c3"))) == 0);
  uint8_t out[3] = {0, 0, 0};
  CHECK(out_is(ext_default_child_storage_read_version_1(ps(kid), ps(lit("d1")), ps(out, 3), 1),
               some_u32(1).view()));
  CHECK(out[0] == '1');
  CHECK(is_none(ext_default_child_storage_read_version_1(ps(kid), ps(lit("zz")), ps(out, 3), 0)));

  ext_default_child_storage_set_version_1(ps(kid), ps(lit("c4")), ps(lit("x4")));
  CHECK(child_get_is(kid, lit("c4"), lit("x4")));
  CHECK(is_none(ext_storage_get_version_1(ps(lit("c4")))));  // not in the main trie
  CHECK(child_next_is(kid, lit("c1"), lit("c2")));
  ext_default_child_storage_clear_version_1(ps(kid), ps(lit("c2")));
  CHECK(child_next_is(kid, lit("c1"), lit("c3")));
  CHECK(child_next_is(kid, lit("c3"), lit("c4")));
  CHECK(is_none(ext_default_child_storage_next_key_version_1(ps(kid), ps(lit("d1")))));

  // Transactions cover child tries.
  ext_storage_start_transaction_version_1();
  ext_default_child_storage_set_version_1(ps(kid), ps(lit("c9")), ps(lit("x9")));
  ext_storage_rollback_transaction_version_1();
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid), ps(lit("c9")))));

  // clear_prefix / storage_kill with limits count as for the main trie.
  const uint8_t limit_1[] = {1, 1, 0, 0, 0};
  const uint8_t no_limit[] = {0};
  const uint8_t some_remaining_1[] = {1, 1, 0, 0, 0};
  CHECK(out_is_bytes(
      ext_default_child_storage_clear_prefix_version_2(ps(kid), ps(lit("c")), ps(limit_1, 5)),
      some_remaining_1));
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid), ps(lit("c1")))));
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid), ps(lit("c4")))));
  CHECK(child_get_is(kid, lit("c3"), lit("x3")));
  CHECK(ext_default_child_storage_storage_kill_version_2(ps(kid), ps(limit_1, 5)) == 0);
  const uint8_t all_removed_4[] = {0, 4, 0, 0, 0};
  CHECK(out_is_bytes(ext_default_child_storage_storage_kill_version_3(ps(kid), ps(no_limit, 1)),
                     all_removed_4));
  CHECK(ext_default_child_storage_storage_kill_version_2(ps(kid), ps(no_limit, 1)) == 1);
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid), ps(lit("d1")))));
  const uint8_t all_removed_0[] = {0, 0, 0, 0, 0};
  CHECK(out_is_bytes(
      ext_default_child_storage_storage_kill_version_3(ps(lit("other")), ps(no_limit, 1)),
      all_removed_0));

  // An emptied child trie has the empty root and leaves the main trie once its root is computed.
  Buf empty_root;
  hex("03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314", empty_root);
  CHECK(out_is(ext_default_child_storage_root_version_1(ps(kid)), empty_root.view()));
  CHECK(out_is(ext_default_child_storage_root_version_2(ps(kid), 1), empty_root.view()));
  CHECK(is_none(ext_storage_get_version_1(ps(lit(":child_storage:default:kid")))));

  // Cursors (register_only versions): storage_kill 4, clear_prefix 3.
  const View kid2 = lit("kid2");
  Buf expected;
  expected.raw(some_vec(lit("b")).view());
  expected.u32le(1);  // backend
  expected.u32le(1);  // unique
  expected.u32le(1);  // loops
  CHECK(out_is(
      ext_default_child_storage_storage_kill_version_4(ps(kid2), ps(limit_1, 5), ps(no_limit, 1)),
      expected.view()));
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid2), ps(lit("a")))));
  const Buf cursor = some_vec(lit("c"));
  Buf rest;
  rest.byte(0);
  rest.u32le(1);
  rest.u32le(1);
  rest.u32le(1);
  CHECK(out_is(ext_default_child_storage_clear_prefix_version_3(ps(kid2), ps(lit("")),
                                                                ps(no_limit, 1), cursor.packed()),
               rest.view()));
  CHECK(child_get_is(kid2, lit("b"), lit("2")));
  ext_default_child_storage_clear_prefix_version_1(ps(kid2), ps(lit("b")));
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid2), ps(lit("b")))));
  ext_default_child_storage_set_version_1(ps(kid2), ps(lit("n")), ps(lit("new")));
  ext_default_child_storage_storage_kill_version_1(ps(kid2));
  CHECK(is_none(ext_default_child_storage_get_version_1(ps(kid2), ps(lit("n")))));

  // A child trie with content: its root lands in the main trie.
  ext_default_child_storage_set_version_1(ps(lit("kid3")), ps(lit("k")), ps(lit("v")));
  const View root = view_of(ext_default_child_storage_root_version_2(ps(lit("kid3")), 0));
  CHECK(root.len == 32);
  bool present = false;
  const View stored =
      option_vec(ext_storage_get_version_1(ps(lit(":child_storage:default:kid3"))), &present);
  CHECK(present && eq(stored, root));
  return kPass;
}

namespace {

// secp256k1 group order n, big-endian.
const uint8_t kOrderN[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                             0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                             0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};

void add_n(uint8_t* x) {
  int carry = 0;
  for (int i = 31; i >= 0; --i) {
    const int sum = x[i] + kOrderN[i] + carry;
    x[i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
}

View option_suri(const char* suri, Buf& storage) {
  storage = Buf{};
  storage.byte(1);
  Buf text;
  text.text(suri);
  storage.vec(text.view());
  return storage.view();
}

// SCALE Option<[u8; n]> at `packed`: the bytes if Some.
bool option_fixed(uint64_t packed, uint32_t n, View* out) {
  const View v = view_of(packed);
  if (v.len != n + 1 || v.data[0] != 1) return false;
  *out = View{v.data + 1, n};
  return true;
}

// SCALE Vec<[u8; n]> at `packed` holds exactly `count` keys, `key` among them.
bool keys_hold(uint64_t packed, uint32_t n, uint32_t count, View key) {
  Reader r{view_of(packed)};
  if (r.compact() != count) return false;
  bool found = false;
  for (uint32_t i = 0; i < count; ++i) found = eq(r.take(n), key) || found;
  return found && r.done();
}

}  // namespace

EXPORT(test_crypto)(uint32_t, uint32_t) {
  Buf seed, expected;
  const uint32_t id = key_type_test();
  const View msg = lit("message to sign");

  // ed25519 from a secret URI (the dev account //Alice), sign and verify.
  const View ed =
      view_at(ext_crypto_ed25519_generate_version_1(id, ps(option_suri("//Alice", seed))), 32);
  CHECK(eq(ed, hex("88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee", expected)));
  View sig;
  CHECK(option_fixed(ext_crypto_ed25519_sign_version_1(id, addr(ed.data), ps(msg)), 64, &sig));
  CHECK(ext_crypto_ed25519_verify_version_1(addr(sig.data), ps(msg), addr(ed.data)) == 1);
  CHECK(ext_crypto_ed25519_verify_version_1(addr(sig.data), ps(lit("other")), addr(ed.data)) == 0);
  // A key the keystore does not hold, or of another type: None.
  static const uint8_t other_type[4] = {'o', 't', 'h', 'r'};
  CHECK(is_none(ext_crypto_ed25519_sign_version_1(addr(other_type), addr(ed.data), ps(msg))));
  // A random second key; the list holds both, and only ed25519 keys.
  const View ed2 = view_at(ext_crypto_ed25519_generate_version_1(id, ps(none().view())), 32);
  CHECK(keys_hold(ext_crypto_ed25519_public_keys_version_1(id), 32, 2, ed));
  CHECK(keys_hold(ext_crypto_ed25519_public_keys_version_1(id), 32, 2, ed2));
  CHECK(out_is(ext_crypto_ed25519_public_keys_version_1(addr(other_type)), none().view()));
  // ZIP-215: the all-zero signature by the all-zero key of the empty message is valid.
  static const uint8_t zeros[64] = {};
  CHECK(ext_crypto_ed25519_verify_version_1(addr(zeros), ps(lit("")), addr(zeros)) == 1);

  // sr25519.
  const View sr =
      view_at(ext_crypto_sr25519_generate_version_1(id, ps(option_suri("//Alice", seed))), 32);
  CHECK(eq(sr, hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", expected)));
  CHECK(keys_hold(ext_crypto_sr25519_public_keys_version_1(id), 32, 1, sr));
  CHECK(option_fixed(ext_crypto_sr25519_sign_version_1(id, addr(sr.data), ps(msg)), 64, &sig));
  CHECK(ext_crypto_sr25519_verify_version_1(addr(sig.data), ps(msg), addr(sr.data)) == 1);
  CHECK(ext_crypto_sr25519_verify_version_2(addr(sig.data), ps(msg), addr(sr.data)) == 1);
  CHECK(ext_crypto_sr25519_verify_version_2(addr(sig.data), ps(lit("x")), addr(sr.data)) == 0);
  // A pre-0.8 schnorrkel signature (sp-core verify_known_old_message_should_work): version 1 only.
  Buf old_sig, old_pub;
  hex("5a9755f069939f45d96aaf125cf5ce7ba1db998686f87f2fb3cbdea922078741"
      "a73891ba265f70c31436e18a9acd14d189d73c12317ab6c313285cd938453202",
      old_sig);
  hex("b4bfa1f7a5166695eb75299fd1c4c03ea212871c342f2c5dfea0902b2c246918", old_pub);
  const View old_msg =
      lit("Verifying that I am the owner of 5G9hQLdsKQswNPgB499DeA5PkFBbgkLPJWkkS6FAM6xGQ8xD. "
          "Hash: 221455a3\n");
  CHECK(ext_crypto_sr25519_verify_version_1(addr(old_sig.data), ps(old_msg), addr(old_pub.data)) ==
        1);
  CHECK(ext_crypto_sr25519_verify_version_2(addr(old_sig.data), ps(old_msg), addr(old_pub.data)) ==
        0);

  // ecdsa: compressed keys, signatures of blake2_256(message), recovery.
  const View ec =
      view_at(ext_crypto_ecdsa_generate_version_1(id, ps(option_suri("//Alice", seed))), 33);
  CHECK(
      eq(ec, hex("020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1", expected)));
  CHECK(keys_hold(ext_crypto_ecdsa_public_keys_version_1(id), 33, 1, ec));
  View ecsig;
  CHECK(option_fixed(ext_crypto_ecdsa_sign_version_1(id, addr(ec.data), ps(msg)), 65, &ecsig));
  CHECK(ext_crypto_ecdsa_verify_version_1(addr(ecsig.data), ps(msg), addr(ec.data)) == 1);
  CHECK(ext_crypto_ecdsa_verify_version_2(addr(ecsig.data), ps(msg), addr(ec.data)) == 1);
  CHECK(ext_crypto_ecdsa_verify_version_2(addr(ecsig.data), ps(lit("x")), addr(ec.data)) == 0);
  const uint32_t digest = ext_hashing_blake2_256_version_1(ps(msg));
  CHECK(ext_crypto_ecdsa_verify_prehashed_version_1(addr(ecsig.data), digest, addr(ec.data)) == 1);
  View presig;
  CHECK(option_fixed(ext_crypto_ecdsa_sign_prehashed_version_1(id, addr(ec.data), digest), 65,
                     &presig));
  CHECK(ext_crypto_ecdsa_verify_prehashed_version_1(addr(presig.data), digest, addr(ec.data)) == 1);
  Buf ok_key;
  ok_key.byte(0);
  ok_key.raw(ec);
  CHECK(out_is(ext_crypto_secp256k1_ecdsa_recover_compressed_version_2(addr(ecsig.data), digest),
               ok_key.view()));
  CHECK(out_is(ext_crypto_secp256k1_ecdsa_recover_compressed_version_1(addr(ecsig.data), digest),
               ok_key.view()));
  const View full = view_of(ext_crypto_secp256k1_ecdsa_recover_version_2(addr(ecsig.data), digest));
  CHECK(full.len == 65 && full.data[0] == 0);
  CHECK(memcmp(full.data + 1, ec.data + 1, 32) == 0);  // x of the point
  // Ethereum-style recovery ids 27/28 are accepted.
  uint8_t eth[65];
  memcpy(eth, ecsig.data, 65);
  eth[64] = static_cast<uint8_t>(eth[64] + 27);
  CHECK(out_is(ext_crypto_secp256k1_ecdsa_recover_version_1(addr(eth), digest), full));
  // EcdsaVerifyError: BadRS = 0, BadV = 1, BadSignature = 2.
  const uint8_t bad_rs[] = {1, 0}, bad_v[] = {1, 1}, bad_signature[] = {1, 2};
  uint8_t broken[65];
  memcpy(broken, ecsig.data, 65);
  broken[64] = 31;
  CHECK(out_is_bytes(ext_crypto_secp256k1_ecdsa_recover_version_2(addr(broken), digest), bad_v));
  CHECK(out_is_bytes(ext_crypto_secp256k1_ecdsa_recover_compressed_version_1(addr(broken), digest),
                     bad_v));
  memcpy(broken, ecsig.data, 65);
  memcpy(broken, kOrderN, 32);  // r = n
  CHECK(out_is_bytes(ext_crypto_secp256k1_ecdsa_recover_version_2(addr(broken), digest), bad_rs));
  CHECK(out_is_bytes(ext_crypto_secp256k1_ecdsa_recover_version_1(addr(broken), digest),
                     bad_signature));
  // An "overflowing" signature: s small enough that s + n fits 256 bits. Version 1 reduces it
  // modulo n, version 2 refuses it.
  uint8_t small_s[65];
  memcpy(small_s, ecsig.data, 65);
  memset(small_s + 32, 0, 32);
  small_s[63] = 1;
  const View key =
      view_of(ext_crypto_secp256k1_ecdsa_recover_compressed_version_2(addr(small_s), digest));
  CHECK(key.len == 34 && key.data[0] == 0);
  uint8_t overflowing[65];
  memcpy(overflowing, small_s, 65);
  add_n(overflowing + 32);
  CHECK(out_is_bytes(
      ext_crypto_secp256k1_ecdsa_recover_compressed_version_2(addr(overflowing), digest), bad_rs));
  CHECK(out_is(ext_crypto_secp256k1_ecdsa_recover_compressed_version_1(addr(overflowing), digest),
               key));
  CHECK(ext_crypto_ecdsa_verify_version_1(addr(overflowing), ps(msg), addr(key.data + 1)) == 1);
  CHECK(ext_crypto_ecdsa_verify_version_2(addr(overflowing), ps(msg), addr(key.data + 1)) == 0);

  // Deprecated batch verification: each signature is checked at once, the batch collects.
  uint8_t bad_sig[64];
  memcpy(bad_sig, sig.data, 64);
  bad_sig[0] ^= 1;
  CHECK(ext_crypto_sr25519_batch_verify_version_1(addr(sig.data), ps(msg), addr(sr.data)) == 1);
  ext_crypto_start_batch_verify_version_1();
  CHECK(ext_crypto_sr25519_batch_verify_version_1(addr(sig.data), ps(msg), addr(sr.data)) == 1);
  CHECK(ext_crypto_sr25519_batch_verify_version_1(addr(bad_sig), ps(msg), addr(sr.data)) == 0);
  CHECK(ext_crypto_ecdsa_batch_verify_version_1(addr(ecsig.data), ps(msg), addr(ec.data)) == 1);
  CHECK(ext_crypto_finish_batch_verify_version_1() == 0);
  ext_crypto_start_batch_verify_version_1();
  CHECK(ext_crypto_ed25519_batch_verify_version_1(addr(zeros), ps(lit("")), addr(zeros)) == 1);
  CHECK(ext_crypto_finish_batch_verify_version_1() == 1);
  return kPass;
}

// The freeing-bump allocator through ext_allocator_*: 8-byte alignment, size classes, LIFO reuse.
EXPORT(test_allocator)(uint32_t, uint32_t) {
  const uint32_t a = ext_allocator_malloc_version_1(1);
  CHECK(a % 8 == 0);
  ext_allocator_free_version_1(a);
  CHECK(ext_allocator_malloc_version_1(8) == a);  // same size class (8 bytes): reused
  const uint32_t zero = ext_allocator_malloc_version_1(0);
  CHECK(zero != a && zero % 8 == 0);
  const uint32_t b = ext_allocator_malloc_version_1(100);  // 128-byte class
  const uint32_t c = ext_allocator_malloc_version_1(128);
  CHECK(c == b + 128 + 8);  // fresh blocks follow each other, header included
  ext_allocator_free_version_1(b);
  ext_allocator_free_version_1(c);
  CHECK(ext_allocator_malloc_version_1(65) == c);  // last freed, first reused
  CHECK(ext_allocator_malloc_version_1(127) == b);
  // The largest allocation (32 MiB) fits the default heap; it can be written to the end.
  const uint32_t big = ext_allocator_malloc_version_1(32u << 20);
  CHECK(big != 0);
  auto* last = reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(big + (32u << 20) - 1));
  *last = 7;
  CHECK(*last == 7);
  ext_allocator_free_version_1(big);
  return kPass;
}

// Input: the log filter the host was given (u8). Output lines are checked by the C++ side.
EXPORT(test_misc)(uint32_t ptr, uint32_t len) {
  CHECK(len == 1);
  const uint8_t filter = view_at(ptr, 1).data[0];
  CHECK(ext_logging_max_level_version_1() == filter);
  ext_misc_print_num_version_1(42);
  ext_misc_print_utf8_version_1(ps(lit("hello")));
  const uint8_t not_utf8[] = {0xff, 0xfe};
  ext_misc_print_utf8_version_1(ps(not_utf8, 2));  // dropped
  const uint8_t dead[] = {0xde, 0xad};
  ext_misc_print_hex_version_1(ps(dead, 2));
  ext_logging_log_version_1(2, ps(lit("canary")), ps(lit("info line")));   // Info
  ext_logging_log_version_1(4, ps(lit("canary")), ps(lit("trace line")));  // Trace
  ext_logging_log_version_1(0, ps(lit("canary")), ps(not_utf8, 2));        // dropped
  static const uint8_t hash[32] = {1, 2, 3};
  ext_transaction_index_index_version_1(7, 100, addr(hash));
  ext_transaction_index_renew_version_1(8, addr(hash));
  return kPass;
}

// The services of an offchain worker call; the C++ side checks what reached them.
EXPORT(test_offchain)(uint32_t, uint32_t) {
  CHECK(ext_offchain_is_validator_version_1() == 1);
  CHECK(ext_offchain_timestamp_version_1() > 1600000000000ull);
  ext_offchain_sleep_until_version_1(0);
  const View seed1 = view_at(ext_offchain_random_seed_version_1(), 32);
  const View seed2 = view_at(ext_offchain_random_seed_version_1(), 32);
  CHECK(!eq(seed1, seed2));

  // Local storage: PERSISTENT = 0 and LOCAL = 1 are separate.
  ext_offchain_local_storage_set_version_1(0, ps(lit("k")), ps(lit("v")));
  CHECK(
      out_is(ext_offchain_local_storage_get_version_1(0, ps(lit("k"))), some_vec(lit("v")).view()));
  CHECK(is_none(ext_offchain_local_storage_get_version_1(1, ps(lit("k")))));
  const Buf old_v = some_vec(lit("v"));
  CHECK(ext_offchain_local_storage_compare_and_set_version_1(0, ps(lit("k")), old_v.packed(),
                                                             ps(lit("w"))) == 1);
  CHECK(ext_offchain_local_storage_compare_and_set_version_1(0, ps(lit("k")), old_v.packed(),
                                                             ps(lit("x"))) == 0);
  CHECK(
      out_is(ext_offchain_local_storage_get_version_1(0, ps(lit("k"))), some_vec(lit("w")).view()));
  CHECK(ext_offchain_local_storage_compare_and_set_version_1(1, ps(lit("k")), none().packed(),
                                                             ps(lit("l"))) == 1);
  CHECK(
      out_is(ext_offchain_local_storage_get_version_1(1, ps(lit("k"))), some_vec(lit("l")).view()));
  ext_offchain_local_storage_clear_version_1(0, ps(lit("k")));
  CHECK(is_none(ext_offchain_local_storage_get_version_1(0, ps(lit("k")))));
  ext_offchain_local_storage_set_version_1(0, ps(lit("kept")), ps(lit("1")));

  // No network: HTTP fails, ids are invalid.
  const uint8_t err[] = {1};
  const uint8_t err_invalid[] = {1, 3};
  CHECK(out_is_bytes(ext_offchain_http_request_start_version_1(
                         ps(lit("GET")), ps(lit("http://localhost")), ps(lit(""))),
                     err));
  CHECK(out_is_bytes(ext_offchain_http_request_add_header_version_1(0, ps(lit("a")), ps(lit("b"))),
                     err));
  const uint8_t no_deadline[] = {0};
  CHECK(out_is_bytes(
      ext_offchain_http_request_write_body_version_1(0, ps(lit("body")), ps(no_deadline, 1)),
      err_invalid));
  const uint8_t ids[] = {0x08, 1, 0, 2, 0};                   // Vec<u16> [1, 2]
  const uint8_t deadline[] = {1, 0xe8, 3, 0, 0, 0, 0, 0, 0};  // Some(1000)
  const uint8_t two_invalid[] = {0x08, 2, 2};
  CHECK(out_is_bytes(ext_offchain_http_response_wait_version_1(ps(ids, 5), ps(deadline, 9)),
                     two_invalid));
  CHECK(out_is(ext_offchain_http_response_headers_version_1(1), none().view()));  // empty Vec
  uint8_t body[8];
  CHECK(out_is_bytes(
      ext_offchain_http_response_read_body_version_1(1, ps(body, 8), ps(no_deadline, 1)),
      err_invalid));
  CHECK(out_is_bytes(ext_offchain_network_state_version_1(), err));
  CHECK(out_is_bytes(ext_offchain_submit_transaction_version_1(ps(lit("xt"))), err));
  const uint8_t nodes[] = {0x04, 0x08, 1, 2};  // Vec<OpaquePeerId> [[1, 2]]
  ext_offchain_set_authorized_nodes_version_1(ps(nodes, 4), 1);
  return kPass;
}

// Offchain index writes follow the storage transactions. Block execution: no offchain services.
EXPORT(test_offchain_index)(uint32_t, uint32_t) {
  ext_offchain_index_set_version_1(ps(lit("ik")), ps(lit("iv")));
  ext_storage_start_transaction_version_1();
  ext_offchain_index_set_version_1(ps(lit("gone")), ps(lit("x")));
  ext_storage_rollback_transaction_version_1();
  ext_storage_start_transaction_version_1();
  ext_offchain_index_clear_version_1(ps(lit("cleared")));
  ext_storage_commit_transaction_version_1();
  // A transaction left open is rolled back by the host when the call ends.
  ext_storage_start_transaction_version_1();
  ext_offchain_index_set_version_1(ps(lit("dangling")), ps(lit("x")));
  ext_storage_set_version_1(ps(lit("dangling")), ps(lit("x")));
  return kPass;
}

// Each case makes a host function fail; the host must not return.
EXPORT(bad_call)(uint32_t ptr, uint32_t len) {
  if (len != 1) return failure(__LINE__, "input must be the case number");
  const uint8_t which = view_at(ptr, 1).data[0];
  const uint32_t memory_end = static_cast<uint32_t>(__builtin_wasm_memory_size(0)) * 65536u;
  const uint8_t garbage[] = {0x05};
  static uint8_t buffer[8];
  switch (which) {
    case 0:  // a key past the end of the memory
      ext_storage_get_version_1(ps(view_at(memory_end, 1)));
      break;
    case 1:  // a key running over the end
      ext_storage_set_version_1(ps(view_at(memory_end - 1, 2)), ps(lit("v")));
      break;
    case 2:  // an output buffer over the end, for a key that does not exist
      ext_storage_read_version_1(ps(lit("nope")), ps(view_at(memory_end - 4, 8)), 0);
      break;
    case 3:  // pointer + length wrap around 2^32
      ext_hashing_blake2_256_version_1(ps(view_at(0xFFFFFFFFu, 0xFFFFFFFFu)));
      break;
    case 4:  // a fixed-size argument over the end
      ext_crypto_ed25519_verify_version_1(memory_end - 10, ps(lit("")), addr(buffer));
      break;
    case 5:  // a limit that is no SCALE Option<u32>
      ext_storage_clear_prefix_version_2(ps(lit("a")), ps(garbage, 1));
      break;
    case 6:  // closing a transaction that was never opened
      ext_storage_commit_transaction_version_1();
      break;
    case 7:  // freeing a pointer that cannot follow a header
      ext_allocator_free_version_1(4);
      break;
    case 8:  // more than the largest allocation
      ext_allocator_malloc_version_1((32u << 20) + 1);
      break;
    case 9: {  // freeing twice
      const uint32_t p = ext_allocator_malloc_version_1(16);
      ext_allocator_free_version_1(p);
      ext_allocator_free_version_1(p);
      break;
    }
    case 10: {  // a seed that is not UTF-8
      const uint8_t seed[] = {1, 0x04, 0xff};
      ext_crypto_ed25519_generate_version_1(key_type_test(), ps(seed, 3));
      break;
    }
    case 11: {  // a seed that is no phrase
      Buf seed;
      ext_crypto_sr25519_generate_version_1(key_type_test(), ps(option_suri("not a phrase", seed)));
      break;
    }
    case 12:  // a trie root input that does not decode
      ext_trie_blake2_256_root_version_1(ps(garbage, 1));
      break;
    case 13:  // a log level past Trace
      ext_logging_log_version_1(5, ps(lit("t")), ps(lit("m")));
      break;
    case 14:  // an offchain storage kind that does not exist
      ext_offchain_local_storage_set_version_1(5, ps(lit("k")), ps(lit("v")));
      break;
    case 15:  // offchain worker functions outside an offchain worker
      ext_offchain_is_validator_version_1();
      break;
    case 16:  // a state version that does not exist
      ext_storage_root_version_2(2);
      break;
    case 17:  // finishing a batch that was not started
      ext_crypto_finish_batch_verify_version_1();
      break;
    case 18: {  // a log target that is not UTF-8
      const uint8_t target[] = {0xc3};
      ext_logging_log_version_1(1, ps(target, 1), ps(lit("m")));
      break;
    }
    case 19:  // a signature pointer past the end
      ext_crypto_secp256k1_ecdsa_recover_version_2(memory_end, addr(buffer));
      break;
    case 20:  // a child storage key past the end
      ext_default_child_storage_get_version_1(ps(view_at(memory_end + 16, 4)), ps(lit("k")));
      break;
    case 21:  // local storage outside an offchain call
      ext_offchain_local_storage_get_version_1(0, ps(lit("k")));
      break;
    case 22:  // a verify_proof root pointer past the end
      ext_trie_blake2_256_verify_proof_version_1(memory_end - 31, ps(garbage, 1), ps(lit("k")),
                                                 ps(lit("v")));
      break;
    case 23:  // starting a second batch
      ext_crypto_start_batch_verify_version_1();
      ext_crypto_start_batch_verify_version_1();
      break;
    default:
      return failure(__LINE__, "unknown case");
  }
  return failure(__LINE__, "the host function returned");
}
