#include "network/protocols/state_request_handler.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

namespace canary::network {

namespace {

using Refusal = StateRequestRefusal;

// sp-storage well_known_keys.
constexpr std::string_view kChildStoragePrefix = ":child_storage:";
constexpr std::string_view kDefaultChildStoragePrefix = ":child_storage:default:";

bool starts_with(ByteSpan bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                    [](char c, uint8_t b) { return static_cast<uint8_t>(c) == b; });
}

template <class T>
Result<T, Refusal> available(Result<T, StateSourceError> read) {
  if (!read) return unexpected(Refusal::kUnavailable);
  return std::move(*read);
}

// The child trie named by a two-key start: its root, which must exist under a default child
// trie's key (storage_collection's `child_info(start_key)?` and "Invalid root start key").
Result<Bytes, Refusal> start_child_root(StateReader& reader, const Bytes& child_key) {
  CANARY_TRY_ASSIGN(auto root, available(reader.get(std::nullopt, child_key)));
  if (!root || !starts_with(child_key, kDefaultChildStoragePrefix)) {
    return unexpected(Refusal::kInvalidStart);
  }
  return std::move(*root);
}

// sc-service client.rs storage_collection.
Result<std::vector<KeyValueStateEntry>, Refusal> collect_entries(StateReader& reader,
                                                                 const std::vector<Bytes>& start,
                                                                 size_t max_bytes) {
  struct Child {
    Bytes key;  // prefixed
    Bytes root;
  };
  std::optional<Child> child;
  if (start.size() == 2) {
    auto root = start_child_root(reader, start[0]);
    if (!root) return unexpected(root.error());
    child = Child{start[0], std::move(*root)};
  }
  Bytes current = start.empty() ? Bytes{} : start.back();
  size_t total = 0;
  std::vector<KeyValueStateEntry> out(1);  // the main trie's, first
  std::set<Bytes> visited_roots;
  for (;;) {
    std::vector<StateEntry> entries;
    bool complete = true;
    std::optional<Child> switch_to;
    for (;;) {
      std::optional<ByteSpan> trie;
      if (child) trie = ByteSpan(child->key);
      CANARY_TRY_ASSIGN(auto next, available(reader.next_key(trie, current)));
      if (!next) break;
      Bytes key = std::move(*next);
      CANARY_TRY_ASSIGN(auto value, available(reader.get(trie, key)));
      Bytes data = value.value_or(Bytes{});
      const size_t size = key.size() + data.size();
      if (total + size > max_bytes && !entries.empty()) {
        complete = false;
        break;
      }
      total += size;
      if (!child && starts_with(key, kChildStoragePrefix) && !visited_roots.contains(data)) {
        visited_roots.insert(data);
        switch_to = Child{key, data};
        entries.push_back({std::move(key), std::move(data)});
        break;
      }
      current = key;
      entries.push_back({std::move(key), std::move(data)});
    }
    if (switch_to) {
      // Only default child tries can be walked (ChildType::from_prefixed_key).
      if (!starts_with(switch_to->key, kDefaultChildStoragePrefix)) {
        return unexpected(Refusal::kInvalidStart);
      }
      std::move(entries.begin(), entries.end(), std::back_inserter(out[0].entries));
      child = std::move(switch_to);
      current.clear();
    } else if (child) {
      // Back in the main trie, after the child trie's key.
      current = std::move(child->key);
      out.push_back(KeyValueStateEntry{std::move(child->root), std::move(entries), complete});
      child.reset();
      if (!complete) break;
    } else {
      std::move(entries.begin(), entries.end(), std::back_inserter(out[0].entries));
      out[0].complete = complete;
      break;
    }
  }
  return out;
}

// sp-state-machine prove_range_read_with_child_with_size: the walk whose reads make the proof.
Result<void, Refusal> walk_for_proof(StateReader& reader, const std::vector<Bytes>& start,
                                     size_t max_bytes) {
  std::set<Bytes> visited_roots;
  std::optional<Bytes> child;     // prefixed key of the child trie being walked
  std::optional<Bytes> start_at;  // exclusive; none: from the trie's first key
  if (start.size() == 2) {
    auto root = start_child_root(reader, start[0]);
    if (!root) return unexpected(root.error());
    visited_roots.insert(std::move(*root));
    child = start[0];
    start_at = start[1];
  } else if (start.size() == 1) {
    start_at = start[0];
  }
  for (;;) {
    if (child && !starts_with(*child, kDefaultChildStoragePrefix)) {
      return unexpected(Refusal::kInvalidStart);
    }
    std::optional<ByteSpan> trie;
    if (child) trie = ByteSpan(*child);
    std::optional<Bytes> switch_to;
    bool completed = true;
    Bytes cursor = start_at.value_or(Bytes{});
    // Substrate's iterator from a trie's beginning yields the empty key too.
    bool at_beginning = !start_at;
    for (;;) {
      std::optional<Bytes> key;
      if (at_beginning) {
        at_beginning = false;
        CANARY_TRY_ASSIGN(auto empty_key, available(reader.get(trie, Bytes{})));
        if (empty_key) key = Bytes{};
      }
      if (!key) {
        CANARY_TRY_ASSIGN(auto next, available(reader.next_key(trie, cursor)));
        if (!next) break;
        key = std::move(*next);
      }
      CANARY_TRY_ASSIGN(auto value, available(reader.get(trie, *key)));
      cursor = *key;
      if (!child && starts_with(*key, kChildStoragePrefix)) {
        Bytes root = value.value_or(Bytes{});
        if (!visited_roots.contains(root)) {
          visited_roots.insert(std::move(root));
          switch_to = std::move(*key);
          break;
        }
      } else if (reader.proof_size() > max_bytes) {
        completed = false;
        break;
      }
    }
    if (switch_to) {
      child = std::move(switch_to);
      start_at.reset();
    } else if (!child || !completed) {
      break;
    } else {
      start_at = std::exchange(child, std::nullopt);
    }
  }
  return {};
}

}  // namespace

