// pallet_proxy: accounts let delegates dispatch calls from their signed origin, within a proxy
// type (InstanceFilter over the runtime's calls), at once or after announcing the call's hash
// `delay` blocks ahead (the delegator may reject an announcement meanwhile); pure proxies are
// fresh keyless accounts whose only access is their spawner's proxy. Deposits are reserved: one
// base plus a factor per proxy, one base plus a factor per pending announcement. Reference
// semantics: polkadot-sdk substrate/frame/proxy (pallet-proxy 42, as Kusama FR-1.7.1 builds it:
// poke_deposit, PureKilled, DepositPoked; storage version 0), metadata as Kusama's (index 30,
// spec 1_009_002).
//
// The runtime configuration T provides, besides System, Pallets (its RuntimeCall is the call
// carried) and kDbWeight:
//   Currency                    a traits::ReservableCurrency (Kusama: Balances)
//   ProxyType                   SCALE-encodable (at most 7 bytes), ordered, described; its value
//                               initialisation is the most permissive type (FRAME's Default)
//   proxy_filter(type, call)    InstanceFilter::filter: may a proxy of `type` dispatch `call`
//                               (a RuntimeCall; a template, the RuntimeCall is completed later)
//   proxy_is_superset(a, b)     InstanceFilter::is_superset: does `a` allow all `b` allows
//   kProxyDepositBase, kProxyDepositFactor, kMaxProxies,
//   kAnnouncementDepositBase, kAnnouncementDepositFactor, kMaxPending
//   optional ProxyWeightInfo (weights.hpp)
// The block number provider is System's (Kusama: `BlockNumberProvider = System`); the call hasher
// BlakeTwo256 (RuntimeCall::hash).
//
// The proxied call is dispatched with Signed(real) carrying do_proxy's filter (origin.hpp's
// CallFilter): the proxy type's filter, and no escalation through this pallet's own calls
// (add_proxy/remove_proxy only of a type the proxy's type is a superset of, remove_proxies and
// kill_pure only for the most permissive type). Calls the proxied call carries with the same
// origin (Utility's batches) pass the same filter.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "primitives/util/check.hpp"
#include "runtime/framework/calls/boxed.hpp"
#include "runtime/framework/calls/call_nesting.hpp"
#include "runtime/framework/calls/nested_dispatch.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/proxy/types.hpp"
#include "runtime/pallets/proxy/weights.hpp"

namespace canary::rt::pallets::proxy {

enum class Error : uint8_t {
  kTooMany = 0,
  kNotFound = 1,
  kNotProxy = 2,
  kUnproxyable = 3,
  kDuplicate = 4,
  kNoPermission = 5,
  kUnannounced = 6,
  kNoSelfProxy = 7,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_proxy";
  static constexpr const char* kDocs =
      "A pallet allowing accounts to give permission to other accounts to dispatch types of\n"
      "calls from their signed origin.";

  using RuntimeCall = typename T::Pallets::Call;
  using ProxyType = typename T::ProxyType;
  using Weights = WeightInfoOf<T>;
  using Balance = traits::tokens::Balance;
  static_assert(traits::ReservableCurrency<typename T::Currency>);

  struct MaxProxies {
    static constexpr uint32_t get() { return T::kMaxProxies; }
  };
  struct MaxPending {
    static constexpr uint32_t get() { return T::kMaxPending; }
  };
  using Definition = ProxyDefinition<ProxyType>;
  using ProxiesOf = std::tuple<BoundedVec<Definition, MaxProxies>, Balance>;
  using AnnouncementsOf = std::tuple<BoundedVec<Announcement, MaxPending>, Balance>;

  // --- Storage.
  using Proxies = StorageMap<
      Pallet, "Proxies", Twox64Concat, AccountId32, ProxiesOf, ValueQuery,
      DocLines<" The set of account proxies. Maps the account which has delegated to the accounts",
               " which are being delegated to, together with the amount held on deposit.">>;
  using Announcements =
      StorageMap<Pallet, "Announcements", Twox64Concat, AccountId32, AnnouncementsOf, ValueQuery,
                 DocLines<" The announcements made by the proxy (key).">>;
  using Storage = std::tuple<Proxies, Announcements>;

