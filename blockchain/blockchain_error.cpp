#include "blockchain/blockchain_error.hpp"

namespace canary::blockchain {

std::string_view to_string(BlockchainError::Kind kind) {
  switch (kind) {
    case BlockchainError::Kind::kUnknownBlock:
      return "unknown block";
    case BlockchainError::Kind::kAlreadyKnown:
      return "block already known";
    case BlockchainError::Kind::kStateUnavailable:
      return "state unavailable";
    case BlockchainError::Kind::kBadBlock:
      return "bad block";
    case BlockchainError::Kind::kConsensus:
      return "consensus error";
    case BlockchainError::Kind::kRuntime:
      return "runtime error";
    case BlockchainError::Kind::kDatabase:
      return "database error";
  }
  return "unknown error";
}

std::string BlockchainError::message() const {
  std::string out(to_string(kind));
  if (!detail.empty()) out += ": " + detail;
  return out;
}

}  // namespace canary::blockchain
