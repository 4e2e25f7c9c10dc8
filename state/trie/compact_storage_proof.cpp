#include "state/trie/compact_storage_proof.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "state/trie/child_trie.hpp"
#include "state/trie/node_codec.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::state {

namespace {

// trie-db's NodeCodec::ESCAPE_HEADER for Substrate's layout (sp-trie trie_constants
// ESCAPE_COMPACT_HEADER): a header value no node uses.
constexpr uint8_t kEscapeHeader = 0x01;

using Error = CompactStorageProofError;

std::optional<ByteSpan> stored(const MemoryNodeStore& nodes, ByteSpan hash) {
  if (hash.size() != 32) return std::nullopt;
  Hash256 key;
  std::copy(hash.begin(), hash.end(), key.begin());
  auto it = nodes.nodes().find(key);
  if (it == nodes.nodes().end()) return std::nullopt;
  return ByteSpan(it->second);
}

std::vector<uint8_t> nibbles_of(std::string_view bytes) {
  std::vector<uint8_t> out;
  for (char c : bytes) {
    const auto b = static_cast<uint8_t>(c);
    out.push_back(static_cast<uint8_t>(b >> 4));
    out.push_back(static_cast<uint8_t>(b & 0x0F));
  }
  return out;
}

// The roots of the default child tries whose entries in the partial main trie `root` are in
// `nodes`, in key order: what sp-trie's encode_compact and decode_compact iterate (keys under
// ":child_storage:default:", parts missing from the proof skipped). Only the subtrees on the way
// to that prefix are visited.
Result<std::vector<Hash256>, Error> child_roots_in(const Hash256& root,
                                                   const MemoryNodeStore& nodes) {
  static const std::vector<uint8_t> kPrefix = nibbles_of(kDefaultChildStoragePrefix);
  std::vector<Hash256> roots;
  std::optional<ByteSpan> top = stored(nodes, root);
  if (!top) return roots;
  struct Item {
    ByteSpan node;
    std::vector<uint8_t> path;  // the nibbles before the node's partial key
  };
  std::vector<Item> stack{{*top, {}}};
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    auto view = decode_node(item.node);
    if (!view) return unexpected(Error::kInvalidNode);
    if (view->is_empty) continue;
    std::vector<uint8_t> path = std::move(item.path);
    for (size_t i = 0; i < view->partial.size(); ++i) path.push_back(view->partial[i]);
    const size_t common = std::min(path.size(), kPrefix.size());
    if (!std::equal(kPrefix.begin(), kPrefix.begin() + static_cast<ptrdiff_t>(common),
                    path.begin())) {
      continue;  // off the way to the prefix
    }
    if (view->value_kind != ValueKind::kNone && path.size() >= kPrefix.size() &&
        path.size() % 2 == 0) {
      std::optional<ByteSpan> value;
      if (view->value_kind == ValueKind::kInline) {
        value = view->value;
      } else {
        value = stored(nodes, view->value);  // not in the proof: skipped, as trie-db does
      }
      if (value) {
        if (value->size() != 32) return unexpected(Error::kInvalidChildRoot);
        Hash256 child;
        std::copy(value->begin(), value->end(), child.begin());
        roots.push_back(child);
      }
    }
    if (!view->is_branch) continue;
    for (size_t i = kMaxChildren; i-- > 0;) {
      if (!view->has_child(i)) continue;
      const ByteSpan ref = view->children[i];
      std::optional<ByteSpan> child = ref.size() == 32 ? stored(nodes, ref) : ref;
      if (!child) continue;
      std::vector<uint8_t> child_path = path;
      child_path.push_back(static_cast<uint8_t>(i));
      stack.push_back({*child, std::move(child_path)});
    }
  }
  return roots;
}

// trie-db encode_compact for one partial trie whose root is in `nodes`.
Result<void, Error> encode_trie(const Hash256& root, const MemoryNodeStore& nodes,
                                std::vector<Bytes>& out) {
  std::vector<ByteSpan> stack{*stored(nodes, root)};
  while (!stack.empty()) {
    const ByteSpan node = stack.back();
    stack.pop_back();
    auto view = decode_node(node);
    if (!view) return unexpected(Error::kInvalidNode);
    NodeView compact = *view;
    std::optional<ByteSpan> detached;
    if (view->value_kind == ValueKind::kHashed) {
      detached = stored(nodes, view->value);
      if (detached) {
        compact.value_kind = ValueKind::kInline;
        compact.value = {};
      }
    }
    std::array<ByteSpan, kMaxChildren> follow{};
    if (view->is_branch) {
      for (size_t i = 0; i < kMaxChildren; ++i) {
        if (!view->has_child(i)) continue;
        if (auto child = stored(nodes, view->children[i])) {
          follow[i] = *child;
          compact.children[i] = {};
        }
      }
    }
    Bytes encoded;
    if (detached) encoded.push_back(kEscapeHeader);
    encode_node(encoded, compact);
    out.push_back(std::move(encoded));
    if (detached) out.emplace_back(detached->begin(), detached->end());
    for (size_t i = kMaxChildren; i-- > 0;) {
      if (!follow[i].empty()) stack.push_back(follow[i]);
    }
  }
  return {};
}

