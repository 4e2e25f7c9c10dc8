// What a pallet is made of, and the metadata derived from it (frame-support `#[pallet]`).
//
// A pallet is a class template over the runtime's configuration T and its place in the runtime
// (PalletAt<index, "Name">), with static members only; each part is optional:
//
//   template <class T, class At> struct Pallet {
//     static constexpr std::string_view kName = At::kName;   // storage prefix, metadata name
//     static constexpr uint8_t kIndex = At::kIndex;          // call/event/error index
//     static constexpr std::string_view kCrate = "pallet_balances";  // metadata paths
//     using Call = std::variant<transfer_allow_death, …>;    // call structs (below)
//     using Event = std::variant<Transfer, …>;               // event structs
//     using Error = <ns>::Error;  static constexpr ErrorInfo kErrors[] = {…};  // the enum
//       outside the template (composition_checks.hpp reads its enumerators' names)
//     using Account = StorageMap<Pallet, "Account", …, DocLines<" docs">>;  // storage.hpp
//     using Storage = std::tuple<Account, …>;                // its items, in metadata order
//     static void constants_metadata(std::vector<meta::PalletConstantMetadata>&, meta::Registry&);
//     static Weight on_initialize(BlockNumber); static void on_finalize(BlockNumber);
//     static Weight on_idle(BlockNumber, Weight remaining); static Weight on_runtime_upgrade();
//     static constexpr uint16_t kStorageVersion = 1;         // storage_version.hpp
//     static Result<void, std::string> try_state(BlockNumber);  // try_state.hpp (tests only)
//   };
//
// A call struct has kScaleIndex, kName, fields() with CANARY_DESCRIBED(), `DispatchInfo info()
// const` and `DispatchResultWithPostInfo dispatch(const Origin&) const`; an event struct has
// kScaleIndex, kName, fields() with CANARY_DESCRIBED(). Optional `static constexpr const char*
// kDocs` on calls, events and pallets become metadata docs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/weight.hpp"