const char* to_string(StateRequestRefusal refusal) {
  switch (refusal) {
    case Refusal::kMalformed:
      return "malformed state request";
    case Refusal::kUnavailable:
      return "state unavailable";
    case Refusal::kInvalidStart:
      return "invalid start key";
    case Refusal::kResponseTooLarge:
      return "state response too large";
  }
  return "unknown state request refusal";
}

Result<StateResponse, StateRequestRefusal> build_state_response(const StateRequest& request,
                                                                StateSource& source,
                                                                size_t max_bytes) {
  // The decoder refuses more, and so does Substrate (MAX_NESTED_TRIE_DEPTH).
  if (request.start.size() > kMaxStateStartKeys) return unexpected(Refusal::kInvalidStart);
  CANARY_TRY_ASSIGN(auto reader, available(source.open(request.block, !request.no_proof)));
  StateResponse response;
  if (request.no_proof) {
    auto entries = collect_entries(*reader, request.start, max_bytes);
    if (!entries) return unexpected(entries.error());
    response.entries = std::move(*entries);
    return response;
  }
  if (auto walked = walk_for_proof(*reader, request.start, max_bytes); !walked) {
    return unexpected(walked.error());
  }
  auto proof = available(reader->compact_proof());
  if (!proof) return unexpected(proof.error());
  response.proof = std::move(*proof);
  return response;
}

Result<Bytes, StateRequestRefusal> serve_state_request(ByteSpan request, StateSource& source) {
  auto decoded = decode_state_request(request);
  if (!decoded) {
    return unexpected(decoded.error() == ProtocolError::kTooManyStartKeys ? Refusal::kInvalidStart
                                                                          : Refusal::kMalformed);
  }
  CANARY_TRY_ASSIGN(auto response, build_state_response(*decoded, source));
  Bytes encoded = encode_state_response(response);
  if (encoded.size() > kMaxStateResponseSize) return unexpected(Refusal::kResponseTooLarge);
  return encoded;
}

}  // namespace canary::network
