// Block production with BABE (sc-consensus-babe's BabeSlotWorker over sc-basic-authorship's
// proposer): at each slot, on top of the best block, try to claim the slot with our keys; if we
// win, build a block (pre-runtime digest, inherents, transactions until the time budget ends),
// seal it with the winning key and import it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "blockchain/block_builder.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace canary::node {

struct AuthoredBlock {
  blockchain::BlockRef block;
  size_t extrinsics = 0;  // inherents included
  bool primary = false;
  double build_ms = 0;
};

// sc-basic-authorship's proposer metric: the time to build a block (inherents, transactions,
// finalization), before it is sealed and imported; Prometheus's default buckets.
inline constexpr const char* kBlockConstructedMetric = "substrate_proposer_block_constructed";
inline constexpr const char* kBlockConstructedHelp =
    "Histogram of time taken to construct new block";

class BabeAuthor {
 public:
  // Fills a block with transactions until `deadline`; returns how many were applied.
  using FillBlock = std::function<size_t(blockchain::BlockBuilder&,
                                         std::chrono::steady_clock::time_point deadline)>;

  // Whether a major sync is in progress (sp-consensus' SyncOracle); null: never.
  using MajorSyncing = std::function<bool()>;

  // The `parachn0` inherent data for a block on `parent` (the provisioner's choice of bitfields
  // and backed candidates); null: none of either.
  using ParachainsInherent = std::function<Bytes(const block::Header& parent)>;

  BabeAuthor(blockchain::Chain& chain, blockchain::RuntimeHost& host, BabeState& babe,
             BlockImporter& importer, FillBlock fill, MajorSyncing major_syncing = nullptr)
      : chain_(chain),
        host_(host),
        babe_(babe),
        importer_(importer),
        fill_(std::move(fill)),
        major_syncing_(std::move(major_syncing)) {}

  // Where build times go (substrate_proposer_block_constructed); none: not recorded. Set before
  // the first slot.
  void set_metrics(MetricsRegistry* metrics) {
    metrics_ = metrics;
    if (metrics_ != nullptr) {
      metrics_->declare(kBlockConstructedMetric, MetricType::kHistogram, kBlockConstructedHelp,
                        MetricsRegistry::default_buckets());
    }
  }

  // Where the paras inherent's content comes from. Set before the first slot.
  void set_parachains_inherent(ParachainsInherent provider) {
    parachains_inherent_ = std::move(provider);
  }

  // Runs slot `slot` (called once, early in the slot): nothing when we do not win it, the best
  // block is already at or past it, or a major sync is in progress (sc-consensus-slots: "Skipping
  // proposal slot due to sync", so that a validator far behind catches up before it builds on a
  // stale block). `keys` are our BABE keys; `now_ms` the unix time.
  Result<std::optional<AuthoredBlock>, blockchain::BlockchainError> on_slot(
      consensus::babe::Slot slot, std::span<const crypto::sr25519::Keypair> keys, uint64_t now_ms);

 private:
  blockchain::Chain& chain_;
  blockchain::RuntimeHost& host_;
  BabeState& babe_;
  BlockImporter& importer_;
  FillBlock fill_;
  MajorSyncing major_syncing_;
  ParachainsInherent parachains_inherent_;
  MetricsRegistry* metrics_ = nullptr;
};

}  // namespace canary::node
