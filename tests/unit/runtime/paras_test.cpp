// Paras (polkadot-runtime-parachains paras/mod.rs) natively, with Configuration, ParasShared and
// Balances beside it. The scenarios are polkadot-sdk's paras/tests.rs, ported with their block
// numbers and expectations (the mock's run_to_block: Paras' finalize, an optional session change
// with Alice, Bob, Charlie, Dave and Ferdie as the active validators in that order, then the next
// block's initialize): past-code pruning, upgrades through the GoAhead signal and at the expected
// block, cooldowns, full cleanup, onboarding over sessions, code reference counts, PVF votes
// (signed sr25519 statements over the "VCPC" payload; accepted, rejected, expired, coalesced,
// refunded, refused by validate_unsigned with FRAME's codes). Byte-level checks: ParaKind is a
// bool in SCALE and JSON, Paras.Heads / UpgradeGoAheadSignal / UpgradeRestrictionSignal sit at
// polkadot-primitives' well-known keys (prefixes from parachain-facts.md), the adder PVF of
// ../shared/fixtures onboards from a genesis JSON under its published BLAKE2b-256, and the POL1
// digests have ConsensusLog's indices.
#include "runtime/pallets/paras/paras.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/json/json.hpp"
#include "runtime/framework/json/json_codec.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/pallets/balances/balances.hpp"
#include "runtime/pallets/para_configuration/para_configuration.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/dispatch.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/support/hex.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace balances = pallets::balances;
namespace config = pallets::para_configuration;
namespace shared = pallets::para_shared;
namespace paras = pallets::paras;
namespace prim = pallets::para_primitives;
using config::HostConfiguration;
using paras::ParaGenesisArgs;
using paras::ParaKind;
using paras::ParaLifecycle;
using prim::HeadData;
using prim::ParaId;
using prim::PvfCheckStatement;
using prim::UpgradeGoAhead;
using prim::UpgradeRestriction;
using prim::ValidationCode;
using prim::ValidationCodeHash;
using test::hex;
using Balance = traits::tokens::Balance;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using AccountData = balances::AccountData;
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Balances = balances::Pallet<TestRuntime, PalletAt<4, "Balances">>;
  using Configuration = config::Pallet<TestRuntime, PalletAt<51, "Configuration">>;
  using ParasShared = shared::Pallet<TestRuntime, PalletAt<52, "ParasShared">>;
  using Paras = paras::Pallet<TestRuntime, PalletAt<56, "Paras">>;
  using Pallets = Composition<"test_runtime", System, Balances, Configuration, ParasShared, Paras>;
  using RuntimeHoldReason = balances::NoReasons<"test_runtime", "RuntimeHoldReason">;
  using RuntimeFreezeReason = balances::NoReasons<"test_runtime", "RuntimeFreezeReason">;
  static constexpr Balance kExistentialDeposit = 1;
  static constexpr uint32_t kMaxLocks = 50;
  static constexpr uint32_t kMaxReserves = 50;
  static constexpr uint32_t kMaxFreezes = 0;
  static constexpr uint32_t kMaxHolds = 0;
  using ParasFungible = Balances;
  static constexpr Balance kParasCooldownRemovalMultiplier = 10;
};
using System = TestRuntime::System;
using Balances = TestRuntime::Balances;
using Configuration = TestRuntime::Configuration;
using ParasShared = TestRuntime::ParasShared;
using Paras = TestRuntime::Paras;
using Error = paras::Error;

// --- Helpers as tests.rs' and its mock's.

const std::vector<keys::KeyPair>& validator_keys() {
  static const std::vector<keys::KeyPair> kKeys = [] {
    std::vector<keys::KeyPair> out;
    for (const char* suri : {"//Alice", "//Bob", "//Charlie", "//Dave", "//Ferdie", "//Eve"}) {
      out.push_back(keys::KeyPair::from_suri(keys::Scheme::kSr25519, suri).value());
    }
    return out;
  }();
  return kKeys;
}
// The five active validators (Eve, the sixth key, is not one).
std::vector<shared::ValidatorId> validator_ids() {
  std::vector<shared::ValidatorId> out;
  for (size_t i = 0; i < 5; ++i) {
    const Bytes pk = validator_keys()[i].public_key();
    shared::ValidatorId id;
    std::copy(pk.begin(), pk.end(), id.bytes.begin());
    out.push_back(id);
  }
  return out;
}

ValidationCode code_1() {
  return ValidationCode{{1, 2, 3, 4, 5, 6, 7, 8, 9}};
}
ValidationCode code_2() {
  return ValidationCode{{9, 8, 7, 6, 5, 4, 3, 2, 1}};
}
HeadData dummy_head() {
  return HeadData{{1, 2, 3, 4}};
}
ParaId para(uint32_t id) {
  return ParaId{id};
}

ParaGenesisArgs genesis_args(ParaKind kind, ValidationCode code, HeadData head = dummy_head()) {
  return ParaGenesisArgs{std::move(head), std::move(code), kind};
}

// A fresh state with the given active configuration and genesis paras, at block 0 as FRAME's
// mock starts.
template <class F>
void with_state(const HostConfiguration& cfg,
                const std::vector<std::pair<ParaId, ParaGenesisArgs>>& genesis, F&& f) {
  rt::testing::TestExternalities ext;
  ext.execute_with([&] {
    Configuration::force_set_active_config(cfg);
    ASSERT_TRUE(Paras::build_genesis({genesis}).has_value());
    System::initialize(0, H256{}, {});
    f();
    EXPECT_TRUE(Paras::try_state(System::block_number()).has_value());
  });
}
template <class F>
void with_state(F&& f) {
  with_state(HostConfiguration{}, {}, std::forward<F>(f));
}

// The mock's run_to_block: sessions change at the end of the blocks before those listed.
void run_to_block(BlockNumber to, const std::vector<BlockNumber>& new_sessions = {}) {
  while (System::block_number() < to) {
    const BlockNumber b = System::block_number();
    Paras::initializer_finalize(b);
    if (std::find(new_sessions.begin(), new_sessions.end(), b + 1) != new_sessions.end()) {
      const uint32_t session = ParasShared::session_index() + 1;
      const auto validators = validator_ids();
      ParasShared::initializer_on_new_session(session, {}, std::nullopt, validators);
      // set_active_validators_ascending: the keys in their given order.
      ParasShared::ActiveValidatorKeys::put(validators);
      Paras::initializer_on_new_session(session, Configuration::ActiveConfig::get(),
                                        validators.size());
    }
    System::initialize(b + 1, H256{}, {});
    Paras::initializer_initialize(b + 1);
  }
}

prim::ValidatorSignature sign(const PvfCheckStatement& stmt, size_t signer) {
  const Bytes sig = validator_keys()[signer].sign(stmt.signing_payload());
  prim::ValidatorSignature out;
  std::copy(sig.begin(), sig.end(), out.bytes.begin());
  return out;
}
PvfCheckStatement statement(bool accept, const ValidationCode& code, uint32_t session,
                            uint32_t validator) {
  return PvfCheckStatement{accept, code.hash(), session, prim::ValidatorIndex{validator}};
}
DispatchResultWithPostInfo include_statement(const PvfCheckStatement& stmt) {
  return rt::testing::dispatch<TestRuntime, Paras>(
      Paras::include_pvf_check_statement{stmt, sign(stmt, stmt.validator_index.value)},
      Origin::none());
}
void submit_super_majority(const ValidationCode& code, uint32_t session, bool accept) {
  for (uint32_t i : {0U, 1U, 2U, 3U}) {
    ASSERT_TRUE(include_statement(statement(accept, code, session, i)).has_value());
  }
}
DispatchResultWithPostInfo dispatch(Paras::Call call, const Origin& origin = Origin::root()) {
  return rt::testing::dispatch<TestRuntime, Paras>(std::move(call), origin);
}
std::string error_of(const DispatchResult& r) {
  return r ? std::string("ok") : runtime::to_string(r.error());
}
std::string error_of(const DispatchResultWithPostInfo& r) {
  return r ? std::string("ok") : runtime::to_string(r.error().error);
}
std::vector<Paras::Event> paras_events() {
  return rt::testing::events_of<TestRuntime, Paras>();
}
std::string paras_error(Error e) {
  return runtime::to_string(Paras::error(e));
}

void expect_code_stored(const ValidationCode& code) {
  EXPECT_NE(Paras::CodeByHashRefs::get(code.hash()), 0U);
  EXPECT_TRUE(Paras::CodeByHash::contains_key(code.hash()));
}
void expect_code_not_stored(const ValidationCode& code) {
  EXPECT_FALSE(Paras::CodeByHashRefs::contains_key(code.hash()));
  EXPECT_FALSE(Paras::CodeByHash::contains_key(code.hash()));
}
std::optional<BlockNumber> most_recent_change(ParaId id) {
  const auto meta = Paras::PastCodeMeta::get(id);
  if (meta.upgrade_times.empty()) return std::nullopt;
  return meta.upgrade_times.back().expected_at;
}
using Entry = std::tuple<ParaId, BlockNumber>;

