// pallet_sudo (development and local chains only; Kusama has none): one key account may dispatch
// any call as Root (sudo, sudo_unchecked_weight) or as any signed account (sudo_as), hand the key
// over (set_key) or give it up for good (remove_key). Root itself passes the key check too, as in
// FRAME's ensure_sudo. The sudo account pays no fee for these calls. Call indices, events and
// errors as in FRAME (substrate/frame/sudo).
//
// The runtime configuration T provides System and Pallets (the calls carried are its
// RuntimeCall) and kDbWeight. The CheckOnlySudoAccount extension is not provided.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/calls/boxed.hpp"
#include "runtime/framework/calls/call_nesting.hpp"
#include "runtime/framework/calls/nested_dispatch.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/pallets/sudo/weights.hpp"

namespace canary::rt::pallets::sudo {

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t { kRequireSudo = 0 };

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_sudo";

  using RuntimeCall = typename T::Pallets::Call;

  // --- Storage.
  using Key = StorageValue<Pallet, "Key", AccountId32, OptionQuery,
                           DocLines<" The `AccountId` of the sudo key.">>;

  // --- Errors.
  using Error = sudo::Error;
  static constexpr ErrorInfo kErrors[] = {{"RequireSudo", "Sender must be the Sudo account."}};

  // --- Events.
  struct Sudid {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Sudid";
    static constexpr const char* kDocs = "A sudo call just took place.";
    DispatchResult sudo_result;
    static constexpr auto fields() {
      return std::tuple{field("sudo_result", &Sudid::sudo_result, "DispatchResult")};
    }
    CANARY_DESCRIBED()
  };
  struct KeyChanged {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "KeyChanged";
    static constexpr const char* kDocs = "The sudo key has been updated.";
    std::optional<AccountId32> old;
    AccountId32 new_key;
    bool operator==(const KeyChanged&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("old", &KeyChanged::old, "Option<T::AccountId>"),
                        field("new", &KeyChanged::new_key, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct KeyRemoved {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "KeyRemoved";
    static constexpr const char* kDocs = "The key was permanently removed.";
    bool operator==(const KeyRemoved&) const = default;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct SudoAsDone {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "SudoAsDone";
    static constexpr const char* kDocs = "A [sudo_as](Pallet::sudo_as) call just took place.";
    DispatchResult sudo_result;
    static constexpr auto fields() {
      return std::tuple{field("sudo_result", &SudoAsDone::sudo_result, "DispatchResult")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<Sudid, KeyChanged, KeyRemoved, SudoAsDone>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // What the calls cost (weights.hpp).
  using Weights = WeightInfoOf<T>;

  // FRAME's ensure_sudo: Root, or the key account.
  static DispatchResult ensure_sudo(const Origin& origin) {
    if (origin.kind == Origin::Kind::kRoot) return {};
    if (origin.kind != Origin::Kind::kSigned) return unexpected(bad_origin());
    const auto key = Key::get();
    if (!key || *key != origin.who) return unexpected(pallet_error<Pallet>(Error::kRequireSudo));
    return {};
  }

  // The sudo account does not pay.
  static PostDispatchInfo free() { return PostDispatchInfo{std::nullopt, Pays::kNo}; }

  // --- Calls.
  struct sudo {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "sudo";
    static constexpr const char* kDocs =
        "Authenticates the sudo key and dispatches a function call with `Root` origin.";
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{boxed_field("call", &sudo::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      const DispatchInfo inner = call->info();
      return {Weights::sudo().saturating_add(inner.call_weight), inner.dispatch_class};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_sudo(origin); !ok) return with_post_info(ok);
      deposit_event(Sudid{without_post_info(dispatch_in_layer(*call, Origin::root()))});
      return free();
    }
  };

  struct sudo_unchecked_weight {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "sudo_unchecked_weight";
    static constexpr const char* kDocs =
        "Authenticates the sudo key and dispatches a function call with `Root` origin.\n"
        "This function does not check the weight of the call, and instead allows the\n"
        "Sudo user to specify the weight of the call.";
    Boxed<RuntimeCall> call;
    Weight weight;
    static constexpr auto fields() {
      return std::tuple{
          boxed_field("call", &sudo_unchecked_weight::call, "Box<<T as Config>::RuntimeCall>"),
          field("weight", &sudo_unchecked_weight::weight, "Weight")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return {weight, call->info().dispatch_class}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_sudo(origin); !ok) return with_post_info(ok);
      deposit_event(Sudid{without_post_info(dispatch_in_layer(*call, Origin::root()))});
      return free();
    }
  };

  struct set_key {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "set_key";
    static constexpr const char* kDocs =
        "Authenticates the current sudo key and sets the given AccountId (`new`) as the new sudo\n"
        "key.";
    MultiAddress new_key;
    static constexpr auto fields() {
      return std::tuple{field("new", &set_key::new_key, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_key()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_sudo(origin); !ok) return with_post_info(ok);
      auto account = lookup_account(new_key);
      if (!account) return with_post_info(unexpected(account.error()));
      deposit_event(KeyChanged{Key::get(), *account});
      Key::put(*account);
      return free();
    }
  };

  struct sudo_as {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "sudo_as";
    static constexpr const char* kDocs =
        "Authenticates the sudo key and dispatches a function call with `Signed` origin from\n"
        "a given account.";
    MultiAddress who;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{field("who", &sudo_as::who, "AccountIdLookupOf<T>"),
                        boxed_field("call", &sudo_as::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      const DispatchInfo inner = call->info();
      return {Weights::sudo_as().saturating_add(inner.call_weight), inner.dispatch_class};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_sudo(origin); !ok) return with_post_info(ok);
      auto account = lookup_account(who);
      if (!account) return with_post_info(unexpected(account.error()));
      deposit_event(
          SudoAsDone{without_post_info(dispatch_in_layer(*call, Origin::signed_by(*account)))});
      return free();
    }
  };

  struct remove_key {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "remove_key";
    static constexpr const char* kDocs =
        "Permanently removes the sudo key.\n\n**This cannot be un-done.**";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_key()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_sudo(origin); !ok) return with_post_info(ok);
      deposit_event(KeyRemoved{});
      Key::kill();
      return free();
    }
  };

  using Call = std::variant<sudo, sudo_unchecked_weight, set_key, sudo_as, remove_key>;

  // --- Genesis: `{"key": account}`, or null for none.
  struct GenesisConfig {
    std::optional<AccountId32> key;
    static constexpr auto json_fields() {
      return std::tuple{json_field("key", &GenesisConfig::key)};
    }
  };
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (config.key) Key::put(*config.key);
    return {};
  }

  // --- Metadata.
  using Storage = std::tuple<Key>;
};

}  // namespace canary::rt::pallets::sudo
