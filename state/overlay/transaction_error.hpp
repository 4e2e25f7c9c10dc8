// Closing a storage transaction that was never started: ext_storage_commit_transaction /
// _rollback_transaction without a matching start (sp-state-machine `NoOpenTransaction`; the
// reference host panics, so the executor turns this into a trap).
#pragma once

#include <cstdint>

namespace canary::state {

enum class TransactionError : uint8_t {
  kNoOpenTransaction,
};

inline const char* to_string(TransactionError e) {
  switch (e) {
    case TransactionError::kNoOpenTransaction:
      return "no open storage transaction";
  }
  return "unknown transaction error";
}

}  // namespace canary::state
