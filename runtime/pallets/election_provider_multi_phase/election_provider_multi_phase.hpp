// pallet_election_provider_multi_phase: Staking's election, computed off chain and checked on
// chain (polkadot-sdk substrate/frame/election-provider-multi-phase, lib.rs, signed.rs,
// unsigned.rs; Kusama's layout, spec 1_009_002 metadata).
//
// Each round, before the block at which Staking will ask for the next validator set
// (ElectionDataProvider::next_election_prediction):
//   Off --(SignedPhase + UnsignedPhase blocks before)--> Signed --(UnsignedPhase before)-->
//   Unsigned((true, opened)) --elect()--> Off
// The phase that opens first takes the snapshot (the data provider's voters and targets, and the
// number of seats). In the signed phase anyone may submit a solution with a deposit (`submit`);
// the best ones are kept (SignedMaxSubmissions), and when the phase ends they are checked from
// the best down: the first feasible one is queued and rewarded, the infeasible ones before it are
// slashed, the rest refunded. In the unsigned phase the validators' offchain workers mine a
// solution from the snapshot (miner.hpp) and submit it as an unsigned transaction
// (`submit_unsigned`), accepted only from the local node and only if better than the queued one;
// it is checked on the spot. elect() hands out the queued solution, else the Fallback's; if
// that fails too the pallet enters the Emergency phase, which ForceOrigin ends with
// `set_emergency_election_result` or `governance_fallback`.
//
// The runtime configuration T provides System, Pallets, kDbWeight and Currency (a
// ReservableCurrency); the election configuration C provides:
//   DataProvider                 a traits::election::ElectionDataProvider (Kusama: Staking)
//   Solution                     the compact solution (Kusama: NposCompactSolution24)
//   kMaxVotesPerVoter, kMaxWinners, kMaxBackersPerWinner      (24, 2000, 12,500)
//   static BlockNumber signed_phase(), unsigned_phase(), offchain_repeat()
//   kMinerTxPriority (u64), kBetterSignedThreshold (Perbill)
//   kSignedMaxSubmissions, kSignedMaxRefunds (u32), kSignedRewardBase, kSignedDepositByte,
//     kSignedDepositWeight (Balance)
//   static Balance signed_deposit_base(size_t queued)  (Kusama: GeometricDepositBase)
//   static Weight signed_max_weight(), miner_max_weight(); static uint32_t miner_max_length()
//   static Weight solution_weight(v, t, a, d)
//   static traits::election::ElectionBounds bounds()
//   Fallback, GovernanceFallback  `static Result<traits::election::BoundedSupports, E> elect()`
//   ForceOrigin                  an EnsureOrigin (Kusama: Root or StakingAdmin)
//   static Balance estimate_call_fee(uint32_t len, const DispatchInfo&)  (TransactionPayment)
//   optional WeightInfo
//
// Deviations: the offchain lock is a block deadline only (FRAME's StorageLock<BlockAndTime> also
// waits for a time deadline); signed and unsigned submissions register their weight as declared.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/multiply_by_rational.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/equivocation_report.hpp"
#include "runtime/framework/extrinsic/signed_extension.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/npos/types.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/submit_transaction.hpp"
#include "runtime/framework/traits/election.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/offchain.hpp"
#include "runtime/pallets/election_provider_multi_phase/miner.hpp"
#include "runtime/pallets/election_provider_multi_phase/types.hpp"
#include "runtime/pallets/election_provider_multi_phase/weights.hpp"

namespace canary::rt::pallets::election_provider_multi_phase {

enum class Error : uint8_t {
  kPreDispatchEarlySubmission = 0,
  kPreDispatchWrongWinnerCount = 1,
  kPreDispatchWeakSubmission = 2,
  kSignedQueueFull = 3,
  kSignedCannotPayDeposit = 4,
  kSignedInvalidWitness = 5,
  kSignedTooMuchWeight = 6,
  kOcwCallWrongEra = 7,
  kMissingSnapshotMetadata = 8,
  kInvalidSubmissionIndex = 9,
  kCallNotAllowed = 10,
  kFallbackFailed = 11,
  kBoundNotMet = 12,
  kTooManyWinners = 13,
  kPreDispatchDifferentRound = 14,
};

// ElectionError: why elect() failed (nothing queued and the fallback failed, …).
struct ElectionError {
  enum class Kind : uint8_t { kFeasibility, kMiner, kDataProvider, kFallback, kNothingQueued };
  Kind kind = Kind::kNothingQueued;
  std::string detail;
};
inline std::string to_string(const ElectionError& e) {
  switch (e.kind) {
    case ElectionError::Kind::kFeasibility:
      return "Feasibility(" + e.detail + ")";
    case ElectionError::Kind::kMiner:
      return "Miner(" + e.detail + ")";
    case ElectionError::Kind::kDataProvider:
      return "DataProvider(" + e.detail + ")";
    case ElectionError::Kind::kFallback:
      return "Fallback(" + e.detail + ")";
    case ElectionError::Kind::kNothingQueued:
      return "NothingQueued";
  }
  return "NothingQueued";
}

// The offchain database keys of the miner (unsigned.rs).
inline constexpr std::string_view kOffchainLastBlock = "parity/multi-phase-unsigned-election";
inline constexpr std::string_view kOffchainLock = "parity/multi-phase-unsigned-election/lock";
inline constexpr std::string_view kOffchainCachedCall = "parity/multi-phase-unsigned-election/call";

template <class T, class At, class C>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_election_provider_multi_phase";
  static constexpr const char* kDocs = "Multi phase, offchain election provider pallet.";

  using Weights = WeightInfoOf<T, C>;
  using Currency = typename T::Currency;
  using Balance = u128;
  using Solution = typename C::Solution;
  using DataProvider = typename C::DataProvider;
  using MinerT = Miner<C>;
  static constexpr uint32_t kMaxVotes = C::kMaxVotesPerVoter;
  using RoundSnapshotOf = RoundSnapshot<kMaxVotes>;
  using Raw = RawSolution<Solution>;
  using Submission = SignedSubmission<Solution>;
  using SubmissionIndex = std::tuple<ElectionScore, BlockNumber, uint32_t>;
  using SubmissionIndices = BoundedVec<SubmissionIndex, ConstU32<C::kSignedMaxSubmissions>>;

