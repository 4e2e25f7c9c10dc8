#include "node/rpc/state_methods.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "node/rpc/block_access.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/sink_list.hpp"
#include "node/rpc/storage_query.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "node/rpc/substrate_json.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/thread_annotations.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/proof.hpp"
#include "state/trie/trie.hpp"

namespace canary::node::rpc {
namespace {

using blockchain::BlockState;
using blockchain::Chain;

// state_getStorageSize sums a prefix's values: a caller without unsafe rights gets at most this
// many (Substrate bounds the same walk by a 30 s timeout for them).
constexpr size_t kSafeStorageSizeEntries = 100'000;
// Keys read per page when walking a whole prefix.
constexpr size_t kWalkPage = 1024;

Json optional_bytes_json(const std::optional<Bytes>& value) {
  return value ? Json(to_hex(*value)) : Json(nullptr);
}

Json keys_json(const std::vector<Bytes>& keys) {
  Json out = Json::array();
  for (const Bytes& k : keys) out.push_back(to_hex(k));
  return out;
}

// The state a call names (or the best block's), or the 4003 client error.
Result<BlockState, Error> state_for(const Chain& chain, const std::optional<Hash256>& hash) {
  auto state = state_at(chain, block_or_best(chain, hash));
  if (!state) return unexpected(state_client_error(state.error()));
  return std::move(*state);
}

Error client(const blockchain::BlockchainError& e, const BlockState& st) {
  return state_client_error(client_error_text(e, st.hash()));
}

// Every key (and value, if asked) under `prefix`, walked page by page; at most `limit`.
Result<std::vector<std::pair<Bytes, Bytes>>, blockchain::BlockchainError> walk_prefix(
    const BlockState& st, ByteSpan prefix, bool values, size_t limit) {
  std::vector<std::pair<Bytes, Bytes>> out;
  std::optional<Bytes> last;
  while (out.size() < limit) {
    const size_t page = std::min(kWalkPage, limit - out.size());
    std::optional<ByteSpan> after;
    if (last) after = ByteSpan(*last);
    size_t got = 0;
    if (values) {
      auto chunk = st.entries(prefix, page, after);
      if (!chunk) return unexpected(std::move(chunk).error());
      got = chunk->size();
      if (got != 0) last = chunk->back().first;
      for (auto& kv : *chunk) out.push_back(std::move(kv));
    } else {
      auto chunk = st.keys(prefix, page, after);
      if (!chunk) return unexpected(std::move(chunk).error());
      got = chunk->size();
      if (got != 0) last = chunk->back();
      for (Bytes& k : *chunk) out.emplace_back(std::move(k), Bytes{});
    }
    if (got < page) break;
  }
  return out;
}

// --- Child tries: a PrefixedStorageKey must be ":child_storage:default:" ‖ id
// (sp-storage ChildType::from_prefixed_key); anything else is sp-blockchain's
// InvalidChildStorageKey. Checked once every param parsed, as in Substrate's method bodies.
Result<Bytes, Error> child_id(const Bytes& key) {
  const ByteSpan prefix = as_bytes(state::kDefaultChildStoragePrefix);
  if (key.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), key.begin())) {
    return unexpected(state_client_error("Invalid child storage key"));
  }
  return Bytes(key.begin() + static_cast<ptrdiff_t>(prefix.size()), key.end());
}

// --- Storage subscriptions (state_subscribeStorage): the watched keys' values at each new best
// block, reported when they differ from what the subscriber saw last. Substrate reports the keys
// a block wrote; comparing values reports the same changes, also across a reorganization.
//
// Wildcard subscriptions (no keys) get no initial set, then at each new best block every key of
// the main trie whose value differs from the previous best block's (changed_entries; Substrate
// reports every key the block wrote, even with an unchanged value).
class StorageFeed final : public blockchain::ChainObserver {
 public:
  explicit StorageFeed(Chain& chain) : chain_(chain) {}

