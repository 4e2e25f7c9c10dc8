#include "network/protocols/block_request_handler.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "primitives/scale/compact.hpp"

namespace canary::network {

namespace {

struct FoundBlock {
  block::BlockHash hash{};
  block::Header header;
};

// block_hash_from_id then header; any failure is "not found" (Substrate's unwrap_or_default).
std::optional<FoundBlock> find_block(const BlockSource& source, const BlockId& id) {
  block::BlockHash hash{};
  if (const auto* by_hash = std::get_if<block::BlockHash>(&id)) {
    hash = *by_hash;
  } else {
    auto canonical = source.canonical_hash(std::get<block::BlockNumber>(id));
    if (!canonical) return std::nullopt;
    const std::optional<block::BlockHash> at = *canonical;
    if (!at) return std::nullopt;
    hash = *at;
  }
  auto lookup = source.header(hash);
  if (!lookup) return std::nullopt;
  std::optional<block::Header> header = std::move(*lookup);
  if (!header) return std::nullopt;
  return FoundBlock{hash, std::move(*header)};
}

// What Substrate counts against MAX_BODY_BYTES: the encoded extrinsics (length prefix included)
// and the indexed transactions.
size_t body_bytes(const BlockData& block) {
  size_t total = 0;
  for (const Bytes& extrinsic : block.body) {
    total += scale::compact_size(extrinsic.size()) + extrinsic.size();
  }
  for (const Bytes& transaction : block.indexed_body) total += transaction.size();
  return total;
}

}  // namespace

Result<BlockResponse, BlockSourceError> build_block_response(const BlockRequest& request,
                                                             const BlockSource& source) {
  const size_t max_blocks = request.max_blocks == 0
                                ? kMaxBlocksInResponse
                                : std::min<size_t>(request.max_blocks, kMaxBlocksInResponse);
  const bool get_header = request.fields.has(BlockAttributes::kHeader);
  const bool get_body = request.fields.has(BlockAttributes::kBody);
  const bool get_indexed_body = request.fields.has(BlockAttributes::kIndexedBody);
  const bool get_justification = request.fields.has(BlockAttributes::kJustification);

  BlockResponse response;
  size_t total_body_bytes = 0;
  size_t total_encoded_bytes = 0;
  BlockId next = request.from;
  while (auto found = find_block(source, next)) {
    BlockData data;
    data.hash = found->hash;
    if (get_justification) {
      auto lookup = source.justifications(found->hash);
      if (!lookup) return unexpected(lookup.error());
      std::optional<block::Justifications> justifications = std::move(*lookup);
      if (request.support_multiple_justifications) {
        data.justifications = std::move(justifications);
      } else if (justifications) {
        // Old peers get GRANDPA's justification precisely, not merely the first one.
        const Bytes* grandpa = block::find_justification(*justifications, block::kGrandpaEngineId);
        if (grandpa != nullptr) data.justification = *grandpa;
      }
    }
    if (get_body) {
      auto lookup = source.body(found->hash);
      if (!lookup) return unexpected(lookup.error());
      std::optional<std::vector<Bytes>> body = std::move(*lookup);
      if (!body) break;  // the body is gone (pruned): end the response here
      data.body = std::move(*body);
    }
    if (get_indexed_body) {
      CANARY_TRY_ASSIGN(auto lookup, source.indexed_body(found->hash));
      // A missing indexed body still sends the header (Substrate: protobuf cannot say "missing").
      std::optional<std::vector<Bytes>> indexed = std::move(lookup);
      if (indexed) data.indexed_body = std::move(*indexed);
    }
    const block::BlockNumber number = found->header.number;
    const block::BlockHash parent = found->header.parent_hash;
    if (get_header) data.header = std::move(found->header);

    const size_t new_body_bytes = total_body_bytes + body_bytes(data);
    const size_t new_encoded_bytes = total_encoded_bytes + encoded_block_data_size(data);
    if (!response.blocks.empty() &&
        (new_body_bytes > kMaxBodyBytes || new_encoded_bytes > kMaxBlockResponseSize)) {
      break;
    }
    total_body_bytes = new_body_bytes;
    total_encoded_bytes = new_encoded_bytes;
    response.blocks.push_back(std::move(data));
    if (response.blocks.size() >= max_blocks) break;

    if (request.direction == Direction::kAscending) {
      if (number == std::numeric_limits<block::BlockNumber>::max()) break;
      next = block::BlockNumber{number + 1};
    } else {
      if (number == 0) break;
      next = parent;
    }
  }
  return response;
}

}  // namespace canary::network
