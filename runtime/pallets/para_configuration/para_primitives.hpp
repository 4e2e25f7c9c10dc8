// The runtime side of the parachain primitives the parachain pallets share (the runtime may not
// include parachain/, the node's): ParaId, HeadData, ValidationCode and its hash, the upgrade
// signals parachains read through storage proofs, the PVF pre-checking statement and the `POL1`
// consensus log items. SCALE byte for byte as polkadot-parachain-primitives
// (polkadot/parachain/src/primitives.rs) and polkadot-primitives (polkadot/primitives/src/v8),
// metadata paths as Kusama's metadata names them (`polkadot_primitives::v8`, spec 1_009_002),
// serde's JSON forms where a genesis config uses them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "primitives/block/digest.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt::pallets::para_primitives {

// polkadot_primitives::MIN_CODE_SIZE: the smallest validation code a para may upgrade to.
inline constexpr uint32_t kMinCodeSize = 9;

// polkadot_parachain_primitives::primitives::Id: a u32 on the wire, a JSON number in serde.
struct ParaId {
  uint32_t value = 0;
  auto operator<=>(const ParaId&) const = default;
  CANARY_SCALE_FIELDS(value)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_parachain_primitives", "primitives", "Id"});
    b.typed_field<uint32_t>(std::nullopt, "u32");
  }
};
inline json::Value json_encode(const ParaId& id) {
  return json::Value::of(u128{id.value});
}
inline Result<void, std::string> json_decode(const json::Value& value, ParaId& out) {
  const auto n = value.unsigned_integer();
  if (!n || *n > UINT32_MAX) return unexpected(std::string("a para id must be a u32"));
  out.value = static_cast<uint32_t>(*n);
  return {};
}

namespace detail {
// sp_core::bytes' serde form, which HeadData and ValidationCode use: "0x" hex.
inline Result<void, std::string> bytes_from_json(const json::Value& value, Bytes& out) {
  const std::string* text = value.string();
  if (text == nullptr) return unexpected(std::string("expected 0x-prefixed hex bytes"));
  auto bytes = from_hex(*text);
  if (!bytes) return unexpected(std::string("not hex: ") + to_string(bytes.error()));
  out = std::move(*bytes);
  return {};
}
}  // namespace detail

// polkadot_parachain_primitives::primitives::HeadData(Vec<u8>): its hash is BLAKE2b-256 of the
// raw bytes, not of their SCALE form (parachain-facts.md §1.2).
struct HeadData {
  Bytes bytes;
  bool operator==(const HeadData&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  Hash256 hash() const { return io::hashing::blake2_256(bytes); }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_parachain_primitives", "primitives", "HeadData"});
    b.typed_field<Bytes>(std::nullopt, "Vec<u8>");
  }
};
inline json::Value json_encode(const HeadData& v) {
  return json::Value::of(to_hex(v.bytes));
}
inline Result<void, std::string> json_decode(const json::Value& value, HeadData& out) {
  return detail::bytes_from_json(value, out.bytes);
}

// polkadot_parachain_primitives::primitives::ValidationCodeHash(H256).
struct ValidationCodeHash {
  H256 hash{};
  auto operator<=>(const ValidationCodeHash&) const = default;
  CANARY_SCALE_FIELDS(hash)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_parachain_primitives", "primitives", "ValidationCodeHash"});
    b.typed_field<H256>(std::nullopt, "Hash");
  }
};

// polkadot_parachain_primitives::primitives::ValidationCode(Vec<u8>): the code as stored (maybe
// a compressed blob); its hash is BLAKE2b-256 of those bytes.
struct ValidationCode {
  Bytes bytes;
  bool operator==(const ValidationCode&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  ValidationCodeHash hash() const { return {H256{io::hashing::blake2_256(bytes)}}; }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_parachain_primitives", "primitives", "ValidationCode"});
    b.typed_field<Bytes>(std::nullopt, "Vec<u8>");
  }
};
inline json::Value json_encode(const ValidationCode& v) {
  return json::Value::of(to_hex(v.bytes));
}
inline Result<void, std::string> json_decode(const json::Value& value, ValidationCode& out) {
  return detail::bytes_from_json(value, out.bytes);
}

