// Builders shared by the transaction pool tests: tags, hashes and validities written the way the
// runtime would report them, without a runtime.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "primitives/runtime/transaction_validity.hpp"
#include "txpool/pool_event.hpp"
#include "txpool/ready_queue.hpp"
#include "txpool/transaction.hpp"
#include "txpool/transaction_pool.hpp"

namespace canary::txpool::testing {

inline Tag tag(std::string_view s) {
  return to_bytes(s);
}

// frame_system CheckNonce provides (who, nonce) and requires (who, nonce - 1).
inline Tag nonce_tag(char sender, uint32_t nonce) {
  return Bytes{static_cast<uint8_t>(sender), static_cast<uint8_t>(nonce),
               static_cast<uint8_t>(nonce >> 8), static_cast<uint8_t>(nonce >> 16)};
}

inline TransactionHash hash_of(uint32_t id) {
  TransactionHash h{};
  h[0] = static_cast<uint8_t>(id);
  h[1] = static_cast<uint8_t>(id >> 8);
  h[31] = 0xaa;
  return h;
}

struct TxSpec {
  uint32_t id = 0;
  uint64_t priority = 1;
  std::vector<Tag> requires_tags;
  std::vector<Tag> provides_tags;
  uint64_t valid_till = UINT64_MAX;
  size_t bytes = 1;
};

// A transaction record for the queue-level tests; its hash is hash_of(id).
inline TransactionPtr make_tx(const TxSpec& spec) {
  auto tx = std::make_shared<Transaction>();
  tx->hash = hash_of(spec.id);
  tx->extrinsic = Bytes(spec.bytes, static_cast<uint8_t>(spec.id));
  tx->priority = spec.priority;
  tx->valid_till = spec.valid_till;
  tx->requires_tags = spec.requires_tags;
  tx->provides_tags = spec.provides_tags;
  return tx;
}

inline uint32_t id_of(const TransactionHash& h) {
  return static_cast<uint32_t>(h[0]) | (static_cast<uint32_t>(h[1]) << 8);
}

// Drains an iterator into the ids of the yielded transactions.
inline std::vector<uint32_t> drain_ids(ReadyIterator it) {
  std::vector<uint32_t> ids;
  while (TransactionPtr tx = it.next()) ids.push_back(id_of(tx->hash));
  return ids;
}

inline runtime::ValidTransaction valid(uint64_t priority, std::vector<Tag> requires_tags,
                                       std::vector<Tag> provides_tags,
                                       uint64_t longevity = UINT64_MAX, bool propagate = true) {
  runtime::ValidTransaction v;
  v.priority = priority;
  v.requires_tags = std::move(requires_tags);
  v.provides_tags = std::move(provides_tags);
  v.longevity = longevity;
  v.propagate = propagate;
  return v;
}

inline runtime::TransactionValidity invalid(
    runtime::InvalidTransaction::Kind kind = runtime::InvalidTransaction::Kind::kStale) {
  runtime::InvalidTransaction e;
  e.kind = kind;
  return unexpected(runtime::TransactionValidityError{e});
}

inline runtime::TransactionValidity unknown() {
  return unexpected(runtime::TransactionValidityError{runtime::UnknownTransaction{}});
}

// A signed transfer of `sender` with `nonce`: a nonce-chained extrinsic whose bytes (and hash)
// are unique per (sender, nonce, variant).
struct Transfer {
  char sender = 'a';
  uint32_t nonce = 0;
  uint64_t priority = 10;
  int variant = 0;  // a different tip: other bytes, same nonce
  uint64_t longevity = UINT64_MAX;
  size_t padding = 0;

  Bytes extrinsic() const {
    std::string s = std::string("transfer:") + sender + ":" + std::to_string(nonce) + ":" +
                    std::to_string(variant);
    s.append(padding, '.');
    return to_bytes(s);
  }
  TransactionHash hash() const { return transaction_hash(extrinsic()); }
  // Validity when the account's next nonce on chain is `on_chain_nonce`.
  runtime::ValidTransaction validity(uint32_t on_chain_nonce = 0) const {
    std::vector<Tag> requires_tags;
    if (nonce > on_chain_nonce) requires_tags.push_back(nonce_tag(sender, nonce - 1));
    return valid(priority, std::move(requires_tags), {nonce_tag(sender, nonce)}, longevity);
  }
  Submission submission(uint32_t on_chain_nonce = 0, bool watch = false) const {
    Submission s;
    s.extrinsic = extrinsic();
    s.validity = validity(on_chain_nonce);
    s.watch = watch;
    return s;
  }
};

inline std::vector<std::string> event_names(const std::vector<PoolEvent>& events,
                                            const TransactionHash& hash) {
  std::vector<std::string> names;
  for (const PoolEvent& e : events)
    if (e.transaction == hash) names.push_back(status_name(e.status));
  return names;
}

}  // namespace canary::txpool::testing
