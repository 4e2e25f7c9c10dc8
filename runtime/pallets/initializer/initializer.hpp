// polkadot-runtime-parachains' `initializer` pallet (Initializer, Kusama index 57): the one
// FRAME hook of the parachain pallets. Its on_initialize calls theirs in a fixed order
// (Configuration, ParasShared, Paras, ParaScheduler, ParaInclusion, ParaSessionInfo, disputes,
// slashing, Dmp, Hrmp), its on_finalize in reverse and then applies the session change that
// pallet_session announced during the block (as a OneSessionHandler for the `para` key), so the
// next block and the runtime APIs see the new session; the genesis session is applied at once.
// A change is applied in FRAME's order: Configuration's pending config, ParasShared's shuffled
// active validators (seed: the runtime's randomness for the subject "paras"), Paras' actions,
// ParaScheduler's groups and claim queue, then inclusion, session info, disputes, slashing, DMP,
// HRMP and Coretime's notification. Semantics: polkadot-sdk stable2506
// polkadot/runtime/parachains/src/initializer.rs (polkadot-runtime-parachains 21.0.1, what
// polkadot-fellows/runtimes v1.7.1's Kusama uses) and the implementers' guide
// (roadmap/implementers-guide/src/runtime/initializer.md).
//
// The runtime configuration T provides System, Pallets, kDbWeight and
//   using Configuration = …; using ParasShared = …; using Paras = …; using ParaScheduler = …;
//   using ParachainsRandomness = …;   static H256 random(ByteSpan subject): Kusama's is BABE's
//                                      RandomnessFromOneEpochAgo (babe_random_from_one_epoch_ago)
// and optionally, the pallets not written yet, each called where FRAME calls it when present:
//   using ParaInclusion, ParaSessionInfo, ParasDisputes, ParasSlashing, Dmp, Hrmp = …;
//     initializer_initialize(now) -> Weight, initializer_finalize(), and on a new session
//     ParaInclusion/Dmp/Hrmp: initializer_on_new_session(notification, outgoing_paras),
//     ParaSessionInfo/ParasDisputes: initializer_on_new_session(notification),
//     ParasSlashing: initializer_on_new_session(session_index)
//   using CoretimeOnNewSession = …;   on_new_session(notification) (Kusama: Coretime)
//   using InitializerForceOrigin = …;  force_approve's origin (default and Kusama's: Root)
//   using InitializerWeightInfo = …;   its own weights (weights.hpp)
// The Canary runtime composes it at index 57 (README.md).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/initializer/session_change.hpp"
#include "runtime/pallets/initializer/weights.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"

namespace canary::rt::pallets::initializer {

using para_shared::ValidatorId;
using BlockNumberT = uint32_t;
using SessionIndexT = uint32_t;

// initializer::BufferedSessionChange: a session change announced during a block, applied at its
// end (field order as FRAME's: validators, queued, session_index).
struct BufferedSessionChange {
  std::vector<ValidatorId> validators;
  std::vector<ValidatorId> queued;
  SessionIndexT session_index = 0;
  bool operator==(const BufferedSessionChange&) const = default;
  CANARY_SCALE_FIELDS(validators, queued, session_index)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_runtime_parachains", "initializer", "BufferedSessionChange"});
    b.field("validators", &BufferedSessionChange::validators, "Vec<ValidatorId>");
    b.field("queued", &BufferedSessionChange::queued, "Vec<ValidatorId>");
    b.field("session_index", &BufferedSessionChange::session_index, "SessionIndex");
  }
};

// pallet_babe::RandomnessFromOneEpochAgo::random(subject): BLAKE2b-256(subject ‖ the randomness
// BABE uses this epoch, which was fixed one epoch ago) (substrate/frame/babe/src/randomness.rs).
template <class Babe>
struct BabeRandomnessFromOneEpochAgo {
  static H256 random(ByteSpan subject) {
    Bytes input(subject.begin(), subject.end());
    const auto base = Babe::randomness();
    input.insert(input.end(), base.begin(), base.end());
    return H256{io::hashing::blake2_256(input)};
  }
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  static constexpr std::string_view kModule = "initializer";
  static constexpr const char* kDocs = "The parachain pallets' initializer.";

  using Weights = WeightInfoOf<T>;

