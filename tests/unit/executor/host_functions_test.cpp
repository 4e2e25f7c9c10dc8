// The host functions called directly, on a plain memory, without an engine: the registered list
// and signatures, bounds checks on every pointer, SCALE shapes of the answers, and behaviours that
// are awkward to reach from Wasm (a client-opened transaction, the spec's hidden child keys,
// garbage arguments for every function).
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "executor/host/signature_verifier.hpp"
#include "executor/keystore/memory_keystore.hpp"
#include "executor/offchain/memory_offchain_storage.hpp"
#include "host_test_support.hpp"
#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::executor::host {
namespace {

using testing::b;
using testing::DirectHost;
using testing::error_kind;
using testing::MemoryState;

struct Expected {
  const char* name;
  const char* params;  // 'i' = i32, 'j' = i64
  char result;         // 'i', 'j' or '-'
};

// The reference node's host API (sp-io SubstrateHostFunctions + cumulus storage_proof_size):
// w3f/polkadot-spec's list, smoldot's 103 functions, and the register_only versions.
constexpr Expected kExpected[] = {
    {"ext_storage_set_version_1", "jj", '-'},
    {"ext_storage_get_version_1", "j", 'j'},
    {"ext_storage_read_version_1", "jji", 'j'},
    {"ext_storage_clear_version_1", "j", '-'},
    {"ext_storage_exists_version_1", "j", 'i'},
    {"ext_storage_clear_prefix_version_1", "j", '-'},
    {"ext_storage_clear_prefix_version_2", "jj", 'j'},
    {"ext_storage_clear_prefix_version_3", "jjj", 'j'},
    {"ext_storage_append_version_1", "jj", '-'},
    {"ext_storage_root_version_1", "", 'j'},
    {"ext_storage_root_version_2", "i", 'j'},
    {"ext_storage_changes_root_version_1", "j", 'j'},
    {"ext_storage_next_key_version_1", "j", 'j'},
    {"ext_storage_start_transaction_version_1", "", '-'},
    {"ext_storage_rollback_transaction_version_1", "", '-'},
    {"ext_storage_commit_transaction_version_1", "", '-'},
    {"ext_storage_proof_size_storage_proof_size_version_1", "", 'j'},
    {"ext_default_child_storage_set_version_1", "jjj", '-'},
    {"ext_default_child_storage_get_version_1", "jj", 'j'},
    {"ext_default_child_storage_read_version_1", "jjji", 'j'},
    {"ext_default_child_storage_clear_version_1", "jj", '-'},
    {"ext_default_child_storage_storage_kill_version_1", "j", '-'},
    {"ext_default_child_storage_storage_kill_version_2", "jj", 'i'},
    {"ext_default_child_storage_storage_kill_version_3", "jj", 'j'},
    {"ext_default_child_storage_storage_kill_version_4", "jjj", 'j'},
    {"ext_default_child_storage_exists_version_1", "jj", 'i'},
    {"ext_default_child_storage_clear_prefix_version_1", "jj", '-'},
    {"ext_default_child_storage_clear_prefix_version_2", "jjj", 'j'},
    {"ext_default_child_storage_clear_prefix_version_3", "jjjj", 'j'},
    {"ext_default_child_storage_root_version_1", "j", 'j'},
    {"ext_default_child_storage_root_version_2", "ji", 'j'},
    {"ext_default_child_storage_next_key_version_1", "jj", 'j'},
    {"ext_crypto_ed25519_public_keys_version_1", "i", 'j'},
    {"ext_crypto_ed25519_generate_version_1", "ij", 'i'},
    {"ext_crypto_ed25519_sign_version_1", "iij", 'j'},
    {"ext_crypto_ed25519_verify_version_1", "iji", 'i'},
    {"ext_crypto_ed25519_batch_verify_version_1", "iji", 'i'},
    {"ext_crypto_sr25519_public_keys_version_1", "i", 'j'},
    {"ext_crypto_sr25519_generate_version_1", "ij", 'i'},
    {"ext_crypto_sr25519_sign_version_1", "iij", 'j'},
    {"ext_crypto_sr25519_verify_version_1", "iji", 'i'},
    {"ext_crypto_sr25519_verify_version_2", "iji", 'i'},
    {"ext_crypto_sr25519_batch_verify_version_1", "iji", 'i'},
    {"ext_crypto_ecdsa_public_keys_version_1", "i", 'j'},
    {"ext_crypto_ecdsa_generate_version_1", "ij", 'i'},
    {"ext_crypto_ecdsa_sign_version_1", "iij", 'j'},
    {"ext_crypto_ecdsa_sign_prehashed_version_1", "iii", 'j'},
    {"ext_crypto_ecdsa_verify_version_1", "iji", 'i'},
    {"ext_crypto_ecdsa_verify_version_2", "iji", 'i'},
    {"ext_crypto_ecdsa_verify_prehashed_version_1", "iii", 'i'},
    {"ext_crypto_ecdsa_batch_verify_version_1", "iji", 'i'},
    {"ext_crypto_secp256k1_ecdsa_recover_version_1", "ii", 'j'},
    {"ext_crypto_secp256k1_ecdsa_recover_version_2", "ii", 'j'},
    {"ext_crypto_secp256k1_ecdsa_recover_compressed_version_1", "ii", 'j'},
    {"ext_crypto_secp256k1_ecdsa_recover_compressed_version_2", "ii", 'j'},
    {"ext_crypto_start_batch_verify_version_1", "", '-'},
    {"ext_crypto_finish_batch_verify_version_1", "", 'i'},
    {"ext_hashing_keccak_256_version_1", "j", 'i'},
    {"ext_hashing_keccak_512_version_1", "j", 'i'},
    {"ext_hashing_sha2_256_version_1", "j", 'i'},
    {"ext_hashing_blake2_128_version_1", "j", 'i'},
    {"ext_hashing_blake2_256_version_1", "j", 'i'},
    {"ext_hashing_twox_64_version_1", "j", 'i'},
    {"ext_hashing_twox_128_version_1", "j", 'i'},
    {"ext_hashing_twox_256_version_1", "j", 'i'},
    {"ext_offchain_is_validator_version_1", "", 'i'},
    {"ext_offchain_submit_transaction_version_1", "j", 'j'},
    {"ext_offchain_network_state_version_1", "", 'j'},
    {"ext_offchain_timestamp_version_1", "", 'j'},
    {"ext_offchain_sleep_until_version_1", "j", '-'},
    {"ext_offchain_random_seed_version_1", "", 'i'},
    {"ext_offchain_local_storage_set_version_1", "ijj", '-'},
    {"ext_offchain_local_storage_clear_version_1", "ij", '-'},
    {"ext_offchain_local_storage_compare_and_set_version_1", "ijjj", 'i'},
    {"ext_offchain_local_storage_get_version_1", "ij", 'j'},
    {"ext_offchain_http_request_start_version_1", "jjj", 'j'},
    {"ext_offchain_http_request_add_header_version_1", "ijj", 'j'},
    {"ext_offchain_http_request_write_body_version_1", "ijj", 'j'},
    {"ext_offchain_http_response_wait_version_1", "jj", 'j'},
    {"ext_offchain_http_response_headers_version_1", "i", 'j'},
    {"ext_offchain_http_response_read_body_version_1", "ijj", 'j'},
    {"ext_offchain_set_authorized_nodes_version_1", "ji", '-'},
    {"ext_offchain_index_set_version_1", "jj", '-'},
    {"ext_offchain_index_clear_version_1", "j", '-'},
    {"ext_trie_blake2_256_root_version_1", "j", 'i'},
    {"ext_trie_blake2_256_root_version_2", "ji", 'i'},
    {"ext_trie_blake2_256_ordered_root_version_1", "j", 'i'},
    {"ext_trie_blake2_256_ordered_root_version_2", "ji", 'i'},
    {"ext_trie_keccak_256_root_version_1", "j", 'i'},
    {"ext_trie_keccak_256_root_version_2", "ji", 'i'},
    {"ext_trie_keccak_256_ordered_root_version_1", "j", 'i'},
    {"ext_trie_keccak_256_ordered_root_version_2", "ji", 'i'},
    {"ext_trie_blake2_256_verify_proof_version_1", "ijjj", 'i'},
    {"ext_trie_blake2_256_verify_proof_version_2", "ijjji", 'i'},
    {"ext_trie_keccak_256_verify_proof_version_1", "ijjj", 'i'},
    {"ext_trie_keccak_256_verify_proof_version_2", "ijjji", 'i'},
    {"ext_misc_print_num_version_1", "j", '-'},
    {"ext_misc_print_utf8_version_1", "j", '-'},
    {"ext_misc_print_hex_version_1", "j", '-'},
    {"ext_misc_runtime_version_version_1", "j", 'j'},
    {"ext_allocator_malloc_version_1", "i", 'i'},
    {"ext_allocator_free_version_1", "i", '-'},
    {"ext_logging_log_version_1", "ijj", '-'},
    {"ext_logging_max_level_version_1", "", 'i'},
    {"ext_panic_handler_abort_on_panic_version_1", "j", '-'},
    {"ext_wasm_tracing_enabled_version_1", "j", 'i'},
    {"ext_wasm_tracing_enter_span_version_1", "j", 'j'},
    {"ext_wasm_tracing_event_version_1", "j", '-'},
    {"ext_wasm_tracing_exit_version_1", "j", '-'},
    {"ext_transaction_index_index_version_1", "iii", '-'},
    {"ext_transaction_index_renew_version_1", "ii", '-'},
};

Signature signature_of(const Expected& e) {
  Signature s;
  for (const char* p = e.params; *p != 0; ++p) {
    s.params.push_back(*p == 'i' ? ValueType::kI32 : ValueType::kI64);
  }
  if (e.result != '-') s.result = e.result == 'i' ? ValueType::kI32 : ValueType::kI64;
  return s;
}

TEST(HostApi, RegistersExactlyTheReferenceFunctions) {
  const HostFunctionTable table = host_api();
  EXPECT_EQ(table.functions().size(), std::size(kExpected));
  std::set<std::string> names;
  for (const Expected& e : kExpected) {
    EXPECT_TRUE(names.insert(e.name).second) << "listed twice: " << e.name;
    const HostFunction* f = table.find("env", e.name);
    ASSERT_NE(f, nullptr) << e.name;
    EXPECT_EQ(f->signature, signature_of(e)) << e.name << " is " << to_string(f->signature);
    EXPECT_NE(f->callback, nullptr);
  }
  // register_all adds to a table without replacing what it has.
  HostFunctionTable mine;
  mine.add({"env", "ext_misc_print_num_version_1", {{ValueType::kI64}, std::nullopt}, nullptr});
  register_all(mine);
  EXPECT_EQ(mine.functions().size(), std::size(kExpected));
  EXPECT_EQ(mine.find("env", "ext_misc_print_num_version_1")->callback, nullptr);
}

// --- pointers ---------------------------------------------------------------------------------

TEST(HostApi, PointersOutsideTheMemoryAreTypedErrors) {
  MemoryState state;
  HostContext context;
  context.storage = &state.overlay();
  DirectHost host(&context, 1);
  const uint64_t size = host.memory().size();
  auto ps = [](uint64_t ptr, uint64_t len) { return WasmValue::i64(ptr | (len << 32)); };
  const WasmValue key = host.put("key");
  using K = ExecutionErrorKind;
  EXPECT_EQ(error_kind(host.call("ext_storage_get_version_1", {ps(size, 1)})),
            K::kMemoryOutOfBounds);
  EXPECT_EQ(error_kind(host.call("ext_storage_get_version_1", {ps(size - 1, 2)})),
            K::kMemoryOutOfBounds);
  EXPECT_EQ(error_kind(host.call("ext_storage_get_version_1", {ps(0xFFFFFFFF, 0xFFFFFFFF)})),
            K::kMemoryOutOfBounds);
  // A zero-length slice may sit at the very end, not past it.
  EXPECT_TRUE(host.call("ext_storage_get_version_1", {ps(size, 0)}).has_value());
  EXPECT_EQ(error_kind(host.call("ext_storage_get_version_1", {ps(size + 1, 0)})),
            K::kMemoryOutOfBounds);
  // The output buffer of read must lie in the memory even for a missing key.
  EXPECT_EQ(error_kind(
                host.call("ext_storage_read_version_1", {key, ps(size - 2, 4), WasmValue::i32(0)})),
            K::kMemoryOutOfBounds);
  // Fixed-size arguments: the whole size must fit.
  EXPECT_EQ(error_kind(host.call(
                "ext_crypto_ed25519_verify_version_1",
                {WasmValue::i32(static_cast<uint32_t>(size - 63)), key, WasmValue::i32(0)})),
            K::kMemoryOutOfBounds);
  EXPECT_TRUE(host.call("ext_crypto_ed25519_verify_version_1",
                        {WasmValue::i32(static_cast<uint32_t>(size - 64)), key, WasmValue::i32(0)})
                  .has_value());
  auto failed = host.call("ext_hashing_twox_128_version_1", {ps(size, 8)});
  ASSERT_FALSE(failed.has_value());
  EXPECT_NE(failed.error().message.find("ext_hashing_twox_128_version_1"), std::string::npos)
      << failed.error().message;
}

// Every function, fed random arguments (pointers mostly near or past the end of a small memory),
// fails cleanly or answers; nothing reads or writes outside the memory (ASan builds check).
class SleeplessWorker final : public offchain::OffchainWorker {
 public:
  bool is_validator() override { return true; }
  std::optional<offchain::NetworkState> network_state() override {
    return offchain::NetworkState{{1, 2, 3}, {{4, 5}}};
  }
  offchain::Timestamp timestamp() override { return 1; }
  void sleep_until(offchain::Timestamp) override {}
  Hash256 random_seed() override { return Hash256{7}; }
  std::optional<offchain::HttpRequestId> http_request_start(std::string_view, std::string_view,
                                                            ByteSpan) override {
    return 3;
  }
  bool http_request_add_header(offchain::HttpRequestId, std::string_view,
                               std::string_view) override {
    return true;
  }
  Result<void, offchain::HttpError> http_request_write_body(
      offchain::HttpRequestId, ByteSpan, std::optional<offchain::Timestamp>) override {
    return {};
  }
  std::vector<offchain::HttpRequestStatus> http_response_wait(
      std::span<const offchain::HttpRequestId> ids, std::optional<offchain::Timestamp>) override {
    return std::vector<offchain::HttpRequestStatus>(
        ids.size(), {offchain::HttpRequestStatus::Kind::kFinished, 200});
  }
  std::vector<std::pair<Bytes, Bytes>> http_response_headers(offchain::HttpRequestId) override {
    return {{b("a"), b("b")}};
  }
  Result<uint32_t, offchain::HttpError> http_response_read_body(
      offchain::HttpRequestId, MutableByteSpan buffer,
      std::optional<offchain::Timestamp>) override {
    for (auto& byte : buffer) byte = 'x';
    return static_cast<uint32_t>(buffer.size());
  }
  void set_authorized_nodes(std::vector<Bytes>, bool) override {}
};

TEST(HostApi, GarbageArgumentsNeverCrash) {
  MemoryState state({{b("k"), b("v")}}, {{b("c"), {{b("x"), b("y")}}}});
  keystore::MemoryKeystore keys;
  offchain::MemoryOffchainStorage offchain_storage;
  offchain::OffchainIndexChanges index;
  SleeplessWorker worker;
  offchain::RejectingTransactionPool pool;
  MemoryLogger logger;
  HostContext context;
  context.storage = &state.overlay();
  context.keystore = &keys;
  context.offchain_storage = &offchain_storage;
  context.offchain_index = &index;
  context.offchain_worker = &worker;
  context.transaction_pool = &pool;
  context.logger = &logger;

  std::mt19937_64 rng(20260101);
  const HostFunctionTable table = host_api();
  size_t failures = 0, answers = 0;
  for (int round = 0; round < 60; ++round) {
    DirectHost host(&context, 1);
    const uint64_t size = host.memory().size();
    // Some plausible bytes to point at.
    Bytes junk(512);
    for (auto& byte : junk) byte = static_cast<uint8_t>(rng());
    (void)host.put(junk);
    auto pointer = [&]() -> uint64_t {
      switch (rng() % 4) {
        case 0:
          return rng() % 1024;  // inside, below the heap
        case 1:
          return size - rng() % 64;  // at the end
        case 2:
          return size + rng() % 64;  // just past it
        default:
          return static_cast<uint32_t>(rng());  // anywhere
      }
    };
    for (const HostFunction& f : table.functions()) {
      std::vector<WasmValue> args;
      for (ValueType type : f.signature.params) {
        if (type == ValueType::kI32) {
          args.push_back(WasmValue::i32(rng() % 3 == 0 ? static_cast<uint32_t>(rng() % 8)
                                                       : static_cast<uint32_t>(pointer())));
        } else {
          const uint64_t len = rng() % 3 == 0 ? rng() % 16 : static_cast<uint32_t>(rng() % 600);
          args.push_back(WasmValue::i64((pointer() & 0xFFFFFFFF) | (len << 32)));
        }
      }
      // Guard against a trap in the middle leaving transactions open for the next round.
      HostCallContext call{host.memory(), host.allocator(), &context};
      auto result = f.callback(call, args);
      result ? ++answers : ++failures;
    }
    context.exit_runtime();
    // A storage transaction that the garbage closed... cannot happen: the runtime closes only its
    // own, and exit_runtime rolled those back.
    EXPECT_EQ(state.overlay().transaction_depth(), 0u);
  }
  EXPECT_GT(failures, 0u);
  EXPECT_GT(answers, 0u);
}

// --- storage ------------------------------------------------------------------------------------

TEST(HostApi, StorageAnswersInTheReferenceShapes) {
  MemoryState state({{b("k"), b("value")}});
  HostContext context;
  context.storage = &state.overlay();
  DirectHost host(&context);
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_get_version_1", {host.put("k")})),
            (Bytes{1, 20, 'v', 'a', 'l', 'u', 'e'}));
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_get_version_1", {host.put("x")})), Bytes{0});
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_root_version_1", {})).size(), 32u);
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_root_version_1", {})),
            Bytes(state.root().begin(), state.root().end()));
  // Option<u32> from read.
  const WasmValue out = host.put("......");
  EXPECT_EQ(host.bytes_of(
                host.call("ext_storage_read_version_1", {host.put("k"), out, WasmValue::i32(2)})),
            (Bytes{1, 3, 0, 0, 0}));
  EXPECT_EQ(*host.memory().read(PointerSize::unpack(out.as_u64()).ptr, 6), b("lue..."));
  // The limit of clear_prefix decodes from the front; trailing bytes are ignored.
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_clear_prefix_version_2",
                                    {host.put("k"), host.put(Bytes{1, 5, 0, 0, 0, 0xff})})),
            (Bytes{0, 1, 0, 0, 0}));
  EXPECT_EQ(error_kind(host.call("ext_storage_clear_prefix_version_2",
                                 {host.put("k"), host.put(Bytes{1, 5, 0})})),
            ExecutionErrorKind::kHostError);
  EXPECT_EQ(host.call("ext_storage_proof_size_storage_proof_size_version_1", {})->value().bits,
            ~uint64_t{0});
  // Values written in the call, with one- and two-byte length prefixes, and empty.
  for (const std::string& written : {std::string(300, 'w'), std::string("short"), std::string()}) {
    ASSERT_TRUE(host.call("ext_storage_set_version_1", {host.put("k"), host.put(written)}));
    EXPECT_EQ(host.bytes_of(host.call("ext_storage_get_version_1", {host.put("k")})),
              scale::encode(std::optional<Bytes>(b(written))));
  }
}