  // --- Storage.
  struct RoundDefault {
    static uint32_t value() { return 1; }
  };
  using Round = StorageValue<Pallet, "Round", uint32_t, ValueQueryWith<RoundDefault>,
                             DocLines<" Internal counter for the number of rounds.", "",
                                      " This is useful for de-duplication of transactions "
                                      "submitted to the pool, and general",
                                      " diagnostics of the pallet.", "",
                                      " This is merely incremented once per every time that an "
                                      "upstream `elect` is called.">>;
  using CurrentPhase =
      StorageValue<Pallet, "CurrentPhase", Phase, ValueQuery, DocLines<" Current phase.">>;
  using QueuedSolution =
      StorageValue<Pallet, "QueuedSolution", ReadySolution, OptionQuery,
                   DocLines<" Current best solution, signed or unsigned, queued to be returned "
                            "upon `elect`.",
                            "", " Always sorted by score.">>;
  using Snapshot = StorageValue<Pallet, "Snapshot", RoundSnapshotOf, OptionQuery,
                                DocLines<" Snapshot data of the round.", "",
                                         " This is created at the beginning of the signed phase "
                                         "and cleared upon calling `elect`.">>;
  using DesiredTargets =
      StorageValue<Pallet, "DesiredTargets", uint32_t, OptionQuery,
                   DocLines<" Desired number of targets to elect for this round.", "",
                            " Only exists when [`Snapshot`] is present.">>;
  using SnapshotMetadata =
      StorageValue<Pallet, "SnapshotMetadata", SolutionOrSnapshotSize, OptionQuery,
                   DocLines<" The metadata of the [`RoundSnapshot`]", "",
                            " Only exists when [`Snapshot`] is present.">>;
  using SignedSubmissionNextIndex =
      StorageValue<Pallet, "SignedSubmissionNextIndex", uint32_t, ValueQuery,
                   DocLines<" The next index to be assigned to an incoming signed submission.">>;
  using SignedSubmissionIndices =
      StorageValue<Pallet, "SignedSubmissionIndices", SubmissionIndices, ValueQuery,
                   DocLines<" A sorted, bounded vector of `(score, block_number, index)`, where "
                            "each `index` points to a",
                            " value in `SignedSubmissions`.">>;
  using SignedSubmissionsMap =
      StorageMap<Pallet, "SignedSubmissionsMap", Twox64Concat, uint32_t, Submission, OptionQuery,
                 DocLines<" Unchecked, signed solutions.">>;
  using MinimumUntrustedScore =
      StorageValue<Pallet, "MinimumUntrustedScore", ElectionScore, OptionQuery,
                   DocLines<" The minimum score that each 'untrusted' solution must attain in "
                            "order to be considered",
                            " feasible.">>;
  using Storage = std::tuple<Round, CurrentPhase, QueuedSolution, Snapshot, DesiredTargets,
                             SnapshotMetadata, SignedSubmissionNextIndex, SignedSubmissionIndices,
                             SignedSubmissionsMap, MinimumUntrustedScore>;

