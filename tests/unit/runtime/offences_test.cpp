// pallet_offences natively, in a mock runtime (System 0, Offences 7) with a recording
// OnOffenceHandler: BABE's and GRANDPA's equivocation offences reported, deduplicated by (kind,
// time slot, offender), indexed by kind and time slot, the handler called with every concurrent
// offender and the offence's slash fraction (min((3k/n)², 1) in Perbill arithmetic), the Offence
// event, is_known_offence, and the metadata.
#include "runtime/pallets/offences/offences.hpp"

#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/traits/staking.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/babe/equivocation.hpp"
#include "runtime/pallets/grandpa/equivocation.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace staking = traits::staking;
using arithmetic::Perbill;
using rt::testing::account;
using staking::Exposure;
using Offender = std::tuple<AccountId32, Exposure>;
using Details = staking::OffenceDetails<Offender>;

// What the handler was told.
struct Call {
  std::vector<Details> offenders;
  std::vector<Perbill> fractions;
  traits::SessionIndex session = 0;
};
struct RecordingHandler {
  static inline std::vector<Call> calls;
  static Weight on_offence(std::span<const Details> offenders, std::span<const Perbill> fractions,
                           traits::SessionIndex session) {
    calls.push_back(
        {{offenders.begin(), offenders.end()}, {fractions.begin(), fractions.end()}, session});
    return Weight::zero();
  }
};

struct Runtime : rt::testing::TestRuntimeBase {
  using System = pallets::system::Pallet<Runtime, PalletAt<0, "System">>;
  using Offences = pallets::offences::Pallet<Runtime, PalletAt<7, "Offences">>;
  using Pallets = Composition<"test_runtime", System, Offences>;
  using IdentificationTuple = Offender;
  using OnOffenceHandler = RecordingHandler;
};
using System = Runtime::System;
using Offences = Runtime::Offences;
using BabeOffence = pallets::babe::EquivocationOffence<Offender>;
using GrandpaOffence = pallets::grandpa::EquivocationOffence<Offender>;
static_assert(staking::ReportOffence<pallets::offences::Reporter<Offences, BabeOffence>,
                                     BabeOffence, Offender>);
static_assert(staking::ReportOffence<pallets::offences::Reporter<Offences, GrandpaOffence>,
                                     GrandpaOffence, Offender>);

Offender offender(uint8_t n) {
  return {account(n), Exposure{100u * n, 100u * n, {}}};
}
BabeOffence babe_offence(uint64_t slot, uint8_t who, uint32_t validators = 10) {
  return BabeOffence{pallets::babe::Slot{slot}, 5, validators, offender(who)};
}

void start() {
  RecordingHandler::calls.clear();
  System::initialize(1, H256{}, {});
}

std::vector<std::string> events() {
  std::vector<std::string> out;
  for (const auto& record : System::EventsOf<>::get()) {
    out.push_back(to_hex(scale::encode(record.event)));
  }
  return out;
}

TEST(Offences, ReportStoresIndexesAndCallsTheHandler) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    start();
    ASSERT_TRUE(Offences::report_offence({account(9)}, babe_offence(42, 1)).has_value());
    // The report id: BLAKE2b-256 of (kind, encoded slot as Vec<u8>, offender).
    Bytes preimage = to_bytes("babe:equivocatio");
    preimage.push_back(8 << 2);  // Compact(8)
    const Bytes slot = scale::encode(uint64_t{42});
    preimage.insert(preimage.end(), slot.begin(), slot.end());
    const Bytes who = scale::encode(offender(1));
    preimage.insert(preimage.end(), who.begin(), who.end());
    const H256 id{io::hashing::blake2_256(preimage)};
    EXPECT_EQ(Offences::report_id(BabeOffence::kId, slot, offender(1)), id);
    const auto details = Offences::reports(id);
    ASSERT_TRUE(details);
    EXPECT_EQ(details->offender, offender(1));
    EXPECT_EQ(details->reporters, std::vector<AccountId32>{account(9)});
    EXPECT_EQ(Offences::ConcurrentReportsIndex::get(BabeOffence::kId, slot), std::vector<H256>{id});
    // One offender of 10: (3/10)² = 9 %.
    ASSERT_EQ(RecordingHandler::calls.size(), 1u);
    EXPECT_EQ(RecordingHandler::calls[0].offenders.size(), 1u);
    EXPECT_EQ(RecordingHandler::calls[0].fractions, std::vector<Perbill>{Perbill{90'000'000}});
    EXPECT_EQ(RecordingHandler::calls[0].session, 5u);
    // Offence { kind, timeslot }: Offences (7), variant 0, 16 bytes, Vec<u8> of 8 bytes.
    EXPECT_EQ(events(), std::vector<std::string>{"0x0700" + to_hex(BabeOffence::kId).substr(2) +
                                                 "20" + to_hex(slot).substr(2)});
  });
}

