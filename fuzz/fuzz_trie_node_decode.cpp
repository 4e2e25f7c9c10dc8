// Decodes arbitrary bytes as a trie node. Decoding must never crash or read out of bounds, and the
// codec accepts exactly one encoding per node, so whatever decodes must re-encode to the very same
// bytes. A node that decodes is also loaded as the root of a trie (which decodes its inline
// children and checks the trie's shape) and walked.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "state/trie/node_codec.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie.hpp"

namespace {

using namespace canary;
using namespace canary::state;

void round_trip(ByteSpan data, NodeDecodeOptions options) {
  auto node = decode_node(data, options);
  if (!node) return;
  Bytes again = encode_node(*node);
  if (again.size() != data.size() || !std::equal(again.begin(), again.end(), data.begin())) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  ByteSpan data(bytes, size);
  round_trip(data, {});
  round_trip(data, NodeDecodeOptions{.allow_empty_children = true});

  if (!decode_node(data)) return 0;
  MemoryNodeStore store;
  Hash256 root = store.insert(data);
  Trie trie = Trie::open(root, store);
  size_t entries = 0;
  auto walked = trie.for_each({}, [&](ByteSpan, ByteSpan) { return ++entries < 64; });
  (void)walked;
  auto next = trie.next_key({});
  (void)next;
  // A root that loaded fine is re-encoded from the trie's own representation byte for byte.
  if (walked && !trie.empty() && trie.is_loaded(trie.root_node())) {
    Bytes again = encode_node(trie.view(trie.root_node(), StateVersion::kV0));
    if (again != Bytes(data.begin(), data.end())) __builtin_trap();
  }
  return 0;
}
