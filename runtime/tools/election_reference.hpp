// The native side of `canary benchmark election` (node/cli/election_benchmark.hpp): the Canary
// runtime's own election code (ElectionProviderMultiPhase's miner over the runtime's
// ElectionConfig, runtime/framework/npos's seq-Phragmén) compiled for the host, so that the
// benchmark times the miner the runtime runs in its offchain worker against the same code run
// natively. Also the input the election benchmarks share (bench/npos_bench.cpp too), the storage
// an open unsigned phase holds, and the decoding of the unsigned submission the offchain worker
// makes. This header sees primitives/ only: the node includes it (scripts/check-layers).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::rt::tools {

// Kusama's bounds: MaxElectingVoters, the candidates a snapshot holds, the validators elected.
inline constexpr size_t kKusamaVoters = 12'500;
inline constexpr size_t kKusamaNominations = 24;  // MaxNominations
inline constexpr size_t kKusamaCandidates = 2'000;
inline constexpr uint32_t kKusamaToElect = 1'000;

using AccountBytes = std::array<uint8_t, 32>;

struct ElectionVoter {
  AccountBytes who{};
  uint64_t stake = 0;
  std::vector<AccountBytes> targets;
};

struct ElectionInput {
  std::vector<AccountBytes> candidates;
  std::vector<ElectionVoter> voters;
  uint32_t to_elect = 0;
};

// A seeded random election (the same every run): accounts random, stakes log-uniform from 0.1 to
// 10,000 KSM, each voter's min(24, candidates) targets uniform and distinct.
ElectionInput random_election(size_t voters = kKusamaVoters, size_t candidates = kKusamaCandidates,
                              uint32_t to_elect = kKusamaToElect);

// ElectionScore: the triple solutions are compared by.
struct Score {
  u128 minimal_stake = 0;
  u128 sum_stake = 0;
  u128 sum_stake_squared = 0;
  bool operator==(const Score&) const = default;
};

// What a mined (or submitted) solution holds.
struct SolutionSummary {
  uint32_t voters = 0;   // voters with an assignment in the solution
  uint32_t winners = 0;  // distinct targets the solution assigns stake to
  size_t encoded_bytes = 0;
  Score score;
  uint32_t round = 0;  // a submission's round (mine() leaves 0)
  // Voters the miner dropped to fit the weight and the length limits (mine() only).
  size_t trimmed_for_weight = 0;
  size_t trimmed_for_length = 0;
};

class NativeElection {
 public:
  explicit NativeElection(const ElectionInput& input);
  ~NativeElection();
  NativeElection(const NativeElection&) = delete;
  NativeElection& operator=(const NativeElection&) = delete;

  // Sequential Phragmén alone (PerU16, no balancing: the miner's solver); returns the winners.
  Result<uint32_t, std::string> seq_phragmen() const;
  // The runtime's offchain miner as its offchain worker runs it (mine_and_check): the stored
  // snapshot decoded; seq-Phragmén, reduce, sort, trim to the weight and length limits, encode,
  // score (Miner<ElectionConfig>::mine_solution_with_snapshot); the feasibility check on the
  // snapshot decoded again; submit_unsigned's arguments encoded.
  Result<SolutionSummary, std::string> mine() const;
  // The ElectionProviderMultiPhase storage (key, value) an unsigned phase opened at block
  // `opened_at` holds for this election, as its on_initialize writes it: Snapshot,
  // SnapshotMetadata, DesiredTargets and CurrentPhase.
  std::vector<std::pair<Bytes, Bytes>> open_unsigned_phase_storage(uint32_t opened_at) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// An unsigned extrinsic calling ElectionProviderMultiPhase.submit_unsigned (pallet 37, call 0),
// as the offchain worker submits it (an opaque extrinsic: length-prefixed): its solution; an error
// for anything else.
Result<SolutionSummary, std::string> decode_unsigned_submission(ByteSpan extrinsic);

}  // namespace canary::rt::tools
