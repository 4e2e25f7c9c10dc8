// pallet_treasury: the pot of funds the network spends by governance. The pot is the account of
// the pallet id ("modl" ‖ "py/trsry" ‖ zeros on Kusama); what reaches it through OnUnbalanced
// (slashed deposits, fees, the staking remainder) is a `Deposit`. Two ways to spend:
//   - spend_local (SpendOrigin, at most its success amount): a native spend queued in Approvals
//     and paid from the pot at the next spend period, if the pot has enough, else kept for later;
//   - spend (SpendOrigin, the amount converted to native by the BalanceConverter): a spend of any
//     asset kind to any beneficiary, claimable by anyone with payout from valid_from for
//     PayoutPeriod blocks, paid by the Paymaster; check_status follows the payment (Success: the
//     spend is removed; Failure: it may be paid out again) and void_spend (RejectOrigin) cancels
//     one not yet attempted.
// Every SpendPeriod blocks (counted from LastSpendPeriod, so a longer gap counts several periods)
// the approvals are paid (Awarded), then `Burn` of what is left is burnt (unless an approval could
// not be paid), and the rest rolls over (Spending, Burnt, Rollover). Each block the pot is
// reported to the Currency as inactive issuance (UpdatedInactive when it changed).
//
// Reference semantics: polkadot-sdk substrate/frame/treasury/src/lib.rs (pallet-treasury 41 as
// Kusama FR-1.7.1 builds it: BlockNumberProvider = System, no propose/approve/reject calls any
// more, payout restarting the PayoutPeriod); storage, calls (indices 3-8), events, errors,
// constants and type paths as Kusama's metadata (index 18, spec 1_009_002).
//
// The runtime configuration T provides, besides System, Pallets and kDbWeight:
//   Currency                    traits::ReservableCurrency with deactivate/reactivate (Balances)
//   TreasuryRejectOrigin        EnsureOrigin (Kusama: Root or Treasurer)
//   TreasurySpendOrigin         EnsureOrigin with the most it may spend as success (Kusama:
//                               TreasurySpender = Root with u128::MAX, or origins::Spender)
//   TreasuryPaymaster           traits::Pay over VersionedLocatableAsset and VersionedLocation
//                               (Canary: NativePaymaster, paymaster.hpp; Kusama: PayOverXcm)
//   TreasuryBalanceConverter    `static std::optional<Balance> from_asset_balance(Balance,
//                               const AssetKind&)` (Canary: NativeBalanceConverter, assets.hpp)
//   kTreasuryPalletId           the pallet id, 8 characters ("py/trsry")
//   kTreasurySpendPeriod, kTreasuryPayoutPeriod, kTreasuryMaxApprovals
//   optional treasury_spend_period()  BlockNumber, read instead of kTreasurySpendPeriod (a
//                               value the genesis may set)
//   optional set_treasury_spend_period(BlockNumber) -> Result<void, std::string>: the runtime
//                               takes the genesis' Canary-only `spendPeriod` (GenesisConfig);
//                               without it a genesis that gives one is refused
//   kTreasuryBurn               Permill of the rest burnt each period (Kusama: 0 until the
//                               Parameters pallet names a burn destination)
//   optional TreasuryBurnDestination  `static void on_unbalanced(Balance)`: where burnt funds go
//                               (taken out of the pot, still issued); without one they are burned
//   optional TreasuryWeightInfo (weights.hpp)
// AssetKind = VersionedLocatableAsset, Beneficiary = VersionedLocation and BeneficiaryLookup =
// IdentityLookup are Kusama's and fixed here; SpendFunds (Kusama: Bounties) is empty.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/fungible.hpp"
#include "runtime/framework/traits/pay.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/pallets/treasury/types.hpp"
#include "runtime/pallets/treasury/weights.hpp"

namespace canary::rt::pallets::treasury {

using arithmetic::Permill;

enum class Error : uint8_t {
  kInvalidIndex = 0,
  kTooManyApprovals = 1,
  kInsufficientPermission = 2,
  kProposalNotApproved = 3,
  kFailedToConvertBalance = 4,
  kSpendExpired = 5,
  kEarlyPayout = 6,
  kAlreadyAttempted = 7,
  kPayoutError = 8,
  kNotAttempted = 9,
  kInconclusive = 10,
};

// The pot's account for a runtime configuration (Pallet::account_id without the pallet, for the
// Paymaster and for routing funds before the pallet is composed).
template <class T>
struct PotAccountOf {
  static AccountId32 get() { return PalletId::of(T::kTreasuryPalletId).into_account(); }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_treasury";
  // pallet_treasury is instantiable (Config<I>): its Call, Event and Error carry T and I.
  static constexpr bool kInstanced = true;
  static constexpr const char* kDocs = "";

