// Storage versions, migrations and try-state on a mock runtime (frame_system, a pallet at storage
// version 2 whose v1 → v2 migration doubles a value, a pallet declaring version 3 and one declaring
// none), and try-state on the Canary runtime: the version lives at FRAME's key, genesis writes
// every pallet's in-code version, VersionedMigration runs only from its version and only once,
// the executive runs the runtime's migrations once after a code change and before the pallets'
// hooks, and try-state reports corrupted state.
#include "runtime/framework/migrations.hpp"

#include <gtest/gtest.h>

#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/next_migration.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/executive.hpp"
#include "runtime/framework/extrinsic/check_metadata_hash.hpp"
#include "runtime/framework/storage_version.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"
#include "runtime/testing/try_state.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
using testing::TestExternalities;

// What the hooks saw, reset by each test.
struct Seen {
  int migration_runs = 0;
  int hook_runs = 0;
  uint32_t value_in_hook = 0;
  uint32_t last_upgrade_in_migration = 0;
};
Seen seen;

// A pallet whose storage layout is at version 2: Value holds twice what v1 held.
template <class T, class At>
struct Counter {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr uint16_t kStorageVersion = 2;
  using Value = StorageValue<Counter, "Value", uint32_t, ValueQuery>;

  static Weight on_runtime_upgrade() {
    ++seen.hook_runs;
    seen.value_in_hook = Value::get();
    return Weight::from_parts(7, 0);
  }
  static Result<void, std::string> try_state(BlockNumber) {
    if (Value::get() % 2 != 0) return unexpected(std::string("Value is odd"));
    return {};
  }
};

// Declares a version, so a runtime upgrade that adds it writes that version.
template <class T, class At>
struct Added {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr uint16_t kStorageVersion = 3;
};

// Declares none: its version is 0.
template <class T, class At>
struct Legacy {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
};

struct TestRuntime;
using CounterPallet = Counter<TestRuntime, PalletAt<1, "Counter">>;

uint32_t last_upgrade_spec_version();

// The v1 → v2 rewrite itself (versions are VersionedMigration's business).
struct DoubleValue {
  static Weight on_runtime_upgrade() {
    ++seen.migration_runs;
    seen.last_upgrade_in_migration = last_upgrade_spec_version();
    CounterPallet::Value::mutate([](uint32_t& v) { v *= 2; });
    return Weight::from_parts(1'000, 0);
  }
  static Result<Bytes, std::string> pre_upgrade() {
    return scale::encode(CounterPallet::Value::get());
  }
  static Result<void, std::string> post_upgrade(Bytes state) {
    const auto before = scale::decode<uint32_t>(state);
    if (!before) return unexpected(std::string("bad state"));
    if (CounterPallet::Value::get() != *before * 2) return unexpected(std::string("not doubled"));
    return {};
  }
};

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Pallets =
      Composition<"test_runtime", System, CounterPallet, Added<TestRuntime, PalletAt<2, "Added">>,
                  Legacy<TestRuntime, PalletAt<3, "Legacy">>>;
  using Migrations = std::tuple<VersionedMigration<1, 2, DoubleValue, CounterPallet, TestRuntime>>;
  using SignedExtra =
      std::tuple<system::CheckNonZeroSender<TestRuntime>, system::CheckSpecVersion<TestRuntime>,
                 system::CheckTxVersion<TestRuntime>, system::CheckGenesis<TestRuntime>,
                 system::CheckMortality<TestRuntime>, system::CheckNonce<TestRuntime>,
                 system::CheckWeight<TestRuntime>, CheckMetadataHash<TestRuntime>>;
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion kVersion = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.spec_version = 3;
      out.transaction_version = 2;
      out.apis = {{runtime::kCoreApiId, 5}};
      out.system_version = 1;
      return out;
    }();
    return kVersion;
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(1024, 75);
  }
  static std::optional<Hash256> metadata_hash() { return std::nullopt; }
};
using System = TestRuntime::System;
uint32_t last_upgrade_spec_version() {
  return System::LastRuntimeUpgrade::get()->spec_version;
}
using AddedPallet = Added<TestRuntime, PalletAt<2, "Added">>;
using LegacyPallet = Legacy<TestRuntime, PalletAt<3, "Legacy">>;
using Exec = Executive<TestRuntime>;
using V1ToV2 = VersionedMigration<1, 2, DoubleValue, CounterPallet, TestRuntime>;

