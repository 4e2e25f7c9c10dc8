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
  static const runtime::RuntimeVersion kVersion = [] {
    runtime::RuntimeVersion out;
    out.spec_name = std::string("canary");
    out.impl_name = std::string("canary-node");
    out.authoring_version = 1;
    out.spec_version = 1'000;
    out.impl_version = 0;
    out.transaction_version = 1;
    out.system_version = 1;
    // The APIs this runtime implements (runtime/canary/api.cpp), with their versions; the ids
    // are compile-time constants.
    static constexpr std::pair<runtime::ApiId, uint32_t> kApis[] = {
        {runtime::api_id("Core"), 5},
        {runtime::api_id("Metadata"), 2},
        {runtime::api_id("BlockBuilder"), 6},
        {runtime::api_id("TaggedTransactionQueue"), 3},
        {runtime::api_id("OffchainWorkerApi"), 2},
        {runtime::api_id("GrandpaApi"), 3},
        {runtime::api_id("BabeApi"), 2},
        {runtime::api_id("SessionKeys"), 1},
        {runtime::api_id("AccountNonceApi"), 1},
        {runtime::api_id("TransactionPaymentApi"), 4},
        {runtime::api_id("TransactionPaymentCallApi"), 3},
        {runtime::api_id("GenesisBuilder"), 2}};
    out.apis.assign(std::begin(kApis), std::end(kApis));
    return out;
  }();
  return kVersion;
}

// Computed once (per runtime call on wasm32, whose memory is reset between calls): every
// extrinsic's weight and fee checks ask for them several times.
const system::BlockWeights& Runtime::block_weights() {
  static const system::BlockWeights kWeights = system::BlockWeights::with_sensible_defaults(
      kBlockExecutionWeight, kExtrinsicBaseWeight, kMaximumBlockWeight, kNormalDispatchRatioPercent,
      kAverageOnInitializeRatioPercent);
  return kWeights;
}

const system::BlockLength& Runtime::block_length() {
  static const system::BlockLength kLength = system::BlockLength::max_with_normal_ratio(
      kMaxBlockLength, static_cast<uint32_t>(kNormalDispatchRatioPercent));
  return kLength;
}

std::optional<Hash256> Runtime::metadata_hash() {
  if (kMetadataHashSlot.present != 1) return std::nullopt;
  Hash256 hash;
  for (size_t i = 0; i < hash.size(); ++i) hash[i] = kMetadataHashSlot.hash[i];
  return hash;
}

}  // namespace canary::rt::canary_runtime
