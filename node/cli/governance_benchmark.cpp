#include "node/cli/governance_benchmark.hpp"

#include <algorithm>
#include <array>
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
#include "primitives/hash/hash.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/scale/decoder.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

namespace {

constexpr u128 kEndowment = u128{1} << 60;        // as the dev accounts (~1.15 million KSM)
constexpr u128 kVoteBalance = 1'000'000'000'000;  // 1 KSM: far from any track's support
constexpr std::string_view kConvictionLockId = "pyconvot";

// The Canary runtime's pallet and call indices (Kusama's, runtime/canary/runtime.hpp).
constexpr uint8_t kSystemPallet = 0;
constexpr uint8_t kRemarkCall = 0;
constexpr uint8_t kConvictionVotingPallet = 20;
constexpr uint8_t kVoteCall = 0;
constexpr uint8_t kReferendaPallet = 21;
constexpr uint8_t kSubmitCall = 0;
constexpr uint8_t kPlaceDecisionDepositCall = 1;
// OriginCaller::Origins (43) of Origin::ReferendumCanceller (6): the referendum_canceller track
// (20), where Kusama lets 1,000 referenda decide at once.
constexpr uint8_t kOriginsCaller = 43;
constexpr uint8_t kReferendumCancellerOrigin = 6;
// The Scheduler's agenda holds 50 tasks a block (Kusama's MaxScheduledPerBlock): a submission or
// a vote that sets an alarm in a full agenda gets none (pallet-referenda's set_alarm).
constexpr size_t kAlarmsPerBlock = 50;
// Blocks after the votes: past the development preset's 20-block decision period, so that the
// referenda's ends are served too.
constexpr size_t kBlocksAfterVotes = 25;

// Referenda.submit(Origins(ReferendumCanceller), Inline(System.remark("canary-bench-<i>")),
// After(1)): a distinct proposal per referendum.
Bytes submit_call(size_t index) {
  const std::string text = "canary-bench-" + std::to_string(index);
  scale::Encoder remark(text.size() + 4);
  remark.put_byte(kSystemPallet);
  remark.put_byte(kRemarkCall);
  scale::encode_compact(remark, text.size());
  remark.put_bytes(to_bytes(text));

  scale::Encoder call(remark.size() + 16);
  call.put_byte(kReferendaPallet);
  call.put_byte(kSubmitCall);
  call.put_byte(kOriginsCaller);
  call.put_byte(kReferendumCancellerOrigin);
  call.put_byte(1);  // Bounded::Inline
  scale::encode_compact(call, remark.size());
  call.put_bytes(remark.bytes());
  call.put_byte(1);  // DispatchTime::After
  scale::encode_to(call, uint32_t{1});
  return std::move(call).take();
}

Bytes place_decision_deposit_call(uint32_t referendum) {
  scale::Encoder call(6);
  call.put_byte(kReferendaPallet);
  call.put_byte(kPlaceDecisionDepositCall);
  scale::encode_to(call, referendum);
  return std::move(call).take();
}

// ConvictionVoting.vote(referendum, Standard { aye, Locked1x, balance }).
Bytes vote_call(uint32_t referendum, u128 balance) {
  scale::Encoder call(24);
  call.put_byte(kConvictionVotingPallet);
  call.put_byte(kVoteCall);
  scale::encode_compact(call, referendum);
  call.put_byte(0);            // AccountVote::Standard
  call.put_byte(0x80 | 0x01);  // Vote: aye, Conviction::Locked1x
  scale::encode_to(call, balance);
  return std::move(call).take();
}

// The tasks of Scheduler.Agenda(number) in the state at `at`: those the block `number` (a child
// of `at`) serves in its on_initialize. Cancelled tasks stay as None entries, and count.
Result<size_t, std::string> agenda_entries(const blockchain::Chain& chain,
                                           const block::BlockHash& at, uint32_t number) {
  const Bytes key = hash::storage_map_key("Scheduler", "Agenda", hash::StorageHasher::kTwox64Concat,
                                          scale::encode(number));
  CANARY_TRY_ASSIGN(auto value, read_storage(chain, at, key));
  if (!value) return size_t{0};
  scale::Decoder in(*value);
  const auto entries = scale::decode_compact<uint64_t>(in);
  if (!in.ok()) return unexpected("Scheduler.Agenda does not decode: " + to_hex(*value));
  return static_cast<size_t>(entries);
}

// The amount of `account`'s lock `id` in Balances.Locks, 0 without one.
Result<u128, std::string> lock_amount(const blockchain::Chain& chain, const block::BlockHash& at,
                                      const crypto::sr25519::PublicKey& account,
                                      std::string_view id) {
  const Bytes key =
      hash::storage_map_key("Balances", "Locks", hash::StorageHasher::kBlake2_128Concat, account);
  CANARY_TRY_ASSIGN(auto value, read_storage(chain, at, key));
  if (!value) return u128{0};
  // Vec<BalanceLock { id: [u8; 8], amount: u128, reasons: u8 }>.
  scale::Decoder in(*value);
  const auto count = scale::decode_compact<uint64_t>(in);
  for (uint64_t i = 0; in.ok() && i < count; ++i) {
    const ByteSpan lock_id = in.read_view(8);
    const u128 amount = scale::decode_next<u128>(in);
    (void)in.read_byte();
    if (in.ok() && std::equal(lock_id.begin(), lock_id.end(), id.begin(), id.end())) {
      return amount;
    }
  }
  if (!in.ok()) return unexpected("Balances.Locks does not decode: " + to_hex(*value));
  return u128{0};
}

struct BlockFigures {
  uint32_t number = 0;
  size_t extrinsics = 0;  // less the inherents
  size_t agenda = 0;      // Scheduler tasks due in this block
  ClassWeights weight;
  double runtime_ms = 0;  // Core_execute_block
  double declared_ms() const { return static_cast<double>(weight.total()) / 1e9; }
};

}  // namespace

