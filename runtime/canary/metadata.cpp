#include "runtime/canary/metadata.hpp"

#include "runtime/canary/apis.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/runtime_api/api_list.hpp"

namespace canary::rt::canary_runtime {

meta::RuntimeMetadata build_metadata() {
  meta::RuntimeMetadata metadata;
  Runtime::Pallets::add_metadata(metadata);
  meta::Registry& r = metadata.registry;
  metadata.extrinsic.version = kExtrinsicFormatVersion;
  metadata.extrinsic.extrinsic_type = r.id<Executive::Extrinsic>();
  metadata.extrinsic.address_type = r.id<MultiAddress>();
  metadata.extrinsic.call_type = r.id<Runtime::Pallets::Call>();
  metadata.extrinsic.signature_type = r.id<MultiSignature>();
  metadata.extrinsic.extra_type = r.id<Runtime::SignedExtra>();
  metadata.extrinsic.signed_extensions = Executive::Ext::metadata(r);
  metadata.apis = runtime_api::apis_metadata<Apis>(r);
  return metadata;
}

std::optional<Bytes> metadata_at_version(uint32_t version) {
  if (version == 14) return meta::encode_v14(build_metadata());
  if (version == 15) return meta::encode_v15(build_metadata());
  return std::nullopt;
}

}  // namespace canary::rt::canary_runtime
