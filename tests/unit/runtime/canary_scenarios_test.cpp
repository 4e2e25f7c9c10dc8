// The Canary runtime's user-visible pallet scenarios, written once and run on every driver of
// runtime_driver.hpp: natively (the runtime's entry points compiled for the host) and as the
// build's Wasm blob on the interpreter and on the ahead-of-time engine. Each scenario builds a few
// blocks on the development genesis as a block author does (Core_initialize_block, the inherents,
// signed extrinsics, BlockBuilder_finalize_block) and asserts what a user sees: events, storage,
// runtime API answers. On a Wasm driver the scenario also runs natively, and the two must agree on
// every runtime call's answer and on the state root and header after each block, so that the
// native runtime the pallet tests exercise and the blob on chain cannot drift apart.
#include <gtest/gtest.h>
#include <zstd.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "executor/runtime_blob.hpp"
#include "primitives/block/block.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/keys/key_pair.hpp"
#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/canary/apis.hpp"
#include "runtime/canary/dev_accounts.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/testing/signing.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "runtime/testing/try_state.hpp"
#include "tests/unit/runtime/runtime_driver.hpp"

namespace canary::rt::canary_runtime {

namespace drivers {
// The driver's name in test names and ctest's listing (GoogleTest looks for this name).
void PrintTo(DriverKind kind, std::ostream* out) {  // NOLINT(readability-identifier-naming)
  *out << to_string(kind);
}
}  // namespace drivers

namespace {

using drivers::DriverKind;
using drivers::RuntimeDriver;
using EventRecord = RuntimeDriver::EventRecord;
using Call = Runtime::Pallets::Call;
using System = Runtime::System;
using Balances = Runtime::Balances;
using TransactionPayment = Runtime::TransactionPayment;
using Timestamp = Runtime::Timestamp;
using Utility = Runtime::Utility;
using Multisig = Runtime::Multisig;
using Vesting = Runtime::Vesting;
using Indices = Runtime::Indices;
using Sudo = Runtime::Sudo;
using Template = Runtime::Template;
using Session = Runtime::Session;
using Staking = Runtime::Staking;
using Babe = Runtime::Babe;
using Preimage = Runtime::Preimage;
using Referenda = Runtime::Referenda;
using ConvictionVoting = Runtime::ConvictionVoting;
using Scheduler = Runtime::Scheduler;
using runtime::ApplyExtrinsicResult;
using runtime::InvalidTransaction;
using runtime::TransactionValidity;
using InvalidKind = runtime::InvalidTransaction::Kind;
namespace tp = pallets::transaction_payment;
using tp::Multiplier;

constexpr Balance kEndowment = u128{1} << 60;  // of each dev account and stash in the preset
constexpr uint64_t kSlotMillis = 6'000;
constexpr uint64_t kFirstSlot = 1'000;

keys::KeyPair sr25519(std::string_view suri) {
  return keys::KeyPair::from_suri(keys::Scheme::kSr25519, suri).value();
}
AccountId32 id_of(const keys::KeyPair& pair) {
  return rt::testing::account_of(pair);
}

struct Accounts {
  keys::KeyPair alice_pair = sr25519("//Alice");
  keys::KeyPair bob_pair = sr25519("//Bob");
  keys::KeyPair charlie_pair = sr25519("//Charlie");
  keys::KeyPair stash_pair = sr25519("//Alice//stash");
  AccountId32 alice = id_of(alice_pair);
  AccountId32 bob = id_of(bob_pair);
  AccountId32 charlie = id_of(charlie_pair);
  AccountId32 dave = id_of(sr25519("//Dave"));
  AccountId32 eve = id_of(sr25519("//Eve"));
  // The only validator of the development preset, so the author of every block with authority
  // index 0 in its pre-digest.
  AccountId32 alice_stash = id_of(stash_pair);
};

template <class P>
Call call_of(typename P::Call call) {
  return Call::of<P>(std::move(call));
}

// Events of one kind of one pallet, in order.
template <class P, class E>
std::vector<E> events_of(const std::vector<EventRecord>& records) {
  std::vector<E> out;
  for (const EventRecord& record : records) {
    if (const auto* pallet = std::get_if<PalletEvent<P>>(&record.event.value)) {
      if (const auto* event = std::get_if<E>(&pallet->event)) out.push_back(*event);
    }
  }
  return out;
}

template <class P, class E>
bool has_event(const std::vector<EventRecord>& records, const E& expected) {
  const Bytes wanted = scale::encode(Runtime::Pallets::Event::of<P>(expected));
  return std::any_of(records.begin(), records.end(), [&](const EventRecord& record) {
    return scale::encode(record.event) == wanted;
  });
}

std::string describe(const DispatchResult& result) {
  return result ? "ok" : runtime::to_string(result.error());
}

std::string describe(const ApplyExtrinsicResult& result) {
  if (!result) return "invalid: " + runtime::to_string(result.error());
  if (!*result) return "dispatch error: " + runtime::to_string(result->error());
  return "ok";
}

// Included, and its call succeeded.
::testing::AssertionResult succeeded(const ApplyExtrinsicResult& result) {
  if (result && *result) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << describe(result);
}
// Included, and its call failed with `error`.
::testing::AssertionResult failed_with(const ApplyExtrinsicResult& result,
                                       const runtime::DispatchError& error) {
  if (result && !*result && result->error() == error) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << describe(result) << ", expected dispatch error " << runtime::to_string(error);
}
// Refused: not included.
::testing::AssertionResult refused_with(const ApplyExtrinsicResult& result, InvalidKind kind) {
  const InvalidTransaction* invalid =
      result ? nullptr : std::get_if<InvalidTransaction>(&result.error());
  if (invalid != nullptr && invalid->kind == kind) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << describe(result) << ", expected Invalid kind " << static_cast<int>(kind);
}
::testing::AssertionResult invalid_with(const TransactionValidity& validity, InvalidKind kind) {
  const InvalidTransaction* invalid =
      validity ? nullptr : std::get_if<InvalidTransaction>(&validity.error());
  if (invalid != nullptr && invalid->kind == kind) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << (validity ? std::string("valid") : runtime::to_string(validity.error()))
         << ", expected Invalid kind " << static_cast<int>(kind);
}

// sr25519 signatures are randomized: the same payload signed again gives other bytes. Both runs
// of a scenario (a Wasm driver and the native reference) must submit the very same extrinsics, so
// each payload is signed once per process.
MultiSignature signature(const keys::KeyPair& signer, ByteSpan payload) {
  static std::map<Bytes, MultiSignature> signed_before;
  Bytes key = signer.public_key();
  key.insert(key.end(), payload.begin(), payload.end());
  auto it = signed_before.find(key);
  if (it == signed_before.end()) {
    it = signed_before.emplace(std::move(key), rt::testing::multi_signature(signer, payload)).first;
  }
  return it->second;
}

// How an extrinsic is signed; the defaults make a valid immortal one.
struct Signing {
  uint32_t nonce = 0;
  Balance tip = 0;
  std::optional<H256> genesis;         // the chain's unless set
  std::optional<AccountId32> address;  // the signer's unless set
};

// One chain on one driver: its genesis, the blocks built on it, and the trace of everything the
// runtime answered, which every driver must reproduce.
class Chain {
 public:
  struct TraceEntry {
    std::string what;
    Hash256 digest{};
  };

  explicit Chain(RuntimeDriver& driver) : driver_(driver) {}

  RuntimeDriver& driver() { return driver_; }
  const H256& genesis_hash() const { return genesis_hash_; }
  const block::Header& head() const { return head_; }
  Hash256 head_hash() const { return block::hash_of(head_); }
  const std::vector<block::Block>& blocks() const { return blocks_; }
  const std::vector<TraceEntry>& trace() const { return trace_; }

  // --- Runtime calls with typed arguments and result; each answer goes into the trace.
  Bytes call_raw(std::string_view method, const Bytes& input) {
    auto output = driver_.call(method, input);
    if (!output) {
      ADD_FAILURE() << driver_.name() << ": " << method << " failed: " << output.error();
      note(std::string(method) + " failed", {});
      return {};
    }
    Bytes both = input;
    both.insert(both.end(), output->begin(), output->end());
    note(std::string(method), both);
    return std::move(*output);
  }
  template <class R, class... Args>
  R call(std::string_view method, const Args&... args) {
    scale::Encoder in;
    (scale::encode_to(in, args), ...);
    const Bytes output = call_raw(method, std::move(in).take());
    auto value = scale::decode<R>(output);
    if (!value) {
      ADD_FAILURE() << driver_.name() << ": " << method << " answered " << to_hex(output)
                    << ", which does not decode: " << scale::to_string(value.error());
      return R{};
    }
    return std::move(*value);
  }
  // A call at the current state whose changes are dropped, as the node's runtime API calls.
  template <class R, class... Args>
  R query(std::string_view method, const Args&... args) {
    driver_.start_transaction();
    R value = call<R>(method, args...);
    driver_.rollback_transaction();
    return value;
  }

  // --- Genesis: the development preset, and `:code` as the node's chain spec has it.
  void genesis() {
    const auto preset = call<std::optional<Bytes>>(
        "GenesisBuilder_get_preset", std::optional<Bytes>(to_bytes(kDevelopmentPreset)));
    ASSERT_TRUE(preset.has_value());
    const auto built = call<Result<void, std::string>>("GenesisBuilder_build_state", *preset);
    ASSERT_TRUE(built.has_value()) << built.error();
    driver_.set_storage(to_bytes(":code"), drivers::runtime_blob());
    head_ = block::genesis_header(driver_.state_root());
    EXPECT_EQ(driver_.inspect([] { return testing::try_state_failures<Runtime::Pallets>(0); }), "")
        << "try_state at genesis";
    genesis_hash_ = H256{block::hash_of(head_)};
    note("genesis state root", head_.state_root);
  }

  // --- Blocks, as a block author builds them (blockchain/block_builder.cpp).
  void initialize(uint64_t slot, uint32_t authority = 0) {
    block_ = block::Block{};
    block_.header.parent_hash = head_hash();
    block_.header.number = head_.number + 1;
    pallets::babe::PreDigest pre;
    pre.value = pallets::babe::PreDigest::SecondaryPlain{{authority, pallets::babe::Slot{slot}}};
    block_.header.digest.push_back(
        block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)});
    (void)call<uint8_t>("Core_initialize_block", block_.header);
  }
  // The block author's inherent data for a block on `parent`: timestamp, BABE slot and the
  // parachains inherent without content.
  static runtime::InherentData inherent_data(uint64_t slot, uint64_t timestamp,
                                             const block::Header& parent) {
    runtime::InherentData data;
    data[runtime::kTimestampInherent] = scale::encode(timestamp);
    data[runtime::kBabeSlotInherent] = scale::encode(slot);
    data[runtime::kParachainsInherent] = runtime::parachains_inherent_without_content(parent);
    return data;
  }
  void inherents(uint64_t slot) {
    const auto inherents = call<std::vector<Bytes>>("BlockBuilder_inherent_extrinsics",
                                                    inherent_data(slot, slot * kSlotMillis, head_));
    EXPECT_EQ(inherents.size(), 2u);  // the timestamp and the paras inherent
    for (const Bytes& inherent : inherents) {
      EXPECT_TRUE(succeeded(apply(inherent)));
    }
  }
  void begin(uint64_t slot, uint32_t authority = 0) {
    initialize(slot, authority);
    inherents(slot);
  }
  // `xt` as in a block body (without the length prefix); an invalid one leaves no trace in the
  // state, as the block builder rolls it back.
  ApplyExtrinsicResult apply(const Bytes& xt) {
    driver_.start_transaction();
    const auto result = call<ApplyExtrinsicResult>("BlockBuilder_apply_extrinsic", xt);
    if (!result) {
      driver_.rollback_transaction();
    } else {
      driver_.commit_transaction();
      block_.extrinsics.push_back(xt);
    }
    return result;
  }
  block::Header finalize() {
    const auto header = call<block::Header>("BlockBuilder_finalize_block");
    EXPECT_EQ(to_hex(header.state_root), to_hex(driver_.state_root()))
        << "the runtime's state root is not the host's";
    block_.header = header;
    blocks_.push_back(block_);
    head_ = header;
    // Every pallet's invariants hold after each block (try-runtime's try_state), whichever
    // driver built it.
    EXPECT_EQ(driver_.inspect(
                  [&] { return testing::try_state_failures<Runtime::Pallets>(header.number); }),
              "")
        << "try_state after block " << header.number;
    note("block " + std::to_string(header.number) + " state root", header.state_root);
    note("block " + std::to_string(header.number) + " header", scale::encode(header));
    return header;
  }

  // --- Transactions.
  Bytes sign(const keys::KeyPair& signer, Call call, const Signing& how = {}) const {
    const runtime::RuntimeVersion& version = Runtime::version();
    Runtime::SignedExtra extra;
    std::get<system::CheckNonce<Runtime>>(extra).nonce = how.nonce;
    std::get<tp::ChargeTransactionPayment<Runtime>>(extra).tip = how.tip;
    const H256 genesis = how.genesis.value_or(genesis_hash_);
    Executive::Ext::Implicit implicit;
    std::get<1>(implicit) = version.spec_version;
    std::get<2>(implicit) = version.transaction_version;
    std::get<3>(implicit) = genesis;
    std::get<4>(implicit) = genesis;  // immortal: the era's block is the genesis
    const Bytes payload = signing_payload(call, extra, implicit);
    Executive::Extrinsic xt;
    xt.signature =
        Executive::Extrinsic::SignaturePart{MultiAddress::id(how.address.value_or(id_of(signer))),
                                            signature(signer, payload), std::move(extra)};
    xt.function = std::move(call);
    return xt.encode_inner();
  }
  static Bytes unsigned_xt(Call call) {
    return Executive::Extrinsic{std::nullopt, std::move(call)}.encode_inner();
  }

  tp::RuntimeDispatchInfo query_info(const Bytes& xt) {
    return query<tp::RuntimeDispatchInfo>("TransactionPaymentApi_query_info", xt,
                                          static_cast<uint32_t>(scale::encoded_size(xt)));
  }
  TransactionValidity validate(const Bytes& xt) {
    return query<TransactionValidity>("TaggedTransactionQueue_validate_transaction",
                                      runtime::TransactionSource::kExternal, xt, head_hash());
  }
  uint32_t nonce(const AccountId32& who) {
    return query<uint32_t>("AccountNonceApi_account_nonce", who);
  }

  // --- The state, read with the runtime's own storage items.
  Balance free(const AccountId32& who) {
    return driver_.inspect([&] { return Balances::free_balance(who); });
  }
  Balance reserved(const AccountId32& who) {
    return driver_.inspect([&] { return Balances::reserved_balance(who); });
  }
  Balance issuance() {
    return driver_.inspect([] { return Balances::total_issuance(); });
  }
  bool exists(const AccountId32& who) {
    return driver_.inspect([&] { return System::account_exists(who); });
  }
  std::vector<EventRecord> events() { return driver_.events(); }

  void note(std::string what, ByteSpan bytes) {
    trace_.push_back({std::move(what), hash::blake2b_256(bytes)});
  }

 private:
  RuntimeDriver& driver_;
  H256 genesis_hash_;
  block::Header head_;
  block::Block block_;
  std::vector<block::Block> blocks_;
  std::vector<TraceEntry> trace_;
};

Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

