// Shared fixtures of the GRANDPA tests: an in-memory block tree answering ChainAccess, and the
// development ed25519 keys (//Alice, //Bob, ...) GRANDPA uses on dev chains.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "consensus/grandpa/authority_set.hpp"
#include "consensus/grandpa/chain_access.hpp"
#include "consensus/grandpa/grandpa_types.hpp"
#include "primitives/block/header.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/result.hpp"

namespace canary::consensus::grandpa::testing {

// The ed25519 pair of a secret URI, e.g. "//Alice" (a GRANDPA dev key).
inline crypto::ed25519::Keypair dev_key(std::string_view suri) {
  auto pair = keys::KeyPair::from_suri(keys::Scheme::kEd25519, suri);
  if (!pair || !pair->secret_seed()) contract_violation();
  return crypto::ed25519::keypair_from_seed(*pair->secret_seed());
}

inline std::vector<crypto::ed25519::Keypair> dev_keys(size_t count) {
  static constexpr std::string_view kNames[] = {"//Alice", "//Bob",    "//Charlie", "//Dave",
                                                "//Eve",   "//Ferdie", "//One",     "//Two",
                                                "//Three", "//Four"};
  std::vector<crypto::ed25519::Keypair> out;
  for (size_t i = 0; i < count && i < std::size(kNames); ++i) out.push_back(dev_key(kNames[i]));
  return out;
}

inline AuthorityList authorities_of(const std::vector<crypto::ed25519::Keypair>& keys,
                                    AuthorityWeight weight = 1) {
  AuthorityList out;
  for (const auto& key : keys) out.emplace_back(key.public_key, weight);
  return out;
}

// A block tree with real headers (so hashes are block hashes and justifications carry them).
class TestChain : public ChainAccess {
 public:
  TestChain() {
    block::Header genesis = block::genesis_header(Hash256{});
    genesis_ = {block::hash_of(genesis), 0};
    insert(genesis);
  }

  BlockRef genesis() const { return genesis_; }

  // A child of `parent`; `fork` makes siblings distinct.
  BlockRef add_block(const BlockRef& parent, uint32_t fork = 0, block::Digest digest = {}) {
    block::Header header;
    header.parent_hash = parent.hash;
    header.number = parent.number + 1;
    header.state_root[0] = static_cast<uint8_t>(fork);
    header.state_root[1] = static_cast<uint8_t>(fork >> 8);
    header.extrinsics_root = block::kEmptyTrieRoot;
    header.digest = std::move(digest);
    return insert(header);
  }

  // `count` blocks on top of `from`; returns the new tip.
  BlockRef extend(BlockRef from, size_t count, uint32_t fork = 0) {
    for (size_t i = 0; i < count; ++i) from = add_block(from, fork);
    return from;
  }

  std::optional<std::vector<BlockHash>> ancestry(const BlockHash& base,
                                                 const BlockHash& block) const override {
    if (base == block) return std::nullopt;
    auto base_it = headers_.find(base);
    auto it = headers_.find(block);
    if (base_it == headers_.end() || it == headers_.end()) return std::nullopt;
    std::vector<BlockHash> route;
    while (it->second.number > base_it->second.number + 1) {
      route.push_back(it->second.parent_hash);
      it = headers_.find(it->second.parent_hash);
    }
    if (it->second.number != base_it->second.number + 1 || it->second.parent_hash != base) {
      return std::nullopt;
    }
    return route;
  }

  bool is_descendant(const BlockHash& ancestor, const BlockHash& block) const {
    return ancestry(ancestor, block).has_value();
  }

  IsDescendant is_descendant_fn() const {
    return [this](const BlockHash& a, const BlockHash& b) { return is_descendant(a, b); };
  }

  // The highest block on or above `base` (earliest imported wins ties), capped by the limit.
  std::optional<BlockRef> best_chain_containing(const BlockHash& base) const override {
    auto base_it = headers_.find(base);
    if (base_it == headers_.end()) return std::nullopt;
    BlockRef best{base, base_it->second.number};
    for (const BlockHash& hash : order_) {
      const block::Header& header = headers_.at(hash);
      if (header.number > best.number && is_descendant(base, hash)) best = {hash, header.number};
    }
    if (vote_limit_) {
      if (auto limit = vote_limit_(base_it->second.number); limit && *limit < best.number) {
        while (best.number > *limit) {
          const block::Header& header = headers_.at(best.hash);
          best = {header.parent_hash, header.number - 1};
        }
      }
    }
    return best;
  }

  std::optional<block::Header> header(const BlockHash& hash) const override {
    auto it = headers_.find(hash);
    if (it == headers_.end()) return std::nullopt;
    return it->second;
  }

  // Caps votes like a node does for pending authority-set changes (given the base number).
  void set_vote_limit(std::function<std::optional<BlockNumber>(BlockNumber)> limit) {
    vote_limit_ = std::move(limit);
  }

 private:
  BlockRef insert(const block::Header& header) {
    BlockHash hash = block::hash_of(header);
    if (headers_.emplace(hash, header).second) order_.push_back(hash);
    return {hash, header.number};
  }

  BlockRef genesis_;
  std::map<BlockHash, block::Header> headers_;
  std::vector<BlockHash> order_;
  std::function<std::optional<BlockNumber>(BlockNumber)> vote_limit_;
};

}  // namespace canary::consensus::grandpa::testing