namespace canary::rt {

using BlockNumber = uint32_t;

template <uint8_t Index, FixedString Name>
struct PalletAt {
  static constexpr uint8_t kIndex = Index;
  static constexpr std::string_view kName = Name.view();
};

struct ErrorInfo {
  const char* name;
  const char* docs;
};

// --- What a pallet has.

template <class P>
concept HasCalls = requires { typename P::Call; };
template <class P>
concept HasEvents = requires { typename P::Event; };
template <class P>
concept HasErrors = requires { P::kErrors; };
// The pallet's storage items, in metadata order: `using Storage = std::tuple<Account, …>;`, or,
// where an item's type depends on the composed runtime (System's Events hold the RuntimeEvent), a
// list resolved when the metadata is built: `template <class R = T> using StorageOf = …;`.
template <class P>
concept HasStorage =
    requires { typename P::Storage; } || requires { typename P::template StorageOf<>; };

namespace pallet_detail {
template <class P>
struct StorageListOf {
  using type = typename P::template StorageOf<>;
};
template <class P>
  requires requires { typename P::Storage; }
struct StorageListOf<P> {
  using type = typename P::Storage;
};
}  // namespace pallet_detail
template <HasStorage P>
using StorageList = typename pallet_detail::StorageListOf<P>::type;

template <class... Items>
void append_storage_items(std::vector<meta::StorageEntryMetadata>& entries,
                          meta::Registry& registry, const std::tuple<Items...>* /*items*/) {
  (meta::append_storage_entries<Items>(entries, registry, Items::Docs::docs()), ...);
}
template <class P>
concept HasConstants = requires(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
  P::constants_metadata(c, r);
};

template <class X>
concept HasDocs = requires { X::kDocs; };

template <class X>
meta::Docs docs_of() {
  if constexpr (HasDocs<X>) {
    return {std::string(X::kDocs)};
  } else {
    return {};
  }
}

// A pallet's error as a DispatchError.
template <class P>
DispatchError pallet_error(typename P::Error error) {
  return module_error(P::kIndex, static_cast<uint8_t>(error));
}

// --- Metadata of a pallet's enums.

// The variants of a std::variant of described structs (calls, events).
template <class Variant>
struct VariantAlternatives;
template <class... Alts>
struct VariantAlternatives<std::variant<Alts...>> {
  static void add(meta::TypeBuilder& b) {
    (b.variant(Alts::kScaleIndex, std::string(Alts::kName),
               metadata_fields(b.registry(), Alts::fields()), docs_of<Alts>()),
     ...);
  }
};

// The path of a pallet's enum: [crate, "pallet", "Call"] (with the pallet's module between
// crate and "pallet" if it has one, `kModule`: pallet_session's "historical") with params T and I
// (FRAME's generic parameters, which carry no type here; `generic` false: an enum declared without
// them, such as pallet_offences' Event).
template <class P>
void pallet_enum_path(meta::TypeBuilder& b, const char* name, bool generic = true) {
  if constexpr (requires { P::kModule; }) {
    b.path({std::string(P::kCrate), std::string(P::kModule), "pallet", name});
  } else {
    b.path({std::string(P::kCrate), "pallet", name});
  }
  if (!generic) return;
  b.unused_param("T");
  if constexpr (requires { P::kInstanced; }) b.unused_param("I");
}

template <class P>
struct CallType {
  static void type_info(meta::TypeBuilder& b) {
    pallet_enum_path<P>(b, "Call");
    b.docs("Contains a variant per dispatchable extrinsic that this pallet has.");
    VariantAlternatives<typename P::Call>::add(b);
  }
};

template <class P>
struct EventType {
  static void type_info(meta::TypeBuilder& b) {
    // A pallet may declare its Event without generics (kEventGeneric = false) and with its own
    // docs (kEventDocs), as pallet_offences does.
    if constexpr (requires { P::kEventGeneric; }) {
      pallet_enum_path<P>(b, "Event", P::kEventGeneric);
    } else {
      pallet_enum_path<P>(b, "Event");
    }
    if constexpr (requires { P::kEventDocs; }) {
      b.docs(P::kEventDocs);
    } else {
      b.docs("The `Event` enum of this pallet");
    }
    VariantAlternatives<typename P::Event>::add(b);
  }
};

template <class P>
struct ErrorType {
  static void type_info(meta::TypeBuilder& b) {
    pallet_enum_path<P>(b, "Error");
    b.docs("The `Error` enum of this pallet.");
    uint8_t index = 0;
    for (const ErrorInfo& error : P::kErrors) {
      meta::Docs docs;
      if (error.docs != nullptr && error.docs[0] != '\0') docs.push_back(error.docs);
      b.variant(index++, error.name, {}, std::move(docs));
    }
  }
};

// The pallet's metadata entry (names and type ids; the types land in the registry).
template <class P>
meta::PalletMetadata pallet_metadata(meta::Registry& registry) {
  meta::PalletMetadata out;
  out.name = std::string(P::kName);
  out.index = P::kIndex;
  out.docs = docs_of<P>();
  if constexpr (HasStorage<P>) {
    meta::PalletStorageMetadata storage;
    storage.prefix = std::string(P::kName);
    append_storage_items(storage.entries, registry, static_cast<const StorageList<P>*>(nullptr));
    out.storage = std::move(storage);
  }
  if constexpr (HasCalls<P>) out.calls = meta::TypeRef{registry.id<CallType<P>>()};
  if constexpr (HasEvents<P>) out.event = meta::TypeRef{registry.id<EventType<P>>()};
  if constexpr (HasConstants<P>) P::constants_metadata(out.constants, registry);
  if constexpr (HasErrors<P>) out.error = meta::TypeRef{registry.id<ErrorType<P>>()};
  return out;
}

// A constant's metadata: its type and SCALE-encoded value.
template <class V>
meta::PalletConstantMetadata constant(meta::Registry& registry, std::string name, const V& value,
                                      meta::Docs docs = {}) {
  return {std::move(name), registry.id<V>(), scale::encode(value), std::move(docs)};
}

// --- Hooks, with their defaults.

template <class P>
Weight call_on_initialize(BlockNumber n) {
  if constexpr (requires { P::on_initialize(n); }) {
    return P::on_initialize(n);
  } else {
    return Weight::zero();
  }
}
template <class P>
void call_on_finalize(BlockNumber n) {
  if constexpr (requires { P::on_finalize(n); }) P::on_finalize(n);
}
template <class P>
Weight call_on_idle(BlockNumber n, Weight remaining) {
  if constexpr (requires { P::on_idle(n, remaining); }) {
    return P::on_idle(n, remaining);
  } else {
    return Weight::zero();
  }
}
// Off-chain work after a block is imported (the node's offchain worker, on the block's state).
template <class P>
void call_offchain_worker(BlockNumber n) {
  if constexpr (requires { P::offchain_worker(n); }) P::offchain_worker(n);
}
template <class P>
Weight call_on_runtime_upgrade() {
  if constexpr (requires { P::on_runtime_upgrade(); }) {
    return P::on_runtime_upgrade();
  } else {
    return Weight::zero();
  }
}

}  // namespace canary::rt