HostConfiguration cfg_with(BlockNumber retention, BlockNumber delay, BlockNumber cooldown) {
  HostConfiguration c;
  c.code_retention_period = retention;
  c.validation_upgrade_delay = delay;
  c.validation_upgrade_cooldown = cooldown;
  return c;
}

// --- Types and keys.

TEST(Paras, PastCodeMetaPrunesAsFrame) {
  paras::ParaPastCodeMeta past;
  past.note_replacement(10, 10);
  past.note_replacement(20, 25);
  past.note_replacement(30, 35);
  const auto old = past;
  EXPECT_TRUE(past.prune_up_to(9).empty());
  EXPECT_EQ(old, past);
  EXPECT_EQ(past.prune_up_to(10), std::vector<BlockNumber>{10});
  EXPECT_EQ(past.last_pruned, std::optional<BlockNumber>(10));
  EXPECT_TRUE(past.prune_up_to(21).empty());
  EXPECT_EQ(past.prune_up_to(26), std::vector<BlockNumber>{20});
  EXPECT_EQ(past.last_pruned, std::optional<BlockNumber>(25));
  past.note_replacement(40, 42);
  past.note_replacement(50, 53);
  past.note_replacement(60, 66);
  EXPECT_EQ(past.prune_up_to(60), (std::vector<BlockNumber>{30, 40, 50}));
  EXPECT_EQ(past.upgrade_times.size(), 1U);
  EXPECT_EQ(past.last_pruned, std::optional<BlockNumber>(53));
  EXPECT_EQ(past.prune_up_to(66), std::vector<BlockNumber>{60});
  EXPECT_TRUE(past.upgrade_times.empty());
  EXPECT_EQ(past.last_pruned, std::optional<BlockNumber>(66));
  // SCALE: Vec<(u32, u32)> then Option<u32>.
  EXPECT_EQ(hex(scale::encode(past)), "000142000000");
}

TEST(Paras, ParaKindIsABoolInScaleAndJson) {
  EXPECT_EQ(hex(scale::encode(ParaKind::kParachain)), hex(scale::encode(true)));
  EXPECT_EQ(hex(scale::encode(ParaKind::kParathread)), hex(scale::encode(false)));
  EXPECT_FALSE(scale::decode<ParaKind>(Bytes{2}).has_value());
  EXPECT_EQ(json::write(paras::json_encode(ParaKind::kParachain)), "true");
  ParaKind k = ParaKind::kParathread;
  ASSERT_TRUE(paras::json_decode(json::parse("true").value(), k).has_value());
  EXPECT_EQ(k, ParaKind::kParachain);
  EXPECT_FALSE(paras::json_decode(json::parse("1").value(), k).has_value());
  // ParaGenesisArgs: head, code, then the kind's byte.
  EXPECT_EQ(hex(scale::encode(genesis_args(ParaKind::kParachain, ValidationCode{{0xaa}},
                                           HeadData{{0xbb, 0xcc}}))),
            "08bbcc04aa01");
}

TEST(Paras, WellKnownKeysAreTheParachainsOnes) {
  // twox128("Paras") ‖ twox128(item) from polkadot-primitives' well_known_keys
  // (parachain-facts.md §2.1), then Twox64Concat of the para id.
  const std::string paras_prefix = "cd710b30bd2eab0352ddcc26417aa194";
  const Bytes heads = Paras::Heads::key(para(2000));
  EXPECT_EQ(hex(Bytes(heads.begin(), heads.begin() + 32)),
            paras_prefix + "1b3c252fcb29d88eff4f3de5de4476c3");
  // Twox64Concat(para): xxHash64 (seed 0) of the u32, little-endian, then the u32; the hashes
  // were computed with the system's libxxhash (XXH64), not with our code. Para 1000's is the
  // well-known one of Asset Hub's head.
  EXPECT_EQ(hex(Paras::Heads::key(para(1000))),
            paras_prefix + "1b3c252fcb29d88eff4f3de5de4476c3b6ff6f7d467b87a9e8030000");
  EXPECT_EQ(hex(heads), paras_prefix + "1b3c252fcb29d88eff4f3de5de4476c363f5a4efb16ffa83d0070000");
  const Bytes go_ahead = Paras::UpgradeGoAheadSignal::key(para(2000));
  EXPECT_EQ(hex(Bytes(go_ahead.begin(), go_ahead.begin() + 32)),
            paras_prefix + "9e94c040f5e73d9b7addd6cb603d15d3");
  EXPECT_EQ(hex(Bytes(go_ahead.begin() + 32, go_ahead.end())), "63f5a4efb16ffa83d0070000");
  const Bytes restriction = Paras::UpgradeRestrictionSignal::key(para(2000));
  EXPECT_EQ(hex(Bytes(restriction.begin(), restriction.begin() + 32)),
            paras_prefix + "f27bbb460270642b5bcaf032ea04d56a");
  EXPECT_EQ(hex(Bytes(restriction.begin() + 32, restriction.end())), "63f5a4efb16ffa83d0070000");
  // well_known_keys::current_code_hash, and CodeByHash's Identity key (the hash itself); the
  // item prefixes computed with libxxhash.
  EXPECT_EQ(hex(Paras::CurrentCodeHash::key(para(2000))),
            paras_prefix + "e2d1c22ba0a888147714a3487bd51c6363f5a4efb16ffa83d0070000");
  EXPECT_EQ(hex(Paras::CodeByHash::key(code_1().hash())),
            paras_prefix + "383e6dcb39e0be0a2e6aeb8b94951ab6" + hex(code_1().hash().hash.bytes));
  with_state([] {
    Paras::UpgradeGoAheadSignal::insert(para(2020), UpgradeGoAhead::kGoAhead);
    Paras::UpgradeRestrictionSignal::insert(para(2020), UpgradeRestriction::kPresent);
    Paras::Heads::insert(para(2020), HeadData{{0, 1, 2, 3}});
    EXPECT_EQ(hex(io::storage::get(Paras::UpgradeGoAheadSignal::key(para(2020))).value()), "01");
    EXPECT_EQ(hex(io::storage::get(Paras::UpgradeRestrictionSignal::key(para(2020))).value()),
              "00");
    EXPECT_EQ(hex(io::storage::get(Paras::Heads::key(para(2020))).value()), "1000010203");
  });
}

TEST(Paras, StatementSigningPayloadHasTheMagic) {
  PvfCheckStatement stmt{true, ValidationCodeHash{}, 7, prim::ValidatorIndex{3}};
  stmt.subject.hash.bytes.fill(0xab);
  EXPECT_EQ(hex(stmt.signing_payload()), "5643504301" + hex(Bytes(32, 0xab)) + "0700000003000000");
}

TEST(Paras, CallsAndEventsHaveFramesIndices) {
  const Paras::Call call = Paras::force_queue_action{para(2000)};
  EXPECT_EQ(hex(scale::encode(call)), "04d0070000");
  const Paras::Call poke = Paras::poke_unused_validation_code{code_1().hash()};
  EXPECT_EQ(hex(scale::encode(poke)).substr(0, 2), "06");
  const Paras::Call apply = Paras::apply_authorized_force_set_current_code{para(1), code_1()};
  EXPECT_EQ(hex(scale::encode(apply)).substr(0, 12), "0b0100000024");
  const Paras::Event ev = Paras::ActionQueued{para(2000), 5};
  EXPECT_EQ(hex(scale::encode(ev)), "04d007000005000000");
  const Paras::Event authorized = Paras::CodeAuthorized{para(1), ValidationCodeHash{}, 9};
  EXPECT_EQ(hex(scale::encode(authorized)).substr(0, 10), "0901000000");
}

TEST(Paras, ConsensusLogsAreParachainsDigests) {
  const auto d = prim::consensus_digest(prim::ParaScheduleUpgradeCode{para(5), {}, 7});
  EXPECT_EQ(hex(Bytes(d.engine.begin(), d.engine.end())), hex(to_bytes("POL1")));
  EXPECT_EQ(hex(d.data), "0205000000" + std::string(64, '0') + "07000000");
  EXPECT_EQ(hex(prim::consensus_digest(prim::ParaUpgradeCode{para(5), {}}).data),
            "0105000000" + std::string(64, '0'));
}

// --- Genesis.

