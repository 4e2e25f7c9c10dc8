// A runtime's composition (frame-support `construct_runtime!`): its pallets in order, and what is
// generated from them — RuntimeCall (pallet index ‖ pallet call), RuntimeEvent, RuntimeError, the
// hooks over all pallets, and the pallets' part of the metadata.
//
//   using Pallets = Composition<"canary_runtime", System, Timestamp, Balances, …>;
//   Pallets::Call call = …;  call.info();  call.dispatch(origin);
//
// A RuntimeCall is a value: it encodes, decodes (call-carrying calls under the nesting bound of
// calls/call_nesting.hpp), hashes (`hash()`), can be boxed into other calls (calls/boxed.hpp) or
// kept in storage, and dispatched later with any origin, declaring the weight and class of the
// call inside (`info()`); calls/nested_dispatch.hpp runs it in a storage layer of its own.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/runtime/inherent_data.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/composition_checks.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/origins/origin_caller.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage_version.hpp"
#include "runtime/framework/try_state.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt {

// An inherent's complaint about a block (sp-inherents IsFatalError + its encoding).
struct InherentError {
  Bytes encoded;
  bool fatal = true;
};

namespace composition_detail {

template <class... Ts>
struct TypeList {};

template <template <class> class Pred, template <class> class Wrap, class Acc, class... Ps>
struct Filter;
template <template <class> class Pred, template <class> class Wrap, class... Acc>
struct Filter<Pred, Wrap, std::variant<Acc...>> {
  using type = std::variant<Acc...>;
};
template <template <class> class Pred, template <class> class Wrap, class... Acc, class P,
          class... Ps>
struct Filter<Pred, Wrap, std::variant<Acc...>, P, Ps...> {
  using type = typename std::conditional_t<Pred<P>::value,
                                           Filter<Pred, Wrap, std::variant<Acc..., Wrap<P>>, Ps...>,
                                           Filter<Pred, Wrap, std::variant<Acc...>, Ps...>>::type;
};

template <class P>
struct CallsPred : std::bool_constant<HasCalls<P>> {};
template <class P>
struct EventsPred : std::bool_constant<HasEvents<P>> {};
template <class P>
struct ErrorsPred : std::bool_constant<HasErrors<P>> {};

}  // namespace composition_detail

// One pallet's call inside RuntimeCall: encoded as the pallet index, then the call.
template <class P>
struct PalletCall {
  static constexpr uint8_t kScaleIndex = P::kIndex;
  using Pallet = P;
  typename P::Call call;
  CANARY_SCALE_FIELDS(call)
};

template <class P>
struct PalletEvent {
  static constexpr uint8_t kScaleIndex = P::kIndex;
  using Pallet = P;
  typename P::Event event;
  CANARY_SCALE_FIELDS(event)
};

template <class P>
struct PalletErrorEntry {
  static constexpr uint8_t kScaleIndex = P::kIndex;
  using Pallet = P;
};

template <FixedString Crate, class... Pallets>
struct Composition {
  static constexpr std::string_view kCrate = Crate.view();
  using PalletTuple = std::tuple<Pallets...>;

  // The compile-time checks (composition_checks.hpp and the OriginCaller's), instantiated by the
  // members every runtime uses: dispatch, the hooks, metadata.
  static consteval bool well_formed() {
    static_assert(checks::distinct_pallet_indices<Pallets...>(),
                  "two pallets of the runtime have the same index");
    static_assert(checks::distinct_pallet_names<Pallets...>(),
                  "two pallets of the runtime have the same name");
    static_assert((checks::PalletChecked<Pallets>::kChecked && ...));
    // A runtime with a System pallet has an OriginCaller (its checks run here); toy runtimes of
    // unit tests may do without both.
    if constexpr (((Pallets::kName == std::string_view("System")) || ...)) {
      static_assert(OriginCallerOf<Crate, Pallets...>::kVoidIndex > 0);
    }
    return true;
  }

  // --- OriginCaller: the system origins and the pallets' own (origins/origin_caller.hpp).
  using OriginCaller = OriginCallerOf<Crate, Pallets...>;

