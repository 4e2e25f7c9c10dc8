// Everything the host functions work on during runtime calls: what sp-io reaches through
// `Externalities` and its extensions. The caller fills in the services it grants (storage for
// on-chain calls; keystore, offchain storage and worker for offchain calls, …) and passes the
// context as CallOptions::host_context; a service left null makes the functions that need it trap,
// as the reference panics when an extension is missing.
//
// A context may serve several runtime calls in a row (a block's initialize, apply_extrinsic…,
// finalize). After each call the caller must call exit_runtime(): it rolls back the storage
// transactions the runtime left open and forgets per-call state (sp-state-machine
// `OverlayedChanges::exit_runtime`, the reference's per-call extensions).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "executor/host/logger.hpp"
#include "executor/host/runtime_version_reader.hpp"
#include "executor/host/signature_verifier.hpp"
#include "executor/keystore/keystore.hpp"
#include "executor/offchain/offchain_index.hpp"
#include "executor/offchain/offchain_storage.hpp"
#include "executor/offchain/offchain_worker.hpp"
#include "executor/offchain/transaction_pool.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/transaction_error.hpp"

namespace canary::executor::host {

// ext_transaction_index_index / _renew (storage chains; sp-state-machine `IndexOperation`).
struct TransactionIndexOp {
  enum class Kind : uint8_t { kInsert, kRenew };
  Kind kind = Kind::kInsert;
  uint32_t extrinsic = 0;
  Hash256 hash{};
  uint32_t size = 0;  // kInsert only
};

// A batch of signature checks a runtime call opened (HostContext::batch_verification).
struct OpenSignatureBatch {
  bool valid = true;                                   // the checks run at once
  std::shared_ptr<SignatureVerifier::Batch> deferred;  // the verifier's, if any
};

struct HostContext {
  // --- Services, owned by the caller. Null: the call may not use them.
  state::OverlayedChanges* storage = nullptr;
  // The offchain index writes (ext_offchain_index_*); null drops them, as a node without offchain
  // indexing does. Follows the storage transactions opened through this context.
  offchain::OffchainIndexChanges* offchain_index = nullptr;
  keystore::Keystore* keystore = nullptr;
  offchain::OffchainStorage* offchain_storage = nullptr;
  offchain::OffchainWorker* offchain_worker = nullptr;
  offchain::TransactionPool* transaction_pool = nullptr;
  // Null: log lines are dropped and ext_logging_max_level reports Off.
  Logger* logger = nullptr;
  // The Core_version fallback of ext_misc_runtime_version; null: blobs without an embedded
  // version have none.
  CoreVersionCaller* core_version = nullptr;

  // The main-trie functions read keys under ":child_storage:" like any other key, as the reference
  // host does (sp-state-machine ext.rs only refuses writes). The spec asks them to be hidden
  // (w3f/polkadot-spec docs/chap-host-api.md, "Storage"); set this for spec conformance runs only:
  // it may change what a runtime computes.
  bool hide_child_storage_keys = false;

  // --- Collected during calls, for the caller.
  std::vector<TransactionIndexOp> transaction_index_ops;
  // The message of ext_panic_handler_abort_on_panic, if the last call panicked through it.
  std::optional<std::string> panic_message;

  // --- Storage transactions opened by the runtime (ext_storage_*_transaction). The runtime can
  // only close what it opened itself during the current call: the reference's overlay refuses to
  // close transactions opened before `enter_runtime`.
  void start_transaction();
  Result<void, state::TransactionError> commit_transaction();
  Result<void, state::TransactionError> rollback_transaction();
  uint32_t runtime_transaction_depth() const { return runtime_transactions_; }

  // --- Batch verification (ext_crypto_start/finish_batch_verify). With a verifier (owned by
  // the caller), the batch functions queue their check for its threads and answer true, and
  // finish waits for the verdict of all; without one, as polkadot-sdk's hosts since #13799, each
  // check runs at once and its result is also and-ed into the batch's.
  SignatureVerifier* signature_verifier = nullptr;
  std::optional<OpenSignatureBatch> batch_verification;

  // Ends a runtime call: rolls back the transactions it left open, drops batch verification.
  void exit_runtime();

 private:
  uint32_t runtime_transactions_ = 0;
};

}  // namespace canary::executor::host
