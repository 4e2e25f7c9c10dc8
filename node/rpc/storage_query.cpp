#include "node/rpc/storage_query.hpp"

#include "node/rpc/block_access.hpp"
#include "node/rpc/param_reader.hpp"
#include "node/rpc/substrate_errors.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/nibbles.hpp"
#include "state/trie/trie.hpp"

namespace canary::node::rpc {
namespace {

Bytes blake2_256_bytes(ByteSpan data) {
  const Hash256 h = hash::blake2b_256(data);
  return Bytes(h.begin(), h.end());
}

}  // namespace

bool is_descendants_query(StorageQueryType type) {
  return type == StorageQueryType::kDescendantsValues ||
         type == StorageQueryType::kDescendantsHashes;
}

Result<StorageQuery, std::string> parse_storage_query(const Json& item) {
  if (!item.is_object()) return unexpected(std::string("a storage item must be an object"));
  auto key_it = item.find("key");
  if (key_it == item.end()) return unexpected(std::string("missing field `key`"));
  StorageQuery out;
  // rpc-spec-v2 parses keys with parse_hex_param: an empty string is an empty key.
  if (key_it->is_string() && key_it->get_ref<const std::string&>().empty()) {
    out.key.clear();
  } else {
    auto key = parse_hex_bytes(*key_it);
    if (!key) return unexpected("key: " + key.error());
    out.key = std::move(*key);
  }
  auto type_it = item.find("type");
  if (type_it == item.end() || !type_it->is_string()) {
    return unexpected(std::string("missing field `type`"));
  }
  const std::string& type = type_it->get_ref<const std::string&>();
  if (type == "value") {
    out.type = StorageQueryType::kValue;
  } else if (type == "hash") {
    out.type = StorageQueryType::kHash;
  } else if (type == "closestDescendantMerkleValue") {
    out.type = StorageQueryType::kClosestDescendantMerkleValue;
  } else if (type == "descendantsValues") {
    out.type = StorageQueryType::kDescendantsValues;
  } else if (type == "descendantsHashes") {
    out.type = StorageQueryType::kDescendantsHashes;
  } else {
    return unexpected("unknown variant `" + type + "`");
  }
  auto start_it = item.find("paginationStartKey");
  if (start_it != item.end() && !start_it->is_null()) {
    auto start = parse_hex_bytes(*start_it);
    if (!start) return unexpected("paginationStartKey: " + start.error());
    out.pagination_start_key = std::move(*start);
  }
  return out;
}

Json storage_item_json(const Bytes& key, StorageQueryType type, const Bytes& data) {
  Json out = Json::object();
  out["key"] = to_hex(key);
  switch (type) {
    case StorageQueryType::kValue:
    case StorageQueryType::kDescendantsValues:
      out["value"] = to_hex(data);
      break;
    case StorageQueryType::kHash:
    case StorageQueryType::kDescendantsHashes:
      out["hash"] = to_hex(data);
      break;
    case StorageQueryType::kClosestDescendantMerkleValue:
      out["closestDescendantMerkleValue"] = to_hex(data);
      break;
  }
  return out;
}

Result<StorageReader, std::string> StorageReader::open(const blockchain::Chain& chain,
                                                       const block::BlockHash& block,
                                                       std::optional<Bytes> child) {
  CANARY_TRY_ASSIGN(auto st, state_at(chain, block));
  return StorageReader(chain, std::move(st), std::move(child));
}

Result<std::optional<Bytes>, std::string> StorageReader::value(ByteSpan key) const {
  auto v = child_ ? state_.child_get(*child_, key) : state_.get(key);
  if (!v) return unexpected(client_error_text(v.error(), state_.hash()));
  return std::move(*v);
}

// The Merkle value of the node at `key` or, when no node sits exactly there, of the first node
// below it: the walk follows the key's nibbles until they run out inside (or at the end of) a
// node's partial key; that node is the closest descendant (spec "Merkle value": the node's
// encoding when shorter than 32 bytes, else its hash; the root is always its hash).
Result<std::optional<Bytes>, std::string> StorageReader::closest_merkle_value(ByteSpan key) const {
  Hash256 root = state_.state_root();
  if (child_) {
    auto v = state_.get(state::default_child_root_key(*child_));
    if (!v) return unexpected(client_error_text(v.error(), state_.hash()));
    const std::optional<Bytes>& value = *v;
    if (!value) return std::optional<Bytes>{};
    auto child_root = state::child_root_from_value(*value);
    if (!child_root) return std::optional<Bytes>{};
    root = *child_root;
  }
  state::Trie trie = state::Trie::open(root, chain_->database().node_store());
  state::Trie::NodeId node = trie.root_node();
  const state::NibbleView target = state::NibbleView::of_bytes(key);
  size_t pos = 0;
  while (node != state::Trie::kNoNode) {
    if (!trie.is_loaded(node)) {
      auto loaded = trie.load_node(node);
      if (!loaded) return unexpected(std::string(state::to_string(loaded.error())));
    }
    const state::NibbleView partial = trie.partial_key(node);
    const state::NibbleView rest = target.substr(pos);
    const size_t common = state::common_prefix_length(partial, rest);
    if (common == rest.size()) {
      const ByteSpan merkle = trie.merkle_value(node);
      return std::optional<Bytes>(Bytes(merkle.begin(), merkle.end()));
    }
    if (common < partial.size()) break;  // the key leaves the trie inside this partial key
    pos += partial.size();
    const uint8_t nibble = target[pos];
    pos += 1;
    node = trie.child(node, nibble);
  }
  return std::optional<Bytes>{};
}

Result<std::optional<Bytes>, std::string> StorageReader::point(const StorageQuery& query) const {
  if (query.type == StorageQueryType::kClosestDescendantMerkleValue) {
    return closest_merkle_value(query.key);
  }
  CANARY_TRY_ASSIGN(auto v, value(query.key));
  if (v && query.type == StorageQueryType::kHash) {
    return std::optional<Bytes>(blake2_256_bytes(*v));
  }
  return std::move(v);
}

Result<std::vector<std::pair<Bytes, Bytes>>, std::string> StorageReader::descendants(
    ByteSpan prefix, bool hashes, size_t count, std::optional<ByteSpan> start_after) const {
  std::vector<std::pair<Bytes, Bytes>> out;
  if (child_) {
    auto keys = state_.child_keys(*child_, prefix, count, start_after);
    if (!keys) return unexpected(client_error_text(keys.error(), state_.hash()));
    for (Bytes& k : *keys) {
      auto v = state_.child_get(*child_, k);
      if (!v) return unexpected(client_error_text(v.error(), state_.hash()));
      std::optional<Bytes>& value = *v;
      if (!value) continue;
      out.emplace_back(std::move(k), std::move(*value));
    }
  } else {
    auto entries = state_.entries(prefix, count, start_after);
    if (!entries) return unexpected(client_error_text(entries.error(), state_.hash()));
    out = std::move(*entries);
  }
  if (hashes) {
    for (auto& kv : out) kv.second = blake2_256_bytes(kv.second);
  }
  return out;
}

namespace {

// A byte prefix with at most this many keys in both tries is compared entry by entry.
constexpr size_t kCompareDirectly = 32;

using Changes = std::vector<std::pair<Bytes, std::optional<Bytes>>>;

Result<void, std::string> diff_under(const StorageReader& old, const StorageReader& now,
                                     Bytes& prefix, Changes& out) {
  const StorageQuery merkle{prefix, StorageQueryType::kClosestDescendantMerkleValue, std::nullopt};
  CANARY_TRY_ASSIGN(const std::optional<Bytes> old_merkle, old.point(merkle));
  CANARY_TRY_ASSIGN(const std::optional<Bytes> now_merkle, now.point(merkle));
  if (!old_merkle && !now_merkle) return {};
  if (old_merkle == now_merkle) {
    // The same subtree, unless it hangs at another place (the first key tells).
    CANARY_TRY_ASSIGN(const auto old_first, old.descendants(prefix, true, 1, std::nullopt));
    CANARY_TRY_ASSIGN(const auto now_first, now.descendants(prefix, true, 1, std::nullopt));
    if (old_first == now_first) return {};
  }
  CANARY_TRY_ASSIGN(auto old_entries,
                    old.descendants(prefix, false, kCompareDirectly + 1, std::nullopt));
  CANARY_TRY_ASSIGN(auto now_entries,
                    now.descendants(prefix, false, kCompareDirectly + 1, std::nullopt));
  if (old_entries.size() <= kCompareDirectly && now_entries.size() <= kCompareDirectly) {
    size_t i = 0;
    size_t j = 0;
    while (i < old_entries.size() || j < now_entries.size()) {
      if (j == now_entries.size() ||
          (i < old_entries.size() && old_entries[i].first < now_entries[j].first)) {
        out.emplace_back(std::move(old_entries[i++].first), std::nullopt);
      } else if (i == old_entries.size() || now_entries[j].first < old_entries[i].first) {
        out.emplace_back(std::move(now_entries[j].first), std::move(now_entries[j].second));
        ++j;
      } else {
        if (old_entries[i].second != now_entries[j].second) {
          out.emplace_back(std::move(now_entries[j].first), std::move(now_entries[j].second));
        }
        ++i;
        ++j;
      }
    }
    return {};
  }
  // The prefix's own key, then each next byte.
  const StorageQuery value{prefix, StorageQueryType::kValue, std::nullopt};
  CANARY_TRY_ASSIGN(const std::optional<Bytes> old_value, old.point(value));
  CANARY_TRY_ASSIGN(std::optional<Bytes> now_value, now.point(value));
  if (old_value != now_value) out.emplace_back(prefix, std::move(now_value));
  prefix.push_back(0);
  for (unsigned byte = 0; byte < 256; ++byte) {
    prefix.back() = static_cast<uint8_t>(byte);
    CANARY_TRY(diff_under(old, now, prefix, out));
  }
  prefix.pop_back();
  return {};
}

}  // namespace

Result<std::vector<std::pair<Bytes, std::optional<Bytes>>>, std::string> changed_entries(
    const StorageReader& old, const StorageReader& now) {
  Changes out;
  Bytes prefix;
  CANARY_TRY(diff_under(old, now, prefix, out));
  return out;
}

}  // namespace canary::node::rpc
