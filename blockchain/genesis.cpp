#include "blockchain/genesis.hpp"

#include <utility>

#include "executor/runtime_version_call.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::blockchain {

Result<GenesisBlock, BlockchainError> make_genesis_block(const state::ChainSpec& spec) {
  auto code = spec.top.find(to_bytes(":code"));
  if (code == spec.top.end()) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kBadBlock, "the genesis has no :code"});
  }
  auto version = executor::runtime_version_of_code(code->second);
  if (!version) {
    return unexpected(BlockchainError{BlockchainError::Kind::kRuntime,
                                      "the genesis runtime: " + version.error().message});
  }
  GenesisBlock out;
  out.state_version =
      version->state_version() == 1 ? state::StateVersion::kV1 : state::StateVersion::kV0;
  out.header.number = 0;
  out.header.state_root =
      state::write_raw_state(spec.top, spec.children_default, out.state_version, out.nodes);
  // No extrinsics: the root of the empty trie.
  out.header.extrinsics_root = state::empty_trie_root(state::TrieHasher::kBlake2b256);
  out.hash = block::hash_of(out.header);
  return out;
}

Result<std::map<Bytes, Bytes>, BlockchainError> build_genesis_storage(RuntimeHost& host,
                                                                      ByteSpan code,
                                                                      std::string_view preset) {
  state::MemoryNodeStore store;
  state::TrieBackend backend(state::empty_trie_root(state::TrieHasher::kBlake2b256), store);
  state::OverlayedChanges overlay(backend);
  overlay.set(to_bytes(":code"), code);
  CANARY_TRY_ASSIGN(auto session, RuntimeSession::open(host, overlay));
  executor::RuntimeApi& api = session->api();
  const Bytes name(preset.begin(), preset.end());
  auto json =
      api.call_typed<std::optional<Bytes>>("GenesisBuilder_get_preset", std::optional<Bytes>(name));
  if (!json) return unexpected(runtime_error(json.error()));
  if (!*json) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kRuntime,
                        "the runtime has no genesis preset `" + std::string(preset) + "`"});
  }
  auto built = api.call_typed<Result<void, std::string>>("GenesisBuilder_build_state", **json);
  if (!built) return unexpected(runtime_error(built.error()));
  if (!*built) {
    return unexpected(BlockchainError{BlockchainError::Kind::kRuntime,
                                      "the runtime refused its genesis preset: " + built->error()});
  }
  std::map<Bytes, Bytes> top;
  bool children = false;
  auto visited = overlay.for_each_change(
      state::StateVersion::kV1,
      [&](state::ChildKey child, ByteSpan key, const std::optional<Bytes>& value) {
        if (child) {
          children = true;
          return;
        }
        if (value) top.emplace(Bytes(key.begin(), key.end()), *value);
      });
  if (!visited) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kDatabase, state::to_string(visited.error())});
  }
  if (children) {
    // No pallet of ours writes child tries at genesis; refuse rather than drop them.
    return unexpected(
        BlockchainError{BlockchainError::Kind::kRuntime, "the genesis preset writes child tries"});
  }
  return top;
}

}  // namespace canary::blockchain