// FRAME's key, computed here from the strings with the host's hasher.
Bytes frame_version_key(std::string_view pallet) {
  Bytes key;
  for (std::string_view part : {pallet, std::string_view(":__STORAGE_VERSION__:")}) {
    const Hash128 h = hash::twox_128(to_bytes(part));
    key.insert(key.end(), h.begin(), h.end());
  }
  return key;
}

void build_genesis() {
  auto built = TestRuntime::Pallets::build_genesis_json(json::parse("{}").value());
  ASSERT_TRUE(built.has_value()) << built.error();
}

block::Header header(BlockNumber number, const Hash256& parent) {
  block::Header h;
  h.number = number;
  h.parent_hash = parent;
  return h;
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override { seen = Seen{}; }
};

TEST_F(MigrationsTest, TheVersionIsAU16AtFramesKeyAndAbsentReadsZero) {
  TestExternalities ext;
  ext.execute_with([] {
    const Bytes key = frame_version_key("Counter");
    EXPECT_EQ(to_hex(storage_version_key<CounterPallet>()), to_hex(key));
    EXPECT_FALSE(storage_version_exists<CounterPallet>());
    EXPECT_EQ(on_chain_storage_version<CounterPallet>(), 0);
    put_storage_version<CounterPallet>(0x0102);
    EXPECT_EQ(io::storage::get(key), std::optional<Bytes>(Bytes{0x02, 0x01}));  // SCALE u16
    io::storage::set(key, Bytes{0x05, 0x00});
    EXPECT_EQ(on_chain_storage_version<CounterPallet>(), 5);
    EXPECT_EQ(in_code_storage_version<CounterPallet>(), 2);
    EXPECT_EQ(in_code_storage_version<LegacyPallet>(), 0);
  });
}

TEST_F(MigrationsTest, GenesisWritesEveryPalletsInCodeVersion) {
  TestExternalities ext;
  ext.execute_with([] {
    build_genesis();
    EXPECT_EQ(io::storage::get(frame_version_key("System")), std::optional<Bytes>(Bytes{0, 0}));
    EXPECT_EQ(io::storage::get(frame_version_key("Counter")), std::optional<Bytes>(Bytes{2, 0}));
    EXPECT_EQ(io::storage::get(frame_version_key("Added")), std::optional<Bytes>(Bytes{3, 0}));
    EXPECT_EQ(io::storage::get(frame_version_key("Legacy")), std::optional<Bytes>(Bytes{0, 0}));
  });
}

TEST_F(MigrationsTest, VersionedMigrationRunsFromItsVersionOnlyAndOnce) {
  TestExternalities ext;
  ext.execute_with([] {
    CounterPallet::Value::put(5);
    // At version 0 (not 1) it leaves everything as it is.
    EXPECT_EQ(V1ToV2::on_runtime_upgrade(), TestRuntime::kDbWeight.reads(1));
    EXPECT_EQ(seen.migration_runs, 0);
    EXPECT_EQ(CounterPallet::Value::get(), 5u);
    EXPECT_FALSE(storage_version_exists<CounterPallet>());

    put_storage_version<CounterPallet>(1);
    const Weight weight = V1ToV2::on_runtime_upgrade();
    EXPECT_EQ(weight, Weight::from_parts(1'000, 0).saturating_add(
                          TestRuntime::kDbWeight.reads_writes(1, 1)));
    EXPECT_EQ(seen.migration_runs, 1);
    EXPECT_EQ(CounterPallet::Value::get(), 10u);
    EXPECT_EQ(on_chain_storage_version<CounterPallet>(), 2);

    // Left in the list: the version says it ran.
    (void)V1ToV2::on_runtime_upgrade();
    EXPECT_EQ(seen.migration_runs, 1);
    EXPECT_EQ(CounterPallet::Value::get(), 10u);
  });
}

