// The write operations of the database: importing a block, moving the best block, finalizing
// (with fork discarding and state pruning). Each builds one WriteBatch through a Txn and writes
// it at once; a failure anywhere before the write leaves the database untouched.
//
// Reference counting (pruning mode). A node's count is the number of references to it from
//   the state of the oldest kept canonical block, plus
//   the "inserted" journals of the later kept blocks (canonical or not).
// Importing block B (parent P) adds inserted(B) = elements(B) - elements(P) and records
// removed(B) = elements(P) - elements(B) (state_diff.hpp). States are kept readable because a
// kept state's elements are always a sub-multiset of those counts. Two events lower them:
//  - a fork that no longer descends from the finalized block is discarded: its inserted journal
//    is subtracted (what it added goes, what it removed from its parent never left);
//  - when finality moves the window past a canonical block C_n, removed(C_n) is subtracted: the
//    state of C_(n-1) goes, and with all older states gone, the counts are again
//    elements(C_n) + the journals above.
// This is sc-state-db's scheme (substrate/client/state-db/src/{noncanonical,pruning}.rs) with
// counts kept in the database, so that a node shared by several blocks (or reinserted after it
// was removed) is freed exactly once, when its last reference goes.
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/result.hpp"
#include "state/storage/database.hpp"
#include "state/storage/database_impl.hpp"
#include "state/storage/records.hpp"
#include "state/storage/state_diff.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

namespace {

using block::BlockHash;
using block::BlockNumber;
using block::Header;
using records::JournalKind;

// One write operation: a WriteBatch plus the overlay that lets the operation's later steps read
// what its earlier steps wrote (a block imported and finalized at once, a fork discarded in the
// batch that finalizes past it).
class Txn {
 public:
  explicit Txn(Database::Impl& db) REQUIRES(db.write_mutex)
      : meta(db.meta_snapshot()), db_(db), reused_(db.write_batch), batch_(reused_.batch) {
    batch_.Clear();  // what a failed transaction left
  }

  ChainMeta meta;
  bool finality_moved = false;

  Result<std::optional<Header>, DatabaseError> header(const BlockHash& h) const {
    auto it = headers_.find(h);
    if (it != headers_.end()) return it->second;
    return db_.read_header(h);
  }
  // Sizes the batch for about `bytes` of records before the first is added: a block's batch
  // holds megabytes of new nodes, which the batch's string otherwise reaches by doubling, each
  // step copying all that came before into fresh pages.
  void reserve(size_t bytes) {
    if (batch_.Count() != 0 || reused_.capacity >= bytes) return;
    batch_ = rocksdb::WriteBatch(bytes);
    reused_.capacity = bytes;
  }
  void put_block(const BlockHash& h, const Header& header, ByteSpan encoded, ByteSpan body) {
    headers_[h] = header;
    batch_.Put(cf(Column::kHeaders), slice(h), slice(encoded));
    batch_.Put(cf(Column::kBodies), slice(h), slice(body));
  }
  void put_justification(const BlockHash& h, ByteSpan justification) {
    batch_.Put(cf(Column::kJustifications), slice(h), slice(justification));
  }
  void put_aux(const AuxWrite& w) { put_in(Column::kAux, w); }
  void put_offchain(const AuxWrite& w) { put_in(Column::kOffchain, w); }
  void put_in(Column column, const AuxWrite& w) {
    if (w.value) {
      batch_.Put(cf(column), slice(w.key), slice(*w.value));
    } else {
      batch_.Delete(cf(column), slice(w.key));
    }
  }
  void delete_block(const BlockHash& h) {
    headers_[h] = std::nullopt;
    batch_.Delete(cf(Column::kHeaders), slice(h));
    batch_.Delete(cf(Column::kBodies), slice(h));
    batch_.Delete(cf(Column::kJustifications), slice(h));
  }