// The keys of the state that belong to nothing the runtime declares: every key must lie under a
// storage item of the metadata (twox128(pallet) ‖ twox128(item), FRAME's layout), be a pallet's
// storage version (twox128(pallet) ‖ twox128(":__STORAGE_VERSION__:")), or be one of the
// well-known keys and runtime parameters. A pallet that writes an item it does not register for
// metadata (which clients then cannot read) fails the scenario that makes it write.
std::vector<std::string> unregistered_keys(RuntimeDriver& driver) {
  meta::RuntimeMetadata metadata;
  // Metadata's constants read the state (e.g. the block time); the item names do not.
  rt::testing::TestExternalities ext;
  ext.execute_with([&] { Runtime::Pallets::add_metadata(metadata); });
  std::set<Bytes> prefixes;
  const Hash128 version_item = hash::twox_128(bytes_of(":__STORAGE_VERSION__:"));
  for (const meta::PalletMetadata& pallet : metadata.pallets) {
    const Hash128 pallet_prefix = hash::twox_128(bytes_of(pallet.name));
    const auto add = [&](const Hash128& item) {
      Bytes prefix(pallet_prefix.begin(), pallet_prefix.end());
      prefix.insert(prefix.end(), item.begin(), item.end());
      prefixes.insert(std::move(prefix));
    };
    add(version_item);
    if (!pallet.storage) continue;
    for (const meta::StorageEntryMetadata& entry : pallet.storage->entries) {
      add(hash::twox_128(bytes_of(entry.name)));
    }
  }
  const Hash128 minimum_period = hash::twox_128(bytes_of(":MinimumPeriod:"));
  // The governance timings the presets write (governance.hpp).
  for (std::string_view parameter :
       {":ReferendaPreparePeriod:", ":ReferendaDecisionPeriod:", ":ReferendaConfirmPeriod:",
        ":ReferendaMinEnactmentPeriod:", ":ReferendaUndecidingTimeout:", ":VoteLockingPeriod:",
        ":TreasurySpendPeriod:"}) {
    const Hash128 key = hash::twox_128(bytes_of(parameter));
    prefixes.insert(Bytes(key.begin(), key.end()));
  }
  // :grandpa_authorities is sp-consensus-grandpa's well-known key, which pallet_grandpa keeps
  // for light clients that read the set without the metadata.
  std::set<Bytes> well_known = {bytes_of(":code"),
                                bytes_of(":heappages"),
                                bytes_of(":grandpa_authorities"),
                                bytes_of(":extrinsic_index"),
                                bytes_of(":intrablock_entropy"),
                                Bytes(minimum_period.begin(), minimum_period.end())};
  std::vector<std::string> out;
  // What the scenarios themselves write with System.set_storage.
  const Bytes scenario_prefix = bytes_of("canary:");
  for (const Bytes& key : driver.keys_with_prefix({})) {
    if (well_known.contains(key)) continue;
    if (key.size() >= scenario_prefix.size() &&
        std::equal(scenario_prefix.begin(), scenario_prefix.end(), key.begin())) {
      continue;
    }
    if (key.size() >= 32 && prefixes.contains(Bytes(key.begin(), key.begin() + 32))) continue;
    if (key.size() == 16 && prefixes.contains(key)) continue;
    out.push_back(to_hex(key));
  }
  return out;
}

class CanaryScenario : public ::testing::TestWithParam<DriverKind> {
 protected:
  // Runs `scenario` on the parameter's driver; on a Wasm driver also natively, and then both must
  // have answered every runtime call alike and reached the same state after each block.
  void run(void (*scenario)(Chain&)) {
    auto driver = drivers::make_driver(GetParam());
    ASSERT_TRUE(driver.has_value()) << driver.error();
    Chain chain(**driver);
    {
      SCOPED_TRACE(std::string((*driver)->name()));
      chain.genesis();
      scenario(chain);
      EXPECT_EQ(unregistered_keys(**driver), std::vector<std::string>{})
          << "keys written that belong to no storage item the metadata declares";
    }
    if (GetParam() == DriverKind::kNative || HasFatalFailure()) return;
    drivers::NativeDriver native;
    Chain reference(native);
    {
      SCOPED_TRACE("native reference run");
      reference.genesis();
      scenario(reference);
    }
    ASSERT_EQ(chain.trace().size(), reference.trace().size());
    for (size_t i = 0; i < chain.trace().size(); ++i) {
      const Chain::TraceEntry& wasm = chain.trace()[i];
      const Chain::TraceEntry& reference_entry = reference.trace()[i];
      ASSERT_EQ(wasm.what, reference_entry.what) << "step " << i;
      EXPECT_EQ(to_hex(wasm.digest), to_hex(reference_entry.digest))
          << "step " << i << " (" << wasm.what << "): " << (*driver)->name()
          << " differs from native";
    }
  }
};

// --- Genesis and the static answers.

TEST_P(CanaryScenario, GenesisAndVersion) {
  run([](Chain& chain) {
    const Accounts a;
    EXPECT_EQ(chain.query<std::vector<Bytes>>("GenesisBuilder_preset_names"),
              (std::vector<Bytes>{to_bytes("development"), to_bytes("local_testnet")}));
    // The blob's version is the one the runtime's sources declare.
    EXPECT_EQ(to_hex(chain.call_raw("Core_version", {})),
              to_hex(runtime::encode(Runtime::version())));
    // The endowments, and the existential deposit the Treasury's genesis gives its pot.
    EXPECT_EQ(chain.issuance(), kEndowment * 12 + kExistentialDeposit);
    EXPECT_EQ(chain.free(Runtime::Treasury::account_id()), kExistentialDeposit);
    EXPECT_EQ(chain.free(a.alice), kEndowment);
    EXPECT_EQ(chain.nonce(a.alice), 0u);
    EXPECT_EQ(chain.driver().inspect([] { return Sudo::Key::get(); }),
              std::optional<AccountId32>(a.alice));
    // Every pallet's storage version (FRAME's OnGenesis), at FRAME's key: SCALE u16 under
    // twox128(pallet) ++ twox128(":__STORAGE_VERSION__:"); Balances, Session and Grandpa declare
    // 1, 1 and 5.
    for (const auto& [pallet, version] :
         std::vector<std::pair<std::string_view, uint8_t>>{{"System", 0},
                                                           {"Babe", 0},
                                                           {"Timestamp", 0},
                                                           {"Indices", 0},
                                                           {"Balances", 1},
                                                           {"TransactionPayment", 0},
                                                           {"Authorship", 0},
                                                           {"Session", 1},
                                                           {"Grandpa", 5},
                                                           {"Utility", 0},
                                                           {"Sudo", 0}}) {
      Bytes key;
      for (std::string_view part : {pallet, std::string_view(":__STORAGE_VERSION__:")}) {
        const Hash128 h = hash::twox_128(to_bytes(part));
        key.insert(key.end(), h.begin(), h.end());
      }
      EXPECT_EQ(chain.driver().storage(key), std::optional<Bytes>(Bytes{version, 0})) << pallet;
    }
    // Metadata V14 as the node serves it (OpaqueMetadata: "meta", version 14, …); its bytes are
    // in the trace, so every driver must produce the same.
    const Bytes metadata = chain.query<Bytes>("Metadata_metadata");
    ASSERT_GT(metadata.size(), 5u);
    EXPECT_EQ(to_hex(ByteSpan(metadata).first(5)), "0x6d6574610e");
    (void)chain.query<std::vector<uint32_t>>("Metadata_metadata_versions");
  });
}

// --- System.

TEST_P(CanaryScenario, SystemRemarksNonceAndProviders) {
  run([](Chain& chain) {
    const Accounts a;
    chain.begin(kFirstSlot);
    const Bytes note = to_bytes("a remark with an event");
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.alice_pair, call_of<System>(System::remark{to_bytes("hi")})))));
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair, call_of<System>(System::remark_with_event{note}), {.nonce = 1}))));
    // A replayed nonce is refused, not included.
    EXPECT_TRUE(refused_with(
        chain.apply(chain.sign(a.alice_pair, call_of<System>(System::remark{to_bytes("again")}))),
        InvalidKind::kStale));
    chain.finalize();

    const auto events = chain.events();
    const auto remarked = events_of<System, System::Remarked>(events);
    ASSERT_EQ(remarked.size(), 1u);
    EXPECT_EQ(remarked[0].sender, a.alice);
    EXPECT_EQ(remarked[0].hash.bytes, hash::blake2b_256(note));
    EXPECT_EQ((events_of<System, System::ExtrinsicSuccess>(events).size()),
              4u);  // the inherents too
    // Every topic an event carries indexes it in EventTopics: (block, event index).
    chain.driver().inspect([&] {
      for (uint32_t i = 0; i < events.size(); ++i) {
        for (const H256& topic : events[i].topics) {
          const auto indexed = System::EventTopics::get(topic);
          EXPECT_NE(
              std::find(indexed.begin(), indexed.end(), std::tuple<BlockNumber, uint32_t>{1, i}),
              indexed.end());
        }
      }
      return 0;
    });
    EXPECT_EQ(chain.nonce(a.alice), 2u);
    const auto info = chain.driver().inspect([&] { return System::account(a.alice); });
    EXPECT_EQ(info.nonce, 2u);
    EXPECT_EQ(info.providers, 1u);
    EXPECT_EQ(info.consumers, 0u);
  });
}

// The build's runtime with another name or version in its embedded `runtime_version` section (what
// ext_misc_runtime_version reads of a new `:code`), zstd-compressed as on chain.
Bytes code_with_version(std::string_view spec_name, uint32_t spec_version) {
  Bytes wasm = executor::uncompress_code(drivers::runtime_blob()).value();
  const auto section = executor::find_custom_section(wasm, "runtime_version").value();
  if (!section) return {};
  auto version = runtime::decode_runtime_version(*section, 5);
  if (!version) return {};
  version->spec_name = std::string(spec_name);
  version->spec_version = spec_version;
  const Bytes patched = runtime::encode(*version);
  if (patched.size() != section->size()) return {};
  std::copy(patched.begin(), patched.end(), wasm.begin() + (section->data() - wasm.data()));
  Bytes code(executor::kZstdCodePrefix.begin(), executor::kZstdCodePrefix.end());
  Bytes frame(ZSTD_compressBound(wasm.size()));
  const size_t size = ZSTD_compress(frame.data(), frame.size(), wasm.data(), wasm.size(), 3);
  if (ZSTD_isError(size) != 0) return {};
  code.insert(code.end(), frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(size));
  return code;
}

TEST_P(CanaryScenario, SystemRootCallsThroughSudo) {
  run([](Chain& chain) {
    const Accounts a;
    const Bytes upgrade = code_with_version("canary", Runtime::version().spec_version + 1);
    const Bytes renamed = code_with_version("kanary", Runtime::version().spec_version + 1);
    ASSERT_FALSE(upgrade.empty());
    ASSERT_FALSE(renamed.empty());
    const auto set_code = [&](Bytes code) {
      return call_of<Sudo>(Sudo::sudo_unchecked_weight{
          call_of<System>(System::set_code{std::move(code)}), Weight::from_parts(1'000'000, 0)});
    };
    const auto sudid = [](const std::vector<EventRecord>& events) {
      std::vector<std::string> out;
      for (const auto& e : events_of<Sudo, Sudo::Sudid>(events)) {
        out.push_back(describe(e.sudo_result));
      }
      return out;
    };
    const auto system_error = [](System::Error e) {
      return runtime::to_string(pallet_error<System>(e));
    };

    chain.begin(kFirstSlot);
    const Balance alice_before = chain.free(a.alice);
    uint32_t nonce = 0;
    const Bytes key = to_bytes("canary:scenario");
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair,
        call_of<Sudo>(Sudo::sudo{call_of<System>(System::set_storage{{{key, to_bytes("v")}}})}),
        {.nonce = nonce++}))));
    // Root calls need Root: the sudo key itself is only a signed origin.
    EXPECT_TRUE(failed_with(
        chain.apply(chain.sign(a.alice_pair,
                               call_of<System>(System::set_storage{{{key, to_bytes("w")}}}),
                               {.nonce = nonce++})),
        runtime::DispatchError{runtime::DispatchError::Kind::kBadOrigin}));
    // set_code weighs its benchmark (frame_system), so plain sudo fits it; the running code
    // fails the version check inside (Sudid carries the error) and stays.
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair,
        call_of<Sudo>(Sudo::sudo{call_of<System>(System::set_code{drivers::runtime_blob()})}),
        {.nonce = nonce++}))));
    const Bytes code_before = *chain.driver().storage(to_bytes(":code"));
    for (Bytes code : {drivers::runtime_blob(), to_bytes("not a runtime"), renamed}) {
      EXPECT_TRUE(succeeded(
          chain.apply(chain.sign(a.alice_pair, set_code(std::move(code)), {.nonce = nonce++}))));
    }
    EXPECT_EQ(chain.driver().storage(to_bytes(":code")), std::optional<Bytes>(code_before));
    EXPECT_TRUE(
        succeeded(chain.apply(chain.sign(a.alice_pair, set_code(upgrade), {.nonce = nonce++}))));
    const block::Header header = chain.finalize();

    EXPECT_EQ(chain.driver().storage(key), std::optional<Bytes>(to_bytes("v")));
    EXPECT_EQ(chain.driver().storage(to_bytes(":code")), std::optional<Bytes>(upgrade));
    const auto events = chain.events();
    // set_storage, then plain sudo's set_code of the running code, then the four unchecked ones.
    EXPECT_EQ(sudid(events), (std::vector<std::string>{
                                 "ok", system_error(System::Error::kSpecVersionNeedsToIncrease),
                                 system_error(System::Error::kSpecVersionNeedsToIncrease),
                                 system_error(System::Error::kFailedToExtractRuntimeVersion),
                                 system_error(System::Error::kInvalidSpecName), "ok"}));
    EXPECT_EQ((events_of<System, System::CodeUpdated>(events).size()), 1u);
    EXPECT_TRUE(std::any_of(header.digest.begin(), header.digest.end(), [](const auto& item) {
      return std::holds_alternative<block::DigestRuntimeEnvironmentUpdated>(item);
    }));
    // The sudo key pays nothing for sudo calls, only for the failed set_storage.
    const auto failed = events_of<System, System::ExtrinsicFailed>(events);
    ASSERT_EQ(failed.size(), 1u);
    const auto fees = events_of<TransactionPayment, TransactionPayment::TransactionFeePaid>(events);
    Balance paid = 0;
    for (const auto& fee : fees) paid += fee.actual_fee;
    EXPECT_GT(paid, Balance{0});
    EXPECT_EQ(chain.free(a.alice), alice_before - paid);
  });
}

// --- Balances.

TEST_P(CanaryScenario, BalancesTransfersReapingAndForceTransfer) {
  run([](Chain& chain) {
    const Accounts a;
    const keys::KeyPair reaped_pair = sr25519("//Scenario//Reaped");
    const keys::KeyPair kept_pair = sr25519("//Scenario//KeptAlive");
    const keys::KeyPair all_pair = sr25519("//Scenario//TransferAll");
    const AccountId32 reaped = id_of(reaped_pair);
    const AccountId32 kept = id_of(kept_pair);
    const AccountId32 all = id_of(all_pair);
    const auto transfer_allow_death = [](const AccountId32& to, Balance value) {
      return call_of<Balances>(Balances::transfer_allow_death{MultiAddress::id(to), value});
    };

    // Block 1: three new accounts, and a transfer between others by root.
    chain.begin(kFirstSlot);
    const Balance issuance = chain.issuance();
    uint32_t nonce = 0;
    for (const AccountId32* to : {&reaped, &kept, &all}) {
      EXPECT_TRUE(succeeded(chain.apply(
          chain.sign(a.alice_pair, transfer_allow_death(*to, kUnits), {.nonce = nonce++}))));
    }
    const Balance alice_before_sudo = chain.free(a.alice);
    const Balance bob_before = chain.free(a.bob);
    const Balance charlie_before = chain.free(a.charlie);
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair,
                   call_of<Sudo>(Sudo::sudo{call_of<Balances>(Balances::force_transfer{
                       MultiAddress::id(a.bob), MultiAddress::id(a.charlie), 5 * kUnits})}),
                   {.nonce = nonce++}))));
    chain.finalize();
    auto events = chain.events();
    EXPECT_TRUE(has_event<Balances>(events, Balances::Endowed{reaped, kUnits}));
    EXPECT_TRUE(has_event<System>(events, System::NewAccount{reaped}));
    EXPECT_TRUE(has_event<Balances>(events, Balances::Transfer{a.alice, reaped, kUnits}));
    EXPECT_TRUE(has_event<Balances>(events, Balances::Transfer{a.bob, a.charlie, 5 * kUnits}));
    EXPECT_EQ(chain.free(a.bob), bob_before - 5 * kUnits);
    EXPECT_EQ(chain.free(a.charlie), charlie_before + 5 * kUnits);
    EXPECT_EQ(chain.free(a.alice), alice_before_sudo);  // root's transfer costs the key nothing
    EXPECT_EQ(chain.free(reaped), kUnits);
    EXPECT_EQ(chain.driver().inspect([&] { return System::providers(reaped); }), 1u);
    EXPECT_EQ(chain.issuance(), issuance);  // fees are moved to the treasury and the author

    // Block 2: below the existential deposit, kept alive, everything.
    chain.begin(kFirstSlot + 1);
    const Balance bob_before_2 = chain.free(a.bob);
    const Balance dust = kExistentialDeposit / 2;
    Bytes xt = chain.sign(reaped_pair, transfer_allow_death(a.bob, kUnits / 2));
    const Balance reaped_fee = chain.query_info(xt).partial_fee;
    const Balance sent = kUnits - reaped_fee - dust;
    xt = chain.sign(reaped_pair, transfer_allow_death(a.bob, sent));
    ASSERT_EQ(chain.query_info(xt).partial_fee, reaped_fee);
    EXPECT_TRUE(succeeded(chain.apply(xt)));

    const auto keep_alive =
        call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(a.bob), kUnits / 2});
    const Balance kept_fee = chain.query_info(chain.sign(kept_pair, keep_alive)).partial_fee;
    const auto kill = call_of<Balances>(
        Balances::transfer_keep_alive{MultiAddress::id(a.bob), kUnits - kept_fee});
    xt = chain.sign(kept_pair, kill);
    ASSERT_EQ(chain.query_info(xt).partial_fee, kept_fee);
    EXPECT_TRUE(failed_with(chain.apply(xt), pallets::balances::token_error(
                                                 pallets::balances::TokenError::kNotExpendable)));

    xt = chain.sign(all_pair,
                    call_of<Balances>(Balances::transfer_all{MultiAddress::id(a.bob), false}));
    const Balance all_fee = chain.query_info(xt).partial_fee;
    EXPECT_TRUE(succeeded(chain.apply(xt)));
    chain.finalize();

    events = chain.events();
    EXPECT_TRUE(has_event<Balances>(events, Balances::Transfer{reaped, a.bob, sent}));
    EXPECT_TRUE(has_event<Balances>(events, Balances::DustLost{reaped, dust}));
    EXPECT_TRUE(has_event<System>(events, System::KilledAccount{reaped}));
    EXPECT_FALSE(chain.exists(reaped));
    EXPECT_EQ(chain.free(reaped), Balance{0});

    EXPECT_TRUE(chain.exists(kept));
    EXPECT_EQ(chain.free(kept), kUnits - kept_fee);

    EXPECT_TRUE(has_event<Balances>(events, Balances::Transfer{all, a.bob, kUnits - all_fee}));
    EXPECT_TRUE(has_event<System>(events, System::KilledAccount{all}));
    EXPECT_EQ((events_of<Balances, Balances::DustLost>(events).size()), 1u);
    EXPECT_FALSE(chain.exists(all));

    EXPECT_EQ(chain.free(a.bob), bob_before_2 + sent + (kUnits - all_fee));
    // The dust is burned; the fees are not.
    EXPECT_EQ(chain.issuance(), issuance - dust);
  });
}

