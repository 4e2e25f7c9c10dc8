// pallet_indices: short account indices (u32) an account claims against a reserved deposit,
// transfers, frees (deposit back), or freezes to itself for good (deposit burned); root assigns
// any index without deposit. Kusama filters its calls since the Asset Hub migration, but the
// pallet and its storage remain. Call indices, events and errors as in FRAME
// (substrate/frame/indices), including poke_deposit (5), which re-bases a deposit on the current
// Deposit.
//
// The runtime configuration T provides System, Pallets, kDbWeight, kIndexDeposit (u128) and
// Currency, an indices::Currency (below).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/indices/weights.hpp"

namespace canary::rt::pallets::indices {

using AccountIndex = uint32_t;
using Balance = u128;
// (owner, deposit, frozen)
using IndexEntry = std::tuple<AccountId32, Balance, bool>;

// What Indices needs of its currency: the part of traits::ReservableCurrency
// (framework/traits/currency.hpp) it uses. unreserve returns the part not unreserved,
// repatriate_reserved the part not moved (Indices moves a deposit into the receiver's reserve,
// BalanceStatus::Reserved, as FRAME); slash_reserved burns reserved funds.
template <class C>
concept Currency = requires(const AccountId32& who, Balance amount) {
  { C::reserve(who, amount) } -> std::same_as<DispatchResult>;
  { C::unreserve(who, amount) } -> std::same_as<Balance>;
  {
    C::repatriate_reserved(who, who, amount, traits::tokens::BalanceStatus::kReserved)
  } -> std::same_as<Result<Balance, DispatchError>>;
  C::slash_reserved(who, amount);
};

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t {
  kNotAssigned = 0,
  kNotOwner = 1,
  kInUse = 2,
  kNotTransfer = 3,
  kPermanent = 4,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_indices";
  static_assert(Currency<typename T::Currency>);

  // --- Storage.
  using Accounts = StorageMap<Pallet, "Accounts", Blake2_128Concat, AccountIndex, IndexEntry,
                              OptionQuery, DocLines<" The lookup from index to account.">>;

  // --- Errors.
  using Error = indices::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotAssigned", "The index was not already assigned."},
      {"NotOwner", "The index is assigned to another account."},
      {"InUse", "The index was not available."},
      {"NotTransfer", "The source and destination accounts are identical."},
      {"Permanent", "The index is permanent and may not be freed/changed."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct IndexAssigned {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "IndexAssigned";
    static constexpr const char* kDocs = "A account index was assigned.";
    AccountId32 who;
    AccountIndex index = 0;
    bool operator==(const IndexAssigned&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &IndexAssigned::who, "T::AccountId"),
                        field("index", &IndexAssigned::index, "T::AccountIndex")};
    }
    CANARY_DESCRIBED()
  };
  struct IndexFreed {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "IndexFreed";
    static constexpr const char* kDocs = "A account index has been freed up (unassigned).";
    AccountIndex index = 0;
    bool operator==(const IndexFreed&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &IndexFreed::index, "T::AccountIndex")};
    }
    CANARY_DESCRIBED()
  };
  struct IndexFrozen {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "IndexFrozen";
    static constexpr const char* kDocs =
        "A account index has been frozen to its current account ID.";
    AccountIndex index = 0;
    AccountId32 who;
    bool operator==(const IndexFrozen&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &IndexFrozen::index, "T::AccountIndex"),
                        field("who", &IndexFrozen::who, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct DepositPoked {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "DepositPoked";
    static constexpr const char* kDocs =
        "A deposit to reserve an index has been poked/reconsidered.";
    AccountId32 who;
    AccountIndex index = 0;
    Balance old_deposit = 0;
    Balance new_deposit = 0;
    bool operator==(const DepositPoked&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &DepositPoked::who, "T::AccountId"),
                        field("index", &DepositPoked::index, "T::AccountIndex"),
                        field("old_deposit", &DepositPoked::old_deposit, "BalanceOf<T>"),
                        field("new_deposit", &DepositPoked::new_deposit, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<IndexAssigned, IndexFreed, IndexFrozen, DepositPoked>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // What the calls cost (weights.hpp).
  using Weights = WeightInfoOf<T>;

  // The entry of an index `who` owns and may change: assigned, not frozen, theirs.
  static Result<IndexEntry, DispatchError> owned(AccountIndex index, const AccountId32& who) {
    auto entry = Accounts::get(index);
    if (!entry) return unexpected(error(Error::kNotAssigned));
    if (std::get<2>(*entry)) return unexpected(error(Error::kPermanent));
    if (std::get<0>(*entry) != who) return unexpected(error(Error::kNotOwner));
    return *entry;
  }

  // --- Calls.
  struct claim {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "claim";
    static constexpr const char* kDocs =
        "Assign an previously unassigned index.\n\n"
        "Payment: `Deposit` is reserved from the sender account.";
    AccountIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &claim::index, "T::AccountIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::claim()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      if (Accounts::contains_key(index)) return with_post_info(unexpected(error(Error::kInUse)));
      if (auto reserved = T::Currency::reserve(*who, T::kIndexDeposit); !reserved) {
        return with_post_info(reserved);
      }
      Accounts::insert(index, IndexEntry{*who, T::kIndexDeposit, false});
      deposit_event(IndexAssigned{*who, index});
      return PostDispatchInfo{};
    }
  };

  struct transfer {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "transfer";
    static constexpr const char* kDocs =
        "Assign an index already owned by the sender to another account. The balance "
        "reservation\nis effectively transferred to the new account.";
    MultiAddress new_owner;
    AccountIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("new", &transfer::new_owner, "AccountIdLookupOf<T>"),
                        field("index", &transfer::index, "T::AccountIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::transfer()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto target = lookup_account(new_owner);
      if (!target) return with_post_info(unexpected(target.error()));
      if (*who == *target) return with_post_info(unexpected(error(Error::kNotTransfer)));
      auto entry = owned(index, *who);
      if (!entry) return with_post_info(unexpected(entry.error()));
      const Balance amount = std::get<1>(*entry);
      auto lost = T::Currency::repatriate_reserved(*who, *target, amount,
                                                   traits::tokens::BalanceStatus::kReserved);
      if (!lost) return with_post_info(unexpected(lost.error()));
      Accounts::insert(index, IndexEntry{*target, amount > *lost ? amount - *lost : 0, false});
      deposit_event(IndexAssigned{*target, index});
      return PostDispatchInfo{};
    }
  };

  struct free {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "free";
    static constexpr const char* kDocs =
        "Free up an index owned by the sender.\n\n"
        "Payment: Any previous deposit placed for the index is unreserved in the sender account.";
    AccountIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &free::index, "T::AccountIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::free()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto entry = owned(index, *who);
      if (!entry) return with_post_info(unexpected(entry.error()));
      (void)T::Currency::unreserve(*who, std::get<1>(*entry));
      Accounts::remove(index);
      deposit_event(IndexFreed{index});
      return PostDispatchInfo{};
    }
  };

  struct force_transfer {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "force_transfer";
    static constexpr const char* kDocs =
        "Force an index to an account. This doesn't require a deposit. If the index is already\n"
        "held, then any deposit is reimbursed to its current owner.\n\n"
        "The dispatch origin for this call must be _Root_.";
    MultiAddress new_owner;
    AccountIndex index = 0;
    bool freeze = false;
    static constexpr auto fields() {
      return std::tuple{field("new", &force_transfer::new_owner, "AccountIdLookupOf<T>"),
                        field("index", &force_transfer::index, "T::AccountIndex"),
                        field("freeze", &force_transfer::freeze, "bool")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_transfer()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      auto target = lookup_account(new_owner);
      if (!target) return with_post_info(unexpected(target.error()));
      if (auto entry = Accounts::get(index)) {
        (void)T::Currency::unreserve(std::get<0>(*entry), std::get<1>(*entry));
      }
      Accounts::insert(index, IndexEntry{*target, 0, freeze});
      deposit_event(IndexAssigned{*target, index});
      return PostDispatchInfo{};
    }
  };

  struct freeze {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "freeze";
    static constexpr const char* kDocs =
        "Freeze an index so it will always point to the sender account. This consumes the\n"
        "deposit.";
    AccountIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &freeze::index, "T::AccountIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::freeze()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto entry = owned(index, *who);
      if (!entry) return with_post_info(unexpected(entry.error()));
      (void)T::Currency::slash_reserved(*who, std::get<1>(*entry));
      Accounts::insert(index, IndexEntry{*who, 0, true});
      deposit_event(IndexFrozen{index, *who});
      return PostDispatchInfo{};
    }
  };

  struct poke_deposit {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "poke_deposit";
    static constexpr const char* kDocs =
        "Poke the deposit reserved for an index.\n\n"
        "The dispatch origin for this call must be _Signed_ and the signing account must have a\n"
        "non-frozen account `index`.\n\n"
        "The transaction fees is waived if the deposit is changed after poking/reconsideration.";
    AccountIndex index = 0;
    static constexpr auto fields() {
      return std::tuple{field("index", &poke_deposit::index, "T::AccountIndex")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::poke_deposit()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto entry = owned(index, *who);
      if (!entry) return with_post_info(unexpected(entry.error()));
      const Balance old_deposit = std::get<1>(*entry);
      const Balance new_deposit = T::kIndexDeposit;
      if (old_deposit == new_deposit) return PostDispatchInfo{};
      if (new_deposit > old_deposit) {
        if (auto reserved = T::Currency::reserve(*who, new_deposit - old_deposit); !reserved) {
          return with_post_info(reserved);
        }
      } else if (T::Currency::unreserve(*who, old_deposit - new_deposit) != 0) {
        // Defensive in FRAME: less was reserved than recorded.
        io::log(io::LogLevel::kError, "runtime::indices", "poke_deposit: failed to unreserve");
      }
      Accounts::insert(index, IndexEntry{*who, new_deposit, false});
      deposit_event(DepositPoked{*who, index, old_deposit, new_deposit});
      // A deposit brought up to date is free of charge.
      return PostDispatchInfo{std::nullopt, Pays::kNo};
    }
  };

  using Call = std::variant<claim, transfer, free, force_transfer, freeze, poke_deposit>;

  // --- Lookups and genesis.
  static std::optional<AccountId32> lookup_index(AccountIndex index) {
    auto entry = Accounts::get(index);
    if (!entry) return std::nullopt;
    return std::get<0>(*entry);
  }
  // Genesis: `{"indices": [[index, account], …]}`, assigned without deposit.
  struct GenesisConfig {
    std::vector<std::pair<AccountIndex, AccountId32>> indices;
    static constexpr auto json_fields() {
      return std::tuple{json_field("indices", &GenesisConfig::indices)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    for (const auto& [index, who] : config.indices) {
      Accounts::insert(index, IndexEntry{who, 0, false});
    }
    return {};
  }

  // --- Metadata.
  using Storage = std::tuple<Accounts>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "Deposit", Balance{T::kIndexDeposit},
                         {" The deposit needed for reserving an index."}));
  }
};

}  // namespace canary::rt::pallets::indices
