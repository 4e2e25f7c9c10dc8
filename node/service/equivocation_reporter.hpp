// Reports the equivocations the node sees to the chain, as sc-consensus-babe's
// check_and_report_equivocation and sc-consensus-grandpa's report_equivocation do: the runtime
// proves the offender's key ownership (BabeApi/GrandpaApi generate_key_ownership_proof, at the
// equivocating block's parent and else at the best block, where its session is current) and
// turns the report into an unsigned extrinsic for the node's own pool
// (submit_report_equivocation_unsigned_extrinsic at the best block, with the pool as the call's
// offchain transaction pool). The pool keeps it (never gossiped) until this node authors a block.
//
// Reports run on the reporter's thread: the importer and the GRANDPA voter hand them over and
// go on. An offender the runtime cannot prove (no longer a validator) is logged and dropped.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <thread>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "consensus/babe/equivocation.hpp"
#include "consensus/grandpa/round.hpp"
#include "executor/offchain/transaction_pool.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

// What the runtime API calls of a report need: the API's name (BabeApi, GrandpaApi), the
// arguments of generate_key_ownership_proof (slot or set id, and the offender's key) and the
// SCALE-encoded equivocation proof.
struct EquivocationReport {
  std::string api;
  Bytes key_owner_query;        // SCALE (slot | set id, authority id)
  Bytes proof;                  // SCALE sp_consensus_*::EquivocationProof
  block::BlockHash prove_at{};  // tried first: the equivocating block's parent (BABE)
  std::string describe;         // for the log
};

// A BABE report from the detector's proof.
EquivocationReport babe_report(const consensus::babe::EquivocationProof& proof);
// A GRANDPA report from the voter's: sp_consensus_grandpa::EquivocationProof {set id,
// Equivocation::Prevote|Precommit(finality_grandpa::Equivocation {round, identity,
// (vote, signature) twice})}, proven at the best block.
EquivocationReport grandpa_report(consensus::grandpa::SetId set_id,
                                  const consensus::grandpa::Equivocation& equivocation);

class EquivocationReporter {
 public:
  EquivocationReporter(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                       executor::offchain::TransactionPool& pool);
  ~EquivocationReporter();
  EquivocationReporter(const EquivocationReporter&) = delete;
  EquivocationReporter& operator=(const EquivocationReporter&) = delete;

  // Queues a report (quick: the caller's thread).
  void report(EquivocationReport report) EXCLUDES(mutex_);

  // One report on the calling thread: whether the runtime submitted it.
  Result<bool, std::string> submit(const EquivocationReport& report);

  // Blocks until nothing is queued or running (tests); stops and joins (idempotent).
  void wait_idle() EXCLUDES(mutex_);
  void stop() EXCLUDES(mutex_);

  struct Counts {
    uint64_t submitted = 0;  // reports the pool took
    uint64_t dropped = 0;    // not provable, refused by the pool, or failed (logged)
  };
  Counts counts() const EXCLUDES(mutex_);

 private:
  Result<std::optional<Bytes>, std::string> key_owner_proof(const EquivocationReport& report,
                                                            const block::BlockHash& at);
  Result<Bytes, std::string> call_at(const block::BlockHash& at, const std::string& method,
                                     const Bytes& input, bool with_pool);
  void loop() EXCLUDES(mutex_);

  blockchain::Chain& chain_;
  blockchain::RuntimeHost& host_;
  executor::offchain::TransactionPool& pool_;

  mutable Mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<EquivocationReport> queue_ GUARDED_BY(mutex_);
  bool running_ GUARDED_BY(mutex_) = false;
  bool stopping_ GUARDED_BY(mutex_) = false;
  Counts counts_ GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace canary::node