// --- Transaction payment and authorship.

TEST_P(CanaryScenario, TransactionPaymentChargesTheAnnouncedFee) {
  run([](Chain& chain) {
    const Accounts a;
    const Balance tip = 3 * kCents;
    const auto call =
        call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(a.bob), kUnits});
    Balance previous_fee = 0;
    for (uint32_t block = 0; block < 2; ++block) {
      chain.begin(kFirstSlot + block);
      const Bytes xt = chain.sign(a.alice_pair, call, {.nonce = block, .tip = tip});
      const uint32_t len = static_cast<uint32_t>(scale::encoded_size(xt));
      const tp::RuntimeDispatchInfo info = chain.query_info(xt);
      // FRAME's total weight: the call's and the signed extensions' (canary_runtime_test checks
      // those against Kusama's benchmarks).
      EXPECT_EQ(info.weight, call.info().call_weight.saturating_add(
                                 Executive::Ext::weight(Runtime::SignedExtra{}, call)));
      EXPECT_EQ(info.dispatch_class, DispatchClass::kNormal);
      const auto details =
          chain.query<tp::FeeDetails>("TransactionPaymentApi_query_fee_details", xt, len);
      ASSERT_TRUE(details.inclusion_fee.has_value());
      EXPECT_EQ(details.inclusion_fee->inclusion_fee(), info.partial_fee);
      // A bare call has no extensions: only its weight fee is smaller.
      const auto call_info = chain.query<tp::RuntimeDispatchInfo>(
          "TransactionPaymentCallApi_query_call_info", call, len);
      EXPECT_EQ(call_info.weight, call.info().call_weight);
      EXPECT_EQ(call_info.dispatch_class, info.dispatch_class);
      EXPECT_EQ(call_info.partial_fee,
                info.partial_fee - details.inclusion_fee->adjusted_weight_fee +
                    chain.driver()
                        .inspect([] { return TransactionPayment::next_fee_multiplier(); })
                        .saturating_mul_int(chain.query<Balance>(
                            "TransactionPaymentApi_query_weight_to_fee", call_info.weight)));
      // Kusama's fee constants: 10 millicents a byte; the base weight costs a tenth of a cent.
      EXPECT_EQ(chain.query<Balance>("TransactionPaymentApi_query_length_to_fee", len),
                Balance{len} * 10 * kMillicents);
      EXPECT_EQ(details.inclusion_fee->len_fee, Balance{len} * 10 * kMillicents);
      const Balance base =
          chain.query<Balance>("TransactionPaymentApi_query_weight_to_fee", kExtrinsicBaseWeight);
      EXPECT_LE(base > kCents / 10 ? base - kCents / 10 : kCents / 10 - base, Balance{1});
      const Multiplier multiplier =
          chain.driver().inspect([] { return TransactionPayment::next_fee_multiplier(); });
      const Balance unadjusted =
          chain.query<Balance>("TransactionPaymentApi_query_weight_to_fee", info.weight);
      EXPECT_EQ(details.inclusion_fee->adjusted_weight_fee,
                multiplier.saturating_mul_int(unadjusted));

      const Balance alice = chain.free(a.alice);
      const Balance treasury = chain.free(Runtime::Treasury::account_id());
      const Balance author = chain.free(a.alice_stash);
      const Balance issuance = chain.issuance();
      EXPECT_TRUE(succeeded(chain.apply(xt)));
      chain.finalize();

      const Balance fee = info.partial_fee;
      EXPECT_TRUE(has_event<TransactionPayment>(
          chain.events(), TransactionPayment::TransactionFeePaid{a.alice, fee + tip, tip}));
      EXPECT_EQ(chain.free(a.alice), alice - kUnits - fee - tip);
      // 80% of the fee to the treasury, the rest and the tip to the block's author.
      EXPECT_EQ(chain.free(Runtime::Treasury::account_id()), treasury + fee * 80 / 100);
      EXPECT_EQ(chain.free(a.alice_stash), author + (fee - fee * 80 / 100) + tip);
      EXPECT_EQ(chain.issuance(), issuance);

      // A nearly empty block lowers the multiplier for the next one (target fullness 25%).
      const Multiplier next =
          chain.driver().inspect([] { return TransactionPayment::next_fee_multiplier(); });
      EXPECT_LT(next, multiplier);
      EXPECT_GE(next, Multiplier::saturating_from_rational(1, 10));
      if (block == 1) {
        EXPECT_LT(fee, previous_fee);
      }
      previous_fee = fee;
    }
    // The multiplier the runtime stored is what the update rule gives for the block just built.
    chain.driver().inspect([] {
      EXPECT_EQ(TransactionPayment::next_fee_multiplier(),
                Runtime::FeeMultiplierUpdate::convert(
                    Runtime::FeeMultiplierUpdate::convert(Multiplier::one())));
      return 0;
    });
  });
}

TEST_P(CanaryScenario, AuthorshipTheAuthorGetsTheTipShare) {
  run([](Chain& chain) {
    const Accounts a;
    const Balance tip = kCents;
    const auto call = call_of<System>(System::remark{to_bytes("for the author")});
    // Block 1 by authority 0 (Alice's stash); block 2 names an authority the set does not have:
    // no author, and its share is burned, as polkadot-runtime-common's ToAuthor drops it.
    for (uint32_t block = 0; block < 2; ++block) {
      chain.begin(kFirstSlot + block, block == 0 ? 0 : 7);
      const Bytes xt = chain.sign(a.alice_pair, call, {.nonce = block, .tip = tip});
      const Balance fee = chain.query_info(xt).partial_fee;
      const Balance author = chain.free(a.alice_stash);
      const Balance treasury = chain.free(Runtime::Treasury::account_id());
      const Balance issuance = chain.issuance();
      EXPECT_TRUE(succeeded(chain.apply(xt)));
      chain.finalize();
      const Balance to_author = fee - fee * 80 / 100 + tip;
      EXPECT_EQ(chain.free(Runtime::Treasury::account_id()), treasury + fee * 80 / 100);
      if (block == 0) {
        EXPECT_EQ(chain.free(a.alice_stash), author + to_author);
        EXPECT_EQ(chain.issuance(), issuance);
      } else {
        EXPECT_EQ(chain.free(a.alice_stash), author);
        EXPECT_EQ(chain.issuance(), issuance - to_author);
      }
    }
  });
}

// --- Timestamp.

TEST_P(CanaryScenario, TimestampInherentChecks) {
  run([](Chain& chain) {
    chain.begin(kFirstSlot);
    const block::Header first = chain.finalize();
    const uint64_t now = kFirstSlot * kSlotMillis;
    EXPECT_EQ(chain.driver().inspect([] { return Timestamp::get(); }), now);

    // Block 2, one slot later, checked on its parent's state as an importing node does: a
    // timestamp under the minimum period (3 s) after the parent's is too early, one more than 30 s
    // ahead of the node's clock too far in the future (both fatal).
    const uint64_t next = (kFirstSlot + 1) * kSlotMillis;
    const auto timestamp = [](uint64_t at) {
      return Chain::unsigned_xt(call_of<Timestamp>(Timestamp::set{at}));
    };
    const auto check = [&](uint64_t at) {
      block::Block candidate;
      candidate.header.parent_hash = block::hash_of(first);
      candidate.header.number = 2;
      candidate.extrinsics = {timestamp(at)};
      return chain.query<runtime::CheckInherentsResult>(
          "BlockBuilder_check_inherents", candidate,
          Chain::inherent_data(kFirstSlot + 1, next, first));
    };
    const auto timestamp_error = [](const runtime::CheckInherentsResult& result) {
      const auto it = result.errors.find(runtime::kTimestampInherent);
      return it == result.errors.end() ? Bytes{} : it->second;
    };
    const auto on_time = check(next);
    EXPECT_TRUE(on_time.okay);
    EXPECT_TRUE(on_time.errors.empty());
    const uint64_t minimum_period =
        chain.driver().inspect([] { return Runtime::minimum_period(); });
    EXPECT_EQ(minimum_period, kSlotMillis / 2);
    EXPECT_TRUE(check(now + minimum_period).okay);
    const auto too_early = check(now + minimum_period - 1);
    EXPECT_FALSE(too_early.okay);
    EXPECT_TRUE(too_early.fatal_error);
    EXPECT_EQ(timestamp_error(too_early), Bytes{0});  // InherentError::TooEarly
    const auto too_late = check(next + 30'001);
    EXPECT_FALSE(too_late.okay);
    EXPECT_TRUE(too_late.fatal_error);
    EXPECT_EQ(timestamp_error(too_late), Bytes{1});  // InherentError::TooFarInFuture

    // Applied, the too-early one is refused (a mandatory call that fails); the node's is taken.
    chain.initialize(kFirstSlot + 1);
    EXPECT_TRUE(refused_with(chain.apply(timestamp(now + 1'000)), InvalidKind::kBadMandatory));
    chain.inherents(kFirstSlot + 1);
    chain.finalize();
    EXPECT_EQ(chain.driver().inspect([] { return Timestamp::get(); }), next);
    EXPECT_EQ(chain.blocks()[1].extrinsics.size(), 2u);  // the timestamp and the paras inherent
  });
}

// --- Utility.

TEST_P(CanaryScenario, UtilityBatches) {
  run([](Chain& chain) {
    const Accounts a;
    const auto transfer = [](const AccountId32& to, Balance value) {
      return call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(to), value});
    };
    const runtime::DispatchError funds_unavailable =
        pallets::balances::token_error(pallets::balances::TokenError::kFundsUnavailable);
    const Balance too_much = kEndowment * 2;
    const AccountId32 derived =
        chain.driver().inspect([&] { return pallets::utility::derivative_account_id(a.alice, 0); });

    chain.begin(kFirstSlot);
    const Balance bob = chain.free(a.bob);
    const Balance charlie = chain.free(a.charlie);
    const Balance dave = chain.free(a.dave);
    const Balance eve = chain.free(a.eve);
    uint32_t nonce = 0;
    const auto submit = [&](Call call) {
      return chain.apply(chain.sign(a.alice_pair, std::move(call), {.nonce = nonce++}));
    };
    // batch: stops at the first failure, keeps what ran before it.
    EXPECT_TRUE(succeeded(submit(call_of<Utility>(Utility::batch{
        {transfer(a.bob, kUnits), transfer(a.bob, too_much), transfer(a.bob, kUnits)}}))));
    auto events = chain.events();
    EXPECT_TRUE(has_event<Utility>(events, Utility::BatchInterrupted{1, funds_unavailable}));
    EXPECT_EQ((events_of<Utility, Utility::ItemCompleted>(events).size()), 1u);
    // batch_all: all or nothing; the failed extrinsic still pays.
    EXPECT_TRUE(failed_with(submit(call_of<Utility>(Utility::batch_all{
                                {transfer(a.charlie, kUnits), transfer(a.charlie, too_much)}})),
                            funds_unavailable));
    // force_batch: every call, errors reported.
    EXPECT_TRUE(succeeded(submit(call_of<Utility>(Utility::force_batch{
        {transfer(a.dave, kUnits), transfer(a.dave, too_much), transfer(a.dave, kUnits)}}))));
    // as_derivative: Alice's pseudonym 0 pays Eve.
    EXPECT_TRUE(succeeded(submit(call_of<Balances>(
        Balances::transfer_allow_death{MultiAddress::id(derived), 10 * kUnits}))));
    EXPECT_TRUE(
        succeeded(submit(call_of<Utility>(Utility::as_derivative{0, transfer(a.eve, kUnits)}))));
    chain.finalize();

    events = chain.events();
    EXPECT_EQ((events_of<Utility, Utility::BatchInterrupted>(events).size()), 1u);
    const auto items_failed = events_of<Utility, Utility::ItemFailed>(events);
    ASSERT_EQ(items_failed.size(), 1u);
    EXPECT_EQ(items_failed[0].error, funds_unavailable);
    EXPECT_EQ((events_of<Utility, Utility::BatchCompletedWithErrors>(events).size()), 1u);
    EXPECT_EQ((events_of<Utility, Utility::ItemCompleted>(events).size()), 3u);
    EXPECT_TRUE(has_event<Balances>(events, Balances::Transfer{derived, a.eve, kUnits}));
    EXPECT_EQ(chain.free(a.bob), bob + kUnits);
    EXPECT_EQ(chain.free(a.charlie), charlie);
    EXPECT_FALSE(has_event<Balances>(events, Balances::Transfer{a.alice, a.charlie, kUnits}));
    EXPECT_EQ(chain.free(a.dave), dave + 2 * kUnits);
    EXPECT_EQ(chain.free(a.eve), eve + kUnits);
    EXPECT_EQ(chain.free(derived), 9 * kUnits);  // the fee was Alice's
  });
}

// --- Multisig and Vesting.

// Issue 20's acceptance point: a 2-of-3 multisig of Alice, Bob and Charlie makes a transfer.
TEST_P(CanaryScenario, MultisigTwoOfThreeTransfer) {
  run([](Chain& chain) {
    const Accounts a;
    std::vector<AccountId32> all = {a.alice, a.bob, a.charlie};
    std::sort(all.begin(), all.end());
    const AccountId32 multi = pallets::multisig::multi_account_id(all, 2);
    const auto others = [&](const AccountId32& who) {
      std::vector<AccountId32> out;
      for (const AccountId32& x : all) {
        if (x != who) out.push_back(x);
      }
      return out;
    };
    const Call inner =
        call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(a.dave), 3 * kUnits});
    const Weight inner_weight = inner.info().call_weight;
    const Hash256 hash = inner.hash();

    chain.begin(kFirstSlot);
    const Balance dave = chain.free(a.dave);
    const Balance alice_reserved = chain.reserved(a.alice);
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair,
        call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(multi), 10 * kUnits}),
        {.nonce = 0}))));
    // Alice opens the operation with the call: deposit(1, 88) + 2 × deposit(0, 32) reserved, i.e.
    // 2,000 cents + 8,800 and 2 × 3,200 hundredths of a cent (333,333,333 and 333,333 planck).
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair,
                   call_of<Multisig>(Multisig::as_multi{2, others(a.alice), std::nullopt,
                                                        Boxed<Call>(inner), Weight::zero()}),
                   {.nonce = 1}))));
    EXPECT_EQ(chain.reserved(a.alice), alice_reserved + 671'733'327'600u);
    EXPECT_EQ(chain.free(a.dave), dave);
    const auto when = chain.driver().inspect([&] {
      return Multisig::Multisigs::get(multi, hash).value_or(Multisig::MultisigOf{}).when;
    });
    EXPECT_EQ(when.height, 1u);
    // Bob's approval reaches the threshold and dispatches the call from the multisig account.
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.bob_pair,
                               call_of<Multisig>(Multisig::as_multi{
                                   2, others(a.bob), when, Boxed<Call>(inner), inner_weight}),
                               {.nonce = 0}))));
    chain.finalize();

    const auto events = chain.events();
    const auto executed = events_of<Multisig, Multisig::MultisigExecuted>(events);
    ASSERT_EQ(executed.size(), 1u);
    EXPECT_EQ(executed[0].approving, a.bob);
    EXPECT_EQ(executed[0].multisig, multi);
    EXPECT_EQ(executed[0].call_hash, hash);
    EXPECT_EQ(describe(executed[0].result), "ok");
    EXPECT_TRUE(has_event<Balances>(events, Balances::Transfer{multi, a.dave, 3 * kUnits}));
    EXPECT_EQ(chain.free(a.dave), dave + 3 * kUnits);
    EXPECT_EQ(chain.free(multi), 7 * kUnits);
    EXPECT_EQ(chain.reserved(a.alice), alice_reserved);
    EXPECT_FALSE(
        chain.driver().inspect([&] { return Multisig::Multisigs::contains_key(multi, hash); }));
  });
}