TEST(Paras, GenesisJsonOnboardsTheAdderParachain) {
  std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/parachains/adder/validation_code.wasm",
                   std::ios::binary);
  ASSERT_TRUE(in.good());
  const Bytes code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ifstream head_in(std::string(CANARY_FIXTURES_DIR) + "/parachains/adder/genesis_head.hex");
  std::string head_hex;
  head_in >> head_hex;
  const std::string json = R"({"paras": [[2000, {"genesis_head": ")" + head_hex +
                           R"(", "validation_code": ")" + to_hex(code) +
                           R"(", "parachain": true}]]})";
  paras::GenesisConfig genesis;
  ASSERT_TRUE(json_decode(json::parse(json).value(), genesis).has_value());
  ASSERT_EQ(genesis.paras.size(), 1U);
  // The README's published BLAKE2b-256 of the code.
  EXPECT_EQ(hex(genesis.paras[0].second.validation_code.hash().hash.bytes),
            "d7d82e716d8ca4366ab441c2625878dd148ed961d0ae8bf9f71af2b2f6583f24");
  with_state(HostConfiguration{}, genesis.paras, [&] {
    EXPECT_EQ(Paras::Parachains::get(), std::vector<ParaId>{para(2000)});
    EXPECT_EQ(Paras::lifecycle(para(2000)), ParaLifecycle::kParachain);
    EXPECT_EQ(Paras::current_code(para(2000))->bytes, code);
    EXPECT_EQ(Paras::CodeByHashRefs::get(genesis.paras[0].second.validation_code.hash()), 1U);
    EXPECT_EQ(hex(Paras::Heads::get(para(2000))->bytes), head_hex.substr(2));
    EXPECT_EQ(Paras::MostRecentContext::get(para(2000)), std::optional<BlockNumber>(0));
  });
  // A wrong kind, and empty code, are refused.
  EXPECT_FALSE(json_decode(json::parse(R"({"paras": [[1, {"genesis_head": "0x", "validation_code":
      "0x01", "parachain": 1}]]})")
                               .value(),
                           genesis)
                   .has_value());
  rt::testing::TestExternalities ext;
  ext.execute_with([] {
    EXPECT_FALSE(
        Paras::build_genesis({{{para(1), genesis_args(ParaKind::kParathread, ValidationCode{})}}})
            .has_value());
  });
}

// --- Lifecycles (tests.rs).

TEST(Paras, ScheduleParaInitRejectsEmptyCode) {
  with_state([] {
    EXPECT_EQ(error_of(Paras::schedule_para_initialize(
                  para(1000), genesis_args(ParaKind::kParathread, ValidationCode{}))),
              paras_error(Error::kCannotOnboard));
    EXPECT_TRUE(Paras::schedule_para_initialize(
                    para(1000), genesis_args(ParaKind::kParathread, ValidationCode{{1}}))
                    .has_value());
    // Already tracked.
    EXPECT_EQ(error_of(Paras::schedule_para_initialize(
                  para(1000), genesis_args(ParaKind::kParathread, ValidationCode{{1}}))),
              paras_error(Error::kCannotOnboard));
  });
}

TEST(Paras, ParaIncomingAtSession) {
  const ValidationCode code_a{{2}}, code_b{{1}}, code_c{{3}};
  with_state([&] {
    run_to_block(1, {1});
    const ParaId b = para(525), a = para(999), c = para(333);
    ASSERT_TRUE(Paras::schedule_para_initialize(
                    b, genesis_args(ParaKind::kParachain, code_b, HeadData{{1}}))
                    .has_value());
    ASSERT_TRUE(Paras::schedule_para_initialize(
                    a, genesis_args(ParaKind::kParathread, code_a, HeadData{{2}}))
                    .has_value());
    ASSERT_TRUE(Paras::schedule_para_initialize(
                    c, genesis_args(ParaKind::kParachain, code_c, HeadData{{3}}))
                    .has_value());
    // The genesis arguments wait without their code, which is stored at once.
    EXPECT_TRUE(Paras::UpcomingParasGenesis::get(a)->validation_code.bytes.empty());
    expect_code_stored(code_a);
    for (uint32_t i : {0U, 1U, 2U, 3U}) {
      ASSERT_TRUE(include_statement(statement(true, code_a, 1, i)).has_value());
    }
    for (uint32_t i : {1U, 2U, 3U, 4U}) {
      ASSERT_TRUE(include_statement(statement(true, code_b, 1, i)).has_value());
    }
    for (uint32_t i : {0U, 2U, 3U, 4U}) {
      ASSERT_TRUE(include_statement(statement(true, code_c, 1, i)).has_value());
    }
    EXPECT_EQ(Paras::ActionsQueue::get(Paras::scheduled_session()), (std::vector{c, b, a}));
    EXPECT_EQ(Paras::lifecycle(a), ParaLifecycle::kOnboarding);
    run_to_block(2);
    EXPECT_TRUE(Paras::Parachains::get().empty());
    EXPECT_EQ(Paras::lifecycle(b), ParaLifecycle::kOnboarding);
    run_to_block(4, {3, 4});
    EXPECT_EQ(Paras::Parachains::get(), (std::vector{c, b}));
    EXPECT_TRUE(Paras::ActionsQueue::get(Paras::scheduled_session()).empty());
    EXPECT_EQ(Paras::lifecycle(a), ParaLifecycle::kParathread);
    EXPECT_EQ(Paras::lifecycle(b), ParaLifecycle::kParachain);
    EXPECT_EQ(Paras::lifecycle(c), ParaLifecycle::kParachain);
    EXPECT_EQ(Paras::current_code(a), code_a);
    EXPECT_EQ(Paras::current_code(b), code_b);
    EXPECT_EQ(Paras::current_code(c), code_c);
    EXPECT_EQ(Paras::Heads::get(c), HeadData{{3}});
  });
}

TEST(Paras, ParathreadUpgradesAndParachainDowngradesAtTheScheduledSession) {
  with_state(HostConfiguration{},
             {{para(1), genesis_args(ParaKind::kParathread, code_1())},
              {para(2), genesis_args(ParaKind::kParachain, code_2())}},
             [] {
               EXPECT_EQ(error_of(Paras::schedule_parathread_upgrade(para(2))),
                         paras_error(Error::kCannotUpgrade));
               EXPECT_EQ(error_of(Paras::schedule_parachain_downgrade(para(1))),
                         paras_error(Error::kCannotDowngrade));
               EXPECT_EQ(error_of(Paras::schedule_parathread_upgrade(para(3))),
                         paras_error(Error::kNotRegistered));
               ASSERT_TRUE(Paras::schedule_parathread_upgrade(para(1)).has_value());
               ASSERT_TRUE(Paras::schedule_parachain_downgrade(para(2)).has_value());
               EXPECT_TRUE(Paras::is_parathread(para(1)));
               EXPECT_TRUE(Paras::is_parachain(para(2)));
               // A para in transition cannot offboard.
               EXPECT_EQ(error_of(Paras::schedule_para_cleanup(para(1))),
                         paras_error(Error::kCannotOffboard));
               run_to_block(2, {1, 2});
               EXPECT_EQ(Paras::lifecycle(para(1)), ParaLifecycle::kParachain);
               EXPECT_EQ(Paras::lifecycle(para(2)), ParaLifecycle::kParathread);
               EXPECT_EQ(Paras::Parachains::get(), std::vector<ParaId>{para(1)});
             });
}

TEST(Paras, MostRecentContextFollowsHeadsAndOffboarding) {
  with_state([] {
    run_to_block(1, {1});
    const ParaId id = para(111);
    EXPECT_FALSE(Paras::MostRecentContext::get(id).has_value());
    ASSERT_TRUE(Paras::schedule_para_initialize(id, genesis_args(ParaKind::kParachain, code_1()))
                    .has_value());
    submit_super_majority(code_1(), 1, true);
    EXPECT_EQ(Paras::lifecycle(id), ParaLifecycle::kOnboarding);
    run_to_block(4, {3, 4});
    EXPECT_EQ(Paras::lifecycle(id), ParaLifecycle::kParachain);
    EXPECT_EQ(Paras::MostRecentContext::get(id), std::optional<BlockNumber>(0));
    Paras::note_new_head(id, HeadData{{4, 5, 6}}, 3);
    EXPECT_EQ(Paras::MostRecentContext::get(id), std::optional<BlockNumber>(3));
    ASSERT_TRUE(Paras::schedule_para_cleanup(id).has_value());
    run_to_block(6, {5, 6});
    EXPECT_FALSE(Paras::MostRecentContext::get(id).has_value());
    EXPECT_FALSE(Paras::lifecycle(id).has_value());
  });
}

// --- Past code.

TEST(Paras, PastCodePruningInInitialize) {
  const BlockNumber retention = 10;
  with_state(cfg_with(retention, 2, 0),
             {{para(0), genesis_args(ParaKind::kParachain, code_1())},
              {para(1), genesis_args(ParaKind::kParathread, code_1())}},
             [&] {
               const ParaId id = para(0);
               const BlockNumber at_block = 10, included_block = 12;
               const ValidationCode code = code_2();
               Paras::increase_code_ref(code.hash(), code);
               Paras::PastCodeHash::insert({id, at_block}, code.hash());
               Paras::PastCodePruning::put({{id, included_block}});
               Paras::PastCodeMeta::mutate(id, [&](paras::ParaPastCodeMeta& m) {
                 m.note_replacement(at_block, included_block);
               });
               const BlockNumber pruned_at = included_block + retention + 1;
               run_to_block(pruned_at - 1);
               EXPECT_EQ(Paras::PastCodeHash::get({id, at_block}), code.hash());
               EXPECT_EQ(most_recent_change(id), std::optional<BlockNumber>(at_block));
               expect_code_stored(code);
               run_to_block(pruned_at);
               EXPECT_FALSE(Paras::PastCodeHash::get({id, at_block}).has_value());
               EXPECT_FALSE(most_recent_change(id).has_value());
               expect_code_not_stored(code);
             });
}