  using Weights = WeightInfoOf<T>;
  using Currency = typename T::Currency;
  using SpendOrigin = typename T::TreasurySpendOrigin;
  using RejectOrigin = typename T::TreasuryRejectOrigin;
  using Paymaster = typename T::TreasuryPaymaster;
  using BalanceConverter = typename T::TreasuryBalanceConverter;
  static_assert(traits::ReservableCurrency<Currency>);
  static_assert(EnsureOrigin<SpendOrigin> && std::same_as<typename SpendOrigin::Success, Balance>,
                "SpendOrigin's success is the most it may spend");
  static_assert(EnsureOrigin<RejectOrigin>);
  static_assert(traits::Pay<Paymaster> &&
                std::same_as<typename Paymaster::Beneficiary, Beneficiary> &&
                std::same_as<typename Paymaster::AssetKind, AssetKind>);
  static_assert(T::kTreasuryPalletId.size() == 8, "a PalletId is 8 bytes");
  using MaxApprovals = ConstU32<T::kTreasuryMaxApprovals>;

  // --- Storage (Kusama's order and docs).
  using ProposalCount = StorageValue<
      Pallet, "ProposalCount", ProposalIndex, ValueQuery,
      DocLines<" DEPRECATED: associated with `spend_local` call and will be removed in May 2025.",
               " Refer to <https://github.com/paritytech/polkadot-sdk/pull/5961> for migration to "
               "`spend`.",
               "", " Number of proposals that have been made.">>;
  using Proposals = StorageMap<
      Pallet, "Proposals", Twox64Concat, ProposalIndex, Proposal, OptionQuery,
      DocLines<" DEPRECATED: associated with `spend_local` call and will be removed in May 2025.",
               " Refer to <https://github.com/paritytech/polkadot-sdk/pull/5961> for migration to "
               "`spend`.",
               "", " Proposals that have been made.">>;
  using Deactivated =
      StorageValue<Pallet, "Deactivated", Balance, ValueQuery,
                   DocLines<" The amount which has been reported as inactive to Currency.">>;
  using Approvals = StorageValue<
      Pallet, "Approvals", BoundedVec<ProposalIndex, MaxApprovals>, ValueQuery,
      DocLines<" DEPRECATED: associated with `spend_local` call and will be removed in May 2025.",
               " Refer to <https://github.com/paritytech/polkadot-sdk/pull/5961> for migration to "
               "`spend`.",
               "", " Proposal indices that have been approved but not yet awarded.">>;
  using SpendCount = StorageValue<Pallet, "SpendCount", SpendIndex, ValueQuery,
                                  DocLines<" The count of spends that have been made.">>;
  using Spends = StorageMap<Pallet, "Spends", Twox64Concat, SpendIndex, SpendStatus, OptionQuery,
                            DocLines<" Spends that have been approved and being processed.">>;
  using LastSpendPeriod =
      StorageValue<Pallet, "LastSpendPeriod", BlockNumber, OptionQuery,
                   DocLines<" The blocknumber for the last triggered spend period.">>;
  using Storage = std::tuple<ProposalCount, Proposals, Deactivated, Approvals, SpendCount, Spends,
                             LastSpendPeriod>;

  // --- Errors.
  using Error = treasury::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"InvalidIndex", "No proposal, bounty or spend at that index."},
      {"TooManyApprovals", "Too many approvals in the queue."},
      {"InsufficientPermission",
       "The spend origin is valid but the amount it is allowed to spend is lower than the\n"
       "amount to be spent."},
      {"ProposalNotApproved", "Proposal has not been approved."},
      {"FailedToConvertBalance",
       "The balance of the asset kind is not convertible to the balance of the native asset."},
      {"SpendExpired", "The spend has expired and cannot be claimed."},
      {"EarlyPayout", "The spend is not yet eligible for payout."},
      {"AlreadyAttempted", "The payment has already been attempted."},
      {"PayoutError", "There was some issue with the mechanism of payment."},
      {"NotAttempted", "The payout was not yet attempted/claimed."},
      {"Inconclusive", "The payment has neither failed nor succeeded yet."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }
  static DispatchResultWithPostInfo fail(DispatchError e) { return with_post_info(unexpected(e)); }

