// StatementFilter (polkadot-sdk `polkadot/node/network/protocol/src/lib.rs`, v3): which members
// of a backing group have issued (or, as a request mask, need not send) Seconded and Valid
// statements about a candidate. Both bit sequences must be exactly the group's size; the
// statement-distribution logic checks that (`has_len`), not the codec.
#pragma once

#include <cstddef>

#include "primitives/scale/bit_vec.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain::protocol {

struct StatementFilter {
  scale::BitVec seconded_in_group;
  scale::BitVec validated_in_group;

  bool operator==(const StatementFilter&) const = default;
  CANARY_SCALE_FIELDS(seconded_in_group, validated_in_group)

  // All bits clear / all set, for a group of `group_size` validators.
  static StatementFilter blank(size_t group_size) {
    return {scale::BitVec(group_size), scale::BitVec(group_size)};
  }
  static StatementFilter full(size_t group_size) {
    StatementFilter filter = blank(group_size);
    for (size_t i = 0; i < group_size; ++i) {
      filter.seconded_in_group.set(i, true);
      filter.validated_in_group.set(i, true);
    }
    return filter;
  }
  bool has_len(size_t group_size) const {
    return seconded_in_group.size() == group_size && validated_in_group.size() == group_size;
  }
};

}  // namespace canary::parachain::protocol
