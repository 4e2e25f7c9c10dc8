// The signers an imported block's extrinsics name (node/service/state_prefetcher.hpp): what the
// import reads ahead of the runtime comes from a block off the network, so any extrinsics must
// give System.Account keys or nothing, never a crash. Each key is the 32-byte storage prefix,
// blake2_128 of an account id and the id (80 bytes), at most one per extrinsic, none twice, and
// each id is the one the extrinsic names after its version and address bytes.
//   The input: extrinsics, each a length byte then that many bytes (the last one cut short).
#include <cstddef>
#include <cstdint>
#include <set>
#include <vector>

#include "node/service/state_prefetcher.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<canary::Bytes> extrinsics;
  for (size_t at = 0; at < size;) {
    const size_t n = std::min<size_t>(data[at], size - at - 1);
    extrinsics.emplace_back(data + at + 1, data + at + 1 + n);
    at += 1 + n;
  }
  const std::vector<canary::Bytes> keys = canary::node::signer_account_keys(extrinsics);
  if (keys.size() > extrinsics.size()) __builtin_trap();
  std::set<canary::Bytes> ids;
  for (const canary::Bytes& key : keys) {
    if (key.size() != 80) __builtin_trap();
    canary::Bytes id(key.end() - 32, key.end());
    if (!ids.insert(id).second) __builtin_trap();
    bool named = false;
    for (const canary::Bytes& xt : extrinsics) {
      named = named || (xt.size() >= 34 && xt[0] == 0x84 && xt[1] == 0x00 &&
                        canary::Bytes(xt.begin() + 2, xt.begin() + 34) == id);
    }
    if (!named) __builtin_trap();
  }
  return 0;
}
