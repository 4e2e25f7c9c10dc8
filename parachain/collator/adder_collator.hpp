// The adder parachain's block production for `canary adder-collator` (polkadot-sdk's
// `test-parachains/adder/collator/src/lib.rs`): each block adds to the state of the head it builds
// on. The collator must know the state behind a head (a head commits to it by hash only): it
// starts from genesis (state 0), remembers the state of every head it produces, and learns the
// state of a head another run of it produced from that head's block, recovered from the relay
// chain's validators (cumulus' pov-recovery: `learn`).
//
// A test mode produces blocks the PVF rejects: the block claims a state that does not hash to
// the parent's post_state (the candidate is invalid; backers must not back it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "parachain/collator/adder.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::adder {

enum class CollatorMode : uint8_t { kHonest, kInvalidPov };

struct AdderBlock {
  PoV pov;
  CandidateCommitments commitments;
  Head head;
};

class BlockProducer {
 public:
  explicit BlockProducer(CollatorMode mode = CollatorMode::kHonest);

  // The next block on `parent_head` for a relay parent of `relay_parent_number`; nullopt when the
  // parent is not a head this producer knows the state of (not genesis and not one it produced).
  std::optional<AdderBlock> produce(const HeadData& parent_head, uint32_t relay_parent_number);

  // Learns the state behind `head` from the block that produced it on `parent_head` (a recovered
  // AvailableData: its PoV's block data and its validation data's parent head). The block is
  // executed as the PVF does; false, and nothing learned, unless that gives exactly `head`.
  bool learn(const HeadData& parent_head, ByteSpan block_data, const HeadData& head);

  // The state behind a head, if known.
  std::optional<uint64_t> state_of(const Head& head) const;
  size_t known_states() const { return states_.size(); }

  // The states of old heads are forgotten beyond this many (a head is rarely built on twice).
  static constexpr size_t kMaxKnownStates = 4096;

 private:
  void remember(const Head& head, uint64_t state);

  CollatorMode mode_;
  // post_state hash → state.
  std::map<Hash256, uint64_t> states_;
  std::map<uint64_t, Hash256> by_number_;  // head number → post_state, to forget the oldest
};

}  // namespace canary::parachain::adder
