// Block sync (network/sync/chain_sync.hpp) against polkadot-sdk's ChainSync semantics, over
// synthetic chains: a local chain behind a fake SyncChainView that imports for real (a block
// whose parent is not stored is refused), and remote peers that answer the requests with our own
// `/sync/2` server (build_block_response over a MemoryBlockSource), through the wire codec.
// Peers misbehave through a tamper hook. The harness checks on every action that a peer never has
// two requests in flight and that no block is handed to import before its parent.
#include "network/sync/chain_sync.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "network/protocols/block_request_handler.hpp"
#include "tests/unit/network/memory_block_source.hpp"

namespace canary::network {
namespace {

using block::BlockHash;
using block::BlockNumber;
using block::Header;
namespace rep = sync_reputation;

constexpr uint8_t kFullFields =
    BlockAttributes::kHeader | BlockAttributes::kBody | BlockAttributes::kJustification;

// ---- synthetic chains ----

// Distinct per (fork, number): the state root and the pre-runtime digest carry both, so two
// forks never share a block above their fork point.
Header make_header(const BlockHash& parent, BlockNumber number, uint8_t fork) {
  Header h;
  h.parent_hash = parent;
  h.number = number;
  h.state_root.fill(fork);
  for (int i = 0; i < 4; ++i) h.state_root[i] = static_cast<uint8_t>(number >> (8 * i));
  h.extrinsics_root = block::kEmptyTrieRoot;
  h.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId,
                                             Bytes{fork, static_cast<uint8_t>(number), 0x42}});
  return h;
}

struct Chain {
  std::vector<Header> headers;  // headers[n] is block #n
  std::vector<BlockHash> hashes;

  BlockNumber best() const { return static_cast<BlockNumber>(headers.size() - 1); }
  const BlockHash& best_hash() const { return hashes.back(); }
  const BlockHash& genesis() const { return hashes.front(); }
};

Chain genesis_chain() {
  Chain c;
  c.headers.push_back(make_header(BlockHash{}, 0, 0));
  c.hashes.push_back(block::hash_of(c.headers.back()));
  return c;
}

// `base` up to block #keep, then `count` blocks of fork `fork`.
Chain extend(const Chain& base, BlockNumber keep, size_t count, uint8_t fork) {
  Chain c;
  c.headers.assign(base.headers.begin(), base.headers.begin() + keep + 1);
  c.hashes.assign(base.hashes.begin(), base.hashes.begin() + keep + 1);
  for (size_t i = 0; i < count; ++i) {
    c.headers.push_back(
        make_header(c.hashes.back(), static_cast<BlockNumber>(c.headers.size()), fork));
    c.hashes.push_back(block::hash_of(c.headers.back()));
  }
  return c;
}

Bytes body_of(const Header& header) {
  return Bytes{header.state_root[0], header.state_root[1], header.state_root[31], 7};
}

PeerId peer_id(uint8_t tag) {
  crypto::ed25519::PublicKey key{};
  key[0] = tag;
  key[31] = 0x5a;
  return PeerId::from_ed25519(key);
}

// ---- the local chain ----

class LocalChain final : public SyncChainView {
 public:
  explicit LocalChain(const Chain& chain, BlockNumber up_to = 0) {
    for (BlockNumber n = 0; n <= up_to; ++n) store(chain.headers[n], chain.hashes[n]);
    finalized_ = {0, chain.genesis()};
  }

  BlockImportOutcome import(const BlockData& block) {
    if (!block.header || block::hash_of(*block.header) != block.hash) {
      return BlockImportOutcome::kInvalid;
    }
    if (invalid.contains(block.hash)) return BlockImportOutcome::kInvalid;
    if (headers_.contains(block.hash)) return BlockImportOutcome::kAlreadyKnown;
    if (!headers_.contains(block.header->parent_hash)) return BlockImportOutcome::kUnknownParent;
    store(*block.header, block.hash);
    return BlockImportOutcome::kImported;
  }

  bool has(const BlockHash& hash) const { return headers_.contains(hash); }
  size_t size() const { return headers_.size(); }
  void finalize(BlockNumber number) { finalized_ = {number, canonical_.at(number)}; }

  SyncChainInfo info() const override {
    return SyncChainInfo{best_.first, best_.second, finalized_.first, finalized_.second};
  }
  Result<ChainBlockStatus, SyncChainViewError> block_status(const BlockHash& hash) const override {
    if (fail_reads) return unexpected(SyncChainViewError{"read"});
    if (invalid.contains(hash)) return ChainBlockStatus::kKnownBad;
    return headers_.contains(hash) ? ChainBlockStatus::kInChainWithState
                                   : ChainBlockStatus::kUnknown;
  }
  Result<std::optional<BlockHash>, SyncChainViewError> hash_at(BlockNumber number) const override {
    if (fail_reads) return unexpected(SyncChainViewError{"read"});
    auto it = canonical_.find(number);
    if (it == canonical_.end()) return std::optional<BlockHash>{};
    return std::optional<BlockHash>(it->second);
  }
  Result<std::optional<BlockNumber>, SyncChainViewError> number_of(
      const BlockHash& hash) const override {
    if (fail_reads) return unexpected(SyncChainViewError{"read"});
    auto it = headers_.find(hash);
    if (it == headers_.end()) return std::optional<BlockNumber>{};
    return std::optional<BlockNumber>(it->second.number);
  }

  std::set<BlockHash> invalid;
  bool fail_reads = false;

 private:
  void store(const Header& header, const BlockHash& hash) {
    headers_[hash] = header;
    if (headers_.size() == 1 || header.number > best_.first) {
      // Longest chain: the new best, and the best chain re-pointed along its ancestry.
      best_ = {header.number, hash};
      BlockHash at = hash;
      for (BlockNumber n = header.number;; --n) {
        auto it = canonical_.find(n);
        if (it != canonical_.end() && it->second == at) break;
        canonical_[n] = at;
        if (n == 0) break;
        at = headers_.at(at).parent_hash;
      }
    }
  }

  std::map<BlockHash, Header> headers_;
  std::map<BlockNumber, BlockHash> canonical_;
  std::pair<BlockNumber, BlockHash> best_;
  std::pair<BlockNumber, BlockHash> finalized_;
};

// ---- remote peers and the network between ----

using Answer = Result<BlockResponse, BlockRequestError>;
using Tamper = std::function<Answer(const BlockRequest&, BlockResponse honest)>;

struct RemotePeer {
  Chain chain;
  testing::MemoryBlockSource source;
  Tamper tamper;        // rewrites the honest answer
  bool silent = false;  // keeps its requests unanswered
};

struct SentRequest {
  PeerId peer;
  uint64_t id = 0;
  BlockRequest request;
};

class Network {
 public:
  explicit Network(const Chain& local_chain, BlockNumber local_best = 0,
                   ChainSyncConfig config = {})
      : local(local_chain, local_best), sync(local, config) {
    for (const BlockHash& h : local_chain.hashes) {
      if (local.has(h)) handed_over_.insert(h);
    }
  }

