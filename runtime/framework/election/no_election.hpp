// frame_election_provider_support::NoElection: an election provider that never elects. Kusama's
// ElectionProviderMultiPhase falls back to it in production: without a signed or unsigned
// solution the pallet enters its Emergency phase, which governance ends.
#pragma once

#include <string>

#include "primitives/util/result.hpp"
#include "runtime/framework/traits/election.hpp"

namespace canary::rt::election {

struct NoElectionError {
  bool operator==(const NoElectionError&) const = default;
};
inline std::string to_string(const NoElectionError&) {
  return "NoElection";
}

struct NoElection {
  using Error = NoElectionError;
  static Result<traits::election::BoundedSupports, Error> elect() {
    return unexpected(NoElectionError{});
  }
};

}  // namespace canary::rt::election
