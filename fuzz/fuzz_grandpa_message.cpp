// GRANDPA's network inputs: gossip messages (votes, commits, neighbor packets, catch-ups),
// justifications (with blocks and from sync), FRNK consensus logs, and the node's own persisted
// authority-set records. Every input gives a value or an error, never a crash; what decodes
// re-encodes to the same bytes.
#include <cstddef>
#include <cstdint>

#include "consensus/grandpa/authority_set.hpp"
#include "consensus/grandpa/consensus_log.hpp"
#include "consensus/grandpa/gossip_message.hpp"
#include "consensus/grandpa/justification.hpp"
#include "consensus/grandpa/voter_set.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary;
  namespace grandpa = consensus::grandpa;
  const ByteSpan input(bytes, size);
  const Bytes same(input.begin(), input.end());
  if (auto message = grandpa::decode_gossip_message(input)) {
    if (scale::encode(*message) != same) __builtin_trap();
  }
  if (auto log = scale::decode<grandpa::ConsensusLog>(input)) {
    if (scale::encode(*log) != same) __builtin_trap();
  }
  (void)grandpa::AuthoritySetTracker::decode(input);
  grandpa::AuthorityList authorities;
  authorities.emplace_back(grandpa::AuthorityId{}, 1);
  auto voters = grandpa::VoterSet::from_authorities(authorities);
  if (!voters) __builtin_trap();
  (void)grandpa::decode_and_verify_justification(input, grandpa::BlockRef{}, 0, *voters);
  return 0;
}
