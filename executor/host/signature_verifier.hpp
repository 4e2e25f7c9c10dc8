// Signature checks of a batch (ext_crypto_start_batch_verify … ext_crypto_finish_batch_verify)
// verified on worker threads while the runtime runs on: what sp-io's VerificationExt did before
// polkadot-sdk#13799 made every check immediate, and what lets a node import a block on more than
// one core (the Canary runtime checks a block's extrinsic signatures as a batch in
// Core_execute_block). A batch's verdict is the AND of its checks: the same whatever order they
// finish in, on however many threads, and the same as checking each at once.
//
// One verifier serves every runtime call of a node (HostContext::signature_verifier); its threads
// wait while no batch is open.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "executor/host/signature_check.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::executor::host {

class SignatureVerifier {
 public:
  class Batch;

  // `workers` threads of its own; 0: a batch's checks run in finish(), on its caller.
  explicit SignatureVerifier(size_t workers);
  ~SignatureVerifier();
  SignatureVerifier(const SignatureVerifier&) = delete;
  SignatureVerifier& operator=(const SignatureVerifier&) = delete;

  size_t workers() const { return threads_.size(); }

  std::shared_ptr<Batch> start();
  // Queues a check (the bytes are copied: the runtime's memory moves on).
  void add(const std::shared_ptr<Batch>& batch, SignatureRule rule, ByteSpan signature,
           ByteSpan message, ByteSpan public_key);
  // Whether every check of the batch verified. The caller checks what no worker has taken yet
  // (all of it together), then waits for the rest.
  bool finish(Batch& batch);
  // The batch is abandoned (its runtime call ended without finishing it): checks not begun are
  // dropped.
  void cancel(Batch& batch);

 private:
  // Checks a worker takes at once: enough for the batch verification to pay (its cost per
  // signature falls with the batch's size), few enough to share a block's among the workers.
  static constexpr size_t kWorkerChunk = 256;

  void work();
  // Runs up to `max` pending checks of `batch` together (check_signatures), the lock released
  // meanwhile; false if none was pending.
  bool run_some(Batch& batch, std::unique_lock<std::mutex>& lock, size_t max);

  std::mutex mutex_;
  std::condition_variable work_available_;
  std::condition_variable check_done_;
  // One entry per check queued for the workers (an entry whose check another worker or the
  // batch's finisher took already finds nothing to do).
  std::deque<std::shared_ptr<Batch>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;

  friend class Batch;
};

class SignatureVerifier::Batch {
 private:
  friend class SignatureVerifier;
  std::deque<SignatureCheck> pending_;
  size_t running_ = 0;
  bool valid_ = true;
};

}  // namespace canary::executor::host
