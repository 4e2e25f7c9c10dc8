// Crash consistency of the database under kill -9.
//
//   storage_crash_test writer <dir> <seed>   writes blocks until killed
//   storage_crash_test [--dir D] [--seed S] [--kills N] [--seconds T]
//                                            the driver (what ctest runs)
//
// The writer opens the database (creating it with a deterministic genesis block) and appends
// blocks to the best one for ever. Block n changes pseudo-random keys chosen by a generator seeded
// with (seed, n), in the main trie and in two child tries; each commit also finalizes block n - 3
// (so every batch discards forks and prunes: window of 4 blocks); every fourth block gets a
// sibling fork that finality later discards; every 50 blocks the memtables are flushed to table
// files, so that kills also land in flushes and compactions.
//
// The driver starts the writer, kills it with SIGKILL after a random delay, and checks the
// database it left: it opens; best and finalized moved together (finalized = best - 3: the
// finality of each block was in the same batch); the canonical index runs from genesis to best
// with parent links; the best block's state root equals the root recomputed from scratch in
// memory by replaying the generator, and the stored state reads back entirely and equals that
// reference; every kept state is complete; and the stored nodes are exactly those the kept
// states reference. Then it starts the writer again, which continues from the best block.
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"
#include "state/storage/database.hpp"
#include "state/storage/state_diff.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie.hpp"

