#include "state/storage/database_error.hpp"

namespace canary::state {

const char* to_string(DatabaseErrorKind kind) {
  switch (kind) {
    case DatabaseErrorKind::kNotFound:
      return "no database at this path";
    case DatabaseErrorKind::kLocked:
      return "database is locked by another process";
    case DatabaseErrorKind::kCorrupt:
      return "database is corrupt";
    case DatabaseErrorKind::kWrongChain:
      return "database belongs to another chain";
    case DatabaseErrorKind::kSchemaMismatch:
      return "database schema version is not supported";
    case DatabaseErrorKind::kPruningMismatch:
      return "database pruning mode differs from the requested one";
    case DatabaseErrorKind::kInvalidArgument:
      return "invalid database option";
    case DatabaseErrorKind::kIo:
      return "database I/O error";
    case DatabaseErrorKind::kNoGenesis:
      return "database has no genesis block";
    case DatabaseErrorKind::kBlockExists:
      return "block is already stored";
    case DatabaseErrorKind::kUnknownBlock:
      return "unknown block";
    case DatabaseErrorKind::kUnknownParent:
      return "unknown parent block";
    case DatabaseErrorKind::kInvalidBlock:
      return "invalid block";
    case DatabaseErrorKind::kNotDescendantOfFinalized:
      return "block is not a descendant of the finalized block";
    case DatabaseErrorKind::kStateUnavailable:
      return "state is not available (pruned)";
    case DatabaseErrorKind::kIncompleteState:
      return "state is incomplete: a trie node is missing";
  }
  return "unknown storage error";
}

std::string DatabaseError::message() const {
  std::string out = to_string(kind);
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

}  // namespace canary::state
