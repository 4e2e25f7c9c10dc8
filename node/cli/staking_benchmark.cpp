#include "node/cli/staking_benchmark.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "blockchain/block_state.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/genesis.hpp"
#include "blockchain/runtime_host.hpp"
#include "executor/runtime_version_call.hpp"
#include "node/chain/embedded_runtime.hpp"
#include "node/cli/bench_node.hpp"
#include "node/cli/benchmark_support.hpp"
#include "node/cli/transfer_blocks.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/unix_time.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

namespace {

constexpr u128 kEndowment = u128{1} << 60;             // as the dev accounts (~1.15 million KSM)
constexpr u128 kBond = 10'000'000'000'000;             // 10 KSM: above Kusama's minimum bonds
constexpr u128 kNominatorStake = 100'000'000'000'000;  // 100 KSM
// Short eras, so that era 0 ends within a few dozen blocks: 10-slot epochs (sessions), one session
// an era.
constexpr uint64_t kEpochSlots = 10;
constexpr uint32_t kSessionsPerEra = 1;
constexpr size_t kMaxNominations = 24;  // Kusama's MaxNominations
// Blocks at most while waiting for era 1 (three eras' worth).
constexpr size_t kMostEraBlocks = 3 * kEpochSlots * kSessionsPerEra + 5;

// The Canary runtime's Staking (pallet 6, Kusama's) and its calls.
constexpr uint8_t kStakingPallet = 6;
constexpr uint8_t kBondCall = 0;
constexpr uint8_t kNominateCall = 5;
constexpr uint8_t kPayoutStakersCall = 18;

// Staking.bond(value, RewardDestination::Staked).
Bytes bond_call(u128 value) {
  scale::Encoder call(24);
  call.put_byte(kStakingPallet);
  call.put_byte(kBondCall);
  scale::encode_compact(call, value);
  call.put_byte(0);  // RewardDestination::Staked
  return std::move(call).take();
}

// Staking.nominate(targets), each a MultiAddress::Id.
Bytes nominate_call(std::span<const crypto::sr25519::PublicKey> targets) {
  scale::Encoder call(4 + 33 * targets.size());
  call.put_byte(kStakingPallet);
  call.put_byte(kNominateCall);
  scale::encode_compact(call, targets.size());
  for (const crypto::sr25519::PublicKey& target : targets) {
    call.put_byte(0);  // MultiAddress::Id
    call.put_bytes(target);
  }
  return std::move(call).take();
}

// Staking.payout_stakers(validator_stash, era).
Bytes payout_stakers_call(const crypto::sr25519::PublicKey& stash, uint32_t era) {
  scale::Encoder call(40);
  call.put_byte(kStakingPallet);
  call.put_byte(kPayoutStakersCall);
  call.put_bytes(stash);
  scale::encode_to(call, era);
  return std::move(call).take();
}

// Staking.ActiveEra's index (ActiveEraInfo { index: u32, start: Option<u64> }), none before the
// first era starts.
Result<std::optional<uint32_t>, std::string> active_era(const blockchain::Chain& chain,
                                                        const block::BlockHash& at) {
  CANARY_TRY_ASSIGN(auto value,
                    read_storage(chain, at, hash::storage_prefix("Staking", "ActiveEra")));
  if (!value) return std::optional<uint32_t>{};
  if (value->size() < 4) return unexpected("Staking.ActiveEra does not decode: " + to_hex(*value));
  auto index = scale::decode<uint32_t>(ByteSpan(*value).first(4));
  if (!index) return unexpected(std::string("Staking.ActiveEra does not decode"));
  return std::optional<uint32_t>{*index};
}

struct BlockFigures {
  uint32_t number = 0;
  size_t extrinsics = 0;  // less the inherents
  ClassWeights weight;
  double runtime_ms = 0;  // Core_execute_block
  double declared_ms() const { return static_cast<double>(weight.total()) / 1e9; }
};

}  // namespace