  // --- Errors.
  using Error = election_provider_multi_phase::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"PreDispatchEarlySubmission", "Submission was too early."},
      {"PreDispatchWrongWinnerCount", "Wrong number of winners presented."},
      {"PreDispatchWeakSubmission", "Submission was too weak, score-wise."},
      {"SignedQueueFull",
       "The queue was full, and the solution was not better than any of the existing ones."},
      {"SignedCannotPayDeposit", "The origin failed to pay the deposit."},
      {"SignedInvalidWitness", "Witness data to dispatchable is invalid."},
      {"SignedTooMuchWeight", "The signed submission consumes too much weight"},
      {"OcwCallWrongEra", "OCW submitted solution for wrong round"},
      {"MissingSnapshotMetadata", "Snapshot metadata should exist but didn't."},
      {"InvalidSubmissionIndex", "`Self::insert_submission` returned an invalid index."},
      {"CallNotAllowed", "The call is not allowed at this point."},
      {"FallbackFailed", "The fallback failed"},
      {"BoundNotMet", "Some bound not met"},
      {"TooManyWinners", "Submitted solution has too many winners"},
      {"PreDispatchDifferentRound", "Submission was prepared for a different round."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct SolutionStored {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "SolutionStored";
    static constexpr const char* kDocs = "A solution was stored with the given compute.";
    ElectionCompute compute = ElectionCompute::kOnChain;
    std::optional<AccountId32> origin;
    bool prev_ejected = false;
    bool operator==(const SolutionStored&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("compute", &SolutionStored::compute, "ElectionCompute"),
                        field("origin", &SolutionStored::origin, "Option<T::AccountId>"),
                        field("prev_ejected", &SolutionStored::prev_ejected, "bool")};
    }
    CANARY_DESCRIBED()
  };
  struct ElectionFinalized {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "ElectionFinalized";
    static constexpr const char* kDocs =
        "The election has been finalized, with the given computation and score.";
    ElectionCompute compute = ElectionCompute::kOnChain;
    ElectionScore score;
    bool operator==(const ElectionFinalized&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("compute", &ElectionFinalized::compute, "ElectionCompute"),
                        field("score", &ElectionFinalized::score, "ElectionScore")};
    }
    CANARY_DESCRIBED()
  };
  struct ElectionFailed {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "ElectionFailed";
    static constexpr const char* kDocs = "An election failed.";
    bool operator==(const ElectionFailed&) const = default;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct Rewarded {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "Rewarded";
    static constexpr const char* kDocs =
        "An account has been rewarded for their signed submission being finalized.";
    AccountId32 account;
    Balance value = 0;
    bool operator==(const Rewarded&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("account", &Rewarded::account, "<T as frame_system::Config>::AccountId"),
          field("value", &Rewarded::value, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct Slashed {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "Slashed";
    static constexpr const char* kDocs =
        "An account has been slashed for submitting an invalid signed submission.";
    AccountId32 account;
    Balance value = 0;
    bool operator==(const Slashed&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("account", &Slashed::account, "<T as frame_system::Config>::AccountId"),
          field("value", &Slashed::value, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct PhaseTransitioned {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "PhaseTransitioned";
    static constexpr const char* kDocs = "There was a phase transition in a given round.";
    Phase from;
    Phase to;
    uint32_t round = 0;
    bool operator==(const PhaseTransitioned&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("from", &PhaseTransitioned::from, "Phase<BlockNumberFor<T>>"),
                        field("to", &PhaseTransitioned::to, "Phase<BlockNumberFor<T>>"),
                        field("round", &PhaseTransitioned::round, "u32")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<SolutionStored, ElectionFinalized, ElectionFailed, Rewarded, Slashed,
                             PhaseTransitioned>;
  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct submit_unsigned {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "submit_unsigned";
    static constexpr const char* kDocs =
        "Submit a solution for the unsigned phase.\n\nThe dispatch origin fo this call must be "
        "__none__.\n\nThis submission is checked on the fly. Moreover, this unsigned solution is "
        "only\nvalidated when submitted to the pool from the **local** node. Effectively, this "
        "means\nthat only active validators can submit this transaction when authoring a block "
        "(similar\nto an inherent).\n\nTo prevent any incorrect solution (and thus wasted "
        "time/weight), this transaction will\npanic if the solution submitted by the validator "
        "is invalid in any way, effectively\nputting their authoring reward at risk.\n\nNo "
        "deposit or reward is associated with this submission.";
    Raw raw_solution;
    SolutionOrSnapshotSize witness;
    static constexpr auto fields() {
      return std::tuple{field("raw_solution", &submit_unsigned::raw_solution,
                              "Box<RawSolution<SolutionOf<T::MinerConfig>>>"),
                        field("witness", &submit_unsigned::witness, "SolutionOrSnapshotSize")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::submit_unsigned(
                  witness.voters, witness.targets,
                  static_cast<uint32_t>(raw_solution.solution.voter_count()),
                  static_cast<uint32_t>(raw_solution.solution.unique_targets().size())),
              DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto none = ensure_none(origin); !none) return with_post_info(none);
      constexpr std::string_view kInvalid =
          "Invalid unsigned submission must produce invalid block and deprive validator from "
          "their authoring reward.";
      // FRAME panics here: an invalid unsigned solution makes the block invalid.
      if (auto checked = unsigned_pre_dispatch_checks(raw_solution); !checked) io::panic(kInvalid);
      const std::optional<SolutionOrSnapshotSize> size = SnapshotMetadata::get();
      if (!size || size->voters != witness.voters || size->targets != witness.targets) {
        io::panic(kInvalid);
      }
      auto ready = feasibility_check(raw_solution, ElectionCompute::kUnsigned);
      if (!ready) io::panic(kInvalid);
      const bool ejected = QueuedSolution::exists();
      QueuedSolution::put(std::move(*ready));
      deposit_event(SolutionStored{ElectionCompute::kUnsigned, std::nullopt, ejected});
      return PostDispatchInfo{};
    }
  };

  struct set_minimum_untrusted_score {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "set_minimum_untrusted_score";
    static constexpr const char* kDocs =
        "Set a new value for `MinimumUntrustedScore`.\n\nDispatch origin must be aligned with "
        "`T::ForceOrigin`.\n\nThis check can be turned off by setting the value to `None`.";
    std::optional<ElectionScore> maybe_next_score;
    static constexpr auto fields() {
      return std::tuple{field("maybe_next_score", &set_minimum_untrusted_score::maybe_next_score,
                              "Option<ElectionScore>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {T::kDbWeight.writes(1)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename C::ForceOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      if (maybe_next_score) {
        MinimumUntrustedScore::put(*maybe_next_score);
      } else {
        MinimumUntrustedScore::kill();
      }
      return PostDispatchInfo{};
    }
  };

  struct set_emergency_election_result {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "set_emergency_election_result";
    static constexpr const char* kDocs =
        "Set a solution in the queue, to be handed out to the client of this pallet in the "
        "next\ncall to `ElectionProvider::elect`.\n\nThis can only be set by `T::ForceOrigin`, "
        "and only when the phase is `Emergency`.\n\nThe solution is not checked for any "
        "feasibility and is assumed to be trustworthy, as any\nfeasibility check itself can in "
        "principle cause the election process to fail (due to\nmemory/weight constrains).";
    npos::Supports<AccountId32> supports;
    static constexpr auto fields() {
      return std::tuple{
          field("supports", &set_emergency_election_result::supports, "Supports<T::AccountId>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {T::kDbWeight.reads_writes(1, 1)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename C::ForceOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      if (!CurrentPhase::get().is_emergency()) {
        return with_post_info(unexpected(error(Error::kCallNotAllowed)));
      }
      auto bounded = bound_supports(supports);
      if (!bounded) return with_post_info(unexpected(error(Error::kTooManyWinners)));
      deposit_event(
          SolutionStored{ElectionCompute::kEmergency, std::nullopt, QueuedSolution::exists()});
      QueuedSolution::put(ReadySolution{std::move(*bounded), {}, ElectionCompute::kEmergency});
      return PostDispatchInfo{};
    }
  };

  struct submit {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "submit";
    static constexpr const char* kDocs =
        "Submit a solution for the signed phase.\n\nThe dispatch origin fo this call must be "
        "__signed__.\n\nThe solution is potentially queued, based on the claimed score and "
        "processed at the end\nof the signed phase.\n\nA deposit is reserved and recorded for "
        "the solution. Based on the outcome, the solution\nmight be rewarded, slashed, or get "
        "all or a part of the deposit back.";
    Raw raw_solution;
    static constexpr auto fields() {
      return std::tuple{field("raw_solution", &submit::raw_solution,
                              "Box<RawSolution<SolutionOf<T::MinerConfig>>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::submit()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      if (!CurrentPhase::get().is_signed()) {
        return with_post_info(unexpected(error(Error::kPreDispatchEarlySubmission)));
      }
      if (raw_solution.round != Round::get()) {
        return with_post_info(unexpected(error(Error::kPreDispatchDifferentRound)));
      }
      const std::optional<SolutionOrSnapshotSize> size = SnapshotMetadata::get();
      if (!size) return with_post_info(unexpected(error(Error::kMissingSnapshotMetadata)));
      if (!solution_weight_of(raw_solution, *size).all_lt(C::signed_max_weight())) {
        return with_post_info(unexpected(error(Error::kSignedTooMuchWeight)));
      }
      const Balance deposit = deposit_for(raw_solution, *size);
      const submit call{raw_solution};
      const Balance call_fee = C::estimate_call_fee(
          static_cast<uint32_t>(scale::encode(Call{call}).size()), call.info());
      Submission submission{*who, deposit, raw_solution, call_fee};
      SignedSubmissions queue = SignedSubmissions::load();
      auto inserted = queue.insert(std::move(submission));
      if (inserted.kind == InsertKind::kNotInserted) {
        return with_post_info(unexpected(error(Error::kSignedQueueFull)));
      }
      if (auto reserved = Currency::reserve(*who, deposit); !reserved) {
        return with_post_info(unexpected(error(Error::kSignedCannotPayDeposit)));
      }
      const bool ejected = inserted.kind == InsertKind::kInsertedEjecting;
      if (ejected) Currency::unreserve(inserted.ejected->who, inserted.ejected->deposit);
      queue.store();
      deposit_event(SolutionStored{ElectionCompute::kSigned, *who, ejected});
      return PostDispatchInfo{};
    }
  };

  struct governance_fallback {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "governance_fallback";
    static constexpr const char* kDocs =
        "Trigger the governance fallback.\n\nThis can only be called when [`Phase::Emergency`] "
        "is enabled, as an alternative to\ncalling [`Call::set_emergency_election_result`].";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {T::kDbWeight.reads_writes(1, 1)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename C::ForceOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      if (!CurrentPhase::get().is_emergency()) {
        return with_post_info(unexpected(error(Error::kCallNotAllowed)));
      }
      auto supports = C::GovernanceFallback::elect();
      if (!supports) {
        io::log(io::LogLevel::kError, kLogTarget,
                "GovernanceFallback failed: " + to_string(supports.error()));
        return with_post_info(unexpected(error(Error::kFallbackFailed)));
      }
      auto bounded = bound_supports(*supports);
      if (!bounded) return with_post_info(unexpected(error(Error::kBoundNotMet)));
      deposit_event(
          SolutionStored{ElectionCompute::kFallback, std::nullopt, QueuedSolution::exists()});
      QueuedSolution::put(ReadySolution{std::move(*bounded), {}, ElectionCompute::kFallback});
      return PostDispatchInfo{};
    }
  };

  using Call = std::variant<submit_unsigned, set_minimum_untrusted_score,
                            set_emergency_election_result, submit, governance_fallback>;

  static constexpr std::string_view kLogTarget = "runtime::election-provider";

  // --- Hooks.
  static Weight on_initialize(BlockNumber now) {
    const BlockNumber next_election = std::max(DataProvider::next_election_prediction(now), now);
    const BlockNumber unsigned_deadline = C::unsigned_phase();
    const BlockNumber signed_deadline = C::signed_phase() + unsigned_deadline;
    const BlockNumber remaining = next_election - now;
    const Phase phase = CurrentPhase::get();
    if (phase.is_off() && remaining <= signed_deadline && remaining > unsigned_deadline) {
      if (auto created = create_snapshot(); !created) {
        io::log(io::LogLevel::kWarn, kLogTarget,
                "failed to open signed phase due to " + to_string(created.error()));
        return Weights::on_initialize_nothing();
      }
      phase_transition(Phase::signed_phase());
      return Weights::on_initialize_open_signed();
    }
    if ((phase.is_signed() || phase.is_off()) && remaining <= unsigned_deadline && remaining > 0) {
      if (phase.is_signed()) {
        finalize_signed_phase();
      } else if (auto created = create_snapshot(); !created) {
        io::log(io::LogLevel::kWarn, kLogTarget,
                "failed to open unsigned phase due to " + to_string(created.error()));
        return Weights::on_initialize_nothing();
      }
      phase_transition(Phase::unsigned_phase(true, now));
      return Weights::on_initialize_open_unsigned();
    }
    return Weights::on_initialize_nothing();
  }

  // The miner, in the validators' offchain workers: when the unsigned phase opens, mine, cache and
  // submit; later in the phase (every OffchainRepeat blocks), resubmit the cached solution if it
  // still holds, else mine again.
  static void offchain_worker(BlockNumber now) {
    const Phase phase = CurrentPhase::get();
    if (!phase.is_unsigned_open()) return;
    if (!try_lock(now)) {
      io::log(io::LogLevel::kDebug, kLogTarget, "offchain worker lock not released");
      return;
    }
    Result<void, MinerError> outcome;
    if (auto repeat = ensure_offchain_repeat_frequency(now); !repeat) {
      outcome = unexpected(repeat.error());
    } else if (phase.unsigned_opened == now) {
      clear_offchain(kOffchainCachedCall);
      outcome = mine_check_save_submit();
    } else if (phase.unsigned_opened < now) {
      outcome = restore_or_compute_then_maybe_submit();
    }
    clear_offchain(kOffchainLock);
    if (!outcome) {
      io::log(io::LogLevel::kDebug, kLogTarget,
              "offchain worker: " + std::string(to_string(outcome.error())));
    }
  }

  // --- ValidateUnsigned: only the local node's own solution, while it improves the queued one.
  static Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate_unsigned(
      runtime::TransactionSource source, const Call& call) {
    const auto* solution = std::get_if<submit_unsigned>(&call);
    if (solution == nullptr || !is_local_report_source(source)) {
      return unexpected(rt::invalid(runtime::InvalidTransaction::Kind::kCall));
    }
    if (auto checked = unsigned_pre_dispatch_checks(solution->raw_solution); !checked) {
      io::log(io::LogLevel::kDebug, kLogTarget, "unsigned transaction validation failed");
      return unexpected(dispatch_error_to_invalid(checked.error()));
    }
    runtime::ValidTransaction valid = equivocation_report_validity(
        "OffchainElection", solution->raw_solution.round, uint64_t{C::unsigned_phase()});
    const ElectionScore& score = solution->raw_solution.score;
    const uint64_t minimal_stake =
        score.minimal_stake > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(score.minimal_stake);
    valid.priority = C::kMinerTxPriority > UINT64_MAX - minimal_stake
                         ? UINT64_MAX
                         : C::kMinerTxPriority + minimal_stake;
    return valid;
  }
  static Result<void, runtime::TransactionValidityError> pre_dispatch_unsigned(const Call& call) {
    const auto* solution = std::get_if<submit_unsigned>(&call);
    if (solution == nullptr) {
      return unexpected(rt::invalid(runtime::InvalidTransaction::Kind::kCall));
    }
    if (auto checked = unsigned_pre_dispatch_checks(solution->raw_solution); !checked) {
      return unexpected(dispatch_error_to_invalid(checked.error()));
    }
    return {};
  }

  // --- ElectionProvider (traits::election).
  static bool ongoing() { return !CurrentPhase::get().is_off(); }

  static Result<traits::election::BoundedSupports, ElectionError> elect() {
    auto elected = do_elect();
    if (!elected) {
      io::log(io::LogLevel::kError, kLogTarget,
              "Entering emergency mode: " + to_string(elected.error()));
      phase_transition(Phase::emergency());
      return unexpected(elected.error());
    }
    uint32_t active_voters = 0;
    for (const auto& [winner, support] : *elected) {
      active_voters += static_cast<uint32_t>(support.voters.size());
    }
    register_weight(Weights::elect_queued(active_voters, static_cast<uint32_t>(elected->size())));
    rotate_round();
    return elected;
  }

  // The pallet as traits::election::ElectionProvider (its `Error` is the pallet's error enum,
  // so the trait's view is a nested type): what Staking's configuration names.
  struct AsElectionProvider {
    using DataProvider = typename C::DataProvider;
    using Error = ElectionError;
    static Result<traits::election::BoundedSupports, Error> elect() { return Pallet::elect(); }
    static bool ongoing() { return Pallet::ongoing(); }
  };

  // --- The pallet's functions.

  // unsigned_pre_dispatch_checks: the unsigned phase is open, the round is current, the winner
  // count is the desired one, and the score beats the queued solution's.
  static DispatchResult unsigned_pre_dispatch_checks(const Raw& raw) {
    if (!CurrentPhase::get().is_unsigned_open()) {
      return unexpected(error(Error::kPreDispatchEarlySubmission));
    }
    if (Round::get() != raw.round) return unexpected(error(Error::kOcwCallWrongEra));
    if (DesiredTargets::get().value_or(0) != raw.solution.unique_targets().size()) {
      return unexpected(error(Error::kPreDispatchWrongWinnerCount));
    }
    if (auto queued = QueuedSolution::get(); queued && !(raw.score > queued->score)) {
      return unexpected(error(Error::kPreDispatchWeakSubmission));
    }
    return {};
  }

  static Result<ReadySolution, FeasibilityError> feasibility_check(const Raw& raw,
                                                                   ElectionCompute compute) {
    const std::optional<uint32_t> desired = DesiredTargets::get();
    if (!desired) return unexpected(FeasibilityError::kSnapshotUnavailable);
    const std::optional<RoundSnapshotOf> snapshot = Snapshot::get();
    if (!snapshot) return unexpected(FeasibilityError::kSnapshotUnavailable);
    return MinerT::feasibility_check(raw, compute, *desired, *snapshot, Round::get(),
                                     MinimumUntrustedScore::get());
  }

  // create_snapshot: the data provider's targets and voters within C::bounds(), and the seats
  // (capped to the targets), stored with their size; the work is registered as block weight.
  static Result<void, ElectionError> create_snapshot() {
    const traits::election::ElectionBounds bounds = C::bounds();
    auto targets = DataProvider::electable_targets(bounds.targets);
    if (!targets) return data_provider_error(targets.error());
    if (bounds.targets.count_exhausted(static_cast<uint32_t>(targets->size())) ||
        bounds.targets.size_exhausted(static_cast<uint32_t>(scale::encode(*targets).size()))) {
      return data_provider_error("Ensure targets bounds: bounds exceeded.");
    }
    auto voters = DataProvider::electing_voters(bounds.voters);
    if (!voters) return data_provider_error(voters.error());
    auto desired = DataProvider::desired_targets();
    if (!desired) return data_provider_error(desired.error());
    if (*desired > C::kMaxWinners) {
      return data_provider_error("desired_targets must not be greater than MaxWinners.");
    }
    uint32_t desired_targets = *desired;
    if (desired_targets > targets->size()) {
      io::log(io::LogLevel::kWarn, kLogTarget,
              "desired_targets: " + std::to_string(desired_targets) + " > targets.len(): " +
                  std::to_string(targets->size()) + ", capping desired_targets");
      desired_targets = static_cast<uint32_t>(targets->size());
    }
    RoundSnapshotOf snapshot;
    snapshot.targets = std::move(*targets);
    snapshot.voters.reserve(voters->size());
    for (traits::election::Voter& v : *voters) {
      auto votes = BoundedVec<AccountId32, ConstU32<kMaxVotes>>::try_from(std::move(v.targets));
      if (!votes) return data_provider_error("a voter has more votes than MaxVotesPerVoter");
      snapshot.voters.emplace_back(v.who, v.weight, std::move(*votes));
    }
    const SolutionOrSnapshotSize size{static_cast<uint32_t>(snapshot.voters.size()),
                                      static_cast<uint32_t>(snapshot.targets.size())};
    io::log(io::LogLevel::kInfo, kLogTarget,
            "creating a snapshot with " + std::to_string(size.voters) + " voters and " +
                std::to_string(size.targets) + " targets");
    SnapshotMetadata::put(size);
    DesiredTargets::put(desired_targets);
    Snapshot::put(std::move(snapshot));
    register_weight(Weights::create_snapshot_internal(size.voters, size.targets));
    return {};
  }

  static void phase_transition(Phase to) {
    io::log(io::LogLevel::kInfo, kLogTarget,
            "Starting phase " + phase_name(to) + ", round " + std::to_string(Round::get()) + ".");
    deposit_event(PhaseTransitioned{CurrentPhase::get(), to, Round::get()});
    CurrentPhase::put(to);
  }

  // The miner's configuration limits as chain constants.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "BetterSignedThreshold", C::kBetterSignedThreshold, {}));
    c.push_back(constant(r, "OffchainRepeat", BlockNumber{C::offchain_repeat()},
                         {" The repeat threshold of the offchain worker."}));
    c.push_back(constant(r, "MinerTxPriority", uint64_t{C::kMinerTxPriority},
                         {" The priority of the unsigned transaction submitted in the "
                          "unsigned-phase"}));
    c.push_back(constant(r, "SignedMaxSubmissions", uint32_t{C::kSignedMaxSubmissions},
                         {" Maximum number of signed submissions that can be queued."}));
    c.push_back(constant(r, "SignedMaxWeight", C::signed_max_weight(),
                         {" Maximum weight of a signed solution."}));
    c.push_back(constant(r, "SignedMaxRefunds", uint32_t{C::kSignedMaxRefunds},
                         {" The maximum amount of unchecked solutions to refund the call fee "
                          "for."}));
    c.push_back(constant(r, "SignedRewardBase", Balance{C::kSignedRewardBase},
                         {" Base reward for a signed solution"}));
    c.push_back(constant(r, "SignedDepositByte", Balance{C::kSignedDepositByte},
                         {" Per-byte deposit for a signed solution."}));
    c.push_back(constant(r, "SignedDepositWeight", Balance{C::kSignedDepositWeight},
                         {" Per-weight deposit for a signed solution."}));
    c.push_back(constant(r, "MaxWinners", uint32_t{C::kMaxWinners},
                         {" Maximum number of winners that an election supports."}));
    c.push_back(constant(r, "MaxBackersPerWinner", uint32_t{C::kMaxBackersPerWinner},
                         {" Maximum number of voters that can support a winner in an election "
                          "solution."}));
    c.push_back(constant(r, "MinerMaxLength", uint32_t{C::miner_max_length()}, {}));
    c.push_back(constant(r, "MinerMaxWeight", C::miner_max_weight(), {}));
    c.push_back(constant(r, "MinerMaxVotesPerVoter", uint32_t{kMaxVotes}, {}));
    c.push_back(constant(r, "MinerMaxWinners", uint32_t{C::kMaxWinners}, {}));
  }

  // --- Signed submissions: SignedSubmissionIndices (sorted, worst first), the map and the next
  // index, edited in memory and stored at once (signed.rs SignedSubmissions).
  enum class InsertKind : uint8_t { kNotInserted, kInserted, kInsertedEjecting };
  struct InsertOutcome {
    InsertKind kind = InsertKind::kNotInserted;
    std::optional<Submission> ejected;
  };
  class SignedSubmissions {
   public:
    static SignedSubmissions load() {
      SignedSubmissions s;
      s.indices_ = SignedSubmissionIndices::get().items;
      s.next_index_ = SignedSubmissionNextIndex::get();
      return s;
    }
    size_t size() const { return indices_.size(); }

    InsertOutcome insert(Submission submission) {
      const BlockNumber block = T::System::block_number();
      const ElectionScore score = submission.raw_solution.score;
      InsertOutcome outcome{InsertKind::kInserted, std::nullopt};
      if (indices_.size() >= C::kSignedMaxSubmissions) {
        if (indices_.empty() || !score.strict_threshold_better(std::get<0>(indices_.front()),
                                                               C::kBetterSignedThreshold)) {
          return {};
        }
        const uint32_t removed = std::get<2>(indices_.front());
        indices_.erase(indices_.begin());
        outcome = {InsertKind::kInsertedEjecting, take(removed)};
      }
      indices_.emplace_back(score, block, next_index_);
      // By score, worst first; equal scores: the later block first (it loses).
      std::sort(indices_.begin(), indices_.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
        if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);
        return std::get<2>(a) < std::get<2>(b);  // Rust's stable sort: the earlier first
      });
      inserted_.emplace_back(next_index_, std::move(submission));
      ++next_index_;
      return outcome;
    }

    // The best submission, removed (pop_last).
    std::optional<Submission> pop_best() {
      if (indices_.empty()) return std::nullopt;
      const uint32_t index = std::get<2>(indices_.back());
      indices_.pop_back();
      return take(index);
    }

    void store() {
      SignedSubmissionIndices::put(SubmissionIndices{indices_});
      SignedSubmissionNextIndex::put(next_index_);
      for (const uint32_t index : removed_) SignedSubmissionsMap::remove(index);
      for (auto& [index, submission] : inserted_) {
        SignedSubmissionsMap::insert(index, std::move(submission));
      }
      removed_.clear();
      inserted_.clear();
    }

    // Everything left, in submission order; the queue is emptied in storage
    // (drain_submitted_order).
    std::vector<Submission> drain() {
      std::vector<std::pair<uint32_t, Submission>> left;
      for (const auto& index : indices_) {
        if (auto s = take(std::get<2>(index))) left.emplace_back(std::get<2>(index), std::move(*s));
      }
      for (const uint32_t index : removed_) SignedSubmissionsMap::remove(index);
      removed_.clear();
      indices_.clear();
      SignedSubmissionIndices::kill();
      SignedSubmissionNextIndex::kill();
      std::sort(left.begin(), left.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      std::vector<Submission> out;
      out.reserve(left.size());
      for (auto& [index, s] : left) out.push_back(std::move(s));
      return out;
    }

   private:
    std::optional<Submission> take(uint32_t index) {
      for (auto it = inserted_.begin(); it != inserted_.end(); ++it) {
        if (it->first == index) {
          Submission s = std::move(it->second);
          inserted_.erase(it);
          return s;
        }
      }
      removed_.push_back(index);
      return SignedSubmissionsMap::get(index);
    }

    std::vector<SubmissionIndex> indices_;
    uint32_t next_index_ = 0;
    std::vector<std::pair<uint32_t, Submission>> inserted_;
    std::vector<uint32_t> removed_;
  };

  // finalize_signed_phase: the best feasible submission queued and rewarded (reward base and its
  // call fee), the infeasible better ones slashed, the rest refunded (their deposits, and the call
  // fees of the first SignedMaxRefunds); whether a solution was found.
  static bool finalize_signed_phase() {
    SignedSubmissions queue = SignedSubmissions::load();
    Weight weight = T::kDbWeight.reads(1);
    const SolutionOrSnapshotSize size = SnapshotMetadata::get().value_or(SolutionOrSnapshotSize{});
    bool found = false;
    while (auto best = queue.pop_best()) {
      const uint32_t desired = DesiredTargets::get().value_or(0);
      weight = weight.saturating_add(Weights::feasibility_check(
          size.voters, size.targets,
          static_cast<uint32_t>(best->raw_solution.solution.voter_count()), desired));
      auto ready = feasibility_check(best->raw_solution, ElectionCompute::kSigned);
      if (ready) {
        QueuedSolution::put(std::move(*ready));
        deposit_event(Rewarded{best->who, C::kSignedRewardBase});
        Currency::unreserve(best->who, best->deposit);
        Currency::deposit_creating(
            best->who, arithmetic::saturating_add(C::kSignedRewardBase, best->call_fee));
        weight = weight.saturating_add(Weights::finalize_signed_phase_accept_solution());
        found = true;
        break;
      }
      io::log(io::LogLevel::kWarn, kLogTarget,
              "finalized_signed: invalid signed submission found, slashing.");
      deposit_event(Slashed{best->who, best->deposit});
      const Balance slashed = Currency::slash_reserved(best->who, best->deposit);
      Currency::burn_issuance(slashed);
      weight = weight.saturating_add(Weights::finalize_signed_phase_reject_solution());
    }
    uint32_t refunds = 0;
    for (const Submission& s : queue.drain()) {
      if (refunds < C::kSignedMaxRefunds) {
        Currency::deposit_creating(s.who, s.call_fee);
        ++refunds;
      }
      Currency::unreserve(s.who, s.deposit);
      weight = weight.saturating_add(T::kDbWeight.reads_writes(1, 2));
    }
    register_weight(weight);
    return found;
  }

  static Weight solution_weight_of(const Raw& raw, SolutionOrSnapshotSize size) {
    return C::solution_weight(size.voters, size.targets,
                              static_cast<uint32_t>(raw.solution.voter_count()),
                              static_cast<uint32_t>(raw.solution.unique_targets().size()));
  }

  // deposit_for: the base for the queue's length, plus the bytes and the checking weight.
  static Balance deposit_for(const Raw& raw, SolutionOrSnapshotSize size) {
    const Balance length = scale::encode(raw).size();
    const Balance by_length = arithmetic::saturating_mul(C::kSignedDepositByte, length);
    const Balance by_weight = arithmetic::saturating_mul(
        C::kSignedDepositWeight, Balance{solution_weight_of(raw, size).ref_time});
    return arithmetic::saturating_add(
        arithmetic::saturating_add(C::signed_deposit_base(SignedSubmissions::load().size()),
                                   by_length),
        by_weight);
  }

  // The miner on this node's snapshot: mined and checked as the chain will check it.
  // The snapshot is dropped before the checks read it again, as the SDK's mine_solution does:
  // two copies of a Kusama-size snapshot would not fit the offchain worker's heap with the rest.
  static Result<std::pair<Raw, SolutionOrSnapshotSize>, MinerError> mine_and_check() {
    auto mined = []() -> Result<typename MinerT::Mined, MinerError> {
      const std::optional<RoundSnapshotOf> snapshot = Snapshot::get();
      const std::optional<uint32_t> desired = DesiredTargets::get();
      if (!snapshot || !desired) return unexpected(MinerError::kSnapshotUnavailable);
      return MinerT::mine_solution_with_snapshot(*snapshot, *desired);
    }();
    if (!mined) return unexpected(mined.error());
    Raw raw{std::move(mined->solution), mined->score, Round::get()};
    CANARY_TRY(basic_checks(raw));
    return std::pair{std::move(raw), mined->size};
  }

 private:
  static Result<void, ElectionError> data_provider_error(std::string_view message) {
    return unexpected(ElectionError{ElectionError::Kind::kDataProvider, std::string(message)});
  }

  // The score's minimal stake, sum and sum of squares, in planck (u128 has no std::to_string).
  static std::string score_text(const ElectionScore& score) {
    const auto decimal = [](u128 v) {
      std::string digits;
      do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
      } while (v != 0);
      return digits;
    };
    return "{" + decimal(score.minimal_stake) + ", " + decimal(score.sum_stake) + ", " +
           decimal(score.sum_stake_squared) + "}";
  }

  static std::string phase_name(const Phase& p) {
    switch (p.kind) {
      case Phase::Kind::kOff:
        return "Off";
      case Phase::Kind::kSigned:
        return "Signed";
      case Phase::Kind::kUnsigned:
        return std::string("Unsigned((") + (p.unsigned_enabled ? "true" : "false") + ", " +
               std::to_string(p.unsigned_opened) + "))";
      case Phase::Kind::kEmergency:
        return "Emergency";
    }
    return "Off";
  }

  static void register_weight(Weight weight) {
    T::System::register_extra_weight_unchecked(weight, DispatchClass::kMandatory);
  }

  // dispatch_error_to_invalid: the pallet error's index as a custom invalidity.
  static runtime::TransactionValidityError dispatch_error_to_invalid(const DispatchError& e) {
    const uint8_t code = e.kind == DispatchError::Kind::kModule ? e.module.error[0] : 0;
    return rt::invalid(runtime::InvalidTransaction::Kind::kCustom, code);
  }

  // The solutions' supports, bounded (MaxWinners winners of MaxBackersPerWinner backers).
  template <class Supports>
  static std::optional<BoundedSupports> bound_supports(const Supports& supports) {
    if (supports.size() > C::kMaxWinners) return std::nullopt;
    BoundedSupports out;
    out.items.reserve(supports.size());
    for (const auto& [winner, support] : supports) {
      if (support.voters.size() > C::kMaxBackersPerWinner) return std::nullopt;
      out.items.emplace_back(winner, BoundedSupport{support.total, support.voters});
    }
    return out;
  }

  static Result<traits::election::BoundedSupports, ElectionError> do_elect() {
    // Idempotent when the signed phase is over; essential when elect() comes early.
    finalize_signed_phase();
    ReadySolution ready;
    if (auto queued = QueuedSolution::take()) {
      ready = std::move(*queued);
    } else {
      auto fallback = C::Fallback::elect();
      if (!fallback) {
        deposit_event(ElectionFailed{});
        return unexpected(
            ElectionError{ElectionError::Kind::kFallback, to_string(fallback.error())});
      }
      auto bounded = bound_supports(*fallback);
      if (!bounded) {
        deposit_event(ElectionFailed{});
        return unexpected(ElectionError{ElectionError::Kind::kFallback, "bounds"});
      }
      ready = ReadySolution{std::move(*bounded), {}, ElectionCompute::kFallback};
    }
    deposit_event(ElectionFinalized{ready.compute, ready.score});
    if (Round::get() != 1) {
      io::log(
          io::LogLevel::kInfo, kLogTarget,
          "Finalized election round with compute " + std::string(to_string(ready.compute)) + ".");
    }
    traits::election::BoundedSupports out;
    out.reserve(ready.supports.items.size());
    for (auto& [winner, support] : ready.supports.items) {
      out.emplace_back(winner, traits::election::Support{support.total, std::move(support.voters)});
    }
    return out;
  }

  static void rotate_round() {
    Round::put(Round::get() + 1);
    phase_transition(Phase::off());
    Snapshot::kill();
    SnapshotMetadata::kill();
    DesiredTargets::kill();
  }

  // --- The offchain worker's helpers (the offchain database, kPersistent).
  static ByteSpan key_of(std::string_view key) {
    return {reinterpret_cast<const uint8_t*>(key.data()), key.size()};
  }
  static void clear_offchain(std::string_view key) {
    io::offchain::local_storage_clear(io::offchain::StorageKind::kPersistent, key_of(key));
  }

  // StorageLock with a block deadline: held until the work ends or UnsignedPhase blocks pass.
  static bool try_lock(BlockNumber now) {
    const auto kind = io::offchain::StorageKind::kPersistent;
    const std::optional<Bytes> current =
        io::offchain::local_storage_get(kind, key_of(kOffchainLock));
    if (current) {
      auto deadline = scale::decode<BlockNumber>(*current);
      if (deadline && now <= *deadline) return false;
    }
    const Bytes next = scale::encode(BlockNumber{now + C::unsigned_phase()});
    return io::offchain::local_storage_compare_and_set(kind, key_of(kOffchainLock), current, next);
  }

  // ensure_offchain_repeat_frequency: not on an older block (a fork), and not twice within
  // OffchainRepeat blocks; records `now` when it may run.
  static Result<void, MinerError> ensure_offchain_repeat_frequency(BlockNumber now) {
    const auto kind = io::offchain::StorageKind::kPersistent;
    const std::optional<Bytes> current =
        io::offchain::local_storage_get(kind, key_of(kOffchainLastBlock));
    if (current) {
      if (auto head = scale::decode<BlockNumber>(*current)) {
        if (now < *head) return unexpected(MinerError::kLock);  // "fork."
        if (now <= *head + C::offchain_repeat()) {
          return unexpected(MinerError::kLock);  // "recently executed."
        }
      }
    }
    if (!io::offchain::local_storage_compare_and_set(kind, key_of(kOffchainLastBlock), current,
                                                     scale::encode(now))) {
      return unexpected(MinerError::kLock);
    }
    return {};
  }

  static Result<void, MinerError> basic_checks(const Raw& raw) {
    if (auto checked = unsigned_pre_dispatch_checks(raw); !checked) {
      return unexpected(MinerError::kPreDispatchChecksFailed);
    }
    if (auto ready = feasibility_check(raw, ElectionCompute::kUnsigned); !ready) {
      io::log(io::LogLevel::kDebug, kLogTarget,
              "feasibility check failed: " + std::string(to_string(ready.error())));
      return unexpected(MinerError::kFeasibility);
    }
    return {};
  }

  static Result<submit_unsigned, MinerError> mine_checked_call() {
    auto mined = mine_and_check();
    if (!mined) return unexpected(mined.error());
    io::log(io::LogLevel::kInfo, kLogTarget,
            "mined a solution of " + std::to_string(mined->first.solution.voter_count()) +
                " voters, score " + score_text(mined->first.score));
    return submit_unsigned{std::move(mined->first), mined->second};
  }

  static Result<void, MinerError> submit_call(submit_unsigned call) {
    if (!submit_unsigned_transaction<T, Pallet>(Call{std::move(call)})) {
      return unexpected(MinerError::kPoolSubmissionFailed);
    }
    return {};
  }

  static Result<void, MinerError> mine_check_save_submit() {
    auto call = mine_checked_call();
    if (!call) return unexpected(call.error());
    io::offchain::local_storage_set(io::offchain::StorageKind::kPersistent,
                                    key_of(kOffchainCachedCall), scale::encode(Call{*call}));
    return submit_call(std::move(*call));
  }

  static Result<void, MinerError> restore_or_compute_then_maybe_submit() {
    const std::optional<Bytes> cached = io::offchain::local_storage_get(
        io::offchain::StorageKind::kPersistent, key_of(kOffchainCachedCall));
    if (cached) {
      auto call = scale::decode<Call>(*cached);
      const auto* solution = call ? std::get_if<submit_unsigned>(&*call) : nullptr;
      if (solution == nullptr) return unexpected(MinerError::kSolutionCallInvalid);
      if (auto checked = basic_checks(solution->raw_solution); !checked) {
        if (checked.error() == MinerError::kFeasibility) {
          // Mined on a snapshot a fork has replaced: mine again next time.
          clear_offchain(kOffchainCachedCall);
          clear_offchain(kOffchainLastBlock);
        }
        return unexpected(checked.error());
      }
      return submit_call(*solution);
    }
    return mine_check_save_submit();
  }
};

}  // namespace canary::rt::pallets::election_provider_multi_phase
