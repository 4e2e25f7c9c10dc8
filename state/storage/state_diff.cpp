#include "state/storage/state_diff.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "state/trie/child_trie.hpp"
#include "state/trie/nibbles.hpp"
#include "state/trie/node_codec.hpp"

namespace canary::state {

namespace {

// One side of a comparison: a node by reference, loaded or not. Kept small (no decoded view):
// the walk's stack holds tens of thousands of these.
struct Side {
  bool stored = false;  // referenced by hash (else: an inline node inside `owner`)
  Hash256 hash{};       // when stored
  SharedBytes owner;    // the bytes `encoded` points into
  ByteSpan encoded;     // the node's encoding: set for inline nodes, and once a stored one loaded
  size_t skip = 0;      // leading nibbles of the partial key that are already in the task's path
};

// A side being processed, with its node decoded.
struct View {
  Side side;
  NodeView node;
  NibbleView partial() const { return node.partial.substr(side.skip); }
};

bool same_ref(const Side& a, const Side& b) {
  if (a.stored != b.stored) return false;
  if (a.stored) return a.hash == b.hash;
  return std::equal(a.encoded.begin(), a.encoded.end(), b.encoded.begin(), b.encoded.end());
}

struct Task {
  Bytes path;  // nibbles, one per byte: the position both sides hang below
  std::optional<Side> old_side;
  std::optional<Side> new_side;
  bool main = true;  // the main trie (child tries have no child roots of their own)
};

Hash256 to_hash(ByteSpan bytes) {
  Hash256 h;
  std::memcpy(h.data(), bytes.data(), 32);
  return h;
}

class Differ {
 public:
  Differ(const NodeLoader& old_nodes, const NodeLoader& new_nodes, TrieHasher hasher)
      : old_nodes_(old_nodes), new_nodes_(new_nodes), empty_root_(empty_trie_root(hasher)) {
    NibbleView prefix = NibbleView::of_bytes(as_bytes(kDefaultChildStoragePrefix));
    for (size_t i = 0; i < prefix.size(); ++i) child_prefix_.push_back(prefix[i]);
  }

  Result<StateDiff, DiffError> run(const Hash256& old_root, const Hash256& new_root) {
    if (old_root != new_root) push_roots(old_root, new_root, true);
    while (!stack_.empty()) {
      Task t = std::move(stack_.back());
      stack_.pop_back();
      auto r = step(t);
      if (!r) return unexpected(r.error());
    }
    cancel_common();
    return std::move(out_);
  }

 private:
  std::optional<Side> root_side(const Hash256& root) const {
    if (root == empty_root_) return std::nullopt;
    Side s;
    s.stored = true;
    s.hash = root;
    return s;
  }

  void push_roots(const Hash256& old_root, const Hash256& new_root, bool main) {
    stack_.push_back(Task{Bytes{}, root_side(old_root), root_side(new_root), main});
  }

  Result<View, DiffError> load(Side s, bool is_new) {
    if (s.stored && s.encoded.empty()) {
      SharedBytes data = (is_new ? new_nodes_ : old_nodes_)(s.hash);
      if (!data) return unexpected(DiffError{DiffError::Kind::kMissing, is_new, s.hash});
      s.owner = std::move(data);
      s.encoded = *s.owner;
    }
    auto node = decode_node(s.encoded);
    if (!node || node->is_empty) {
      return unexpected(DiffError{DiffError::Kind::kInvalidNode, is_new, s.hash});
    }
    return View{std::move(s), *node};
  }

  static std::optional<Side> child_side(const View& parent, size_t nibble) {
    if (!parent.node.is_branch || !parent.node.has_child(nibble)) return std::nullopt;
    ByteSpan ref = parent.node.children[nibble];
    Side s;
    if (ref.size() == 32) {
      s.stored = true;
      s.hash = to_hash(ref);
    } else {
      s.owner = parent.side.owner;
      s.encoded = ref;
    }
    return s;
  }

  // The stored element of the node itself.
  void emit_node(const View& v, bool is_new) {
    if (!v.side.stored) return;
    if (is_new) {
      out_.inserted.push_back({v.side.hash, v.side.owner});
    } else {
      out_.removed.push_back(v.side.hash);
    }
  }

