#include "tests/interop/helper/trie_ops.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "primitives/hash/hash.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/proof.hpp"
#include "state/trie/state_version.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::interop {
namespace {

using state::StateVersion;
using state::Trie;

const Json& member(const Json& request, const char* name) {
  if (!request.is_object() || !request.contains(name)) {
    throw JsonValueError(std::string("missing '") + name + "'");
  }
  return request[name];
}

// "version": 0 or 1 (the host API's u8).
StateVersion version_arg(const Json& request) {
  const Json& j = member(request, "version");
  if (!j.is_number_unsigned()) throw JsonValueError("'version' must be 0 or 1");
  auto version = state::state_version_from_u8(
      static_cast<uint8_t>(std::min<uint64_t>(j.get<uint64_t>(), 255)));
  if (!version) throw JsonValueError("'version' must be 0 or 1");
  return *version;
}

Bytes hex_text(const std::string& text) {
  auto bytes = from_hex(text);
  if (!bytes) throw JsonValueError("invalid hex: " + text);
  return *bytes;
}

// [[key, value], …] as hex strings, in the given order (duplicates kept: the later one wins).
std::vector<std::pair<Bytes, Bytes>> entries_of(const Json& j) {
  if (!j.is_array()) throw JsonValueError("entries must be an array of [key, value]");
  std::vector<std::pair<Bytes, Bytes>> out;
  out.reserve(j.size());
  for (const Json& e : j) {
    if (!e.is_array() || e.size() != 2) throw JsonValueError("an entry must be [key, value]");
    out.emplace_back(bytes_from_json(e[0]), bytes_from_json(e[1]));
  }
  return out;
}

std::vector<Bytes> keys_of(const Json& j) {
  if (!j.is_array()) throw JsonValueError("keys must be an array of hex strings");
  std::vector<Bytes> out;
  out.reserve(j.size());
  for (const Json& k : j) out.push_back(bytes_from_json(k));
  return out;
}

Hash256 hash_arg(const Json& request, const char* name) {
  Bytes bytes = bytes_from_json(member(request, name));
  if (bytes.size() != 32) throw JsonValueError(std::string("'") + name + "' must be 32 bytes");
  Hash256 out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

// A trie built in memory has no store to miss; a failure here is a bug worth reporting.
template <class T>
void must(const Result<T, state::TrieError>& r, const char* what) {
  if (!r) throw JsonValueError(std::string(what) + ": " + state::to_string(r.error()));
}

Trie trie_of(const std::vector<std::pair<Bytes, Bytes>>& entries) {
  Trie trie;
  trie.reserve(entries.size());
  for (const auto& [key, value] : entries) must(trie.insert(key, value), "insert");
  return trie;
}

// The main trie `top` with the default child tries of `children` ({childKeyHex: entries}) stored
// in it the way a block's storage root does it (state::store_child_root: child roots first, an
// empty child trie leaves no entry).
struct Tries {
  Trie main;
  std::map<Bytes, Trie> children;
  Json child_roots = Json::object();
};

Tries build_tries(const Json& request, StateVersion version) {
  Tries t{trie_of(entries_of(member(request, "entries"))), {}, Json::object()};
  if (request.contains("children")) {
    const Json& children = request["children"];
    if (!children.is_object()) throw JsonValueError("'children' must be {childKey: entries}");
    for (const auto& [key_hex, entries] : children.items()) {
      Bytes child_key = hex_text(key_hex);
      Trie& child =
          t.children.insert_or_assign(child_key, trie_of(entries_of(entries))).first->second;
      auto root = state::store_child_root(t.main, child_key, child, version);
      must(root, "store_child_root");
      t.child_roots[key_hex] = to_hex(*root);
    }
  }
  return t;
}

// {entries, version} → {root}: state::trie_root (ext_trie_blake2_256_root).
Json trie_root(const Json& request) {
  auto entries = entries_of(member(request, "entries"));
  return {{"root", to_hex(state::trie_root(entries, version_arg(request)))}};
}

// {entries, children: {childKey: entries}, version} → {root, genesisRoot, childRoots}: the root
// through a Trie with store_child_root, and through genesis_state_root of a chain spec holding
// the same state (later duplicates win in both).
Json trie_root_with_children(const Json& request) {
  StateVersion version = version_arg(request);
  Tries t = build_tries(request, version);
  Json out = {{"root", to_hex(t.main.root_hash(version))}, {"childRoots", t.child_roots}};

  state::ChainSpec spec;
  for (auto& [key, value] : entries_of(member(request, "entries"))) {
    spec.top.insert_or_assign(std::move(key), std::move(value));
  }
  if (request.contains("children")) {
    for (const auto& [key_hex, entries] : request["children"].items()) {
      std::map<Bytes, Bytes>& child = spec.children_default[hex_text(key_hex)];
      for (auto& [key, value] : entries_of(entries)) {
        child.insert_or_assign(std::move(key), std::move(value));
      }
    }
  }
  out["genesisRoot"] = to_hex(state::genesis_state_root(spec, version));
  return out;
}

// {entries, keys, version, children?, childKeys?: {childKey: keys}} → {root, nodes, childRoots}:
// state::generate_storage_proof of `keys` in the main trie, plus, for each child trie named in
// childKeys, the main-trie proof of its root entry and the child-trie proof of its keys (one node
// set without duplicates, as sp_trie::StorageProof merges them).
Json trie_proof(const Json& request) {
  StateVersion version = version_arg(request);
  Tries t = build_tries(request, version);
  std::vector<Bytes> top_keys = keys_of(member(request, "keys"));

  std::vector<Bytes> nodes;
  std::set<Bytes> seen;
  auto add_all = [&](const std::vector<Bytes>& proof) {
    for (const Bytes& node : proof) {
      if (seen.insert(node).second) nodes.push_back(node);
    }
  };
  if (request.contains("childKeys")) {
    const Json& child_keys = request["childKeys"];
    if (!child_keys.is_object()) throw JsonValueError("'childKeys' must be {childKey: keys}");
    for (const auto& [key_hex, keys] : child_keys.items()) {
      Bytes child_key = hex_text(key_hex);
      top_keys.push_back(state::default_child_root_key(child_key));
      auto it = t.children.find(child_key);
      if (it == t.children.end()) throw JsonValueError("no child trie " + key_hex);
      auto proof = state::generate_storage_proof(it->second, keys_of(keys), version);
      must(proof, "generate_storage_proof (child)");
      add_all(*proof);
    }
  }
  Hash256 root = t.main.root_hash(version);
  auto proof = state::generate_storage_proof(t.main, top_keys, version);
  must(proof, "generate_storage_proof");
  add_all(*proof);

  Json out_nodes = Json::array();
  for (const Bytes& node : nodes) out_nodes.push_back(to_hex(node));
  return {{"root", to_hex(root)}, {"nodes", out_nodes}, {"childRoots", t.child_roots}};
}

Json read_result(const Result<std::optional<Bytes>, state::ProofError>& r) {
  if (!r) return {{"error", state::to_string(r.error())}};
  if (!*r) return {{"absent", true}};
  return {{"value", to_hex(**r)}};
}

// {root, nodes, key} → {value} | {absent: true} | {error}: state::read_proof.
// {root, nodes, keys} → {results: [one of those per key]}: the several-key read_proof; if that
// fails, each key on its own, so that the caller sees which keys the proof does not prove.
Json read_proof(const Json& request) {
  Hash256 root = hash_arg(request, "root");
  std::vector<Bytes> nodes = keys_of(member(request, "nodes"));
  if (request.contains("key")) {
    return read_result(state::read_proof(root, nodes, bytes_from_json(request["key"])));
  }
  std::vector<Bytes> keys = keys_of(member(request, "keys"));
  Json results = Json::array();
  auto all = state::read_proof(root, nodes, std::span<const Bytes>(keys));
  if (all) {
    for (const auto& value : *all) {
      results.push_back(value ? Json{{"value", to_hex(*value)}} : Json{{"absent", true}});
    }
  } else {
    for (const Bytes& key : keys)
      results.push_back(read_result(state::read_proof(root, nodes, key)));
  }
  return {{"results", results}};
}

// {count} → {root, ms}: the issue's root benchmark, "root of N random 32-byte keys with 32-byte
// values built from empty". key_i = blake2b_256(u32 LE i), value_i = blake2b_256(key_i), so the
// Node side can build the same set for the peer run. Times insertion and root computation.
Json trie_root_bench(const Json& request) {
  const Json& count_json = member(request, "count");
  if (!count_json.is_number_unsigned()) throw JsonValueError("'count' must be a number");
  uint32_t count = count_json.get<uint32_t>();
  std::vector<std::pair<Hash256, Hash256>> entries(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint8_t index[4] = {static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8),
                        static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 24)};
    entries[i].first = hash::blake2b_256(ByteSpan(index, 4));
    entries[i].second = hash::blake2b_256(entries[i].first);
  }
  auto started = std::chrono::steady_clock::now();
  Trie trie;
  for (const auto& [key, value] : entries) must(trie.insert(key, value), "insert");
  Hash256 root = trie.root_hash(StateVersion::kV0);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return {{"root", to_hex(root)}, {"ms", ms}};
}

}  // namespace

bool dispatch_trie_op(const std::string& op, const Json& request, Json& out) {
  if (op == "trie_root") {
    out = trie_root(request);
  } else if (op == "trie_root_with_children") {
    out = trie_root_with_children(request);
  } else if (op == "trie_proof") {
    out = trie_proof(request);
  } else if (op == "read_proof") {
    out = read_proof(request);
  } else if (op == "trie_root_bench") {
    out = trie_root_bench(request);
  } else {
    return false;
  }
  return true;
}

}  // namespace canary::interop