  Result<std::optional<BlockHash>, DatabaseError> canonical(BlockNumber n) const {
    auto it = canonical_.find(n);
    if (it != canonical_.end()) return it->second;
    return db_.read_canonical(n);
  }
  void set_canonical(BlockNumber n, std::optional<BlockHash> h) {
    canonical_[n] = h;
    auto key = records::canonical_key(n);
    if (h) {
      batch_.Put(cf(Column::kCanonical), slice(key), slice(*h));
    } else {
      batch_.Delete(cf(Column::kCanonical), slice(key));
    }
  }

  Result<bool, DatabaseError> in_tree(const BlockRef& b) const {
    auto it = tree_.find(tree_id(b));
    if (it != tree_.end()) return it->second;
    return db_.in_tree(b);
  }
  void tree_add(const BlockRef& b) { tree_set(b, true); }
  void tree_remove(const BlockRef& b) { tree_set(b, false); }
  // The unfinalized blocks, by number.
  Result<std::vector<BlockRef>, DatabaseError> tree() const {
    CANARY_TRY_ASSIGN(auto stored, db_.read_tree());
    std::vector<BlockRef> out;
    for (const BlockRef& b : stored) {
      auto it = tree_.find(tree_id(b));
      if (it == tree_.end() || it->second) out.push_back(b);
    }
    for (const auto& [id, present] : tree_) {
      if (present && std::find_if(stored.begin(), stored.end(), [&](const BlockRef& b) {
                       return tree_id(b) == id;
                     }) == stored.end()) {
        out.push_back(BlockRef{id.second, id.first});
      }
    }
    std::sort(out.begin(), out.end(),
              [](const BlockRef& a, const BlockRef& b) { return tree_id(a) < tree_id(b); });
    return out;
  }

  Result<std::optional<std::vector<Hash256>>, DatabaseError> journal(const BlockHash& h,
                                                                     JournalKind kind) const {
    auto it = journals_.find({h, kind});
    if (it != journals_.end()) return it->second;
    return db_.read_journal(h, static_cast<uint8_t>(kind));
  }
  void put_journal(const BlockHash& h, JournalKind kind, std::vector<Hash256> hashes) {
    Bytes encoded = records::encode_hash_list(hashes);
    batch_.Put(cf(Column::kJournal), slice(records::journal_key(h, kind)), slice(encoded));
    journals_[{h, kind}] = std::move(hashes);
  }
  void delete_journal(const BlockHash& h, JournalKind kind) {
    batch_.Delete(cf(Column::kJournal), slice(records::journal_key(h, kind)));
    journals_[{h, kind}] = std::nullopt;
  }

  // Pruning mode: one more / one less reference.
  void add_ref(const Hash256& h, const SharedBytes& data) {
    Delta& d = deltas_[h];
    ++d.delta;
    if (!d.data) d.data = data;
  }
  void release(const Hash256& h) { --deltas_[h].delta; }
  // Archive mode: nodes are written (again, harmlessly, if present) and never deleted.
  void put_node(const Hash256& h, const SharedBytes& data) { archive_nodes_.emplace(h, data); }

  Result<void, DatabaseError> write(SyncPolicy policy);

 private:
  using TreeId = std::pair<BlockNumber, BlockHash>;
  static TreeId tree_id(const BlockRef& b) { return {b.number, b.hash}; }
  void tree_set(const BlockRef& b, bool present) {
    tree_[tree_id(b)] = present;
    auto key = records::tree_key(b);
    if (present) {
      batch_.Put(cf(Column::kTree), slice(key), rocksdb::Slice());
    } else {
      batch_.Delete(cf(Column::kTree), slice(key));
    }
  }
  rocksdb::ColumnFamilyHandle* cf(Column c) const { return db_.cf(c); }

  Result<void, DatabaseError> apply_deltas(std::vector<Hash256>& deleted,
                                           std::vector<std::pair<Hash256, SharedBytes>>& created);

  struct Delta {
    int64_t delta = 0;
    SharedBytes data;  // set when some reference comes from an imported block
  };

