// The `/sync/warp` proof builder (warp_proof.rs WarpSyncProof::generate) over an in-memory chain
// whose GRANDPA sets change three times, each hand-off signed by the dev keys of the set that ends,
// and the verifier (smoldot's warp sync verifier) that checks what it builds: proofs from genesis
// and from later blocks, cut by a size limit and continued, refused begin blocks, missing records,
// forced changes, and every rejection of a tampered proof.
#include "network/protocols/warp_sync_handler.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "network/protocols/warp_sync.hpp"
#include "network/sync/warp_sync_verifier.hpp"
#include "tests/unit/consensus/grandpa_test_support.hpp"
#include "tests/unit/network/warp_sync_test_support.hpp"

namespace canary::network {
namespace {

namespace grandpa = consensus::grandpa;
using testing::authorities_of;
using testing::scheduled_change;
using testing::sign_justification;

// The chain of warp_sync_test_support.hpp's SignedWarpChain: sets change at #5, #10 and #15,
// #18 is finalized, #19 and #20 are not, a fork block hangs off #11.
class WarpSyncHandlerTest : public ::testing::Test {
 protected:
  std::vector<block::BlockNumber> numbers(const WarpSyncProof& proof) const {
    std::vector<block::BlockNumber> out;
    for (const WarpSyncFragment& f : proof.proofs) out.push_back(f.header.number);
    return out;
  }