  // --- Errors.
  using Error = ::canary::rt::pallets::proxy::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"TooMany", "There are too many proxies registered or too many announcements pending."},
      {"NotFound", "Proxy registration not found."},
      {"NotProxy", "Sender is not a proxy of the account to be proxied."},
      {"Unproxyable", "A call which is incompatible with the proxy type's filter was attempted."},
      {"Duplicate", "Account is already a proxy."},
      {"NoPermission", "Call may not be made by proxy because it may escalate its privileges."},
      {"Unannounced", "Announcement, if made at all, was made too recently."},
      {"NoSelfProxy", "Cannot add self as proxy."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  struct ProxyExecuted {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "ProxyExecuted";
    static constexpr const char* kDocs = "A proxy was executed correctly, with the given.";
    DispatchResult result;
    bool operator==(const ProxyExecuted& other) const {
      if (result.has_value() != other.result.has_value()) return false;
      return result.has_value() || result.error() == other.result.error();
    }
    static constexpr auto fields() {
      return std::tuple{field("result", &ProxyExecuted::result, "DispatchResult")};
    }
    CANARY_DESCRIBED()
  };
  struct PureCreated {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "PureCreated";
    static constexpr const char* kDocs =
        "A pure account has been created by new proxy with given\n"
        "disambiguation index and proxy type.";
    AccountId32 pure;
    AccountId32 who;
    ProxyType proxy_type{};
    uint16_t disambiguation_index = 0;
    bool operator==(const PureCreated&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("pure", &PureCreated::pure, "T::AccountId"),
                        field("who", &PureCreated::who, "T::AccountId"),
                        field("proxy_type", &PureCreated::proxy_type, "T::ProxyType"),
                        field("disambiguation_index", &PureCreated::disambiguation_index, "u16")};
    }
    CANARY_DESCRIBED()
  };
  struct PureKilled {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "PureKilled";
    static constexpr const char* kDocs = "A pure proxy was killed by its spawner.";
    AccountId32 pure;
    AccountId32 spawner;
    ProxyType proxy_type{};
    uint16_t disambiguation_index = 0;
    bool operator==(const PureKilled&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("pure", &PureKilled::pure, "T::AccountId"),
                        field("spawner", &PureKilled::spawner, "T::AccountId"),
                        field("proxy_type", &PureKilled::proxy_type, "T::ProxyType"),
                        field("disambiguation_index", &PureKilled::disambiguation_index, "u16")};
    }
    CANARY_DESCRIBED()
  };
  struct Announced {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "Announced";
    static constexpr const char* kDocs = "An announcement was placed to make a call in the future.";
    AccountId32 real;
    AccountId32 proxy;
    H256 call_hash;
    bool operator==(const Announced&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("real", &Announced::real, "T::AccountId"),
                        field("proxy", &Announced::proxy, "T::AccountId"),
                        field("call_hash", &Announced::call_hash, "CallHashOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct ProxyAdded {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "ProxyAdded";
    static constexpr const char* kDocs = "A proxy was added.";
    AccountId32 delegator;
    AccountId32 delegatee;
    ProxyType proxy_type{};
    BlockNumber delay = 0;
    bool operator==(const ProxyAdded&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("delegator", &ProxyAdded::delegator, "T::AccountId"),
                        field("delegatee", &ProxyAdded::delegatee, "T::AccountId"),
                        field("proxy_type", &ProxyAdded::proxy_type, "T::ProxyType"),
                        field("delay", &ProxyAdded::delay, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct ProxyRemoved {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "ProxyRemoved";
    static constexpr const char* kDocs = "A proxy was removed.";
    AccountId32 delegator;
    AccountId32 delegatee;
    ProxyType proxy_type{};
    BlockNumber delay = 0;
    bool operator==(const ProxyRemoved&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("delegator", &ProxyRemoved::delegator, "T::AccountId"),
                        field("delegatee", &ProxyRemoved::delegatee, "T::AccountId"),
                        field("proxy_type", &ProxyRemoved::proxy_type, "T::ProxyType"),
                        field("delay", &ProxyRemoved::delay, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
  };
  struct DepositPoked {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "DepositPoked";
    static constexpr const char* kDocs =
        "A deposit stored for proxies or announcements was poked / updated.";
    AccountId32 who;
    DepositKind kind = DepositKind::kProxies;
    Balance old_deposit = 0;
    Balance new_deposit = 0;
    bool operator==(const DepositPoked&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &DepositPoked::who, "T::AccountId"),
                        field("kind", &DepositPoked::kind, "DepositKind"),
                        field("old_deposit", &DepositPoked::old_deposit, "BalanceOf<T>"),
                        field("new_deposit", &DepositPoked::new_deposit, "BalanceOf<T>")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<ProxyExecuted, PureCreated, PureKilled, Announced, ProxyAdded,
                             ProxyRemoved, DepositPoked>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct proxy {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "proxy";
    static constexpr const char* kDocs =
        "Dispatch the given `call` from an account that the sender is authorised for through\n"
        "`add_proxy`.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "Parameters:\n"
        "- `real`: The account that the proxy will make a call on behalf of.\n"
        "- `force_proxy_type`: Specify the exact proxy type to be used and checked for this call.\n"
        "- `call`: The call to be made by the `real` account.";
    MultiAddress real;
    std::optional<ProxyType> force_proxy_type;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{field("real", &proxy::real, "AccountIdLookupOf<T>"),
                        field("force_proxy_type", &proxy::force_proxy_type, "Option<T::ProxyType>"),
                        boxed_field("call", &proxy::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return proxied_info(Weights::proxy(T::kMaxProxies), *call); }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto real_account = lookup_account(real);
      if (!real_account) return with_post_info(unexpected(real_account.error()));
      auto def = find_proxy(*real_account, *who, force_proxy_type);
      if (!def) return with_post_info(unexpected(def.error()));
      if (def->delay != 0) return fail(Error::kUnannounced);
      do_proxy(*def, *real_account, *call);
      return PostDispatchInfo{};
    }
  };

  struct add_proxy {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "add_proxy";
    static constexpr const char* kDocs =
        "Register a proxy account for the sender that is able to make calls on its behalf.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "Parameters:\n"
        "- `proxy`: The account that the `caller` would like to make a proxy.\n"
        "- `proxy_type`: The permissions allowed for this proxy account.\n"
        "- `delay`: The announcement period required of the initial proxy. Will generally be\n"
        "zero.";
    MultiAddress delegate;
    ProxyType proxy_type{};
    BlockNumber delay = 0;
    static constexpr auto fields() {
      return std::tuple{field("delegate", &add_proxy::delegate, "AccountIdLookupOf<T>"),
                        field("proxy_type", &add_proxy::proxy_type, "T::ProxyType"),
                        field("delay", &add_proxy::delay, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::add_proxy(T::kMaxProxies)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto delegatee = lookup_account(delegate);
      if (!delegatee) return with_post_info(unexpected(delegatee.error()));
      return with_post_info(add_proxy_delegate(*who, *delegatee, proxy_type, delay));
    }
  };

  struct remove_proxy {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "remove_proxy";
    static constexpr const char* kDocs =
        "Unregister a proxy account for the sender.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "Parameters:\n"
        "- `proxy`: The account that the `caller` would like to remove as a proxy.\n"
        "- `proxy_type`: The permissions currently enabled for the removed proxy account.";
    MultiAddress delegate;
    ProxyType proxy_type{};
    BlockNumber delay = 0;
    static constexpr auto fields() {
      return std::tuple{field("delegate", &remove_proxy::delegate, "AccountIdLookupOf<T>"),
                        field("proxy_type", &remove_proxy::proxy_type, "T::ProxyType"),
                        field("delay", &remove_proxy::delay, "BlockNumberFor<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_proxy(T::kMaxProxies)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto delegatee = lookup_account(delegate);
      if (!delegatee) return with_post_info(unexpected(delegatee.error()));
      return with_post_info(remove_proxy_delegate(*who, *delegatee, proxy_type, delay));
    }
  };

  struct remove_proxies {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "remove_proxies";
    static constexpr const char* kDocs =
        "Unregister all proxy accounts for the sender.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "WARNING: This may be called on accounts created by `create_pure`, however if done, then\n"
        "the unreserved fees will be inaccessible. **All access to this account will be lost.**";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_proxies(T::kMaxProxies)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      remove_all_proxy_delegates(*who);
      return PostDispatchInfo{};
    }
  };

  struct create_pure {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "create_pure";
    static constexpr const char* kDocs =
        "Spawn a fresh new account that is guaranteed to be otherwise inaccessible, and\n"
        "initialize it with a proxy of `proxy_type` for `origin` sender.\n\n"
        "Requires a `Signed` origin.\n\n"
        "- `proxy_type`: The type of the proxy that the sender will be registered as over the\n"
        "new account. This will almost always be the most permissive `ProxyType` possible to\n"
        "allow for maximum flexibility.\n"
        "- `index`: A disambiguation index, in case this is called multiple times in the same\n"
        "transaction (e.g. with `utility::batch`). Unless you're using `batch` you probably just\n"
        "want to use `0`.\n"
        "- `delay`: The announcement period required of the initial proxy. Will generally be\n"
        "zero.\n\n"
        "Fails with `Duplicate` if this has already been called in this transaction, from the\n"
        "same sender, with the same parameters.\n\n"
        "Fails if there are insufficient funds to pay for deposit.";
    ProxyType proxy_type{};
    BlockNumber delay = 0;
    uint16_t index = 0;
    static constexpr auto fields() {
      return std::tuple{field("proxy_type", &create_pure::proxy_type, "T::ProxyType"),
                        field("delay", &create_pure::delay, "BlockNumberFor<T>"),
                        field("index", &create_pure::index, "u16")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::create_pure(T::kMaxProxies)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      const AccountId32 pure = pure_account_now(*who, proxy_type, index);
      if (Proxies::contains_key(pure)) return fail(Error::kDuplicate);
      auto proxies =
          BoundedVec<Definition, MaxProxies>::try_from({Definition{*who, proxy_type, delay}});
      if (!proxies) return fail(Error::kTooMany);
      const Balance deposit = Balance{T::kProxyDepositBase} + Balance{T::kProxyDepositFactor};
      if (auto reserved = T::Currency::reserve(*who, deposit); !reserved) {
        return with_post_info(reserved);
      }
      Proxies::insert(pure, ProxiesOf{std::move(*proxies), deposit});
      deposit_event(PureCreated{pure, *who, proxy_type, index});
      return PostDispatchInfo{};
    }
  };

  struct kill_pure {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "kill_pure";
    static constexpr const char* kDocs =
        "Removes a previously spawned pure proxy.\n\n"
        "WARNING: **All access to this account will be lost.** Any funds held in it will be\n"
        "inaccessible.\n\n"
        "Requires a `Signed` origin, and the sender account must have been created by a call to\n"
        "`create_pure` with corresponding parameters.\n\n"
        "- `spawner`: The account that originally called `create_pure` to create this account.\n"
        "- `index`: The disambiguation index originally passed to `create_pure`. Probably `0`.\n"
        "- `proxy_type`: The proxy type originally passed to `create_pure`.\n"
        "- `height`: The height of the chain when the call to `create_pure` was processed.\n"
        "- `ext_index`: The extrinsic index in which the call to `create_pure` was processed.\n\n"
        "Fails with `NoPermission` in case the caller is not a previously created pure\n"
        "account whose `create_pure` call has corresponding parameters.";
    MultiAddress spawner;
    ProxyType proxy_type{};
    uint16_t index = 0;
    BlockNumber height = 0;
    uint32_t ext_index = 0;
    static constexpr auto fields() {
      return std::tuple{field("spawner", &kill_pure::spawner, "AccountIdLookupOf<T>"),
                        field("proxy_type", &kill_pure::proxy_type, "T::ProxyType"),
                        field("index", &kill_pure::index, "u16"),
                        compact_field("height", &kill_pure::height, "BlockNumberFor<T>"),
                        compact_field("ext_index", &kill_pure::ext_index, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::kill_pure(T::kMaxProxies)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto spawner_account = lookup_account(spawner);
      if (!spawner_account) return with_post_info(unexpected(spawner_account.error()));
      if (pure_account(*spawner_account, proxy_type, index, height, ext_index) != *who) {
        return fail(Error::kNoPermission);
      }
      const ProxiesOf taken = Proxies::take(*who);
      (void)T::Currency::unreserve(*spawner_account, std::get<1>(taken));
      deposit_event(PureKilled{*who, *spawner_account, proxy_type, index});
      return PostDispatchInfo{};
    }
  };

  struct announce {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "announce";
    static constexpr const char* kDocs =
        "Publish the hash of a proxy-call that will be made in the future.\n\n"
        "This must be called some number of blocks before the corresponding `proxy` is attempted\n"
        "if the delay associated with the proxy relationship is greater than zero.\n\n"
        "No more than `MaxPending` announcements may be made at any one time.\n\n"
        "This will take a deposit of `AnnouncementDepositFactor` as well as\n"
        "`AnnouncementDepositBase` if there are no other pending announcements.\n\n"
        "The dispatch origin for this call must be _Signed_ and a proxy of `real`.\n\n"
        "Parameters:\n"
        "- `real`: The account that the proxy will make a call on behalf of.\n"
        "- `call_hash`: The hash of the call to be made by the `real` account.";
    MultiAddress real;
    H256 call_hash;
    static constexpr auto fields() {
      return std::tuple{field("real", &announce::real, "AccountIdLookupOf<T>"),
                        field("call_hash", &announce::call_hash, "CallHashOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::announce(T::kMaxPending, T::kMaxProxies)}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto real_account = lookup_account(real);
      if (!real_account) return with_post_info(unexpected(real_account.error()));
      const ProxiesOf stored = Proxies::get(*real_account);
      const auto& proxies = std::get<0>(stored);
      if (std::none_of(proxies.begin(), proxies.end(),
                       [&](const Definition& d) { return d.delegate == *who; })) {
        return fail(Error::kNotProxy);
      }
      AnnouncementsOf announcements = Announcements::get(*who);
      auto& [pending, held] = announcements;
      if (!pending.try_push(Announcement{*real_account, call_hash, T::System::block_number()})) {
        return fail(Error::kTooMany);
      }
      auto new_deposit = rejig_deposit(*who, held, T::kAnnouncementDepositBase,
                                       T::kAnnouncementDepositFactor, pending.size());
      if (!new_deposit) return with_post_info(unexpected(new_deposit.error()));
      held = new_deposit->value_or(0);  // just pushed: never empty
      Announcements::insert(*who, announcements);
      deposit_event(Announced{*real_account, *who, call_hash});
      return PostDispatchInfo{};
    }
  };

  struct remove_announcement {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "remove_announcement";
    static constexpr const char* kDocs =
        "Remove a given announcement.\n\n"
        "May be called by a proxy account to remove a call they previously announced and return\n"
        "the deposit.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "Parameters:\n"
        "- `real`: The account that the proxy will make a call on behalf of.\n"
        "- `call_hash`: The hash of the call to be made by the `real` account.";
    MultiAddress real;
    H256 call_hash;
    static constexpr auto fields() {
      return std::tuple{field("real", &remove_announcement::real, "AccountIdLookupOf<T>"),
                        field("call_hash", &remove_announcement::call_hash, "CallHashOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::remove_announcement(T::kMaxPending, T::kMaxProxies)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto real_account = lookup_account(real);
      if (!real_account) return with_post_info(unexpected(real_account.error()));
      return with_post_info(edit_announcements(*who, [&](const Announcement& a) {
        return a.real != *real_account || a.call_hash != call_hash;
      }));
    }
  };

  struct reject_announcement {
    static constexpr uint8_t kScaleIndex = 8;
    static constexpr std::string_view kName = "reject_announcement";
    static constexpr const char* kDocs =
        "Remove the given announcement of a delegate.\n\n"
        "May be called by a target (proxied) account to remove a call that one of their delegates\n"
        "(`delegate`) has announced they want to execute. The deposit is returned.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "Parameters:\n"
        "- `delegate`: The account that previously announced the call.\n"
        "- `call_hash`: The hash of the call to be made.";
    MultiAddress delegate;
    H256 call_hash;
    static constexpr auto fields() {
      return std::tuple{field("delegate", &reject_announcement::delegate, "AccountIdLookupOf<T>"),
                        field("call_hash", &reject_announcement::call_hash, "CallHashOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::reject_announcement(T::kMaxPending, T::kMaxProxies)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto delegatee = lookup_account(delegate);
      if (!delegatee) return with_post_info(unexpected(delegatee.error()));
      return with_post_info(edit_announcements(*delegatee, [&](const Announcement& a) {
        return a.real != *who || a.call_hash != call_hash;
      }));
    }
  };

  struct proxy_announced {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "proxy_announced";
    static constexpr const char* kDocs =
        "Dispatch the given `call` from an account that the sender is authorized for through\n"
        "`add_proxy`.\n\n"
        "Removes any corresponding announcement(s).\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "Parameters:\n"
        "- `real`: The account that the proxy will make a call on behalf of.\n"
        "- `force_proxy_type`: Specify the exact proxy type to be used and checked for this call.\n"
        "- `call`: The call to be made by the `real` account.";
    MultiAddress delegate;
    MultiAddress real;
    std::optional<ProxyType> force_proxy_type;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{
          field("delegate", &proxy_announced::delegate, "AccountIdLookupOf<T>"),
          field("real", &proxy_announced::real, "AccountIdLookupOf<T>"),
          field("force_proxy_type", &proxy_announced::force_proxy_type, "Option<T::ProxyType>"),
          boxed_field("call", &proxy_announced::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      return proxied_info(Weights::proxy_announced(T::kMaxPending, T::kMaxProxies), *call);
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      auto delegatee = lookup_account(delegate);
      if (!delegatee) return with_post_info(unexpected(delegatee.error()));
      auto real_account = lookup_account(real);
      if (!real_account) return with_post_info(unexpected(real_account.error()));
      auto def = find_proxy(*real_account, *delegatee, force_proxy_type);
      if (!def) return with_post_info(unexpected(def.error()));
      const H256 call_hash{call->hash()};
      const BlockNumber now = T::System::block_number();
      const BlockNumber delay = def->delay;
      const auto edited = edit_announcements(*delegatee, [&](const Announcement& a) {
        return a.real != *real_account || a.call_hash != call_hash ||
               (now > a.height ? now - a.height : 0) < delay;
      });
      if (!edited) return fail(Error::kUnannounced);
      do_proxy(*def, *real_account, *call);
      return PostDispatchInfo{};
    }
  };

  struct poke_deposit {
    static constexpr uint8_t kScaleIndex = 10;
    static constexpr std::string_view kName = "poke_deposit";
    static constexpr const char* kDocs =
        "Poke / Adjust deposits made for proxies and announcements based on current values.\n"
        "This can be used by accounts to possibly lower their locked amount.\n\n"
        "The dispatch origin for this call must be _Signed_.\n\n"
        "The transaction fee is waived if the deposit amount has changed.\n\n"
        "Emits `DepositPoked` if successful.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::poke_deposit()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      bool updated = false;
      auto proxies =
          poke<Proxies>(*who, DepositKind::kProxies, T::kProxyDepositBase, T::kProxyDepositFactor);
      if (!proxies) return with_post_info(unexpected(proxies.error()));
      auto announcements =
          poke<Announcements>(*who, DepositKind::kAnnouncements, T::kAnnouncementDepositBase,
                              T::kAnnouncementDepositFactor);
      if (!announcements) return with_post_info(unexpected(announcements.error()));
      updated = *proxies || *announcements;
      return PostDispatchInfo{std::nullopt, updated ? Pays::kNo : Pays::kYes};
    }
  };

  using Call =
      std::variant<proxy, add_proxy, remove_proxy, remove_proxies, create_pure, kill_pure, announce,
                   remove_announcement, reject_announcement, proxy_announced, poke_deposit>;

  // --- The pallet's functions (FRAME's public ones keep their names).

  // The account create_pure makes now: at System's block number and the index of the extrinsic
  // being applied.
  static AccountId32 pure_account_now(const AccountId32& who, const ProxyType& proxy_type,
                                      uint16_t index) {
    return pure_account(who, proxy_type, index, T::System::block_number(),
                        T::System::extrinsic_index().value_or(0));
  }

  // ProxyDepositBase + ProxyDepositFactor × n, nothing for no proxies.
  static Balance deposit(uint32_t num_proxies) {
    if (num_proxies == 0) return 0;
    return Balance{T::kProxyDepositBase} + Balance{T::kProxyDepositFactor} * num_proxies;
  }

  // The proxy of `real` that `delegate` is (of `force_proxy_type` if given).
  static Result<Definition, DispatchError> find_proxy(
      const AccountId32& real, const AccountId32& delegate,
      const std::optional<ProxyType>& force_proxy_type) {
    const ProxiesOf proxies = Proxies::get(real);
    for (const Definition& d : std::get<0>(proxies)) {
      if (d.delegate == delegate && (!force_proxy_type || d.proxy_type == *force_proxy_type)) {
        return d;
      }
    }
    return unexpected(error(Error::kNotProxy));
  }

  static DispatchResult add_proxy_delegate(const AccountId32& delegator,
                                           const AccountId32& delegatee,
                                           const ProxyType& proxy_type, BlockNumber delay) {
    if (delegator == delegatee) return unexpected(error(Error::kNoSelfProxy));
    ProxiesOf entry = Proxies::get(delegator);
    auto& [proxies, held] = entry;
    const Definition def{delegatee, proxy_type, delay};
    const auto at = std::lower_bound(proxies.items.begin(), proxies.items.end(), def);
    if (at != proxies.items.end() && *at == def) return unexpected(error(Error::kDuplicate));
    if (!proxies.try_insert(static_cast<size_t>(at - proxies.items.begin()), def)) {
      return unexpected(error(Error::kTooMany));
    }
    const Balance new_deposit = deposit(static_cast<uint32_t>(proxies.size()));
    CANARY_TRY(adjust_reserve(delegator, held, new_deposit));
    held = new_deposit;
    Proxies::insert(delegator, entry);
    deposit_event(ProxyAdded{delegator, delegatee, proxy_type, delay});
    return {};
  }

  static DispatchResult remove_proxy_delegate(const AccountId32& delegator,
                                              const AccountId32& delegatee,
                                              const ProxyType& proxy_type, BlockNumber delay) {
    auto stored = Proxies::try_get(delegator);
    if (!stored) return unexpected(error(Error::kNotFound));
    auto& [proxies, old_deposit] = *stored;
    const Definition def{delegatee, proxy_type, delay};
    const auto at = std::lower_bound(proxies.items.begin(), proxies.items.end(), def);
    if (at == proxies.items.end() || *at != def) return unexpected(error(Error::kNotFound));
    proxies.items.erase(at);
    const Balance new_deposit = deposit(static_cast<uint32_t>(proxies.size()));
    CANARY_TRY(adjust_reserve(delegator, old_deposit, new_deposit));
    if (proxies.empty()) {
      Proxies::remove(delegator);
    } else {
      old_deposit = new_deposit;
      Proxies::insert(delegator, *stored);
    }
    deposit_event(ProxyRemoved{delegator, delegatee, proxy_type, delay});
    return {};
  }

  static void remove_all_proxy_delegates(const AccountId32& delegator) {
    const ProxiesOf taken = Proxies::take(delegator);
    (void)T::Currency::unreserve(delegator, std::get<1>(taken));
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(
        constant(r, "ProxyDepositBase", Balance{T::kProxyDepositBase},
                 {" The base amount of currency needed to reserve for creating a proxy.", "",
                  " This is held for an additional storage item whose value size is",
                  " `sizeof(Balance)` bytes and whose key size is `sizeof(AccountId)` bytes."}));
    c.push_back(constant(
        r, "ProxyDepositFactor", Balance{T::kProxyDepositFactor},
        {" The amount of currency needed per proxy added.", "",
         " This is held for adding 32 bytes plus an instance of `ProxyType` more into a",
         " pre-existing storage value. Thus, when configuring `ProxyDepositFactor` one should take",
         " into account `32 + proxy_type.encode().len()` bytes of data."}));
    c.push_back(constant(r, "MaxProxies", uint32_t{T::kMaxProxies},
                         {" The maximum amount of proxies allowed for a single account."}));
    c.push_back(constant(
        r, "MaxPending", uint32_t{T::kMaxPending},
        {" The maximum amount of time-delayed announcements that are allowed to be pending."}));
    c.push_back(constant(
        r, "AnnouncementDepositBase", Balance{T::kAnnouncementDepositBase},
        {" The base amount of currency needed to reserve for creating an announcement.", "",
         " This is held when a new storage item holding a `Balance` is created (typically 16",
         " bytes)."}));
    c.push_back(constant(
        r, "AnnouncementDepositFactor", Balance{T::kAnnouncementDepositFactor},
        {" The amount of currency needed per announcement made.", "",
         " This is held for adding an `AccountId`, `Hash` and `BlockNumber` (typically 68 bytes)",
         " into a pre-existing storage value."}));
  }

  // --- Try-state: every stored list is non-empty, within its bound, and (proxies) strictly
  // sorted, as the calls keep them.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    const auto proxies_ok = for_each_stored<Proxies>([](const ProxiesOf& entry) {
      const auto& items = std::get<0>(entry).items;
      if (items.empty()) return false;
      for (size_t i = 1; i < items.size(); ++i) {
        if (!(items[i - 1] < items[i])) return false;
      }
      return true;
    });
    if (!proxies_ok) return unexpected(std::string("Proxy: a proxy list empty or out of order"));
    const auto announcements_ok = for_each_stored<Announcements>(
        [](const AnnouncementsOf& entry) { return !std::get<0>(entry).empty(); });
    if (!announcements_ok) return unexpected(std::string("Proxy: an empty announcement list"));
    return {};
  }

 private:
  static DispatchResultWithPostInfo fail(Error e) { return with_post_info(unexpected(error(e))); }

  static DispatchInfo proxied_info(const Weight& own, const RuntimeCall& call) {
    const DispatchInfo inner = call.info();
    // Plus the inner origin's AccountData (one read, one write), as FRAME declares.
    return {own.saturating_add(T::kDbWeight.reads_writes(1, 1)).saturating_add(inner.call_weight),
            inner.dispatch_class};
  }

  // Reserves or unreserves the difference between the held and the new deposit (what cannot be
  // unreserved is left, as FRAME ignores it).
  static DispatchResult adjust_reserve(const AccountId32& who, Balance held, Balance wanted) {
    if (wanted > held) return T::Currency::reserve(who, wanted - held);
    if (wanted < held) (void)T::Currency::unreserve(who, held - wanted);
    return {};
  }

  // FRAME's rejig_deposit: base + factor × len (nothing for len 0) reserved in place of
  // `old_deposit`; none for an empty list.
  static Result<std::optional<Balance>, DispatchError> rejig_deposit(const AccountId32& who,
                                                                     Balance old_deposit,
                                                                     Balance base, Balance factor,
                                                                     size_t len) {
    const Balance new_deposit = len == 0 ? Balance{0} : base + factor * len;
    CANARY_TRY(adjust_reserve(who, old_deposit, new_deposit));
    if (len == 0) return std::optional<Balance>{};
    return std::optional<Balance>{new_deposit};
  }

  // FRAME's edit_announcements: keeps the announcements of `delegate` that `keep` accepts; at
  // least one must go (NotFound), and the deposit follows the rest.
  template <class Keep>
  static DispatchResult edit_announcements(const AccountId32& delegate, Keep&& keep) {
    auto stored = Announcements::try_get(delegate);
    if (!stored) return unexpected(error(Error::kNotFound));
    auto& [pending, old_deposit] = *stored;
    const size_t before = pending.size();
    std::erase_if(pending.items, [&](const Announcement& a) { return !keep(a); });
    if (pending.size() == before) return unexpected(error(Error::kNotFound));
    CANARY_TRY_ASSIGN(const auto new_deposit,
                      rejig_deposit(delegate, old_deposit, T::kAnnouncementDepositBase,
                                    T::kAnnouncementDepositFactor, pending.size()));
    if (!new_deposit) {
      Announcements::remove(delegate);
    } else {
      old_deposit = *new_deposit;
      Announcements::insert(delegate, *stored);
    }
    return {};
  }

  // poke_deposit's step for one item: the deposit the list needs now; an event and `true` when
  // it changed.
  template <class Item>
  static Result<bool, DispatchError> poke(const AccountId32& who, DepositKind kind, Balance base,
                                          Balance factor) {
    auto stored = Item::try_get(who);
    if (!stored) return false;
    auto& [list, old_deposit] = *stored;
    CANARY_TRY_ASSIGN(const auto new_deposit,
                      rejig_deposit(who, old_deposit, base, factor, list.size()));
    if (!new_deposit) {
      Item::remove(who);
      if (old_deposit == 0) return false;
      deposit_event(DepositPoked{who, kind, old_deposit, 0});
      return true;
    }
    if (*new_deposit == old_deposit) return false;
    const Balance previous = old_deposit;
    old_deposit = *new_deposit;
    Item::insert(who, *stored);
    deposit_event(DepositPoked{who, kind, previous, *new_deposit});
    return true;
  }

  // The proxy type travels in the origin filter's context: its encoding (at most 7 bytes) and
  // its length in the top byte.
  static uint64_t filter_context(const ProxyType& type) {
    const Bytes encoded = scale::encode(type);
    CANARY_ASSERT(encoded.size() <= 7);
    uint64_t context = uint64_t{encoded.size()} << 56;
    for (size_t i = 0; i < encoded.size(); ++i) context |= uint64_t{encoded[i]} << (8 * i);
    return context;
  }
  static ProxyType proxy_type_of(uint64_t context) {
    const auto len = static_cast<size_t>(context >> 56);
    Bytes encoded(len);
    for (size_t i = 0; i < len; ++i) encoded[i] = static_cast<uint8_t>(context >> (8 * i));
    auto decoded = scale::decode<ProxyType>(encoded);
    CANARY_ASSERT(decoded.has_value());
    return *decoded;
  }

  // do_proxy's filter: no escalation through this pallet's calls, then the proxy type's filter.
  static bool filter_allows(const void* runtime_call, uint64_t context) {
    const auto& call = *static_cast<const RuntimeCall*>(runtime_call);
    const ProxyType type = proxy_type_of(context);
    const bool escalates = std::visit(
        [&](const auto& pallet_call) {
          using P = typename std::decay_t<decltype(pallet_call)>::Pallet;
          if constexpr (!std::is_same_v<P, Pallet>) {
            return false;
          } else {
            return std::visit(
                [&](const auto& own) {
                  using C = std::decay_t<decltype(own)>;
                  if constexpr (std::is_same_v<C, add_proxy> || std::is_same_v<C, remove_proxy>) {
                    return !T::proxy_is_superset(type, own.proxy_type);
                  } else if constexpr (std::is_same_v<C, remove_proxies> ||
                                       std::is_same_v<C, kill_pure>) {
                    return type != ProxyType{};
                  } else {
                    return false;
                  }
                },
                pallet_call.call);
          }
        },
        call.value);
    return !escalates && T::proxy_filter(type, call);
  }

  // FRAME's do_proxy: the call from Signed(real) under the proxy's filter, in a storage layer of
  // its own; its result is the event's, never the proxy call's.
  static void do_proxy(const Definition& def, const AccountId32& real, const RuntimeCall& call) {
    Origin origin = Origin::signed_by(real);
    origin.filter = CallFilter{&filter_allows, filter_context(def.proxy_type)};
    const DispatchResultWithPostInfo result = dispatch_in_layer(call, origin);
    deposit_event(ProxyExecuted{without_post_info(result)});
  }

  // Runs `ok` on every stored value of a map item; false if one fails it or does not decode.
  template <class Item, class Ok>
  static bool for_each_stored(Ok&& ok) {
    const Bytes& start = Item::prefix();
    Bytes cursor = start;
    while (auto next = io::storage::next_key(cursor)) {
      if (next->size() < start.size() || !std::equal(start.begin(), start.end(), next->begin())) {
        break;
      }
      cursor = *next;
      const auto raw = io::storage::get(*next);
      if (!raw) continue;
      const auto value = scale::decode<typename Item::Value>(*raw);
      if (!value || !ok(*value)) return false;
    }
    return true;
  }
};

}  // namespace canary::rt::pallets::proxy
