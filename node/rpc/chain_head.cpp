#include "node/rpc/chain_head.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "node/rpc/block_access.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "node/rpc/substrate_json.hpp"
#include "primitives/block/block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node::rpc {
namespace {

using Json = ::canary::rpc::Json;
using Kind = blockchain::BlockchainError::Kind;

constexpr size_t kRuntimeCacheSize = 32;

Json operation_event(std::string_view event, const std::string& id) {
  return Json{{"event", event}, {"operationId", id}};
}

bool has_runtime_update(const block::Header& header) {
  return std::any_of(header.digest.begin(), header.digest.end(), [](const auto& item) {
    return std::holds_alternative<block::DigestRuntimeEnvironmentUpdated>(item);
  });
}

Json limit_reached() {
  return Json{{"result", "limitReached"}};
}

// An unknown block (a pruned fork) or a discarded state cannot be read now but the operation
// is not wrong: operationInaccessible. Anything else is operationError.
bool inaccessible(const std::string& error) {
  return error.starts_with("UnknownBlock:") || error.starts_with("Api called for an unknown Block");
}

}  // namespace

ChainHead::ChainHead(RpcContext& context, ChainHeadLimits limits)
    : context_(context), limits_(limits) {}

// --- Subscriptions and events.

void ChainHead::prune_closed() {
  std::erase_if(follows_, [](const auto& item) { return item.second.sink.closed(); });
}

ChainHead::Follow* ChainHead::find(uint64_t connection, const std::string& id) {
  // rpc-spec-v2 `contains_subscription(connection_id, ..)`: another connection's subscription
  // is absent for this one.
  auto it = follows_.find(FollowKey{connection, id});
  if (it == follows_.end()) return nullptr;
  Follow& f = it->second;
  if (f.sink.closed()) {
    follows_.erase(it);
    return nullptr;
  }
  if (f.stopped) return nullptr;
  return &f;
}

void ChainHead::emit(Follow& f, const Json& event) {
  if (f.stopped) return;
  if (!f.sink.send(event)) {
    // Closed or lagging: nothing more can be delivered; release what it held.
    f.stopped = true;
    f.pinned.clear();
    f.announced.clear();
    f.operations.clear();
    f.used_slots = 0;
  }
}

void ChainHead::stop(Follow& f) {
  emit(f, Json{{"event", "stop"}});
  f.stopped = true;
  f.pinned.clear();
  f.announced.clear();
  f.operations.clear();
  f.used_slots = 0;
}

Json ChainHead::runtime_of(const block::BlockHash& hash) {
  auto it = runtime_cache_.find(hash);
  if (it != runtime_cache_.end()) return it->second;
  auto version = runtime_version_at(context_.chain, context_.host, hash);
  Json json = version ? chain_head_runtime_json(*version)
                      : Json{{"type", "invalid"}, {"error", version.error()}};
  if (runtime_cache_.size() >= kRuntimeCacheSize) runtime_cache_.erase(runtime_cache_.begin());
  runtime_cache_.emplace(hash, json);
  return json;
}

Json ChainHead::new_runtime(const block::BlockHash& hash, const block::Header& header) {
  // Only a block whose digest says :code or :heappages changed can run another runtime than its
  // parent (frame_system deposits RuntimeEnvironmentUpdated with every such change); then the
  // versions are compared, as rpc-spec-v2 generate_runtime_event does.
  if (!has_runtime_update(header)) return Json(nullptr);
  Json mine = runtime_of(hash);
  if (mine == runtime_of(header.parent_hash)) return Json(nullptr);
  return mine;
}

void ChainHead::announce(Follow& f, const block::BlockHash& hash, const block::Header& header,
                         const std::optional<Json>& runtime) {
  f.announced[hash] = header.number;
  f.pinned[hash] = header;
  Json event = Json::object();
  event["event"] = "newBlock";
  event["blockHash"] = to_hex(hash);
  event["parentBlockHash"] = to_hex(header.parent_hash);
  if (f.with_runtime) event["newRuntime"] = runtime ? *runtime : Json(nullptr);
  emit(f, event);
}

