// Inherent data (sp-inherents): what the block author hands BlockBuilder_inherent_extrinsics to
// build the inherents (timestamp, BABE slot, parachain data…), keyed by 8-byte identifiers, each
// value SCALE-encoded by its provider; and BlockBuilder_check_inherents' verdict.
#pragma once

#include <array>
#include <cstdint>
#include <map>

#include "primitives/block/header.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::runtime {

using InherentIdentifier = std::array<uint8_t, 8>;

// A BTreeMap<InherentIdentifier, Vec<u8>> on the wire.
using InherentData = std::map<InherentIdentifier, Bytes>;

inline constexpr InherentIdentifier kTimestampInherent = {'t', 'i', 'm', 's', 't', 'a', 'p', '0'};
inline constexpr InherentIdentifier kBabeSlotInherent = {'b', 'a', 'b', 'e', 's', 'l', 'o', 't'};
// The parachains inherent (polkadot-primitives' PARACHAINS_INHERENT_IDENTIFIER): the bitfields,
// backed candidates and disputes the block carries, and its parent's header.
inline constexpr InherentIdentifier kParachainsInherent = {'p', 'a', 'r', 'a', 'c', 'h', 'n', '0'};

// The `parachn0` data of a block that carries no parachain content (ParachainsInherentData's
// layout: no bitfields, no backed candidates, no dispute sets, then the parent's header). A relay
// chain runtime refuses a block without the parachains inherent, so every author gives at least
// this; a validator's provisioner gives the content.
inline Bytes parachains_inherent_without_content(const block::Header& parent) {
  Bytes out{0, 0, 0};
  const Bytes header = scale::encode(parent);
  out.insert(out.end(), header.begin(), header.end());
  return out;
}

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