  // --- Events.
  struct Spending {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Spending";
    static constexpr const char* kDocs =
        "We have ended a spend period and will now allocate funds.";
    Balance budget_remaining = 0;
    bool operator==(const Spending&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("budget_remaining", &Spending::budget_remaining, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  struct Awarded {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "Awarded";
    static constexpr const char* kDocs = "Some funds have been allocated.";
    ProposalIndex proposal_index = 0;
    Balance award = 0;
    AccountId32 account;
    bool operator==(const Awarded&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("proposal_index", &Awarded::proposal_index, "ProposalIndex"),
                        field("award", &Awarded::award, "BalanceOf<T, I>"),
                        field("account", &Awarded::account, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct Burnt {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "Burnt";
    static constexpr const char* kDocs = "Some of our funds have been burnt.";
    Balance burnt_funds = 0;
    bool operator==(const Burnt&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("burnt_funds", &Burnt::burnt_funds, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  struct Rollover {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "Rollover";
    static constexpr const char* kDocs =
        "Spending has finished; this is the amount that rolls over until next spend.";
    Balance rollover_balance = 0;
    bool operator==(const Rollover&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("rollover_balance", &Rollover::rollover_balance, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  struct Deposit {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "Deposit";
    static constexpr const char* kDocs = "Some funds have been deposited.";
    Balance value = 0;
    bool operator==(const Deposit&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("value", &Deposit::value, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  struct SpendApproved {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "SpendApproved";
    static constexpr const char* kDocs = "A new spend proposal has been approved.";
    ProposalIndex proposal_index = 0;
    Balance amount = 0;
    AccountId32 beneficiary;
    bool operator==(const SpendApproved&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("proposal_index", &SpendApproved::proposal_index, "ProposalIndex"),
                        field("amount", &SpendApproved::amount, "BalanceOf<T, I>"),
                        field("beneficiary", &SpendApproved::beneficiary, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct UpdatedInactive {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "UpdatedInactive";
    static constexpr const char* kDocs = "The inactive funds of the pallet have been updated.";
    Balance reactivated = 0;
    Balance deactivated = 0;
    bool operator==(const UpdatedInactive&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("reactivated", &UpdatedInactive::reactivated, "BalanceOf<T, I>"),
                        field("deactivated", &UpdatedInactive::deactivated, "BalanceOf<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  struct AssetSpendApproved {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "AssetSpendApproved";
    static constexpr const char* kDocs = "A new asset spend proposal has been approved.";
    SpendIndex index = 0;
    AssetKind asset_kind;
    Balance amount = 0;
    Beneficiary beneficiary;
    BlockNumber valid_from = 0;
    BlockNumber expire_at = 0;
    bool operator==(const AssetSpendApproved&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("index", &AssetSpendApproved::index, "SpendIndex"),
          field("asset_kind", &AssetSpendApproved::asset_kind, "T::AssetKind"),
          field("amount", &AssetSpendApproved::amount, "AssetBalanceOf<T, I>"),
          field("beneficiary", &AssetSpendApproved::beneficiary, "T::Beneficiary"),
          field("valid_from", &AssetSpendApproved::valid_from, "BlockNumberFor<T, I>"),
          field("expire_at", &AssetSpendApproved::expire_at, "BlockNumberFor<T, I>")};
    }
    CANARY_DESCRIBED()
  };
  // AssetSpendVoided and SpendProcessed: {index}.
  template <uint8_t kIndex, FixedString kEventName, FixedString kEventDocs>
  struct IndexEvent {
    static constexpr uint8_t kScaleIndex = kIndex;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    SpendIndex index = 0;
    bool operator==(const IndexEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &IndexEvent::index, "SpendIndex")};
    }
    CANARY_DESCRIBED()
  };
  using AssetSpendVoided = IndexEvent<8, "AssetSpendVoided", "An approved spend was voided.">;
  // Paid and PaymentFailed: {index, payment_id}.
  template <uint8_t kIndex, FixedString kEventName, FixedString kEventDocs>
  struct PaymentEvent {
    static constexpr uint8_t kScaleIndex = kIndex;
    static constexpr std::string_view kName = kEventName.view();
    static constexpr const char* kDocs = kEventDocs.chars;
    SpendIndex index = 0;
    PaymentId payment_id = 0;
    bool operator==(const PaymentEvent&) const = default;
    static constexpr auto fields() {
      return std::tuple{
          field("index", &PaymentEvent::index, "SpendIndex"),
          field("payment_id", &PaymentEvent::payment_id, "<T::Paymaster as Pay>::Id")};
    }
    CANARY_DESCRIBED()
  };
  using Paid = PaymentEvent<9, "Paid", "A payment happened.">;
  using PaymentFailed = PaymentEvent<10, "PaymentFailed", "A payment failed and can be retried.">;
  using SpendProcessed =
      IndexEvent<11, "SpendProcessed",
                 "A spend was processed and removed from the storage. It might have been "
                 "successfully\npaid or it may have expired.">;
  using Event =
      std::variant<Spending, Awarded, Burnt, Rollover, Deposit, SpendApproved, UpdatedInactive,
                   AssetSpendApproved, AssetSpendVoided, Paid, PaymentFailed, SpendProcessed>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- The pot.

  // Pallet::account_id: the pallet id as an account.
  static AccountId32 account_id() { return PotAccountOf<T>::get(); }
  // Pallet::pot: what can be spent, the free balance above the existential deposit (which keeps
  // the account alive).
  static Balance pot() {
    return saturating_sub(Currency::free_balance(account_id()), Currency::minimum_balance());
  }

  // OnUnbalanced<NegativeImbalance>: funds withdrawn elsewhere (a slashed deposit, a fee) go to
  // the pot (resolve_creating: what the pot cannot take is burned) and are reported as Deposit.
  static void on_unbalanced(Balance amount) {
    if (amount == 0) return;  // on_nonzero_unbalanced only
    (void)Currency::resolve_into(account_id(), amount);
    deposit_event(Deposit{amount});
  }
  // The same for fungible credits (Staking's remainder and slashes, which Kusama routes with
  // ResolveTo<TreasuryAccount>: there is no Deposit event on that path, and none here).
  template <class F>
  static void on_unbalanced(traits::fungible::Credit<F> credit) {
    traits::fungible::Credit<F> left = F::resolve(account_id(), std::move(credit));
    (void)left;
  }

  // --- Calls.

  // The spends of one dispatch context (FRAME's SpendContext under with_context): what each
  // spend origin, told apart by its maximum, spent so far, so that a batch cannot exceed the
  // maximum by splitting it. FRAME's context lives for the outermost call's dispatch; here it
  // lives for one extrinsic (its block, parent and index): the outermost dispatch of an
  // extrinsic is its call. Outside an extrinsic (a call dispatched by a hook, e.g. a
  // referendum's enactment) nothing is accumulated, as FRAME outside a context. on_initialize
  // forgets it, so a block executed twice (authored, then imported) starts afresh.
  struct SpendContext {
    BlockNumber block = 0;
    H256 parent;
    uint32_t extrinsic = 0;
    std::map<Balance, Balance> spent;
  };
  static std::optional<SpendContext>& spend_context() {
    static std::optional<SpendContext> context;
    return context;
  }
  static DispatchResult note_spend_in_context(Balance max_amount, Balance amount) {
    const std::optional<uint32_t> extrinsic = T::System::extrinsic_index();
    if (!extrinsic) return {};
    const BlockNumber block = T::System::block_number();
    const H256 parent = T::System::parent_hash();
    std::optional<SpendContext>& context = spend_context();
    if (!context || context->block != block || context->extrinsic != *extrinsic ||
        context->parent != parent) {
      context = SpendContext{block, parent, *extrinsic, {}};
    }
    Balance& spent = context->spent[max_amount];
    if (spent > max_amount || amount > max_amount - spent) {
      return unexpected(error(Error::kInsufficientPermission));
    }
    spent += amount;
    return {};
  }

  struct spend_local {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "spend_local";
    static constexpr const char* kDocs =
        "Propose and approve a spend of treasury funds.\n\n## Dispatch Origin\n\nMust be "
        "[`Config::SpendOrigin`] with the `Success` value being at least `amount`.";
    Balance amount = 0;
    MultiAddress beneficiary;
    static constexpr auto fields() {
      return std::tuple{compact_field("amount", &spend_local::amount, "BalanceOf<T, I>"),
                        field("beneficiary", &spend_local::beneficiary, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::spend_local()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      const auto max_amount = ensure_origin<SpendOrigin>(origin);
      if (!max_amount) return fail(max_amount.error());
      if (amount > *max_amount) return fail(error(Error::kInsufficientPermission));
      if (auto noted = note_spend_in_context(*max_amount, amount); !noted) {
        return fail(noted.error());
      }
      const auto looked_up = lookup_account(beneficiary);
      if (!looked_up) return fail(looked_up.error());
      const AccountId32& who = *looked_up;
      const ProposalIndex index = ProposalCount::get();
      auto approvals = Approvals::get();
      if (!approvals.try_push(index)) {
        return fail(error(Error::kTooManyApprovals));
      }
      Approvals::put(approvals);
      Proposals::insert(index, Proposal{who, amount, who, 0});
      ProposalCount::put(index + 1);
      deposit_event(SpendApproved{index, amount, who});
      return PostDispatchInfo{};
    }
  };

  struct remove_approval {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "remove_approval";
    static constexpr const char* kDocs =
        "Force a previously approved proposal to be removed from the approval queue.\n\n"
        "## Dispatch Origin\n\nMust be [`Config::RejectOrigin`].";
    ProposalIndex proposal_id = 0;
    static constexpr auto fields() {
      return std::tuple{
          compact_field("proposal_id", &remove_approval::proposal_id, "ProposalIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_approval(), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<RejectOrigin>(origin); !ok) return fail(ok.error());
      auto approvals = Approvals::get();
      auto& items = approvals.items;
      const auto it = std::find(items.begin(), items.end(), proposal_id);
      if (it == items.end()) return fail(error(Error::kProposalNotApproved));
      items.erase(it);
      Approvals::put(approvals);
      return PostDispatchInfo{};
    }
  };

  struct spend {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "spend";
    static constexpr const char* kDocs =
        "Propose and approve a spend of treasury funds.\n\n## Dispatch Origin\n\nMust be "
        "[`Config::SpendOrigin`] with the `Success` value being at least\n`amount` of "
        "`asset_kind` in the native asset. The amount of `asset_kind` is converted\nfor "
        "assertion using the [`Config::BalanceConverter`].";
    AssetKind asset_kind;
    Balance amount = 0;
    Beneficiary beneficiary;
    std::optional<BlockNumber> valid_from;
    static constexpr auto fields() {
      return std::tuple{field("asset_kind", &spend::asset_kind, "Box<T::AssetKind>"),
                        compact_field("amount", &spend::amount, "AssetBalanceOf<T, I>"),
                        field("beneficiary", &spend::beneficiary, "Box<BeneficiaryLookupOf<T, I>>"),
                        field("valid_from", &spend::valid_from, "Option<BlockNumberFor<T, I>>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::spend()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      const auto max_amount = ensure_origin<SpendOrigin>(origin);
      if (!max_amount) return fail(max_amount.error());
      const BlockNumber now = T::System::block_number();
      const BlockNumber from = valid_from.value_or(now);
      const BlockNumber expire_at = saturating_add(from, BlockNumber{T::kTreasuryPayoutPeriod});
      if (expire_at <= now) return fail(error(Error::kSpendExpired));
      const std::optional<Balance> native =
          BalanceConverter::from_asset_balance(amount, asset_kind);
      if (!native) return fail(error(Error::kFailedToConvertBalance));
      if (*native > *max_amount) return fail(error(Error::kInsufficientPermission));
      if (auto noted = note_spend_in_context(*max_amount, *native); !noted) {
        return fail(noted.error());
      }
      const SpendIndex index = SpendCount::get();
      Spends::insert(index, SpendStatus{asset_kind, amount, beneficiary, from, expire_at,
                                        PaymentState::pending()});
      SpendCount::put(index + 1);
      deposit_event(AssetSpendApproved{index, asset_kind, amount, beneficiary, from, expire_at});
      return PostDispatchInfo{};
    }
  };

  struct payout {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "payout";
    static constexpr const char* kDocs =
        "Claim a spend.\n\n## Dispatch Origin\n\nMust be signed\n\n## Details\n\nSpends must be "
        "claimed within some temporal bounds. A spend may be claimed within one\n"
        "[`Config::PayoutPeriod`] from the `valid_from` block.";
    SpendIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &payout::index, "SpendIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::payout()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return fail(who.error());
      std::optional<SpendStatus> spend = Spends::get(index);
      if (!spend) return fail(error(Error::kInvalidIndex));
      const BlockNumber now = T::System::block_number();
      if (now < spend->valid_from) return fail(error(Error::kEarlyPayout));
      if (spend->expire_at <= now) return fail(error(Error::kSpendExpired));
      if (spend->status.attempt() != nullptr) {
        return fail(error(Error::kAlreadyAttempted));
      }
      const auto id = Paymaster::pay(spend->beneficiary, spend->asset_kind, spend->amount);
      if (!id) return fail(error(Error::kPayoutError));
      spend->status = PaymentState::attempted(*id);
      // pallet-treasury 41: the check must come within a PayoutPeriod of the attempt.
      spend->expire_at = saturating_add(now, BlockNumber{T::kTreasuryPayoutPeriod});
      Spends::insert(index, *spend);
      deposit_event(Paid{index, *id});
      return PostDispatchInfo{};
    }
  };

  struct check_status {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "check_status";
    static constexpr const char* kDocs =
        "Check the status of the spend and remove it from the storage if processed.\n\n"
        "## Dispatch Origin\n\nMust be signed.";
    SpendIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &check_status::index, "SpendIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::check_status()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return fail(who.error());
      std::optional<SpendStatus> spend = Spends::get(index);
      if (!spend) return fail(error(Error::kInvalidIndex));
      const BlockNumber now = T::System::block_number();
      const PaymentState::Attempted* attempt = spend->status.attempt();
      if (now > spend->expire_at && attempt == nullptr) {
        // Expired, and no payment will change that: processed, fees refunded.
        Spends::remove(index);
        deposit_event(SpendProcessed{index});
        return PostDispatchInfo{std::nullopt, Pays::kNo};
      }
      if (attempt == nullptr) return fail(error(Error::kNotAttempted));
      const PaymentId payment_id = attempt->id;
      switch (Paymaster::check_payment(payment_id)) {
        case traits::PaymentStatus::kFailure:
          spend->status = PaymentState::failed();
          Spends::insert(index, *spend);
          deposit_event(PaymentFailed{index, payment_id});
          return PostDispatchInfo{};
        case traits::PaymentStatus::kSuccess:
        case traits::PaymentStatus::kUnknown:
          Spends::remove(index);
          deposit_event(SpendProcessed{index});
          return PostDispatchInfo{std::nullopt, Pays::kNo};
        case traits::PaymentStatus::kInProgress:
          break;
      }
      return fail(error(Error::kInconclusive));
    }
  };

  struct void_spend {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "void_spend";
    static constexpr const char* kDocs =
        "Void previously approved spend.\n\n## Dispatch Origin\n\nMust be "
        "[`Config::RejectOrigin`].";
    SpendIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &void_spend::index, "SpendIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::void_spend()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<RejectOrigin>(origin); !ok) return fail(ok.error());
      const std::optional<SpendStatus> spend = Spends::get(index);
      if (!spend) return fail(error(Error::kInvalidIndex));
      if (spend->status.attempt() != nullptr) {
        return fail(error(Error::kAlreadyAttempted));
      }
      Spends::remove(index);
      deposit_event(AssetSpendVoided{index});
      return PostDispatchInfo{};
    }
  };

  using Call = std::variant<spend_local, remove_approval, spend, payout, check_status, void_spend>;

  // --- Hooks.

  // The pot as inactive issuance, then a spend period if one or more have passed since
  // LastSpendPeriod (backfilled on its first read as update_last_spend_period does).
  static Weight on_initialize(BlockNumber /*n: BlockNumberProvider is System*/) {
    spend_context().reset();
    const BlockNumber now = T::System::block_number();
    const Balance pot_now = pot();
    const Balance deactivated = Deactivated::get();
    if (pot_now != deactivated) {
      Currency::reactivate(deactivated);
      Currency::deactivate(pot_now);
      Deactivated::put(pot_now);
      deposit_event(UpdatedInactive{deactivated, pot_now});
    }
    const BlockNumber period = safe_spend_period();
    const std::optional<BlockNumber> last = LastSpendPeriod::get();
    const BlockNumber last_period = last ? *last : update_last_spend_period();
    const BlockNumber since = saturating_sub(now, last_period);
    const BlockNumber periods_passed = since / period;
    if (periods_passed == 0) return Weight{};
    return spend_funds(periods_passed, now - since % period);
  }

  // SpendPeriod: the runtime's value in force if it has one (a test network's genesis may set
  // it), else its constant.
  static BlockNumber spend_period() {
    if constexpr (requires {
                    { T::treasury_spend_period() } -> std::convertible_to<BlockNumber>;
                  }) {
      return T::treasury_spend_period();
    } else {
      return T::kTreasurySpendPeriod;
    }
  }
  static BlockNumber safe_spend_period() {
    const BlockNumber period = spend_period();
    return period == 0 ? BlockNumber{1} : period;
  }
  // The last spend period as if the pallet had always counted (a migration-free backfill): a
  // block on a period boundary counts as the end of the previous period, so it still spends.
  static BlockNumber update_last_spend_period() {
    const BlockNumber now = T::System::block_number();
    const BlockNumber period = safe_spend_period();
    const BlockNumber into = now % period;
    const BlockNumber last = into == 0 ? saturating_sub(now, period) : now - into;
    LastSpendPeriod::put(last);
    return last;
  }

  // Pallet::spend_funds: pays the approvals the budget covers, burns Burn^periods of the rest
  // unless one was missed, and settles the total from the pot. The Currency's imbalances are
  // amounts here (traits/currency.hpp): the beneficiaries' deposits are minted, the pot is
  // withdrawn by them and the burn, and the mint is then burned again, so the issuance falls by
  // the burn alone, as FRAME's imbalances cancel.
  static Weight spend_funds(BlockNumber periods_passed, BlockNumber new_last_spend_period) {
    LastSpendPeriod::put(new_last_spend_period);
    Balance budget_remaining = pot();
    deposit_event(Spending{budget_remaining});
    const AccountId32 pot_account = account_id();

    bool missed_any = false;
    Balance minted = 0;
    auto approvals = Approvals::get();
    const auto approvals_len = static_cast<uint32_t>(approvals.size());
    std::vector<ProposalIndex> kept;
    for (const ProposalIndex index : approvals.items) {
      const std::optional<Proposal> p = Proposals::get(index);
      if (!p) continue;  // should not happen: dropped, as FRAME's retain does
      if (p->value > budget_remaining) {
        missed_any = true;
        kept.push_back(index);
        continue;
      }
      budget_remaining -= p->value;
      Proposals::remove(index);
      (void)Currency::unreserve(p->proposer, p->bond);
      minted = saturating_add(minted, Currency::deposit_creating(p->beneficiary, p->value));
      deposit_event(Awarded{index, p->value, p->beneficiary});
    }
    approvals.items = std::move(kept);
    Approvals::put(approvals);
    Weight weight = Weights::on_initialize_proposals(approvals_len);

    Balance burn = 0;
    const Permill burn_portion = T::kTreasuryBurn;
    if (!missed_any && !burn_portion.is_zero()) {
      const Permill left = burn_portion.left_from_one().saturating_pow(periods_passed);
      const Balance new_budget = left * budget_remaining;
      burn = saturating_sub(budget_remaining, new_budget);
      budget_remaining = new_budget;
      burn_destination(burn);
      deposit_event(Burnt{burn});
    }

    // Currency::settle(pot, imbalance, TRANSFER, KeepAlive): cannot fail, as the budget is the
    // pot above the existential deposit; if it did, FRAME drops the imbalance (the mint and the
    // burn's debit stand: the issuance is raised by the burn again).
    const Balance total = saturating_add(minted, burn);
    if (total != 0) {
      if (Currency::withdraw(pot_account, total, traits::tokens::WithdrawReasons::transfer(),
                             traits::tokens::Existence::kKeepAlive)) {
        Currency::burn_issuance(minted);
      } else {
        Currency::increase_issuance(burn);
      }
    }
    deposit_event(Rollover{budget_remaining});
    return weight;
  }

  // BurnDestination: the runtime's, else the burn leaves the issuance (FRAME's `()`).
  static void burn_destination(Balance burn) {
    if constexpr (requires { typename T::TreasuryBurnDestination; }) {
      T::TreasuryBurnDestination::on_unbalanced(burn);
    } else {
      Currency::burn_issuance(burn);
    }
  }

  // --- Genesis: the pot account exists from the start (at least the existential deposit, as
  // FRAME's genesis_build makes its free balance). FRAME's GenesisConfig has no fields;
  // `spendPeriod` is Canary's own, for test networks whose spends must come within minutes: the
  // runtime takes it through T::set_treasury_spend_period, which keeps it in state where
  // T::treasury_spend_period() reads it (so the SpendPeriod constant shows the value in force).
  // Absent or null: the runtime's (Kusama's).
  struct GenesisConfig {
    std::optional<BlockNumber> spend_period;
    static constexpr auto json_fields() {
      return std::tuple{json_field("spendPeriod", &GenesisConfig::spend_period)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (config.spend_period) {
      if constexpr (requires {
                      {
                        T::set_treasury_spend_period(*config.spend_period)
                      } -> std::same_as<Result<void, std::string>>;
                    }) {
        if (auto set = T::set_treasury_spend_period(*config.spend_period); !set) return set;
      } else {
        return unexpected(std::string("spendPeriod: this runtime's spend period is fixed"));
      }
    }
    const AccountId32 pot_account = account_id();
    const Balance min = Currency::minimum_balance();
    const Balance free = Currency::free_balance(pot_account);
    if (free < min) (void)Currency::deposit_creating(pot_account, min - free);
    return {};
  }

  // --- Try-state (do_try_state): counts bound the keys, approvals name proposals, every spend
  // becomes valid before it expires.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    const ProposalIndex proposal_count = ProposalCount::get();
    const auto proposals = Proposals::entries();
    if (proposals.size() > proposal_count) {
      return unexpected(std::string("Treasury: more proposals than ProposalCount"));
    }
    for (const auto& [index, proposal] : proposals) {
      if (index >= proposal_count) {
        return unexpected("Treasury: proposal " + std::to_string(index) +
                          " not below ProposalCount");
      }
    }
    for (const ProposalIndex index : Approvals::get().items) {
      if (!Proposals::contains_key(index)) {
        return unexpected("Treasury: approval " + std::to_string(index) + " has no proposal");
      }
    }
    const SpendIndex spend_count = SpendCount::get();
    const auto spends = Spends::entries();
    if (spends.size() > spend_count) {
      return unexpected(std::string("Treasury: more spends than SpendCount"));
    }
    for (const auto& [index, spend] : spends) {
      if (index >= spend_count) {
        return unexpected("Treasury: spend " + std::to_string(index) + " not below SpendCount");
      }
      if (spend.valid_from >= spend.expire_at) {
        return unexpected("Treasury: spend " + std::to_string(index) +
                          " expires before it becomes valid");
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "SpendPeriod", spend_period(), {" Period between successive spends."}));
    c.push_back(constant(r, "Burn", Permill{T::kTreasuryBurn},
                         {" Percentage of spare funds (if any) that are burnt per spend period."}));
    c.push_back(
        constant(r, "PalletId", PalletId::of(T::kTreasuryPalletId),
                 {" The treasury's pallet id, used for deriving its sovereign account ID."}));
    const char* refer =
        " Refer to <https://github.com/paritytech/polkadot-sdk/pull/5961> for migration to "
        "`spend`.";
    c.push_back(constant(
        r, "MaxApprovals", uint32_t{T::kTreasuryMaxApprovals},
        {" DEPRECATED: associated with `spend_local` call and will be removed in May 2025.", refer,
         "", " The maximum number of approvals that can wait in the spending queue.", "",
         " NOTE: This parameter is also used within the Bounties Pallet extension if enabled."}));
    c.push_back(
        constant(r, "PayoutPeriod", BlockNumber{T::kTreasuryPayoutPeriod},
                 {" The period during which an approved treasury spend has to be claimed."}));
    c.push_back(
        constant(r, "pot_account", account_id(), {" Gets this pallet's derived pot account."}));
  }
};

}  // namespace canary::rt::pallets::treasury
