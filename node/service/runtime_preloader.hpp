// Loads the runtime a block switches to as soon as that block is imported. A block whose digest
// carries RuntimeEnvironmentUpdated (frame_system deposits it with every `:code` or `:heappages`
// change) is executed with its parent's runtime; its own runtime is first needed by its child,
// which the node may have to author in the very next slot. Loading it then (decompression,
// instrumentation and the first tier's compilation: about a second for a 3.5 MB runtime on a
// loaded machine) would come out of that slot's budget; loading it right after the import leaves
// the slot whole. The ahead-of-time tier then compiles in the background (executor/README.md).
#pragma once

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"

namespace canary::node {

class RuntimePreloader final : public blockchain::ChainObserver {
 public:
  RuntimePreloader(const blockchain::Chain& chain, blockchain::RuntimeHost& host)
      : chain_(chain), host_(host) {}

  // On the importing thread: the import that follows waits for the load, as it would have to.
  void on_block_imported(const blockchain::ImportNotice& notice) override;
  void on_best_block_changed(const blockchain::BlockRef&,
                             const std::optional<blockchain::TreeRoute>&) override {}
  void on_finalized(const blockchain::FinalityNotice&) override {}

 private:
  const blockchain::Chain& chain_;
  blockchain::RuntimeHost& host_;
};

}  // namespace canary::node
