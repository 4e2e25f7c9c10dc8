#include "node/cli/build_spec_command.hpp"

#include <cstdio>
#include <iostream>
#include <utility>

#include "blockchain/runtime_host.hpp"
#include "node/chain/boot_node.hpp"
#include "node/chain/builtin_chains.hpp"
#include "node/chain/chain_spec_json.hpp"
#include "node/cli/genesis_parachain.hpp"

namespace canary::cli {

namespace {

int fail(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

// The node key the default boot node names: --node-key, else the node's key file in the base
// path when there is one, else a fresh key (sc-cli `NodeKeyParams`; Canary does not create the
// key file here, since nothing else reads it yet).
Result<ByteArray<32>, std::string> boot_node_key(const std::optional<std::string>& node_key,
                                                 const SharedParams& shared,
                                                 const std::string& chain_id) {
  if (node_key) return node::parse_node_key(*node_key);
  if (shared.base_path || !shared.dev) {
    auto base = node::resolve_base_path(shared.base_path, shared.dev);
    if (base) {
      CANARY_TRY_ASSIGN(auto stored,
                        node::read_node_key_file(base->network_dir(chain_id) / "secret_ed25519"));
      if (stored) return *stored;
    }
  }
  return node::random_node_key();
}

}  // namespace

BuildSpecCommand::BuildSpecCommand(CLI::App& app) {
  command_ = app.add_subcommand("build-spec", "Build a chain specification (JSON, to stdout)");
  shared_.add_to(command_);
  dev_block_time_.add_to(command_);
  timings_.add_to(command_);
  command_->add_flag("--raw", raw_, "Force raw genesis storage output");
  command_->add_flag("--disable-default-bootnode", disable_default_bootnode_,
                     "Do not add /ip4/127.0.0.1/tcp/30333/p2p/NODE_PEER_ID as a boot node when the "
                     "spec has none");
  command_->add_option("--node-key", node_key_,
                       "Secret ed25519 node key (64 hex digits) whose peer id the default boot "
                       "node gets");
  command_->add_option("--parachain", parachains_,
                       "Register a parachain in the genesis of a built-in chain (dev or local), "
                       "with a core of its own: ID=PVF_FILE:GENESIS_HEAD_FILE (the PVF Wasm, raw "
                       "or zstd-compressed with Substrate's prefix; the head as hex or raw "
                       "bytes). Repeatable");
}

bool BuildSpecCommand::selected() const {
  return command_->parsed();
}

int BuildSpecCommand::execute() const {
  std::cerr << "Building chain spec\n";
  blockchain::RuntimeHost host(blockchain::RuntimeHostConfig{.compiled = false});
  node::BuiltinGenesisOptions options = dev_block_time_.genesis_options();
  timings_.apply_to(options);
  for (const std::string& arg : parachains_) {
    auto para = parse_genesis_parachain(arg);
    if (!para) return fail(para.error());
    options.parachains.push_back(std::move(*para));
  }
  auto document = node::resolve_chain_spec(shared_.chain_arg(), host, /*build_raw=*/raw_, options);
  if (!document) return fail(document.error());

  if (document->spec.boot_nodes.empty() && !disable_default_bootnode_) {
    auto key = boot_node_key(node_key_, shared_, document->spec.id);
    if (!key) return fail(key.error());
    document->spec.boot_nodes.push_back(node::local_boot_node(*key));
  }

  auto json = node::write_chain_spec_json(*document, raw_);
  if (!json) return fail(json.error());
  // As Substrate: the JSON without a trailing newline, and only a note when stdout fails.
  if (std::fwrite(json->data(), 1, json->size(), stdout) != json->size() ||
      std::fflush(stdout) != 0) {
    std::fputs("Error writing to stdout\n", stderr);
  }
  return 0;
}

}  // namespace canary::cli
