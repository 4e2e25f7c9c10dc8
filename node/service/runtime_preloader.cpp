#include "node/service/runtime_preloader.hpp"

#include <algorithm>
#include <variant>

#include "blockchain/block_state.hpp"
#include "node/service/log.hpp"

namespace canary::node {

void RuntimePreloader::on_block_imported(const blockchain::ImportNotice& notice) {
  const auto& digest = notice.header.digest;
  const bool changes_runtime =
      std::any_of(digest.begin(), digest.end(), [](const block::DigestItem& item) {
        return std::holds_alternative<block::DigestRuntimeEnvironmentUpdated>(item);
      });
  if (!changes_runtime) return;
  auto state = blockchain::BlockState::at(chain_, notice.block.hash);
  auto version = state ? state->runtime_version(host_)
                       : Result<runtime::RuntimeVersion, blockchain::BlockchainError>(
                             unexpected(std::move(state).error()));
  if (!version) {
    // Not fatal here: the block that needs the runtime meets the same error and reports it.
    log::warn("runtime", "The runtime of #{} ({}) could not be loaded: {}", notice.block.number,
              log::short_hash(notice.block.hash), version.error().message());
    return;
  }
  log::info("runtime", "⚙️  #{} switches to runtime {}-{}: loaded for the blocks after it",
            notice.block.number, version->spec_name, version->spec_version);
}

}  // namespace canary::node
