#include "state/trie/trie.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "primitives/util/result.hpp"

namespace canary::state {

namespace {

// Below this much garbage an arena is never compacted: copying would cost more than it frees.
constexpr size_t kCompactMinGarbage = size_t{64} << 10;

// Inline nodes are shorter than a hash, and every node takes at least two bytes, so nesting is
// shallow; the bound only guards against malformed input.
constexpr int kMaxInlineDepth = 32;

bool starts_with(ByteSpan key, ByteSpan prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

// Structural rules a stored node must satisfy beyond decoding, so that the trie's invariants
// hold for loaded data too: a branch without a value has at least two children (otherwise it
// would have been merged with its child), and inline children are valid non-empty nodes.
bool valid_stored_node(const NodeView& node, int depth) {
  if (node.is_empty || depth > kMaxInlineDepth) return false;
  if (!node.is_branch) return true;
  if (node.value_kind == ValueKind::kNone && std::popcount(node.children_bitmap) < 2) return false;
  for (size_t i = 0; i < kMaxChildren; ++i) {
    if (!node.has_child(i) || node.children[i].size() == 32) continue;
    auto inline_node = decode_node(node.children[i]);
    if (!inline_node || !valid_stored_node(*inline_node, depth + 1)) return false;
  }
  return true;
}

}  // namespace

const char* to_string(TrieError e) {
  switch (e) {
    case TrieError::kMissingNode:
      return "trie node missing from the store";
    case TrieError::kMissingValue:
      return "trie value missing from the store";
    case TrieError::kHashMismatch:
      return "stored trie node does not match its hash";
    case TrieError::kInvalidNode:
      return "invalid trie node";
  }
  return "unknown trie error";
}

Trie::Trie(TrieHasher hasher) : hasher_(hasher) {}

Trie Trie::open(const Hash256& root, const NodeStore& store, TrieHasher hasher) {
  Trie trie(hasher);
  trie.store_ = &store;
  if (root == empty_trie_root(hasher)) return trie;
  NodeId id = trie.alloc_node();
  Node& n = trie.nodes_[id];
  n.flags = kStub;
  n.merkle = root;
  n.merkle_len = 32;
  n.reserved = kCommitted;
  trie.root_ = id;
  return trie;
}

void Trie::reserve(size_t entries) {
  nodes_.reserve(nodes_.size() + entries + entries / 8);
  blocks_.reserve(blocks_.size() + entries / 8);
  nibbles_.reserve(nibbles_.size() + entries * 32);
}

// ---------------------------------------------------------------------------------------------
// Storage helpers

void Trie::slot_set(Slot s, NodeId id) {
  if (s.block == kNoBlock) {
    root_ = id;
  } else {
    blocks_[s.block].child[s.nibble].node = id;
    blocks_[s.block].child[s.nibble].hint = hint_for(id);
  }
}

uint32_t Trie::hint_for(NodeId id) const {
  if (id == kNoNode) return kNoBlock;
  const Node& n = nodes_[id];
  if (n.children != kNoBlock) return n.children;
  if ((n.flags & kStub) != 0 || n.key_off / 2 >= kLeafHint) return kNoBlock;
  return kLeafHint | static_cast<uint32_t>(n.key_off / 2);
}

void Trie::prefetch_hint(uint32_t hint) const {
  if (hint == kNoBlock) return;
  if ((hint & kLeafHint) != 0) {
    size_t off = hint & ~kLeafHint;
    if (off < nibbles_.size()) __builtin_prefetch(nibbles_.data() + off);
  } else if (hint < blocks_.size()) {
    __builtin_prefetch(&blocks_[hint]);
  }
}

void Trie::prefetch_below(Slot s) const {
  if (s.block == kNoBlock) return;
  const ChildSlot& slot = blocks_[s.block].child[s.nibble];
  if (slot.node == kNoNode) return;
  __builtin_prefetch(&nodes_[slot.node]);
  prefetch_hint(slot.hint);
}

Trie::Slot Trie::slot_after(size_t steps) const {
  if (steps == 0) return {kNoBlock, 0};
  const PathStep& s = path_[steps - 1];
  return {nodes_[s.node].children, s.nibble};
}

Trie::NodeId Trie::alloc_node() {
  if (!free_nodes_.empty()) {
    NodeId id = free_nodes_.back();
    free_nodes_.pop_back();
    nodes_[id] = Node{};
    return id;
  }
  nodes_.emplace_back();
  return static_cast<NodeId>(nodes_.size() - 1);
}

uint32_t Trie::alloc_block() {
  uint32_t b;
  if (!free_blocks_.empty()) {
    b = free_blocks_.back();
    free_blocks_.pop_back();
  } else {
    blocks_.emplace_back();
    b = static_cast<uint32_t>(blocks_.size() - 1);
  }
  blocks_[b].child.fill(ChildSlot{kNoNode, kNoBlock});
  return b;
}

size_t Trie::value_footprint(const Node& n) {
  switch (n.value_state) {
    case kInline:
      return n.value_len;
    case kAuto:
    case kHashed:
      return 32 + n.value_len;
    default:
      return 0;
  }
}

void Trie::free_node(NodeId id) {
  if ((nodes_[id].reserved & kCommitted) != 0 && nodes_[id].merkle_len == 32) {
    if ((nodes_[id].flags & kStub) != 0) {
      removed_subtrees_.push_back(nodes_[id].merkle);
    } else {
      removed_.push_back(nodes_[id].merkle);
    }
  }
  forget_value(id);
  Node& n = nodes_[id];
  n.reserved = 0;
  if ((n.flags & kStub) == 0) {
    nibble_garbage_ += packed_size(n.key_len);
    value_garbage_ += value_footprint(n);
  }
  if (n.children != kNoBlock) free_blocks_.push_back(n.children);
  n.children = kNoBlock;
  n.value_state = kNoValue;
  n.flags = kFree;
  free_nodes_.push_back(id);
}

void Trie::free_subtree(NodeId id) {
  if (nodes_[id].children == kNoBlock) {
    free_node(id);  // a leaf (or stub): no need for a worklist
    return;
  }
  std::vector<NodeId> pending{id};
  while (!pending.empty()) {
    NodeId cur = pending.back();
    pending.pop_back();
    if (nodes_[cur].children != kNoBlock) {
      for (const ChildSlot& c : blocks_[nodes_[cur].children].child) {
        if (c.node != kNoNode) pending.push_back(c.node);
      }
    }
    free_node(cur);
  }
}

size_t Trie::child_count(const Node& n, NodeId* only_child, uint8_t* only_nibble) const {
  if (n.children == kNoBlock) return 0;
  size_t count = 0;
  const auto& ch = blocks_[n.children].child;
  for (size_t i = 0; i < kMaxChildren; ++i) {
    if (ch[i].node == kNoNode) continue;
    ++count;
    *only_child = ch[i].node;
    *only_nibble = static_cast<uint8_t>(i);
  }
  return count;
}

uint64_t Trie::append_nibbles(NibbleView nibbles) {
  // Copies whole bytes and keeps the nibble parity, so a key suffix stays byte-aligned at its end.
  size_t start = nibbles.offset();
  size_t end = nibbles.offset() + nibbles.size();
  const uint8_t* first = nibbles.data() + start / 2;
  const uint8_t* last = nibbles.data() + (end + 1) / 2;
  size_t pos = nibbles_.size();
  nibbles_.insert(nibbles_.end(), first, last);
  return 2 * pos + (start & 1);
}

uint64_t Trie::append_concat(NodeId a, uint8_t nibble, NodeId b) {
  uint64_t a_off = nodes_[a].key_off;
  uint64_t b_off = nodes_[b].key_off;
  uint32_t a_len = nodes_[a].key_len;
  uint32_t b_len = nodes_[b].key_len;
  size_t total = size_t{a_len} + 1 + b_len;
  size_t parity = total & 1;
  size_t start_byte = nibbles_.size();
  nibbles_.resize(start_byte + (parity + total + 1) / 2, 0);  // reads below happen after growth
  auto get = [&](uint64_t p) -> uint8_t {
    uint8_t byte = nibbles_[p >> 1];
    return (p & 1) != 0 ? (byte & 0x0F) : (byte >> 4);
  };
  auto put = [&](uint64_t p, uint8_t v) {
    uint8_t& byte = nibbles_[p >> 1];
    byte = (p & 1) != 0 ? static_cast<uint8_t>((byte & 0xF0) | v)
                        : static_cast<uint8_t>((byte & 0x0F) | (v << 4));
  };
  uint64_t off = 2 * start_byte + parity;
  uint64_t w = off;
  for (uint32_t i = 0; i < a_len; ++i) put(w++, get(a_off + i));
  put(w++, nibble);
  for (uint32_t i = 0; i < b_len; ++i) put(w++, get(b_off + i));
  return off;
}

ByteSpan Trie::value_bytes(const Node& n) const {
  switch (n.value_state) {
    case kInline:
      return {values_.data() + n.value_off, n.value_len};
    case kAuto:
    case kHashed:
      return {values_.data() + n.value_off + 32, n.value_len};
    default:
      return {};
  }
}

ByteSpan Trie::value(NodeId id) const {
  return value_bytes(nodes_[id]);
}

void Trie::set_value(NodeId id, ByteSpan value, uint8_t state) {
  // The value may be a view into this very arena (a value read from this trie).
  if (!values_.empty() && value.data() >= values_.data() &&
      value.data() < values_.data() + values_.size()) {
    Bytes copy(value.begin(), value.end());
    set_value(id, copy, state);
    return;
  }
  forget_value(id);
  Node& n = nodes_[id];
  value_garbage_ += value_footprint(n);
  size_t pos = values_.size();
  if (state == kAuto || state == kHashed) values_.resize(pos + 32);
  values_.insert(values_.end(), value.begin(), value.end());
  n.value_off = pos;
  n.value_len = static_cast<uint32_t>(value.size());
  n.value_state = state;
  n.flags &= static_cast<uint8_t>(~(kValueUnloaded | kValueHashValid));
}

void Trie::forget_value(NodeId id) {
  Node& n = nodes_[id];
  if ((n.reserved & kValueCommitted) == 0) return;
  if ((n.reserved & kValueWasHashed) != 0) {
    Hash256 h;
    std::memcpy(h.data(), value_hash(id), 32);
    removed_.push_back(h);
  }
  nodes_[id].reserved &= static_cast<uint8_t>(~(kValueCommitted | kValueWasHashed));
}

void Trie::clear_value(NodeId id) {
  forget_value(id);
  Node& n = nodes_[id];
  value_garbage_ += value_footprint(n);
  n.value_state = kNoValue;
  n.value_len = 0;
  n.flags &= static_cast<uint8_t>(~(kValueUnloaded | kValueHashValid));
}

bool Trie::same_value(const Node& n, ByteSpan value, uint8_t state) const {
  if (n.value_state != state || (n.flags & kValueUnloaded) != 0) return false;
  ByteSpan current = value_bytes(n);
  return current.size() == value.size() && std::equal(value.begin(), value.end(), current.begin());
}

Trie::NodeId Trie::new_leaf(NibbleView key, size_t from, ByteSpan value, uint8_t state) {
  NodeId id = alloc_node();
  uint64_t off = append_nibbles(key.substr(from));
  Node& n = nodes_[id];
  n.key_off = off;
  n.key_len = static_cast<uint32_t>(key.size() - from);
  set_value(id, value, state);
  return id;
}

void Trie::merge_with_child(Slot slot, NodeId id, NodeId child, uint8_t nibble) {
  uint64_t off = append_concat(id, nibble, child);
  Node& c = nodes_[child];
  nibble_garbage_ += packed_size(c.key_len);
  c.key_len = nodes_[id].key_len + 1 + c.key_len;
  c.key_off = off;
  c.flags |= kDirty;
  free_node(id);
  slot_set(slot, child);
}

void Trie::mark_path_dirty(size_t count) {
  for (size_t i = 0; i < count; ++i) nodes_[path_[i].node].flags |= kDirty;
}

void Trie::maybe_compact() {
  bool nibbles_wasteful =
      nibble_garbage_ > kCompactMinGarbage && nibble_garbage_ * 2 > nibbles_.size();
  bool values_wasteful = value_garbage_ > kCompactMinGarbage && value_garbage_ * 2 > values_.size();
  if (nibbles_wasteful || values_wasteful) compact();
}

void Trie::compact() {
  std::vector<uint8_t> nibbles;
  std::vector<uint8_t> values;
  nibbles.reserve(nibbles_.size() - std::min(nibble_garbage_, nibbles_.size()) + 64);
  values.reserve(values_.size() - std::min(value_garbage_, values_.size()) + 64);
  for (Node& n : nodes_) {
    if ((n.flags & (kFree | kStub)) != 0) continue;
    size_t first = n.key_off / 2;
    size_t last = (n.key_off + n.key_len + 1) / 2;
    size_t pos = nibbles.size();
    nibbles.insert(nibbles.end(), nibbles_.begin() + first, nibbles_.begin() + last);
    n.key_off = 2 * pos + (n.key_off & 1);
    if (n.value_state != kNoValue) {
      size_t size = value_footprint(n);
      size_t vpos = values.size();
      values.insert(values.end(), values_.begin() + n.value_off,
                    values_.begin() + n.value_off + size);
      n.value_off = vpos;
    }
  }
  nibbles_.swap(nibbles);
  values_.swap(values);
  nibble_garbage_ = 0;
  value_garbage_ = 0;
}

// ---------------------------------------------------------------------------------------------
// Loading from the store

Result<void, TrieError> Trie::ensure_loaded(NodeId id) {
  if ((nodes_[id].flags & kStub) == 0) return {};
  Hash256 hash = nodes_[id].merkle;
  std::optional<Bytes> bytes = store_->get(hash);
  if (!bytes) return unexpected(TrieError::kMissingNode);
  if (!store_verified() && trie_hash(hasher_, *bytes) != hash) {
    return unexpected(TrieError::kHashMismatch);
  }
  auto node = decode_node(*bytes);
  if (!node || !valid_stored_node(*node, 0)) return unexpected(TrieError::kInvalidNode);
  return fill_from(id, *node, 0);
}

Result<void, TrieError> Trie::fill_from(NodeId id, const NodeView& node, int depth) {
  // The node keeps its Merkle value (the hash it was loaded by, or its inline encoding) and stays
  // clean: its encoding is the stored one. Stored values keep their stored form.
  uint64_t key_off = append_nibbles(node.partial);
  {
    Node& n = nodes_[id];
    n.key_off = key_off;
    n.key_len = static_cast<uint32_t>(node.partial.size());
    n.children = kNoBlock;
    n.value_state = kNoValue;
    n.flags = 0;
  }
  if (node.value_kind == ValueKind::kInline) {
    set_value(id, node.value, kInline);
  } else if (node.value_kind == ValueKind::kHashed) {
    size_t pos = values_.size();
    values_.insert(values_.end(), node.value.begin(), node.value.end());
    Node& n = nodes_[id];
    n.value_off = pos;
    n.value_len = 0;
    n.value_state = kHashed;
    n.flags |= kValueUnloaded | kValueHashValid;
  }
  nodes_[id].reserved = static_cast<uint8_t>(
      kCommitted | kValueCommitted | (node.value_kind == ValueKind::kHashed ? kValueWasHashed : 0));
  if (!node.is_branch) return {};
  uint32_t block = alloc_block();
  nodes_[id].children = block;
  for (size_t i = 0; i < kMaxChildren; ++i) {
    if (!node.has_child(i)) continue;
    ByteSpan ref = node.children[i];
    NodeId c = alloc_node();
    blocks_[block].child[i].node = c;
    Node& cn = nodes_[c];
    cn.merkle_len = static_cast<uint8_t>(ref.size());
    std::memcpy(cn.merkle.data(), ref.data(), ref.size());
    if (ref.size() == 32) {
      cn.flags = kStub;
      cn.reserved = kCommitted;
      continue;
    }
    auto inline_node = decode_node(ref);  // validated by valid_stored_node
    if (!inline_node) return unexpected(TrieError::kInvalidNode);
    CANARY_TRY(fill_from(c, *inline_node, depth + 1));
    blocks_[block].child[i].hint = hint_for(c);
  }
  return {};
}

Result<void, TrieError> Trie::ensure_value_loaded(NodeId id) {
  if ((nodes_[id].flags & kValueUnloaded) == 0) return {};
  Hash256 hash;
  std::memcpy(hash.data(), values_.data() + nodes_[id].value_off, 32);
  std::optional<Bytes> bytes = store_->get(hash);
  if (!bytes) return unexpected(TrieError::kMissingValue);
  if (!store_verified() && trie_hash(hasher_, *bytes) != hash) {
    return unexpected(TrieError::kHashMismatch);
  }
  size_t pos = values_.size();
  values_.insert(values_.end(), hash.begin(), hash.end());
  values_.insert(values_.end(), bytes->begin(), bytes->end());
  value_garbage_ += 32;
  Node& n = nodes_[id];
  n.value_off = pos;
  n.value_len = static_cast<uint32_t>(bytes->size());
  n.flags = static_cast<uint8_t>((n.flags & ~kValueUnloaded) | kValueHashValid);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Reads

Result<Trie::NodeId, TrieError> Trie::find(NibbleView key, bool record_path) {
  if (record_path) path_.clear();
  NodeId id = root_;
  size_t depth = 0;
  while (id != kNoNode) {
    CANARY_TRY(ensure_loaded(id));
    const Node& n = nodes_[id];
    NibbleView p = partial(n);
    if (key.size() - depth < p.size() || common_prefix_length(p, key.substr(depth)) != p.size()) {
      return kNoNode;
    }
    depth += p.size();
    if (depth == key.size()) return n.value_state != kNoValue ? id : kNoNode;
    if (n.children == kNoBlock) return kNoNode;
    uint8_t nibble = key[depth++];
    if (record_path) path_.push_back({id, nibble});
    prefetch_below({n.children, nibble});
    id = blocks_[n.children].child[nibble].node;
  }
  return kNoNode;
}

Result<std::optional<Bytes>, TrieError> Trie::get(ByteSpan key) {
  CANARY_TRY_ASSIGN(auto id, find(NibbleView::of_bytes(key), false));
  if (id == kNoNode) return std::optional<Bytes>{};
  CANARY_TRY(ensure_value_loaded(id));
  ByteSpan v = value_bytes(nodes_[id]);
  return std::optional<Bytes>(Bytes(v.begin(), v.end()));
}

Result<bool, TrieError> Trie::contains(ByteSpan key) {
  CANARY_TRY_ASSIGN(auto id, find(NibbleView::of_bytes(key), false));
  return id != kNoNode;
}

void Trie::append_partial_to_path(const Node& n) {
  NibbleView p = partial(n);
  for (size_t i = 0; i < p.size(); ++i) nibble_path_.push_back(p[i]);
}

Bytes Trie::path_key() const {
  Bytes key(nibble_path_.size() / 2);
  for (size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<uint8_t>((nibble_path_[2 * i] << 4) | nibble_path_[2 * i + 1]);
  }
  return key;
}

Result<bool, TrieError> Trie::seek_first_below(NodeId id) {
  while (true) {
    CANARY_TRY(ensure_loaded(id));
    const Node& n = nodes_[id];
    append_partial_to_path(n);
    if (n.value_state != kNoValue) return true;
    NodeId next = kNoNode;
    for (size_t i = 0; i < kMaxChildren && next == kNoNode; ++i) {
      next = child(id, i);
      if (next != kNoNode) nibble_path_.push_back(static_cast<uint8_t>(i));
    }
    if (next == kNoNode) return unexpected(TrieError::kInvalidNode);  // a node with nothing below
    id = next;
  }
}

Result<bool, TrieError> Trie::seek(NibbleView key, bool strict) {
  nibble_path_.clear();
  path_.clear();
  path_lens_.clear();
  NodeId start = kNoNode;       // the answer is the first entry of this subtree
  NodeId sibling_of = kNoNode;  // ... or of a child of this node after `after`
  int after = -1;

  // Follow the key as far as it goes.
  NodeId id = root_;
  size_t depth = 0;
  while (id != kNoNode) {
    CANARY_TRY(ensure_loaded(id));
    const Node& n = nodes_[id];
    NibbleView p = partial(n);
    NibbleView rest = key.substr(depth);
    size_t m = common_prefix_length(p, rest);
    if (m < p.size()) {
      // The subtree is entirely after the key (the key ends inside the partial key, or diverges
      // to a smaller nibble), or entirely before it.
      if (m == rest.size() || p[m] > rest[m]) start = id;
      break;
    }
    append_partial_to_path(n);
    depth += p.size();
    if (depth == key.size()) {
      if (!strict && n.value_state != kNoValue) return true;
      sibling_of = id;  // every key below is longer, hence greater
      break;
    }
    uint8_t nibble = key[depth];
    NodeId c = child(id, nibble);
    if (c == kNoNode) {
      sibling_of = id;
      after = nibble;
      break;
    }
    path_.push_back({id, nibble});
    path_lens_.push_back(nibble_path_.size());
    nibble_path_.push_back(nibble);
    id = c;
    ++depth;
  }

  // Otherwise take the next child to the right, going up as long as there is none.
  while (start == kNoNode) {
    if (sibling_of != kNoNode) {
      for (int i = after + 1; i < static_cast<int>(kMaxChildren); ++i) {
        NodeId c = child(sibling_of, static_cast<size_t>(i));
        if (c != kNoNode) {
          nibble_path_.push_back(static_cast<uint8_t>(i));
          start = c;
          break;
        }
      }
      if (start != kNoNode) break;
    }
    if (path_.empty()) return false;
    PathStep step = path_.back();
    path_.pop_back();
    nibble_path_.resize(path_lens_.back());
    path_lens_.pop_back();
    sibling_of = step.node;
    after = step.nibble;
  }
  return seek_first_below(start);
}

Result<std::optional<Bytes>, TrieError> Trie::next_key(ByteSpan key) {
  CANARY_TRY_ASSIGN(auto found, seek(NibbleView::of_bytes(key), true));
  if (!found) return std::optional<Bytes>{};
  if ((nibble_path_.size() & 1) != 0) return unexpected(TrieError::kInvalidNode);
  return std::optional<Bytes>(path_key());
}

Result<Trie::NodeId, TrieError> Trie::find_prefix_root(NibbleView prefix) {
  path_.clear();
  nibble_path_.clear();
  NodeId id = root_;
  size_t depth = 0;
  while (id != kNoNode) {
    CANARY_TRY(ensure_loaded(id));
    const Node& n = nodes_[id];
    NibbleView p = partial(n);
    NibbleView rest = prefix.substr(depth);
    size_t m = common_prefix_length(p, rest);
    if (m == rest.size()) {
      append_partial_to_path(n);
      return id;
    }
    if (m < p.size()) return kNoNode;
    append_partial_to_path(n);
    depth += p.size();
    uint8_t nibble = prefix[depth];
    NodeId c = child(id, nibble);
    if (c == kNoNode) return kNoNode;
    path_.push_back({id, nibble});
    nibble_path_.push_back(nibble);
    id = c;
    ++depth;
  }
  return kNoNode;
}

Result<void, TrieError> Trie::for_each_impl(ByteSpan prefix, VisitFn fn, void* ctx) {
  CANARY_TRY_ASSIGN(auto top, find_prefix_root(NibbleView::of_bytes(prefix)));
  if (top == kNoNode) return {};

  Bytes key;
  // Returns whether to go on.
  auto emit = [&](NodeId id) -> Result<bool, TrieError> {
    if ((nibble_path_.size() & 1) != 0) return unexpected(TrieError::kInvalidNode);
    CANARY_TRY(ensure_value_loaded(id));
    key = path_key();
    return fn(ctx, key, value_bytes(nodes_[id]));
  };

  if (nodes_[top].value_state != kNoValue) {
    CANARY_TRY_ASSIGN(auto go_on, emit(top));
    if (!go_on) return {};
  }
  struct Frame {
    NodeId node;
    uint8_t next;
    size_t path_len;
  };
  std::vector<Frame> frames;
  if (nodes_[top].children != kNoBlock) frames.push_back({top, 0, nibble_path_.size()});
  while (!frames.empty()) {
    Frame& f = frames.back();
    NodeId c = kNoNode;
    uint8_t nibble = 0;
    for (size_t i = f.next; i < kMaxChildren; ++i) {
      c = child(f.node, i);
      if (c != kNoNode) {
        nibble = static_cast<uint8_t>(i);
        break;
      }
    }
    if (c == kNoNode) {
      frames.pop_back();
      continue;
    }
    f.next = static_cast<uint8_t>(nibble + 1);
    nibble_path_.resize(f.path_len);
    nibble_path_.push_back(nibble);
    CANARY_TRY(ensure_loaded(c));
    append_partial_to_path(nodes_[c]);
    if (nodes_[c].value_state != kNoValue) {
      CANARY_TRY_ASSIGN(auto go_on, emit(c));
      if (!go_on) return {};
    }
    if (nodes_[c].children != kNoBlock) frames.push_back({c, 0, nibble_path_.size()});
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Writes

Result<void, TrieError> Trie::insert(ByteSpan key, ByteSpan value) {
  NibbleView k = NibbleView::of_bytes(key);
  // Short values are inline under every version; only longer ones wait for the root computation.
  uint8_t state = value.size() >= kHashedValueThreshold ? kAuto : kInline;
  path_.clear();
  Slot slot{kNoBlock, 0};
  size_t depth = 0;
  while (true) {
    NodeId id = slot_get(slot);
    if (id == kNoNode) {
      NodeId leaf = new_leaf(k, depth, value, state);
      slot_set(slot, leaf);
      mark_path_dirty(path_.size());
      return {};
    }
    CANARY_TRY(ensure_loaded(id));
    if (slot.block != kNoBlock) blocks_[slot.block].child[slot.nibble].hint = hint_for(id);
    NibbleView p = partial(nodes_[id]);
    NibbleView rest = k.substr(depth);
    size_t m = common_prefix_length(p, rest);
    if (m == p.size()) {
      if (m == rest.size()) {
        if (same_value(nodes_[id], value, state)) return {};
        set_value(id, value, state);
        nodes_[id].flags |= kDirty;
        mark_path_dirty(path_.size());
        maybe_compact();
        return {};
      }
      uint8_t nibble = rest[m];
      if (nodes_[id].children == kNoBlock) {
        uint32_t block = alloc_block();
        nodes_[id].children = block;
        if (slot.block != kNoBlock) blocks_[slot.block].child[slot.nibble].hint = block;
      }
      path_.push_back({id, nibble});
      slot = {nodes_[id].children, nibble};
      prefetch_below(slot);
      depth += m + 1;
      continue;
    }
    // The key leaves this node's partial key at nibble m: a new branch takes the common part.
    uint8_t old_nibble = p[m];
    NodeId branch = alloc_node();
    uint32_t block = alloc_block();
    Node& old = nodes_[id];
    Node& br = nodes_[branch];
    br.key_off = old.key_off;
    br.key_len = static_cast<uint32_t>(m);
    br.children = block;
    old.key_off += m + 1;
    old.key_len -= static_cast<uint32_t>(m + 1);
    old.flags |= kDirty;
    blocks_[block].child[old_nibble].node = id;
    blocks_[block].child[old_nibble].hint = hint_for(id);
    if (m == rest.size()) {
      set_value(branch, value, state);
    } else {
      uint8_t new_nibble = rest[m];
      NodeId leaf = new_leaf(k, depth + m + 1, value, state);
      blocks_[block].child[new_nibble] = {leaf, hint_for(leaf)};
    }
    slot_set(slot, branch);
    mark_path_dirty(path_.size());
    return {};
  }
}

Result<void, TrieError> Trie::detach(NodeId id) {
  if (path_.empty()) {
    free_subtree(id);
    root_ = kNoNode;
    return {};
  }
  PathStep parent = path_.back();
  NodeId other = kNoNode;
  uint8_t other_nibble = 0;
  size_t others = 0;
  {
    const auto& ch = blocks_[nodes_[parent.node].children].child;
    for (size_t i = 0; i < kMaxChildren; ++i) {
      if (ch[i].node == kNoNode || i == parent.nibble) continue;
      ++others;
      other = ch[i].node;
      other_nibble = static_cast<uint8_t>(i);
    }
  }
  bool parent_has_value = nodes_[parent.node].value_state != kNoValue;
  if (others == 0 && !parent_has_value) {
    // Only reachable through a malformed store; the parent would be left with nothing.
    path_.pop_back();
    return detach(parent.node);
  }
  bool merge = !parent_has_value && others == 1;
  // Load before changing anything, so that a failure leaves the trie untouched.
  if (merge) CANARY_TRY(ensure_loaded(other));

  blocks_[nodes_[parent.node].children].child[parent.nibble].node = kNoNode;
  free_subtree(id);
  if (merge) {
    merge_with_child(slot_after(path_.size() - 1), parent.node, other, other_nibble);
    mark_path_dirty(path_.size() - 1);
    return {};
  }
  Node& p = nodes_[parent.node];
  if (others == 0) {
    free_blocks_.push_back(p.children);
    p.children = kNoBlock;
  }
  p.flags |= kDirty;
  mark_path_dirty(path_.size());
  return {};
}

Result<bool, TrieError> Trie::remove(ByteSpan key) {
  CANARY_TRY_ASSIGN(auto id, find(NibbleView::of_bytes(key), true));
  if (id == kNoNode) return false;
  NodeId only = kNoNode;
  uint8_t only_nibble = 0;
  size_t children = child_count(nodes_[id], &only, &only_nibble);
  if (children >= 2) {
    clear_value(id);
    nodes_[id].flags |= kDirty;
    mark_path_dirty(path_.size());
  } else if (children == 1) {
    CANARY_TRY(ensure_loaded(only));
    merge_with_child(slot_after(path_.size()), id, only, only_nibble);
    mark_path_dirty(path_.size());
  } else {
    CANARY_TRY(detach(id));
  }
  maybe_compact();
  return true;
}

Result<uint32_t, TrieError> Trie::count_values(NodeId id, uint64_t cap) {
  uint64_t count = 0;
  std::vector<NodeId> pending{id};
  while (!pending.empty() && count <= cap) {
    NodeId cur = pending.back();
    pending.pop_back();
    CANARY_TRY(ensure_loaded(cur));
    const Node& n = nodes_[cur];
    if (n.value_state != kNoValue) ++count;
    if (n.children == kNoBlock) continue;
    for (const ChildSlot& c : blocks_[n.children].child) {
      if (c.node != kNoNode) pending.push_back(c.node);
    }
  }
  return static_cast<uint32_t>(std::min<uint64_t>(count, UINT32_MAX));
}

Result<ClearPrefixResult, TrieError> Trie::clear_prefix(ByteSpan prefix,
                                                        std::optional<uint32_t> limit,
                                                        ByteSpan cursor) {
  NibbleView pre = NibbleView::of_bytes(prefix);
  bool cursor_matters = compare(NibbleView::of_bytes(cursor), pre) > 0;
  if (!cursor_matters) {
    // If the limit covers everything under the prefix, unlink the whole subtree at once. Counting
    // stops past the limit, so a small limit on a large subtree does not read all of it.
    CANARY_TRY_ASSIGN(auto top, find_prefix_root(pre));
    if (top == kNoNode) return ClearPrefixResult{};
    uint64_t cap = limit ? *limit : UINT64_MAX;
    CANARY_TRY_ASSIGN(auto count, count_values(top, cap));
    if (count <= cap) {
      CANARY_TRY(detach(top));
      maybe_compact();
      return ClearPrefixResult{count, true, std::nullopt};
    }
  }

  // In key order from the cursor, collecting one key more than the limit: it is the next cursor.
  uint32_t max = limit.value_or(UINT32_MAX);
  Bytes start =
      cursor_matters ? Bytes(cursor.begin(), cursor.end()) : Bytes(prefix.begin(), prefix.end());
  std::vector<Bytes> doomed;
  ClearPrefixResult result;
  CANARY_TRY_ASSIGN(auto found, seek(NibbleView::of_bytes(start), false));
  while (found) {
    if ((nibble_path_.size() & 1) != 0) return unexpected(TrieError::kInvalidNode);
    Bytes key = path_key();
    if (!starts_with(key, prefix)) break;
    if (doomed.size() == max) {
      result.all_removed = false;
      result.next_cursor = std::move(key);
      break;
    }
    doomed.push_back(std::move(key));
    CANARY_TRY_ASSIGN(auto more, seek(NibbleView::of_bytes(doomed.back()), true));
    found = more;
  }
  // Loading can still fail below (a removal may merge with a node not read yet); the keys removed
  // until then stay removed, and the trie stays consistent.
  for (const Bytes& key : doomed) {
    CANARY_TRY(remove(key));
    ++result.removed;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Merkle values

bool Trie::value_hashed(const Node& n, StateVersion version) const {
  return n.value_state == kHashed || (n.value_state == kAuto && version == StateVersion::kV1);
}

bool Trie::value_is_hashed(NodeId id, StateVersion version) const {
  return value_hashed(nodes_[id], version);
}

const uint8_t* Trie::value_hash(NodeId id) {
  Node& n = nodes_[id];
  uint8_t* slot = values_.data() + n.value_off;
  if ((n.flags & kValueHashValid) == 0) {
    Hash256 h = trie_hash(hasher_, {slot + 32, n.value_len});
    std::memcpy(slot, h.data(), 32);
    n.flags |= kValueHashValid;
  }
  return slot;
}

bool Trie::is_clean(const Node& n, StateVersion version) const {
  if ((n.flags & kStub) != 0) return true;
  if ((n.flags & kDirty) != 0 || n.merkle_len == 0) return false;
  if ((n.flags & kSensitive) != 0 &&
      ((n.flags & kCachedV1) != 0) != (version == StateVersion::kV1)) {
    return false;
  }
  return true;
}

void Trie::encode(NodeId id, StateVersion version, Bytes& out) {
  const Node& n = nodes_[id];
  bool branch = n.children != kNoBlock;
  bool hashed = value_hashed(n, version);
  NodeHeaderKind kind;
  if (!branch) {
    kind = hashed ? NodeHeaderKind::kLeafHashedValue : NodeHeaderKind::kLeaf;
  } else if (n.value_state == kNoValue) {
    kind = NodeHeaderKind::kBranch;
  } else {
    kind = hashed ? NodeHeaderKind::kBranchHashedValue : NodeHeaderKind::kBranchWithValue;
  }
  encode_node_header(out, kind, n.key_len);
  append_left_padded(out, partial(n));
  const ChildBlock* block = branch ? &blocks_[n.children] : nullptr;
  if (branch) {
    uint16_t bitmap = 0;
    for (size_t i = 0; i < kMaxChildren; ++i) {
      if (block->child[i].node != kNoNode) bitmap |= static_cast<uint16_t>(1u << i);
    }
    out.push_back(static_cast<uint8_t>(bitmap & 0xFF));
    out.push_back(static_cast<uint8_t>(bitmap >> 8));
  }
  if (n.value_state != kNoValue) {
    if (hashed) {
      const uint8_t* h = value_hash(id);
      out.insert(out.end(), h, h + 32);
    } else {
      append_with_length(out, value_bytes(nodes_[id]));
    }
  }
  if (branch) {
    for (const ChildSlot& slot : block->child) {
      if (slot.node == kNoNode) continue;
      const Node& cn = nodes_[slot.node];
      out.push_back(static_cast<uint8_t>(cn.merkle_len << 2));  // Compact(len), len <= 32
      out.insert(out.end(), cn.merkle.begin(), cn.merkle.begin() + cn.merkle_len);
    }
  }
}

void Trie::compute_merkle(NodeId id, StateVersion version, NodeSink* sink) {
  {
    // What the node replaces: its committed hash, and its committed hashed value if that is
    // reported again below (a value still unloaded is neither put nor removed).
    const Node& old = nodes_[id];
    if ((old.reserved & kCommitted) != 0 && old.merkle_len == 32) removed_.push_back(old.merkle);
    if ((old.reserved & (kValueCommitted | kValueWasHashed)) ==
            (kValueCommitted | kValueWasHashed) &&
        (old.flags & kValueUnloaded) == 0) {
      Hash256 h;
      std::memcpy(h.data(), value_hash(id), 32);
      removed_.push_back(h);
    }
  }
  scratch_.clear();
  encode(id, version, scratch_);
  Node& n = nodes_[id];
  if (scratch_.size() < 32) {
    n.merkle_len = static_cast<uint8_t>(scratch_.size());
    std::memcpy(n.merkle.data(), scratch_.data(), scratch_.size());
  } else {
    n.merkle = trie_hash(hasher_, scratch_);
    n.merkle_len = 32;
    if (sink != nullptr) sink->put(n.merkle, scratch_);
  }
  bool sensitive = n.value_state == kAuto;
  if (n.children != kNoBlock) {
    for (const ChildSlot& c : blocks_[n.children].child) {
      if (c.node != kNoNode && (nodes_[c.node].flags & kSensitive) != 0) sensitive = true;
    }
  }
  uint8_t flags = n.flags & static_cast<uint8_t>(~(kDirty | kSensitive | kCachedV1));
  if (sensitive) flags |= kSensitive;
  if (version == StateVersion::kV1) flags |= kCachedV1;
  n.flags = flags;
  bool hashed = n.value_state != kNoValue && value_hashed(n, version);
  n.reserved = static_cast<uint8_t>(kCommitted | kValueCommitted | (hashed ? kValueWasHashed : 0));
  if (sink != nullptr && hashed && (n.flags & kValueUnloaded) == 0) {
    Hash256 h;
    std::memcpy(h.data(), value_hash(id), 32);
    sink->put(h, value_bytes(nodes_[id]));
  }
}

void Trie::flush_removed(NodeSink* sink) {
  if (short_root_) {
    removed_.push_back(*short_root_);
    short_root_.reset();
  }
  if (sink != nullptr) {
    for (const Hash256& h : removed_) sink->removed(h);
    // Dropped subtrees that were never loaded: every stored element below them goes too.
    std::vector<Hash256> pending = std::move(removed_subtrees_);
    std::vector<Bytes> inline_nodes;
    bool unknown = false;
    auto visit = [&](ByteSpan encoded, auto&& self) -> void {
      auto node = decode_node(encoded);
      if (!node) {
        unknown = true;
        return;
      }
      if (node->value_kind == ValueKind::kHashed) {
        Hash256 h;
        std::memcpy(h.data(), node->value.data(), 32);
        sink->removed(h);
      }
      if (!node->is_branch) return;
      for (size_t i = 0; i < kMaxChildren; ++i) {
        if (!node->has_child(i)) continue;
        ByteSpan ref = node->children[i];
        if (ref.size() == 32) {
          Hash256 h;
          std::memcpy(h.data(), ref.data(), 32);
          pending.push_back(h);
        } else {
          self(ref, self);
        }
      }
    };
    while (!pending.empty()) {
      Hash256 h = pending.back();
      pending.pop_back();
      sink->removed(h);
      std::optional<Bytes> bytes = store_ != nullptr ? store_->get(h) : std::nullopt;
      if (!bytes) {
        unknown = true;
        continue;
      }
      visit(*bytes, visit);
    }
    if (unknown) sink->removals_unknown();
  }
  removed_.clear();
  removed_subtrees_.clear();
}

Hash256 Trie::root_hash(StateVersion version, NodeSink* sink) {
  if (root_ == kNoNode) {
    flush_removed(sink);
    return empty_trie_root(hasher_);
  }
  // Post-order over the nodes whose Merkle value is stale, with an explicit stack: a trie can be
  // as deep as its longest key has nibbles.
  stack_.clear();
  if (!is_clean(nodes_[root_], version)) stack_.emplace_back(root_, 0);
  while (!stack_.empty()) {
    NodeId id = stack_.back().first;
    uint8_t next = stack_.back().second;
    const Node& n = nodes_[id];
    NodeId descend = kNoNode;
    if (n.children != kNoBlock) {
      const ChildBlock& block = blocks_[n.children];
      const auto& ch = block.child;
      if (next == 0) {
        // First visit: fetch all children at once instead of one cache miss after the other.
        for (size_t i = 0; i < kMaxChildren; ++i) {
          if (ch[i].node == kNoNode) continue;
          __builtin_prefetch(&nodes_[ch[i].node]);
          prefetch_hint(block.child[i].hint);
        }
      }
      while (next < kMaxChildren) {
        NodeId c = ch[next++].node;
        if (c != kNoNode && !is_clean(nodes_[c], version)) {
          descend = c;
          break;
        }
      }
      // While `descend` is being worked on, fetch what encoding its next sibling will read.
      for (size_t i = next; descend != kNoNode && i < kMaxChildren; ++i) {
        if (ch[i].node == kNoNode) continue;
        const Node& sibling = nodes_[ch[i].node];
        if ((sibling.flags & kStub) == 0) {
          __builtin_prefetch(nibbles_.data() + sibling.key_off / 2);
          if (sibling.value_state != kNoValue)
            __builtin_prefetch(values_.data() + sibling.value_off);
        }
        break;
      }
    }
    if (descend != kNoNode) {
      stack_.back().second = next;
      stack_.emplace_back(descend, 0);
      continue;
    }
    stack_.pop_back();
    compute_merkle(id, version, sink);
  }
  flush_removed(sink);
  const Node& root = nodes_[root_];
  if (root.merkle_len == 32) return root.merkle;
  // The root is hashed even when its encoding is short (docs/chap-state.md "Merkle Value").
  ByteSpan encoding(root.merkle.data(), root.merkle_len);
  Hash256 hash = trie_hash(hasher_, encoding);
  if (sink != nullptr) sink->put(hash, encoding);
  short_root_ = hash;
  return hash;
}

void Trie::fix_value_forms(StateVersion version) {
  // Visits the nodes whose subtree may hold a kAuto value: dirty ones (unknown) and those marked
  // sensitive by the last root computation. A clean sensitive node computed under the other
  // version is stale once its values are fixed to this one.
  if (root_ == kNoNode) return;
  std::vector<NodeId> pending{root_};
  bool v1 = version == StateVersion::kV1;
  while (!pending.empty()) {
    NodeId id = pending.back();
    pending.pop_back();
    Node& n = nodes_[id];
    if ((n.flags & kStub) != 0 || (n.flags & (kDirty | kSensitive)) == 0) continue;
    if (n.value_state == kAuto) {
      if (v1) {
        n.value_state = kHashed;
      } else {
        // The hash slot goes: a committed hashed form is replaced now.
        forget_value(id);
        n.value_state = kInline;
        n.value_off += 32;
        value_garbage_ += 32;
        n.flags &= static_cast<uint8_t>(~kValueHashValid);
      }
    }
    if ((n.flags & kSensitive) != 0) {
      if (((n.flags & kCachedV1) != 0) != v1) n.flags |= kDirty;
      n.flags &= static_cast<uint8_t>(~kSensitive);
    }
    if (n.children == kNoBlock) continue;
    for (const ChildSlot& c : blocks_[n.children].child) {
      if (c.node != kNoNode) pending.push_back(c.node);
    }
  }
}

NodeView Trie::view(NodeId id, StateVersion version) {
  NodeView v;
  const Node& n = nodes_[id];
  v.is_branch = n.children != kNoBlock;
  v.partial = partial(n);
  if (n.value_state != kNoValue) {
    if (value_hashed(n, version)) {
      v.value_kind = ValueKind::kHashed;
      v.value = ByteSpan(value_hash(id), 32);
    } else {
      v.value_kind = ValueKind::kInline;
      v.value = value_bytes(nodes_[id]);
    }
  }
  if (v.is_branch) {
    for (size_t i = 0; i < kMaxChildren; ++i) {
      NodeId c = blocks_[nodes_[id].children].child[i].node;
      if (c == kNoNode) continue;
      v.children_bitmap |= static_cast<uint16_t>(1u << i);
      v.children[i] = merkle_value(c);
    }
  }
  return v;
}

}  // namespace canary::state