  testing::SignedWarpChain chain;
  const std::vector<std::vector<crypto::ed25519::Keypair>>& sets = chain.sets;
  testing::MemoryWarpProofSource& source = chain.source;
  const block::BlockHash& fork = chain.fork;
};

TEST_F(WarpSyncHandlerTest, FromGenesisEverySetChangeThenTheLatestFinalizedBlock) {
  auto proof = build_warp_sync_proof(source.canonical[0], source);
  ASSERT_TRUE(proof) << proof.error().message;
  EXPECT_EQ(numbers(*proof), (std::vector<block::BlockNumber>{5, 10, 15, 18}));
  EXPECT_TRUE(proof->is_finished);
  EXPECT_EQ(proof->proofs[0].header, source.headers.at(source.canonical[5]));
  EXPECT_EQ(scale::encode(proof->proofs[2].justification),
            source.justifications.at(source.canonical[15]));
  ASSERT_EQ(proof->proofs[2].justification.votes_ancestries.size(), 1u);
  EXPECT_EQ(proof->proofs[2].justification.votes_ancestries[0].number, 16u);

  // The bytes a client receives decode to the same proof.
  EXPECT_EQ(decode_warp_sync_proof(encode_warp_sync_proof(*proof)).value(), *proof);

  // Verified from the genesis set, it ends with set 3 at #18.
  auto verified = verify_warp_sync_proof(*proof, 0, authorities_of(sets[0]));
  ASSERT_TRUE(verified) << to_string(verified.error().kind);
  EXPECT_EQ(verified->set_id, 3u);
  EXPECT_EQ(verified->authorities, authorities_of(sets[3]));
  EXPECT_EQ(verified->fragments, 4u);
  EXPECT_TRUE(verified->is_finished);
  ASSERT_TRUE(verified->last_header);
  EXPECT_EQ(block::hash_of(*verified->last_header), source.canonical[18]);
}

TEST_F(WarpSyncHandlerTest, FromLaterBlocks) {
  // Inside set 1: its hand-off and the later ones.
  auto from7 = build_warp_sync_proof(source.canonical[7], source).value();
  EXPECT_EQ(numbers(from7), (std::vector<block::BlockNumber>{10, 15, 18}));
  EXPECT_EQ(verify_warp_sync_proof(from7, 1, authorities_of(sets[1])).value().set_id, 3u);
  // From a hand-off block itself: that change is not repeated (iter_from excludes the number).
  auto from10 = build_warp_sync_proof(source.canonical[10], source).value();
  EXPECT_EQ(numbers(from10), (std::vector<block::BlockNumber>{15, 18}));
  EXPECT_TRUE(verify_warp_sync_proof(from10, 2, authorities_of(sets[2])).has_value());
  // In the last set: only the latest finalized block.
  auto from16 = build_warp_sync_proof(source.canonical[16], source).value();
  EXPECT_EQ(numbers(from16), (std::vector<block::BlockNumber>{18}));
  EXPECT_TRUE(from16.is_finished);
  // The latest finalized block itself: its justification is at or above the begin block.
  auto from18 = build_warp_sync_proof(source.canonical[18], source).value();
  EXPECT_EQ(numbers(from18), (std::vector<block::BlockNumber>{18}));
  EXPECT_TRUE(verify_warp_sync_proof(from18, 3, authorities_of(sets[3])).has_value());
}

TEST_F(WarpSyncHandlerTest, TheBestJustificationOnlyAboveTheLastChange) {
  // GRANDPA's latest finality is the last hand-off (#15): nothing is added after it.
  source.best = source.justifications.at(source.canonical[15]);
  auto proof = build_warp_sync_proof(source.canonical[0], source).value();
  EXPECT_EQ(numbers(proof), (std::vector<block::BlockNumber>{5, 10, 15}));
  EXPECT_TRUE(proof.is_finished);
  EXPECT_EQ(verify_warp_sync_proof(proof, 0, authorities_of(sets[0])).value().set_id, 3u);
  // Nothing finalized yet: a finished proof of the changes alone, or an empty one.
  source.best.reset();
  EXPECT_EQ(numbers(build_warp_sync_proof(source.canonical[0], source).value()),
            (std::vector<block::BlockNumber>{5, 10, 15}));
  auto empty = build_warp_sync_proof(source.canonical[17], source).value();
  EXPECT_TRUE(empty.proofs.empty());
  EXPECT_TRUE(empty.is_finished);
  auto verified = verify_warp_sync_proof(empty, 3, authorities_of(sets[3])).value();
  EXPECT_EQ(verified.fragments, 0u);
  EXPECT_FALSE(verified.last_header);
  // A best justification below the begin block (a stale record) is not sent either.
  source.best = source.justifications.at(source.canonical[3]);
  source.changes.clear();
  EXPECT_TRUE(build_warp_sync_proof(source.canonical[4], source).value().proofs.empty());
  EXPECT_EQ(numbers(build_warp_sync_proof(source.canonical[3], source).value()),
            (std::vector<block::BlockNumber>{3}));
}

TEST_F(WarpSyncHandlerTest, CutBySizeAndContinued) {
  const auto full = build_warp_sync_proof(source.canonical[0], source).value();
  size_t first_two = 0;
  for (size_t i = 0; i < 2; ++i) first_two += scale::encoded_size(full.proofs[i]);
  // Two fragments fit strictly below max - 50, the third does not.
  const size_t max_size = first_two + 50 + 1;
  auto cut = build_warp_sync_proof(source.canonical[0], source, max_size).value();
  EXPECT_EQ(numbers(cut), (std::vector<block::BlockNumber>{5, 10}));
  EXPECT_FALSE(cut.is_finished);
  EXPECT_LE(encode_warp_sync_proof(cut).size(), max_size);
  // Exactly at the bound is already too much (Substrate's `>=`).
  EXPECT_EQ(numbers(build_warp_sync_proof(source.canonical[0], source, first_two + 50).value()),
            (std::vector<block::BlockNumber>{5}));

  // A client verifies what it got, then asks again from the last fragment.
  auto progress = verify_warp_sync_proof(cut, 0, authorities_of(sets[0])).value();
  EXPECT_FALSE(progress.is_finished);
  EXPECT_EQ(progress.set_id, 2u);
  std::vector<block::BlockNumber> all = numbers(cut);
  int requests = 1;
  while (!progress.is_finished) {
    ASSERT_LT(++requests, 10);
    auto next = build_warp_sync_proof(block::hash_of(*progress.last_header), source, max_size);
    ASSERT_TRUE(next) << next.error().message;
    for (block::BlockNumber n : numbers(*next)) all.push_back(n);
    auto verified = verify_warp_sync_proof(*next, progress.set_id, progress.authorities);
    ASSERT_TRUE(verified) << to_string(verified.error().kind);
    progress = *verified;
  }
  EXPECT_EQ(all, numbers(full));
  EXPECT_EQ(progress.set_id, 3u);
  EXPECT_EQ(block::hash_of(*progress.last_header), source.canonical[18]);

  // Too small for any fragment: an unfinished empty proof, which a verifier refuses.
  auto none = build_warp_sync_proof(source.canonical[0], source, 10).value();
  EXPECT_TRUE(none.proofs.empty());
  EXPECT_FALSE(none.is_finished);
  EXPECT_EQ(verify_warp_sync_proof(none, 0, authorities_of(sets[0])).error().kind,
            WarpSyncVerifyErrorKind::kEmptyProof);
}

TEST_F(WarpSyncHandlerTest, RefusedBeginBlocks) {
  block::BlockHash unknown{};
  unknown[0] = 0x42;
  EXPECT_EQ(build_warp_sync_proof(unknown, source).error().kind, WarpProofErrorKind::kUnknownBlock);
  EXPECT_EQ(build_warp_sync_proof(source.canonical[19], source).error().kind,
            WarpProofErrorKind::kNotFinalized);
  EXPECT_EQ(build_warp_sync_proof(fork, source).error().kind,
            WarpProofErrorKind::kNotInFinalizedChain);
  source.failing = true;
  EXPECT_EQ(build_warp_sync_proof(source.canonical[0], source).error().kind,
            WarpProofErrorKind::kSource);
}

TEST_F(WarpSyncHandlerTest, MissingRecordsFailTheRequest) {
  // A hand-off without its justification.
  testing::MemoryWarpProofSource without = source;
  without.justifications.erase(source.canonical[10]);
  EXPECT_EQ(build_warp_sync_proof(source.canonical[0], without).error().kind,
            WarpProofErrorKind::kMissingData);
  // Starting before it is fine.
  EXPECT_TRUE(build_warp_sync_proof(source.canonical[10], without).has_value());
  // A stored justification that does not decode.
  testing::MemoryWarpProofSource garbled = source;
  garbled.justifications[source.canonical[5]] = Bytes{1, 2, 3};
  EXPECT_EQ(build_warp_sync_proof(source.canonical[0], garbled).error().kind,
            WarpProofErrorKind::kInvalidJustification);
  garbled = source;
  garbled.best = Bytes{9};
  EXPECT_EQ(build_warp_sync_proof(source.canonical[0], garbled).error().kind,
            WarpProofErrorKind::kInvalidJustification);
  // Records that start after set 0 (the older ones are gone) cannot place an older block.
  testing::MemoryWarpProofSource pruned = source;
  pruned.changes = {{1, 10}, {2, 15}};
  EXPECT_EQ(build_warp_sync_proof(source.canonical[3], pruned).error().kind,
            WarpProofErrorKind::kMissingData);
  EXPECT_EQ(numbers(build_warp_sync_proof(source.canonical[10], pruned).value()),
            (std::vector<block::BlockNumber>{15, 18}));
  // A recorded number above anything finalized.
  testing::MemoryWarpProofSource ahead = source;
  ahead.changes.emplace_back(3, 19);
  EXPECT_EQ(build_warp_sync_proof(source.canonical[0], ahead).error().kind,
            WarpProofErrorKind::kMissingData);
}

TEST_F(WarpSyncHandlerTest, AForcedChangeEndsTheChainOfHandOffs) {
  // Set 1 ended by a forced change recorded at #10, whose header does not signal a scheduled
  // change: the proof stops before it and, not cut by size, is finished with the best
  // justification (which a verifier cannot check: the hand-off is missing), as in Substrate.
  block::Header forced = source.headers.at(source.canonical[10]);
  forced.digest = {testing::forced_change(authorities_of(sets[2]), 8)};
  testing::MemoryWarpProofSource broken = source;
  broken.headers[source.canonical[10]] = forced;
  auto proof = build_warp_sync_proof(source.canonical[0], broken).value();
  EXPECT_EQ(numbers(proof), (std::vector<block::BlockNumber>{5, 18}));
  EXPECT_TRUE(proof.is_finished);
  auto verified = verify_warp_sync_proof(proof, 0, authorities_of(sets[0]));
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().fragment, 1u);
  EXPECT_EQ(verified.error().kind, WarpSyncVerifyErrorKind::kInvalidJustification);
  EXPECT_EQ(verified.error().verified.set_id, 1u);
  EXPECT_EQ(verified.error().verified.fragments, 1u);
}

TEST_F(WarpSyncHandlerTest, VerifierRefusesTamperedProofs) {
  const auto good = build_warp_sync_proof(source.canonical[0], source).value();
  const auto alice = authorities_of(sets[0]);

  // A signature byte flipped in the second fragment: the first stays proven.
  auto tampered = good;
  tampered.proofs[1].justification.commit.precommits[0].signature[3] ^= 1;
  auto refused = verify_warp_sync_proof(tampered, 0, alice);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, WarpSyncVerifyErrorKind::kInvalidJustification);
  EXPECT_EQ(refused.error().grandpa, grandpa::GrandpaError::kBadSignature);
  EXPECT_EQ(refused.error().fragment, 1u);
  EXPECT_EQ(refused.error().verified.set_id, 1u);
  EXPECT_EQ(refused.error().verified.authorities, authorities_of(sets[1]));
  EXPECT_EQ(refused.error().verified.last_header->number, 5u);
  EXPECT_FALSE(refused.error().verified.is_finished);

