// The node's side of a parachain candidate (polkadot-sdk `polkadot/primitives/src/v9/mod.rs` and
// `vstaging/mod.rs`; parachain-facts §1.2-1.6): the proof of validity, the persisted validation
// data, the V2 candidate descriptor with its V1 reading, the commitments, the receipts and their
// hashes, and the UMP signals a V2 candidate commits to its core with. SCALE byte for byte as
// polkadot-sdk. The runtime has its own copy with metadata (runtime/pallets/para_configuration/
// para_candidate.hpp): the runtime is a separate program and does not link the node's libraries.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/validation_result.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

using ParaId = uint32_t;
using CoreIndex = uint32_t;
using SessionIndex = uint32_t;

// polkadot-node-primitives' MAX_POV_SIZE (10 MiB) and the bomb limit of a PoV's decompression.
inline constexpr uint32_t kMaxPovSize = 10 * 1024 * 1024;
inline constexpr size_t kPovBombLimit = size_t{4} * kMaxPovSize;

// PoV { block_data }: hashed as blake2_256 of its SCALE encoding (the length prefix included,
// unlike a head's hash). A collator sends the block data compressed (sp-maybe-compressed-blob).
struct PoV {
  BlockData block_data;
  bool operator==(const PoV&) const = default;
  CANARY_SCALE_FIELDS(block_data)
};
Hash256 pov_hash(const PoV& pov);

struct PersistedValidationData {
  HeadData parent_head;
  uint32_t relay_parent_number = 0;
  Hash256 relay_parent_storage_root{};
  uint32_t max_pov_size = 0;
  bool operator==(const PersistedValidationData&) const = default;
  CANARY_SCALE_FIELDS(parent_head, relay_parent_number, relay_parent_storage_root, max_pov_size)
};
Hash256 persisted_validation_data_hash(const PersistedValidationData& data);

enum class DescriptorVersion : uint8_t { kV1, kV2, kUnknown };

// vstaging::CandidateDescriptorV2: 292 bytes. A V1 descriptor has the same length and fields at
// the same offsets except two: bytes 36..68 are the collator's key where V2 has version ‖
// core_index ‖ session_index ‖ reserved1, and bytes 164..228 the collator's signature where V2 has
// zeros (reserved2).
struct CandidateDescriptor {
  ParaId para_id = 0;
  Hash256 relay_parent{};
  uint8_t version_byte = 0;
  uint16_t core_index_v2 = 0;
  uint32_t session_index_v2 = 0;
  ByteArray<25> reserved1{};
  Hash256 persisted_validation_data_hash{};
  Hash256 pov_hash{};
  Hash256 erasure_root{};
  ByteArray<64> reserved2{};
  Hash256 para_head{};
  ValidationCodeHash validation_code_hash{};

  bool operator==(const CandidateDescriptor&) const = default;
  CANARY_SCALE_FIELDS(para_id, relay_parent, version_byte, core_index_v2, session_index_v2,
                      reserved1, persisted_validation_data_hash, pov_hash, erasure_root, reserved2,
                      para_head, validation_code_hash)

  // polkadot-sdk's `version()`: V1 when either reserved field is not all zeros, else the byte.
  DescriptorVersion version() const;
  // V2 only (None for V1 or an unknown version), as polkadot-sdk's accessors.
  std::optional<CoreIndex> core_index() const;
  std::optional<SessionIndex> session_index() const;
  // V1 only: the collator's key (bytes 36..68) and its signature over collator_payload().
  ByteArray<32> v1_collator() const;
  const ByteArray<64>& v1_signature() const { return reserved2; }
  // relay_parent ‖ para_id ‖ pvd hash ‖ pov hash ‖ code hash (132 bytes).
  Bytes v1_collator_payload() const;
};

struct CandidateCommitments {
  std::vector<Bytes> upward_messages;
  std::vector<OutboundHrmpMessage> horizontal_messages;
  std::optional<ValidationCode> new_validation_code;
  HeadData head_data;
  uint32_t processed_downward_messages = 0;
  uint32_t hrmp_watermark = 0;
  bool operator==(const CandidateCommitments&) const = default;
  CANARY_SCALE_FIELDS(upward_messages, horizontal_messages, new_validation_code, head_data,
                      processed_downward_messages, hrmp_watermark)
};
Hash256 commitments_hash(const CandidateCommitments& commitments);
// What a PVF's result commits to (the same fields in CandidateCommitments' order).
CandidateCommitments commitments_of(const ValidationResult& result);

struct CandidateReceipt {
  CandidateDescriptor descriptor;
  Hash256 commitments_hash{};
  bool operator==(const CandidateReceipt&) const = default;
  CANARY_SCALE_FIELDS(descriptor, commitments_hash)
};
// CandidateHash: blake2_256 of SCALE(CandidateReceipt).
Hash256 candidate_hash(const CandidateReceipt& receipt);

struct CommittedCandidateReceipt {
  CandidateDescriptor descriptor;
  CandidateCommitments commitments;
  bool operator==(const CommittedCandidateReceipt&) const = default;
  CANARY_SCALE_FIELDS(descriptor, commitments)
  CandidateReceipt to_plain() const { return {descriptor, commitments_hash(commitments)}; }
};

// The UMP signals after the empty separator message (vstaging `UMPSignal`): at most two, each
// at most once.
struct UmpSignals {
  std::optional<std::pair<uint8_t, uint8_t>> select_core;  // (CoreSelector, ClaimQueueOffset)
  std::optional<Bytes> approved_peer;                      // at most 64 bytes
  bool empty() const { return !select_core && !approved_peer; }
};

// vstaging::CommittedCandidateReceiptError, the reasons a candidate's signals or core are wrong.
enum class ReceiptError : uint8_t {
  kInvalidCoreIndex,
  kCoreIndexMismatch,
  kInvalidSelectedCore,
  kUmpSignalDecode,
  kNoAssignment,
  kUnknownVersion,
  kTooManyUmpSignals,
  kDuplicateUmpSignal,
  kUmpSignalWithV1Descriptor,
};
const char* to_string(ReceiptError error);

Result<UmpSignals, ReceiptError> ump_signals(const std::vector<Bytes>& upward_messages);

// The claim queue at a relay parent (ParachainHost_claim_queue: core → paras in order) and its
// transposition: para → depth → the cores (sorted) that para is queued on at that depth.
using ClaimQueue = std::map<CoreIndex, std::vector<ParaId>>;
using TransposedClaimQueue = std::map<ParaId, std::map<uint8_t, std::set<CoreIndex>>>;
TransposedClaimQueue transpose_claim_queue(const ClaimQueue& claim_queue);

// CommittedCandidateReceiptV2::parse_ump_signals: a V1 candidate must carry no signal; a V2
// candidate's descriptor core must be the one its core selector picks among the para's cores at
// the claim queue offset (offset 0 and selector 0 when it sends none; with several cores and no
// selector, any of them).
Result<UmpSignals, ReceiptError> parse_ump_signals(const CommittedCandidateReceipt& candidate,
                                                   const TransposedClaimQueue& cores_per_para);

}  // namespace canary::parachain
