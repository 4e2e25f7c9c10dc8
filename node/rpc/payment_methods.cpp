#include "node/rpc/payment_methods.hpp"

#include <optional>
#include <utility>

#include "node/rpc/block_access.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/registration.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "node/rpc/substrate_json.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::node::rpc {
namespace {

// pallet-transaction-payment's RuntimeDispatchInfo<Balance, Weight> as TransactionPaymentApi
// v2+ returns it: Weight { compact ref_time, compact proof_size }, DispatchClass, u128 fee.
struct DispatchInfoWire {
  uint64_t ref_time = 0;
  uint64_t proof_size = 0;
  uint8_t dispatch_class = 0;
  u128 partial_fee = 0;
  CANARY_SCALE_FIELDS(scale::compact(ref_time), scale::compact(proof_size), dispatch_class,
                      partial_fee)
};

struct InclusionFeeWire {
  u128 base_fee = 0;
  u128 len_fee = 0;
  u128 adjusted_weight_fee = 0;
  CANARY_SCALE_FIELDS(base_fee, len_fee, adjusted_weight_fee)
};

struct FeeDetailsWire {
  std::optional<InclusionFeeWire> inclusion_fee;
  u128 tip = 0;
  CANARY_SCALE_FIELDS(inclusion_fee, tip)
};

// sp-rpc NumberOrHex from a u128: always the Hex variant (U256), written as impl-serde writes it.
Json number_or_hex(u128 v) {
  return Json(hex_number(v));
}

// The extrinsic and the runtime call's arguments: (extrinsic, u32 length of the given bytes),
// the extrinsic decoded as the node's opaque type (a length-prefixed byte string).
Result<std::pair<Bytes, block::BlockHash>, Error> call_args(const RpcContext& ctx,
                                                            const Params& params,
                                                            const char* description) {
  auto read = read_params<Bytes, std::optional<Hash256>>(params, {"encoded_xt", "at"});
  if (!read) return unexpected(std::move(read).error());
  const auto& [encoded, at] = *read;
  scale::Decoder in(encoded);
  const Bytes xt = scale::decode_next<Bytes>(in);
  if (!in.ok()) {
    // Substrate formats the codec error with {:?}: Error { cause: None, desc: "..." }.
    return unexpected(frame_error(
        kDecodeErrorCode, description,
        std::string("Error { cause: None, desc: \"") + scale::to_string(in.error()) + "\" }"));
  }
  Bytes args = scale::encode(xt);
  const uint32_t length = static_cast<uint32_t>(encoded.size());
  const Bytes length_le = scale::encode(length);
  args.insert(args.end(), length_le.begin(), length_le.end());
  return std::pair{std::move(args), block_or_best(ctx.chain, at)};
}

MethodResult query_info(RpcContext& ctx, const Params& params) {
  constexpr const char* kWhat = "Unable to query dispatch info.";
  CANARY_TRY_ASSIGN(auto args, call_args(ctx, params, kWhat));
  auto out = runtime_api_call(ctx.chain, ctx.host, ctx.call_fuel, args.second,
                              "TransactionPaymentApi_query_info", args.first);
  if (!out) return unexpected(frame_error(kRuntimeErrorCode, kWhat, out.error()));
  auto info = scale::decode<DispatchInfoWire>(*out);
  if (!info || info->dispatch_class > 2) {
    return unexpected(
        frame_error(kRuntimeErrorCode, kWhat, "the runtime's answer does not decode"));
  }
  static constexpr const char* kClasses[] = {"normal", "operational", "mandatory"};
  // serde of RuntimeDispatchInfo: camelCase, the fee as a decimal string (serde_balance).
  Json out_json = Json::object();
  out_json["weight"] = Json{{"refTime", info->ref_time}, {"proofSize", info->proof_size}};
  out_json["class"] = kClasses[info->dispatch_class];
  out_json["partialFee"] = decimal_string(info->partial_fee);
  return out_json;
}

MethodResult query_fee_details(RpcContext& ctx, const Params& params) {
  constexpr const char* kWhat = "Unable to query fee details.";
  CANARY_TRY_ASSIGN(auto args, call_args(ctx, params, kWhat));
  auto out = runtime_api_call(ctx.chain, ctx.host, ctx.call_fuel, args.second,
                              "TransactionPaymentApi_query_fee_details", args.first);
  if (!out) return unexpected(frame_error(kRuntimeErrorCode, kWhat, out.error()));
  auto details = scale::decode<FeeDetailsWire>(*out);
  if (!details) {
    return unexpected(
        frame_error(kRuntimeErrorCode, kWhat, "the runtime's answer does not decode"));
  }
  // FeeDetails<NumberOrHex>: camelCase, the tip is not serialized.
  Json inclusion = nullptr;
  if (const std::optional<InclusionFeeWire>& fee = details->inclusion_fee) {
    inclusion = Json{{"baseFee", number_or_hex(fee->base_fee)},
                     {"lenFee", number_or_hex(fee->len_fee)},
                     {"adjustedWeightFee", number_or_hex(fee->adjusted_weight_fee)}};
  }
  return Json{{"inclusionFee", std::move(inclusion)}};
}

}  // namespace

void register_payment_methods(MethodRegistry& registry, RpcContext& context) {
  RpcContext* ctx = &context;
  add_method(registry, {"payment_queryInfo"}, MethodSafety::kSafe,
             [ctx](const Params& params, const CallContext&) { return query_info(*ctx, params); });
  add_method(
      registry, {"payment_queryFeeDetails"}, MethodSafety::kSafe,
      [ctx](const Params& params, const CallContext&) { return query_fee_details(*ctx, params); });
}

}  // namespace canary::node::rpc
