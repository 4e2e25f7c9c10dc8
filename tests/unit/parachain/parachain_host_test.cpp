// The node's ParachainHost client (parachain/runtime_api): the answer types against polkadot.js'
// encodings of Kusama's types (@polkadot/types with Kusama's spec 1_009_002 metadata, the
// `kusama-hex` of @polkadot/types-support; each vector below says what it was made from), every
// strict prefix and every extension of them refused, bad variant indices refused, polkadot-sdk's
// GroupRotationInfo properties; then the client over a scripted caller: exported names, argument
// encodings, complete decoding, the error kinds and the version gate. The client against the
// Canary runtime's own answers is tests/unit/runtime/parachain_host_node_client_test.cpp.
#include "parachain/runtime_api/parachain_host.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parachain/runtime_api/host_types.hpp"
#include "primitives/scale/scale.hpp"
#include "tests/support/hex.hpp"
#include "tests/support/polkadot_js_candidate.hpp"

namespace canary::parachain {
namespace {

using test::hex;
using test::unhex;
using test::polkadot_js::kPjsCommitments;
using test::polkadot_js::kPjsDescriptor;
using test::polkadot_js::kPjsReceipt;

Hash256 filled(uint8_t b) {
  Hash256 h;
  h.fill(b);
  return h;
}

// The candidate of tests/support/polkadot_js_candidate.hpp.
CandidateDescriptor sample_descriptor() {
  CandidateDescriptor d;
  d.para_id = 2000;
  d.relay_parent = filled(0x11);
  d.core_index_v2 = 3;
  d.session_index_v2 = 7;
  d.persisted_validation_data_hash = filled(0x22);
  d.pov_hash = filled(0x33);
  d.erasure_root = filled(0x44);
  d.para_head = filled(0x55);
  d.validation_code_hash = filled(0x66);
  return d;
}

CandidateCommitments sample_commitments() {
  CandidateCommitments c;
  c.upward_messages = {Bytes{1, 2}, Bytes{}};
  c.horizontal_messages = {OutboundHrmpMessage{2001, Bytes{0xaa, 0xbb}}};
  c.new_validation_code = ValidationCode{{0, 1, 2, 3, 4, 5, 6, 7}};
  c.head_data = HeadData{{0xde, 0xad, 0xbe, 0xef}};
  c.processed_downward_messages = 1;
  c.hrmp_watermark = 42;
  return c;
}

CandidateReceipt sample_receipt() {
  return CommittedCandidateReceipt{sample_descriptor(), sample_commitments()}.to_plain();
}

scale::BitVec bits(std::initializer_list<bool> values) {
  scale::BitVec out;
  for (bool v : values) out.push_back(v);
  return out;
}

// Decodes as T, encodes back to the same bytes; every strict prefix fails and one more byte is
// refused as trailing.
template <class T>
T decode_exactly(std::string_view hex_text) {
  const Bytes bytes = unhex(hex_text);
  auto decoded = scale::decode<T>(bytes);
  EXPECT_TRUE(decoded.has_value()) << hex_text;
  if (!decoded) return T{};
  EXPECT_EQ(hex(scale::encode(*decoded)), hex_text);
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(scale::decode<T>(ByteSpan(bytes).first(n)).has_value()) << "prefix " << n;
  }
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(scale::decode<T>(longer).error(), scale::DecodeError::kTrailingBytes);
  return *decoded;
}

// registry.createType('PolkadotPrimitivesV8GroupRotationInfo',
//   {sessionStartBlock: 10, groupRotationFrequency: 5, now: 27}).
constexpr std::string_view kPjsRotation = "0a000000050000001b000000";
// createType('(Vec<Vec<u32>>, PolkadotPrimitivesV8GroupRotationInfo)', [[[0, 1], [2]], rotation]).
constexpr std::string_view kPjsValidatorGroups =
    "0808000000000100000004020000000a000000050000001b000000";

TEST(HostTypes, GroupRotationInfoAsPolkadotJsAndPolkadotSdk) {
  const GroupRotationInfo rotation{10, 5, 27};
  EXPECT_EQ(decode_exactly<GroupRotationInfo>(kPjsRotation), rotation);
  const auto groups = decode_exactly<ValidatorGroups>(kPjsValidatorGroups);
  EXPECT_EQ(groups.groups, (std::vector<std::vector<ValidatorIndex>>{{0, 1}, {2}}));
  EXPECT_EQ(groups.rotation, rotation);

  // 17 blocks into the session at frequency 5: 3 rotations, so core c is backed by (c + 3) mod n.
  const std::vector<GroupIndex> expected = {3, 0, 1, 2};
  for (CoreIndex core = 0; core < 4; ++core) {
    EXPECT_EQ(rotation.group_for_core(core, 4), expected[core]);
    EXPECT_EQ(rotation.core_for_group(expected[core], 4), core);
  }
  // polkadot-sdk's group_rotation_info_calculations: now 15 of a session started at 10, every 5.
  const GroupRotationInfo at15{10, 5, 15};
  EXPECT_EQ(at15.next_rotation_at(), 20U);
  EXPECT_EQ(at15.last_rotation_at(), 15U);
  EXPECT_EQ(rotation.next_rotation_at(), 30U);
  EXPECT_EQ(rotation.last_rotation_at(), 25U);
  EXPECT_EQ(rotation.bump_rotation(), (GroupRotationInfo{10, 5, 30}));
  // Before the session's start nothing has rotated.
  EXPECT_EQ((GroupRotationInfo{10, 5, 3}).group_for_core(1, 4), 1U);
  // polkadot-sdk's group_for_core_is_core_for_group: the two are inverse for every rotation.
  for (uint32_t cores = 1; cores <= 64; ++cores) {
    for (uint32_t rotations = 0; rotations < cores * 2; ++rotations) {
      const GroupRotationInfo info{0, 1, rotations};
      for (CoreIndex core = 0; core < cores; ++core) {
        ASSERT_EQ(info.core_for_group(info.group_for_core(core, cores), cores), core);
      }
    }
  }
  // A zero frequency never rotates; no cores means group and core 0.
  const GroupRotationInfo still{0, 0, 1000};
  EXPECT_EQ(still.group_for_core(5, 8), 5U);
  EXPECT_EQ(still.core_for_group(6, 8), 6U);
  EXPECT_EQ(still.next_rotation_at(), 1000U);
  EXPECT_EQ(rotation.group_for_core(2, 0), 0U);
  EXPECT_EQ(rotation.core_for_group(2, 0), 0U);
}

// createType('Vec<PolkadotPrimitivesVstagingCoreState>', [
//   {Occupied: {nextUpOnAvailable: {paraId: 2000, collator: null}, occupiedSince: 100,
//     timeOutAt: 104, nextUpOnTimeOut: {paraId: 2000, collator: 0x07…}, availability: (9 bits
//     1,0,1,1,0,0,0,0,1), groupResponsible: 1, candidateHash: 0x77…,
//     candidateDescriptor: <kPjsDescriptor>}},
//   {Scheduled: {paraId: 2001, collator: null}}, {Free: null}]).
const std::string kPjsCores =
    "0c0001d007000000640000006800000001d007000001070707070707070707070707070707070707070707070707"
    "0707070707070707240d0101000000777777777777777777777777777777777777777777777777777777777777777"
    "7" +
    std::string(kPjsDescriptor) + "01d10700000002";

TEST(HostTypes, AvailabilityCoresAsPolkadotJs) {
  CollatorId collator;
  collator.fill(0x07);
  OccupiedCore occupied;
  occupied.next_up_on_available = ScheduledCore{2000, std::nullopt};
  occupied.occupied_since = 100;
  occupied.time_out_at = 104;
  occupied.next_up_on_time_out = ScheduledCore{2000, collator};
  occupied.availability = bits({true, false, true, true, false, false, false, false, true});
  occupied.group_responsible = 1;
  occupied.candidate_hash = filled(0x77);
  occupied.candidate_descriptor = sample_descriptor();
  const std::vector<CoreState> expected = {
      CoreState{CoreState::Occupied{occupied}},
      CoreState{CoreState::Scheduled{ScheduledCore{2001, std::nullopt}}},
      CoreState{CoreState::Free{}},
  };
  const auto cores = decode_exactly<std::vector<CoreState>>(kPjsCores);
  EXPECT_EQ(cores, expected);
  ASSERT_EQ(cores.size(), 3U);
  ASSERT_TRUE(cores[0].is_occupied());
  EXPECT_EQ(cores[0].para_id(), std::optional<ParaId>(2000));
  EXPECT_EQ(cores[0].occupied()->availability.count_ones(), 4U);
  EXPECT_TRUE(cores[0].occupied()->availability.get(8));
  EXPECT_EQ(cores[1].para_id(), std::optional<ParaId>(2001));
  EXPECT_EQ(cores[1].scheduled()->para_id, 2001U);
  EXPECT_FALSE(cores[2].para_id().has_value());
  EXPECT_EQ(cores[2].occupied(), nullptr);
  EXPECT_EQ(cores[2].scheduled(), nullptr);

  // CoreState has three variants and ScheduledCore's collator is an Option.
  EXPECT_EQ(scale::decode<CoreState>(unhex("03")).error(),
            scale::DecodeError::kInvalidVariantIndex);
  EXPECT_EQ(scale::decode<CoreState>(unhex("01d007000002")).error(),
            scale::DecodeError::kInvalidOptionTag);
}

// createType('Vec<PolkadotPrimitivesVstagingCandidateEvent>', [
//   {CandidateBacked: [receipt, 0xdeadbeef, 3, 1]}, {CandidateIncluded: [receipt, 0xdeadbeef, 3,
//   1]}, {CandidateTimedOut: [receipt, 0xdeadbeef, 3]}]) with the receipt of kPjsReceipt.
const std::string kPjsEvents = "0c00" + std::string(kPjsReceipt) + "10deadbeef030000000100000001" +
                               std::string(kPjsReceipt) + "10deadbeef030000000100000002" +
                               std::string(kPjsReceipt) + "10deadbeef03000000";

TEST(HostTypes, CandidateEventsAsPolkadotJs) {
  const HeadData head{{0xde, 0xad, 0xbe, 0xef}};
  const std::vector<CandidateEvent> expected = {
      CandidateEvent{CandidateEvent::CandidateBacked{sample_receipt(), head, 3, 1}},
      CandidateEvent{CandidateEvent::CandidateIncluded{sample_receipt(), head, 3, 1}},
      CandidateEvent{CandidateEvent::CandidateTimedOut{sample_receipt(), head, 3}},
  };
  const auto events = decode_exactly<std::vector<CandidateEvent>>(kPjsEvents);
  EXPECT_EQ(events, expected);
  for (const CandidateEvent& event : events) {
    EXPECT_EQ(event.receipt(), sample_receipt());
    EXPECT_EQ(event.head_data(), head);
    EXPECT_EQ(event.core(), 3U);
  }
  EXPECT_EQ(events[0].group(), std::optional<GroupIndex>(1));
  EXPECT_EQ(events[1].group(), std::optional<GroupIndex>(1));
  EXPECT_FALSE(events[2].group().has_value());
  EXPECT_EQ(scale::decode<CandidateEvent>(unhex("03")).error(),
            scale::DecodeError::kInvalidVariantIndex);
}

// createType('Option<PolkadotPrimitivesV8SessionInfo>', {activeValidatorIndices: [2, 0, 1],
//   randomSeed: 0xab…, disputePeriod: 6, validators: [0x01…, 0x02…], discoveryKeys: [0x03…],
//   assignmentKeys: [0x04…], validatorGroups: [[0, 1], [2]], nCores: 2,
//   zerothDelayTrancheWidth: 3, relayVrfModuloSamples: 4, nDelayTranches: 5, noShowSlots: 6,
//   neededApprovals: 7}).toU8a().
constexpr std::string_view kPjsSessionInfo =
    "010c020000000000000001000000ababababababababababababababababababababababababababababababab"
    "ab0600000008010101010101010101010101010101010101010101010101010101010101010102020202020202"
    "020202020202020202020202020202020202020202020202020403030303030303030303030303030303030303"
    "030303030303030303030303030404040404040404040404040404040404040404040404040404040404040404"
    "04080800000000010000000402000000020000000300000004000000050000000600000007000000";

TEST(HostTypes, SessionInfoAsPolkadotJs) {
  SessionInfo expected;
  expected.active_validator_indices = {2, 0, 1};
  expected.random_seed = filled(0xab);
  expected.dispute_period = 6;
  expected.validators = {ValidatorId{filled(0x01)}, ValidatorId{filled(0x02)}};
  expected.discovery_keys = {AuthorityDiscoveryId{filled(0x03)}};
  expected.assignment_keys = {AssignmentId{filled(0x04)}};
  expected.validator_groups = {{0, 1}, {2}};
  expected.n_cores = 2;
  expected.zeroth_delay_tranche_width = 3;
  expected.relay_vrf_modulo_samples = 4;
  expected.n_delay_tranches = 5;
  expected.no_show_slots = 6;
  expected.needed_approvals = 7;
  EXPECT_EQ(decode_exactly<std::optional<SessionInfo>>(kPjsSessionInfo), expected);
}

// createType('Option<PolkadotPrimitivesVstagingAsyncBackingBackingState>', {constraints:
//   {minRelayParentNumber: 98, maxPovSize: 10485760, maxCodeSize: 3145728, umpRemaining: 8,
//   umpRemainingBytes: 1048576, maxUmpNumPerCandidate: 5, dmpRemainingMessages: [90, 95],
//   hrmpInbound: {validWatermarks: [96, 99]}, hrmpChannelsOut: [[2001, {bytesRemaining: 1000,
//   messagesRemaining: 7}]], maxHrmpNumPerCandidate: 5, requiredParent: 0x0102,
//   validationCodeHash: 0x66…, upgradeRestriction: 'Present', futureValidationCode: [120, 0x88…]},
//   pendingAvailability: [{candidateHash: 0x77…, descriptor, commitments (kPjsCommitments),
//   relayParentNumber: 99, maxPovSize: 10485760}]}).toU8a().
const std::string kPjsBackingState =
    "01620000000000a00000003000080000000000100005000000085a0000005f00000008600000006300000004d107"
    "0000e80300000700000005000000080102666666666666666666666666666666666666666666666666666666666666"
    "6666010001780000008888888888888888888888888888888888888888888888888888888888888888047777777777"
    "777777777777777777777777777777777777777777777777777777" +
    std::string(kPjsDescriptor) + std::string(kPjsCommitments) + "630000000000a000";
// createType('Option<PolkadotPrimitivesVstagingAsyncBackingConstraints>', the constraints above
// with maxHeadDataSize: 32768, no upgrade restriction and no future code).toU8a().
constexpr std::string_view kPjsConstraints =
    "01620000000000a0000000300000800000080000000000100005000000085a0000005f000000086000000063000000"
    "04"
    "d1070000e8030000070000000500000008010266666666666666666666666666666666666666666666666666666666"
    "66"
    "6666660000";

TEST(HostTypes, AsyncBackingAsPolkadotJs) {
  ConstraintsV8 v8;
  v8.min_relay_parent_number = 98;
  v8.max_pov_size = 10485760;
  v8.max_code_size = 3145728;
  v8.ump_remaining = 8;
  v8.ump_remaining_bytes = 1048576;
  v8.max_ump_num_per_candidate = 5;
  v8.dmp_remaining_messages = {90, 95};
  v8.hrmp_inbound.valid_watermarks = {96, 99};
  v8.hrmp_channels_out = {{2001, OutboundHrmpChannelLimitations{1000, 7}}};
  v8.max_hrmp_num_per_candidate = 5;
  v8.required_parent = HeadData{{1, 2}};
  v8.validation_code_hash = filled(0x66);
  v8.upgrade_restriction = UpgradeRestriction::kPresent;
  v8.future_validation_code = std::pair<uint32_t, ValidationCodeHash>{120, filled(0x88)};
  BackingState state;
  state.constraints = v8;
  state.pending_availability = {CandidatePendingAvailability{filled(0x77), sample_descriptor(),
                                                             sample_commitments(), 99, 10485760}};
  EXPECT_EQ(decode_exactly<std::optional<BackingState>>(kPjsBackingState), state);

  Constraints constraints;
  constraints.min_relay_parent_number = 98;
  constraints.max_pov_size = 10485760;
  constraints.max_code_size = 3145728;
  constraints.max_head_data_size = 32768;
  constraints.ump_remaining = 8;
  constraints.ump_remaining_bytes = 1048576;
  constraints.max_ump_num_per_candidate = 5;
  constraints.dmp_remaining_messages = {90, 95};
  constraints.hrmp_inbound.valid_watermarks = {96, 99};
  constraints.hrmp_channels_out = {{2001, OutboundHrmpChannelLimitations{1000, 7}}};
  constraints.max_hrmp_num_per_candidate = 5;
  constraints.required_parent = HeadData{{1, 2}};
  constraints.validation_code_hash = filled(0x66);
  EXPECT_EQ(decode_exactly<std::optional<Constraints>>(kPjsConstraints), constraints);
  // UpgradeRestriction has one variant.
  EXPECT_EQ(scale::decode<UpgradeRestriction>(unhex("01")).error(),
            scale::DecodeError::kInvalidEnumValue);
}

TEST(HostTypes, SmallAnswersAsPolkadotJs) {
  // createType('BTreeMap<u32, Vec<u32>>', {0: [2000, 2000], 1: [2001]}).
  EXPECT_EQ(decode_exactly<ClaimQueue>("080000000008d0070000d00700000100000004d1070000"),
            (ClaimQueue{{0, {2000, 2000}}, {1, {2001}}}));
  // PolkadotPrimitivesV8AsyncBackingAsyncBackingParams {3, 2}; ApprovalVotingParams {1}.
  EXPECT_EQ(decode_exactly<AsyncBackingParams>("0300000002000000"), (AsyncBackingParams{3, 2}));
  EXPECT_EQ(decode_exactly<ApprovalVotingParams>("01000000"), ApprovalVotingParams{1});
  // createType('Vec<(u32, H256, PolkadotPrimitivesV8DisputeState)>', [[5, 0x77…,
  //   {validatorsFor: (bits 1,0,1), validatorsAgainst: (bits 0,1,0), start: 40, concludedAt:
  //   42}]]).
  const auto disputes = decode_exactly<std::vector<OnChainDispute>>(
      "04050000007777777777777777777777777777777777777777777777777777777777777777"
      "0c050c0228000000012a000000");
  EXPECT_EQ(disputes,
            (std::vector<OnChainDispute>{
                {5, filled(0x77),
                 DisputeState{bits({true, false, true}), bits({false, true, false}), 40, 42}}}));
  // The dev configuration's node features, bits {0, 1, 3} of four (createType('BitVec', …)).
  const auto features = decode_exactly<NodeFeatures>("100b");
  EXPECT_EQ(features.size(), 4U);
  EXPECT_TRUE(features.get(node_features::kEnableAssignmentsV2));
  EXPECT_TRUE(features.get(node_features::kElasticScalingMvp));
  EXPECT_FALSE(features.get(node_features::kAvailabilityChunkMapping));
  EXPECT_TRUE(features.get(node_features::kCandidateReceiptV2));
  EXPECT_FALSE(features.get(node_features::kFirstUnassigned));  // past the end: off
  // createType('Option<PolkadotPrimitivesV8PersistedValidationData>', {parentHead: 0x0102,
  //   relayParentNumber: 99, relayParentStorageRoot: 0x99…, maxPovSize: 10485760}).toU8a().
  EXPECT_EQ(decode_exactly<std::optional<PersistedValidationData>>(
                "01080102630000009999999999999999999999999999999999999999999999999999999999999999"
                "0000a000"),
            (PersistedValidationData{HeadData{{1, 2}}, 99, filled(0x99), 10485760}));
  // createType('Option<ExecutorParams>', [{MaxMemoryPages: 8192}, {PvfExecTimeout: ['Backing',
  //   2500]}, 'WasmExtBulkMemory']).toU8a().
  const auto params =
      decode_exactly<std::optional<ExecutorParams>>("010c01002000000600c40900000000000007");
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(params->max_memory_pages(), std::optional<uint32_t>(8192));
  EXPECT_EQ(params->exec_timeout(PvfExecKind::kBacking), std::chrono::milliseconds(2500));
  EXPECT_TRUE(params->bulk_memory());
  // OccupiedCoreAssumption: Included 0, TimedOut 1, Free 2.
  EXPECT_EQ(hex(scale::encode(OccupiedCoreAssumption::kTimedOut)), "01");
  EXPECT_EQ(scale::decode<OccupiedCoreAssumption>(unhex("03")).error(),
            scale::DecodeError::kInvalidEnumValue);
}

// --- The client over a scripted runtime.

struct ScriptedRuntime {
  std::map<std::string, Bytes, std::less<>> answers;
  std::vector<std::pair<std::string, std::string>> calls;  // method, hex of the arguments

