// What the block request server (and later the other protocol servers) reads from our chain: a
// read-only view, so the protocol logic stays sans-IO and testable over an in-memory chain. The
// node implements it over blockchain::Chain (chain_block_source.hpp); every answer may fail with
// a storage error, which fails the request being served, never the node.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/block/signed_block.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

struct BlockSourceError {
  std::string message;
};

class BlockSource {
 public:
  virtual ~BlockSource() = default;

  // Any stored block, on any fork.
  virtual Result<std::optional<block::Header>, BlockSourceError> header(
      const block::BlockHash& hash) const = 0;
  // The best chain's block at `number`.
  virtual Result<std::optional<block::BlockHash>, BlockSourceError> canonical_hash(
      block::BlockNumber number) const = 0;
  // The extrinsics, each without its length prefix; none when the body is not stored.
  virtual Result<std::optional<std::vector<Bytes>>, BlockSourceError> body(
      const block::BlockHash& hash) const = 0;
  // The block's Justifications, if it has any.
  virtual Result<std::optional<block::Justifications>, BlockSourceError> justifications(
      const block::BlockHash& hash) const = 0;
  // Indexed transactions (Substrate's transaction storage); Polkadot's relay chain has none.
  virtual Result<std::optional<std::vector<Bytes>>, BlockSourceError> indexed_body(
      const block::BlockHash& /*hash*/) const {
    return std::optional<std::vector<Bytes>>{};
  }
};

}  // namespace canary::network