  Database::Impl& db_;
  ReusedBatch& reused_;  // db_.write_batch, which the lock held while a Txn exists guards
  rocksdb::WriteBatch& batch_;
  std::unordered_map<BlockHash, std::optional<Header>, Hash256Hasher> headers_;
  std::map<BlockNumber, std::optional<BlockHash>> canonical_;
  std::map<TreeId, bool> tree_;
  std::map<std::pair<BlockHash, JournalKind>, std::optional<std::vector<Hash256>>> journals_;
  std::unordered_map<Hash256, Delta, Hash256Hasher> deltas_;
  std::unordered_map<Hash256, SharedBytes, Hash256Hasher> archive_nodes_;
};

// Reads `keys` of column `c` in one MultiGet per chunk; calls found(i, value) for the present
// ones.
template <class Found>
Result<void, DatabaseError> multi_get(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* c,
                                      const std::vector<rocksdb::Slice>& keys, Found&& found) {
  constexpr size_t kChunk = 8192;
  std::vector<rocksdb::PinnableSlice> values(std::min(kChunk, keys.size()));
  std::vector<rocksdb::Status> statuses(values.size());
  for (size_t start = 0; start < keys.size(); start += kChunk) {
    size_t n = std::min(kChunk, keys.size() - start);
    for (size_t i = 0; i < n; ++i) values[i].Reset();
    db->MultiGet(rocksdb::ReadOptions(), c, n, keys.data() + start, values.data(), statuses.data(),
                 /*sorted_input=*/true);
    for (size_t i = 0; i < n; ++i) {
      if (statuses[i].IsNotFound()) continue;
      if (!statuses[i].ok()) return unexpected(status_error(statuses[i], "reading nodes"));
      CANARY_TRY(found(start + i, span(values[i])));
    }
  }
  return {};
}

// Applies the reference count changes. A stored node has one reference unless node_refs says
// more, so the common cases need no node read at all: a new node is looked up only to learn it
// is absent (a bloom filter answers), and a node losing its last reference is deleted after a
// node_refs lookup that misses.
Result<void, DatabaseError> Txn::apply_deltas(
    std::vector<Hash256>& deleted, std::vector<std::pair<Hash256, SharedBytes>>& created) {
  std::vector<std::pair<const Hash256*, const Delta*>> changes;
  changes.reserve(deltas_.size());
  for (const auto& [h, d] : deltas_) {
    if (d.delta != 0) changes.emplace_back(&h, &d);
  }
  // In key order: MultiGet then walks each table once, and memtable inserts of sequential keys
  // start where the previous one ended.
  std::sort(changes.begin(), changes.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  std::vector<rocksdb::Slice> keys;
  keys.reserve(changes.size());
  for (const auto& c : changes) keys.push_back(slice(*c.first));

  // Whether the nodes that gain references exist already: a new node is absent (and then has
  // no count entry either, so its count lookup is skipped).
  std::vector<uint8_t> exists(changes.size(), 0);
  {
    std::vector<size_t> probe;
    std::vector<rocksdb::Slice> probe_keys;
    for (size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].second->delta > 0) {
        probe.push_back(i);
        probe_keys.push_back(keys[i]);
      }
    }
    CANARY_TRY(multi_get(db_.db, cf(Column::kNodes), probe_keys, [&](size_t j, ByteSpan) {
      exists[probe[j]] = 1;
      return Result<void, DatabaseError>();
    }));
  }
  // Counts of the nodes that exist (those losing references exist by the journals'
  // construction); a node without an entry has one reference.
  std::vector<uint32_t> refs(changes.size(), 0);  // 0: no node_refs entry
  {
    std::vector<size_t> probe;
    std::vector<rocksdb::Slice> probe_keys;
    for (size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].second->delta < 0 || exists[i] != 0) {
        probe.push_back(i);
        probe_keys.push_back(keys[i]);
      }
    }
    CANARY_TRY(multi_get(db_.db, cf(Column::kNodeRefs), probe_keys, [&](size_t j, ByteSpan v) {
      auto r = records::decode_refcount(v);
      if (!r) {
        return Result<void, DatabaseError>(unexpected(
            corrupt("malformed reference count of " + hex_of(*changes[probe[j]].first))));
      }
      refs[probe[j]] = *r;
      return Result<void, DatabaseError>();
    }));
  }

  rocksdb::ColumnFamilyHandle* nodes = cf(Column::kNodes);
  rocksdb::ColumnFamilyHandle* counts = cf(Column::kNodeRefs);
  for (size_t i = 0; i < changes.size(); ++i) {
    const Hash256& h = *changes[i].first;
    const Delta& d = *changes[i].second;
    // Nodes that lose references exist by the journals' construction.
    int64_t old_count = refs[i] != 0 ? refs[i] : (d.delta > 0 ? exists[i] : 1);
    int64_t new_count = old_count + d.delta;
    if (new_count < 0 || new_count > UINT32_MAX) {
      return unexpected(corrupt("reference count of " + hex_of(h) + " would become " +
                                std::to_string(new_count)));
    }
    if (new_count == 0) {
      batch_.Delete(nodes, keys[i]);
      if (refs[i] != 0) batch_.Delete(counts, keys[i]);
      deleted.push_back(h);
      continue;
    }
    if (old_count == 0) {
      // Only references from an imported block can bring a node into existence.
      if (!d.data) return unexpected(corrupt("node " + hex_of(h) + " is referenced but absent"));
      batch_.Put(nodes, keys[i], slice(*d.data));
      created.emplace_back(h, d.data);
    }
    if (new_count >= 2) {
      Bytes count = records::encode_refcount(static_cast<uint32_t>(new_count));
      batch_.Put(counts, keys[i], slice(count));
    } else if (refs[i] != 0) {
      batch_.Delete(counts, keys[i]);
    }
  }
  return {};
}

