// The typed runtime-API layer on a real runtime: Kusama's genesis runtime over Kusama's genesis
// state, as a node at block 0 would call it.
#include "executor/runtime_api/runtime_api.hpp"

#include <gtest/gtest.h>

#include "executor/host/host_api.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/runtime_code.hpp"
#include "executor/runtime_version_call.hpp"
#include "executor_test_support.hpp"
#include "primitives/block/header.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"

namespace canary::executor {
namespace {

class KusamaGenesis : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const Bytes json =
        testing::read_file(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/kusama.json");
    auto spec = state::parse_chain_spec(
        std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
    ASSERT_TRUE(spec.has_value());
    shared_ = new Shared;
    shared_->root = state::write_raw_state(spec->top, spec->children_default,
                                           state::StateVersion::kV0, shared_->store);
    state::TrieBackend backend(shared_->root, shared_->store);
    auto code = runtime_code_from_state(backend);
    ASSERT_TRUE(code.has_value()) << code.error().describe();
    shared_->code = std::move(*code);
    auto wasm = uncompress_code(shared_->code.code);
    ASSERT_TRUE(wasm.has_value());
    auto module = testing::test_engine().compile(*wasm);
    ASSERT_TRUE(module.has_value()) << module.error().describe();
    shared_->module = std::move(*module);
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    ASSERT_NE(shared_->module, nullptr);
    InstanceConfig config;
    config.heap_pages = shared_->code.heap_pages_or_default();
    auto instance = shared_->module->instantiate(host_, config);
    ASSERT_TRUE(instance.has_value()) << instance.error().describe();
    instance_ = std::move(*instance);
    backend_ = std::make_unique<state::TrieBackend>(shared_->root, shared_->store);
    overlay_ = std::make_unique<state::OverlayedChanges>(*backend_);
    context_.storage = overlay_.get();
    context_.core_version = &core_version_;
  }

  struct Shared {
    state::MemoryNodeStore store;
    Hash256 root{};
    RuntimeCode code;
    std::shared_ptr<const Module> module;
  };
  static Shared* shared_;

  const HostFunctionTable host_ = host::host_api();
  std::unique_ptr<Instance> instance_;
  std::unique_ptr<state::TrieBackend> backend_;
  std::unique_ptr<state::OverlayedChanges> overlay_;
  InterpreterCoreVersionCaller core_version_;
  host::HostContext context_;
};

KusamaGenesis::Shared* KusamaGenesis::shared_ = nullptr;

TEST_F(KusamaGenesis, RuntimeCodeComesFromTheState) {
  EXPECT_FALSE(shared_->code.heap_pages.has_value());  // Kusama's genesis sets no :heappages
  EXPECT_EQ(shared_->code.heap_pages_or_default(), kDefaultHeapPages);
  EXPECT_EQ(shared_->code.hash, hash::blake2b_256(shared_->code.code));
  // The well-known genesis hash proves the state we run on.
  EXPECT_EQ(to_hex(block::hash_of(block::genesis_header(shared_->root))),
            "0xb0a8d493285c2df73290dfb7e61f870f17b41801197a149ca93654499ea3dafe");
}

TEST_F(KusamaGenesis, CoreVersion) {
  RuntimeApi api(*instance_, context_);
  auto version = api.core_version();
  ASSERT_TRUE(version.has_value()) << version.error().describe();
  EXPECT_EQ(version->spec_name, "kusama");
  EXPECT_EQ(version->spec_version, 1020u);
  auto from_code = runtime_version_of_code(shared_->code.code);
  ASSERT_TRUE(from_code.has_value());
  EXPECT_EQ(*from_code, *version);
}

TEST_F(KusamaGenesis, MetadataIsPrefixedWithItsMagic) {
  RuntimeApi api(*instance_, context_);
  auto metadata = api.metadata();
  ASSERT_TRUE(metadata.has_value()) << metadata.error().describe();
  ASSERT_GT(metadata->size(), 1000u);
  // OpaqueMetadata starts with the magic "meta", then the RuntimeMetadata version index.
  EXPECT_EQ(to_hex(ByteSpan(*metadata).first(4)), "0x6d657461");
}

TEST_F(KusamaGenesis, UnsignedInherentIsNotAPoolTransaction) {
  auto version = runtime_version_of_code(shared_->code.code);
  ASSERT_TRUE(version.has_value());
  RuntimeApi api(*instance_, context_, {}, &*version);
  // An unsigned v4 extrinsic: Timestamp (pallet 2) `set` (call 0) with Compact(1000). Only a
  // block author may include it; the pool must not accept it.
  const Bytes extrinsic = {0x04, 0x02, 0x00, 0xa1, 0x0f};
  auto validity = api.validate_transaction(runtime::TransactionSource::kExternal, extrinsic,
                                           block::hash_of(block::genesis_header(shared_->root)));
  ASSERT_TRUE(validity.has_value()) << validity.error().describe();
  ASSERT_FALSE(validity->has_value());
  EXPECT_EQ(runtime::to_string(validity->error()), "Unknown(NoUnsignedValidator)");
}

TEST_F(KusamaGenesis, ResultsThatDoNotDecodeAreTypedErrors) {
  RuntimeApi api(*instance_, context_);
  auto wrong = api.call_typed<uint64_t>("Core_version");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().kind, RuntimeApiError::Kind::kDecode);
  EXPECT_EQ(wrong.error().decode, scale::DecodeError::kTrailingBytes);

  auto missing = api.call("Core_no_such_method", {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, RuntimeApiError::Kind::kExecution);
  EXPECT_EQ(missing.error().execution.kind, ExecutionErrorKind::kMissingExport);
  EXPECT_NE(missing.error().describe().find("Core_no_such_method"), std::string::npos);
}

}  // namespace
}  // namespace canary::executor