TEST(Paras, NotePastCodeSetsUpPruning) {
  with_state(cfg_with(10, 2, 0),
             {{para(0), genesis_args(ParaKind::kParachain, code_1())},
              {para(1), genesis_args(ParaKind::kParathread, code_1())}},
             [] {
               Paras::note_past_code(para(0), 10, 12, code_1().hash());
               Paras::note_past_code(para(1), 20, 23, code_2().hash());
               EXPECT_EQ(Paras::PastCodePruning::get(),
                         (std::vector<Entry>{{para(0), 12}, {para(1), 23}}));
               EXPECT_EQ(Paras::PastCodeMeta::get(para(0)).upgrade_times,
                         (std::vector<paras::ReplacementTimes>{{10, 12}}));
               EXPECT_EQ(Paras::PastCodeMeta::get(para(1)).upgrade_times,
                         (std::vector<paras::ReplacementTimes>{{20, 23}}));
             });
}

TEST(Paras, CodeHashAtReturnsUpToEndOfCodeRetentionPeriod) {
  const BlockNumber retention = 10;
  with_state(cfg_with(retention, 2, 0), {{para(0), genesis_args(ParaKind::kParachain, code_1())}},
             [&] {
               run_to_block(2, {1});
               const ParaId id = para(0);
               Paras::schedule_code_upgrade(id, code_2(), 0, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kSetGoAheadSignal);
               submit_super_majority(code_2(), 1, true);
               run_to_block(3);
               EXPECT_EQ(Paras::current_code(id), code_1());
               run_to_block(10);
               Paras::note_new_head(id, HeadData{}, 7);
               EXPECT_EQ(Paras::PastCodeMeta::get(id).upgrade_times,
                         (std::vector<paras::ReplacementTimes>{{4, 10}}));
               EXPECT_EQ(Paras::current_code(id), code_2());
               run_to_block(10 + retention);
               EXPECT_EQ(Paras::CodeByHash::get(code_1().hash()), code_1());
               EXPECT_EQ(Paras::CodeByHash::get(code_2().hash()), code_2());
               run_to_block(10 + retention + 1);
               const auto meta = Paras::PastCodeMeta::get(id);
               EXPECT_TRUE(meta.upgrade_times.empty());
               EXPECT_EQ(meta.last_pruned, std::optional<BlockNumber>(10));
               EXPECT_FALSE(Paras::CodeByHash::get(code_1().hash()).has_value());
               EXPECT_EQ(Paras::CodeByHash::get(code_2().hash()), code_2());
             });
}

// --- Code upgrades.

// The digests deposited in the current block with the POL1 engine.
std::vector<Bytes> pol1_logs() {
  std::vector<Bytes> out;
  for (const auto& item : System::Digest::get()) {
    if (const auto* c = std::get_if<block::DigestConsensus>(&item)) {
      if (c->engine == prim::kPolkadotEngineId) out.push_back(c->data);
    }
  }
  return out;
}

TEST(Paras, CodeUpgradeAppliedAfterDelay) {
  const BlockNumber delay = 5, cooldown = 10;
  with_state(cfg_with(10, delay, cooldown),
             {{para(0), genesis_args(ParaKind::kParachain, code_1())}}, [&] {
               expect_code_stored(code_1());
               const ParaId id = para(0);
               run_to_block(2, {1});
               EXPECT_EQ(Paras::current_code(id), code_1());
               const BlockNumber expected_at = 1 + delay;
               const BlockNumber next_possible = 1 + cooldown;
               Paras::schedule_code_upgrade(id, code_2(), 1, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kSetGoAheadSignal);
               EXPECT_EQ(Paras::UpgradeRestrictionSignal::get(id), UpgradeRestriction::kPresent);
               EXPECT_FALSE(Paras::can_upgrade_validation_code(id));
               submit_super_majority(code_2(), 1, true);
               // The accepted vote schedules the upgrade and says so in a digest.
               EXPECT_EQ(pol1_logs(),
                         std::vector<Bytes>{scale::encode(prim::ParasConsensusLog{
                             prim::ParaScheduleUpgradeCode{id, code_2().hash(), expected_at}})});
               Paras::note_new_head(id, HeadData{}, 1);
               EXPECT_FALSE(most_recent_change(id).has_value());
               EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), expected_at);
               EXPECT_EQ(Paras::FutureCodeHash::get(id), code_2().hash());
               EXPECT_EQ(Paras::UpcomingUpgrades::get(), (std::vector<Entry>{{id, expected_at}}));
               EXPECT_EQ(Paras::UpgradeCooldowns::get(), (std::vector<Entry>{{id, next_possible}}));
               EXPECT_EQ(Paras::current_code(id), code_1());
               expect_code_stored(code_1());
               expect_code_stored(code_2());

               run_to_block(expected_at);
               // A head in the context of the block before expected_at does not upgrade.
               Paras::note_new_head(id, HeadData{}, expected_at - 1);
               EXPECT_FALSE(most_recent_change(id).has_value());
               EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), expected_at);
               EXPECT_EQ(Paras::UpgradeGoAheadSignal::get(id), UpgradeGoAhead::kGoAhead);
               EXPECT_EQ(Paras::current_code(id), code_1());

               run_to_block(expected_at + 1);
               Paras::note_new_head(id, HeadData{}, expected_at);
               EXPECT_EQ(most_recent_change(id), expected_at);
               EXPECT_EQ(Paras::PastCodeHash::get({id, expected_at}), code_1().hash());
               EXPECT_FALSE(Paras::FutureCodeUpgrades::get(id).has_value());
               EXPECT_FALSE(Paras::FutureCodeHash::get(id).has_value());
               EXPECT_FALSE(Paras::UpgradeGoAheadSignal::get(id).has_value());
               EXPECT_EQ(Paras::current_code(id), code_2());
               EXPECT_EQ(pol1_logs(), std::vector<Bytes>{scale::encode(prim::ParasConsensusLog{
                                          prim::ParaUpgradeCode{id, code_2().hash()}})});
               EXPECT_EQ(Paras::UpgradeRestrictionSignal::get(id), UpgradeRestriction::kPresent);
               EXPECT_EQ(Paras::UpgradeCooldowns::get(), (std::vector<Entry>{{id, next_possible}}));
               expect_code_stored(code_1());
               expect_code_stored(code_2());

               run_to_block(next_possible + 1);
               EXPECT_FALSE(Paras::UpgradeRestrictionSignal::get(id).has_value());
               EXPECT_TRUE(Paras::UpgradeCooldowns::get().empty());
               EXPECT_TRUE(Paras::can_upgrade_validation_code(id));
             });
}

TEST(Paras, UpgradeStrategyApplyAtExpectedBlock) {
  const BlockNumber delay = 5, cooldown = 10;
  with_state(cfg_with(10, delay, cooldown),
             {{para(0), genesis_args(ParaKind::kParachain, code_1())}}, [&] {
               const ParaId id = para(0);
               run_to_block(2, {1});
               const BlockNumber expected_at = 1 + delay;
               Paras::schedule_code_upgrade(id, code_2(), 1, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kApplyAtExpectedBlock);
               submit_super_majority(code_2(), 1, true);
               EXPECT_EQ(Paras::FutureCodeUpgradesAt::get(),
                         (std::vector<Entry>{{id, expected_at}}));
               EXPECT_FALSE(Paras::FutureCodeUpgrades::get(id).has_value());
               run_to_block(expected_at + 1);
               EXPECT_EQ(most_recent_change(id), expected_at);
               EXPECT_EQ(Paras::PastCodeHash::get({id, expected_at}), code_1().hash());
               EXPECT_FALSE(Paras::FutureCodeHash::get(id).has_value());
               EXPECT_FALSE(Paras::UpgradeGoAheadSignal::get(id).has_value());
               EXPECT_EQ(Paras::current_code(id), code_2());
               EXPECT_EQ(Paras::UpgradeRestrictionSignal::get(id), UpgradeRestriction::kPresent);
               run_to_block(1 + cooldown + 1);
               EXPECT_FALSE(Paras::UpgradeRestrictionSignal::get(id).has_value());
               EXPECT_TRUE(Paras::UpgradeCooldowns::get().empty());
             });
}

