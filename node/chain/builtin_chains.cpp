#include "node/chain/builtin_chains.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "blockchain/genesis.hpp"
#include "node/chain/embedded_runtime.hpp"
#include "node/chain/genesis_builder.hpp"
#include "node/chain/json_merge.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace {

constexpr std::array<BuiltinChain, 2> kBuiltinChains = {{
    {"dev", "Development", "dev", "Development", "development"},
    {"local", "Local Testnet", "local_testnet", "Local", "local_testnet"},
}};

constexpr const char* kNoChainMessage =
    "no chain given: pass --chain dev, --chain local or --chain <chain spec file>, or --dev";

// The identity of a built-in chain; its genesis is the caller's.
state::ChainSpec builtin_identity(const BuiltinChain& chain) {
  state::ChainSpec spec;
  spec.name = std::string(chain.name);
  spec.id = std::string(chain.id);
  spec.chain_type = std::string(chain.chain_type);
  spec.protocol_id = std::string(kCanaryProtocolId);
  spec.properties_json = std::string(kCanaryProperties);
  return spec;
}

constexpr std::string_view kDevBlockTimeChain = "dev";

// Why --dev-block-time is refused for `chain_arg` (see builtin_chains.hpp).
std::string dev_block_time_refusal(std::string_view chain_arg) {
  const std::string how =
      "set \"timestamp\": {\"minimumPeriod\": <half the block time in ms>} in the spec's "
      "runtime genesis instead";
  if (find_builtin_chain(chain_arg) != nullptr) {
    return "--dev-block-time is for the dev chain only (--dev or --chain dev), not `" +
           std::string(chain_arg) +
           "`, whose validators must all start from the same genesis: write its spec with "
           "build-spec --chain " +
           std::string(chain_arg) + " --block-time <ms>, and give the nodes that file";
  }
  return "--dev-block-time is for the dev chain only (--dev or --chain dev), not the chain spec "
         "file `" +
         std::string(chain_arg) + "`: " + how;
}

// Why build-spec's --block-time / --epoch-duration are refused for a chain spec file.
std::string timings_refusal(std::string_view chain_arg) {
  return "--block-time, --epoch-duration, --sessions-per-era, --kusama-governance and "
         "--parachain apply to the built-in chains (dev, local), not the chain spec file `" +
         std::string(chain_arg) +
         "`: set \"timestamp\": {\"minimumPeriod\": <half the block time in ms>}, \"babe\": "
         "{\"epochDuration\": <slots>}, \"staking\": {\"sessionsPerEra\": <sessions>} and "
         "\"paras\": {\"paras\": [...]} in its runtime genesis instead";
}

// The flags of `options` as the user gave them, for messages ("--block-time 2000 --epoch-duration
// 10").
std::string flags_of(const BuiltinGenesisOptions& options) {
  std::string out;
  const auto add = [&](std::string_view flag, const std::optional<uint64_t>& value) {
    if (!value) return;
    if (!out.empty()) out += ' ';
    out += std::string(flag) + " " + std::to_string(*value);
  };
  add("--dev-block-time", options.dev_block_time_ms);
  add("--block-time", options.block_time_ms);
  add("--epoch-duration", options.epoch_duration);
  add("--sessions-per-era", options.sessions_per_era);
  if (options.kusama_governance)
    out += out.empty() ? "--kusama-governance" : " --kusama-governance";
  for (const GenesisParachain& para : options.parachains) {
    if (!out.empty()) out += ' ';
    out += "--parachain " + std::to_string(para.id);
  }
  return out;
}