  // --- RuntimeCall.
  struct Call {
    using Variant = typename composition_detail::Filter<composition_detail::CallsPred, PalletCall,
                                                        std::variant<>, Pallets...>::type;
    Variant value;

    template <class P>
    static Call of(typename P::Call call) {
      return Call{Variant(PalletCall<P>{std::move(call)})};
    }

    DispatchInfo info() const {
      return std::visit(
          [](const auto& pallet_call) {
            return std::visit([](const auto& c) { return c.info(); }, pallet_call.call);
          },
          value);
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      static_assert(well_formed());
      // frame-support's Dispatchable for RuntimeCall: the origin's filter first (CallFiltered,
      // frame_system's error 5, with default post-info).
      if (!origin.filter_call(this)) {
        return unexpected(DispatchErrorWithPostInfo{{}, module_error(system_index(), 5)});
      }
      return std::visit(
          [&](const auto& pallet_call) {
            return std::visit([&](const auto& c) { return c.dispatch(origin); }, pallet_call.call);
          },
          value);
    }
    // FRAME's `T::Hashing::hash_of(&call)`: BLAKE2b-256 of the encoding, the name under which
    // preimages, multisig approvals and whitelists refer to a call stored for later.
    Hash256 hash() const { return io::hashing::blake2_256(scale::encode(*this)); }

    // (pallet index, call index): the call's first two bytes, what a call filter matches
    // (InstanceFilter's `matches!(c, RuntimeCall::Pallet(Call::name { .. }))`).
    std::pair<uint8_t, uint8_t> indices() const {
      return std::visit(
          [](const auto& pallet_call) {
            using P = typename std::decay_t<decltype(pallet_call)>::Pallet;
            const uint8_t call = std::visit(
                [](const auto& c) { return uint8_t{std::decay_t<decltype(c)>::kScaleIndex}; },
                pallet_call.call);
            return std::pair<uint8_t, uint8_t>(P::kIndex, call);
          },
          value);
    }
    static constexpr uint8_t system_index() {
      uint8_t index = 0;
      (void)((Pallets::kName == std::string_view("System") ? (index = Pallets::kIndex, true)
                                                           : false) ||
             ...);
      return index;
    }

    // (pallet name, call name), e.g. for logs and the RPC.
    std::pair<std::string_view, std::string_view> names() const {
      return std::visit(
          [](const auto& pallet_call) {
            using P = typename std::decay_t<decltype(pallet_call)>::Pallet;
            const std::string_view call = std::visit(
                [](const auto& c) { return std::string_view(std::decay_t<decltype(c)>::kName); },
                pallet_call.call);
            return std::pair<std::string_view, std::string_view>(P::kName, call);
          },
          value);
    }

    template <class Sink>
    void scale_encode(Sink& out) const {
      scale::encode_to(out, value);
    }
    void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
    static void type_info(meta::TypeBuilder& b) {
      b.path({std::string(kCrate), "RuntimeCall"});
      add_pallet_variants<composition_detail::CallsPred>(b, [](auto* p, meta::Registry& r) {
        using P = std::remove_pointer_t<decltype(p)>;
        return meta::field_of<CallType<P>>(r, std::nullopt,
                                           "self::sp_api_hidden_includes_construct_runtime::"
                                           "hidden_include::dispatch::CallableCallFor<" +
                                               std::string(P::kName) + ", Runtime>");
      });
    }
  };

  // --- RuntimeEvent.
  struct Event {
    using Variant = typename composition_detail::Filter<composition_detail::EventsPred, PalletEvent,
                                                        std::variant<>, Pallets...>::type;
    Variant value;

    template <class P>
    static Event of(typename P::Event event) {
      return Event{Variant(PalletEvent<P>{std::move(event)})};
    }

    template <class Sink>
    void scale_encode(Sink& out) const {
      scale::encode_to(out, value);
    }
    void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
    static void type_info(meta::TypeBuilder& b) {
      b.path({std::string(kCrate), "RuntimeEvent"});
      add_pallet_variants<composition_detail::EventsPred>(b, [](auto* p, meta::Registry& r) {
        using P = std::remove_pointer_t<decltype(p)>;
        return meta::field_of<EventType<P>>(r, std::nullopt,
                                            std::string(P::kCrate) + "::Event<Runtime>");
      });
    }
  };