TEST(Paras, CodeUpgradeAppliedAfterDelayEvenWhenLate) {
  const BlockNumber delay = 5, cooldown = 10;
  with_state(cfg_with(10, delay, cooldown),
             {{para(0), genesis_args(ParaKind::kParachain, code_1())}}, [&] {
               const ParaId id = para(0);
               run_to_block(2, {1});
               const BlockNumber expected_at = 1 + delay;
               Paras::schedule_code_upgrade(id, code_2(), 1, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kSetGoAheadSignal);
               submit_super_majority(code_2(), 1, true);
               Paras::note_new_head(id, HeadData{}, 1);
               EXPECT_FALSE(Paras::UpgradeGoAheadSignal::get(id).has_value());
               run_to_block(expected_at + 1 + 4);
               // GoAhead stays until the para's head is processed.
               EXPECT_EQ(Paras::UpgradeGoAheadSignal::get(id), UpgradeGoAhead::kGoAhead);
               Paras::note_new_head(id, HeadData{}, expected_at + 4);
               EXPECT_EQ(most_recent_change(id), expected_at);
               EXPECT_EQ(Paras::PastCodeHash::get({id, expected_at}), code_1().hash());
               EXPECT_FALSE(Paras::UpgradeGoAheadSignal::get(id).has_value());
               EXPECT_EQ(Paras::current_code(id), code_2());
             });
}

TEST(Paras, SecondUpgradeWhilePendingIsIgnored) {
  const BlockNumber delay = 7;
  with_state(cfg_with(10, delay, 100),
             {{para(0), genesis_args(ParaKind::kParachain, ValidationCode{{1, 2, 3}})}}, [&] {
               const ParaId id = para(0);
               run_to_block(1, {1});
               Paras::schedule_code_upgrade(id, code_1(), 1, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kSetGoAheadSignal);
               submit_super_majority(code_1(), 1, true);
               EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), 1 + delay);
               EXPECT_EQ(Paras::FutureCodeHash::get(id), code_1().hash());
               expect_code_stored(code_1());
               run_to_block(2);
               EXPECT_FALSE(Paras::can_upgrade_validation_code(id));
               Paras::schedule_code_upgrade(id, code_2(), 2, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kSetGoAheadSignal);
               EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), 1 + delay);
               EXPECT_EQ(Paras::FutureCodeHash::get(id), code_1().hash());
               expect_code_not_stored(code_2());
             });
}

TEST(Paras, UpgradeRestrictionElapsedDoesntMeanCanUpgrade) {
  const BlockNumber delay = 7;
  with_state(cfg_with(10, delay, 30),
             {{para(0), genesis_args(ParaKind::kParachain, ValidationCode{{1, 2, 3}})}}, [&] {
               const ParaId id = para(0);
               run_to_block(1, {1});
               Paras::schedule_code_upgrade(id, code_1(), 0, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kSetGoAheadSignal);
               submit_super_majority(code_1(), 1, true);
               Paras::note_new_head(id, dummy_head(), 0);
               EXPECT_EQ(Paras::UpgradeRestrictionSignal::get(id), UpgradeRestriction::kPresent);
               EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), delay);
               EXPECT_FALSE(Paras::can_upgrade_validation_code(id));
               run_to_block(31);
               EXPECT_FALSE(Paras::UpgradeRestrictionSignal::get(id).has_value());
               EXPECT_FALSE(Paras::can_upgrade_validation_code(id));
               Paras::schedule_code_upgrade(id, code_2(), 30, Configuration::ActiveConfig::get(),
                                            paras::UpgradeStrategy::kSetGoAheadSignal);
               EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), delay);
             });
}

