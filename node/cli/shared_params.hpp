// The options every chain-bound command shares, as sc-cli's `SharedParams`:
//   --chain <dev|local|PATH>   the chain spec (built-in chain or JSON file)
//   --dev                      the dev chain (`--chain dev` unless --chain is given) and, without
//                              --base-path, a temporary base path
//   -d, --base-path <PATH>     where the node's data lives (node/chain/base_path.hpp)
// and, for the commands that build a genesis (the node and build-spec), --dev-block-time; and
// build-spec's --block-time and --epoch-duration for test networks.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "node/chain/base_path.hpp"
#include "node/chain/builtin_chains.hpp"
#include "state/storage/database.hpp"

namespace canary::cli {

struct SharedParams {
  std::optional<std::string> chain;
  bool dev = false;
  std::optional<std::string> base_path;

  void add_to(CLI::App* command) {
    command->add_option("--chain", chain,
                        "Chain spec: dev, local, or the path of a JSON chain spec file");
    command->add_flag("--dev", dev,
                      "Development chain (--chain dev unless --chain is given); without "
                      "--base-path, a temporary base path");
    command->add_option("-d,--base-path", base_path,
                        "Base path of the node's data (default: $XDG_DATA_HOME/canary or "
                        "~/.local/share/canary)");
  }

  // The --chain value in effect (sc-cli `SharedParams::chain_id`).
  std::string chain_arg() const { return node::chain_arg(chain, dev); }
};

// --dev-block-time <ms> (polkadot-omni-node's flag): the dev chain's block time, patched into its
// genesis (node/chain/builtin_chains.hpp). Not among SharedParams: the commands that open an
// existing database (export-blocks, import-blocks, check-block) would have to build the same
// genesis; a chain written by `build-spec --dev --dev-block-time` and given as --chain does that.
struct DevBlockTimeParam {
  std::optional<uint64_t> ms;

  void add_to(CLI::App* command) {
    command
        ->add_option("--dev-block-time", ms,
                     "Block time (BABE's slot duration) in ms of the dev chain only (--dev or "
                     "--chain dev; refused for local and chain spec files): even, 500 to "
                     "3600000; written into its genesis as timestamp.minimumPeriod = half of "
                     "it. Default: the runtime's 6000")
        ->check(non_negative("MS", "a block time"));
  }

  node::BuiltinGenesisOptions genesis_options() const {
    return node::BuiltinGenesisOptions{.dev_block_time_ms = ms};
  }

  // CLI11 reads "-4" into an unsigned as 2^64 - 4; a negative value is a usage error.
  static CLI::Validator non_negative(const std::string& unit, const std::string& what) {
    return CLI::Validator(
        [what](const std::string& text) {
          return text.starts_with('-') ? what + " cannot be negative" : std::string();
        },
        unit, "non-negative");
  }
};

// sc-cli's --db-cache <MiB> (DatabaseParams: RocksDB's block cache with the memtables charged
// into it) and --trie-cache-size <bytes> (ImportParams: the trie node and value caches), for the
// node and for the node `benchmark block-import` imports on; unset, state::DatabaseOptions's
// defaults.
struct DatabaseCacheParams {
  std::optional<size_t> db_cache_mib;
  std::optional<size_t> trie_cache_size;

  void add_to(CLI::App* command) {
    const state::DatabaseOptions defaults;
    command
        ->add_option("--db-cache", db_cache_mib,
                     "Limit the memory the database cache can use, in MiB: RocksDB's block cache "
                     "and its memtables (default " +
                         std::to_string(defaults.db_cache_bytes >> 20) + ")")
        ->check(CLI::Range(size_t{1}, size_t{1} << 20));
    command
        ->add_option("--trie-cache-size", trie_cache_size,
                     "The trie cache in bytes: trie nodes and values read from the state, shared "
                     "by every reader (0 turns it off; default " +
                         std::to_string(defaults.trie_cache_bytes()) + ")")
        ->check(DevBlockTimeParam::non_negative("BYTES", "a cache size"));
  }

  size_t db_cache_bytes() const {
    return db_cache_mib ? *db_cache_mib << 20 : state::DatabaseOptions{}.db_cache_bytes;
  }
  size_t trie_cache_bytes() const {
    return trie_cache_size.value_or(state::DatabaseOptions{}.trie_cache_bytes());
  }
};

// build-spec's timings for a test network, on any built-in chain (node/chain/builtin_chains.hpp):
// --block-time <ms> (as --dev-block-time), --epoch-duration <slots> (BABE's epoch, and the
// session: written as babe.epochDuration) and --sessions-per-era <sessions> (Staking's era: written
// as staking.sessionsPerEra); --kusama-governance drops the presets' dev governance timings
// (runtime/canary/governance.hpp). The network's nodes are then given the written spec.
struct TestnetTimingParams {
  std::optional<uint64_t> block_time_ms;
  std::optional<uint64_t> epoch_duration;
  std::optional<uint64_t> sessions_per_era;
  bool kusama_governance = false;

  void add_to(CLI::App* command) {
    command
        ->add_option("--block-time", block_time_ms,
                     "Block time (BABE's slot duration) in ms of a built-in chain (dev or local): "
                     "even, 500 to 3600000; written into its genesis as timestamp.minimumPeriod = "
                     "half of it. Default: the runtime's 6000")
        ->check(DevBlockTimeParam::non_negative("MS", "a block time"));
    command
        ->add_option("--epoch-duration", epoch_duration,
                     "BABE's epoch (and so the session) in slots, of a built-in chain (dev or "
                     "local): 2 to 100800; written into its genesis as babe.epochDuration. "
                     "Default: the runtime's 600")
        ->check(DevBlockTimeParam::non_negative("SLOTS", "an epoch duration"));
    command
        ->add_option("--sessions-per-era", sessions_per_era,
                     "Staking's era in sessions, of a built-in chain (dev or local): 1 to 8760; "
                     "written into its genesis as staking.sessionsPerEra. Default: the runtime's 6")
        ->check(DevBlockTimeParam::non_negative("SESSIONS", "a number of sessions"));
    command->add_flag("--kusama-governance", kusama_governance,
                      "Kusama's governance periods (referenda tracks, UndecidingTimeout, "
                      "VoteLockingPeriod, the Treasury's SpendPeriod) on a built-in chain (dev "
                      "or local), instead of its preset's dev timings of a few blocks: the "
                      "preset's referenda, convictionVoting and treasury sections are left out "
                      "of its genesis");
  }

  void apply_to(node::BuiltinGenesisOptions& options) const {
    options.block_time_ms = block_time_ms;
    options.epoch_duration = epoch_duration;
    options.sessions_per_era = sessions_per_era;
    options.kusama_governance = kusama_governance;
  }
};

}  // namespace canary::cli