  static std::optional<Hash256> hashed_value(const View& v) {
    if (v.node.value_kind != ValueKind::kHashed) return std::nullopt;
    return to_hash(v.node.value);
  }

  Result<void, DiffError> emit_value(const Hash256& hash, bool is_new) {
    if (!is_new) {
      out_.removed.push_back(hash);
      return {};
    }
    SharedBytes data = new_nodes_(hash);
    if (!data) return unexpected(DiffError{DiffError::Kind::kMissing, true, hash});
    out_.inserted.push_back({hash, std::move(data)});
    return {};
  }

  // The root of a default child trie, if the node at `position` holds one.
  std::optional<Hash256> child_root(const View& v, const Bytes& position, bool main) const {
    if (!main || v.node.value_kind != ValueKind::kInline || v.node.value.size() != 32) {
      return std::nullopt;
    }
    if (position.size() % 2 != 0 || position.size() < child_prefix_.size()) return std::nullopt;
    if (!std::equal(child_prefix_.begin(), child_prefix_.end(), position.begin())) {
      return std::nullopt;
    }
    return to_hash(v.node.value);
  }

  // The node's own element, its value and child trie, when the other state has no node at this
  // position.
  Result<void, DiffError> emit_whole_node(const View& v, const Bytes& position, bool main,
                                          bool is_new) {
    emit_node(v, is_new);
    if (auto h = hashed_value(v)) {
      auto r = emit_value(*h, is_new);
      if (!r) return r;
    }
    if (auto root = child_root(v, position, main)) {
      push_roots(is_new ? empty_root_ : *root, is_new ? *root : empty_root_, false);
    }
    return {};
  }

  static Bytes extend(const Bytes& path, NibbleView partial) {
    Bytes out;
    out.reserve(path.size() + partial.size() + 1);
    out = path;
    for (size_t i = 0; i < partial.size(); ++i) out.push_back(partial[i]);
    return out;
  }

  void push(Bytes path, std::optional<Side> old_side, std::optional<Side> new_side, bool main) {
    stack_.push_back(Task{std::move(path), std::move(old_side), std::move(new_side), main});
  }

  Result<void, DiffError> step(Task& t) {
    // The same Merkle value at the same position: identical subtrees.
    if (t.old_side && t.new_side && t.old_side->skip == t.new_side->skip &&
        same_ref(*t.old_side, *t.new_side)) {
      return {};
    }
    std::optional<View> o;
    std::optional<View> n;
    if (t.old_side) {
      auto v = load(std::move(*t.old_side), false);
      if (!v) return unexpected(v.error());
      o = std::move(*v);
    }
    if (t.new_side) {
      CANARY_TRY_ASSIGN(auto v, load(std::move(*t.new_side), true));
      n = std::move(v);
    }
    if (o && n) {
      NibbleView po = o->partial();
      NibbleView pn = n->partial();
      size_t common = common_prefix_length(po, pn);
      if (common == po.size() && common == pn.size()) return same_position(t, *o, *n);
      if (common == po.size()) return descend(t, *o, false, &*n);
      if (common == pn.size()) return descend(t, *n, true, &*o);
      // The keys diverge inside both partial keys: nothing below one is below the other.
      push(t.path, std::move(o->side), std::nullopt, t.main);
      push(std::move(t.path), std::nullopt, std::move(n->side), t.main);
      return {};
    }
    if (o) return descend(t, *o, false, nullptr);
    if (n) return descend(t, *n, true, nullptr);
    return {};
  }

  // Both nodes end at the same position: compare values and children slot by slot.
  Result<void, DiffError> same_position(Task& t, const View& o, const View& n) {
    Bytes position = extend(t.path, o.partial());
    emit_node(o, false);
    emit_node(n, true);
    auto ov = hashed_value(o);
    auto nv = hashed_value(n);
    if (ov != nv) {
      if (ov) {
        auto r = emit_value(*ov, false);
        if (!r) return r;
      }
      if (nv) {
        auto r = emit_value(*nv, true);
        if (!r) return r;
      }
    }
    auto oc = child_root(o, position, t.main);
    auto nc = child_root(n, position, t.main);
    if (oc != nc) push_roots(oc.value_or(empty_root_), nc.value_or(empty_root_), false);
    for (size_t i = 0; i < kMaxChildren; ++i) {
      auto a = child_side(o, i);
      auto b = child_side(n, i);
      if (!a && !b) continue;
      if (a && b && same_ref(*a, *b)) continue;  // the common case: an unchanged sibling
      Bytes child_path = position;
      child_path.push_back(static_cast<uint8_t>(i));
      push(std::move(child_path), std::move(a), std::move(b), t.main);
    }
    return {};
  }

