// sp_session::MembershipProof: the key-ownership proof equivocation reports carry (BABE and
// GRANDPA's KeyOwnerProof on Kusama): the session, the trie nodes proving the key in the
// historical session root, and the validator count of that session.
#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/framework/described.hpp"

namespace canary::rt::pallets::session {

using SessionIndex = uint32_t;

struct MembershipProof {
  SessionIndex session = 0;
  std::vector<Bytes> trie_nodes;
  uint32_t validator_count = 0;
  bool operator==(const MembershipProof&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("session", &MembershipProof::session, "SessionIndex"),
        field("trie_nodes", &MembershipProof::trie_nodes, "Vec<Vec<u8>>"),
        field("validator_count", &MembershipProof::validator_count, "ValidatorCount")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_session", "MembershipProof"});
    add_fields(b, fields());
  }
};

}  // namespace canary::rt::pallets::session
