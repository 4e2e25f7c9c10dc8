#include "blockchain/open_chain.hpp"

#include <system_error>
#include <utility>
#include <vector>

#include "primitives/scale/scale.hpp"

namespace canary::blockchain {

Result<std::unique_ptr<Chain>, BlockchainError> open_chain(const std::filesystem::path& dir,
                                                           const GenesisBlock& genesis,
                                                           state::DatabaseOptions options,
                                                           bool* genesis_written) {
  if (genesis_written != nullptr) *genesis_written = false;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return unexpected(BlockchainError{BlockchainError::Kind::kDatabase,
                                      "cannot create " + dir.string() + ": " + ec.message()});
  }
  options.expected_genesis = genesis.hash;
  auto db = state::Database::open(dir.string(), options);
  if (!db) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kDatabase,
                        "the database at " + dir.string() + ": " + db.error().message()});
  }
  if (!(*db)->genesis_hash()) {
    state::BlockCommit commit;
    commit.header = genesis.header;
    commit.body = scale::encode(std::vector<Bytes>{});
    commit.new_nodes = &genesis.nodes;
    auto written = (*db)->commit(commit);
    if (!written) {
      return unexpected(BlockchainError{BlockchainError::Kind::kDatabase,
                                        "writing the genesis block: " + written.error().message()});
    }
    if (genesis_written != nullptr) *genesis_written = true;
  }
  return Chain::open(std::move(*db));
}

}  // namespace canary::blockchain