TEST(Offences, DuplicatesAreRefusedAndConcurrentOnesAddUp) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    start();
    ASSERT_TRUE(Offences::report_offence({account(9)}, babe_offence(42, 1)).has_value());
    const Offender one = offender(1);
    EXPECT_TRUE(Offences::is_known_offence<BabeOffence>(std::span<const Offender>(&one, 1),
                                                        pallets::babe::Slot{42}));
    EXPECT_FALSE(Offences::is_known_offence<BabeOffence>(std::span<const Offender>(&one, 1),
                                                         pallets::babe::Slot{43}));

    // The same offender at the same slot again, by another reporter: a duplicate.
    System::reset_events();
    const auto again = Offences::report_offence({account(8)}, babe_offence(42, 1));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error(), staking::OffenceError::duplicate_report());
    EXPECT_EQ(RecordingHandler::calls.size(), 1u);
    EXPECT_TRUE(events().empty());

    // Another offender at the same slot: both go to the handler, each at (6/10)² = 36 %.
    ASSERT_TRUE(Offences::report_offence({account(8)}, babe_offence(42, 2)).has_value());
    ASSERT_EQ(RecordingHandler::calls.size(), 2u);
    const Call& call = RecordingHandler::calls[1];
    ASSERT_EQ(call.offenders.size(), 2u);
    EXPECT_EQ(call.offenders[0].offender, offender(1));
    EXPECT_EQ(call.offenders[0].reporters, std::vector<AccountId32>{account(9)});
    EXPECT_EQ(call.offenders[1].offender, offender(2));
    EXPECT_EQ(call.fractions, (std::vector<Perbill>{Perbill{360'000'000}, Perbill{360'000'000}}));
    const Bytes slot = scale::encode(uint64_t{42});
    EXPECT_EQ(Offences::ConcurrentReportsIndex::get(BabeOffence::kId, slot).size(), 2u);

    // Another slot is another index.
    ASSERT_TRUE(Offences::report_offence({}, babe_offence(43, 2)).has_value());
    EXPECT_EQ(RecordingHandler::calls.back().offenders.size(), 1u);
    EXPECT_EQ(
        Offences::ConcurrentReportsIndex::get(BabeOffence::kId, scale::encode(uint64_t{43})).size(),
        1u);
  });
}

TEST(Offences, GrandpaEquivocation) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    start();
    const pallets::grandpa::EquivocationTimeSlot slot{3, 77};
    for (uint8_t who = 1; who <= 4; ++who) {
      ASSERT_TRUE(Offences::report_offence({account(9)}, GrandpaOffence{slot, 2, 10, offender(who)})
                      .has_value());
    }
    // Four of ten: 3·4/10 > 1, so everything.
    EXPECT_EQ(RecordingHandler::calls.back().fractions, std::vector<Perbill>(4, Perbill::one()));
    const Bytes time_slot = scale::encode(slot);
    EXPECT_EQ(to_hex(time_slot), "0x03000000000000004d00000000000000");
    EXPECT_EQ(Offences::ConcurrentReportsIndex::get(GrandpaOffence::kId, time_slot).size(), 4u);
    EXPECT_EQ(to_hex(GrandpaOffence::kId), to_hex(to_bytes("grandpa:equivoca")));
  });
}

TEST(Offences, SlashFractionIsPerbillExact) {
  // from_rational rounds down, then the square rounds down: 1 of 7 gives
  // floor(floor(3·10⁹/7)² / 10⁹) = floor(428571428² / 10⁹).
  EXPECT_EQ(babe_offence(1, 1, 7).slash_fraction(1), Perbill{183'673'468});
  EXPECT_EQ(babe_offence(1, 1, 1'000).slash_fraction(1), Perbill{9'000});
  EXPECT_EQ(babe_offence(1, 1, 3).slash_fraction(1), Perbill::one());
  EXPECT_EQ(babe_offence(1, 1, 0).slash_fraction(1), Perbill::one());
  const GrandpaOffence g{{1, 1}, 0, 7, offender(1)};
  EXPECT_EQ(g.slash_fraction(1), Perbill{183'673'468});
}

TEST(Offences, Metadata) {
  meta::RuntimeMetadata metadata;
  Runtime::Pallets::add_metadata(metadata);
  const meta::PalletMetadata& o = metadata.pallets[1];
  EXPECT_EQ(o.name, "Offences");
  EXPECT_EQ(o.index, 7);
  ASSERT_EQ(o.storage->entries.size(), 2u);
  EXPECT_EQ(o.storage->entries[0].name, "Reports");
  EXPECT_EQ(o.storage->entries[1].name, "ConcurrentReportsIndex");
  const auto& types = metadata.registry.types();
  const auto& event = types[o.event->id];
  EXPECT_EQ(event.path, (std::vector<std::string>{"pallet_offences", "pallet", "Event"}));
  EXPECT_TRUE(event.params.empty());
  EXPECT_EQ(event.docs, std::vector<std::string>{"Events type."});
  const auto& variants = std::get<meta::VariantDef>(event.def).variants;
  ASSERT_EQ(variants.size(), 1u);
  EXPECT_EQ(variants[0].name, "Offence");
  EXPECT_EQ(variants[0].fields[1].name, "timeslot");
  meta::Registry& r = metadata.registry;
  const auto& details = types[r.id<Details>()];
  EXPECT_EQ(details.path, (std::vector<std::string>{"sp_staking", "offence", "OffenceDetails"}));
  ASSERT_EQ(details.params.size(), 2u);
  EXPECT_EQ(details.params[0].name, "Reporter");
  EXPECT_EQ(details.params[1].name, "Offender");
}

}  // namespace
}  // namespace canary::rt
