// The real Kusama and Westend genesis runtimes (`:code` of the raw chain specs) validate,
// instrument and instantiate against the Polkadot host API's signatures, with stub functions.
// Core_version needs nothing but the allocator, so it runs for real.
#include <gtest/gtest.h>

#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/runtime_blob.hpp"
#include "executor_test_support.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::executor {
namespace {

struct HostSignature {
  const char* name;
  const char* params;  // 'i' = i32, 'j' = i64
  char result;         // 'i', 'j' or '-' for none
};

// The host API as the Polkadot spec and smoldot type it (polkadot-spec-facts.md, 1.2).
constexpr HostSignature kHostApi[] = {
    {"ext_storage_set_version_1", "jj", '-'},
    {"ext_storage_get_version_1", "j", 'j'},
    {"ext_storage_read_version_1", "jji", 'j'},
    {"ext_storage_clear_version_1", "j", '-'},
    {"ext_storage_exists_version_1", "j", 'i'},
    {"ext_storage_clear_prefix_version_1", "j", '-'},
    {"ext_storage_clear_prefix_version_2", "jj", 'j'},
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
    {"ext_default_child_storage_exists_version_1", "jj", 'i'},
    {"ext_default_child_storage_clear_prefix_version_1", "jj", '-'},
    {"ext_default_child_storage_clear_prefix_version_2", "jjj", 'j'},
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
    {"ext_crypto_ecdsa_sign_prehashed_version_1", "iij", 'j'},
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
    {"ext_transaction_index_index_version_1", "iii", '-'},
    {"ext_transaction_index_renew_version_1", "ii", '-'},
};

ValueType type_of(char c) {
  return c == 'i' ? ValueType::kI32 : ValueType::kI64;
}

// Every function of the host API: the allocator for real, the rest failing when called.
HostFunctionTable stub_host_api() {
  HostFunctionTable table;
  const HostFunctionTable real = testing::test_host_functions();
  for (const HostSignature& entry : kHostApi) {
    HostFunction function;
    function.name = entry.name;
    for (const char* p = entry.params; *p != 0; ++p) {
      function.signature.params.push_back(type_of(*p));
    }
    if (entry.result != '-') function.signature.result = type_of(entry.result);
    function.callback = [](HostCallContext&, std::span<const WasmValue>) -> HostResult {
      return host_error("stub host function");
    };
    if (const HostFunction* implemented = real.find("env", entry.name)) {
      EXPECT_EQ(implemented->signature, function.signature) << entry.name;
      function.callback = implemented->callback;
    }
    EXPECT_TRUE(table.add(function)) << entry.name;
  }
  return table;
}

Bytes genesis_code(const std::string& chain) {
  const Bytes json =
      testing::read_file(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/" + chain + ".json");
  auto spec = state::parse_chain_spec(
      std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
  EXPECT_TRUE(spec.has_value()) << chain;
  if (!spec) return {};
  auto code = spec->top.find(to_bytes(":code"));
  EXPECT_NE(code, spec->top.end()) << chain;
  if (code == spec->top.end()) return {};
  auto wasm = uncompress_code(code->second);
  EXPECT_TRUE(wasm.has_value());
  return wasm ? *wasm : Bytes{};
}

class GenesisRuntime : public ::testing::TestWithParam<const char*> {};

TEST_P(GenesisRuntime, ValidatesAndInstantiatesAgainstTheHostApi) {
  const Bytes wasm = genesis_code(GetParam());
  ASSERT_FALSE(wasm.empty());
  auto prepared = prepare_module(wasm);
  ASSERT_TRUE(prepared.has_value()) << prepared.error().describe();
  EXPECT_TRUE(prepared->info.exports_heap_base);
  EXPECT_GE(prepared->info.function_imports.size(), 30u);
  ASSERT_NE(prepared->info.find_export("Core_version"), nullptr);
  EXPECT_EQ(prepared->info.find_export("Core_version")->signature, entry_point_signature());

  auto module =
      InterpreterEngine().compile(std::make_shared<const PreparedModule>(std::move(*prepared)));
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  const HostFunctionTable host = stub_host_api();
  auto instance = (*module)->instantiate(host);
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  const uint32_t initial = (*module)->info().memory_initial_pages;
  EXPECT_EQ((*instance)->memory().pages(), initial + kDefaultHeapPages);
  EXPECT_TRUE((*instance)->heap_base().has_value());
}

TEST_P(GenesisRuntime, CoreVersion) {
  const Bytes wasm = genesis_code(GetParam());
  ASSERT_FALSE(wasm.empty());
  auto module = InterpreterEngine().compile(wasm);
  ASSERT_TRUE(module.has_value()) << module.error().describe();
  const HostFunctionTable host = stub_host_api();
  auto instance = (*module)->instantiate(host);
  ASSERT_TRUE(instance.has_value()) << instance.error().describe();
  auto encoded = (*instance)->call("Core_version", {});
  ASSERT_TRUE(encoded.has_value()) << encoded.error().describe();
  auto version = runtime::decode_runtime_version(*encoded);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->spec_name, GetParam());
  // Twice: the second call runs on a reset instance and must agree.
  auto again = (*instance)->call("Core_version", {});
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, *encoded);
}

INSTANTIATE_TEST_SUITE_P(Chains, GenesisRuntime, ::testing::Values("kusama", "westend"));

}  // namespace
}  // namespace canary::executor