// polkadot_primitives::UpgradeGoAhead: what Paras.UpgradeGoAheadSignal tells a para (cumulus
// reads it from the relay state proof).
enum class UpgradeGoAhead : uint8_t { kAbort = 0, kGoAhead = 1 };
inline bool scale_is_valid(UpgradeGoAhead v) {
  return static_cast<uint8_t>(v) <= 1;
}
inline void canary_type_info(meta::TypeBuilder& b, const UpgradeGoAhead*) {
  b.path({"polkadot_primitives", "v8", "UpgradeGoAhead"});
  b.variant(0, "Abort").variant(1, "GoAhead");
}

// polkadot_primitives::UpgradeRestriction: a single variant, present while an upgrade is pending
// or cooling down.
enum class UpgradeRestriction : uint8_t { kPresent = 0 };
inline bool scale_is_valid(UpgradeRestriction v) {
  return static_cast<uint8_t>(v) == 0;
}
inline void canary_type_info(meta::TypeBuilder& b, const UpgradeRestriction*) {
  b.path({"polkadot_primitives", "v8", "UpgradeRestriction"});
  b.variant(0, "Present");
}

// polkadot_primitives::ValidatorSignature (validator_app::Signature): sr25519.
struct ValidatorSignature {
  ByteArray<64> bytes{};
  bool operator==(const ValidatorSignature&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "validator_app", "Signature"});
    b.typed_field<ByteArray<64>>(std::nullopt, "sr25519::Signature");
  }
};

// polkadot_primitives::ValidatorIndex(u32).
struct ValidatorIndex {
  uint32_t value = 0;
  auto operator<=>(const ValidatorIndex&) const = default;
  CANARY_SCALE_FIELDS(value)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "ValidatorIndex"});
    b.typed_field<uint32_t>(std::nullopt, "u32");
  }
};

// polkadot_primitives::CoreIndex(u32): an availability core.
struct CoreIndex {
  uint32_t value = 0;
  auto operator<=>(const CoreIndex&) const = default;
  CANARY_SCALE_FIELDS(value)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "CoreIndex"});
    b.typed_field<uint32_t>(std::nullopt, "u32");
  }
};

// polkadot_primitives::GroupIndex(u32): a validator group of the session (ValidatorGroups).
struct GroupIndex {
  uint32_t value = 0;
  auto operator<=>(const GroupIndex&) const = default;
  CANARY_SCALE_FIELDS(value)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "GroupIndex"});
    b.typed_field<uint32_t>(std::nullopt, "u32");
  }
};

// polkadot_primitives::GroupRotationInfo<BlockNumber>: which group backs which core at `now`
// (the runtime API validator_groups returns it beside the groups). Groups move one core forward
// every group_rotation_frequency blocks since the session started.
struct GroupRotationInfo {
  uint32_t session_start_block = 0;
  uint32_t group_rotation_frequency = 0;
  uint32_t now = 0;
  bool operator==(const GroupRotationInfo&) const = default;
  CANARY_SCALE_FIELDS(session_start_block, group_rotation_frequency, now)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "GroupRotationInfo"});
    b.param<uint32_t>("N");
    b.field("session_start_block", &GroupRotationInfo::session_start_block, "N");
    b.field("group_rotation_frequency", &GroupRotationInfo::group_rotation_frequency, "N");
    b.field("now", &GroupRotationInfo::now, "N");
  }

  // group_for_core: g = (c + rotations) mod cores; a zero frequency never rotates.
  GroupIndex group_for_core(CoreIndex core, size_t cores) const {
    if (group_rotation_frequency == 0) return GroupIndex{core.value};
    if (cores == 0) return GroupIndex{0};
    const uint64_t rotations = blocks_since_start() / group_rotation_frequency;
    return GroupIndex{static_cast<uint32_t>((core.value + rotations) % cores)};
  }
  // core_for_group: the inverse, c = (g + cores - rotations mod cores) mod cores.
  CoreIndex core_for_group(GroupIndex group, size_t cores) const {
    if (group_rotation_frequency == 0) return CoreIndex{group.value};
    if (cores == 0) return CoreIndex{0};
    const uint64_t rotations = (blocks_since_start() / group_rotation_frequency) % cores;
    return CoreIndex{static_cast<uint32_t>((group.value + cores - rotations) % cores)};
  }
  // The first block of the next rotation (frequency > 0, as the configuration ensures).
  uint32_t next_rotation_at() const {
    const uint32_t cycle_once = now + group_rotation_frequency;
    const uint32_t since = cycle_once > session_start_block ? cycle_once - session_start_block : 0;
    return cycle_once - since % group_rotation_frequency;
  }
  // The first block of the current rotation.
  uint32_t last_rotation_at() const {
    return now - blocks_since_start() % group_rotation_frequency;
  }
  GroupRotationInfo bump_rotation() const {
    return GroupRotationInfo{session_start_block, group_rotation_frequency, next_rotation_at()};
  }

 private:
  uint32_t blocks_since_start() const {
    return now > session_start_block ? now - session_start_block : 0;
  }
};

