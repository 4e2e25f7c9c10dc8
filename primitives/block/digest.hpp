// Header digest items (sp-runtime generic/digest.rs; spec "Header Digest"). The explicit indices
// are consensus: 2, 3 and 7 were the removed ChangesTrieRoot/Signal items and stay unused.
#pragma once

#include <array>
#include <cstdint>
#include <variant>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::block {

using ConsensusEngineId = std::array<uint8_t, 4>;

inline constexpr ConsensusEngineId kBabeEngineId = {'B', 'A', 'B', 'E'};
inline constexpr ConsensusEngineId kGrandpaEngineId = {'F', 'R', 'N', 'K'};
inline constexpr ConsensusEngineId kBeefyEngineId = {'B', 'E', 'E', 'F'};

struct DigestOther {
  static constexpr uint8_t kScaleIndex = 0;
  Bytes data;
  bool operator==(const DigestOther&) const = default;
  CANARY_SCALE_FIELDS(data)
};

// A message from the runtime to a consensus engine (e.g. BABE epoch data, GRANDPA set changes).
struct DigestConsensus {
  static constexpr uint8_t kScaleIndex = 4;
  ConsensusEngineId engine{};
  Bytes data;
  bool operator==(const DigestConsensus&) const = default;
  CANARY_SCALE_FIELDS(engine, data)
};

// The block author's signature; always the last item, stripped before execution.
struct DigestSeal {
  static constexpr uint8_t kScaleIndex = 5;
  ConsensusEngineId engine{};
  Bytes data;
  bool operator==(const DigestSeal&) const = default;
  CANARY_SCALE_FIELDS(engine, data)
};

// Data from the block author to the runtime (e.g. the BABE pre-digest with slot and VRF).
struct DigestPreRuntime {
  static constexpr uint8_t kScaleIndex = 6;
  ConsensusEngineId engine{};
  Bytes data;
  bool operator==(const DigestPreRuntime&) const = default;
  CANARY_SCALE_FIELDS(engine, data)
};

// Signals that `:code` or `:heappages` changed in this block.
struct DigestRuntimeEnvironmentUpdated {
  static constexpr uint8_t kScaleIndex = 8;
  bool operator==(const DigestRuntimeEnvironmentUpdated&) const = default;
  CANARY_SCALE_FIELDS()
};

using DigestItem = std::variant<DigestOther, DigestConsensus, DigestSeal, DigestPreRuntime,
                                DigestRuntimeEnvironmentUpdated>;
using Digest = std::vector<DigestItem>;

}  // namespace canary::block
