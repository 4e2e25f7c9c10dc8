#include "executor/offchain/offchain_index.hpp"

namespace canary::executor::offchain {

void OffchainIndexChanges::set(ByteSpan key, ByteSpan value) {
  layers_.back().insert_or_assign(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
}

void OffchainIndexChanges::clear(ByteSpan key) {
  layers_.back().insert_or_assign(Bytes(key.begin(), key.end()), std::nullopt);
}

Result<void, state::TransactionError> OffchainIndexChanges::commit_transaction() {
  if (layers_.size() < 2) return unexpected(state::TransactionError::kNoOpenTransaction);
  Changes top = std::move(layers_.back());
  layers_.pop_back();
  for (auto& [key, value] : top) layers_.back().insert_or_assign(key, std::move(value));
  return {};
}

Result<void, state::TransactionError> OffchainIndexChanges::rollback_transaction() {
  if (layers_.size() < 2) return unexpected(state::TransactionError::kNoOpenTransaction);
  layers_.pop_back();
  return {};
}

OffchainIndexChanges::Changes OffchainIndexChanges::changes() const {
  Changes out;
  for (const Changes& layer : layers_) {
    for (const auto& [key, value] : layer) out.insert_or_assign(key, value);
  }
  return out;
}

bool OffchainIndexChanges::empty() const {
  for (const Changes& layer : layers_) {
    if (!layer.empty()) return false;
  }
  return true;
}

}  // namespace canary::executor::offchain
