// Reads keys through arbitrary proofs: storage proofs (read_proof) and trie-db compact proofs
// (verify_compact_proof), as the host API and the light client receive them from outside.
// Neither may crash, loop or read out of bounds, whatever the nodes.
//
// Input: flags (bit 0: the root is the hash of the first node, else 32 root bytes follow;
// bit 1: V1; bit 2: Keccak; bit 3: claim the value is present), key length + key, value length +
// value, then nodes as u16 LE length + bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "state/trie/compact_proof.hpp"
#include "state/trie/proof.hpp"

namespace {

using namespace canary;
using namespace canary::state;

using Reader = canary::fuzz::ByteReader;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  Reader in(ByteSpan(bytes, size));
  uint8_t flags = in.byte();
  Hash256 root{};
  bool root_from_first = (flags & 1) != 0;
  if (!root_from_first) {
    ByteSpan r = in.take(32);
    std::copy(r.begin(), r.end(), root.begin());
  }
  StateVersion version = (flags & 2) != 0 ? StateVersion::kV1 : StateVersion::kV0;
  TrieHasher hasher = (flags & 4) != 0 ? TrieHasher::kKeccak256 : TrieHasher::kBlake2b256;
  ByteSpan key = in.take(in.byte());
  ByteSpan value = in.take(in.byte());
  std::vector<Bytes> nodes;
  while (!in.done() && nodes.size() < 64) {
    size_t len = in.byte();
    len |= static_cast<size_t>(in.byte()) << 8;
    ByteSpan node = in.take(len);
    nodes.emplace_back(node.begin(), node.end());
  }
  if (root_from_first && !nodes.empty()) root = trie_hash(hasher, nodes[0]);

  auto read = read_proof(root, nodes, key, hasher);
  (void)read;

  ProofItem item{key, (flags & 8) != 0 ? std::optional<ByteSpan>(value) : std::nullopt};
  auto verified =
      verify_compact_proof(root, nodes, std::span<const ProofItem>(&item, 1), version, hasher);
  (void)verified;
  // Two claims on related keys exercise the stack of the compact verifier.
  if (!key.empty()) {
    ProofItem items[] = {item, ProofItem{key.first(key.size() - 1), std::nullopt}};
    auto both = verify_compact_proof(root, nodes, items, version, hasher);
    (void)both;
  }
  return 0;
}