  // --- RuntimeError (metadata V15's outer error enum).
  struct Error {
    static void type_info(meta::TypeBuilder& b) {
      b.path({std::string(kCrate), "RuntimeError"});
      add_pallet_variants<composition_detail::ErrorsPred>(b, [](auto* p, meta::Registry& r) {
        using P = std::remove_pointer_t<decltype(p)>;
        return meta::field_of<ErrorType<P>>(r, std::nullopt,
                                            std::string(P::kCrate) + "::Error<Runtime>");
      });
    }
  };

  // The runtime's own type (the generic argument of every pallet).
  struct RuntimeType {
    static void type_info(meta::TypeBuilder& b) {
      b.path({std::string(kCrate), "Runtime"});
      b.composite();
    }
  };

  // --- Hooks, in pallet order.
  static Weight on_initialize(BlockNumber n) {
    static_assert(well_formed());
    Weight total;
    ((total = total.saturating_add(call_on_initialize<Pallets>(n))), ...);
    return total;
  }
  static void on_finalize(BlockNumber n) { (call_on_finalize<Pallets>(n), ...); }
  static Weight on_idle(BlockNumber n, Weight remaining) {
    Weight used;
    (
        [&] {
          const Weight left = remaining.saturating_sub(used);
          used = used.saturating_add(call_on_idle<Pallets>(n, left));
        }(),
        ...);
    return used;
  }
  static void offchain_worker(BlockNumber n) { (call_offchain_worker<Pallets>(n), ...); }
  static Weight on_runtime_upgrade() {
    Weight total;
    ((total = total.saturating_add(call_on_runtime_upgrade<Pallets>())), ...);
    return total;
  }

  // --- Storage versions (storage_version.hpp).
  static constexpr size_t kPalletCount = sizeof...(Pallets);
  // FRAME's BeforeAllRuntimeMigrations, before any migration of an upgrade: a pallet with no
  // on-chain version (added by this upgrade) gets its in-code one. Returns how many were written.
  static uint32_t initialize_storage_versions() {
    uint32_t written = 0;
    (
        [&] {
          if (storage_version_exists<Pallets>()) return;
          put_storage_version<Pallets>(in_code_storage_version<Pallets>());
          ++written;
        }(),
        ...);
    return written;
  }

  // --- Try-state (try_state.hpp): every pallet's invariants, in pallet order; all run, and the
  // failures are reported together ("Pallet: what; Pallet: what").
  static Result<void, std::string> try_state_all(BlockNumber n) {
    std::string failures;
    (
        [&] {
          auto checked = call_try_state<Pallets>(n);
          if (checked) return;
          if (!failures.empty()) failures += "; ";
          failures += std::string(Pallets::kName) + ": " + checked.error();
        }(),
        ...);
    if (!failures.empty()) return unexpected(std::move(failures));
    return {};
  }

  // --- Unsigned transactions and inherents (frame-support ValidateUnsigned, ProvideInherent).
  //
  // A pallet may declare `static bool is_inherent(const Call&)`, `static std::optional<Call>
  // create_inherent(const InherentData&)`, `static Result<void, InherentError>
  // check_inherent(const Call&, const InherentData&)`, `static std::optional<InherentError>
  // is_inherent_required(const InherentData&)` with `kInherentIdentifier`; and
  // `validate_unsigned(TransactionSource, const Call&)` / `pre_dispatch_unsigned(const Call&)` for
  // unsigned transactions it accepts from the pool.
  static bool is_inherent(const Call& call) {
    return std::visit(
        [](const auto& pallet_call) {
          using P = typename std::decay_t<decltype(pallet_call)>::Pallet;
          if constexpr (requires { P::is_inherent(pallet_call.call); }) {
            return P::is_inherent(pallet_call.call);
          } else {
            return false;
          }
        },
        call.value);
  }

