// The node's parachain side (polkadot-sdk's overseer and subsystems, `polkadot/node/`): what a
// relay-chain validator does for parachains — collations fetched from collators, validated by the
// PVF host and backed by its group, AvailableData erasure-coded and its chunks fetched and kept,
// availability bitfields signed and gossiped, and the paras inherent filled for the blocks it
// authors — and what a collator node does: collations built for its para on every new relay
// block and advertised to the backing group.
//
// The decisions are the sans-IO state machines of parachain/ (backing, collator protocol,
// bitfield distribution, provisioner, availability store); this service feeds them the chain's
// events, the runtime's ParachainHost answers, the network's messages and the PVF host's
// verdicts, on a worker thread of its own (the PVF runs on another).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/service/authority_discovery_service.hpp"
#include "node/service/network_service.hpp"
#include "parachain/collator/adder_collator.hpp"
#include "parachain/primitives/candidate.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

// `canary adder-collator`: the para this node collates for and how.
struct AdderCollatorConfig {
  parachain::ParaId para_id = 100;
  parachain::adder::CollatorMode mode = parachain::adder::CollatorMode::kHonest;
  // The collator's key (CollatorId, sr25519) seed; none: a random one.
  std::optional<ByteArray<32>> collator_seed;
};

struct ParachainServiceConfig {
  // A validator backs, stores chunks, signs bitfields and provides the paras inherent with the
  // keystore's `para` key (when the session has it).
  bool validator = false;
  std::optional<AdderCollatorConfig> collator;
  // The PVF host's worker program (`canary pvf-worker`: this executable) and artifact cache.
  std::string pvf_worker_program;
  std::filesystem::path pvf_cache_dir;
};

struct ParachainServiceParts {
  blockchain::Chain& chain;
  blockchain::RuntimeHost& runtime;
  FileKeystore& keystore;
  const state::ChainSpec& spec;  // the fork id in the protocol names
  // A validator's authority discovery: which peers are the session's validators, and their
  // addresses (none: only where their statements came from).
  const AuthorityDiscoveryService* authority_discovery = nullptr;
};

class ParachainService final : public blockchain::ChainObserver {
 public:
  static Result<std::unique_ptr<ParachainService>, std::string> create(
      ParachainServiceConfig config, ParachainServiceParts parts);
  ~ParachainService() override;
  ParachainService(const ParachainService&) = delete;
  ParachainService& operator=(const ParachainService&) = delete;

  // The parachain protocols (the validation and collation peer sets, the requests), registered on
  // the network before it starts.
  void add_protocols(NetworkServiceConfig& network);
  // Starts the worker once the network runs (our PeerId signs a collator's Declare).
  void start(NetworkService& network);
  void stop();

  // The `parachn0` inherent data for a block built on `parent` (BabeAuthor, on the chain
  // thread): the bitfields and backed candidates the provisioner picks, or none.
  Bytes parachains_inherent(const block::Header& parent);

  // ChainObserver: new best blocks become the active leaves; finality prunes.
  void on_block_imported(const blockchain::ImportNotice& notice) override;
  void on_finalized(const blockchain::FinalityNotice& notice) override;

  struct Impl;

 private:
  explicit ParachainService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace canary::node
