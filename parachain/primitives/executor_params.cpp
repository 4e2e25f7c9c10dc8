#include "parachain/primitives/executor_params.hpp"

#include <map>
#include <string>
#include <type_traits>

#include "primitives/hash/hash.hpp"

namespace canary::parachain {

const char* to_string(ExecutorParamsError e) {
  switch (e) {
    case ExecutorParamsError::kDuplicatedParam:
      return "an executor parameter is duplicated";
    case ExecutorParamsError::kOutsideLimit:
      return "an executor parameter is outside its limits";
    case ExecutorParamsError::kIncompatibleValues:
      return "two executor parameters are incompatible";
  }
  return "unknown executor parameters error";
}

Hash256 ExecutorParams::hash() const {
  return hash::blake2b_256(scale::encode(*this));
}

Hash256 ExecutorParams::prep_hash() const {
  scale::Encoder out;
  for (uint8_t c : {'p', 'r', 'e', 'p'}) out.put_byte(c);
  for (const ExecutorParam& param : params) {
    const bool affects_artifact = std::holds_alternative<executor_param::StackLogicalMax>(param) ||
                                  std::holds_alternative<executor_param::PvfPrepTimeout>(param) ||
                                  std::holds_alternative<executor_param::WasmExtBulkMemory>(param);
    if (affects_artifact) scale::encode_to(out, param);
  }
  return hash::blake2b_256(std::move(out).take());
}

std::optional<std::chrono::milliseconds> ExecutorParams::prep_timeout(PvfPrepKind kind) const {
  for (const ExecutorParam& param : params) {
    const auto* p = std::get_if<executor_param::PvfPrepTimeout>(&param);
    if (p != nullptr && p->kind == kind) return std::chrono::milliseconds(p->millis);
  }
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> ExecutorParams::exec_timeout(PvfExecKind kind) const {
  for (const ExecutorParam& param : params) {
    const auto* p = std::get_if<executor_param::PvfExecTimeout>(&param);
    if (p != nullptr && p->kind == kind) return std::chrono::milliseconds(p->millis);
  }
  return std::nullopt;
}

std::optional<uint32_t> ExecutorParams::max_memory_pages() const {
  for (const ExecutorParam& param : params) {
    if (const auto* p = std::get_if<executor_param::MaxMemoryPages>(&param)) return p->pages;
  }
  return std::nullopt;
}

std::optional<uint32_t> ExecutorParams::stack_logical_max() const {
  for (const ExecutorParam& param : params) {
    if (const auto* p = std::get_if<executor_param::StackLogicalMax>(&param)) return p->values;
  }
  return std::nullopt;
}

std::optional<uint64_t> ExecutorParams::prechecking_max_memory() const {
  for (const ExecutorParam& param : params) {
    if (const auto* p = std::get_if<executor_param::PrecheckingMaxMemory>(&param)) return p->bytes;
  }
  return std::nullopt;
}

bool ExecutorParams::bulk_memory() const {
  for (const ExecutorParam& param : params) {
    if (std::holds_alternative<executor_param::WasmExtBulkMemory>(param)) return true;
  }
  return false;
}

namespace {

// What check_consistency needs of one parameter: its key in the reference's `seen` map (the
// timeouts count once per kind), its value and whether it is outside its limits.
struct ParamCheck {
  const char* key = "";
  uint64_t value = 0;
  bool out_of_limit = false;
};

ParamCheck check_of(const ExecutorParam& param) {
  return std::visit(
      [](const auto& p) -> ParamCheck {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, executor_param::MaxMemoryPages>) {
          return {"MaxMemoryPages", p.pages, p.pages == 0 || p.pages > kMemoryPagesMax};
        } else if constexpr (std::is_same_v<P, executor_param::StackLogicalMax>) {
          return {"StackLogicalMax", p.values,
                  p.values < kLogicalMaxLo || p.values > kLogicalMaxHi};
        } else if constexpr (std::is_same_v<P, executor_param::StackNativeMax>) {
          return {"StackNativeMax", p.bytes, false};
        } else if constexpr (std::is_same_v<P, executor_param::PrecheckingMaxMemory>) {
          return {"PrecheckingMaxMemory", p.bytes,
                  p.bytes < kPrecheckMemMaxLo || p.bytes > kPrecheckMemMaxHi};
        } else if constexpr (std::is_same_v<P, executor_param::PvfPrepTimeout>) {
          return {p.kind == PvfPrepKind::kPrecheck ? "Precheck" : "Prepare", p.millis, false};
        } else if constexpr (std::is_same_v<P, executor_param::PvfExecTimeout>) {
          return {p.kind == PvfExecKind::kBacking ? "Backing" : "Approval", p.millis, false};
        } else {
          return {"WasmExtBulkMemory", 1, false};
        }
      },
      param);
}

}  // namespace

Result<void, ExecutorParamsError> ExecutorParams::check_consistency() const {
  std::map<std::string, uint64_t> seen;
  for (const ExecutorParam& param : params) {
    const auto [key, value, out_of_limit] = check_of(param);
    if (seen.contains(key)) return unexpected(ExecutorParamsError::kDuplicatedParam);
    if (out_of_limit) return unexpected(ExecutorParamsError::kOutsideLimit);
    seen.emplace(key, value);
  }
  auto get = [&seen](const char* key, uint64_t fallback) {
    auto it = seen.find(key);
    return it == seen.end() ? fallback : it->second;
  };
  if (get("StackNativeMax", kDefaultNativeStackMax) <
      128 * get("StackLogicalMax", kDefaultLogicalStackMax)) {
    return unexpected(ExecutorParamsError::kIncompatibleValues);
  }
  const auto ms = [](std::chrono::milliseconds d) { return static_cast<uint64_t>(d.count()); };
  if (get("Precheck", ms(kDefaultPrecheckPreparationTimeout)) >=
      get("Prepare", ms(kDefaultLenientPreparationTimeout))) {
    return unexpected(ExecutorParamsError::kIncompatibleValues);
  }
  if (get("Backing", ms(kDefaultBackingExecutionTimeout)) >=
      get("Approval", ms(kDefaultApprovalExecutionTimeout))) {
    return unexpected(ExecutorParamsError::kIncompatibleValues);
  }
  return {};
}

}  // namespace canary::parachain