TEST(HostApi, StorageNeedsAStorage) {
  HostContext context;
  DirectHost host(&context);
  EXPECT_EQ(error_kind(host.call("ext_storage_get_version_1", {host.put("k")})),
            ExecutionErrorKind::kHostError);
  DirectHost bare;
  EXPECT_EQ(error_kind(bare.call("ext_storage_root_version_1", {})),
            ExecutionErrorKind::kHostError);
  // Pure functions need no context at all.
  const Hash256 empty = hash::blake2b_256({});
  EXPECT_EQ(bare.fixed_of(bare.call("ext_hashing_blake2_256_version_1", {bare.put("")}), 32),
            Bytes(empty.begin(), empty.end()));
}

// The runtime cannot close transactions the client opened before the call (the reference's
// overlay counts the runtime's own), and those it leaves open end with the call.
TEST(HostApi, TransactionsAreTheRuntimes) {
  MemoryState state;
  offchain::OffchainIndexChanges index;
  HostContext context;
  context.storage = &state.overlay();
  context.offchain_index = &index;
  DirectHost host(&context);
  state.overlay().start_transaction();  // the client's
  EXPECT_EQ(error_kind(host.call("ext_storage_commit_transaction_version_1", {})),
            ExecutionErrorKind::kHostError);
  EXPECT_EQ(error_kind(host.call("ext_storage_rollback_transaction_version_1", {})),
            ExecutionErrorKind::kHostError);
  EXPECT_EQ(state.overlay().transaction_depth(), 1u);
  ASSERT_TRUE(host.call("ext_storage_start_transaction_version_1", {}).has_value());
  ASSERT_TRUE(host.call("ext_storage_start_transaction_version_1", {}).has_value());
  ASSERT_TRUE(host.call("ext_storage_set_version_1", {host.put("a"), host.put("1")}).has_value());
  ASSERT_TRUE(host.call("ext_offchain_index_set_version_1", {host.put("i"), host.put("1")}));
  EXPECT_EQ(state.overlay().transaction_depth(), 3u);
  EXPECT_EQ(index.transaction_depth(), 2u);
  ASSERT_TRUE(host.call("ext_storage_commit_transaction_version_1", {}).has_value());
  EXPECT_EQ(context.runtime_transaction_depth(), 1u);
  context.exit_runtime();
  EXPECT_EQ(context.runtime_transaction_depth(), 0u);
  EXPECT_EQ(state.overlay().transaction_depth(), 1u);  // the client's is still open
  EXPECT_EQ(*state.overlay().get(b("a")), std::nullopt);
  EXPECT_TRUE(index.empty());
}