  RuntimeCall caller() {
    return [this](std::string_view method, ByteSpan args) -> Result<Bytes, std::string> {
      calls.emplace_back(std::string(method), hex(args));
      const auto it = answers.find(method);
      if (it == answers.end()) return unexpected("no export " + std::string(method));
      return it->second;
    };
  }
};

TEST(ParachainHostClient, NamesArgumentsAndAnswers) {
  ScriptedRuntime runtime;
  const ParachainHost host(runtime.caller(), 11);
  runtime.answers["ParachainHost_validators"] = unhex("08" + hex(filled(1)) + hex(filled(2)));
  runtime.answers["ParachainHost_validator_groups"] = unhex(kPjsValidatorGroups);
  runtime.answers["ParachainHost_availability_cores"] = unhex(kPjsCores);
  runtime.answers["ParachainHost_candidate_events"] = unhex(kPjsEvents);
  runtime.answers["ParachainHost_session_info"] = unhex(kPjsSessionInfo);
  runtime.answers["ParachainHost_para_backing_state"] = unhex(kPjsBackingState);
  runtime.answers["ParachainHost_persisted_validation_data"] = unhex("00");
  runtime.answers["ParachainHost_validation_code"] = unhex("010c010203");
  runtime.answers["ParachainHost_validation_code_hash"] = unhex("01" + hex(filled(0x66)));
  runtime.answers["ParachainHost_validation_code_by_hash"] = unhex("00");
  runtime.answers["ParachainHost_assumed_validation_data"] = unhex("00");
  runtime.answers["ParachainHost_check_validation_outputs"] = unhex("01");
  runtime.answers["ParachainHost_session_index_for_child"] = unhex("07000000");
  runtime.answers["ParachainHost_session_executor_params"] = unhex("0100");
  runtime.answers["ParachainHost_minimum_backing_votes"] = unhex("02000000");
  runtime.answers["ParachainHost_candidate_pending_availability"] =
      unhex("01" + std::string(kPjsDescriptor) + std::string(kPjsCommitments));
  runtime.answers["ParachainHost_candidates_pending_availability"] = unhex("00");
  runtime.answers["ParachainHost_claim_queue"] = unhex("0400000000040a000000");

  EXPECT_EQ(host.validators().value(),
            (std::vector<ValidatorId>{ValidatorId{filled(1)}, ValidatorId{filled(2)}}));
  EXPECT_EQ(host.validator_groups().value().rotation, (GroupRotationInfo{10, 5, 27}));
  EXPECT_EQ(host.availability_cores().value().size(), 3U);
  EXPECT_EQ(host.candidate_events().value().size(), 3U);
  EXPECT_EQ(host.session_info(7).value()->n_cores, 2U);
  EXPECT_EQ(host.para_backing_state(2000).value()->constraints.min_relay_parent_number, 98U);
  EXPECT_FALSE(
      host.persisted_validation_data(2000, OccupiedCoreAssumption::kTimedOut).value().has_value());
  EXPECT_EQ(host.validation_code(2000, OccupiedCoreAssumption::kIncluded).value(),
            std::optional(ValidationCode{{1, 2, 3}}));
  EXPECT_EQ(host.validation_code_hash(2000, OccupiedCoreAssumption::kFree).value(),
            std::optional(filled(0x66)));
  EXPECT_FALSE(host.validation_code_by_hash(filled(0x66)).value().has_value());
  EXPECT_FALSE(host.assumed_validation_data(2000, filled(0x22)).value().has_value());
  EXPECT_TRUE(host.check_validation_outputs(2000, sample_commitments()).value());
  EXPECT_EQ(host.session_index_for_child().value(), 7U);
  EXPECT_EQ(host.session_executor_params(7).value(), std::optional(ExecutorParams{}));
  EXPECT_EQ(host.minimum_backing_votes().value(), 2U);
  EXPECT_EQ(host.candidate_pending_availability(2000).value(),
            std::optional(CommittedCandidateReceipt{sample_descriptor(), sample_commitments()}));
  EXPECT_TRUE(host.candidates_pending_availability(2000).value().empty());
  EXPECT_EQ(host.claim_queue().value(), (ClaimQueue{{0, {10}}}));

  // The exported names, and the arguments as decl_runtime_apis encodes them: one after another.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"ParachainHost_validators", ""},
      {"ParachainHost_validator_groups", ""},
      {"ParachainHost_availability_cores", ""},
      {"ParachainHost_candidate_events", ""},
      {"ParachainHost_session_info", "07000000"},
      {"ParachainHost_para_backing_state", "d0070000"},
      {"ParachainHost_persisted_validation_data", "d007000001"},
      {"ParachainHost_validation_code", "d007000000"},
      {"ParachainHost_validation_code_hash", "d007000002"},
      {"ParachainHost_validation_code_by_hash", hex(filled(0x66))},
      {"ParachainHost_assumed_validation_data", "d0070000" + hex(filled(0x22))},
      {"ParachainHost_check_validation_outputs", "d0070000" + std::string(kPjsCommitments)},
      {"ParachainHost_session_index_for_child", ""},
      {"ParachainHost_session_executor_params", "07000000"},
      {"ParachainHost_minimum_backing_votes", ""},
      {"ParachainHost_candidate_pending_availability", "d0070000"},
      {"ParachainHost_candidates_pending_availability", "d0070000"},
      {"ParachainHost_claim_queue", ""},
  };
  EXPECT_EQ(runtime.calls, expected);
}

