// The adder collator's pure parts (parachain/collator): the adder's semantics against the
// fixture's known answer, and collations that the real adder PVF, run by the PVF host's worker
// processes through candidate validation, finds valid block after block (and invalid in the
// collator's test mode); the collation's erasure root is that of its AvailableData.
#include "parachain/collator/adder_collator.hpp"

#include <gtest/gtest.h>

#include "parachain/candidate_validation/candidate_validation.hpp"
#include "parachain/collator/adder.hpp"
#include "parachain/collator/collation.hpp"
#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "parachain/primitives/validation_params.hpp"
#include "parachain/primitives/validation_result.hpp"
#include "parachain/pvf/pvf_host.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"
#include "tests/unit/parachain/pvf/pvf_host_fixture.hpp"
#include "tests/unit/parachain/pvf/pvf_test_support.hpp"

namespace canary::parachain {
namespace {

TEST(Adder, ExecuteGivesTheFixturesKnownAnswer) {
  const auto params = scale::decode<ValidationParams>(pvf::testing::adder_params()).value();
  const auto result =
      scale::decode<ValidationResult>(from_hex(pvf::testing::kAdderResult).value()).value();
  EXPECT_EQ(adder::encode_head(adder::genesis_head()), params.parent_head);
  const auto head = adder::execute(params.parent_head.data, params.block_data.data);
  ASSERT_TRUE(head.has_value()) << adder::to_string(head.error());
  EXPECT_EQ(adder::encode_head(*head), result.head_data);

  Bytes wrong_state = params.block_data.data;
  wrong_state[0] = 1;
  EXPECT_EQ(adder::execute(params.parent_head.data, wrong_state).error(),
            adder::AdderError::kStateMismatch);
  EXPECT_EQ(adder::execute(Bytes(71, 0), params.block_data.data).error(),
            adder::AdderError::kBadParentHead);
  EXPECT_EQ(adder::execute(params.parent_head.data, Bytes(15, 0)).error(),
            adder::AdderError::kBadBlockData);
}

TEST(AdderBlockProducer, BuildsOnHeadsItKnowsOnly) {
  adder::BlockProducer producer;
  const HeadData genesis = adder::encode_head(adder::genesis_head());
  const auto first = producer.produce(genesis, 7);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->head.number, 1U);
  EXPECT_EQ(first->commitments.hrmp_watermark, 7U);
  EXPECT_EQ(adder::execute(genesis.data, first->pov.block_data.data).value(), first->head);
  const auto second = producer.produce(first->commitments.head_data, 8);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->head.number, 2U);
  EXPECT_EQ(second->head.parent_hash, hash::keccak_256(first->commitments.head_data.data));

  adder::Head stranger = adder::genesis_head();
  stranger.post_state = adder::state_hash(12345);
  EXPECT_FALSE(producer.produce(adder::encode_head(stranger), 9).has_value());
  EXPECT_FALSE(producer.produce(HeadData{Bytes{1, 2, 3}}, 9).has_value());
}

// A collator started again learns the state of the head its previous run made from that head's
// recovered block, and builds on it; a block that does not produce the head teaches nothing.
TEST(AdderBlockProducer, LearnsTheStateOfAHeadFromItsBlock) {
  adder::BlockProducer before;
  const HeadData genesis = adder::encode_head(adder::genesis_head());
  const auto first = before.produce(genesis, 7);
  ASSERT_TRUE(first.has_value());
  const auto second = before.produce(first->commitments.head_data, 8);
  ASSERT_TRUE(second.has_value());

  adder::BlockProducer restarted;
  const HeadData& head = second->commitments.head_data;
  EXPECT_FALSE(restarted.produce(head, 9).has_value());
  // The wrong parent, the wrong block, a block for another head: nothing learned.
  EXPECT_FALSE(restarted.learn(genesis, second->pov.block_data.data, head));
  EXPECT_FALSE(restarted.learn(first->commitments.head_data, first->pov.block_data.data, head));
  EXPECT_FALSE(restarted.learn(first->commitments.head_data, Bytes{1, 2, 3}, head));
  EXPECT_FALSE(restarted.learn(first->commitments.head_data, second->pov.block_data.data,
                               first->commitments.head_data));
  EXPECT_EQ(restarted.known_states(), 1U);

  ASSERT_TRUE(restarted.learn(first->commitments.head_data, second->pov.block_data.data, head));
  EXPECT_EQ(restarted.state_of(second->head), before.state_of(second->head));
  const auto third = restarted.produce(head, 9);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(third->head, before.produce(head, 9)->head);
}

CollationInputs inputs_for(const adder::AdderBlock& block, const HeadData& parent,
                           uint32_t relay_number) {
  CollationInputs inputs;
  inputs.para_id = 100;
  inputs.relay_parent = Hash256{};
  inputs.relay_parent[0] = static_cast<uint8_t>(relay_number);
  inputs.core_index = 0;
  inputs.session_index = 3;
  inputs.validation_data = PersistedValidationData{parent, relay_number, Hash256{}, kMaxPovSize};
  inputs.validation_code_hash = validation_code_hash(ValidationCode{pvf::testing::adder_code()});
  inputs.n_validators = 4;
  inputs.pov = block.pov;
  inputs.commitments = block.commitments;
  return inputs;
}

