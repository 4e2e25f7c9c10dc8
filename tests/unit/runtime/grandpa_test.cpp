// pallet_grandpa natively: scheduled and forced changes with their FRNK logs (layout as in the
// Polkadot spec and Kusama headers), enactment after the delay with the NewAuthorities event and
// the well-known `:grandpa_authorities` key, pause/resume, note_stalled leading to a forced change
// on the next session, set ids by session, the equivocation entry points and the metadata.
#include "runtime/pallets/grandpa/grandpa.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace grandpa = pallets::grandpa;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Grandpa = grandpa::Pallet<TestRuntime, PalletAt<10, "Grandpa">>;
  using Pallets = Composition<"test_runtime", System, Grandpa>;
  static constexpr uint32_t kMaxAuthorities = 100'000;
  static constexpr uint32_t kMaxNominators = 512;
  static constexpr uint64_t kMaxSetIdSessionEntries = 2;
};
using System = TestRuntime::System;
using Grandpa = TestRuntime::Grandpa;
using Call = TestRuntime::Pallets::Call;

grandpa::AuthorityId key(uint8_t n) {
  grandpa::AuthorityId k;
  k.bytes.fill(n);
  return k;
}
using rt::testing::account;
std::vector<std::pair<AccountId32, grandpa::AuthorityId>> validators(std::vector<uint8_t> ns) {
  std::vector<std::pair<AccountId32, grandpa::AuthorityId>> out;
  for (uint8_t n : ns) out.emplace_back(account(n), key(n));
  return out;
}

std::vector<grandpa::ConsensusLog> frnk_logs() {
  std::vector<grandpa::ConsensusLog> out;
  for (const block::DigestItem& item : System::Digest::get()) {
    const auto* c = std::get_if<block::DigestConsensus>(&item);
    if (c != nullptr && c->engine == block::kGrandpaEngineId) {
      out.push_back(scale::decode<grandpa::ConsensusLog>(c->data).value());
    }
  }
  return out;
}

void block(BlockNumber n) {
  System::reset_events();
  System::initialize(n, H256{}, {});
}

TEST(GrandpaTypes, LogEncodings) {
  // ScheduledChange { next_authorities: [(key, 1)], delay: 0 }: 01 ‖ Vec ‖ u32.
  const grandpa::ConsensusLog scheduled{grandpa::ConsensusLog::Scheduled{{{{key(7), 1}}, 0}}};
  EXPECT_EQ(to_hex(scale::encode(scheduled)),
            "0x0104" + to_hex(key(7).bytes).substr(2) + "0100000000000000" + "00000000");
  // ForcedChange(median u32, ScheduledChange), OnDisabled(u64), Pause(u32), Resume(u32).
  const grandpa::ConsensusLog forced{grandpa::ConsensusLog::Forced{5, {{}, 10}}};
  EXPECT_EQ(to_hex(scale::encode(forced)), "0x0205000000000a000000");
  EXPECT_EQ(to_hex(scale::encode(grandpa::ConsensusLog{grandpa::ConsensusLog::OnDisabled{3}})),
            "0x030300000000000000");
  EXPECT_EQ(to_hex(scale::encode(grandpa::ConsensusLog{grandpa::ConsensusLog::Pause{2}})),
            "0x0402000000");
  EXPECT_FALSE(scale::decode<grandpa::ConsensusLog>(from_hex("0x0602000000").value()));
  // StoredState: Live = 0, PendingPause { scheduled_at, delay } = 1.
  EXPECT_EQ(to_hex(scale::encode(grandpa::StoredState{})), "0x00");
  const grandpa::StoredState pending{grandpa::StoredState::Kind::kPendingPause, 4, 2};
  EXPECT_EQ(to_hex(scale::encode(pending)), "0x010400000002000000");
  EXPECT_EQ(scale::decode<grandpa::StoredState>(scale::encode(pending)).value(), pending);
}

