// The node's ParachainHost client (parachain/runtime_api) against the Canary runtime itself: the
// runtime's own entry points (runtime/canary/api.hpp, the functions the blob exports, natively)
// answer every method the client has on a local_testnet genesis with para 100, each call's changes
// dropped as the node drops them; the client must decode every answer completely, into what the
// runtime's pallets hold. Then the node's answer types against the runtime's encoders
// (runtime/pallets/para_inclusion/api_types.hpp, async_backing.hpp, session_info/types.hpp,
// para_configuration/): the node's separate copy of each type must read what the runtime writes,
// including what a genesis state has none of (occupied cores, candidate events, disputes), and
// write the same bytes. Tests may include both sides; the node's libraries may not include the
// runtime's headers (scripts/check-layers).
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "parachain/backing/candidate_backing.hpp"
#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/bitfield.hpp"
#include "parachain/provisioner/provisioner.hpp"
#include "parachain/runtime_api/host_types.hpp"
#include "parachain/runtime_api/parachain_host.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/block/header.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/canary/api.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/parachain_host_api.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/pallets/para_configuration/para_disputes.hpp"
#include "runtime/pallets/para_inclusion/api_types.hpp"
#include "runtime/pallets/para_inclusion/async_backing.hpp"
#include "runtime/pallets/session_info/types.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "tests/support/hex.hpp"
#include "tests/support/polkadot_js_candidate.hpp"

