// The executive natively, on a runtime of frame_system and frame_system's extensions: signed
// extrinsics are checked (signature, genesis, version, mortality, nonce, weight), dispatched
// transactionally and recorded; a built block re-executes to the same header on a fresh copy of
// the parent state; the pool's validation answers with sp-runtime's codes.
#include "runtime/framework/executive.hpp"

#include <gtest/gtest.h>

#include "primitives/block/header.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/extrinsic/check_metadata_hash.hpp"
#include "runtime/pallets/system/extensions.hpp"
#include "runtime/pallets/system/system.hpp"
#include "runtime/testing/signing.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/test_runtime.hpp"

namespace canary::rt {
namespace {

namespace system = pallets::system;
using runtime::TransactionSource;

struct TestRuntime : rt::testing::TestRuntimeBase {
  using System = system::Pallet<TestRuntime, PalletAt<0, "System">>;
  using Pallets = Composition<"test_runtime", System>;
  using SignedExtra =
      std::tuple<system::CheckNonZeroSender<TestRuntime>, system::CheckSpecVersion<TestRuntime>,
                 system::CheckTxVersion<TestRuntime>, system::CheckGenesis<TestRuntime>,
                 system::CheckMortality<TestRuntime>, system::CheckNonce<TestRuntime>,
                 system::CheckWeight<TestRuntime>, CheckMetadataHash<TestRuntime>>;
  static const runtime::RuntimeVersion& version() {
    static const runtime::RuntimeVersion v = [] {
      runtime::RuntimeVersion out;
      out.spec_name = "test";
      out.spec_version = 3;
      out.transaction_version = 2;
      out.apis = {{runtime::kCoreApiId, 5}};
      out.system_version = 1;
      return out;
    }();
    return v;
  }
  static system::BlockLength block_length() {
    return system::BlockLength::max_with_normal_ratio(1024, 75);
  }
  // The RFC-0078 digest the runtime "was built with" (none unless a test sets one).
  static inline std::optional<Hash256> built_metadata_hash;
  static std::optional<Hash256> metadata_hash() { return built_metadata_hash; }
};
using System = TestRuntime::System;
using Exec = Executive<TestRuntime>;
using Call = TestRuntime::Pallets::Call;

const H256 kGenesisHash = [] {
  H256 h;
  h.bytes.fill(0x47);
  return h;
}();

// Genesis: the block hash of block 0 and Alice's account.
std::map<Bytes, Bytes> genesis(const keys::KeyPair& alice) {
  testing::TestExternalities builder;
  builder.execute_with([&] {
    System::BlockHash::insert(0, kGenesisHash);
    System::inc_providers(testing::account_of(alice));
    System::LastRuntimeUpgrade::put({TestRuntime::version().spec_version, "test"});
  });
  return builder.top_writes();
}

TestRuntime::SignedExtra extra(uint32_t nonce, Era era = Era::make_immortal()) {
  TestRuntime::SignedExtra e;
  std::get<system::CheckMortality<TestRuntime>>(e).era = era;
  std::get<system::CheckNonce<TestRuntime>>(e).nonce = nonce;
  return e;
}

Call remark(std::string_view text) {
  return Call::of<System>(System::remark_with_event{to_bytes(text)});
}

block::Header header(BlockNumber number, const H256& parent) {
  block::Header h;
  h.number = number;
  h.parent_hash = parent.bytes;
  return h;
}

class ExecutiveTest : public ::testing::Test {
 protected:
  keys::KeyPair alice_ = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  keys::KeyPair bob_ = keys::KeyPair::from_suri(keys::Scheme::kEd25519, "//Bob").value();
};

TEST_F(ExecutiveTest, BuildsABlockThatReexecutesToTheSameHeader) {
  const auto state = genesis(alice_);
  block::Block block;
  {
    testing::TestExternalities ext(state);
    block.header = ext.execute_with([&]() -> block::Header {
      Exec::initialize_block(header(1, kGenesisHash));
      for (uint32_t nonce = 0; nonce < 3; ++nonce) {
        const Bytes xt = testing::sign_extrinsic<Exec>(alice_, remark("hi"), extra(nonce));
        auto applied = Exec::apply_extrinsic(xt);
        EXPECT_TRUE(applied.has_value() && applied->has_value()) << nonce;
        block.extrinsics.push_back(scale::decode<Bytes>(xt).value());
      }
      // A failing call is included: its changes vanish, its nonce stays used.
      const Bytes root_only = testing::sign_extrinsic<Exec>(
          alice_, Call::of<System>(System::set_heap_pages{1}), extra(3));
      auto failed = Exec::apply_extrinsic(root_only);
      EXPECT_TRUE(failed.has_value() && !failed->has_value() &&
                  failed->error().kind == DispatchError::Kind::kBadOrigin);
      block.extrinsics.push_back(scale::decode<Bytes>(root_only).value());
      EXPECT_EQ(System::account_nonce(testing::account_of(alice_)), 4u);
      EXPECT_FALSE(io::storage::exists(to_bytes(":heappages")));
      return Exec::finalize_block();
    });
    EXPECT_EQ(block.header.number, 1u);
    // 3 Remarked + 3 ExtrinsicSuccess + 1 ExtrinsicFailed.
    EXPECT_EQ(ext.execute_with([] { return System::EventCount::get(); }), 7u);
  }
  {
    testing::TestExternalities ext(state);
    ext.execute_with([&] { Exec::execute_block(block); });
    const Hash256 root = ext.execute_with([] { return io::storage::root(io::StateVersion::kV1); });
    EXPECT_EQ(root, block.header.state_root);
  }
}

// The offchain worker runs on the imported block's state with System initialised for that block,
// its hash recorded (frame-executive `offchain_worker`); pallets' hooks are reached through the
// composition.
TEST_F(ExecutiveTest, OffchainWorkerSeesTheImportedBlock) {
  const auto state = genesis(alice_);
  testing::TestExternalities ext(state);
  ext.execute_with([&] {
    block::Header h = header(7, kGenesisHash);
    h.state_root.fill(0x42);
    Exec::offchain_worker(h);
    EXPECT_EQ(System::block_number(), 7u);
    EXPECT_EQ(System::parent_hash(), kGenesisHash);
    EXPECT_EQ(System::BlockHash::get(7), H256{block::hash_of(h)});
  });
}

TEST_F(ExecutiveTest, PoolValidationCodes) {
  const auto state = genesis(alice_);
  testing::TestExternalities ext(state);
  ext.execute_with([&] {
    // Each validation on the same parent state, as the node runs it (its changes are dropped).
    const auto validate = [&](const Bytes& xt) {
      io::storage::start_transaction();
      auto v = Exec::validate_transaction(TransactionSource::kExternal, xt, kGenesisHash);
      io::storage::rollback_transaction();
      return v;
    };
    const auto code = [&](const Bytes& xt) {
      auto v = validate(xt);
      return v ? std::string("valid") : runtime::to_string(v.error());
    };
    // Ready: provides (alice, 0), requires nothing, immortal (longevity u64::MAX - current).
    auto ready = validate(testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(0)));
    ASSERT_TRUE(ready.has_value());
    EXPECT_EQ(ready->provides_tags.size(), 1u);
    EXPECT_TRUE(ready->requires_tags.empty());
    EXPECT_EQ(ready->longevity, UINT64_MAX - 1);
    // Future nonce: requires (alice, 4).
    auto future = validate(testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(5)));
    ASSERT_TRUE(future.has_value());
    EXPECT_EQ(future->requires_tags.size(), 1u);
    // Mortal: longevity is what is left of the era.
    auto mortal =
        validate(testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(0, Era::mortal(64, 0))));
    ASSERT_TRUE(mortal.has_value());
    EXPECT_EQ(mortal->longevity, 63u);

