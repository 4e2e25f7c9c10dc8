#include "blockchain/block_state.hpp"

#include <algorithm>
#include <utility>

#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/proving_backend.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/proof.hpp"
#include "state/trie/trie.hpp"

namespace canary::blockchain {
namespace {

BlockchainError trie_error(state::TrieError e) {
  return BlockchainError{BlockchainError::Kind::kStateUnavailable, state::to_string(e)};
}

}  // namespace

Result<BlockState, BlockchainError> BlockState::at(const Chain& chain,
                                                   const block::BlockHash& hash) {
  CANARY_TRY_ASSIGN(auto header, chain.header(hash));
  if (!header)
    return unexpected(BlockchainError{BlockchainError::Kind::kUnknownBlock, to_hex(hash)});
  auto kept = chain.database().has_state(hash);
  if (!kept) return unexpected(database_error(kept.error()));
  if (!*kept) {
    return unexpected(BlockchainError{BlockchainError::Kind::kStateUnavailable,
                                      "the state of " + to_hex(hash) + " was pruned"});
  }
  return BlockState(chain, hash, std::move(*header));
}

Result<std::optional<Bytes>, BlockchainError> BlockState::get(ByteSpan key) const {
  auto value = chain_->database().storage(header_.state_root, key);
  if (!value) return unexpected(database_error(value.error()));
  return std::move(*value);
}

Result<std::vector<std::pair<Bytes, Bytes>>, BlockchainError> BlockState::walk(
    const Hash256& root, ByteSpan prefix, size_t count, std::optional<ByteSpan> start_after,
    bool values) const {
  std::vector<std::pair<Bytes, Bytes>> out;
  if (count == 0) return out;
  state::Trie trie = state::Trie::open(root, chain_->database().node_store());
  // Start at the prefix, or after `start_after` when that lies further.
  Bytes cursor(prefix.begin(), prefix.end());
  bool inclusive = true;
  if (start_after && !std::lexicographical_compare(start_after->begin(), start_after->end(),
                                                   prefix.begin(), prefix.end())) {
    cursor.assign(start_after->begin(), start_after->end());
    inclusive = false;
  }
  if (inclusive) {
    auto here = trie.get(cursor);
    if (!here) return unexpected(trie_error(here.error()));
    if (*here) out.emplace_back(cursor, values ? std::move(**here) : Bytes{});
  }
  while (out.size() < count) {
    auto next = trie.next_key(cursor);
    if (!next) return unexpected(trie_error(next.error()));
    if (!*next) break;
    const Bytes& key = **next;
    if (key.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), key.begin())) break;
    Bytes value;
    if (values) {
      auto v = trie.get(key);
      if (!v) return unexpected(trie_error(v.error()));
      if (*v) value = std::move(**v);
    }
    cursor = key;
    out.emplace_back(std::move(**next), std::move(value));
  }
  return out;
}

Result<std::vector<Bytes>, BlockchainError> BlockState::keys(
    ByteSpan prefix, size_t count, std::optional<ByteSpan> start_after) const {
  CANARY_TRY_ASSIGN(auto found, walk(header_.state_root, prefix, count, start_after, false));
  std::vector<Bytes> out;
  out.reserve(found.size());
  for (auto& [k, v] : found) out.push_back(std::move(k));
  return out;
}

Result<std::vector<std::pair<Bytes, Bytes>>, BlockchainError> BlockState::entries(
    ByteSpan prefix, size_t count, std::optional<ByteSpan> start_after) const {
  return walk(header_.state_root, prefix, count, start_after, true);
}

Result<std::optional<Hash256>, BlockchainError> BlockState::child_root(ByteSpan child) const {
  CANARY_TRY_ASSIGN(auto value, get(state::default_child_root_key(child)));
  if (!value) return std::optional<Hash256>{};
  return state::child_root_from_value(*value);
}

Result<std::optional<Bytes>, BlockchainError> BlockState::child_get(ByteSpan child,
                                                                    ByteSpan key) const {
  CANARY_TRY_ASSIGN(auto root, child_root(child));
  if (!root) return std::optional<Bytes>{};
  auto value = chain_->database().storage(*root, key);
  if (!value) return unexpected(database_error(value.error()));
  return std::move(*value);
}

Result<std::vector<Bytes>, BlockchainError> BlockState::child_keys(
    ByteSpan child, ByteSpan prefix, size_t count, std::optional<ByteSpan> start_after) const {
  CANARY_TRY_ASSIGN(auto root, child_root(child));
  if (!root) return std::vector<Bytes>{};
  CANARY_TRY_ASSIGN(auto found, walk(*root, prefix, count, start_after, false));
  std::vector<Bytes> out;
  for (auto& [k, v] : found) out.push_back(std::move(k));
  return out;
}

Result<std::vector<Bytes>, BlockchainError> BlockState::read_proof(
    const std::vector<Bytes>& keys) const {
  state::Trie trie = state::Trie::open(header_.state_root, chain_->database().node_store());
  // The version only matters for values written after opening; nothing is written here.
  auto proof = state::generate_storage_proof(trie, keys, state::StateVersion::kV1);
  if (!proof) return unexpected(trie_error(proof.error()));
  return std::move(*proof);
}

Result<std::vector<Bytes>, BlockchainError> BlockState::child_read_proof(
    ByteSpan child, const std::vector<Bytes>& keys) const {
  // The main trie's path to the child's root is loaded by the first read, through the recorder
  // like the child trie's nodes.
  state::RecordingNodeStore recorder(chain_->database().node_store());
  state::TrieBackend backend(header_.state_root, recorder);
  for (const Bytes& key : keys) {
    auto value = backend.get(child, key);
    if (!value) {
      return unexpected(BlockchainError{BlockchainError::Kind::kStateUnavailable,
                                        state::to_string(value.error())});
    }
  }
  return recorder.proof();
}

Result<ExecutionProof, BlockchainError> BlockState::call_with_proof(
    RuntimeHost& host, std::string_view method, ByteSpan args, std::optional<uint64_t> fuel) const {
  state::ProvingBackend backend(header_.state_root, chain_->database().node_store());
  state::OverlayedChanges overlay(backend);
  // :code and :heappages, unrecorded
  CANARY_TRY_ASSIGN(auto session,
                    RuntimeSession::open(host, overlay, {.at = header_.number, .fuel = fuel}));
  backend.start_recording();
  CANARY_TRY_ASSIGN(auto output, session->call(method, args));
  return ExecutionProof{std::move(output), backend.recorder().proof()};
}

Result<Bytes, BlockchainError> BlockState::call(RuntimeHost& host, std::string_view method,
                                                ByteSpan args, std::optional<uint64_t> fuel) const {
  state::TrieBackend backend(header_.state_root, chain_->database().node_store());
  state::OverlayedChanges overlay(backend);
  CANARY_TRY_ASSIGN(auto session,
                    RuntimeSession::open(host, overlay, {.at = header_.number, .fuel = fuel}));
  return session->call(method, args);
}

Result<runtime::RuntimeVersion, BlockchainError> BlockState::runtime_version(
    RuntimeHost& host) const {
  state::TrieBackend backend(header_.state_root, chain_->database().node_store());
  CANARY_TRY_ASSIGN(auto runtime, host.runtime_of(backend, header_.number));
  return runtime->version();
}

}  // namespace canary::blockchain
