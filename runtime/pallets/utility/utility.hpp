// pallet_utility: batches of calls under one signature (batch stops at the first failure,
// batch_all undoes everything on any failure, force_batch goes on), calls from a derived
// pseudonym account (as_derivative), and root's helpers to dispatch with another origin
// (dispatch_as, dispatch_as_fallible), with a stated weight (with_weight), or with a fallback
// (if_else). Call indices and events as in FRAME (substrate/frame/utility).
//
// The runtime configuration T provides System, Pallets (the composition: the calls carried are
// its RuntimeCall) and kDbWeight.
//
// Origin call filters: the batches dispatch their calls with the origin they were given, so a
// filter it carries (Proxy's, framework/origins/origin.hpp CallFilter) applies to each call, as in
// FRAME. Not modelled: a BaseCallFilter (Kusama's refuses only Nis, which Canary lacks); the one
// filter batch_all adds itself (no batch_all inside a non-root batch_all) is kept apart, while a
// non-root batch_all runs.
#pragma once

#include <cstdint>
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
#include "runtime/framework/pallet.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/utility/weights.hpp"

namespace canary::rt::pallets::utility {

// The derived account: blake2_256("modlpy/utilisuba" ‖ who ‖ index as u16 LE). The prefix is a
// fixed-size byte array in FRAME, hence no length prefix.
inline AccountId32 derivative_account_id(const AccountId32& who, uint16_t index) {
  static constexpr std::string_view kPrefix = "modlpy/utilisuba";
  Bytes entropy(kPrefix.begin(), kPrefix.end());
  entropy.insert(entropy.end(), who.bytes.begin(), who.bytes.end());
  entropy.push_back(static_cast<uint8_t>(index & 0xff));
  entropy.push_back(static_cast<uint8_t>(index >> 8));
  return AccountId32{io::hashing::blake2_256(entropy)};
}

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t { kTooManyCalls = 0 };

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_utility";

  using RuntimeCall = typename T::Pallets::Call;
  // What the calls cost (weights.hpp), without the calls they carry.
  using Weights = WeightInfoOf<T>;

  // FRAME's batched_calls_limit: the allocator's 32 MiB / 3 (vector growth) / the call size
  // rounded up to 1 KiB. Rust's RuntimeCall is at most 1 KiB (an integrity test ensures it),
  // so the limit is that of a 1 KiB call whatever the C++ call's size.
  static constexpr uint32_t kBatchedCallsLimit = 33'554'432 / 3 / 1024;

  // --- Errors.
  using Error = utility::Error;
  static constexpr ErrorInfo kErrors[] = {{"TooManyCalls", "Too many calls batched."}};

