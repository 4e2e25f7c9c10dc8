// pallet_treasury's types (polkadot-sdk substrate/frame/treasury/src/lib.rs, pallet-treasury 41 as
// Kusama FR-1.7.1 builds it; SCALE layouts and type paths as Kusama's metadata, spec 1_009_002):
// a local spend (Proposal), the state of a payment (PaymentState) and an approved asset spend
// (SpendStatus), and frame_support::PalletId with the account it derives.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/xcm/versioned.hpp"

namespace canary::rt::pallets::treasury {

using traits::tokens::Balance;
using ProposalIndex = uint32_t;
using SpendIndex = uint32_t;
using PaymentId = uint64_t;  // Kusama's Paymaster (PayOverXcm): an XCM query id
using AssetKind = xcm::VersionedLocatableAsset;
using Beneficiary = xcm::VersionedLocation;

// Saturating arithmetic of the unsigned amounts and block numbers (Saturating::saturating_*).
template <class N>
constexpr N saturating_add(N a, N b) {
  const N max = static_cast<N>(~N{0});
  return a > max - b ? max : static_cast<N>(a + b);
}
template <class N>
constexpr N saturating_sub(N a, N b) {
  return a < b ? N{0} : static_cast<N>(a - b);
}

// frame_support::PalletId: 8 bytes naming a pallet's account.
struct PalletId {
  ByteArray<8> id{};
  bool operator==(const PalletId&) const = default;
  CANARY_SCALE_FIELDS(id)

  static constexpr PalletId of(std::string_view name) {
    PalletId out;
    for (size_t i = 0; i < out.id.size() && i < name.size(); ++i) {
      out.id[i] = static_cast<uint8_t>(name[i]);
    }
    return out;
  }
  // AccountIdConversion::into_account_truncating: "modl" ‖ id, padded with zeros to 32 bytes
  // (sp-runtime's TypeId of PalletId is b"modl").
  AccountId32 into_account() const {
    AccountId32 account;
    const char prefix[] = "modl";
    for (size_t i = 0; i < 4; ++i) account.bytes[i] = static_cast<uint8_t>(prefix[i]);
    for (size_t i = 0; i < id.size(); ++i) account.bytes[4 + i] = id[i];
    return account;
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_support", "PalletId"});
    b.typed_field<ByteArray<8>>(std::nullopt, "[u8; 8]");
  }
};

// pallet_treasury::Proposal<AccountId, Balance>: a local spend awaiting the spend period. Since
// spend_local the proposer is the beneficiary and the bond is zero.
struct Proposal {
  AccountId32 proposer;
  Balance value = 0;
  AccountId32 beneficiary;
  Balance bond = 0;
  bool operator==(const Proposal&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("proposer", &Proposal::proposer, "AccountId"),
                      field("value", &Proposal::value, "Balance"),
                      field("beneficiary", &Proposal::beneficiary, "AccountId"),
                      field("bond", &Proposal::bond, "Balance")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_treasury", "Proposal"});
    b.param<AccountId32>("AccountId");
    b.param<Balance>("Balance");
    add_fields(b, fields());
  }
};

// pallet_treasury::PaymentState<Id>: Pending (never paid out), Attempted {id} (the Paymaster was
// asked), Failed (check_status saw the payment fail: it may be paid out again or voided).
struct PaymentState {
  struct Pending {
    static constexpr uint8_t kScaleIndex = 0;
    bool operator==(const Pending&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct Attempted {
    static constexpr uint8_t kScaleIndex = 1;
    PaymentId id = 0;
    bool operator==(const Attempted&) const = default;
    CANARY_SCALE_FIELDS(id)
  };
  struct Failed {
    static constexpr uint8_t kScaleIndex = 2;
    bool operator==(const Failed&) const = default;
    CANARY_SCALE_FIELDS()
  };
  std::variant<Pending, Attempted, Failed> value;
  bool operator==(const PaymentState&) const = default;

  static PaymentState pending() { return {Pending{}}; }
  static PaymentState attempted(PaymentId id) { return {Attempted{id}}; }
  static PaymentState failed() { return {Failed{}}; }
  const Attempted* attempt() const { return std::get_if<Attempted>(&value); }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_treasury", "PaymentState"});
    b.param<PaymentId>("Id");
    meta::Registry& r = b.registry();
    b.variant(0, "Pending");
    b.variant(1, "Attempted", {meta::field_of<PaymentId>(r, "id", "Id")});
    b.variant(2, "Failed");
  }
};

// pallet_treasury::SpendStatus<AssetKind, AssetBalance, Beneficiary, BlockNumber, PaymentId>: an
// approved spend, claimable from valid_from until expire_at.
struct SpendStatus {
  AssetKind asset_kind;
  Balance amount = 0;
  Beneficiary beneficiary;
  BlockNumber valid_from = 0;
  BlockNumber expire_at = 0;
  PaymentState status;
  bool operator==(const SpendStatus&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("asset_kind", &SpendStatus::asset_kind, "AssetKind"),
                      field("amount", &SpendStatus::amount, "AssetBalance"),
                      field("beneficiary", &SpendStatus::beneficiary, "Beneficiary"),
                      field("valid_from", &SpendStatus::valid_from, "BlockNumber"),
                      field("expire_at", &SpendStatus::expire_at, "BlockNumber"),
                      field("status", &SpendStatus::status, "PaymentState<PaymentId>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_treasury", "SpendStatus"});
    b.param<AssetKind>("AssetKind");
    b.param<Balance>("AssetBalance");
    b.param<Beneficiary>("Beneficiary");
    b.param<BlockNumber>("BlockNumber");
    b.param<PaymentId>("PaymentId");
    add_fields(b, fields());
  }
};

}  // namespace canary::rt::pallets::treasury
