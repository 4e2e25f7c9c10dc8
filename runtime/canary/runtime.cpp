#include "runtime/canary/runtime.hpp"

#include <cstring>

namespace canary::rt::canary_runtime {

namespace {

// RFC-0078 digest slot: the build's pack step finds this marker in the blob's data and replaces
// the 32 bytes after it with the digest of the runtime's metadata, and the flag with 1.
struct MetadataHashSlot {
  char marker[16];
  uint8_t present;
  uint8_t hash[32];
};
volatile const MetadataHashSlot kMetadataHashSlot = {
    {'c', 'a', 'n', 'a', 'r', 'y', '-', 'm', 'd', '-', 'h', 'a', 's', 'h', '!', '!'}, 0, {}};

}  // namespace

const runtime::RuntimeVersion& Runtime::version() {
  static const runtime::RuntimeVersion v = [] {
    runtime::RuntimeVersion out;
    out.spec_name = std::string("canary");
    out.impl_name = std::string("canary-node");
    out.authoring_version = 1;
    out.spec_version = 1'000;
    out.impl_version = 0;
    out.transaction_version = 1;
    out.system_version = 1;
    // The APIs this runtime implements (runtime/canary/api.cpp), with their versions.
    for (const auto& [name, api_version] : {std::pair<const char*, uint32_t>{"Core", 5},
                                            {"Metadata", 2},
                                            {"BlockBuilder", 6},
                                            {"TaggedTransactionQueue", 3},
                                            {"OffchainWorkerApi", 2},
                                            {"GrandpaApi", 3},
                                            {"BabeApi", 2},
                                            {"SessionKeys", 1},
                                            {"AccountNonceApi", 1},
                                            {"TransactionPaymentApi", 4},
                                            {"TransactionPaymentCallApi", 3},
                                            {"GenesisBuilder", 2}}) {
      out.apis.emplace_back(runtime::api_id(name), api_version);
    }
    return out;
  }();
  return v;
}

system::BlockWeights Runtime::block_weights() {
  return system::BlockWeights::with_sensible_defaults(
      kBlockExecutionWeight, kExtrinsicBaseWeight, kMaximumBlockWeight, kNormalDispatchRatioPercent,
      kAverageOnInitializeRatioPercent);
}

system::BlockLength Runtime::block_length() {
  return system::BlockLength::max_with_normal_ratio(
      kMaxBlockLength, static_cast<uint32_t>(kNormalDispatchRatioPercent));
}

std::optional<Hash256> Runtime::metadata_hash() {
  if (kMetadataHashSlot.present != 1) return std::nullopt;
  Hash256 hash;
  for (size_t i = 0; i < hash.size(); ++i) hash[i] = kMetadataHashSlot.hash[i];
  return hash;
}

}  // namespace canary::rt::canary_runtime
