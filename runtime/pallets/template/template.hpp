// pallet_template: the pallet to copy when you write a new one (runtime/README.md, "Writing a
// pallet", walks through it). It has one of each part a pallet may have: a storage value and a
// storage map, two calls with their weights, an event, errors, a configuration constant, a
// genesis field and a try-state check. Its behaviour is FRAME's pallet-template's
// (polkadot-sdk templates/*/pallets/template): `do_something` stores a number and says who did,
// `cause_error` increments it or fails. Two additions show the rest: the number is bounded by the
// runtime's `kTemplateMaxValue`, and every caller's last number is kept in a map.
//
// The runtime configuration T provides System, Pallets and kDbWeight (frame_system's), and
//   static constexpr uint32_t kTemplateMaxValue;   the largest number do_something accepts
//   using TemplateWeightInfo = …;                   optional: its own weights (weights.hpp)
// The development runtime has it at index 254 (runtime/canary/runtime.hpp); Kusama has none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/pallets/template/weights.hpp"

namespace canary::rt::pallets::template_pallet {

// The errors, in index order (the pallet's kErrors names them in the same order; the composition
// checks that at compile time). At namespace scope so that the check can read the enumerators.
enum class Error : uint8_t { kNoneValue = 0, kStorageOverflow = 1, kTooLarge = 2 };

// The genesis field (`"template": {"initialValue": 7}` in a chain spec's genesis config): the
// number Something starts with, none by default.
struct GenesisConfig {
  std::optional<uint32_t> initial_value;
  // The JSON field names, Substrate's serde spelling (camelCase); the JSON codec derives the rest.
  static constexpr auto json_fields() {
    return std::tuple{json_field("initialValue", &GenesisConfig::initial_value)};
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  // The Rust crate the metadata names in type paths.
  static constexpr std::string_view kCrate = "pallet_template";
  static constexpr const char* kDocs = "A pallet to copy when writing a new one.";

  // What the calls cost (weights.hpp): the runtime's TemplateWeightInfo, else the reference.
  using Weights = WeightInfoOf<T>;

  // --- Storage: FRAME's key layout (twox128(pallet) ‖ twox128(item) ‖ hashed key); the
  // metadata comes from the same declarations, docs included, in the order Storage lists them.
  using Something = StorageValue<Pallet, "Something", uint32_t, OptionQuery,
                                 DocLines<" The last number stored by anyone.">>;
  using Values = StorageMap<Pallet, "Values", Blake2_128Concat, AccountId32, uint32_t, OptionQuery,
                            DocLines<" The last number each account stored.">>;
  using Storage = std::tuple<Something, Values>;

  // --- Errors.
  using Error = template_pallet::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"NoneValue", "The value retrieved was `None` as no value was previously set."},
      {"StorageOverflow",
       "There was an attempt to increment the value in storage over `u32::MAX`."},
      {"TooLarge", "The value is larger than `MaxValue`."},
  };

  // --- Events.
  struct SomethingStored {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "SomethingStored";
    static constexpr const char* kDocs = "A user has successfully set a new value.";
    uint32_t something = 0;
    AccountId32 who;
    bool operator==(const SomethingStored&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("something", &SomethingStored::something, "u32"),
                        field("who", &SomethingStored::who, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<SomethingStored>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls: each a struct with its index, name, fields (one list gives the codec and the
  // metadata), weight and dispatch.
  struct do_something {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "do_something";
    static constexpr const char* kDocs =
        "An example dispatchable that takes a single u32 value as a parameter, writes the value\n"
        "to storage and emits an event.";
    uint32_t something = 0;
    static constexpr auto fields() {
      return std::tuple{field("something", &do_something::something, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::do_something()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      if (something > T::kTemplateMaxValue) {
        return with_post_info(unexpected(pallet_error<Pallet>(Error::kTooLarge)));
      }
      Something::put(something);
      Values::insert(*who, something);
      deposit_event(SomethingStored{something, *who});
      return PostDispatchInfo{};
    }
  };

  struct cause_error {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "cause_error";
    static constexpr const char* kDocs =
        "An example dispatchable that may throw a custom error: it increments the stored value,\n"
        "or fails when there is none or it would overflow.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::cause_error()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      const std::optional<uint32_t> current = Something::get();
      if (!current) return with_post_info(unexpected(pallet_error<Pallet>(Error::kNoneValue)));
      if (*current == UINT32_MAX) {
        return with_post_info(unexpected(pallet_error<Pallet>(Error::kStorageOverflow)));
      }
      Something::put(*current + 1);
      return PostDispatchInfo{};
    }
  };

  using Call = std::variant<do_something, cause_error>;

  // --- Genesis: checks the configuration and writes it; an error stops the genesis build.
  using GenesisConfig = template_pallet::GenesisConfig;
  static Result<void, std::string> build_genesis(const GenesisConfig& config) {
    if (!config.initial_value) return {};
    if (*config.initial_value > T::kTemplateMaxValue) {
      return unexpected("initialValue " + std::to_string(*config.initial_value) +
                        " is above MaxValue " + std::to_string(T::kTemplateMaxValue));
    }
    Something::put(*config.initial_value);
    return {};
  }

  // --- Try-state (framework/try_state.hpp): what must hold after every block. do_something
  // refuses numbers above MaxValue, so no account's entry in Values exceeds it.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    for (const auto& [who, value] : Values::entries()) {
      if (value > T::kTemplateMaxValue) {
        return unexpected("Template: Values holds " + std::to_string(value) + ", above MaxValue " +
                          std::to_string(T::kTemplateMaxValue));
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "MaxValue", uint32_t{T::kTemplateMaxValue},
                         {" The largest number `do_something` accepts."}));
  }
};

}  // namespace canary::rt::pallets::template_pallet