TEST_P(CanaryScenario, VestingVestedTransferLocks) {
  run([](Chain& chain) {
    const Accounts a;
    AccountId32 fresh;
    fresh.bytes.fill(0x5a);
    chain.begin(kFirstSlot);
    // 10 KSM vesting 1 KSM a block from block 100: all of it locked for now.
    EXPECT_TRUE(
        succeeded(chain.apply(chain.sign(a.alice_pair,
                                         call_of<Vesting>(Vesting::vested_transfer{
                                             MultiAddress::id(fresh), {10 * kUnits, kUnits, 100}}),
                                         {.nonce = 0}))));
    // Below MinVestedTransfer (100 cents): refused.
    EXPECT_FALSE(
        succeeded(chain.apply(chain.sign(a.alice_pair,
                                         call_of<Vesting>(Vesting::vested_transfer{
                                             MultiAddress::id(fresh), {100 * kCents - 1, 1, 100}}),
                                         {.nonce = 1}))));
    chain.finalize();
    EXPECT_TRUE(has_event<Vesting>(chain.events(), Vesting::VestingUpdated{fresh, 10 * kUnits}));
    EXPECT_EQ(chain.free(fresh), 10 * kUnits);
    const auto locks = chain.driver().inspect([&] { return Balances::locks(fresh); });
    ASSERT_EQ(locks.size(), 1u);
    EXPECT_EQ(std::string(locks[0].id.begin(), locks[0].id.end()), "vesting ");
    EXPECT_EQ(locks[0].amount, 10 * kUnits);
    EXPECT_EQ(chain.driver().inspect([&] { return Vesting::vesting_balance(fresh); }),
              std::optional<Balance>(10 * kUnits));
  });
}

// --- Indices.

TEST_P(CanaryScenario, IndicesClaimTransferFree) {
  run([](Chain& chain) {
    const Accounts a;
    const Balance deposit = Runtime::kIndexDeposit;
    const auto entry = [&](uint32_t index) {
      return chain.driver().inspect([&] { return Indices::Accounts::get(index); });
    };
    const auto indices_error = [](Indices::Error e) { return pallet_error<Indices>(e); };

    chain.begin(kFirstSlot);
    const Balance issuance = chain.issuance();
    EXPECT_TRUE(
        succeeded(chain.apply(chain.sign(a.alice_pair, call_of<Indices>(Indices::claim{7})))));
    EXPECT_TRUE(
        failed_with(chain.apply(chain.sign(a.bob_pair, call_of<Indices>(Indices::claim{7}))),
                    indices_error(Indices::Error::kInUse)));
    chain.finalize();
    auto events = chain.events();
    EXPECT_TRUE(has_event<Indices>(events, Indices::IndexAssigned{a.alice, 7}));
    EXPECT_TRUE(has_event<Balances>(events, Balances::Reserved{a.alice, deposit}));
    EXPECT_EQ(entry(7), (std::optional<pallets::indices::IndexEntry>({a.alice, deposit, false})));
    EXPECT_EQ(chain.reserved(a.alice), deposit);
    // The map holds that one index, under its Blake2_128Concat key.
    const Bytes key_of_7 = chain.driver().inspect([] { return Indices::Accounts::key(7); });
    EXPECT_EQ(chain.driver().keys_with_prefix(Indices::Accounts::prefix()),
              std::vector<Bytes>{key_of_7});

    chain.begin(kFirstSlot + 1);
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair, call_of<Indices>(Indices::transfer{MultiAddress::id(a.bob), 7}),
                   {.nonce = 1}))));
    EXPECT_TRUE(failed_with(
        chain.apply(chain.sign(a.alice_pair, call_of<Indices>(Indices::free{7}), {.nonce = 2})),
        indices_error(Indices::Error::kNotOwner)));
    EXPECT_EQ(entry(7), (std::optional<pallets::indices::IndexEntry>({a.bob, deposit, false})));
    EXPECT_EQ(chain.reserved(a.alice), Balance{0});
    EXPECT_EQ(chain.reserved(a.bob), deposit);
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.bob_pair, call_of<Indices>(Indices::free{7}), {.nonce = 1}))));
    chain.finalize();
    events = chain.events();
    EXPECT_TRUE(has_event<Indices>(events, Indices::IndexAssigned{a.bob, 7}));
    EXPECT_TRUE(has_event<Indices>(events, Indices::IndexFreed{7}));
    EXPECT_EQ(entry(7), std::nullopt);
    EXPECT_TRUE(chain.driver().keys_with_prefix(Indices::Accounts::prefix()).empty());
    EXPECT_EQ(chain.reserved(a.bob), Balance{0});
    EXPECT_EQ(chain.issuance(), issuance);
  });
}

// --- Sudo.

TEST_P(CanaryScenario, SudoKeyCallsAndHandover) {
  run([](Chain& chain) {
    const Accounts a;
    const auto remark = call_of<System>(System::remark{to_bytes("as root")});
    const runtime::DispatchError require_sudo = pallet_error<Sudo>(Sudo::Error::kRequireSudo);

    chain.begin(kFirstSlot);
    const Balance alice = chain.free(a.alice);
    EXPECT_TRUE(failed_with(chain.apply(chain.sign(a.bob_pair, call_of<Sudo>(Sudo::sudo{remark}))),
                            require_sudo));
    // A call that fails as Root still makes a successful, free sudo extrinsic.
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair,
        call_of<Sudo>(Sudo::sudo{call_of<System>(System::remark_with_event{to_bytes("no")})})))));
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.alice_pair,
                               call_of<Sudo>(Sudo::sudo_as{
                                   MultiAddress::id(a.bob),
                                   call_of<System>(System::remark_with_event{to_bytes("by bob")})}),
                               {.nonce = 1}))));
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair, call_of<Sudo>(Sudo::set_key{MultiAddress::id(a.charlie)}), {.nonce = 2}))));
    chain.finalize();
    auto events = chain.events();
    const auto sudid = events_of<Sudo, Sudo::Sudid>(events);
    ASSERT_EQ(sudid.size(), 1u);
    EXPECT_EQ(describe(sudid[0].sudo_result),
              runtime::to_string(runtime::DispatchError{runtime::DispatchError::Kind::kBadOrigin}));
    const auto as_done = events_of<Sudo, Sudo::SudoAsDone>(events);
    ASSERT_EQ(as_done.size(), 1u);
    EXPECT_TRUE(as_done[0].sudo_result.has_value());
    const auto remarked = events_of<System, System::Remarked>(events);
    ASSERT_EQ(remarked.size(), 1u);
    EXPECT_EQ(remarked[0].sender, a.bob);
    EXPECT_TRUE(has_event<Sudo>(events, Sudo::KeyChanged{a.alice, a.charlie}));
    EXPECT_EQ(chain.driver().inspect([] { return Sudo::Key::get(); }),
              std::optional<AccountId32>(a.charlie));
    EXPECT_EQ(chain.free(a.alice), alice);  // the key pays nothing

    chain.begin(kFirstSlot + 1);
    EXPECT_TRUE(failed_with(
        chain.apply(chain.sign(a.alice_pair, call_of<Sudo>(Sudo::sudo{remark}), {.nonce = 3})),
        require_sudo));
    EXPECT_TRUE(
        succeeded(chain.apply(chain.sign(a.charlie_pair, call_of<Sudo>(Sudo::sudo{remark})))));
    chain.finalize();
    events = chain.events();
    ASSERT_EQ((events_of<Sudo, Sudo::Sudid>(events).size()), 1u);
    EXPECT_TRUE((events_of<Sudo, Sudo::Sudid>(events)[0].sudo_result.has_value()));
  });
}

// --- The pallet template (runtime/pallets/template; template_test.cpp tests it natively).

TEST_P(CanaryScenario, TemplateStoresNumbersAndRefusesTooLargeOnes) {
  run([](Chain& chain) {
    const Accounts a;
    const auto template_error = [](Template::Error e) { return pallet_error<Template>(e); };
    const auto something = [&] {
      return chain.driver().inspect([] { return Template::Something::get(); });
    };

    chain.begin(kFirstSlot);
    EXPECT_TRUE(failed_with(
        chain.apply(chain.sign(a.alice_pair, call_of<Template>(Template::cause_error{}))),
        template_error(Template::Error::kNoneValue)));
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.bob_pair, call_of<Template>(Template::do_something{41})))));
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair, call_of<Template>(Template::cause_error{}), {.nonce = 1}))));
    EXPECT_TRUE(
        failed_with(chain.apply(chain.sign(a.charlie_pair, call_of<Template>(Template::do_something{
                                                               Runtime::kTemplateMaxValue + 1}))),
                    template_error(Template::Error::kTooLarge)));
    chain.finalize();
    const auto events = chain.events();
    EXPECT_TRUE(has_event<Template>(events, Template::SomethingStored{41, a.bob}));
    EXPECT_EQ((events_of<Template, Template::SomethingStored>(events).size()), 1u);
    EXPECT_EQ(something(), std::optional<uint32_t>(42));
    EXPECT_EQ(chain.driver().inspect([&] { return Template::Values::get(a.bob); }),
              std::optional<uint32_t>(41));
    EXPECT_EQ(chain.driver().inspect([&] { return Template::Values::get(a.charlie); }),
              std::nullopt);
  });
}

// --- Session, BABE, GRANDPA.

SessionKeys new_session_keys() {
  const auto copy = [](auto& out, const Bytes& key) {
    std::copy(key.begin(), key.end(), out.begin());
  };
  SessionKeys keys;
  copy(keys.grandpa.bytes,
       keys::KeyPair::from_suri(keys::Scheme::kEd25519, "//Alice//next").value().public_key());
  copy(keys.babe.bytes, sr25519("//Alice//next//babe").public_key());
  copy(keys.para_validator.bytes, sr25519("//Alice//next//para").public_key());
  copy(keys.para_assignment.bytes, sr25519("//Alice//next//asgn").public_key());
  copy(keys.authority_discovery.bytes, sr25519("//Alice//next//audi").public_key());
  copy(keys.beefy.bytes,
       keys::KeyPair::from_suri(keys::Scheme::kEcdsa, "//Alice//next").value().public_key());
  return keys;
}

pallets::babe::AuthorityId babe_key(std::string_view hex) {
  return pallets::babe::AuthorityId{from_hex_fixed<32>(hex).value()};
}

TEST_P(CanaryScenario, BabeAndGrandpaApis) {
  run([](Chain& chain) {
    const std::vector<pallets::babe::Authority> babe_authorities = {
        {babe_key(kDevAccounts[0].sr25519), 1}};
    const auto config = chain.query<pallets::babe::BabeConfiguration>("BabeApi_configuration");
    EXPECT_EQ(config.slot_duration, kSlotMillis);
    EXPECT_EQ(config.epoch_length, kDefaultEpochDuration);
    EXPECT_EQ(config.c, (std::tuple<uint64_t, uint64_t>{1, 4}));
    EXPECT_EQ(config.authorities, babe_authorities);
    EXPECT_EQ(config.allowed_slots, pallets::babe::AllowedSlots::kPrimaryAndSecondaryVRFSlots);

    chain.begin(kFirstSlot);
    chain.finalize();
    EXPECT_EQ(chain.query<pallets::babe::Slot>("BabeApi_current_epoch_start").value, kFirstSlot);
    const auto epoch = chain.query<pallets::babe::Epoch>("BabeApi_current_epoch");
    EXPECT_EQ(epoch.epoch_index, 0u);
    EXPECT_EQ(epoch.start_slot.value, kFirstSlot);
    EXPECT_EQ(epoch.duration, kDefaultEpochDuration);
    EXPECT_EQ(epoch.authorities, babe_authorities);
    EXPECT_EQ(epoch.config,
              (pallets::babe::BabeEpochConfiguration{
                  {1, 4}, pallets::babe::AllowedSlots::kPrimaryAndSecondaryVRFSlots}));
    const auto next = chain.query<pallets::babe::Epoch>("BabeApi_next_epoch");
    EXPECT_EQ(next.epoch_index, 1u);
    EXPECT_EQ(next.start_slot.value, kFirstSlot + kDefaultEpochDuration);

    const auto grandpa =
        chain.query<pallets::grandpa::AuthorityList>("GrandpaApi_grandpa_authorities");
    ASSERT_EQ(grandpa.size(), 1u);
    EXPECT_EQ(to_hex(std::get<0>(grandpa[0]).bytes), kDevAccounts[0].ed25519);
    EXPECT_EQ(std::get<1>(grandpa[0]), 1u);
    EXPECT_EQ(chain.query<uint64_t>("GrandpaApi_current_set_id"), 0u);
    // Historical proves a key of no validator too (FRAME's proving trie records the lookup);
    // the proof then convinces no one.
    const auto absent = chain.query<std::optional<Bytes>>("BabeApi_generate_key_ownership_proof",
                                                          pallets::babe::Slot{kFirstSlot},
                                                          pallets::babe::AuthorityId{});
    ASSERT_TRUE(absent.has_value());
    const auto absent_proof = scale::decode<pallets::session::MembershipProof>(*absent);
    ASSERT_TRUE(absent_proof.has_value());
    EXPECT_EQ(absent_proof->session, 0u);
    EXPECT_EQ(absent_proof->validator_count, 1u);

    const SessionKeys keys = new_session_keys();
    using Decoded = std::optional<std::vector<std::tuple<Bytes, ByteArray<4>>>>;
    const auto decoded =
        chain.query<Decoded>("SessionKeys_decode_session_keys", scale::encode(keys));
    ASSERT_TRUE(decoded.has_value());
    ASSERT_EQ(decoded->size(), 6u);
    EXPECT_EQ(std::get<0>((*decoded)[1]), Bytes(keys.babe.bytes.begin(), keys.babe.bytes.end()));
    EXPECT_EQ(std::get<1>((*decoded)[5]), SessionKeys::kKeyTypeIds[5].id);
    EXPECT_EQ(chain.query<Decoded>("SessionKeys_decode_session_keys", Bytes{1, 2, 3}),
              std::nullopt);
  });
}

// --- Equivocation reports: the node finds two blocks of one author in one slot, or two votes of
// one voter in one GRANDPA round, asks the runtime for the key-ownership proof and submits the
// report as an unsigned extrinsic; the pool keeps only its own node's reports, the block checks
// the evidence and the proof against Historical's session, and Offences hands the offence to
// Staking.

// A signature made once per (key, message) in the process, so that the Wasm run and its native
// reference see the same bytes (sr25519 signing is randomized).
Bytes signed_once(const keys::KeyPair& signer, ByteSpan message) {
  static std::map<Bytes, Bytes> signed_before;
  Bytes key = signer.public_key();
  key.insert(key.end(), message.begin(), message.end());
  auto it = signed_before.find(key);
  if (it == signed_before.end()) it = signed_before.emplace(key, signer.sign(message)).first;
  return it->second;
}

// A header of `slot` by authority 0, sealed by `author` as a BABE block author seals it.
block::Header babe_header(uint64_t slot, uint8_t variant, const keys::KeyPair& author) {
  block::Header header;
  header.number = 2;
  header.state_root[0] = variant;
  pallets::babe::PreDigest pre;
  pre.value = pallets::babe::PreDigest::SecondaryPlain{{0, pallets::babe::Slot{slot}}};
  header.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, scale::encode(pre)});
  const Hash256 pre_hash = hash::blake2b_256(scale::encode(header));
  header.digest.push_back(block::DigestSeal{block::kBabeEngineId, signed_once(author, pre_hash)});
  return header;
}