  RemotePeer& add_remote(const PeerId& id, const Chain& chain,
                         const std::map<BlockNumber, block::Justifications>& justifications = {}) {
    RemotePeer& remote = remotes[id];
    remote.chain = chain;
    for (BlockNumber n = 0; n <= chain.best(); ++n) {
      std::optional<block::Justifications> j;
      if (auto it = justifications.find(n); it != justifications.end()) j = it->second;
      remote.source.add(chain.headers[n], std::vector<Bytes>{body_of(chain.headers[n])}, j, true);
    }
    return remote;
  }

  BlockAnnouncesHandshake handshake(const PeerId& id) const {
    const Chain& chain = remotes.at(id).chain;
    return BlockAnnouncesHandshake{Roles{Roles::kFull}, chain.best(), chain.best_hash(),
                                   chain.genesis()};
  }

  void connect(const PeerId& id) { apply(sync.add_peer(id, handshake(id))); }

  // The remote's chain grows (or re-orgs) to `chain`; it announces its new best block.
  void announce(const PeerId& id, const Chain& chain, bool is_best = true) {
    RemotePeer& remote = remotes.at(id);
    for (BlockNumber n = 0; n <= chain.best(); ++n) {
      remote.source.add(chain.headers[n], std::vector<Bytes>{body_of(chain.headers[n])}, {},
                        is_best);
    }
    if (is_best) remote.chain = chain;
    apply(sync.on_block_announce(id, chain.headers.back(), is_best));
  }

  void apply(ChainSync::Actions actions) {
    for (SyncAction& action : actions) {
      std::visit([&](auto& a) { on_action(a); }, action);
    }
  }

  // Answers the oldest request in flight (of a peer that answers).
  bool step_response() {
    for (size_t i = 0; i < pending.size(); ++i) {
      if (remotes.at(pending[i].peer).silent) continue;
      SentRequest request = pending[i];
      pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
      apply(sync.on_block_response(request.peer, request.id, answer(request)));
      return true;
    }
    return false;
  }

  Answer answer(const SentRequest& request) {
    RemotePeer& remote = remotes.at(request.peer);
    BlockResponse honest = build_block_response(request.request, remote.source).value();
    // Through the wire format, as the node would deliver it.
    honest = decode_block_response(encode_block_response(honest)).value();
    if (remote.tamper) return remote.tamper(request.request, std::move(honest));
    return honest;
  }

  // Imports the oldest batch handed over and reports the results.
  bool step_import() {
    if (imports.empty()) return false;
    ImportBlocks batch = std::move(imports.front());
    imports.pop_front();
    std::vector<BlockImportResult> results;
    for (const BlockData& block : batch.blocks) {
      BlockImportResult result;
      result.hash = block.hash;
      result.outcome = local.import(block);
      result.needs_justification = needs_justification.contains(block.hash);
      results.push_back(result);
    }
    apply(sync.on_blocks_processed(results));
    return true;
  }

  // One answer, one import, in turn.
  void run(size_t max_steps = 200000) {
    for (size_t steps = 0; steps < max_steps; ++steps) {
      const bool answered = step_response();
      const bool imported = step_import();
      if (!answered && !imported) return;
    }
    ADD_FAILURE() << "the network did not settle";
  }

  // Every request in flight answered newest first (higher ranges before lower ones), then every
  // batch imported; again until nothing moves.
  void run_reversed_batches(size_t max_rounds = 10000) {
    for (size_t round = 0; round < max_rounds; ++round) {
      bool moved = false;
      std::vector<uint64_t> ids;
      ids.reserve(pending.size());
      for (const SentRequest& r : pending) ids.push_back(r.id);
      for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
        auto it = std::find_if(pending.begin(), pending.end(),
                               [&](const SentRequest& r) { return r.id == *id; });
        if (it == pending.end() || remotes.at(it->peer).silent) continue;
        const SentRequest request = *it;
        pending.erase(it);
        apply(sync.on_block_response(request.peer, request.id, answer(request)));
        moved = true;
      }
      while (step_import()) moved = true;
      if (!moved) return;
    }
    ADD_FAILURE() << "the network did not settle";
  }

  // The number of a request's top block on the requested peer's chain.
  BlockNumber top_of(const SentRequest& r) const {
    if (const auto* n = std::get_if<BlockNumber>(&r.request.from)) return *n;
    const auto& h = std::get<BlockHash>(r.request.from);
    for (const auto& [id, remote] : remotes) {
      auto header = remote.source.header(h).value();
      if (header) return header->number;
    }
    return 0;
  }

  std::vector<SentRequest> range_requests() const {
    std::vector<SentRequest> out;
    for (const SentRequest& r : sent) {
      if (r.request.fields.bits == kFullFields) out.push_back(r);
    }
    return out;
  }
  std::vector<SentRequest> ancestry_requests(const PeerId& id) const {
    std::vector<SentRequest> out;
    for (const SentRequest& r : sent) {
      if (r.peer == id &&
          r.request.fields.bits == (BlockAttributes::kHeader | BlockAttributes::kJustification)) {
        out.push_back(r);
      }
    }
    return out;
  }
  bool reported(const PeerId& id, const ReputationChange& change) const {
    return std::any_of(reports.begin(), reports.end(),
                       [&](const ReportPeer& r) { return r.peer == id && r.change == change; });
  }
  bool disconnected(const PeerId& id) const {
    return std::find(disconnects.begin(), disconnects.end(), id) != disconnects.end();
  }

  LocalChain local;
  ChainSync sync;
  std::map<PeerId, RemotePeer> remotes;
  std::deque<SentRequest> pending;
  std::deque<ImportBlocks> imports;
  std::vector<SentRequest> sent;
  std::vector<ReportPeer> reports;
  std::vector<PeerId> disconnects;
  std::vector<CancelBlockRequest> cancels;
  std::vector<ImportJustifications> justification_imports;
  std::vector<BlockHash> handed_order;  // every block handed to import, in order
  std::set<BlockHash> needs_justification;

 private:
  void on_action(SendBlockRequest& a) {
    // One request per peer at a time.
    for (const SentRequest& p : pending) {
      EXPECT_FALSE(p.peer == a.peer) << "two requests in flight to one peer";
    }
    EXPECT_TRUE(remotes.contains(a.peer));
    sent.push_back({a.peer, a.request_id, a.request});
    pending.push_back({a.peer, a.request_id, a.request});
  }
  void on_action(CancelBlockRequest& a) {
    cancels.push_back(a);
    std::erase_if(pending,
                  [&](const SentRequest& p) { return p.peer == a.peer && p.id == a.request_id; });
  }
  void on_action(ImportBlocks& a) {
    EXPECT_FALSE(a.blocks.empty());
    for (const BlockData& b : a.blocks) {
      EXPECT_TRUE(b.header.has_value());
      if (!b.header) continue;
      // Never an orphan: the parent is stored or was handed over earlier.
      EXPECT_TRUE(handed_over_.contains(b.header->parent_hash))
          << "block #" << b.header->number << " handed over before its parent";
      EXPECT_FALSE(handed_set_.contains(b.hash)) << "block #" << b.header->number << " twice";
      handed_over_.insert(b.hash);
      handed_set_.insert(b.hash);
      handed_order.push_back(b.hash);
    }
    imports.push_back(std::move(a));
  }
  void on_action(ImportJustifications& a) { justification_imports.push_back(a); }
  void on_action(ReportPeer& a) { reports.push_back(a); }
  void on_action(DisconnectPeer& a) {
    disconnects.push_back(a.peer);
    std::erase_if(pending, [&](const SentRequest& p) { return p.peer == a.peer; });
    apply(sync.remove_peer(a.peer));  // the node closes the substream, then tells sync
  }

  std::set<BlockHash> handed_over_;  // stored locally or handed to import
  std::set<BlockHash> handed_set_;
};

