// The records a Kademlia node holds for others (rust-libp2p kad record/store/memory.rs
// MemoryStore, as sc-network configures it): by key, bounded in number and value size, each with
// an optional expiry. Sans-IO: expiry is judged against the time the caller gives.
//
//   - A value of max_value_bytes or more is refused (MemoryStore: `value.len() >=
//     max_value_bytes`, 65 KiB by default).
//   - A new key when max_records (1,024) are held is refused; a key already held is replaced
//     (value, publisher and expiry), as MemoryStore does. Expired records are dropped first.
//   - get() does not hand out an expired record (rust-libp2p removes it when asked for it).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

struct KademliaRecordStoreConfig {
  size_t max_records = 1'024;
  size_t max_value_bytes = 65 * 1'024;
};

struct KademliaStoredRecord {
  Bytes key;
  Bytes value;
  std::optional<PeerId> publisher;
  std::optional<std::chrono::steady_clock::time_point> expires;  // none: kept until replaced
};

enum class KademliaStoreError : uint8_t {
  kValueTooLarge,
  kMaxRecords,
};

const char* to_string(KademliaStoreError e);

class KademliaRecordStore {
 public:
  using Clock = std::chrono::steady_clock;

  explicit KademliaRecordStore(KademliaRecordStoreConfig config = {}) : config_(config) {}

  Result<void, KademliaStoreError> put(KademliaStoredRecord record, Clock::time_point now);
  // The record under `key`, unless it has expired.
  const KademliaStoredRecord* get(ByteSpan key, Clock::time_point now) const;
  void remove(ByteSpan key);
  // Drops the expired records; how many.
  size_t remove_expired(Clock::time_point now);
  // The earliest expiry of a record held.
  std::optional<Clock::time_point> next_expiry() const;

  size_t size() const { return records_.size(); }
  // The values' bytes, summed (sc-network's kademlia_records_total_size).
  size_t total_value_bytes() const { return total_bytes_; }
  const KademliaRecordStoreConfig& config() const { return config_; }

 private:
  // Keys compared as bytes, looked up by span without a copy.
  struct KeyLess {
    using is_transparent = void;
    bool operator()(ByteSpan a, ByteSpan b) const {
      return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    }
  };

  KademliaRecordStoreConfig config_;
  std::map<Bytes, KademliaStoredRecord, KeyLess> records_;
  size_t total_bytes_ = 0;
};

}  // namespace canary::network