TEST(Grandpa, ScheduledChangeIsSignalledThenEnacted) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    ASSERT_TRUE(Grandpa::build_genesis({{{key(1), 1}, {key(2), 1}}}).has_value());
    EXPECT_EQ(Grandpa::SetIdSession::get(0), std::optional<uint32_t>(0));
    EXPECT_EQ(to_hex(*io::storage::get(grandpa::authorities_key())).substr(0, 6), "0x0108");

    block(5);
    ASSERT_TRUE(Grandpa::schedule_change({{key(3), 1}}, 2, std::nullopt).has_value());
    EXPECT_EQ(runtime::to_string(Grandpa::schedule_change({}, 1, std::nullopt).error()),
              "Module { index: 10, error: 0x02000000 }");  // ChangePending
    Grandpa::on_finalize(5);
    auto logs = frnk_logs();
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(std::get<grandpa::ConsensusLog::Scheduled>(logs[0].value).change.delay, 2u);
    EXPECT_EQ(Grandpa::grandpa_authorities().size(), 2u);

    block(6);
    Grandpa::on_finalize(6);
    EXPECT_TRUE(frnk_logs().empty());
    block(7);
    Grandpa::on_finalize(7);
    EXPECT_EQ(Grandpa::grandpa_authorities(), (grandpa::AuthorityList{{key(3), 1}}));
    EXPECT_FALSE(Grandpa::PendingChange::exists());
    const Bytes well_known = *io::storage::get(grandpa::authorities_key());
    EXPECT_EQ(well_known,
              scale::encode(std::tuple<uint8_t, grandpa::AuthorityList>{1, {{key(3), 1}}}));
    // Grandpa (10) . NewAuthorities (0) { [(key 3, 1)] }.
    const auto events = System::EventsOf<>::get();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(to_hex(scale::encode(events[0].event)),
              "0x0a0004" + to_hex(key(3).bytes).substr(2) + "0100000000000000");
  });
}

TEST(Grandpa, PauseAndResume) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    ASSERT_TRUE(Grandpa::build_genesis({{{key(1), 1}}}).has_value());
    block(1);
    EXPECT_FALSE(Grandpa::schedule_resume(1).has_value());
    ASSERT_TRUE(Grandpa::schedule_pause(1).has_value());
    EXPECT_FALSE(Grandpa::schedule_pause(1).has_value());
    Grandpa::on_finalize(1);
    EXPECT_TRUE(std::holds_alternative<grandpa::ConsensusLog::Pause>(frnk_logs().at(0).value));
    block(2);
    Grandpa::on_finalize(2);
    EXPECT_EQ(Grandpa::State::get().kind, grandpa::StoredState::Kind::kPaused);
    ASSERT_TRUE(Grandpa::schedule_resume(0).has_value());
    Grandpa::on_finalize(2);
    EXPECT_EQ(Grandpa::State::get(), grandpa::StoredState{});
  });
}

