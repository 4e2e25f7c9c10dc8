#include "node/cli/bench_node.hpp"

#include <utility>

#include "blockchain/open_chain.hpp"
#include "node/cli/benchmark_support.hpp"

namespace canary::cli {

Result<std::unique_ptr<BenchNode>, std::string> open_bench_node(
    std::unique_ptr<blockchain::RuntimeHost> host, ByteSpan code, const state::ChainSpec& spec,
    const blockchain::GenesisBlock& genesis, bool compiled) {
  auto dir = node::BasePath::temporary();
  if (!dir) return unexpected(dir.error());
  auto engine = warm_runtime(*host, code, &spec, compiled);
  if (!engine) return unexpected(engine.error());
  auto chain = blockchain::open_chain(dir->path() / "db", genesis);
  if (!chain) return unexpected(chain.error().message());
  auto babe = node::BabeState::open(**chain, *host);
  if (!babe) return unexpected("BABE: " + babe.error().message());
  return std::make_unique<BenchNode>(BenchNode{.dir = std::move(*dir),
                                               .host = std::move(host),
                                               .chain = std::move(*chain),
                                               .babe = std::move(*babe),
                                               .engine = std::move(*engine)});
}

}  // namespace canary::cli
