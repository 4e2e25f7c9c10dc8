// The genesis of `canary benchmark block-import` with millions of pre-funded accounts, written
// straight into the database in chunks instead of through one GenesisBuilder call (issue 23).
// The runtime still builds the genesis: its `development` preset with one more account, account 0,
// endowed with the share of all `count` accounts, so that Balances.TotalIssuance and everything
// the runtime's genesis derives from it are final (Staking turns stakes into votes relative to
// the issuance: the VoterList bags and the exposures change with it, so patching TotalIssuance
// afterwards would not give the same state). Then the `count` System.Account entries, account 0's
// included, are written as the runtime's Balances genesis lays them out. Each chunk is a Trie
// opened at the previous chunk's root over the database, so memory stays bounded by a chunk, not
// by the state. The result is the state, root for root, of dev_spec_with_accounts with the same
// accounts (ctest cli.benchmark_block_import_genesis compares the two).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "primitives/block/header.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/storage/database.hpp"

namespace canary::cli {

// AccountInfo (frame_system) with AccountData (pallet_balances) of an account endowed at genesis:
// nonce 0, consumers 0, providers 1 (Balances' genesis provides for it), sufficients 0; free =
// `endowment`, reserved 0, frozen 0, flags = IS_NEW_LOGIC (runtime/pallets/balances/types.hpp,
// polkadot-sdk pallet_balances ExtraFlags::default).
Bytes endowed_account_info(u128 endowment);

struct GenesisWithAccounts {
  block::Header header;
  block::BlockHash hash{};
};

struct GenesisChunkOptions {
  size_t accounts_per_chunk = 200'000;
  // After each chunk: accounts written so far.
  std::function<void(size_t written)> on_chunk;
};

// Writes into `db` (opened on a new database: nothing committed yet) the raw genesis `spec` (no
// child tries; account(0) endowed with count × `endowment` by the runtime) with the `count`
// accounts account(i), i < count, each endowed with `endowment`, and commits its genesis block.
Result<GenesisWithAccounts, std::string> write_genesis_with_accounts(
    state::Database& db, const state::ChainSpec& spec, size_t count,
    const std::function<crypto::sr25519::PublicKey(size_t)>& account, u128 endowment,
    const GenesisChunkOptions& options);

}  // namespace canary::cli
