#include "node/service/block_runtime_calls.hpp"

#include "node/service/log.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

BlockRuntimeCalls::BlockRuntimeCalls(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                                     const block::BlockHash& at)
    : chain_(chain), host_(host), at_(at) {}

BlockRuntimeCalls::~BlockRuntimeCalls() = default;

Result<void, std::string> BlockRuntimeCalls::open() {
  if (session_) return {};
  auto header = chain_.header(at_);
  if (!header) return unexpected(header.error().message());
  if (!*header) return unexpected("unknown block " + log::short_hash(at_));
  backend_ =
      std::make_unique<state::TrieBackend>((*header)->state_root, chain_.database().node_store());
  overlay_ = std::make_unique<state::OverlayedChanges>(*backend_);
  auto session = blockchain::RuntimeSession::open(host_, *overlay_, {.at = (*header)->number});
  if (!session)
    return unexpected("the runtime of " + log::short_hash(at_) + ": " + session.error().message());
  session_ = std::move(*session);
  return {};
}

Result<Bytes, std::string> BlockRuntimeCalls::call(std::string_view method, ByteSpan args) {
  CANARY_TRY(open());
  auto output = session_->call(method, args);
  if (!output) return unexpected(std::string(method) + ": " + output.error().message());
  return std::move(*output);
}

std::optional<uint32_t> BlockRuntimeCalls::api_version(const runtime::ApiId& id) {
  if (!open()) return std::nullopt;
  return session_->version().api_version(id);
}

}  // namespace canary::node
