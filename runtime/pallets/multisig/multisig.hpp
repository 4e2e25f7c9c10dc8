// pallet_multisig: calls dispatched from an account that belongs to a set of signatories and a
// threshold (multi_account_id, types.hpp) once `threshold` of them approved. A threshold of 1 is
// stateless (as_multi_threshold_1); otherwise the first approval opens an operation under the
// call's hash and reserves a deposit from its depositor, later approvals name the operation's
// timepoint, and the approval that reaches the threshold with the call itself dispatches it
// (as_multi), returns the deposit and records the result in an event. Reference semantics:
// polkadot-sdk substrate/frame/multisig (pallet-multisig 42, as Kusama FR-1.7.1 builds it; storage
// version 1), metadata as Kusama's (index 31).
//
// The runtime configuration T provides, besides System, Pallets (its RuntimeCall is the call
// carried) and kDbWeight:
//   Currency                  a traits::ReservableCurrency (Kusama: Balances)
//   kMultisigDepositBase      reserved for opening an operation (Kusama: deposit(1, 88))
//   kMultisigDepositFactor    reserved per unit of threshold (Kusama: deposit(0, 32))
//   kMaxSignatories           at most this many signatories, the caller included (Kusama: 100)
//   optional MultisigWeightInfo (weights.hpp)
// The block number provider is System's (Kusama: `BlockNumberProvider = System`).
//
// Not modelled: FRAME's origin call filters (BaseCallFilter): the framework's origins carry none,
// so the call is dispatched unfiltered (as in pallets/utility).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "runtime/framework/calls/boxed.hpp"
#include "runtime/framework/calls/call_nesting.hpp"
#include "runtime/framework/calls/nested_dispatch.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/multisig/types.hpp"
#include "runtime/pallets/multisig/weights.hpp"

namespace canary::rt::pallets::multisig {

enum class Error : uint8_t {
  kMinimumThreshold = 0,
  kAlreadyApproved = 1,
  kNoApprovalsNeeded = 2,
  kTooFewSignatories = 3,
  kTooManySignatories = 4,
  kSignatoriesOutOfOrder = 5,
  kSenderInSignatories = 6,
  kNotFound = 7,
  kNotOwner = 8,
  kNoTimepoint = 9,
  kWrongTimepoint = 10,
  kUnexpectedTimepoint = 11,
  kMaxWeightTooLow = 12,
  kAlreadyStored = 13,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_multisig";
  static constexpr const char* kDocs =
      "A pallet for doing multisig dispatch: calls from an account derived from a set of\n"
      "signatories and a threshold, dispatched once `threshold` of them approved.";
  static constexpr uint16_t kStorageVersion = 1;

  using RuntimeCall = typename T::Pallets::Call;
  using Weights = WeightInfoOf<T>;
  static_assert(traits::ReservableCurrency<typename T::Currency>);

  struct MaxSignatories {
    static constexpr uint32_t get() { return T::kMaxSignatories; }
  };
  using MultisigOf = Multisig<MaxSignatories>;

  // --- Storage.
  using Multisigs =
      StorageDoubleMap<Pallet, "Multisigs", Twox64Concat, AccountId32, Blake2_128Concat, CallHash,
                       MultisigOf, OptionQuery, DocLines<" The set of open multisig operations.">>;
  using Storage = std::tuple<Multisigs>;

