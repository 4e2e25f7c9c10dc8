#include "blockchain/block_executor.hpp"

#include <chrono>
#include <utility>

#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"

namespace canary::blockchain {

std::string describe_inherent_errors(const runtime::CheckInherentsResult& result) {
  std::string out;
  for (const auto& [id, error] : result.errors) {
    if (!out.empty()) out += "; ";
    const std::string name(id.begin(), id.end());
    // sp-timestamp's InherentError: TooEarly, TooFarInFuture, Other(String).
    if (id == runtime::kTimestampInherent && error.size() == 1 && error[0] <= 1) {
      out += name + (error[0] == 0 ? ": the timestamp is too early"
                                   : ": the timestamp is too far in the future");
    } else {
      out += name + ": 0x" + to_hex(error);
    }
  }
  return out.empty() ? "no error reported" : out;
}

Result<ExecutedBlock, BlockchainError> execute_block(
    RuntimeHost& host, const state::NodeStore& store, const Hash256& parent_state_root,
    const block::Block& block, const runtime::InherentData* check_inherents_with,
    bool record_offchain_index) {
  state::TrieBackend backend(parent_state_root, store);
  state::OverlayedChanges overlay(backend);
  // Calls run on the parent's state, so a code substitute applies from the block after its own.
  const std::optional<uint64_t> parent_number =
      block.header.number > 0 ? std::optional<uint64_t>(block.header.number - 1) : std::nullopt;
  CANARY_TRY_ASSIGN(auto session, RuntimeSession::open(host, overlay, {.at = parent_number}));
  if (check_inherents_with != nullptr) {
    // On the parent's state, whatever the call writes thrown away (Substrate runs it as its own
    // call whose changes it discards).
    overlay.start_transaction();
    auto checked = session->api().check_inherents(block, *check_inherents_with);
    if (!overlay.rollback_transaction()) {
      return unexpected(BlockchainError{BlockchainError::Kind::kRuntime,
                                        "check_inherents left no transaction to roll back"});
    }
    if (!checked) return unexpected(runtime_error(checked.error()));
    if (!checked->okay) {
      return unexpected(BlockchainError{
          BlockchainError::Kind::kBadBlock,
          "the block's inherents are refused: " + describe_inherent_errors(*checked)});
    }
  }
  // Only the block's own execution indexes; check_inherents' writes are thrown away like its
  // storage changes.
  executor::offchain::OffchainIndexChanges index;
  if (record_offchain_index) session->context().offchain_index = &index;
  const state::StateVersion version = session->state_version();
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  auto executed = session->api().core_execute_block(block);
  const auto executed_at = Clock::now();
  if (!executed) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kBadBlock,
                        "the runtime refused the block: " + executed.error().describe()});
  }
  ExecutedBlock out;
  out.state_version = version;
  if (record_offchain_index) out.offchain_index = index.changes();
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