// trie-db decode_compact_from_iter: rebuilds one partial trie from entries[pos...] into `store`
// and returns its root; `pos` moves past what it used.
Result<Hash256, Error> decode_trie(std::span<const Bytes> entries, size_t& pos,
                                   MemoryNodeStore& store) {
  struct Frame {
    NodeView node;
    std::optional<ByteSpan> value;  // a detached V1 value
    size_t next_child = 0;
    std::array<Hash256, kMaxChildren> rebuilt{};
    uint16_t rebuilt_mask = 0;
  };
  std::vector<Frame> stack;
  while (pos < entries.size()) {
    ByteSpan entry = entries[pos++];
    const bool escaped = !entry.empty() && entry[0] == kEscapeHeader;
    if (escaped) entry = entry.subspan(1);
    auto view = decode_node(entry, NodeDecodeOptions{.allow_empty_children = true});
    if (!view) return unexpected(Error::kInvalidNode);
    Frame frame{*view};
    if (escaped) {
      // Our encoder (and trie-db's) escapes only nodes whose hashed value it replaced by an empty
      // inline one.
      if (view->value_kind != ValueKind::kInline || !view->value.empty()) {
        return unexpected(Error::kInvalidNode);
      }
      if (pos == entries.size()) return unexpected(Error::kIncompleteProof);
      frame.value = ByteSpan(entries[pos++]);
    }
    for (;;) {
      while (frame.next_child < kMaxChildren && !(frame.node.has_child(frame.next_child) &&
                                                  frame.node.children[frame.next_child].empty())) {
        ++frame.next_child;
      }
      if (frame.next_child < kMaxChildren) {
        stack.push_back(frame);  // its omitted child comes next
        break;
      }
      NodeView full = frame.node;
      for (size_t i = 0; i < kMaxChildren; ++i) {
        if (((frame.rebuilt_mask >> i) & 1) != 0) full.children[i] = frame.rebuilt[i];
      }
      Hash256 value_hash{};
      if (frame.value) {
        value_hash = store.insert(*frame.value);
        full.value_kind = ValueKind::kHashed;
        full.value = value_hash;
      }
      const Hash256 hash = store.insert(encode_node(full));
      if (stack.empty()) return hash;
      frame = stack.back();
      stack.pop_back();
      frame.rebuilt[frame.next_child] = hash;
      frame.rebuilt_mask = static_cast<uint16_t>(frame.rebuilt_mask | (1u << frame.next_child));
      ++frame.next_child;
    }
  }
  return unexpected(Error::kIncompleteProof);
}

}  // namespace

const char* to_string(CompactStorageProofError e) {
  switch (e) {
    case Error::kIncompleteProof:
      return "incomplete compact proof";
    case Error::kInvalidNode:
      return "invalid node in compact proof";
    case Error::kInvalidChildRoot:
      return "invalid child trie root in compact proof";
    case Error::kRootMismatch:
      return "compact proof of another root";
    case Error::kExtraneousChildProof:
      return "compact proof of a child trie the main trie does not hold";
    case Error::kExtraneousNode:
      return "extraneous entries after the compact proof";
  }
  return "unknown compact proof error";
}

Result<std::vector<Bytes>, CompactStorageProofError> encode_compact_storage_proof(
    const Hash256& root, const MemoryNodeStore& nodes) {
  std::vector<Bytes> out;
  // trie-db's databases always hold the empty trie's node, which our stores leave implicit.
  if (root == empty_trie_root(TrieHasher::kBlake2b256) && !nodes.nodes().contains(root)) {
    out.push_back(Bytes{0x00});
    return out;
  }
  if (!nodes.nodes().contains(root)) return unexpected(Error::kIncompleteProof);
  CANARY_TRY_ASSIGN(auto children, child_roots_in(root, nodes));
  if (auto top = encode_trie(root, nodes, out); !top) return unexpected(top.error());
  for (const Hash256& child : children) {
    // A child root whose trie has no node in the proof (sp-trie: "child proof are allowed to be
    // missing").
    if (!nodes.nodes().contains(child)) continue;
    if (auto encoded = encode_trie(child, nodes, out); !encoded) {
      return unexpected(encoded.error());
    }
  }
  return out;
}

Result<DecodedStorageProof, CompactStorageProofError> decode_compact_storage_proof(
    std::span<const Bytes> entries, std::optional<Hash256> expected_root) {
  DecodedStorageProof out;
  size_t pos = 0;
  CANARY_TRY_ASSIGN(auto top, decode_trie(entries, pos, out.nodes));
  if (expected_root && *expected_root != top) return unexpected(Error::kRootMismatch);
  out.root = top;
  CANARY_TRY_ASSIGN(auto children, child_roots_in(out.root, out.nodes));
  // sp-trie decode_compact: the child tries follow in the order of their roots in the main trie;
  // a root without its trie in the proof is passed over.
  std::optional<Hash256> pending;
  for (const Hash256& child : children) {
    if (!pending && pos < entries.size()) {
      CANARY_TRY_ASSIGN(auto decoded, decode_trie(entries, pos, out.nodes));
      pending = decoded;
    }
    if (pending == child) pending.reset();
  }
  if (pending) return unexpected(Error::kExtraneousChildProof);
  if (pos < entries.size()) return unexpected(Error::kExtraneousNode);
  return out;
}

}  // namespace canary::state
