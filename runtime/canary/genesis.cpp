#include "runtime/canary/genesis.hpp"

#include "primitives/util/hex.hpp"
#include "runtime/canary/dev_accounts.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/genesis.hpp"

namespace canary::rt::canary_runtime {

namespace {

using json::Value;

// The order genesis.cpp has always built the pallets in: System; Timestamp's minimum period
// before BABE's genesis, so that everything that reads the slot duration sees the configured
// one; Balances before the session keys' accounts; BABE and GRANDPA before Session, which gives
// them their authorities from the session keys; Staking before Session, whose genesis asks it for
// the first two sessions' validators (era 0's election); Vesting after Balances (it locks what they
// gave); Treasury after Balances (it gives its pot the existential deposit if the balances gave
// it less, raising the issuance, as FRAME's genesis_build); the governance periods (Referenda,
// ConvictionVoting, Treasury's spend period) anywhere. The parachain host's configuration and its
// genesis paras (each given a core) come before Session, whose genesis session the Initializer
// applies at once: the first session then has its cores and backing groups, and the genesis
// paras are backed from the first blocks. (FRAME builds them after Session, in construct_runtime's
// order, so Kusama's genesis session had neither; nothing outside the first session differs.)
// AuthorityDiscovery after Session, which gives it its keys.
#if CANARY_RUNTIME_WITH_SUDO
using Order =
    GenesisOrder<Runtime::System, Runtime::Timestamp, Runtime::Balances,
                 Runtime::TransactionPayment, Runtime::Babe, Runtime::Grandpa, Runtime::Staking,
                 Runtime::Configuration, Runtime::Paras, Runtime::Registrar, Runtime::Session,
                 Runtime::AuthorityDiscovery, Runtime::Indices, Runtime::Vesting, Runtime::Treasury,
                 Runtime::Referenda, Runtime::ConvictionVoting, Runtime::FellowshipCollective,
                 Runtime::FellowshipReferenda, Runtime::Template, Runtime::Sudo>;
#else
using Order =
    GenesisOrder<Runtime::System, Runtime::Timestamp, Runtime::Balances,
                 Runtime::TransactionPayment, Runtime::Babe, Runtime::Grandpa, Runtime::Staking,
                 Runtime::Configuration, Runtime::Paras, Runtime::Registrar, Runtime::Session,
                 Runtime::AuthorityDiscovery, Runtime::Indices, Runtime::Vesting, Runtime::Treasury,
                 Runtime::Referenda, Runtime::ConvictionVoting, Runtime::FellowshipCollective,
                 Runtime::FellowshipReferenda>;
#endif

// The rank of the dev presets' Fellows (Alice, Bob): Kusama's Fellows origin is rank 3.
constexpr pallets::ranked_collective::Rank kDevFellowRank = 3;

// What each genesis validator's stash bonds on the testnet presets.
constexpr Balance kTestnetStash = 100 * kUnits;

template <size_t N>
ByteArray<N> bytes_of(std::string_view hex) {
  return from_hex_fixed<N>(hex).value_or(ByteArray<N>{});
}

AccountId32 account_of(std::string_view hex) {
  return AccountId32{bytes_of<32>(hex)};
}

SessionKeys session_keys_of(const DevAccount& who) {
  SessionKeys keys;
  keys.grandpa.bytes = bytes_of<32>(who.ed25519);
  keys.babe.bytes = bytes_of<32>(who.sr25519);
  keys.para_validator.bytes = bytes_of<32>(who.sr25519);
  keys.para_assignment.bytes = bytes_of<32>(who.sr25519);
  keys.authority_discovery.bytes = bytes_of<32>(who.sr25519);
  keys.beefy.bytes = bytes_of<33>(who.ecdsa);
  return keys;
}

// The parachain host's configuration on the development and local chains: polkadot-sdk's
// local-testnet values (default_parachains_host_configuration): code and PoV up to the protocol's
// limits, heads up to 32 KiB, groups rotating every 20 blocks, a candidate made available within
// 4 blocks, a claim queue 2 deep, async backing of depth 3 over 2 ancestors, and the node features
// ElasticScalingMVP (1), EnableAssignmentsV2 (2) and CandidateReceiptV2 (3).
pallets::para_configuration::HostConfiguration dev_host_configuration() {
  namespace config = pallets::para_configuration;
  config::HostConfiguration c;
  c.validation_upgrade_cooldown = 2;
  c.validation_upgrade_delay = 2;
  c.code_retention_period = 1200;
  c.max_code_size = config::kMaxCodeSize;
  c.max_pov_size = config::kMaxPovSize;
  c.max_head_data_size = 32 * 1024;
  c.max_upward_queue_count = 8;
  c.max_upward_queue_size = 1024 * 1024;
  c.max_downward_message_size = 1024 * 1024;
  c.max_upward_message_size = 50 * 1024;
  c.max_upward_message_num_per_candidate = 5;
  c.hrmp_channel_max_capacity = 8;
  c.hrmp_channel_max_total_size = 8 * 1024;
  c.hrmp_max_parachain_inbound_channels = 4;
  c.hrmp_channel_max_message_size = 1024 * 1024;
  c.hrmp_max_parachain_outbound_channels = 4;
  c.hrmp_max_message_num_per_candidate = 5;
  c.dispute_period = 6;
  c.no_show_slots = 2;
  c.n_delay_tranches = 25;
  c.needed_approvals = 2;
  c.relay_vrf_modulo_samples = 2;
  c.zeroth_delay_tranche_width = 0;
  c.minimum_validation_upgrade_delay = 5;
  c.async_backing_params = {3, 2};
  scale::BitVec features(4);
  for (const size_t bit : {1, 2, 3}) features.set(bit, true);
  c.node_features = config::NodeFeatures{std::move(features)};
  c.scheduler_params.lookahead = 2;
  c.scheduler_params.group_rotation_frequency = 20;
  c.scheduler_params.paras_availability_period = 4;
  return c;
}

// A patch over the default configuration (the sections it names; Kusama's block time): every
// dev account and its stash get 1 << 60 planck (~1.15 million KSM), as Substrate's testnet
// presets endow them; the first `authorities` dev accounts' stashes are the validators, each
// bonding 100 KSM (Substrate's testnet STASH) and invulnerable, as polkadot-sdk's dev presets.
// Governance runs on the dev timings (governance.hpp: referenda enacted in blocks, not days).
Value testnet_genesis(size_t authorities) {
  pallets::balances::GenesisConfig balances;
  for (const DevAccount& who : kDevAccounts) {
    for (std::string_view account : {who.sr25519, who.stash}) {
      balances.balances.emplace_back(account_of(account), u128{1} << 60);
    }
  }
  Runtime::Session::GenesisConfig session;
  pallets::staking::GenesisConfig staking;
  for (size_t i = 0; i < authorities && i < kDevAccounts.size(); ++i) {
    const DevAccount& who = kDevAccounts[i];
    const AccountId32 stash = account_of(who.stash);
    session.keys.emplace_back(stash, stash, session_keys_of(who));
    staking.stakers.emplace_back(stash, stash, kTestnetStash,
                                 pallets::staking::StakerStatus::validator());
    staking.invulnerables.push_back(stash);
  }
  staking.validator_count = static_cast<uint32_t>(staking.stakers.size());
  staking.minimum_validator_count = 1;
  staking.slash_reward_fraction = 100'000'000;  // 10% (Perbill parts)
  const pallets::babe::BabeEpochConfiguration epoch_config{
      {1, 4}, pallets::babe::AllowedSlots::kPrimaryAndSecondaryVRFSlots};

  json::Object config;
  config.emplace("balances", json_encode(balances));
  config.emplace("babe", Value::of(json::Object{{"epochConfig", json_encode(epoch_config)}}));
  config.emplace("staking", json_encode(staking));
  config.emplace("session", json_encode(session));
  config.emplace("configuration",
                 json_encode(pallets::para_configuration::GenesisConfig{dev_host_configuration()}));
  const DevGovernanceTimings& fast = kDevGovernanceTimings;
  config.emplace("referenda", json_encode(pallets::referenda::GenesisConfig{
                                  fast.prepare_period, fast.decision_period, fast.confirm_period,
                                  fast.min_enactment_period, fast.undeciding_timeout}));
  config.emplace("convictionVoting",
                 json_encode(pallets::conviction_voting::GenesisConfig{fast.vote_locking_period}));
  config.emplace("treasury",
                 json_encode(Runtime::Treasury::GenesisConfig{fast.treasury_spend_period}));
  // Alice and Bob are Fellows (rank 3: they vote on the fellows track, whose referenda
  // whitelist calls).
  config.emplace("fellowshipCollective",
                 json_encode(pallets::ranked_collective::GenesisConfig{
                     {{account_of(kDevAccounts[0].sr25519), kDevFellowRank},
                      {account_of(kDevAccounts[1].sr25519), kDevFellowRank}}}));
#if CANARY_RUNTIME_WITH_SUDO
  config.emplace("sudo",
                 json_encode(Runtime::Sudo::GenesisConfig{account_of(kDevAccounts[0].sr25519)}));
#endif
  return Value::of(std::move(config));
}

}  // namespace

Result<void, std::string> build_genesis_state(const Value& config) {
  return Runtime::Pallets::build_genesis_json<Order>(config);
}

json::Value default_genesis_config() {
  return Runtime::Pallets::default_genesis_json<Order>();
}

std::vector<std::string> preset_names() {
  return {std::string(kDevelopmentPreset), std::string(kLocalTestnetPreset)};
}

std::optional<Value> preset(std::optional<std::string_view> name) {
  if (!name) return Value::of(json::Object{});
  if (*name == kDevelopmentPreset) return testnet_genesis(1);
  if (*name == kLocalTestnetPreset) return testnet_genesis(4);
  return std::nullopt;
}

}  // namespace canary::rt::canary_runtime