  // --- Events.
  struct BatchInterrupted {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "BatchInterrupted";
    static constexpr const char* kDocs =
        "Batch of dispatches did not complete fully. Index of first failing dispatch given, as\n"
        "well as the error.";
    uint32_t index = 0;
    DispatchError error;
    bool operator==(const BatchInterrupted&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("index", &BatchInterrupted::index, "u32"),
                        field("error", &BatchInterrupted::error, "DispatchError")};
    }
    CANARY_DESCRIBED()
  };
  struct BatchCompleted {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "BatchCompleted";
    static constexpr const char* kDocs = "Batch of dispatches completed fully with no error.";
    bool operator==(const BatchCompleted&) const = default;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct BatchCompletedWithErrors {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "BatchCompletedWithErrors";
    static constexpr const char* kDocs = "Batch of dispatches completed but has errors.";
    bool operator==(const BatchCompletedWithErrors&) const = default;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct ItemCompleted {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "ItemCompleted";
    static constexpr const char* kDocs =
        "A single item within a Batch of dispatches has completed with no error.";
    bool operator==(const ItemCompleted&) const = default;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct ItemFailed {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "ItemFailed";
    static constexpr const char* kDocs =
        "A single item within a Batch of dispatches has completed with error.";
    DispatchError error;
    bool operator==(const ItemFailed&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("error", &ItemFailed::error, "DispatchError")};
    }
    CANARY_DESCRIBED()
  };
  struct DispatchedAs {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "DispatchedAs";
    static constexpr const char* kDocs = "A call was dispatched.";
    DispatchResult result;
    static constexpr auto fields() {
      return std::tuple{field("result", &DispatchedAs::result, "DispatchResult")};
    }
    CANARY_DESCRIBED()
  };
  struct IfElseMainSuccess {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "IfElseMainSuccess";
    static constexpr const char* kDocs = "Main call was dispatched.";
    bool operator==(const IfElseMainSuccess&) const = default;
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct IfElseFallbackCalled {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "IfElseFallbackCalled";
    static constexpr const char* kDocs = "The fallback call was dispatched.";
    DispatchError main_error;
    bool operator==(const IfElseFallbackCalled&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("main_error", &IfElseFallbackCalled::main_error, "DispatchError")};
    }
    CANARY_DESCRIBED()
  };
  using Event =
      std::variant<BatchInterrupted, BatchCompleted, BatchCompletedWithErrors, ItemCompleted,
                   ItemFailed, DispatchedAs, IfElseMainSuccess, IfElseFallbackCalled>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct batch;
  struct batch_all;
  struct force_batch;

  struct batch {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "batch";
    static constexpr const char* kDocs =
        "Send a batch of dispatch calls.\n\nMay be called from any origin except `None`.\n\n"
        "This will return `Ok` in all circumstances. To determine the success of the batch, an\n"
        "event is deposited. If a call failed and the batch was interrupted, then the\n"
        "`BatchInterrupted` event is deposited, along with the number of successful calls made\n"
        "and the error of the failed call. If all were successful, then the `BatchCompleted`\n"
        "event is deposited.";
    std::vector<RuntimeCall> calls;
    static constexpr auto fields() {
      return std::tuple{field("calls", &batch::calls, "Vec<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return batch_info(calls, Weights::batch(count(calls))); }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto checked = check_batch(origin, calls); !checked) return unexpected(checked.error());
      Weight weight;
      for (size_t index = 0; index < calls.size(); ++index) {
        const DispatchInfo info = calls[index].info();
        const DispatchResultWithPostInfo result = dispatch_in_layer(calls[index], origin);
        weight = weight.saturating_add(actual_weight(result, info));
        if (!result) {
          deposit_event(BatchInterrupted{static_cast<uint32_t>(index), result.error().error});
          return PostDispatchInfo{
              Weights::batch(static_cast<uint32_t>(index + 1)).saturating_add(weight), Pays::kYes};
        }
        deposit_event(ItemCompleted{});
      }
      deposit_event(BatchCompleted{});
      return PostDispatchInfo{Weights::batch(count(calls)).saturating_add(weight), Pays::kYes};
    }
  };

  struct as_derivative {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "as_derivative";
    static constexpr const char* kDocs =
        "Send a call through an indexed pseudonym of the sender.\n\n"
        "The dispatch origin for this call must be _Signed_.";
    uint16_t index = 0;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{
          field("index", &as_derivative::index, "u16"),
          boxed_field("call", &as_derivative::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    static Weight base_weight() {
      return Weights::as_derivative().saturating_add(T::kDbWeight.reads_writes(1, 1));
    }
    DispatchInfo info() const {
      const DispatchInfo inner = call->info();
      return {base_weight().saturating_add(inner.call_weight), inner.dispatch_class};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      // FRAME's `origin.set_caller_from(Signed(pseudonym))`: the caller changes, the origin's
      // call filter stays.
      Origin pseudonym = Origin::signed_by(derivative_account_id(*who, index));
      pseudonym.filter = origin.filter;
      const DispatchInfo inner = call->info();
      DispatchResultWithPostInfo result = dispatch_in_layer(*call, pseudonym);
      const PostDispatchInfo post{base_weight().saturating_add(actual_weight(result, inner)),
                                  Pays::kYes};
      if (!result) return unexpected(DispatchErrorWithPostInfo{post, result.error().error});
      return post;
    }
  };

  struct batch_all {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "batch_all";
    static constexpr const char* kDocs =
        "Send a batch of dispatch calls and atomically execute them.\n"
        "The whole transaction will rollback and fail if any of the calls failed.\n\n"
        "May be called from any origin except `None`.";
    std::vector<RuntimeCall> calls;
    static constexpr auto fields() {
      return std::tuple{field("calls", &batch_all::calls, "Vec<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return batch_info(calls, Weights::batch_all(count(calls))); }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      // FRAME's origin filter of a non-root batch_all: no batch_all inside it.
      if (origin.kind != Origin::Kind::kRoot && in_filtered_batch_all() > 0) {
        return with_post_info(unexpected(call_filtered()));
      }
      if (auto checked = check_batch(origin, calls); !checked) return unexpected(checked.error());
      const bool filtered = origin.kind != Origin::Kind::kRoot;
      if (filtered) ++in_filtered_batch_all();
      // Atomic on its own, also where it is not the outermost call.
      io::storage::start_transaction();
      Weight weight;
      for (size_t index = 0; index < calls.size(); ++index) {
        const DispatchInfo info = calls[index].info();
        const DispatchResultWithPostInfo result = dispatch_in_layer(calls[index], origin);
        weight = weight.saturating_add(actual_weight(result, info));
        if (!result) {
          io::storage::rollback_transaction();
          if (filtered) --in_filtered_batch_all();
          const PostDispatchInfo post{
              Weights::batch_all(static_cast<uint32_t>(index + 1)).saturating_add(weight),
              Pays::kYes};
          return unexpected(DispatchErrorWithPostInfo{post, result.error().error});
        }
        deposit_event(ItemCompleted{});
      }
      deposit_event(BatchCompleted{});
      io::storage::commit_transaction();
      if (filtered) --in_filtered_batch_all();
      return PostDispatchInfo{Weights::batch_all(count(calls)).saturating_add(weight), Pays::kYes};
    }
  };

  struct dispatch_as {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "dispatch_as";
    static constexpr const char* kDocs =
        "Dispatches a function call with a provided origin.\n\n"
        "The dispatch origin for this call must be _Root_.";
    Boxed<typename T::Pallets::OriginCaller> as_origin;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{boxed_field("as_origin", &dispatch_as::as_origin, "Box<T::PalletsOrigin>"),
                        boxed_field("call", &dispatch_as::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      const DispatchInfo inner = call->info();
      return {Weights::dispatch_as().saturating_add(inner.call_weight), inner.dispatch_class};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const DispatchResultWithPostInfo result = dispatch_in_layer(*call, as_origin->origin);
      deposit_event(DispatchedAs{without_post_info(result)});
      return PostDispatchInfo{};
    }
  };

  struct force_batch {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "force_batch";
    static constexpr const char* kDocs =
        "Send a batch of dispatch calls.\n"
        "Unlike `batch`, it allows errors and won't interrupt.\n\n"
        "May be called from any origin except `None`.";
    std::vector<RuntimeCall> calls;
    static constexpr auto fields() {
      return std::tuple{field("calls", &force_batch::calls, "Vec<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return batch_info(calls, Weights::force_batch(count(calls))); }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto checked = check_batch(origin, calls); !checked) return unexpected(checked.error());
      Weight weight;
      bool has_error = false;
      for (const RuntimeCall& call : calls) {
        const DispatchInfo info = call.info();
        const DispatchResultWithPostInfo result = dispatch_in_layer(call, origin);
        weight = weight.saturating_add(actual_weight(result, info));
        if (!result) {
          has_error = true;
          deposit_event(ItemFailed{result.error().error});
        } else {
          deposit_event(ItemCompleted{});
        }
      }
      if (has_error) {
        deposit_event(BatchCompletedWithErrors{});
      } else {
        deposit_event(BatchCompleted{});
      }
      // FRAME reports `batch`'s base weight here, not force_batch's.
      return PostDispatchInfo{Weights::batch(count(calls)).saturating_add(weight), Pays::kYes};
    }
  };

  struct with_weight {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "with_weight";
    static constexpr const char* kDocs =
        "Dispatch a function call with a specified weight.\n\n"
        "This function does not check the weight of the call, and instead allows the\n"
        "Root origin to specify the weight of the call.\n\n"
        "The dispatch origin for this call must be _Root_.";
    Boxed<RuntimeCall> call;
    Weight weight;
    static constexpr auto fields() {
      return std::tuple{boxed_field("call", &with_weight::call, "Box<<T as Config>::RuntimeCall>"),
                        field("weight", &with_weight::weight, "Weight")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const { return {weight, call->info().dispatch_class}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      return with_post_info(without_post_info(dispatch_in_layer(*call, Origin::root())));
    }
  };

  struct if_else {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "if_else";
    static constexpr const char* kDocs =
        "Dispatch a fallback call in the event the main call fails to execute.\n"
        "May be called from any origin except `None`.";
    Boxed<RuntimeCall> main;
    Boxed<RuntimeCall> fallback;
    static constexpr auto fields() {
      return std::tuple{
          boxed_field("main", &if_else::main, "Box<<T as Config>::RuntimeCall>"),
          boxed_field("fallback", &if_else::fallback, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      return {Weights::if_else()
                  .saturating_add(main->info().call_weight)
                  .saturating_add(fallback->info().call_weight),
              DispatchClass::kNormal};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (origin.kind == Origin::Kind::kNone) return with_post_info(unexpected(bad_origin()));
      Weight weight = Weights::if_else();
      const DispatchInfo main_info = main->info();
      const DispatchResultWithPostInfo main_result = dispatch_in_layer(*main, origin);
      weight = weight.saturating_add(actual_weight(main_result, main_info));
      if (main_result) {
        deposit_event(IfElseMainSuccess{});
        return PostDispatchInfo{weight, Pays::kYes};
      }
      const DispatchInfo fallback_info = fallback->info();
      const DispatchResultWithPostInfo fallback_result = dispatch_in_layer(*fallback, origin);
      weight = weight.saturating_add(actual_weight(fallback_result, fallback_info));
      if (fallback_result) {
        deposit_event(IfElseFallbackCalled{main_result.error().error});
        return PostDispatchInfo{weight, Pays::kYes};
      }
      return unexpected(
          DispatchErrorWithPostInfo{{weight, Pays::kYes}, fallback_result.error().error});
    }
  };

  struct dispatch_as_fallible {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "dispatch_as_fallible";
    static constexpr const char* kDocs =
        "Dispatches a function call with a provided origin.\n\n"
        "Almost the same as [`Pallet::dispatch_as`] but forwards any error of the inner call.\n\n"
        "The dispatch origin for this call must be _Root_.";
    Boxed<typename T::Pallets::OriginCaller> as_origin;
    Boxed<RuntimeCall> call;
    static constexpr auto fields() {
      return std::tuple{
          boxed_field("as_origin", &dispatch_as_fallible::as_origin, "Box<T::PalletsOrigin>"),
          boxed_field("call", &dispatch_as_fallible::call, "Box<<T as Config>::RuntimeCall>")};
    }
    CANARY_DESCRIBED_NESTED()
    DispatchInfo info() const {
      const DispatchInfo inner = call->info();
      return {Weights::dispatch_as_fallible().saturating_add(inner.call_weight),
              inner.dispatch_class};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      const DispatchResultWithPostInfo result = dispatch_in_layer(*call, as_origin->origin);
      if (!result) return with_post_info(unexpected(result.error().error));
      deposit_event(DispatchedAs{DispatchResult{}});
      return PostDispatchInfo{};
    }
  };

  using Call = std::variant<batch, as_derivative, batch_all, dispatch_as, force_batch, with_weight,
                            if_else, dispatch_as_fallible>;

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "batched_calls_limit", uint32_t{kBatchedCallsLimit},
                         {" The limit on the number of batched calls."}));
  }

 private:
  static uint32_t count(const std::vector<RuntimeCall>& calls) {
    return static_cast<uint32_t>(calls.size());
  }

  // The declared weight of a batch: its own plus its calls'; operational only if no call is
  // normal (FRAME's weight_and_dispatch_class).
  static DispatchInfo batch_info(const std::vector<RuntimeCall>& calls, Weight own) {
    Weight weight;
    DispatchClass dispatch_class = DispatchClass::kOperational;
    for (const RuntimeCall& call : calls) {
      const DispatchInfo info = call.info();
      weight = weight.saturating_add(info.call_weight);
      if (info.dispatch_class == DispatchClass::kNormal) dispatch_class = DispatchClass::kNormal;
    }
    return {weight.saturating_add(own), dispatch_class};
  }

  // What every batch checks first: not the None origin, not too many calls.
  static Result<void, DispatchErrorWithPostInfo> check_batch(
      const Origin& origin, const std::vector<RuntimeCall>& calls) {
    if (origin.kind == Origin::Kind::kNone) {
      return unexpected(DispatchErrorWithPostInfo{{}, bad_origin()});
    }
    if (calls.size() > kBatchedCallsLimit) {
      return unexpected(DispatchErrorWithPostInfo{{}, pallet_error<Pallet>(Error::kTooManyCalls)});
    }
    return {};
  }

  // frame_system's Error::CallFiltered (index 5).
  static DispatchError call_filtered() { return module_error(T::System::kIndex, 5); }

  static uint32_t& in_filtered_batch_all() {
#if defined(__wasm32__)
    static uint32_t depth = 0;
#else
    static thread_local uint32_t depth = 0;
#endif
    return depth;
  }
};

}  // namespace canary::rt::pallets::utility
