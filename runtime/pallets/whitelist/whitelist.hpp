// pallet_whitelist: one origin (WhitelistOrigin, Kusama: Root or the Fellows) whitelists the hash
// of a call; another (DispatchWhitelistedOrigin, Kusama: Root or a referendum on the
// WhitelistedCaller track) dispatches the call with that hash as Root, once. Whitelisting asks
// the preimage provider to keep (or accept for free) the call's preimage; removing or dispatching
// the call withdraws that request. Reference semantics: polkadot-sdk substrate/frame/whitelist
// (lib.rs), as Kusama FR-1.7.1 builds it at index 44; metadata as Kusama's (spec 1_009_002: one
// storage item, four calls, three events, five errors, no constants).
//
// The runtime's configuration T provides, besides System, Pallets and kDbWeight:
//   WhitelistOrigin             an EnsureOrigin that may whitelist and remove calls
//   DispatchWhitelistedOrigin   an EnsureOrigin that may dispatch whitelisted calls
//   WhitelistPreimages          a traits::preimages::QueryPreimage (Kusama: Preimage)
//   optional WhitelistWeightInfo (weights.hpp)
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/calls/boxed.hpp"
#include "runtime/framework/calls/call_nesting.hpp"
#include "runtime/framework/calls/nested_dispatch.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/preimages.hpp"
#include "runtime/pallets/whitelist/types.hpp"
#include "runtime/pallets/whitelist/weights.hpp"