namespace {

using namespace canary;
using namespace canary::state;

constexpr uint32_t kWindow = 4;
constexpr uint32_t kFinalityLag = 3;
constexpr int kKeySpace = 3000;
constexpr int kChangesPerBlock = 60;

struct Change {
  Bytes child;  // empty: main trie
  Bytes key;
  std::optional<Bytes> value;
};

// The changes of block `number` (fork: of the fork sibling at that number).
std::vector<Change> block_changes(uint64_t seed, uint32_t number, bool fork) {
  std::seed_seq seq{seed, uint64_t{number}, uint64_t{fork ? 1u : 0u}};
  std::mt19937_64 rng(seq);
  std::vector<Change> out;
  int count = number == 0 ? kKeySpace / 2 : kChangesPerBlock;
  for (int i = 0; i < count; ++i) {
    Change c;
    if (rng() % 8 == 0) c.child = to_bytes(rng() % 2 == 0 ? "alpha" : "beta");
    c.key = to_bytes("key-" + std::to_string(rng() % kKeySpace));
    if (rng() % 10 != 0) {
      static const size_t sizes[] = {4, 32, 33, 100};
      Bytes v(sizes[rng() % 4]);
      for (auto& b : v) b = static_cast<uint8_t>(rng());
      c.value = std::move(v);
    }
    out.push_back(std::move(c));
  }
  return out;
}

Hash256 extrinsics_root(uint64_t seed, uint32_t number, bool fork) {
  Bytes data = to_bytes("crash-test:" + std::to_string(seed) + ":" + std::to_string(number) +
                        (fork ? ":fork" : ""));
  return hash::blake2b_256(data);
}

// Applies changes to `main` (and its child tries, opened from `store` when given), reporting new
// nodes to `sink`. Returns false on a trie error.
bool apply(Trie& main, const std::vector<Change>& changes, const NodeStore* store, NodeSink* sink,
           Hash256& root) {
  std::map<Bytes, Trie> children;
  for (const Change& c : changes) {
    Trie* t = &main;
    if (!c.child.empty()) {
      auto it = children.find(c.child);
      if (it == children.end()) {
        Trie child;
        auto existing = main.get(default_child_root_key(c.child));
        if (!existing) return false;
        if (*existing && store != nullptr) {
          Hash256 h{};
          std::copy((*existing)->begin(), (*existing)->end(), h.begin());
          child = Trie::open(h, *store);
        } else if (*existing) {
          return false;  // in memory, children live in `reference_children`
        }
        it = children.emplace(c.child, std::move(child)).first;
      }
      t = &it->second;
    }
    if (c.value) {
      if (!t->insert(c.key, *c.value)) return false;
    } else if (!t->remove(c.key)) {
      return false;
    }
  }
  for (auto& [ck, child] : children) {
    child.root_hash(StateVersion::kV1, sink);
    if (!store_child_root(main, ck, child, StateVersion::kV1)) return false;
  }
  root = main.root_hash(StateVersion::kV1, sink);
  return true;
}

DatabaseOptions db_options() {
  DatabaseOptions o;
  o.pruning = PruningMode::keep_last(kWindow);
  o.sync = SyncPolicy::kOnFinality;
  o.node_cache_bytes = size_t{32} << 20;
  o.db_cache_bytes = size_t{8} << 20;
  return o;
}

block::Header genesis(uint64_t seed, MemoryNodeStore* sink) {
  Trie t;
  Hash256 root{};
  if (!apply(t, block_changes(seed, 0, false), nullptr, sink, root)) std::abort();
  block::Header h;
  h.state_root = root;
  h.extrinsics_root = extrinsics_root(seed, 0, false);
  return h;
}

// --- The writer ---

// `ready_fd` (or -1): one byte is written to it once the database is open, so that the driver's
// kill delays start from there and not from a process start that a loaded machine (or a
// sanitizer's start-up) can stretch to longer than the delays themselves.
int run_writer(const std::string& dir, uint64_t seed, int ready_fd) {
  DatabaseOptions o = db_options();
  MemoryNodeStore genesis_nodes;
  block::Header g = genesis(seed, &genesis_nodes);
  o.expected_genesis = block::hash_of(g);
  auto opened = Database::open(dir, o);
  if (!opened) {
    std::fprintf(stderr, "writer: open: %s\n", opened.error().message().c_str());
    return 2;
  }
  Database& db = **opened;
  if (ready_fd >= 0) {
    // When the driver kills during the open, it has closed its end already: the write must fail
    // with EPIPE rather than kill the writer with SIGPIPE (which the driver takes for a crash).
    std::signal(SIGPIPE, SIG_IGN);
    const char byte = 1;
    (void)!write(ready_fd, &byte, 1);
    close(ready_fd);
  }
  if (!db.genesis_hash()) {
    auto r = db.commit(BlockCommit{g, {}, {}, &genesis_nodes, true, {}});
    if (!r) {
      std::fprintf(stderr, "writer: genesis: %s\n", r.error().message().c_str());
      return 2;
    }
  }
  while (true) {
    BlockRef best = *db.best();
    auto parent = db.header(best.hash);
    if (!parent || !*parent) return 3;
    uint32_t n = best.number + 1;
    for (bool fork : {false, true}) {
      if (fork && n % 4 != 0) break;
      // The fork sibling of block n hangs off n's parent; block n itself is best by now.
      const block::Header& base = **parent;
      MemoryNodeStore nodes;
      Trie main = Trie::open(base.state_root, db.node_store());
      Hash256 root{};
      if (!apply(main, block_changes(seed, n, fork), &db.node_store(), &nodes, root)) return 4;
      BlockCommit c;
      c.header.parent_hash = best.hash;
      c.header.number = n;
      c.header.state_root = root;
      c.header.extrinsics_root = extrinsics_root(seed, n, fork);
      c.body = Bytes{0x04, 0x04, static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8)};
      c.new_nodes = &nodes;
      c.make_best = !fork;
      if (!fork && n > kFinalityLag) {
        auto fin = db.hash_at(n - kFinalityLag);
        if (!fin || !*fin) return 5;
        c.finalize = **fin;
      }
      auto r = db.commit(c);
      if (!r) {
        std::fprintf(stderr, "writer: block %u: %s\n", n, r.error().message().c_str());
        return 6;
      }
    }
    if (n % 50 == 0 && !db.flush()) return 7;
  }
}

// --- The checker ---

struct Checker {
  uint64_t seed;
  std::string dir;
  std::string failure;

  bool fail(std::string what) {
    if (failure.empty()) failure = std::move(what);
    return false;
  }