  static Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate_unsigned(
      runtime::TransactionSource source, const Call& call) {
    return std::visit(
        [&](const auto& pallet_call)
            -> Result<runtime::ValidTransaction, runtime::TransactionValidityError> {
          using P = typename std::decay_t<decltype(pallet_call)>::Pallet;
          if constexpr (requires { P::validate_unsigned(source, pallet_call.call); }) {
            return P::validate_unsigned(source, pallet_call.call);
          } else {
            return unexpected(runtime::TransactionValidityError(runtime::UnknownTransaction{
                runtime::UnknownTransaction::Kind::kNoUnsignedValidator, 0}));
          }
        },
        call.value);
  }

  static Result<void, runtime::TransactionValidityError> pre_dispatch_unsigned(const Call& call) {
    return std::visit(
        [&](const auto& pallet_call) -> Result<void, runtime::TransactionValidityError> {
          using P = typename std::decay_t<decltype(pallet_call)>::Pallet;
          if constexpr (requires { P::pre_dispatch_unsigned(pallet_call.call); }) {
            return P::pre_dispatch_unsigned(pallet_call.call);
          } else {
            return {};
          }
        },
        call.value);
  }

  // The inherents for a new block, in pallet order.
  static std::vector<Call> create_inherents(const runtime::InherentData& data) {
    std::vector<Call> out;
    (
        [&] {
          if constexpr (requires { Pallets::create_inherent(data); }) {
            if (auto call = Pallets::create_inherent(data)) {
              out.push_back(Call::template of<Pallets>(std::move(*call)));
            }
          }
        }(),
        ...);
    return out;
  }

  // Checks a block's leading inherents against the node's inherent data (frame-support
  // CheckInherents); `calls` are the block's calls in order.
  static runtime::CheckInherentsResult check_inherents(const std::vector<Call>& calls,
                                                       const runtime::InherentData& data) {
    runtime::CheckInherentsResult result;
    const auto put_error = [&](const runtime::InherentIdentifier& id, const InherentError& e) {
      result.okay = false;
      result.fatal_error = result.fatal_error || e.fatal;
      result.errors.insert_or_assign(id, e.encoded);
      return e.fatal;
    };
    std::array<bool, sizeof...(Pallets)> has_inherent{};
    for (const Call& call : calls) {
      if (!is_inherent(call)) break;
      bool stop = false;
      std::visit(
          [&](const auto& pallet_call) {
            using P = typename std::decay_t<decltype(pallet_call)>::Pallet;
            mark_inherent<P>(has_inherent);
            if constexpr (requires { P::check_inherent(pallet_call.call, data); }) {
              if (auto checked = P::check_inherent(pallet_call.call, data); !checked) {
                stop = put_error(P::kInherentIdentifier, checked.error());
              }
            }
          },
          call.value);
      if (stop) return result;
    }
    bool stop = false;
    size_t index = 0;
    (
        [&] {
          const size_t i = index++;
          if (stop) return;
          if constexpr (requires { Pallets::is_inherent_required(data); }) {
            if (auto required = Pallets::is_inherent_required(data); required && !has_inherent[i]) {
              stop = put_error(Pallets::kInherentIdentifier, *required);
            }
          }
        }(),
        ...);
    return result;
  }

  // --- Genesis (genesis.hpp): one JSON object, a field per pallet with a genesis, each decoded
  // from its declared fields and built in `Order` (GenesisOrder<…> of this runtime's pallets,
  // which must name every pallet with a genesis once; by default the pallet order), then
  // on_genesis(). The first error stops the build: "balances.balances[2]: …".
  template <class Order = GenesisOrder<Pallets...>>
  static Result<void, std::string> build_genesis_json(const json::Value& root) {
    return GenesisIn<Order>::build(root);
  }

  // FRAME's OnGenesis for all pallets, after every pallet's genesis: each pallet's in-code
  // storage version (0 for those that declare none).
  static void on_genesis() {
    (put_storage_version<Pallets>(in_code_storage_version<Pallets>()), ...);
  }

  // The JSON of the default genesis of every pallet that has one (Substrate's
  // `RuntimeGenesisConfig::default()` as serde writes it).
  template <class Order = GenesisOrder<Pallets...>>
  static json::Value default_genesis_json() {
    return GenesisIn<Order>::default_json();
  }