// A GRANDPA prevote for `target` in `round` of set `set_id`, signed as voters sign it.
std::tuple<pallets::grandpa::Vote<false>, pallets::grandpa::AuthoritySignature> grandpa_prevote(
    const keys::KeyPair& voter, uint8_t target, uint64_t round, uint64_t set_id) {
  pallets::grandpa::Vote<false> vote;
  vote.target_hash.bytes[0] = target;
  vote.target_number = 1;
  scale::Encoder message;
  message.put_byte(0);  // finality_grandpa::Message::Prevote
  scale::encode_to(message, vote.target_hash);
  scale::encode_to(message, vote.target_number);
  scale::encode_to(message, round);
  scale::encode_to(message, set_id);
  pallets::grandpa::AuthoritySignature signature;
  const Bytes raw = voter.sign(std::move(message).take());
  std::copy(raw.begin(), raw.end(), signature.bytes.begin());
  return {vote, signature};
}

TEST_P(CanaryScenario, EquivocationReportsAreCheckedAndSlashed) {
  run([](Chain& chain) {
    using Grandpa = Runtime::Grandpa;
    using Offences = Runtime::Offences;
    using pallets::session::MembershipProof;
    const Accounts a;
    const keys::KeyPair grandpa_pair =
        keys::KeyPair::from_suri(keys::Scheme::kEd25519, "//Alice").value();
    const uint64_t report_longevity =
        uint64_t{Runtime::kBondingDuration} * 6 * kDefaultEpochDuration;
    const auto local = [&](const Bytes& xt) {
      return chain.query<TransactionValidity>("TaggedTransactionQueue_validate_transaction",
                                              runtime::TransactionSource::kLocal, xt,
                                              H256{block::hash_of(chain.head())});
    };
    const auto key_owner_proof = [&](std::string_view api, const auto& at, const auto& key) {
      const auto opaque = chain.query<std::optional<Bytes>>(api, at, key);
      EXPECT_TRUE(opaque.has_value());
      return scale::decode<MembershipProof>(opaque.value_or(Bytes{})).value_or(MembershipProof{});
    };

    // Block 1: Root lifts the genesis validator's invulnerability, so that its offences count.
    chain.begin(kFirstSlot);
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair,
                   call_of<Sudo>(Sudo::sudo{call_of<Staking>(Staking::set_invulnerables{{}})})))));
    chain.finalize();

    // BABE: two blocks of one slot by the validator's key.
    const uint64_t slot = kFirstSlot + 1;
    const pallets::babe::AuthorityId babe_id = babe_key(kDevAccounts[0].sr25519);
    pallets::babe::EquivocationProof babe_proof{babe_id, pallets::babe::Slot{slot},
                                                babe_header(slot, 1, a.alice_pair),
                                                babe_header(slot, 2, a.alice_pair)};
    const MembershipProof babe_owner =
        key_owner_proof("BabeApi_generate_key_ownership_proof", pallets::babe::Slot{slot}, babe_id);
    EXPECT_EQ(babe_owner.session, 0u);
    EXPECT_EQ(babe_owner.validator_count, 1u);
    const Bytes babe_report = Chain::unsigned_xt(
        call_of<Babe>(Babe::report_equivocation_unsigned{babe_proof, babe_owner}));

    // The pool takes it from its own node only, with FRAME's tag, priority and longevity.
    EXPECT_TRUE(invalid_with(chain.validate(babe_report), InvalidKind::kCall));
    const auto valid = local(babe_report);
    ASSERT_TRUE(valid.has_value()) << runtime::to_string(valid.error());
    EXPECT_EQ(valid->priority, UINT64_MAX);
    EXPECT_FALSE(valid->propagate);
    EXPECT_EQ(valid->longevity, report_longevity);
    Bytes tag = scale::encode(std::string("BabeEquivocation"));
    const Bytes tag_data = scale::encode(std::tuple{babe_id, slot});
    tag.insert(tag.end(), tag_data.begin(), tag_data.end());
    EXPECT_EQ(valid->provides_tags, std::vector<Bytes>{tag});

    // Evidence that does not hold up: the second header sealed by another key.
    pallets::babe::EquivocationProof forged = babe_proof;
    forged.second_header = babe_header(slot, 2, a.bob_pair);
    chain.begin(kFirstSlot + 2);
    EXPECT_TRUE(
        failed_with(chain.apply(chain.sign(
                        a.bob_pair, call_of<Babe>(Babe::report_equivocation{forged, babe_owner}))),
                    pallet_error<Babe>(pallets::babe::Error::kInvalidEquivocationProof)));
    // The real report, in a block: the offence, and Staking's report of a full slash.
    EXPECT_TRUE(succeeded(chain.apply(babe_report)));
    chain.finalize();
    auto events = chain.events();
    EXPECT_TRUE(has_event<Offences>(
        events, Offences::Offence{traits::staking::offence_kind("babe:equivocatio"),
                                  scale::encode(pallets::babe::Slot{slot})}));
    EXPECT_TRUE(has_event<Staking>(
        events, Staking::SlashReported{a.alice_stash, arithmetic::Perbill::one(), 0}));
    // Reported once: the pool calls it stale, a block refuses it.
    EXPECT_TRUE(invalid_with(local(babe_report), InvalidKind::kStale));

    // GRANDPA: two prevotes of round 1 of set 0 for different blocks.
    const uint64_t round = 1;
    pallets::grandpa::AuthorityId grandpa_id;
    const Bytes grandpa_public = grandpa_pair.public_key();
    std::copy(grandpa_public.begin(), grandpa_public.end(), grandpa_id.bytes.begin());
    pallets::grandpa::VoteEquivocation<false> votes;
    votes.round_number = round;
    votes.identity = grandpa_id;
    votes.first = grandpa_prevote(grandpa_pair, 1, round, 0);
    votes.second = grandpa_prevote(grandpa_pair, 2, round, 0);
    pallets::grandpa::EquivocationProof grandpa_proof;
    grandpa_proof.set_id = 0;
    grandpa_proof.equivocation.value = pallets::grandpa::EquivocationProof::Prevote{votes};
    const MembershipProof grandpa_owner =
        key_owner_proof("GrandpaApi_generate_key_ownership_proof", uint64_t{0}, grandpa_id);
    const Bytes grandpa_report = Chain::unsigned_xt(
        call_of<Grandpa>(Grandpa::report_equivocation_unsigned{grandpa_proof, grandpa_owner}));
    ASSERT_TRUE(local(grandpa_report).has_value());
    // Two votes for the same block are no equivocation.
    pallets::grandpa::EquivocationProof same = grandpa_proof;
    std::get<pallets::grandpa::EquivocationProof::Prevote>(same.equivocation.value)
        .equivocation.second = votes.first;
    chain.begin(kFirstSlot + 3);
    EXPECT_TRUE(failed_with(
        chain.apply(chain.sign(a.bob_pair,
                               call_of<Grandpa>(Grandpa::report_equivocation{same, grandpa_owner}),
                               Signing{.nonce = 1})),
        pallet_error<Grandpa>(pallets::grandpa::Error::kInvalidEquivocationProof)));
    EXPECT_TRUE(succeeded(chain.apply(grandpa_report)));
    chain.finalize();
    events = chain.events();
    EXPECT_TRUE(has_event<Offences>(
        events,
        Offences::Offence{traits::staking::offence_kind("grandpa:equivoca"),
                          scale::encode(pallets::grandpa::EquivocationTimeSlot{0, round})}));
    EXPECT_TRUE(invalid_with(local(grandpa_report), InvalidKind::kStale));
  });
}

TEST_P(CanaryScenario, SessionSetKeysAndRotation) {
  run([](Chain& chain) {
    const Accounts a;
    const SessionKeys keys = new_session_keys();
    chain.begin(kFirstSlot);
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.stash_pair, call_of<Session>(Session::set_keys{keys, {}})))));
    // Keys in use are refused to another account.
    EXPECT_TRUE(failed_with(
        chain.apply(chain.sign(a.bob_pair, call_of<Session>(Session::set_keys{keys, {}}))),
        pallet_error<Session>(Session::Error::kDuplicatedKey)));
    chain.finalize();
    chain.driver().inspect([&] {
      EXPECT_EQ(Session::NextKeys::get(a.alice_stash), std::optional<SessionKeys>(keys));
      EXPECT_EQ(Session::KeyOwner::get({SessionKeys::kKeyTypeIds[1],
                                        Bytes(keys.babe.bytes.begin(), keys.babe.bytes.end())}),
                std::optional<AccountId32>(a.alice_stash));
      EXPECT_EQ(Session::CurrentIndex::get(), 0u);
      return 0;
    });

    // The first slot of epoch 1 ends session 0: the new keys are queued, and BABE announces them
    // as the next epoch's authorities; the current ones stay.
    chain.begin(kFirstSlot + kDefaultEpochDuration);
    const block::Header header = chain.finalize();
    const auto events = chain.events();
    const auto sessions = events_of<Session, Session::NewSession>(events);
    ASSERT_EQ(sessions.size(), 1u);
    EXPECT_EQ(sessions[0].session_index, 1u);
    chain.driver().inspect([&] {
      EXPECT_EQ(Session::CurrentIndex::get(), 1u);
      const auto queued = Session::QueuedKeys::get();
      EXPECT_EQ(queued, (std::vector<std::tuple<AccountId32, SessionKeys>>{{a.alice_stash, keys}}));
      EXPECT_TRUE(Session::QueuedChanged::get());
      EXPECT_EQ(Babe::EpochIndex::get(), 1u);
      return 0;
    });
    const auto current = chain.query<pallets::babe::Epoch>("BabeApi_current_epoch");
    EXPECT_EQ(current.epoch_index, 1u);
    EXPECT_EQ(std::get<0>(current.authorities.at(0)), babe_key(kDevAccounts[0].sr25519));
    const auto next = chain.query<pallets::babe::Epoch>("BabeApi_next_epoch");
    ASSERT_EQ(next.authorities.size(), 1u);
    EXPECT_EQ(std::get<0>(next.authorities[0]), keys.babe);
    // The header announces the next epoch (a BABE consensus digest).
    EXPECT_TRUE(std::any_of(header.digest.begin(), header.digest.end(), [](const auto& item) {
      const auto* consensus = std::get_if<block::DigestConsensus>(&item);
      return consensus != nullptr && consensus->engine == block::kBabeEngineId;
    }));
    EXPECT_EQ(
        to_hex(std::get<0>(
                   chain.query<pallets::grandpa::AuthorityList>("GrandpaApi_grandpa_authorities")
                       .at(0))
                   .bytes),
        kDevAccounts[0].ed25519);
  });
}

// --- Staking: the development preset's validator is bonded and elected at genesis; its blocks
// earn era points; an era of SessionsPerEra (6) sessions ends with its payout, which anyone
// triggers for the validator; a nomination made during an era counts from the next election.
TEST_P(CanaryScenario, StakingElectsEarnsPointsAndPaysOut) {
  run([](Chain& chain) {
    using pallets::staking::RewardDestination;
    const Accounts a;
    constexpr Balance kGenesisBond = 100 * kUnits;
    constexpr Balance kBobBond = 10 * kUnits;
    chain.driver().inspect([&] {
      EXPECT_EQ(Staking::CurrentEra::get(), std::optional<uint32_t>(0));
      EXPECT_EQ(Staking::ActiveEra::get().value_or(pallets::staking::ActiveEraInfo{9, {}}).index,
                0u);
      EXPECT_EQ(Staking::Bonded::get(a.alice_stash), std::optional<AccountId32>(a.alice_stash));
      const auto exposure = Staking::ErasStakersOverview::get(0, a.alice_stash);
      EXPECT_TRUE(exposure.has_value() && exposure->total == kGenesisBond &&
                  exposure->own == kGenesisBond && exposure->nominator_count == 0);
      EXPECT_EQ(Session::validators(), std::vector<AccountId32>{a.alice_stash});
      EXPECT_EQ(Runtime::VoterList::count(), 1u);
      return 0;
    });

    // Bob bonds and nominates the validator in the first block.
    chain.begin(kFirstSlot);
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.bob_pair, call_of<Staking>(Staking::bond{kBobBond, RewardDestination::stash()})))));
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.bob_pair, call_of<Staking>(Staking::nominate{{MultiAddress::id(a.alice_stash)}}),
        Signing{.nonce = 1}))));
    chain.finalize();

    // The first block of each epoch starts a session; the sixth ends era 0 (its payout) and
    // starts era 1, whose election (a session ahead) counted Bob.
    std::vector<Staking::EraPaid> paid;
    size_t elected = 0;
    for (uint64_t epoch = 1; epoch <= 6; ++epoch) {
      chain.begin(kFirstSlot + epoch * kDefaultEpochDuration);
      chain.finalize();
      const auto events = chain.events();
      for (const auto& e : events_of<Staking, Staking::EraPaid>(events)) paid.push_back(e);
      elected += events_of<Staking, Staking::StakersElected>(events).size();
    }
    EXPECT_EQ(elected, 1u);
    ASSERT_EQ(paid.size(), 1u);
    EXPECT_EQ(paid[0].era_index, 0u);
    EXPECT_GT(paid[0].validator_payout, Balance{0});
    const Balance era_reward = paid[0].validator_payout;
    chain.driver().inspect([&] {
      EXPECT_EQ(Staking::ActiveEra::get().value_or(pallets::staking::ActiveEraInfo{}).index, 1u);
      EXPECT_EQ(Staking::ErasValidatorReward::get(0), std::optional<Balance>(era_reward));
      // Authorship notes each block's author first in its block (before Session rotates): the
      // seven blocks, including era 1's first, are era 0's, 20 points each.
      const auto points = Staking::ErasRewardPoints::get(0);
      EXPECT_EQ(points.total, 7u * 20u);
      EXPECT_EQ(points.individual.at(a.alice_stash), 7u * 20u);
      const auto exposure = Staking::ErasStakersOverview::get(1, a.alice_stash);
      EXPECT_TRUE(exposure.has_value() && exposure->total == kGenesisBond + kBobBond &&
                  exposure->own == kGenesisBond && exposure->nominator_count == 1);
      return 0;
    });

    // Bob pays the validator out for era 0: it had every point and no nominator, so it gets the
    // whole validator payout, added to its bond (the genesis payee is Staked).
    chain.begin(kFirstSlot + 6 * kDefaultEpochDuration + 1);
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.bob_pair, call_of<Staking>(Staking::payout_stakers{a.alice_stash, 0}),
                   Signing{.nonce = 2}))));
    chain.finalize();
    const auto rewarded = events_of<Staking, Staking::Rewarded>(chain.events());
    ASSERT_EQ(rewarded.size(), 1u);
    EXPECT_EQ(rewarded[0].stash, a.alice_stash);
    EXPECT_EQ(rewarded[0].dest, RewardDestination::staked());
    EXPECT_EQ(rewarded[0].amount, era_reward);
    chain.driver().inspect([&] {
      const auto ledger = Staking::Ledger::get(a.alice_stash);
      EXPECT_TRUE(ledger.has_value() && ledger->active == kGenesisBond + era_reward);
      return 0;
    });
    // A second payout of the same era is refused.
    EXPECT_TRUE(failed_with(
        [&] {
          chain.begin(kFirstSlot + 6 * kDefaultEpochDuration + 2);
          auto r = chain.apply(
              chain.sign(a.bob_pair, call_of<Staking>(Staking::payout_stakers{a.alice_stash, 0}),
                         Signing{.nonce = 3}));
          chain.finalize();
          return r;
        }(),
        pallet_error<Staking>(Staking::Error::kAlreadyClaimed)));
  });
}

