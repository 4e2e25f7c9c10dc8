#include "runtime/tools/election_reference.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <span>
#include <tuple>

#include "primitives/block/block.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/npos/phragmen.hpp"

namespace canary::rt::tools {

namespace {

using Runtime = canary_runtime::Runtime;
using Epm = Runtime::ElectionProviderMultiPhase;
using Miner = pallets::election_provider_multi_phase::Miner<Runtime::ElectionConfig>;
using Solution = Runtime::ElectionConfig::Solution;
namespace epm = pallets::election_provider_multi_phase;

AccountBytes random_account(std::mt19937_64& rng) {
  AccountBytes a{};
  for (size_t i = 0; i < a.size(); i += 8) {
    const uint64_t word = rng();
    for (size_t j = 0; j < 8; ++j) a[i + j] = static_cast<uint8_t>(word >> (8 * j));
  }
  return a;
}

AccountId32 account(const AccountBytes& bytes) {
  AccountId32 id;
  std::copy(bytes.begin(), bytes.end(), id.bytes.begin());
  return id;
}

Score score_of(const npos::ElectionScore& s) {
  return {s.minimal_stake, s.sum_stake, s.sum_stake_squared};
}

SolutionSummary summary_of(const Solution& solution) {
  SolutionSummary out;
  out.voters = static_cast<uint32_t>(solution.voter_count());
  out.winners = static_cast<uint32_t>(solution.unique_targets().size());
  out.encoded_bytes = solution.encoded_size();
  return out;
}

template <class T>
std::pair<Bytes, Bytes> entry(const T& value, const Bytes& key) {
  return {key, scale::encode(value)};
}

}  // namespace

ElectionInput random_election(size_t voters, size_t candidates, uint32_t to_elect) {
  std::mt19937_64 rng(0x6e706f73);  // "npos"
  ElectionInput input;
  input.to_elect = to_elect;
  input.candidates.reserve(candidates);
  for (size_t i = 0; i < candidates; ++i) input.candidates.push_back(random_account(rng));
  if (candidates == 0) return input;
  std::uniform_real_distribution<double> log_stake(std::log(1e11), std::log(1e16));
  std::uniform_int_distribution<size_t> pick(0, candidates - 1);
  input.voters.reserve(voters);
  for (size_t v = 0; v < voters; ++v) {
    ElectionVoter voter{random_account(rng), static_cast<uint64_t>(std::exp(log_stake(rng))), {}};
    std::vector<size_t> chosen;
    while (chosen.size() < std::min(kKusamaNominations, candidates)) {
      const size_t c = pick(rng);
      if (std::find(chosen.begin(), chosen.end(), c) == chosen.end()) chosen.push_back(c);
    }
    for (const size_t c : chosen) voter.targets.push_back(input.candidates[c]);
    input.voters.push_back(std::move(voter));
  }
  return input;
}

struct NativeElection::State {
  Miner::Snapshot snapshot;
  std::vector<npos::VoterInput<AccountId32>> voters;  // seq_phragmen's input
  uint32_t to_elect = 0;
};

NativeElection::NativeElection(const ElectionInput& input) : state_(std::make_unique<State>()) {
  state_->to_elect = input.to_elect;
  state_->snapshot.targets.reserve(input.candidates.size());
  for (const AccountBytes& c : input.candidates) state_->snapshot.targets.push_back(account(c));
  state_->snapshot.voters.reserve(input.voters.size());
  state_->voters.reserve(input.voters.size());
  for (const ElectionVoter& v : input.voters) {
    std::vector<AccountId32> targets;
    targets.reserve(v.targets.size());
    for (const AccountBytes& t : v.targets) targets.push_back(account(t));
    state_->voters.push_back({account(v.who), v.stake, targets});
    state_->snapshot.voters.emplace_back(
        account(v.who), v.stake,
        BoundedVec<AccountId32, ConstU32<Miner::kMaxVotes>>{std::move(targets)});
  }
}

NativeElection::~NativeElection() = default;

Result<uint32_t, std::string> NativeElection::seq_phragmen() const {
  auto elected = npos::seq_phragmen<Miner::Accuracy, AccountId32>(
      state_->to_elect, state_->snapshot.targets, state_->voters, std::nullopt);
  if (!elected) return unexpected(std::string("seq-Phragmén failed"));
  return static_cast<uint32_t>(elected->winners.size());
}

Result<SolutionSummary, std::string> NativeElection::mine() const {
  auto mined = Miner::mine_solution_with_snapshot(state_->snapshot, state_->to_elect);
  if (!mined) {
    return unexpected("the miner failed: error " + std::to_string(static_cast<int>(mined.error())));
  }
  SolutionSummary out = summary_of(mined->solution);
  out.score = score_of(mined->score);
  out.trimmed_for_weight = mined->trimmed_for_weight;
  out.trimmed_for_length = mined->trimmed_for_length;
  return out;
}

std::vector<std::pair<Bytes, Bytes>> NativeElection::open_unsigned_phase_storage(
    uint32_t opened_at) const {
  const State& s = *state_;
  return {entry(s.snapshot, Epm::Snapshot::key()),
          entry(epm::SolutionOrSnapshotSize{static_cast<uint32_t>(s.snapshot.voters.size()),
                                            static_cast<uint32_t>(s.snapshot.targets.size())},
                Epm::SnapshotMetadata::key()),
          entry(s.to_elect, Epm::DesiredTargets::key()),
          entry(epm::Phase::unsigned_phase(true, opened_at), Epm::CurrentPhase::key())};
}

Result<SolutionSummary, std::string> decode_unsigned_submission(ByteSpan extrinsic) {
  const std::optional<ByteSpan> inner = block::opaque_extrinsic_bytes(extrinsic);
  if (!inner) return unexpected(std::string("not an opaque (length-prefixed) extrinsic"));
  scale::Decoder in(*inner);
  constexpr uint8_t kUnsignedV4 = 0x04;
  const uint8_t version = in.read_byte();
  const uint8_t pallet = in.read_byte();
  const uint8_t call = in.read_byte();
  if (!in.ok() || version != kUnsignedV4) return unexpected(std::string("not an unsigned v4"));
  if (pallet != Epm::kIndex || call != 0) {
    return unexpected("calls " + std::to_string(pallet) + "/" + std::to_string(call) +
                      ", not ElectionProviderMultiPhase.submit_unsigned");
  }
  const auto raw = scale::decode_next<epm::RawSolution<Solution>>(in);
  scale::decode_next<epm::SolutionOrSnapshotSize>(in);
  if (!in.ok() || in.remaining() != 0) {
    return unexpected(std::string("submit_unsigned's arguments do not decode"));
  }
  SolutionSummary out = summary_of(raw.solution);
  out.score = score_of(raw.score);
  out.round = raw.round;
  return out;
}

}  // namespace canary::rt::tools
