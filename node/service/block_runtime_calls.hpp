// Runtime calls on one block's state for the node's own services (the parachain side's
// ParachainHost and BABE answers): the block's runtime (or its code substitute), a session opened
// on the first call and reused by the next ones, changes kept in an overlay that is dropped with
// the object, as sp-api's runtime API calls at a block. Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/block/header.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"

namespace canary::node {

class BlockRuntimeCalls {
 public:
  BlockRuntimeCalls(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                    const block::BlockHash& at);
  ~BlockRuntimeCalls();
  BlockRuntimeCalls(const BlockRuntimeCalls&) = delete;
  BlockRuntimeCalls& operator=(const BlockRuntimeCalls&) = delete;

  // `method` with SCALE-encoded arguments; the error says which call failed and why.
  Result<Bytes, std::string> call(std::string_view method, ByteSpan args);
  // The version of an API the block's runtime declares; none when it lacks the API or the
  // runtime cannot be loaded.
  std::optional<uint32_t> api_version(const runtime::ApiId& id);

 private:
  Result<void, std::string> open();

  blockchain::Chain& chain_;
  blockchain::RuntimeHost& host_;
  block::BlockHash at_;
  std::unique_ptr<state::TrieBackend> backend_;
  std::unique_ptr<state::OverlayedChanges> overlay_;
  std::unique_ptr<blockchain::RuntimeSession> session_;
};

}  // namespace canary::node