TEST(Paras, UpgradesOfTheWrongSizeOrToTheSameCodeAreDropped) {
  HostConfiguration cfg = cfg_with(10, 2, 0);
  cfg.max_code_size = 9;
  with_state(cfg, {{para(0), genesis_args(ParaKind::kParachain, code_1())}}, [&] {
    run_to_block(1, {1});
    const ParaId id = para(0);
    Paras::schedule_code_upgrade(id, ValidationCode{Bytes(8, 1)}, 1, cfg,
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    Paras::schedule_code_upgrade(id, ValidationCode{Bytes(10, 1)}, 1, cfg,
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    Paras::schedule_code_upgrade(id, code_1(), 1, cfg, paras::UpgradeStrategy::kSetGoAheadSignal);
    EXPECT_FALSE(Paras::FutureCodeHash::get(id).has_value());
    EXPECT_TRUE(Paras::can_upgrade_validation_code(id));
    // The external entry point reports it.
    EXPECT_EQ(error_of(Paras::schedule_code_upgrade_external(
                  id, ValidationCode{Bytes(10, 1)}, paras::UpgradeStrategy::kSetGoAheadSignal)),
              paras_error(Error::kInvalidCode));
    ASSERT_TRUE(Paras::schedule_code_upgrade_external(id, code_2(),
                                                      paras::UpgradeStrategy::kSetGoAheadSignal)
                    .has_value());
    EXPECT_EQ(error_of(Paras::schedule_code_upgrade_external(
                  id, code_2(), paras::UpgradeStrategy::kSetGoAheadSignal)),
              paras_error(Error::kCannotUpgradeCode));
  });
}

TEST(Paras, FullParachainCleanupStorage) {
  const BlockNumber retention = 20, delay = 1 + 5;
  HostConfiguration cfg = cfg_with(retention, delay, 0);
  cfg.minimum_validation_upgrade_delay = 2;
  with_state(cfg, {{para(0), genesis_args(ParaKind::kParachain, code_1())}}, [&] {
    expect_code_stored(code_1());
    const ParaId id = para(0);
    run_to_block(2, {1});
    EXPECT_EQ(Paras::current_code(id), code_1());
    const BlockNumber expected_at = 1 + delay;
    Paras::schedule_code_upgrade(id, code_2(), 1, Configuration::ActiveConfig::get(),
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    submit_super_majority(code_2(), 1, true);
    Paras::note_new_head(id, HeadData{}, 1);
    EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), expected_at);
    EXPECT_EQ(expected_at, 7U);
    run_to_block(7);
    Paras::note_new_head(id, HeadData{}, expected_at);
    ASSERT_TRUE(Paras::schedule_para_cleanup(id).has_value());
    run_to_block(10, {8, 9});
    EXPECT_EQ(most_recent_change(id), std::optional<BlockNumber>(8));
    EXPECT_EQ(Paras::PastCodeHash::get({id, 8}), code_2().hash());
    EXPECT_EQ(Paras::PastCodePruning::get(), (std::vector<Entry>{{id, 7}, {id, 8}}));
    expect_code_stored(code_1());
    expect_code_stored(code_2());
    EXPECT_FALSE(Paras::FutureCodeUpgrades::get(id).has_value());
    EXPECT_FALSE(Paras::FutureCodeHash::get(id).has_value());
    EXPECT_FALSE(Paras::current_code(id).has_value());
    EXPECT_FALSE(Paras::Heads::get(id).has_value());
    EXPECT_TRUE(Paras::Parachains::get().empty());
    run_to_block(8 + retention + 1);
    EXPECT_EQ(Paras::PastCodeMeta::get(id), paras::ParaPastCodeMeta{});
    EXPECT_FALSE(Paras::PastCodeMeta::try_get(id).has_value());
    EXPECT_FALSE(Paras::PastCodeHash::get({id, 7}).has_value());
    EXPECT_FALSE(Paras::PastCodeHash::get({id, 8}).has_value());
    EXPECT_TRUE(Paras::PastCodePruning::get().empty());
    expect_code_not_stored(code_1());
    expect_code_not_stored(code_2());
  });
}

TEST(Paras, CannotOffboardDuringOngoingPvfCheck) {
  const ParaId id = para(0);
  with_state(HostConfiguration{}, {{id, genesis_args(ParaKind::kParachain, code_1())}}, [&] {
    run_to_block(2, {1});
    Paras::schedule_code_upgrade(id, code_2(), 1, Configuration::ActiveConfig::get(),
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    EXPECT_FALSE(Paras::pvfs_require_precheck().empty());
    EXPECT_EQ(error_of(Paras::schedule_para_cleanup(id)), paras_error(Error::kCannotOffboard));
    submit_super_majority(code_2(), 1, true);
    EXPECT_TRUE(Paras::schedule_para_cleanup(id).has_value());
  });
}

// --- Reference counts.

TEST(Paras, CodeRefIsCleanedCorrectly) {
  with_state([] {
    const ValidationCode code = code_1();
    Paras::increase_code_ref(code.hash(), code);
    Paras::increase_code_ref(code.hash(), code);
    EXPECT_TRUE(Paras::CodeByHash::contains_key(code.hash()));
    EXPECT_EQ(Paras::CodeByHashRefs::get(code.hash()), 2U);
    Paras::decrease_code_ref(code.hash());
    EXPECT_TRUE(Paras::CodeByHash::contains_key(code.hash()));
    EXPECT_EQ(Paras::CodeByHashRefs::get(code.hash()), 1U);
    Paras::decrease_code_ref(code.hash());
    expect_code_not_stored(code);
    // Refcount already zero: nothing happens.
    Paras::decrease_code_ref(code.hash());
    expect_code_not_stored(code);
  });
}

// --- PVF pre-checking.

TEST(Paras, PvfCheckCoalescesOnboardingAndUpgrade) {
  const BlockNumber delay = 5;
  const ParaId a = para(111), b = para(222);
  with_state(cfg_with(0, delay, 0), {{a, genesis_args(ParaKind::kParachain, code_1())}}, [&] {
    run_to_block(2, {1});
    System::reset_events();
    ASSERT_TRUE(Paras::schedule_para_initialize(b, genesis_args(ParaKind::kParachain, code_2()))
                    .has_value());
    Paras::schedule_code_upgrade(a, code_2(), 1, Configuration::ActiveConfig::get(),
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    EXPECT_EQ(Paras::PvfActiveVoteMap::get(code_2().hash())->causes.size(), 2U);
    EXPECT_EQ(Paras::CodeByHashRefs::get(code_2().hash()), 2U);
    submit_super_majority(code_2(), 1, true);
    EXPECT_EQ(Paras::ActionsQueue::get(1 + 2), std::vector<ParaId>{b});
    EXPECT_EQ(Paras::FutureCodeUpgrades::get(a), 1 + delay);
    const auto h = code_2().hash();
    EXPECT_EQ(paras_events(), (std::vector<Paras::Event>{
                                  Paras::PvfCheckStarted{h, b}, Paras::PvfCheckStarted{h, a},
                                  Paras::PvfCheckAccepted{h, b}, Paras::PvfCheckAccepted{h, a}}));
  });
}

TEST(Paras, PvfCheckOnboardingRejectedOnExpiry) {
  HostConfiguration cfg;
  cfg.pvf_voting_ttl = 2;
  const ParaId a = para(111);
  with_state(cfg, {}, [&] {
    run_to_block(1, {1});
    ASSERT_TRUE(Paras::schedule_para_initialize(a, genesis_args(ParaKind::kParathread, code_1()))
                    .has_value());
    EXPECT_TRUE(Paras::PvfActiveVoteMap::get(code_1().hash()).has_value());
    expect_code_stored(code_1());
    run_to_block(2, {2});
    expect_code_stored(code_1());
    // Ballots were reset for the new session and the vote aged.
    const auto vote = Paras::PvfActiveVoteMap::get(code_1().hash());
    ASSERT_TRUE(vote.has_value());
    EXPECT_EQ(vote->age, 1U);
    EXPECT_EQ(vote->votes_accept.size(), 5U);
    run_to_block(3, {3});
    expect_code_not_stored(code_1());
    EXPECT_FALSE(Paras::PvfActiveVoteMap::get(code_1().hash()).has_value());
    EXPECT_TRUE(Paras::pvfs_require_precheck().empty());
    EXPECT_TRUE(Paras::can_schedule_para_initialize(a));
    EXPECT_FALSE(Paras::CurrentCodeHash::get(a).has_value());
    EXPECT_FALSE(Paras::UpcomingParasGenesis::get(a).has_value());
  });
}

// proceed_with_onboarding: the sessions the vote took count towards SESSION_DELAY, but a para
// never onboards in the session its vote concluded in.
TEST(Paras, OnboardingCountsTheSessionsTheVoteTook) {
  HostConfiguration cfg;
  cfg.pvf_voting_ttl = 5;
  with_state(cfg, {}, [] {
    run_to_block(1, {1});
    ASSERT_TRUE(
        Paras::schedule_para_initialize(para(7), genesis_args(ParaKind::kParachain, code_1()))
            .has_value());
    run_to_block(2, {2});
    EXPECT_EQ(Paras::PvfActiveVoteMap::get(code_1().hash())->age, 1U);
    submit_super_majority(code_1(), 2, true);
    EXPECT_EQ(Paras::ActionsQueue::get(3), std::vector<ParaId>{para(7)});
    ASSERT_TRUE(
        Paras::schedule_para_initialize(para(8), genesis_args(ParaKind::kParachain, code_2()))
            .has_value());
    run_to_block(4, {3, 4});
    EXPECT_EQ(Paras::lifecycle(para(7)), ParaLifecycle::kParachain);
    EXPECT_EQ(Paras::PvfActiveVoteMap::get(code_2().hash())->age, 2U);
    submit_super_majority(code_2(), 4, true);
    EXPECT_EQ(Paras::ActionsQueue::get(5), std::vector<ParaId>{para(8)});
  });
}

TEST(Paras, PvfCheckUpgradeRejected) {
  const ParaId a = para(111);
  with_state(HostConfiguration{}, {{a, genesis_args(ParaKind::kParathread, code_1())}}, [&] {
    run_to_block(2, {1});
    System::reset_events();
    Paras::schedule_code_upgrade(a, code_2(), 1, Configuration::ActiveConfig::get(),
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    expect_code_stored(code_2());
    // One of five against: a supermajority (4) is still possible.
    ASSERT_TRUE(include_statement(statement(false, code_2(), 1, 0)).has_value());
    expect_code_stored(code_2());
    // Two against: it no longer is.
    ASSERT_TRUE(include_statement(statement(false, code_2(), 1, 1)).has_value());
    expect_code_not_stored(code_2());
    EXPECT_FALSE(Paras::PvfActiveVoteMap::get(code_2().hash()).has_value());
    EXPECT_TRUE(Paras::pvfs_require_precheck().empty());
    EXPECT_FALSE(Paras::FutureCodeHash::get(a).has_value());
    EXPECT_EQ(Paras::UpgradeGoAheadSignal::get(a), UpgradeGoAhead::kAbort);
    const auto h = code_2().hash();
    EXPECT_EQ(paras_events(), (std::vector<Paras::Event>{Paras::PvfCheckStarted{h, a},
                                                         Paras::PvfCheckRejected{h, a}}));
    // The next head clears the Abort signal.
    Paras::note_new_head(a, HeadData{}, 2);
    EXPECT_FALSE(Paras::UpgradeGoAheadSignal::get(a).has_value());
  });
}

TEST(Paras, PvfCheckVotesAreCheckedLikeFrame) {
  const ValidationCode code_a = code_1(), code_b = code_2();
  with_state([&] {
    run_to_block(1, {1});
    ASSERT_TRUE(Paras::schedule_para_initialize(
                    para(1000), genesis_args(ParaKind::kParathread, code_a, HeadData{{2}}))
                    .has_value());
    using IT = runtime::InvalidTransaction;
    auto check = [&](const PvfCheckStatement& stmt) {
      const Paras::Call call =
          Paras::include_pvf_check_statement{stmt, sign(stmt, stmt.validator_index.value)};
      auto unsigned_result = Paras::validate_unsigned(runtime::TransactionSource::kInBlock, call);
      std::string u =
          unsigned_result ? std::string("ok") : runtime::to_string(unsigned_result.error());
      return std::pair{u, error_of(include_statement(stmt))};
    };
    auto invalid = [](IT::Kind kind, uint8_t custom = 0) {
      return runtime::to_string(runtime::TransactionValidityError(IT{kind, custom}));
    };
    EXPECT_EQ(check(statement(false, code_a, 1, 1)),
              std::pair(std::string("ok"), std::string("ok")));
    EXPECT_EQ(check(statement(false, code_a, 1, 1)),
              std::pair(invalid(IT::Kind::kCustom, paras::kInvalidTxDoubleVote),
                        paras_error(Error::kPvfCheckDoubleVote)));
    EXPECT_EQ(check(statement(true, code_a, 1, 1)),
              std::pair(invalid(IT::Kind::kCustom, paras::kInvalidTxDoubleVote),
                        paras_error(Error::kPvfCheckDoubleVote)));
    EXPECT_EQ(check(statement(false, code_a, 0, 1)),
              std::pair(invalid(IT::Kind::kStale), paras_error(Error::kPvfCheckStatementStale)));
    EXPECT_EQ(check(statement(false, code_a, 2, 1)),
              std::pair(invalid(IT::Kind::kFuture), paras_error(Error::kPvfCheckStatementFuture)));
    EXPECT_EQ(check(statement(false, code_a, 1, 5)),
              std::pair(invalid(IT::Kind::kCustom, paras::kInvalidTxBadValidatorIdx),
                        paras_error(Error::kPvfCheckValidatorIndexOutOfBounds)));
    EXPECT_EQ(check(statement(false, code_b, 1, 1)),
              std::pair(invalid(IT::Kind::kCustom, paras::kInvalidTxBadSubject),
                        paras_error(Error::kPvfCheckSubjectInvalid)));
    // A statement signed by another validator than the one it names.
    PvfCheckStatement stmt = statement(true, code_a, 1, 2);
    const Paras::Call forged = Paras::include_pvf_check_statement{stmt, sign(stmt, 3)};
    EXPECT_EQ(runtime::to_string(
                  Paras::validate_unsigned(runtime::TransactionSource::kExternal, forged).error()),
              invalid(IT::Kind::kBadProof));
    EXPECT_EQ(error_of(dispatch(forged, Origin::none())),
              paras_error(Error::kPvfCheckInvalidSignature));
    // Only unsigned.
    EXPECT_NE(error_of(dispatch(forged, Origin::root())), "ok");
    // A valid vote: FRAME's tag, priority and longevity.
    const PvfCheckStatement good = statement(true, code_a, 1, 2);
    const auto valid = Paras::validate_unsigned(
        runtime::TransactionSource::kExternal,
        Paras::Call{Paras::include_pvf_check_statement{good, sign(good, 2)}});
    ASSERT_TRUE(valid.has_value());
    EXPECT_EQ(valid->priority, UINT64_MAX);
    EXPECT_EQ(valid->longevity, 64U);
    EXPECT_EQ(hex(valid->provides_tags.at(0)),
              hex(scale::encode(std::string("PvfPreCheckingVote"))) + "0100000002000000" +
                  hex(code_a.hash().hash.bytes));
  });
}

TEST(Paras, IncludePvfCheckStatementRefundsWeight) {
  const ParaId a = para(111);
  with_state(HostConfiguration{}, {{a, genesis_args(ParaKind::kParathread, code_1())}}, [&] {
    run_to_block(2, {1});
    Paras::schedule_code_upgrade(a, code_2(), 1, Configuration::ActiveConfig::get(),
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    for (uint32_t i : {0U, 1U, 2U}) {
      const auto r = include_statement(statement(true, code_2(), 1, i));
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->actual_weight, Paras::Weights::include_pvf_check_statement());
    }
    const auto last = include_statement(statement(true, code_2(), 1, 3));
    ASSERT_TRUE(last.has_value());
    EXPECT_FALSE(last->actual_weight.has_value());
  });
}

TEST(Paras, AddTrustedValidationCode) {
  // Stored with no users, idempotent, removed by poke.
  with_state([] {
    ASSERT_TRUE(dispatch(Paras::add_trusted_validation_code{code_1()}).has_value());
    EXPECT_EQ(Paras::CodeByHashRefs::get(code_1().hash()), 0U);
    EXPECT_TRUE(Paras::CodeByHash::contains_key(code_1().hash()));
    ASSERT_TRUE(dispatch(Paras::add_trusted_validation_code{code_1()}).has_value());
    ASSERT_TRUE(dispatch(Paras::poke_unused_validation_code{code_1().hash()}).has_value());
    EXPECT_FALSE(Paras::CodeByHash::contains_key(code_1().hash()));
    EXPECT_EQ(error_of(dispatch(Paras::add_trusted_validation_code{code_1()},
                                Origin::signed_by(rt::testing::account(1)))),
              runtime::to_string(dispatch_error(DispatchError::Kind::kBadOrigin)));
  });
  // Known code is approved at once (insta-approval), and poke leaves code with users.
  HostConfiguration cfg = cfg_with(0, 25, 0);
  cfg.minimum_validation_upgrade_delay = 2;
  with_state(cfg, {}, [] {
    const ParaId id = para(100);
    ASSERT_TRUE(dispatch(Paras::add_trusted_validation_code{code_1()}).has_value());
    run_to_block(2);
    System::reset_events();
    Paras::schedule_code_upgrade(id, code_1(), 1, Configuration::ActiveConfig::get(),
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    Paras::note_new_head(id, HeadData{}, 1);
    EXPECT_EQ(Paras::FutureCodeUpgrades::get(id), std::optional<BlockNumber>(26));
    const auto h = code_1().hash();
    EXPECT_EQ(paras_events(), (std::vector<Paras::Event>{Paras::PvfCheckStarted{h, id},
                                                         Paras::PvfCheckAccepted{h, id}}));
    ASSERT_TRUE(dispatch(Paras::poke_unused_validation_code{h}).has_value());
    expect_code_stored(code_1());
  });
  // A running vote is concluded by it.
  with_state(cfg, {}, [] {
    const ParaId id = para(100);
    run_to_block(2);
    Paras::schedule_code_upgrade(id, code_1(), 1, Configuration::ActiveConfig::get(),
                                 paras::UpgradeStrategy::kSetGoAheadSignal);
    Paras::note_new_head(id, HeadData{}, 1);
    EXPECT_FALSE(Paras::FutureCodeUpgrades::get(id).has_value());
    EXPECT_TRUE(Paras::PvfActiveVoteMap::contains_key(code_1().hash()));
    ASSERT_TRUE(dispatch(Paras::add_trusted_validation_code{code_1()}).has_value());
    EXPECT_TRUE(Paras::FutureCodeUpgrades::get(id).has_value());
    EXPECT_FALSE(Paras::PvfActiveVoteMap::contains_key(code_1().hash()));
    EXPECT_TRUE(Paras::PvfActiveVoteList::get().empty());
  });
}

// --- Root calls.

TEST(Paras, ForceCallsSetCodeHeadsAndActions) {
  with_state(HostConfiguration{}, {{para(7), genesis_args(ParaKind::kParachain, code_1())}}, [] {
    run_to_block(3);
    ASSERT_TRUE(dispatch(Paras::force_set_current_code{para(7), code_2()}).has_value());
    EXPECT_EQ(Paras::current_code(para(7)), code_2());
    EXPECT_EQ(Paras::PastCodeHash::get({para(7), 3}), code_1().hash());
    ASSERT_TRUE(dispatch(Paras::force_set_current_head{para(7), HeadData{{9}}}).has_value());
    EXPECT_EQ(Paras::Heads::get(para(7)), HeadData{{9}});
    ASSERT_TRUE(dispatch(Paras::force_note_new_head{para(7), HeadData{{8}}}).has_value());
    EXPECT_EQ(Paras::MostRecentContext::get(para(7)), std::optional<BlockNumber>(3));
    ASSERT_TRUE(dispatch(Paras::force_set_most_recent_context{para(7), 11}).has_value());
    EXPECT_EQ(Paras::MostRecentContext::get(para(7)), std::optional<BlockNumber>(11));
    ASSERT_TRUE(dispatch(Paras::force_queue_action{para(9)}).has_value());
    ASSERT_TRUE(dispatch(Paras::force_queue_action{para(8)}).has_value());
    EXPECT_EQ(Paras::ActionsQueue::get(1), (std::vector<ParaId>{para(8), para(9)}));
    // Too large for max_code_size.
    HostConfiguration small;
    small.max_code_size = 9;
    Configuration::force_set_active_config(small);
    EXPECT_EQ(error_of(dispatch(
                  Paras::force_schedule_code_upgrade{para(7), ValidationCode{Bytes(10, 1)}, 3})),
              paras_error(Error::kInvalidCode));
    EXPECT_EQ(error_of(dispatch(Paras::force_set_current_head{para(7), HeadData{}},
                                Origin::signed_by(rt::testing::account(1)))),
              runtime::to_string(dispatch_error(DispatchError::Kind::kBadOrigin)));
    const auto events = paras_events();
    EXPECT_NE(
        std::find(events.begin(), events.end(), Paras::Event{Paras::ActionQueued{para(8), 1}}),
        events.end());
    EXPECT_NE(
        std::find(events.begin(), events.end(), Paras::Event{Paras::CurrentCodeUpdated{para(7)}}),
        events.end());
  });
}

TEST(Paras, RemoveUpgradeCooldownBurnsItsPrice) {
  const BlockNumber cooldown = 10;
  with_state(
      cfg_with(10, 5, cooldown), {{para(0), genesis_args(ParaKind::kParachain, code_1())}}, [&] {
        const AccountId32 who = rt::testing::account(1);
        ASSERT_TRUE(Balances::build_genesis({{{who, 1'000}}}).has_value());
        run_to_block(2, {1});
        Paras::schedule_code_upgrade(para(0), code_2(), 1, Configuration::ActiveConfig::get(),
                                     paras::UpgradeStrategy::kSetGoAheadSignal);
        // Cooldown until 11, now 2: 9 blocks at 10 each.
        EXPECT_EQ(Paras::remove_upgrade_cooldown_cost(para(0)), 90U);
        ASSERT_TRUE(
            dispatch(Paras::remove_upgrade_cooldown{para(0)}, Origin::signed_by(who)).has_value());
        EXPECT_EQ(Balances::free_balance(who), 910U);
        EXPECT_FALSE(Paras::UpgradeRestrictionSignal::get(para(0)).has_value());
        EXPECT_TRUE(Paras::UpgradeCooldowns::get().empty());
        const auto events = paras_events();
        EXPECT_EQ(events.back(), Paras::Event{Paras::UpgradeCooldownRemoved{para(0)}});
        // Nothing to remove: a no-op. Root may not.
        EXPECT_TRUE(
            dispatch(Paras::remove_upgrade_cooldown{para(0)}, Origin::signed_by(who)).has_value());
        EXPECT_NE(error_of(dispatch(Paras::remove_upgrade_cooldown{para(0)})), "ok");
      });
  // A caller who cannot pay keeps the cooldown.
  with_state(
      cfg_with(10, 5, cooldown), {{para(0), genesis_args(ParaKind::kParachain, code_1())}}, [&] {
        const AccountId32 poor = rt::testing::account(2);
        ASSERT_TRUE(Balances::build_genesis({{{poor, 50}}}).has_value());
        run_to_block(2, {1});
        Paras::schedule_code_upgrade(para(0), code_2(), 1, Configuration::ActiveConfig::get(),
                                     paras::UpgradeStrategy::kSetGoAheadSignal);
        EXPECT_NE(
            error_of(dispatch(Paras::remove_upgrade_cooldown{para(0)}, Origin::signed_by(poor))),
            "ok");
        EXPECT_EQ(Paras::UpgradeCooldowns::get().size(), 1U);
        EXPECT_EQ(Paras::UpgradeRestrictionSignal::get(para(0)), UpgradeRestriction::kPresent);
      });
}

TEST(Paras, AuthorizedCodeIsAppliedByAnyoneUntilItExpires) {
  with_state(HostConfiguration{}, {{para(3), genesis_args(ParaKind::kParachain, code_1())}}, [] {
    run_to_block(5);
    EXPECT_EQ(error_of(dispatch(Paras::apply_authorized_force_set_current_code{para(3), code_2()},
                                Origin::none())),
              paras_error(Error::kNothingAuthorized));
    ASSERT_TRUE(dispatch(Paras::authorize_force_set_current_code_hash{para(3), code_2().hash(), 10})
                    .has_value());
    EXPECT_EQ(Paras::AuthorizedCodeHash::get(para(3)),
              (paras::AuthorizedCodeHashAndExpiry{code_2().hash(), 15}));
    EXPECT_EQ(paras_events().back(),
              (Paras::Event{Paras::CodeAuthorized{para(3), code_2().hash(), 15}}));
    EXPECT_EQ(error_of(dispatch(Paras::apply_authorized_force_set_current_code{para(3), code_1()},
                                Origin::none())),
              paras_error(Error::kUnauthorized));
    const Paras::Call apply = Paras::apply_authorized_force_set_current_code{para(3), code_2()};
    const auto valid = Paras::validate_unsigned(runtime::TransactionSource::kExternal, apply);
    ASSERT_TRUE(valid.has_value());
    EXPECT_EQ(valid->longevity, 10U);
    const auto r = dispatch(apply, Origin::none());
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->pays_fee, Pays::kNo);
    EXPECT_EQ(Paras::current_code(para(3)), code_2());
    EXPECT_FALSE(Paras::AuthorizedCodeHash::get(para(3)).has_value());
    // Only Root authorises; an authorisation expires at its block.
    EXPECT_NE(
        error_of(dispatch(Paras::authorize_force_set_current_code_hash{para(3), code_1().hash(), 2},
                          Origin::signed_by(rt::testing::account(1)))),
        "ok");
    ASSERT_TRUE(dispatch(Paras::authorize_force_set_current_code_hash{para(3), code_1().hash(), 2})
                    .has_value());
    run_to_block(7);
    EXPECT_FALSE(Paras::AuthorizedCodeHash::get(para(3)).has_value());
    EXPECT_EQ(runtime::to_string(Paras::validate_unsigned(
                                     runtime::TransactionSource::kExternal,
                                     Paras::Call{Paras::apply_authorized_force_set_current_code{
                                         para(3), code_1()}})
                                     .error()),
              runtime::to_string(runtime::TransactionValidityError(runtime::InvalidTransaction{
                  runtime::InvalidTransaction::Kind::kCustom, paras::kInvalidTxUnauthorizedCode})));
  });
}

TEST(Paras, MetadataDescribesTheStorageAndTypes) {
  meta::Registry registry;
  registry.id<paras::PvfCheckActiveVoteState>();
  registry.id<ParaGenesisArgs>();
  bool found_vote = false, found_genesis = false;
  for (const auto& t : registry.types()) {
    if (t.path ==
        std::vector<std::string>{"polkadot_runtime_parachains", "paras", "PvfCheckActiveVoteState"})
      found_vote = true;
    if (t.path ==
        std::vector<std::string>{"polkadot_runtime_parachains", "paras", "ParaGenesisArgs"})
      found_genesis = true;
  }
  EXPECT_TRUE(found_vote);
  EXPECT_TRUE(found_genesis);
  EXPECT_EQ((std::tuple_size_v<Paras::Storage>), 22U);
}

// The pallet's metadata as the composition builds it: FRAME's item, call, event and error names
// at their indices.
std::vector<std::pair<uint8_t, std::string>> variants_of(const meta::Registry& r, meta::TypeId id) {
  std::vector<std::pair<uint8_t, std::string>> out;
  const auto& def = std::get<meta::VariantDef>(r.types().at(id).def);
  out.reserve(def.variants.size());
  for (const auto& v : def.variants) out.emplace_back(v.index, v.name);
  return out;
}

TEST(Paras, PalletMetadataNamesFramesItemsCallsEventsAndErrors) {
  meta::RuntimeMetadata md;
  TestRuntime::Pallets::add_metadata(md);
  const meta::PalletMetadata* p = nullptr;
  for (const auto& pallet : md.pallets) {
    if (pallet.name == "Paras") p = &pallet;
  }
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->index, 56);
  ASSERT_TRUE(p->storage.has_value());
  EXPECT_EQ(p->storage->prefix, "Paras");
  std::vector<std::string> items;
  for (const auto& e : p->storage->entries) items.push_back(e.name);
  EXPECT_EQ(items, (std::vector<std::string>{"PvfActiveVoteMap",
                                             "PvfActiveVoteList",
                                             "Parachains",
                                             "ParaLifecycles",
                                             "Heads",
                                             "MostRecentContext",
                                             "CurrentCodeHash",
                                             "PastCodeHash",
                                             "PastCodeMeta",
                                             "PastCodePruning",
                                             "FutureCodeUpgrades",
                                             "FutureCodeUpgradesAt",
                                             "FutureCodeHash",
                                             "AuthorizedCodeHash",
                                             "UpgradeGoAheadSignal",
                                             "UpgradeRestrictionSignal",
                                             "UpgradeCooldowns",
                                             "UpcomingUpgrades",
                                             "ActionsQueue",
                                             "UpcomingParasGenesis",
                                             "CodeByHashRefs",
                                             "CodeByHash"}));
  using V = std::vector<std::pair<uint8_t, std::string>>;
  EXPECT_EQ(variants_of(md.registry, p->calls->id),
            (V{{0, "force_set_current_code"},
               {1, "force_set_current_head"},
               {2, "force_schedule_code_upgrade"},
               {3, "force_note_new_head"},
               {4, "force_queue_action"},
               {5, "add_trusted_validation_code"},
               {6, "poke_unused_validation_code"},
               {7, "include_pvf_check_statement"},
               {8, "force_set_most_recent_context"},
               {9, "remove_upgrade_cooldown"},
               {10, "authorize_force_set_current_code_hash"},
               {11, "apply_authorized_force_set_current_code"}}));
  EXPECT_EQ(variants_of(md.registry, p->event->id), (V{{0, "CurrentCodeUpdated"},
                                                       {1, "CurrentHeadUpdated"},
                                                       {2, "CodeUpgradeScheduled"},
                                                       {3, "NewHeadNoted"},
                                                       {4, "ActionQueued"},
                                                       {5, "PvfCheckStarted"},
                                                       {6, "PvfCheckAccepted"},
                                                       {7, "PvfCheckRejected"},
                                                       {8, "UpgradeCooldownRemoved"},
                                                       {9, "CodeAuthorized"}}));
  const auto errors = variants_of(md.registry, p->error->id);
  ASSERT_EQ(errors.size(), 16U);
  EXPECT_EQ(errors[5].second, "PvfCheckStatementStale");
  EXPECT_EQ(errors[15].second, "InvalidBlockNumber");
  ASSERT_EQ(p->constants.size(), 1U);
  EXPECT_EQ(p->constants[0].name, "UnsignedPriority");
  EXPECT_FALSE(meta::encode_v15(md).empty());
}

// FRAME's insertion into its block-ordered lists: rustc's binary search (1.83+) finds the last
// entry of an equal block and the new entry goes before it.
TEST(Paras, BlockOrderedListsInsertWhereRustsBinarySearchDoes) {
  std::vector<Entry> v;
  Paras::insert_by_block(v, para(1), 5);
  Paras::insert_by_block(v, para(2), 5);
  EXPECT_EQ(v, (std::vector<Entry>{{para(2), 5}, {para(1), 5}}));
  Paras::insert_by_block(v, para(3), 5);
  EXPECT_EQ(v, (std::vector<Entry>{{para(2), 5}, {para(3), 5}, {para(1), 5}}));
  Paras::insert_by_block(v, para(4), 7);
  Paras::insert_by_block(v, para(5), 1);
  Paras::insert_by_block(v, para(6), 6);
  EXPECT_EQ(
      v, (std::vector<Entry>{
             {para(5), 1}, {para(2), 5}, {para(3), 5}, {para(1), 5}, {para(6), 6}, {para(4), 7}}));
}
}  // namespace
}  // namespace canary::rt