TEST(HostApi, ChildStorageKeysThroughTheMainTrie) {
  // "0" < ":child_storage:…" < "z".
  MemoryState state({{b("0"), b("1")}, {b("z"), b("2")}}, {{b("kid"), {{b("x"), b("y")}}}});
  HostContext context;
  context.storage = &state.overlay();
  DirectHost host(&context);
  const std::string child_key = ":child_storage:default:kid";
  // As the reference host: the child root is readable, and writes are refused.
  const Bytes root_entry =
      host.bytes_of(host.call("ext_storage_get_version_1", {host.put(child_key)}));
  ASSERT_EQ(root_entry.size(), 34u);  // Some(32 bytes)
  ASSERT_TRUE(host.call("ext_storage_set_version_1", {host.put(child_key), host.put("x")}));
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_get_version_1", {host.put(child_key)})),
            root_entry);
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_next_key_version_1", {host.put("0")})),
            scale::encode(std::optional<Bytes>(b(child_key))));
  // As the spec asks, when told to: hidden from reads, skipped by next_key.
  context.hide_child_storage_keys = true;
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_get_version_1", {host.put(child_key)})), Bytes{0});
  EXPECT_EQ(host.call("ext_storage_exists_version_1", {host.put(child_key)})->value().bits, 0u);
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_next_key_version_1", {host.put("0")})),
            scale::encode(std::optional<Bytes>(b("z"))));
  EXPECT_EQ(host.bytes_of(host.call("ext_storage_read_version_1",
                                    {host.put(child_key), host.put("...."), WasmValue::i32(0)})),
            Bytes{0});
}

