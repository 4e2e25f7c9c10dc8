// pallet_authority_discovery natively: the genesis session's keys become the current and the next
// set, a session change replaces the next set every time and the current set only when Session
// says the set changed, `authorities()` is both sets sorted without duplicates, a genesis that
// names keys after Session gave them is refused, and the storage keys are FRAME's.
#include "runtime/pallets/authority_discovery/authority_discovery.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace ad = pallets::authority_discovery;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = pallets::system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using AuthorityDiscovery = ad::Pallet<TestRuntime, PalletAt<12, "AuthorityDiscovery">>;
  using Pallets = Composition<"test_runtime", System, AuthorityDiscovery>;
  static constexpr uint32_t kMaxAuthorities = 3;
};
using AuthorityDiscovery = TestRuntime::AuthorityDiscovery;
using Keyed = std::vector<std::pair<AccountId32, ad::AuthorityId>>;

ad::AuthorityId key(uint8_t fill) {
  ad::AuthorityId id;
  id.bytes.fill(fill);
  return id;
}

// Validators whose accounts do not matter to the pallet: account i holds key `fills[i]`.
Keyed keyed(const std::vector<uint8_t>& fills) {
  Keyed out;
  out.reserve(fills.size());
  for (const uint8_t f : fills) out.emplace_back(rt::testing::account(f), key(f));
  return out;
}

std::vector<ad::AuthorityId> keys(const std::vector<uint8_t>& fills) {
  std::vector<ad::AuthorityId> out;
  out.reserve(fills.size());
  for (const uint8_t f : fills) out.push_back(key(f));
  return out;
}

TEST(AuthorityDiscovery, SessionsSetTheCurrentAndNextKeys) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    EXPECT_TRUE(AuthorityDiscovery::authorities().empty());
    AuthorityDiscovery::on_genesis_session(keyed({2, 1}));
    EXPECT_EQ(AuthorityDiscovery::current_authorities(), keys({2, 1}));  // the validators' order
    EXPECT_EQ(AuthorityDiscovery::next_authorities(), keys({2, 1}));
    EXPECT_EQ(AuthorityDiscovery::authorities(), keys({1, 2}));

    // The set did not change: only the next keys move.
    AuthorityDiscovery::on_new_session(false, keyed({3, 4}), keyed({5, 6}), 1);
    EXPECT_EQ(AuthorityDiscovery::current_authorities(), keys({2, 1}));
    EXPECT_EQ(AuthorityDiscovery::authorities(), keys({1, 2, 5, 6}));

    // It changed: both move; overlapping sets are deduplicated.
    AuthorityDiscovery::on_new_session(true, keyed({6, 5}), keyed({5, 7}), 2);
    EXPECT_EQ(AuthorityDiscovery::current_authorities(), keys({6, 5}));
    EXPECT_EQ(AuthorityDiscovery::next_authorities(), keys({5, 7}));
    EXPECT_EQ(AuthorityDiscovery::authorities(), keys({5, 6, 7}));

    // More than MaxAuthorities are kept (WeakBoundedVec::force_from only logs).
    AuthorityDiscovery::on_new_session(true, keyed({1, 2, 3, 4}), keyed({1}), 3);
    EXPECT_EQ(AuthorityDiscovery::current_authorities().size(), 4u);
  });
}

TEST(AuthorityDiscovery, GenesisKeysAreRefusedAfterTheSessionKeys) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    ASSERT_TRUE(AuthorityDiscovery::build_genesis({}).has_value());  // nothing to do
    ASSERT_TRUE(AuthorityDiscovery::build_genesis({keys({9})}).has_value());
    EXPECT_EQ(AuthorityDiscovery::authorities(), keys({9}));
    EXPECT_FALSE(AuthorityDiscovery::build_genesis({keys({8})}).has_value());
    EXPECT_FALSE(AuthorityDiscovery::build_genesis({keys({1, 2, 3, 4})}).has_value());
  });
}

TEST(AuthorityDiscovery, StorageIsFramesLayout) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    AuthorityDiscovery::on_genesis_session(keyed({1}));
    const auto prefix = io::hashing::twox_128(as_bytes("AuthorityDiscovery"));
    for (const char* item : {"Keys", "NextKeys"}) {
      Bytes storage_key(prefix.begin(), prefix.end());
      const auto item_hash = io::hashing::twox_128(as_bytes(item));
      storage_key.insert(storage_key.end(), item_hash.begin(), item_hash.end());
      // A Vec of one 32-byte key.
      Bytes expected{0x04};
      expected.insert(expected.end(), 32, 0x01);
      EXPECT_EQ(io::storage::get(storage_key), std::optional<Bytes>(expected)) << item;
    }
  });
}

}  // namespace
}  // namespace canary::rt
