// pallet_multisig's types: where an operation was opened (Timepoint) and the open operation
// itself (Multisig), with FRAME's encodings and metadata paths (substrate/frame/multisig lib.rs).
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/traits/tokens.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt::pallets::multisig {

using traits::tokens::Balance;

// The name a multisig operation goes by: BLAKE2b-256 of the encoded call (`[u8; 32]`).
using CallHash = Hash256;

// pallet_multisig::Timepoint<BlockNumber>: the extrinsic that opened an operation (its block's
// height and its index in that block); later approvals name it so that an operation cannot be
// confused with a later one of the same call.
struct Timepoint {
  BlockNumber height = 0;
  uint32_t index = 0;
  bool operator==(const Timepoint&) const = default;
  static constexpr auto fields() {
    return std::tuple{field("height", &Timepoint::height, "BlockNumber"),
                      field("index", &Timepoint::index, "u32")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_multisig", "Timepoint"});
    b.param<BlockNumber>("BlockNumber");
    add_fields(b, fields());
  }
};

// pallet_multisig::Multisig<BlockNumber, Balance, AccountId, MaxApprovals>: an open operation,
// its depositor's reserved deposit and the approvals so far (sorted, the depositor's first).
template <class MaxApprovals>
struct Multisig {
  Timepoint when;
  Balance deposit = 0;
  AccountId32 depositor;
  BoundedVec<AccountId32, MaxApprovals> approvals;
  bool operator==(const Multisig&) const = default;
  static constexpr auto fields() {
    return std::tuple{
        field("when", &Multisig::when, "Timepoint<BlockNumber>"),
        field("deposit", &Multisig::deposit, "Balance"),
        field("depositor", &Multisig::depositor, "AccountId"),
        field("approvals", &Multisig::approvals, "BoundedVec<AccountId, MaxApprovals>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_multisig", "Multisig"});
    b.param<BlockNumber>("BlockNumber").param<Balance>("Balance").param<AccountId32>("AccountId");
    b.unused_param("MaxApprovals");  // #[scale_info(skip_type_params(MaxApprovals))]
    add_fields(b, fields());
  }
};

// The account of the multisig of `signatories` (sorted) with `threshold`: FRAME's
// multi_account_id, blake2_256 of the SCALE encoding of (b"modlpy/utilisuba", signatories,
// threshold): the prefix is a fixed-size array (no length), the signatories a slice (compact
// length first), the threshold a u16; the 32 bytes of the hash are the account (TrailingZeroInput).
inline AccountId32 multi_account_id(const std::vector<AccountId32>& signatories,
                                    uint16_t threshold) {
  static constexpr std::string_view kPrefix = "modlpy/utilisuba";
  Bytes entropy(kPrefix.begin(), kPrefix.end());
  const Bytes encoded = scale::encode(signatories);
  entropy.insert(entropy.end(), encoded.begin(), encoded.end());
  entropy.push_back(static_cast<uint8_t>(threshold & 0xff));
  entropy.push_back(static_cast<uint8_t>(threshold >> 8));
  return AccountId32{io::hashing::blake2_256(entropy)};
}

}  // namespace canary::rt::pallets::multisig