  void subscribe_all(SubscriptionSink sink) {
    MutexLock lock(mutex_);
    std::erase_if(all_, [](const SubscriptionSink& s) { return s.closed(); });
    if (all_.empty()) previous_best_ = chain_.best().hash;
    all_.push_back(std::move(sink));
  }

  void subscribe(SubscriptionSink sink, std::vector<Bytes> keys) {
    MutexLock lock(mutex_);
    std::erase_if(subs_, [](const Sub& s) { return s.sink.closed(); });
    const blockchain::BlockRef best = chain_.best();
    Sub sub{std::move(sink), std::move(keys), {}};
    const std::optional<Hash256> root = state_root_of(best.hash);
    Json changes = Json::array();
    for (const Bytes& key : sub.keys) {
      std::optional<Bytes> value;
      if (root) {
        auto v = chain_.database().storage(*root, key);
        if (v) value = std::move(*v);
      }
      changes.push_back(Json::array({to_hex(key), optional_bytes_json(value)}));
      sub.last.push_back(std::move(value));
    }
    sub.sink.send(Json{{"block", to_hex(best.hash)}, {"changes", std::move(changes)}});
    subs_.push_back(std::move(sub));
  }

  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>&) override {
    MutexLock lock(mutex_);
    notify_all(best.hash);
    if (subs_.empty()) return;
    const std::optional<Hash256> state_root = state_root_of(best.hash);
    if (!state_root) return;
    const Hash256 root = *state_root;
    // Keys watched by several subscribers are read once per block.
    std::map<Bytes, std::optional<Bytes>> read;
    const auto value_of = [&](const Bytes& key) -> const std::optional<Bytes>& {
      auto it = read.find(key);
      if (it != read.end()) return it->second;
      std::optional<Bytes> value;
      auto v = chain_.database().storage(root, key);
      if (v) value = std::move(*v);
      return read.emplace(key, std::move(value)).first->second;
    };
    std::erase_if(subs_, [&](Sub& sub) {
      Json changes = Json::array();
      for (size_t i = 0; i < sub.keys.size(); ++i) {
        const std::optional<Bytes>& now = value_of(sub.keys[i]);
        if (now == sub.last[i]) continue;
        changes.push_back(Json::array({to_hex(sub.keys[i]), optional_bytes_json(now)}));
        sub.last[i] = now;
      }
      if (changes.empty()) return sub.sink.closed();
      return !sub.sink.send(Json{{"block", to_hex(best.hash)}, {"changes", std::move(changes)}});
    });
  }

 private:
  std::optional<Hash256> state_root_of(const block::BlockHash& hash) const {
    const std::optional<block::Header> header = header_if_known(chain_, hash);
    if (!header) return std::nullopt;
    return header->state_root;
  }

  // The wildcard subscribers: the changes from the previous best block's state to this one's.
  void notify_all(const block::BlockHash& best) REQUIRES(mutex_) {
    std::erase_if(all_, [](const SubscriptionSink& s) { return s.closed(); });
    const std::optional<block::BlockHash> previous = std::exchange(previous_best_, best);
    if (all_.empty() || !previous || *previous == best) return;
    auto old = StorageReader::open(chain_, *previous, std::nullopt);
    auto now = StorageReader::open(chain_, best, std::nullopt);
    if (!old || !now) return;  // a pruned state: nothing to compare with
    auto changes = changed_entries(*old, *now);
    if (!changes || changes->empty()) return;
    Json list = Json::array();
    for (const auto& [key, value] : *changes) {
      list.push_back(Json::array({to_hex(key), optional_bytes_json(value)}));
    }
    const Json set{{"block", to_hex(best)}, {"changes", std::move(list)}};
    std::erase_if(all_, [&](const SubscriptionSink& s) { return !s.send(set); });
  }

  struct Sub {
    SubscriptionSink sink;
    std::vector<Bytes> keys;
    std::vector<std::optional<Bytes>> last;
  };
  Chain& chain_;
  Mutex mutex_;
  std::vector<Sub> subs_ GUARDED_BY(mutex_);
  std::vector<SubscriptionSink> all_ GUARDED_BY(mutex_);
  // While there are wildcard subscribers.
  std::optional<block::BlockHash> previous_best_ GUARDED_BY(mutex_);
};