// --- crypto
// ---------------------------------------------------------------------------------------

TEST(HostApi, KeystoreFunctionsNeedAKeystore) {
  HostContext context;
  DirectHost host(&context);
  const WasmValue id = host.put_ptr(b("test"));
  EXPECT_EQ(error_kind(host.call("ext_crypto_sr25519_public_keys_version_1", {id})),
            ExecutionErrorKind::kHostError);
  EXPECT_EQ(
      error_kind(host.call("ext_crypto_ed25519_generate_version_1", {id, host.put(Bytes{0})})),
      ExecutionErrorKind::kHostError);
}

TEST(HostApi, SignaturesAreOptionsOfFixedArrays) {
  keystore::MemoryKeystore keys;
  HostContext context;
  context.keystore = &keys;
  DirectHost host(&context);
  const WasmValue id = host.put_ptr(b("test"));
  const Bytes seed = scale::encode(std::optional<Bytes>(b("//Bob")));
  const Bytes key =
      host.fixed_of(host.call("ext_crypto_ecdsa_generate_version_1", {id, host.put(seed)}), 33);
  const Bytes signature = host.bytes_of(
      host.call("ext_crypto_ecdsa_sign_version_1", {id, host.put_ptr(key), host.put("msg")}));
  ASSERT_EQ(signature.size(), 66u);  // Some ‖ [u8; 65], no length prefix
  EXPECT_EQ(signature[0], 1);
  crypto::ecdsa::Signature sig{};
  std::copy(signature.begin() + 1, signature.end(), sig.begin());
  crypto::ecdsa::PublicKey public_key{};
  std::copy(key.begin(), key.end(), public_key.begin());
  EXPECT_TRUE(crypto::ecdsa::verify(sig, as_bytes("msg"), public_key));
  // Public keys: Vec<[u8; 33]>.
  const Bytes list = host.bytes_of(host.call("ext_crypto_ecdsa_public_keys_version_1", {id}));
  ASSERT_EQ(list.size(), 34u);
  EXPECT_EQ(list[0], 4);  // Compact(1)
}

