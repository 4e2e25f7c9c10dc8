// A node of a benchmark's own, as a fresh `canary` process has one: a temporary base path whose
// database starts at `genesis`, a runtime host with the chain's code warmed on the chosen engine,
// and its BABE state. The benchmarks of runtime work (governance, election, staking) open two:
// one builds and seals their blocks, a fresh one imports them with every check, timed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/runtime_host.hpp"
#include "node/chain/base_path.hpp"
#include "node/service/babe_state.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::cli {

struct BenchNode {
  node::BasePath dir;
  std::unique_ptr<blockchain::RuntimeHost> host;
  std::unique_ptr<blockchain::Chain> chain;
  std::unique_ptr<node::BabeState> babe;
  std::string engine;  // what runs the runtime ("compiled", "interpreted", ...)

  uint64_t slot_ms() const { return babe->slot_duration_ms(); }
};

// Opens a node on `host` (a new one, or the host that built `spec`): `code` is warmed on it for
// `spec` with the compiled tier when `compiled`, and the node's chain starts at `genesis`.
Result<std::unique_ptr<BenchNode>, std::string> open_bench_node(
    std::unique_ptr<blockchain::RuntimeHost> host, ByteSpan code, const state::ChainSpec& spec,
    const blockchain::GenesisBlock& genesis, bool compiled);

}  // namespace canary::cli