Result<void, DatabaseError> Txn::write(SyncPolicy policy) {
  std::vector<Hash256> deleted;
  std::vector<std::pair<Hash256, SharedBytes>> created;
  if (meta.pruning.archive) {
    created.assign(archive_nodes_.begin(), archive_nodes_.end());
    std::sort(created.begin(), created.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [h, data] : created) batch_.Put(cf(Column::kNodes), slice(h), slice(*data));
  } else {
    CANARY_TRY(apply_deltas(deleted, created));
  }
  if (meta.genesis) {
    rocksdb::ColumnFamilyHandle* m = cf(Column::kMeta);
    batch_.Put(m, slice(meta_key::kGenesis), slice(*meta.genesis));
    batch_.Put(m, slice(meta_key::kBest), slice(records::encode_block_ref(meta.best)));
    batch_.Put(m, slice(meta_key::kFinalized), slice(records::encode_block_ref(meta.finalized)));
    batch_.Put(m, slice(meta_key::kOldestState), slice(records::encode_u32(meta.oldest_state)));
  }
  rocksdb::WriteOptions wo;
  wo.sync =
      policy == SyncPolicy::kEveryWrite || (policy == SyncPolicy::kOnFinality && finality_moved);
  rocksdb::Status s = db_.db->Write(wo, &batch_);
  if (!s.ok()) return unexpected(status_error(s, "writing a batch"));
  reused_.capacity = std::max(reused_.capacity, batch_.GetDataSize());
  if (reused_.capacity > ReusedBatch::kMaxKeptBytes) {
    batch_ = rocksdb::WriteBatch();
    reused_.capacity = 0;
  }
  {
    MutexLock lock(db_.meta_mutex);
    db_.meta = meta;
  }
  // Pruned nodes must not stay readable through the cache. New nodes go in: the next block
  // builds on this state and reads them first.
  for (const Hash256& h : deleted) db_.cache.erase(h);
  for (auto& [h, data] : created) db_.cache.put(h, std::move(data));
  return {};
}

// Whether `b` is the finalized block or an unfinalized block that descends from it.
Result<bool, DatabaseError> is_live(const Txn& txn, const BlockRef& b) {
  if (b == txn.meta.finalized) return true;
  if (b.number <= txn.meta.finalized.number) return false;
  return txn.in_tree(b);
}

DatabaseError not_descendant(const BlockHash& h) {
  return {DatabaseErrorKind::kNotDescendantOfFinalized, hex_of(h)};
}