    // Bob has no account: cannot pay.
    EXPECT_EQ(code(testing::sign_extrinsic<Exec>(bob_, remark("a"), extra(0))), "Invalid(Payment)");
    // A signature over other data: bad proof.
    Bytes tampered = testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(0));
    tampered.back() ^= 1;
    EXPECT_EQ(code(tampered), "Invalid(BadProof)");
    // Signed for another genesis (the implicit data differs): bad proof too.
    System::BlockHash::insert(0, H256{});
    const Bytes other_chain = testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(0));
    System::BlockHash::insert(0, kGenesisHash);
    EXPECT_EQ(code(other_chain), "Invalid(BadProof)");
    // Too long for a block (the test block length is 768 bytes for normal extrinsics).
    EXPECT_EQ(code(testing::sign_extrinsic<Exec>(alice_, remark(std::string(900, 'x')), extra(0))),
              "Invalid(ExhaustsResources)");
    // Malformed bytes and an unknown version.
    EXPECT_EQ(code(from_hex("0x0c04ffff").value()), "Invalid(Call)");
    EXPECT_EQ(code(from_hex("0x0c050007").value()), "Invalid(Call)");
    EXPECT_EQ(code(Bytes{}), "Invalid(Call)");
    // Unsigned calls need a validator: System's (frame_system's ValidateUnsigned) admits only
    // apply_authorized_upgrade with the authorized code and refuses the rest.
    Exec::Extrinsic unsigned_xt{std::nullopt, remark("a")};
    EXPECT_EQ(code(scale::encode(unsigned_xt)), "Invalid(Call)");
    // Metadata-hash mode 1 in a runtime built without a digest: refused before the signature
    // check, as frame-metadata-hash-extension does (Unknown(CannotLookup)).
    auto with_hash = extra(0);
    std::get<CheckMetadataHash<TestRuntime>>(with_hash).enabled = true;
    Bytes signed_with_mode = testing::sign_extrinsic<Exec>(alice_, remark("a"), with_hash);
    EXPECT_EQ(code(signed_with_mode), "Unknown(CannotLookup)");
  });
}