Result<void, ChainHead::Error> ChainHead::follow(uint64_t connection, bool with_runtime,
                                                 ::canary::rpc::SubscriptionSink sink) {
  MutexLock lock(mutex_);
  prune_closed();
  const size_t mine =
      static_cast<size_t>(std::count_if(follows_.begin(), follows_.end(), [&](const auto& item) {
        return item.second.connection == connection && !item.second.stopped;
      }));
  if (mine >= limits_.follow_per_connection) return unexpected(chain_head_reached_limits());

  const std::string id = sink.id();
  Follow& f = follows_[FollowKey{connection, id}];
  f = Follow{};
  f.sink = std::move(sink);
  f.connection = connection;
  f.with_runtime = with_runtime;
  const blockchain::Chain& chain = context_.chain;
  const blockchain::BlockRef finalized = chain.finalized();
  f.finalized = finalized.hash;
  f.finalized_number = finalized.number;

  // The finalized block and up to 15 of its ancestors, oldest first, all pinned.
  std::vector<block::BlockHash> finalized_hashes;
  block::BlockHash cursor = finalized.hash;
  for (size_t i = 0; i < limits_.initialized_finalized; ++i) {
    auto read = chain.header(cursor);
    if (!read) break;
    const std::optional<block::Header>& header = *read;
    if (!header) break;
    finalized_hashes.push_back(cursor);
    f.announced[cursor] = header->number;
    f.pinned[cursor] = *header;
    if (header->number == 0) break;
    cursor = header->parent_hash;
  }
  std::reverse(finalized_hashes.begin(), finalized_hashes.end());
  Json init = Json::object();
  init["event"] = "initialized";
  Json hashes = Json::array();
  for (const auto& h : finalized_hashes) hashes.push_back(to_hex(h));
  init["finalizedBlockHashes"] = std::move(hashes);
  if (with_runtime) init["finalizedBlockRuntime"] = runtime_of(finalized.hash);
  emit(f, init);

  // Every block above the finalized one, parents first (Chain::unfinalized is by number).
  for (const blockchain::BlockRef& b : chain.unfinalized()) {
    auto read = chain.header(b.hash);
    if (!read) continue;
    const std::optional<block::Header>& header = *read;
    if (!header) continue;
    if (!f.announced.contains(header->parent_hash)) continue;  // its fork was just pruned
    std::optional<Json> runtime;
    if (with_runtime) runtime = new_runtime(b.hash, *header);
    announce(f, b.hash, *header, runtime);
  }
  const block::BlockHash best = chain.best().hash;
  f.best = finalized.hash;
  if (best != finalized.hash && f.announced.contains(best)) {
    emit(f, Json{{"event", "bestBlockChanged"}, {"bestBlockHash", to_hex(best)}});
    f.best = best;
  }
  return {};
}

void ChainHead::on_block_imported(const blockchain::ImportNotice& notice) {
  MutexLock lock(mutex_);
  prune_closed();
  std::optional<Json> runtime;  // computed once for every subscription that wants it
  for (auto& [id, f] : follows_) {
    if (f.stopped || notice.block.number <= f.finalized_number) continue;
    if (!f.announced.contains(notice.block.hash)) {
      const block::BlockHash& parent = notice.header.parent_hash;
      if (!f.announced.contains(parent)) {
        // A gap: the parent was never reported. The subscription cannot stay consistent.
        stop(f);
        continue;
      }
      if (f.with_runtime && !runtime) runtime = new_runtime(notice.block.hash, notice.header);
      announce(f, notice.block.hash, notice.header, runtime);
    }
    if (notice.new_best && f.best != notice.block.hash) {
      emit(f, Json{{"event", "bestBlockChanged"}, {"bestBlockHash", to_hex(notice.block.hash)}});
      f.best = notice.block.hash;
    }
  }
}

void ChainHead::on_best_block_changed(const blockchain::BlockRef& best,
                                      const std::optional<blockchain::TreeRoute>&) {
  MutexLock lock(mutex_);
  for (auto& [id, f] : follows_) {
    if (f.stopped || f.best == best.hash || !f.announced.contains(best.hash)) continue;
    emit(f, Json{{"event", "bestBlockChanged"}, {"bestBlockHash", to_hex(best.hash)}});
    f.best = best.hash;
  }
}

