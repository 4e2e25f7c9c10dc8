// Shared by the warp sync tests and fuzz target (network: the proof builder over an in-memory
// chain and the verifier; node: the server over a real Chain with GrandpaService): FRNK change
// digests, justifications signed by the dev keys of a set, a WarpProofSource over maps and a
// signed chain whose GRANDPA set changes three times.
#pragma once

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "consensus/grandpa/consensus_log.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/signing.hpp"
#include "network/protocols/warp_proof_source.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/block/header.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/result.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"

namespace canary::network::testing {

namespace grandpa = consensus::grandpa;

inline grandpa::AuthorityList authorities_of(const std::vector<crypto::ed25519::Keypair>& keys) {
  grandpa::AuthorityList out;
  for (const auto& key : keys) out.emplace_back(key.public_key, 1);
  return out;
}

// A Consensus(FRNK, log) digest item.
inline block::DigestItem grandpa_log(const grandpa::ConsensusLog& log) {
  return block::DigestConsensus{block::kGrandpaEngineId, scale::encode(log)};
}

// What the runtime's Grandpa pallet deposits when a session changes the set: a change with delay
// 0, enacted by the block that announces it.
inline block::DigestItem scheduled_change(const grandpa::AuthorityList& next,
                                          block::BlockNumber delay = 0) {
  return grandpa_log(grandpa::ConsensusLog{grandpa::ScheduledChange{next, delay}});
}

inline block::DigestItem forced_change(const grandpa::AuthorityList& next,
                                       block::BlockNumber median_last_finalized) {
  return grandpa_log(grandpa::ConsensusLog{
      grandpa::ForcedChange{median_last_finalized, grandpa::ScheduledChange{next, 0}}});
}

inline grandpa::SignedPrecommit precommit(const crypto::ed25519::Keypair& key,
                                          const grandpa::BlockRef& target,
                                          grandpa::RoundNumber round, grandpa::SetId set_id) {
  const grandpa::Precommit vote{target.hash, target.number};
  const grandpa::SignedMessage signed_vote = grandpa::sign_message(key, vote, round, set_id);
  return {vote, signed_vote.signature, signed_vote.id};
}

// Every key of the set precommits `target`, except the last one, which precommits `higher` (a
// descendant) when given: the justification then carries the headers linking it down.
inline grandpa::GrandpaJustification sign_justification(
    const grandpa::BlockRef& target, const std::vector<crypto::ed25519::Keypair>& keys,
    grandpa::SetId set_id, grandpa::RoundNumber round, const grandpa::HeaderLookup& header_of,
    std::optional<grandpa::BlockRef> higher = std::nullopt) {
  grandpa::Commit commit{target.hash, target.number, {}};
  for (size_t i = 0; i < keys.size(); ++i) {
    const bool up = higher && i + 1 == keys.size();
    commit.precommits.push_back(precommit(keys[i], up ? *higher : target, round, set_id));
  }
  auto made = grandpa::make_justification(round, commit, header_of);
  if (!made) contract_violation();
  return std::move(*made);
}

// A WarpProofSource over maps, with a switch that makes every answer a storage error.
class MemoryWarpProofSource final : public WarpProofSource {
 public:
  Result<std::optional<block::BlockNumber>, WarpProofSourceError> block_number(
      const block::BlockHash& hash) const override {
    if (failing) return unexpected(WarpProofSourceError{"disk on fire"});
    auto it = headers.find(hash);
    if (it == headers.end()) return std::optional<block::BlockNumber>{};
    return std::optional<block::BlockNumber>(it->second.number);
  }
  block::BlockNumber finalized_number() const override { return finalized; }
  Result<std::optional<block::BlockHash>, WarpProofSourceError> finalized_hash(
      block::BlockNumber number) const override {
    if (failing) return unexpected(WarpProofSourceError{"disk on fire"});
    if (number > finalized || number >= canonical.size()) return std::optional<block::BlockHash>{};
    return std::optional<block::BlockHash>(canonical[number]);
  }
  Result<std::optional<block::Header>, WarpProofSourceError> header(
      const block::BlockHash& hash) const override {
    if (failing) return unexpected(WarpProofSourceError{"disk on fire"});
    auto it = headers.find(hash);
    if (it == headers.end()) return std::optional<block::Header>{};
    return std::optional<block::Header>(it->second);
  }
  Result<std::optional<Bytes>, WarpProofSourceError> grandpa_justification(
      const block::BlockHash& hash) const override {
    if (failing) return unexpected(WarpProofSourceError{"disk on fire"});
    auto it = justifications.find(hash);
    if (it == justifications.end()) return std::optional<Bytes>{};
    return std::optional<Bytes>(it->second);
  }
  Result<AuthoritySetChanges, WarpProofSourceError> authority_set_changes() const override {
    if (failing) return unexpected(WarpProofSourceError{"disk on fire"});
    return changes;
  }
  Result<std::optional<Bytes>, WarpProofSourceError> best_justification() const override {
    if (failing) return unexpected(WarpProofSourceError{"disk on fire"});
    return best;
  }

