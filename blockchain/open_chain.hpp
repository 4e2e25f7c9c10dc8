// Opens a node's chain database: created with the genesis block when it is new, refused when it
// holds another chain (a different genesis hash). What the node, the block-file commands, the
// import benchmark and the tests open.
#pragma once

#include <filesystem>
#include <memory>

#include "blockchain/blockchain_error.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "primitives/util/result.hpp"
#include "state/storage/database.hpp"

namespace canary::blockchain {

// `options.expected_genesis` is set from `genesis`; the directory is created if needed.
// `genesis_written`, when given, tells whether this call wrote the genesis block (a new database)
// or found it there (a restart): what the node's start-up log says.
Result<std::unique_ptr<Chain>, BlockchainError> open_chain(const std::filesystem::path& dir,
                                                           const GenesisBlock& genesis,
                                                           state::DatabaseOptions options = {},
                                                           bool* genesis_written = nullptr);

}  // namespace canary::blockchain