CandidateValidationRequest request_for(const Collation& collation, const CollationInputs& inputs) {
  CandidateValidationRequest request;
  request.validation_data = inputs.validation_data;
  request.validation_code = ValidationCode{pvf::testing::adder_code()};
  request.receipt = collation.candidate.to_plain();
  request.pov = collation.pov;
  request.expected_session = inputs.session_index;
  request.claim_queue = ClaimQueue{{0, {100}}};
  return request;
}

TEST(Collation, TheErasureRootIsThatOfTheAvailableData) {
  adder::BlockProducer producer;
  const HeadData genesis = adder::encode_head(adder::genesis_head());
  const auto block = producer.produce(genesis, 1).value();
  const CollationInputs inputs = inputs_for(block, genesis, 1);
  const auto collation = build_collation(inputs);
  ASSERT_TRUE(collation.has_value()) << to_string(collation.error());
  const CandidateDescriptor& d = collation->candidate.descriptor;
  EXPECT_EQ(d.version(), DescriptorVersion::kV2);
  EXPECT_EQ(d.core_index(), 0U);
  EXPECT_EQ(d.session_index(), 3U);
  EXPECT_EQ(d.para_head, head_data_hash(block.commitments.head_data));
  EXPECT_EQ(collation->candidate_hash, candidate_hash(collation->candidate.to_plain()));

  const Bytes available = scale::encode(AvailableData{inputs.pov, inputs.validation_data});
  const auto chunks = erasure_coding::obtain_chunks(4, available).value();
  EXPECT_EQ(d.erasure_root, erasure_coding::erasure_root(chunks));
  // Any two of the four chunks give the data back.
  std::vector<erasure_coding::IndexedChunk> two{{chunks[1], 1}, {chunks[3], 3}};
  const Bytes recovered = erasure_coding::reconstruct(4, two).value();
  scale::Decoder in(recovered);
  EXPECT_EQ(scale::decode_next<AvailableData>(in),
            (AvailableData{inputs.pov, inputs.validation_data}));

  CollationInputs too_large = inputs;
  too_large.validation_data.max_pov_size = 4;
  EXPECT_EQ(build_collation(too_large).error(), CollationError::kPovTooLarge);
  CollationInputs bad_core = inputs;
  bad_core.core_index = 70'000;
  EXPECT_EQ(build_collation(bad_core).error(), CollationError::kCoreIndexTooLarge);
  CollationInputs no_validators = inputs;
  no_validators.n_validators = 1;
  EXPECT_EQ(build_collation(no_validators).error(), CollationError::kErasureCoding);
}

class AdderCollationsWithPvfHost : public pvf::testing::WithPvfHost {};

TEST_F(AdderCollationsWithPvfHost, TheAdderPvfBacksEveryBlockOfAnHonestCollator) {
  adder::BlockProducer producer;
  HeadData parent = adder::encode_head(adder::genesis_head());
  for (uint32_t relay_number = 1; relay_number <= 4; ++relay_number) {
    const auto block = producer.produce(parent, relay_number);
    ASSERT_TRUE(block.has_value());
    const CollationInputs inputs = inputs_for(*block, parent, relay_number);
    const auto collation = build_collation(inputs).value();
    const auto outcome = validate_candidate(request_for(collation, inputs), runner());
    ASSERT_TRUE(outcome.has_value()) << outcome.error();
    const auto* valid = std::get_if<ValidCandidate>(&*outcome);
    ASSERT_NE(valid, nullptr) << std::get<InvalidVerdict>(*outcome).detail;
    EXPECT_EQ(valid->commitments, block->commitments);
    parent = block->commitments.head_data;
  }
}

TEST_F(AdderCollationsWithPvfHost, TheInvalidModesBlocksAreRefusedByThePvf) {
  adder::BlockProducer producer(adder::CollatorMode::kInvalidPov);
  const HeadData genesis = adder::encode_head(adder::genesis_head());
  const auto block = producer.produce(genesis, 1);
  ASSERT_TRUE(block.has_value());
  const CollationInputs inputs = inputs_for(*block, genesis, 1);
  const auto collation = build_collation(inputs).value();
  const auto outcome = validate_candidate(request_for(collation, inputs), runner());
  ASSERT_TRUE(outcome.has_value()) << outcome.error();
  const auto* invalid = std::get_if<InvalidVerdict>(&*outcome);
  ASSERT_NE(invalid, nullptr);
  EXPECT_EQ(invalid->reason, InvalidCandidate::kExecutionError);
  // Nothing was remembered of a head the PVF refuses.
  EXPECT_FALSE(producer.produce(block->commitments.head_data, 2).has_value());
}

}  // namespace
}  // namespace canary::parachain
