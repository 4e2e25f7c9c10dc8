// The offchain index writes of a block (ext_offchain_index_set / _clear, e.g. by pallet-mmr): the
// runtime records them during block execution, the node writes them to PERSISTENT offchain storage
// when the block is imported (sp-state-machine OffchainOverlayedChanges). They never touch the
// state root, but they follow the storage transactions: a rolled-back transaction drops its
// writes, exactly as for storage (overlayed_changes/mod.rs `start_transaction` covers both).
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/byte_keys.hpp"
#include "state/overlay/transaction_error.hpp"

namespace canary::executor::offchain {

class OffchainIndexChanges {
 public:
  // Value none: the key is cleared.
  using Changes = std::map<Bytes, std::optional<Bytes>, state::BytesLess>;

  OffchainIndexChanges() : layers_(1) {}

  void set(ByteSpan key, ByteSpan value);
  void clear(ByteSpan key);

  void start_transaction() { layers_.emplace_back(); }
  // Both fail if no transaction is open.
  Result<void, state::TransactionError> commit_transaction();
  Result<void, state::TransactionError> rollback_transaction();
  size_t transaction_depth() const { return layers_.size() - 1; }

  // Every write so far, open transactions included, the last write of a key winning.
  Changes changes() const;
  bool empty() const;
  // Forgets everything (a new block).
  void reset() { layers_.assign(1, {}); }

 private:
  // layers_[0] holds what no transaction can undo any more; each open transaction has one layer.
  std::vector<Changes> layers_;
};

}  // namespace canary::executor::offchain
