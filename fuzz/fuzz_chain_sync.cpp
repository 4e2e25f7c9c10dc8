// Block sync (network/sync/chain_sync.hpp) driven by the input: peers on a few synthetic chains
// (a main chain, two forks of it, a chain with another genesis) come and go, announce blocks of
// their chain or made-up headers, and answer requests honestly (our `/sync/2` server over their
// chain), tampered with, with bytes decoded as a BlockResponse, or with errors; the node imports
// what sync hands over into a local chain that refuses orphans, sometimes reporting an invalid
// block or a failure. Checked after every action:
//  - no block is handed to import before its parent (stored, or handed over earlier), none
//    without a header matching its hash;
//  - one request in flight per peer, asking for 1..128 blocks;
//  - bounded state: peers, downloaded blocks held, blocks queued, fork targets, justification
//    requests.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "network/protocols/block_request_handler.hpp"
#include "network/sync/chain_sync.hpp"
#include "tests/unit/network/memory_block_source.hpp"

namespace {

using namespace canary;
using namespace canary::network;
using block::BlockHash;
using block::BlockNumber;
using block::Header;

[[noreturn]] void fail() {
  __builtin_trap();
}

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint32_t u16() { return byte() | (uint32_t{byte()} << 8); }
  ByteSpan take(size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    ByteSpan out(data_ + pos_, n);
    pos_ += n;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

Header make_header(const BlockHash& parent, BlockNumber number, uint8_t fork) {
  Header h;
  h.parent_hash = parent;
  h.number = number;
  h.state_root.fill(fork);
  h.state_root[0] = static_cast<uint8_t>(number);
  h.state_root[1] = static_cast<uint8_t>(number >> 8);
  h.extrinsics_root = block::kEmptyTrieRoot;
  h.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, Bytes{fork}});
  return h;
}

struct Chain {
  std::vector<Header> headers;
  std::vector<BlockHash> hashes;
  testing::MemoryBlockSource source;  // its best chain
};

Chain build_chain(const Chain* base, BlockNumber keep, BlockNumber best, uint8_t fork) {
  Chain c;
  if (base == nullptr) {
    c.headers.push_back(make_header(BlockHash{}, 0, fork));
    c.hashes.push_back(block::hash_of(c.headers.back()));
  } else {
    c.headers.assign(base->headers.begin(), base->headers.begin() + keep + 1);
    c.hashes.assign(base->hashes.begin(), base->hashes.begin() + keep + 1);
  }
  while (c.headers.size() <= best) {
    c.headers.push_back(
        make_header(c.hashes.back(), static_cast<BlockNumber>(c.headers.size()), fork));
    c.hashes.push_back(block::hash_of(c.headers.back()));
  }
  for (size_t n = 0; n < c.headers.size(); ++n) {
    std::optional<block::Justifications> j;
    if (n % 50 == 7) j = block::Justifications{{block::kGrandpaEngineId, Bytes{fork}}};
    c.source.add(c.headers[n], std::vector<Bytes>{Bytes{fork, static_cast<uint8_t>(n)}}, j, true);
  }
  return c;
}

const std::vector<Chain>& chains() {
  static const std::vector<Chain> all = [] {
    std::vector<Chain> v;
    v.reserve(4);
    v.push_back(build_chain(nullptr, 0, 300, 1));
    v.push_back(build_chain(&v[0], 120, 320, 2));  // a longer fork
    v.push_back(build_chain(&v[0], 290, 296, 3));  // a short fork near the tip
    v.push_back(build_chain(nullptr, 0, 120, 9));  // another genesis
    return v;
  }();
  return all;
}

class LocalChain final : public SyncChainView {
 public:
  LocalChain() {
    const Chain& main = chains()[0];
    store(main.headers[0], main.hashes[0]);
  }

  BlockImportOutcome import(const BlockData& block) {
    // The header matches the hash: apply() checked it when the block was handed over.
    if (!block.header) return BlockImportOutcome::kInvalid;
    if (headers_.contains(block.hash)) return BlockImportOutcome::kAlreadyKnown;
    if (!headers_.contains(block.header->parent_hash)) return BlockImportOutcome::kUnknownParent;
    store(*block.header, block.hash);
    return BlockImportOutcome::kImported;
  }
  bool has(const BlockHash& hash) const { return headers_.contains(hash); }
  void finalize(BlockNumber number) {
    if (auto it = canonical_.find(number); it != canonical_.end() && number > finalized_.first) {
      finalized_ = {number, it->second};
    }
  }

