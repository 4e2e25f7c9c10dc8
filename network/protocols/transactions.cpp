#include "network/protocols/transactions.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::network {

Bytes encode_transactions(const std::vector<Bytes>& extrinsics) {
  return scale::encode(extrinsics);
}

Result<std::vector<Bytes>, ProtocolError> decode_transactions(ByteSpan bytes) {
  if (bytes.size() > kMaxTransactionsSize) return unexpected(ProtocolError::kMessageTooLarge);
  auto decoded = scale::decode<std::vector<Bytes>>(bytes);
  if (!decoded) return unexpected(from_scale_error(decoded.error()));
  return std::move(*decoded);
}

}  // namespace canary::network