void ChainHead::on_finalized(const blockchain::FinalityNotice& notice) {
  MutexLock lock(mutex_);
  prune_closed();
  const blockchain::BlockRef chain_best = context_.chain.best();
  for (auto& [id, f] : follows_) {
    if (f.stopped || notice.finalized.number <= f.finalized_number) continue;
    Json finalized = Json::array();
    for (const blockchain::BlockRef& b : notice.newly_finalized) {
      if (b.number <= f.finalized_number) continue;
      if (!f.announced.contains(b.hash)) {
        // Finalized before its import was reported (rpc-spec-v2 generate_finalized_events):
        // announce it now, its parent being announced or the previous finalized block.
        auto header = context_.chain.header(b.hash);
        if (!header || !*header || !f.announced.contains((*header)->parent_hash)) {
          stop(f);
          break;
        }
        std::optional<Json> runtime;
        if (f.with_runtime) runtime = new_runtime(b.hash, **header);
        announce(f, b.hash, **header, runtime);
      }
      finalized.push_back(to_hex(b.hash));
    }
    if (f.stopped) continue;
    Json pruned = Json::array();
    for (const blockchain::BlockRef& b : notice.discarded) {
      if (f.announced.erase(b.hash) != 0) pruned.push_back(to_hex(b.hash));
    }
    // The chain moved its best block onto the finalized chain without a best-block notice:
    // report it before the finalized event, so that the best block is never pruned or left
    // behind among the finalized ones (chain_head_follow.rs handle_finalized_blocks).
    const block::BlockHash new_best =
        f.announced.contains(chain_best.hash) ? chain_best.hash : notice.finalized.hash;
    if (f.best != new_best) {
      emit(f, Json{{"event", "bestBlockChanged"}, {"bestBlockHash", to_hex(new_best)}});
      f.best = new_best;
    }
    emit(f, Json{{"event", "finalized"},
                 {"finalizedBlockHashes", std::move(finalized)},
                 {"prunedBlockHashes", std::move(pruned)}});
    f.finalized = notice.finalized.hash;
    f.finalized_number = notice.finalized.number;
    std::erase_if(f.announced, [&](const auto& item) { return item.second < f.finalized_number; });
    const size_t pinned_finalized =
        static_cast<size_t>(std::count_if(f.pinned.begin(), f.pinned.end(), [&](const auto& item) {
          return item.second.number <= f.finalized_number;
        }));
    if (pinned_finalized > limits_.pinned_finalized) stop(f);
  }
}

// --- Methods.

ChainHead::MethodResult ChainHead::header(uint64_t connection, const std::string& follow_id,
                                          const block::BlockHash& hash) {
  MutexLock lock(mutex_);
  Follow* f = find(connection, follow_id);
  if (f == nullptr) return Json(nullptr);
  auto it = f->pinned.find(hash);
  if (it == f->pinned.end()) return unexpected(chain_head_invalid_block());
  return Json(to_hex(scale::encode(it->second)));
}

ChainHead::MethodResult ChainHead::start(Follow& f, std::shared_ptr<Operation> op,
                                         std::optional<size_t> discarded_items) {
  op->id = std::to_string(f.next_operation++);
  f.used_slots += op->slots;
  Json response = Json{{"result", "started"}, {"operationId", op->id}};
  if (discarded_items) response["discardedItems"] = *discarded_items;
  const FollowKey key{f.connection, f.sink.id()};
  const std::string operation_id = op->id;
  f.operations.emplace(op->id, std::move(op));
  schedule(key, operation_id);
  return response;
}

ChainHead::MethodResult ChainHead::body(uint64_t connection, const std::string& follow_id,
                                        const block::BlockHash& hash) {
  MutexLock lock(mutex_);
  Follow* f = find(connection, follow_id);
  if (f == nullptr) return limit_reached();
  if (!f->pinned.contains(hash)) return unexpected(chain_head_invalid_block());
  if (f->used_slots >= limits_.operations) return limit_reached();
  auto op = std::make_shared<Operation>();
  op->kind = OperationKind::kBody;
  op->block = hash;
  return start(*f, std::move(op), std::nullopt);
}

ChainHead::MethodResult ChainHead::call(uint64_t connection, const std::string& follow_id,
                                        const block::BlockHash& hash, std::string function,
                                        Bytes parameters) {
  MutexLock lock(mutex_);
  Follow* f = find(connection, follow_id);
  if (f == nullptr) return limit_reached();
  if (!f->pinned.contains(hash)) return unexpected(chain_head_invalid_block());
  if (f->used_slots >= limits_.operations) return limit_reached();
  if (!f->with_runtime) return unexpected(chain_head_invalid_runtime_call());
  auto op = std::make_shared<Operation>();
  op->kind = OperationKind::kCall;
  op->block = hash;
  op->function = std::move(function);
  op->parameters = std::move(parameters);
  return start(*f, std::move(op), std::nullopt);
}

