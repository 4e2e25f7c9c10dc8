#include "node/service/offchain_workers.hpp"

#include <utility>

#include "executor/offchain/offchain_worker.hpp"
#include "node/service/log.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"

namespace canary::node {

namespace {
constexpr std::string_view kTarget = "offchain-worker";
}  // namespace

OffchainWorkers::OffchainWorkers(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                                 OffchainWorkerServices services, OffchainWorkersConfig config,
                                 MajorSyncing major_syncing)
    : chain_(chain),
      host_(host),
      services_(services),
      config_(config),
      major_syncing_(std::move(major_syncing)) {
  const size_t threads = config_.threads == 0 ? 1 : config_.threads;
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { worker_loop(); });
}

OffchainWorkers::~OffchainWorkers() {
  stop();
}

void OffchainWorkers::on_block_imported(const blockchain::ImportNotice& notice) {
  // Asked before the lock: the oracle takes the network's own locks.
  const bool syncing = notice.new_best && major_syncing_ && major_syncing_();
  MutexLock lock(mutex_);
  if (stopping_) return;
  const OffchainRunDecision decision = decide_offchain_run(
      notice.new_best, syncing, queue_.size() + running_, config_.max_in_flight);
  if (decision != OffchainRunDecision::kRun) {
    if (decision != OffchainRunDecision::kNotBest) ++counts_.skipped;
    log::debug(kTarget, "Skipping offchain workers at #{} ({}): {}", notice.block.number,
               log::short_hash(notice.block.hash), to_string(decision));
    return;
  }
  queue_.push_back(notice.header);
  wake_.notify_one();
}

Result<OffchainRunOutcome, std::string> OffchainWorkers::run(const block::Header& header) {
  state::TrieBackend backend(header.state_root, chain_.database().node_store());
  state::OverlayedChanges overlay(backend);
  // The worker's calls run on the block's own state (its code substitute, if any) with the
  // offchain allocator limits, as sc-offchain's `off_chain_context()`.
  auto session = blockchain::RuntimeSession::open(
      host_, overlay,
      {.at = header.number, .allocation_context = executor::AllocationContext::kOffchain});
  if (!session) return unexpected("the block's runtime: " + session.error().message());
  const auto version = offchain_worker_api_version((*session)->version());
  if (!version) return OffchainRunOutcome::kNoApi;

  executor::offchain::BasicOffchainWorker worker(config_.is_validator);
  executor::host::HostContext& context = (*session)->context();
  context.offchain_storage = services_.storage;
  context.transaction_pool = services_.pool;
  context.keystore = services_.keystore;
  context.offchain_worker = &worker;
  auto called =
      (*session)->call(kOffchainWorkerMethod, offchain_worker_call_input(*version, header));
  if (!called) return unexpected(called.error().message());
  return OffchainRunOutcome::kRan;
}

void OffchainWorkers::worker_loop() {
  for (;;) {
    block::Header header;
    {
      UniqueLock lock(mutex_);
      wake_.wait(lock.native(), [this]() REQUIRES(mutex_) { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      header = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    const block::BlockHash hash = block::hash_of(header);
    log::debug(kTarget, "Running offchain workers at #{} ({})", header.number,
               log::short_hash(hash));
    auto outcome = run(header);
    MutexLock lock(mutex_);
    if (!outcome) {
      ++counts_.failed;
      log::error(kTarget, "Error running offchain workers at #{} ({}): {}", header.number,
                 log::short_hash(hash), outcome.error());
    } else if (*outcome == OffchainRunOutcome::kNoApi) {
      ++counts_.skipped;
      if (!no_api_logged_) {
        no_api_logged_ = true;
        // sc-offchain's message, once rather than at every block.
        log::error(kTarget,
                   "`OffchainWorker` runtime api not found. Consider turning off offchain "
                   "workers if they are not part of your runtime.");
      }
    } else {
      ++counts_.ran;
    }
    --running_;
    if (queue_.empty() && running_ == 0) idle_.notify_all();
  }
}

void OffchainWorkers::wait_idle() {
  UniqueLock lock(mutex_);
  idle_.wait(lock.native(),
             [this]() REQUIRES(mutex_) { return stopping_ || (queue_.empty() && running_ == 0); });
}

void OffchainWorkers::stop() {
  {
    MutexLock lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  idle_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

OffchainWorkers::Counts OffchainWorkers::counts() const {
  MutexLock lock(mutex_);
  return counts_;
}

}  // namespace canary::node