  // `shallow` ends above `deep` (or the other state has nothing here): `shallow` is on one side
  // only, and `deep`, if any, continues below one of its child slots.
  Result<void, DiffError> descend(Task& t, const View& shallow, bool shallow_is_new,
                                  const View* deep) {
    NibbleView ps = shallow.partial();
    Bytes position = extend(t.path, ps);
    auto r = emit_whole_node(shallow, position, t.main, shallow_is_new);
    if (!r) return r;
    int deep_slot = -1;
    std::optional<Side> deep_side;
    if (deep != nullptr) {
      deep_slot = deep->partial()[ps.size()];
      deep_side = deep->side;
      deep_side->skip += ps.size() + 1;
    }
    for (size_t i = 0; i < kMaxChildren; ++i) {
      std::optional<Side> a = child_side(shallow, i);
      std::optional<Side> b;
      if (static_cast<int>(i) == deep_slot) b = deep_side;  // one slot: a copy, not a move
      if (!a && !b) continue;
      Bytes child_path = position;
      child_path.push_back(static_cast<uint8_t>(i));
      if (shallow_is_new) {
        push(std::move(child_path), std::move(b), std::move(a), t.main);
      } else {
        push(std::move(child_path), std::move(a), std::move(b), t.main);
      }
    }
    return {};
  }

  // An element may leave one place and appear at another (a subtree moved under a new branch
  // keeps its hash only if its partial key is unchanged, but equal values or equal small
  // subtrees recur): such pairs cancel out, and the journal stays as small as the real change.
  void cancel_common() {
    if (out_.removed.empty() || out_.inserted.empty()) return;
    std::unordered_map<Hash256, uint32_t, Hash256Hasher> removed;
    removed.reserve(out_.removed.size());
    for (const Hash256& h : out_.removed) ++removed[h];
    std::vector<StateDiff::Inserted> inserted;
    inserted.reserve(out_.inserted.size());
    for (auto& e : out_.inserted) {
      auto it = removed.find(e.hash);
      if (it != removed.end() && it->second > 0) {
        --it->second;
        continue;
      }
      inserted.push_back(std::move(e));
    }
    out_.inserted = std::move(inserted);
    std::vector<Hash256> left;
    left.reserve(out_.removed.size());
    for (const Hash256& h : out_.removed) {
      auto it = removed.find(h);
      if (it->second > 0) {
        --it->second;
        left.push_back(h);
      }
    }
    out_.removed = std::move(left);
  }

  const NodeLoader& old_nodes_;
  const NodeLoader& new_nodes_;
  Hash256 empty_root_;
  Bytes child_prefix_;  // nibbles of ":child_storage:default:"
  std::vector<Task> stack_;
  StateDiff out_;
};

}  // namespace

Result<StateDiff, DiffError> diff_states(const NodeLoader& old_nodes, const Hash256& old_root,
                                         const NodeLoader& new_nodes, const Hash256& new_root,
                                         TrieHasher hasher) {
  Differ differ(old_nodes, new_nodes, hasher);
  return differ.run(old_root, new_root);
}

Result<std::vector<Hash256>, DiffError> state_elements(const NodeLoader& nodes, const Hash256& root,
                                                       TrieHasher hasher) {
  NodeLoader none = [](const Hash256&) -> SharedBytes { return nullptr; };
  CANARY_TRY_ASSIGN(auto diff, diff_states(none, empty_trie_root(hasher), nodes, root, hasher));
  std::vector<Hash256> out;
  out.reserve(diff.inserted.size());
  for (const auto& e : diff.inserted) out.push_back(e.hash);
  return out;
}

NodeLoader loader_of(const NodeStore& store) {
  return [&store](const Hash256& hash) -> SharedBytes {
    auto bytes = store.get(hash);
    if (!bytes) return nullptr;
    return std::make_shared<const Bytes>(std::move(*bytes));
  };
}

}  // namespace canary::state
