#include "network/libp2p/kademlia_record_store.hpp"

#include <utility>

namespace canary::network {

namespace {

bool expired(const KademliaStoredRecord& record, KademliaRecordStore::Clock::time_point now) {
  return record.expires && *record.expires <= now;
}

}  // namespace

const char* to_string(KademliaStoreError e) {
  switch (e) {
    case KademliaStoreError::kValueTooLarge:
      return "record value too large";
    case KademliaStoreError::kMaxRecords:
      return "record store full";
  }
  return "unknown record store error";
}

Result<void, KademliaStoreError> KademliaRecordStore::put(KademliaStoredRecord record,
                                                          Clock::time_point now) {
  if (record.value.size() >= config_.max_value_bytes) {
    return unexpected(KademliaStoreError::kValueTooLarge);
  }
  auto it = records_.find(record.key);
  if (it != records_.end()) {
    total_bytes_ -= it->second.value.size();
    total_bytes_ += record.value.size();
    it->second = std::move(record);
    return {};
  }
  if (records_.size() >= config_.max_records) (void)remove_expired(now);
  if (records_.size() >= config_.max_records) return unexpected(KademliaStoreError::kMaxRecords);
  total_bytes_ += record.value.size();
  Bytes key = record.key;
  records_.emplace(std::move(key), std::move(record));
  return {};
}

const KademliaStoredRecord* KademliaRecordStore::get(ByteSpan key, Clock::time_point now) const {
  auto it = records_.find(key);
  if (it == records_.end() || expired(it->second, now)) return nullptr;
  return &it->second;
}

void KademliaRecordStore::remove(ByteSpan key) {
  auto it = records_.find(key);
  if (it == records_.end()) return;
  total_bytes_ -= it->second.value.size();
  records_.erase(it);
}

size_t KademliaRecordStore::remove_expired(Clock::time_point now) {
  size_t removed = 0;
  for (auto it = records_.begin(); it != records_.end();) {
    if (expired(it->second, now)) {
      total_bytes_ -= it->second.value.size();
      it = records_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

std::optional<KademliaRecordStore::Clock::time_point> KademliaRecordStore::next_expiry() const {
  std::optional<Clock::time_point> next;
  for (const auto& [key, record] : records_) {
    if (record.expires && (!next || *record.expires < *next)) next = record.expires;
  }
  return next;
}

}  // namespace canary::network