// CheckMetadataHash mode 1 with a digest in the runtime: Some(digest) joins the signed data (not
// the extrinsic); a signer that used other metadata signed other data: bad proof.
TEST_F(ExecutiveTest, MetadataHashModeOneSignsTheRuntimesDigest) {
  struct ResetHash {
    ~ResetHash() { TestRuntime::built_metadata_hash.reset(); }
  } reset;
  Hash256 built;
  built.fill(0xab);
  Hash256 other = built;
  other[31] ^= 1;
  const auto mode = [](uint32_t nonce, bool enabled) {
    auto e = extra(nonce);
    std::get<CheckMetadataHash<TestRuntime>>(e).enabled = enabled;
    return e;
  };
  TestRuntime::built_metadata_hash = built;
  // The implicit is Option<[u8; 32]>: 0x00 for mode 0, 0x01 ‖ digest for mode 1.
  auto implicit = std::get<CheckMetadataHash<TestRuntime>>(mode(0, true)).implicit();
  ASSERT_TRUE(implicit.has_value());
  Bytes some = {1};
  some.insert(some.end(), built.begin(), built.end());
  EXPECT_EQ(scale::encode(*implicit), some);
  EXPECT_EQ(scale::encode(*std::get<CheckMetadataHash<TestRuntime>>(mode(0, false)).implicit()),
            Bytes{0});

  const auto state = genesis(alice_);
  testing::TestExternalities ext(state);
  ext.execute_with([&] {
    const auto code = [&](const Bytes& xt) {
      io::storage::start_transaction();
      auto v = Exec::validate_transaction(TransactionSource::kExternal, xt, kGenesisHash);
      io::storage::rollback_transaction();
      return v ? std::string("valid") : runtime::to_string(v.error());
    };
    // Both modes are accepted from a signer with the runtime's digest.
    EXPECT_EQ(code(testing::sign_extrinsic<Exec>(alice_, remark("a"), mode(0, true))), "valid");
    EXPECT_EQ(code(testing::sign_extrinsic<Exec>(alice_, remark("a"), mode(0, false))), "valid");
    // Signed over another digest (the signer's metadata was not the runtime's).
    TestRuntime::built_metadata_hash = other;
    const Bytes wrong = testing::sign_extrinsic<Exec>(alice_, remark("a"), mode(0, true));
    TestRuntime::built_metadata_hash = built;
    EXPECT_EQ(code(wrong), "Invalid(BadProof)");
    // Signed with mode 0 (over None), sent with mode 1. The mode is the extra's last byte, right
    // before the call (System.remark_with_event).
    Bytes unsigned_digest = testing::sign_extrinsic<Exec>(alice_, remark("a"), mode(0, false));
    const Bytes call = scale::encode(remark("a"));
    ASSERT_GT(unsigned_digest.size(), call.size());
    const size_t mode_at = unsigned_digest.size() - call.size() - 1;
    ASSERT_EQ(unsigned_digest[mode_at], 0);
    unsigned_digest[mode_at] = 1;
    EXPECT_EQ(code(unsigned_digest), "Invalid(BadProof)");
    // Modes beyond 1 are reserved: the extrinsic does not decode.
    unsigned_digest[mode_at] = 2;
    EXPECT_EQ(code(unsigned_digest), "Invalid(Call)");
  });
}

