#include "blockchain/block_executor.hpp"

#include <chrono>
#include <utility>

#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"

namespace canary::blockchain {

Result<ExecutedBlock, BlockchainError> execute_block(RuntimeHost& host,
                                                     const state::NodeStore& store,
                                                     const Hash256& parent_state_root,
                                                     const block::Block& block) {
  state::TrieBackend backend(parent_state_root, store);
  state::OverlayedChanges overlay(backend);
  auto session = RuntimeSession::open(host, overlay);
  if (!session) return unexpected(std::move(session).error());
  const state::StateVersion version = (*session)->state_version();
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  auto executed = (*session)->api().core_execute_block(block);
  const auto executed_at = Clock::now();
  if (!executed) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kBadBlock,
                        "the runtime refused the block: " + executed.error().describe()});
  }
  ExecutedBlock out;
  out.state_version = version;
  out.changes = std::make_unique<state::NodeChanges>();
  auto root = overlay.write_nodes(version, *out.changes);
  out.runtime_time = executed_at - started;
  out.state_root_time = Clock::now() - executed_at;
  if (!root) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kDatabase,
                        std::string("computing the state: ") + state::to_string(root.error())});
  }
  out.state_root = *root;
  if (out.state_root != block.header.state_root) {
    // The runtime checks this itself (Executive's final checks); a mismatch here means the host
    // and the runtime disagree on the trie, which must never pass silently.
    return unexpected(BlockchainError{BlockchainError::Kind::kBadBlock,
                                      "state root mismatch: the header says " +
                                          to_hex(block.header.state_root) + ", execution gives " +
                                          to_hex(out.state_root)});
  }
  return out;
}

}  // namespace canary::blockchain
