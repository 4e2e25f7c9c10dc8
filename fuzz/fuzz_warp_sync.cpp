// `/sync/warp` both ways, over the signed chain of tests/unit/network/warp_sync_test_support.hpp
// (GRANDPA sets changing at #5, #10 and #15, #18 finalized). The first input byte picks a mode:
//  0: arbitrary bytes as a server's answer: decoded, then verified from the genesis set and from
//     the last set; never a crash, and a verified proof accounts for every fragment;
//  1: a genuine proof with input bytes XORed in at input-chosen offsets: whatever still decodes
//     and verifies must be the genuine proof (signatures cover every field that matters);
//  2: a request: a begin block (one of the chain's, or 32 input bytes) and a size limit; our
//     server's answer, and every follow-up request a client makes from it, verifies from the set
//     the begin block is in, and a cut proof stays under the limit.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "network/protocols/warp_sync.hpp"
#include "network/protocols/warp_sync_handler.hpp"
#include "network/sync/warp_sync_verifier.hpp"
#include "tests/unit/network/warp_sync_test_support.hpp"

namespace {

using namespace canary;
using namespace canary::network;

const testing::SignedWarpChain& chain() {
  static const testing::SignedWarpChain signed_chain;
  return signed_chain;
}

const Bytes& genuine() {
  static const Bytes bytes = [] {
    auto proof = build_warp_sync_proof(chain().source.canonical[0], chain().source);
    if (!proof) __builtin_trap();
    return encode_warp_sync_proof(*proof);
  }();
  return bytes;
}

consensus::grandpa::AuthorityList set(size_t index) {
  return testing::authorities_of(chain().sets[index]);
}

void arbitrary_answer(ByteSpan input) {
  auto proof = decode_warp_sync_proof(input);
  if (!proof) return;
  for (size_t trusted : {size_t{0}, size_t{3}}) {
    auto verified = verify_warp_sync_proof(*proof, trusted, set(trusted));
    if (verified && verified->fragments != proof->proofs.size()) __builtin_trap();
    if (!verified && verified.error().fragment > proof->proofs.size()) __builtin_trap();
  }
}

void tampered_answer(ByteSpan input) {
  Bytes bytes = genuine();
  // Pairs of (offset u16 LE, xor byte).
  for (size_t i = 0; i + 3 <= input.size(); i += 3) {
    const size_t offset = (size_t{input[i]} | size_t{input[i + 1]} << 8) % bytes.size();
    bytes[offset] ^= input[i + 2];
  }
  auto proof = decode_warp_sync_proof(bytes);
  if (!proof) return;
  auto verified = verify_warp_sync_proof(*proof, 0, set(0));
  if (verified && bytes != genuine()) __builtin_trap();
}

void request(ByteSpan input) {
  const testing::SignedWarpChain& c = chain();
  if (input.size() < 3) return;
  block::BlockHash begin{};
  std::optional<block::BlockNumber> number;
  if (input.size() >= 3 + 32 && (input[0] & 0x80) != 0) {
    std::copy(input.begin() + 3, input.begin() + 3 + 32, begin.begin());
    // A hash given as bytes may be a canonical block's (the fuzzer learns them from the
    // comparisons): then it is served like that block's number.
    const auto& canonical = c.source.canonical;
    if (auto it = std::find(canonical.begin(), canonical.end(), begin); it != canonical.end()) {
      number = static_cast<block::BlockNumber>(it - canonical.begin());
    }
  } else {
    number = input[0] % c.source.canonical.size();
    begin = c.source.canonical[*number];
  }
  const size_t max_size =
      input[1] == 0xff ? kMaxWarpSyncProofSize : (size_t{input[1]} << 4 | size_t{input[2]}) % 4096;
  auto proof = build_warp_sync_proof(begin, c.source, max_size);
  const bool servable = number && *number <= c.source.finalized;
  if (proof.has_value() != servable) __builtin_trap();
  if (!proof) return;
  consensus::grandpa::SetId set_id = c.set_after(*number);
  consensus::grandpa::AuthorityList authorities = set(set_id);
  // A client's follow-ups: each answer verifies from where the previous one ended.
  for (int round = 0; round < 8; ++round) {
    // Below the margin nothing fits and the empty answer may exceed the limit.
    if (!proof->is_finished && max_size >= 50 && encode_warp_sync_proof(*proof).size() > max_size) {
      __builtin_trap();
    }
    auto verified = verify_warp_sync_proof(*proof, set_id, authorities);
    if (!verified) {
      // Only a proof cut before its first fragment is refused (and only as empty).
      if (!proof->proofs.empty() || proof->is_finished) __builtin_trap();
      return;
    }
    if (verified->is_finished) {
      if (verified->set_id != 3) __builtin_trap();
      return;
    }
    set_id = verified->set_id;
    authorities = verified->authorities;
    proof = build_warp_sync_proof(block::hash_of(*verified->last_header), c.source, max_size);
    if (!proof) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  const ByteSpan input(bytes + 1, size - 1);
  switch (bytes[0] % 3) {
    case 0:
      arbitrary_answer(input);
      break;
    case 1:
      tampered_answer(input);
      break;
    default:
      request(input);
      break;
  }
  return 0;
}