  // --- Metadata: the pallets, the outer enums, the runtime type.
  static void add_metadata(meta::RuntimeMetadata& metadata) {
    static_assert(well_formed());
    meta::Registry& r = metadata.registry;
    (metadata.pallets.push_back(pallet_metadata<Pallets>(r)), ...);
    metadata.runtime_type = r.id<RuntimeType>();
    metadata.outer_enums.call_enum = r.id<Call>();
    metadata.outer_enums.event_enum = r.id<Event>();
    metadata.outer_enums.error_enum = r.id<Error>();
  }

 private:
  template <class Order>
  struct GenesisIn;
  template <class... Os>
  struct GenesisIn<GenesisOrder<Os...>> {
    template <class O>
    static consteval bool is_pallet() {
      return (std::is_same_v<O, Pallets> || ...);
    }
    template <class P>
    static consteval size_t times_in_order() {
      return (size_t{std::is_same_v<P, Os>} + ... + 0);
    }
    static consteval bool well_formed() {
      static_assert((is_pallet<Os>() && ...),
                    "the genesis order names a pallet the runtime does not have");
      static_assert(((!HasGenesis<Pallets> || times_in_order<Pallets>() == 1) && ...),
                    "the genesis order must name every pallet with a genesis exactly once");
      // (The default order is the pallets', with or without a genesis.)
      static_assert(
          std::is_same_v<GenesisOrder<Os...>, GenesisOrder<Pallets...>> || (HasGenesis<Os> && ...),
          "the genesis order names a pallet without a genesis (GenesisConfig with "
          "json_fields(), build_genesis returning Result<void, std::string>)");
      return true;
    }

    static bool has_field(std::string_view field) {
      bool found = false;
      (
          [&] {
            if constexpr (HasGenesis<Os>) {
              if (genesis_field_name(Os::kName) == field) found = true;
            }
          }(),
          ...);
      return found;
    }

    static Result<void, std::string> build(const json::Value& root) {
      static_assert(well_formed());
      const json::Object* fields = root.object();
      if (fields == nullptr) {
        return unexpected(std::string("the genesis config must be an object"));
      }
      for (const auto& [field, value] : *fields) {
        (void)value;
        if (!has_field(field)) return unexpected("unknown genesis field `" + field + "`");
      }
      Result<void, std::string> result;
      (
          [&] {
            if constexpr (HasGenesis<Os>) {
              if (result) result = build_one<Os>(root);
            }
          }(),
          ...);
      if (!result) return result;
      on_genesis();
      return {};
    }

    static json::Value default_json() {
      json::Object out;
      (
          [&] {
            if constexpr (HasGenesis<Os>) {
              out.emplace(genesis_field_name(Os::kName), json_encode(typename Os::GenesisConfig{}));
            }
          }(),
          ...);
      return json::Value::of(std::move(out));
    }

   private:
    template <class P>
    static Result<void, std::string> build_one(const json::Value& root) {
      const std::string name = genesis_field_name(P::kName);
      typename P::GenesisConfig config{};
      // A null section is the default one.
      if (const json::Value* value = root.find(name); value != nullptr && !value->is_null()) {
        if (auto decoded = json_decode_at(*value, config, name); !decoded) return decoded;
      }
      if (auto built = P::build_genesis(config); !built) {
        return unexpected(name + "." + built.error());
      }
      return {};
    }
  };

  template <class P>
  static void mark_inherent(std::array<bool, sizeof...(Pallets)>& marks) {
    size_t index = 0;
    ((std::is_same_v<P, Pallets> ? (marks[index] = true, ++index) : ++index), ...);
  }

  template <template <class> class Pred, class MakeField>
  static void add_pallet_variants(meta::TypeBuilder& b, MakeField make_field) {
    (
        [&] {
          if constexpr (Pred<Pallets>::value) {
            b.variant(Pallets::kIndex, std::string(Pallets::kName),
                      {make_field(static_cast<Pallets*>(nullptr), b.registry())});
          }
        }(),
        ...);
  }
};

}  // namespace canary::rt
