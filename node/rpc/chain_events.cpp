#include "node/rpc/chain_events.hpp"

#include <utility>

namespace canary::node::rpc {

ChainEvents::ChainEvents(blockchain::Chain& chain) : chain_(chain) {
  chain_.add_observer(this);
}

ChainEvents::~ChainEvents() {
  chain_.remove_observer(this);
}

void ChainEvents::add(std::shared_ptr<blockchain::ChainObserver> listener) {
  MutexLock lock(mutex_);
  listeners_.push_back(std::move(listener));
}

std::vector<std::shared_ptr<blockchain::ChainObserver>> ChainEvents::listeners() const {
  MutexLock lock(mutex_);
  return listeners_;
}

void ChainEvents::on_block_imported(const blockchain::ImportNotice& notice) {
  for (const auto& l : listeners()) l->on_block_imported(notice);
}

void ChainEvents::on_best_block_changed(const blockchain::BlockRef& best,
                                        const std::optional<blockchain::TreeRoute>& reorg) {
  for (const auto& l : listeners()) l->on_best_block_changed(best, reorg);
}

void ChainEvents::on_finalized(const blockchain::FinalityNotice& notice) {
  for (const auto& l : listeners()) l->on_finalized(notice);
}

}  // namespace canary::node::rpc
