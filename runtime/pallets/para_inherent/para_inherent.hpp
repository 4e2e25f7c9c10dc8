// polkadot-runtime-parachains' `paras_inherent` pallet (ParaInherent, Kusama index 54): the
// block author's node hands the runtime, under the inherent identifier `parachn0`, the signed
// availability bitfields, the backed candidates and the dispute statements it saw; `enter` (a
// Mandatory inherent, once per block) feeds them to ParaInclusion and advances ParaScheduler's
// claim queue; `create_inherent` first filters what the node gave into what `enter` accepts.
// Semantics: polkadot-sdk stable2506 polkadot/runtime/parachains/src/paras_inherent/mod.rs
// (polkadot-runtime-parachains 21.0.1, what polkadot-fellows/runtimes v1.7.1's Kusama uses) and
// the implementers' guide roadmap/implementers-guide/src/runtime/parainherent.md. Storage, call
// and errors as Kusama's metadata (spec 1_009_002) lists them (README.md).
//
// The runtime configuration T provides System, and the parachain pallets Configuration,
// ParasShared, ParaInclusion, ParaScheduler, Paras.
//
// Stubs (README.md): disputes are decoded but only an empty set is accepted (create_inherent
// drops them, enter refuses them) until ParasDisputes exists; no weight limiting of the data
// (apply_weight_limit) and `enter` weighs nothing yet; a V2 descriptor's core must be one the
// para is scheduled on, without the UMP `SelectCore` signal's check against the claim queue at
// the relay parent; no disabled-validator filtering of backing votes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/block/header.hpp"
#include "runtime/framework/composition.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"
#include "runtime/pallets/para_inherent/types.hpp"
#include "runtime/pallets/para_shared/allowed_relay_parents.hpp"

namespace canary::rt::pallets::para_inherent {

using para_primitives::CandidateDescriptorVersion;
using para_primitives::CoreIndex;
using para_primitives::ParaId;

// Kusama's paras_inherent::Error (4 variants; stable2506 dropped master's InherentOverweight and
// CandidatesFilteredDuringExecution for InherentDataFilteredDuringExecution).
enum class Error : uint8_t {
  kTooManyInclusionInherents = 0,
  kInvalidParentHeader = 1,
  kInherentDataFilteredDuringExecution = 2,
  kUnscheduledCandidate = 3,
};

// Node features the inherent reads (HostConfiguration::node_features bits, FeatureIndex).
inline constexpr size_t kElasticScalingMvpFeature = 1;
inline constexpr size_t kCandidateReceiptV2Feature = 3;

// Whether process_inherent_data runs for create_inherent (filter) or enter (refuse what would
// have been filtered).
enum class ProcessContext : uint8_t { kProvideInherent, kEnter };

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "polkadot_runtime_parachains";
  // Kusama's metadata names the enums polkadot_runtime_parachains::paras_inherent::pallet::….
  static constexpr std::string_view kModule = "paras_inherent";
  static constexpr const char* kDocs = "The paras inherent: bitfields and backed candidates.";
  static constexpr runtime::InherentIdentifier kInherentIdentifier =
      para_inherent::kInherentIdentifier;
  static constexpr const char* kLogTarget = "runtime::inclusion-inherent";

  // --- Storage.
  using Included = StorageValue<
      Pallet, "Included", std::tuple<>, OptionQuery,
      DocLines<" Whether the paras inherent was included within this block.", "",
               " The `Option<()>` is effectively a `bool`, but it never hits storage in the "
               "`None` variant",
               " due to the guarantees of FRAME's storage APIs.", "",
               " If this is `None` at the end of the block, we panic and render the block "
               "invalid.">>;
  using OnChainVotes = StorageValue<
      Pallet, "OnChainVotes", ScrapedOnChainVotes, OptionQuery,
      DocLines<" Scraped on chain data for extracting resolved disputes as well as backing "
               "votes.">>;
  using Storage = std::tuple<Included, OnChainVotes>;