TEST(HostApi, BatchVerificationIsPerCall) {
  HostContext context;
  DirectHost host(&context);
  ASSERT_TRUE(host.call("ext_crypto_start_batch_verify_version_1", {}).has_value());
  EXPECT_TRUE(context.batch_verification.has_value());
  context.exit_runtime();
  EXPECT_FALSE(context.batch_verification.has_value());
  EXPECT_EQ(error_kind(host.call("ext_crypto_finish_batch_verify_version_1", {})),
            ExecutionErrorKind::kHostError);
}

// With a signature verifier (the node's import), a batch's checks are answered true at once and
// judged together by finish_batch_verify, on 0 or more worker threads; without one, each answer is
// the check's (above).
TEST(HostApi, BatchVerificationWithAVerifierDefersTheChecks) {
  const auto pair = crypto::sr25519::keypair_from_mini_secret(ByteArray<32>{9});
  const Bytes message{1, 2, 3};
  const crypto::sr25519::Signature signature = crypto::sr25519::sign(pair, message);
  crypto::sr25519::Signature bad = signature;
  bad[0] ^= 1;
  for (const size_t workers : {0U, 2U}) {
    SignatureVerifier verifier(workers);
    HostContext context;
    context.signature_verifier = &verifier;
    DirectHost host(&context);
    const WasmValue good_sig = host.put_ptr(signature);
    const WasmValue bad_sig = host.put_ptr(bad);
    const WasmValue msg = host.put(message);
    const WasmValue key = host.put_ptr(pair.public_key);
    const auto check = [&](WasmValue sig) {
      return (*host.call("ext_crypto_sr25519_batch_verify_version_1", {sig, msg, key}))->as_u32();
    };
    const auto start = [&] {
      ASSERT_TRUE(host.call("ext_crypto_start_batch_verify_version_1", {}).has_value());
    };
    const auto finish = [&] {
      return (*host.call("ext_crypto_finish_batch_verify_version_1", {}))->as_u32();
    };
    // Outside a batch, each answer is its check's.
    EXPECT_EQ(check(good_sig), 1U);
    EXPECT_EQ(check(bad_sig), 0U);
    start();
    EXPECT_EQ(check(good_sig), 1U);
    EXPECT_EQ(check(bad_sig), 1U);  // queued
    EXPECT_EQ(finish(), 0U) << workers;
    start();
    EXPECT_EQ(check(good_sig), 1U);
    EXPECT_EQ(check(good_sig), 1U);
    EXPECT_EQ(finish(), 1U) << workers;
    // A call that ends without finishing drops its batch.
    start();
    EXPECT_EQ(check(bad_sig), 1U);
    context.exit_runtime();
    start();
    EXPECT_EQ(check(good_sig), 1U);
    EXPECT_EQ(finish(), 1U) << workers;
  }
}

