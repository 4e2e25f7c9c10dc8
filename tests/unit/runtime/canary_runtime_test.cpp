// The Canary runtime natively, as a block author would run it: the development preset builds the
// genesis, a block with the timestamp inherent and Alice's signed transfer_keep_alive is built
// and re-executed, and the fee charged is the one TransactionPaymentApi_query_info announces,
// split 80/20 between the treasury and the block author.
#include <gtest/gtest.h>

#include "primitives/keys/key_pair.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/canary/dev_accounts.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/metadata.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/testing/signing.hpp"
#include "runtime/testing/test_externalities.hpp"

namespace canary::rt::canary_runtime {
namespace {

using testing::TestExternalities;

TEST(CanaryRuntime, DevAccountConstantsAreTheDerivedKeys) {
  for (const DevAccount& who : kDevAccounts) {
    const std::string suri = "//" + std::string(who.name);
    const auto sr = keys::KeyPair::from_suri(keys::Scheme::kSr25519, suri).value();
    const auto ed = keys::KeyPair::from_suri(keys::Scheme::kEd25519, suri).value();
    const auto ec = keys::KeyPair::from_suri(keys::Scheme::kEcdsa, suri).value();
    const auto stash = keys::KeyPair::from_suri(keys::Scheme::kSr25519, suri + "//stash").value();
    EXPECT_EQ(to_hex(sr.public_key()), who.sr25519) << who.name;
    EXPECT_EQ(to_hex(ed.public_key()), who.ed25519) << who.name;
    EXPECT_EQ(to_hex(ec.public_key()), who.ecdsa) << who.name;
    EXPECT_EQ(to_hex(stash.public_key()), who.stash) << who.name;
  }
}

// The genesis state of a preset, as the node builds it (plus a genesis hash for block 1).
std::map<Bytes, Bytes> genesis_state(std::string_view preset_name) {
  TestExternalities builder;
  builder.execute_with([&] {
    auto config = preset(preset_name);
    ASSERT_TRUE(config.has_value());
    auto built = build_genesis_state(*config);
    ASSERT_TRUE(built.has_value()) << built.error();
  });
  std::map<Bytes, Bytes> state;
  (void)builder.overlay().for_each_change(
      state::StateVersion::kV1,
      [&](state::ChildKey child, ByteSpan key, const std::optional<Bytes>& value) {
        if (!child && value) state[Bytes(key.begin(), key.end())] = *value;
      });
  return state;
}

AccountId32 account(std::string_view hex) {
  return AccountId32{from_hex_fixed<32>(hex).value()};
}

TEST(CanaryRuntime, PresetsBuildTheirGenesis) {
  for (const std::string& name : preset_names()) {
    TestExternalities ext(genesis_state(name));
    ext.execute_with([&] {
      const size_t authorities = name == "development" ? 1 : 4;
      EXPECT_EQ(Runtime::Session::Validators::get().size(), authorities) << name;
      EXPECT_EQ(Runtime::Grandpa::grandpa_authorities().size(), authorities) << name;
      EXPECT_EQ(Runtime::Babe::configuration().authorities.size(), authorities) << name;
      EXPECT_EQ(Runtime::Balances::free_balance(account(kDevAccounts[1].sr25519)), u128{1} << 60);
      EXPECT_EQ(Runtime::Balances::total_issuance(), (u128{1} << 60) * 12);
      EXPECT_EQ(Runtime::Sudo::Key::get(),
                std::optional<AccountId32>(account(kDevAccounts[0].sr25519)));
    });
  }
  EXPECT_FALSE(preset("nope").has_value());
  TestExternalities ext;
  ext.execute_with([] {
    auto unknown = build_genesis_state(json::parse(R"({"balance": {}})").value());
    ASSERT_FALSE(unknown.has_value());
    auto below_ed = build_genesis_state(
        json::parse(
            R"({"balances": {"balances": [["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 1]]}})")
            .value());
    ASSERT_FALSE(below_ed.has_value());
  });
}