TEST_F(MigrationsTest, TryOnRuntimeUpgradeRunsTheChecksAroundEachMigration) {
  TestExternalities ext;
  ext.execute_with([] {
    put_storage_version<CounterPallet>(1);
    CounterPallet::Value::put(4);
    auto done = Migrations<TestRuntime::Migrations>::try_on_runtime_upgrade();
    ASSERT_TRUE(done.has_value()) << done.error();
    EXPECT_EQ(CounterPallet::Value::get(), 8u);
    // Skipped (version 2 now): pre_upgrade says so and post_upgrade checks nothing.
    done = Migrations<TestRuntime::Migrations>::try_on_runtime_upgrade();
    ASSERT_TRUE(done.has_value()) << done.error();
    EXPECT_EQ(seen.migration_runs, 1);
  });

  // A post_upgrade that sees the migration did not do its job fails.
  struct Broken {
    static Weight on_runtime_upgrade() { return Weight::zero(); }
    static Result<Bytes, std::string> pre_upgrade() { return DoubleValue::pre_upgrade(); }
    static Result<void, std::string> post_upgrade(Bytes s) {
      return DoubleValue::post_upgrade(std::move(s));
    }
  };
  TestExternalities broken_ext;
  broken_ext.execute_with([] {
    put_storage_version<CounterPallet>(1);
    CounterPallet::Value::put(4);
    using BrokenMigration = VersionedMigration<1, 2, Broken, CounterPallet, TestRuntime>;
    auto done = Migrations<std::tuple<BrokenMigration>>::try_on_runtime_upgrade();
    ASSERT_FALSE(done.has_value());
    EXPECT_EQ(done.error(), "post_upgrade: not doubled");
  });
}

TEST_F(MigrationsTest, TheExecutiveRunsMigrationsOnceAfterACodeChange) {
  TestExternalities ext;
  ext.execute_with([] {
    build_genesis();
    // Block 1 under the genesis runtime: nothing to migrate.
    Exec::initialize_block(header(1, Hash256{}));
    EXPECT_EQ(seen.hook_runs, 0);
    const block::Header first = Exec::finalize_block();

    // The chain as an older runtime left it: spec version 2, Counter's data at v1, Added not
    // there yet.
    System::LastRuntimeUpgrade::put({TestRuntime::version().spec_version - 1, "test"});
    put_storage_version<CounterPallet>(1);
    CounterPallet::Value::put(21);
    io::storage::clear(frame_version_key("Added"));

    Exec::initialize_block(header(2, block::hash_of(first)));
    EXPECT_EQ(seen.migration_runs, 1);
    EXPECT_EQ(CounterPallet::Value::get(), 42u);
    EXPECT_EQ(on_chain_storage_version<CounterPallet>(), 2);
    EXPECT_EQ(on_chain_storage_version<AddedPallet>(), 3);  // a new pallet starts at its version
    EXPECT_EQ(seen.hook_runs, 1);
    EXPECT_EQ(seen.value_in_hook, 42u);  // the pallets' hooks run after the migrations
    // frame-executive 42 records the new version after the migrations, which see the old one.
    EXPECT_EQ(seen.last_upgrade_in_migration, TestRuntime::version().spec_version - 1);
    EXPECT_EQ(System::LastRuntimeUpgrade::get()->spec_version, TestRuntime::version().spec_version);
    const block::Header second = Exec::finalize_block();

    Exec::initialize_block(header(3, block::hash_of(second)));
    EXPECT_EQ(seen.migration_runs, 1);
    EXPECT_EQ(seen.hook_runs, 1);
    EXPECT_EQ(CounterPallet::Value::get(), 42u);
    (void)Exec::finalize_block();
  });
}

