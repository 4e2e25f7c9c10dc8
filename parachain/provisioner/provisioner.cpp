// The provisioner's selection (provisioner.hpp).
#include "parachain/provisioner/provisioner.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "primitives/scale/scale.hpp"

namespace canary::parachain {

namespace {

using protocol::UncheckedSignedAvailabilityBitfield;

// The runtime maps a V2 descriptor to the core it names and drops a descriptor of unknown
// version; a V1 descriptor goes where the caller says (its injected core index or its para's
// only core, both the caller's to know).
bool descriptor_allows_core(const CandidateDescriptor& descriptor, CoreIndex core) {
  switch (descriptor.version()) {
    case DescriptorVersion::kV1:
      return true;
    case DescriptorVersion::kV2:
      return descriptor.core_index() == core;
    case DescriptorVersion::kUnknown:
      return false;
  }
  return false;
}

// The para whose candidate may take each core in the block on the parent (none: no candidate).
std::vector<std::optional<ParaId>> claims_of(
    std::span<const CoreState> cores,
    std::span<const UncheckedSignedAvailabilityBitfield> bitfields, size_t n_validators,
    block::BlockNumber block_number) {
  // A para's occupied cores count as freed by availability only all together: the runtime
  // enacts its candidates in chain order, which the cores do not tell.
  std::vector<bool> available(cores.size(), false);
  std::map<ParaId, bool> all_available;
  for (size_t i = 0; i < cores.size(); ++i) {
    const OccupiedCore* occupied = cores[i].occupied();
    if (occupied == nullptr) continue;
    available[i] = becomes_available(*occupied, static_cast<CoreIndex>(i), bitfields, n_validators);
    const auto [it, inserted] = all_available.try_emplace(occupied->para_id(), true);
    it->second = it->second && available[i];
  }
  std::vector<std::optional<ParaId>> claims(cores.size());
  for (size_t i = 0; i < cores.size(); ++i) {
    if (const ScheduledCore* scheduled = cores[i].scheduled()) {
      claims[i] = scheduled->para_id;
    } else if (const OccupiedCore* occupied = cores[i].occupied()) {
      if (available[i] && all_available[occupied->para_id()]) {
        if (occupied->next_up_on_available) claims[i] = occupied->next_up_on_available->para_id;
      } else if (occupied->time_out_at <= block_number) {
        // As polkadot-sdk's provisioner: the candidate times out in the block under construction.
        if (occupied->next_up_on_time_out) claims[i] = occupied->next_up_on_time_out->para_id;
      }
    }
  }
  return claims;
}

}  // namespace

std::vector<UncheckedSignedAvailabilityBitfield> select_availability_bitfields(
    std::span<const CoreState> cores,
    std::span<const UncheckedSignedAvailabilityBitfield> bitfields, size_t n_validators) {
  std::map<ValidatorIndex, const UncheckedSignedAvailabilityBitfield*> selected;
  for (const UncheckedSignedAvailabilityBitfield& bitfield : bitfields) {
    const scale::BitVec& bits = bitfield.payload.bits;
    // sanitize_bitfields: one bit per core, an active validator.
    if (bits.size() != cores.size()) continue;
    if (bitfield.validator_index >= n_validators) continue;
    // polkadot-sdk: of one validator's bitfields, the one with most bits set.
    const auto known = selected.find(bitfield.validator_index);
    if (known != selected.end() && known->second->payload.bits.count_ones() >= bits.count_ones()) {
      continue;
    }
    // polkadot-sdk: a bit for a core that is not occupied is invalid.
    bool bit_for_unoccupied = false;
    for (size_t core = 0; core < cores.size() && !bit_for_unoccupied; ++core) {
      bit_for_unoccupied = bits.get(core) && !cores[core].is_occupied();
    }
    if (bit_for_unoccupied) continue;
    selected.insert_or_assign(bitfield.validator_index, &bitfield);
  }
  std::vector<UncheckedSignedAvailabilityBitfield> out;
  out.reserve(selected.size());
  for (const auto& [validator, bitfield] : selected) out.push_back(*bitfield);
  return out;
}

bool becomes_available(const OccupiedCore& occupied, CoreIndex core,
                       std::span<const UncheckedSignedAvailabilityBitfield> bitfields,
                       size_t n_validators) {
  scale::BitVec votes = occupied.availability;
  for (const UncheckedSignedAvailabilityBitfield& bitfield : bitfields) {
    if (bitfield.payload.bits.get(core)) votes.set(bitfield.validator_index, true);
  }
  return votes.count_ones() >= availability_threshold(n_validators);
}

protocol::ParachainsInherentData select_inherent_data(
    const block::Header& parent_header, std::span<const CoreState> cores,
    std::span<const UncheckedSignedAvailabilityBitfield> bitfields,
    std::span<const BackableCandidate> candidates, size_t n_validators) {
  protocol::ParachainsInherentData data;
  data.parent_header = parent_header;
  data.bitfields = select_availability_bitfields(cores, bitfields, n_validators);
  const std::vector<std::optional<ParaId>> claims =
      claims_of(cores, data.bitfields, n_validators, parent_header.number + 1);

  struct Chosen {
    CoreIndex core = 0;
    ParaId para = 0;
    const protocol::BackedCandidate* candidate = nullptr;
  };
  std::vector<Chosen> chosen;
  std::set<CoreIndex> taken;
  std::set<ParaId> ended;  // a candidate of the para was dropped: its descendants go too
  bool with_code = false;
  for (const BackableCandidate& backable : candidates) {
    const CommittedCandidateReceipt& receipt = backable.candidate.candidate;
    const ParaId para = receipt.descriptor.para_id;
    if (ended.contains(para)) continue;
    const bool has_code = receipt.commitments.new_validation_code.has_value();
    const bool fits = backable.core < claims.size() && claims[backable.core] == para &&
                      !taken.contains(backable.core) &&
                      descriptor_allows_core(receipt.descriptor, backable.core) &&
                      !(has_code && with_code);
    if (!fits) {
      ended.insert(para);
      continue;
    }
    with_code = with_code || has_code;
    taken.insert(backable.core);
    chosen.push_back(Chosen{backable.core, para, &backable.candidate});
  }

  // Core order, each para's candidates in chain order in the places of its cores.
  std::map<ParaId, std::vector<const protocol::BackedCandidate*>> chains;
  for (const Chosen& c : chosen) chains[c.para].push_back(c.candidate);
  std::vector<size_t> by_core(chosen.size());
  std::iota(by_core.begin(), by_core.end(), size_t{0});
  std::ranges::sort(by_core, {}, [&](size_t i) { return chosen[i].core; });
  std::map<ParaId, size_t> next;
  data.backed_candidates.reserve(chosen.size());
  for (const size_t i : by_core) {
    const ParaId para = chosen[i].para;
    data.backed_candidates.push_back(*chains[para][next[para]++]);
  }
  return data;
}

Bytes encode_parachains_inherent(const protocol::ParachainsInherentData& data) {
  return scale::encode(data);
}

}  // namespace canary::parachain
