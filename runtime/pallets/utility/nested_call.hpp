// What pallets that carry calls inside calls (utility, sudo, later proxy and multisig) share:
//  - Boxed<X>: FRAME's `Box<RuntimeCall>`, a heap value with value semantics, so that a call can
//    hold the recursive RuntimeCall type (which is still incomplete where the call is declared);
//    `boxed_field` describes it in metadata as the inner type, as scale-info does with Box.
//  - a bound on how deeply calls nest while decoding: FRAME decodes extrinsics with
//    MAX_EXTRINSIC_DEPTH = 256 levels of enums/structs (two per nested call), so without a
//    bound a short extrinsic of nested batches would exhaust the stack (bad input must never
//    crash the node).
//  - dispatch_in_layer: FRAME runs every dispatchable in its own storage layer
//    (frame-support `with_storage_layer`), so a nested call that fails leaves no changes while
//    the calls around it go on; the executive only wraps the outermost call.
//  - OriginCaller: the `PalletsOrigin` of dispatch_as, with the one origin kind this framework
//    knows (frame_system's RawOrigin, variant index 0 as in construct_runtime's OriginCaller).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt::pallets::nested {

// Levels of call-carrying calls a decoded call may have (≈ FRAME's 256 levels at two per call).
inline constexpr uint32_t kMaxCallNesting = 127;

inline uint32_t& call_nesting_depth() {
#if defined(__wasm32__)
  static uint32_t depth = 0;  // a runtime instance is single-threaded
#else
  static thread_local uint32_t depth = 0;  // native tests may decode on several threads
#endif
  return depth;
}

// Counts one nesting level for as long as it lives; fails the decoder beyond the bound.
class NestingGuard {
 public:
  explicit NestingGuard(scale::Decoder& in) {
    ok_ = ++call_nesting_depth() <= kMaxCallNesting;
    if (!ok_) in.fail(scale::DecodeError::kInvalidValue);
  }
  ~NestingGuard() { --call_nesting_depth(); }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_ = true;
};

template <class X>
class Boxed {
 public:
  Boxed() = default;
  Boxed(X value) : ptr_(std::make_unique<X>(std::move(value))) {}  // NOLINT: like Box::new
  Boxed(const Boxed& other) : ptr_(other.ptr_ ? std::make_unique<X>(*other.ptr_) : nullptr) {}
  Boxed& operator=(const Boxed& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<X>(*other.ptr_) : nullptr;
    return *this;
  }
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  // An empty box (default-constructed, never decoded) reads as X{}.
  const X& get() const {
    if (!ptr_) ptr_ = std::make_unique<X>();
    return *ptr_;
  }
  const X& operator*() const { return get(); }
  const X* operator->() const { return &get(); }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, get());
  }
  void scale_decode(scale::Decoder& in) {
    auto value = std::make_unique<X>();
    scale::decode_from(in, *value);
    ptr_ = std::move(value);
  }

 private:
  mutable std::unique_ptr<X> ptr_;
};

// A described field holding a Boxed<X>: encoded as X, described in metadata as X.
template <class S, class X>
struct BoxedFieldDescriptor {
  const char* name;
  Boxed<X> S::* member;
  const char* type_name;
  using Member = X;
  static constexpr bool kCompact = false;
};
template <class S, class X>
constexpr BoxedFieldDescriptor<S, X> boxed_field(const char* name, Boxed<X> S::* member,
                                                 const char* type_name) {
  return {name, member, type_name};
}

// Decodes a call-carrying call struct's fields under the nesting bound.
template <class S>
void decode_nested(scale::Decoder& in, S& value) {
  NestingGuard guard(in);
  if (!guard.ok()) return;
  decode_fields(in, value, S::fields());
}

// The SCALE codec of a described struct that carries calls.
#define CANARY_DESCRIBED_NESTED()                            \
  template <class Sink>                                      \
  void scale_encode(Sink& out) const {                       \
    ::canary::rt::encode_fields(out, *this, fields());       \
  }                                                          \
  void scale_decode(::canary::scale::Decoder& in) {          \
    ::canary::rt::pallets::nested::decode_nested(in, *this); \
  }

// Dispatches in a storage layer of its own: kept if it succeeds, undone if it fails.
template <class Call>
DispatchResultWithPostInfo dispatch_in_layer(const Call& call, const Origin& origin) {
  io::storage::start_transaction();
  DispatchResultWithPostInfo result = call.dispatch(origin);
  if (result) {
    io::storage::commit_transaction();
  } else {
    io::storage::rollback_transaction();
  }
  return result;
}

// frame-support extract_actual_weight: the weight the call reports, never more than declared.
inline Weight actual_weight(const DispatchResultWithPostInfo& result, const DispatchInfo& info) {
  return (result ? *result : result.error().post_info).calc_actual_weight(info);
}

// DispatchResultWithPostInfo → DispatchResult (what events record).
inline DispatchResult without_post_info(const DispatchResultWithPostInfo& result) {
  if (!result) return unexpected(result.error().error);
  return {};
}

// frame_system::RawOrigin<AccountId> in metadata (frame_support::dispatch::RawOrigin).
struct RawOriginType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "dispatch", "RawOrigin"});
    b.param<AccountId32>("AccountId");
    b.variant(0, "Root");
    b.variant(1, "Signed", {meta::field_of<AccountId32>(b.registry(), std::nullopt, "AccountId")});
    b.variant(2, "None");
  }
};

// construct_runtime's OriginCaller with its `system` variant (index 0). `Crate` names the
// runtime crate for the path (e.g. "kusama_runtime").
template <class Runtime>
struct OriginCaller {
  Origin origin = Origin::root();

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(0);
    out.put_byte(static_cast<uint8_t>(origin.kind));
    if (origin.kind == Origin::Kind::kSigned) scale::encode_to(out, origin.who);
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t caller = in.read_byte();
    if (in.ok() && caller != 0) in.fail(scale::DecodeError::kInvalidVariantIndex);
    const uint8_t kind = in.read_byte();
    if (in.ok() && kind > 2) in.fail(scale::DecodeError::kInvalidVariantIndex);
    if (!in.ok()) return;
    origin = Origin{static_cast<Origin::Kind>(kind), {}};
    if (origin.kind == Origin::Kind::kSigned) scale::decode_from(in, origin.who);
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({std::string(Runtime::Pallets::kCrate), "OriginCaller"});
    b.variant(0, "system",
              {meta::field_of<RawOriginType>(b.registry(), std::nullopt,
                                             "frame_system::Origin<Runtime>")});
  }
};

}  // namespace canary::rt::pallets::nested
