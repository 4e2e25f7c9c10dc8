#include "runtime/canary/runtime.hpp"

#include <cstring>

#include "runtime/canary/apis.hpp"
#include "runtime/framework/runtime_api/api_list.hpp"

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

// Referenda will schedule through Scheduler::Schedule (frame_support's schedule::v3 traits).
static_assert(traits::schedule::ScheduleAnon<Runtime::Scheduler::Schedule, Runtime::Pallets::Call,
                                             Runtime::Pallets::OriginCaller>);
static_assert(traits::schedule::ScheduleNamed<Runtime::Scheduler::Schedule, Runtime::Pallets::Call,
                                              Runtime::Pallets::OriginCaller>);

const runtime::RuntimeVersion& Runtime::version() {
  static const runtime::RuntimeVersion kVersion = [] {
    runtime::RuntimeVersion out;
    out.spec_name = std::string("canary");
    out.impl_name = std::string("canary-node");
    out.authoring_version = 1;
    out.spec_version = spec_version();  // release.cpp
    out.impl_version = 0;
    out.transaction_version = 1;
    out.system_version = 1;
    // The APIs this runtime implements (apis.hpp), with their versions; the ids are compile-time
    // constants.
    static constexpr auto kApis = runtime_api::api_versions<VersionOrder>();
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