int run_staking_benchmark(const StakingBenchmarkOptions& options) {
  auto code = node::embedded_runtime();
  if (!code) return bench_fail(node::kNoEmbeddedRuntimeMessage);
  const size_t bonders = options.bonders;
  const size_t nominators = options.nominators;
  const bool compiled = !options.interpreted;
  const blockchain::RuntimeHostConfig host_config =
      benchmark_host_config(compiled, options.aot_cache_dir);

  // 1. Accounts, genesis, the extrinsics.
  progress("[1/5] Deriving " + grouped(static_cast<double>(bonders)) + " bonders' keypairs");
  std::vector<crypto::sr25519::Keypair> accounts;
  std::vector<crypto::sr25519::PublicKey> endowed;
  accounts.reserve(bonders);
  endowed.reserve(bonders + nominators);
  for (size_t i = 0; i < bonders; ++i) {
    accounts.push_back(bench_account(i));
    endowed.push_back(accounts.back().public_key);
  }
  std::vector<crypto::sr25519::PublicKey> genesis_nominators;
  for (size_t i = 0; i < nominators; ++i) {
    genesis_nominators.push_back(bench_account_id(i));
    endowed.push_back(genesis_nominators.back());
  }
  auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice");
  auto alice_stash = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice//stash");
  if (!alice || !alice_stash) return bench_fail("//Alice and //Alice//stash do not derive");
  const crypto::sr25519::PublicKey stash = alice_stash->sr25519()->public_key;
  // The bonders' 24 targets: Alice's stash and 23 others (nominations need not be validators).
  std::vector<crypto::sr25519::PublicKey> targets{stash};
  for (size_t i = 1; i < kMaxNominations; ++i) {
    targets.push_back(bench_account_id(nominators + i));
  }

  auto build_host = std::make_unique<blockchain::RuntimeHost>(host_config);
  auto engine = warm_first_runtime(*build_host, *code, host_config);
  if (!engine) return bench_fail(engine.error());
  progress("[2/5] Building the genesis (" + grouped(static_cast<double>(nominators)) +
           " nominators of Alice's stash) and signing " + grouped(static_cast<double>(bonders)) +
           " bond + nominate pairs, on " + *engine);
  auto spec =
      dev_spec_with_accounts(*build_host, *code, endowed, kEndowment, [&](nlohmann::json& preset) {
        preset["babe"]["epochDuration"] = kEpochSlots;
        nlohmann::json& staking = preset["staking"];
        staking["sessionsPerEra"] = kSessionsPerEra;
        for (const crypto::sr25519::PublicKey& who : genesis_nominators) {
          staking["stakers"].push_back(nlohmann::json::array(
              {to_hex(who), to_hex(who), decimal(kNominatorStake),
               nlohmann::json{{"Nominator", nlohmann::json::array({to_hex(stash)})}}}));
        }
      });
  if (!spec) return bench_fail(spec.error());
  auto genesis = blockchain::make_genesis_block(*spec);
  if (!genesis) return bench_fail("the genesis block: " + genesis.error().message());
  auto version = executor::runtime_version_of_code(*code);
  if (!version) return bench_fail("the embedded runtime's version: " + version.error().message);
  const TransferSigning signing{version->spec_version, version->transaction_version, genesis->hash};
  std::vector<Bytes> pairs;
  pairs.reserve(2 * bonders);
  const Bytes bond = bond_call(kBond);
  const Bytes nominate = nominate_call(targets);
  for (const crypto::sr25519::Keypair& who : accounts) {
    pairs.push_back(sign_extrinsic(signing, who, bond, 0).extrinsic);
    pairs.push_back(sign_extrinsic(signing, who, nominate, 1).extrinsic);
  }
  const Bytes payout =
      sign_extrinsic(signing, *alice->sr25519(), payout_stakers_call(stash, 0), 0).extrinsic;

  // 2. The chain, on slots in the past.
  auto builder = open_bench_node(std::move(build_host), *code, *spec, *genesis, compiled);
  if (!builder) return bench_fail(builder.error());
  BenchNode& build_node = **builder;
  engine = build_node.engine;
  const uint64_t slot_ms = build_node.slot_ms();
  progress("[3/5] Building the blocks on " + *engine);
  std::vector<SealedBlock> blocks;
  // A generous bound on the blocks built (at least ~100 pairs a block), so that every slot is in
  // the past at import.
  const size_t most_blocks = 2 * bonders / 100 + kMostEraBlocks + 8;
  uint64_t next_slot = node::unix_ms() / slot_ms - most_blocks - 1;
  const auto build_phase = [&](std::string_view what, std::span<const Bytes> extrinsics,
                               size_t min_blocks) -> Result<void, std::string> {
    BuildOptions build;
    build.first_slot = next_slot;
    build.min_blocks = min_blocks;
    build.on_block = [&](const SealedBlock& b) {
      progress("      block #" + std::to_string(b.header.number) + ": " +
               std::to_string(b.transfers) + " " + std::string(what));
    };
    auto built = build_transfer_blocks(*build_node.chain, *build_node.host, extrinsics,
                                       *alice->sr25519(), build);
    if (!built) return unexpected(std::string(what) + ": " + built.error());
    if (built->empty()) return {};
    next_slot = built->back().slot + 1;
    for (SealedBlock& b : *built) blocks.push_back(std::move(b));
    return {};
  };
  if (auto built = build_phase("bond and nominate extrinsics", pairs, 0); !built) {
    return bench_fail(built.error());
  }
  const size_t pair_blocks = blocks.size();
  for (size_t waited = 0;; ++waited) {
    auto era = active_era(*build_node.chain, build_node.chain->best().hash);
    if (!era) return bench_fail(era.error());
    if (*era && **era >= 1) break;
    if (waited == kMostEraBlocks) return bench_fail("era 1 did not start");
    if (auto built = build_phase("extrinsics", {}, 1); !built) return bench_fail(built.error());
  }
  const size_t payout_from = blocks.size();
  if (auto built = build_phase("payout_stakers", std::span<const Bytes>(&payout, 1), 0); !built) {
    return bench_fail(built.error());
  }
  if (auto built = build_phase("extrinsics", {}, 1); !built) return bench_fail(built.error());
  builder->reset();

  // 3. A fresh node imports them, timed per block.
  progress("[4/5] Importing " + std::to_string(blocks.size()) + " blocks on a fresh node");
  auto fresh_node = open_bench_node(std::make_unique<blockchain::RuntimeHost>(host_config), *code,
                                    *spec, *genesis, compiled);
  if (!fresh_node) return bench_fail(fresh_node.error());
  BenchNode& fresh = **fresh_node;
  engine = fresh.engine;
  node::BlockImporter importer(*fresh.chain, *fresh.host, *fresh.babe);
  const uint64_t now_ms = (blocks.back().slot + 1) * slot_ms;
  std::vector<BlockFigures> figures;
  block::BlockHash parent = genesis->hash;
  block::BlockHash before_payout = genesis->hash;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const SealedBlock& b = blocks[i];
    if (i == payout_from) before_payout = parent;
    auto imported = importer.import_block(b.header, b.extrinsics, std::nullopt, now_ms);
    if (!imported) {
      return bench_fail("importing block #" + std::to_string(b.header.number) + ": " +
                        imported.error().message());
    }
    parent = imported->block.hash;
    auto weight = block_weight(*fresh.chain, parent);
    if (!weight) return bench_fail(weight.error());
    figures.push_back(BlockFigures{static_cast<uint32_t>(b.header.number), b.transfers, *weight,
                                   ms(imported->timings.runtime)});
  }

  // 4. The outcome: every bonder nominates, every nominator of the page is rewarded.
  progress("[5/5] Checking the nominations and the rewards");
  auto state_after = blockchain::BlockState::at(*fresh.chain, parent);
  auto state_before = blockchain::BlockState::at(*fresh.chain, before_payout);
  if (!state_after || !state_before) return bench_fail("reading the imported state");
  for (size_t i = 0; i < bonders; ++i) {
    auto nominations =
        read_storage(*fresh.chain, parent,
                     hash::storage_map_key("Staking", "Nominators",
                                           hash::StorageHasher::kTwox64Concat, endowed[i]));
    if (!nominations) return bench_fail(nominations.error());
    if (!*nominations) return bench_fail("bonder " + std::to_string(i) + " does not nominate");
  }
  for (size_t i = 0; i < nominators; ++i) {
    auto before = account_state(*state_before, genesis_nominators[i]);
    auto after = account_state(*state_after, genesis_nominators[i]);
    if (!before || !after) return bench_fail("reading nominator " + std::to_string(i));
    // Paid to Staked: the reward is bonded, so it ends up held with the bond.
    if (after->free + after->reserved <= before->free + before->reserved) {
      return bench_fail("nominator " + std::to_string(i) + " of the page was not rewarded");
    }
  }

  const auto fullest = std::max_element(
      figures.begin(), figures.begin() + static_cast<ptrdiff_t>(pair_blocks),
      [](const BlockFigures& a, const BlockFigures& b) { return a.extrinsics < b.extrinsics; });
  if (fullest == figures.begin() + static_cast<ptrdiff_t>(pair_blocks)) {
    return bench_fail("no block holds bond and nominate extrinsics");
  }
  const BlockFigures& pair_block = *fullest;
  const auto paid = std::find_if(figures.begin() + static_cast<ptrdiff_t>(payout_from),
                                 figures.end(), [](const BlockFigures& f) { return f.extrinsics; });
  if (paid == figures.end()) return bench_fail("no block holds the payout");
  const BlockFigures& payout_block = *paid;
  const BlockFigures& empty = figures.back();
  const double normal_limit_ps = kMaxBlockRefTimePs * kNormalDispatchRatio;
  const double pair_share = static_cast<double>(pair_block.weight.normal) / normal_limit_ps;
  const double payout_share = static_cast<double>(payout_block.weight.normal) / normal_limit_ps;
  const bool pass = pair_share <= 1 && payout_share <= 1 &&
                    pair_block.runtime_ms <= pair_block.declared_ms() &&
                    payout_block.runtime_ms <= payout_block.declared_ms();

  if (options.json) {
    nlohmann::ordered_json out;
    out["benchmark"] = "staking";
    out["engine"] = *engine;
    out["bonders"] = bonders;
    out["pageNominators"] = nominators;
    auto block_json = [](const BlockFigures& f) {
      return nlohmann::ordered_json{{"number", f.number},
                                    {"extrinsics", f.extrinsics},
                                    {"weightNormalPs", f.weight.normal},
                                    {"weightMandatoryPs", f.weight.mandatory},
                                    {"declaredMs", f.declared_ms()},
                                    {"runtimeMs", f.runtime_ms}};
    };
    out["bondNominateBlock"] = block_json(pair_block);
    out["bondNominateBlock"]["normalClassShare"] = pair_share;
    out["payoutBlock"] = block_json(payout_block);
    out["payoutBlock"]["normalClassShare"] = payout_share;
    out["emptyBlock"] = block_json(empty);
    out["pass"] = pass;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  const auto line = [](const char* what, const BlockFigures& f, double share) {
    std::cout << what << "#" << f.number << " holds " << f.extrinsics
              << " extrinsics: normal weight "
              << fixed(static_cast<double>(f.weight.normal) / 1e9, 1)
              << " ms = " << fixed(100 * share, 1) << " % of the normal class's limit; executed in "
              << fixed(f.runtime_ms, 1) << " ms = " << fixed(f.runtime_ms / f.declared_ms(), 2)
              << "x the declared weight\n";
  };
  std::cout << "Staking:      " << grouped(static_cast<double>(bonders))
            << " bond + nominate(24) pairs; payout_stakers of a page of "
            << grouped(static_cast<double>(nominators)) << " nominators\n"
            << "Engine:       " << *engine << "\n";
  line("Bond block:   ", pair_block, pair_share);
  line("Payout block: ", payout_block, payout_share);
  std::cout << "Reference:    an empty block (#" << empty.number << ") executes in "
            << fixed(empty.runtime_ms, 1) << " ms\n"
            << "Target:       each block within the normal class and executed within its declared "
               "weight: "
            << (pass ? "PASS" : "FAIL") << "\n";
  return 0;
}

}  // namespace canary::cli
