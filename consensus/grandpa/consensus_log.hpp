// What the runtime tells GRANDPA through header digests: Consensus(`FRNK`, SCALE ConsensusLog)
// (sp-consensus-grandpa lib.rs `ConsensusLog`; spec "GRANDPA Consensus Message"):
//   1 ScheduledChange {next_authorities, delay u32}: enacted once the announcing block + delay
//     is finalized;
//   2 ForcedChange(median_last_finalized u32, ScheduledChange): enacted once announcing block +
//     delay is imported on that fork (used when finality stalled);
//   3 OnDisabled(u64 authority index), 4 Pause(u32 delay), 5 Resume(u32 delay).
// The client acts on the first ScheduledChange and the first ForcedChange of a block and ignores
// the others (sc-consensus-grandpa lib.rs `find_scheduled_change`, `find_forced_change`).
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "consensus/grandpa/grandpa_types.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/scale/codec.hpp"

namespace canary::consensus::grandpa {

struct ScheduledChange {
  static constexpr uint8_t kScaleIndex = 1;
  AuthorityList next_authorities;
  BlockNumber delay = 0;

  bool operator==(const ScheduledChange&) const = default;
  CANARY_SCALE_FIELDS(next_authorities, delay)
};

struct ForcedChange {
  static constexpr uint8_t kScaleIndex = 2;
  BlockNumber median_last_finalized = 0;
  ScheduledChange change;

  bool operator==(const ForcedChange&) const = default;
  CANARY_SCALE_FIELDS(median_last_finalized, change)
};

struct OnDisabled {
  static constexpr uint8_t kScaleIndex = 3;
  uint64_t authority_index = 0;

  bool operator==(const OnDisabled&) const = default;
  CANARY_SCALE_FIELDS(authority_index)
};

struct Pause {
  static constexpr uint8_t kScaleIndex = 4;
  BlockNumber delay = 0;

  bool operator==(const Pause&) const = default;
  CANARY_SCALE_FIELDS(delay)
};

struct Resume {
  static constexpr uint8_t kScaleIndex = 5;
  BlockNumber delay = 0;

  bool operator==(const Resume&) const = default;
  CANARY_SCALE_FIELDS(delay)
};

using ConsensusLog = std::variant<ScheduledChange, ForcedChange, OnDisabled, Pause, Resume>;

// The first FRNK consensus item that decodes to a ScheduledChange / ForcedChange. Items that do
// not decode are skipped, as `DigestItem::try_to` does.
std::optional<ScheduledChange> find_scheduled_change(const block::Digest& digest);
std::optional<ForcedChange> find_forced_change(const block::Digest& digest);

}  // namespace canary::consensus::grandpa