// ElectionProviderMultiPhase (37): the era's election opens a signed phase (the snapshot) and
// an unsigned one a quarter of an epoch each before it; the offchain worker of the block that
// opens the unsigned phase mines a solution and submits it unsigned, the pool takes it only from
// the local node, the next block checks and queues it, and the election hands it to Staking.
TEST_P(CanaryScenario, ElectionSolutionMinedOffchainIsQueuedAndElected) {
  run([](Chain& chain) {
    using Epm = Runtime::ElectionProviderMultiPhase;
    namespace epm = pallets::election_provider_multi_phase;
    const Accounts a;
    constexpr Balance kGenesisBond = 100 * kUnits;
    constexpr Balance kBobBond = 10 * kUnits;
    std::vector<Bytes> submitted;
    chain.driver().enable_offchain(&submitted);

    chain.begin(kFirstSlot);
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.bob_pair,
        call_of<Staking>(Staking::bond{kBobBond, pallets::staking::RewardDestination::stash()})))));
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.bob_pair, call_of<Staking>(Staking::nominate{{MultiAddress::id(a.alice_stash)}}),
        Signing{.nonce = 1}))));
    chain.finalize();
    for (uint64_t epoch = 1; epoch <= 4; ++epoch) {
      chain.begin(kFirstSlot + epoch * kDefaultEpochDuration);
      chain.finalize();
    }
    // Era 1's election is due when session 5 starts (a session before the era).
    const uint64_t election = kFirstSlot + 5 * kDefaultEpochDuration;
    constexpr uint64_t kPhase = kDefaultEpochDuration / 4;

    // 200 blocks before it: the signed phase opens with the snapshot.
    chain.begin(election - kPhase - kPhase / 3);
    chain.finalize();
    auto transitions = events_of<Epm, Epm::PhaseTransitioned>(chain.events());
    ASSERT_EQ(transitions.size(), 1u);
    EXPECT_EQ(transitions[0].to, epm::Phase::signed_phase());
    EXPECT_EQ(transitions[0].round, 1u);
    chain.driver().inspect([&] {
      const auto snapshot = Epm::Snapshot::get();
      EXPECT_TRUE(snapshot.has_value() && snapshot->voters.size() == 2 &&
                  snapshot->targets == std::vector<AccountId32>{a.alice_stash});
      EXPECT_EQ(Epm::SnapshotMetadata::get(), (epm::SolutionOrSnapshotSize{2, 1}));
      EXPECT_EQ(Epm::DesiredTargets::get(), std::optional<uint32_t>(1));
      return 0;
    });

    // 100 blocks before it: the unsigned phase opens, and this block's offchain worker mines.
    chain.begin(election - kPhase + kPhase / 3);
    const block::Header opened = chain.finalize();
    transitions = events_of<Epm, Epm::PhaseTransitioned>(chain.events());
    ASSERT_EQ(transitions.size(), 1u);
    EXPECT_EQ(transitions[0].to, epm::Phase::unsigned_phase(true, opened.number));
    chain.driver().start_transaction();
    (void)chain.call_raw("OffchainWorkerApi_offchain_worker", scale::encode(opened));
    chain.driver().rollback_transaction();
    ASSERT_EQ(submitted.size(), 1u);
    // Submitted as the pool takes it (an opaque extrinsic: length-prefixed); the helpers take the
    // bytes inside.
    const std::optional<ByteSpan> inner = block::opaque_extrinsic_bytes(submitted[0]);
    ASSERT_TRUE(inner.has_value());
    const Bytes solution(inner->begin(), inner->end());
    // Valid from the local node only, above the miner's priority; never gossiped.
    const auto local = chain.query<TransactionValidity>(
        "TaggedTransactionQueue_validate_transaction", runtime::TransactionSource::kLocal, solution,
        chain.head_hash());
    ASSERT_TRUE(local.has_value());
    EXPECT_GE(local->priority, Runtime::ElectionConfig::kMinerTxPriority);
    EXPECT_FALSE(local->propagate);
    EXPECT_TRUE(invalid_with(chain.validate(solution), InvalidKind::kCall));

    // The next block includes it: checked and queued.
    chain.begin(election - kPhase / 3);
    EXPECT_TRUE(succeeded(chain.apply(solution)));
    chain.finalize();
    const auto stored = events_of<Epm, Epm::SolutionStored>(chain.events());
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].compute, epm::ElectionCompute::kUnsigned);
    EXPECT_EQ(stored[0].origin, std::nullopt);
    EXPECT_FALSE(stored[0].prev_ejected);
    npos::ElectionScore score;
    chain.driver().inspect([&] {
      const auto queued = Epm::QueuedSolution::get();
      EXPECT_TRUE(queued.has_value());
      if (queued) score = queued->score;
      return 0;
    });
    // Alice's own 100 KSM and Bob's 10 behind the only winner.
    EXPECT_EQ(score.minimal_stake, kGenesisBond + kBobBond);

    // The election takes the queued solution; the round ends.
    chain.begin(election);
    chain.finalize();
    const auto events = chain.events();
    const auto finalized = events_of<Epm, Epm::ElectionFinalized>(events);
    ASSERT_EQ(finalized.size(), 1u);
    EXPECT_EQ(finalized[0].compute, epm::ElectionCompute::kUnsigned);
    EXPECT_EQ(finalized[0].score, score);
    EXPECT_EQ((events_of<Staking, Staking::StakersElected>(events).size()), 1u);
    chain.driver().inspect([&] {
      EXPECT_EQ(Epm::Round::get(), 2u);
      EXPECT_EQ(Epm::CurrentPhase::get(), epm::Phase::off());
      EXPECT_FALSE(Epm::Snapshot::get().has_value());
      const auto exposure = Staking::ErasStakersOverview::get(1, a.alice_stash);
      EXPECT_TRUE(exposure.has_value() && exposure->total == kGenesisBond + kBobBond &&
                  exposure->own == kGenesisBond && exposure->nominator_count == 1);
      return 0;
    });
  });
}

// --- OpenGov: Referenda (21) on ConvictionVoting (20), enacted by the Scheduler; the development
// preset's governance timings (governance.hpp: prepare 2, decision 20, confirm 2, enactment 2).

namespace gov = pallets::referenda;
namespace cv = pallets::conviction_voting;
using OriginCaller = Runtime::Pallets::OriginCaller;
using BoundedCall = traits::preimages::Bounded<Call>;

// Half a dev account's endowment, at 1x conviction: three such votes are 12.5 % of the issuance.
constexpr Balance kVoteBalance = kEndowment / 2;

// A Root referendum submitted by Alice in block 1 (the proposal noted as a preimage and looked up,
// or inline), with her decision deposit and the votes given; then the blocks until `done` says
// so (at most `max_blocks`). Returns the events of every block after the first, with their block.
struct GovernanceRun {
  std::vector<std::pair<BlockNumber, EventRecord>> events;
  template <class E>
  std::vector<std::pair<BlockNumber, E>> of() const {
    std::vector<std::pair<BlockNumber, E>> out;
    for (const auto& [block, record] : events) {
      for (const E& e : events_of<Referenda, E>({record})) out.emplace_back(block, e);
    }
    return out;
  }
};

// A referendum of `origin` submitted by Alice in block 1 after the calls of `before` (hers, from
// nonce 0), with her decision deposit and the votes given.
void submit_referendum(Chain& chain, const Accounts& a, const OriginCaller& origin,
                       const Call& proposal_call, bool lookup,
                       const std::vector<std::pair<const keys::KeyPair*, bool>>& voters,
                       const std::vector<Call>& before = {}) {
  chain.begin(kFirstSlot);
  uint32_t nonce = 0;
  for (const Call& call : before) {
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(a.alice_pair, call, {.nonce = nonce++}))));
  }
  const Bytes encoded = scale::encode(proposal_call);
  BoundedCall proposal;
  if (lookup) {
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair, call_of<Preimage>(Preimage::note_preimage{encoded}), {.nonce = nonce++}))));
    proposal.value =
        BoundedCall::Lookup{hash::blake2b_256(encoded), static_cast<uint32_t>(encoded.size())};
  } else {
    proposal.value = BoundedCall::Inline{encoded};
  }
  EXPECT_TRUE(succeeded(chain.apply(
      chain.sign(a.alice_pair,
                 call_of<Referenda>(Referenda::submit{Boxed<OriginCaller>(origin), proposal,
                                                      gov::DispatchTime::after(0)}),
                 {.nonce = nonce++}))));
  EXPECT_TRUE(succeeded(
      chain.apply(chain.sign(a.alice_pair, call_of<Referenda>(Referenda::place_decision_deposit{0}),
                             {.nonce = nonce++}))));
  for (const auto& [voter, aye] : voters) {
    const uint32_t voter_nonce = voter == &a.alice_pair ? nonce++ : 0;
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(*voter,
                   call_of<ConvictionVoting>(ConvictionVoting::vote{
                       0, cv::AccountVote::standard(aye, cv::Conviction::kLocked1x, kVoteBalance)}),
                   {.nonce = voter_nonce}))));
  }
  chain.finalize();
  const auto submitted = events_of<Referenda, Referenda::Submitted>(chain.events());
  ASSERT_EQ(submitted.size(), 1u);
  EXPECT_EQ(submitted[0].index, 0u);
  EXPECT_EQ(submitted[0].proposal, proposal);
  const auto track = Runtime::ReferendaTracks::track_for(origin.origin);
  ASSERT_TRUE(track.has_value());
  EXPECT_EQ(submitted[0].track, *track);
  const auto placed = events_of<Referenda, Referenda::DecisionDepositPlaced>(chain.events());
  ASSERT_EQ(placed.size(), 1u);
  // The tracks read the genesis' periods from the state.
  const Balance decision_deposit = chain.driver().inspect([&] {
    const gov::TrackInfo* info = gov::track_info<Runtime::ReferendaTracks>(*track);
    return info != nullptr ? info->decision_deposit : Balance{0};
  });
  EXPECT_EQ(placed[0].amount, decision_deposit);
}

void submit_root_referendum(Chain& chain, const Accounts& a, const Call& proposal_call, bool lookup,
                            const std::vector<std::pair<const keys::KeyPair*, bool>>& voters) {
  submit_referendum(chain, a, OriginCaller{Origin::root()}, proposal_call, lookup, voters);
  const auto submitted = events_of<Referenda, Referenda::Submitted>(chain.events());
  ASSERT_EQ(submitted.size(), 1u);
  EXPECT_EQ(submitted[0].track, 0);  // Root's track
  const auto placed = events_of<Referenda, Referenda::DecisionDepositPlaced>(chain.events());
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].amount, 100 * pallets::origins::kGrand);  // the root track's
}

template <class Done>
GovernanceRun run_blocks(Chain& chain, uint32_t max_blocks, Done done) {
  GovernanceRun run;
  for (uint32_t i = 1; i <= max_blocks; ++i) {
    chain.begin(kFirstSlot + i);
    const block::Header header = chain.finalize();
    for (EventRecord& record : chain.events()) run.events.emplace_back(header.number, record);
    if (done(run)) break;
  }
  return run;
}

std::vector<pallets::balances::BalanceLock> locks_of(Chain& chain, const AccountId32& who) {
  return chain.driver().inspect([&] { return Balances::locks(who); });
}

bool has_vote_lock(const std::vector<pallets::balances::BalanceLock>& locks, Balance amount) {
  return std::any_of(locks.begin(), locks.end(), [&](const pallets::balances::BalanceLock& lock) {
    return lock.id == cv::kLockId && lock.amount == amount;
  });
}

TEST_P(CanaryScenario, GovernanceRootReferendumIsEnacted) {
  run([](Chain& chain) {
    const Accounts a;
    const DevGovernanceTimings& fast = kDevGovernanceTimings;
    // The timings in force are the preset's, in the pallets and in their metadata constants.
    chain.driver().inspect([&] {
      EXPECT_EQ(Referenda::undeciding_timeout(), fast.undeciding_timeout);
      EXPECT_EQ(ConvictionVoting::vote_locking_period(), fast.vote_locking_period);
      const gov::TrackInfo* root = gov::track_info<Runtime::ReferendaTracks>(0);
      EXPECT_TRUE(root != nullptr && root->prepare_period == fast.prepare_period &&
                  root->decision_period == fast.decision_period &&
                  root->confirm_period == fast.confirm_period &&
                  root->min_enactment_period == fast.min_enactment_period &&
                  root->decision_deposit == 100 * pallets::origins::kGrand);
      return 0;
    });
    const Bytes key = to_bytes("canary:governance");
    const Call proposal = call_of<System>(System::set_storage{{{key, to_bytes("enacted")}}});
    // Alice, Bob and Charlie vote aye: 12.5 % support, above the root track's support curve
    // (50 % falling to 0 over the decision period) three quarters into it.
    submit_root_referendum(chain, a, proposal, /*lookup=*/true,
                           {{&a.alice_pair, true}, {&a.bob_pair, true}, {&a.charlie_pair, true}});
    const traits::schedule::TaskName enactment = gov::enactment_task_name(0);
    const GovernanceRun run = run_blocks(chain, 40, [&](const GovernanceRun& r) {
      for (const auto& [block, record] : r.events) {
        for (const auto& d : events_of<Scheduler, Scheduler::Dispatched>({record})) {
          if (d.id == std::optional<traits::schedule::TaskName>(enactment)) return true;
        }
      }
      return false;
    });

    // Deciding starts when the prepare period ends (submitted in block 1).
    const auto started = run.of<Referenda::DecisionStarted>();
    ASSERT_EQ(started.size(), 1u);
    EXPECT_EQ(started[0].first, 1 + fast.prepare_period);
    const auto confirm_started = run.of<Referenda::ConfirmStarted>();
    const auto confirmed = run.of<Referenda::Confirmed>();
    ASSERT_EQ(confirm_started.size(), 1u);
    ASSERT_EQ(confirmed.size(), 1u);
    EXPECT_EQ(confirmed[0].first, confirm_started[0].first + fast.confirm_period);
    EXPECT_LE(confirmed[0].first, started[0].first + fast.decision_period);
    EXPECT_EQ(confirmed[0].second.tally.ayes, 3 * kVoteBalance);
    EXPECT_EQ(confirmed[0].second.tally.support, 3 * kVoteBalance);
    // The Scheduler dispatched the proposal from Root min_enactment_period blocks later.
    BlockNumber dispatched_at = 0;
    for (const auto& [block, record] : run.events) {
      for (const auto& d : events_of<Scheduler, Scheduler::Dispatched>({record})) {
        if (d.id != std::optional<traits::schedule::TaskName>(enactment)) continue;
        dispatched_at = block;
        EXPECT_EQ(describe(d.result), "ok");
      }
    }
    EXPECT_EQ(dispatched_at, confirmed[0].first + fast.min_enactment_period);
    EXPECT_EQ(chain.driver().storage(key), std::optional<Bytes>(to_bytes("enacted")));
    chain.driver().inspect([&] {
      const auto info = Referenda::ReferendumInfoFor::get(0);
      EXPECT_TRUE(info.has_value() &&
                  std::holds_alternative<Referenda::Info::Approved>(info->value));
      if (info) {
        if (const auto* approved = std::get_if<Referenda::Info::Approved>(&info->value)) {
          EXPECT_EQ(approved->since, confirmed[0].first);
        }
      }
      EXPECT_EQ(Referenda::DecidingCount::get(0), 0u);
      return 0;
    });
    // The voters' balances stay locked for their conviction (the winning side).
    for (const AccountId32& voter : {a.alice, a.bob, a.charlie}) {
      EXPECT_TRUE(has_vote_lock(locks_of(chain, voter), kVoteBalance));
    }
  });
}

// The forkless upgrade of issue 20, in the runtime: a root referendum's enactment is
// system.set_code, dispatched by the Scheduler. set_code weighs its benchmark, so the Scheduler's
// agenda fits it (a call weighing the whole block would stay overweight there for ever); the code
// is replaced, with CodeUpdated and the digest item, and the rest of that block counts as used.
TEST_P(CanaryScenario, GovernanceRootReferendumSetsTheCode) {
  run([](Chain& chain) {
    const Accounts a;
    const Bytes upgrade = code_with_version("canary", Runtime::version().spec_version + 1);
    ASSERT_FALSE(upgrade.empty());
    const Call proposal = call_of<System>(System::set_code{upgrade});
    chain.driver().inspect([&] {
      EXPECT_LT(proposal.info().total_weight().ref_time,
                Runtime::block_weights().max_block.ref_time / 10);
      return 0;
    });
    submit_root_referendum(chain, a, proposal, /*lookup=*/true,
                           {{&a.alice_pair, true}, {&a.bob_pair, true}, {&a.charlie_pair, true}});
    const traits::schedule::TaskName enactment = gov::enactment_task_name(0);
    BlockNumber updated_at = 0;
    const GovernanceRun run = run_blocks(chain, 40, [&](const GovernanceRun& r) {
      for (const auto& [block, record] : r.events) {
        if (!events_of<System, System::CodeUpdated>({record}).empty()) updated_at = block;
      }
      return updated_at != 0;
    });
    ASSERT_NE(updated_at, 0u) << "the referendum did not set the code";
    bool dispatched = false;
    for (const auto& [block, record] : run.events) {
      for (const auto& d : events_of<Scheduler, Scheduler::Dispatched>({record})) {
        if (d.id != std::optional<traits::schedule::TaskName>(enactment)) continue;
        dispatched = true;
        EXPECT_EQ(block, updated_at);
        EXPECT_EQ(describe(d.result), "ok");
      }
      EXPECT_TRUE((events_of<Scheduler, Scheduler::PermanentlyOverweight>({record}).empty()));
    }
    EXPECT_TRUE(dispatched);
    EXPECT_EQ(chain.driver().storage(to_bytes(":code")), std::optional<Bytes>(upgrade));
  });
}