int run_governance_benchmark(const GovernanceBenchmarkOptions& options) {
  auto code = node::embedded_runtime();
  if (!code) return bench_fail(node::kNoEmbeddedRuntimeMessage);
  const size_t votes = options.votes;
  const size_t referenda = options.referenda;
  const size_t account_count = std::max(votes, referenda);
  const bool compiled = !options.interpreted;
  const blockchain::RuntimeHostConfig host_config =
      benchmark_host_config(compiled, options.aot_cache_dir);

  // 1. Accounts, genesis, the extrinsics of each phase.
  progress("[1/5] Deriving " + grouped(static_cast<double>(account_count)) + " accounts");
  std::vector<crypto::sr25519::Keypair> accounts;
  std::vector<crypto::sr25519::PublicKey> public_keys;
  accounts.reserve(account_count);
  public_keys.reserve(account_count);
  for (size_t i = 0; i < account_count; ++i) {
    accounts.push_back(bench_account(i));
    public_keys.push_back(accounts.back().public_key);
  }
  auto build_host = std::make_unique<blockchain::RuntimeHost>(host_config);
  auto engine = warm_first_runtime(*build_host, *code, host_config);
  if (!engine) return bench_fail(engine.error());
  progress("[2/5] Building the genesis and signing " + grouped(static_cast<double>(referenda)) +
           " submissions, as many decision deposits and " + grouped(static_cast<double>(votes)) +
           " votes, on " + *engine);
  auto spec = dev_spec_with_accounts(*build_host, *code, public_keys, kEndowment);
  if (!spec) return bench_fail(spec.error());
  auto genesis = blockchain::make_genesis_block(*spec);
  if (!genesis) return bench_fail("the genesis block: " + genesis.error().message());
  auto version = executor::runtime_version_of_code(*code);
  if (!version) return bench_fail("the embedded runtime's version: " + version.error().message);
  const TransferSigning signing{version->spec_version, version->transaction_version, genesis->hash};
  // Account i submits referendum i (nonce 0) and places its decision deposit (nonce 1); voter j
  // votes on referendum j mod R, with the nonce after those.
  std::vector<Bytes> submissions;
  std::vector<Bytes> deposits;
  std::vector<SignedTransfer> vote_xts;
  for (size_t i = 0; i < referenda; ++i) {
    submissions.push_back(sign_extrinsic(signing, accounts[i], submit_call(i), 0).extrinsic);
    deposits.push_back(sign_extrinsic(signing, accounts[i],
                                      place_decision_deposit_call(static_cast<uint32_t>(i)), 1)
                           .extrinsic);
  }
  for (size_t j = 0; j < votes; ++j) {
    const uint32_t nonce = j < referenda ? 2 : 0;
    vote_xts.push_back(sign_extrinsic(signing, accounts[j],
                                      vote_call(static_cast<uint32_t>(j % referenda), kVoteBalance),
                                      nonce));
  }
  std::vector<Bytes> vote_extrinsics;
  vote_extrinsics.reserve(votes);
  for (const SignedTransfer& v : vote_xts) vote_extrinsics.push_back(v.extrinsic);

  // 2. The chain, on slots in the past: the setup phases, the vote block, the alarms' blocks.
  auto builder = open_bench_node(std::move(build_host), *code, *spec, *genesis, compiled);
  if (!builder) return bench_fail(builder.error());
  BenchNode& build_node = **builder;
  engine = build_node.engine;
  auto alice = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice");
  if (!alice) return bench_fail("//Alice: " + std::string(keys::to_string(alice.error())));
  const uint64_t slot_ms = build_node.slot_ms();
  progress("[3/5] Building the blocks on " + *engine);
  std::vector<SealedBlock> blocks;
  // A generous bound on the blocks built, so that every slot is in the past at import.
  const size_t most_blocks = 2 * (referenda / kAlarmsPerBlock + 2) + 1 + kBlocksAfterVotes + 8;
  uint64_t next_slot = node::unix_ms() / slot_ms - most_blocks - 1;
  size_t vote_block = 0;  // index in `blocks`
  const auto build_phase = [&](std::string_view what, std::span<const Bytes> extrinsics,
                               size_t per_block, size_t min_blocks) -> Result<void, std::string> {
    BuildOptions build;
    build.first_slot = next_slot;
    build.max_transfers_per_block = per_block;
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
  if (auto built = build_phase("submissions", submissions, kAlarmsPerBlock, 0); !built) {
    return bench_fail(built.error());
  }
  if (auto built = build_phase("decision deposits", deposits, kAlarmsPerBlock, 0); !built) {
    return bench_fail(built.error());
  }
  const size_t before_votes = blocks.size();
  if (auto built = build_phase("votes", vote_extrinsics, 0, 0); !built) {
    return bench_fail(built.error());
  }
  // The block with the votes (a session's first block holds none: the one after it, then).
  size_t vote_blocks = 0;
  for (size_t b = before_votes; b < blocks.size(); ++b) {
    if (blocks[b].transfers == 0) continue;
    ++vote_blocks;
    if (vote_block < before_votes || blocks[b].transfers > blocks[vote_block].transfers) {
      vote_block = b;
    }
  }
  if (auto built = build_phase("extrinsics", {}, 0, kBlocksAfterVotes); !built) {
    return bench_fail(built.error());
  }
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
  for (const SealedBlock& b : blocks) {
    BlockFigures f;
    f.number = b.header.number;
    f.extrinsics = b.transfers;
    auto agenda = agenda_entries(*fresh.chain, parent, f.number);
    if (!agenda) return bench_fail(agenda.error());
    f.agenda = *agenda;
    auto imported = importer.import_block(b.header, b.extrinsics, std::nullopt, now_ms);
    if (!imported) {
      return bench_fail("importing block #" + std::to_string(f.number) + ": " +
                        imported.error().message());
    }
    f.runtime_ms = ms(imported->timings.runtime);
    parent = imported->block.hash;
    auto weight = block_weight(*fresh.chain, parent);
    if (!weight) return bench_fail(weight.error());
    f.weight = *weight;
    figures.push_back(f);
  }

  // 4. The outcome: every vote in one block, every voter locked, every referendum there.
  if (vote_blocks != 1) {
    return bench_fail("the " + std::to_string(votes) + " votes took " +
                      std::to_string(vote_blocks) + " blocks (at most " +
                      std::to_string(blocks[vote_block].transfers) + " in one)");
  }
  for (size_t j = 0; j < votes; ++j) {
    auto locked = lock_amount(*fresh.chain, parent, public_keys[j], kConvictionLockId);
    if (!locked) return bench_fail(locked.error());
    if (*locked != kVoteBalance) {
      return bench_fail("voter " + std::to_string(j) + " does not hold its conviction lock");
    }
  }
  auto count =
      read_storage(*fresh.chain, parent, hash::storage_prefix("Referenda", "ReferendumCount"));
  if (!count) return bench_fail(count.error());
  const auto referendum_count =
      *count ? scale::decode<uint32_t>(**count) : Result<uint32_t, scale::DecodeError>(uint32_t{0});
  if (!referendum_count || *referendum_count != referenda) {
    return bench_fail("Referenda.ReferendumCount is not " + std::to_string(referenda));
  }

  // 5. References: the last block (inherents only, no alarm due) and the votes' signatures.
  progress("[5/5] Reference: verifying the " + grouped(static_cast<double>(votes)) +
           " vote signatures natively");
  const Stopwatch sr_start;
  size_t good = 0;
  for (const SignedTransfer& v : vote_xts) {
    good += crypto::sr25519::verify(v.signature, v.payload, v.signer) ? 1 : 0;
  }
  const Elapsed signatures = Elapsed::since(sr_start);
  if (good != votes) return bench_fail("a vote's signature does not verify");
  const BlockFigures& voted = figures[vote_block];
  const auto busiest_alarms = std::max_element(
      figures.begin() + static_cast<ptrdiff_t>(vote_block) + 1, figures.end(),
      [](const BlockFigures& a, const BlockFigures& b) { return a.agenda < b.agenda; });
  const BlockFigures& alarms = *busiest_alarms;
  const BlockFigures& empty = figures.back();
  const double normal_limit_ps = kMaxBlockRefTimePs * kNormalDispatchRatio;
  const double vote_share = static_cast<double>(voted.weight.normal) / normal_limit_ps;
  const bool pass = vote_blocks == 1 && vote_share <= 1 &&
                    voted.runtime_ms <= voted.declared_ms() &&
                    alarms.runtime_ms <= alarms.declared_ms();

  if (options.json) {
    nlohmann::ordered_json out;
    out["benchmark"] = "governance";
    out["engine"] = *engine;
    out["votes"] = votes;
    out["referenda"] = referenda;
    auto block_json = [](const BlockFigures& f) {
      return nlohmann::ordered_json{{"number", f.number},
                                    {"extrinsics", f.extrinsics},
                                    {"agenda", f.agenda},
                                    {"weightNormalPs", f.weight.normal},
                                    {"weightOperationalPs", f.weight.operational},
                                    {"weightMandatoryPs", f.weight.mandatory},
                                    {"declaredMs", f.declared_ms()},
                                    {"runtimeMs", f.runtime_ms}};
    };
    out["voteBlock"] = block_json(voted);
    out["voteBlock"]["normalClassShare"] = vote_share;
    out["busiestAlarmBlock"] = block_json(alarms);
    out["emptyBlock"] = block_json(empty);
    out["reference"] = {{"sr25519VerifyAllCpuMs", signatures.thread_cpu_ms},
                        {"emptyBlockRuntimeMs", empty.runtime_ms}};
    out["blocks"] = nlohmann::ordered_json::array();
    for (const BlockFigures& f : figures) out["blocks"].push_back(block_json(f));
    out["pass"] = pass;
    std::cout << out.dump(2) << "\n";
    return 0;
  }

  std::cout
      << "Governance: " << grouped(static_cast<double>(referenda))
      << " referenda on the referendum_canceller track, " << grouped(static_cast<double>(votes))
      << " conviction votes\n"
      << "Engine:     " << *engine << "\n"
      << "  block  extrinsics  agenda  declared (normal / mandatory)   runtime  runtime/declared\n";
  for (const BlockFigures& f : figures) {
    char line[160];
    std::snprintf(
        line, sizeof line, "  #%-5u %10zu  %6zu  %8.1f ms (%7.1f / %6.1f)  %7.1f ms  %8.2f\n",
        f.number, f.extrinsics, f.agenda, f.declared_ms(),
        static_cast<double>(f.weight.normal) / 1e9, static_cast<double>(f.weight.mandatory) / 1e9,
        f.runtime_ms, f.runtime_ms / f.declared_ms());
    std::cout << line;
  }
  std::cout << "Vote block:   #" << voted.number << " holds " << voted.extrinsics
            << " votes: normal weight " << fixed(static_cast<double>(voted.weight.normal) / 1e9, 1)
            << " ms = " << fixed(100 * vote_share, 1)
            << " % of the normal class's limit; executed in " << fixed(voted.runtime_ms, 1)
            << " ms = " << fixed(voted.runtime_ms / voted.declared_ms(), 2)
            << "x the declared weight\n"
            << "Alarm block:  #" << alarms.number << " serves " << alarms.agenda
            << " Scheduler tasks (Referenda's alarms) in on_initialize, with "
            << grouped(static_cast<double>(referenda)) << " referenda ongoing: mandatory weight "
            << fixed(static_cast<double>(alarms.weight.mandatory) / 1e9, 1) << " ms; executed in "
            << fixed(alarms.runtime_ms, 1)
            << " ms = " << fixed(alarms.runtime_ms / alarms.declared_ms(), 2)
            << "x the declared weight\n"
            << "Reference:    an empty block (#" << empty.number << ") executes in "
            << fixed(empty.runtime_ms, 1) << " ms (vote block "
            << fixed(voted.runtime_ms / empty.runtime_ms, 1) << "x, alarm block "
            << fixed(alarms.runtime_ms / empty.runtime_ms, 1) << "x); the "
            << grouped(static_cast<double>(votes)) << " vote signatures verify natively in "
            << fixed(signatures.thread_cpu_ms, 1) << " ms CPU (vote block "
            << fixed(voted.runtime_ms / signatures.thread_cpu_ms, 1) << "x)\n"
            << "Target:       all votes in one block within the normal class, each block executed "
               "within its declared weight: "
            << (pass ? "PASS" : "FAIL") << "\n";
  return 0;
}

}  // namespace canary::cli