  std::optional<block::Header> lookup(const block::BlockHash& hash) const {
    auto it = headers.find(hash);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }

  std::map<block::BlockHash, block::Header> headers;
  std::vector<block::BlockHash> canonical;  // by number
  block::BlockNumber finalized = 0;
  std::map<block::BlockHash, Bytes> justifications;
  AuthoritySetChanges changes;
  std::optional<Bytes> best;
  bool failing = false;
};

// #0 ─ … ─ #5 ─ … ─ #10 ─ … ─ #15 ─ … ─ #18 (finalized) ─ #19 ─ #20
//                         └─ #12' (a fork off #11)
// Sets: 0 {Alice} until #5, 1 {Bob, Charlie, Dave} until #10, 2 {Alice, Bob, Charlie, Dave}
// until #15, then 3 {Eve, Ferdie}. #5, #10 and #15 announce the next set (delay 0) and carry the
// justification of the set they end (set 2's has a precommit on #16, so it carries #16's header);
// #3 has an ordinary justification, #18 the best one.
struct SignedWarpChain {
  SignedWarpChain() {
    const auto keys = grandpa::testing::dev_keys(6);
    sets = {{keys[0]},
            {keys[1], keys[2], keys[3]},
            {keys[0], keys[1], keys[2], keys[3]},
            {keys[4], keys[5]}};
    std::map<block::BlockNumber, block::Digest> digests;
    digests[5] = {scheduled_change(authorities_of(sets[1]))};
    digests[10] = {scheduled_change(authorities_of(sets[2]))};
    digests[15] = {scheduled_change(authorities_of(sets[3]))};
    add(block::genesis_header(block::kEmptyTrieRoot));
    for (block::BlockNumber n = 1; n <= 20; ++n) {
      add(child_of(source.canonical.back(), n, digests[n], 0));
    }
    fork = add(child_of(source.canonical[11], 12, {}, 1), /*canonical=*/false);
    source.finalized = 18;
    source.changes = {{0, 5}, {1, 10}, {2, 15}};
    justify(3, 0, 11);
    justify(5, 0, 12);
    justify(10, 1, 40);
    justify(15, 2, 7, 16);
    source.best = justify(18, 3, 2);
  }

  // The set in charge after block #n (what a client that trusts #n knows).
  grandpa::SetId set_after(block::BlockNumber n) const {
    grandpa::SetId set = 0;
    for (const auto& [id, last] : source.changes) {
      if (last <= n) set = id + 1;
    }
    return set;
  }

  grandpa::BlockRef at(block::BlockNumber n) const { return {source.canonical[n], n}; }

  std::vector<std::vector<crypto::ed25519::Keypair>> sets;
  MemoryWarpProofSource source;
  block::BlockHash fork{};

 private:
  static block::Header child_of(const block::BlockHash& parent, block::BlockNumber number,
                                block::Digest digest, uint8_t fork_tag) {
    block::Header header;
    header.parent_hash = parent;
    header.number = number;
    header.state_root[0] = fork_tag;
    header.extrinsics_root = block::kEmptyTrieRoot;
    header.digest = std::move(digest);
    return header;
  }

  block::BlockHash add(const block::Header& header, bool canonical = true) {
    const block::BlockHash hash = block::hash_of(header);
    source.headers[hash] = header;
    if (canonical) source.canonical.push_back(hash);
    return hash;
  }

  // Stores the justification of #n signed by `set` and returns its bytes.
  Bytes justify(block::BlockNumber n, grandpa::SetId set, grandpa::RoundNumber round,
                std::optional<block::BlockNumber> higher = std::nullopt) {
    std::optional<grandpa::BlockRef> up;
    if (higher) up = at(*higher);
    const Bytes bytes = scale::encode(sign_justification(
        at(n), sets[set], set, round, [this](const auto& h) { return source.lookup(h); }, up));
    source.justifications[source.canonical[n]] = bytes;
    return bytes;
  }
};

}  // namespace canary::network::testing
