// Headers and digest items come from the network: BABE's decoders and verify_header must answer
// every input with a value or an error, never a crash. What decodes must re-encode to the same
// bytes (the decoders refuse trailing bytes, so a decoded item is exactly its encoding).
#include <cstddef>
#include <cstdint>

#include "consensus/babe/consensus_log.hpp"
#include "consensus/babe/digests.hpp"
#include "consensus/babe/pre_digest.hpp"
#include "consensus/babe/verification.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary;
  namespace babe = consensus::babe;
  const ByteSpan input(bytes, size);
  if (auto pre = babe::decode_pre_digest(input)) {
    if (scale::encode(*pre) != Bytes(input.begin(), input.end())) __builtin_trap();
  }
  if (auto log = babe::decode_consensus_log(input)) {
    if (scale::encode(*log) != Bytes(input.begin(), input.end())) __builtin_trap();
  }
  auto header = scale::decode<block::Header>(input);
  if (!header) return 0;
  (void)babe::find_pre_digest(*header);
  (void)babe::find_consensus_logs(*header);
  (void)babe::split_seal(*header);
  // Against an epoch of one authority (any key: the point is that no input crashes the checks).
  babe::Epoch epoch;
  epoch.epoch_index = 3;
  epoch.start_slot = 0;
  epoch.duration = UINT64_MAX;
  epoch.authorities.push_back(babe::Authority{});
  epoch.config.allowed_slots = babe::AllowedSlots::kPrimaryAndSecondaryVrfSlots;
  (void)babe::verify_header(*header, epoch);
  return 0;
}
