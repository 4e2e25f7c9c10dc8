#include "state/trie/compact_proof.hpp"

#include <algorithm>
#include <array>

#include "state/trie/nibbles.hpp"
#include "state/trie/node_codec.hpp"

namespace canary::state {

namespace {

bool key_less(ByteSpan a, ByteSpan b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

// Whether `key` continues with `partial` at nibble `at`.
bool contains_at(NibbleView key, NibbleView partial, size_t at) {
  return key.size() >= at + partial.size() &&
         common_prefix_length(partial, key.substr(at)) == partial.size();
}

// --- Generation ------------------------------------------------------------------------------

class Generator {
 public:
  Generator(Trie& trie, StateVersion version, const std::vector<Bytes>& keys)
      : trie_(trie), version_(version) {
    keys_.reserve(keys.size());
    for (const Bytes& key : keys) keys_.push_back(NibbleView::of_bytes(key));
  }

  std::vector<Bytes> run() {
    node(trie_.root_node(), 0, 0, keys_.size(), true);
    return std::move(proof_);
  }

 private:
  // Emits node `id` (reached after `depth` nibbles) for keys_[lo, hi), which all start with its
  // path, and returns its compact encoding. Recursion follows the trie, so its depth is the
  // trie's depth along the proven keys.
  Bytes node(Trie::NodeId id, size_t depth, size_t lo, size_t hi, bool is_root) {
    // Pre-order: the node's place in the proof comes before its descendants.
    bool referenced_by_hash = is_root || trie_.merkle_value(id).size() == 32;
    size_t slot = proof_.size();
    if (referenced_by_hash) proof_.emplace_back();

    NibbleView partial = trie_.partial_key(id);
    size_t end = depth + partial.size();
    bool omit_value = false;
    std::array<Bytes, kMaxChildren> replaced;
    uint16_t replaced_mask = 0;
    for (size_t i = lo; i < hi;) {
      NibbleView key = keys_[i];
      if (!contains_at(key, partial, depth)) {
        ++i;  // proven absent by this node
        continue;
      }
      if (key.size() == end) {
        omit_value = trie_.has_value(id);
        ++i;
        continue;
      }
      uint8_t nibble = key[end];
      size_t j = i + 1;
      while (j < hi && common_prefix_length(keys_[j], key) >= end + 1) ++j;
      Trie::NodeId child = trie_.child(id, nibble);
      if (child != Trie::kNoNode) {
        Bytes encoded = node(child, end + 1, i, j, false);
        // A child that follows in the proof is referenced by an empty inline reference; an inline
        // child is given in its compact form.
        if (trie_.merkle_value(child).size() == 32) encoded.clear();
        replaced[nibble] = std::move(encoded);
        replaced_mask |= static_cast<uint16_t>(1u << nibble);
      }
      i = j;
    }

    NodeView view = trie_.view(id, version_);
    if (omit_value) {
      // trie-db generate.rs `encode_node`: a leaf keeps an empty inline value, a branch none.
      view.value_kind = view.is_branch ? ValueKind::kNone : ValueKind::kInline;
      view.value = {};
    }
    for (size_t n = 0; n < kMaxChildren; ++n) {
      if (((replaced_mask >> n) & 1) != 0) view.children[n] = replaced[n];
    }
    Bytes encoded = encode_node(view);
    if (referenced_by_hash) proof_[slot] = encoded;
    return encoded;
  }

  Trie& trie_;
  StateVersion version_;
  std::vector<NibbleView> keys_;
  std::vector<Bytes> proof_;
};

// --- Verification ----------------------------------------------------------------------------

// A node being rebuilt: decoded from the proof, with the claimed value put back and the
// references of the children rebuilt so far.
struct Entry {
  NodeView node;
  NibbleView prefix;  // the nibbles leading to the node
  bool is_inline = false;
  ValueKind value_kind = ValueKind::kNone;
  ByteSpan value;                    // inline value (or the decoded hash)
  bool value_hash_computed = false;  // the value is `value_hash`
  Hash256 value_hash{};
  uint8_t child_index = 0;  // the child being rebuilt
  uint16_t rebuilt_mask = 0;
  std::array<Hash256, kMaxChildren> rebuilt{};  // a rebuilt child's Merkle value
  std::array<uint8_t, kMaxChildren> rebuilt_len{};
};

enum class Match : uint8_t { kMatchesLeaf, kMatchesBranch, kNotFound, kNotOmitted, kIsChild };

// trie-db verify.rs `match_key_to_node`: decides on the node as it appears in the proof.
Match match_key(NibbleView key, const Entry& e, uint8_t* child_nibble) {
  const NodeView& node = e.node;
  if (node.is_empty) return Match::kNotFound;
  size_t at = e.prefix.size();
  if (!contains_at(key, node.partial, at)) return Match::kNotFound;
  size_t end = at + node.partial.size();
  if (!node.is_branch) {
    if (key.size() != end) return Match::kNotFound;
    bool omitted = node.value_kind == ValueKind::kInline && node.value.empty();
    return omitted ? Match::kMatchesLeaf : Match::kNotOmitted;
  }
  if (key.size() == end) {
    return node.value_kind == ValueKind::kNone ? Match::kMatchesBranch : Match::kNotOmitted;
  }
  *child_nibble = key[end];
  return node.has_child(*child_nibble) ? Match::kIsChild : Match::kNotFound;
}

void put_value(Entry& e, ByteSpan value, StateVersion version, TrieHasher hasher) {
  if (hashes_value(version, value.size())) {
    e.value_kind = ValueKind::kHashed;
    e.value_hash = trie_hash(hasher, value);
    e.value_hash_computed = true;
  } else {
    e.value_kind = ValueKind::kInline;
    e.value = value;
    e.value_hash_computed = false;
  }
}

Bytes encode_entry(const Entry& e) {
  NodeView view = e.node;
  view.value_kind = e.value_kind;
  view.value = e.value_hash_computed ? ByteSpan(e.value_hash) : e.value;
  for (size_t i = 0; i < kMaxChildren; ++i) {
    if (((e.rebuilt_mask >> i) & 1) != 0)
      view.children[i] = ByteSpan(e.rebuilt[i].data(), e.rebuilt_len[i]);
  }
  return encode_node(view);
}

}  // namespace

const char* to_string(CompactProofError e) {
  switch (e) {
    case CompactProofError::kDuplicateKey:
      return "duplicate key in proof statement";
    case CompactProofError::kExtraneousNode:
      return "extraneous proof node";
    case CompactProofError::kExtraneousValue:
      return "proof value should have been omitted";
    case CompactProofError::kExtraneousHashReference:
      return "proof hash reference should have been omitted";
    case CompactProofError::kInvalidChildReference:
      return "invalid child reference in proof";
    case CompactProofError::kValueMismatch:
      return "proof contradicts the claimed value";
    case CompactProofError::kIncompleteProof:
      return "incomplete proof";
    case CompactProofError::kRootMismatch:
      return "proof root mismatch";
    case CompactProofError::kInvalidNode:
      return "invalid proof node";
  }
  return "unknown compact proof error";
}

Result<std::vector<Bytes>, TrieError> generate_compact_proof(Trie& trie,
                                                             std::span<const Bytes> keys,
                                                             StateVersion version) {
  std::vector<Bytes> sorted(keys.begin(), keys.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const Bytes& a, const Bytes& b) { return key_less(a, b); });
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  if (sorted.empty()) return std::vector<Bytes>{};
  // Load everything the lookups touch, then settle the Merkle values; nothing moves afterwards.
  for (const Bytes& key : sorted) {
    CANARY_TRY(trie.get(key));
  }
  trie.root_hash(version);
  if (trie.empty()) return std::vector<Bytes>{Bytes{0x00}};
  return Generator(trie, version, sorted).run();
}

Result<void, CompactProofError> verify_compact_proof(const Hash256& root,
                                                     std::span<const Bytes> proof,
                                                     std::span<const ProofItem> items,
                                                     StateVersion version, TrieHasher hasher) {
  std::vector<ProofItem> sorted(items.begin(), items.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const ProofItem& a, const ProofItem& b) { return key_less(a.key, b.key); });
  if (sorted.empty()) {
    if (proof.empty()) return {};
    return unexpected(CompactProofError::kExtraneousNode);
  }
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (std::equal(sorted[i].key.begin(), sorted[i].key.end(), sorted[i - 1].key.begin(),
                   sorted[i - 1].key.end())) {
      return unexpected(CompactProofError::kDuplicateKey);
    }
  }
  if (proof.empty()) return unexpected(CompactProofError::kIncompleteProof);

  // An explicit stack: proofs come from untrusted runtimes, so no recursion on their shape.
  std::vector<Entry> stack;
  auto push = [&](ByteSpan data, NibbleView prefix, bool is_inline) -> bool {
    auto node = decode_node(data, NodeDecodeOptions{.allow_empty_children = true});
    if (!node) return false;
    Entry& e = stack.emplace_back();
    e.node = *node;
    e.prefix = prefix;
    e.is_inline = is_inline;
    e.value_kind = node->value_kind;
    e.value = node->value;
    return true;
  };
  if (!push(proof[0], NibbleView(), false)) return unexpected(CompactProofError::kInvalidNode);
  size_t next_proof = 1;
  size_t item = 0;

  while (true) {
    Entry& top = stack.back();
    bool descend = false;
    uint8_t nibble = 0;
    for (; item < sorted.size(); ++item) {
      NibbleView key = NibbleView::of_bytes(sorted[item].key);
      if (!key.starts_with(top.prefix)) break;
      const std::optional<ByteSpan>& value = sorted[item].value;
      Match m = match_key(key, top, &nibble);
      if (m == Match::kIsChild) {
        descend = true;
        break;
      }
      switch (m) {
        case Match::kMatchesLeaf:
          if (!value) return unexpected(CompactProofError::kValueMismatch);
          put_value(top, *value, version, hasher);
          break;
        case Match::kMatchesBranch:
          if (value) {
            put_value(top, *value, version, hasher);
          } else {
            top.value_kind = ValueKind::kNone;
          }
          break;
        case Match::kNotFound:
          if (value) return unexpected(CompactProofError::kValueMismatch);
          break;
        default:
          return unexpected(CompactProofError::kExtraneousValue);
      }
    }

    if (descend) {
      ByteSpan ref = top.node.children[nibble];
      size_t prefix_len = top.prefix.size() + top.node.partial.size() + 1;
      NibbleView child_prefix = NibbleView::of_bytes(sorted[item].key).substr(0, prefix_len);
      top.child_index = nibble;
      if (ref.size() == 32) return unexpected(CompactProofError::kExtraneousHashReference);
      bool ok;
      if (ref.empty()) {
        if (next_proof >= proof.size()) return unexpected(CompactProofError::kIncompleteProof);
        ok = push(proof[next_proof++], child_prefix, false);
      } else {
        ok = push(ref, child_prefix, true);
      }
      if (!ok) return unexpected(CompactProofError::kInvalidNode);
      continue;
    }

    // Every claim below this node is settled: rebuild it and hand its reference to the parent.
    Bytes encoded = encode_entry(top);
    bool is_inline = top.is_inline;
    stack.pop_back();
    if (is_inline && encoded.size() > 32) {
      return unexpected(CompactProofError::kInvalidChildReference);
    }
    Hash256 ref{};
    size_t ref_len;
    if (is_inline) {
      std::copy(encoded.begin(), encoded.end(), ref.begin());
      ref_len = encoded.size();
    } else {
      ref = trie_hash(hasher, encoded);
      ref_len = 32;
    }
    if (stack.empty()) {
      if (next_proof != proof.size()) return unexpected(CompactProofError::kExtraneousNode);
      if (ref != root) return unexpected(CompactProofError::kRootMismatch);
      return {};
    }
    Entry& parent = stack.back();
    parent.rebuilt[parent.child_index] = ref;
    parent.rebuilt_len[parent.child_index] = static_cast<uint8_t>(ref_len);
    parent.rebuilt_mask |= static_cast<uint16_t>(1u << parent.child_index);
  }
}

bool verify_proof(const Hash256& root, std::span<const Bytes> proof, ByteSpan key, ByteSpan value,
                  StateVersion version, TrieHasher hasher) {
  ProofItem item{key, value};
  return verify_compact_proof(root, proof, std::span<const ProofItem>(&item, 1), version, hasher)
      .has_value();
}

}  // namespace canary::state
