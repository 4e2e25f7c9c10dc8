// The node's offchain workers (sc-offchain `OffchainWorkers`): for each imported block that is the
// new best block, while no major sync runs, `OffchainWorkerApi_offchain_worker` is called on that
// block's state on a worker thread of its own, never on the import path, with the services of an
// offchain call: the persistent offchain storage, the node's pool (as Local transactions), the
// keystore (signed transactions, VRF) and a BasicOffchainWorker (validator status, clock,
// randomness; no HTTP, no network state). The decisions are offchain_worker_policy.hpp's.
//
// A failing worker (a runtime panic or trap, a missing state) is logged under `offchain-worker`
// and the node goes on; nothing a worker writes to the chain's state is kept (its overlay is
// dropped), as in the reference.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/keystore/keystore.hpp"
#include "executor/offchain/offchain_storage.hpp"
#include "executor/offchain/transaction_pool.hpp"
#include "node/service/offchain_worker_policy.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

struct OffchainWorkersConfig {
  // What ext_offchain_is_validator answers (sc-service: the node's role is an authority).
  bool is_validator = false;
  // Worker threads, and how many workers may be queued or running at once; a best block that
  // comes while that many are is skipped.
  size_t threads = 1;
  size_t max_in_flight = 4;
};

// The services one worker call gets; owned by the caller, null ones are not granted (their host
// functions trap, as in the reference without the extension).
struct OffchainWorkerServices {
  executor::offchain::OffchainStorage* storage = nullptr;
  executor::offchain::TransactionPool* pool = nullptr;
  executor::keystore::Keystore* keystore = nullptr;
};

enum class OffchainRunOutcome : uint8_t {
  kRan,    // the runtime's offchain worker returned
  kNoApi,  // the runtime has no OffchainWorkerApi: nothing ran
};

class OffchainWorkers final : public blockchain::ChainObserver {
 public:
  using MajorSyncing = std::function<bool()>;

  // Starts the worker threads. Register with Chain::add_observer; remove before destruction.
  OffchainWorkers(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                  OffchainWorkerServices services, OffchainWorkersConfig config,
                  MajorSyncing major_syncing = nullptr);
  ~OffchainWorkers() override;
  OffchainWorkers(const OffchainWorkers&) = delete;
  OffchainWorkers& operator=(const OffchainWorkers&) = delete;

  // Queues a worker for the block when decide_offchain_run says so (quick: the import thread).
  void on_block_imported(const blockchain::ImportNotice& notice) override EXCLUDES(mutex_);

  // One worker call on the calling thread, for `header`'s state: what each queued job does.
  Result<OffchainRunOutcome, std::string> run(const block::Header& header);

  // Blocks until nothing is queued or running (tests).
  void wait_idle() EXCLUDES(mutex_);
  // Finishes the running workers, drops the queued ones and joins the threads; idempotent.
  void stop() EXCLUDES(mutex_);

  struct Counts {
    uint64_t ran = 0;      // calls that returned
    uint64_t failed = 0;   // calls that failed (logged)
    uint64_t skipped = 0;  // best blocks not run: sync, busy, no API
  };
  Counts counts() const EXCLUDES(mutex_);

 private:
  void worker_loop() EXCLUDES(mutex_);

  blockchain::Chain& chain_;
  blockchain::RuntimeHost& host_;
  OffchainWorkerServices services_;
  OffchainWorkersConfig config_;
  MajorSyncing major_syncing_;

  mutable Mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<block::Header> queue_ GUARDED_BY(mutex_);
  size_t running_ GUARDED_BY(mutex_) = 0;
  bool stopping_ GUARDED_BY(mutex_) = false;
  bool no_api_logged_ GUARDED_BY(mutex_) = false;
  Counts counts_ GUARDED_BY(mutex_);
  std::vector<std::thread> threads_;
};

}  // namespace canary::node