namespace canary::rt::pallets::whitelist {

enum class Error : uint8_t {
  kUnavailablePreImage = 0,
  kUndecodableCall = 1,
  kInvalidCallWeightWitness = 2,
  kCallIsNotWhitelisted = 3,
  kCallAlreadyWhitelisted = 4,
};

// Events whose one field is the call's hash.
template <uint8_t Index, FixedString Name>
struct CallHashEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = "";
  H256 call_hash;
  bool operator==(const CallHashEvent&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("call_hash", &CallHashEvent::call_hash, "T::Hash")};
  }
  CANARY_DESCRIBED()
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_whitelist";
  static constexpr const char* kDocs = "";

  using RuntimeCall = typename T::Pallets::Call;
  using Weights = WeightInfoOf<T>;
  using Preimages = typename T::WhitelistPreimages;
  static_assert(traits::preimages::QueryPreimage<Preimages>);
  static_assert(EnsureOrigin<typename T::WhitelistOrigin>);
  static_assert(EnsureOrigin<typename T::DispatchWhitelistedOrigin>);

  // --- Storage: the whitelisted hashes (a set: the value is ()).
  using WhitelistedCall =
      StorageMap<Pallet, "WhitelistedCall", Twox64Concat, H256, std::monostate, OptionQuery>;
  using Storage = std::tuple<WhitelistedCall>;

  // --- Errors.
  using Error = whitelist::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"UnavailablePreImage", "The preimage of the call hash could not be loaded."},
      {"UndecodableCall", "The call could not be decoded."},
      {"InvalidCallWeightWitness", "The weight of the decoded call was higher than the witness."},
      {"CallIsNotWhitelisted", "The call was not whitelisted."},
      {"CallAlreadyWhitelisted", "The call was already whitelisted; No-Op."},
  };
  static DispatchErrorWithPostInfo error(Error e) { return {{}, pallet_error<Pallet>(e)}; }

  // --- Events.
  using CallWhitelisted = CallHashEvent<0, "CallWhitelisted">;
  using WhitelistedCallRemoved = CallHashEvent<1, "WhitelistedCallRemoved">;
  struct WhitelistedCallDispatched {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "WhitelistedCallDispatched";
    static constexpr const char* kDocs = "";
    H256 call_hash;
    // The call's whole outcome, post-info included (FRAME records DispatchResultWithPostInfo).
    RecordedResult result;
    bool operator==(const WhitelistedCallDispatched& other) const {
      if (call_hash != other.call_hash || result.has_value() != other.result.has_value()) {
        return false;
      }
      return result ? *result == *other.result : result.error() == other.result.error();
    }
    static constexpr auto fields() {
      return std::tuple{
          field("call_hash", &WhitelistedCallDispatched::call_hash, "T::Hash"),
          field("result", &WhitelistedCallDispatched::result, "DispatchResultWithPostInfo")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<CallWhitelisted, WhitelistedCallRemoved, WhitelistedCallDispatched>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct whitelist_call {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "whitelist_call";
    static constexpr const char* kDocs = "";
    H256 call_hash;
    static constexpr auto fields() {
      return std::tuple{field("call_hash", &whitelist_call::call_hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::whitelist_call()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::WhitelistOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      if (WhitelistedCall::contains_key(call_hash)) {
        return unexpected(error(Error::kCallAlreadyWhitelisted));
      }
      WhitelistedCall::insert(call_hash, std::monostate{});
      Preimages::request(call_hash.bytes);
      deposit_event(CallWhitelisted{call_hash});
      return PostDispatchInfo{};
    }
  };

  struct remove_whitelisted_call {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "remove_whitelisted_call";
    static constexpr const char* kDocs = "";
    H256 call_hash;
    static constexpr auto fields() {
      return std::tuple{field("call_hash", &remove_whitelisted_call::call_hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remove_whitelisted_call()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::WhitelistOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      if (!WhitelistedCall::take(call_hash)) {
        return unexpected(error(Error::kCallIsNotWhitelisted));
      }
      Preimages::unrequest(call_hash.bytes);
      deposit_event(WhitelistedCallRemoved{call_hash});
      return PostDispatchInfo{};
    }
  };

  struct dispatch_whitelisted_call {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "dispatch_whitelisted_call";
    static constexpr const char* kDocs = "";
    H256 call_hash;
    uint32_t call_encoded_len = 0;
    Weight call_weight_witness;
    static constexpr auto fields() {
      return std::tuple{
          field("call_hash", &dispatch_whitelisted_call::call_hash, "T::Hash"),
          field("call_encoded_len", &dispatch_whitelisted_call::call_encoded_len, "u32"),
          field("call_weight_witness", &dispatch_whitelisted_call::call_weight_witness, "Weight")};
    }
    CANARY_DESCRIBED()
    // The witness stands for the call's weight, which is unknown until its preimage is read.
    DispatchInfo info() const {
      return {
          Weights::dispatch_whitelisted_call(call_encoded_len).saturating_add(call_weight_witness)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::DispatchWhitelistedOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      if (!WhitelistedCall::contains_key(call_hash)) {
        return unexpected(error(Error::kCallIsNotWhitelisted));
      }
      auto encoded = Preimages::fetch(call_hash.bytes, call_encoded_len);
      if (!encoded) return unexpected(error(Error::kUnavailablePreImage));
      // decode_all_with_depth_limit: nothing left over, nesting bounded (call_nesting.hpp).
      auto call = scale::decode<RuntimeCall>(*encoded);
      if (!call) return unexpected(error(Error::kUndecodableCall));
      if (!call->info().call_weight.all_lte(call_weight_witness)) {
        return unexpected(error(Error::kInvalidCallWeightWitness));
      }
      const std::optional<Weight> actual = clean_and_dispatch(call_hash, *call);
      return post_info(actual, Weights::dispatch_whitelisted_call(call_encoded_len));
    }
  };

  struct dispatch_whitelisted_call_with_preimage {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "dispatch_whitelisted_call_with_preimage";
    static constexpr const char* kDocs = "";
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{boxed_field("call", &dispatch_whitelisted_call_with_preimage::call,
                                    "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      return {Weights::dispatch_whitelisted_call_with_preimage(encoded_len())
                  .saturating_add(call->info().call_weight)};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto ok = ensure_origin<typename T::DispatchWhitelistedOrigin>(origin); !ok) {
        return with_post_info(unexpected(ok.error()));
      }
      const H256 call_hash{call->hash()};
      if (!WhitelistedCall::contains_key(call_hash)) {
        return unexpected(error(Error::kCallIsNotWhitelisted));
      }
      const uint32_t len = encoded_len();
      const std::optional<Weight> actual = clean_and_dispatch(call_hash, *call);
      return post_info(actual, Weights::dispatch_whitelisted_call_with_preimage(len));
    }
    uint32_t encoded_len() const { return static_cast<uint32_t>(scale::encode(*call).size()); }
  };

  using Call = std::variant<whitelist_call, remove_whitelisted_call, dispatch_whitelisted_call,
                            dispatch_whitelisted_call_with_preimage>;

  // FRAME's clean_and_dispatch: the hash leaves the whitelist and its preimage request is
  // withdrawn before the call runs as Root (in a storage layer of its own, as every FRAME
  // dispatch); the outcome is an event either way, and the call's actual weight, if it reported
  // one, is returned.
  static std::optional<Weight> clean_and_dispatch(const H256& call_hash, const RuntimeCall& call) {
    WhitelistedCall::remove(call_hash);
    Preimages::unrequest(call_hash.bytes);
    const DispatchResultWithPostInfo result = dispatch_in_layer(call, Origin::root());
    const std::optional<Weight> actual =
        result ? result->actual_weight : result.error().post_info.actual_weight;
    deposit_event(WhitelistedCallDispatched{call_hash, recorded(result)});
    return actual;
  }

  // The call succeeds whatever the dispatched call did: the declared weight stands unless the
  // dispatched call reported its actual weight, then that plus this pallet's part.
  static PostDispatchInfo post_info(std::optional<Weight> actual, Weight own) {
    PostDispatchInfo info;
    if (actual) info.actual_weight = actual->saturating_add(own);
    return info;
  }
};

}  // namespace canary::rt::pallets::whitelist
