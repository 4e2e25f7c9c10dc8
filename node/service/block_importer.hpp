// The import pipeline (sc-consensus-babe's BabeVerifier + BabeBlockImport, sc-service's client
// import): BABE checks of the sealed header against the epoch of its parent's chain, execution
// of the body on the parent's state (skipped for our own blocks, whose state was computed while
// building them), the state root check, the commit with BABE's records in the same batch, and
// fork choice (more primary blocks wins, then the longer chain).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "blockchain/block_builder.hpp"
#include "blockchain/blockchain_error.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "consensus/babe/equivocation.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/metrics_registry.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

class StatePrefetcher;

// Where one import's time went (steady clock; `canary benchmark block-import` sums them).
struct ImportTimings {
  std::chrono::nanoseconds verify{};      // BABE: the seal and the slot claim (VRF)
  std::chrono::nanoseconds execute{};     // execute_block: session, runtime and state root
  std::chrono::nanoseconds runtime{};     // of which Core_execute_block (signature checks too)
  std::chrono::nanoseconds state_root{};  // of which the new state's trie (root and nodes)
  std::chrono::nanoseconds commit{};      // fork choice and the database write
};

// sc-consensus's import queue metric: the time to verify and import one block, Prometheus's
// default buckets.
inline constexpr const char* kBlockImportTimeMetric =
    "substrate_block_verification_and_import_time";
inline constexpr const char* kBlockImportTimeHelp = "Time taken to verify and import blocks";

struct ImportedBlock {
  blockchain::BlockRef block;
  bool new_best = false;
  bool primary = false;
  ImportTimings timings;  // import_block only
};

class BlockImporter {
 public:
  BlockImporter(blockchain::Chain& chain, blockchain::RuntimeHost& host, BabeState& babe)
      : chain_(chain), host_(host), babe_(babe) {}

  // Where import times go (substrate_block_verification_and_import_time); none: not recorded.
  // Declares the histogram. Set before the first import.
  void set_metrics(MetricsRegistry* metrics) {
    metrics_ = metrics;
    if (metrics_ != nullptr) {
      metrics_->declare(kBlockImportTimeMetric, MetricType::kHistogram, kBlockImportTimeHelp,
                        MetricsRegistry::default_buckets());
    }
  }

  // Substrate's --enable-offchain-indexing: the ext_offchain_index_* writes of each imported
  // block (and of the blocks our author builds) are committed to the offchain column in the
  // block's own database write; off (the default), they are dropped. Set before the first import.
  void set_offchain_indexing(bool enabled) { offchain_indexing_ = enabled; }
  bool offchain_indexing() const { return offchain_indexing_; }

  // A thread that reads the state the runtime is about to need (the signers' accounts) into the
  // node cache while the block executes; none: the runtime reads it all itself. Set before the
  // first import; it must outlive the importer's imports.
  void set_state_prefetcher(StatePrefetcher* prefetcher) { prefetcher_ = prefetcher; }

  // Where the proof goes when a verified block's author sealed another block of the same slot
  // (sc-consensus-babe's check_and_report_equivocation; the handler must be quick: it runs in
  // the import). None: equivocations are not looked for. Set before the first import.
  using EquivocationHandler = std::function<void(consensus::babe::EquivocationProof)>;
  void set_equivocation_handler(EquivocationHandler handler) {
    on_equivocation_ = std::move(handler);
  }

  // A block from elsewhere (network, file): verified, executed and stored. `now_ms` is the unix
  // time, for BABE's check of slots from the future.
  Result<ImportedBlock, blockchain::BlockchainError> import_block(
      const block::Header& sealed, const std::vector<Bytes>& extrinsics,
      const std::optional<Bytes>& justification, uint64_t now_ms) EXCLUDES(mutex_);

  // A block we built and sealed: verified like any other, its state taken from the builder.
  Result<ImportedBlock, blockchain::BlockchainError> import_own(const block::Header& sealed,
                                                                const blockchain::BuiltBlock& built,
                                                                uint64_t now_ms) EXCLUDES(mutex_);

 private:
  Result<ImportedBlock, blockchain::BlockchainError> commit(
      const block::Header& sealed, const std::vector<Bytes>& extrinsics,
      const std::optional<Bytes>& justification, const state::NodeChanges& changes,
      const executor::offchain::OffchainIndexChanges::Changes& offchain_index,
      BabeImportRecord record) REQUIRES(mutex_);

  // The verify-and-import time of a successful import, in seconds.
  void record_import_time(std::chrono::steady_clock::time_point started) const;

  blockchain::Chain& chain_;
  blockchain::RuntimeHost& host_;
  BabeState& babe_;
  MetricsRegistry* metrics_ = nullptr;
  StatePrefetcher* prefetcher_ = nullptr;
  bool offchain_indexing_ = false;
  EquivocationHandler on_equivocation_;
  // One import at a time: fork choice compares with the best block as the previous import left
  // it.
  Mutex mutex_;
  consensus::babe::EquivocationDetector equivocations_ GUARDED_BY(mutex_);
};

}  // namespace canary::node
