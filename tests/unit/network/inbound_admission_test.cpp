// The pending-handshake admission policy: per-source limit, global budget, and eviction that
// keeps one source from locking others out (issue 22).
#include "network/host/inbound_admission.hpp"

#include <gtest/gtest.h>

namespace canary::network {
namespace {

TEST(InboundAdmission, AdmitsUnderTheLimits) {
  InboundAdmission admission({.max_pending = 4, .max_pending_per_source = 2});
  EXPECT_EQ(admission.on_accept(1, "10.0.0.1").verdict, AdmissionVerdict::kAdmit);
  EXPECT_EQ(admission.on_accept(2, "10.0.0.1").verdict, AdmissionVerdict::kAdmit);
  EXPECT_EQ(admission.on_accept(3, "10.0.0.2").verdict, AdmissionVerdict::kAdmit);
  EXPECT_EQ(admission.pending(), 3u);
  EXPECT_EQ(admission.pending_from("10.0.0.1"), 2u);
}

TEST(InboundAdmission, OneSourceRecyclesOnlyItsOwnSlots) {
  InboundAdmission admission({.max_pending = 4, .max_pending_per_source = 2});
  (void)admission.on_accept(1, "10.0.0.1");
  (void)admission.on_accept(2, "10.0.0.2");
  (void)admission.on_accept(3, "10.0.0.1");
  const AdmissionDecision third = admission.on_accept(4, "10.0.0.1");
  EXPECT_EQ(third.verdict, AdmissionVerdict::kAdmitEvicting);
  ASSERT_TRUE(third.evict.has_value());
  EXPECT_EQ(*third.evict, 1u);  // its own oldest, never 10.0.0.2's
  EXPECT_FALSE(third.reason.empty());
  EXPECT_EQ(admission.pending_from("10.0.0.1"), 2u);
  EXPECT_EQ(admission.pending_from("10.0.0.2"), 1u);
}

TEST(InboundAdmission, FullBudgetEvictsTheLargestHolder) {
  InboundAdmission admission({.max_pending = 4, .max_pending_per_source = 3});
  (void)admission.on_accept(1, "10.0.0.2");
  (void)admission.on_accept(2, "10.0.0.1");
  (void)admission.on_accept(3, "10.0.0.1");
  (void)admission.on_accept(4, "10.0.0.1");
  const AdmissionDecision decision = admission.on_accept(5, "10.0.0.3");
  EXPECT_EQ(decision.verdict, AdmissionVerdict::kAdmitEvicting);
  ASSERT_TRUE(decision.evict.has_value());
  EXPECT_EQ(*decision.evict, 2u);
  EXPECT_EQ(admission.pending(), 4u);
  EXPECT_EQ(admission.pending_from("10.0.0.2"), 1u);
}

TEST(InboundAdmission, ThirtyTwoIdleSocketsDoNotLockANewcomerOut) {
  // Issue 22: 32 idle sockets from one address, then a real peer from the same address (every
  // test peer is on 127.0.0.1) and one from elsewhere: both get a slot, the idlest sockets go.
  InboundAdmission admission({.max_pending = 32, .max_pending_per_source = 8});
  for (uint64_t id = 1; id <= 32; ++id) (void)admission.on_accept(id, "127.0.0.1");
  EXPECT_EQ(admission.pending_from("127.0.0.1"), 8u);
  const AdmissionDecision same = admission.on_accept(100, "127.0.0.1");
  ASSERT_TRUE(same.evict.has_value());
  EXPECT_EQ(*same.evict, 25u);  // the oldest idle one still pending
  const AdmissionDecision other = admission.on_accept(101, "192.0.2.7");
  EXPECT_EQ(other.verdict, AdmissionVerdict::kAdmit);
  // The real peer's handshake completes: its slot is released.
  admission.on_done(100);
  EXPECT_EQ(admission.pending_from("127.0.0.1"), 7u);
  admission.on_done(100);  // twice is harmless
  EXPECT_EQ(admission.pending(), 8u);
}

TEST(InboundAdmission, NoFreeSlotEvictsAPendingHandshake) {
  // The host's slots are full of established peers plus a few pending handshakes: a newcomer
  // from elsewhere still takes the place of the largest holder's oldest pending one.
  InboundAdmission admission({.max_pending = 32, .max_pending_per_source = 8});
  for (uint64_t id = 1; id <= 3; ++id) (void)admission.on_accept(id, "127.0.0.1");
  const AdmissionDecision decision = admission.on_accept(10, "192.0.2.7", true);
  EXPECT_EQ(decision.verdict, AdmissionVerdict::kAdmitEvicting);
  ASSERT_TRUE(decision.evict.has_value());
  EXPECT_EQ(*decision.evict, 1u);
  // Nothing pending: nothing to evict, the host refuses on its own.
  InboundAdmission empty({.max_pending = 32, .max_pending_per_source = 8});
  EXPECT_FALSE(empty.on_accept(1, "127.0.0.1", true).evict.has_value());
}

TEST(InboundAdmission, DoneReleasesTheSlot) {
  InboundAdmission admission({.max_pending = 1, .max_pending_per_source = 1});
  (void)admission.on_accept(1, "10.0.0.1");
  admission.on_done(1);
  EXPECT_EQ(admission.on_accept(2, "10.0.0.2").verdict, AdmissionVerdict::kAdmit);
  EXPECT_FALSE(admission.on_accept(3, "10.0.0.3").reason.empty());
}

}  // namespace
}  // namespace canary::network
