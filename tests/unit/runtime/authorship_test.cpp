// pallet_authorship natively: the author is found once per block from the digest through T's
// FindAuthor, cached, reported to T's note_author, and cleared in on_finalize.
#include "runtime/pallets/authorship/authorship.hpp"

#include <gtest/gtest.h>

#include "runtime/framework/composition.hpp"
#include "runtime/pallets/babe/types.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
namespace babe = pallets::babe;

using rt::testing::account;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Authorship = pallets::authorship::Pallet<TestRuntime, PalletAt<5, "Authorship">>;
  using Pallets = Composition<"test_runtime", System, Authorship>;
  // The validators by BABE authority index; counts the lookups.
  static inline int lookups = 0;
  static std::optional<AccountId32> authorship_find_author(const block::Digest& digest) {
    ++lookups;
    auto pre = babe::find_pre_digest(digest);
    if (!pre || pre->authority_index() > 2) return std::nullopt;
    return account(static_cast<uint8_t>(10 + pre->authority_index()));
  }
  static inline std::vector<AccountId32> noted;
  static void note_author(const AccountId32& who) { noted.push_back(who); }
};
using System = TestRuntime::System;
using Authorship = TestRuntime::Authorship;

block::Digest digest_by(uint32_t index) {
  const babe::PreDigest pre{babe::PreDigest::SecondaryPlain{{index, babe::Slot{7}}}};
  // Another engine's pre-runtime item first: only BABE's counts.
  return {block::DigestPreRuntime{{'a', 'u', 'r', 'a'}, {1, 2, 3}},
          block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)}};
}

TEST(Authorship, FindsCachesNotesAndClearsTheAuthor) {
  testing::TestExternalities ext;
  ext.execute_with([] {
    TestRuntime::noted.clear();
    TestRuntime::lookups = 0;
    System::initialize(1, H256{}, digest_by(2));
    TestRuntime::Pallets::on_initialize(1);
    EXPECT_EQ(TestRuntime::noted, std::vector<AccountId32>{account(12)});
    EXPECT_EQ(Authorship::Author::get(), std::optional<AccountId32>(account(12)));
    EXPECT_EQ(Authorship::author(), std::optional<AccountId32>(account(12)));
    EXPECT_EQ(TestRuntime::lookups, 1);  // cached
    TestRuntime::Pallets::on_finalize(1);
    EXPECT_FALSE(Authorship::Author::exists());

    // No author: nothing noted, nothing stored.
    System::initialize(2, H256{}, digest_by(9));
    TestRuntime::Pallets::on_initialize(2);
    EXPECT_EQ(TestRuntime::noted.size(), 1u);
    EXPECT_FALSE(Authorship::Author::exists());
    System::initialize(3, H256{}, {});
    EXPECT_FALSE(Authorship::author().has_value());
  });
}

TEST(Authorship, Metadata) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  ASSERT_EQ(metadata.pallets.size(), 2u);
  EXPECT_EQ(metadata.pallets[1].index, 5);
  ASSERT_EQ(metadata.pallets[1].storage->entries.size(), 1u);
  EXPECT_EQ(metadata.pallets[1].storage->entries[0].name, "Author");
  EXPECT_FALSE(metadata.pallets[1].calls.has_value());
}

}  // namespace
}  // namespace canary::rt