  // --- Errors.
  using Error = para_inherent::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"TooManyInclusionInherents", "Inclusion inherent called more than once per block."},
      {"InvalidParentHeader",
       "The hash of the submitted parent header doesn't correspond to the saved block hash of\n"
       "the parent."},
      {"InherentDataFilteredDuringExecution",
       "Inherent data was filtered during execution. This should have only been done\nduring "
       "creation."},
      {"UnscheduledCandidate", "Too many candidates supplied."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Calls.
  struct enter {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "enter";
    static constexpr const char* kDocs =
        "Enter the paras inherent. This will process bitfields and backed candidates.";
    ParaInherentData data;
    static constexpr auto fields() {
      return std::tuple{field("data", &enter::data, "ParachainsInherentData<HeaderFor<T>>")};
    }
    CANARY_DESCRIBED()
    // TODO(weights): paras_inherent_total_weight (per bitfield, per candidate, per dispute
    // statement) once ParaInherent's benchmarks are ported; Mandatory, so never refused for it.
    DispatchInfo info() const { return {Weight::zero(), DispatchClass::kMandatory}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto none = ensure_none(origin); !none) return with_post_info(none);
      if (Included::exists())
        return with_post_info(unexpected(error(Error::kTooManyInclusionInherents)));
      Included::put(std::tuple<>{});
      auto processed = process_inherent_data(data, ProcessContext::kEnter);
      if (!processed) return with_post_info(unexpected(processed.error()));
      return PostDispatchInfo{};
    }
  };
  using Call = std::variant<enter>;

  // --- Hooks: a block without the inherent is invalid (FRAME panics in on_finalize).
  static Weight on_initialize(BlockNumber /*n*/) {
    // One read and one write of Included in on_finalize.
    return T::kDbWeight.reads_writes(1, 1);
  }
  static void on_finalize(BlockNumber /*n*/) {
    if (!Included::take()) io::panic("Bitfields and heads must be included every block");
  }

  // --- Inherent (ProvideInherent).
  static bool is_inherent(const Call& call) { return std::holds_alternative<enter>(call); }

  // create_inherent_inner: the node's data, decoded, then filtered by a trial run of the
  // processing whose state changes are dropped. No data, undecodable data or a failing run
  // make no inherent (and the block then fails in on_finalize, as FRAME's).
  static std::optional<Call> create_inherent(const runtime::InherentData& data) {
    const auto it = data.find(kInherentIdentifier);
    if (it == data.end()) return std::nullopt;
    auto decoded = scale::decode<ParaInherentData>(it->second);
    if (!decoded) {
      io::log(io::LogLevel::kWarn, kLogTarget, "ParachainsInherentData failed to decode");
      return std::nullopt;
    }
    io::storage::start_transaction();
    auto processed = process_inherent_data(*decoded, ProcessContext::kProvideInherent);
    io::storage::rollback_transaction();
    if (!processed) {
      io::log(io::LogLevel::kWarn, kLogTarget, "Processing inherent data failed");
      return std::nullopt;
    }
    return Call{enter{std::move(*processed)}};
  }

  // --- The processing (process_inherent_data): returns the data as applied.
  static Result<ParaInherentData, DispatchError> process_inherent_data(const ParaInherentData& data,
                                                                       ProcessContext context) {
    const H256 parent_hash = T::System::parent_hash();
    if (H256{block::hash_of(data.parent_header)} != parent_hash) {
      return unexpected(error(Error::kInvalidParentHeader));
    }
    const BlockNumber now = T::System::block_number();
    const auto config = T::Configuration::ActiveConfig::get();

    // Before anything else the parent becomes an allowed relay parent, with the claim queue
    // its children's candidates are checked against.
    T::ParasShared::add_allowed_relay_parent(parent_hash, H256{data.parent_header.state_root},
                                             transposed_claim_queue(), now - 1,
                                             config.async_backing_params.allowed_ancestry_len);
    const auto allowed_relay_parents = T::ParasShared::AllowedRelayParents::get();

    const uint32_t current_session = T::ParasShared::CurrentSessionIndex::get();
    const size_t expected_bits = T::ParaScheduler::num_availability_cores();
    const auto validators = T::ParasShared::ActiveValidatorKeys::get();

    // Disputes: none accepted until ParasDisputes exists (stub). create_inherent drops them;
    // enter refuses a block that carries some.
    if (!data.disputes.empty() && context == ProcessContext::kEnter) {
      return unexpected(error(Error::kInherentDataFilteredDuringExecution));
    }
    set_scrapable_on_chain_disputes(current_session);

    // Cores freed by concluded disputes (none yet) are masked out of the bitfields.
    const auto freed_disputed = T::ParaInclusion::free_disputed({});
    scale::BitVec disputed_bitfield(expected_bits);
    for (const auto& [core, hash] : freed_disputed) {
      if (core.value < expected_bits) disputed_bitfield.set(core.value, true);
    }
    auto bitfields = T::ParaInclusion::sanitize_bitfields(
        data.bitfields, disputed_bitfield, expected_bits, parent_hash, current_session, validators);
    T::ParaInclusion::update_pending_availability_and_get_freed_cores(validators.size(), bitfields);
    if (T::ParaScheduler::availability_timeout_check_required()) {
      T::ParaInclusion::free_timedout();
    }

    // The cores that may take a candidate: scheduled (the front of their claim queue) and not
    // occupied by one pending availability.
    std::set<CoreIndex> occupied;
    for (const auto& [core, pending] : T::ParaInclusion::get_occupied_cores()) {
      (void)pending;
      occupied.insert(core);
    }
    std::map<ParaId, std::set<CoreIndex>> eligible;
    size_t total_eligible_cores = 0;
    for (const auto& [core, assignments] : T::ParaScheduler::get_claim_queue()) {
      if (occupied.contains(core) || assignments.empty()) continue;
      eligible[assignments.front().para_id()].insert(core);
      ++total_eligible_cores;
    }

    const auto backed = sanitize_backed_candidates(data.backed_candidates, allowed_relay_parents,
                                                   eligible, config, current_session, validators);
    size_t count = 0;
    for (const auto& [para, candidates] : backed) count += candidates.size();
    if (count > total_eligible_cores) return unexpected(error(Error::kUnscheduledCandidate));
    // What create_inherent filtered must not reach enter.
    if (context == ProcessContext::kEnter && count != data.backed_candidates.size()) {
      return unexpected(error(Error::kInherentDataFilteredDuringExecution));
    }

    auto processed = T::ParaInclusion::process_candidates(allowed_relay_parents, backed);
    if (!processed) return unexpected(processed.error());
    set_scrapable_on_chain_backings(current_session, std::move(*processed));

    // The claim queue of every core not occupied before this block's candidates advances.
    T::ParaScheduler::advance_claim_queue(occupied);

    ParaInherentData out;
    out.bitfields = std::move(bitfields);
    for (const auto& [para, candidates] : backed) {
      for (const auto& [candidate, core] : candidates) out.backed_candidates.push_back(candidate);
    }
    out.parent_header = data.parent_header;
    return out;
  }

  // sanitize_backed_candidates (with filter_unchained_candidates and
  // map_candidates_to_cores): each para's candidates, in the order given, are kept while they
  // chain: a scheduled core of the para not yet taken (a V2 descriptor's core, else the core
  // index injected in the validator indices when elastic scaling is on, else the para's only
  // core), a V2 descriptor only when the CandidateReceiptV2 feature is on and of the current
  // session, an allowed relay parent not older than the previous one's, the PVD on the
  // previous head, outputs ParaInclusion accepts and backing votes it accepts. The first that
  // fails is dropped with all after it (they depend on it).
  static typename T::ParaInclusion::BackedWithCores sanitize_backed_candidates(
      const std::vector<BackedCandidate>& candidates,
      const para_shared::AllowedRelayParentsTracker& allowed_relay_parents,
      const std::map<ParaId, std::set<CoreIndex>>& eligible,
      const para_configuration::HostConfiguration& config, uint32_t current_session,
      const std::vector<para_shared::ValidatorId>& validators) {
    const auto feature = [&](size_t bit) {
      return bit < config.node_features.size() && config.node_features.get(bit);
    };
    const bool core_index_enabled = feature(kElasticScalingMvpFeature);
    const bool allow_v2 = feature(kCandidateReceiptV2Feature);
    std::map<ParaId, std::vector<const BackedCandidate*>> by_para;
    for (const BackedCandidate& c : candidates) {
      by_para[c.candidate.descriptor.para_id].push_back(&c);
    }
    typename T::ParaInclusion::BackedWithCores out;
    for (const auto& [para, para_candidates] : by_para) {
      const auto cores = eligible.find(para);
      if (cores == eligible.end()) continue;
      auto head = T::ParaInclusion::para_latest_head_data(para);
      if (!head) continue;
      std::optional<BlockNumber> context = T::ParaInclusion::para_most_recent_context(para);
      std::set<CoreIndex> taken;
      for (const BackedCandidate* c : para_candidates) {
        const auto core =
            candidate_core(*c, cores->second, core_index_enabled, allow_v2, current_session);
        if (!core || taken.contains(*core)) break;
        auto relay_parent_number =
            T::ParaInclusion::verify_backed_candidate(allowed_relay_parents, c->candidate, *head);
        if (!relay_parent_number) break;
        if (context && *relay_parent_number < *context) break;
        const auto group =
            T::ParaScheduler::group_assigned_to_core(*core, *relay_parent_number + 1);
        if (!group) break;
        const auto group_vals = T::ParaScheduler::group_validators(*group);
        if (!group_vals) break;
        if (!T::ParaInclusion::check_backing_votes(*c, validators, *group_vals)) break;
        taken.insert(*core);
        context = *relay_parent_number;
        head = c->candidate.commitments.head_data;
        out[para].emplace_back(*c, *core);
      }
    }
    return out;
  }

  // The core a candidate is for (none: drop it).
  static std::optional<CoreIndex> candidate_core(const BackedCandidate& c,
                                                 const std::set<CoreIndex>& cores,
                                                 bool core_index_enabled, bool allow_v2,
                                                 uint32_t current_session) {
    const auto& d = c.candidate.descriptor;
    std::optional<CoreIndex> core;
    switch (d.version()) {
      case CandidateDescriptorVersion::kV2:
        if (!allow_v2 || d.session_index() != current_session) return std::nullopt;
        core = d.core_index();
        break;
      case CandidateDescriptorVersion::kV1: {
        const auto [indices, injected] = c.validator_indices_and_core_index();
        (void)indices;
        if (core_index_enabled && injected) {
          core = injected;
        } else if (cores.size() == 1) {
          core = *cores.begin();
        }
        break;
      }
      case CandidateDescriptorVersion::kUnknown:
        return std::nullopt;
    }
    if (!core || !cores.contains(*core)) return std::nullopt;
    return core;
  }

 private:
  // The claim queue as the relay parents' tracker keeps it: para → depth → cores.
  static std::map<para_shared::ParaId, std::map<uint8_t, para_shared::CoreSet>>
  transposed_claim_queue() {
    std::map<para_shared::ParaId, std::map<uint8_t, para_shared::CoreSet>> out;
    for (const auto& [core, paras] : T::ParaScheduler::claim_queue()) {
      for (size_t depth = 0; depth < paras.size() && depth <= UINT8_MAX; ++depth) {
        out[paras[depth].value][static_cast<uint8_t>(depth)].cores.push_back(core.value);
      }
    }
    return out;
  }

  // set_scrapable_on_chain_disputes: the session and its disputes (none yet), keeping the
  // backing votes until set_scrapable_on_chain_backings replaces them.
  static void set_scrapable_on_chain_disputes(uint32_t session) {
    OnChainVotes::mutate([&](std::optional<ScrapedOnChainVotes>& v) {
      auto backing = v ? std::move(v->backing_validators_per_candidate)
                       : decltype(ScrapedOnChainVotes::backing_validators_per_candidate){};
      v = ScrapedOnChainVotes{session, std::move(backing), {}};
    });
  }
  template <class Processed>
  static void set_scrapable_on_chain_backings(uint32_t session, Processed processed) {
    OnChainVotes::mutate([&](std::optional<ScrapedOnChainVotes>& v) {
      if (!v) v = ScrapedOnChainVotes{session, {}, {}};
      v->backing_validators_per_candidate.clear();
      for (auto& [receipt, backers] : processed) {
        v->backing_validators_per_candidate.emplace_back(std::move(receipt), std::move(backers));
      }
    });
  }
};

}  // namespace canary::rt::pallets::para_inherent