// polkadot_primitives::PvfCheckStatement: a validator's verdict on a PVF in a session.
struct PvfCheckStatement {
  bool accept = false;
  ValidationCodeHash subject;
  uint32_t session_index = 0;
  ValidatorIndex validator_index;
  bool operator==(const PvfCheckStatement&) const = default;
  CANARY_SCALE_FIELDS(accept, subject, session_index, validator_index)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "PvfCheckStatement"});
    b.field("accept", &PvfCheckStatement::accept, "bool");
    b.field("subject", &PvfCheckStatement::subject, "ValidationCodeHash");
    b.field("session_index", &PvfCheckStatement::session_index, "SessionIndex");
    b.field("validator_index", &PvfCheckStatement::validator_index, "ValidatorIndex");
  }
  // PvfCheckStatement::signing_payload: SCALE(b"VCPC", accept, subject, session, validator), the
  // bytes the validator's `para` key signs.
  Bytes signing_payload() const {
    Bytes out{'V', 'C', 'P', 'C'};
    const Bytes body = scale::encode(*this);
    out.insert(out.end(), body.begin(), body.end());
    return out;
  }
};

// polkadot_primitives::supermajority_threshold: the smallest count above two thirds.
constexpr size_t supermajority_threshold(size_t n) {
  return n - (n == 0 ? 0 : (n - 1) / 3);
}

// polkadot_primitives::POLKADOT_ENGINE_ID and the ConsensusLog items Paras deposits (the node's
// parachain/ reads them; indices 1 and 2 of polkadot_primitives::ConsensusLog) and the
// Initializer's ForceApprove (3).
inline constexpr block::ConsensusEngineId kPolkadotEngineId = {'P', 'O', 'L', '1'};
struct ParaUpgradeCode {
  static constexpr uint8_t kScaleIndex = 1;
  ParaId para;
  ValidationCodeHash code_hash;
  bool operator==(const ParaUpgradeCode&) const = default;
  CANARY_SCALE_FIELDS(para, code_hash)
};
struct ParaScheduleUpgradeCode {
  static constexpr uint8_t kScaleIndex = 2;
  ParaId para;
  ValidationCodeHash code_hash;
  uint32_t expected_at = 0;
  bool operator==(const ParaScheduleUpgradeCode&) const = default;
  CANARY_SCALE_FIELDS(para, code_hash, expected_at)
};
// ForceApprove(up_to) = 3: the Initializer's force_approve; nodes treat every block up to
// `up_to` as approved.
struct ForceApprove {
  static constexpr uint8_t kScaleIndex = 3;
  uint32_t up_to = 0;
  bool operator==(const ForceApprove&) const = default;
  CANARY_SCALE_FIELDS(up_to)
};
using ParasConsensusLog = std::variant<ParaUpgradeCode, ParaScheduleUpgradeCode, ForceApprove>;

inline block::DigestConsensus consensus_digest(const ParasConsensusLog& log) {
  return block::DigestConsensus{kPolkadotEngineId, scale::encode(log)};
}

}  // namespace canary::rt::pallets::para_primitives
