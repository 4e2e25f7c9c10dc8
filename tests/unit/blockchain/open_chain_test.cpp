// open_chain writes the genesis block into a new database and says so; reopened, the database
// keeps it and open_chain says it wrote nothing (the node logs "Initializing Genesis" only then).
#include "blockchain/open_chain.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "blockchain/genesis.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "tests/unit/blockchain/dev_chain.hpp"

namespace canary::blockchain {
namespace {

#ifdef CANARY_RUNTIME_BLOB
TEST(OpenChain, TellsWhetherItWroteTheGenesis) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("canary-open-chain-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  state::ChainSpec spec;
  spec.top[to_bytes(":code")] = testing::canary_runtime_blob();
  auto genesis = make_genesis_block(spec);
  ASSERT_TRUE(genesis) << genesis.error().message();
  {
    bool written = false;
    auto chain = open_chain(dir, *genesis, {}, &written);
    ASSERT_TRUE(chain) << chain.error().message();
    EXPECT_TRUE(written);
    EXPECT_EQ((*chain)->genesis().hash, genesis->hash);
  }
  {
    bool written = true;
    auto chain = open_chain(dir, *genesis, {}, &written);
    ASSERT_TRUE(chain) << chain.error().message();
    EXPECT_FALSE(written);
    EXPECT_EQ((*chain)->best().number, 0U);
  }
  std::filesystem::remove_all(dir);
}
#endif

}  // namespace
}  // namespace canary::blockchain
