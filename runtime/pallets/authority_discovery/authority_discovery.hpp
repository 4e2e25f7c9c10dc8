// pallet_authority_discovery (AuthorityDiscovery, Kusama index 12): the `audi` keys of the current
// and the next session's validators, kept by its session handler. The node's authority discovery
// publishes its addresses under its key and looks the others up by theirs
// (`AuthorityDiscoveryApi_authorities`); the parachain host records the keys in each SessionInfo.
// Semantics: polkadot-sdk substrate/frame/authority-discovery/src/lib.rs. No calls, events or
// errors; storage as Kusama's metadata.
//
// The runtime configuration T provides kMaxAuthorities (u32: the bound of the key lists; a larger
// set is kept and logged, FRAME's WeakBoundedVec::force_from).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/authority_discovery/authority_id.hpp"

namespace canary::rt::pallets::authority_discovery {

// `"authorityDiscovery": {"keys": [...]}`: keys of a genesis without Session (with session keys,
// Session's genesis gives them and this stays empty).
struct GenesisConfig {
  std::vector<AuthorityId> keys;
  static constexpr auto json_fields() {
    return std::tuple{json_field("keys", &GenesisConfig::keys)};
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_authority_discovery";
  static constexpr const char* kDocs = "The keys validators are found by on the network.";

  using KeyVec = WeakBoundedVec<AuthorityId, ConstU32<T::kMaxAuthorities>>;

  // --- Storage.
  using Keys = StorageValue<Pallet, "Keys", KeyVec, ValueQuery,
                            DocLines<" Keys of the current authority set.">>;
  using NextKeys = StorageValue<Pallet, "NextKeys", KeyVec, ValueQuery,
                                DocLines<" Keys of the next authority set.">>;
  using Storage = std::tuple<Keys, NextKeys>;

  // The current and the next set's keys, sorted and without duplicates (what the runtime API
  // answers: the node looks up both sets, so it reaches the next validators before they start).
  static std::vector<AuthorityId> authorities() {
    std::vector<AuthorityId> keys = Keys::get().items;
    const std::vector<AuthorityId> next = NextKeys::get().items;
    keys.insert(keys.end(), next.begin(), next.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
  }
  // The current set in the validators' order (SessionInfo's discovery_keys).
  static std::vector<AuthorityId> current_authorities() { return Keys::get().items; }
  static std::vector<AuthorityId> next_authorities() { return NextKeys::get().items; }

  // --- Session handler (OneSessionHandler for the `audi` key).
  static void on_genesis_session(const std::vector<std::pair<AccountId32, AuthorityId>>& keys) {
    initialize_keys(keys_of(keys));
  }
  static void on_new_session(bool changed,
                             const std::vector<std::pair<AccountId32, AuthorityId>>& validators,
                             const std::vector<std::pair<AccountId32, AuthorityId>>& queued,
                             uint32_t /*session_index*/) {
    // `changed` says whether the set that starts now differs from the one that ends; the next
    // set is written every time.
    if (changed) Keys::put(bounded(keys_of(validators)));
    NextKeys::put(bounded(keys_of(queued)));
  }
  static void on_disabled(uint32_t /*validator_index*/) {}

  // --- Genesis.
  using GenesisConfig = authority_discovery::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (config.keys.size() > T::kMaxAuthorities) {
      return unexpected(std::string("keys: more than the runtime's MaxAuthorities"));
    }
    if (!config.keys.empty() && !Keys::get().empty()) {
      return unexpected(std::string("keys: already initialized by the session keys"));
    }
    initialize_keys(config.keys);
    return {};
  }

 private:
  static void initialize_keys(const std::vector<AuthorityId>& keys) {
    if (keys.empty()) return;
    Keys::put(bounded(keys));
    NextKeys::put(bounded(keys));
  }
  static std::vector<AuthorityId> keys_of(
      const std::vector<std::pair<AccountId32, AuthorityId>>& validators) {
    std::vector<AuthorityId> out;
    out.reserve(validators.size());
    for (const auto& [who, key] : validators) out.push_back(key);
    return out;
  }
  static KeyVec bounded(std::vector<AuthorityId> keys) {
    if (keys.size() > T::kMaxAuthorities) {
      io::log(io::LogLevel::kWarn, "runtime::authority-discovery",
              "Warning: The session has more validators than expected. A runtime configuration "
              "adjustment may be needed.");
    }
    return KeyVec{std::move(keys)};
  }
};

}  // namespace canary::rt::pallets::authority_discovery