Result<void, DatabaseError> do_set_best(Txn& txn, const BlockHash& h) {
  CANARY_TRY_ASSIGN(auto header, txn.header(h));
  if (!header) return unexpected(DatabaseError{DatabaseErrorKind::kUnknownBlock, hex_of(h)});
  BlockRef target{h, header->number};
  CANARY_TRY_ASSIGN(auto live, is_live(txn, target));
  if (!live) return unexpected(not_descendant(h));
  // Rewrite the canonical index from the new best block down to where it already agrees.
  BlockRef cur = target;
  Header cur_header = *header;
  while (true) {
    CANARY_TRY_ASSIGN(auto canonical, txn.canonical(cur.number));
    if (canonical == cur.hash) break;
    if (cur.number <= txn.meta.finalized.number) {
      return unexpected(corrupt("the chain of " + hex_of(h) + " misses the finalized block"));
    }
    txn.set_canonical(cur.number, cur.hash);
    BlockHash parent = cur_header.parent_hash;
    CANARY_TRY_ASSIGN(auto parent_header, txn.header(parent));
    if (!parent_header) return unexpected(corrupt("missing header of ancestor " + hex_of(parent)));
    cur = BlockRef{parent, cur.number - 1};
    cur_header = std::move(*parent_header);
  }
  for (uint64_t n = uint64_t{target.number} + 1; n <= txn.meta.best.number; ++n) {
    txn.set_canonical(static_cast<BlockNumber>(n), std::nullopt);
  }
  txn.meta.best = target;
  return {};
}

// A block that no longer descends from the finalized block: its state references go, and
// (unless archiving) the block itself.
Result<void, DatabaseError> discard(Txn& txn, const BlockRef& b) {
  txn.tree_remove(b);
  if (txn.meta.pruning.archive) return {};
  CANARY_TRY_ASSIGN(auto inserted, txn.journal(b.hash, JournalKind::kInserted));
  if (!inserted) return unexpected(corrupt("no pruning journal for block " + hex_of(b.hash)));
  for (const Hash256& h : *inserted) txn.release(h);
  txn.delete_journal(b.hash, JournalKind::kInserted);
  txn.delete_journal(b.hash, JournalKind::kRemoved);
  txn.delete_block(b.hash);
  return {};
}

// At most this many blocks' states are pruned per batch, so that finality jumping far ahead
// (after a sync, or a long stall) does not make one enormous write; every later write continues.
constexpr uint64_t kMaxPrunedPerWrite = 64;

// Frees the states that finality moved out of the window.
Result<void, DatabaseError> prune(Txn& txn) {
  if (txn.meta.pruning.archive) return {};
  uint64_t finalized = txn.meta.finalized.number;
  uint64_t window = txn.meta.pruning.window;
  if (finalized + 1 <= window) return {};
  uint64_t target = std::min<uint64_t>(finalized + 1 - window,
                                       uint64_t{txn.meta.oldest_state} + kMaxPrunedPerWrite);
  if (target <= txn.meta.oldest_state) return {};
  for (uint64_t n = uint64_t{txn.meta.oldest_state} + 1; n <= target; ++n) {
    CANARY_TRY_ASSIGN(auto block, txn.canonical(static_cast<BlockNumber>(n)));
    if (!block) return unexpected(corrupt("canonical index lacks block " + std::to_string(n)));
    CANARY_TRY_ASSIGN(auto removed, txn.journal(*block, JournalKind::kRemoved));
    if (!removed) return unexpected(corrupt("no pruning journal for block " + hex_of(*block)));
    for (const Hash256& h : *removed) txn.release(h);
    txn.delete_journal(*block, JournalKind::kRemoved);
  }
  txn.meta.oldest_state = static_cast<BlockNumber>(target);
  return {};
}

