#include "network/protocols/light_request_handler.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "primitives/scale/scale.hpp"

namespace canary::network {

namespace {

// sp-storage well_known_keys: CHILD_STORAGE_KEY_PREFIX and DEFAULT_CHILD_STORAGE_KEY_PREFIX.
constexpr std::string_view kChildStoragePrefix = ":child_storage:";
constexpr std::string_view kDefaultChildStoragePrefix = ":child_storage:default:";

bool starts_with(ByteSpan bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                    [](char c, uint8_t b) { return static_cast<uint8_t>(c) == b; });
}

// The unprefixed name of the default child trie a request names; nullopt for another child trie
// type (ChildType::from_prefixed_key gives none). See the header for unprefixed names.
std::optional<ByteSpan> child_name(ByteSpan storage_key) {
  if (starts_with(storage_key, kDefaultChildStoragePrefix)) {
    return storage_key.subspan(kDefaultChildStoragePrefix.size());
  }
  if (starts_with(storage_key, kChildStoragePrefix)) return std::nullopt;
  return storage_key;
}

// SCALE StorageProof: a BTreeSet of nodes, so sorted and without duplicates whatever the source
// gave (smoldot refuses a proof with a node twice).
std::optional<Bytes> encode_proof(Result<std::vector<Bytes>, LightSourceError> proof) {
  if (!proof) return std::nullopt;
  std::vector<Bytes> nodes = std::move(*proof);
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return scale::encode(nodes);
}

}  // namespace

const char* to_string(LightRequestRefusal refusal) {
  switch (refusal) {
    case LightRequestRefusal::kMalformed:
      return "malformed light request";
    case LightRequestRefusal::kBadRequest:
      return "bad light request";
    case LightRequestRefusal::kUnsupported:
      return "unsupported light request";
  }
  return "unknown light request refusal";
}

Result<LightResponse, LightRequestRefusal> build_light_response(const LightRequest& request,
                                                                LightStateSource& source) {
  if (const auto* call = std::get_if<RemoteCallRequest>(&request)) {
    return LightResponse{RemoteCallResponse{
        encode_proof(source.execution_proof(call->block, call->method, call->data))}};
  }
  if (const auto* read = std::get_if<RemoteReadRequest>(&request)) {
    if (read->keys.empty()) return unexpected(LightRequestRefusal::kBadRequest);
    return LightResponse{
        RemoteReadResponse{encode_proof(source.read_proof(read->block, read->keys))}};
  }
  const auto& child = std::get<RemoteReadChildRequest>(request);
  if (child.keys.empty()) return unexpected(LightRequestRefusal::kBadRequest);
  const std::optional<ByteSpan> name = child_name(child.storage_key);
  if (!name) return LightResponse{RemoteReadResponse{}};
  return LightResponse{
      RemoteReadResponse{encode_proof(source.child_read_proof(child.block, *name, child.keys))}};
}

Result<Bytes, LightRequestRefusal> serve_light_request(ByteSpan request, LightStateSource& source) {
  auto decoded = decode_light_request(request);
  if (!decoded) {
    switch (decoded.error()) {
      case ProtocolError::kMissingVariant:
        return unexpected(LightRequestRefusal::kBadRequest);
      case ProtocolError::kUnsupportedRequest:
        return unexpected(LightRequestRefusal::kUnsupported);
      default:
        return unexpected(LightRequestRefusal::kMalformed);
    }
  }
  CANARY_TRY_ASSIGN(auto response, build_light_response(*decoded, source));
  Bytes encoded = encode_light_response(response);
  if (encoded.size() > kMaxLightResponseSize) {
    // Too large for the peer to take: the same answer as for a proof we could not make.
    if (std::holds_alternative<RemoteCallResponse>(response)) {
      encoded = encode_light_response(RemoteCallResponse{});
    } else {
      encoded = encode_light_response(RemoteReadResponse{});
    }
  }
  return encoded;
}

}  // namespace canary::network