// A preset's JSON with the options merged in, through the same merge as a spec's
// runtimeGenesis.patch: `{"timestamp": {"minimumPeriod": block_time / 2}}`, `{"babe":
// {"epochDuration": slots}}`, `{"staking": {"sessionsPerEra": sessions}}` and the genesis
// parachains as `{"paras": {"paras": [...]}}`.
Result<void, std::string> apply_genesis_options(nlohmann::json& preset,
                                                const BuiltinGenesisOptions& options) {
  if (options.dev_block_time_ms && options.block_time_ms) {
    return unexpected(std::string("give --dev-block-time or --block-time, not both"));
  }
  const bool dev_flag = options.dev_block_time_ms.has_value();
  if (const auto block_time = dev_flag ? options.dev_block_time_ms : options.block_time_ms) {
    if (*block_time % 2 != 0) {
      return unexpected(std::string(dev_flag ? "--dev-block-time " : "--block-time ") +
                        std::to_string(*block_time) +
                        ": the block time must be an even number of milliseconds (BABE's slot is "
                        "twice Timestamp's minimum period)");
    }
    json_merge(preset, {{"timestamp", {{"minimumPeriod", *block_time / 2}}}});
  }
  if (options.epoch_duration) {
    json_merge(preset, {{"babe", {{"epochDuration", *options.epoch_duration}}}});
  }
  if (options.sessions_per_era) {
    json_merge(preset, {{"staking", {{"sessionsPerEra", *options.sessions_per_era}}}});
  }
  if (options.kusama_governance) {
    // A null member of a patch removes it: no governance timings, Kusama's periods.
    json_merge(preset,
               {{"referenda", nullptr}, {"convictionVoting", nullptr}, {"treasury", nullptr}});
  }
  if (!options.parachains.empty()) {
    nlohmann::json paras = nlohmann::json::array();
    for (const GenesisParachain& para : options.parachains) {
      paras.push_back({para.id,
                       {{"genesis_head", to_hex(para.genesis_head)},
                        {"validation_code", to_hex(para.validation_code)},
                        {"parachain", true}}});
    }
    json_merge(preset, {{"paras", {{"paras", std::move(paras)}}}});
  }
  return {};
}

Result<ChainSpecDocument, std::string> builtin_document(const BuiltinChain& chain,
                                                        blockchain::RuntimeHost& host,
                                                        bool build_raw,
                                                        const BuiltinGenesisOptions& options) {
  if (options.dev_block_time_ms && chain.arg != kDevBlockTimeChain) {
    return unexpected(dev_block_time_refusal(chain.arg));
  }
  auto code = embedded_runtime();
  if (!code) return unexpected(std::string(kNoEmbeddedRuntimeMessage));
  ChainSpecDocument out;
  out.spec = builtin_identity(chain);
  // The non-raw form carries the preset's JSON as the patch, as sc-chain-spec writes a spec built
  // `with_genesis_config_preset_name` (GenesisBuildAction::NamedPreset resolves to a patch).
  auto preset = runtime_genesis_preset(host, *code, chain.preset);
  if (!preset) return unexpected(preset.error());
  if (options.any()) {
    if (auto applied = apply_genesis_options(*preset, options); !applied) {
      return unexpected(applied.error());
    }
    // Built even without build_raw: the runtime's range checks speak now, in the flags' names.
    auto storage = runtime_genesis_from_config(host, *code, *preset);
    if (!storage) return unexpected(flags_of(options) + ": " + storage.error());
    out.runtime_genesis =
        RuntimeGenesis{Bytes(code->begin(), code->end()), RuntimeGenesis::Kind::kPatch, *preset};
    if (build_raw) {
      out.spec.top = std::move(storage->top);
      out.spec.children_default = std::move(storage->children_default);
      out.raw_genesis = true;
    }
    return out;
  }
  out.runtime_genesis =
      RuntimeGenesis{Bytes(code->begin(), code->end()), RuntimeGenesis::Kind::kPatch, *preset};
  if (build_raw) {
    auto storage = blockchain::build_genesis_storage(host, *code, chain.preset);
    if (!storage) {
      return unexpected("cannot build the genesis of `" + std::string(chain.arg) +
                        "`: " + storage.error().message());
    }
    out.spec.top = std::move(*storage);
    out.raw_genesis = true;
  }
  return out;
}

}  // namespace

const BuiltinChain* find_builtin_chain(std::string_view arg) {
  for (const BuiltinChain& chain : kBuiltinChains) {
    if (chain.arg == arg) return &chain;
  }
  return nullptr;
}

