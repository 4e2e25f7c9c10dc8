#include "parachain/primitives/candidate.hpp"

#include <algorithm>
#include <iterator>

#include "primitives/hash/hash.hpp"

namespace canary::parachain {

namespace {

template <size_t N>
bool all_zero(const ByteArray<N>& bytes) {
  return std::ranges::all_of(bytes, [](uint8_t b) { return b == 0; });
}

// vstaging's DEFAULT_CLAIM_QUEUE_OFFSET: a candidate without a SelectCore signal is for the
// para's cores at the head of the claim queue.
constexpr uint8_t kDefaultClaimQueueOffset = 0;
constexpr size_t kMaxApprovedPeerLength = 64;

// One UMPSignal from the front of `message` (parity-scale-codec's decode: trailing bytes are
// left unread, as `UMPSignal::decode(&mut slice)`).
Result<bool, ReceiptError> add_signal(UmpSignals& signals, const Bytes& message) {
  scale::Decoder in(message);
  const auto variant = scale::decode_next<uint8_t>(in);
  if (!in.ok()) return unexpected(ReceiptError::kUmpSignalDecode);
  if (variant == 0) {
    const auto selector = scale::decode_next<uint8_t>(in);
    const auto offset = scale::decode_next<uint8_t>(in);
    if (!in.ok()) return unexpected(ReceiptError::kUmpSignalDecode);
    if (signals.select_core) return unexpected(ReceiptError::kDuplicateUmpSignal);
    signals.select_core = std::pair{selector, offset};
    return true;
  }
  if (variant == 1) {
    auto peer = scale::decode_next<Bytes>(in);
    if (!in.ok() || peer.size() > kMaxApprovedPeerLength) {
      return unexpected(ReceiptError::kUmpSignalDecode);
    }
    if (signals.approved_peer) return unexpected(ReceiptError::kDuplicateUmpSignal);
    signals.approved_peer = std::move(peer);
    return true;
  }
  return unexpected(ReceiptError::kUmpSignalDecode);
}

Result<bool, ReceiptError> check_core_index(const CommittedCandidateReceipt& candidate,
                                            const TransposedClaimQueue& cores_per_para,
                                            std::optional<uint8_t> selector, uint8_t offset) {
  const auto para = cores_per_para.find(candidate.descriptor.para_id);
  if (para == cores_per_para.end()) return unexpected(ReceiptError::kNoAssignment);
  const auto depth = para->second.find(offset);
  if (depth == para->second.end() || depth->second.empty()) {
    return unexpected(ReceiptError::kNoAssignment);
  }
  const std::set<CoreIndex>& assigned = depth->second;
  const CoreIndex descriptor_core = candidate.descriptor.core_index_v2;
  if (!selector && assigned.size() > 1) {
    // Several cores and no selector: the most that can be checked is that the descriptor's core
    // is one of them.
    if (!assigned.contains(descriptor_core)) return unexpected(ReceiptError::kInvalidCoreIndex);
    return true;
  }
  auto chosen = assigned.begin();
  std::advance(chosen, static_cast<ptrdiff_t>(selector.value_or(0) % assigned.size()));
  if (*chosen != descriptor_core) return unexpected(ReceiptError::kCoreIndexMismatch);
  return true;
}

}  // namespace

Hash256 pov_hash(const PoV& pov) {
  return hash::blake2b_256(scale::encode(pov));
}

Hash256 persisted_validation_data_hash(const PersistedValidationData& data) {
  return hash::blake2b_256(scale::encode(data));
}

DescriptorVersion CandidateDescriptor::version() const {
  if (!all_zero(reserved2) || !all_zero(reserved1)) return DescriptorVersion::kV1;
  return version_byte == 0 ? DescriptorVersion::kV2 : DescriptorVersion::kUnknown;
}

std::optional<CoreIndex> CandidateDescriptor::core_index() const {
  if (version() != DescriptorVersion::kV2) return std::nullopt;
  return core_index_v2;
}

std::optional<SessionIndex> CandidateDescriptor::session_index() const {
  if (version() != DescriptorVersion::kV2) return std::nullopt;
  return session_index_v2;
}

ByteArray<32> CandidateDescriptor::v1_collator() const {
  // Bytes 36..68 of the encoding: the four V2 fields that occupy the collator's key.
  const Bytes encoded = scale::encode(*this);
  ByteArray<32> key{};
  std::copy_n(encoded.begin() + 36, key.size(), key.begin());
  return key;
}

Bytes CandidateDescriptor::v1_collator_payload() const {
  Bytes payload;
  payload.reserve(132);
  payload.insert(payload.end(), relay_parent.begin(), relay_parent.end());
  const Bytes para = scale::encode(para_id);
  payload.insert(payload.end(), para.begin(), para.end());
  for (const Hash256* h : {&persisted_validation_data_hash, &pov_hash, &validation_code_hash}) {
    payload.insert(payload.end(), h->begin(), h->end());
  }
  return payload;
}

Hash256 commitments_hash(const CandidateCommitments& commitments) {
  return hash::blake2b_256(scale::encode(commitments));
}

CandidateCommitments commitments_of(const ValidationResult& result) {
  return CandidateCommitments{
      .upward_messages = result.upward_messages,
      .horizontal_messages = result.horizontal_messages,
      .new_validation_code = result.new_validation_code,
      .head_data = result.head_data,
      .processed_downward_messages = result.processed_downward_messages,
      .hrmp_watermark = result.hrmp_watermark,
  };
}

Hash256 candidate_hash(const CandidateReceipt& receipt) {
  return hash::blake2b_256(scale::encode(receipt));
}

const char* to_string(ReceiptError error) {
  switch (error) {
    case ReceiptError::kInvalidCoreIndex:
      return "the descriptor's core is not assigned to the para";
    case ReceiptError::kCoreIndexMismatch:
      return "the descriptor's core is not the one the core selector picks";
    case ReceiptError::kInvalidSelectedCore:
      return "the core selector or claim queue offset is invalid";
    case ReceiptError::kUmpSignalDecode:
      return "a UMP signal does not decode";
    case ReceiptError::kNoAssignment:
      return "the para has no core at the claim queue offset";
    case ReceiptError::kUnknownVersion:
      return "unknown descriptor version";
    case ReceiptError::kTooManyUmpSignals:
      return "more than two UMP signals";
    case ReceiptError::kDuplicateUmpSignal:
      return "a UMP signal is repeated";
    case ReceiptError::kUmpSignalWithV1Descriptor:
      return "a V1 descriptor with UMP signals";
  }
  return "unknown receipt error";
}

Result<UmpSignals, ReceiptError> ump_signals(const std::vector<Bytes>& upward_messages) {
  UmpSignals signals;
  auto it = std::ranges::find_if(upward_messages, [](const Bytes& m) { return m.empty(); });
  if (it == upward_messages.end()) return signals;
  ++it;  // past the separator
  for (int taken = 0; it != upward_messages.end(); ++it, ++taken) {
    if (taken == 2) return unexpected(ReceiptError::kTooManyUmpSignals);
    if (auto added = add_signal(signals, *it); !added) return unexpected(added.error());
  }
  return signals;
}

TransposedClaimQueue transpose_claim_queue(const ClaimQueue& claim_queue) {
  TransposedClaimQueue transposed;
  for (const auto& [core, paras] : claim_queue) {
    for (size_t depth = 0; depth < paras.size(); ++depth) {
      // `depth as u8`, as polkadot-sdk (claim queues are a few entries deep).
      transposed[paras[depth]][static_cast<uint8_t>(depth)].insert(core);
    }
  }
  return transposed;
}

Result<UmpSignals, ReceiptError> parse_ump_signals(const CommittedCandidateReceipt& candidate,
                                                   const TransposedClaimQueue& cores_per_para) {
  auto signals = ump_signals(candidate.commitments.upward_messages);
  if (!signals) return signals;
  switch (candidate.descriptor.version()) {
    case DescriptorVersion::kV1:
      if (!signals->empty()) return unexpected(ReceiptError::kUmpSignalWithV1Descriptor);
      return UmpSignals{};
    case DescriptorVersion::kV2:
      break;
    case DescriptorVersion::kUnknown:
      return unexpected(ReceiptError::kUnknownVersion);
  }
  std::optional<uint8_t> selector;
  uint8_t offset = kDefaultClaimQueueOffset;
  if (signals->select_core) std::tie(selector, offset) = *signals->select_core;
  if (auto checked = check_core_index(candidate, cores_per_para, selector, offset); !checked) {
    return unexpected(checked.error());
  }
  return signals;
}

}  // namespace canary::parachain