// The blocks [top - max + 1, top] a range request covers.
std::pair<BlockNumber, BlockNumber> span(const Network& net, const SentRequest& r) {
  const BlockNumber top = net.top_of(r);
  return {top + 1 - r.request.max_blocks, top};
}

void expect_synced_to(const Network& net, const Chain& chain) {
  EXPECT_EQ(net.local.info().best_number, chain.best());
  EXPECT_EQ(net.local.info().best_hash, chain.best_hash());
  for (const BlockHash& h : chain.hashes) EXPECT_TRUE(net.local.has(h));
}

// ---- the block collection (blocks.rs) ----

std::vector<BlockData> block_data(const Chain& chain, BlockNumber from, BlockNumber to) {
  std::vector<BlockData> out;
  for (BlockNumber n = from; n < to; ++n)
    out.push_back(BlockData{chain.hashes[n], chain.headers[n]});
  return out;
}

TEST(BlockCollection, HandsOutRangesAndDrainsThemInOrder) {
  const Chain chain = extend(genesis_chain(), 0, 150, 1);
  const PeerId p0 = peer_id(1);
  const PeerId p1 = peer_id(2);
  const PeerId p2 = peer_id(3);
  const BlockCollection::Limits one{1, 200, 10000};
  BlockCollection bc;
  EXPECT_EQ(bc.needed_blocks(p0, 40, 150, 0, one), (BlockRange{1, 41}));
  EXPECT_EQ(bc.needed_blocks(p1, 40, 150, 0, one), (BlockRange{41, 81}));
  EXPECT_EQ(bc.needed_blocks(p2, 40, 150, 0, one), (BlockRange{81, 121}));
  bc.clear_peer_download(p1);
  bc.insert(41, block_data(chain, 41, 81), p1);
  EXPECT_TRUE(bc.ready_blocks(1).empty());  // 1..40 still missing
  EXPECT_EQ(bc.needed_blocks(p1, 40, 150, 0, one), (BlockRange{121, 151}));
  bc.clear_peer_download(p0);
  bc.insert(1, block_data(chain, 1, 11), p0);                              // a partial answer
  EXPECT_EQ(bc.needed_blocks(p0, 40, 150, 0, one), (BlockRange{11, 41}));  // the rest
  auto ready = bc.ready_blocks(1);
  ASSERT_EQ(ready.size(), 10u);
  EXPECT_EQ(ready.front().block.hash, chain.hashes[1]);
  EXPECT_EQ(ready.front().origin, p0);
  bc.clear_peer_download(p0);
  bc.insert(11, block_data(chain, 11, 41), p0);
  ready = bc.ready_blocks(11);
  ASSERT_EQ(ready.size(), 70u);  // 11..40, then p1's 41..80
  EXPECT_EQ(ready[30].block.hash, chain.hashes[41]);
  EXPECT_EQ(ready[30].origin, p1);
  EXPECT_EQ(bc.held_blocks(), 0u);
  // An answer for a range already queued is ignored.
  bc.insert(41, block_data(chain, 41, 81), p2);
  EXPECT_EQ(bc.held_blocks(), 0u);
  // Import reports of a range's first block forget it.
  const size_t ranges = bc.range_count();
  bc.clear_queued(chain.hashes[1]);
  bc.clear_queued(chain.hashes[11]);
  bc.clear_queued(chain.hashes[41]);
  EXPECT_EQ(bc.range_count(), ranges - 3);
}

TEST(BlockCollection, ParallelDownloadsAndLimits) {
  const PeerId p1 = peer_id(1);
  const PeerId p2 = peer_id(2);
  const PeerId p3 = peer_id(3);
  BlockCollection bc;
  const BlockCollection::Limits two{2, 200, 10000};
  EXPECT_EQ(bc.needed_blocks(p1, 5, 100, 10, two), (BlockRange{11, 16}));
  EXPECT_EQ(bc.needed_blocks(p2, 5, 100, 10, two), (BlockRange{11, 16}));  // same range
  EXPECT_EQ(bc.needed_blocks(p3, 5, 100, 10, two), (BlockRange{16, 21}));
  // Not from a peer whose common block is above the range's start.
  BlockCollection fork;
  EXPECT_EQ(fork.needed_blocks(p1, 5, 20, 10, two), (BlockRange{11, 16}));
  EXPECT_EQ(fork.needed_blocks(p2, 5, 20, 11, two), (BlockRange{16, 21}));
  // Nothing beyond the peer's best, nothing when the peer is not ahead.
  BlockCollection small;
  EXPECT_EQ(small.needed_blocks(p1, 64, 3, 0, two), (BlockRange{1, 4}));
  EXPECT_EQ(small.needed_blocks(p2, 64, 3, 3, two), std::nullopt);
  // Never further than max_ahead above the lowest range.
  BlockCollection ahead;
  const BlockCollection::Limits near{1, 100, 10000};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(ahead.needed_blocks(peer_id(10 + i), 50, 10000, 0, near));
  EXPECT_EQ(ahead.needed_blocks(peer_id(20), 50, 10000, 0, near), std::nullopt);  // would start 151
  // A peer claiming the highest possible best block does not overflow the range arithmetic.
  BlockCollection top;
  const BlockNumber max = std::numeric_limits<BlockNumber>::max();
  EXPECT_EQ(top.needed_blocks(p1, 64, max, max - 10, two),
            (BlockRange{max - 9, uint64_t{max} + 1}));
}

// ---- full sync ----