TEST_P(CanaryScenario, GovernanceReferendumVotedDownIsRejected) {
  run([](Chain& chain) {
    const Accounts a;
    const DevGovernanceTimings& fast = kDevGovernanceTimings;
    const Bytes key = to_bytes("canary:governance");
    const Call proposal = call_of<System>(System::set_storage{{{key, to_bytes("enacted")}}});
    submit_root_referendum(chain, a, proposal, /*lookup=*/false, {{&a.alice_pair, false}});
    const GovernanceRun run = run_blocks(
        chain, 40, [](const GovernanceRun& r) { return !r.of<Referenda::Rejected>().empty(); });
    const auto started = run.of<Referenda::DecisionStarted>();
    const auto rejected = run.of<Referenda::Rejected>();
    ASSERT_EQ(started.size(), 1u);
    ASSERT_EQ(rejected.size(), 1u);
    // Never passing: rejected when the decision period ends.
    EXPECT_EQ(rejected[0].first, started[0].first + fast.decision_period);
    EXPECT_EQ(rejected[0].second.tally.nays, kVoteBalance);
    EXPECT_TRUE(run.of<Referenda::Confirmed>().empty());
    EXPECT_EQ(chain.driver().storage(key), std::nullopt);
    chain.driver().inspect([&] {
      const auto info = Referenda::ReferendumInfoFor::get(0);
      EXPECT_TRUE(info.has_value() &&
                  std::holds_alternative<Referenda::Info::Rejected>(info->value));
      return 0;
    });
    EXPECT_TRUE(has_vote_lock(locks_of(chain, a.alice), kVoteBalance));
  });
}

// --- Proxy (30).

using Proxy = Runtime::Proxy;

// Issue 20's acceptance point: a Governance proxy votes on behalf of its delegator. Alice makes
// Bob her Governance proxy and Charlie her NonTransfer proxy (in block 1, before her referendum);
// in block 2 Bob's Proxy.proxy(Alice, ConvictionVoting.vote) counts as Alice's vote (her tally,
// her lock, nothing of Bob's), and Charlie's Proxy.proxy(Alice, Balances.transfer_keep_alive) is
// refused by NonTransfer's filter (the proxy extrinsic succeeds, its ProxyExecuted carries
// System's CallFiltered, nothing moves).
TEST_P(CanaryScenario, ProxyGovernanceVotesForItsDelegator) {
  run([](Chain& chain) {
    const Accounts a;
    const Balance alice_reserved = chain.reserved(a.alice);
    const Bytes key = to_bytes("canary:governance");
    const Call proposal = call_of<System>(System::set_storage{{{key, to_bytes("enacted")}}});
    submit_referendum(
        chain, a, OriginCaller{Origin::root()}, proposal, /*lookup=*/false, {},
        {call_of<Proxy>(Proxy::add_proxy{MultiAddress::id(a.bob), ProxyType::kGovernance, 0}),
         call_of<Proxy>(
             Proxy::add_proxy{MultiAddress::id(a.charlie), ProxyType::kNonTransfer, 0})});
    // Two proxies: deposit(1, 8) + 2 × deposit(0, 33) reserved from Alice, with the referendum's
    // submission and decision deposits (checked apart).
    const Balance proxy_deposit = deposit(1, 8) + 2 * deposit(0, 33);
    EXPECT_EQ(proxy_deposit, 669'133'330'200u);
    chain.driver().inspect([&] {
      const auto [proxies, held] = Proxy::Proxies::get(a.alice);
      EXPECT_EQ(held, proxy_deposit);
      EXPECT_EQ(proxies.size(), 2u);
      return 0;
    });
    EXPECT_GE(chain.reserved(a.alice), alice_reserved + proxy_deposit);

    chain.begin(kFirstSlot + 1);
    const Balance dave = chain.free(a.dave);
    const Balance alice_free = chain.free(a.alice);
    const Call vote = call_of<ConvictionVoting>(ConvictionVoting::vote{
        0, cv::AccountVote::standard(true, cv::Conviction::kLocked1x, kVoteBalance)});
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.bob_pair,
        call_of<Proxy>(Proxy::proxy{MultiAddress::id(a.alice), std::nullopt, Boxed<Call>(vote)}),
        {.nonce = 0}))));
    const Call transfer =
        call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(a.dave), kUnits});
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.charlie_pair,
                               call_of<Proxy>(Proxy::proxy{MultiAddress::id(a.alice), std::nullopt,
                                                           Boxed<Call>(transfer)}),
                               {.nonce = 0}))));
    // Bob may not act for Alice as another type than his own.
    EXPECT_EQ(describe(chain.apply(
                  chain.sign(a.bob_pair,
                             call_of<Proxy>(Proxy::proxy{MultiAddress::id(a.alice), ProxyType::kAny,
                                                         Boxed<Call>(vote)}),
                             {.nonce = 1}))),
              "dispatch error: " +
                  runtime::to_string(pallet_error<Proxy>(pallets::proxy::Error::kNotProxy)));
    chain.finalize();

    const auto events = chain.events();
    const auto executed = events_of<Proxy, Proxy::ProxyExecuted>(events);
    ASSERT_EQ(executed.size(), 2u);
    EXPECT_EQ(describe(executed[0].result), "ok");
    EXPECT_EQ(describe(executed[1].result),
              describe(DispatchResult(unexpected(module_error(System::kIndex, 5)))));
    EXPECT_EQ(chain.free(a.dave), dave);
    EXPECT_EQ(chain.free(a.alice), alice_free);  // the fees were Bob's and Charlie's
    // The vote is Alice's: the referendum's tally, her voting record and her lock.
    chain.driver().inspect([&] {
      const auto info = Referenda::ReferendumInfoFor::get(0);
      EXPECT_TRUE(info.has_value());
      if (info) {
        const auto* ongoing = std::get_if<Referenda::Info::Ongoing>(&info->value);
        EXPECT_NE(ongoing, nullptr);
        if (ongoing != nullptr) {
          EXPECT_EQ(ongoing->status.tally.ayes, kVoteBalance);
          EXPECT_EQ(ongoing->status.tally.support, kVoteBalance);
          EXPECT_EQ(ongoing->status.tally.nays, 0u);
        }
      }
      EXPECT_NE(scale::encode(ConvictionVoting::VotingFor::get(a.alice, 0)),
                scale::encode(ConvictionVoting::VotingFor::get(a.dave, 0)));
      EXPECT_EQ(scale::encode(ConvictionVoting::VotingFor::get(a.bob, 0)),
                scale::encode(ConvictionVoting::VotingFor::get(a.dave, 0)));
      return 0;
    });
    EXPECT_TRUE(has_vote_lock(locks_of(chain, a.alice), kVoteBalance));
    EXPECT_FALSE(has_vote_lock(locks_of(chain, a.bob), kVoteBalance));
  });
}

// --- Whitelist (44): a call whitelisted by Root (Sudo on the development chain; on Kusama the
// Fellowship) and dispatched as Root by a referendum on the WhitelistedCaller track.

using Whitelist = Runtime::Whitelist;

TEST_P(CanaryScenario, WhitelistedCallerReferendumDispatchesAWhitelistedCall) {
  run([](Chain& chain) {
    const Accounts a;
    const Bytes key = to_bytes("canary:whitelisted");
    const Call target = call_of<System>(System::set_storage{{{key, to_bytes("dispatched")}}});
    const Bytes encoded = scale::encode(target);
    const H256 hash{hash::blake2b_256(encoded)};
    const Call proposal = call_of<Whitelist>(Whitelist::dispatch_whitelisted_call{
        hash, static_cast<uint32_t>(encoded.size()), target.info().call_weight});
    const OriginCaller whitelisted_caller{
        Runtime::Origins::origin(pallets::origins::Origin::kWhitelistedCaller)};
    // Block 1: Root whitelists the hash (which requests the preimage), Alice notes the preimage
    // (free: requested), then submits the referendum and all three vote aye.
    submit_referendum(
        chain, a, whitelisted_caller, proposal, /*lookup=*/false,
        {{&a.alice_pair, true}, {&a.bob_pair, true}, {&a.charlie_pair, true}},
        {call_of<Sudo>(Sudo::sudo{call_of<Whitelist>(Whitelist::whitelist_call{hash})}),
         call_of<Preimage>(Preimage::note_preimage{encoded})});
    EXPECT_EQ((events_of<Whitelist, Whitelist::CallWhitelisted>(chain.events())),
              std::vector<Whitelist::CallWhitelisted>{{hash}});
    EXPECT_EQ((events_of<Referenda, Referenda::Submitted>(chain.events()).at(0).track), 1);
    chain.driver().inspect([&] {
      EXPECT_TRUE(Whitelist::WhitelistedCall::contains_key(hash));
      EXPECT_TRUE(Preimage::is_requested(hash.bytes));
      EXPECT_EQ(Preimage::len(hash.bytes), std::optional<uint32_t>(encoded.size()));
      return 0;
    });
    const auto dispatched = [&](const GovernanceRun& r) {
      std::vector<std::pair<BlockNumber, Whitelist::WhitelistedCallDispatched>> out;
      for (const auto& [block, record] : r.events) {
        for (const auto& e : events_of<Whitelist, Whitelist::WhitelistedCallDispatched>({record})) {
          out.emplace_back(block, e);
        }
      }
      return out;
    };
    const GovernanceRun run =
        run_blocks(chain, 60, [&](const GovernanceRun& r) { return !dispatched(r).empty(); });
    const auto outcome = dispatched(run);
    ASSERT_EQ(outcome.size(), 1u) << "the whitelisted call was not dispatched";
    EXPECT_EQ(outcome[0].second.call_hash, hash);
    EXPECT_TRUE(outcome[0].second.result.has_value());
    ASSERT_EQ(run.of<Referenda::Confirmed>().size(), 1u);
    EXPECT_GT(outcome[0].first, run.of<Referenda::Confirmed>()[0].first);
    // Dispatched as Root (set_storage needs it); the whitelisting and the preimage are used up.
    EXPECT_EQ(chain.driver().storage(key), std::optional<Bytes>(to_bytes("dispatched")));
    chain.driver().inspect([&] {
      EXPECT_FALSE(Whitelist::WhitelistedCall::contains_key(hash));
      EXPECT_FALSE(Preimage::is_requested(hash.bytes));
      EXPECT_EQ(Preimage::len(hash.bytes), std::nullopt);
      return 0;
    });
  });
}

// The whole path on Kusama: the Fellows whitelist a call by a FellowshipReferenda referendum on
// the fellows track (Alice and Bob, rank 3 on the development chain, vote with the
// FellowshipCollective), then a public referendum on the WhitelistedCaller track dispatches it
// as Root (with its preimage inline).
using FellowshipCollective = Runtime::FellowshipCollective;
using FellowshipReferenda = Runtime::FellowshipReferenda;

TEST_P(CanaryScenario, FellowsWhitelistACallThatAWhitelistedCallerReferendumDispatches) {
  run([](Chain& chain) {
    const Accounts a;
    const Bytes key = to_bytes("canary:fellowship");
    const Call target = call_of<System>(System::set_storage{{{key, to_bytes("whitelisted")}}});
    const H256 hash{hash::blake2b_256(scale::encode(target))};
    const OriginCaller fellows{Runtime::Origins::origin(pallets::origins::Origin::kFellows)};
    const Call whitelist = call_of<Whitelist>(Whitelist::whitelist_call{hash});
    uint64_t slot = kFirstSlot;
    // Runs blocks until `done` sees its event in one (at most `max`); returns that block.
    const auto run_until = [&](uint32_t max, auto done) -> BlockNumber {
      for (uint32_t i = 0; i < max; ++i) {
        chain.begin(++slot);
        const block::Header header = chain.finalize();
        if (done(chain.events())) return header.number;
      }
      return 0;
    };

    // Block 1: Alice (a member) submits the fellows' referendum with its decision deposit; she
    // and Bob vote aye with the collective (rank 3 on the fellows track: support 2 of 2).
    chain.begin(slot);
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.alice_pair,
                               call_of<FellowshipReferenda>(FellowshipReferenda::submit{
                                   Boxed<OriginCaller>(fellows),
                                   BoundedCall{BoundedCall::Inline{scale::encode(whitelist)}},
                                   gov::DispatchTime::after(0)}),
                               {.nonce = 0}))));
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair, call_of<FellowshipReferenda>(FellowshipReferenda::place_decision_deposit{0}),
        {.nonce = 1}))));
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair, call_of<FellowshipCollective>(FellowshipCollective::vote{0, true}),
                   {.nonce = 2}))));
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.bob_pair, call_of<FellowshipCollective>(FellowshipCollective::vote{0, true}),
                   {.nonce = 0}))));
    chain.finalize();
    const auto submitted =
        events_of<FellowshipReferenda, FellowshipReferenda::Submitted>(chain.events());
    ASSERT_EQ(submitted.size(), 1u);
    EXPECT_EQ(submitted[0].track, 3);  // fellows
    const auto voted = events_of<FellowshipCollective, FellowshipCollective::Voted>(chain.events());
    ASSERT_EQ(voted.size(), 2u);
    // Geometric: rank 3 on a rank-3 track is one vote each.
    EXPECT_EQ(voted[1].tally, (FellowshipCollective::TallyT::from_parts(2, 2, 0)));
    // Charlie is no member: he cannot vote.
    chain.begin(++slot);
    const auto refused = chain.apply(chain.sign(
        a.charlie_pair, call_of<FellowshipCollective>(FellowshipCollective::vote{0, true}),
        {.nonce = 0}));
    EXPECT_FALSE(succeeded(refused));
    chain.finalize();

    const BlockNumber whitelisted_at = run_until(40, [&](const std::vector<EventRecord>& events) {
      return !events_of<Whitelist, Whitelist::CallWhitelisted>(events).empty();
    });
    ASSERT_NE(whitelisted_at, 0u) << "the fellows' referendum did not whitelist the call";
    chain.driver().inspect([&] {
      EXPECT_TRUE(Whitelist::WhitelistedCall::contains_key(hash));
      EXPECT_TRUE(Preimage::is_requested(hash.bytes));
      const auto info = FellowshipReferenda::ReferendumInfoFor::get(0);
      EXPECT_TRUE(info.has_value() &&
                  std::holds_alternative<FellowshipReferenda::Info::Approved>(info->value));
      return 0;
    });

    // Then the public referendum on the WhitelistedCaller track, the call inline.
    const Call proposal =
        call_of<Whitelist>(Whitelist::dispatch_whitelisted_call_with_preimage{target});
    const OriginCaller whitelisted_caller{
        Runtime::Origins::origin(pallets::origins::Origin::kWhitelistedCaller)};
    chain.begin(++slot);
    EXPECT_TRUE(succeeded(
        chain.apply(chain.sign(a.alice_pair,
                               call_of<Referenda>(Referenda::submit{
                                   Boxed<OriginCaller>(whitelisted_caller),
                                   BoundedCall{BoundedCall::Inline{scale::encode(proposal)}},
                                   gov::DispatchTime::after(0)}),
                               {.nonce = 3}))));
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair, call_of<Referenda>(Referenda::place_decision_deposit{0}), {.nonce = 4}))));
    const std::vector<std::tuple<const keys::KeyPair*, uint32_t>> voters{
        {&a.alice_pair, 5}, {&a.bob_pair, 1}, {&a.charlie_pair, 1}};
    for (const auto& [voter, nonce] : voters) {
      EXPECT_TRUE(succeeded(chain.apply(chain.sign(
          *voter,
          call_of<ConvictionVoting>(ConvictionVoting::vote{
              0, cv::AccountVote::standard(true, cv::Conviction::kLocked1x, kVoteBalance)}),
          {.nonce = nonce}))));
    }
    chain.finalize();
    EXPECT_EQ((events_of<Referenda, Referenda::Submitted>(chain.events()).at(0).track), 1);
    std::optional<Whitelist::WhitelistedCallDispatched> dispatched;
    const BlockNumber dispatched_at = run_until(60, [&](const std::vector<EventRecord>& events) {
      const auto found = events_of<Whitelist, Whitelist::WhitelistedCallDispatched>(events);
      if (!found.empty()) dispatched = found[0];
      return !found.empty();
    });
    ASSERT_NE(dispatched_at, 0u) << "the whitelisted call was not dispatched";
    ASSERT_TRUE(dispatched.has_value());
    EXPECT_EQ(dispatched->call_hash, hash);
    EXPECT_TRUE(dispatched->result.has_value());
    EXPECT_EQ(chain.driver().storage(key), std::optional<Bytes>(to_bytes("whitelisted")));
    chain.driver().inspect([&] {
      EXPECT_FALSE(Whitelist::WhitelistedCall::contains_key(hash));
      EXPECT_FALSE(Preimage::is_requested(hash.bytes));
      return 0;
    });
  });
}

