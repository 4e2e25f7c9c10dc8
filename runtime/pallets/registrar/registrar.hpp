// polkadot-runtime-common's `paras_registrar` pallet (Registrar, Kusama index 70): who may
// register a para and what it costs, in front of Paras. `reserve` hands out the next free ParaId
// (never below LOWEST_PUBLIC_ID, 2000) against ParaDeposit; `register` gives a reserved id its
// genesis head and code against DataDepositPerByte × (head length + the host configuration's
// max_code_size) more, and has Paras onboard it as a parathread (an on-demand parachain) once its
// PVF passed pre-checking, at least two sessions later; `force_register` does the same from Root
// for any id with a deposit Root names; `deregister` has Paras offboard a parathread (or forgets
// an id Paras does not know) and returns the deposit. `swap` pairs two paras' lifecycles (a
// parachain and a parathread trade places at the next scheduled session), and a manager may
// lock itself out (`add_lock`; Kusama locks a para at its first head, `on_new_head`), after which
// only Root or the para itself act for it. Semantics: polkadot-sdk
// polkadot/runtime/common/src/paras_registrar/mod.rs as polkadot-runtime-common 21.0.0
// (stable2506, what polkadot-fellows/runtimes v1.7.1's Cargo.lock pins), with its PR #6989
// (`ParaLocked` rather than `BadOrigin` for a locked para's manager).
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using Currency = …;        a traits::ReservableCurrency (Kusama: Balances), the deposits
//   using Configuration = …;   the host configuration (ActiveConfig's max code and head sizes)
//   using Paras = …;           the Paras pallet (pallets/paras), which the calls drive
//   static constexpr Balance kParaDeposit;          reserved by `reserve` (Kusama: 4 KSM)
//   static constexpr Balance kDataDepositPerByte;   per byte registered (Kusama: CENTS / 10)
// and optionally
//   static std::optional<ParaId> parachain_origin(const Origin&);   FRAME's ensure_parachain:
//       the para an origin speaks for (polkadot-runtime-parachains' Origin::Parachain). Without
//       it no origin is a para's and the "para itself" of ensure_root_para_or_owner is refused
//       (BadOrigin): the Canary runtime has no ParachainsOrigin (Kusama 50) yet.
//   static void registrar_on_swap(ParaId, ParaId);   OnSwap (Kusama: (Crowdloan, Slots), which
//       Canary lacks: nothing)
//   using RegistrarWeightInfo = …;                    its own weights (weights.hpp)
// Kusama makes it Paras' OnNewHead (the runtime's `paras_on_new_head` calls on_new_head), as the
// Canary runtime does (runtime/canary/runtime.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/util/check.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/pallets/para_configuration/host_configuration.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/paras/types.hpp"
#include "runtime/pallets/registrar/weights.hpp"

namespace canary::rt::pallets::registrar {

using para_primitives::HeadData;
using para_primitives::ParaId;
using para_primitives::ValidationCode;
using paras::ParaGenesisArgs;
using paras::ParaKind;
using paras::ParaLifecycle;
using Balance = traits::tokens::Balance;

// polkadot_primitives::LOWEST_PUBLIC_ID: ids below are the system parachains', which only Root
// registers (force_register).
inline constexpr ParaId kLowestPublicId{2000};

// The errors in FRAME's order (paras_registrar Error<T>).
enum class Error : uint8_t {
  kNotRegistered = 0,
  kAlreadyRegistered = 1,
  kNotOwner = 2,
  kCodeTooLarge = 3,
  kHeadDataTooLarge = 4,
  kNotParachain = 5,
  kNotParathread = 6,
  kCannotDeregister = 7,
  kCannotDowngrade = 8,
  kCannotUpgrade = 9,
  kParaLocked = 10,
  kNotReserved = 11,
  kInvalidCode = 12,
  kCannotSwap = 13,
};

// ParaInfo<Account, Balance>: who manages the id, what it holds on deposit for it, and whether
// the manager is locked out (None: never set, which counts as unlocked; on_new_head sets it).
// `locked` is Rust's generic Option<bool>: two bytes when set, not codec's one-byte OptionBool.
struct ParaInfo {
  AccountId32 manager;
  Balance deposit = 0;
  std::optional<bool> locked;
  bool operator==(const ParaInfo&) const = default;
  bool is_locked() const { return locked.value_or(false); }
  CANARY_SCALE_FIELDS(manager, deposit, locked)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_common", "paras_registrar", "ParaInfo"});
    b.param<AccountId32>("Account");
    b.param<Balance>("Balance");
    b.field("manager", &ParaInfo::manager, "Account");
    b.field("deposit", &ParaInfo::deposit, "Balance");
    b.field("locked", &ParaInfo::locked, "Option<bool>");
  }
};