Result<void, DatabaseError> do_finalize(Txn& txn, const BlockHash& h,
                                        const std::optional<Bytes>& justification) {
  CANARY_TRY_ASSIGN(auto header, txn.header(h));
  if (!header) return unexpected(DatabaseError{DatabaseErrorKind::kUnknownBlock, hex_of(h)});
  BlockRef target{h, header->number};
  BlockRef old = txn.meta.finalized;
  if (target.number <= old.number) {
    CANARY_TRY_ASSIGN(auto canonical, txn.canonical(target.number));
    if (canonical != h) return unexpected(not_descendant(h));
    if (justification) txn.put_justification(h, *justification);
    return {};  // finalized already
  }
  CANARY_TRY_ASSIGN(auto live, is_live(txn, target));
  if (!live) return unexpected(not_descendant(h));
  if (justification) txn.put_justification(h, *justification);

  // The newly finalized blocks, route[i] at number old.number + 1 + i.
  std::vector<BlockHash> route(target.number - old.number);
  BlockRef cur = target;
  Header cur_header = *header;
  while (cur.number > old.number) {
    route[cur.number - old.number - 1] = cur.hash;
    BlockHash parent = cur_header.parent_hash;
    CANARY_TRY_ASSIGN(auto parent_header, txn.header(parent));
    if (!parent_header) return unexpected(corrupt("missing header of ancestor " + hex_of(parent)));
    cur = BlockRef{parent, cur.number - 1};
    cur_header = std::move(*parent_header);
  }
  if (cur.hash != old.hash) return unexpected(not_descendant(h));

  // Finality decides the chain: a best block elsewhere gives way.
  CANARY_TRY_ASSIGN(auto canonical, txn.canonical(target.number));
  if (canonical != h) CANARY_TRY(do_set_best(txn, h));

  // Every unfinalized block either is on the route, descends from its end, or goes. Blocks come
  // by number, so a parent is decided before its children.
  CANARY_TRY_ASSIGN(auto blocks, txn.tree());
  std::unordered_set<BlockHash, Hash256Hasher> kept;
  kept.insert(old.hash);
  for (const BlockRef& b : blocks) {
    bool keep;
    if (b.number <= target.number) {
      keep = route[b.number - old.number - 1] == b.hash;
    } else {
      CANARY_TRY_ASSIGN(auto bh, txn.header(b.hash));
      if (!bh) return unexpected(corrupt("missing header of unfinalized " + hex_of(b.hash)));
      keep = kept.contains(bh->parent_hash);
    }
    if (!keep) {
      CANARY_TRY(discard(txn, b));
      continue;
    }
    kept.insert(b.hash);
    if (b.number <= target.number) {
      // Finalized now: tracked by the canonical index, and never discarded.
      txn.tree_remove(b);
      if (!txn.meta.pruning.archive) txn.delete_journal(b.hash, JournalKind::kInserted);
    }
  }
  txn.meta.finalized = target;
  txn.finality_moved = true;
  return {};
}

DatabaseError diff_failure(const DiffError& e) {
  std::string what = hex_of(e.hash);
  if (e.in_new_state) {
    return {DatabaseErrorKind::kIncompleteState,
            e.kind == DiffError::Kind::kMissing ? "nobody supplied node " + what
                                                : "supplied node " + what + " does not decode"};
  }
  if (e.kind == DiffError::Kind::kMissing) {
    return {DatabaseErrorKind::kStateUnavailable, "the parent state lacks node " + what};
  }
  return corrupt("stored node " + what + " does not decode");
}

// What the new state adds to and removes from the parent's, by diffing the two.
Result<StateDiff, DatabaseError> diff_with_parent(Database::Impl& db, const BlockCommit& c,
                                                  const Hash256& parent_root) {
  std::optional<DatabaseError> load_error;
  std::optional<Hash256> bad_supplied;
  NodeLoader from_db = [&](const Hash256& x) -> SharedBytes {
    auto r = db.load_node(x);
    if (!r) {
      if (!load_error) load_error = r.error();
      return nullptr;
    }
    return *r;
  };
  NodeLoader from_block = [&](const Hash256& x) -> SharedBytes {
    if (c.new_nodes != nullptr) {
      if (auto bytes = c.new_nodes->get(x)) {
        // Written under this hash for good: it has to be right.
        if (trie_hash(TrieHasher::kBlake2b256, *bytes) != x) {
          bad_supplied = x;
          return nullptr;
        }
        return std::make_shared<const Bytes>(std::move(*bytes));
      }
    }
    return from_db(x);
  };
  auto diff = diff_states(from_db, parent_root, from_block, c.header.state_root);
  if (!diff) {
    if (load_error) return unexpected(*load_error);
    if (bad_supplied) {
      return unexpected(
          DatabaseError{DatabaseErrorKind::kIncompleteState,
                        "supplied node " + hex_of(*bad_supplied) + " does not match its hash"});
    }
    return unexpected(diff_failure(diff.error()));
  }

  return std::move(*diff);
}