ChainHead::MethodResult ChainHead::storage(uint64_t connection, const std::string& follow_id,
                                           const block::BlockHash& hash,
                                           std::vector<StorageQuery> items,
                                           std::optional<Bytes> child) {
  MutexLock lock(mutex_);
  Follow* f = find(connection, follow_id);
  if (f == nullptr) return limit_reached();
  if (!f->pinned.contains(hash)) return unexpected(chain_head_invalid_block());
  // Each item takes an operation slot; the items that find none are discarded from the back.
  const size_t available = limits_.operations - std::min(limits_.operations, f->used_slots);
  if (available == 0 && !items.empty()) return limit_reached();
  const size_t kept = std::min(available, items.size());
  const size_t discarded = items.size() - kept;
  items.resize(kept);
  auto op = std::make_shared<Operation>();
  op->kind = OperationKind::kStorage;
  op->block = hash;
  op->slots = kept;
  op->child = std::move(child);
  for (StorageQuery& q : items) {
    if (is_descendants_query(q.type)) {
      q.pagination_start_key.reset();
      op->iterations.push_back(std::move(q));
    } else {
      op->points.push_back(std::move(q));
    }
  }
  return start(*f, std::move(op), discarded);
}

ChainHead::MethodResult ChainHead::unpin(uint64_t connection, const std::string& follow_id,
                                         const std::vector<block::BlockHash>& hashes) {
  MutexLock lock(mutex_);
  Follow* f = find(connection, follow_id);
  if (f == nullptr) return Json(nullptr);
  std::set<block::BlockHash> unique(hashes.begin(), hashes.end());
  if (unique.size() != hashes.size()) return unexpected(chain_head_duplicate_hashes());
  // All or nothing: check every hash before unpinning any.
  for (const auto& h : hashes) {
    if (!f->pinned.contains(h)) return unexpected(chain_head_invalid_block());
  }
  for (const auto& h : hashes) f->pinned.erase(h);
  return Json(nullptr);
}

ChainHead::MethodResult ChainHead::continue_operation(uint64_t connection,
                                                      const std::string& follow_id,
                                                      const std::string& operation_id) {
  MutexLock lock(mutex_);
  Follow* f = find(connection, follow_id);
  if (f == nullptr) return Json(nullptr);
  auto it = f->operations.find(operation_id);
  if (it == f->operations.end()) return Json(nullptr);
  if (!it->second->waiting_for_continue) return unexpected(chain_head_invalid_continue());
  it->second->waiting_for_continue = false;
  schedule(FollowKey{connection, follow_id}, operation_id);
  return Json(nullptr);
}

ChainHead::MethodResult ChainHead::stop_operation(uint64_t connection, const std::string& follow_id,
                                                  const std::string& operation_id) {
  MutexLock lock(mutex_);
  Follow* f = find(connection, follow_id);
  if (f == nullptr) return Json(nullptr);
  finish(*f, operation_id);
  return Json(nullptr);
}

// --- Operations.

void ChainHead::finish(Follow& f, const std::string& operation_id) {
  auto it = f.operations.find(operation_id);
  if (it == f.operations.end()) return;
  f.used_slots -= std::min(f.used_slots, it->second->slots);
  f.operations.erase(it);
}

void ChainHead::schedule(const FollowKey& key, const std::string& operation_id) {
  std::weak_ptr<ChainHead> weak = weak_from_this();
  context_.run_deferred([weak, key, operation_id] {
    if (auto self = weak.lock()) self->run_step(key, operation_id);
  });
}

void ChainHead::run_step(const FollowKey& key, const std::string& operation_id) {
  std::shared_ptr<Operation> op;
  {
    MutexLock lock(mutex_);
    auto it = follows_.find(key);
    if (it == follows_.end() || it->second.stopped) return;
    auto o = it->second.operations.find(operation_id);
    if (o == it->second.operations.end()) return;  // stopped meanwhile
    op = o->second;
  }
  // The reads run unlocked; only this step touches the operation until it says it waits.
  StepResult result = execute(*op);
  MutexLock lock(mutex_);
  auto it = follows_.find(key);
  if (it == follows_.end()) return;
  Follow& f = it->second;
  auto o = f.operations.find(operation_id);
  if (o == f.operations.end() || o->second != op) return;  // stopped while the step ran
  for (const Json& event : result.events) emit(f, event);
  if (result.finished) {
    finish(f, operation_id);
  } else {
    op->started = true;
    op->points.clear();
    op->iterations = std::move(result.iterations);
    op->waiting_for_continue = true;
  }
}

