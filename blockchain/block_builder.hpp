// Builds a block on top of a parent (sc-block-builder): Core_initialize_block with the header's
// pre-runtime digests, the inherents the runtime makes from the inherent data, then extrinsics
// one by one (each in a storage transaction, so a refused one leaves no trace), and
// BlockBuilder_finalize_block, which gives the header with its roots. The result carries the new
// state's changes, so the author commits its own block without executing it again.
#pragma once

#include <memory>
#include <vector>

#include "blockchain/blockchain_error.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/offchain/offchain_index.hpp"
#include "primitives/block/block.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/storage/node_changes.hpp"

namespace canary::blockchain {

struct BuiltBlock {
  block::Block block;  // the header without a seal
  state::StateVersion state_version = state::StateVersion::kV1;
  std::unique_ptr<state::NodeChanges> changes;
  // The block's offchain index writes, when the builder recorded them.
  executor::offchain::OffchainIndexChanges::Changes offchain_index;
};

// What happened to one pushed extrinsic.
enum class PushOutcome : uint8_t {
  kApplied,            // included (its call may still have failed: that is in the events)
  kInvalid,            // refused by the runtime (TransactionValidityError): not included
  kExhaustsResources,  // the block is full (weight or length): not included, try next block
};

class BlockBuilder {
 public:
  // Starts a block on `parent` (whose state is read from `store`), with `digest` (the consensus
  // engine's pre-runtime items) and the inherents the runtime builds from `inherent_data`.
  // `record_offchain_index` (--enable-offchain-indexing): keep the ext_offchain_index_* writes
  // of the block's calls in BuiltBlock::offchain_index (a refused extrinsic's go with its
  // storage changes); else they are dropped.
  static Result<std::unique_ptr<BlockBuilder>, BlockchainError> start(
      RuntimeHost& host, const state::NodeStore& store, const block::Header& parent,
      block::Digest digest, const runtime::InherentData& inherent_data,
      bool record_offchain_index = false);

  BlockBuilder(const BlockBuilder&) = delete;
  BlockBuilder& operator=(const BlockBuilder&) = delete;

  // Applies one extrinsic (its bytes, as in block::Block). A runtime failure (trap) is an error;
  // a refusal is an outcome, with the reason in `validity_error`.
  Result<PushOutcome, BlockchainError> push(
      ByteSpan extrinsic, runtime::TransactionValidityError* validity_error = nullptr);

  size_t extrinsic_count() const { return extrinsics_.size(); }
  // Encoded size of the body so far (for a length budget on top of the runtime's).
  size_t body_size() const { return body_size_; }

  // Finalizes the block; the builder is spent afterwards.
  Result<BuiltBlock, BlockchainError> finish();

 private:
  BlockBuilder(const state::NodeStore& store, const Hash256& parent_state_root)
      : backend_(parent_state_root, store), overlay_(backend_) {}

  state::TrieBackend backend_;
  state::OverlayedChanges overlay_;
  std::unique_ptr<RuntimeSession> session_;
  executor::offchain::OffchainIndexChanges offchain_index_;
  bool record_offchain_index_ = false;
  block::Header header_;
  std::vector<Bytes> extrinsics_;
  size_t body_size_ = 0;
};

}  // namespace canary::blockchain
