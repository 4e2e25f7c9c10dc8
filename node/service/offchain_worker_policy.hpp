// When the node runs the runtime's offchain worker, decided without IO (sc-cli
// `OffchainWorkerEnabled`, sc-offchain `OffchainWorkers::run` / `on_block_imported`):
//  - `--offchain-worker always|never|when-authority` (default when-authority: a node with
//    `--validator`, which `--dev` implies);
//  - per imported block: only the new best block (sc-offchain skips "non-canon" blocks), not while
//    a major sync imports old blocks, and not while the bounded worker queue is full (the
//    reference queues without bound on a thread pool of one thread per CPU; here a block whose
//    worker cannot start soon is skipped, the next best block gets one);
//  - per runtime: the OffchainWorkerApi version in its `Core_version` apis; none (or 0) means the
//    runtime has no offchain worker and nothing runs; version 1 takes the block number, 2 and later
//    the header (sp-offchain `offchain_worker_before_version_2`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "primitives/block/header.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::node {

enum class OffchainWorkerMode : uint8_t { kAlways, kNever, kWhenAuthority };

// sc-cli's kebab-case values with clap's ignore_case: "always", "never", "when-authority"; the
// Rust variant names ("Always", "WhenAuthority", …) are taken too.
std::optional<OffchainWorkerMode> parse_offchain_worker_mode(std::string_view text);
std::string_view to_string(OffchainWorkerMode mode);

// Whether the node runs offchain workers at all (sc-cli's `offchain_worker` config).
bool offchain_workers_enabled(OffchainWorkerMode mode, bool authority);

enum class OffchainRunDecision : uint8_t {
  kRun,
  kNotBest,       // not the new best block
  kMajorSyncing,  // old blocks being caught up with
  kBusy,          // `in_flight` workers queued or running already
};

OffchainRunDecision decide_offchain_run(bool new_best, bool major_syncing, size_t in_flight,
                                        size_t max_in_flight);
std::string_view to_string(OffchainRunDecision decision);

inline constexpr std::string_view kOffchainWorkerMethod = "OffchainWorkerApi_offchain_worker";
inline constexpr runtime::ApiId kOffchainWorkerApiId = runtime::api_id("OffchainWorkerApi");

// The OffchainWorkerApi version the runtime declares; none when it has none or version 0.
std::optional<uint32_t> offchain_worker_api_version(const runtime::RuntimeVersion& version);

// The call's SCALE input for that version: the header (2+), or the block number as a u32 (1).
Bytes offchain_worker_call_input(uint32_t api_version, const block::Header& header);

}  // namespace canary::node
