// The embedded database. The targets:
//   committing a block that changes 10,000 keys of a 1,000,000-key state: < 100 ms (`ms`);
//   reading a random key of that state through the database with a warm cache:
//   >= 500,000 reads/s (`reads_per_s`; with the value cache, as the node runs, and with the
//   node cache alone).
// References measured in the same run: for commits, writing the same new nodes to RocksDB as
// one plain batch (no diff, no reference counts, no journal; `ratio_vs_raw_batch`); for reads,
// RocksDB Get of the same keys from a flat key → value column with a warm block cache
// (`ratio_vs_raw_get`), plus two other read paths for comparison (a Trie opened per read, and a
// long-lived Trie that keeps what it loaded).
//
// The database lives under $TMPDIR (a real disk here; tmpfs would flatter the write path) and
// is built once, shared by the benchmarks, and deleted at exit.
#include <benchmark/benchmark.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <vector>

#include "primitives/hash/hash.hpp"
#include "state/storage/database.hpp"
#include "state/storage/node_changes.hpp"
#include "state/trie/trie.hpp"

namespace {

using canary::Bytes;
using canary::ByteSpan;
using canary::Hash256;
using namespace canary::state;
using Clock = std::chrono::steady_clock;

constexpr size_t kEntries = 1'000'000;
constexpr size_t kChanged = 10'000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Bytes random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(n);
  for (size_t i = 0; i < n; i += 8) {
    uint64_t r = rng();
    for (size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<uint8_t>(r >> (8 * j));
  }
  return out;
}

ByteSpan key_of(const Bytes& entries, size_t i) {
  return {entries.data() + 64 * i, 32};
}
ByteSpan value_of(const Bytes& entries, size_t i) {
  return {entries.data() + 64 * i + 32, 32};
}

rocksdb::Slice slice(ByteSpan b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// A chain whose genesis state holds 1M random 32-byte keys with 32-byte values, in a pruned
// database (window 2: every finalization prunes), plus a plain RocksDB holding the same keys
// flat, for reference.
struct Fixture {
  std::filesystem::path dir;
  Bytes entries;
  std::unique_ptr<Database> db;
  BlockRef head;
  Hash256 head_root{};
  rocksdb::DB* raw = nullptr;        // reference for reads: the state as a flat key → value table
  rocksdb::DB* raw_nodes = nullptr;  // reference for commits: plain batches of the same nodes
  uint64_t round = 0;
  double genesis_seconds = 0;

  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("canary-storage-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    entries = random_bytes(kEntries * 64, 1);

    reopen(true);
    MemoryNodeStore nodes;
    Trie trie;
    trie.reserve(kEntries);
    for (size_t i = 0; i < kEntries; ++i) {
      if (!trie.insert(key_of(entries, i), value_of(entries, i))) std::abort();
    }
    BlockCommit genesis;
    genesis.header.state_root = trie.root_hash(StateVersion::kV1, &nodes);
    genesis.new_nodes = &nodes;
    auto start = Clock::now();
    if (!db->commit(genesis)) std::abort();
    genesis_seconds = seconds_since(start);
    head = *db->best();
    head_root = genesis.header.state_root;

    rocksdb::Options ro;
    ro.create_if_missing = true;
    rocksdb::BlockBasedTableOptions t;
    t.block_cache = rocksdb::NewLRUCache(size_t{256} << 20);
    ro.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
    ro.allow_fallocate = false;
    if (!rocksdb::DB::Open(ro, (dir / "raw").string(), &raw).ok()) std::abort();
    if (!rocksdb::DB::Open(ro, (dir / "raw-nodes").string(), &raw_nodes).ok()) std::abort();
    rocksdb::WriteBatch batch;
    for (size_t i = 0; i < kEntries; ++i)
      batch.Put(slice(key_of(entries, i)), slice(value_of(entries, i)));
    if (!raw->Write(rocksdb::WriteOptions(), &batch).ok()) std::abort();
    if (!raw->Flush(rocksdb::FlushOptions()).ok()) std::abort();
    if (!db->flush()) std::abort();
  }

  ~Fixture() {
    db.reset();
    delete raw;
    delete raw_nodes;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

  // Opens (or reopens, with empty caches) the database: with or without the value cache.
  void reopen(bool value_cache) {
    db.reset();
    DatabaseOptions o;
    o.pruning = PruningMode::keep_last(2);
    o.sync = SyncPolicy::kOnFinality;
    o.node_cache_bytes = size_t{1} << 30;  // the whole state fits: "warm cache"
    o.value_cache_bytes = value_cache ? size_t{512} << 20 : 0;
    o.db_cache_bytes = size_t{256} << 20;
    auto opened = Database::open((dir / "canary").string(), o);
    if (!opened) {
      std::fprintf(stderr, "open: %s\n", opened.error().message().c_str());
      std::abort();
    }
    db = std::move(*opened);
    warmed = false;
  }
  bool warmed = false;

  static Fixture& get() {
    static Fixture f;
    return f;
  }

  // The next block: 10,000 existing keys get new values. Returns its commit and the nodes.
  // With `use_changes`, the commit takes the inserted and removed nodes from the root computation
  // (BlockCommit::changes) instead of diffing the parent state against the new one.
  BlockCommit next_block(NodeChanges& nodes, double& prepare_seconds, bool use_changes = true) {
    std::mt19937_64 rng(1000 + round);
    Bytes values = random_bytes(kChanged * 32, 2000 + round);
    auto start = Clock::now();
    Trie trie = Trie::open(head_root, db->node_store());
    for (size_t i = 0; i < kChanged; ++i) {
      if (!trie.insert(key_of(entries, rng() % kEntries), ByteSpan(values.data() + 32 * i, 32))) {
        std::abort();
      }
    }
    BlockCommit c;
    c.header.parent_hash = head.hash;
    c.header.number = head.number + 1;
    c.header.state_root = trie.root_hash(StateVersion::kV1, &nodes);
    c.new_nodes = &nodes;
    if (use_changes) c.changes = &nodes;
    prepare_seconds = seconds_since(start);
    ++round;
    return c;
  }
};

void commit_benchmark(benchmark::State& state, bool finalize, bool use_changes = true) {
  Fixture& f = Fixture::get();
  double ours = 0;
  double raw = 0;
  double prepare = 0;
  size_t nodes_written = 0;
  if (finalize) {
    // Untimed: finalize what earlier benchmarks left unfinalized, so that each timed commit
    // prunes exactly one block's worth.
    NodeChanges nodes;
    double prep = 0;
    BlockCommit c = f.next_block(nodes, prep);
    c.finalize = canary::block::hash_of(c.header);
    if (!f.db->commit(c)) state.SkipWithError("warm-up commit");
    f.head = *f.db->best();
    f.head_root = c.header.state_root;
  }
  for (auto _ : state) {
    NodeChanges nodes;
    double prep = 0;
    BlockCommit c = f.next_block(nodes, prep, use_changes);
    // Finalize the new block itself: with a window of 2, the state of block n - 2 is pruned in
    // the same batch (~25,000 node references dropped, as many nodes deleted).
    if (finalize) c.finalize = canary::block::hash_of(c.header);
    auto start = Clock::now();
    auto r = f.db->commit(c);
    double elapsed = seconds_since(start);
    if (!r) {
      state.SkipWithError(r.error().message().c_str());
      return;
    }
    state.SetIterationTime(elapsed);
    ours += elapsed;
    prepare += prep;
    f.head = *f.db->best();
    f.head_root = c.header.state_root;

    // Reference: the same nodes as one plain RocksDB batch, in key order (its fastest form).
    std::vector<const std::pair<const Hash256, NodeChanges::Entry>*> sorted;
    sorted.reserve(nodes.entries().size());
    for (const auto& e : nodes.entries()) {
      if (e.second.data) sorted.push_back(&e);
    }
    nodes_written += sorted.size();
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    rocksdb::WriteBatch batch;
    for (const auto* e : sorted) batch.Put(slice(e->first), slice(*e->second.data));
    rocksdb::WriteOptions wo;
    wo.sync = finalize;
    auto raw_start = Clock::now();
    if (!f.raw_nodes->Write(wo, &batch).ok()) state.SkipWithError("raw write");
    raw += seconds_since(raw_start);
  }
  double n = static_cast<double>(state.iterations());
  state.counters["ms"] = 1000 * ours / n;
  state.counters["raw_batch_ms"] = 1000 * raw / n;
  state.counters["ratio_vs_raw_batch"] = raw / ours;
  state.counters["trie_update_ms"] = 1000 * prepare / n;  // not part of `ms`
  state.counters["new_nodes"] = static_cast<double>(nodes_written) / n;
  state.counters["genesis_1M_commit_s"] = f.genesis_seconds;
}

void BM_Storage_Commit10kKeys(benchmark::State& state) {
  commit_benchmark(state, false);
}
BENCHMARK(BM_Storage_Commit10kKeys)->UseManualTime()->Iterations(10)->Unit(benchmark::kMillisecond);

// The fallback: no changes from the root computation, the commit diffs the two states.
void BM_Storage_Commit10kKeys_DiffStates(benchmark::State& state) {
  commit_benchmark(state, false, false);
}
BENCHMARK(BM_Storage_Commit10kKeys_DiffStates)
    ->UseManualTime()
    ->Iterations(10)
    ->Unit(benchmark::kMillisecond);

void BM_Storage_Commit10kKeys_FinalizeAndPrune(benchmark::State& state) {
  commit_benchmark(state, true);
}
BENCHMARK(BM_Storage_Commit10kKeys_FinalizeAndPrune)
    ->UseManualTime()
    ->Iterations(10)
    ->Unit(benchmark::kMillisecond);

constexpr size_t kReads = 1'000'000;

std::vector<size_t> read_order(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<size_t> order(kReads);
  for (auto& i : order) i = rng() % kEntries;
  return order;
}

// Reads every key of the head state once: the caches then hold the whole state.
void warm(Fixture& f) {
  if (f.warmed) return;
  for (size_t i = 0; i < kEntries; ++i) {
    auto v = f.db->storage(f.head_root, key_of(f.entries, i));
    if (!v) std::abort();
  }
  f.warmed = true;
}

// Reference: RocksDB Get from a flat key → value table, block cache warm.
double raw_reads_per_second(Fixture& f, const std::vector<size_t>& order) {
  std::string value;
  for (size_t i = 0; i < kReads; i += 10) {
    f.raw->Get(rocksdb::ReadOptions(), slice(key_of(f.entries, order[i])), &value);
  }
  auto start = Clock::now();
  for (size_t i : order) {
    auto s = f.raw->Get(rocksdb::ReadOptions(), slice(key_of(f.entries, i)), &value);
    benchmark::DoNotOptimize(s);
  }
  return static_cast<double>(order.size()) / seconds_since(start);
}

// Database::storage with both caches warm (the node's configuration), or with the value cache
// off: every read then walks ~6 cached nodes.
void random_reads(benchmark::State& state, bool value_cache) {
  Fixture& f = Fixture::get();
  if ((f.db->value_cache().capacity_bytes() > 0) != value_cache) f.reopen(value_cache);
  warm(f);
  std::vector<size_t> order = read_order(7);
  double ours = 0;
  size_t reads = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    for (size_t i : order) {
      auto v = f.db->storage(f.head_root, key_of(f.entries, i));
      if (!v || !*v) {
        state.SkipWithError("read failed");
        return;
      }
      benchmark::DoNotOptimize(v);
    }
    double elapsed = seconds_since(start);
    state.SetIterationTime(elapsed);
    ours += elapsed;
    reads += order.size();
  }
  double ours_rate = static_cast<double>(reads) / ours;
  double raw_rate = raw_reads_per_second(f, order);
  state.counters["reads_per_s"] = ours_rate;
  state.counters["raw_get_reads_per_s"] = raw_rate;
  state.counters["ratio_vs_raw_get"] = ours_rate / raw_rate;
  state.counters["node_cache_mb"] =
      static_cast<double>(f.db->node_cache().size_bytes()) / (1 << 20);
  state.counters["value_cache_mb"] =
      static_cast<double>(f.db->value_cache().size_bytes()) / (1 << 20);
}

void BM_Storage_RandomRead1M_WarmCache(benchmark::State& state) {
  random_reads(state, true);
}
BENCHMARK(BM_Storage_RandomRead1M_WarmCache)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

void BM_Storage_RandomRead1M_NodeCacheOnly(benchmark::State& state) {
  random_reads(state, false);
}
BENCHMARK(BM_Storage_RandomRead1M_NodeCacheOnly)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

// For comparison: a Trie opened over the database's NodeStore for each read (copies and
// re-hashes every node it loads), and one Trie kept across reads (after warm-up, it holds the
// nodes it loaded and reads without the database).
void BM_Storage_RandomRead1M_TrieOpenPerRead(benchmark::State& state) {
  Fixture& f = Fixture::get();
  warm(f);
  std::vector<size_t> order = read_order(8);
  order.resize(kReads / 10);
  size_t reads = 0;
  double total = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    for (size_t i : order) {
      Trie trie = Trie::open(f.head_root, f.db->node_store());
      auto v = trie.get(key_of(f.entries, i));
      if (!v || !*v) state.SkipWithError("read failed");
    }
    double elapsed = seconds_since(start);
    state.SetIterationTime(elapsed);
    total += elapsed;
    reads += order.size();
  }
  state.counters["reads_per_s"] = static_cast<double>(reads) / total;
}
BENCHMARK(BM_Storage_RandomRead1M_TrieOpenPerRead)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

void BM_Storage_RandomRead1M_LongLivedTrie(benchmark::State& state) {
  Fixture& f = Fixture::get();
  warm(f);
  std::vector<size_t> order = read_order(9);
  Trie trie = Trie::open(f.head_root, f.db->node_store());
  for (size_t i = 0; i < kEntries; ++i) {
    if (!trie.get(key_of(f.entries, i))) std::abort();
  }
  size_t reads = 0;
  double total = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    for (size_t i : order) {
      auto v = trie.get(key_of(f.entries, i));
      if (!v || !*v) state.SkipWithError("read failed");
    }
    double elapsed = seconds_since(start);
    state.SetIterationTime(elapsed);
    total += elapsed;
    reads += order.size();
  }
  state.counters["reads_per_s"] = static_cast<double>(reads) / total;
}
BENCHMARK(BM_Storage_RandomRead1M_LongLivedTrie)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

}  // namespace