// `"registrar": {"nextFreeParaId": 2000}` in a genesis config: the id `reserve` hands out
// first (FRAME's default, LOWEST_PUBLIC_ID).
struct GenesisConfig {
  ParaId next_free_para_id = kLowestPublicId;
  static constexpr auto json_fields() {
    return std::tuple{json_field("nextFreeParaId", &GenesisConfig::next_free_para_id)};
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_common";
  static constexpr std::string_view kModule = "paras_registrar";
  static constexpr const char* kDocs =
      "Para registration: reserved ids, deposits and the managers' locks, in front of Paras.";
  // paras_registrar's STORAGE_VERSION (migration.rs: v1 added ParaInfo's `locked` option).
  static constexpr uint16_t kStorageVersion = 1;

  using Weights = WeightInfoOf<T>;
  using System = typename T::System;
  using Currency = typename T::Currency;
  using ParasPallet = typename T::Paras;
  static_assert(traits::ReservableCurrency<Currency>);

  // --- Storage (paras_registrar, in its order; all Twox64Concat of the ParaId).
  using PendingSwap = StorageMap<Pallet, "PendingSwap", Twox64Concat, ParaId, ParaId, OptionQuery,
                                 DocLines<" Pending swap operations.">>;
  using Paras = StorageMap<
      Pallet, "Paras", Twox64Concat, ParaId, ParaInfo, OptionQuery,
      DocLines<" Amount held on deposit for each para and the original depositor.", "",
               " The given account ID is responsible for registering the code and initial head "
               "data, but may",
               " only do so if it isn't yet registered. (After that, it's up to governance to do "
               "so.)">>;
  using NextFreeParaId = StorageValue<Pallet, "NextFreeParaId", ParaId, ValueQuery,
                                      DocLines<" The next free `ParaId`.">>;
  using Storage = std::tuple<PendingSwap, Paras, NextFreeParaId>;

  // --- Errors.
  using Error = registrar::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NotRegistered", "The ID is not registered."},
      {"AlreadyRegistered", "The ID is already registered."},
      {"NotOwner", "The caller is not the owner of this Id."},
      {"CodeTooLarge", "Invalid para code size."},
      {"HeadDataTooLarge", "Invalid para head data size."},
      {"NotParachain", "Para is not a Parachain."},
      {"NotParathread", "Para is not a Parathread (on-demand parachain)."},
      {"CannotDeregister", "Cannot deregister para"},
      {"CannotDowngrade",
       "Cannot schedule downgrade of lease holding parachain to on-demand parachain"},
      {"CannotUpgrade",
       "Cannot schedule upgrade of on-demand parachain to lease holding parachain"},
      {"ParaLocked",
       "Para is locked from manipulation by the manager. Must use parachain or relay chain\n"
       "governance."},
      {"NotReserved", "The ID given for registration has not been reserved."},
      {"InvalidCode", "The validation code is invalid."},
      {"CannotSwap",
       "Cannot perform a parachain slot / lifecycle swap. Check that the state of both paras\n"
       "are correct for the swap to work."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct Registered {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Registered";
    ParaId para_id;
    AccountId32 manager;
    bool operator==(const Registered&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("para_id", &Registered::para_id, "ParaId"),
                        field("manager", &Registered::manager, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct Deregistered {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "Deregistered";
    ParaId para_id;
    bool operator==(const Deregistered&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("para_id", &Deregistered::para_id, "ParaId")};
    }
    CANARY_DESCRIBED()
  };
  struct Reserved {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "Reserved";
    ParaId para_id;
    AccountId32 who;
    bool operator==(const Reserved&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("para_id", &Reserved::para_id, "ParaId"),
                        field("who", &Reserved::who, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct Swapped {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "Swapped";
    ParaId para_id;
    ParaId other_id;
    bool operator==(const Swapped&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("para_id", &Swapped::para_id, "ParaId"),
                        field("other_id", &Swapped::other_id, "ParaId")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<Registered, Deregistered, Reserved, Swapped>;

  static void deposit_event(Event event) {
    System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Configuration hooks (defaults as FRAME's `()`).

  // ensure_parachain: the para this origin is, if it is one's.
  static std::optional<ParaId> parachain_origin(const Origin& origin) {
    if constexpr (requires { T::parachain_origin(origin); }) {
      return T::parachain_origin(origin);
    } else {
      return std::nullopt;
    }
  }
  static void on_swap(ParaId one, ParaId other) {
    if constexpr (requires { T::registrar_on_swap(one, other); }) T::registrar_on_swap(one, other);
  }

  // --- Origins.

  // ensure_root_or_para: Root, or the para `id` itself (another para: NotOwner).
  static DispatchResult ensure_root_or_para(const Origin& origin, ParaId id) {
    if (origin.is_root()) return {};
    const std::optional<ParaId> caller = parachain_origin(origin);
    if (!caller) return unexpected(bad_origin());
    if (*caller != id) return unexpected(error(Error::kNotOwner));
    return {};
  }

  // ensure_root_para_or_owner: the manager while unlocked (locked: ParaLocked), else Root or the
  // para. A signed caller needs the id registered here, whoever it is (NotRegistered); a signed
  // caller that is not the manager is then refused as FRAME's ensure_parachain refuses it.
  static DispatchResult ensure_root_para_or_owner(const Origin& origin, ParaId id) {
    if (const AccountId32* who = origin.signer()) {
      const std::optional<ParaInfo> info = Paras::get(id);
      if (!info) return unexpected(error(Error::kNotRegistered));
      if (info->manager == *who) {
        if (info->is_locked()) return unexpected(error(Error::kParaLocked));
        return {};
      }
    }
    return ensure_root_or_para(origin, id);
  }

  // --- Registration.

  static Balance saturating_add(Balance a, Balance b) {
    return a > std::numeric_limits<Balance>::max() - b ? std::numeric_limits<Balance>::max()
                                                       : a + b;
  }
  static Balance saturating_mul(Balance a, uint64_t b) {
    if (b != 0 && a > std::numeric_limits<Balance>::max() / b) {
      return std::numeric_limits<Balance>::max();
    }
    return a * b;
  }

  // validate_onboarding_data: the code's size within [MIN_CODE_SIZE, max_code_size], the head's
  // within max_head_data_size, and the deposit: ParaDeposit + DataDepositPerByte × (head length
  // + max_code_size), so that a later upgrade to the largest code costs nothing more.
  static Result<std::pair<ParaGenesisArgs, Balance>, DispatchError> validate_onboarding_data(
      HeadData genesis_head, ValidationCode validation_code, ParaKind para_kind) {
    const para_configuration::HostConfiguration config = T::Configuration::ActiveConfig::get();
    if (validation_code.bytes.size() < para_primitives::kMinCodeSize) {
      return unexpected(error(Error::kInvalidCode));
    }
    if (validation_code.bytes.size() > config.max_code_size) {
      return unexpected(error(Error::kCodeTooLarge));
    }
    if (genesis_head.bytes.size() > config.max_head_data_size) {
      return unexpected(error(Error::kHeadDataTooLarge));
    }
    const Balance per_byte = T::kDataDepositPerByte;
    const Balance deposit = saturating_add(
        saturating_add(T::kParaDeposit, saturating_mul(per_byte, genesis_head.bytes.size())),
        saturating_mul(per_byte, config.max_code_size));
    return std::pair{
        ParaGenesisArgs{std::move(genesis_head), std::move(validation_code), para_kind}, deposit};
  }

  // do_reserve: the id must be unknown here and to Paras.
  static DispatchResult do_reserve(const AccountId32& who, std::optional<Balance> deposit_override,
                                   ParaId id) {
    if (Paras::contains_key(id)) return unexpected(error(Error::kAlreadyRegistered));
    if (ParasPallet::lifecycle(id)) return unexpected(error(Error::kAlreadyRegistered));
    const Balance deposit = deposit_override.value_or(Balance{T::kParaDeposit});
    CANARY_TRY(Currency::reserve(who, deposit));
    Paras::insert(id, ParaInfo{who, deposit, std::nullopt});
    deposit_event(Reserved{id, who});
    return {};
  }

  // do_register: an id reserved by `who` (unless `ensure_reserved` is false: force_register and
  // the backend), unknown to Paras; the deposit becomes the onboarding data's (or the override),
  // reserving or returning the difference to what the id already holds. The para is scheduled to
  // onboard as a parathread, through Paras' PVF pre-check.
  static DispatchResult do_register(const AccountId32& who, std::optional<Balance> deposit_override,
                                    ParaId id, HeadData genesis_head,
                                    ValidationCode validation_code, bool ensure_reserved) {
    Balance deposited = 0;
    if (const std::optional<ParaInfo> info = Paras::get(id)) {
      if (info->manager != who) return unexpected(error(Error::kNotOwner));
      if (info->is_locked()) return unexpected(error(Error::kParaLocked));
      deposited = info->deposit;
    } else if (ensure_reserved) {
      return unexpected(error(Error::kNotReserved));
    }
    if (ParasPallet::lifecycle(id)) return unexpected(error(Error::kAlreadyRegistered));
    CANARY_TRY_ASSIGN(auto onboarding,
                      validate_onboarding_data(std::move(genesis_head), std::move(validation_code),
                                               ParaKind::kParathread));
    const Balance deposit = deposit_override.value_or(onboarding.second);
    if (deposit >= deposited) {
      CANARY_TRY(Currency::reserve(who, deposit - deposited));
    } else {
      // What cannot be unreserved stays reserved, as FRAME ignores it.
      (void)Currency::unreserve(who, deposited - deposit);
    }
    Paras::insert(id, ParaInfo{who, deposit, std::nullopt});
    // Paras has no lifecycle for `id` and the code is not empty: this cannot fail (FRAME's
    // debug_assert).
    const DispatchResult scheduled =
        ParasPallet::schedule_para_initialize(id, std::move(onboarding.first));
    (void)CANARY_ASSUME(scheduled.has_value());
    deposit_event(Registered{id, who});
    return {};
  }

  // do_deregister: only a parathread, or an id Paras does not know (reserved, or onboarding that
  // was rejected), may go; Paras offboards it at the scheduled session, the deposit returns now.
  static DispatchResult do_deregister(ParaId id) {
    const std::optional<ParaLifecycle> lifecycle = ParasPallet::lifecycle(id);
    if (lifecycle && *lifecycle != ParaLifecycle::kParathread) {
      return unexpected(error(Error::kNotParathread));
    }
    if (!ParasPallet::schedule_para_cleanup(id)) return unexpected(error(Error::kCannotDeregister));
    if (const std::optional<ParaInfo> info = Paras::take(id)) {
      (void)Currency::unreserve(info->manager, info->deposit);
    }
    PendingSwap::remove(id);
    deposit_event(Deregistered{id});
    return {};
  }

  // do_thread_and_chain_swap: the parachain downgrades and the parathread upgrades at the
  // scheduled session; both lifecycles were checked stable, so neither can fail.
  static void do_thread_and_chain_swap(ParaId to_downgrade, ParaId to_upgrade) {
    const DispatchResult downgraded = ParasPallet::schedule_parachain_downgrade(to_downgrade);
    (void)CANARY_ASSUME(downgraded.has_value());
    const DispatchResult upgraded = ParasPallet::schedule_parathread_upgrade(to_upgrade);
    (void)CANARY_ASSUME(upgraded.has_value());
    on_swap(to_upgrade, to_downgrade);
  }

  // --- FRAME's Registrar trait, for the pallets that manage leases (Slots, Crowdloan, …): the
  // names that would clash with the calls are register_para, deregister_para and release_lock.
  static std::optional<AccountId32> manager_of(ParaId id) {
    if (auto info = Paras::get(id)) return info->manager;
    return std::nullopt;
  }
  static std::vector<ParaId> parachains() { return ParasPallet::Parachains::get(); }
  static bool is_parathread(ParaId id) { return ParasPallet::is_parathread(id); }
  static bool is_parachain(ParaId id) { return ParasPallet::is_parachain(id); }
  static void apply_lock(ParaId id) {
    if (auto info = Paras::get(id)) {
      info->locked = true;
      Paras::insert(id, *info);
    }
  }
  static void release_lock(ParaId id) {
    if (auto info = Paras::get(id)) {
      info->locked = false;
      Paras::insert(id, *info);
    }
  }
  // The backend registration: no reservation needed, the deposit computed, any id.
  static DispatchResult register_para(const AccountId32& manager, ParaId id, HeadData genesis_head,
                                      ValidationCode validation_code) {
    return do_register(manager, std::nullopt, id, std::move(genesis_head),
                       std::move(validation_code), false);
  }
  static DispatchResult deregister_para(ParaId id) { return do_deregister(id); }
  // make_parachain / make_parathread: schedule the lifecycle change (Paras refusing it:
  // CannotUpgrade / CannotDowngrade).
  static DispatchResult make_parachain(ParaId id) {
    if (ParasPallet::lifecycle(id) != std::optional<ParaLifecycle>(ParaLifecycle::kParathread)) {
      return unexpected(error(Error::kNotParathread));
    }
    if (!ParasPallet::schedule_parathread_upgrade(id)) {
      return unexpected(error(Error::kCannotUpgrade));
    }
    return {};
  }
  static DispatchResult make_parathread(ParaId id) {
    if (ParasPallet::lifecycle(id) != std::optional<ParaLifecycle>(ParaLifecycle::kParachain)) {
      return unexpected(error(Error::kNotParachain));
    }
    if (!ParasPallet::schedule_parachain_downgrade(id)) {
      return unexpected(error(Error::kCannotDowngrade));
    }
    return {};
  }

  // --- Paras' OnNewHead (Kusama's): a para's first head locks its manager out, unless a lock
  // was ever set or removed explicitly.
  static Weight on_new_head(ParaId id, const HeadData& /*head*/) {
    uint64_t writes = 0;
    if (auto info = Paras::get(id); info && !info->locked.has_value()) {
      info->locked = true;
      Paras::insert(id, *info);
      writes = 1;
    }
    return T::kDbWeight.reads_writes(1, writes);
  }

  static uint32_t len_of(const Bytes& b) { return static_cast<uint32_t>(b.size()); }

  // --- Calls.
  struct register_ {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "register";
    static constexpr const char* kDocs =
        "Register head data and validation code for a reserved Para Id.\n\n## Arguments\n- "
        "`origin`: Must be called by a `Signed` origin.\n- `id`: The para ID. Must be "
        "owned/managed by the `origin` signing account.\n- `genesis_head`: The genesis head "
        "data of the parachain/thread.\n- `validation_code`: The initial validation code of the "
        "parachain/thread.\n\n## Deposits/Fees\nThe account with the originating signature must "
        "reserve a deposit.\n\nThe deposit is required to cover the costs associated with "
        "storing the genesis head\ndata and the validation code.\nThis accounts for the "
        "potential to store validation code of a size up to the\n`max_code_size`, as defined in "
        "the configuration pallet\n\nAnything already reserved previously for this para ID is "
        "accounted for.\n\n## Events\nThe `Registered` event is emitted in case of success.";
    ParaId id;
    HeadData genesis_head;
    ValidationCode validation_code;
    static constexpr auto fields() {
      return std::tuple{field("id", &register_::id, "ParaId"),
                        field("genesis_head", &register_::genesis_head, "HeadData"),
                        field("validation_code", &register_::validation_code, "ValidationCode")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::register_()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      return with_post_info(do_register(*who, std::nullopt, id, genesis_head, validation_code,
                                        /*ensure_reserved=*/true));
    }
  };

  struct force_register {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "force_register";
    static constexpr const char* kDocs =
        "Force the registration of a Para Id on the relay chain.\n\nThis function must be "
        "called by a Root origin.\n\nThe deposit taken can be specified for this registration. "
        "Any `ParaId`\ncan be registered, including sub-1000 IDs which are System Parachains.";
    AccountId32 who;
    Balance deposit = 0;
    ParaId id;
    HeadData genesis_head;
    ValidationCode validation_code;
    static constexpr auto fields() {
      return std::tuple{
          field("who", &force_register::who, "T::AccountId"),
          field("deposit", &force_register::deposit, "BalanceOf<T>"),
          field("id", &force_register::id, "ParaId"),
          field("genesis_head", &force_register::genesis_head, "HeadData"),
          field("validation_code", &force_register::validation_code, "ValidationCode")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::force_register()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      return with_post_info(do_register(who, deposit, id, genesis_head, validation_code,
                                        /*ensure_reserved=*/false));
    }
  };

  struct deregister {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "deregister";
    static constexpr const char* kDocs =
        "Deregister a Para Id, freeing all data and returning any deposit.\n\nThe caller must "
        "be Root, the `para` owner, or the `para` itself. The para must be an\non-demand "
        "parachain.";
    ParaId id;
    static constexpr auto fields() { return std::tuple{field("id", &deregister::id, "ParaId")}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::deregister()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root_para_or_owner(origin, id); !ok) return with_post_info(ok);
      return with_post_info(do_deregister(id));
    }
  };

  struct swap {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "swap";
    static constexpr const char* kDocs =
        "Swap a lease holding parachain with another parachain, either on-demand or lease\n"
        "holding.\n\nThe origin must be Root, the `para` owner, or the `para` itself.\n\nThe "
        "swap will happen only if there is already an opposite swap pending. If there is "
        "not,\nthe swap will be stored in the pending swaps map, ready for a later "
        "confirmatory swap.\n\nThe `ParaId`s remain mapped to the same head data and code so "
        "external code can rely on\n`ParaId` to be a long-term identifier of a notional "
        "\"parachain\". However, their\nscheduling info (i.e. whether they're an on-demand "
        "parachain or lease holding\nparachain), auction information and the auction deposit "
        "are switched.";
    ParaId id;
    ParaId other;
    static constexpr auto fields() {
      return std::tuple{field("id", &swap::id, "ParaId"), field("other", &swap::other, "ParaId")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::swap()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root_para_or_owner(origin, id); !ok) return with_post_info(ok);
      // Swapping an id with itself clears its pending swap.
      if (id == other) {
        PendingSwap::remove(id);
        return PostDispatchInfo{};
      }
      const std::optional<ParaLifecycle> id_lifecycle = ParasPallet::lifecycle(id);
      if (!id_lifecycle) return with_post_info(unexpected(error(Error::kNotRegistered)));
      if (PendingSwap::get(other) != std::optional<ParaId>(id)) {
        // The first half: wait for `other` to confirm.
        PendingSwap::insert(id, other);
        return PostDispatchInfo{};
      }
      const std::optional<ParaLifecycle> other_lifecycle = ParasPallet::lifecycle(other);
      if (!other_lifecycle) return with_post_info(unexpected(error(Error::kNotRegistered)));
      using L = ParaLifecycle;
      if (*id_lifecycle == L::kParachain && *other_lifecycle == L::kParathread) {
        do_thread_and_chain_swap(id, other);
      } else if (*id_lifecycle == L::kParathread && *other_lifecycle == L::kParachain) {
        do_thread_and_chain_swap(other, id);
      } else if (*id_lifecycle == L::kParachain && *other_lifecycle == L::kParachain) {
        // Two parachains keep their lifecycles; only what OnSwap manages changes hands.
        on_swap(id, other);
      } else {
        return with_post_info(unexpected(error(Error::kCannotSwap)));
      }
      deposit_event(Swapped{id, other});
      PendingSwap::remove(other);
      return PostDispatchInfo{};
    }
  };

  struct remove_lock {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "remove_lock";
    static constexpr const char* kDocs =
        "Remove a manager lock from a para. This will allow the manager of a\npreviously "
        "locked para to deregister or swap a para without using governance.\n\nCan only be "
        "called by the Root origin or the parachain.";
    ParaId para;
    static constexpr auto fields() {
      return std::tuple{field("para", &remove_lock::para, "ParaId")};
    }
    CANARY_DESCRIBED()
    // FRAME weighs it in the call: one read, one write.
    DispatchInfo info() const { return {T::kDbWeight.reads_writes(1, 1)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root_or_para(origin, para); !ok) return with_post_info(ok);
      release_lock(para);
      return PostDispatchInfo{};
    }
  };

  struct reserve {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "reserve";
    static constexpr const char* kDocs =
        "Reserve a Para Id on the relay chain.\n\nThis function will reserve a new Para Id to "
        "be owned/managed by the origin account.\nThe origin account is able to register head "
        "data and validation code using `register` to\ncreate an on-demand parachain. Using the "
        "Slots pallet, an on-demand parachain can then\nbe upgraded to a lease holding "
        "parachain.\n\n## Arguments\n- `origin`: Must be called by a `Signed` origin. Becomes "
        "the manager/owner of the new\n  para ID.\n\n## Deposits/Fees\nThe origin must reserve "
        "a deposit of `ParaDeposit` for the registration.\n\n## Events\nThe `Reserved` event is "
        "emitted in case of success, which provides the ID reserved for\nuse.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::reserve()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      const ParaId id = std::max(NextFreeParaId::get(), kLowestPublicId);
      if (auto reserved = do_reserve(*who, std::nullopt, id); !reserved) {
        return with_post_info(reserved);
      }
      // u32 wrapping as Rust's release arithmetic (unreachable in practice).
      NextFreeParaId::put(ParaId{id.value + 1});
      return PostDispatchInfo{};
    }
  };

  struct add_lock {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "add_lock";
    static constexpr const char* kDocs =
        "Add a manager lock from a para. This will prevent the manager of a\npara to "
        "deregister or swap a para.\n\nCan be called by Root, the parachain, or the parachain "
        "manager if the parachain is\nunlocked.";
    ParaId para;
    static constexpr auto fields() { return std::tuple{field("para", &add_lock::para, "ParaId")}; }
    CANARY_DESCRIBED()
    // FRAME weighs it in the call: one read, one write.
    DispatchInfo info() const { return {T::kDbWeight.reads_writes(1, 1)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root_para_or_owner(origin, para); !ok) return with_post_info(ok);
      apply_lock(para);
      return PostDispatchInfo{};
    }
  };

  struct schedule_code_upgrade {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "schedule_code_upgrade";
    static constexpr const char* kDocs =
        "Schedule a parachain upgrade.\n\nThis will kick off a check of `new_code` by all "
        "validators. After the majority of the\nvalidators have reported on the validity of the "
        "code, the code will either be enacted\nor the upgrade will be rejected. If the code "
        "will be enacted, the current code of the\nparachain will be overwritten directly. This "
        "means that any PoV will be checked by this\nnew code. The parachain itself will not be "
        "informed explicitly that the validation code\nhas changed.\n\nCan be called by Root, "
        "the parachain, or the parachain manager if the parachain is\nunlocked.";
    ParaId para;
    ValidationCode new_code;
    static constexpr auto fields() {
      return std::tuple{field("para", &schedule_code_upgrade::para, "ParaId"),
                        field("new_code", &schedule_code_upgrade::new_code, "ValidationCode")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::schedule_code_upgrade(len_of(new_code.bytes))}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root_para_or_owner(origin, para); !ok) return with_post_info(ok);
      // Applied at the expected block whatever the para does (the relay chain's decision).
      return with_post_info(ParasPallet::schedule_code_upgrade_external(
          para, new_code, paras::UpgradeStrategy::kApplyAtExpectedBlock));
    }
  };

  struct set_current_head {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "set_current_head";
    static constexpr const char* kDocs =
        "Set the parachain's current head.\n\nCan be called by Root, the parachain, or the "
        "parachain manager if the parachain is\nunlocked.";
    ParaId para;
    HeadData new_head;
    static constexpr auto fields() {
      return std::tuple{field("para", &set_current_head::para, "ParaId"),
                        field("new_head", &set_current_head::new_head, "HeadData")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_current_head(len_of(new_head.bytes))}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_root_para_or_owner(origin, para); !ok) return with_post_info(ok);
      ParasPallet::set_current_head(para, new_head);
      return PostDispatchInfo{};
    }
  };

  using Call = std::variant<register_, force_register, deregister, swap, remove_lock, reserve,
                            add_lock, schedule_code_upgrade, set_current_head>;

  // --- Genesis: the first id `reserve` hands out.
  using GenesisConfig = registrar::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    NextFreeParaId::put(config.next_free_para_id);
    return {};
  }

  // --- Try-state: a pending swap never names its own id (swapping an id with itself clears it),
  // and every manager's reserved balance covers the deposits it holds here.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    for (const auto& [id, other] : PendingSwap::entries()) {
      if (id == other) {
        return unexpected("Registrar: PendingSwap of para " + std::to_string(id.value) +
                          " names itself");
      }
    }
    std::map<AccountId32, Balance> held;
    for (const auto& [id, info] : Paras::entries()) {
      held[info.manager] = saturating_add(held[info.manager], info.deposit);
    }
    for (const auto& [manager, deposits] : held) {
      if (Currency::reserved_balance(manager) < deposits) {
        return unexpected(
            std::string("Registrar: a manager's reserved balance is below the deposits it holds"));
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "ParaDeposit", Balance{T::kParaDeposit},
                         {" The deposit to be paid to run a on-demand parachain.",
                          " This should include the cost for storing the genesis head and "
                          "validation code."}));
    c.push_back(constant(r, "DataDepositPerByte", Balance{T::kDataDepositPerByte},
                         {" The deposit to be paid per byte stored on chain."}));
  }
};

}  // namespace canary::rt::pallets::registrar
