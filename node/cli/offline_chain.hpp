// The chain the offline commands (export-blocks, import-blocks, check-block) work on, as
// sc-cli's chain-bound commands: the chain spec of --chain/--dev and its database under the base
// path, opened like the node opens it (created with the genesis block when new).
#pragma once

#include <memory>
#include <string>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "node/cli/shared_params.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::cli {

struct OfflineChain {
  state::ChainSpec spec;
  std::unique_ptr<blockchain::RuntimeHost> host;
  std::unique_ptr<blockchain::Chain> chain;
};

// `compiled`: the runtime host's ahead-of-time tier (what importing many blocks wants).
Result<OfflineChain, std::string> open_offline_chain(const SharedParams& shared, bool compiled);

// "12345" or a 0x-prefixed block hash, as check-block's argument: the block's hash.
Result<block::BlockHash, std::string> resolve_block_id(const blockchain::Chain& chain,
                                                       const std::string& id);

int fail_with(const std::string& message);

}  // namespace canary::cli