// --- Runtime version subscriptions: the version at the best block when subscribing, then each
// version that differs at a new best block (sc-rpc state_full.rs subscribe_runtime_version).
// The version is only looked up again when it may have changed: the new best block says so in
// its digest (frame_system deposits RuntimeEnvironmentUpdated with every :code or :heappages
// change), or it is not a child of the best block seen before (a reorganization).
class RuntimeVersionFeed final : public blockchain::ChainObserver {
 public:
  RuntimeVersionFeed(Chain& chain, blockchain::RuntimeHost& host) : chain_(chain), host_(host) {}

  Result<void, Error> subscribe(SubscriptionSink sink) {
    MutexLock lock(mutex_);
    const block::BlockHash best = chain_.best().hash;
    auto version = runtime_version_at(chain_, host_, best);
    if (!version) return unexpected(state_client_error(version.error()));
    sink.send(runtime_version_json(*version));
    subs_.push_back(Sub{std::move(sink), *version});
    std::erase_if(subs_, [](const Sub& s) { return s.sink.closed(); });
    return {};
  }

  void on_block_imported(const blockchain::ImportNotice& notice) override {
    MutexLock lock(mutex_);
    last_imported_ = notice.header;
    last_imported_hash_ = notice.block.hash;
  }

  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>& reorg) override {
    MutexLock lock(mutex_);
    const std::optional<block::BlockHash> previous = last_best_;
    last_best_ = best.hash;
    if (subs_.empty()) return;
    std::optional<block::Header> header;
    if (last_imported_ && last_imported_hash_ == best.hash) {
      header = last_imported_;
    } else {
      header = header_if_known(chain_, best.hash);
    }
    if (!header) return;
    const bool upgraded = std::any_of(
        header->digest.begin(), header->digest.end(), [](const block::DigestItem& item) {
          return std::holds_alternative<block::DigestRuntimeEnvironmentUpdated>(item);
        });
    const bool child_of_previous = previous && header->parent_hash == *previous && !reorg;
    if (!upgraded && child_of_previous) return;
    auto version = runtime_version_at(chain_, host_, best.hash);
    if (!version) return;
    const Json json = runtime_version_json(*version);
    std::erase_if(subs_, [&](Sub& sub) {
      if (sub.last == *version) return sub.sink.closed();
      sub.last = *version;
      return !sub.sink.send(json);
    });
  }

 private:
  struct Sub {
    SubscriptionSink sink;
    runtime::RuntimeVersion last;
  };
  Chain& chain_;
  blockchain::RuntimeHost& host_;
  Mutex mutex_;
  std::vector<Sub> subs_ GUARDED_BY(mutex_);
  std::optional<block::BlockHash> last_best_ GUARDED_BY(mutex_);
  std::optional<block::Header> last_imported_ GUARDED_BY(mutex_);
  block::BlockHash last_imported_hash_ GUARDED_BY(mutex_){};
};

// --- The methods.

MethodResult get_storage(const Chain& chain, const Bytes& key, const std::optional<Hash256>& at) {
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  auto value = st->get(key);
  if (!value) return unexpected(client(value.error(), *st));
  return optional_bytes_json(*value);
}

MethodResult get_storage_hash(const Chain& chain, const Bytes& key,
                              const std::optional<Hash256>& at) {
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  auto value = st->get(key);
  if (!value) return unexpected(client(value.error(), *st));
  const std::optional<Bytes>& found = *value;
  if (!found) return Json(nullptr);
  return Json(to_hex(hash::blake2b_256(*found)));
}