  // A header that is not the justification's target (another announced set slipped in).
  tampered = good;
  tampered.proofs[0].header.digest = {scheduled_change(authorities_of(sets[3]))};
  EXPECT_EQ(verify_warp_sync_proof(tampered, 0, alice).error().kind,
            WarpSyncVerifyErrorKind::kTargetMismatch);
  tampered = good;
  tampered.proofs[0].justification.commit.target_number = 6;
  EXPECT_EQ(verify_warp_sync_proof(tampered, 0, alice).error().kind,
            WarpSyncVerifyErrorKind::kTargetMismatch);

  // The right signatures for the wrong set id, or another trusted set.
  EXPECT_EQ(verify_warp_sync_proof(good, 1, alice).error().grandpa,
            grandpa::GrandpaError::kBadSignature);
  EXPECT_EQ(verify_warp_sync_proof(good, 0, authorities_of(sets[3])).error().kind,
            WarpSyncVerifyErrorKind::kInvalidJustification);
  EXPECT_EQ(verify_warp_sync_proof(good, 0, {}).error().kind,
            WarpSyncVerifyErrorKind::kInvalidAuthoritySet);

  // A fragment dropped: set 1's justification checked against set 0.
  tampered = good;
  tampered.proofs.erase(tampered.proofs.begin());
  EXPECT_EQ(verify_warp_sync_proof(tampered, 0, alice).error().fragment, 0u);