TEST_F(ExecutiveTest, NoncesMustBeUsedInOrder) {
  testing::TestExternalities ext(genesis(alice_));
  ext.execute_with([&] {
    Exec::initialize_block(header(1, kGenesisHash));
    auto future =
        Exec::apply_extrinsic(testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(1)));
    ASSERT_FALSE(future.has_value());
    EXPECT_EQ(runtime::to_string(future.error()), "Invalid(Future)");
    ASSERT_TRUE(
        Exec::apply_extrinsic(testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(0))));
    auto stale =
        Exec::apply_extrinsic(testing::sign_extrinsic<Exec>(alice_, remark("a"), extra(0)));
    EXPECT_EQ(runtime::to_string(stale.error()), "Invalid(Stale)");
  });
}

TEST_F(ExecutiveTest, ExtensionsAndConstantsInMetadata) {
  meta::RuntimeMetadata metadata;
  TestRuntime::Pallets::add_metadata(metadata);
  const auto extensions = Exec::Ext::metadata(metadata.registry);
  ASSERT_EQ(extensions.size(), 8u);
  EXPECT_EQ(extensions[0].identifier, "CheckNonZeroSender");
  EXPECT_EQ(extensions[5].identifier, "CheckNonce");
  EXPECT_EQ(extensions[7].identifier, "CheckMetadataHash");
  const auto& types = metadata.registry.types();
  EXPECT_EQ(types[extensions[4].type].path,
            (std::vector<std::string>{"frame_system", "extensions", "check_mortality",
                                      "CheckMortality"}));
  // The Era type has Immortal and Mortal1..Mortal255.
  const auto& mortality = std::get<meta::CompositeDef>(types[extensions[4].type].def);
  EXPECT_EQ(std::get<meta::VariantDef>(types[mortality.fields[0].type].def).variants.size(), 256u);
  // SS58Prefix is a u16 constant of System.
  const auto& constants = metadata.pallets[0].constants;
  EXPECT_EQ(constants.back().name, "SS58Prefix");
  EXPECT_EQ(constants.back().value, (Bytes{42, 0}));

  testing::TestExternalities ext(genesis(alice_));
  ext.execute_with([&] {
    for (uint32_t i = 0; i < TestRuntime::kMaxConsumers; ++i) {
      EXPECT_TRUE(System::inc_consumers(testing::account_of(alice_)).has_value());
    }
    EXPECT_FALSE(System::inc_consumers(testing::account_of(alice_)).has_value());
  });
}

TEST(Era, EncodingAndWindow) {
  const Era era = Era::mortal(64, 100);
  EXPECT_EQ(era.period, 64u);
  EXPECT_EQ(era.phase, 36u);
  EXPECT_EQ(era.birth(100), 100u);
  EXPECT_EQ(era.death(100), 164u);
  EXPECT_EQ(era.birth(130), 100u);
  // sp-runtime's encoding: log2(period) - 1 in the low 4 bits, the phase above.
  EXPECT_EQ(to_hex(scale::encode(era)), "0x4502");
  EXPECT_EQ(scale::decode<Era>(scale::encode(era)).value(), era);
  EXPECT_EQ(to_hex(scale::encode(Era::make_immortal())), "0x00");
  EXPECT_FALSE(scale::decode<Era>(from_hex("0x0f00").value()).has_value() &&
               scale::decode<Era>(from_hex("0x0f00").value())->phase >= 65536);
}

}  // namespace
}  // namespace canary::rt
