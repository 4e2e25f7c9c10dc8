// frame_system's data types, with their metadata paths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "primitives/block/digest.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/weight.hpp"

namespace canary::rt::pallets::system {

using RefCount = uint32_t;
using Nonce = uint32_t;

// An account's nonce, reference counts and the balances pallet's data (frame_system::AccountInfo).
template <class AccountData>
struct AccountInfo {
  Nonce nonce = 0;
  RefCount consumers = 0;
  RefCount providers = 0;
  RefCount sufficients = 0;
  AccountData data{};

  bool operator==(const AccountInfo&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("nonce", &AccountInfo::nonce, "Nonce"),
                      field("consumers", &AccountInfo::consumers, "RefCount"),
                      field("providers", &AccountInfo::providers, "RefCount"),
                      field("sufficients", &AccountInfo::sufficients, "RefCount"),
                      field("data", &AccountInfo::data, "AccountData")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "AccountInfo"});
    b.param<Nonce>("Nonce");
    b.param<AccountData>("AccountData");
    add_fields(b, fields());
  }
};

// What ExtrinsicSuccess and ExtrinsicFailed report (frame_system::DispatchEventInfo): the weight
// the extrinsic used (call and extensions after refunds, plus the class's base extrinsic weight),
// its class and whether it paid.
struct DispatchEventInfo {
  Weight weight;
  DispatchClass dispatch_class = DispatchClass::kNormal;
  Pays pays_fee = Pays::kYes;
  bool operator==(const DispatchEventInfo&) const = default;
  CANARY_SCALE_FIELDS(weight, dispatch_class, pays_fee)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "DispatchEventInfo"});
    b.typed_field<Weight>("weight", "Weight");
    b.typed_field<DispatchClass>("class", "DispatchClass");
    b.typed_field<Pays>("pays_fee", "Pays");
  }
};

// Where in the block an event happened.
struct Phase {
  enum class Kind : uint8_t { kApplyExtrinsic = 0, kFinalization = 1, kInitialization = 2 };
  Kind kind = Kind::kInitialization;
  uint32_t extrinsic = 0;  // kApplyExtrinsic only

  static Phase apply_extrinsic(uint32_t index) { return {Kind::kApplyExtrinsic, index}; }
  static Phase finalization() { return {Kind::kFinalization, 0}; }
  static Phase initialization() { return {Kind::kInitialization, 0}; }
  bool operator==(const Phase&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    out.put_byte(static_cast<uint8_t>(kind));
    if (kind == Kind::kApplyExtrinsic) scale::encode_to(out, extrinsic);
  }
  void scale_decode(scale::Decoder& in) {
    const uint8_t tag = in.read_byte();
    if (tag > 2) in.fail(scale::DecodeError::kInvalidVariantIndex);
    kind = static_cast<Kind>(tag);
    extrinsic = 0;
    if (in.ok() && kind == Kind::kApplyExtrinsic) scale::decode_from(in, extrinsic);
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "Phase"});
    b.variant(0, "ApplyExtrinsic", {meta::field_of<uint32_t>(b.registry(), std::nullopt, "u32")});
    b.variant(1, "Finalization");
    b.variant(2, "Initialization");
  }
};

