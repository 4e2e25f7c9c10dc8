// What happened to a watched transaction (polkadot-sdk substrate/client/transaction-pool/api
// TransactionStatus; the events of author_submitAndWatchExtrinsic and of the new JSON-RPC
// transactionWatch_v1). The pool queues them and the node drains them with take_events(), so the
// pool calls no one back.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "txpool/transaction.hpp"

namespace canary::txpool {

namespace status {
struct Future {
  bool operator==(const Future&) const = default;
};
struct Ready {
  bool operator==(const Ready&) const = default;
};
struct Broadcast {
  std::vector<std::string> peers;
  bool operator==(const Broadcast&) const = default;
};
struct InBlock {
  Hash256 block{};
  uint32_t index = 0;  // the extrinsic's index in the block body
  bool operator==(const InBlock&) const = default;
};
struct Retracted {
  Hash256 block{};
  bool operator==(const Retracted&) const = default;
};
struct FinalityTimeout {
  Hash256 block{};
  bool operator==(const FinalityTimeout&) const = default;
};
struct Finalized {
  Hash256 block{};
  uint32_t index = 0;
  bool operator==(const Finalized&) const = default;
};
struct Usurped {
  TransactionHash by{};
  bool operator==(const Usurped&) const = default;
};
struct Dropped {
  bool operator==(const Dropped&) const = default;
};
struct Invalid {
  bool operator==(const Invalid&) const = default;
};
}  // namespace status

using TransactionStatus =
    std::variant<status::Future, status::Ready, status::Broadcast, status::InBlock,
                 status::Retracted, status::FinalityTimeout, status::Finalized, status::Usurped,
                 status::Dropped, status::Invalid>;

// After a final status nothing more is reported for the transaction and the pool forgets its
// watch (graph/watcher.rs Sender: usurped, finalized, finality_timeout, invalid, dropped).
bool is_final(const TransactionStatus& status);

// The event name the RPC specs use: "future", "ready", "broadcast", "inBlock", "retracted",
// "finalityTimeout", "finalized", "usurped", "dropped", "invalid".
const char* status_name(const TransactionStatus& status);

struct PoolEvent {
  TransactionHash transaction{};
  TransactionStatus status;
  bool operator==(const PoolEvent&) const = default;
};

}  // namespace canary::txpool
