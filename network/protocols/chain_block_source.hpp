// BlockSource over the node's blockchain::Chain. Header-only on purpose: canary_network stays
// free of the blockchain library (and its executor and database), only the node and the tests
// that serve a real Chain include this and link canary_blockchain.
//
// The Chain stores a block's justification as SCALE Justifications (state::BlockCommit), so it
// is decoded here; bytes that do not decode are a storage error.
#pragma once

#include <utility>

#include "blockchain/chain.hpp"
#include "network/protocols/block_source.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::network {

class ChainBlockSource final : public BlockSource {
 public:
  explicit ChainBlockSource(const blockchain::Chain& chain) : chain_(chain) {}

  Result<std::optional<block::Header>, BlockSourceError> header(
      const block::BlockHash& hash) const override {
    auto header = chain_.header(hash);
    if (!header) return unexpected(BlockSourceError{header.error().message()});
    return std::move(*header);
  }

  Result<std::optional<block::BlockHash>, BlockSourceError> canonical_hash(
      block::BlockNumber number) const override {
    auto hash = chain_.canonical_hash(number);
    if (!hash) return unexpected(BlockSourceError{hash.error().message()});
    return *hash;
  }

  Result<std::optional<std::vector<Bytes>>, BlockSourceError> body(
      const block::BlockHash& hash) const override {
    auto body = chain_.body(hash);
    if (!body) return unexpected(BlockSourceError{body.error().message()});
    return std::move(*body);
  }

  Result<std::optional<block::Justifications>, BlockSourceError> justifications(
      const block::BlockHash& hash) const override {
    auto stored = chain_.justification(hash);
    if (!stored) return unexpected(BlockSourceError{stored.error().message()});
    const std::optional<Bytes>& encoded = *stored;
    if (!encoded) return std::optional<block::Justifications>{};
    auto decoded = scale::decode<block::Justifications>(*encoded);
    if (!decoded) {
      return unexpected(BlockSourceError{"stored justifications of " + to_hex(hash) +
                                         " do not decode: " + scale::to_string(decoded.error())});
    }
    return std::optional<block::Justifications>(std::move(*decoded));
  }

 private:
  const blockchain::Chain& chain_;
};

}  // namespace canary::network