MethodResult get_storage_size(const Chain& chain, const Bytes& key,
                              const std::optional<Hash256>& at, const CallContext& call) {
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  auto value = st->get(key);
  if (!value) return unexpected(client(value.error(), *st));
  if (const std::optional<Bytes>& found = *value) return Json(found->size());
  // No value at the key: the sum of the values under it as a prefix (sc-rpc state_full.rs).
  const size_t limit = call.deny_unsafe ? kSafeStorageSizeEntries + 1 : SIZE_MAX;
  auto entries = walk_prefix(*st, key, true, limit);
  if (!entries) return unexpected(client(entries.error(), *st));
  if (entries->size() > kSafeStorageSizeEntries && call.deny_unsafe) {
    return unexpected(state_client_error("too many entries under the prefix to sum them"));
  }
  uint64_t sum = 0;
  for (const auto& kv : *entries) sum += kv.second.size();
  if (sum == 0) return Json(nullptr);
  return Json(sum);
}

MethodResult get_keys(const Chain& chain, const Bytes& prefix, const std::optional<Hash256>& at,
                      bool values) {
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  auto entries = walk_prefix(*st, prefix, values, SIZE_MAX);
  if (!entries) return unexpected(client(entries.error(), *st));
  Json out = Json::array();
  for (const auto& [k, v] : *entries) {
    if (values) {
      out.push_back(Json::array({to_hex(k), to_hex(v)}));
    } else {
      out.push_back(to_hex(k));
    }
  }
  return out;
}

MethodResult get_keys_paged(const Chain& chain, const std::optional<Bytes>& prefix, uint32_t count,
                            const std::optional<Bytes>& start_key,
                            const std::optional<Hash256>& at) {
  if (count > kStorageKeysPagedMaxCount) {
    return unexpected(state_invalid_count(count, kStorageKeysPagedMaxCount));
  }
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  const Bytes empty;
  std::optional<ByteSpan> after;
  if (start_key) after = ByteSpan(*start_key);
  auto keys = st->keys(prefix ? ByteSpan(*prefix) : ByteSpan(empty), count, after);
  if (!keys) return unexpected(client(keys.error(), *st));
  return keys_json(*keys);
}

MethodResult read_proof(const Chain& chain, const std::vector<Bytes>& keys,
                        const std::optional<Hash256>& at) {
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  auto proof = st->read_proof(keys);
  if (!proof) return unexpected(client(proof.error(), *st));
  return Json{{"at", to_hex(st->hash())}, {"proof", keys_json(*proof)}};
}

// The nodes proving the child trie's root in the main trie and the keys in the child trie
// (sp-state-machine prove_child_read_on_trie_backend).
MethodResult child_read_proof(const Chain& chain, const Bytes& child_storage_key,
                              const std::vector<Bytes>& keys, const std::optional<Hash256>& at) {
  auto child = child_id(child_storage_key);
  if (!child) return unexpected(std::move(child).error());
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  const Bytes root_key = state::default_child_root_key(*child);
  state::Trie main = state::Trie::open(st->state_root(), chain.database().node_store());
  auto proof =
      state::generate_storage_proof(main, std::vector<Bytes>{root_key}, state::StateVersion::kV1);
  if (!proof) return unexpected(state_client_error(state::to_string(proof.error())));
  std::set<Bytes> nodes(proof->begin(), proof->end());
  auto root_value = st->get(root_key);
  if (!root_value) return unexpected(client(root_value.error(), *st));
  if (const std::optional<Bytes>& found = *root_value) {
    if (auto root = state::child_root_from_value(*found)) {
      state::Trie trie = state::Trie::open(*root, chain.database().node_store());
      auto child_proof = state::generate_storage_proof(trie, keys, state::StateVersion::kV1);
      if (!child_proof) {
        return unexpected(state_client_error(state::to_string(child_proof.error())));
      }
      nodes.insert(child_proof->begin(), child_proof->end());
    }
  }
  return Json{{"at", to_hex(st->hash())},
              {"proof", keys_json(std::vector<Bytes>(nodes.begin(), nodes.end()))}};
}