  using HasInitialized = StorageValue<
      Pallet, "HasInitialized", std::tuple<>, OptionQuery,
      DocLines<" Whether the parachains modules have been initialized within this block.", "",
               " Semantically a `bool`, but this guarantees it should never hit the trie,",
               " as this is cleared in `on_finalize` and Frame optimizes `None` values to be "
               "empty values.",
               "",
               " As a `bool`, `set(false)` and `remove()` both lead to the next `get()` being "
               "false, but one",
               " of them writes to the trie and one does not. This confusion makes `Option<()>` "
               "more suitable",
               " for the semantics of this variable.">>;
  using BufferedSessionChanges = StorageValue<
      Pallet, "BufferedSessionChanges", std::vector<BufferedSessionChange>, ValueQuery,
      DocLines<" Buffered session changes.", "",
               " Typically this will be empty or one element long. Apart from that this item "
               "never hits",
               " the storage.", "",
               " However this is a `Vec` regardless to handle various edge cases that may occur "
               "at runtime",
               " upgrade boundaries or if governance intervenes.">>;
  using Storage = std::tuple<HasInitialized, BufferedSessionChanges>;

  // --- Calls.
  struct force_approve {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "force_approve";
    static constexpr const char* kDocs =
        "Issue a signal to the consensus engine to forcibly act as though all parachain\n"
        "blocks in all relay chain blocks up to and including the given number in the current\n"
        "chain are valid and should be finalized.";
    BlockNumberT up_to = 0;
    static constexpr auto fields() {
      return std::tuple{field("up_to", &force_approve::up_to, "BlockNumber")};
    }
    CANARY_DESCRIBED()
    // Its weight grows with the digest it appends to (FRAME: the digest's log count).
    DispatchInfo info() const {
      const auto logs = static_cast<uint32_t>(T::System::Digest::decode_len().value_or(0));
      return {Weights::force_approve(logs), DispatchClass::kOperational};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if constexpr (requires { typename T::InitializerForceOrigin; }) {
        if (auto ok = ensure_origin<typename T::InitializerForceOrigin>(origin); !ok) {
          return with_post_info(unexpected(ok.error()));
        }
      } else {
        if (auto root = ensure_root(origin); !root) return with_post_info(root);
      }
      T::System::deposit_log(
          para_primitives::consensus_digest(para_primitives::ForceApprove{up_to}));
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<force_approve>;

  // --- Hooks.
  static Weight on_initialize(BlockNumberT now) {
    Weight w = T::Configuration::initializer_initialize(now);
    w = w.saturating_add(T::ParasShared::initializer_initialize(now));
    w = w.saturating_add(T::Paras::initializer_initialize(now));
    w = w.saturating_add(T::ParaScheduler::initializer_initialize(now));
    if constexpr (requires { typename T::ParaInclusion; }) {
      w = w.saturating_add(T::ParaInclusion::initializer_initialize(now));
    }
    if constexpr (requires { typename T::ParaSessionInfo; }) {
      w = w.saturating_add(T::ParaSessionInfo::initializer_initialize(now));
    }
    if constexpr (requires { typename T::ParasDisputes; }) {
      w = w.saturating_add(T::ParasDisputes::initializer_initialize(now));
    }
    if constexpr (requires { typename T::ParasSlashing; }) {
      w = w.saturating_add(T::ParasSlashing::initializer_initialize(now));
    }
    if constexpr (requires { typename T::Dmp; }) {
      w = w.saturating_add(T::Dmp::initializer_initialize(now));
    }
    if constexpr (requires { typename T::Hrmp; }) {
      w = w.saturating_add(T::Hrmp::initializer_initialize(now));
    }
    HasInitialized::put(std::tuple<>{});
    return w;
  }

  static void on_finalize(BlockNumberT now) {
    if constexpr (requires { typename T::Hrmp; }) T::Hrmp::initializer_finalize();
    if constexpr (requires { typename T::Dmp; }) T::Dmp::initializer_finalize();
    if constexpr (requires { typename T::ParasSlashing; }) T::ParasSlashing::initializer_finalize();
    if constexpr (requires { typename T::ParasDisputes; }) T::ParasDisputes::initializer_finalize();
    if constexpr (requires { typename T::ParaSessionInfo; }) {
      T::ParaSessionInfo::initializer_finalize();
    }
    if constexpr (requires { typename T::ParaInclusion; }) T::ParaInclusion::initializer_finalize();
    T::ParaScheduler::initializer_finalize();
    T::Paras::initializer_finalize(now);
    T::ParasShared::initializer_finalize();
    T::Configuration::initializer_finalize();

    // The session change goes last, so that the next block and the runtime APIs observe it.
    // Only the newest buffered change is applied: the others lasted less than a block.
    std::vector<BufferedSessionChange> buffered = BufferedSessionChanges::take();
    if (!buffered.empty()) {
      BufferedSessionChange change = std::move(buffered.back());
      apply_new_session(change.session_index, change.validators, std::move(change.queued));
    }
    HasInitialized::kill();
  }

  // --- The session handler (OneSessionHandler for ValidatorId, the `para` key).
  template <class AccountId>
  static void on_genesis_session(const std::vector<std::pair<AccountId, ValidatorId>>& validators) {
    buffer_session_change(0, keys_of(validators), std::nullopt);
  }
  template <class AccountId>
  static void on_new_session(bool changed,
                             const std::vector<std::pair<AccountId, ValidatorId>>& validators,
                             const std::vector<std::pair<AccountId, ValidatorId>>& queued,
                             SessionIndexT session_index) {
    (void)changed;
    buffer_session_change(session_index, keys_of(validators), keys_of(queued));
  }
  static void on_disabled(uint32_t /*validator_index*/) {}

  // Buffers the change for the end of the block; the genesis session (0) is applied at once.
  // Without `queued` the validators are their own successors.
  static void buffer_session_change(SessionIndexT session_index,
                                    std::vector<ValidatorId> validators,
                                    std::optional<std::vector<ValidatorId>> queued) {
    std::vector<ValidatorId> next = queued ? std::move(*queued) : validators;
    if (session_index == 0) {
      apply_new_session(0, validators, std::move(next));
      return;
    }
    BufferedSessionChanges::mutate([&](std::vector<BufferedSessionChange>& v) {
      v.push_back(BufferedSessionChange{std::move(validators), std::move(next), session_index});
    });
  }

  // Whether a session change is applied at the end of this block.
  static bool upcoming_session_change() { return !BufferedSessionChanges::get().empty(); }

  static void apply_new_session(SessionIndexT session_index,
                                const std::vector<ValidatorId>& all_validators,
                                std::vector<ValidatorId> queued) {
    std::array<uint8_t, 32> random_seed{};
    {
      static constexpr std::string_view kSubject = "paras";
      const H256 random = T::ParachainsRandomness::random(as_bytes(kSubject));
      std::copy(random.bytes.begin(), random.bytes.end(), random_seed.begin());
    }
    auto outcome = T::Configuration::initializer_on_new_session(session_index);
    para_configuration::HostConfiguration new_config =
        outcome.new_config ? std::move(*outcome.new_config) : outcome.prev_config;
    std::vector<ValidatorId> validators = T::ParasShared::initializer_on_new_session(
        session_index, random_seed, new_config.max_validators, all_validators);

    SessionChangeNotification notification{
        std::move(validators), std::move(queued), std::move(outcome.prev_config),
        std::move(new_config), random_seed,       session_index};
    const auto outgoing = T::Paras::initializer_on_new_session(
        session_index, notification.new_config, notification.validators.size());
    T::ParaScheduler::initializer_on_new_session(notification);
    if constexpr (requires { typename T::ParaInclusion; }) {
      T::ParaInclusion::initializer_on_new_session(notification, outgoing);
    }
    if constexpr (requires { typename T::ParaSessionInfo; }) {
      T::ParaSessionInfo::initializer_on_new_session(notification);
    }
    if constexpr (requires { typename T::ParasDisputes; }) {
      T::ParasDisputes::initializer_on_new_session(notification);
    }
    if constexpr (requires { typename T::ParasSlashing; }) {
      T::ParasSlashing::initializer_on_new_session(session_index);
    }
    if constexpr (requires { typename T::Dmp; }) {
      T::Dmp::initializer_on_new_session(notification, outgoing);
    }
    if constexpr (requires { typename T::Hrmp; }) {
      T::Hrmp::initializer_on_new_session(notification, outgoing);
    }
    if constexpr (requires { typename T::CoretimeOnNewSession; }) {
      T::CoretimeOnNewSession::on_new_session(notification);
    }
    (void)outgoing;
  }

 private:
  template <class AccountId>
  static std::vector<ValidatorId> keys_of(
      const std::vector<std::pair<AccountId, ValidatorId>>& pairs) {
    std::vector<ValidatorId> out;
    out.reserve(pairs.size());
    for (const auto& [who, key] : pairs) out.push_back(key);
    return out;
  }
};

}  // namespace canary::rt::pallets::initializer