ChainHead::StepResult ChainHead::execute(const Operation& op) {
  StepResult out;
  switch (op.kind) {
    case OperationKind::kBody: {
      auto body = context_.chain.body(op.block);
      if (!body) {
        out.events.push_back(operation_event("operationError", op.id));
        out.events.back()["error"] = body.error().message();
      } else if (const std::optional<std::vector<Bytes>>& found = *body; !found) {
        out.events.push_back(operation_event("operationInaccessible", op.id));
      } else {
        Json value = Json::array();
        for (const Bytes& xt : *found) value.push_back(to_hex(block::encode_opaque_extrinsic(xt)));
        Json event = operation_event("operationBodyDone", op.id);
        event["value"] = std::move(value);
        out.events.push_back(std::move(event));
      }
      return out;
    }
    case OperationKind::kCall: {
      auto st = blockchain::BlockState::at(context_.chain, op.block);
      if (!st) {
        out.events.push_back(operation_event("operationInaccessible", op.id));
        return out;
      }
      auto result = st->call(context_.host, op.function, op.parameters, context_.call_fuel);
      if (!result) {
        Json event = operation_event("operationError", op.id);
        event["error"] = client_error_text(result.error(), op.block);
        out.events.push_back(std::move(event));
      } else {
        Json event = operation_event("operationCallDone", op.id);
        event["output"] = to_hex(*result);
        out.events.push_back(std::move(event));
      }
      return out;
    }
    case OperationKind::kStorage:
      break;
  }
  return execute_storage(op);
}

// One step of a storage operation: the point queries (first step only) in one
// operationStorageItems, then descendants pages of `storage_page` items; after a page with more
// to come it waits for chainHead_v1_continue (rpc-spec-v2 chain_head_storage.rs).
ChainHead::StepResult ChainHead::execute_storage(const Operation& op) {
  StepResult out;
  const auto fail = [&](const std::string& error) {
    out.events.clear();
    if (inaccessible(error)) {
      out.events.push_back(operation_event("operationInaccessible", op.id));
    } else {
      Json event = operation_event("operationError", op.id);
      event["error"] = error;
      out.events.push_back(std::move(event));
    }
    out.finished = true;
    return out;
  };
  auto reader = StorageReader::open(context_.chain, op.block, op.child);
  if (!reader) return fail(reader.error());
  Json items = Json::array();
  if (!op.started) {
    for (const StorageQuery& q : op.points) {
      auto data = reader->point(q);
      if (!data) return fail(data.error());
      const std::optional<Bytes>& found = *data;
      if (found) items.push_back(storage_item_json(q.key, q.type, *found));
    }
  }
  out.iterations = op.iterations;
  while (!out.iterations.empty()) {
    StorageQuery& q = out.iterations.front();
    std::optional<ByteSpan> after;
    if (q.pagination_start_key) after = ByteSpan(*q.pagination_start_key);
    // One item more than a page tells whether another page follows.
    auto page = reader->descendants(q.key, q.type == StorageQueryType::kDescendantsHashes,
                                    limits_.storage_page + 1, after);
    if (!page) return fail(page.error());
    const bool more = page->size() > limits_.storage_page;
    if (more) page->resize(limits_.storage_page);
    for (const auto& [key, data] : *page) items.push_back(storage_item_json(key, q.type, data));
    if (more) {
      q.pagination_start_key = page->back().first;
    } else {
      out.iterations.pop_front();
    }
    if (!items.empty() && !out.iterations.empty()) {
      Json event = operation_event("operationStorageItems", op.id);
      event["items"] = std::move(items);
      out.events.push_back(std::move(event));
      out.events.push_back(operation_event("operationWaitingForContinue", op.id));
      out.finished = false;
      return out;
    }
  }
  if (!items.empty()) {
    Json event = operation_event("operationStorageItems", op.id);
    event["items"] = std::move(items);
    out.events.push_back(std::move(event));
  }
  out.events.push_back(operation_event("operationStorageDone", op.id));
  out.finished = true;
  return out;
}

}  // namespace canary::node::rpc
