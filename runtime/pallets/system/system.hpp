// frame_system: accounts (nonce, reference counts, the balances pallet's data), the block being
// built (number, parent hash, digest, extrinsics, weight, events with topics), the block hash
// history, runtime upgrades (`set_code` with its version checks) and root's raw storage access.
// The executive drives it through initialize / note_* / finalize; other pallets use the account
// reference counting and deposit_event.
//
// The runtime's configuration T provides: AccountData (stored in AccountInfo::data), Pallets (the
// composition, for RuntimeEvent), kBlockHashCount, kSs58Prefix, version(), block_weights(),
// block_length(), kDbWeight, and optionally on_new_account / on_killed_account.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/genesis.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/misc.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/io/trie.hpp"
#include "runtime/pallets/system/types.hpp"
#include "runtime/pallets/system/weights.hpp"

namespace canary::rt::pallets::system {

// Well-known keys outside any pallet (sp-storage well_known_keys).
inline const Bytes& code_key() {
  static const Bytes kKey = to_bytes(":code");
  return kKey;
}
inline const Bytes& heap_pages_key() {
  static const Bytes kKey = to_bytes(":heappages");
  return kKey;
}
inline const Bytes& extrinsic_index_key() {
  static const Bytes kKey = to_bytes(":extrinsic_index");
  return kKey;
}
inline const Bytes& intrablock_entropy_key() {
  static const Bytes kKey = to_bytes(":intrablock_entropy");
  return kKey;
}

enum class IncRefStatus : uint8_t { kCreated, kExisted };
enum class DecRefStatus : uint8_t { kReaped, kExists };

// The extra weight of a KeyValue in set_storage and the like.
using KeyValue = std::tuple<Bytes, Bytes>;

// The pallet's errors, in FRAME's order (kErrors below names them). Declared outside the
// pallet template, where the composition's compile-time check can read the enumerators' names.
enum class Error : uint8_t {
  kInvalidSpecName = 0,
  kSpecVersionNeedsToIncrease = 1,
  kFailedToExtractRuntimeVersion = 2,
  kNonDefaultComposite = 3,
  kNonZeroRefCount = 4,
  kCallFiltered = 5,
  kMultiBlockMigrationsOngoing = 6,
  kNothingAuthorized = 7,
  kUnauthorized = 8,
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "frame_system";

  using AccountData = typename T::AccountData;
  using Info = AccountInfo<AccountData>;

  // --- Storage.
  using Account =
      StorageMap<Pallet, "Account", Blake2_128Concat, AccountId32, Info, ValueQuery,
                 DocLines<" The full account information for a particular account ID.">>;
  using ExtrinsicCount = StorageValue<Pallet, "ExtrinsicCount", uint32_t, OptionQuery,
                                      DocLines<" Total extrinsics count for the current block.">>;
  using InherentsApplied = StorageValue<Pallet, "InherentsApplied", bool, ValueQuery,
                                        DocLines<" Whether all inherents have been applied.">>;
  using BlockWeight = StorageValue<Pallet, "BlockWeight", ConsumedWeight, ValueQuery,
                                   DocLines<" The current weight for the block.">>;
  using AllExtrinsicsLen = StorageValue<
      Pallet, "AllExtrinsicsLen", uint32_t, OptionQuery,
      DocLines<" Total length (in bytes) for all extrinsics put together, for the current block.">>;
  using BlockHash = StorageMap<Pallet, "BlockHash", Twox64Concat, BlockNumber, H256, ValueQuery,
                               DocLines<" Map of block numbers to block hashes.">>;
  using ExtrinsicData = StorageMap<
      Pallet, "ExtrinsicData", Twox64Concat, uint32_t, Bytes, ValueQuery,
      DocLines<" Extrinsics data for the current block (maps an extrinsic's index to its data).">>;
  using Number =
      StorageValue<Pallet, "Number", BlockNumber, ValueQuery,
                   DocLines<" The current block number being processed. Set by `execute_block`.">>;
  using ParentHash = StorageValue<Pallet, "ParentHash", H256, ValueQuery,
                                  DocLines<" Hash of the previous block.">>;
  using Digest =
      StorageValue<Pallet, "Digest", block::Digest, ValueQuery,
                   DocLines<" Digest of the current block, also part of the block header.">>;
  using EventCount = StorageValue<Pallet, "EventCount", uint32_t, ValueQuery,
                                  DocLines<" The number of events in the `Events<T>` list.">>;
  using EventTopics = StorageMap<
      Pallet, "EventTopics", Blake2_128Concat, H256, std::vector<std::tuple<BlockNumber, uint32_t>>,
      ValueQuery,
      DocLines<" Mapping between a topic (represented by T::Hash) and a vector of indexes",
               " of events in the `<Events<T>>` list.">>;
  using LastRuntimeUpgrade = StorageValue<
      Pallet, "LastRuntimeUpgrade", LastRuntimeUpgradeInfo, OptionQuery,
      DocLines<
          " Stores the `spec_version` and `spec_name` of when the last runtime upgrade happened.">>;
  using UpgradedToU32RefCount = StorageValue<
      Pallet, "UpgradedToU32RefCount", bool, ValueQuery,
      DocLines<
          " True if we have upgraded so that `type RefCount` is `u32`. False (default) if not.">>;
  using UpgradedToTripleRefCount = StorageValue<
      Pallet, "UpgradedToTripleRefCount", bool, ValueQuery,
      DocLines<
          " True if we have upgraded so that AccountInfo contains three types of `RefCount`. False",
          " (default) if not.">>;
  using ExecutionPhase = StorageValue<Pallet, "ExecutionPhase", Phase, OptionQuery,
                                      DocLines<" The execution phase of the block.">>;
  using AuthorizedUpgrade =
      StorageValue<Pallet, "AuthorizedUpgrade", CodeUpgradeAuthorization, OptionQuery,
                   DocLines<" `Some` if a code upgrade has been authorized.">>;
  using ExtrinsicWeightReclaimed =
      StorageValue<Pallet, "ExtrinsicWeightReclaimed", Weight, ValueQuery,
                   DocLines<" The weight reclaimed for the extrinsic.">>;