Result<state::ChainSpec, std::string> builtin_chain_spec(std::string_view id,
                                                         blockchain::RuntimeHost& host) {
  const BuiltinChain* chain = find_builtin_chain(id);
  if (chain == nullptr) {
    return unexpected("no built-in chain `" + std::string(id) + "` (there are dev and local)");
  }
  CANARY_TRY_ASSIGN(auto document, builtin_document(*chain, host, /*build_raw=*/true, {}));
  return std::move(document.spec);
}

Result<std::string, std::string> read_text_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return unexpected("cannot open chain spec `" + path + "`: " + std::strerror(errno));
  }
  std::stringstream text;
  text << file.rdbuf();
  if (file.bad()) return unexpected("cannot read chain spec `" + path + "`");
  return text.str();
}

Result<ChainSpecDocument, std::string> read_chain_spec_file(const std::string& path) {
  CANARY_TRY_ASSIGN(auto text, read_text_file(path));
  auto document = parse_chain_spec_document(text);
  if (!document) return unexpected(path + ": " + document.error());
  return document;
}

Result<void, std::string> build_raw_genesis(ChainSpecDocument& document,
                                            blockchain::RuntimeHost& host) {
  if (document.raw_genesis) return {};
  if (!document.runtime_genesis) {
    return unexpected(std::string("the chain spec has neither a raw nor a runtime genesis"));
  }
  const RuntimeGenesis& genesis = *document.runtime_genesis;
  auto storage = genesis.kind == RuntimeGenesis::Kind::kPatch
                     ? runtime_genesis_from_patch(host, genesis.code, genesis.value)
                     : runtime_genesis_from_config(host, genesis.code, genesis.value);
  if (!storage) return unexpected("cannot build the genesis: " + storage.error());
  document.spec.top = std::move(storage->top);
  document.spec.children_default = std::move(storage->children_default);
  document.raw_genesis = true;
  return {};
}

Result<ChainSpecDocument, std::string> resolve_chain_spec(std::string_view chain_arg,
                                                          blockchain::RuntimeHost& host,
                                                          bool build_raw,
                                                          const BuiltinGenesisOptions& options) {
  if (chain_arg.empty()) return unexpected(std::string(kNoChainMessage));
  if (const BuiltinChain* chain = find_builtin_chain(chain_arg)) {
    return builtin_document(*chain, host, build_raw, options);
  }
  if (options.dev_block_time_ms) return unexpected(dev_block_time_refusal(chain_arg));
  if (options.any()) return unexpected(timings_refusal(chain_arg));
  const std::string path(chain_arg);
  auto document = read_chain_spec_file(path);
  if (!document) return unexpected(document.error());
  if (build_raw) {
    auto built = build_raw_genesis(*document, host);
    if (!built) return unexpected(path + ": " + built.error());
  }
  return document;
}

Result<state::ChainSpec, std::string> load_chain_spec(std::string_view chain_arg,
                                                      blockchain::RuntimeHost& host) {
  CANARY_TRY_ASSIGN(auto document, resolve_chain_spec(chain_arg, host, /*build_raw=*/true));
  return std::move(document.spec);
}

Result<std::string, std::string> chain_spec_id(std::string_view chain_arg) {
  if (chain_arg.empty()) return unexpected(std::string(kNoChainMessage));
  if (const BuiltinChain* chain = find_builtin_chain(chain_arg)) return std::string(chain->id);
  const std::string path(chain_arg);
  CANARY_TRY_ASSIGN(auto document, read_chain_spec_file(path));
  const std::string& text_id = document.spec.id;
  if (text_id.empty()) return unexpected(path + ": the chain spec has no \"id\"");
  // The id names a directory under <base>/chains/; one that would leave it is refused.
  if (text_id == "." || text_id == ".." || text_id.find('/') != std::string::npos ||
      text_id.find('\0') != std::string::npos) {
    return unexpected(path + ": the chain spec's id `" + text_id + "` cannot name a directory");
  }
  return text_id;
}

}  // namespace canary::node
