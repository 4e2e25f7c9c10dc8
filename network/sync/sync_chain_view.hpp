// What block sync (chain_sync.hpp) asks of our chain: a read-only view, so that the sync state
// machine stays sans-IO and is tested over an in-memory chain. It mirrors the client calls of
// polkadot-sdk's ChainSync (sc-network-sync strategy/chain_sync.rs): `client.info()` (best and
// finalized), `client.block_status(hash)`, `client.hash(number)` (the best chain's block at a
// number, what the ancestry search compares the peer's answers with) and the number of a stored
// header.
//
// "Queued for import" is not asked here: sync tracks the blocks it handed to the import queue
// itself, as Substrate's ChainSync does with its `queue_blocks` set.
//
// Every lookup may fail with a storage error. Sync then does what Substrate does with a
// `ClientError`: a peer whose handshake or ancestry answer needed the failed read is dropped
// (rep "DB Error"), elsewhere the block counts as unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "primitives/block/header.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// sp-consensus BlockStatus without `Queued` (sync adds that one).
enum class ChainBlockStatus : uint8_t {
  kUnknown,
  kInChainWithState,  // stored, with its state: blocks can be imported on top of it
  kInChainPruned,     // stored, state pruned: too old to build on
  kKnownBad,          // refused earlier by import (the node may remember those)
};

struct SyncChainInfo {
  block::BlockNumber best_number = 0;
  block::BlockHash best_hash{};
  block::BlockNumber finalized_number = 0;
  block::BlockHash finalized_hash{};
};

struct SyncChainViewError {
  std::string message;
};

class SyncChainView {
 public:
  virtual ~SyncChainView() = default;

  // The best and finalized blocks, as the node's chain knows them now (kept in memory by the node,
  // hence no error).
  virtual SyncChainInfo info() const = 0;
  // Any block, on any fork.
  virtual Result<ChainBlockStatus, SyncChainViewError> block_status(
      const block::BlockHash& hash) const = 0;
  // The best chain's block at `number`; none above the best block.
  virtual Result<std::optional<block::BlockHash>, SyncChainViewError> hash_at(
      block::BlockNumber number) const = 0;
  // The number of a stored header, on any fork.
  virtual Result<std::optional<block::BlockNumber>, SyncChainViewError> number_of(
      const block::BlockHash& hash) const = 0;
};

}  // namespace canary::network
