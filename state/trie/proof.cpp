#include "state/trie/proof.hpp"

#include <unordered_set>

#include "state/trie/lookup.hpp"
#include "state/trie/node_store.hpp"

namespace canary::state {

namespace {

ProofError to_proof_error(TrieError e) {
  // The store is built from the proof by hashing, so mismatches cannot happen: what remains is
  // "not in the proof" or "not a valid node".
  return e == TrieError::kInvalidNode ? ProofError::kInvalidNode : ProofError::kIncompleteProof;
}

MemoryNodeStore store_of(std::span<const Bytes> proof, TrieHasher hasher) {
  MemoryNodeStore store(hasher);
  for (const Bytes& node : proof) store.insert(node);
  return store;
}

}  // namespace

const char* to_string(ProofError e) {
  switch (e) {
    case ProofError::kIncompleteProof:
      return "incomplete proof";
    case ProofError::kInvalidNode:
      return "invalid proof node";
  }
  return "unknown proof error";
}

Result<std::vector<Bytes>, TrieError> generate_storage_proof(Trie& trie,
                                                             std::span<const Bytes> keys,
                                                             StateVersion version) {
  // Load every node and value the lookups touch first, then settle the Merkle values: after that
  // nothing moves and the node views stay valid.
  for (const Bytes& key : keys) {
    auto value = trie.get(key);
    if (!value) return unexpected(value.error());
  }
  trie.root_hash(version);

  std::vector<Bytes> proof;
  std::unordered_set<Hash256, Hash256Hasher> seen;
  Bytes encoded;
  auto add = [&](const Hash256& hash, ByteSpan data) {
    if (seen.insert(hash).second) proof.emplace_back(data.begin(), data.end());
  };
  for (const Bytes& key : keys) {
    NibbleView k = NibbleView::of_bytes(key);
    Trie::NodeId id = trie.root_node();
    size_t depth = 0;
    bool is_root = true;
    while (id != Trie::kNoNode) {
      ByteSpan merkle = trie.merkle_value(id);
      // Inline nodes travel inside their parent; the root is stored even when short.
      if (is_root || merkle.size() == 32) {
        encoded.clear();
        encode_node(encoded, trie.view(id, version));
        Hash256 hash;
        if (merkle.size() == 32) {
          std::copy(merkle.begin(), merkle.end(), hash.begin());
        } else {
          hash = trie_hash(trie.hasher(), encoded);
        }
        add(hash, encoded);
      }
      is_root = false;
      NibbleView p = trie.partial_key(id);
      if (k.size() - depth < p.size() || common_prefix_length(p, k.substr(depth)) != p.size())
        break;
      depth += p.size();
      if (depth == k.size()) {
        if (trie.has_value(id) && trie.value_is_hashed(id, version)) {
          NodeView v = trie.view(id, version);
          Hash256 hash;
          std::copy(v.value.begin(), v.value.end(), hash.begin());
          add(hash, trie.value(id));
        }
        break;
      }
      id = trie.child(id, k[depth++]);
    }
  }
  return proof;
}

Result<std::optional<Bytes>, ProofError> read_proof(const Hash256& root,
                                                    std::span<const Bytes> proof, ByteSpan key,
                                                    TrieHasher hasher) {
  MemoryNodeStore store = store_of(proof, hasher);
  auto value = lookup(store, root, key, hasher);
  if (!value) return unexpected(to_proof_error(value.error()));
  return std::move(*value);
}

Result<std::vector<std::optional<Bytes>>, ProofError> read_proof(const Hash256& root,
                                                                 std::span<const Bytes> proof,
                                                                 std::span<const Bytes> keys,
                                                                 TrieHasher hasher) {
  MemoryNodeStore store = store_of(proof, hasher);
  std::vector<std::optional<Bytes>> values;
  values.reserve(keys.size());
  for (const Bytes& key : keys) {
    auto value = lookup(store, root, key, hasher);
    if (!value) return unexpected(to_proof_error(value.error()));
    values.push_back(std::move(*value));
  }
  return values;
}

}  // namespace canary::state
