#include "node/cli/offline_chain.hpp"

#include <charconv>
#include <iostream>
#include <utility>

#include "blockchain/genesis.hpp"
#include "blockchain/open_chain.hpp"
#include "node/chain/base_path.hpp"
#include "node/chain/builtin_chains.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

int fail_with(const std::string& message) {
  std::cerr << "Error: " << message << "\n";
  return 1;
}

Result<OfflineChain, std::string> open_offline_chain(const SharedParams& shared, bool compiled) {
  const std::string chain_arg = shared.chain_arg();
  if (chain_arg.empty()) {
    return unexpected(std::string(
        "no chain given: use --dev, --chain dev, --chain local or --chain <spec.json>"));
  }
  CANARY_TRY_ASSIGN(auto base, node::resolve_base_path(shared.base_path, shared.dev));
  OfflineChain out;
  out.host = std::make_unique<blockchain::RuntimeHost>(
      blockchain::RuntimeHostConfig{.compiled = compiled});
  CANARY_TRY_ASSIGN(auto document,
                    node::resolve_chain_spec(chain_arg, *out.host, /*build_raw=*/true));
  out.spec = std::move(document.spec);
  if (auto substituted = out.host->set_code_substitutes(out.spec.code_substitutes); !substituted) {
    return unexpected("the chain spec's codeSubstitutes: " + substituted.error().detail);
  }
  auto genesis = blockchain::make_genesis_block(out.spec);
  if (!genesis) return unexpected("the chain spec's genesis: " + genesis.error().message());
  auto chain = blockchain::open_chain(base.database_dir(out.spec.id), *genesis);
  if (!chain) return unexpected(chain.error().message());
  out.chain = std::move(*chain);
  return out;
}

Result<block::BlockHash, std::string> resolve_block_id(const blockchain::Chain& chain,
                                                       const std::string& id) {
  if (id.starts_with("0x")) {
    auto hash = from_hex_fixed<32>(id);
    if (!hash) return unexpected("`" + id + "` is not a 32-byte block hash");
    if (!chain.contains(*hash)) return unexpected("block " + id + " is not in the database");
    return *hash;
  }
  block::BlockNumber number = 0;
  auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec != std::errc() || ptr != id.data() + id.size()) {
    return unexpected("`" + id + "` is neither a block number nor a 0x-prefixed block hash");
  }
  auto hash = chain.canonical_hash(number);
  if (!hash) return unexpected(hash.error().message());
  if (!*hash) return unexpected("no block #" + id + " on the best chain");
  return **hash;
}

}  // namespace canary::cli