template <class Event>
struct EventRecord {
  Phase phase;
  Event event;
  std::vector<H256> topics;
  static constexpr auto fields() {
    return std::tuple{field("phase", &EventRecord::phase, "Phase"),
                      field("event", &EventRecord::event, "E"),
                      field("topics", &EventRecord::topics, "Vec<T>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "EventRecord"});
    b.param<Event>("E");
    b.param<H256>("T");
    add_fields(b, fields());
  }
};

struct LastRuntimeUpgradeInfo {
  uint32_t spec_version = 0;
  std::string spec_name;
  static constexpr auto fields() {
    return std::tuple{compact_field("spec_version", &LastRuntimeUpgradeInfo::spec_version, "u32"),
                      field("spec_name", &LastRuntimeUpgradeInfo::spec_name, "Cow<'static, str>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "LastRuntimeUpgradeInfo"});
    add_fields(b, fields());
  }
};

struct CodeUpgradeAuthorization {
  H256 code_hash;
  bool check_version = true;
  static constexpr auto fields() {
    return std::tuple{field("code_hash", &CodeUpgradeAuthorization::code_hash, "T::Hash"),
                      field("check_version", &CodeUpgradeAuthorization::check_version, "bool")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "CodeUpgradeAuthorization"});
    b.unused_param("T");
    add_fields(b, fields());
  }
};

// A value per dispatch class (frame_support::dispatch::PerDispatchClass).
template <class T>
struct PerDispatchClass {
  T normal{};
  T operational{};
  T mandatory{};

  T& get(DispatchClass c) {
    return c == DispatchClass::kNormal        ? normal
           : c == DispatchClass::kOperational ? operational
                                              : mandatory;
  }
  const T& get(DispatchClass c) const { return const_cast<PerDispatchClass*>(this)->get(c); }
  bool operator==(const PerDispatchClass&) const = default;

  static constexpr auto fields() {
    return std::tuple{field("normal", &PerDispatchClass::normal, "T"),
                      field("operational", &PerDispatchClass::operational, "T"),
                      field("mandatory", &PerDispatchClass::mandatory, "T")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "dispatch", "PerDispatchClass"});
    b.param<T>("T");
    add_fields(b, fields());
  }
};

// The weight consumed so far in the block, by class.
using ConsumedWeight = PerDispatchClass<Weight>;

// The limits of one dispatch class (frame_system::limits::WeightsPerClass).
struct WeightsPerClass {
  Weight base_extrinsic;
  std::optional<Weight> max_extrinsic;
  std::optional<Weight> max_total;
  std::optional<Weight> reserved;
  static constexpr auto fields() {
    return std::tuple{field("base_extrinsic", &WeightsPerClass::base_extrinsic, "Weight"),
                      field("max_extrinsic", &WeightsPerClass::max_extrinsic, "Option<Weight>"),
                      field("max_total", &WeightsPerClass::max_total, "Option<Weight>"),
                      field("reserved", &WeightsPerClass::reserved, "Option<Weight>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "limits", "WeightsPerClass"});
    add_fields(b, fields());
  }
};

struct BlockWeights {
  Weight base_block;
  Weight max_block;
  PerDispatchClass<WeightsPerClass> per_class;
  static constexpr auto fields() {
    return std::tuple{
        field("base_block", &BlockWeights::base_block, "Weight"),
        field("max_block", &BlockWeights::max_block, "Weight"),
        field("per_class", &BlockWeights::per_class, "PerDispatchClass<WeightsPerClass>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "limits", "BlockWeights"});
    add_fields(b, fields());
  }

  // frame_system's builder for the usual configuration: `normal_ratio` (percent) of the block for
  // normal dispatches, operational dispatches may use all of it with the rest reserved for them,
  // mandatory ones are unlimited; `avg_on_initialize` (percent) is kept free of extrinsics.
  static BlockWeights with_sensible_defaults(Weight base_block, Weight base_extrinsic,
                                             Weight max_block, uint64_t normal_ratio,
                                             uint64_t avg_on_initialize_ratio);
};

struct BlockLength {
  PerDispatchClass<uint32_t> max;
  static constexpr auto fields() {
    return std::tuple{field("max", &BlockLength::max, "PerDispatchClass<u32>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "limits", "BlockLength"});
    add_fields(b, fields());
  }
  // `normal_ratio` percent of `max` for normal extrinsics, all of it for the other classes.
  static BlockLength max_with_normal_ratio(uint32_t max, uint32_t normal_ratio) {
    BlockLength out;
    out.max.normal = static_cast<uint32_t>(uint64_t{max} * normal_ratio / 100);
    out.max.operational = max;
    out.max.mandatory = max;
    return out;
  }
};

struct RuntimeDbWeight {
  uint64_t read = 0;
  uint64_t write = 0;
  static constexpr auto fields() {
    return std::tuple{field("read", &RuntimeDbWeight::read, "u64"),
                      field("write", &RuntimeDbWeight::write, "u64")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_weights", "RuntimeDbWeight"});
    add_fields(b, fields());
  }
  constexpr Weight reads(uint64_t n) const { return Weight::from_parts(read * n, 0); }
  constexpr Weight writes(uint64_t n) const { return Weight::from_parts(write * n, 0); }
  constexpr Weight reads_writes(uint64_t r, uint64_t w) const {
    return Weight::from_parts(read * r + write * w, 0);
  }
};

// sp_version::RuntimeVersion as the `Version` constant carries it.
struct VersionConstant {
  runtime::RuntimeVersion version;
  template <class Sink>
  void scale_encode(Sink& out) const {
    const Bytes encoded = runtime::encode(version);
    out.put_bytes(encoded);
  }
  void scale_decode(scale::Decoder&) {}
  static void type_info(meta::TypeBuilder& b);
};

// Percent of a u64, rounded to the nearest (Perbill-style multiplication).
constexpr uint64_t percent_of(uint64_t value, uint64_t percent) {
  const u128 product = static_cast<u128>(value) * percent;
  return static_cast<uint64_t>((product + 50) / 100);
}

inline BlockWeights BlockWeights::with_sensible_defaults(Weight base_block, Weight base_extrinsic,
                                                         Weight max_block, uint64_t normal_ratio,
                                                         uint64_t avg_on_initialize_ratio) {
  const Weight normal_max{percent_of(max_block.ref_time, normal_ratio),
                          percent_of(max_block.proof_size, normal_ratio)};
  BlockWeights out;
  out.base_block = base_block;
  out.max_block = max_block;
  out.per_class.normal = {base_extrinsic, std::nullopt, normal_max, Weight::zero()};
  out.per_class.operational = {base_extrinsic, std::nullopt, max_block,
                               max_block.saturating_sub(normal_max)};
  out.per_class.mandatory = {base_extrinsic, std::nullopt, std::nullopt, std::nullopt};
  // An extrinsic may use its class's total minus the average initialization and its base.
  const Weight init{percent_of(max_block.ref_time, avg_on_initialize_ratio),
                    percent_of(max_block.proof_size, avg_on_initialize_ratio)};
  for (WeightsPerClass* c : {&out.per_class.normal, &out.per_class.operational}) {
    c->max_extrinsic = c->max_total->saturating_sub(init).saturating_sub(c->base_extrinsic);
  }
  return out;
}

inline void VersionConstant::type_info(meta::TypeBuilder& b) {
  b.path({"sp_version", "RuntimeVersion"});
  b.typed_field<std::string>("spec_name", "Cow<'static, str>");
  b.typed_field<std::string>("impl_name", "Cow<'static, str>");
  b.typed_field<uint32_t>("authoring_version", "u32");
  b.typed_field<uint32_t>("spec_version", "u32");
  b.typed_field<uint32_t>("impl_version", "u32");
  b.typed_field<meta::SequenceOf<std::tuple<ByteArray<8>, uint32_t>>>("apis", "ApisVec");
  b.typed_field<uint32_t>("transaction_version", "u32");
  b.typed_field<uint8_t>("system_version", "u8");
}

}  // namespace canary::rt::pallets::system

namespace canary::rt::meta {

// sp_runtime's digest in metadata: Digest { logs: Vec<DigestItem> } (the same encoding as the
// vector primitives/block uses).
template <>
struct TypeInfo<block::DigestItem> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "generic", "digest", "DigestItem"});
    Registry& r = b.registry();
    const auto engine = [&] {
      return field_of<ByteArray<4>>(r, std::nullopt, "ConsensusEngineId");
    };
    const auto data = [&] { return field_of<Bytes>(r, std::nullopt, "Vec<u8>"); };
    b.variant(6, "PreRuntime", {engine(), data()});
    b.variant(4, "Consensus", {engine(), data()});
    b.variant(5, "Seal", {engine(), data()});
    b.variant(0, "Other", {data()});
    b.variant(8, "RuntimeEnvironmentUpdated");
  }
};

template <>
struct TypeInfo<block::Digest> {
  static void describe(TypeBuilder& b) {
    b.path({"sp_runtime", "generic", "digest", "Digest"});
    b.typed_field<SequenceOf<block::DigestItem>>("logs", "Vec<DigestItem>");
  }
};

}  // namespace canary::rt::meta
