#include "node/service/offchain_worker_policy.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "primitives/scale/scale.hpp"

namespace canary::node {

std::optional<OffchainWorkerMode> parse_offchain_worker_mode(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "always") return OffchainWorkerMode::kAlways;
  if (lower == "never") return OffchainWorkerMode::kNever;
  if (lower == "when-authority" || lower == "whenauthority") {
    return OffchainWorkerMode::kWhenAuthority;
  }
  return std::nullopt;
}

std::string_view to_string(OffchainWorkerMode mode) {
  switch (mode) {
    case OffchainWorkerMode::kAlways:
      return "always";
    case OffchainWorkerMode::kNever:
      return "never";
    case OffchainWorkerMode::kWhenAuthority:
      return "when-authority";
  }
  return "?";
}

bool offchain_workers_enabled(OffchainWorkerMode mode, bool authority) {
  switch (mode) {
    case OffchainWorkerMode::kAlways:
      return true;
    case OffchainWorkerMode::kNever:
      return false;
    case OffchainWorkerMode::kWhenAuthority:
      return authority;
  }
  return false;
}

OffchainRunDecision decide_offchain_run(bool new_best, bool major_syncing, size_t in_flight,
                                        size_t max_in_flight) {
  if (!new_best) return OffchainRunDecision::kNotBest;
  if (major_syncing) return OffchainRunDecision::kMajorSyncing;
  if (in_flight >= max_in_flight) return OffchainRunDecision::kBusy;
  return OffchainRunDecision::kRun;
}

std::string_view to_string(OffchainRunDecision decision) {
  switch (decision) {
    case OffchainRunDecision::kRun:
      return "run";
    case OffchainRunDecision::kNotBest:
      return "not the new best block";
    case OffchainRunDecision::kMajorSyncing:
      return "major sync in progress";
    case OffchainRunDecision::kBusy:
      return "too many offchain workers queued";
  }
  return "?";
}

std::optional<uint32_t> offchain_worker_api_version(const runtime::RuntimeVersion& version) {
  const auto found = version.api_version(kOffchainWorkerApiId);
  if (!found || *found == 0) return std::nullopt;
  return found;
}

Bytes offchain_worker_call_input(uint32_t api_version, const block::Header& header) {
  if (api_version >= 2) return scale::encode(header);
  return scale::encode(header.number);
}

}  // namespace canary::node