  // The Events item holds RuntimeEvent records; its type is only known once the runtime is
  // composed, so it is resolved lazily.
  template <class Runtime = T>
  using EventsOf =
      StorageValue<Pallet, "Events", std::vector<EventRecord<typename Runtime::Pallets::Event>>,
                   ValueQuery, DocLines<" Events deposited for the current block.">>;

  // --- Errors.
  using Error = system::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"InvalidSpecName",
       "The name of specification does not match between the current runtime\nand the new "
       "runtime."},
      {"SpecVersionNeedsToIncrease",
       "The specification version is not allowed to decrease between the current runtime\nand "
       "the new runtime."},
      {"FailedToExtractRuntimeVersion",
       "Failed to extract the runtime version from the new runtime.\n\nEither calling "
       "`Core_version` or decoding `RuntimeVersion` failed."},
      {"NonDefaultComposite", "Suicide called when the account has non-default composite data."},
      {"NonZeroRefCount",
       "There is a non-zero reference count preventing the account from being purged."},
      {"CallFiltered", "The origin filter prevent the call to be dispatched."},
      {"MultiBlockMigrationsOngoing",
       "A multi-block migration is ongoing and prevents the current code from being replaced."},
      {"NothingAuthorized", "No upgrade authorized."},
      {"Unauthorized", "The submitted code is not authorized."},
  };

  // --- Events.
  struct ExtrinsicSuccess {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "ExtrinsicSuccess";
    static constexpr const char* kDocs = "An extrinsic completed successfully.";
    DispatchEventInfo dispatch_info;
    static constexpr auto fields() {
      return std::tuple{
          field("dispatch_info", &ExtrinsicSuccess::dispatch_info, "DispatchEventInfo")};
    }
    CANARY_DESCRIBED()
  };
  struct ExtrinsicFailed {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "ExtrinsicFailed";
    static constexpr const char* kDocs = "An extrinsic failed.";
    DispatchError dispatch_error;
    DispatchEventInfo dispatch_info;
    static constexpr auto fields() {
      return std::tuple{
          field("dispatch_error", &ExtrinsicFailed::dispatch_error, "DispatchError"),
          field("dispatch_info", &ExtrinsicFailed::dispatch_info, "DispatchEventInfo")};
    }
    CANARY_DESCRIBED()
  };
  struct CodeUpdated {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "CodeUpdated";
    static constexpr const char* kDocs = "`:code` was updated.";
    static constexpr auto fields() { return std::tuple{}; }
    CANARY_DESCRIBED()
  };
  struct NewAccount {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "NewAccount";
    static constexpr const char* kDocs = "A new account was created.";
    AccountId32 account;
    static constexpr auto fields() {
      return std::tuple{field("account", &NewAccount::account, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct KilledAccount {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "KilledAccount";
    static constexpr const char* kDocs = "An account was reaped.";
    AccountId32 account;
    static constexpr auto fields() {
      return std::tuple{field("account", &KilledAccount::account, "T::AccountId")};
    }
    CANARY_DESCRIBED()
  };
  struct Remarked {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "Remarked";
    static constexpr const char* kDocs = "On on-chain remark happened.";
    AccountId32 sender;
    H256 hash;
    static constexpr auto fields() {
      return std::tuple{field("sender", &Remarked::sender, "T::AccountId"),
                        field("hash", &Remarked::hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
  };
  struct UpgradeAuthorized {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "UpgradeAuthorized";
    static constexpr const char* kDocs = "An upgrade was authorized.";
    H256 code_hash;
    bool check_version = true;
    static constexpr auto fields() {
      return std::tuple{field("code_hash", &UpgradeAuthorized::code_hash, "T::Hash"),
                        field("check_version", &UpgradeAuthorized::check_version, "bool")};
    }
    CANARY_DESCRIBED()
  };
  // stable2506's addition (in Kusama's metadata): an authorized upgrade whose code matched the
  // hash but failed the version checks; the authorization is dropped with it.
  struct RejectedInvalidAuthorizedUpgrade {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "RejectedInvalidAuthorizedUpgrade";
    static constexpr const char* kDocs =
        "An invalid authorized upgrade was rejected while trying to apply it.";
    H256 code_hash;
    DispatchError error;
    static constexpr auto fields() {
      return std::tuple{field("code_hash", &RejectedInvalidAuthorizedUpgrade::code_hash, "T::Hash"),
                        field("error", &RejectedInvalidAuthorizedUpgrade::error, "DispatchError")};
    }
    CANARY_DESCRIBED()
  };
  using Event =
      std::variant<ExtrinsicSuccess, ExtrinsicFailed, CodeUpdated, NewAccount, KilledAccount,
                   Remarked, UpgradeAuthorized, RejectedInvalidAuthorizedUpgrade>;

  static void deposit_event(Event event) { deposit_event_indexed({}, std::move(event)); }
  static void deposit_event_indexed(const std::vector<H256>& topics, Event event) {
    deposit_runtime_event(topics, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // Records an event of any pallet (with topics for indexed lookups); none at genesis.
  template <class RuntimeEvent>
  static void deposit_runtime_event(const std::vector<H256>& topics, RuntimeEvent event) {
    const BlockNumber number = Number::get();
    if (number == 0) return;
    EventRecord<RuntimeEvent> record;
    record.phase = ExecutionPhase::get().value_or(Phase::initialization());
    record.event = std::move(event);
    record.topics = topics;
    const uint32_t index = EventCount::get();
    if (index == UINT32_MAX) return;
    EventCount::put(index + 1);
    EventsOf<>::append(record);
    for (const H256& topic : topics) {
      EventTopics::append(topic, std::tuple<BlockNumber, uint32_t>{number, index});
    }
  }

  // --- Calls.
  struct remark {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "remark";
    static constexpr const char* kDocs =
        "Make some on-chain remark.\n\nCan be executed by every `origin`.";
    Bytes remark_data;
    static constexpr auto fields() {
      return std::tuple{field("remark", &remark::remark_data, "Vec<u8>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remark(remark_data.size())}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (origin.kind == Origin::Kind::kNone) return with_post_info(unexpected(bad_origin()));
      return PostDispatchInfo{};
    }
  };
  struct set_heap_pages {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "set_heap_pages";
    static constexpr const char* kDocs =
        "Set the number of pages in the WebAssembly environment's heap.";
    uint64_t pages = 0;
    static constexpr auto fields() {
      return std::tuple{field("pages", &set_heap_pages::pages, "u64")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_heap_pages(), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      io::storage::set(heap_pages_key(), scale::encode(pages));
      deposit_log(block::DigestRuntimeEnvironmentUpdated{});
      return PostDispatchInfo{};
    }
  };
  struct set_code {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "set_code";
    static constexpr const char* kDocs = "Set the new runtime code.";
    Bytes code;
    static constexpr auto fields() { return std::tuple{field("code", &set_code::code, "Vec<u8>")}; }
    CANARY_DESCRIBED()
    // frame_system: weighed by its benchmark up front (so a Scheduler agenda or a block can fit
    // it: the whole block would make a referendum's enactment permanently overweight), and
    // reported as the whole block once done, so nothing else goes into that block.
    DispatchInfo info() const { return {Weights::set_code(), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      if (auto checked = can_set_code(code); !checked) return with_post_info(checked);
      update_code_in_storage(code);
      return PostDispatchInfo{T::block_weights().max_block};
    }
  };
  struct set_code_without_checks {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "set_code_without_checks";
    static constexpr const char* kDocs =
        "Set the new runtime code without doing any checks of the given `code`.";
    Bytes code;
    static constexpr auto fields() {
      return std::tuple{field("code", &set_code_without_checks::code, "Vec<u8>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::set_code(), DispatchClass::kOperational}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      update_code_in_storage(code);
      return PostDispatchInfo{T::block_weights().max_block};
    }
  };
  struct set_storage {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "set_storage";
    static constexpr const char* kDocs = "Set some items of storage.";
    std::vector<KeyValue> items;
    static constexpr auto fields() {
      return std::tuple{field("items", &set_storage::items, "Vec<KeyValue>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {T::kDbWeight.writes(items.size()), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      for (const auto& [key, value] : items) io::storage::set(key, value);
      return PostDispatchInfo{};
    }
  };
  struct kill_storage {
    static constexpr uint8_t kScaleIndex = 5;
    static constexpr std::string_view kName = "kill_storage";
    static constexpr const char* kDocs = "Kill some items from storage.";
    std::vector<Bytes> keys;
    static constexpr auto fields() {
      return std::tuple{field("keys", &kill_storage::keys, "Vec<Key>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {T::kDbWeight.writes(keys.size()), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      for (const Bytes& key : keys) io::storage::clear(key);
      return PostDispatchInfo{};
    }
  };
  struct kill_prefix {
    static constexpr uint8_t kScaleIndex = 6;
    static constexpr std::string_view kName = "kill_prefix";
    static constexpr const char* kDocs =
        "Kill all storage items with a key that starts with the given prefix.";
    Bytes prefix;
    uint32_t subkeys = 0;
    static constexpr auto fields() {
      return std::tuple{field("prefix", &kill_prefix::prefix, "Key"),
                        field("subkeys", &kill_prefix::subkeys, "u32")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {T::kDbWeight.writes(uint64_t{subkeys} + 1), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      io::storage::clear_prefix(prefix, subkeys);
      return PostDispatchInfo{};
    }
  };
  struct remark_with_event {
    static constexpr uint8_t kScaleIndex = 7;
    static constexpr std::string_view kName = "remark_with_event";
    static constexpr const char* kDocs = "Make some on-chain remark and emit event.";
    Bytes remark_data;
    static constexpr auto fields() {
      return std::tuple{field("remark", &remark_with_event::remark_data, "Vec<u8>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::remark_with_event(remark_data.size())}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto who = ensure_signed(origin);
      if (!who) return with_post_info(unexpected(who.error()));
      const H256 hash{io::hashing::blake2_256(remark_data)};
      // Without topics, as FRAME's remark_with_event (the hash is in the event only).
      deposit_event(Remarked{*who, hash});
      return PostDispatchInfo{};
    }
  };
  // Index 8 (do_task) exists only with FRAME's `experimental` feature, not in Kusama.
  struct authorize_upgrade {
    static constexpr uint8_t kScaleIndex = 9;
    static constexpr std::string_view kName = "authorize_upgrade";
    static constexpr const char* kDocs =
        "Authorize an upgrade to a given `code_hash` for the runtime. The runtime can be "
        "supplied\nlater.\n\nThis call requires Root origin.";
    H256 code_hash;
    static constexpr auto fields() {
      return std::tuple{field("code_hash", &authorize_upgrade::code_hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::authorize_upgrade(), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      do_authorize_upgrade(code_hash, true);
      return PostDispatchInfo{};
    }
  };
  struct authorize_upgrade_without_checks {
    static constexpr uint8_t kScaleIndex = 10;
    static constexpr std::string_view kName = "authorize_upgrade_without_checks";
    static constexpr const char* kDocs =
        "Authorize an upgrade to a given `code_hash` for the runtime. The runtime can be "
        "supplied\nlater.\n\nWARNING: This authorizes an upgrade that will take place without "
        "any safety checks, for\nexample that the spec name remains the same and that the "
        "version number increases. Not\nrecommended for normal use. Use `authorize_upgrade` "
        "instead.\n\nThis call requires Root origin.";
    H256 code_hash;
    static constexpr auto fields() {
      return std::tuple{
          field("code_hash", &authorize_upgrade_without_checks::code_hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::authorize_upgrade(), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto root = ensure_root(origin); !root) return with_post_info(root);
      do_authorize_upgrade(code_hash, false);
      return PostDispatchInfo{};
    }
  };
  // Any origin, unsigned included (validate_unsigned below admits it to the pool): whoever holds
  // the authorized blob may enact it.
  struct apply_authorized_upgrade {
    static constexpr uint8_t kScaleIndex = 11;
    static constexpr std::string_view kName = "apply_authorized_upgrade";
    static constexpr const char* kDocs =
        "Provide the preimage (runtime binary) `code` for an upgrade that has been "
        "authorized.\n\nIf the authorization required a version check, this call will ensure "
        "the spec name\nremains unchanged and that the spec version has increased.\n\nDepending "
        "on the runtime's `OnSetCode` configuration, this function may directly apply\nthe new "
        "`code` in the same block or attempt to schedule the upgrade.\n\nAll origins are "
        "allowed.";
    Bytes code;
    static constexpr auto fields() {
      return std::tuple{field("code", &apply_authorized_upgrade::code, "Vec<u8>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::apply_authorized_upgrade(), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin&) const {
      return do_apply_authorized_upgrade(code);
    }
  };
  using Call = std::variant<remark, set_heap_pages, set_code, set_code_without_checks, set_storage,
                            kill_storage, kill_prefix, remark_with_event, authorize_upgrade,
                            authorize_upgrade_without_checks, apply_authorized_upgrade>;

  // --- Unsigned transactions (frame_system's ValidateUnsigned): only apply_authorized_upgrade,
  // and only with the authorized code. stable2506 checks the hash here, not the version (a blob
  // that fails it is rejected by the dispatch, which drops the authorization); priority, provides
  // and longevity as FRAME (reference staking-governance.md §3.1).
  static Result<runtime::ValidTransaction, runtime::TransactionValidityError> validate_unsigned(
      runtime::TransactionSource, const Call& call) {
    if (const auto* apply = std::get_if<apply_authorized_upgrade>(&call)) {
      if (auto authorization = validate_code_is_authorized(apply->code)) {
        runtime::ValidTransaction valid;
        valid.priority = 100;
        valid.provides_tags.push_back(scale::encode(authorization->code_hash));
        valid.longevity = UINT64_MAX;
        valid.propagate = true;
        return valid;
      }
    }
    return unexpected(runtime::TransactionValidityError(
        runtime::InvalidTransaction{runtime::InvalidTransaction::Kind::kCall, 0}));
  }
  // ValidateUnsigned::pre_dispatch's default: the same check, in the block.
  static Result<void, runtime::TransactionValidityError> pre_dispatch_unsigned(const Call& call) {
    auto valid = validate_unsigned(runtime::TransactionSource::kInBlock, call);
    if (!valid) return unexpected(valid.error());
    return {};
  }

  // What the calls cost (weights.hpp).
  using Weights = WeightInfoOf<T>;

  // --- Genesis (frame_system's GenesisConfig has no fields worth configuring here).
  struct GenesisConfig {
    static constexpr auto json_fields() { return std::tuple{}; }
  };
  // What frame_system writes at genesis: the placeholder hash of block 0 (replaced by the real
  // genesis hash when block 1 is initialized), the runtime upgrade marker, the ref-count
  // migrations' flags and the extrinsic index.
  static Result<void, std::string> build_genesis(const GenesisConfig&) {
    H256 hash69;
    hash69.bytes.fill(69);
    BlockHash::insert(0, hash69);
    ParentHash::put(hash69);
    const runtime::RuntimeVersion& version = T::version();
    LastRuntimeUpgrade::put({version.spec_version, version.spec_name});
    UpgradedToU32RefCount::put(true);
    UpgradedToTripleRefCount::put(true);
    io::storage::set(extrinsic_index_key(), scale::encode(uint32_t{0}));
    return {};
  }

  // --- Accounts.
  static Info account(const AccountId32& who) { return Account::get(who); }
  static bool account_exists(const AccountId32& who) { return Account::contains_key(who); }
  static Nonce account_nonce(const AccountId32& who) { return Account::get(who).nonce; }
  static void inc_account_nonce(const AccountId32& who) {
    Account::mutate(who, [](Info& a) { a.nonce += 1; });
  }
  static RefCount providers(const AccountId32& who) { return Account::get(who).providers; }
  static RefCount consumers(const AccountId32& who) { return Account::get(who).consumers; }
  static RefCount sufficients(const AccountId32& who) { return Account::get(who).sufficients; }

  static IncRefStatus inc_providers(const AccountId32& who) {
    Info account = Account::get(who);
    const bool created = account.providers == 0 && account.sufficients == 0;
    account.providers += 1;
    Account::insert(who, account);
    if (created) on_created_account(who);
    return created ? IncRefStatus::kCreated : IncRefStatus::kExisted;
  }

  static Result<DecRefStatus, DispatchError> dec_providers(const AccountId32& who) {
    auto stored = Account::try_get(who);
    if (!stored) {
      io::log(io::LogLevel::kError, "runtime::system",
              "Logic error: Account already dead when reducing provider");
      return DecRefStatus::kReaped;
    }
    Info account = std::move(*stored);
    if (account.providers == 0) {
      io::log(io::LogLevel::kError, "runtime::system",
              "Logic error: Unexpected underflow in reducing provider");
      account.providers = 1;
    }
    if (account.providers == 1 && account.consumers == 0 && account.sufficients == 0) {
      Account::remove(who);
      on_killed_account(who);
      return DecRefStatus::kReaped;
    }
    if (account.providers == 1 && account.consumers > 0) {
      return unexpected(dispatch_error(DispatchError::Kind::kConsumerRemaining));
    }
    account.providers -= 1;
    Account::insert(who, account);
    return DecRefStatus::kExists;
  }

  static IncRefStatus inc_sufficients(const AccountId32& who) {
    Info account = Account::get(who);
    const bool created = account.providers + account.sufficients == 0;
    account.sufficients += 1;
    Account::insert(who, account);
    if (created) on_created_account(who);
    return created ? IncRefStatus::kCreated : IncRefStatus::kExisted;
  }

  static DecRefStatus dec_sufficients(const AccountId32& who) {
    auto stored = Account::try_get(who);
    if (!stored) return DecRefStatus::kReaped;
    Info account = std::move(*stored);
    if (account.sufficients == 0) account.sufficients = 1;
    if (account.sufficients == 1 && account.consumers == 0 && account.providers == 0) {
      Account::remove(who);
      on_killed_account(who);
      return DecRefStatus::kReaped;
    }
    account.sufficients -= 1;
    Account::insert(who, account);
    return DecRefStatus::kExists;
  }

  // T::kMaxConsumers (frame_system's MaxConsumers, 16 on Kusama) bounds the consumers.
  static DispatchResult inc_consumers(const AccountId32& who) {
    Info account = Account::get(who);
    if (account.providers == 0)
      return unexpected(dispatch_error(DispatchError::Kind::kNoProviders));
    if (account.consumers >= T::kMaxConsumers) {
      return unexpected(dispatch_error(DispatchError::Kind::kTooManyConsumers));
    }
    account.consumers += 1;
    Account::insert(who, account);
    return {};
  }
  // The same without the MaxConsumers bound (for what must not fail once it holds funds).
  static DispatchResult inc_consumers_without_limit(const AccountId32& who) {
    Info account = Account::get(who);
    if (account.providers == 0)
      return unexpected(dispatch_error(DispatchError::Kind::kNoProviders));
    account.consumers = account.consumers == UINT32_MAX ? UINT32_MAX : account.consumers + 1;
    Account::insert(who, account);
    return {};
  }
  static void dec_consumers(const AccountId32& who) {
    if (!Account::contains_key(who)) return;
    Account::mutate(who, [](Info& a) {
      if (a.consumers > 0) a.consumers -= 1;
    });
  }
  static bool can_dec_provider(const AccountId32& who) {
    const Info a = Account::get(who);
    return a.consumers == 0 || a.providers > 1;
  }
  static bool can_inc_consumer(const AccountId32& who) {
    const Info a = Account::get(who);
    return a.providers > 0 && a.consumers < T::kMaxConsumers;
  }

  // --- Try-state (framework/try_state.hpp): the reference counts of every stored account are
  // those the functions above can leave. An account lives while something provides for it
  // (dec_providers/dec_sufficients remove it when the last goes), and a consumer needs a provider
  // (inc_consumers refuses without one; dec_providers refuses to drop the last while consumed).
  static Result<void, std::string> try_state(BlockNumber) {
    for (const auto& [who, info] : Account::entries()) {
      if (info.providers == 0 && info.sufficients == 0) {
        return unexpected("account " + to_hex(who.bytes) + " is stored with no providers");
      }
      if (info.consumers > 0 && info.providers == 0) {
        return unexpected("account " + to_hex(who.bytes) + " has consumers but no providers");
      }
    }
    return {};
  }

  // --- The block being built.
  static BlockNumber block_number() { return Number::get(); }
  static H256 parent_hash() { return ParentHash::get(); }
  static std::optional<uint32_t> extrinsic_index() {
    auto raw = io::storage::get(extrinsic_index_key());
    if (!raw) return std::nullopt;
    auto index = scale::decode<uint32_t>(*raw);
    return index ? std::optional<uint32_t>(*index) : std::nullopt;
  }
  static void deposit_log(block::DigestItem item) {
    Digest::mutate([&](block::Digest& digest) { digest.push_back(std::move(item)); });
  }
  static ConsumedWeight block_weight() { return BlockWeight::get(); }
  static void register_extra_weight_unchecked(Weight weight, DispatchClass dispatch_class) {
    BlockWeight::mutate([&](ConsumedWeight& consumed) {
      Weight& w = consumed.get(dispatch_class);
      w = w.saturating_add(weight);
    });
  }

  static void reset_events() {
    EventsOf<>::kill();
    EventCount::kill();
    EventTopics::clear();
  }

  static void initialize(BlockNumber number, const H256& parent, const block::Digest& digest) {
    ExecutionPhase::put(Phase::initialization());
    io::storage::set(extrinsic_index_key(), scale::encode(uint32_t{0}));
    Bytes seed = to_bytes("frame_system::initialize");
    seed.insert(seed.end(), parent.bytes.begin(), parent.bytes.end());
    const Hash256 entropy = io::hashing::blake2_256(seed);
    io::storage::set(intrablock_entropy_key(), entropy);
    Number::put(number);
    Digest::put(digest);
    ParentHash::put(parent);
    if (number > 0) BlockHash::insert(number - 1, parent);
    BlockWeight::kill();
  }

  static void note_finished_initialize() { ExecutionPhase::put(Phase::apply_extrinsic(0)); }
  static void note_extrinsic(const Bytes& encoded) {
    ExtrinsicData::insert(extrinsic_index().value_or(0), encoded);
  }
  static void note_applied_extrinsic(const DispatchResultWithPostInfo& result,
                                     const DispatchInfo& info) {
    // The post-info as the extensions left it: with their weight, less what they refunded.
    const PostDispatchInfo& post = result ? *result : result.error().post_info;
    DispatchEventInfo event_info;
    event_info.weight = post.calc_actual_weight(info).saturating_add(
        T::block_weights().per_class.get(info.dispatch_class).base_extrinsic);
    event_info.dispatch_class = info.dispatch_class;
    event_info.pays_fee = post.pays(info);
    if (result) {
      deposit_event(ExtrinsicSuccess{event_info});
    } else {
      deposit_event(ExtrinsicFailed{result.error().error, event_info});
    }
    const uint32_t next = extrinsic_index().value_or(0) + 1;
    io::storage::set(extrinsic_index_key(), scale::encode(next));
    ExecutionPhase::put(Phase::apply_extrinsic(next));
    ExtrinsicWeightReclaimed::kill();
  }
  static void note_finished_extrinsics() {
    const uint32_t count = extrinsic_index().value_or(0);
    io::storage::clear(extrinsic_index_key());
    ExtrinsicCount::put(count);
    ExecutionPhase::put(Phase::finalization());
  }

  // Ends the block: the header with the extrinsics root and the state root of everything so far.
  static block::Header finalize() {
    ExecutionPhase::kill();
    AllExtrinsicsLen::kill();
    io::storage::clear(intrablock_entropy_key());
    InherentsApplied::kill();
    block::Header header;
    header.number = Number::get();
    header.parent_hash = ParentHash::get().bytes;
    header.digest = Digest::get();
    const uint32_t count = ExtrinsicCount::take().value_or(0);
    std::vector<Bytes> extrinsics;
    extrinsics.reserve(count);
    for (uint32_t i = 0; i < count; ++i) extrinsics.push_back(ExtrinsicData::take(i));
    const runtime::RuntimeVersion& version = T::version();
    header.extrinsics_root = io::trie::blake2_256_ordered_root(
        extrinsics, version.extrinsics_root_state_version() == 1 ? io::StateVersion::kV1
                                                                 : io::StateVersion::kV0);
    // Keep BlockHashCount hashes (and the genesis hash).
    const BlockNumber to_remove =
        header.number > T::kBlockHashCount ? header.number - T::kBlockHashCount - 1 : 0;
    if (to_remove != 0) BlockHash::remove(to_remove);
    header.state_root = io::storage::root(version.state_version() == 1 ? io::StateVersion::kV1
                                                                       : io::StateVersion::kV0);
    return header;
  }

  // --- Runtime upgrades.
  static DispatchResult can_set_code(ByteSpan code) {
    const auto encoded = io::misc::runtime_version(code);
    if (!encoded) return unexpected(pallet_error<Pallet>(Error::kFailedToExtractRuntimeVersion));
    auto next = runtime::decode_runtime_version(*encoded);
    if (!next) return unexpected(pallet_error<Pallet>(Error::kFailedToExtractRuntimeVersion));
    const runtime::RuntimeVersion& current = T::version();
    if (next->spec_name != current.spec_name) {
      return unexpected(pallet_error<Pallet>(Error::kInvalidSpecName));
    }
    if (next->spec_version <= current.spec_version) {
      return unexpected(pallet_error<Pallet>(Error::kSpecVersionNeedsToIncrease));
    }
    return {};
  }
  // frame_system do_authorize_upgrade: after the origin check; infallible.
  static void do_authorize_upgrade(const H256& code_hash, bool check_version) {
    AuthorizedUpgrade::put({code_hash, check_version});
    deposit_event(UpgradeAuthorized{code_hash, check_version});
  }
  // The authorization `code` answers: NothingAuthorized without one, Unauthorized when the
  // blake2-256 of the code is not the authorized hash.
  static Result<CodeUpgradeAuthorization, DispatchError> validate_code_is_authorized(
      ByteSpan code) {
    auto authorization = AuthorizedUpgrade::get();
    if (!authorization) return unexpected(pallet_error<Pallet>(Error::kNothingAuthorized));
    if (H256{io::hashing::blake2_256(code)} != authorization->code_hash) {
      return unexpected(pallet_error<Pallet>(Error::kUnauthorized));
    }
    return *authorization;
  }
  // stable2506's do_apply_authorize_upgrade: a matching blob uses up the authorization; one that
  // fails the version checks (when asked for) is rejected with an event and no error, since
  // retrying cannot succeed and the caller is not at fault; otherwise `:code` is replaced and the
  // call takes the rest of the block, free.
  static DispatchResultWithPostInfo do_apply_authorized_upgrade(ByteSpan code) {
    auto authorization = validate_code_is_authorized(code);
    if (!authorization) return with_post_info(unexpected(authorization.error()));
    AuthorizedUpgrade::kill();
    if (authorization->check_version) {
      if (auto checked = can_set_code(code); !checked) {
        deposit_event(RejectedInvalidAuthorizedUpgrade{authorization->code_hash, checked.error()});
        return PostDispatchInfo{std::nullopt, Pays::kNo};
      }
    }
    update_code_in_storage(code);
    return PostDispatchInfo{T::block_weights().max_block, Pays::kNo};
  }

  static void update_code_in_storage(ByteSpan code) {
    io::storage::set(code_key(), code);
    deposit_log(block::DigestRuntimeEnvironmentUpdated{});
    deposit_event(CodeUpdated{});
  }

  // --- Metadata.
  // The storage items (resolved lazily: Events holds the composed runtime's RuntimeEvent).
  template <class Runtime = T>
  using StorageOf = std::tuple<Account, ExtrinsicCount, InherentsApplied, BlockWeight,
                               AllExtrinsicsLen, BlockHash, ExtrinsicData, Number, ParentHash,
                               Digest, EventsOf<Runtime>, EventCount, EventTopics,
                               LastRuntimeUpgrade, UpgradedToU32RefCount, UpgradedToTripleRefCount,
                               ExecutionPhase, AuthorizedUpgrade, ExtrinsicWeightReclaimed>;
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "BlockWeights", T::block_weights(),
                         {" Block & extrinsics weights: base values and limits."}));
    c.push_back(constant(r, "BlockLength", T::block_length(),
                         {" The maximum length of a block (in bytes)."}));
    c.push_back(constant(
        r, "BlockHashCount", BlockNumber{T::kBlockHashCount},
        {" Maximum number of block number to block hash mappings to keep (oldest pruned first)."}));
    c.push_back(constant(r, "DbWeight", T::kDbWeight,
                         {" The weight of runtime database operations the runtime can invoke."}));
    c.push_back(constant(r, "Version", VersionConstant{T::version()},
                         {" Get the chain's in-code version."}));
    c.push_back(constant(r, "SS58Prefix", uint16_t{T::kSs58Prefix},
                         {" The designated SS58 prefix of this chain."}));
  }

 private:
  static void on_created_account(const AccountId32& who) {
    if constexpr (requires { T::on_new_account(who); }) T::on_new_account(who);
    deposit_event(NewAccount{who});
  }
  static void on_killed_account(const AccountId32& who) {
    if constexpr (requires { T::on_killed_account(who); }) T::on_killed_account(who);
    deposit_event(KilledAccount{who});
  }
};

}  // namespace canary::rt::pallets::system
