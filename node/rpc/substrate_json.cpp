#include "node/rpc/substrate_json.hpp"

#include "primitives/block/block.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node::rpc {

std::string hex_number(u128 value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (value == 0) return "0x0";
  std::string digits;
  while (value != 0) {
    digits.push_back(kDigits[static_cast<unsigned>(value & 0xF)]);
    value >>= 4;
  }
  return "0x" + std::string(digits.rbegin(), digits.rend());
}

std::string decimal_string(u128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  return std::string(digits.rbegin(), digits.rend());
}

std::string hex_number(uint64_t value) {
  return hex_number(static_cast<u128>(value));
}

Json header_json(const block::Header& header) {
  Json logs = Json::array();
  for (const block::DigestItem& item : header.digest) logs.push_back(to_hex(scale::encode(item)));
  Json out = Json::object();
  out["parentHash"] = to_hex(header.parent_hash);
  out["number"] = hex_number(uint64_t{header.number});
  out["stateRoot"] = to_hex(header.state_root);
  out["extrinsicsRoot"] = to_hex(header.extrinsics_root);
  out["digest"] = Json{{"logs", std::move(logs)}};
  return out;
}

Json runtime_version_json(const runtime::RuntimeVersion& version) {
  Json apis = Json::array();
  for (const auto& [id, api_version] : version.apis) {
    apis.push_back(Json::array({to_hex(id), api_version}));
  }
  Json out = Json::object();
  out["specName"] = version.spec_name;
  out["implName"] = version.impl_name;
  out["authoringVersion"] = version.authoring_version;
  out["specVersion"] = version.spec_version;
  out["implVersion"] = version.impl_version;
  out["apis"] = std::move(apis);
  out["transactionVersion"] = version.transaction_version;
  // sp-version writes the field under its new name and, for older clients, its old one.
  out["systemVersion"] = version.system_version;
  out["stateVersion"] = version.system_version;
  return out;
}

Json chain_head_runtime_json(const runtime::RuntimeVersion& version) {
  Json apis = Json::object();
  for (const auto& [id, api_version] : version.apis) apis[to_hex(id)] = api_version;
  Json spec = Json::object();
  spec["specName"] = version.spec_name;
  spec["implName"] = version.impl_name;
  spec["specVersion"] = version.spec_version;
  spec["implVersion"] = version.impl_version;
  spec["transactionVersion"] = version.transaction_version;
  spec["apis"] = std::move(apis);
  return Json{{"type", "valid"}, {"spec", std::move(spec)}};
}

}  // namespace canary::node::rpc
