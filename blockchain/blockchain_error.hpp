// Why a block could not be built, imported or read: one error type for the blockchain layer, with
// the kind a caller branches on (an unknown parent asks for sync, a bad block bans its sender, a
// database error stops the node) and a human-readable detail for logs and RPC errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace canary::blockchain {

struct BlockchainError {
  enum class Kind : uint8_t {
    kUnknownBlock,      // a block (or parent) the node does not have
    kAlreadyKnown,      // importing a block that is stored already
    kStateUnavailable,  // the block is known but its state was pruned
    kBadBlock,          // malformed, refused by the runtime, or its state root differs
    kConsensus,         // refused by the consensus engine (BABE seal, slot, VRF, epoch…)
    kRuntime,           // the state's runtime cannot be loaded or a runtime call failed
    kDatabase,          // the database failed (I/O, corruption)
  };
  Kind kind = Kind::kBadBlock;
  std::string detail;

  std::string message() const;
};

std::string_view to_string(BlockchainError::Kind kind);

}  // namespace canary::blockchain
