// The `/light/2` and `/state/2` servers (network/protocols/{light,state}_request_handler.hpp) on
// arbitrary request bytes, over a small synthetic state (a main trie with V0 and V1 values, a
// default child trie, keys under ":child_storage:"). The first byte picks the protocol (even:
// light, odd: state) and, for state requests, the byte budget of the walk. Every request is
// answered or refused, never a crash, and what is answered holds: light proofs are SCALE node
// lists, state responses stay under the peer's limit, and a state proof decodes as a compact proof
// of the state's root.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "network/protocols/light_request_handler.hpp"
#include "network/protocols/state_request_handler.hpp"
#include "network/protocols/trie_state_reader.hpp"
#include "primitives/scale/scale.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/compact_storage_proof.hpp"
#include "state/trie/recording_node_store.hpp"
#include "state/trie/trie.hpp"

namespace {

using namespace canary;
using namespace canary::network;

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

struct SyntheticState {
  SyntheticState() {
    state::Trie child;
    (void)child.insert(text("c1"), text("child one"));
    (void)child.insert(text("c2"), Bytes(50, 0xc2));
    (void)child.insert(Bytes{}, text("the child's empty key"));
    const Hash256 child_root = child.root_hash(state::StateVersion::kV1, &store);
    state::Trie main;
    (void)main.insert(text("alpha"), text("a"));
    (void)main.insert(text("beta"), Bytes(80, 0xbb));
    (void)main.insert(Bytes{}, text("empty key"));
    for (uint8_t i = 0; i < 24; ++i) (void)main.insert(Bytes{'k', i}, Bytes(i * 3u, i));
    (void)main.insert(state::default_child_root_key(text("kid")), child_root);
    (void)main.insert(state::default_child_root_key(text("twin")), child_root);
    (void)main.insert(text(":child_storage:other:x"), Bytes(32, 1));
    root = main.root_hash(state::StateVersion::kV1, &store);
    block.fill(7);
  }
  state::MemoryNodeStore store;
  Hash256 root{};
  block::BlockHash block{};
};

const SyntheticState& synthetic() {
  static const SyntheticState s;
  return s;
}

class Light final : public LightStateSource {
 public:
  Result<std::vector<Bytes>, LightSourceError> read_proof(const block::BlockHash& block,
                                                          std::span<const Bytes> keys) override {
    return prove(block, std::nullopt, keys);
  }
  Result<std::vector<Bytes>, LightSourceError> child_read_proof(
      const block::BlockHash& block, ByteSpan child, std::span<const Bytes> keys) override {
    return prove(block, child, keys);
  }
  // A "runtime" that reads the keys its arguments list (a SCALE Vec<Vec<u8>>).
  Result<std::vector<Bytes>, LightSourceError> execution_proof(const block::BlockHash& block,
                                                               std::string_view,
                                                               ByteSpan args) override {
    auto keys = scale::decode<std::vector<Bytes>>(args);
    if (!keys) return unexpected(LightSourceError{"bad arguments"});
    return prove(block, std::nullopt, *keys);
  }

 private:
  static Result<std::vector<Bytes>, LightSourceError> prove(const block::BlockHash& block,
                                                            std::optional<ByteSpan> child,
                                                            std::span<const Bytes> keys) {
    const SyntheticState& s = synthetic();
    if (block != s.block) return unexpected(LightSourceError{"unknown block"});
    state::RecordingNodeStore recorder(s.store);
    state::TrieBackend backend(s.root, recorder);
    for (const Bytes& key : keys) {
      if (!backend.get(child, key)) return unexpected(LightSourceError{"storage"});
    }
    return recorder.proof();
  }
};

class States final : public StateSource {
 public:
  Result<std::unique_ptr<StateReader>, StateSourceError> open(const block::BlockHash& block,
                                                              bool record) override {
    const SyntheticState& s = synthetic();
    if (block != s.block) return unexpected(StateSourceError{"unknown block"});
    return std::unique_ptr<StateReader>(std::make_unique<TrieStateReader>(s.root, s.store, record));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = bytes[0];
  const ByteSpan request(bytes + 1, size - 1);
  if ((selector & 1) == 0) {
    Light source;
    auto served = serve_light_request(request, source);
    if (!served) return 0;
    if (served->size() > kMaxLightResponseSize) __builtin_trap();
    auto response = decode_light_response(*served);
    if (!response) __builtin_trap();
    const std::optional<Bytes>& proof = std::holds_alternative<RemoteCallResponse>(*response)
                                            ? std::get<RemoteCallResponse>(*response).proof
                                            : std::get<RemoteReadResponse>(*response).proof;
    if (proof && !scale::decode<std::vector<Bytes>>(*proof)) __builtin_trap();
    return 0;
  }
  States source;
  auto decoded = decode_state_request(request);
  if (!decoded) return 0;
  // Small budgets reach the cut-offs of the synthetic state; the largest selector, Substrate's.
  const size_t budget =
      selector == 0xff ? kMaxStateResponseBytes : static_cast<size_t>(selector >> 1) * 8;
  auto response = build_state_response(*decoded, source, budget);
  if (!response) return 0;
  if (encode_state_response(*response).size() > kMaxStateResponseSize) __builtin_trap();
  if (!decoded->no_proof) {
    auto entries = scale::decode<std::vector<Bytes>>(response->proof);
    if (!entries) __builtin_trap();
    if (!state::decode_compact_storage_proof(*entries, synthetic().root)) __builtin_trap();
  }
  return 0;
}