TEST(ParachainHostClient, ErrorsSayTheMethodAndWhy) {
  ScriptedRuntime runtime;
  const ParachainHost host(runtime.caller());
  // The answer must decode completely: a byte left over, or one missing, is refused.
  runtime.answers["ParachainHost_session_index_for_child"] = unhex("0700000000");
  auto trailing = host.session_index_for_child();
  ASSERT_FALSE(trailing.has_value());
  EXPECT_EQ(trailing.error().kind, ParachainHostError::Kind::kDecode);
  EXPECT_EQ(trailing.error().decode, scale::DecodeError::kTrailingBytes);
  EXPECT_EQ(trailing.error().method, "ParachainHost_session_index_for_child");
  EXPECT_NE(trailing.error().describe().find("ParachainHost_session_index_for_child"),
            std::string::npos);
  runtime.answers["ParachainHost_availability_cores"] = unhex(kPjsCores.substr(0, 200));
  EXPECT_EQ(host.availability_cores().error().decode, scale::DecodeError::kNotEnoughData);
  // A length prefix claiming more than the answer holds is refused before allocating.
  runtime.answers["ParachainHost_validators"] = unhex("feffffff");
  EXPECT_EQ(host.validators().error().kind, ParachainHostError::Kind::kDecode);
  // A failed call keeps the caller's reason.
  auto failed = host.node_features();
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind, ParachainHostError::Kind::kCall);
  EXPECT_EQ(failed.error().call_error, "no export ParachainHost_node_features");
  EXPECT_EQ(failed.error().describe(),
            "ParachainHost_node_features: the call failed: no export ParachainHost_node_features");
  // No caller at all.
  EXPECT_EQ(ParachainHost(RuntimeCall{}).validators().error().kind,
            ParachainHostError::Kind::kCall);
}