namespace canary::rt::canary_runtime {
namespace {

namespace node = ::canary::parachain;
namespace prim = pallets::para_primitives;
namespace inclusion = pallets::para_inclusion;
using test::hex;
using test::unhex;
using testing::TestExternalities;

constexpr uint32_t kPara = 100;
const Bytes kGenesisHead = {1, 2};
const Bytes kCode = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00};

// The local_testnet preset (four validators) with para 100 registered at genesis, as
// canary_runtime_test.cpp's PresetsStartTheParachainHost builds it.
std::map<Bytes, Bytes> genesis_with_para() {
  auto config = preset("local_testnet");
  EXPECT_TRUE(config.has_value());
  auto& sections = std::get<json::Object>(config->data);
  auto paras = json::parse(R"({"paras": [[100, {"genesis_head": "0x0102",)"
                           R"( "validation_code": "0x0061736d0100000000", "parachain": true}]]})");
  EXPECT_TRUE(paras.has_value());
  sections["paras"] = *paras;
  TestExternalities builder;
  builder.execute_with([&] {
    auto built = build_genesis_state(*config);
    EXPECT_TRUE(built.has_value()) << built.error();
  });
  return builder.top_writes();
}

// The runtime's entry point of that name on the externalities' state, its changes dropped (a
// runtime API call at a block changes nothing).
node::RuntimeCall native_runtime(TestExternalities& ext) {
  return [&ext](std::string_view method, ByteSpan args) -> Result<Bytes, std::string> {
    const RuntimeApiFunction function = runtime_api(method);
    if (function == nullptr) return unexpected("no runtime API " + std::string(method));
    ext.overlay().start_transaction();
    Bytes out = ext.execute_with([&] { return function(args); });
    (void)ext.overlay().rollback_transaction();
    return out;
  };
}

// Block 1 on the genesis state, as an author without candidates makes it (the timestamp and the
// parachains inherent without content; canary_runtime_test.cpp's blocks): its paras inherent
// fills the claim queue. Its header, sealed by nobody.
block::Header author_block_1(TestExternalities& ext) {
  constexpr uint64_t kSlot = 1'000;
  const block::Header genesis{};
  block::Header header;
  header.number = 1;
  header.parent_hash = block::hash_of(genesis);
  pallets::babe::PreDigest pre;
  pre.value = pallets::babe::PreDigest::SecondaryPlain{{0, pallets::babe::Slot{kSlot}}};
  header.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)});
  return ext.execute_with([&] {
    Executive::initialize_block(header);
    runtime::InherentData data;
    data[runtime::kTimestampInherent] = scale::encode(uint64_t{kSlot * 6'000});
    data[runtime::kParachainsInherent] = runtime::parachains_inherent_without_content(genesis);
    for (const Bytes& inherent : Executive::inherent_extrinsics(data)) {
      auto applied = Executive::apply_extrinsic(scale::encode(inherent));
      EXPECT_TRUE(applied.has_value() && applied->has_value());
    }
    return Executive::finalize_block();
  });
}

template <class T>
auto read(TestExternalities& ext, T&& f) {
  return ext.execute_with(std::forward<T>(f));
}

TEST(ParachainHostNodeClient, DecodesWhatTheCanaryRuntimeAnswers) {
  TestExternalities ext(genesis_with_para());
  const block::Header block_1 = author_block_1(ext);
  const auto version =
      read(ext, [] { return Runtime::version().api_version(node::kParachainHostApiId); });
  ASSERT_EQ(version, std::optional<uint32_t>(ParachainHostApi::kVersion));
  const node::ParachainHost host(native_runtime(ext), version);
  const auto config = read(ext, [] { return Runtime::Configuration::ActiveConfig::get(); });

  // The validators and their groups, with the rotation as of the next block.
  const auto validators = host.validators().value();
  const auto keys = read(ext, [] { return Runtime::ParasShared::ActiveValidatorKeys::get(); });
  ASSERT_EQ(validators.size(), 4U);
  ASSERT_EQ(validators.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(validators[i], keys[i].bytes);
  const auto groups = host.validator_groups().value();
  const auto [rt_groups, rt_rotation] = read(ext, [] {
    return std::tuple{
        Runtime::ParaScheduler::ValidatorGroups::get(),
        Runtime::ParaScheduler::group_rotation_info(Runtime::System::block_number() + 1)};
  });
  ASSERT_EQ(groups.groups.size(), rt_groups.size());
  for (size_t g = 0; g < rt_groups.size(); ++g) {
    ASSERT_EQ(groups.groups[g].size(), rt_groups[g].size());
    for (size_t v = 0; v < rt_groups[g].size(); ++v) {
      EXPECT_EQ(groups.groups[g][v], rt_groups[g][v].value);
    }
  }
  EXPECT_EQ(groups.rotation, (node::GroupRotationInfo{rt_rotation.session_start_block,
                                                      rt_rotation.group_rotation_frequency, 2}));
  EXPECT_EQ(groups.rotation.group_rotation_frequency,
            config.scheduler_params.group_rotation_frequency);

  // One core, scheduled for the para its claim queue holds.
  const auto claims = host.claim_queue().value();
  const auto rt_claims = read(ext, [] { return Runtime::ParaScheduler::claim_queue(); });
  const auto cores = host.availability_cores().value();
  ASSERT_EQ(cores.size(), 1U);
  ASSERT_NE(cores[0].scheduled(), nullptr);
  EXPECT_EQ(*cores[0].scheduled(), (node::ScheduledCore{kPara, std::nullopt}));
  ASSERT_EQ(claims.size(), rt_claims.size());
  for (const auto& [core, paras] : rt_claims) {
    std::vector<node::ParaId> expected;
    for (const auto& para : paras) expected.push_back(para.value);
    EXPECT_EQ(claims.at(core.value), expected);
  }
  EXPECT_EQ(claims.at(0).front(), kPara);

  // The session and its information.
  EXPECT_EQ(host.session_index_for_child().value(),
            read(ext, [] { return Runtime::ParasShared::session_index(); }));
  const auto info = host.session_info(0).value();
  const auto rt_info = read(ext, [] { return Runtime::ParaSessionInfo::session_info(0); });
  ASSERT_TRUE(info.has_value() && rt_info.has_value());
  EXPECT_EQ(hex(scale::encode(*info)), hex(scale::encode(*rt_info)));
  EXPECT_EQ(info->validators, validators);
  EXPECT_EQ(info->n_cores, 1U);
  EXPECT_EQ(info->needed_approvals, config.needed_approvals);
  EXPECT_FALSE(host.session_info(1).value().has_value());
  const auto params = host.session_executor_params(0).value();
  ASSERT_TRUE(params.has_value());
  EXPECT_EQ(hex(scale::encode(*params)),
            hex(scale::encode(read(ext, [] {
                                return Runtime::ParaSessionInfo::session_executor_params(0);
                              }).value())));

  // The para's validation data (the relay parent is this block, number 1, with its state root)
  // and code, under every assumption; none for a para that is not registered.
  const Hash256 root = block_1.state_root;
  for (const auto assumption :
       {node::OccupiedCoreAssumption::kIncluded, node::OccupiedCoreAssumption::kTimedOut,
        node::OccupiedCoreAssumption::kFree}) {
    const auto pvd = host.persisted_validation_data(kPara, assumption).value();
    EXPECT_EQ(pvd, (node::PersistedValidationData{node::HeadData{kGenesisHead}, 1, root,
                                                  config.max_pov_size}));
    EXPECT_EQ(host.validation_code(kPara, assumption).value(),
              std::optional(node::ValidationCode{kCode}));
    EXPECT_EQ(host.validation_code_hash(kPara, assumption).value(),
              std::optional(node::validation_code_hash(node::ValidationCode{kCode})));
  }
  EXPECT_FALSE(host.persisted_validation_data(kPara + 1, node::OccupiedCoreAssumption::kFree)
                   .value()
                   .has_value());
  EXPECT_FALSE(
      host.validation_code(kPara + 1, node::OccupiedCoreAssumption::kFree).value().has_value());
  const node::ValidationCodeHash code_hash =
      node::validation_code_hash(node::ValidationCode{kCode});
  EXPECT_EQ(host.validation_code_by_hash(code_hash).value(),
            std::optional(node::ValidationCode{kCode}));
  EXPECT_FALSE(host.validation_code_by_hash(Hash256{}).value().has_value());
  const node::PersistedValidationData pvd{node::HeadData{kGenesisHead}, 1, root,
                                          config.max_pov_size};
  const auto assumed =
      host.assumed_validation_data(kPara, node::persisted_validation_data_hash(pvd)).value();
  EXPECT_EQ(assumed, std::optional(std::pair{pvd, code_hash}));
  EXPECT_FALSE(host.assumed_validation_data(kPara, Hash256{}).value().has_value());

  // The outputs check: the node's commitments as the runtime reads them.
  node::CandidateCommitments outputs;
  outputs.head_data = node::HeadData{{1, 2, 3}};
  outputs.hrmp_watermark = 0;
  const auto rt_outputs = scale::decode<prim::CandidateCommitments>(scale::encode(outputs)).value();
  EXPECT_EQ(host.check_validation_outputs(kPara, outputs).value(), read(ext, [&] {
              return api::parachain_host::check_validation_outputs(prim::ParaId{kPara}, rt_outputs);
            }));
  outputs.upward_messages.assign(config.max_upward_message_num_per_candidate + 1, Bytes{1});
  EXPECT_FALSE(host.check_validation_outputs(kPara, outputs).value());

  // Nothing pending, backed, disputed or disabled at genesis.
  EXPECT_FALSE(host.candidate_pending_availability(kPara).value().has_value());
  EXPECT_TRUE(host.candidates_pending_availability(kPara).value().empty());
  EXPECT_TRUE(host.candidate_events().value().empty());
  EXPECT_TRUE(host.disputes().value().empty());
  EXPECT_TRUE(host.disabled_validators().value().empty());
  EXPECT_EQ(host.pvfs_require_precheck().value().size(),
            read(ext, [] { return Runtime::Paras::pvfs_require_precheck(); }).size());

  // The configuration's parameters.
  EXPECT_EQ(host.minimum_backing_votes().value(), config.minimum_backing_votes);
  EXPECT_EQ(host.async_backing_params().value(),
            (node::AsyncBackingParams{config.async_backing_params.max_candidate_depth,
                                      config.async_backing_params.allowed_ancestry_len}));
  EXPECT_EQ(host.approval_voting_params().value().max_approval_coalesce_count,
            config.approval_voting_params.max_approval_coalesce_count);
  const auto features = host.node_features().value();
  EXPECT_EQ(features, static_cast<const scale::BitVec&>(config.node_features));

  // The para's backing state: its head and code, the configuration's limits, nothing pending.
  const auto state = host.para_backing_state(kPara).value();
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->constraints.required_parent, node::HeadData{kGenesisHead});
  EXPECT_EQ(state->constraints.validation_code_hash, code_hash);
  EXPECT_EQ(state->constraints.max_pov_size, config.max_pov_size);
  EXPECT_EQ(state->constraints.max_code_size, config.max_code_size);
  EXPECT_EQ(state->constraints.ump_remaining, config.max_upward_queue_count);
  EXPECT_TRUE(state->pending_availability.empty());
  EXPECT_EQ(hex(scale::encode(state)), hex(scale::encode(read(ext, [] {
              return api::parachain_host::para_backing_state(prim::ParaId{kPara});
            }))));
  EXPECT_FALSE(host.para_backing_state(kPara + 1).value().has_value());

  // This runtime's ParachainHost is version 11: the later methods are not exported, and a client
  // that knows the version does not try them.
  EXPECT_EQ(host.validation_code_bomb_limit().error().kind,
            node::ParachainHostError::Kind::kUnsupported);
  const node::ParachainHost unversioned(native_runtime(ext));
  for (const auto& error :
       {unversioned.validation_code_bomb_limit().error(),
        unversioned.scheduling_lookahead().error(), unversioned.backing_constraints(kPara).error(),
        unversioned.para_ids().error()}) {
    EXPECT_EQ(error.kind, node::ParachainHostError::Kind::kCall) << error.describe();
    EXPECT_EQ(error.call_error, "no runtime API " + error.method);
  }
}

// --- The node's types against the runtime's encoders.

node::CandidateDescriptor node_descriptor() {
  return scale::decode<node::CandidateDescriptor>(unhex(test::polkadot_js::kPjsDescriptor)).value();
}
prim::CandidateDescriptorV2 runtime_descriptor() {
  return scale::decode<prim::CandidateDescriptorV2>(unhex(test::polkadot_js::kPjsDescriptor))
      .value();
}
prim::CandidateCommitments runtime_commitments() {
  prim::CandidateCommitments c;
  c.upward_messages.items.push_back(Bytes{1, 2});
  c.horizontal_messages.items.push_back(prim::OutboundHrmpMessage{prim::ParaId{2001}, Bytes{7}});
  c.new_validation_code = prim::ValidationCode{Bytes{9, 9}};
  c.head_data = prim::HeadData{Bytes{0xde, 0xad}};
  c.processed_downward_messages = 4;
  c.hrmp_watermark = 41;
  return c;
}
H256 rt_filled(uint8_t b) {
  H256 h;
  h.bytes.fill(b);
  return h;
}
Hash256 filled(uint8_t b) {
  Hash256 h;
  h.fill(b);
  return h;
}
scale::BitVec bits(std::string_view pattern) {
  scale::BitVec v;
  for (const char c : pattern) v.push_back(c == '1');
  return v;
}

// What the runtime encodes the node decodes completely, into `expected`, and encodes back to the
// runtime's bytes.
template <class Node, class Runtime>
void reads_the_runtimes(const Runtime& runtime_value, const Node& expected) {
  const Bytes encoded = scale::encode(runtime_value);
  const auto decoded = scale::decode<Node>(encoded);
  ASSERT_TRUE(decoded.has_value()) << hex(encoded);
  EXPECT_EQ(*decoded, expected) << hex(encoded);
  EXPECT_EQ(hex(scale::encode(expected)), hex(encoded));
}

TEST(ParachainHostNodeClient, NodeTypesReadTheRuntimesEncodings) {
  // Availability cores: occupied, scheduled (with and without the deprecated collator), free.
  inclusion::OccupiedCore rt_occupied;
  rt_occupied.next_up_on_available = inclusion::ScheduledCore{prim::ParaId{2000}, std::nullopt};
  rt_occupied.occupied_since = 41;
  rt_occupied.time_out_at = 45;
  inclusion::CollatorId rt_collator;
  rt_collator.bytes.fill(0x07);
  rt_occupied.next_up_on_time_out = inclusion::ScheduledCore{prim::ParaId{2000}, rt_collator};
  rt_occupied.availability = bits("1011000001");
  rt_occupied.group_responsible = prim::GroupIndex{2};
  rt_occupied.candidate_hash = prim::CandidateHash{rt_filled(0x77)};
  rt_occupied.candidate_descriptor = runtime_descriptor();
  const std::vector<inclusion::CoreState> rt_cores = {
      inclusion::CoreState{inclusion::CoreState::Occupied{rt_occupied}},
      inclusion::CoreState{inclusion::CoreState::Scheduled{
          inclusion::ScheduledCore{prim::ParaId{2001}, rt_collator}}},
      inclusion::CoreState{inclusion::CoreState::Free{}},
  };
  node::CollatorId collator;
  collator.fill(0x07);
  node::OccupiedCore occupied;
  occupied.next_up_on_available = node::ScheduledCore{2000, std::nullopt};
  occupied.occupied_since = 41;
  occupied.time_out_at = 45;
  occupied.next_up_on_time_out = node::ScheduledCore{2000, collator};
  occupied.availability = bits("1011000001");
  occupied.group_responsible = 2;
  occupied.candidate_hash = filled(0x77);
  occupied.candidate_descriptor = node_descriptor();
  reads_the_runtimes(
      rt_cores,
      std::vector<node::CoreState>{
          node::CoreState{node::CoreState::Occupied{occupied}},
          node::CoreState{node::CoreState::Scheduled{node::ScheduledCore{2001, collator}}},
          node::CoreState{node::CoreState::Free{}},
      });

  // Candidate events, each variant.
  const prim::CandidateReceiptV2 rt_receipt{runtime_descriptor(), rt_filled(0x99)};
  const node::CandidateReceipt receipt{node_descriptor(), filled(0x99)};
  const std::vector<inclusion::CandidateEvent> rt_events = {
      {inclusion::CandidateEvent::CandidateBacked{rt_receipt, prim::HeadData{Bytes{5}},
                                                  prim::CoreIndex{3}, prim::GroupIndex{1}}},
      {inclusion::CandidateEvent::CandidateIncluded{rt_receipt, prim::HeadData{Bytes{6}},
                                                    prim::CoreIndex{4}, prim::GroupIndex{2}}},
      {inclusion::CandidateEvent::CandidateTimedOut{rt_receipt, prim::HeadData{Bytes{7}},
                                                    prim::CoreIndex{5}}},
  };
  reads_the_runtimes(
      rt_events, std::vector<node::CandidateEvent>{
                     {node::CandidateEvent::CandidateBacked{receipt, node::HeadData{{5}}, 3, 1}},
                     {node::CandidateEvent::CandidateIncluded{receipt, node::HeadData{{6}}, 4, 2}},
                     {node::CandidateEvent::CandidateTimedOut{receipt, node::HeadData{{7}}, 5}},
                 });

  // The backing state of a para with a restricted upgrade, a future code, messages and channels,
  // and a candidate pending availability.
  inclusion::async_backing::BackingState rt_state;
  auto& rc = rt_state.constraints;
  rc.min_relay_parent_number = 40;
  rc.max_pov_size = 5'000'000;
  rc.max_code_size = 3'000'000;
  rc.ump_remaining = 8;
  rc.ump_remaining_bytes = 1000;
  rc.max_ump_num_per_candidate = 5;
  rc.dmp_remaining_messages = {30, 31};
  rc.hrmp_inbound.valid_watermarks = {38, 41};
  rc.hrmp_channels_out = {
      {prim::ParaId{2002}, inclusion::async_backing::OutboundHrmpChannelLimitations{512, 3}}};
  rc.max_hrmp_num_per_candidate = 6;
  rc.required_parent = prim::HeadData{Bytes{1, 2, 3}};
  rc.validation_code_hash = prim::ValidationCodeHash{rt_filled(0x66)};
  rc.upgrade_restriction = prim::UpgradeRestriction::kPresent;
  rc.future_validation_code = std::pair{uint32_t{50}, prim::ValidationCodeHash{rt_filled(0x88)}};
  rt_state.pending_availability = {inclusion::async_backing::CandidatePendingAvailability{
      prim::CandidateHash{rt_filled(0x77)}, runtime_descriptor(), runtime_commitments(), 41,
      5'000'000}};
  node::BackingState state;
  auto& nc = state.constraints;
  nc.min_relay_parent_number = 40;
  nc.max_pov_size = 5'000'000;
  nc.max_code_size = 3'000'000;
  nc.ump_remaining = 8;
  nc.ump_remaining_bytes = 1000;
  nc.max_ump_num_per_candidate = 5;
  nc.dmp_remaining_messages = {30, 31};
  nc.hrmp_inbound.valid_watermarks = {38, 41};
  nc.hrmp_channels_out = {{2002, node::OutboundHrmpChannelLimitations{512, 3}}};
  nc.max_hrmp_num_per_candidate = 6;
  nc.required_parent = node::HeadData{{1, 2, 3}};
  nc.validation_code_hash = filled(0x66);
  nc.upgrade_restriction = node::UpgradeRestriction::kPresent;
  nc.future_validation_code = std::pair<uint32_t, node::ValidationCodeHash>{50, filled(0x88)};
  node::CandidateCommitments commitments;
  commitments.upward_messages = {Bytes{1, 2}};
  commitments.horizontal_messages = {node::OutboundHrmpMessage{2001, Bytes{7}}};
  commitments.new_validation_code = node::ValidationCode{{9, 9}};
  commitments.head_data = node::HeadData{{0xde, 0xad}};
  commitments.processed_downward_messages = 4;
  commitments.hrmp_watermark = 41;
  state.pending_availability = {node::CandidatePendingAvailability{filled(0x77), node_descriptor(),
                                                                   commitments, 41, 5'000'000}};
  reads_the_runtimes(std::optional(rt_state), std::optional(state));
  // The candidate receipts the inclusion pallet answers with.
  reads_the_runtimes(
      std::vector<prim::CommittedCandidateReceiptV2>{{runtime_descriptor(), runtime_commitments()}},
      std::vector<node::CommittedCandidateReceipt>{{node_descriptor(), commitments}});

  // A session's information with every field distinct.
  pallets::session_info::SessionInfo rt_info;
  rt_info.active_validator_indices = {prim::ValidatorIndex{3}, prim::ValidatorIndex{1}};
  rt_info.random_seed.fill(0x5e);
  rt_info.dispute_period = 6;
  rt_info.validators.items = {pallets::para_shared::ValidatorId{filled(0x01)},
                              pallets::para_shared::ValidatorId{filled(0x02)}};
  rt_info.discovery_keys = {pallets::session_info::AuthorityDiscoveryId{filled(0x03)}};
  rt_info.assignment_keys = {pallets::session_info::AssignmentId{filled(0x04)},
                             pallets::session_info::AssignmentId{filled(0x05)}};
  rt_info.validator_groups.items = {{prim::ValidatorIndex{1}}, {prim::ValidatorIndex{3}}};
  rt_info.n_cores = 2;
  rt_info.zeroth_delay_tranche_width = 11;
  rt_info.relay_vrf_modulo_samples = 12;
  rt_info.n_delay_tranches = 13;
  rt_info.no_show_slots = 14;
  rt_info.needed_approvals = 15;
  node::SessionInfo info;
  info.active_validator_indices = {3, 1};
  info.random_seed = filled(0x5e);
  info.dispute_period = 6;
  info.validators = {node::ValidatorId{filled(0x01)}, node::ValidatorId{filled(0x02)}};
  info.discovery_keys = {node::AuthorityDiscoveryId{filled(0x03)}};
  info.assignment_keys = {node::AssignmentId{filled(0x04)}, node::AssignmentId{filled(0x05)}};
  info.validator_groups = {{1}, {3}};
  info.n_cores = 2;
  info.zeroth_delay_tranche_width = 11;
  info.relay_vrf_modulo_samples = 12;
  info.n_delay_tranches = 13;
  info.no_show_slots = 14;
  info.needed_approvals = 15;
  reads_the_runtimes(std::optional(rt_info), std::optional(info));

  // On-chain disputes, concluded and not.
  const std::vector<std::tuple<uint32_t, prim::CandidateHash, prim::DisputeState>> rt_disputes = {
      {4, prim::CandidateHash{rt_filled(0x71)},
       prim::DisputeState{bits("101"), bits("010"), 30, 33}},
      {5, prim::CandidateHash{rt_filled(0x72)},
       prim::DisputeState{bits("1100"), bits("0000"), 40, std::nullopt}},
  };
  reads_the_runtimes(
      rt_disputes,
      std::vector<node::OnChainDispute>{
          {4, filled(0x71), node::DisputeState{bits("101"), bits("010"), 30, 33}},
          {5, filled(0x72), node::DisputeState{bits("1100"), bits("0000"), 40, std::nullopt}},
      });

  // The configuration's parts: node features, async backing and approval voting parameters, and
  // every executor parameter.
  reads_the_runtimes(pallets::para_configuration::NodeFeatures(bits("1101")), bits("1101"));
  reads_the_runtimes(pallets::para_configuration::AsyncBackingParams{3, 2},
                     node::AsyncBackingParams{3, 2});
  reads_the_runtimes(pallets::para_configuration::ApprovalVotingParams{4},
                     node::ApprovalVotingParams{4});
  using RtParam = pallets::para_configuration::ExecutorParam;
  pallets::para_configuration::ExecutorParams rt_params;
  rt_params.params = {
      RtParam{RtParam::MaxMemoryPages{8192}},
      RtParam{RtParam::StackLogicalMax{70000}},
      RtParam{RtParam::StackNativeMax{300'000'000}},
      RtParam{RtParam::PrecheckingMaxMemory{1'000'000'000}},
      RtParam{RtParam::PvfPrepTimeout{pallets::para_configuration::PvfPrepKind::kPrepare, 70'000}},
      RtParam{RtParam::PvfExecTimeout{pallets::para_configuration::PvfExecKind::kApproval, 13'000}},
      RtParam{RtParam::WasmExtBulkMemory{}},
  };
  node::ExecutorParams params;
  params.params = {
      node::executor_param::MaxMemoryPages{8192},
      node::executor_param::StackLogicalMax{70000},
      node::executor_param::StackNativeMax{300'000'000},
      node::executor_param::PrecheckingMaxMemory{1'000'000'000},
      node::executor_param::PvfPrepTimeout{node::PvfPrepKind::kPrepare, 70'000},
      node::executor_param::PvfExecTimeout{node::PvfExecKind::kApproval, 13'000},
      node::executor_param::WasmExtBulkMemory{},
  };
  reads_the_runtimes(std::optional(rt_params), std::optional(params));
  // The claim queue and the validator groups with their rotation.
  reads_the_runtimes(
      std::map<prim::CoreIndex, std::vector<prim::ParaId>>{
          {prim::CoreIndex{0}, {prim::ParaId{2000}, prim::ParaId{2000}}},
          {prim::CoreIndex{2}, {prim::ParaId{2001}}}},
      node::ClaimQueue{{0, {2000, 2000}}, {2, {2001}}});
  reads_the_runtimes(std::tuple{std::vector<std::vector<prim::ValidatorIndex>>{
                                    {prim::ValidatorIndex{0}}, {prim::ValidatorIndex{1}}},
                                prim::GroupRotationInfo{10, 5, 27}},
                     node::ValidatorGroups{{{0}, {1}}, node::GroupRotationInfo{10, 5, 27}});
}

// The node's GroupRotationInfo against the runtime's (para_primitives.hpp), which the scheduler
// and the runtime API use: the same groups, cores and rotation blocks everywhere on a grid.
TEST(ParachainHostNodeClient, GroupRotationMatchesTheRuntimes) {
  for (uint32_t start = 0; start <= 12; start += 4) {
    for (uint32_t frequency = 0; frequency <= 7; ++frequency) {
      for (uint32_t now = 0; now <= 60; now += 3) {
        const prim::GroupRotationInfo rt{start, frequency, now};
        const node::GroupRotationInfo info{start, frequency, now};
        if (frequency > 0) {
          ASSERT_EQ(info.next_rotation_at(), rt.next_rotation_at()) << start << " " << now;
          ASSERT_EQ(info.last_rotation_at(), rt.last_rotation_at()) << start << " " << now;
        }
        for (size_t cores = 0; cores <= 5; ++cores) {
          for (uint32_t i = 0; i < 6; ++i) {
            ASSERT_EQ(info.group_for_core(i, cores),
                      rt.group_for_core(prim::CoreIndex{i}, cores).value);
            ASSERT_EQ(info.core_for_group(i, cores),
                      rt.core_for_group(prim::GroupIndex{i}, cores).value);
          }
        }
      }
    }
  }
}

// A block on `parent` with the given paras inherent (the node's provisioner output), as the
// node's author makes it.
block::Header author_block(TestExternalities& ext, const block::Header& parent,
                           const Bytes& parachains_inherent) {
  const uint64_t slot = 1'000 + parent.number + 1;
  block::Header header;
  header.number = parent.number + 1;
  header.parent_hash = block::hash_of(parent);
  pallets::babe::PreDigest pre;
  pre.value = pallets::babe::PreDigest::SecondaryPlain{{0, pallets::babe::Slot{slot}}};
  header.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)});
  return ext.execute_with([&] {
    Executive::initialize_block(header);
    runtime::InherentData data;
    data[runtime::kTimestampInherent] = scale::encode(uint64_t{slot * 6'000});
    data[runtime::kParachainsInherent] = parachains_inherent;
    for (const Bytes& inherent : Executive::inherent_extrinsics(data)) {
      auto applied = Executive::apply_extrinsic(scale::encode(inherent));
      EXPECT_TRUE(applied.has_value() && applied->has_value());
    }
    return Executive::finalize_block();
  });
}

// The whole node-side path on the runtime itself: the node's CandidateBacking backs a candidate
// of para 100 with two validators' statements, the provisioner puts it in block 2, every
// validator signs an availability bitfield for block 2 as the node's bitfield signing does, and
// the provisioner's block 3 includes it (CandidateIncluded, the para's new head).
TEST(ParachainHostNodeClient, TheNodesBackingAndBitfieldsIncludeACandidate) {
  TestExternalities ext(genesis_with_para());
  const block::Header block_1 = author_block_1(ext);
  const Hash256 relay_parent = block::hash_of(block_1);
  const node::ParachainHost host_1(native_runtime(ext), ParachainHostApi::kVersion);
  const auto validators = host_1.validators().value();
  const auto groups = host_1.validator_groups().value();
  const auto cores_1 = host_1.availability_cores().value();
  const uint32_t session = host_1.session_index_for_child().value();
  ASSERT_EQ(cores_1.size(), 1U);

  // The dev accounts' para keys (sr25519 of //Alice, //Bob, …) by validator index.
  std::map<node::ValidatorIndex, crypto::sr25519::Keypair> keys;
  for (const char* suri : {"//Alice", "//Bob", "//Charlie", "//Dave"}) {
    auto pair = keys::KeyPair::from_suri(keys::Scheme::kSr25519, suri).value();
    for (node::ValidatorIndex v = 0; v < validators.size(); ++v) {
      if (validators[v] == pair.sr25519()->public_key) keys.emplace(v, *pair.sr25519());
    }
  }
  ASSERT_EQ(keys.size(), validators.size());

  node::BackingLeaf leaf;
  leaf.relay_parent = relay_parent;
  leaf.number = 1;
  leaf.session_index = session;
  leaf.validators = validators;
  leaf.groups_by_core[0] = groups.groups[groups.rotation.group_for_core(0, 1)];
  leaf.claim_queue = host_1.claim_queue().value();
  leaf.minimum_backing_votes = host_1.minimum_backing_votes().value();
  leaf.inject_core_index = true;
  const std::vector<node::ValidatorIndex> group = leaf.groups_by_core[0];
  ASSERT_GE(group.size(), 2U);
  leaf.our_index = group[0];

  // The candidate, as a collator builds it on the head included at block 1.
  const auto pvd =
      host_1.persisted_validation_data(kPara, node::OccupiedCoreAssumption::kIncluded).value();
  ASSERT_TRUE(pvd.has_value());
  const auto code_hash =
      host_1.validation_code_hash(kPara, node::OccupiedCoreAssumption::kIncluded).value();
  ASSERT_TRUE(code_hash.has_value());
  node::CommittedCandidateReceipt candidate;
  const node::PoV pov{node::BlockData{Bytes{7, 7, 7}}};
  candidate.commitments.head_data = node::HeadData{Bytes{3, 4}};
  candidate.commitments.hrmp_watermark = 1;
  node::CandidateDescriptor& d = candidate.descriptor;
  d.para_id = kPara;
  d.relay_parent = relay_parent;
  d.core_index_v2 = 0;
  d.session_index_v2 = session;
  d.persisted_validation_data_hash = node::persisted_validation_data_hash(*pvd);
  d.pov_hash = node::pov_hash(pov);
  d.para_head = node::head_data_hash(candidate.commitments.head_data);
  d.validation_code_hash = *code_hash;
  const Hash256 candidate_hash = node::candidate_hash(candidate.to_plain());

  node::CandidateBacking backing(keys.at(group[0]));
  backing.activate_leaf(leaf);
  ASSERT_TRUE(backing.second(relay_parent, candidate.to_plain(), pov).has_value());
  ASSERT_TRUE(backing
                  .on_validated(candidate_hash,
                                {node::ValidationOutcome::Kind::kValid, candidate.commitments})
                  .has_value());
  const auto valid = node::protocol::sign_payload(
      keys.at(group[1]), node::protocol::Statement{node::protocol::ValidStatement{candidate_hash}},
      group[1], node::protocol::SigningContext{session, relay_parent});
  ASSERT_TRUE(backing.on_statement(relay_parent, valid).has_value());
  auto backable = backing.backable(relay_parent);
  ASSERT_EQ(backable.size(), 1U);

  const std::vector<node::BackableCandidate> candidates{{0, backable[0]}};
  const auto inherent_2 =
      node::select_inherent_data(block_1, cores_1, {}, candidates, validators.size());
  ASSERT_EQ(inherent_2.backed_candidates.size(), 1U);
  const block::Header block_2 =
      author_block(ext, block_1, node::encode_parachains_inherent(inherent_2));
  const auto backed_events =
      read(ext, [] { return rt::testing::events_of<Runtime, Runtime::ParaInclusion>(); });
  ASSERT_EQ(backed_events.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<Runtime::ParaInclusion::CandidateBacked>(backed_events[0]));

  // Every validator holds its chunk: a bitfield with core 0's bit, for block 2.
  const node::ParachainHost host_2(native_runtime(ext), ParachainHostApi::kVersion);
  const auto cores_2 = host_2.availability_cores().value();
  ASSERT_EQ(cores_2.size(), 1U);
  ASSERT_TRUE(cores_2[0].is_occupied());
  const uint32_t session_2 = host_2.session_index_for_child().value();
  std::vector<node::protocol::UncheckedSignedAvailabilityBitfield> bitfields;
  for (const auto& [v, key] : keys) {
    scale::BitVec bits(1);
    bits.set(0, true);
    bitfields.push_back(node::protocol::sign_payload(
        key, node::protocol::AvailabilityBitfield{bits}, v,
        node::protocol::SigningContext{session_2, block::hash_of(block_2)}));
  }
  const auto inherent_3 =
      node::select_inherent_data(block_2, cores_2, bitfields, {}, validators.size());
  ASSERT_EQ(inherent_3.bitfields.size(), validators.size());
  author_block(ext, block_2, node::encode_parachains_inherent(inherent_3));
  const auto included_events =
      read(ext, [] { return rt::testing::events_of<Runtime, Runtime::ParaInclusion>(); });
  ASSERT_EQ(included_events.size(), 1U);
  EXPECT_TRUE(
      std::holds_alternative<Runtime::ParaInclusion::CandidateIncluded>(included_events[0]));
  const auto head = read(ext, [] { return Runtime::Paras::Heads::get(prim::ParaId{kPara}); });
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->bytes, (Bytes{3, 4}));
}

}  // namespace
}  // namespace canary::rt::canary_runtime
