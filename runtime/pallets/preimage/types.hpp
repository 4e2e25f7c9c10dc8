// pallet_preimage's types: who owns a preimage's deposit and how often the chain has asked for it.
#pragma once

#include <cstdint>
#include <optional>
#include <tuple>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/bounded.hpp"

namespace canary::rt::pallets::preimage {

using traits::tokens::Balance;

// MAX_SIZE: the largest preimage, 4 MiB (a runtime fits).
inline constexpr uint32_t kMaxSize = 4 * 1024 * 1024;
// MAX_HASH_UPGRADE_BULK_COUNT: the most hashes one ensure_updated takes.
inline constexpr uint32_t kMaxHashUpgradeBulkCount = 1024;

using PreimageBytes = BoundedVec<uint8_t, ConstU32<kMaxSize>>;

// pallet_preimage::OldRequestStatus<AccountId, Balance>: the form StatusFor held while deposits
// were reserves (before storage version 1); ensure_updated moves entries to RequestStatusFor.
struct OldRequestStatus {
  using Deposit = std::tuple<AccountId32, Balance>;
  struct Unrequested {
    static constexpr uint8_t kScaleIndex = 0;
    Deposit deposit;
    uint32_t len;  // no initializer: the variant below must see a default constructor
    bool operator==(const Unrequested&) const = default;
    CANARY_SCALE_FIELDS(deposit, len)
  };
  struct Requested {
    static constexpr uint8_t kScaleIndex = 1;
    std::optional<Deposit> deposit;
    uint32_t count = 0;
    std::optional<uint32_t> len;
    bool operator==(const Requested&) const = default;
    CANARY_SCALE_FIELDS(deposit, count, len)
  };
  std::variant<Unrequested, Requested> value;
  bool operator==(const OldRequestStatus&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_preimage", "OldRequestStatus"});
    b.param<AccountId32>("AccountId").param<Balance>("Balance");
    meta::Registry& r = b.registry();
    b.variant(0, "Unrequested",
              {meta::field_of<Deposit>(r, "deposit", "(AccountId, Balance)"),
               meta::field_of<uint32_t>(r, "len", "u32")});
    b.variant(1, "Requested",
              {meta::field_of<std::optional<Deposit>>(r, "deposit", "Option<(AccountId, Balance)>"),
               meta::field_of<uint32_t>(r, "count", "u32"),
               meta::field_of<std::optional<uint32_t>>(r, "len", "Option<u32>")});
  }
};

// pallet_preimage::RequestStatus<AccountId, Ticket>: a preimage noted by a user who holds a
// deposit for it (Unrequested), or one the chain asked for `count` times, which may be noted
// (maybe_len) and may still carry the deposit of the user who noted it first (maybe_ticket).
template <class Ticket>
struct RequestStatus {
  using Owner = std::tuple<AccountId32, Ticket>;
  struct Unrequested {
    static constexpr uint8_t kScaleIndex = 0;
    Owner ticket;
    uint32_t len;  // no initializer: the variant below must see a default constructor
    bool operator==(const Unrequested&) const = default;
    CANARY_SCALE_FIELDS(ticket, len)
  };
  struct Requested {
    static constexpr uint8_t kScaleIndex = 1;
    std::optional<Owner> maybe_ticket;
    uint32_t count = 0;
    std::optional<uint32_t> maybe_len;
    bool operator==(const Requested&) const = default;
    CANARY_SCALE_FIELDS(maybe_ticket, count, maybe_len)
  };
  std::variant<Unrequested, Requested> value;
  bool operator==(const RequestStatus&) const = default;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_preimage", "RequestStatus"});
    b.param<AccountId32>("AccountId").param<Ticket>("Ticket");
    meta::Registry& r = b.registry();
    b.variant(0, "Unrequested",
              {meta::field_of<Owner>(r, "ticket", "(AccountId, Ticket)"),
               meta::field_of<uint32_t>(r, "len", "u32")});
    b.variant(
        1, "Requested",
        {meta::field_of<std::optional<Owner>>(r, "maybe_ticket", "Option<(AccountId, Ticket)>"),
         meta::field_of<uint32_t>(r, "count", "u32"),
         meta::field_of<std::optional<uint32_t>>(r, "maybe_len", "Option<u32>")});
  }
};

// pallet_preimage::HoldReason (the runtime's RuntimeHoldReason::Preimage(Preimage)).
enum class HoldReason : uint8_t { kPreimage = 0 };
inline bool scale_is_valid(HoldReason r) {
  return static_cast<uint8_t>(r) == 0;
}
inline void canary_type_info(meta::TypeBuilder& b, const HoldReason*) {
  b.path({"pallet_preimage", "pallet", "HoldReason"});
  b.variant(0, "Preimage", {}, {"The funds are held as storage deposit for a preimage."});
}

}  // namespace canary::rt::pallets::preimage
