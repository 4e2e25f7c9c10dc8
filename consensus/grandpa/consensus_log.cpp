#include "consensus/grandpa/consensus_log.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::consensus::grandpa {

namespace {

template <class Wanted>
std::optional<Wanted> find_first(const block::Digest& digest) {
  for (const block::DigestItem& item : digest) {
    const auto* consensus = std::get_if<block::DigestConsensus>(&item);
    if (consensus == nullptr || consensus->engine != block::kGrandpaEngineId) continue;
    auto log = scale::decode<ConsensusLog>(consensus->data);
    if (!log) continue;
    if (auto* wanted = std::get_if<Wanted>(&*log)) return std::move(*wanted);
  }
  return std::nullopt;
}

}  // namespace

std::optional<ScheduledChange> find_scheduled_change(const block::Digest& digest) {
  return find_first<ScheduledChange>(digest);
}

std::optional<ForcedChange> find_forced_change(const block::Digest& digest) {
  return find_first<ForcedChange>(digest);
}

}  // namespace canary::consensus::grandpa
