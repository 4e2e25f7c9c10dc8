// The state machine behind chainHead_v1_* (json-rpc-interface-spec src/api/chainHead*.md;
// Substrate's rpc-spec-v2 chain_head/): follow subscriptions with their pinned blocks, the
// block events (initialized, newBlock, bestBlockChanged, finalized, stop) and the operations
// (body, call, storage with pagination and continue) whose results arrive as events of the
// follow subscription.
//
// Per subscription it remembers which blocks it reported (so a block is announced once, its
// parent first, and a finalized or pruned list names only reported blocks), which blocks are
// pinned (with their headers, so chainHead_v1_header answers even for a pruned fork), the best
// block it reported, and its operations. Limits follow Substrate's defaults: 4 follow
// subscriptions per connection, 16 operation slots per subscription (a storage item takes one),
// 5 descendant items per page before waiting for chainHead_v1_continue, 16 finalized blocks in
// the initialized event, and at most 512 pinned finalized blocks (beyond that: stop).
//
// Thread-safe: chain notifications, method calls and the deferred operations lock one mutex.
// Operations run through RpcContext::run_deferred so that their events follow the "started"
// answer; the runtime and storage reads of an operation run without the lock.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "blockchain/chain.hpp"
#include "node/rpc/rpc_context.hpp"
#include "node/rpc/storage_query.hpp"
#include "primitives/util/result.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "rpc/jsonrpc/method_registry.hpp"
#include "rpc/jsonrpc/subscription.hpp"

namespace canary::node::rpc {

struct ChainHeadLimits {
  size_t follow_per_connection = 4;   // MAX_FOLLOW_SUBSCRIPTIONS_PER_CONNECTION
  size_t operations = 16;             // MAX_ONGOING_OPERATIONS (the spec's minimum)
  size_t storage_page = 5;            // MAX_STORAGE_ITER_ITEMS
  size_t initialized_finalized = 16;  // chain_head_follow.rs MAX_FINALIZED_BLOCKS
  size_t pinned_finalized = 512;      // MAX_PINNED_BLOCKS, counted on finalized blocks only
};

class ChainHead final : public blockchain::ChainObserver,
                        public std::enable_shared_from_this<ChainHead> {
 public:
  using Json = ::canary::rpc::Json;
  using Error = ::canary::rpc::Error;
  using MethodResult = ::canary::rpc::MethodResult;

  ChainHead(RpcContext& context, ChainHeadLimits limits);

  // chainHead_v1_follow: sends initialized, a newBlock per block above the finalized one and
  // bestBlockChanged into `sink` (held back by the session until the id is answered).
  Result<void, Error> follow(uint64_t connection, bool with_runtime,
                             ::canary::rpc::SubscriptionSink sink);

  MethodResult header(uint64_t connection, const std::string& follow_id,
                      const block::BlockHash& hash);
  MethodResult body(uint64_t connection, const std::string& follow_id,
                    const block::BlockHash& hash);
  MethodResult call(uint64_t connection, const std::string& follow_id, const block::BlockHash& hash,
                    std::string function, Bytes parameters);
  MethodResult storage(uint64_t connection, const std::string& follow_id,
                       const block::BlockHash& hash, std::vector<StorageQuery> items,
                       std::optional<Bytes> child);
  MethodResult unpin(uint64_t connection, const std::string& follow_id,
                     const std::vector<block::BlockHash>& hashes);
  MethodResult continue_operation(uint64_t connection, const std::string& follow_id,
                                  const std::string& operation_id);
  MethodResult stop_operation(uint64_t connection, const std::string& follow_id,
                              const std::string& operation_id);

  void on_block_imported(const blockchain::ImportNotice& notice) override;
  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>& reorg) override;
  void on_finalized(const blockchain::FinalityNotice& notice) override;

 private:
  enum class OperationKind : uint8_t { kBody, kCall, kStorage };
  struct Operation {
    std::string id;
    OperationKind kind = OperationKind::kBody;
    block::BlockHash block{};
    size_t slots = 1;
    bool waiting_for_continue = false;
    std::string function;
    Bytes parameters;
    std::vector<StorageQuery> points;     // value / hash / Merkle value queries, answered first
    std::deque<StorageQuery> iterations;  // descendants queries, resumed page by page
    std::optional<Bytes> child;
    bool started = false;
  };
  struct Follow {
    ::canary::rpc::SubscriptionSink sink;
    uint64_t connection = 0;
    bool with_runtime = false;
    bool stopped = false;
    block::BlockHash finalized{};
    block::BlockNumber finalized_number = 0;
    std::optional<block::BlockHash> best;
    // Blocks announced (initialized or newBlock) and not pruned, by number; entries below the
    // finalized block are forgotten.
    std::unordered_map<block::BlockHash, block::BlockNumber, state::Hash256Hasher> announced;
    std::unordered_map<block::BlockHash, block::Header, state::Hash256Hasher> pinned;
    uint64_t next_operation = 0;
    size_t used_slots = 0;
    std::map<std::string, std::shared_ptr<Operation>, std::less<>> operations;
  };
  // What an operation step found, applied under the lock.
  struct StepResult {
    std::vector<Json> events;
    bool finished = true;
    std::deque<StorageQuery> iterations;
  };

  // The live subscription `id` of `connection` (stopped or closed ones do not count).
  Follow* find(uint64_t connection, const std::string& id) REQUIRES(mutex_);
  void prune_closed() REQUIRES(mutex_);
  void emit(Follow& f, const Json& event);
  void stop(Follow& f);
  void announce(Follow& f, const block::BlockHash& hash, const block::Header& header,
                const std::optional<Json>& runtime);
  // The newRuntime value of a block (null when unchanged from its parent).
  Json new_runtime(const block::BlockHash& hash, const block::Header& header);
  Json runtime_of(const block::BlockHash& hash);
  MethodResult start(Follow& f, std::shared_ptr<Operation> op,
                     std::optional<size_t> discarded_items);
  // Subscriptions are keyed by connection and id: ids are only unique within a connection.
  using FollowKey = std::pair<uint64_t, std::string>;
  void schedule(const FollowKey& key, const std::string& operation_id);
  void run_step(const FollowKey& key, const std::string& operation_id);
  StepResult execute(const Operation& op);
  StepResult execute_storage(const Operation& op);
  void finish(Follow& f, const std::string& operation_id);

  RpcContext& context_;
  ChainHeadLimits limits_;
  Mutex mutex_;
  std::map<FollowKey, Follow> follows_ GUARDED_BY(mutex_);
  // Runtime versions of recently reported blocks (a runtime change compares two of them).
  std::map<block::BlockHash, Json> runtime_cache_;
};

}  // namespace canary::node::rpc