MethodResult call(RpcContext& ctx, const std::string& name, const Bytes& bytes,
                  const std::optional<Hash256>& hash) {
  const block::BlockHash at = block_or_best(ctx.chain, hash);
  auto st = BlockState::at(ctx.chain, at);
  if (!st) {
    if (st.error().kind == blockchain::BlockchainError::Kind::kUnknownBlock) {
      // sc-service LocalCallExecutor::call looks the number up first:
      // UnknownBlock(format!("Expect block number from id: {}", BlockId::Hash(..))).
      return unexpected(state_client_error("UnknownBlock: Expect block number from id: Hash(" +
                                           to_hex(at) + ")"));
    }
    return unexpected(state_client_error(client_error_text(st.error(), at)));
  }
  auto out = st->call(ctx.host, name, bytes, ctx.call_fuel);
  if (!out) return unexpected(state_client_error(client_error_text(out.error(), at)));
  return Json(to_hex(*out));
}

MethodResult metadata(RpcContext& ctx, const std::optional<Hash256>& hash) {
  const block::BlockHash at = block_or_best(ctx.chain, hash);
  auto out = runtime_api_call(ctx.chain, ctx.host, ctx.call_fuel, at, "Metadata_metadata", {});
  if (!out) return unexpected(state_client_error(out.error()));
  // Metadata_metadata returns OpaqueMetadata, a SCALE Vec<u8>; the RPC answers its bytes.
  auto bytes = scale::decode<Bytes>(*out);
  if (!bytes) {
    return unexpected(state_client_error(std::string("Error decoding call result of metadata: ") +
                                         scale::to_string(bytes.error())));
  }
  return Json(to_hex(*bytes));
}

MethodResult runtime_version(RpcContext& ctx, const std::optional<Hash256>& hash) {
  auto version = runtime_version_at(ctx.chain, ctx.host, block_or_best(ctx.chain, hash));
  if (!version) return unexpected(state_client_error(version.error()));
  return runtime_version_json(*version);
}

// state_queryStorage: the blocks from `from` to `to` (best by default) along the ancestry of
// `to`, and per block the keys whose value differs from the block before (all of them at the
// first block). Substrate's range errors (state_full.rs query_storage_range) are 4001.
MethodResult query_storage(const Chain& chain, const std::vector<Bytes>& keys,
                           const block::BlockHash& from,
                           const std::optional<block::BlockHash>& to) {
  const block::BlockHash to_hash = block_or_best(chain, to);
  const std::string from_dbg = to_hex(from);
  const std::string to_dbg = to ? "Some(" + to_hex(*to) + ")" : "None";
  const std::optional<block::Header> from_header = header_if_known(chain, from);
  const std::optional<block::Header> to_header = header_if_known(chain, to_hash);
  if (!from_header) {
    return unexpected(state_invalid_block_range(from_dbg, to_dbg, unknown_block_text(from)));
  }
  if (!to_header) {
    return unexpected(state_invalid_block_range(from_dbg, to_dbg, unknown_block_text(to_hash)));
  }
  const auto describe = [](const block::Header& h, const block::BlockHash& hash) {
    return std::to_string(h.number) + " (" + to_hex(hash) + ")";
  };
  const block::Header& fh = *from_header;
  const block::Header& th = *to_header;
  if (fh.number > th.number) {
    return unexpected(state_invalid_block_range(describe(fh, from), describe(th, to_hash),
                                                "from number > to number"));
  }
  std::vector<std::pair<block::BlockHash, Hash256>> blocks = {{to_hash, th.state_root}};
  block::Header cursor = th;
  while (cursor.number > fh.number) {
    const block::BlockHash parent = cursor.parent_hash;
    std::optional<block::Header> h = header_if_known(chain, parent);
    if (!h) {
      return unexpected(state_invalid_block_range(describe(cursor, blocks.back().first),
                                                  describe(th, to_hash),
                                                  unknown_block_text(parent)));
    }
    cursor = std::move(*h);
    blocks.emplace_back(parent, cursor.state_root);
  }
  if (blocks.back().first != from) {
    return unexpected(state_invalid_block_range(describe(fh, from), describe(th, to_hash),
                                                "from and to are on different forks"));
  }
  std::reverse(blocks.begin(), blocks.end());
  Json out = Json::array();
  std::vector<std::optional<std::optional<Bytes>>> last(keys.size());
  for (const auto& [hash, root] : blocks) {
    Json changes = Json::array();
    for (size_t i = 0; i < keys.size(); ++i) {
      auto read = chain.database().storage(root, keys[i]);
      if (!read) return unexpected(state_client_error(read.error().message()));
      std::optional<Bytes>& value = *read;
      const std::optional<std::optional<Bytes>>& before = last[i];
      if (before && *before == value) continue;
      changes.push_back(Json::array({to_hex(keys[i]), optional_bytes_json(value)}));
      last[i] = std::move(value);
    }
    if (!changes.empty()) {
      out.push_back(Json{{"block", to_hex(hash)}, {"changes", std::move(changes)}});
    }
  }
  return out;
}

