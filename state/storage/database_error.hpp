// Why a database operation failed. Every failure of the embedded database is reported as one of
// these (never an exception, never a crash): the caller decides whether to stop the node, ask the
// user to resync, or reject one block.
#pragma once

#include <cstdint>
#include <string>

namespace canary::state {

enum class DatabaseErrorKind : uint8_t {
  // Opening.
  kNotFound,         // no database at the path and create_if_missing is off
  kLocked,           // another process (or another Database in this one) has it open
  kCorrupt,          // unreadable files, a missing column family, a record that does not decode,
                     // or metadata that contradicts itself
  kWrongChain,       // the database belongs to a chain with another genesis hash
  kSchemaMismatch,   // written by a version of Canary with another database layout
  kPruningMismatch,  // archive database opened as pruned or the reverse
  kInvalidArgument,  // options that make no sense (a pruning window of 0 blocks)
  kIo,               // the file system failed (disk full, permissions, ...)
  // Writing blocks.
  kNoGenesis,                 // a block other than the genesis block comes first
  kBlockExists,               // the block is stored already
  kUnknownBlock,              // no such block
  kUnknownParent,             // the parent of the block is not stored
  kInvalidBlock,              // number is not parent's + 1, or a second genesis block
  kNotDescendantOfFinalized,  // on a fork of the finalized chain
  kStateUnavailable,          // the state the operation needs was pruned (or never stored)
  kIncompleteState,           // the new state references a node nobody supplied
};

const char* to_string(DatabaseErrorKind kind);

struct DatabaseError {
  DatabaseErrorKind kind = DatabaseErrorKind::kIo;
  std::string detail;  // what exactly: a RocksDB status, a hash, a column family name

  std::string message() const;
};

}  // namespace canary::state
