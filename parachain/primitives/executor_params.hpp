// The session's PVF execution environment parameters (polkadot-sdk
// `polkadot/primitives/src/v8/executor_params.rs`; parachain-facts §1.12): a list of
// ExecutorParam, a Rust enum with explicit codec indices 1..7.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain {

enum class PvfPrepKind : uint8_t { kPrecheck = 0, kPrepare = 1 };
enum class PvfExecKind : uint8_t { kBacking = 0, kApproval = 1 };
inline bool scale_is_valid(PvfPrepKind k) {
  return k == PvfPrepKind::kPrecheck || k == PvfPrepKind::kPrepare;
}
inline bool scale_is_valid(PvfExecKind k) {
  return k == PvfExecKind::kBacking || k == PvfExecKind::kApproval;
}

// The reference's defaults, which "must never be changed" (executor_params.rs).
inline constexpr std::chrono::milliseconds kDefaultPrecheckPreparationTimeout{60'000};
inline constexpr std::chrono::milliseconds kDefaultLenientPreparationTimeout{360'000};
inline constexpr std::chrono::milliseconds kDefaultBackingExecutionTimeout{2'000};
inline constexpr std::chrono::milliseconds kDefaultApprovalExecutionTimeout{12'000};
inline constexpr uint32_t kDefaultLogicalStackMax = 65536;
inline constexpr uint32_t kDefaultNativeStackMax = 256u * 1024 * 1024;
inline constexpr uint32_t kMemoryPagesMax = 65536;
inline constexpr uint32_t kLogicalMaxLo = 1024;
inline constexpr uint32_t kLogicalMaxHi = 2 * 65536;
inline constexpr uint64_t kPrecheckMemMaxLo = uint64_t{256} * 1024 * 1024;
inline constexpr uint64_t kPrecheckMemMaxHi = uint64_t{16} * 1024 * 1024 * 1024;

namespace executor_param {
struct MaxMemoryPages {
  static constexpr uint8_t kScaleIndex = 1;
  uint32_t pages = 0;
  bool operator==(const MaxMemoryPages&) const = default;
  CANARY_SCALE_FIELDS(pages)
};
struct StackLogicalMax {
  static constexpr uint8_t kScaleIndex = 2;
  uint32_t values = 0;
  bool operator==(const StackLogicalMax&) const = default;
  CANARY_SCALE_FIELDS(values)
};
struct StackNativeMax {
  static constexpr uint8_t kScaleIndex = 3;
  uint32_t bytes = 0;
  bool operator==(const StackNativeMax&) const = default;
  CANARY_SCALE_FIELDS(bytes)
};
struct PrecheckingMaxMemory {
  static constexpr uint8_t kScaleIndex = 4;
  uint64_t bytes = 0;
  bool operator==(const PrecheckingMaxMemory&) const = default;
  CANARY_SCALE_FIELDS(bytes)
};
struct PvfPrepTimeout {
  static constexpr uint8_t kScaleIndex = 5;
  PvfPrepKind kind = PvfPrepKind::kPrecheck;
  uint64_t millis = 0;
  bool operator==(const PvfPrepTimeout&) const = default;
  CANARY_SCALE_FIELDS(kind, millis)
};
struct PvfExecTimeout {
  static constexpr uint8_t kScaleIndex = 6;
  PvfExecKind kind = PvfExecKind::kBacking;
  uint64_t millis = 0;
  bool operator==(const PvfExecTimeout&) const = default;
  CANARY_SCALE_FIELDS(kind, millis)
};
struct WasmExtBulkMemory {
  static constexpr uint8_t kScaleIndex = 7;
  bool operator==(const WasmExtBulkMemory&) const = default;
  template <class Sink>
  void scale_encode(Sink& /*out*/) const {}
  void scale_decode(scale::Decoder& /*in*/) {}
};
}  // namespace executor_param

using ExecutorParam =
    std::variant<executor_param::MaxMemoryPages, executor_param::StackLogicalMax,
                 executor_param::StackNativeMax, executor_param::PrecheckingMaxMemory,
                 executor_param::PvfPrepTimeout, executor_param::PvfExecTimeout,
                 executor_param::WasmExtBulkMemory>;

enum class ExecutorParamsError : uint8_t {
  kDuplicatedParam,
  kOutsideLimit,
  kIncompatibleValues,
};
const char* to_string(ExecutorParamsError e);

struct ExecutorParams {
  std::vector<ExecutorParam> params;
  bool operator==(const ExecutorParams&) const = default;
  CANARY_SCALE_FIELDS(params)

  // blake2_256 of the encoding.
  Hash256 hash() const;
  // blake2_256(b"prep" ‖ the encodings of the parameters that change a prepared artifact:
  // StackLogicalMax, PvfPrepTimeout, WasmExtBulkMemory), as `prep_hash()` in the reference.
  Hash256 prep_hash() const;

  std::optional<std::chrono::milliseconds> prep_timeout(PvfPrepKind kind) const;
  std::optional<std::chrono::milliseconds> exec_timeout(PvfExecKind kind) const;
  std::optional<uint32_t> max_memory_pages() const;
  std::optional<uint32_t> stack_logical_max() const;
  std::optional<uint64_t> prechecking_max_memory() const;
  bool bulk_memory() const;

  // The reference's check_consistency: no duplicates, values within their limits, the native
  // stack at least 128 × the logical one, precheck < lenient and backing < approval timeouts.
  Result<void, ExecutorParamsError> check_consistency() const;
};

}  // namespace canary::parachain