// --- childstate_*: reads in the default child trie named by the first param.

enum class ChildRead : uint8_t { kValue, kHash, kSize };

MethodResult child_get(const Chain& chain, const Bytes& child_storage_key, const Bytes& key,
                       const std::optional<Hash256>& at, ChildRead what) {
  auto child = child_id(child_storage_key);
  if (!child) return unexpected(std::move(child).error());
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  auto value = st->child_get(*child, key);
  if (!value) return unexpected(client(value.error(), *st));
  const std::optional<Bytes>& found = *value;
  if (!found) return Json(nullptr);
  switch (what) {
    case ChildRead::kHash:
      return Json(to_hex(hash::blake2b_256(*found)));
    case ChildRead::kSize:
      return Json(found->size());
    case ChildRead::kValue:
      break;
  }
  return Json(to_hex(*found));
}

MethodResult child_entries(const Chain& chain, const Bytes& child_storage_key,
                           const std::vector<Bytes>& keys, const std::optional<Hash256>& at) {
  auto child = child_id(child_storage_key);
  if (!child) return unexpected(std::move(child).error());
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  Json out = Json::array();
  for (const Bytes& key : keys) {
    auto value = st->child_get(*child, key);
    if (!value) return unexpected(client(value.error(), *st));
    out.push_back(optional_bytes_json(*value));
  }
  return out;
}

// childstate_getKeys (every key under `prefix`) and childstate_getKeysPaged (`count` keys
// after `start_key`).
MethodResult child_keys(const Chain& chain, const Bytes& child_storage_key,
                        const std::optional<Bytes>& prefix, uint32_t count,
                        const std::optional<Bytes>& start_key, const std::optional<Hash256>& at) {
  auto child = child_id(child_storage_key);
  if (!child) return unexpected(std::move(child).error());
  auto st = state_for(chain, at);
  if (!st) return unexpected(std::move(st).error());
  const Bytes empty;
  std::optional<ByteSpan> after;
  if (start_key) after = ByteSpan(*start_key);
  auto keys = st->child_keys(*child, prefix ? ByteSpan(*prefix) : ByteSpan(empty), count, after);
  if (!keys) return unexpected(client(keys.error(), *st));
  return keys_json(*keys);
}

}  // namespace

