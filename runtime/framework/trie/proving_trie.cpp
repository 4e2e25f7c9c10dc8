#include "runtime/framework/trie/proving_trie.hpp"

#include <algorithm>
#include <array>

#include "primitives/scale/compact.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/scale/encoder.hpp"
#include "runtime/io/hashing.hpp"

namespace canary::rt::trie {
namespace {

// Node header prefixes (the two high bits): leaf, branch without and with a value. 0x00 alone is
// the empty trie; other headers with 00 high bits are V1 nodes with hashed values.
constexpr uint8_t kLeaf = 0b01'000000;
constexpr uint8_t kBranchNoValue = 0b10'000000;
constexpr uint8_t kBranchWithValue = 0b11'000000;
constexpr uint8_t kEmpty = 0x00;
// The 6-bit partial-length field saturates at 63; the rest follows in bytes (sp-trie's
// size_and_prefix_iterator). Partial keys are bounded by 65,535 nibbles.
constexpr size_t kSizeField = 63;
constexpr size_t kNibbleSizeBound = 65'535;

using Nibbles = std::vector<uint8_t>;

Nibbles nibbles_of(ByteSpan key) {
  Nibbles out;
  out.reserve(key.size() * 2);
  for (uint8_t b : key) {
    out.push_back(static_cast<uint8_t>(b >> 4));
    out.push_back(static_cast<uint8_t>(b & 0x0f));
  }
  return out;
}

void append_header(Bytes& out, uint8_t prefix, size_t nibble_count) {
  const size_t size = std::min(nibble_count, kNibbleSizeBound);
  if (size < kSizeField) {
    out.push_back(static_cast<uint8_t>(prefix | size));
    return;
  }
  out.push_back(static_cast<uint8_t>(prefix | kSizeField));
  size_t rest = size - (kSizeField - 1);
  while (rest >= 256) {
    out.push_back(255);
    rest -= 255;
  }
  out.push_back(static_cast<uint8_t>(rest - 1));
}

// The partial key nibbles[begin, end), an odd count with its first nibble alone in the low half of
// the first byte.
void append_partial(Bytes& out, const Nibbles& nibbles, size_t begin, size_t end) {
  size_t i = begin;
  if ((end - begin) % 2 == 1) out.push_back(nibbles[i++]);
  for (; i < end; i += 2) out.push_back(static_cast<uint8_t>((nibbles[i] << 4) | nibbles[i + 1]));
}

void append_with_length(Bytes& out, ByteSpan data) {
  scale::Encoder length;
  scale::encode_compact(length, data.size());
  const Bytes prefix = std::move(length).take();
  out.insert(out.end(), prefix.begin(), prefix.end());
  out.insert(out.end(), data.begin(), data.end());
}

struct Entry {
  Nibbles key;
  Bytes value;
};

// The encoding of the node holding entries[lo, hi) (sorted, distinct keys, sharing their first
// `depth` nibbles); hashed descendants go into `nodes`.
Bytes encode_node(const std::vector<Entry>& entries, size_t lo, size_t hi, size_t depth,
                  NodeMap& nodes) {
  const Nibbles& first = entries[lo].key;
  Bytes out;
  if (hi - lo == 1) {
    append_header(out, kLeaf, first.size() - depth);
    append_partial(out, first, depth, first.size());
    append_with_length(out, entries[lo].value);
    return out;
  }
  // The nibbles all keys share beyond `depth`: the first and the last key's common prefix.
  const Nibbles& last = entries[hi - 1].key;
  size_t at = depth;
  while (at < first.size() && at < last.size() && first[at] == last[at]) ++at;
  const bool has_value = first.size() == at;  // sorted: a key ending here comes first
  append_header(out, has_value ? kBranchWithValue : kBranchNoValue, at - depth);
  append_partial(out, first, depth, at);
  const size_t bitmap_at = out.size();
  out.push_back(0);
  out.push_back(0);
  if (has_value) append_with_length(out, entries[lo].value);
  uint16_t bitmap = 0;
  size_t i = has_value ? lo + 1 : lo;
  while (i < hi) {
    const uint8_t nibble = entries[i].key[at];
    size_t j = i + 1;
    while (j < hi && entries[j].key[at] == nibble) ++j;
    const Bytes child = encode_node(entries, i, j, at + 1, nodes);
    if (child.size() < 32) {
      append_with_length(out, child);
    } else {
      const Hash256 hash = io::hashing::blake2_256(child);
      append_with_length(out, hash);
      nodes.emplace(hash, child);
    }
    bitmap = static_cast<uint16_t>(bitmap | (1u << nibble));
    i = j;
  }
  out[bitmap_at] = static_cast<uint8_t>(bitmap & 0xff);
  out[bitmap_at + 1] = static_cast<uint8_t>(bitmap >> 8);
  return out;
}

// A decoded node: its partial key, value, and children (each a hash or an inline node).
struct NodeView {
  bool empty = false;
  bool leaf = false;
  Nibbles partial;
  std::optional<ByteSpan> value;
  std::array<std::optional<ByteSpan>, 16> children{};
};

std::optional<ByteSpan> read_with_length(scale::Decoder& in) {
  const auto length = scale::decode_compact<uint32_t>(in);
  if (!in.ok()) return std::nullopt;
  ByteSpan data = in.read_view(length);
  if (!in.ok()) return std::nullopt;
  return data;
}

std::optional<NodeView> decode_node(ByteSpan encoded) {
  NodeView node;
  scale::Decoder in(encoded);
  const uint8_t header = in.read_byte();
  if (!in.ok()) return std::nullopt;
  if (header == kEmpty) {
    if (encoded.size() != 1) return std::nullopt;
    node.empty = true;
    return node;
  }
  const uint8_t kind = header & 0b11'000000;
  if (kind == 0) return std::nullopt;  // V1 hashed-value nodes are not LayoutV0's
  size_t count = header & kSizeField;
  if (count == kSizeField) {
    count -= 1;
    while (true) {
      const uint8_t more = in.read_byte();
      if (!in.ok()) return std::nullopt;
      if (more < 255) {
        count += more + 1;
        break;
      }
      count += 255;
      if (count > kNibbleSizeBound) return std::nullopt;
    }
  }
  const ByteSpan partial = in.read_view((count + 1) / 2);
  if (!in.ok()) return std::nullopt;
  size_t p = 0;
  if (count % 2 == 1) {
    if ((partial[0] & 0xf0) != 0) return std::nullopt;  // padding must be zero
    node.partial.push_back(partial[p++]);
  }
  for (; p < partial.size(); ++p) {
    node.partial.push_back(static_cast<uint8_t>(partial[p] >> 4));
    node.partial.push_back(static_cast<uint8_t>(partial[p] & 0x0f));
  }
  if (kind == kLeaf) {
    node.leaf = true;
    node.value = read_with_length(in);
    if (!node.value) return std::nullopt;
  } else {
    const uint16_t bitmap = in.read_le<uint16_t>(2);
    if (!in.ok()) return std::nullopt;
    if (kind == kBranchWithValue) {
      node.value = read_with_length(in);
      if (!node.value) return std::nullopt;
    }
    for (size_t i = 0; i < 16; ++i) {
      if ((bitmap & (1u << i)) == 0) continue;
      node.children[i] = read_with_length(in);
      if (!node.children[i] || node.children[i]->size() > 32) return std::nullopt;
    }
  }
  if (in.remaining() != 0) return std::nullopt;
  return node;
}

}  // namespace

Result<std::optional<Bytes>, LookupError> lookup(const NodeMap& nodes, const Hash256& root,
                                                 ByteSpan key, std::vector<Hash256>* read) {
  const Nibbles path = nibbles_of(key);
  size_t at = 0;
  const auto fetch = [&](const Hash256& hash) -> const Bytes* {
    auto it = nodes.find(hash);
    if (it == nodes.end()) return nullptr;
    if (read != nullptr) read->push_back(hash);
    return &it->second;
  };
  const Bytes* root_node = fetch(root);
  if (root_node == nullptr) return unexpected(LookupError::kIncompleteDatabase);
  ByteSpan encoded = *root_node;
  while (true) {
    const std::optional<NodeView> node = decode_node(encoded);
    if (!node) return unexpected(LookupError::kInvalidNode);
    if (node->empty) return std::optional<Bytes>{};
    const Nibbles& partial = node->partial;
    if (path.size() - at < partial.size() ||
        !std::equal(partial.begin(), partial.end(), path.begin() + static_cast<ptrdiff_t>(at))) {
      return std::optional<Bytes>{};
    }
    at += partial.size();
    if (node->leaf) {
      if (at != path.size()) return std::optional<Bytes>{};
      return std::optional<Bytes>(Bytes(node->value->begin(), node->value->end()));
    }
    if (at == path.size()) {
      if (!node->value) return std::optional<Bytes>{};
      return std::optional<Bytes>(Bytes(node->value->begin(), node->value->end()));
    }
    const std::optional<ByteSpan>& child = node->children[path[at]];
    if (!child) return std::optional<Bytes>{};
    ++at;
    if (child->size() == 32) {
      Hash256 hash;
      std::copy(child->begin(), child->end(), hash.begin());
      const Bytes* next = fetch(hash);
      if (next == nullptr) return unexpected(LookupError::kIncompleteDatabase);
      encoded = *next;
    } else {
      encoded = *child;
    }
  }
}

ProvingTrie ProvingTrie::build(std::vector<std::pair<Bytes, Bytes>> entries) {
  // Sorted by key; of equal keys the later wins.
  std::map<Bytes, Bytes> by_key;
  for (auto& [key, value] : entries) by_key.insert_or_assign(std::move(key), std::move(value));
  std::vector<Entry> sorted;
  sorted.reserve(by_key.size());
  for (auto& [key, value] : by_key) sorted.push_back(Entry{nibbles_of(key), std::move(value)});
  ProvingTrie trie;
  Bytes root_node =
      sorted.empty() ? Bytes{kEmpty} : encode_node(sorted, 0, sorted.size(), 0, trie.nodes_);
  trie.root_ = io::hashing::blake2_256(root_node);
  trie.nodes_.insert_or_assign(trie.root_, std::move(root_node));
  return trie;
}

std::optional<Bytes> ProvingTrie::get(ByteSpan key) const {
  auto found = lookup(nodes_, root_, key);
  if (!found) return std::nullopt;  // not reached: the trie holds every node it built
  return std::move(*found);
}

std::optional<Bytes> ProvingTrie::get_recording(ByteSpan key, std::vector<Bytes>& proof) const {
  std::vector<Hash256> read;
  auto found = lookup(nodes_, root_, key, &read);
  for (const Hash256& hash : read) {
    const Bytes& node = nodes_.find(hash)->second;  // lookup read it from nodes_
    if (std::find(proof.begin(), proof.end(), node) == proof.end()) proof.push_back(node);
  }
  if (!found) return std::nullopt;
  return std::move(*found);
}

std::optional<ProofNodes> ProofNodes::from(const std::vector<Bytes>& nodes) {
  ProofNodes out;
  for (const Bytes& node : nodes) {
    if (!out.nodes_.emplace(io::hashing::blake2_256(node), node).second) return std::nullopt;
  }
  return out;
}

Result<std::optional<Bytes>, LookupError> ProofNodes::get(const Hash256& root, ByteSpan key) {
  std::vector<Hash256> read;
  auto found = lookup(nodes_, root, key, &read);
  for (const Hash256& hash : read) read_[hash] = true;
  return found;
}

}  // namespace canary::rt::trie