// --- misc, logging, offchain ----------------------------------------------------------------

TEST(HostApi, LogLevelsAreVariantIndices) {
  MemoryLogger logger(LogFilter::kTrace);
  HostContext context;
  context.logger = &logger;
  DirectHost host(&context);
  for (uint32_t wire = 0; wire < 5; ++wire) {
    ASSERT_TRUE(host.call("ext_logging_log_version_1",
                          {WasmValue::i32(wire), host.put("t"), host.put("m")}));
  }
  // Only the low byte counts (a u8 in the reference); 5 and above do not exist.
  ASSERT_TRUE(host.call("ext_logging_log_version_1",
                        {WasmValue::i32(0x100), host.put("t"), host.put("m")}));
  EXPECT_EQ(error_kind(host.call("ext_logging_log_version_1",
                                 {WasmValue::i32(5), host.put("t"), host.put("m")})),
            ExecutionErrorKind::kHostError);
  const auto lines = logger.lines();
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].level, LogLevel::kError);
  EXPECT_EQ(lines[4].level, LogLevel::kTrace);
  EXPECT_EQ(lines[5].level, LogLevel::kError);
  EXPECT_EQ(host.call("ext_logging_max_level_version_1", {})->value().as_u32(), 5u);
}

TEST(HostApi, OffchainStorageKindsAreVariantIndices) {
  offchain::MemoryOffchainStorage storage;
  HostContext context;
  context.offchain_storage = &storage;
  DirectHost host(&context);
  ASSERT_TRUE(host.call("ext_offchain_local_storage_set_version_1",
                        {WasmValue::i32(0), host.put("k"), host.put("p")}));
  ASSERT_TRUE(host.call("ext_offchain_local_storage_set_version_1",
                        {WasmValue::i32(1), host.put("k"), host.put("l")}));
  EXPECT_EQ(storage.get(offchain::StorageKind::kPersistent, b("k")), b("p"));
  EXPECT_EQ(storage.get(offchain::StorageKind::kLocal, b("k")), b("l"));
  EXPECT_EQ(error_kind(host.call("ext_offchain_local_storage_set_version_1",
                                 {WasmValue::i32(3), host.put("k"), host.put("x")})),
            ExecutionErrorKind::kHostError);
}