TEST_F(MigrationsTest, TryStateReportsEveryBrokenInvariant) {
  TestExternalities ext;
  ext.execute_with([] { build_genesis(); });
  EXPECT_EQ(testing::try_state_failures<TestRuntime::Pallets>(ext, 0), "");

  ext.execute_with([] {
    AccountId32 who;
    who.bytes.fill(7);
    System::Info info;
    info.consumers = 1;
    info.sufficients = 1;
    System::Account::insert(who, info);  // consumed, provided for by nobody
    CounterPallet::Value::put(3);
  });
  const std::string failures = testing::try_state_failures<TestRuntime::Pallets>(ext, 0);
  EXPECT_NE(failures.find("System: account 0x0707"), std::string::npos) << failures;
  EXPECT_NE(failures.find("has consumers but no providers"), std::string::npos) << failures;
  EXPECT_NE(failures.find("; Counter: Value is odd"), std::string::npos) << failures;
}

// The next runtime's migration (runtime/canary/next_migration.hpp) on the development genesis:
// Template's storage moves to version 1 and Something holds the running spec version; a second run
// (the version is already 1) leaves everything alone.
TEST_F(MigrationsTest, TheNextRuntimesMigrationMovesTemplateToVersionOneOnce) {
  using canary_runtime::Runtime;
  TestExternalities ext;
  ext.execute_with([] {
    auto config = canary_runtime::preset("development");
    ASSERT_TRUE(config.has_value());
    auto built = canary_runtime::build_genesis_state(*config);
    ASSERT_TRUE(built.has_value()) << built.error();
    EXPECT_EQ(on_chain_storage_version<Runtime::Template>(), 0);
    using Next = std::tuple<canary_runtime::NextRuntimeMigration<Runtime>>;
    auto ran = Migrations<Next>::try_on_runtime_upgrade();
    ASSERT_TRUE(ran.has_value()) << ran.error();
    EXPECT_EQ(on_chain_storage_version<Runtime::Template>(), 1);
    EXPECT_EQ(Runtime::Template::Something::get(),
              std::optional<uint32_t>(Runtime::version().spec_version));
    Runtime::Template::Something::put(7);
    (void)run_migrations<Next>();
    EXPECT_EQ(Runtime::Template::Something::get(), std::optional<uint32_t>(7));
    EXPECT_EQ(on_chain_storage_version<Runtime::Template>(), 1);
  });
}

TEST_F(MigrationsTest, CanaryGenesisHoldsItsInvariantsAndBalancesSeesACorruptedIssuance) {
  using canary_runtime::Runtime;
  TestExternalities ext;
  ext.execute_with([] {
    auto config = canary_runtime::preset("development");
    ASSERT_TRUE(config.has_value());
    auto built = canary_runtime::build_genesis_state(*config);
    ASSERT_TRUE(built.has_value()) << built.error();
    // FRAME's in-code versions, written by genesis.
    EXPECT_EQ(on_chain_storage_version<Runtime::Balances>(), 1);
    EXPECT_EQ(on_chain_storage_version<Runtime::Grandpa>(), 5);
    EXPECT_EQ(on_chain_storage_version<Runtime::Session>(), 1);
    EXPECT_TRUE(storage_version_exists<Runtime::Utility>());
  });
  EXPECT_EQ(testing::try_state_failures<Runtime::Pallets>(ext, 0), "");

  ext.execute_with([] {
    Runtime::Balances::TotalIssuance::mutate(
        [](canary_runtime::Balance& issuance) { issuance += 1; });
  });
  const std::string failures = testing::try_state_failures<Runtime::Pallets>(ext, 0);
  EXPECT_EQ(failures.rfind("Balances: the total issuance is ", 0), 0u) << failures;
}

}  // namespace
}  // namespace canary::rt