// What an imported block's records take in its batch, about: the header and body; for each
// inserted node its record under its hash and room for a reference-count record under the same
// hash (a node already stored gains one), each with the batch's framing (tag, column, two
// lengths); the journals' hashes; and 4 KiB for what finality and pruning add. An estimate: the
// batch still grows past it if it must.
size_t batch_bytes(ByteSpan encoded_header, const BlockCommit& c, const StateDiff& diff) {
  constexpr size_t kRecordOverhead = 16;
  constexpr size_t kRecordsPerNode = 2;  // the node, its count
  size_t bytes = encoded_header.size() + c.body.size() + 4096;
  for (const auto& e : diff.inserted) {
    bytes += kRecordsPerNode * (sizeof(Hash256) + kRecordOverhead) + (e.data ? e.data->size() : 0);
  }
  bytes += (diff.inserted.size() + diff.removed.size()) * sizeof(Hash256);
  return bytes;
}

Result<void, DatabaseError> do_import(Database::Impl& db, Txn& txn, const BlockCommit& c) {
  Bytes encoded = scale::encode(c.header);
  BlockHash h = hash::blake2b_256(encoded);
  BlockNumber number = c.header.number;
  CANARY_TRY_ASSIGN(auto existing, txn.header(h));
  if (existing) return unexpected(DatabaseError{DatabaseErrorKind::kBlockExists, hex_of(h)});

  Hash256 parent_root = empty_trie_root(TrieHasher::kBlake2b256);
  if (number == 0) {
    if (txn.meta.genesis) {
      return unexpected(
          DatabaseError{DatabaseErrorKind::kInvalidBlock, "a genesis block is stored already"});
    }
    if (db.options.expected_genesis && *db.options.expected_genesis != h) {
      return unexpected(DatabaseError{
          DatabaseErrorKind::kWrongChain,
          "genesis " + hex_of(h) + ", expected " + hex_of(*db.options.expected_genesis)});
    }
  } else {
    if (!txn.meta.genesis) return unexpected(DatabaseError{DatabaseErrorKind::kNoGenesis, {}});
    CANARY_TRY_ASSIGN(auto parent, txn.header(c.header.parent_hash));
    if (!parent) {
      return unexpected(
          DatabaseError{DatabaseErrorKind::kUnknownParent, hex_of(c.header.parent_hash)});
    }
    if (parent->number + 1 != number) {
      return unexpected(
          DatabaseError{DatabaseErrorKind::kInvalidBlock, "block number " + std::to_string(number) +
                                                              " does not follow its parent's " +
                                                              std::to_string(parent->number)});
    }
    CANARY_TRY_ASSIGN(auto live, is_live(txn, BlockRef{c.header.parent_hash, parent->number}));
    if (!live) return unexpected(not_descendant(h));
    parent_root = parent->state_root;
  }

  // What the new state adds to and removes from the parent's.
  StateDiff diff;
  if (c.changes != nullptr && c.changes->complete()) {
    // Straight from the root computations: no read of the parent state.
    for (const auto& [x, e] : c.changes->entries()) {
      for (int64_t k = 0; k < e.delta; ++k) diff.inserted.push_back({x, e.data});
      for (int64_t k = e.delta; k < 0; ++k) diff.removed.push_back(x);
    }
  } else {
    CANARY_TRY_ASSIGN(auto computed, diff_with_parent(db, c, parent_root));
    diff = std::move(computed);
  }

  txn.reserve(batch_bytes(encoded, c, diff));
  txn.put_block(h, c.header, encoded, c.body);
  if (c.justification) txn.put_justification(h, *c.justification);
  for (const AuxWrite& w : c.aux) txn.put_aux(w);
  for (const AuxWrite& w : c.offchain) txn.put_offchain(w);
  if (txn.meta.pruning.archive) {
    for (const auto& e : diff.inserted) txn.put_node(e.hash, e.data);
  } else {
    std::vector<Hash256> inserted;
    inserted.reserve(diff.inserted.size());
    for (const auto& e : diff.inserted) {
      txn.add_ref(e.hash, e.data);
      inserted.push_back(e.hash);
    }
    if (number > 0) {
      txn.put_journal(h, JournalKind::kInserted, std::move(inserted));
      txn.put_journal(h, JournalKind::kRemoved, std::move(diff.removed));
    }
  }

  if (number == 0) {
    txn.meta.genesis = h;
    txn.meta.best = txn.meta.finalized = BlockRef{h, 0};
    txn.meta.oldest_state = 0;
    txn.set_canonical(0, h);
    txn.finality_moved = true;
    return {};
  }
  txn.tree_add(BlockRef{h, number});
  if (c.make_best) CANARY_TRY(do_set_best(txn, h));
  if (c.finalize) CANARY_TRY(do_finalize(txn, *c.finalize, std::nullopt));
  return {};
}

}  // namespace