TEST(CanaryRuntime, TransferKeepAlivePaysTheAnnouncedFee) {
  const auto state = genesis_state("development");
  const auto alice_pair = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  const AccountId32 alice = testing::account_of(alice_pair);
  const AccountId32 bob = account(kDevAccounts[1].sr25519);
  const AccountId32 author = account(kDevAccounts[0].stash);  // Alice's validator (stash)
  H256 genesis_hash;
  genesis_hash.bytes.fill(0x11);

  // Block 1 at slot 1000: BABE pre-digest of authority 0, the timestamp of that slot.
  constexpr uint64_t kSlot = 1'000;
  block::Block block;
  block.header.number = 1;
  block.header.parent_hash = genesis_hash.bytes;
  pallets::babe::PreDigest pre;
  pre.value = pallets::babe::PreDigest::SecondaryPlain{{0, pallets::babe::Slot{kSlot}}};
  block.header.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)});

  const Balance amount = kUnits;
  Balance announced_fee = 0;
  Balance alice_before = 0;
  TestExternalities ext(state);
  const block::Header built = ext.execute_with([&]() -> block::Header {
    Executive::initialize_block(block.header);
    runtime::InherentData data;
    data[runtime::kTimestampInherent] = scale::encode(uint64_t{kSlot * 6'000});
    for (const Bytes& inherent : Executive::inherent_extrinsics(data)) {
      const Bytes encoded = scale::encode(inherent);
      auto applied = Executive::apply_extrinsic(encoded);
      EXPECT_TRUE(applied.has_value() && applied->has_value());
      block.extrinsics.push_back(inherent);
    }
    Runtime::SignedExtra extra;
    std::get<system::CheckNonce<Runtime>>(extra).nonce = 0;
    using Balances = Runtime::Balances;
    const auto call = Runtime::Pallets::Call::of<Balances>(
        typename Balances::transfer_keep_alive{MultiAddress::id(bob), amount});
    const Bytes xt = testing::sign_extrinsic<Executive>(alice_pair, call, extra);
    const auto decoded = scale::decode<Executive::Extrinsic>(xt).value();
    announced_fee = Runtime::TransactionPayment::query_info(decoded, xt.size()).partial_fee;
    alice_before = Balances::free_balance(alice);
    auto applied = Executive::apply_extrinsic(xt);
    EXPECT_TRUE(applied.has_value() && applied->has_value());
    block.extrinsics.push_back(scale::decode<Bytes>(xt).value());
    return Executive::finalize_block();
  });

  ext.execute_with([&] {
    using Balances = Runtime::Balances;
    EXPECT_GT(announced_fee, Balance{0});
    EXPECT_EQ(Balances::free_balance(alice), alice_before - amount - announced_fee);
    EXPECT_EQ(Balances::free_balance(bob), (u128{1} << 60) + amount);
    const Balance to_treasury = announced_fee * 80 / 100;
    EXPECT_EQ(Balances::free_balance(treasury_account()), to_treasury);
    EXPECT_EQ(Balances::free_balance(author), (u128{1} << 60) + (announced_fee - to_treasury));
    EXPECT_EQ(Balances::total_issuance(), (u128{1} << 60) * 12);  // fees are moved, not burned
  });

  // Another node executes the block on the same genesis and reaches the same state root.
  block.header = built;
  TestExternalities replay(state);
  replay.execute_with([&] { Executive::execute_block(block); });
  EXPECT_EQ(replay.execute_with([] { return io::storage::root(io::StateVersion::kV1); }),
            built.state_root);
}

TEST(CanaryRuntime, MetadataListsThePallets) {
  // Within a state, as in a runtime call: constants such as the block time are read from it.
  TestExternalities ext;
  const auto metadata = ext.execute_with([] { return build_metadata(); });
  std::vector<std::string> names;
  for (const auto& pallet : metadata.pallets) names.push_back(pallet.name);
  EXPECT_EQ(names, (std::vector<std::string>{"System", "Babe", "Timestamp", "Indices", "Balances",
                                             "TransactionPayment", "Authorship", "Session",
                                             "Grandpa", "Utility", "Sudo"}));
}

}  // namespace
}  // namespace canary::rt::canary_runtime
