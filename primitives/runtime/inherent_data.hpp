// Inherent data (sp-inherents): what the block author hands BlockBuilder_inherent_extrinsics to
// build the inherents (timestamp, BABE slot, parachain data…), keyed by 8-byte identifiers, each
// value SCALE-encoded by its provider; and BlockBuilder_check_inherents' verdict.
#pragma once

#include <array>
#include <cstdint>
#include <map>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::runtime {

using InherentIdentifier = std::array<uint8_t, 8>;

// A BTreeMap<InherentIdentifier, Vec<u8>> on the wire.
using InherentData = std::map<InherentIdentifier, Bytes>;

inline constexpr InherentIdentifier kTimestampInherent = {'t', 'i', 'm', 's', 't', 'a', 'p', '0'};
inline constexpr InherentIdentifier kBabeSlotInherent = {'b', 'a', 'b', 'e', 's', 'l', 'o', 't'};

struct CheckInherentsResult {
  bool okay = true;
  // An error that makes the block invalid whatever else holds.
  bool fatal_error = false;
  // The errors by inherent, each encoded by its inherent's module.
  InherentData errors;

  bool operator==(const CheckInherentsResult&) const = default;
  CANARY_SCALE_FIELDS(okay, fatal_error, errors)
};

}  // namespace canary::runtime