Result<void, DatabaseError> Database::commit(const BlockCommit& commit) {
  MutexLock lock(impl_->write_mutex);
  Txn txn(*impl_);
  CANARY_TRY(do_import(*impl_, txn, commit));
  CANARY_TRY(prune(txn));
  return txn.write(impl_->options.sync);
}

Result<void, DatabaseError> Database::write_genesis_state(const NodeChanges& changes) {
  MutexLock lock(impl_->write_mutex);
  Txn txn(*impl_);
  if (txn.meta.genesis) {
    return unexpected(DatabaseError{DatabaseErrorKind::kInvalidBlock,
                                    "the genesis state is written before the genesis block"});
  }
  if (!changes.complete()) {
    return unexpected(DatabaseError{DatabaseErrorKind::kInvalidArgument,
                                    "a part of the genesis state with unknown removals"});
  }
  for (const auto& [h, e] : changes.entries()) {
    if (txn.meta.pruning.archive) {
      if (e.delta > 0) txn.put_node(h, e.data);
      continue;
    }
    for (int64_t k = 0; k < e.delta; ++k) txn.add_ref(h, e.data);
    for (int64_t k = e.delta; k < 0; ++k) txn.release(h);
  }
  return txn.write(impl_->options.sync);
}

Result<void, DatabaseError> Database::write_aux(const std::vector<AuxWrite>& writes) {
  MutexLock lock(impl_->write_mutex);
  Txn txn(*impl_);
  for (const AuxWrite& w : writes) txn.put_aux(w);
  return txn.write(impl_->options.sync);
}

Result<void, DatabaseError> Database::write_offchain(const std::vector<AuxWrite>& writes) {
  MutexLock lock(impl_->write_mutex);
  Txn txn(*impl_);
  for (const AuxWrite& w : writes) txn.put_offchain(w);
  return txn.write(impl_->options.sync);
}

Result<void, DatabaseError> Database::set_best(const BlockHash& hash) {
  MutexLock lock(impl_->write_mutex);
  Txn txn(*impl_);
  if (!txn.meta.genesis) return unexpected(DatabaseError{DatabaseErrorKind::kNoGenesis, {}});
  CANARY_TRY(do_set_best(txn, hash));
  return txn.write(impl_->options.sync);
}

Result<void, DatabaseError> Database::finalize(const BlockHash& hash,
                                               const std::optional<Bytes>& justification) {
  MutexLock lock(impl_->write_mutex);
  Txn txn(*impl_);
  if (!txn.meta.genesis) return unexpected(DatabaseError{DatabaseErrorKind::kNoGenesis, {}});
  CANARY_TRY(do_finalize(txn, hash, justification));
  CANARY_TRY(prune(txn));
  return txn.write(impl_->options.sync);
}

}  // namespace canary::state
