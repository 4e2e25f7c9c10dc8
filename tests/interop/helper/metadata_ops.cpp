#include "tests/interop/helper/metadata_ops.hpp"

#include <string>

#include "runtime/framework/metadata/merkleized_metadata.hpp"
#include "tests/unit/runtime/merkleized_metadata_samples.hpp"

namespace canary::interop {
namespace {

namespace mk = rt::meta::merkleized;

const Json& member(const Json& request, const char* name) {
  if (!request.is_object() || !request.contains(name)) {
    throw JsonValueError(std::string("missing '") + name + "'");
  }
  return request[name];
}

uint64_t unsigned_member(const Json& request, const char* name, uint64_t max) {
  const Json& j = member(request, name);
  if (!j.is_number_unsigned() || j.get<uint64_t>() > max) {
    throw JsonValueError(std::string("'") + name + "' must be an integer up to " +
                         std::to_string(max));
  }
  return j.get<uint64_t>();
}

std::string string_member(const Json& request, const char* name) {
  const Json& j = member(request, name);
  if (!j.is_string()) throw JsonValueError(std::string("'") + name + "' must be a string");
  return j.get<std::string>();
}

Json extra_json(const mk::ExtraInfo& extra) {
  return {{"specVersion", extra.spec_version},
          {"specName", extra.spec_name},
          {"base58Prefix", extra.base58_prefix},
          {"decimals", extra.decimals},
          {"tokenSymbol", extra.token_symbol}};
}

// The digest's parts and hash of prefixed metadata V15, or {"error": …}.
Json digest_json(ByteSpan metadata, const mk::ExtraInfo& extra) {
  auto decoded = mk::decode_metadata_v15(metadata);
  if (!decoded) return {{"error", std::string(mk::to_string(decoded.error()))}};
  auto info = mk::type_information(decoded->types, decoded->extrinsic);
  if (!info) return {{"error", std::string(mk::to_string(info.error()))}};
  const mk::MetadataDigest digest = mk::metadata_digest(*info, extra);
  return {{"hash", to_hex(mk::metadata_hash(digest))},
          {"typesTreeRoot", to_hex(digest.types_tree_root)},
          {"extrinsicMetadataHash", to_hex(digest.extrinsic_metadata_hash)},
          {"leaves", info->types.size()}};
}

// {"metadata": "0x…" (RuntimeMetadataPrefixed V15), "specVersion", "specName", "base58Prefix",
//  "decimals", "tokenSymbol"}
Json metadata_digest(const Json& request) {
  mk::ExtraInfo extra;
  extra.spec_version = static_cast<uint32_t>(unsigned_member(request, "specVersion", 0xffffffff));
  extra.spec_name = string_member(request, "specName");
  extra.base58_prefix = static_cast<uint16_t>(unsigned_member(request, "base58Prefix", 0x3fff));
  extra.decimals = static_cast<uint8_t>(unsigned_member(request, "decimals", 255));
  extra.token_symbol = string_member(request, "tokenSymbol");
  return digest_json(bytes_from_json(member(request, "metadata")), extra);
}

// The unit tests' samples: [{name, metadata, extra, hash, typesTreeRoot, …}].
Json metadata_samples() {
  Json samples = Json::array();
  const mk::ExtraInfo extra = rt::meta::samples::sample_extra();
  for (const auto& sample : rt::meta::samples::all()) {
    Json entry = digest_json(sample.metadata, extra);
    entry["name"] = sample.name;
    entry["metadata"] = to_hex(sample.metadata);
    entry["extra"] = extra_json(extra);
    samples.push_back(std::move(entry));
  }
  return {{"samples", std::move(samples)}};
}

}  // namespace

bool dispatch_metadata_op(const std::string& op, const Json& request, Json& out) {
  if (op == "metadata_digest") {
    out = metadata_digest(request);
  } else if (op == "metadata_samples") {
    out = metadata_samples();
  } else {
    return false;
  }
  return true;
}

}  // namespace canary::interop