TEST(ParachainHostClient, MethodsNewerThanTheRuntimeAreNotCalled) {
  ScriptedRuntime runtime;
  runtime.answers["ParachainHost_claim_queue"] = unhex("00");
  runtime.answers["ParachainHost_validation_code_bomb_limit"] = unhex("00004000");
  runtime.answers["ParachainHost_scheduling_lookahead"] = unhex("03000000");
  runtime.answers["ParachainHost_para_ids"] = unhex("04d0070000");
  runtime.answers["ParachainHost_backing_constraints"] = unhex(kPjsConstraints);
  const ParachainHost v11(runtime.caller(), 11);
  EXPECT_TRUE(v11.supports(11));
  EXPECT_FALSE(v11.supports(12));
  EXPECT_TRUE(v11.claim_queue().value().empty());
  const auto bomb = v11.validation_code_bomb_limit();
  ASSERT_FALSE(bomb.has_value());
  EXPECT_EQ(bomb.error().kind, ParachainHostError::Kind::kUnsupported);
  EXPECT_EQ(bomb.error().required_version, 12U);
  EXPECT_EQ(bomb.error().api_version, 11U);
  EXPECT_EQ(bomb.error().describe(),
            "ParachainHost_validation_code_bomb_limit: needs ParachainHost version 12, the runtime "
            "has 11");
  EXPECT_EQ(v11.backing_constraints(2000).error().required_version, 13U);
  EXPECT_EQ(v11.scheduling_lookahead().error().required_version, 13U);
  EXPECT_EQ(v11.para_ids().error().required_version, 14U);
  EXPECT_EQ(runtime.calls.size(), 1U);  // claim_queue only

  const ParachainHost v14(runtime.caller(), 14);
  EXPECT_EQ(v14.validation_code_bomb_limit().value(), 4U * 1024 * 1024);
  EXPECT_EQ(v14.scheduling_lookahead().value(), 3U);
  EXPECT_EQ(v14.para_ids().value(), std::vector<ParaId>{2000});
  EXPECT_EQ(v14.backing_constraints(2000).value()->max_head_data_size, 32768U);
  // An old runtime: node features came with version 9, claim_queue with 11.
  const ParachainHost v8(runtime.caller(), 8);
  EXPECT_EQ(v8.node_features().error().required_version, 9U);
  EXPECT_EQ(v8.claim_queue().error().kind, ParachainHostError::Kind::kUnsupported);
  EXPECT_EQ(v8.approval_voting_params().error().required_version, 10U);
  EXPECT_EQ(v8.disabled_validators().error().kind, ParachainHostError::Kind::kCall);
}

}  // namespace
}  // namespace canary::parachain
