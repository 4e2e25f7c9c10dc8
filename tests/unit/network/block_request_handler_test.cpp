// The `/sync/2` server (build_block_response) against polkadot-sdk's BlockRequestHandler rules,
// over synthetic chains in memory (MemoryBlockSource) and over a real blockchain::Chain stored in
// RocksDB (ChainBlockSource): headers with the empty state root need no execution to import.
#include "network/protocols/block_request_handler.hpp"

#include <gtest/gtest.h>

#include "blockchain/chain.hpp"
#include "network/protocols/chain_block_source.hpp"
#include "primitives/scale/scale.hpp"
#include "state/storage/database.hpp"
#include "tests/unit/network/memory_block_source.hpp"
#include "tests/unit/state/storage_test_util.hpp"

namespace canary::network {
namespace {

using testing::MemoryBlockSource;
using testing::synthetic_header;

BlockRequest request_from(BlockId from, uint8_t fields, Direction direction = Direction::kAscending,
                          uint32_t max_blocks = 0) {
  BlockRequest request;
  request.fields.bits = fields;
  request.from = from;
  request.direction = direction;
  request.max_blocks = max_blocks;
  return request;
}

std::vector<block::BlockNumber> numbers(const BlockResponse& response,
                                        const MemoryBlockSource& source) {
  std::vector<block::BlockNumber> out;
  out.reserve(response.blocks.size());
  for (const BlockData& b : response.blocks) {
    out.push_back(source.header(b.hash).value()->number);
  }
  return out;
}

constexpr uint8_t kHeader = BlockAttributes::kHeader;
constexpr uint8_t kBody = BlockAttributes::kBody;
constexpr uint8_t kJustification = BlockAttributes::kJustification;

TEST(BlockRequestHandler, AscendingByNumberWithRequestedPartsOnly) {
  MemoryBlockSource source;
  const auto hashes = source.add_chain(10);
  auto response = build_block_response(
      request_from(block::BlockNumber{3}, kHeader, Direction::kAscending, 4), source);
  ASSERT_TRUE(response);
  EXPECT_EQ(numbers(*response, source), (std::vector<block::BlockNumber>{3, 4, 5, 6}));
  for (size_t i = 0; i < response->blocks.size(); ++i) {
    const BlockData& b = response->blocks[i];
    EXPECT_EQ(b.hash, hashes[3 + i]);
    ASSERT_TRUE(b.header);
    EXPECT_EQ(block::hash_of(*b.header), b.hash);
    EXPECT_TRUE(b.body.empty());
    EXPECT_FALSE(b.justification);
    EXPECT_FALSE(b.justifications);
  }
  // Body only: no header.
  auto bodies = build_block_response(request_from(block::BlockNumber{8}, kBody), source).value();
  ASSERT_EQ(bodies.blocks.size(), 2u);  // 8 and 9, then the chain ends
  EXPECT_FALSE(bodies.blocks[0].header);
  EXPECT_EQ(bodies.blocks[0].body, (std::vector<Bytes>{Bytes{8, 7}}));
  // Nothing requested: the hashes alone.
  auto bare = build_block_response(request_from(block::BlockNumber{0}, 0), source).value();
  EXPECT_EQ(bare.blocks.size(), 10u);
  EXPECT_EQ(bare.blocks[0], BlockData{hashes[0]});
}

TEST(BlockRequestHandler, DescendingByHashStopsAfterGenesis) {
  MemoryBlockSource source;
  const auto hashes = source.add_chain(6);
  auto response = build_block_response(
      request_from(hashes[4], kHeader | kBody, Direction::kDescending, 100), source);
  ASSERT_TRUE(response);
  EXPECT_EQ(numbers(*response, source), (std::vector<block::BlockNumber>{4, 3, 2, 1, 0}));
  EXPECT_EQ(response->blocks.back().hash, hashes[0]);
}

TEST(BlockRequestHandler, MaxBlocksIsCappedAt128) {
  MemoryBlockSource source;
  source.add_chain(300, 0);
  EXPECT_EQ(build_block_response(request_from(block::BlockNumber{0}, kHeader), source)
                .value()
                .blocks.size(),
            kMaxBlocksInResponse);
  EXPECT_EQ(build_block_response(
                request_from(block::BlockNumber{0}, kHeader, Direction::kAscending, 1000), source)
                .value()
                .blocks.size(),
            kMaxBlocksInResponse);
  EXPECT_EQ(build_block_response(
                request_from(block::BlockNumber{0}, kHeader, Direction::kAscending, 7), source)
                .value()
                .blocks.size(),
            7u);
}

TEST(BlockRequestHandler, ForksAndUnknownBlocks) {
  MemoryBlockSource source;
  const auto hashes = source.add_chain(6);
  // A fork off #2: #3' and #4', not on the best chain.
  const auto fork3 = source.add(synthetic_header(hashes[2], 3, 9), std::vector<Bytes>{}, {}, false);
  const auto fork4 = source.add(synthetic_header(fork3, 4, 9), std::vector<Bytes>{}, {}, false);
  // Descending from the fork's head walks the fork, then the common chain.
  auto down =
      build_block_response(request_from(fork4, kHeader, Direction::kDescending, 3), source).value();
  ASSERT_EQ(down.blocks.size(), 3u);
  EXPECT_EQ(down.blocks[0].hash, fork4);
  EXPECT_EQ(down.blocks[1].hash, fork3);
  EXPECT_EQ(down.blocks[2].hash, hashes[2]);
  // Ascending from a fork block continues on the best chain by number (Substrate's BlockId::
  // Number(n + 1)).
  auto up =
      build_block_response(request_from(fork3, kHeader, Direction::kAscending, 3), source).value();
  ASSERT_EQ(up.blocks.size(), 3u);
  EXPECT_EQ(up.blocks[0].hash, fork3);
  EXPECT_EQ(up.blocks[1].hash, hashes[4]);
  EXPECT_EQ(up.blocks[2].hash, hashes[5]);
  // Unknown start: an empty response, not a failure.
  block::BlockHash unknown{};
  unknown.fill(0xee);
  EXPECT_TRUE(build_block_response(request_from(unknown, kHeader), source).value().blocks.empty());
  EXPECT_TRUE(build_block_response(request_from(block::BlockNumber{6}, kHeader), source)
                  .value()
                  .blocks.empty());
}

TEST(BlockRequestHandler, JustificationsForOldAndNewPeers) {
  MemoryBlockSource source;
  const auto hashes = source.add_chain(4);
  const block::Justifications both{{block::kBeefyEngineId, Bytes{1}},
                                   {block::kGrandpaEngineId, Bytes{2}}};
  source.entry(hashes[1]).justifications = both;
  source.entry(hashes[2]).justifications =
      block::Justifications{{block::kGrandpaEngineId, Bytes{}}};
  source.entry(hashes[3]).justifications = block::Justifications{{block::kBeefyEngineId, Bytes{3}}};

  BlockRequest request = request_from(block::BlockNumber{0}, kJustification);
  request.support_multiple_justifications = true;
  auto multiple = build_block_response(request, source).value();
  ASSERT_EQ(multiple.blocks.size(), 4u);
  EXPECT_FALSE(multiple.blocks[0].justifications);
  EXPECT_EQ(multiple.blocks[1].justifications, both);
  EXPECT_FALSE(multiple.blocks[1].justification);

  request.support_multiple_justifications = false;
  auto single = build_block_response(request, source).value();
  ASSERT_EQ(single.blocks.size(), 4u);
  EXPECT_FALSE(single.blocks[0].justification);
  EXPECT_EQ(single.blocks[1].justification, Bytes{2});  // GRANDPA's, not the first one
  EXPECT_EQ(single.blocks[2].justification, Bytes{});   // is_empty_justification
  EXPECT_FALSE(single.blocks[3].justification);         // no GRANDPA justification
  EXPECT_FALSE(single.blocks[1].justifications);
  // The empty one survives the wire as the flag.
  const Bytes encoded = encode_block_response(single);
  EXPECT_EQ(decode_block_response(encoded).value(), single);
  // Not requested: nothing, even when stored.
  request.fields.bits = kHeader;
  EXPECT_FALSE(build_block_response(request, source).value().blocks[1].justification);
}

TEST(BlockRequestHandler, MissingBodyEndsTheResponse) {
  MemoryBlockSource source;
  const auto hashes = source.add_chain(5);
  source.entry(hashes[3]).body.reset();
  auto with_body = build_block_response(request_from(block::BlockNumber{1}, kBody), source).value();
  EXPECT_EQ(numbers(with_body, source), (std::vector<block::BlockNumber>{1, 2}));
  // Without the body requested the gap does not matter.
  EXPECT_EQ(build_block_response(request_from(block::BlockNumber{1}, kHeader), source)
                .value()
                .blocks.size(),
            4u);
}

TEST(BlockRequestHandler, BodiesStayUnderEightMebibytes) {
  MemoryBlockSource source;
  block::BlockHash parent{};
  const Bytes three_mib(3 * 1024 * 1024, 0x5a);
  for (block::BlockNumber n = 0; n < 5; ++n) {
    parent = source.add(synthetic_header(parent, n), std::vector<Bytes>{three_mib});
  }
  auto response = build_block_response(request_from(block::BlockNumber{0}, kBody), source).value();
  EXPECT_EQ(response.blocks.size(), 2u);  // 6 MiB; a third would make 9
  // A single block over the limit is still sent.
  block::BlockHash big_parent = parent;
  const auto big =
      source.add(synthetic_header(big_parent, 5), std::vector<Bytes>{Bytes(9 * 1024 * 1024, 1)});
  auto alone = build_block_response(request_from(big, kBody), source).value();
  ASSERT_EQ(alone.blocks.size(), 1u);
  // Headers are not counted against the body limit.
  EXPECT_EQ(build_block_response(request_from(block::BlockNumber{0}, kHeader), source)
                .value()
                .blocks.size(),
            6u);
  // The encoded size accounting is exact.
  size_t sum = 0;
  for (const BlockData& b : response.blocks) sum += encoded_block_data_size(b);
  EXPECT_EQ(encode_block_response(response).size(), sum);
}

TEST(BlockRequestHandler, StorageErrors) {
  MemoryBlockSource source;
  const auto hashes = source.add_chain(5);
  // A failing header lookup is "unknown" (Substrate's unwrap_or_default): the response ends.
  source.fail_header(hashes[3]);
  EXPECT_EQ(build_block_response(request_from(block::BlockNumber{1}, kHeader), source)
                .value()
                .blocks.size(),
            2u);
  // A failing body or justification read fails the whole request.
  source.fail_body(hashes[2]);
  auto body = build_block_response(request_from(block::BlockNumber{1}, kBody), source);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().message, "body");
  source.fail_justifications(hashes[1]);
  EXPECT_FALSE(build_block_response(request_from(block::BlockNumber{1}, kJustification), source));
  EXPECT_TRUE(build_block_response(request_from(block::BlockNumber{1}, kHeader), source));
}

TEST(BlockRequestHandler, RequestBytesToResponseBytes) {
  // The whole path a connection will take: the real request of block_request_test (#2186221,
  // header + justification) against a short chain answers nothing; by number 1 it answers.
  MemoryBlockSource source;
  source.add_chain(3);
  const Bytes real = {8, 128, 128, 128, 136, 1, 26, 4, 237, 91, 33, 0, 48, 1, 56, 1};
  auto request = decode_block_request(real).value();
  EXPECT_TRUE(build_block_response(request, source).value().blocks.empty());
  request.from = block::BlockNumber{1};
  const Bytes answer = encode_block_response(build_block_response(request, source).value());
  auto decoded = decode_block_response(answer).value();
  ASSERT_EQ(decoded.blocks.size(), 1u);
  EXPECT_EQ(decoded.blocks[0].header->number, 1u);
  EXPECT_EQ(decoded.blocks[0].justifications, std::nullopt);
}

// --- over a real Chain -------------------------------------------------------------------------

struct StoredChain {
  state::testing::TempDir dir;
  std::unique_ptr<blockchain::Chain> chain;
  std::vector<block::BlockHash> best;  // #0..#5
  block::BlockHash fork{};             // #3' on #2
};

void import(blockchain::Chain& chain, const block::Header& header, const std::vector<Bytes>& body,
            bool make_best) {
  state::BlockCommit commit;
  commit.header = header;
  commit.body = scale::encode(body);
  commit.make_best = make_best;
  auto done = chain.import(commit);
  ASSERT_TRUE(done) << done.error().message();
}

std::unique_ptr<StoredChain> stored_chain() {
  auto out = std::make_unique<StoredChain>();
  state::DatabaseOptions options;
  options.sync = state::SyncPolicy::kNever;
  auto db = state::Database::open(out->dir.path(), options);
  EXPECT_TRUE(db) << db.error().message();
  if (!db) return nullptr;
  // Every state is the empty trie: nothing to execute or store but the blocks.
  state::BlockCommit genesis;
  genesis.header = block::genesis_header(block::kEmptyTrieRoot);
  genesis.body = scale::encode(std::vector<Bytes>{});
  EXPECT_TRUE((*db)->commit(genesis));
  auto chain = blockchain::Chain::open(std::move(*db));
  EXPECT_TRUE(chain) << chain.error().message();
  if (!chain) return nullptr;
  out->chain = std::move(*chain);
  out->best.push_back(out->chain->genesis().hash);
  for (block::BlockNumber n = 1; n <= 5; ++n) {
    const block::Header header = synthetic_header(out->best.back(), n);
    import(*out->chain, header, {Bytes{static_cast<uint8_t>(n)}, Bytes{0xff, 0x00}}, true);
    out->best.push_back(block::hash_of(header));
  }
  const block::Header fork = synthetic_header(out->best[2], 3, 7);
  import(*out->chain, fork, {}, false);
  out->fork = block::hash_of(fork);
  // Finalize #2 with GRANDPA's justification, stored as SCALE Justifications.
  const block::Justifications justifications{{block::kGrandpaEngineId, Bytes{0xaa, 0xbb}}};
  auto finalized = out->chain->finalize(out->best[2], scale::encode(justifications));
  EXPECT_TRUE(finalized) << finalized.error().message();
  return out;
}

TEST(BlockRequestHandler, ServesARealChain) {
  auto stored = stored_chain();
  ASSERT_TRUE(stored);
  const ChainBlockSource source(*stored->chain);
  BlockRequest request = request_from(block::BlockNumber{0}, kHeader | kBody | kJustification);
  auto response = build_block_response(request, source);
  ASSERT_TRUE(response) << response.error().message;
  ASSERT_EQ(response->blocks.size(), 6u);
  for (size_t n = 0; n < 6; ++n) {
    const BlockData& b = response->blocks[n];
    EXPECT_EQ(b.hash, stored->best[n]);
    ASSERT_TRUE(b.header);
    EXPECT_EQ(b.header->number, n);
    if (n > 0) {
      EXPECT_EQ(b.body, (std::vector<Bytes>{Bytes{static_cast<uint8_t>(n)}, Bytes{0xff, 0x00}}));
    }
  }
  EXPECT_EQ(response->blocks[2].justifications,
            (block::Justifications{{block::kGrandpaEngineId, Bytes{0xaa, 0xbb}}}));
  EXPECT_FALSE(response->blocks[3].justifications);
  // The body travels length-prefixed, as Substrate's `extrinsic.encode()`.
  const Bytes encoded = encode_block_response(*response);
  EXPECT_EQ(decode_block_response(encoded).value(), *response);

  // Descending from the unfinalized fork block, old-style justification.
  request = request_from(stored->fork, kHeader | kJustification, Direction::kDescending, 3);
  request.support_multiple_justifications = false;
  auto down = build_block_response(request, source).value();
  ASSERT_EQ(down.blocks.size(), 3u);
  EXPECT_EQ(down.blocks[0].hash, stored->fork);
  EXPECT_EQ(down.blocks[1].hash, stored->best[2]);
  EXPECT_EQ(down.blocks[1].justification, (Bytes{0xaa, 0xbb}));
  EXPECT_EQ(down.blocks[2].hash, stored->best[1]);
}

}  // namespace
}  // namespace canary::network
