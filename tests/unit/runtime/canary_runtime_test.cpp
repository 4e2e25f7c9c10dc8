// The Canary runtime natively, as a block author would run it: the development preset builds the
// genesis, a block with the timestamp inherent and Alice's signed transfer_keep_alive is built
// and re-executed, and the fee charged is the one TransactionPaymentApi_query_info announces,
// split 80/20 between the treasury and the block author.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

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
  return builder.top_writes();
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
      // The endowments, and the existential deposit the Treasury's genesis gives its pot.
      EXPECT_EQ(Runtime::Balances::total_issuance(), (u128{1} << 60) * 12 + kExistentialDeposit);
      EXPECT_EQ(Runtime::Balances::free_balance(Runtime::Treasury::account_id()),
                kExistentialDeposit);
      // The presets' spend period (governance.hpp), in force and in the metadata constant.
      EXPECT_EQ(Runtime::Treasury::spend_period(), kDevGovernanceTimings.treasury_spend_period);
      EXPECT_EQ(Runtime::Sudo::Key::get(),
                std::optional<AccountId32>(account(kDevAccounts[0].sr25519)));
    });
  }
  EXPECT_FALSE(preset("nope").has_value());
}

// The presets start the parachain host: the genesis session's validators are the parachain
// validators (their `para` keys), AuthorityDiscovery has their `audi` keys, ParaSessionInfo the
// genesis session, Configuration the dev configuration. A parachain of the genesis takes a core,
// so the four validators form one backing group (no max_validators_per_core).
TEST(CanaryRuntime, PresetsStartTheParachainHost) {
  auto config = preset("local_testnet");
  ASSERT_TRUE(config.has_value());
  auto& sections = std::get<json::Object>(config->data);
  auto head = json::parse(R"({"paras": [[100, {"genesis_head": "0x0102",)"
                          R"( "validation_code": "0x0061736d0100000000", "parachain": true}]]})");
  ASSERT_TRUE(head.has_value());
  sections["paras"] = *head;
  TestExternalities builder;
  builder.execute_with([&] {
    auto built = build_genesis_state(*config);
    ASSERT_TRUE(built.has_value()) << built.error();
  });
  TestExternalities ext(builder.top_writes());
  ext.execute_with([&] {
    std::vector<Bytes> para_keys;
    for (const auto& key : Runtime::ParasShared::ActiveValidatorKeys::get()) {
      para_keys.emplace_back(key.bytes.begin(), key.bytes.end());
    }
    ASSERT_EQ(para_keys.size(), 4u);
    std::vector<Bytes> audi_keys;
    for (const auto& key : Runtime::AuthorityDiscovery::current_authorities()) {
      audi_keys.emplace_back(key.bytes.begin(), key.bytes.end());
    }
    std::vector<Bytes> dev_keys;
    dev_keys.reserve(4);
    for (size_t i = 0; i < 4; ++i) dev_keys.push_back(*from_hex(kDevAccounts[i].sr25519));
    // In Session's order of the validators (and the shuffle's for the active ones): the same four.
    for (auto* keys : {&para_keys, &audi_keys, &dev_keys}) std::sort(keys->begin(), keys->end());
    EXPECT_EQ(audi_keys, dev_keys);
    EXPECT_EQ(para_keys, dev_keys);

    const auto active = Runtime::Configuration::ActiveConfig::get();
    EXPECT_EQ(active.scheduler_params.lookahead, 2u);
    EXPECT_EQ(active.scheduler_params.num_cores, 1u);
    // The genesis session's SessionInfo names each validator's discovery key, in the validators'
    // order (its validators found each other through them), though the Initializer applied it
    // before AuthorityDiscovery's session handler ran.
    const auto info = Runtime::ParaSessionInfo::session_info(0);
    ASSERT_TRUE(info.has_value());
    ASSERT_EQ(info->discovery_keys.size(), info->validators.items.size());
    for (size_t i = 0; i < info->validators.items.size(); ++i) {
      const auto owner = Runtime::Session::key_owner(pallets::session::key_type("para"),
                                                     scale::encode(info->validators.items[i]));
      ASSERT_TRUE(owner.has_value());
      EXPECT_EQ(info->discovery_keys[i], Runtime::Session::load_keys(*owner)->authority_discovery);
    }
    EXPECT_EQ(Runtime::ParaScheduler::ValidatorGroups::get().size(), 1u);
    EXPECT_EQ(Runtime::ParaScheduler::ValidatorGroups::get()[0].size(), 4u);
    EXPECT_EQ(Runtime::Paras::Heads::get(pallets::para_primitives::ParaId{100}),
              std::optional(pallets::para_primitives::HeadData{Bytes{1, 2}}));
  });
}

// The error of building the genesis of `config` (empty when it builds).
std::string genesis_error(std::string_view config) {
  std::string error;
  TestExternalities ext;
  ext.execute_with([&] {
    auto built = build_genesis_state(json::parse(config).value());
    if (!built) error = built.error();
  });
  return error;
}