TEST(HostApi, OffchainAnswersInTheReferenceShapes) {
  SleeplessWorker worker;
  HostContext context;
  context.offchain_worker = &worker;
  DirectHost host(&context);
  EXPECT_EQ(host.bytes_of(host.call("ext_offchain_network_state_version_1", {})),
            (Bytes{0, 0x0c, 1, 2, 3, 0x04, 0x08, 4, 5}));
  EXPECT_EQ(host.bytes_of(host.call("ext_offchain_http_request_start_version_1",
                                    {host.put("GET"), host.put("http://x"), host.put("")})),
            (Bytes{0, 3, 0}));
  EXPECT_EQ(host.bytes_of(host.call("ext_offchain_http_response_wait_version_1",
                                    {host.put(Bytes{0x04, 3, 0}), host.put(Bytes{0})})),
            (Bytes{0x04, 3, 200, 0}));  // [Finished(200)]
  EXPECT_EQ(
      host.bytes_of(host.call("ext_offchain_http_response_headers_version_1", {WasmValue::i32(3)})),
      (Bytes{0x04, 0x04, 'a', 0x04, 'b'}));
  const WasmValue buffer = host.put("....");
  EXPECT_EQ(host.bytes_of(host.call("ext_offchain_http_response_read_body_version_1",
                                    {WasmValue::i32(3), buffer, host.put(Bytes{0})})),
            (Bytes{0, 4, 0, 0, 0}));
  EXPECT_EQ(*host.memory().read(PointerSize::unpack(buffer.as_u64()).ptr, 4), b("xxxx"));
  EXPECT_EQ(host.fixed_of(host.call("ext_offchain_random_seed_version_1", {}), 32)[0], 7);
  // Method and URI are `&str`.
  EXPECT_EQ(error_kind(host.call("ext_offchain_http_request_start_version_1",
                                 {host.put(Bytes{0xff}), host.put("u"), host.put("")})),
            ExecutionErrorKind::kHostError);
  // Without a transaction pool, submitting traps.
  EXPECT_EQ(error_kind(host.call("ext_offchain_submit_transaction_version_1", {host.put("xt")})),
            ExecutionErrorKind::kHostError);
}