TEST(Grandpa, SessionsStalledAndForcedChanges) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    ASSERT_TRUE(Grandpa::build_genesis({{{key(1), 1}}}).has_value());
    // Session 1 without a change: same set id, mapped to the new session.
    block(10);
    Grandpa::on_new_session(false, validators({1}), validators({1}), 1);
    EXPECT_EQ(Grandpa::current_set_id(), 0u);
    EXPECT_EQ(Grandpa::SetIdSession::get(0), std::optional<uint32_t>(1));
    EXPECT_FALSE(Grandpa::PendingChange::exists());

    // Root notes a stall; the next session forces a change after 5 blocks, median 8.
    const Call stalled = Call::of<Grandpa>(Grandpa::note_stalled{5, 8});
    EXPECT_EQ(to_hex(scale::encode(stalled)), "0x0a020500000008000000");
    EXPECT_EQ(stalled.dispatch(Origin::signed_by({})).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    ASSERT_TRUE(stalled.dispatch(Origin::root()).has_value());
    block(20);
    Grandpa::on_new_session(false, validators({2, 3}), validators({2, 3}), 2);
    EXPECT_FALSE(Grandpa::Stalled::exists());
    EXPECT_EQ(Grandpa::current_set_id(), 1u);
    EXPECT_EQ(Grandpa::NextForced::get(), std::optional<BlockNumber>(30));
    Grandpa::on_finalize(20);
    const auto logs = frnk_logs();
    ASSERT_EQ(logs.size(), 1u);
    const auto& forced = std::get<grandpa::ConsensusLog::Forced>(logs[0].value);
    EXPECT_EQ(forced.median_last_finalized, 8u);
    EXPECT_EQ(forced.change.delay, 5u);
    EXPECT_EQ(forced.change.next_authorities, (grandpa::AuthorityList{{key(2), 1}, {key(3), 1}}));

    // While a change is pending, a changed session cannot schedule another: the id stays.
    block(21);
    Grandpa::on_new_session(true, validators({4}), validators({4}), 3);
    EXPECT_EQ(Grandpa::current_set_id(), 1u);
    EXPECT_EQ(Grandpa::SetIdSession::get(1), std::optional<uint32_t>(3));
    block(25);
    Grandpa::on_finalize(25);
    EXPECT_EQ(Grandpa::grandpa_authorities().size(), 2u);
    // A forced change again before block 30 is too soon.
    EXPECT_EQ(runtime::to_string(Grandpa::schedule_change({}, 1, 26).error()),
              "Module { index: 10, error: 0x03000000 }");
    // Set ids 2 and 3: MaxSetIdSessionEntries = 2 prunes the entry of set 1 at set 3.
    block(40);
    Grandpa::on_new_session(true, validators({4}), validators({4}), 4);
    Grandpa::on_finalize(40);
    Grandpa::on_new_session(true, validators({5}), validators({5}), 5);
    EXPECT_EQ(Grandpa::current_set_id(), 3u);
    EXPECT_FALSE(Grandpa::SetIdSession::contains_key(1));
    EXPECT_TRUE(Grandpa::SetIdSession::contains_key(2));
  });
}

TEST(Grandpa, EquivocationReportsAreNotYetProcessed) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    block(1);
    const Call report = Call::of<Grandpa>(Grandpa::report_equivocation{});
    EXPECT_EQ(runtime::to_string(report.dispatch(Origin::signed_by({})).error().error),
              "Module { index: 10, error: 0x04000000 }");
    const Call unsigned_report = Call::of<Grandpa>(Grandpa::report_equivocation_unsigned{});
    EXPECT_EQ(unsigned_report.dispatch(Origin::signed_by({})).error().error.kind,
              DispatchError::Kind::kBadOrigin);
    EXPECT_FALSE(TestRuntime::Pallets::validate_unsigned(runtime::TransactionSource::kInBlock,
                                                         unsigned_report)
                     .has_value());
    auto decoded = scale::decode<Call>(scale::encode(unsigned_report));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(decoded->names().second, "report_equivocation_unsigned");
  });
}

TEST(Grandpa, Metadata) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const meta::PalletMetadata& g = metadata.pallets[1];
  EXPECT_EQ(g.index, 10);
  ASSERT_EQ(g.storage->entries.size(), 7u);
  EXPECT_EQ(g.storage->entries[0].name, "State");
  EXPECT_EQ(g.storage->entries[6].name, "Authorities");
  EXPECT_EQ(g.constants.size(), 3u);
  const auto& types = metadata.registry.types();
  EXPECT_EQ(types[g.calls->id].path,
            (std::vector<std::string>{"pallet_grandpa", "pallet", "Call"}));
  EXPECT_EQ(std::get<meta::VariantDef>(types[g.error->id].def).variants.size(), 7u);
  EXPECT_EQ(types[metadata.registry.id<grandpa::EquivocationProof>()].path,
            (std::vector<std::string>{"sp_consensus_grandpa", "EquivocationProof"}));
}

}  // namespace
}  // namespace canary::rt