// --- Treasury (18): funded by fees and slashed deposits, spent by the spender origins.

using Treasury = Runtime::Treasury;

// A spend of the SmallSpender track (Kusama's 100 QUID decision deposit, up to 10 GRAND), as the
// issue's acceptance asks: the referendum's enactment approves a local spend from the spender's
// origin, and the next spend period (the preset's 10 blocks) pays it from the pot.
TEST_P(CanaryScenario, TreasurySpendBySmallSpenderReferendumIsPaid) {
  run([](Chain& chain) {
    const Accounts a;
    const Balance amount = 100 * kUnits;
    const Balance funding = 1'000 * kUnits;
    const AccountId32 pot = Treasury::account_id();
    chain.driver().inspect([] {
      EXPECT_EQ(Treasury::spend_period(), kDevGovernanceTimings.treasury_spend_period);
      return 0;
    });
    const Balance dave_before = chain.free(a.dave);
    const Call spend = call_of<Treasury>(Treasury::spend_local{amount, MultiAddress::id(a.dave)});
    const OriginCaller small_spender{
        Runtime::Origins::origin(pallets::origins::Origin::kSmallSpender)};
    submit_referendum(
        chain, a, small_spender, spend, /*lookup=*/false,
        {{&a.alice_pair, true}, {&a.bob_pair, true}, {&a.charlie_pair, true}},
        {call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(pot), funding})});
    EXPECT_EQ((events_of<Referenda, Referenda::Submitted>(chain.events()).at(0).track), 32);
    const GovernanceRun run = run_blocks(chain, 60, [](const GovernanceRun& r) {
      for (const auto& [block, record] : r.events) {
        if (!events_of<Treasury, Treasury::Awarded>({record}).empty()) return true;
      }
      return false;
    });
    // Enacted from the SmallSpender origin: approved as proposal 0 ...
    BlockNumber approved_at = 0;
    BlockNumber awarded_at = 0;
    for (const auto& [block, record] : run.events) {
      for (const auto& e : events_of<Treasury, Treasury::SpendApproved>({record})) {
        approved_at = block;
        EXPECT_EQ(e, (Treasury::SpendApproved{0, amount, a.dave}));
      }
      for (const auto& e : events_of<Treasury, Treasury::Awarded>({record})) {
        awarded_at = block;
        EXPECT_EQ(e, (Treasury::Awarded{0, amount, a.dave}));
      }
    }
    ASSERT_NE(approved_at, 0u) << "the referendum was not enacted";
    ASSERT_NE(awarded_at, 0u) << "the spend was not paid";
    EXPECT_EQ(run.of<Referenda::Confirmed>().size(), 1u);
    // ... and paid at the first spend period boundary after it.
    const BlockNumber period = kDevGovernanceTimings.treasury_spend_period;
    EXPECT_EQ(awarded_at % period, 0u);
    EXPECT_GT(awarded_at, approved_at);
    EXPECT_LE(awarded_at, approved_at + period);
    EXPECT_EQ(chain.free(a.dave), dave_before + amount);
    chain.driver().inspect([&] {
      EXPECT_TRUE(Treasury::Approvals::get().items.empty());
      EXPECT_FALSE(Treasury::Proposals::get(0).has_value());
      EXPECT_EQ(Treasury::ProposalCount::get(), 1u);
      EXPECT_EQ(Treasury::LastSpendPeriod::get(), std::optional<BlockNumber>(awarded_at));
      // The pot is inactive issuance (reported each block; the award block's report came before
      // the payment).
      EXPECT_LE(Balances::inactive_issuance(), Treasury::pot() + amount);
      return 0;
    });
    // The pot paid it: funded with `funding` (and fee shares), less the award.
    EXPECT_GE(chain.free(pot), kExistentialDeposit + funding - amount);
    // The spend period announced its budget and what rolled over.
    bool spending = false;
    bool rollover = false;
    for (const auto& [block, record] : run.events) {
      if (block != awarded_at) continue;
      spending = spending || !events_of<Treasury, Treasury::Spending>({record}).empty();
      rollover = rollover || !events_of<Treasury, Treasury::Rollover>({record}).empty();
    }
    EXPECT_TRUE(spending && rollover);
  });
}

// Kusama's Referenda Slash is the Treasury: a killed referendum's submission and decision
// deposits land in the pot, each a Treasury.Deposit.
TEST_P(CanaryScenario, TreasuryReceivesAKilledReferendumsDeposits) {
  run([](Chain& chain) {
    const Accounts a;
    const AccountId32 pot = Treasury::account_id();
    const Balance pot_before = chain.free(pot);
    const Balance issuance_before = chain.issuance();
    chain.begin(kFirstSlot);
    const Call proposal = call_of<System>(System::remark{to_bytes("to be killed")});
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair, call_of<Referenda>(Referenda::submit{
                                     Boxed<OriginCaller>(OriginCaller{Origin::root()}),
                                     BoundedCall{BoundedCall::Inline{scale::encode(proposal)}},
                                     gov::DispatchTime::after(0)})))));
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair, call_of<Referenda>(Referenda::place_decision_deposit{0}), {.nonce = 1}))));
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair, call_of<Sudo>(Sudo::sudo{call_of<Referenda>(Referenda::kill{0})}),
                   {.nonce = 2}))));
    chain.finalize();
    const auto events = chain.events();
    const Balance submission = Runtime::kReferendaSubmissionDeposit;
    const Balance decision = 100 * pallets::origins::kGrand;  // the root track's
    EXPECT_EQ((events_of<Referenda, Referenda::DepositSlashed>(events)),
              (std::vector<Referenda::DepositSlashed>{{a.alice, submission}, {a.alice, decision}}));
    EXPECT_EQ((events_of<Treasury, Treasury::Deposit>(events)),
              (std::vector<Treasury::Deposit>{{submission}, {decision}}));
    // The pot has the deposits and 80 % of each fee; nothing was burned.
    Balance fee_shares = 0;
    for (const auto& paid :
         events_of<TransactionPayment, TransactionPayment::TransactionFeePaid>(events)) {
      fee_shares += paid.actual_fee * 80 / 100;
    }
    EXPECT_EQ(chain.free(pot), pot_before + submission + decision + fee_shares);
    EXPECT_EQ(chain.reserved(a.alice), 0u);
    EXPECT_EQ(chain.issuance(), issuance_before);
  });
}

// --- The transaction pool's view.

TEST_P(CanaryScenario, ValidateTransactionErrors) {
  run([](Chain& chain) {
    const Accounts a;
    const auto remark = call_of<System>(System::remark{to_bytes("pool")});
    chain.begin(kFirstSlot);
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(a.alice_pair, remark))));
    chain.finalize();
    // Alice's next nonce is 1.
    const auto tag = [&](uint32_t nonce) { return scale::encode(std::tuple{a.alice, nonce}); };

    const auto valid = chain.validate(chain.sign(a.alice_pair, remark, {.nonce = 1}));
    ASSERT_TRUE(valid.has_value()) << runtime::to_string(valid.error());
    EXPECT_TRUE(valid->requires_tags.empty());
    EXPECT_EQ(valid->provides_tags, std::vector<Bytes>{tag(1)});
    EXPECT_GT(valid->priority, 0u);
    EXPECT_EQ(valid->longevity, UINT64_MAX - 2);  // immortal, checked as at block 2
    EXPECT_TRUE(valid->propagate);

    const auto future = chain.validate(chain.sign(a.alice_pair, remark, {.nonce = 2}));
    ASSERT_TRUE(future.has_value());
    EXPECT_EQ(future->requires_tags, std::vector<Bytes>{tag(1)});
    EXPECT_EQ(future->provides_tags, std::vector<Bytes>{tag(2)});

    EXPECT_TRUE(invalid_with(chain.validate(chain.sign(a.alice_pair, remark, {.nonce = 0})),
                             InvalidKind::kStale));
    const Bytes signed_by_bob = chain.sign(a.bob_pair, remark, {.nonce = 1, .address = a.alice});
    EXPECT_TRUE(invalid_with(chain.validate(signed_by_bob), InvalidKind::kBadProof));
    H256 other_genesis;
    other_genesis.bytes.fill(0x42);
    const Bytes other_chain =
        chain.sign(a.alice_pair, remark, {.nonce = 1, .genesis = other_genesis});
    EXPECT_TRUE(invalid_with(chain.validate(other_chain), InvalidKind::kBadProof));
    EXPECT_TRUE(invalid_with(chain.validate(chain.sign(sr25519("//Scenario//Pauper"), remark)),
                             InvalidKind::kPayment));
    EXPECT_TRUE(invalid_with(chain.validate(Bytes{0x84, 0xff, 0x01}), InvalidKind::kCall));
    EXPECT_TRUE(
        invalid_with(chain.validate(Chain::unsigned_xt(call_of<Timestamp>(Timestamp::set{1}))),
                     InvalidKind::kMandatoryValidation));
    // System's validator (frame_system's ValidateUnsigned) refuses every unsigned call but
    // apply_authorized_upgrade; a pallet without one leaves the pool nothing to go by.
    EXPECT_TRUE(invalid_with(chain.validate(Chain::unsigned_xt(remark)), InvalidKind::kCall));
    const auto unsigned_claim =
        chain.validate(Chain::unsigned_xt(call_of<Indices>(Indices::claim{7})));
    ASSERT_FALSE(unsigned_claim.has_value());
    EXPECT_EQ(std::get<runtime::UnknownTransaction>(unsigned_claim.error()).kind,
              runtime::UnknownTransaction::Kind::kNoUnsignedValidator);

    // In a block: only the current nonce goes in.
    chain.begin(kFirstSlot + 1);
    EXPECT_TRUE(refused_with(chain.apply(chain.sign(a.alice_pair, remark, {.nonce = 2})),
                             InvalidKind::kFuture));
    EXPECT_TRUE(refused_with(chain.apply(chain.sign(a.alice_pair, remark, {.nonce = 0})),
                             InvalidKind::kStale));
    EXPECT_TRUE(refused_with(chain.apply(chain.sign(a.bob_pair, remark, {.address = a.alice})),
                             InvalidKind::kBadProof));
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(a.alice_pair, remark, {.nonce = 1}))));
    chain.finalize();
    EXPECT_EQ(chain.blocks()[1].extrinsics.size(), 3u);  // the inherents and one remark
  });
}

// --- Import: the blocks built re-execute to the same state.

TEST_P(CanaryScenario, BuiltBlocksReexecute) {
  run([](Chain& chain) {
    const Accounts a;
    chain.driver().start_transaction();  // undone below: back to the genesis state
    chain.begin(kFirstSlot);
    EXPECT_TRUE(succeeded(chain.apply(chain.sign(
        a.alice_pair,
        call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(a.bob), kUnits})))));
    chain.finalize();
    chain.begin(kFirstSlot + 1);
    EXPECT_TRUE(succeeded(chain.apply(
        chain.sign(a.alice_pair, call_of<System>(System::remark_with_event{to_bytes("block 2")}),
                   {.nonce = 1}))));
    chain.finalize();
    chain.driver().rollback_transaction();

    for (const block::Block& built : chain.blocks()) {
      // Core_execute_block takes the header without the seal; these have none.
      (void)chain.call<std::monostate>("Core_execute_block", built);
      EXPECT_EQ(to_hex(chain.driver().state_root()), to_hex(built.header.state_root));
      chain.note("re-executed state root", chain.driver().state_root());
    }
  });
}

// An imported block's extrinsic signatures are checked as one batch (Executive::execute_block):
// with the node's verifier they are answered at once and judged at the batch's end, without one
// each at once. Either way a block re-executes to its state root, and one bad signature makes the
// block invalid. On the Wasm engines only: natively a panic ends the process.
TEST(CanaryImport, ABadSignatureMakesTheBlockInvalidOnAnyVerifier) {
  for (const DriverKind kind : {DriverKind::kInterpreter, DriverKind::kAot}) {
    auto driver = drivers::make_driver(kind);
    ASSERT_TRUE(driver.has_value()) << driver.error();
    SCOPED_TRACE(std::string((*driver)->name()));
    Chain chain(**driver);
    chain.genesis();
    const Accounts a;
    chain.driver().start_transaction();  // undone below: back to the genesis state
    chain.begin(kFirstSlot);
    for (uint32_t nonce = 0; nonce < 3; ++nonce) {
      EXPECT_TRUE(succeeded(chain.apply(chain.sign(
          a.alice_pair,
          call_of<Balances>(Balances::transfer_keep_alive{MultiAddress::id(a.bob), kUnits}),
          {.nonce = nonce}))));
    }
    chain.finalize();
    chain.driver().rollback_transaction();
    const block::Block& built = chain.blocks().back();
    // The last transfer's signature, one bit off: version, MultiAddress::Id (1 + 32 bytes), then
    // MultiSignature's variant and the 64 signature bytes.
    block::Block tampered = built;
    Bytes& last = tampered.extrinsics.back();
    ASSERT_EQ(last[0], 0x84);
    last[1 + 33 + 1 + 10] ^= 1;

    for (const std::optional<size_t> workers :
         {std::optional<size_t>(), std::optional<size_t>(0), std::optional<size_t>(2)}) {
      SCOPED_TRACE(workers ? std::to_string(*workers) + " verifier threads" : "no verifier");
      std::optional<executor::host::SignatureVerifier> verifier;
      if (workers) verifier.emplace(*workers);
      executor::host::HostContext* context = chain.driver().host_context();
      ASSERT_NE(context, nullptr);
      executor::host::MemoryLogger logger(executor::host::LogFilter::kError);
      context->signature_verifier = verifier ? &*verifier : nullptr;
      context->logger = &logger;
      chain.driver().start_transaction();
      EXPECT_TRUE(chain.driver().call("Core_execute_block", scale::encode(built)).has_value());
      EXPECT_EQ(to_hex(chain.driver().state_root()), to_hex(built.header.state_root));
      chain.driver().rollback_transaction();
      chain.driver().start_transaction();
      const auto refused = chain.driver().call("Core_execute_block", scale::encode(tampered));
      chain.driver().rollback_transaction();
      context->signature_verifier = nullptr;
      context->logger = nullptr;
      ASSERT_FALSE(refused.has_value());
      // The runtime's panic: deferred, the batch's end; at once, the extrinsic's check (BadProof).
      const std::vector<executor::host::MemoryLogger::Line> lines = logger.lines();
      ASSERT_FALSE(lines.empty()) << refused.error();
      EXPECT_NE(lines.back().message.find(workers ? "Signature verification failed"
                                                  : "Transaction has a bad signature"),
                std::string::npos)
          << lines.back().message;
    }
  }
}

// The native driver reaches every entry point the blob exports, and nothing else.
TEST(CanaryRuntimeApi, TheBlobExportsExactlyTheNativeEntryPoints) {
  auto module = drivers::compiled_runtime(DriverKind::kInterpreter);
  ASSERT_TRUE(module.has_value()) << module.error();
  std::vector<std::string> exported;
  for (const auto& e : (*module)->info().function_exports) {
    exported.push_back(e.name);
    EXPECT_NE(runtime_api(e.name), nullptr) << e.name;
  }
  EXPECT_EQ(runtime_api("Core_versions"), nullptr);
  // Exactly the declared methods (apis.hpp), each once: the export list in api.cpp is checked
  // against the declarations at compile time, this checks the blob that list produced.
  const std::vector<std::string_view> names(exported.begin(), exported.end());
  EXPECT_TRUE(rt::runtime_api::exports_match<Apis>(names));
  // What the version announces is implemented (at least one method of each API).
  for (const auto& [id, version] : Runtime::version().apis) {
    EXPECT_TRUE(std::any_of(exported.begin(), exported.end(), [&](const std::string& name) {
      return runtime::api_id(name.substr(0, name.find('_'))) == id;
    })) << to_hex(id);
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, CanaryScenario,
                         ::testing::Values(DriverKind::kNative, DriverKind::kInterpreter,
                                           DriverKind::kAot),
                         [](const ::testing::TestParamInfo<DriverKind>& info) {
                           return std::string(drivers::to_string(info.param));
                         });

}  // namespace
}  // namespace canary::rt::canary_runtime