TEST(HostApi, TracingIsDisabled) {
  DirectHost host;
  EXPECT_EQ(host.call("ext_wasm_tracing_enabled_version_1", {host.put("m")})->value().bits, 0u);
  EXPECT_EQ(host.call("ext_wasm_tracing_enter_span_version_1", {host.put("s")})->value().bits, 0u);
  EXPECT_TRUE(host.call("ext_wasm_tracing_event_version_1", {host.put("e")}).has_value());
  EXPECT_TRUE(host.call("ext_wasm_tracing_exit_version_1", {WasmValue::i64(5)}).has_value());
}

TEST(HostApi, AllocatorErrorsAreAllocatorErrors) {
  DirectHost host;
  const auto ptr = host.call("ext_allocator_malloc_version_1", {WasmValue::i32(10)});
  ASSERT_TRUE(ptr.has_value());
  EXPECT_EQ((*ptr)->as_u32() % 8, 0u);
  ASSERT_TRUE(host.call("ext_allocator_free_version_1", {**ptr}));
  EXPECT_EQ(error_kind(host.call("ext_allocator_free_version_1", {**ptr})),
            ExecutionErrorKind::kAllocator);
  // Poisoned since: every allocation fails, including the host's own outputs.
  EXPECT_EQ(error_kind(host.call("ext_hashing_blake2_128_version_1", {host.put("x")})),
            ExecutionErrorKind::kAllocator);
}

}  // namespace
}  // namespace canary::executor::host
