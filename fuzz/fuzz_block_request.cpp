// `/sync/2` inputs: block requests (what a peer asks our server) and block responses (what a peer
// answers our sync). Decoded requests are served by build_block_response over a small synthetic
// chain with a fork, justifications and a missing body; the answer must encode and decode back to
// itself. Protobuf is not canonical (field order, repeats, unknown fields), so the round trips are
// checked on the decoded values: decode(encode(x)) == x.
#include <cstddef>
#include <cstdint>

#include "network/protocols/block_request.hpp"
#include "network/protocols/block_request_handler.hpp"
#include "tests/unit/network/memory_block_source.hpp"

namespace {

using namespace canary;
using namespace canary::network;
using testing::MemoryBlockSource;

// #0..#40 on the best chain, a fork of three blocks off #10, Justifications on a few blocks (an
// empty GRANDPA one, a BEEF-only one), #30's body pruned.
const MemoryBlockSource& chain() {
  static const MemoryBlockSource source = [] {
    MemoryBlockSource s;
    const auto best = s.add_chain(41, 2);
    block::BlockHash parent = best[10];
    for (block::BlockNumber n = 11; n < 14; ++n) {
      parent = s.add(testing::synthetic_header(parent, n, 5), std::vector<Bytes>{Bytes{1}},
                     std::nullopt, false);
    }
    s.entry(best[5]).justifications = block::Justifications{{block::kGrandpaEngineId, Bytes{1, 2}}};
    s.entry(best[6]).justifications = block::Justifications{{block::kGrandpaEngineId, Bytes{}}};
    s.entry(best[7]).justifications = block::Justifications{{block::kBeefyEngineId, Bytes{3}}};
    s.entry(best[30]).body.reset();
    return s;
  }();
  return source;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan input(bytes, size);
  if (auto request = decode_block_request(input)) {
    auto again = decode_block_request(encode_block_request(*request));
    if (!again || *again != *request) __builtin_trap();
    auto response = build_block_response(*request, chain());
    if (!response) __builtin_trap();  // the synthetic chain never fails a read
    const size_t cap = request->max_blocks == 0 ? kMaxBlocksInResponse : request->max_blocks;
    if (response->blocks.size() > cap || response->blocks.size() > kMaxBlocksInResponse) {
      __builtin_trap();
    }
    const Bytes encoded = encode_block_response(*response);
    size_t accounted = 0;
    for (const BlockData& block : response->blocks) accounted += encoded_block_data_size(block);
    if (accounted != encoded.size()) __builtin_trap();
    auto decoded = decode_block_response(encoded);
    if (!decoded || *decoded != *response) __builtin_trap();
  }
  if (auto response = decode_block_response(input)) {
    auto again = decode_block_response(encode_block_response(*response));
    if (!again || *again != *response) __builtin_trap();
  }
  return 0;
}