void register_state_methods(MethodRegistry& registry, RpcContext& context) {
  RpcContext* ctx = &context;
  Chain* chain = &context.chain;
  using OptHash = std::optional<Hash256>;
  using OptBytes = std::optional<Bytes>;
  using Keys = std::vector<Bytes>;

  add_method(registry, {"state_call", "state_callAt"}, MethodSafety::kSafe,
             with_params<std::string, Bytes, OptHash>(
                 {"name", "bytes", "hash"},
                 [ctx](const CallContext&, const std::string& name, const Bytes& bytes,
                       OptHash at) { return call(*ctx, name, bytes, at); }));
  add_method(registry, {"state_getStorage", "state_getStorageAt"}, MethodSafety::kSafe,
             with_params<Bytes, OptHash>({"key", "hash"},
                                         [chain](const CallContext&, const Bytes& key, OptHash at) {
                                           return get_storage(*chain, key, at);
                                         }));
  add_method(registry, {"state_getStorageHash", "state_getStorageHashAt"}, MethodSafety::kSafe,
             with_params<Bytes, OptHash>({"key", "hash"},
                                         [chain](const CallContext&, const Bytes& key, OptHash at) {
                                           return get_storage_hash(*chain, key, at);
                                         }));
  add_method(registry, {"state_getStorageSize", "state_getStorageSizeAt"}, MethodSafety::kSafe,
             with_params<Bytes, OptHash>(
                 {"key", "hash"}, [chain](const CallContext& call, const Bytes& key, OptHash at) {
                   return get_storage_size(*chain, key, at, call);
                 }));
  add_method(registry, {"state_getKeys"}, MethodSafety::kSafe,
             with_params<Bytes, OptHash>(
                 {"prefix", "hash"}, [chain](const CallContext&, const Bytes& prefix, OptHash at) {
                   return get_keys(*chain, prefix, at, false);
                 }));
  add_method(registry, {"state_getPairs"}, MethodSafety::kUnsafe,
             with_params<Bytes, OptHash>(
                 {"prefix", "hash"}, [chain](const CallContext&, const Bytes& prefix, OptHash at) {
                   return get_keys(*chain, prefix, at, true);
                 }));
  add_method(
      registry, {"state_getKeysPaged", "state_getKeysPagedAt"}, MethodSafety::kSafe,
      with_params<OptBytes, uint32_t, OptBytes, OptHash>(
          {"prefix", "count", "start_key", "hash"},
          [chain](const CallContext&, const OptBytes& prefix, uint32_t count, const OptBytes& start,
                  OptHash at) { return get_keys_paged(*chain, prefix, count, start, at); }));
  add_method(registry, {"state_getReadProof"}, MethodSafety::kSafe,
             with_params<Keys, OptHash>({"keys", "hash"},
                                        [chain](const CallContext&, const Keys& keys, OptHash at) {
                                          return read_proof(*chain, keys, at);
                                        }));
  add_method(registry, {"state_getChildReadProof"}, MethodSafety::kSafe,
             with_params<Bytes, Keys, OptHash>(
                 {"child_storage_key", "keys", "hash"},
                 [chain](const CallContext&, const Bytes& child, const Keys& keys, OptHash at) {
                   return child_read_proof(*chain, child, keys, at);
                 }));
  add_method(registry, {"state_getMetadata"}, MethodSafety::kSafe,
             with_params<OptHash>(
                 {"hash"}, [ctx](const CallContext&, OptHash at) { return metadata(*ctx, at); }));
  add_method(registry, {"state_getRuntimeVersion", "chain_getRuntimeVersion"}, MethodSafety::kSafe,
             with_params<OptHash>({"hash"}, [ctx](const CallContext&, OptHash at) {
               return runtime_version(*ctx, at);
             }));
  add_method(registry, {"state_queryStorage"}, MethodSafety::kUnsafe,
             with_params<Keys, Hash256, OptHash>(
                 {"keys", "block", "hash"},
                 [chain](const CallContext&, const Keys& keys, Hash256 from, OptHash to) {
                   return query_storage(*chain, keys, from, to);
                 }));
  add_method(registry, {"state_queryStorageAt"}, MethodSafety::kSafe,
             with_params<Keys, OptHash>({"keys", "at"},
                                        [chain](const CallContext&, const Keys& keys, OptHash at) {
                                          const block::BlockHash hash = block_or_best(*chain, at);
                                          return query_storage(*chain, keys, hash, hash);
                                        }));

  const auto child_read = [chain](ChildRead what) {
    return with_params<Bytes, Bytes, OptHash>(
        {"child_storage_key", "key", "hash"},
        [chain, what](const CallContext&, const Bytes& child, const Bytes& key, OptHash at) {
          return child_get(*chain, child, key, at, what);
        });
  };
  add_method(registry, {"childstate_getStorage"}, MethodSafety::kSafe,
             child_read(ChildRead::kValue));
  add_method(registry, {"childstate_getStorageHash"}, MethodSafety::kSafe,
             child_read(ChildRead::kHash));
  add_method(registry, {"childstate_getStorageSize"}, MethodSafety::kSafe,
             child_read(ChildRead::kSize));
  add_method(registry, {"childstate_getStorageEntries"}, MethodSafety::kSafe,
             with_params<Bytes, Keys, OptHash>(
                 {"child_storage_key", "keys", "hash"},
                 [chain](const CallContext&, const Bytes& child, const Keys& keys, OptHash at) {
                   return child_entries(*chain, child, keys, at);
                 }));
  add_method(registry, {"childstate_getKeys"}, MethodSafety::kSafe,
             with_params<Bytes, Bytes, OptHash>(
                 {"child_storage_key", "prefix", "hash"},
                 [chain](const CallContext&, const Bytes& child, Bytes prefix, OptHash at) {
                   return child_keys(*chain, child, prefix, UINT32_MAX, std::nullopt, at);
                 }));
  add_method(registry, {"childstate_getKeysPaged", "childstate_getKeysPagedAt"},
             MethodSafety::kSafe,
             with_params<Bytes, OptBytes, uint32_t, OptBytes, OptHash>(
                 {"child_storage_key", "prefix", "count", "start_key", "hash"},
                 [chain](const CallContext&, const Bytes& child, const OptBytes& prefix,
                         uint32_t count, const OptBytes& start, OptHash at) {
                   return child_keys(*chain, child, prefix, count, start, at);
                 }));

  auto storage_feed = std::make_shared<StorageFeed>(context.chain);
  context.events().add(storage_feed);
  add_subscription(registry, {{"state_subscribeStorage", "state_unsubscribeStorage"}},
                   "state_storage", MethodSafety::kSafe,
                   [storage_feed](const Params& params, const CallContext& call_context,
                                  SubscriptionSink sink) -> Result<void, Error> {
                     // No keys (absent or null): every change of every key, unsafe as in
                     // Substrate (check_if_safe when `keys` is None). An empty list is a set of
                     // keys like any other: safe, an empty initial set, then nothing.
                     const Json* given = params.get(0, "keys");
                     const bool all = given == nullptr || given->is_null();
                     if (all) {
                       if (call_context.deny_unsafe)
                         return unexpected(::canary::rpc::unsafe_method_denied());
                       storage_feed->subscribe_all(std::move(sink));
                       return {};
                     }
                     auto keys = read_params<std::vector<Bytes>>(params, {"keys"});
                     if (!keys) return unexpected(std::move(keys).error());
                     storage_feed->subscribe(std::move(sink), std::move(std::get<0>(*keys)));
                     return {};
                   });

  auto version_feed = std::make_shared<RuntimeVersionFeed>(context.chain, context.host);
  context.events().add(version_feed);
  add_subscription(registry,
                   {{"state_subscribeRuntimeVersion", "state_unsubscribeRuntimeVersion"},
                    {"chain_subscribeRuntimeVersion", "chain_unsubscribeRuntimeVersion"}},
                   "state_runtimeVersion", MethodSafety::kSafe,
                   [version_feed](const Params&, const CallContext&, SubscriptionSink sink)
                       -> Result<void, Error> { return version_feed->subscribe(std::move(sink)); });
}

}  // namespace canary::node::rpc