  SyncChainInfo info() const override {
    return {best_.first, best_.second, finalized_.first, finalized_.second};
  }
  Result<ChainBlockStatus, SyncChainViewError> block_status(const BlockHash& hash) const override {
    if (fail_reads) return unexpected(SyncChainViewError{"read"});
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

  bool fail_reads = false;

 private:
  void store(const Header& header, const BlockHash& hash) {
    headers_[hash] = header;
    if (headers_.size() > 1 && header.number <= best_.first) return;
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

  std::map<BlockHash, Header> headers_;
  std::map<BlockNumber, BlockHash> canonical_;
  std::pair<BlockNumber, BlockHash> best_{};
  std::pair<BlockNumber, BlockHash> finalized_{};
};

struct Pending {
  PeerId peer;
  uint64_t id = 0;
  BlockRequest request;
};

constexpr size_t kPeers = 6;

PeerId peer_id(size_t i) {
  crypto::ed25519::PublicKey key{};
  key[0] = static_cast<uint8_t>(i + 1);
  return PeerId::from_ed25519(key);
}

class Harness {
 public:
  explicit Harness(ChainSyncConfig config) : sync_(local_, config), config_(config) {
    handed_.insert(chains()[0].hashes[0]);
  }

  void run(Input& in) {
    for (size_t ops = 0; ops < 200 && !in.empty(); ++ops) step(in);
    // Let the honest part of the network settle a little.
    for (size_t i = 0; i < 32 && (!pending_.empty() || !imports_.empty()); ++i) {
      if (!pending_.empty()) answer(0, 0, in);
      if (!imports_.empty()) import(0);
    }
  }

 private:
  void step(Input& in) {
    const uint8_t op = in.byte();
    const size_t peer = in.byte() % kPeers;
    const PeerId id = peer_id(peer);
    switch (op % 12) {
      case 0: {  // a peer connects, on one of the chains, at some height
        const size_t chain = in.byte() % chains().size();
        const Chain& c = chains()[chain];
        const BlockNumber best = static_cast<BlockNumber>(in.u16() % c.headers.size());
        BlockAnnouncesHandshake hs{Roles{static_cast<uint8_t>(in.byte() % 8)}, best, c.hashes[best],
                                   chains()[0].hashes[0]};
        if (in.byte() % 16 == 0) hs.genesis_hash = c.hashes[0];
        peer_chain_[peer] = chain;
        apply(sync_.add_peer(id, hs));
        break;
      }
      case 1:
        drop_pending(id);
        apply(sync_.remove_peer(id));
        break;
      case 2: {  // announce a block of some chain
        const Chain& c = chains()[in.byte() % chains().size()];
        const size_t n = in.u16() % c.headers.size();
        apply(sync_.on_block_announce(id, c.headers[n], (in.byte() & 1) != 0));
        break;
      }
      case 3: {  // announce a made-up header
        const BlockHash& parent = chains()[0].hashes[in.u16() % chains()[0].hashes.size()];
        const BlockNumber number = in.u16();
        const Header h = make_header(parent, number, in.byte());
        apply(sync_.on_block_announce(id, h, (in.byte() & 1) != 0));
        break;
      }
      case 4:
      case 5:
      case 6: {
        const uint8_t which = in.byte();
        const uint8_t how = in.byte();
        answer(which, how, in);
        break;
      }
      case 7:
      case 8:
        import(in.byte());
        break;
      case 9: {
        now_ += std::chrono::seconds(in.byte() % 16);
        apply(sync_.tick(now_));
        if (auto wake = sync_.next_wake(); wake && *wake < now_) fail();
        break;
      }
      case 10: {
        const Chain& c = chains()[in.byte() % chains().size()];
        const BlockNumber n = static_cast<BlockNumber>(in.u16() % c.headers.size());
        switch (in.byte() % 4) {
          case 0:
            apply(sync_.request_justification(c.hashes[n], n));
            break;
          case 1:
            local_.finalize(n);
            apply(sync_.on_block_finalized(c.hashes[n], n));
            break;
          case 2:
            apply(sync_.on_justification_import(
                id, c.hashes[n], n, static_cast<JustificationImportOutcome>(in.byte() % 3)));
            break;
          default:
            apply(sync_.update_chain_info(local_.info().best_hash, local_.info().best_number));
            break;
        }
        break;
      }
      default:
        local_.fail_reads = (in.byte() % 8) == 0;
        break;
    }
    check_bounds();
  }

  void answer(uint8_t which, uint8_t how, Input& in) {
    if (pending_.empty()) return;
    const size_t index = which % pending_.size();
    const Pending request = pending_[index];
    pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(index));
    size_t peer = 0;
    while (peer + 1 < kPeers && peer_id(peer) != request.peer) ++peer;
    const Chain& chain = chains()[peer_chain_[peer]];
    Result<BlockResponse, BlockRequestError> response = BlockResponse{};
    auto honest = build_block_response(request.request, chain.source);
    if (!honest) fail();  // the in-memory source never fails
    BlockResponse r = std::move(*honest);
    switch (how % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        response = std::move(r);
        break;
      case 4:  // one block removed
        if (!r.blocks.empty()) r.blocks.erase(r.blocks.begin() + in.byte() % r.blocks.size());
        response = std::move(r);
        break;
      case 5:  // a hash or header altered
        if (!r.blocks.empty()) {
          BlockData& b = r.blocks[in.byte() % r.blocks.size()];
          if (in.byte() & 1) {
            b.hash[in.byte() % 32] ^= 1;
          } else if (b.header) {
            b.header->number += 1;
          }
        }
        response = std::move(r);
        break;
      case 6:  // blocks duplicated or from another chain appended
        if (!r.blocks.empty()) r.blocks.push_back(r.blocks[in.byte() % r.blocks.size()]);
        response = std::move(r);
        break;
      case 7: {  // the input's bytes, as the wire would carry them
        auto decoded = decode_block_response(in.take(in.byte() * 4));
        if (decoded) {
          response = std::move(*decoded);
        } else {
          response = unexpected(BlockRequestError::kDecodeFailed);
        }
        break;
      }
      case 8:
        response = unexpected(static_cast<BlockRequestError>(in.byte() % 5));
        break;
      default:  // the honest answer, through the codec
        response = decode_block_response(encode_block_response(r)).value();
        break;
    }
    apply(sync_.on_block_response(request.peer, request.id, std::move(response)));
  }

  void import(uint8_t how) {
    if (imports_.empty()) return;
    ImportBlocks batch = std::move(imports_.front());
    imports_.pop_front();
    std::vector<BlockImportResult> results;
    for (size_t i = 0; i < batch.blocks.size(); ++i) {
      BlockImportResult result;
      result.hash = batch.blocks[i].hash;
      // Now and then the node refuses a block (a bad seal, a failed execution); what follows it
      // then has an unknown parent.
      if (how % 16 == 1 && i == batch.blocks.size() / 2) {
        result.outcome = BlockImportOutcome::kInvalid;
      } else if (how % 16 == 2 && i == 0) {
        result.outcome = BlockImportOutcome::kError;
      } else {
        result.outcome = local_.import(batch.blocks[i]);
      }
      result.needs_justification = how % 16 == 3;
      results.push_back(result);
    }
    // Results may come split in two reports.
    const size_t half = (how & 0x80) ? results.size() / 2 : results.size();
    apply(sync_.on_blocks_processed({results.begin(), results.begin() + half}));
    apply(sync_.on_blocks_processed({results.begin() + half, results.end()}));
  }

  void drop_pending(const PeerId& id) {
    std::erase_if(pending_, [&](const Pending& p) { return p.peer == id; });
  }

  void apply(ChainSync::Actions actions) {
    for (SyncAction& action : actions) {
      if (auto* send = std::get_if<SendBlockRequest>(&action)) {
        for (const Pending& p : pending_) {
          if (p.peer == send->peer) fail();  // two requests in flight to one peer
        }
        const uint32_t max = send->request.max_blocks;
        if (max == 0 || max > kMaxBlocksInResponse) fail();
        pending_.push_back({send->peer, send->request_id, send->request});
      } else if (auto* cancel = std::get_if<CancelBlockRequest>(&action)) {
        std::erase_if(pending_, [&](const Pending& p) {
          return p.peer == cancel->peer && p.id == cancel->request_id;
        });
      } else if (auto* batch = std::get_if<ImportBlocks>(&action)) {
        if (batch->blocks.empty()) fail();
        for (const BlockData& b : batch->blocks) {
          if (!b.header || block::hash_of(*b.header) != b.hash) fail();
          // The invariant: never an orphan.
          if (!handed_.contains(b.header->parent_hash) && !local_.has(b.header->parent_hash)) {
            fail();
          }
          handed_.insert(b.hash);
        }
        imports_.push_back(std::move(*batch));
      } else if (auto* disconnect = std::get_if<DisconnectPeer>(&action)) {
        drop_pending(disconnect->peer);
        if (sync_.peer_info(disconnect->peer)) fail();  // forgotten at once
      }
    }
  }

  void check_bounds() const {
    if (sync_.num_peers() > config_.max_peers) fail();
    if (sync_.held_block_count() > kMaxHeldBlocks + kPeers * kMaxBlocksInResponse) fail();
    if (sync_.queued_block_count() >
        kMaxImportingBlocks + kMaxHeldBlocks + 2 * kPeers * kMaxBlocksInResponse) {
      fail();
    }
    if (sync_.fork_target_count() > kMaxForkTargets) fail();
    if (sync_.justification_request_count() > JustificationRequests::kMaxRequests) fail();
    const SyncStatus status = sync_.status();
    if (status.highest_block < status.current_block) fail();
  }

  LocalChain local_;
  ChainSync sync_;
  ChainSyncConfig config_;
  std::deque<Pending> pending_;
  std::deque<ImportBlocks> imports_;
  std::set<BlockHash> handed_;
  size_t peer_chain_[kPeers] = {};
  ChainSync::TimePoint now_{};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  Input in(bytes, size);
  ChainSyncConfig config;
  const uint8_t shape = in.byte();
  config.max_blocks_per_request = 1 + shape % 80;
  config.max_parallel_downloads = 1 + (shape >> 4) % 3;
  config.max_peers = 1 + in.byte() % kPeers;
  Harness harness(config);
  harness.run(in);
  return 0;
}
