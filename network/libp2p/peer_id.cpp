#include "network/libp2p/peer_id.hpp"

#include <algorithm>
#include <string>

#include "network/libp2p/varint.hpp"
#include "network/proto/keys.pb.h"
#include "primitives/hash/hash.hpp"
#include "primitives/ss58/base58.hpp"

namespace canary::network {
namespace {

// Multihash codes (multiformats multicodec table).
constexpr uint64_t kIdentityCode = 0x00;
constexpr uint64_t kSha256Code = 0x12;
constexpr size_t kSha256Length = 32;

// The canonical envelope of an ed25519 key: field 1 (varint) = 1, field 2 (bytes, 32 long).
constexpr uint8_t kEd25519EnvelopePrefix[] = {0x08, 0x01, 0x12, 0x20};
constexpr size_t kEd25519EnvelopeLength = sizeof kEd25519EnvelopePrefix + 32;

Bytes identity_multihash(ByteSpan encoded_key) {
  Bytes out;
  out.reserve(2 + encoded_key.size());
  append_varint(out, kIdentityCode);
  append_varint(out, encoded_key.size());
  out.insert(out.end(), encoded_key.begin(), encoded_key.end());
  return out;
}

Bytes multihash_of_key(ByteSpan encoded_key) {
  if (encoded_key.size() <= PeerId::kMaxInlineKeyLength) return identity_multihash(encoded_key);
  const Hash256 digest = hash::sha2_256(encoded_key);
  Bytes out;
  append_varint(out, kSha256Code);
  append_varint(out, digest.size());
  out.insert(out.end(), digest.begin(), digest.end());
  return out;
}

}  // namespace

const char* to_string(PeerIdError e) {
  switch (e) {
    case PeerIdError::kInvalidBase58:
      return "PeerId text is not base58btc";
    case PeerIdError::kInvalidMultihash:
      return "PeerId is not a well-formed multihash";
    case PeerIdError::kUnsupportedHash:
      return "PeerId multihash is neither identity (at most 42 bytes) nor sha2-256";
  }
  return "unknown PeerId error";
}

PeerId PeerId::from_ed25519(const crypto::ed25519::PublicKey& key) {
  proto::PublicKey envelope;
  envelope.set_type(proto::Ed25519);
  envelope.set_data(key.data(), key.size());
  return from_public_key(envelope);
}

PeerId PeerId::from_public_key(const proto::PublicKey& key) {
  // A fresh message holds only the two known fields, so its serialization is the canonical one
  // (fields in number order) whatever unknown fields `key` was parsed with.
  proto::PublicKey canonical;
  canonical.set_type(key.type());
  canonical.set_data(key.data());
  const std::string encoded = canonical.SerializeAsString();
  return PeerId(multihash_of_key(as_bytes(encoded)));
}

Result<PeerId, PeerIdError> PeerId::from_bytes(ByteSpan multihash) {
  const VarintResult code = decode_varint(multihash);
  if (code.status != VarintStatus::kOk) return unexpected(PeerIdError::kInvalidMultihash);
  const ByteSpan after_code = multihash.subspan(code.varint.length);
  const VarintResult length = decode_varint(after_code);
  if (length.status != VarintStatus::kOk) return unexpected(PeerIdError::kInvalidMultihash);
  const ByteSpan digest = after_code.subspan(length.varint.length);
  if (digest.size() != length.varint.value) return unexpected(PeerIdError::kInvalidMultihash);

  const bool supported =
      (code.varint.value == kIdentityCode && digest.size() <= kMaxInlineKeyLength) ||
      (code.varint.value == kSha256Code && digest.size() == kSha256Length);
  if (!supported) return unexpected(PeerIdError::kUnsupportedHash);
  return PeerId(Bytes(multihash.begin(), multihash.end()));
}

Result<PeerId, PeerIdError> PeerId::from_base58(std::string_view text) {
  // Too long to be any PeerId we accept: refuse before decoding.
  if (text.size() > kMaxTextLength) return unexpected(PeerIdError::kInvalidMultihash);
  auto decoded = ss58::base58_decode(text);
  if (!decoded) return unexpected(PeerIdError::kInvalidBase58);
  return from_bytes(*decoded);
}

std::string PeerId::to_base58() const {
  return ss58::base58_encode(multihash_);
}

std::optional<crypto::ed25519::PublicKey> PeerId::ed25519_public_key() const {
  // identity code, length 36, then the envelope.
  if (multihash_.size() != 2 + kEd25519EnvelopeLength) return std::nullopt;
  if (multihash_[0] != kIdentityCode || multihash_[1] != kEd25519EnvelopeLength) {
    return std::nullopt;
  }
  const ByteSpan envelope = ByteSpan(multihash_).subspan(2);
  if (!std::equal(std::begin(kEd25519EnvelopePrefix), std::end(kEd25519EnvelopePrefix),
                  envelope.begin())) {
    return std::nullopt;
  }
  crypto::ed25519::PublicKey key{};
  std::copy(envelope.begin() + sizeof kEd25519EnvelopePrefix, envelope.end(), key.begin());
  return key;
}

}  // namespace canary::network

size_t std::hash<canary::network::PeerId>::operator()(
    const canary::network::PeerId& id) const noexcept {
  const canary::Bytes& bytes = id.bytes();
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}
