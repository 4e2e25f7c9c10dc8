// The `:grandpa_authorities` storage value (sp-consensus-grandpa lib.rs GRANDPA_AUTHORITIES_KEY,
// `VersionedAuthorityList`): the version byte 1 then the SCALE AuthorityList. The genesis
// authority set of a chain is read from it (or from GrandpaApi_grandpa_authorities).
#pragma once

#include <cstdint>
#include <string_view>

#include "consensus/grandpa/grandpa_types.hpp"
#include "primitives/scale/codec.hpp"

namespace canary::consensus::grandpa {

inline constexpr std::string_view kGrandpaAuthoritiesKey = ":grandpa_authorities";

struct VersionedAuthorityList {
  static constexpr uint8_t kVersion = 1;  // AUTHORITIES_VERSION
  AuthorityList authorities;

  bool operator==(const VersionedAuthorityList&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(kVersion);
    scale::encode_to(out, authorities);
  }
  void scale_decode(scale::Decoder& in) {
    if (in.read_byte() != kVersion) in.fail(scale::DecodeError::kInvalidValue);
    scale::decode_from(in, authorities);
  }
};

}  // namespace canary::consensus::grandpa
