// Why the pool refused a transaction (polkadot-sdk
// substrate/client/transaction-pool/api/src/error.rs). The RPC layer maps these to the author_*
// error codes (1010 invalid, 1011 unknown, 1012 temporarily banned, 1013 already imported,
// 1014 priority too low, 1015 cycle, 1016 immediately dropped, 1017 unactionable).
#pragma once

#include <cstdint>
#include <string>

#include "primitives/runtime/transaction_validity.hpp"

namespace canary::txpool {

enum class PoolErrorKind : uint8_t {
  kInvalidTransaction,  // the runtime said Invalid; the hash is banned for a while
  kUnknownTransaction,  // the runtime could not decide; not banned
  kTemporarilyBanned,   // recently found invalid, stale, dropped or included
  kAlreadyImported,     // the same hash is in the pool
  kTooLowPriority,      // it would replace transactions whose total priority is not lower
  kCycleDetected,       // importing it would make it replace something it depends on
  kImmediatelyDropped,  // imported, then removed at once to keep the pool within its limits
  kNoTagsProvided,      // valid, but provides no tag: it could never be pruned
  kUnactionable,        // propagate == false and this node does not author blocks
};

struct PoolError {
  PoolErrorKind kind = PoolErrorKind::kInvalidTransaction;
  // For kInvalidTransaction and kUnknownTransaction: what the runtime answered.
  runtime::TransactionValidityError validity;
  // For kTooLowPriority: the summed priority of the transactions it would replace, and its own.
  uint64_t old_priority = 0;
  uint64_t new_priority = 0;

  bool operator==(const PoolError&) const = default;
};

inline PoolError make_pool_error(PoolErrorKind kind) {
  PoolError e;
  e.kind = kind;
  return e;
}

const char* to_string(PoolErrorKind kind);
// E.g. "InvalidTransaction(Invalid(Stale))", "TooLowPriority(old 10, new 5)".
std::string to_string(const PoolError& error);

}  // namespace canary::txpool