// `text` with every `$NAME` of `values` replaced.
std::string filled(std::string text, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string placeholder = "$" + name;
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

TEST(CanaryRuntime, GenesisErrorsNameTheirPath) {
  const std::string keys =
      R"({"grandpa": "0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee",)"
      R"( "babe": "$SR", "para_validator": "$SR", "para_assignment": "$SR",)"
      R"( "authority_discovery": "$SR", "beefy":)"
      R"( "0x020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1"})";
  const std::map<std::string, std::string> values = {
      {"ALICE", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"},
      {"BOB", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"},
      {"GOOD_KEYS", filled(keys, {{"SR", std::string(kDevAccounts[0].sr25519)}})},
      {"SHORT_KEYS", filled(keys, {{"SR", "0x01"}})},
      {"NO_BEEFY", R"({"grandpa": "0x00", "babe": "0x00"})"},
  };
  const struct {
    const char* config;
    const char* error;
  } kBad[] = {
      {"[]", "the genesis config must be an object"},
      {R"({"balance": {}})", "unknown genesis field `balance`"},
      {R"({"balances": []})", "balances: expected an object"},
      {R"({"balances": {"balance": []}})", "balances: unknown field `balance`"},
      {R"({"balances": {"balances": [["$ALICE", 1000000000000], ["B", 1]]}})",
       "balances.balances[1][0]: not an SS58 account: B"},
      {R"({"balances": {"balances": [["$ALICE", 1000000000000], ["$BOB", 1]]}})",
       "balances.balances[1]: below the existential deposit"},
      {R"({"balances": {"balances": [["$ALICE", 1000000000000], ["$ALICE", "1000000000000"]]}})",
       "balances.balances[1]: a duplicate of balances[0]"},
      {R"({"timestamp": {"minimumPeriod": 249}})",
       "timestamp.minimumPeriod: 249 ms is below the shortest, 250 ms (BABE's slot is twice the "
       "minimum period and must be at least 500 ms)"},
      {R"({"timestamp": {"minimumPeriod": "500"}})",
       "timestamp.minimumPeriod: expected an unsigned 64-bit integer"},
      {R"({"babe": {"epochConfig": {"c": [1, 0]}}})",
       "babe.epochConfig.c: the denominator must not be zero"},
      {R"({"babe": {"epochConfig": {"allowed_slots": "Any"}}})",
       "babe.epochConfig.allowed_slots: expected one of PrimarySlots, "
       "PrimaryAndSecondaryPlainSlots, PrimaryAndSecondaryVRFSlots"},
      {R"({"transactionPayment": {"multiplier": 1}})",
       "transactionPayment.multiplier: expected a FixedU128 (its inner u128 as a string)"},
      {R"({"session": {"keys": [["$ALICE", "$ALICE", $SHORT_KEYS]]}})",
       "session.keys[0][2].babe: not a 32-byte key"},
      {R"({"session": {"keys": [["$ALICE", "$ALICE", $NO_BEEFY]]}})",
       "session.keys[0][2].grandpa: not a 32-byte key"},
      {R"({"session": {"keys": [["A", "$ALICE", {}]]}})",
       "session.keys[0][0]: not an SS58 account: A"},
      {R"({"session": {"keys": [["$ALICE", "$ALICE", $GOOD_KEYS], ["$BOB", "$BOB", $GOOD_KEYS]]}})",
       "session.keys[1]: a key that belongs to another validator (genesis keys must not contain "
       "duplicates)"},
      {R"({"sudo": {"key": 1}})", "sudo.key: an account must be a string"},
      {R"({"referenda": {"preparePeriod": 2, "decisionPeriod": 0}})",
       "referenda.decisionPeriod: 0 blocks is outside 1 to 5256000"},
      {R"({"convictionVoting": {"voteLockingPeriod": 5256001}})",
       "convictionVoting.voteLockingPeriod: 5256001 blocks is outside 1 to 5256000"},
      {R"({"treasury": {"spendPeriod": 0}})",
       "treasury.spendPeriod: 0 blocks is outside 1 to 5256000"},
      {R"({"indices": {"indices": [[-1, "$ALICE"]]}})",
       "indices.indices[0][0]: expected an unsigned 32-bit integer"},
  };
  for (const auto& bad : kBad) {
    const std::string config = filled(bad.config, values);
    EXPECT_EQ(genesis_error(config), bad.error) << config;
  }
  // A missing session key is refused, not taken as zeros.
  EXPECT_EQ(genesis_error(filled(R"({"session": {"keys": [["$ALICE", "$ALICE", {}]]}})", values)),
            "session.keys[0][2].grandpa: missing");
  // And the good keys build.
  EXPECT_EQ(
      genesis_error(filled(R"({"session": {"keys": [["$ALICE", "$ALICE", $GOOD_KEYS]]}})", values)),
      "");
}

// The default configuration spells out every section's default: it builds the state `{}` builds,
// and each section round-trips.
TEST(CanaryRuntime, DefaultGenesisConfigIsTheEmptyOne) {
  const json::Value defaults = default_genesis_config();
  // The parachain host's configuration is FRAME's Default HostConfiguration (its JSON fields are
  // checked in para_configuration_test.cpp); the rest of the document is spelled out.
  json::Value rest = defaults;
  auto& sections = std::get<json::Object>(rest.data);
  ASSERT_TRUE(sections.contains("configuration"));
  EXPECT_EQ(json::write(sections.at("configuration")),
            json::write(json_encode(pallets::para_configuration::GenesisConfig{})));
  sections.erase("configuration");
  EXPECT_EQ(json::write(rest),
            R"({"authorityDiscovery":{"keys":[]},)"
            R"("babe":{"authorities":[],"epochConfig":{"allowed_slots":)"
            R"("PrimaryAndSecondaryVRFSlots","c":[1,4]},"epochDuration":null},)"
            R"("balances":{"balances":[]},"convictionVoting":{"voteLockingPeriod":null},)"
            R"("fellowshipCollective":{"members":[]},)"
            R"("fellowshipReferenda":{"confirmPeriod":null,"decisionPeriod":null,)"
            R"("minEnactmentPeriod":null,"preparePeriod":null,"undecidingTimeout":null},)"
            R"("grandpa":{"authorities":[]},"indices":{"indices":[]},"paras":{"paras":[]},)"
            R"("referenda":{"confirmPeriod":null,"decisionPeriod":null,)"
            R"("minEnactmentPeriod":null,"preparePeriod":null,"undecidingTimeout":null},)"
            R"("registrar":{"nextFreeParaId":2000},)"
            R"("session":{"keys":[]},)"
            R"("staking":{"canceledPayout":0,"devStakers":null,"forceEra":"NotForcing",)"
            R"("invulnerables":[],"maxNominatorCount":null,"maxValidatorCount":null,)"
            R"("minNominatorBond":0,"minValidatorBond":0,"minimumValidatorCount":0,)"
            R"("sessionsPerEra":null,"slashRewardFraction":0,"stakers":[],"validatorCount":0},)"
            R"("sudo":{"key":null},"system":{},"template":{"initialValue":null},)"
            R"("timestamp":{"minimumPeriod":null},)"
            R"("transactionPayment":{"multiplier":"1000000000000000000"},)"
            R"("treasury":{"spendPeriod":null},"vesting":{"vesting":[]}})");
  const auto state_of = [](const json::Value& config) {
    TestExternalities builder;
    builder.execute_with([&] {
      auto built = build_genesis_state(config);
      ASSERT_TRUE(built.has_value()) << built.error();
    });
    return builder.top_writes();
  };
  EXPECT_EQ(state_of(defaults), state_of(json::Value::of(json::Object{})));
  EXPECT_EQ(json::write(*preset(std::nullopt)), "{}");
}

TEST(CanaryRuntime, TransferKeepAlivePaysTheAnnouncedFee) {
  const auto state = genesis_state("development");
  const auto alice_pair = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  const AccountId32 alice = testing::account_of(alice_pair);
  const AccountId32 bob = account(kDevAccounts[1].sr25519);
  const AccountId32 author = account(kDevAccounts[0].stash);  // Alice's validator (stash)
  // Block 0: any header does, as long as block 1's parent hash and the parachains inherent's
  // parent header agree.
  const block::Header genesis{};
  const H256 genesis_hash{block::hash_of(genesis)};

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
    data[runtime::kParachainsInherent] = runtime::parachains_inherent_without_content(genesis);
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
    const auto info = Runtime::TransactionPayment::query_info(decoded, xt.size());
    announced_fee = info.partial_fee;
    // The weight announced and paid for: the call's and the signed extensions'.
    EXPECT_EQ(info.weight,
              call.info().call_weight.saturating_add(Executive::Ext::weight(extra, call)));
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
    // The pot holds the existential deposit from genesis (the Treasury's genesis build).
    EXPECT_EQ(Balances::free_balance(Runtime::Treasury::account_id()),
              kExistentialDeposit + to_treasury);
    // The author is a genesis validator's stash: 100 KSM of it are bonded (held).
    EXPECT_EQ(Balances::free_balance(author),
              (u128{1} << 60) - 100 * kUnits + (announced_fee - to_treasury));
    // Fees are moved, not burned.
    EXPECT_EQ(Balances::total_issuance(), (u128{1} << 60) * 12 + kExistentialDeposit);
  });

  // Another node executes the block on the same genesis and reaches the same state root.
  block.header = built;
  TestExternalities replay(state);
  replay.execute_with([&] { Executive::execute_block(block); });
  EXPECT_EQ(replay.execute_with([] { return io::storage::root(io::StateVersion::kV1); }),
            built.state_root);
}

// The signed extensions weigh what Kusama's benchmarks say (polkadot-fellows/runtimes,
// relay/kusama/src/weights/frame_system_extensions.rs and pallet_transaction_payment.rs), with
// RocksDbWeight's 25 µs reads and 100 µs writes for CheckNonce's and ChargeTransactionPayment's
// System::Account access; CheckMetadataHash weighs nothing.
TEST(CanaryRuntime, SignedExtensionsWeighAsKusamas) {
  constexpr uint64_t kReadWrite = 25'000'000 + 100'000'000;
  constexpr uint64_t kWithoutMortality = 499'000                     // CheckNonZeroSender
                                         + 396'000                   // CheckSpecVersion
                                         + 397'000                   // CheckTxVersion
                                         + 4'633'000                 // CheckGenesis
                                         + 7'274'000 + kReadWrite    // CheckNonce
                                         + 2'819'000                 // CheckWeight
                                         + 43'330'000 + kReadWrite;  // ChargeTransactionPayment
  const auto call =
      Runtime::Pallets::Call::of<Runtime::System>(typename Runtime::System::remark{Bytes{1, 2, 3}});
  Runtime::SignedExtra extra;  // immortal
  EXPECT_EQ(Executive::Ext::weight(extra, call),
            Weight::from_parts(kWithoutMortality + 6'795'000, 3'593 + 3'593));
  std::get<system::CheckMortality<Runtime>>(extra).era = Era::mortal(64, 1'000);
  EXPECT_EQ(Executive::Ext::weight(extra, call),
            Weight::from_parts(kWithoutMortality + 6'796'000, 3'593 + 3'593));
}

// A primary block by Alice: the runtime's AuthorVrfRandomness, and the output joining the epoch
// randomness under construction, are FRAME's make_bytes::<32>("BabeVRFInOutContext") of the VRF
// in/out, here as the libsodium-backed signer computes it.
TEST(CanaryRuntime, PrimaryBlockRecordsFramesVrfRandomness) {
  const auto state = genesis_state("development");
  const auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  ASSERT_NE(alice.sr25519(), nullptr);
  constexpr uint64_t kSlot = 1'000;
  TestExternalities ext(state);
  ext.execute_with([&] {
    crypto::Transcript t("BABE");
    t.append_u64("slot number", kSlot);
    t.append_u64("current epoch", 0);
    t.append_message("chain randomness", Runtime::Babe::randomness());
    const auto [inout, signature] = crypto::sr25519::vrf_sign(*alice.sr25519(), std::move(t));
    pallets::babe::PreDigest pre;
    pre.value = pallets::babe::PreDigest::Primary{
        {0, pallets::babe::Slot{kSlot}, {signature.pre_output, signature.proof}}};
    block::Header header;
    header.number = 1;
    const block::Header parent{};
    header.parent_hash = block::hash_of(parent);
    header.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)});
    Executive::initialize_block(header);
    runtime::InherentData data;
    data[runtime::kTimestampInherent] = scale::encode(uint64_t{kSlot * 6'000});
    data[runtime::kParachainsInherent] = runtime::parachains_inherent_without_content(parent);
    for (const Bytes& inherent : Executive::inherent_extrinsics(data)) {
      auto applied = Executive::apply_extrinsic(scale::encode(inherent));
      EXPECT_TRUE(applied.has_value() && applied->has_value());
    }
    (void)Executive::finalize_block();

    pallets::babe::Randomness expected{};
    crypto::sr25519::vrf_make_bytes(inout, as_bytes("BabeVRFInOutContext"), expected);
    EXPECT_EQ(Runtime::Babe::AuthorVrfRandomness::get(),
              std::optional<pallets::babe::Randomness>(expected));
    EXPECT_EQ(Runtime::Babe::UnderConstruction::get(0).items,
              std::vector<pallets::babe::Randomness>{expected});
  });
}

TEST(CanaryRuntime, MetadataListsThePallets) {
  // Within a state, as in a runtime call: constants such as the block time are read from it.
  TestExternalities ext;
  const auto metadata = ext.execute_with([] { return build_metadata(); });
  std::vector<std::string> names;
  names.reserve(metadata.pallets.size());
  for (const auto& pallet : metadata.pallets) names.push_back(pallet.name);
  EXPECT_EQ(names, (std::vector<std::string>{"System",
                                             "Babe",
                                             "Timestamp",
                                             "Indices",
                                             "Balances",
                                             "TransactionPayment",
                                             "Authorship",
                                             "Staking",
                                             "Offences",
                                             "Historical",
                                             "Session",
                                             "Grandpa",
                                             "AuthorityDiscovery",
                                             "Treasury",
                                             "ConvictionVoting",
                                             "Referenda",
                                             "FellowshipCollective",
                                             "FellowshipReferenda",
                                             "Origins",
                                             "Whitelist",
                                             "Utility",
                                             "Vesting",
                                             "Scheduler",
                                             "Proxy",
                                             "Multisig",
                                             "Preimage",
                                             "ElectionProviderMultiPhase",
                                             "VoterList",
                                             "Configuration",
                                             "ParasShared",
                                             "ParaInclusion",
                                             "ParaInherent",
                                             "ParaScheduler",
                                             "Paras",
                                             "Initializer",
                                             "ParaSessionInfo",
                                             "CoretimeAssignmentProvider",
                                             "Registrar",
                                             "Coretime",
                                             "Template",
                                             "Sudo"}));
}

// Scheduler's constants are Kusama's bytes (polkadot.js' Kusama metadata, spec 1_009_002):
// MaximumWeight 80 % of max_block (1.6·10¹² ref_time, 80 % of u64::MAX proof), 50 a block.
TEST(CanaryRuntime, SchedulerConstantsAreKusamas) {
  TestExternalities ext;
  const auto metadata = ext.execute_with([] { return build_metadata(); });
  std::map<std::string, std::string> constants;
  for (const auto& pallet : metadata.pallets) {
    if (pallet.name != "Scheduler") continue;
    EXPECT_EQ(pallet.index, 29);
    for (const auto& c : pallet.constants) constants[c.name] = to_hex(c.value);
  }
  EXPECT_EQ(constants, (std::map<std::string, std::string>{
                           {"MaximumWeight", "0x0b00806e87740113cccccccccccccccc"},
                           {"MaxScheduledPerBlock", "0x32000000"}}));
}

// The constants of an item of `pallet` by name, hex, in the state `ext` holds.
std::map<std::string, std::string> constants_of(TestExternalities& ext, std::string_view pallet,
                                                uint8_t index) {
  const auto metadata = ext.execute_with([] { return build_metadata(); });
  std::map<std::string, std::string> constants;
  for (const auto& p : metadata.pallets) {
    if (p.name != pallet) continue;
    EXPECT_EQ(p.index, index) << pallet;
    for (const auto& c : p.constants) constants[c.name] = to_hex(c.value);
  }
  return constants;
}

// ElectionProviderMultiPhase at Kusama's index with Kusama's storage and constants (polkadot.js'
// Kusama metadata, spec 1_009_002) where the genesis keeps Kusama's epoch (phases of 150 blocks);
// the weight limits are this runtime's block limits, as impl_elections_weights derives them.
TEST(CanaryRuntime, ElectionProviderMetadataIsKusamas) {
  TestExternalities kusama;
  const auto metadata = kusama.execute_with([] { return build_metadata(); });
  std::vector<std::string> storage;
  for (const auto& pallet : metadata.pallets) {
    if (pallet.name != "ElectionProviderMultiPhase") continue;
    for (const auto& entry : pallet.storage->entries) storage.push_back(entry.name);
  }
  EXPECT_EQ(storage, (std::vector<std::string>{
                         "Round", "CurrentPhase", "QueuedSolution", "Snapshot", "DesiredTargets",
                         "SnapshotMetadata", "SignedSubmissionNextIndex", "SignedSubmissionIndices",
                         "SignedSubmissionsMap", "MinimumUntrustedScore"}));
  auto constants = constants_of(kusama, "ElectionProviderMultiPhase", 37);
  const std::string max_weight = constants.at("MinerMaxWeight");
  EXPECT_EQ(constants.at("SignedMaxWeight"), max_weight);
  const Weight expected_weight =
      Runtime::block_weights().per_class.normal.max_extrinsic->saturating_sub(
          kBlockExecutionWeight);
  EXPECT_EQ(max_weight, to_hex(scale::encode(expected_weight)));
  constants.erase("MinerMaxWeight");
  constants.erase("SignedMaxWeight");
  EXPECT_EQ(constants, (std::map<std::string, std::string>{
                           {"BetterSignedThreshold", "0x00000000"},
                           {"OffchainRepeat", "0x12000000"},
                           {"MinerTxPriority", "0x65666666666666e6"},
                           {"SignedMaxSubmissions", "0x10000000"},
                           {"SignedMaxRefunds", "0x04000000"},
                           {"SignedRewardBase", "0x00e87648170000000000000000000000"},
                           {"SignedDepositByte", "0x90f70400000000000000000000000000"},
                           {"SignedDepositWeight", "0x00000000000000000000000000000000"},
                           {"MaxWinners", "0xd0070000"},
                           {"MaxBackersPerWinner", "0xd4300000"},
                           {"MinerMaxLength", "0x00003600"},
                           {"MinerMaxVotesPerVoter", "0x18000000"},
                           {"MinerMaxWinners", "0xd0070000"}}));
  // The deposit base grows 10 % with each queued submission (GeometricDepositBase).
  EXPECT_EQ(Runtime::ElectionConfig::signed_deposit_base(0), deposit(2, 0));
  EXPECT_EQ(Runtime::ElectionConfig::signed_deposit_base(1), deposit(2, 0) / 10 * 11);
}

// OpenGov at Kusama's indices with Kusama's storage and constants (polkadot.js' Kusama metadata,
// spec 1_009_002) where the genesis sets no timings; the development preset's timings show in
// the same constants.
TEST(CanaryRuntime, GovernanceMetadataIsKusamas) {
  TestExternalities kusama;
  const auto metadata = kusama.execute_with([] { return build_metadata(); });
  std::map<std::string, std::vector<std::string>> storage;
  for (const auto& pallet : metadata.pallets) {
    if (pallet.name != "ConvictionVoting" && pallet.name != "Referenda" &&
        pallet.name != "Origins") {
      continue;
    }
    auto& names = storage[pallet.name];
    if (pallet.storage) {
      for (const auto& entry : pallet.storage->entries) names.push_back(entry.name);
    }
  }
  EXPECT_EQ(storage, (std::map<std::string, std::vector<std::string>>{
                         {"ConvictionVoting", {"VotingFor", "ClassLocksFor"}},
                         {"Origins", {}},
                         {"Referenda",
                          {"ReferendumCount", "ReferendumInfoFor", "TrackQueue", "DecidingCount",
                           "MetadataOf"}}}));
  const std::string kusama_tracks = to_hex(scale::encode(
      pallets::referenda::tracks_constant<pallets::origins::KusamaTracks<Runtime::Origins>>()));
  EXPECT_EQ(constants_of(kusama, "Referenda", 21),
            (std::map<std::string, std::string>{
                {"SubmissionDeposit", "0x554dd2c2070000000000000000000000"},
                {"MaxQueued", "0x64000000"},
                {"UndecidingTimeout", "0x80130300"},
                {"AlarmInterval", "0x01000000"},
                {"Tracks", kusama_tracks}}));
  EXPECT_EQ(constants_of(kusama, "ConvictionVoting", 20),
            (std::map<std::string, std::string>{{"MaxVotes", "0x00020000"},
                                                {"VoteLockingPeriod", "0xc0890100"}}));
  EXPECT_TRUE(constants_of(kusama, "Origins", 43).empty());
  // The custom origins are the OriginCaller's variant 43 (Kusama's `Origins`): WhitelistedCaller
  // is 13.
  const Runtime::Pallets::OriginCaller whitelisted{
      Runtime::Origins::origin(pallets::origins::Origin::kWhitelistedCaller)};
  EXPECT_EQ(to_hex(scale::encode(whitelisted)), "0x2b0d");

  TestExternalities dev(genesis_state("development"));
  const auto referenda = constants_of(dev, "Referenda", 21);
  EXPECT_EQ(referenda.at("UndecidingTimeout"), "0x28000000");  // 40
  EXPECT_NE(referenda.at("Tracks"), kusama_tracks);
  EXPECT_EQ(constants_of(dev, "ConvictionVoting", 20).at("VoteLockingPeriod"), "0x0a000000");
  dev.execute_with([] {
    for (const auto& track : Runtime::ReferendaTracks::tracks()) {
      EXPECT_EQ(track.info.prepare_period, kDevGovernanceTimings.prepare_period);
      EXPECT_EQ(track.info.decision_period, kDevGovernanceTimings.decision_period);
      EXPECT_EQ(track.info.confirm_period, kDevGovernanceTimings.confirm_period);
      EXPECT_EQ(track.info.min_enactment_period, kDevGovernanceTimings.min_enactment_period);
    }
  });
}

// Treasury at Kusama's index with Kusama's storage, calls and constants (polkadot.js' Kusama
// metadata, spec 1_009_002: kusama-json.json's Treasury constants) where the genesis sets no
// spend period; the development preset's shows in SpendPeriod. The types are checked against
// Kusama's in treasury_test.cpp (TreasuryKusama.MetadataTypesAreKusamas, the same pallet).
TEST(CanaryRuntime, TreasuryMetadataIsKusamas) {
  TestExternalities kusama;
  const auto metadata = kusama.execute_with([] { return build_metadata(); });
  std::vector<std::string> storage;
  std::vector<std::pair<uint8_t, std::string>> calls;
  for (const auto& pallet : metadata.pallets) {
    if (pallet.name != "Treasury") continue;
    ASSERT_TRUE(pallet.storage.has_value() && pallet.calls.has_value());
    for (const auto& entry : pallet.storage->entries) storage.push_back(entry.name);
    const auto& def = std::get<meta::VariantDef>(metadata.registry.types()[pallet.calls->id].def);
    for (const auto& variant : def.variants) calls.emplace_back(variant.index, variant.name);
  }
  EXPECT_EQ(storage,
            (std::vector<std::string>{"ProposalCount", "Proposals", "Deactivated", "Approvals",
                                      "SpendCount", "Spends", "LastSpendPeriod"}));
  EXPECT_EQ(calls, (std::vector<std::pair<uint8_t, std::string>>{{3, "spend_local"},
                                                                 {4, "remove_approval"},
                                                                 {5, "spend"},
                                                                 {6, "payout"},
                                                                 {7, "check_status"},
                                                                 {8, "void_spend"}}));
  EXPECT_EQ(
      constants_of(kusama, "Treasury", 18),
      (std::map<std::string, std::string>{
          {"SpendPeriod", "0x80510100"},
          {"Burn", "0x00000000"},
          {"PalletId", "0x70792f7472737279"},
          {"MaxApprovals", "0x64000000"},
          {"PayoutPeriod", "0x80c61300"},
          {"pot_account", "0x6d6f646c70792f74727372790000000000000000000000000000000000000000"}}));
  // The RuntimeCall's variant 18: treasury.payout(7).
  EXPECT_EQ(to_hex(scale::encode(
                Runtime::Pallets::Call::of<Runtime::Treasury>(Runtime::Treasury::payout{7}))),
            "0x120607000000");

  TestExternalities dev(genesis_state("development"));
  EXPECT_EQ(constants_of(dev, "Treasury", 18).at("SpendPeriod"), "0x0a000000");  // 10
}

// A registry enum's variants as "index name(field:typeName,...)", as kusama-types.json lists them.
std::vector<std::string> variants_of(const meta::Registry& registry, meta::TypeId id) {
  std::vector<std::string> out;
  for (const auto& v : std::get<meta::VariantDef>(registry.types()[id].def).variants) {
    std::string fields;
    for (const auto& f : v.fields) {
      if (!fields.empty()) fields += ",";
      fields += f.name.value_or("") + ":" + f.type_name.value_or("");
    }
    out.push_back(std::to_string(v.index) + " " + v.name + "(" + fields + ")");
  }
  return out;
}

// Proxy at Kusama's index with Kusama's storage, calls, events, errors, constants and ProxyType
// (polkadot.js' Kusama metadata, spec 1_009_002: kusama-types.json's pallet_proxy::pallet::{Call,
// Event, Error} and kusama_runtime_constants::proxy::ProxyType, kusama-json.json's constants).
TEST(CanaryRuntime, ProxyMetadataIsKusamas) {
  TestExternalities kusama;
  const auto metadata = kusama.execute_with([] { return build_metadata(); });
  const meta::PalletMetadata* proxy = nullptr;
  for (const auto& pallet : metadata.pallets) {
    if (pallet.name == "Proxy") proxy = &pallet;
  }
  ASSERT_NE(proxy, nullptr);
  EXPECT_EQ(proxy->index, 30);
  ASSERT_TRUE(proxy->storage && proxy->calls && proxy->event && proxy->error);
  std::vector<std::string> storage;
  for (const auto& entry : proxy->storage->entries) {
    storage.push_back(entry.name + " " + to_hex(entry.default_value));
  }
  EXPECT_EQ(storage,
            (std::vector<std::string>{"Proxies 0x0000000000000000000000000000000000",
                                      "Announcements 0x0000000000000000000000000000000000"}));
  const auto& registry = metadata.registry;
  // The long signatures are split over two literals each, on purpose.
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  EXPECT_EQ(
      variants_of(registry, proxy->calls->id),
      (std::vector<std::string>{
          "0 proxy(real:AccountIdLookupOf<T>,force_proxy_type:Option<T::ProxyType>,call:Box<<T "
          "as Config>::RuntimeCall>)",
          "1 add_proxy(delegate:AccountIdLookupOf<T>,proxy_type:T::ProxyType,delay:"
          "BlockNumberFor<T>)",
          "2 remove_proxy(delegate:AccountIdLookupOf<T>,proxy_type:T::ProxyType,delay:"
          "BlockNumberFor<T>)",
          "3 remove_proxies()",
          "4 create_pure(proxy_type:T::ProxyType,delay:BlockNumberFor<T>,index:u16)",
          "5 kill_pure(spawner:AccountIdLookupOf<T>,proxy_type:T::ProxyType,index:u16,height:"
          "BlockNumberFor<T>,ext_index:u32)",
          "6 announce(real:AccountIdLookupOf<T>,call_hash:CallHashOf<T>)",
          "7 remove_announcement(real:AccountIdLookupOf<T>,call_hash:CallHashOf<T>)",
          "8 reject_announcement(delegate:AccountIdLookupOf<T>,call_hash:CallHashOf<T>)",
          "9 proxy_announced(delegate:AccountIdLookupOf<T>,real:AccountIdLookupOf<T>,force_proxy_"
          "type:Option<T::ProxyType>,call:Box<<T as Config>::RuntimeCall>)",
          "10 poke_deposit()"}));
  EXPECT_EQ(variants_of(registry, proxy->event->id),
            (std::vector<std::string>{
                "0 ProxyExecuted(result:DispatchResult)",
                "1 PureCreated(pure:T::AccountId,who:T::AccountId,proxy_type:T::ProxyType,"
                "disambiguation_index:u16)",
                "2 PureKilled(pure:T::AccountId,spawner:T::AccountId,proxy_type:T::ProxyType,"
                "disambiguation_index:u16)",
                "3 Announced(real:T::AccountId,proxy:T::AccountId,call_hash:CallHashOf<T>)",
                "4 ProxyAdded(delegator:T::AccountId,delegatee:T::AccountId,proxy_type:T::"
                "ProxyType,delay:BlockNumberFor<T>)",
                "5 ProxyRemoved(delegator:T::AccountId,delegatee:T::AccountId,proxy_type:T::"
                "ProxyType,delay:BlockNumberFor<T>)",
                "6 DepositPoked(who:T::AccountId,kind:DepositKind,old_deposit:BalanceOf<T>,new_"
                "deposit:BalanceOf<T>)"}));
  // NOLINTEND(bugprone-suspicious-missing-comma)
  EXPECT_EQ(variants_of(registry, proxy->error->id),
            (std::vector<std::string>{"0 TooMany()", "1 NotFound()", "2 NotProxy()",
                                      "3 Unproxyable()", "4 Duplicate()", "5 NoPermission()",
                                      "6 Unannounced()", "7 NoSelfProxy()"}));
  // kill_pure's height and ext_index are compact.
  const auto& kill_pure =
      std::get<meta::VariantDef>(registry.types()[proxy->calls->id].def).variants[5];
  EXPECT_TRUE(
      std::holds_alternative<meta::CompactDef>(registry.types()[kill_pure.fields[3].type].def));
  EXPECT_TRUE(
      std::holds_alternative<meta::CompactDef>(registry.types()[kill_pure.fields[4].type].def));
  // The ProxyType the calls name.
  const meta::TypeId proxy_type =
      std::get<meta::VariantDef>(registry.types()[proxy->calls->id].def).variants[1].fields[1].type;
  EXPECT_EQ(registry.types()[proxy_type].path,
            (std::vector<std::string>{"kusama_runtime_constants", "proxy", "ProxyType"}));
  EXPECT_EQ(variants_of(registry, proxy_type),
            (std::vector<std::string>{"0 Any()", "1 NonTransfer()", "2 Governance()", "3 Staking()",
                                      "5 CancelProxy()", "6 Auction()", "7 Society()",
                                      "8 NominationPools()", "9 Spokesperson()",
                                      "10 ParaRegistration()"}));
  EXPECT_EQ(constants_of(kusama, "Proxy", 30),
            (std::map<std::string, std::string>{
                {"ProxyDepositBase", "0xb00953489b0000000000000000000000"},
                {"ProxyDepositFactor", "0xb4a69041000000000000000000000000"},
                {"MaxProxies", "0x20000000"},
                {"MaxPending", "0x20000000"},
                {"AnnouncementDepositBase", "0xb00953489b0000000000000000000000"},
                {"AnnouncementDepositFactor", "0x684d2183000000000000000000000000"}}));
  // The RuntimeCall's variant 30: proxy.remove_proxies(3).
  EXPECT_EQ(to_hex(scale::encode(
                Runtime::Pallets::Call::of<Runtime::Proxy>(Runtime::Proxy::remove_proxies{}))),
            "0x1e03");
}

// Kusama's InstanceFilter on Canary's calls (relay/kusama/src/lib.rs, FR-1.7.1) and is_superset.
TEST(CanaryRuntime, ProxyTypeFiltersAreKusamas) {
  using Call = Runtime::Pallets::Call;
  const AccountId32 someone = AccountId32{};
  const Call transfer = Call::of<Runtime::Balances>(
      Runtime::Balances::transfer_keep_alive{MultiAddress::id(someone), 1});
  const Call vote = Call::of<Runtime::ConvictionVoting>(Runtime::ConvictionVoting::vote{
      0, pallets::conviction_voting::AccountVote::standard(
             true, pallets::conviction_voting::Conviction::kNone, 1)});
  const Call chill = Call::of<Runtime::Staking>(Runtime::Staking::chill{});
  const Call index_claim = Call::of<Runtime::Indices>(Runtime::Indices::claim{7});
  const Call index_transfer =
      Call::of<Runtime::Indices>(Runtime::Indices::transfer{MultiAddress::id(someone), 7});
  const Call remark = Call::of<Runtime::System>(Runtime::System::remark{{1}});
  const Call reject = Call::of<Runtime::Proxy>(
      Runtime::Proxy::reject_announcement{MultiAddress::id(someone), H256{}});
  const Call add = Call::of<Runtime::Proxy>(
      Runtime::Proxy::add_proxy{MultiAddress::id(someone), ProxyType::kAny, 0});
  const Call batch = Call::of<Runtime::Utility>(Runtime::Utility::batch{{transfer}});
  const Call note = Call::of<Runtime::Preimage>(Runtime::Preimage::note_preimage{{1, 2}});
  const auto allows = [](ProxyType type, const Call& call) {
    return Runtime::proxy_filter(type, call);
  };
  for (const Call* call : {&transfer, &vote, &chill, &remark, &note}) {
    EXPECT_TRUE(allows(ProxyType::kAny, *call));
  }
  EXPECT_FALSE(allows(ProxyType::kNonTransfer, transfer));
  EXPECT_FALSE(allows(ProxyType::kNonTransfer, index_transfer));
  EXPECT_FALSE(allows(ProxyType::kNonTransfer, note));  // Preimage is not in Kusama's list
  EXPECT_TRUE(allows(ProxyType::kNonTransfer, index_claim));
  EXPECT_TRUE(allows(ProxyType::kNonTransfer, vote));
  EXPECT_TRUE(allows(ProxyType::kNonTransfer, chill));
  EXPECT_TRUE(allows(ProxyType::kNonTransfer, batch));  // its calls meet the filter themselves
  EXPECT_TRUE(allows(ProxyType::kGovernance, vote));
  EXPECT_TRUE(allows(ProxyType::kGovernance, batch));
  EXPECT_FALSE(allows(ProxyType::kGovernance, chill));
  EXPECT_FALSE(allows(ProxyType::kGovernance, transfer));
  EXPECT_TRUE(allows(ProxyType::kStaking, chill));
  EXPECT_FALSE(allows(ProxyType::kStaking, vote));
  EXPECT_TRUE(allows(ProxyType::kCancelProxy, reject));
  EXPECT_FALSE(allows(ProxyType::kCancelProxy, add));
  EXPECT_TRUE(allows(ProxyType::kSpokesperson, remark));
  EXPECT_FALSE(allows(ProxyType::kSpokesperson, vote));
  EXPECT_FALSE(allows(ProxyType::kSociety, vote));
  EXPECT_FALSE(allows(ProxyType::kAuction, transfer));
  EXPECT_TRUE(allows(ProxyType::kParaRegistration, batch));
  EXPECT_FALSE(allows(ProxyType::kParaRegistration, add));

  EXPECT_TRUE(Runtime::proxy_is_superset(ProxyType::kAny, ProxyType::kGovernance));
  EXPECT_TRUE(Runtime::proxy_is_superset(ProxyType::kNonTransfer, ProxyType::kStaking));
  EXPECT_FALSE(Runtime::proxy_is_superset(ProxyType::kNonTransfer, ProxyType::kAny));
  EXPECT_FALSE(Runtime::proxy_is_superset(ProxyType::kGovernance, ProxyType::kStaking));
  EXPECT_TRUE(Runtime::proxy_is_superset(ProxyType::kStaking, ProxyType::kStaking));
  // Index 4 (the former IdentityJudgement) does not decode.
  EXPECT_FALSE(scale::decode<ProxyType>(Bytes{4}).has_value());
  const auto cancel = scale::decode<ProxyType>(Bytes{5});
  ASSERT_TRUE(cancel.has_value());
  EXPECT_EQ(*cancel, ProxyType::kCancelProxy);
}

// Kusama's FellowshipReferenda.Tracks constant (polkadot.js' Kusama metadata, spec 1_009_002).
constexpr std::string_view kKusamaFellowshipTracks =
    "0x2800006463616e646964617465730000000000000000000000000000000a0000003435261a08030000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d0100646d656d626572730000000000000000000000000000000000000a0000005205379c4d000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d02006470726f66696369656e747300000000000000000000000000000a0000005205379c4d000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d03006466656c6c6f77730000000000000000000000000000000000000a0000005205379c4d000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d04006473656e696f722066656c6c6f777300000000000000000000000a0000005205379c4d000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d050064657870657274730000000000000000000000000000000000000a000000554dd2c207000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d06006473656e696f72206578706572747300000000000000000000000a000000554dd2c207000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d0700646d6173746572730000000000000000000000000000000000000a000000554dd2c207000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d08006473656e696f72206d61737465727300000000000000000000000a000000554dd2c207000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d0900646772616e64206d6173746572730000000000000000000000000a000000554dd2c207000000000000"
    "00000000002c010000c08901002c0100000a0000000000ca9a3b0065cd1d00ca9a3b0000ca9a3b000000000065"
    "cd1d";

// The Fellowship at Kusama's indices: FellowshipCollective (22) with Kusama's storage and no
// constants; FellowshipReferenda (23) with Kusama's storage and constants, its Tracks the bytes
// of Kusama's metadata (spec 1_009_002) where the genesis sets no timings. The types are checked
// against Kusama's in ranked_collective_test.cpp and referenda_test.cpp.
TEST(CanaryRuntime, FellowshipMetadataIsKusamas) {
  TestExternalities kusama;
  const auto metadata = kusama.execute_with([] { return build_metadata(); });
  std::map<std::string, std::vector<std::string>> storage;
  for (const auto& pallet : metadata.pallets) {
    if (pallet.name != "FellowshipCollective" && pallet.name != "FellowshipReferenda") continue;
    for (const auto& entry : pallet.storage->entries) storage[pallet.name].push_back(entry.name);
  }
  EXPECT_EQ(storage,
            (std::map<std::string, std::vector<std::string>>{
                {"FellowshipCollective",
                 {"MemberCount", "Members", "IdToIndex", "IndexToId", "Voting", "VotingCleanup"}},
                {"FellowshipReferenda",
                 {"ReferendumCount", "ReferendumInfoFor", "TrackQueue", "DecidingCount",
                  "MetadataOf"}}}));
  EXPECT_TRUE(constants_of(kusama, "FellowshipCollective", 22).empty());
  EXPECT_EQ(constants_of(kusama, "FellowshipReferenda", 23),
            (std::map<std::string, std::string>{
                {"SubmissionDeposit", "0x00000000000000000000000000000000"},
                {"MaxQueued", "0x64000000"},
                {"UndecidingTimeout", "0xc0890100"},
                {"AlarmInterval", "0x01000000"},
                {"Tracks", std::string(kKusamaFellowshipTracks)}}));
  // The RuntimeCall's variants 22 and 23: vote(7, aye) and place_decision_deposit(7).
  EXPECT_EQ(to_hex(scale::encode(Runtime::Pallets::Call::of<Runtime::FellowshipCollective>(
                Runtime::FellowshipCollective::vote{7, true}))),
            "0x16040700000001");
  EXPECT_EQ(to_hex(scale::encode(Runtime::Pallets::Call::of<Runtime::FellowshipReferenda>(
                Runtime::FellowshipReferenda::place_decision_deposit{7}))),
            "0x170107000000");
  // The development preset's Fellows: Alice and Bob at rank 3, who may whitelist.
  TestExternalities dev(genesis_state("development"));
  dev.execute_with([] {
    const AccountId32 alice = account(kDevAccounts[0].sr25519);
    EXPECT_EQ(Runtime::FellowshipCollective::rank_of(alice), std::optional<uint16_t>(3));
    EXPECT_EQ(Runtime::FellowshipCollective::MemberCount::get(3), 2u);
    EXPECT_TRUE(FellowshipReferendaConfig<Runtime>::ReferendaSubmitOrigin::try_origin(
                    Origin::signed_by(alice))
                    .has_value());
    EXPECT_TRUE(Runtime::WhitelistOrigin::try_origin(Origin::signed_by(alice)) == std::nullopt);
  });
}

// Whitelist at Kusama's index with Kusama's storage (Twox64Concat hash → ()), calls and no
// constants (polkadot.js' Kusama metadata, spec 1_009_002); its types are checked against
// Kusama's in whitelist_test.cpp. The RuntimeCall's variant 44 and the WhitelistedCaller origin
// (43, 13) may dispatch, a signed origin may not.
TEST(CanaryRuntime, WhitelistMetadataIsKusamas) {
  TestExternalities kusama;
  const auto metadata = kusama.execute_with([] { return build_metadata(); });
  std::vector<std::string> storage;
  std::vector<std::pair<uint8_t, std::string>> calls;
  for (const auto& pallet : metadata.pallets) {
    if (pallet.name != "Whitelist") continue;
    EXPECT_EQ(pallet.index, 44);
    ASSERT_TRUE(pallet.storage.has_value() && pallet.calls.has_value());
    for (const auto& entry : pallet.storage->entries) storage.push_back(entry.name);
    const auto& def = std::get<meta::VariantDef>(metadata.registry.types()[pallet.calls->id].def);
    for (const auto& variant : def.variants) calls.emplace_back(variant.index, variant.name);
  }
  EXPECT_EQ(storage, std::vector<std::string>{"WhitelistedCall"});
  EXPECT_EQ(calls, (std::vector<std::pair<uint8_t, std::string>>{
                       {0, "whitelist_call"},
                       {1, "remove_whitelisted_call"},
                       {2, "dispatch_whitelisted_call"},
                       {3, "dispatch_whitelisted_call_with_preimage"}}));
  EXPECT_TRUE(constants_of(kusama, "Whitelist", 44).empty());
  H256 hash;
  hash.bytes.fill(0x11);
  EXPECT_EQ(to_hex(scale::encode(Runtime::Pallets::Call::of<Runtime::Whitelist>(
                Runtime::Whitelist::whitelist_call{hash}))),
            "0x2c00" + std::string(64, '1'));
  const Origin whitelisted = Runtime::Origins::origin(pallets::origins::Origin::kWhitelistedCaller);
  EXPECT_TRUE(Runtime::DispatchWhitelistedOrigin::try_origin(whitelisted).has_value());
  EXPECT_TRUE(Runtime::DispatchWhitelistedOrigin::try_origin(Origin::root()).has_value());
  EXPECT_FALSE(
      Runtime::DispatchWhitelistedOrigin::try_origin(Origin::signed_by(AccountId32{})).has_value());
  EXPECT_FALSE(Runtime::WhitelistOrigin::try_origin(whitelisted).has_value());
}

}  // namespace
}  // namespace canary::rt::canary_runtime
