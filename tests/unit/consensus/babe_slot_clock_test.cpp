// Slot arithmetic against the wall clock (slot = unix ms / slot duration).
#include <gtest/gtest.h>

#include "consensus/babe/slot_clock.hpp"

namespace canary::consensus::babe {
namespace {

TEST(BabeSlotClock, KusamaSlots) {
  const auto clock = SlotClock::create(6000);
  ASSERT_TRUE(clock.has_value());
  EXPECT_EQ(clock->slot_duration_ms(), 6000u);
  // Kusama #7472481's slot 270170680 began at 1 621 024 080 000 ms (2021-05-14 20:28 UTC).
  EXPECT_EQ(clock->slot_start_ms(270170680), 1'621'024'080'000u);
  EXPECT_EQ(clock->slot_at(1'621'024'080'000), 270170680u);
  EXPECT_EQ(clock->slot_at(1'621'024'085'999), 270170680u);
  EXPECT_EQ(clock->slot_at(1'621'024'086'000), 270170681u);
  EXPECT_EQ(clock->slot_at(0), 0u);
}

TEST(BabeSlotClock, TimeUntilTheNextSlot) {
  const auto clock = SlotClock::create(6000).value();
  EXPECT_EQ(clock.ms_until_next_slot(0), 6000u);
  EXPECT_EQ(clock.ms_until_next_slot(1), 5999u);
  EXPECT_EQ(clock.ms_until_next_slot(5999), 1u);
  EXPECT_EQ(clock.ms_until_next_slot(6000), 6000u);
  for (uint64_t now : {uint64_t{12'345'678}, uint64_t{999}, UINT64_MAX - 3}) {
    const uint64_t wait = clock.ms_until_next_slot(now);
    EXPECT_GE(wait, 1u);
    EXPECT_LE(wait, 6000u);
    if (now <= UINT64_MAX - wait) {
      EXPECT_EQ(clock.slot_at(now + wait), clock.slot_at(now) + 1);
      EXPECT_EQ(clock.slot_start_ms(clock.slot_at(now) + 1), now + wait);
    }
  }
}

TEST(BabeSlotClock, AnAuthorThatOverranItsSlotClaimsTheSlotItIsIn) {
  const auto clock = SlotClock::create(2000).value();
  // Authored in slot 10 (20 000 .. 21 999): sleep until slot 11 begins.
  EXPECT_EQ(clock.ms_until_slot_after(10, 20'050), 1950u);
  EXPECT_EQ(clock.ms_until_slot_after(10, 21'999), 1u);
  // Its import ran into slot 11 (loading a new runtime): slot 11 is due now, not at 24 000.
  EXPECT_EQ(clock.ms_until_slot_after(10, 22'170), 0u);
  EXPECT_EQ(clock.ms_until_slot_after(10, 22'000), 0u);
  EXPECT_EQ(clock.ms_until_slot_after(10, 25'000), 0u);
  // Nothing authored yet (last 0) at slot 0 itself: wait for slot 1.
  EXPECT_EQ(clock.ms_until_slot_after(0, 500), 1500u);
}

TEST(BabeSlotClock, TimeLeftInASlot) {
  const auto clock = SlotClock::create(2000).value();
  EXPECT_EQ(clock.ms_left_in_slot(11, 22'000), 2000u);
  EXPECT_EQ(clock.ms_left_in_slot(11, 22'170), 1830u);
  EXPECT_EQ(clock.ms_left_in_slot(11, 23'999), 1u);
  EXPECT_EQ(clock.ms_left_in_slot(11, 24'000), 0u);
  EXPECT_EQ(clock.ms_left_in_slot(11, 30'000), 0u);
  EXPECT_EQ(clock.ms_left_in_slot(12, 22'170), 3830u);  // a slot still to come
  EXPECT_EQ(clock.ms_left_in_slot(UINT64_MAX, 0), UINT64_MAX);
}

TEST(BabeSlotClock, DegenerateValues) {
  EXPECT_FALSE(SlotClock::create(0).has_value());
  const auto clock = SlotClock::create(6000).value();
  EXPECT_EQ(clock.slot_start_ms(UINT64_MAX), UINT64_MAX);  // saturates
  EXPECT_EQ(clock.slot_at(UINT64_MAX), UINT64_MAX / 6000);
  const auto ms = SlotClock::create(1).value();
  EXPECT_EQ(ms.slot_at(123), 123u);
  EXPECT_EQ(ms.ms_until_next_slot(123), 1u);
}

}  // namespace
}  // namespace canary::consensus::babe
