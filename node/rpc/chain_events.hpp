// The RPC layer's one observer of the Chain, fanning each notification out to the subscription
// families that registered a listener (chain heads, storage and runtime version subscriptions,
// chainHead_v1_follow). Listeners live as long as the hub. Notifications arrive on the importing
// thread; listeners must only do quick work there (encode a header, read a few keys).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "blockchain/chain.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node::rpc {

class ChainEvents final : public blockchain::ChainObserver {
 public:
  explicit ChainEvents(blockchain::Chain& chain);
  ~ChainEvents() override;
  ChainEvents(const ChainEvents&) = delete;
  ChainEvents& operator=(const ChainEvents&) = delete;

  void add(std::shared_ptr<blockchain::ChainObserver> listener);

  void on_block_imported(const blockchain::ImportNotice& notice) override;
  void on_best_block_changed(const blockchain::BlockRef& best,
                             const std::optional<blockchain::TreeRoute>& reorg) override;
  void on_finalized(const blockchain::FinalityNotice& notice) override;

 private:
  std::vector<std::shared_ptr<blockchain::ChainObserver>> listeners() const;

  blockchain::Chain& chain_;
  mutable Mutex mutex_;
  std::vector<std::shared_ptr<blockchain::ChainObserver>> listeners_ GUARDED_BY(mutex_);
};

}  // namespace canary::node::rpc
