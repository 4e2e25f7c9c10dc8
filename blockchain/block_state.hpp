// Reads of a block's state and runtime calls on it, for JSON-RPC and the node's own services:
// point reads, key enumeration (paged), child tries, storage proofs, and runtime calls whose
// changes are thrown away (state_call, validate_transaction, query_info…).
#pragma once

#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "blockchain/blockchain_error.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"

namespace canary::blockchain {

// A runtime call's output and the storage proof of what it read (a light client's remote call).
struct ExecutionProof {
  Bytes output;
  std::vector<Bytes> proof;
};

class BlockState {
 public:
  // The block must be known and its state kept.
  static Result<BlockState, BlockchainError> at(const Chain& chain, const block::BlockHash& hash);

  const block::BlockHash& hash() const { return hash_; }
  const block::Header& header() const { return header_; }
  const Hash256& state_root() const { return header_.state_root; }

  Result<std::optional<Bytes>, BlockchainError> get(ByteSpan key) const;
  // Up to `count` keys starting with `prefix`, in order, strictly after `start_after` if given.
  Result<std::vector<Bytes>, BlockchainError> keys(ByteSpan prefix, size_t count,
                                                   std::optional<ByteSpan> start_after = {}) const;
  // The same with values.
  Result<std::vector<std::pair<Bytes, Bytes>>, BlockchainError> entries(
      ByteSpan prefix, size_t count, std::optional<ByteSpan> start_after = {}) const;

  // Default child tries, by their unprefixed key.
  Result<std::optional<Bytes>, BlockchainError> child_get(ByteSpan child, ByteSpan key) const;
  Result<std::vector<Bytes>, BlockchainError> child_keys(
      ByteSpan child, ByteSpan prefix, size_t count,
      std::optional<ByteSpan> start_after = {}) const;

  // The nodes proving the values (or absence) of `keys` in the main trie (state_getReadProof).
  Result<std::vector<Bytes>, BlockchainError> read_proof(const std::vector<Bytes>& keys) const;
  // The same for the default child trie `child` (unprefixed): the main trie's nodes proving the
  // child's root (or that there is none) and the child trie's nodes proving the keys
  // (sp-state-machine prove_child_read; the light client's remote child read).
  Result<std::vector<Bytes>, BlockchainError> child_read_proof(
      ByteSpan child, const std::vector<Bytes>& keys) const;

  // A runtime call on this state; its changes are discarded. `fuel` bounds it (kOutsiderCallFuel
  // for calls made for others); none: unbounded.
  Result<Bytes, BlockchainError> call(RuntimeHost& host, std::string_view method, ByteSpan args,
                                      std::optional<uint64_t> fuel = std::nullopt) const;
  // call() with the proof of every node and V1 value it loaded, child tries and root
  // computations included, in byte order (sp-state-machine prove_execution, which answers the
  // light client's remote calls; see state/overlay/proving_backend.hpp). `:code` and
  // `:heappages` are read outside the proof, as Substrate does: the verifier has the runtime.
  Result<ExecutionProof, BlockchainError> call_with_proof(
      RuntimeHost& host, std::string_view method, ByteSpan args,
      std::optional<uint64_t> fuel = std::nullopt) const;
  // Runs `f(RuntimeApi&)` on an instance of this state's runtime; changes are discarded. `f`
  // returns a Result<T, RuntimeApiError>; the outcome is a Result<T, BlockchainError>.
  // `keystore`, when given, is reachable from the runtime (SessionKeys_generate_session_keys).
  template <class F>
  auto with_runtime(RuntimeHost& host, F&& f,
                    executor::keystore::Keystore* keystore = nullptr) const
      -> Result<typename std::invoke_result_t<F, executor::RuntimeApi&>::value_type,
                BlockchainError> {
    state::TrieBackend backend(header_.state_root, chain_->database().node_store());
    state::OverlayedChanges overlay(backend);
    auto session = RuntimeSession::open(host, overlay, {.at = header_.number});
    if (!session) return unexpected(std::move(session).error());
    (*session)->context().keystore = keystore;
    auto out = f((*session)->api());
    if (!out) return unexpected(runtime_error(out.error()));
    return std::move(*out);
  }
  // The runtime version of this state's runtime.
  Result<runtime::RuntimeVersion, BlockchainError> runtime_version(RuntimeHost& host) const;

 private:
  BlockState(const Chain& chain, block::BlockHash hash, block::Header header)
      : chain_(&chain), hash_(hash), header_(std::move(header)) {}
  Result<std::optional<Hash256>, BlockchainError> child_root(ByteSpan child) const;
  Result<std::vector<std::pair<Bytes, Bytes>>, BlockchainError> walk(
      const Hash256& root, ByteSpan prefix, size_t count, std::optional<ByteSpan> start_after,
      bool values) const;

  const Chain* chain_;
  block::BlockHash hash_;
  block::Header header_;
};

}  // namespace canary::blockchain
