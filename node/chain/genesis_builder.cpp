#include "node/chain/genesis_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "node/chain/json_merge.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::node {

namespace {

// An empty state holding only `code`, and a runtime session on it.
struct EmptyState {
  state::MemoryNodeStore store;
  state::TrieBackend backend{state::empty_trie_root(state::TrieHasher::kBlake2b256), store};
  state::OverlayedChanges overlay{backend};
  std::unique_ptr<blockchain::RuntimeSession> session;
};

Result<std::unique_ptr<EmptyState>, std::string> open_empty_state(
    blockchain::RuntimeHost& host, ByteSpan code,
    const blockchain::RuntimeSession::Options& options = {}) {
  auto out = std::make_unique<EmptyState>();
  out->overlay.set(to_bytes(":code"), code);
  auto session = blockchain::RuntimeSession::open(host, out->overlay, options);
  if (!session) return unexpected("cannot load the runtime: " + session.error().message());
  out->session = std::move(*session);
  return out;
}

bool starts_with(ByteSpan bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                    [](char a, uint8_t b) { return static_cast<uint8_t>(a) == b; });
}

}  // namespace

Result<uint64_t, std::string> genesis_heap_pages(size_t config_bytes) {
  constexpr uint64_t kPage = 64 * 1024;
  const uint64_t wanted = (config_bytes * kGenesisHeapPerConfigByte + kPage - 1) / kPage;
  if (wanted > kMaxGenesisHeapPages) {
    return unexpected(fmt::format(
        "the genesis config is {:.1f} MiB of JSON: building it in the runtime would take about "
        "{} MiB of heap, more than the {} MiB a Wasm memory can give it (4 GiB less the "
        "runtime's own); split the state or write it without the GenesisBuilder",
        static_cast<double>(config_bytes) / (1 << 20), wanted * kPage >> 20,
        kMaxGenesisHeapPages * kPage >> 20));
  }
  return std::max<uint64_t>(wanted, executor::kDefaultHeapPages);
}

Result<nlohmann::json, std::string> runtime_genesis_preset(blockchain::RuntimeHost& host,
                                                           ByteSpan code,
                                                           std::optional<std::string_view> name) {
  CANARY_TRY_ASSIGN(auto state, open_empty_state(host, code));
  std::optional<Bytes> id;
  if (name) id = Bytes(name->begin(), name->end());
  auto json =
      state->session->api().call_typed<std::optional<Bytes>>("GenesisBuilder_get_preset", id);
  if (!json) return unexpected(blockchain::runtime_error(json.error()).message());
  if (!*json) {
    // sc-chain-spec: "The preset with name {id:?} is not available."
    return unexpected(name ? "the runtime has no genesis preset `" + std::string(*name) + "`"
                           : std::string("the runtime has no default genesis config"));
  }
  const Bytes& text = **json;
  auto parsed =
      parse_genesis_json(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()));
  if (!parsed)
    return unexpected("the runtime's genesis preset is not valid JSON: " + parsed.error());
  return std::move(*parsed);
}

Result<std::vector<std::string>, std::string> runtime_genesis_preset_names(
    blockchain::RuntimeHost& host, ByteSpan code) {
  CANARY_TRY_ASSIGN(auto state, open_empty_state(host, code));
  auto names = state->session->api().call_typed<std::vector<Bytes>>("GenesisBuilder_preset_names");
  if (!names) return unexpected(blockchain::runtime_error(names.error()).message());
  std::vector<std::string> out;
  for (const Bytes& name : *names) out.emplace_back(name.begin(), name.end());
  return out;
}

Result<GenesisStorage, std::string> runtime_genesis_from_config(blockchain::RuntimeHost& host,
                                                                ByteSpan code,
                                                                const nlohmann::json& config) {
  const std::string text = json_text(config);
  auto heap_pages = genesis_heap_pages(text.size());
  if (!heap_pages) return unexpected(std::move(heap_pages).error());
  // sc-chain-spec calls the GenesisBuilder in the offchain context (its allocator's larger
  // pieces), and no consensus depends on the heap it gets: sized to the config, so that the
  // runtime can parse and apply a config of hundreds of thousands of accounts.
  CANARY_TRY_ASSIGN(auto opened, open_empty_state(host, code,
                                                  {.heap_pages = *heap_pages,
                                                   .allocation_context =
                                                       executor::AllocationContext::kOffchain}));
  EmptyState& state = *opened;
  auto built = state.session->api().call_typed<Result<void, std::string>>(
      "GenesisBuilder_build_state", Bytes(text.begin(), text.end()));
  if (!built) return unexpected(blockchain::runtime_error(built.error()).message());
  if (!*built) return unexpected("the runtime refused the genesis config: " + built->error());

  GenesisStorage out;
  auto visited = state.overlay.for_each_change(
      state::StateVersion::kV1,
      [&](state::ChildKey child, ByteSpan key, const std::optional<Bytes>& value) {
        if (!value) return;
        if (child) {
          out.children_default[Bytes(child->begin(), child->end())].emplace(
              Bytes(key.begin(), key.end()), *value);
          return;
        }
        // The child roots in the main trie are derived from the child tries; raw genesis does
        // not list them (sp-core `Storage` keeps them apart).
        if (starts_with(key, state::kDefaultChildStoragePrefix)) return;
        out.top.emplace(Bytes(key.begin(), key.end()), *value);
      });
  if (!visited) return unexpected(std::string("cannot read the genesis changes"));
  // sc-chain-spec inserts the code after building, over whatever the runtime wrote.
  out.top.insert_or_assign(to_bytes(":code"), Bytes(code.begin(), code.end()));
  return out;
}

Result<GenesisStorage, std::string> runtime_genesis_from_patch(blockchain::RuntimeHost& host,
                                                               ByteSpan code,
                                                               const nlohmann::json& patch) {
  CANARY_TRY_ASSIGN(auto config, runtime_genesis_preset(host, code, std::nullopt));
  json_merge(config, patch);
  return runtime_genesis_from_config(host, code, config);
}

}  // namespace canary::node