  bool check(uint32_t& best_number) {
    DatabaseOptions o = db_options();
    MemoryNodeStore genesis_nodes;
    block::Header g = genesis(seed, &genesis_nodes);
    o.expected_genesis = block::hash_of(g);
    auto opened = Database::open(dir, o);
    if (!opened) return fail("open: " + opened.error().message());
    Database& db = **opened;
    if (!db.genesis_hash()) {
      best_number = 0;
      return db.best() ? fail("best without genesis") : true;  // killed before the genesis
    }
    BlockRef best = *db.best();
    BlockRef fin = *db.finalized();
    best_number = best.number;
    uint32_t want_fin = best.number > kFinalityLag ? best.number - kFinalityLag : 0;
    if (fin.number != want_fin) {
      return fail("finalized " + std::to_string(fin.number) + " with best " +
                  std::to_string(best.number) + ": a batch was applied in part");
    }
    // Canonical index: genesis .. best, linked by parent hashes.
    block::BlockHash expect_parent{};
    for (uint32_t n = 0; n <= best.number; ++n) {
      auto h = db.hash_at(n);
      if (!h || !*h) return fail("no canonical block at " + std::to_string(n));
      auto header = db.header(**h);
      if (!header || !*header) return fail("no header for canonical block " + std::to_string(n));
      if ((*header)->number != n) return fail("canonical block number mismatch");
      if (n > 0 && (*header)->parent_hash != expect_parent) return fail("broken parent link");
      if ((*header)->extrinsics_root != extrinsics_root(seed, n, false)) {
        return fail("canonical block " + std::to_string(n) + " is not the generator's");
      }
      expect_parent = **h;
    }
    if (expect_parent != best.hash) return fail("canonical index does not end at best");
    auto above = db.hash_at(best.number + 1);
    if (!above || *above) return fail("canonical index goes beyond best");

    // The reference state, from scratch.
    Trie reference;
    std::map<Bytes, Trie> reference_children;
    for (uint32_t n = 0; n <= best.number; ++n) {
      for (const Change& c : block_changes(seed, n, false)) {
        Trie& t = c.child.empty() ? reference : reference_children[c.child];
        bool ok = c.value ? t.insert(c.key, *c.value).has_value() : t.remove(c.key).has_value();
        if (!ok) return fail("reference trie error");
      }
    }
    for (auto& [ck, child] : reference_children) {
      if (!store_child_root(reference, ck, child, StateVersion::kV1)) return fail("child root");
    }
    Hash256 reference_root = reference.root_hash(StateVersion::kV1);
    auto best_header = db.header(best.hash);
    if ((*best_header)->state_root != reference_root) {
      return fail("state root of best block " + std::to_string(best.number) + " is " +
                  to_hex((*best_header)->state_root) + ", the reference computes " +
                  to_hex(reference_root));
    }
    // The stored state reads back entirely and equals the reference.
    std::map<Bytes, Bytes> stored;
    std::map<Bytes, Bytes> expected;
    Trie from_db = Trie::open(reference_root, db.node_store());
    auto walked = from_db.for_each({}, [&](ByteSpan k, ByteSpan v) {
      stored.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
      return true;
    });
    if (!walked) return fail(std::string("best state unreadable: ") + to_string(walked.error()));
    auto ref_walk = reference.for_each({}, [&](ByteSpan k, ByteSpan v) {
      expected.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
      return true;
    });
    if (!ref_walk || stored != expected) return fail("best state differs from the reference");

    // Kept states are complete, and the stored nodes are exactly theirs.
    std::vector<Hash256> kept_roots;
    for (uint32_t n = db.oldest_state(); n <= fin.number; ++n) {
      auto h = db.hash_at(n);
      kept_roots.push_back((*db.header(**h))->state_root);
    }
    auto unfinalized = db.unfinalized_blocks();
    if (!unfinalized) return fail(unfinalized.error().message());
    for (const BlockRef& b : *unfinalized) {
      if (b.number <= fin.number) return fail("unfinalized block at or below finality");
      auto header = db.header(b.hash);
      if (!header || !*header) return fail("unfinalized block without header");
      auto has = db.has_state(b.hash);
      if (!has || !*has) return fail("unfinalized block without state");
      kept_roots.push_back((*header)->state_root);
    }
    std::set<Hash256> referenced;
    NodeLoader loader = loader_of(db.node_store());
    for (const Hash256& root : kept_roots) {
      auto elements = state_elements(loader, root);
      if (!elements) return fail("a kept state is incomplete");
      referenced.insert(elements->begin(), elements->end());
    }
    auto nodes = db.node_hashes();
    if (!nodes) return fail(nodes.error().message());
    std::set<Hash256> present(nodes->begin(), nodes->end());
    if (present != referenced) {
      return fail("stored nodes (" + std::to_string(present.size()) +
                  ") differ from those the kept states reference (" +
                  std::to_string(referenced.size()) + ")");
    }
    return true;
  }
};

