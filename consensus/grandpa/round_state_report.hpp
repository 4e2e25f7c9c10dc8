// The voter's rounds as the `grandpa_roundState` RPC reports them (substrate/client/rpc-api
// grandpa `ReportedRoundStates`, finality-grandpa voter/mod.rs `report::RoundState`): the best
// round and the background rounds still running, with weights and the voters not yet heard from.
// The RPC layer renders ids as SS58 and weights as numbers.
#pragma once

#include <vector>

#include "consensus/grandpa/grandpa_types.hpp"

namespace canary::consensus::grandpa {

struct RoundStateReport {
  RoundNumber round = 0;
  AuthorityWeight total_weight = 0;
  AuthorityWeight threshold_weight = 0;
  AuthorityWeight prevote_current_weight = 0;
  std::vector<AuthorityId> prevote_missing;  // sorted by id
  AuthorityWeight precommit_current_weight = 0;
  std::vector<AuthorityId> precommit_missing;  // sorted by id
};

struct VoterStateReport {
  SetId set_id = 0;
  RoundStateReport best;
  std::vector<RoundStateReport> background;  // oldest first
};

}  // namespace canary::consensus::grandpa