TEST(ChainSync, SyncsAThousandBlocksFromOnePeer) {
  const Chain chain = extend(genesis_chain(), 0, 1000, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  EXPECT_FALSE(net.sync.is_major_syncing());
  net.connect(a);
  EXPECT_TRUE(net.sync.is_major_syncing());
  EXPECT_EQ(net.sync.status().state, SyncState::kDownloading);
  EXPECT_EQ(net.sync.status().target, 1000u);
  net.run();
  expect_synced_to(net, chain);
  EXPECT_TRUE(net.reports.empty());
  EXPECT_TRUE(net.disconnects.empty());

  // 16 ranges of at most 64 blocks, requested by their top block, descending, with bodies and
  // justifications; the last one (the peer's best) by hash.
  const auto ranges = net.range_requests();
  ASSERT_EQ(ranges.size(), 16u);
  std::vector<std::pair<BlockNumber, BlockNumber>> spans;
  for (const SentRequest& r : ranges) {
    EXPECT_EQ(r.request.direction, Direction::kDescending);
    EXPECT_LE(r.request.max_blocks, kMaxBlocksToRequest);
    spans.push_back(span(net, r));
  }
  std::sort(spans.begin(), spans.end());
  BlockNumber next = 1;
  for (const auto& [lo, hi] : spans) {
    EXPECT_EQ(lo, next);
    next = hi + 1;
  }
  EXPECT_EQ(next, 1001u);
  EXPECT_EQ(std::get<BlockHash>(ranges.back().request.from), chain.best_hash());
  EXPECT_EQ(std::get<BlockNumber>(ranges.front().request.from), 64u);

  // Handed over exactly once each, in ascending order.
  ASSERT_EQ(net.handed_order.size(), 1000u);
  for (BlockNumber n = 1; n <= 1000; ++n) EXPECT_EQ(net.handed_order[n - 1], chain.hashes[n]);

  const SyncStatus status = net.sync.status();
  EXPECT_EQ(status.state, SyncState::kIdle);
  EXPECT_EQ(status.starting_block, 0u);
  EXPECT_EQ(status.current_block, 1000u);
  EXPECT_EQ(status.highest_block, 1000u);
  EXPECT_EQ(net.sync.queued_block_count(), 0u);
  EXPECT_EQ(net.sync.held_block_count(), 0u);
}

TEST(ChainSync, SyncsFromThreePeersInParallelEachRangeOnce) {
  const Chain chain = extend(genesis_chain(), 0, 1000, 1);
  Network net(chain);
  const PeerId peers[] = {peer_id(1), peer_id(2), peer_id(3)};
  for (const PeerId& p : peers) net.add_remote(p, chain);
  for (const PeerId& p : peers) net.connect(p);
  // One request per peer, three different ranges at once.
  ASSERT_EQ(net.pending.size(), 3u);
  std::set<std::pair<BlockNumber, BlockNumber>> first;
  for (const SentRequest& r : net.pending) first.insert(span(net, r));
  EXPECT_EQ(first, (std::set<std::pair<BlockNumber, BlockNumber>>{{1, 64}, {65, 128}, {129, 192}}));

  // Answers arrive newest first: higher ranges wait for the lower ones.
  net.run_reversed_batches();
  expect_synced_to(net, chain);
  EXPECT_TRUE(net.reports.empty());

  std::map<std::pair<BlockNumber, BlockNumber>, int> times;
  std::map<PeerId, int> per_peer;
  for (const SentRequest& r : net.range_requests()) {
    ++times[span(net, r)];
    ++per_peer[r.peer];
  }
  for (const auto& [range, count] : times) {
    EXPECT_EQ(count, 1) << "range " << range.first << ".." << range.second << " requested twice";
  }
  BlockNumber next = 1;
  for (const auto& [range, count] : times) {
    EXPECT_EQ(range.first, next);
    next = range.second + 1;
  }
  EXPECT_EQ(next, 1001u);
  for (const PeerId& p : peers) EXPECT_GE(per_peer[p], 4);  // the work is shared

  ASSERT_EQ(net.handed_order.size(), 1000u);
  for (BlockNumber n = 1; n <= 1000; ++n) EXPECT_EQ(net.handed_order[n - 1], chain.hashes[n]);
}

TEST(ChainSync, ImportQueueBackPressureAndInterleavedImports) {
  // Imports run only after every answer: nothing is lost while blocks wait in the queue, and
  // downloading pauses past 2048 queued blocks.
  const Chain chain = extend(genesis_chain(), 0, 2600, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.connect(a);
  while (net.step_response()) {
  }
  EXPECT_GT(net.sync.queued_block_count(), kMaxImportingBlocks);
  EXPECT_LT(net.sync.queued_block_count(), 2600u);
  EXPECT_TRUE(net.pending.empty());  // paused
  net.run();
  expect_synced_to(net, chain);
}

// ---- ancestry search ----

TEST(ChainSync, AncestrySearchFindsTheForkPointWithLogarithmicRequests) {
  const Chain ours = extend(genesis_chain(), 0, 1000, 1);
  for (BlockNumber fork_point : {0u, 1u, 2u, 500u, 700u, 998u, 999u, 1000u}) {
    SCOPED_TRACE(fork_point);
    const Chain theirs = extend(ours, fork_point, 1200 - fork_point, 2);
    Network net(ours, 1000);
    const PeerId a = peer_id(1);
    net.add_remote(a, theirs);
    net.connect(a);
    // The search runs before anything is downloaded.
    while (net.sync.peer_info(a)->state == PeerSyncState::kAncestorSearch) {
      ASSERT_TRUE(net.step_response());
    }
    const auto searches = net.ancestry_requests(a);
    for (const SentRequest& r : searches) {
      EXPECT_EQ(r.request.direction, Direction::kAscending);
      EXPECT_EQ(r.request.max_blocks, 1u);
    }
    EXPECT_LE(searches.size(), 2 * static_cast<size_t>(std::ceil(std::log2(1000))) + 2);
    EXPECT_EQ(net.sync.peer_info(a)->common_number, fork_point);
    // The first range starts right above the fork point.
    ASSERT_FALSE(net.range_requests().empty());
    EXPECT_EQ(span(net, net.range_requests().front()).first, fork_point + 1);
    net.run();
    expect_synced_to(net, theirs);
    EXPECT_TRUE(net.reports.empty());
  }
}

TEST(ChainSync, PeerOnAShorterForkIsFetchedAsAForkTarget) {
  // Its best (#90 of a fork from #60) is below ours (#100): after the search it is a fork
  // target, fetched by hash down to the finalized block (#50) in one request.
  const Chain ours = extend(genesis_chain(), 0, 100, 1);
  const Chain theirs = extend(ours, 60, 30, 2);
  Network net(ours, 100);
  net.local.finalize(50);
  const PeerId a = peer_id(1);
  net.add_remote(a, theirs);
  net.connect(a);
  while (net.sync.peer_info(a)->state == PeerSyncState::kAncestorSearch) {
    ASSERT_TRUE(net.step_response());
  }
  EXPECT_EQ(net.sync.peer_info(a)->common_number, 60u);
  EXPECT_EQ(net.sync.fork_target_count(), 1u);
  net.run();
  EXPECT_EQ(net.sync.peer_info(a)->common_number, 90u);  // its blocks are ours now
  EXPECT_EQ(net.sync.fork_target_count(), 0u);
  const auto ranges = net.range_requests();
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(std::get<BlockHash>(ranges[0].request.from), theirs.best_hash());
  EXPECT_EQ(ranges[0].request.max_blocks, 40u);
  for (BlockNumber n = 61; n <= 90; ++n) EXPECT_TRUE(net.local.has(theirs.hashes[n]));
  EXPECT_EQ(net.local.info().best_hash, ours.best_hash());  // still the longer chain
  EXPECT_EQ(net.handed_order.size(), 30u);                  // the shared blocks were skipped
  EXPECT_TRUE(net.reports.empty());
}

TEST(ChainSync, PeerWithKnownBestIsNotSearched) {
  const Chain chain = extend(genesis_chain(), 0, 100, 1);
  Network net(chain, 100);
  const PeerId a = peer_id(1);
  net.add_remote(a, extend(chain, 60, 0, 1));  // behind us, on our chain
  net.connect(a);
  EXPECT_TRUE(net.sent.empty());
  EXPECT_EQ(net.sync.peer_info(a)->common_number, 60u);
  EXPECT_EQ(net.sync.peer_info(a)->state, PeerSyncState::kAvailable);
}

TEST(ChainSync, AncestrySearchReachingADifferentGenesisDropsThePeer) {
  const Chain ours = extend(genesis_chain(), 0, 50, 1);
  Chain theirs;  // another genesis, announced with ours in the handshake
  theirs.headers.push_back(make_header(BlockHash{}, 0, 9));
  theirs.hashes.push_back(block::hash_of(theirs.headers.back()));
  theirs = extend(theirs, 0, 80, 9);
  Network net(ours, 50);
  const PeerId a = peer_id(1);
  net.add_remote(a, theirs);
  BlockAnnouncesHandshake hs = net.handshake(a);
  hs.genesis_hash = ours.genesis();
  net.apply(net.sync.add_peer(a, hs));
  net.run();
  EXPECT_TRUE(net.reported(a, rep::kGenesisMismatch));
  EXPECT_TRUE(net.disconnected(a));
  EXPECT_EQ(net.sync.num_peers(), 0u);
  EXPECT_EQ(net.local.info().best_number, 50u);
}

TEST(ChainSync, HandshakeChecks) {
  const Chain chain = extend(genesis_chain(), 0, 10, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  const PeerId light = peer_id(2);
  net.add_remote(a, chain);
  net.add_remote(light, chain);
  BlockAnnouncesHandshake other = net.handshake(a);
  other.genesis_hash[0] ^= 1;
  net.apply(net.sync.add_peer(a, other));
  EXPECT_TRUE(net.reported(a, rep::kGenesisMismatch));
  EXPECT_TRUE(net.disconnected(a));
  BlockAnnouncesHandshake light_hs = net.handshake(light);
  light_hs.roles.bits = Roles::kLight;
  net.apply(net.sync.add_peer(light, light_hs));
  EXPECT_EQ(net.sync.num_peers(), 0u);  // light peers are not synced from
  EXPECT_TRUE(net.sent.empty());
  // Unknown best at number 0: another genesis (chain_sync.rs add_peer_inner).
  BlockAnnouncesHandshake zero = net.handshake(a);
  zero.best_number = 0;
  zero.best_hash[0] ^= 1;
  net.apply(net.sync.add_peer(a, zero));
  EXPECT_EQ(std::count_if(net.reports.begin(), net.reports.end(),
                          [&](const ReportPeer& r) { return r.change == rep::kGenesisMismatch; }),
            2);
  // The peer table is bounded.
  ChainSyncConfig small;
  small.max_peers = 2;
  Network bounded(chain, 0, small);
  for (uint8_t i = 1; i <= 3; ++i) bounded.add_remote(peer_id(i), chain);
  for (uint8_t i = 1; i <= 3; ++i) bounded.connect(peer_id(i));
  EXPECT_EQ(bounded.sync.num_peers(), 2u);
  EXPECT_TRUE(bounded.disconnected(peer_id(3)));
  EXPECT_TRUE(bounded.reports.empty());
}

// ---- announcements ----

TEST(ChainSync, AnnouncementsKeepUpAtTheTip) {
  Chain chain = extend(genesis_chain(), 0, 100, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.connect(a);
  net.run();
  expect_synced_to(net, chain);
  for (int i = 0; i < 20; ++i) {
    chain = extend(chain, chain.best(), 1, 1);
    const size_t before = net.sent.size();
    net.announce(a, chain);
    // Exactly one request: the new block by hash, alone.
    ASSERT_EQ(net.sent.size(), before + 1);
    const SentRequest& r = net.sent.back();
    EXPECT_EQ(std::get<BlockHash>(r.request.from), chain.best_hash());
    EXPECT_EQ(r.request.max_blocks, 1u);
    EXPECT_EQ(r.request.direction, Direction::kDescending);
    net.run();
    expect_synced_to(net, chain);
    EXPECT_FALSE(net.sync.is_major_syncing());
  }
  EXPECT_TRUE(net.ancestry_requests(a).empty());
  EXPECT_TRUE(net.reports.empty());
  // Announced tip blocks are imported as broadcast, not initial sync.
  EXPECT_EQ(net.handed_order.size(), 120u);
}

TEST(ChainSync, SeveralPeersAnnouncingTheSameBlockImportItOnce) {
  Chain chain = extend(genesis_chain(), 0, 30, 1);
  Network net(chain);
  const PeerId peers[] = {peer_id(1), peer_id(2), peer_id(3)};
  for (const PeerId& p : peers) net.add_remote(p, chain);
  for (const PeerId& p : peers) net.connect(p);
  net.run();
  expect_synced_to(net, chain);
  chain = extend(chain, chain.best(), 1, 1);
  for (const PeerId& p : peers) net.announce(p, chain);
  net.run();
  expect_synced_to(net, chain);
  EXPECT_EQ(std::count(net.handed_order.begin(), net.handed_order.end(), chain.best_hash()), 1);
}

TEST(ChainSync, AnnouncedGapIsSyncedAsRanges) {
  Chain chain = extend(genesis_chain(), 0, 50, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.connect(a);
  net.run();
  chain = extend(chain, chain.best(), 150, 1);  // the peer jumped 150 blocks ahead
  net.announce(a, chain);
  net.run();
  expect_synced_to(net, chain);
  EXPECT_TRUE(net.reports.empty());
}

TEST(ChainSync, AnnouncedForkBlockWithKnownParentIsFetchedAlone) {
  const Chain chain = extend(genesis_chain(), 0, 40, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.connect(a);
  net.run();
  // A sibling of #35, not the peer's best.
  const Chain fork = extend(chain, 34, 1, 7);
  const size_t before = net.sent.size();
  net.announce(a, fork, /*is_best=*/false);
  ASSERT_EQ(net.sent.size(), before + 1);
  EXPECT_EQ(std::get<BlockHash>(net.sent.back().request.from), fork.best_hash());
  EXPECT_EQ(net.sent.back().request.max_blocks, 1u);
  net.run();
  EXPECT_TRUE(net.local.has(fork.best_hash()));
  EXPECT_EQ(net.local.info().best_hash, chain.best_hash());  // still our best
  EXPECT_EQ(net.sync.fork_target_count(), 0u);
}

TEST(ChainSync, PeerReorgingToALongerForkIsFollowed) {
  const Chain chain = extend(genesis_chain(), 0, 80, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.connect(a);
  net.run();
  // The peer switches to a fork from #70 that is longer than our chain.
  const Chain fork = extend(chain, 70, 30, 3);
  net.announce(a, fork);
  net.run();
  expect_synced_to(net, fork);
  EXPECT_FALSE(net.disconnected(a));
}

TEST(ChainSync, BadAnnouncementsAreReportedWithoutDisconnecting) {
  const Chain chain = extend(genesis_chain(), 0, 10, 1);
  Network net(chain, 10);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.connect(a);
  net.apply(net.sync.on_block_announce(a, chain.headers[0], true));
  Header wrong_number = make_header(chain.hashes[5], 9, 4);  // parent #5, claims #9
  net.apply(net.sync.on_block_announce(a, wrong_number, true));
  EXPECT_EQ(std::count_if(net.reports.begin(), net.reports.end(),
                          [&](const ReportPeer& r) {
                            return r.peer == a && r.change == rep::kBadBlockAnnouncement;
                          }),
            2);
  EXPECT_FALSE(net.disconnected(a));
  EXPECT_TRUE(net.sent.empty());
  EXPECT_EQ(net.sync.peer_info(a)->best_number, 10u);  // unchanged
}

TEST(ChainSync, ForkTargetsAreBounded) {
  const Chain chain = extend(genesis_chain(), 0, 10, 1);
  Network net(chain, 10);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.remotes.at(a).silent = true;  // keeps the peer busy with the first fork block
  net.connect(a);
  for (uint8_t salt = 1; salt < 100; ++salt) {
    net.apply(net.sync.on_block_announce(a, make_header(chain.hashes[5], 6, 100 + salt), false));
  }
  EXPECT_LE(net.sync.fork_target_count(), kMaxForkTargetsPerPeer);
  EXPECT_EQ(net.pending.size(), 1u);
}

// ---- bad answers ----

struct BadAnswerCase {
  const char* name;
  Tamper tamper;
  ReputationChange expected;
};

std::vector<BadAnswerCase> bad_answer_cases(const Chain& chain) {
  const Chain unrelated = extend(genesis_chain(), 0, 200, 9);
  return {
      {"wrong hash",
       [](const BlockRequest&, BlockResponse r) -> Answer {
         r.blocks[3].hash[0] ^= 1;
         return r;
       },
       rep::kBadBlock},
      {"gap",
       [](const BlockRequest&, BlockResponse r) -> Answer {
         r.blocks.erase(r.blocks.begin() + 5);
         return r;
       },
       rep::kNotRequested},
      {"unrelated blocks",
       [unrelated](const BlockRequest&, BlockResponse r) -> Answer {
         // The requested block, then blocks of another chain at the numbers below it.
         const BlockNumber top = r.blocks.front().header->number;
         for (size_t i = 1; i < r.blocks.size(); ++i) {
           const Header& h = unrelated.headers[top - i];
           r.blocks[i].header = h;
           r.blocks[i].hash = block::hash_of(h);
         }
         return r;
       },
       rep::kNotRequested},
      {"other numbers",
       [](const BlockRequest&, BlockResponse r) -> Answer {
         r.blocks.erase(r.blocks.begin());  // starts one below the requested block
         return r;
       },
       rep::kNotRequested},
      {"too many blocks",
       [chain](const BlockRequest&, BlockResponse r) -> Answer {
         // One more block than asked, the right one: only the count is wrong.
         const BlockNumber lowest = r.blocks.back().header->number;
         r.blocks.push_back(BlockData{chain.hashes[lowest - 1], chain.headers[lowest - 1]});
         return r;
       },
       rep::kNotRequested},
      {"empty", [](const BlockRequest&, BlockResponse) -> Answer { return BlockResponse{}; },
       rep::kNotRequested},
      {"missing header",
       [](const BlockRequest&, BlockResponse r) -> Answer {
         r.blocks[2].header.reset();
         return r;
       },
       rep::kBadResponse},
  };
}

TEST(ChainSync, BadAnswersAreReportedAndTheRangeAskedOfAnotherPeer) {
  const Chain chain = extend(genesis_chain(), 0, 200, 1);
  for (const BadAnswerCase& c : bad_answer_cases(chain)) {
    SCOPED_TRACE(c.name);
    Network net(chain);
    const PeerId bad = peer_id(1);
    const PeerId good = peer_id(2);
    net.add_remote(bad, chain).tamper = c.tamper;
    net.add_remote(good, chain);
    net.connect(bad);  // gets 1..64 first
    ASSERT_EQ(net.pending.size(), 1u);
    const auto bad_span = span(net, net.pending.front());
    EXPECT_EQ(bad_span, std::make_pair(BlockNumber{1}, BlockNumber{64}));
    net.connect(good);
    net.run();
    EXPECT_TRUE(net.reported(bad, c.expected));
    EXPECT_TRUE(net.disconnected(bad));
    EXPECT_FALSE(net.disconnected(good));
    EXPECT_EQ(net.reports.size(), 1u);
    // The bad peer's range was asked of the good one.
    bool re_requested = false;
    for (const SentRequest& r : net.range_requests()) {
      if (r.peer == good && span(net, r) == bad_span) re_requested = true;
    }
    EXPECT_TRUE(re_requested);
    expect_synced_to(net, chain);
    EXPECT_EQ(net.sync.num_peers(), 1u);
  }
}

TEST(ChainSync, BadAncestryAnswersDropThePeer) {
  const Chain ours = extend(genesis_chain(), 0, 100, 1);
  const Chain theirs = extend(ours, 50, 100, 2);
  const std::pair<Tamper, ReputationChange> cases[] = {
      {[](const BlockRequest&, BlockResponse) -> Answer { return BlockResponse{}; },
       rep::kUnknownAncestor},
      {[](const BlockRequest&, BlockResponse r) -> Answer {
         r.blocks.front().hash[1] ^= 1;
         return r;
       },
       rep::kBadBlock},
      {[](const BlockRequest&, BlockResponse r) -> Answer {
         r.blocks.push_back(r.blocks.front());
         return r;
       },
       rep::kNotRequested},
  };
  for (const auto& [tamper, expected] : cases) {
    Network net(ours, 100);
    const PeerId a = peer_id(1);
    net.add_remote(a, theirs).tamper = tamper;
    net.connect(a);
    net.run();
    EXPECT_TRUE(net.reported(a, expected));
    EXPECT_TRUE(net.disconnected(a));
  }
}

TEST(ChainSync, PeerDisconnectMidRequestRequeuesItsRange) {
  const Chain chain = extend(genesis_chain(), 0, 300, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  const PeerId b = peer_id(2);
  net.add_remote(a, chain).silent = true;
  net.add_remote(b, chain);
  net.connect(a);
  ASSERT_EQ(net.pending.size(), 1u);
  const SentRequest lost = net.pending.front();
  const auto lost_span = span(net, lost);
  net.connect(b);
  ASSERT_TRUE(net.step_response());  // b answers 65..128, which waits for 1..64
  EXPECT_TRUE(net.handed_order.empty());
  net.apply(net.sync.remove_peer(a));
  // a's answer, arriving after it left, is ignored.
  net.apply(net.sync.on_block_response(a, lost.id, net.answer(lost)));
  EXPECT_TRUE(net.handed_order.empty());
  std::erase_if(net.pending, [&](const SentRequest& r) { return r.peer == a; });
  net.run();
  expect_synced_to(net, chain);
  EXPECT_TRUE(net.reports.empty());
  // a's range was asked of b.
  int asked = 0;
  for (const SentRequest& r : net.range_requests()) {
    if (span(net, r) == lost_span) {
      ++asked;
      if (asked == 2) EXPECT_EQ(r.peer, b);
    }
  }
  EXPECT_EQ(asked, 2);
}

TEST(ChainSync, RequestErrorsReportTheDisconnectAndReRequest) {
  const Chain chain = extend(genesis_chain(), 0, 150, 1);
  const std::pair<BlockRequestError, std::optional<ReputationChange>> cases[] = {
      {BlockRequestError::kTimeout, rep::kTimeout},
      {BlockRequestError::kRefused, rep::kRefused},
      {BlockRequestError::kDecodeFailed, rep::kBadMessage},
      {BlockRequestError::kUnsupportedProtocol, rep::kBadProtocol},
      {BlockRequestError::kConnectionClosed, std::nullopt},
  };
  for (const auto& [error, expected] : cases) {
    SCOPED_TRACE(to_string(error));
    Network net(chain);
    const PeerId a = peer_id(1);
    const PeerId b = peer_id(2);
    const BlockRequestError e = error;
    net.add_remote(a, chain).tamper = [e](const BlockRequest&, BlockResponse) -> Answer {
      return unexpected(e);
    };
    net.add_remote(b, chain);
    net.connect(a);
    const auto lost = span(net, net.pending.front());
    net.connect(b);
    net.run();
    EXPECT_TRUE(net.disconnected(a));
    if (expected) {
      EXPECT_TRUE(net.reported(a, *expected));
    } else {
      EXPECT_TRUE(net.reports.empty());
    }
    bool re_requested = false;
    for (const SentRequest& r : net.range_requests()) {
      if (r.peer == b && span(net, r) == lost) re_requested = true;
    }
    EXPECT_TRUE(re_requested);
    expect_synced_to(net, chain);
  }
  EXPECT_EQ(rep::kBadProtocol.value, std::numeric_limits<int32_t>::min());
  EXPECT_EQ(rep::kTimeout.value, -1024);
}

TEST(ChainSync, StaleAnswersAreIgnored) {
  const Chain chain = extend(genesis_chain(), 0, 100, 1);
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain);
  net.connect(a);
  const SentRequest r = net.pending.front();
  net.apply(net.sync.on_block_response(a, r.id + 1000, net.answer(r)));
  net.apply(net.sync.on_block_response(peer_id(9), r.id, net.answer(r)));
  EXPECT_TRUE(net.handed_order.empty());
  EXPECT_TRUE(net.reports.empty());
  net.run();
  expect_synced_to(net, chain);
}

// ---- import failures ----

TEST(ChainSync, InvalidBlockDropsItsOriginAndSyncRestartsFromTheLastGoodBlock) {
  const Chain good_chain = extend(genesis_chain(), 0, 300, 1);
  const Chain bad_chain = extend(good_chain, 149, 100, 6);  // #150' onwards is refused
  Network net(good_chain);
  net.local.invalid.insert(bad_chain.hashes[150]);
  const PeerId bad = peer_id(1);
  const PeerId good = peer_id(2);
  net.add_remote(bad, bad_chain);
  net.connect(bad);
  net.run();
  EXPECT_TRUE(net.reported(bad, rep::kVerificationFail));
  EXPECT_TRUE(net.disconnected(bad));
  EXPECT_EQ(net.local.info().best_hash, good_chain.hashes[149]);
  EXPECT_EQ(net.sync.best_queued_number(), 149u);  // restarted from the chain's best
  EXPECT_EQ(net.sync.held_block_count(), 0u);
  net.add_remote(good, good_chain);
  net.connect(good);
  net.run();
  expect_synced_to(net, good_chain);
  EXPECT_FALSE(net.reported(good, rep::kVerificationFail));
}

TEST(ChainSync, RangesFromTwoForksNeverHandOverAnOrphan) {
  // Two peers whose forks split at #20, both at #25, serving alternate ranges of 4 blocks: the
  // ranges meet at a boundary that does not connect. Substrate's import would refuse the orphan
  // and restart; here it never leaves sync, which restarts the same way.
  const Chain base = extend(genesis_chain(), 0, 20, 1);
  const Chain x = extend(base, 20, 5, 1);
  const Chain y = extend(base, 20, 5, 2);
  ChainSyncConfig config;
  config.max_blocks_per_request = 4;
  Network net(base, 0, config);
  const PeerId a = peer_id(1);
  const PeerId b = peer_id(2);
  net.add_remote(a, x);
  net.add_remote(b, y);
  net.connect(a);
  net.connect(b);
  net.run();
  const bool on_x = net.local.info().best_hash == x.best_hash();
  const bool on_y = net.local.info().best_hash == y.best_hash();
  EXPECT_TRUE(on_x || on_y);
  expect_synced_to(net, on_x ? x : y);
  EXPECT_TRUE(net.reports.empty());
  EXPECT_FALSE(net.cancels.empty() && net.ancestry_requests(a).empty() &&
               net.ancestry_requests(b).empty())
      << "no restart happened: the test lost its point";
}

// ---- justifications ----

TEST(ChainSync, JustificationsAreRequestedRetriedAndHandedOver) {
  const Chain chain = extend(genesis_chain(), 0, 20, 1);
  Network net(chain, 20);
  const PeerId a = peer_id(1);
  const PeerId b = peer_id(2);
  const block::Justifications proof{{block::kGrandpaEngineId, Bytes{1, 2, 3}}};
  net.add_remote(a, chain);  // has no justification for #12
  net.add_remote(b, chain, {{12, proof}});
  net.connect(a);
  ChainSync::TimePoint now{};
  net.apply(net.sync.tick(now));
  net.apply(net.sync.request_justification(chain.hashes[12], 12));
  ASSERT_EQ(net.pending.size(), 1u);
  EXPECT_EQ(net.pending.front().peer, a);
  EXPECT_EQ(net.pending.front().request.fields.bits, BlockAttributes::kJustification);
  EXPECT_EQ(std::get<BlockHash>(net.pending.front().request.from), chain.hashes[12]);
  EXPECT_EQ(net.sync.peer_info(a)->state, PeerSyncState::kDownloadingJustification);
  ASSERT_TRUE(net.step_response());  // a answers without a justification
  EXPECT_TRUE(net.justification_imports.empty());
  EXPECT_TRUE(net.pending.empty());  // not asked of a again before 10 s
  ASSERT_TRUE(net.sync.next_wake());
  EXPECT_EQ(*net.sync.next_wake(), now + std::chrono::seconds(10));
  net.apply(net.sync.tick(now + std::chrono::seconds(10)));
  ASSERT_EQ(net.pending.size(), 1u);  // retried with a
  ASSERT_TRUE(net.step_response());
  net.connect(b);  // b has it
  ASSERT_EQ(net.pending.size(), 1u);
  EXPECT_EQ(net.pending.front().peer, b);
  ASSERT_TRUE(net.step_response());
  ASSERT_EQ(net.justification_imports.size(), 1u);
  EXPECT_EQ(net.justification_imports[0].origin, b);
  EXPECT_EQ(net.justification_imports[0].number, 12u);
  EXPECT_EQ(net.justification_imports[0].justifications, proof);
  net.apply(net.sync.on_justification_import(b, chain.hashes[12], 12,
                                             JustificationImportOutcome::kSuccess));
  EXPECT_EQ(net.sync.justification_request_count(), 0u);
  net.apply(net.sync.tick(now + std::chrono::seconds(60)));
  EXPECT_TRUE(net.pending.empty());
  EXPECT_TRUE(net.reports.empty());
}

TEST(ChainSync, ImportNeedingAJustificationRequestsIt) {
  const Chain chain = extend(genesis_chain(), 0, 30, 1);
  const block::Justifications proof{{block::kGrandpaEngineId, Bytes{9}}};
  Network net(chain);
  const PeerId a = peer_id(1);
  net.add_remote(a, chain, {{10, proof}});
  net.needs_justification.insert(chain.hashes[10]);
  net.connect(a);
  net.run();
  expect_synced_to(net, chain);
  // The block came with its justification in the range, and it was asked for again because
  // import said so; the answer is handed over.
  ASSERT_EQ(net.justification_imports.size(), 1u);
  EXPECT_EQ(net.justification_imports[0].hash, chain.hashes[10]);
  // A failed justification import costs the peer its connection.
  net.apply(net.sync.on_justification_import(a, chain.hashes[10], 10,
                                             JustificationImportOutcome::kFailure));
  EXPECT_TRUE(net.reported(a, rep::kInvalidJustification));
  EXPECT_TRUE(net.disconnected(a));
}

TEST(ChainSync, FinalityDropsJustificationRequests) {
  const Chain chain = extend(genesis_chain(), 0, 20, 1);
  Network net(chain, 20);
  net.apply(net.sync.request_justification(chain.hashes[5], 5));
  net.apply(net.sync.request_justification(chain.hashes[15], 15));
  EXPECT_EQ(net.sync.justification_request_count(), 2u);
  net.apply(net.sync.on_block_finalized(chain.hashes[10], 10));
  EXPECT_EQ(net.sync.justification_request_count(), 1u);
  net.apply(net.sync.request_justification(chain.hashes[8], 8));  // already final
  EXPECT_EQ(net.sync.justification_request_count(), 1u);
}

// ---- bounds and status ----

TEST(ChainSync, DownloadAheadIsBoundedWhileTheLowestRangeIsMissing) {
  const Chain chain = extend(genesis_chain(), 0, 2600, 1);
  Network net(chain);
  const PeerId slow = peer_id(1);
  const PeerId fast = peer_id(2);
  net.add_remote(slow, chain).silent = true;
  net.add_remote(fast, chain);
  net.connect(slow);  // holds 1..64 and never answers
  net.connect(fast);
  net.run();
  BlockNumber highest = 0;
  for (const SentRequest& r : net.range_requests()) highest = std::max(highest, net.top_of(r));
  EXPECT_LE(highest, 1 + kMaxDownloadAhead + kMaxBlocksToRequest);
  EXPECT_GE(highest, kMaxDownloadAhead);
  EXPECT_LE(net.sync.held_block_count(), kMaxDownloadAhead + kMaxBlocksToRequest);
  EXPECT_TRUE(net.handed_order.empty());
  // Once the slow peer is gone its range is fetched elsewhere and everything drains.
  std::erase_if(net.pending, [&](const SentRequest& r) { return r.peer == slow; });
  net.apply(net.sync.remove_peer(slow));
  net.run();
  expect_synced_to(net, chain);
}

TEST(ChainSync, StatusFollowsTheMedianPeer) {
  const Chain chain = extend(genesis_chain(), 0, 100, 1);
  Network net(chain, 100);
  SyncStatus s = net.sync.status();
  EXPECT_EQ(s.state, SyncState::kIdle);
  EXPECT_FALSE(s.best_seen_block);
  EXPECT_EQ(s.starting_block, 100u);
  EXPECT_EQ(s.current_block, 100u);
  EXPECT_EQ(s.highest_block, 100u);
  const Chain longer = extend(chain, 100, 10, 1);
  net.add_remote(peer_id(1), extend(longer, 103, 0, 1)).silent = true;  // 3 ahead
  net.add_remote(peer_id(2), longer).silent = true;
  net.add_remote(peer_id(3), longer).silent = true;
  net.connect(peer_id(1));
  s = net.sync.status();
  EXPECT_EQ(s.state, SyncState::kIdle);  // 3 blocks behind is not a major sync
  EXPECT_EQ(s.best_seen_block, std::optional<BlockNumber>(103));
  EXPECT_EQ(s.highest_block, 103u);
  net.connect(peer_id(2));
  net.connect(peer_id(3));
  s = net.sync.status();
  EXPECT_EQ(s.state, SyncState::kDownloading);
  EXPECT_EQ(s.target, 110u);
  EXPECT_EQ(s.highest_block, 110u);
  EXPECT_EQ(s.current_block, 100u);
  EXPECT_EQ(s.starting_block, 100u);
  EXPECT_EQ(s.num_peers, 3u);
  EXPECT_TRUE(net.sync.is_major_syncing());
}

TEST(ChainSync, ReadErrorsDropThePeerTheyConcern) {
  const Chain chain = extend(genesis_chain(), 0, 10, 1);
  Network net(chain, 10);
  const PeerId a = peer_id(1);
  net.add_remote(a, extend(chain, 10, 5, 1));
  net.local.fail_reads = true;
  net.connect(a);
  EXPECT_TRUE(net.reported(a, rep::kBlockchainReadError));
  EXPECT_TRUE(net.disconnected(a));
  EXPECT_EQ(net.sync.num_peers(), 0u);
}

}  // namespace
}  // namespace canary::network