// --- The driver ---

int run_driver(const std::string& self, const std::string& dir, uint64_t seed, int kills,
               double seconds) {
  using Clock = std::chrono::steady_clock;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(std::filesystem::path(dir).parent_path(), ec);
  std::mt19937_64 rng(seed * 7919 + 1);
  Checker checker{seed, dir, {}};
  auto start = Clock::now();
  int done = 0;
  uint32_t first_best = 0;
  uint32_t last_best = 0;
  for (; done < kills; ++done) {
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (elapsed > seconds && done >= 5) break;
    int ready[2];
    if (pipe(ready) != 0) {
      std::perror("pipe");
      return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      return 1;
    }
    if (pid == 0) {
      close(ready[0]);
      std::string seed_text = std::to_string(seed);
      std::string fd_text = std::to_string(ready[1]);
      execl(self.c_str(), self.c_str(), "writer", dir.c_str(), seed_text.c_str(), fd_text.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(ready[1]);
    // Mostly while blocks are written (counted from the moment the database is open), sometimes
    // while the database is still being opened.
    const bool during_open = rng() % 5 == 0;
    int delay_ms = during_open ? static_cast<int>(rng() % 40) : 40 + static_cast<int>(rng() % 500);
    if (!during_open) {
      pollfd wait_ready{ready[0], POLLIN, 0};
      (void)poll(&wait_ready, 1, 30'000);
    }
    close(ready[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      std::fprintf(stderr, "kill %d: the writer exited early (status %d)\n", done, status);
      return 1;
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    uint32_t best = 0;
    if (!checker.check(best)) {
      std::fprintf(stderr, "kill %d after %d ms: %s\n", done, delay_ms, checker.failure.c_str());
      return 1;
    }
    if (done == 0) first_best = best;
    if (best < last_best) {
      std::fprintf(stderr, "kill %d: best went back from %u to %u\n", done, last_best, best);
      return 1;
    }
    last_best = best;
    std::printf("kill %2d after %3d ms: consistent, best block %u\n", done, delay_ms, best);
    std::fflush(stdout);
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%d kills in %.1f s, best block %u (first check: %u)\n", done, elapsed, last_best,
              first_best);
  if (last_best < 10) {
    std::fprintf(stderr, "the writer made too little progress to test anything\n");
    return 1;
  }
  std::filesystem::remove_all(dir, ec);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::strcmp(argv[1], "writer") == 0) {
    return run_writer(argv[2], std::strtoull(argv[3], nullptr, 10), std::atoi(argv[4]));
  }
  std::string dir = (std::filesystem::temp_directory_path() / "canary-crash-db").string();
  uint64_t seed = 1;
  int kills = 30;
  double seconds = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--dir") {
      dir = argv[i + 1];
    } else if (flag == "--seed") {
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--kills") {
      kills = std::atoi(argv[i + 1]);
    } else if (flag == "--seconds") {
      seconds = std::atof(argv[i + 1]);
    } else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  std::printf("storage crash test: seed %llu, up to %d kills, ~%.0f s, in %s\n",
              static_cast<unsigned long long>(seed), kills, seconds, dir.c_str());
  return run_driver("/proc/self/exe", dir, seed, kills, seconds);
}
