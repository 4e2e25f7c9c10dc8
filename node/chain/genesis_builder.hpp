// The runtime's GenesisBuilder API (sp-genesis-builder) as sc-chain-spec's
// `GenesisConfigBuilderRuntimeCaller` calls it (substrate/client/chain-spec/src/
// genesis_config_builder.rs): every call runs on a fresh, empty state that holds only the code.
//  - get_preset(None) is the runtime's default config, get_preset(name) a named preset;
//  - build_state(config) writes the genesis storage of a full config;
//  - a patch is merged (json_merge) over the default config first (`get_storage_for_patch`).
// The storage returned is raw genesis: the main trie (with `:code` set to the code, as
// sc-chain-spec inserts it) and the default child tries by unprefixed key.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blockchain/runtime_host.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

struct GenesisStorage {
  std::map<Bytes, Bytes> top;
  std::map<Bytes, std::map<Bytes, Bytes>> children_default;
};

// GenesisBuilder_get_preset: the preset's JSON; an error when the runtime has no such preset.
Result<nlohmann::json, std::string> runtime_genesis_preset(blockchain::RuntimeHost& host,
                                                           ByteSpan code,
                                                           std::optional<std::string_view> name);

// GenesisBuilder_preset_names.
Result<std::vector<std::string>, std::string> runtime_genesis_preset_names(
    blockchain::RuntimeHost& host, ByteSpan code);

// The runtime's heap for GenesisBuilder_build_state of a config of `config_bytes`: the runtime
// parses the JSON and writes every entry, so it gets kGenesisHeapPerConfigByte bytes of heap per
// byte of config (never less than the default :heappages); a config too large for any Wasm memory
// is an error that names the limit, before the runtime is called.
inline constexpr uint64_t kGenesisHeapPerConfigByte = 16;
// 4 GiB of Wasm memory less 256 MiB for the runtime's data, stack and what it allocates itself.
inline constexpr uint64_t kMaxGenesisHeapPages = 65536 - 4096;
Result<uint64_t, std::string> genesis_heap_pages(size_t config_bytes);

// GenesisBuilder_build_state of a full config.
Result<GenesisStorage, std::string> runtime_genesis_from_config(blockchain::RuntimeHost& host,
                                                                ByteSpan code,
                                                                const nlohmann::json& config);

// The default config with `patch` merged over it, then built.
Result<GenesisStorage, std::string> runtime_genesis_from_patch(blockchain::RuntimeHost& host,
                                                               ByteSpan code,
                                                               const nlohmann::json& patch);

}  // namespace canary::node