  // --- Errors.
  using Error = multisig::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"MinimumThreshold", "Threshold must be 2 or greater."},
      {"AlreadyApproved", "Call is already approved by this signatory."},
      {"NoApprovalsNeeded", "Call doesn't need any (more) approvals."},
      {"TooFewSignatories", "There are too few signatories in the list."},
      {"TooManySignatories", "There are too many signatories in the list."},
      {"SignatoriesOutOfOrder",
       "The signatories were provided out of order; they should be ordered."},
      {"SenderInSignatories",
       "The sender was contained in the other signatories; it shouldn't be."},
      {"NotFound", "Multisig operation not found in storage."},
      {"NotOwner",
       "Only the account that originally created the multisig is able to cancel it or update\n"
       "its deposits."},
      {"NoTimepoint", "No timepoint was given, yet the multisig operation is already underway."},
      {"WrongTimepoint",
       "A different timepoint was given to the multisig operation that is underway."},
      {"UnexpectedTimepoint", "A timepoint was given, yet no multisig operation is underway."},
      {"MaxWeightTooLow", "The maximum weight information provided was too low."},
      {"AlreadyStored", "The data to be stored is already stored."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct NewMultisig {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "NewMultisig";
    static constexpr const char* kDocs = "A new multisig operation has begun.";
    AccountId32 approving;
    AccountId32 multisig;
    CallHash call_hash{};
    bool operator==(const NewMultisig&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("approving", &NewMultisig::approving, "T::AccountId"),
                        field("multisig", &NewMultisig::multisig, "T::AccountId"),
                        field("call_hash", &NewMultisig::call_hash, "CallHash")};
    }
    CANARY_DESCRIBED()
  };
  struct MultisigApproval {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "MultisigApproval";
    static constexpr const char* kDocs = "A multisig operation has been approved by someone.";
    AccountId32 approving;
    Timepoint timepoint;
    AccountId32 multisig;
    CallHash call_hash{};
    bool operator==(const MultisigApproval&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("approving", &MultisigApproval::approving, "T::AccountId"),
          field("timepoint", &MultisigApproval::timepoint, "Timepoint<BlockNumberFor<T>>"),
          field("multisig", &MultisigApproval::multisig, "T::AccountId"),
          field("call_hash", &MultisigApproval::call_hash, "CallHash")};
    }
    CANARY_DESCRIBED()
  };
  struct MultisigExecuted {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "MultisigExecuted";
    static constexpr const char* kDocs = "A multisig operation has been executed.";
    AccountId32 approving;
    Timepoint timepoint;
    AccountId32 multisig;
    CallHash call_hash{};
    DispatchResult result;
    static constexpr auto fields() {
      return std::tuple{
          field("approving", &MultisigExecuted::approving, "T::AccountId"),
          field("timepoint", &MultisigExecuted::timepoint, "Timepoint<BlockNumberFor<T>>"),
          field("multisig", &MultisigExecuted::multisig, "T::AccountId"),
          field("call_hash", &MultisigExecuted::call_hash, "CallHash"),
          field("result", &MultisigExecuted::result, "DispatchResult")};
    }
    CANARY_DESCRIBED()
  };
  struct MultisigCancelled {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "MultisigCancelled";
    static constexpr const char* kDocs = "A multisig operation has been cancelled.";
    AccountId32 cancelling;
    Timepoint timepoint;
    AccountId32 multisig;
    CallHash call_hash{};
    bool operator==(const MultisigCancelled&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("cancelling", &MultisigCancelled::cancelling, "T::AccountId"),
          field("timepoint", &MultisigCancelled::timepoint, "Timepoint<BlockNumberFor<T>>"),
          field("multisig", &MultisigCancelled::multisig, "T::AccountId"),
          field("call_hash", &MultisigCancelled::call_hash, "CallHash")};
    }
    CANARY_DESCRIBED()
  };
  struct DepositPoked {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "DepositPoked";
    static constexpr const char* kDocs =
        "The deposit for a multisig operation has been updated/poked.";
    AccountId32 who;
    CallHash call_hash{};
    Balance old_deposit = 0;
    Balance new_deposit = 0;
    bool operator==(const DepositPoked&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &DepositPoked::who, "T::AccountId"),
                        field("call_hash", &DepositPoked::call_hash, "CallHash"),
                        field("old_deposit", &DepositPoked::old_deposit, "BalanceOf<T>"),
                        field("new_deposit", &DepositPoked::new_deposit, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<NewMultisig, MultisigApproval, MultisigExecuted, MultisigCancelled,
                             DepositPoked>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct as_multi_threshold_1 {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "as_multi_threshold_1";
    static constexpr const char* kDocs =
        "Immediately dispatch a multi-signature call using a single approval from the caller.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "- `other_signatories`: The accounts (other than the sender) who are part of the\n"
        "multi-signature, but do not participate in the approval process.\n"
        "- `call`: The call to be executed.\n\n"
        "Result is equivalent to the dispatched result.";
    std::vector<AccountId32> other_signatories;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{
          field("other_signatories", &as_multi_threshold_1::other_signatories, "Vec<T::AccountId>"),
          boxed_field("call", &as_multi_threshold_1::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      const DispatchInfo inner = call->info();
      // Plus the inner origin's AccountData (one read, one write).
      return {Weights::as_multi_threshold_1(encoded_len(*call))
                  .saturating_add(T::kDbWeight.reads_writes(1, 1))
                  .saturating_add(inner.call_weight),
              inner.dispatch_class};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      if (other_signatories.empty()) return fail(Error::kTooFewSignatories);
      if (other_signatories.size() >= T::kMaxSignatories) return fail(Error::kTooManySignatories);
      auto signatories = ensure_sorted_and_insert(other_signatories, *who);
      if (!signatories) return with_post_info(unexpected(signatories.error()));
      const AccountId32 id = multi_account_id(*signatories, 1);
      const Weight own = Weights::as_multi_threshold_1(encoded_len(*call));
      const DispatchResultWithPostInfo result = dispatch_in_layer(*call, Origin::signed_by(id));
      // The inner call's own post info, with this call's weight added to a reported weight
      // (none reported: the declared weight stands).
      // (FRAME rebuilds the post info from the weight alone: the inner call's Pays is not kept.)
      if (result) {
        if (!result->actual_weight) return PostDispatchInfo{};
        return PostDispatchInfo{own.saturating_add(*result->actual_weight), Pays::kYes};
      }
      const auto& inner = result.error().post_info;
      if (!inner.actual_weight) return result;
      return unexpected(DispatchErrorWithPostInfo{
          {own.saturating_add(*inner.actual_weight), Pays::kYes}, result.error().error});
    }
  };

  struct as_multi {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "as_multi";
    static constexpr const char* kDocs =
        "Register approval for a dispatch to be made from a deterministic composite account if\n"
        "approved by a total of `threshold - 1` of `other_signatories`.\n\n"
        "If there are enough, then dispatch the call.\n\n"
        "Payment: `DepositBase` will be reserved if this is the first approval, plus\n"
        "`threshold` times `DepositFactor`. It is returned once this dispatch happens or\n"
        "is cancelled.\n\n"
        "The dispatch origin for this call must be _Signed_.";
    uint16_t threshold = 0;
    std::vector<AccountId32> other_signatories;
    std::optional<Timepoint> maybe_timepoint;
    Boxed<RuntimeCall> call;
    Weight max_weight;
    static constexpr auto fields() {
      return std::tuple{
          field("threshold", &as_multi::threshold, "u16"),
          field("other_signatories", &as_multi::other_signatories, "Vec<T::AccountId>"),
          field("maybe_timepoint", &as_multi::maybe_timepoint,
                "Option<Timepoint<BlockNumberFor<T>>>"),
          boxed_field("call", &as_multi::call, "Box<<T as Config>::RuntimeCall>"),
          field("max_weight", &as_multi::max_weight, "Weight")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      const auto s = count(other_signatories);
      const uint32_t z = encoded_len(*call);
      return {
          weight_max(weight_max(Weights::as_multi_create(s, z), Weights::as_multi_approve(s, z)),
                     Weights::as_multi_complete(s, z))
              .saturating_add(max_weight)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return operate(*who, threshold, other_signatories, maybe_timepoint, &*call, call->hash(),
                     max_weight);
    }
  };

  struct approve_as_multi {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "approve_as_multi";
    static constexpr const char* kDocs =
        "Register approval for a dispatch to be made from a deterministic composite account if\n"
        "approved by a total of `threshold - 1` of `other_signatories`.\n\n"
        "Payment: `DepositBase` will be reserved if this is the first approval, plus\n"
        "`threshold` times `DepositFactor`. It is returned once this dispatch happens or\n"
        "is cancelled.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "NOTE: If this is the final approval, you will want to use `as_multi` instead.";
    uint16_t threshold = 0;
    std::vector<AccountId32> other_signatories;
    std::optional<Timepoint> maybe_timepoint;
    CallHash call_hash{};
    Weight max_weight;
    static constexpr auto fields() {
      return std::tuple{
          field("threshold", &approve_as_multi::threshold, "u16"),
          field("other_signatories", &approve_as_multi::other_signatories, "Vec<T::AccountId>"),
          field("maybe_timepoint", &approve_as_multi::maybe_timepoint,
                "Option<Timepoint<BlockNumberFor<T>>>"),
          field("call_hash", &approve_as_multi::call_hash, "[u8; 32]"),
          field("max_weight", &approve_as_multi::max_weight, "Weight")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      const auto s = count(other_signatories);
      return {weight_max(Weights::approve_as_multi_create(s), Weights::approve_as_multi_approve(s))
                  .saturating_add(max_weight)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return operate(*who, threshold, other_signatories, maybe_timepoint, nullptr, call_hash,
                     max_weight);
    }
  };

  struct cancel_as_multi {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "cancel_as_multi";
    static constexpr const char* kDocs =
        "Cancel a pre-existing, on-going multisig transaction. Any deposit reserved previously\n"
        "for this operation will be unreserved on success.\n\n"
        "The dispatch origin for this call must be _Signed_.";
    uint16_t threshold = 0;
    std::vector<AccountId32> other_signatories;
    Timepoint timepoint;
    CallHash call_hash{};
    static constexpr auto fields() {
      return std::tuple{
          field("threshold", &cancel_as_multi::threshold, "u16"),
          field("other_signatories", &cancel_as_multi::other_signatories, "Vec<T::AccountId>"),
          field("timepoint", &cancel_as_multi::timepoint, "Timepoint<BlockNumberFor<T>>"),
          field("call_hash", &cancel_as_multi::call_hash, "[u8; 32]")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cancel_as_multi(count(other_signatories))}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto id = multisig_of(*who, threshold, other_signatories);
      if (!id) return with_post_info(unexpected(id.error()));
      const auto m = Multisigs::get(*id, call_hash);
      if (!m) return fail(Error::kNotFound);
      if (m->when != timepoint) return fail(Error::kWrongTimepoint);
      if (m->depositor != *who) return fail(Error::kNotOwner);
      (void)T::Currency::unreserve(m->depositor, m->deposit);
      Multisigs::remove(*id, call_hash);
      deposit_event(MultisigCancelled{*who, timepoint, *id, call_hash});
      return PostDispatchInfo{};
    }
  };

  struct poke_deposit {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "poke_deposit";
    static constexpr const char* kDocs =
        "Poke the deposit reserved for an existing multisig operation.\n\n"
        "The dispatch origin for this call must be _Signed_ and must be the original depositor of\n"
        "the multisig operation.\n\n"
        "The transaction fee is waived if the deposit amount has changed.";
    uint16_t threshold = 0;
    std::vector<AccountId32> other_signatories;
    CallHash call_hash{};
    static constexpr auto fields() {
      return std::tuple{
          field("threshold", &poke_deposit::threshold, "u16"),
          field("other_signatories", &poke_deposit::other_signatories, "Vec<T::AccountId>"),
          field("call_hash", &poke_deposit::call_hash, "[u8; 32]")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::poke_deposit(count(other_signatories))}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto id = multisig_of(*who, threshold, other_signatories);
      if (!id) return with_post_info(unexpected(id.error()));
      auto m = Multisigs::get(*id, call_hash);
      if (!m) return fail(Error::kNotFound);
      if (m->depositor != *who) return fail(Error::kNotOwner);
      const Balance new_deposit = deposit_for(threshold);
      const Balance old_deposit = m->deposit;
      if (new_deposit == old_deposit) return PostDispatchInfo{};
      if (new_deposit > old_deposit) {
        if (auto reserved = T::Currency::reserve(*who, new_deposit - old_deposit); !reserved) {
          return with_post_info(reserved);
        }
      } else {
        // FRAME's defensive path: what cannot be unreserved is only logged.
        (void)T::Currency::unreserve(*who, old_deposit - new_deposit);
      }
      m->deposit = new_deposit;
      Multisigs::insert(*id, call_hash, *m);
      deposit_event(DepositPoked{*who, call_hash, old_deposit, new_deposit});
      return PostDispatchInfo{std::nullopt, Pays::kNo};
    }
  };

  using Call =
      std::variant<as_multi_threshold_1, as_multi, approve_as_multi, cancel_as_multi, poke_deposit>;

  // --- The pallet's functions.

  // The current timepoint: System's block number and the index of the extrinsic being applied.
  static Timepoint timepoint() {
    return Timepoint{T::System::block_number(), T::System::extrinsic_index().value_or(0)};
  }

  // The deposit an operation of `threshold` holds: DepositBase + threshold × DepositFactor.
  static Balance deposit_for(uint16_t threshold) {
    return Balance{T::kMultisigDepositBase} + Balance{T::kMultisigDepositFactor} * threshold;
  }

  // `other_signatories` must be strictly increasing and not contain `who`; returns them with `who`
  // inserted at its place.
  static Result<std::vector<AccountId32>, DispatchError> ensure_sorted_and_insert(
      const std::vector<AccountId32>& other_signatories, const AccountId32& who) {
    std::vector<AccountId32> signatories = other_signatories;
    size_t index = 0;
    for (size_t i = 0; i < signatories.size(); ++i) {
      if (i > 0 && !(signatories[i - 1] < signatories[i])) {
        return unexpected(error(Error::kSignatoriesOutOfOrder));
      }
      if (signatories[i] <= who) {
        if (signatories[i] == who) return unexpected(error(Error::kSenderInSignatories));
        ++index;
      }
    }
    signatories.insert(signatories.begin() + static_cast<std::ptrdiff_t>(index), who);
    return signatories;
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(
        r, "DepositBase", Balance{T::kMultisigDepositBase},
        {" The base amount of currency needed to reserve for creating a multisig execution or to",
         " store a dispatch call for later.", "",
         " This is held for an additional storage item whose value size is",
         " `4 + sizeof((BlockNumber, Balance, AccountId))` bytes and whose key size is",
         " `32 + sizeof(AccountId)` bytes."}));
    c.push_back(constant(
        r, "DepositFactor", Balance{T::kMultisigDepositFactor},
        {" The amount of currency needed per unit threshold when creating a "
         "multisig execution.",
         "", " This is held for adding 32 bytes more into a pre-existing storage value."}));
    c.push_back(constant(r, "MaxSignatories", uint32_t{T::kMaxSignatories},
                         {" The maximum amount of signatories allowed in the multisig."}));
  }

  // --- Try-state: every operation has its depositor among its approvals, which are sorted,
  // distinct and not empty.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    const Bytes& start = Multisigs::prefix();
    Bytes cursor = start;
    while (auto next = io::storage::next_key(cursor)) {
      if (next->size() < start.size() || !std::equal(start.begin(), start.end(), next->begin())) {
        break;
      }
      cursor = *next;
      const auto raw = io::storage::get(*next);
      if (!raw) continue;
      const auto m = scale::decode<MultisigOf>(*raw);
      if (!m) return unexpected(std::string("an entry of Multisigs does not decode"));
      const auto& approvals = m->approvals.items;
      if (approvals.empty()) return unexpected(std::string("an operation without approvals"));
      for (size_t i = 1; i < approvals.size(); ++i) {
        if (!(approvals[i - 1] < approvals[i])) {
          return unexpected(std::string("approvals not sorted"));
        }
      }
      if (!std::binary_search(approvals.begin(), approvals.end(), m->depositor)) {
        return unexpected(std::string("a depositor who did not approve"));
      }
    }
    return {};
  }

 private:
  static DispatchResultWithPostInfo fail(Error e) { return with_post_info(unexpected(error(e))); }
  static uint32_t count(const std::vector<AccountId32>& accounts) {
    return static_cast<uint32_t>(accounts.size());
  }
  static uint32_t encoded_len(const RuntimeCall& call) {
    return static_cast<uint32_t>(scale::encode(call).size());
  }
  static Weight weight_max(const Weight& a, const Weight& b) {
    return {std::max(a.ref_time, b.ref_time), std::max(a.proof_size, b.proof_size)};
  }

  // The checks every threshold ≥ 2 call makes first, and the multisig's account.
  static Result<AccountId32, DispatchError> multisig_of(
      const AccountId32& who, uint16_t threshold,
      const std::vector<AccountId32>& other_signatories) {
    if (threshold < 2) return unexpected(error(Error::kMinimumThreshold));
    if (other_signatories.empty()) return unexpected(error(Error::kTooFewSignatories));
    if (other_signatories.size() >= T::kMaxSignatories) {
      return unexpected(error(Error::kTooManySignatories));
    }
    CANARY_TRY_ASSIGN(const auto signatories, ensure_sorted_and_insert(other_signatories, who));
    return multi_account_id(signatories, threshold);
  }

  // FRAME's `operate`: approve (and, with the call and enough approvals, dispatch) the operation
  // of `call_hash`; `call` is null for approve_as_multi.
  static DispatchResultWithPostInfo operate(const AccountId32& who, uint16_t threshold,
                                            const std::vector<AccountId32>& other_signatories,
                                            const std::optional<Timepoint>& maybe_timepoint,
                                            const RuntimeCall* call, const CallHash& call_hash,
                                            const Weight& max_weight) {
    auto id = multisig_of(who, threshold, other_signatories);
    if (!id) return with_post_info(unexpected(id.error()));
    const uint32_t s = count(other_signatories);
    const uint32_t call_len = call != nullptr ? encoded_len(*call) : 0;

    auto m = Multisigs::get(*id, call_hash);
    if (!m) {
      // Not yet started: no timepoint may be given.
      if (maybe_timepoint) return fail(Error::kUnexpectedTimepoint);
      const Balance deposit = deposit_for(threshold);
      if (auto reserved = T::Currency::reserve(who, deposit); !reserved) {
        return with_post_info(reserved);
      }
      auto approvals = BoundedVec<AccountId32, MaxSignatories>::try_from({who});
      if (!approvals) return fail(Error::kTooManySignatories);
      Multisigs::insert(*id, call_hash,
                        MultisigOf{timepoint(), deposit, who, std::move(*approvals)});
      deposit_event(NewMultisig{who, *id, call_hash});
      return PostDispatchInfo{Weights::as_multi_create(s, call_len), Pays::kYes};
    }

    if (!maybe_timepoint) return fail(Error::kNoTimepoint);
    const Timepoint tp = *maybe_timepoint;
    if (m->when != tp) return fail(Error::kWrongTimepoint);

    // The approval counts only while below the threshold.
    auto& approvals = m->approvals.items;
    auto approvals_count = static_cast<uint32_t>(approvals.size());
    const auto at = std::lower_bound(approvals.begin(), approvals.end(), who);
    const bool new_approval = (at == approvals.end() || *at != who) && approvals_count < threshold;
    if (new_approval) ++approvals_count;

    if (call != nullptr && approvals_count >= threshold) {
      if (!call->info().call_weight.all_lte(max_weight)) return fail(Error::kMaxWeightTooLow);
      // Storage cleaned up before the call runs, against reentrancy.
      Multisigs::remove(*id, call_hash);
      (void)T::Currency::unreserve(m->depositor, m->deposit);
      const DispatchResultWithPostInfo result = dispatch_in_layer(*call, Origin::signed_by(*id));
      deposit_event(MultisigExecuted{who, tp, *id, call_hash, without_post_info(result)});
      const PostDispatchInfo& inner = result ? *result : result.error().post_info;
      PostDispatchInfo post;
      if (inner.actual_weight) {
        post.actual_weight =
            Weights::as_multi_complete(s, call_len).saturating_add(*inner.actual_weight);
      }
      return post;
    }

    if (!new_approval) return fail(Error::kAlreadyApproved);
    const auto pos = static_cast<size_t>(at - approvals.begin());
    if (!m->approvals.try_insert(pos, who)) return fail(Error::kTooManySignatories);
    Multisigs::insert(*id, call_hash, *m);
    deposit_event(MultisigApproval{who, tp, *id, call_hash});
    return PostDispatchInfo{Weights::as_multi_approve(s, call_len), Pays::kYes};
  }
};

}  // namespace canary::rt::pallets::multisig
