// SS58 (https://docs.substrate.io/reference/address-formats/), checked against sp-core
// crypto.rs `Ss58Codec` and polkadot.js util-crypto address/{encode,decode,checksum}.ts.
#include "primitives/ss58/ss58.hpp"

#include "primitives/hash/hash.hpp"
#include "primitives/ss58/base58.hpp"

namespace canary::ss58 {
namespace {

constexpr std::string_view kChecksumContext = "SS58PRE";

Hash512 ss58_hash(ByteSpan prefixed_payload) {
  return hash::blake2b_512(concat(as_bytes(kChecksumContext), prefixed_payload));
}

// 0 for payload lengths SS58 does not define.
size_t checksum_length(size_t payload_length) {
  switch (payload_length) {
    case 1:
    case 2:
    case 4:
    case 8:
      return 1;
    case 32:
    case 33:
      return 2;
    default:
      return 0;
  }
}

}  // namespace

const char* to_string(Ss58Error e) {
  switch (e) {
    case Ss58Error::kBadBase58:
      return "SS58: invalid base58";
    case Ss58Error::kBadLength:
      return "SS58: invalid length";
    case Ss58Error::kBadChecksum:
      return "SS58: invalid checksum";
    case Ss58Error::kBadPrefix:
      return "SS58: invalid or reserved prefix";
  }
  return "SS58: unknown error";
}

bool is_reserved_prefix(uint16_t prefix) {
  return prefix == 46 || prefix == 47;
}

std::string encode(ByteSpan payload, uint16_t prefix) {
  const size_t cs_len = checksum_length(payload.size());
  if (prefix > kMaxPrefix || is_reserved_prefix(prefix) || cs_len == 0) return {};
  Bytes data;
  data.reserve(2 + payload.size() + cs_len);
  if (prefix < 64) {
    data.push_back(static_cast<uint8_t>(prefix));
  } else {
    data.push_back(static_cast<uint8_t>(0b0100'0000 | ((prefix & 0b1111'1100) >> 2)));
    data.push_back(static_cast<uint8_t>((prefix >> 8) | ((prefix & 0b11) << 6)));
  }
  data.insert(data.end(), payload.begin(), payload.end());
  Hash512 h = ss58_hash(data);
  data.insert(data.end(), h.begin(), h.begin() + static_cast<std::ptrdiff_t>(cs_len));
  return base58_encode(data);
}

Result<Decoded, Ss58Error> decode(std::string_view address) {
  // The longest address (two-byte prefix, 33-byte payload, 2-byte checksum: 37 bytes) is 51
  // characters; refusing longer text first keeps base58's quadratic decoding bounded.
  constexpr size_t kMaxAddressLength = 64;
  if (address.size() > kMaxAddressLength) return unexpected(Ss58Error::kBadLength);
  auto raw = base58_decode(address);
  if (!raw) return unexpected(Ss58Error::kBadBase58);
  const Bytes& data = *raw;
  if (data.size() < 2) return unexpected(Ss58Error::kBadLength);

  size_t prefix_len = 0;
  uint16_t prefix = 0;
  if (data[0] < 64) {
    prefix_len = 1;
    prefix = data[0];
  } else if (data[0] < 128) {
    // 01aaaaaa bbcccccc -> lower byte aaaaaabb, upper byte 00cccccc.
    prefix_len = 2;
    const auto lower = static_cast<uint16_t>(((data[0] & 0b0011'1111) << 2) | (data[1] >> 6));
    const auto upper = static_cast<uint16_t>(data[1] & 0b0011'1111);
    prefix = static_cast<uint16_t>(lower | (upper << 8));
  } else {
    return unexpected(Ss58Error::kBadPrefix);
  }

  // The rest is payload + checksum; only one split is valid for each length.
  const size_t rest = data.size() - prefix_len;
  size_t payload_len = 0;
  if (rest == 34 || rest == 35) {
    payload_len = rest - 2;
  } else if (rest == 2 || rest == 3 || rest == 5 || rest == 9) {
    payload_len = rest - 1;
  } else {
    return unexpected(Ss58Error::kBadLength);
  }
  if (is_reserved_prefix(prefix)) return unexpected(Ss58Error::kBadPrefix);

  const size_t body = prefix_len + payload_len;
  Hash512 h = ss58_hash(ByteSpan(data.data(), body));
  for (size_t i = 0; i < data.size() - body; ++i) {
    if (data[body + i] != h[i]) return unexpected(Ss58Error::kBadChecksum);
  }
  Decoded out;
  out.prefix = prefix;
  out.payload.assign(data.begin() + static_cast<std::ptrdiff_t>(prefix_len),
                     data.begin() + static_cast<std::ptrdiff_t>(body));
  return out;
}

}  // namespace canary::ss58