  // The final fragment (no set change) is only allowed last in a finished proof.
  tampered = good;
  tampered.is_finished = false;
  auto unfinished = verify_warp_sync_proof(tampered, 0, alice);
  EXPECT_EQ(unfinished.error().kind, WarpSyncVerifyErrorKind::kMissingAuthoritySetChange);
  EXPECT_EQ(unfinished.error().fragment, 3u);
  EXPECT_EQ(unfinished.error().verified.set_id, 3u);
  // An ordinary justification in the middle of the hand-offs.
  auto with_plain = good;
  with_plain.proofs.insert(with_plain.proofs.begin(),
                           WarpSyncFragment{source.headers.at(source.canonical[3]),
                                            scale::decode<grandpa::GrandpaJustification>(
                                                source.justifications.at(source.canonical[3]))
                                                .value()});
  EXPECT_EQ(verify_warp_sync_proof(with_plain, 0, alice).error().kind,
            WarpSyncVerifyErrorKind::kMissingAuthoritySetChange);

  // A hand-off to an empty set.
  auto to_nobody = good;
  to_nobody.proofs.resize(1);
  to_nobody.proofs[0].header.digest = {scheduled_change({})};
  to_nobody.proofs[0].justification =
      sign_justification({block::hash_of(to_nobody.proofs[0].header), 5}, sets[0], 0, 1,
                         [](const auto&) { return std::optional<block::Header>{}; });
  EXPECT_EQ(verify_warp_sync_proof(to_nobody, 0, alice).error().kind,
            WarpSyncVerifyErrorKind::kInvalidAuthoritySet);
}

TEST_F(WarpSyncHandlerTest, VerifierTakesForcedChangesLikeSmoldot) {
  // A hand-off block that signals a forced change (a server that sends one; ours stops there).
  block::Header header = source.headers.at(source.canonical[5]);
  header.digest = {testing::forced_change(authorities_of(sets[1]), 2)};
  const block::BlockHash hash = block::hash_of(header);
  source.headers[hash] = header;
  WarpSyncProof proof;
  proof.proofs.push_back(WarpSyncFragment{
      header, sign_justification({hash, 5}, sets[0], 0, 3,
                                 [this](const auto& h) { return source.lookup(h); })});
  proof.is_finished = false;
  auto verified = verify_warp_sync_proof(proof, 0, authorities_of(sets[0])).value();
  EXPECT_EQ(verified.set_id, 1u);
  EXPECT_EQ(verified.authorities, authorities_of(sets[1]));
}

}  // namespace
}  // namespace canary::network
