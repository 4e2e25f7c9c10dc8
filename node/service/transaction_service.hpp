// The node's side of the transaction pool (sc-transaction-pool's BasicPool + maintenance): it
// validates transactions with the runtime (TaggedTransactionQueue) at the best block, submits them
// to the sans-IO pool, keeps the pool in step with the chain (pruning what blocks include,
// resubmitting what re-organizations retract, revalidating the rest), hands the block author the
// ready transactions, and delivers status events to whoever watches a transaction.
//
// Thread-safe: RPC threads submit while the chain thread builds and imports blocks. Runtime calls
// run outside the pool's lock.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>
#include <vector>

#include "blockchain/block_builder.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "txpool/pool_error.hpp"
#include "txpool/pool_event.hpp"
#include "txpool/pool_options.hpp"
#include "txpool/transaction_pool.hpp"

namespace canary::node {

// Why a submission failed: what the pool says (with the runtime's validity error for invalid and
// unknown transactions), or that the runtime could not be called at all.
struct SubmitError {
  std::variant<txpool::PoolError, blockchain::BlockchainError> reason;
};

class TransactionService : public blockchain::ChainObserver {
 public:
  // A watcher gets each status of its transaction; returning false stops the watch (the RPC
  // client went away).
  using StatusListener = std::function<bool(const txpool::TransactionStatus&)>;
  using Clock = std::function<uint64_t()>;  // unix ms

  TransactionService(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                     txpool::PoolOptions options, Clock now);
  ~TransactionService() override;

  // author_submitExtrinsic / author_submitAndWatchExtrinsic. With a listener the transaction is
  // watched and its first status (future or ready) delivered before this returns.
  Result<txpool::TransactionHash, SubmitError> submit(
      Bytes extrinsic, runtime::TransactionSource source = runtime::TransactionSource::kExternal,
      StatusListener listener = nullptr);

  std::vector<txpool::TransactionPtr> pending() const;
  // The network sent the transaction to these peers (base58 PeerIds): watchers hear `broadcast`.
  void broadcasted(const txpool::TransactionHash& hash, std::vector<std::string> peers);
  std::vector<txpool::TransactionHash> remove(std::span<const txpool::TransactionHash> hashes);
  txpool::PoolStatus status() const;
  // The account's next nonce counting its transactions in the pool from `state_nonce` on, or
  // none when the pool has none (substrate/utils/frame/rpc/system `adjust_nonce`: FRAME's
  // CheckNonce makes a transaction provide the tag SCALE((account, nonce))).
  std::optional<uint32_t> next_nonce(const Hash256& account, uint32_t state_nonce) const;

  // Block authoring: applies ready transactions to `builder` in order until `deadline`, the
  // block is full, or none remain. Returns how many went in.
  size_t fill_block(blockchain::BlockBuilder& builder,
                    std::chrono::steady_clock::time_point deadline);

  // Brings the pool up to date with the chain after imports and finality (called by the chain
  // thread after its work, not from the observer callbacks, which must stay quick). When the best
  // block moved more than 20 blocks since the last call (a node syncing), the blocks in between
  // are not gone through one by one, as in sc-transaction-pool.
  void maintain();

  // ChainObserver: record what happened; maintain() acts on it.
  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>& reorg) override;
  void on_finalized(const blockchain::FinalityNotice& notice) override;

 private:
  Result<runtime::TransactionValidity, blockchain::BlockchainError> validate(
      const block::BlockHash& at, runtime::TransactionSource source, ByteSpan extrinsic);
  void handle_new_best(const blockchain::BlockRef& best,
                       const std::optional<blockchain::TreeRoute>& reorg) REQUIRES(maintain_mutex_);
  // The extrinsics a retracted block held: its body from the chain, or, once the chain has
  // deleted it, what included_from_pool_ kept of it.
  std::vector<Bytes> retracted_extrinsics(const blockchain::BlockRef& block)
      REQUIRES(maintain_mutex_);
  void resubmit(const blockchain::BlockRef& at, std::vector<Bytes> extrinsics, bool ignore_ban);
  void revalidate(const blockchain::BlockRef& at);
  void deliver_events() EXCLUDES(pool_mutex_, listeners_mutex_);

  blockchain::Chain& chain_;
  blockchain::RuntimeHost& host_;
  Clock now_;
  mutable Mutex pool_mutex_;
  txpool::TransactionPool pool_ GUARDED_BY(pool_mutex_);
  Mutex listeners_mutex_;
  std::unordered_map<txpool::TransactionHash, StatusListener, state::Hash256Hasher> listeners_
      GUARDED_BY(listeners_mutex_);

  struct BestChange {
    blockchain::BlockRef best;
    std::optional<blockchain::TreeRoute> reorg;
  };
  Mutex pending_mutex_;
  std::deque<BestChange> best_changes_ GUARDED_BY(pending_mutex_);
  std::deque<blockchain::BlockRef> finalized_ GUARDED_BY(pending_mutex_);
  // maintain() only: finalized blocks above the best block handled so far. The network imports
  // and finalizes on its own thread, so a finality notice can come before the best-block change
  // that includes the block; its transactions' `finalized` must follow their `inBlock`.
  Mutex maintain_mutex_;
  std::deque<blockchain::BlockRef> finalized_waiting_ GUARDED_BY(maintain_mutex_);
  block::BlockNumber handled_best_number_ GUARDED_BY(maintain_mutex_) = 0;
  // maintain() only: the pool's own transactions (encoded as submitted) that each unfinalized
  // best-chain block included, until finality passes the block. Finality that rules a best block
  // out moves the best block and deletes the losing fork in one database write, so when
  // maintain() hears of that re-organization, the retracted blocks' bodies are gone from the
  // chain; without this copy their transactions would be lost, and their watchers, told
  // `retracted`, would wait forever. Only the pool's own are kept: memory stays bounded by what
  // the pool admitted, not by the unfinalized blocks' size.
  struct IncludedFromPool {
    block::BlockNumber number = 0;
    std::vector<Bytes> extrinsics;
  };
  std::unordered_map<block::BlockHash, IncludedFromPool, state::Hash256Hasher> included_from_pool_
      GUARDED_BY(maintain_mutex_);
};

}  // namespace canary::node
