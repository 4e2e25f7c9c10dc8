#include "executor/optimizing/optimizing_tier.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <sstream>
#include <vector>

#include "executor/aot/aot_cache.hpp"
#include "executor/aot/build_files.hpp"
#include "executor/aot/worker_process.hpp"
#include "executor/baseline_jit/baseline_jit_engine.hpp"
#include "executor/fast_interpreter/code.hpp"
#include "executor/optimizing/c_code.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"

namespace canary::executor::optimizing {

namespace {

using aot::AotError;
using aot::AotErrorKind;

Unexpected<AotError> fail(AotErrorKind kind, std::string message) {
  return unexpected(AotError::make(kind, std::move(message)));
}

// Part of the cache key. No floating-point contraction (it would change results against the
// interpreter); errno is not part of Wasm's semantics, so sqrt may be one instruction.
std::vector<std::string> compile_flags(const OptimizingConfig& config) {
  return {"-std=gnu11",      config.optimization,    "-g0",
          "-fPIC",           "-fvisibility=hidden",  "-ffp-contract=off",
          "-fno-math-errno", "-fno-strict-aliasing", "-w"};
}

std::vector<std::string> link_flags() {
  return {"-shared", "-Wl,-z,defs", "-Wl,-z,noexecstack", "-Wl,-O1"};
}

void append_field(Bytes& out, std::string_view data) {
  const uint64_t size = data.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(size >> (8 * i)));
  out.insert(out.end(), data.begin(), data.end());
}

Hash256 cache_key(const OptimizingConfig& config, const std::string& compiler_identity,
                  const std::vector<std::string>& parts) {
  Bytes material;
  append_field(material, "canary-optimizing-tier");
  append_field(material, std::to_string(kCCodeAbiVersion));
  append_field(material, compiler_identity);
  for (const std::string& flag : compile_flags(config)) append_field(material, flag);
  for (const std::string& flag : link_flags()) append_field(material, flag);
  append_field(material, std::to_string(parts.size()));
  for (const std::string& part : parts) append_field(material, part);
  return hash::blake2b_256(material);
}

Result<Bytes, AotError> build(const OptimizingConfig& config, const std::string& compiler,
                              const std::vector<std::string>& parts, const std::stop_token& stop) {
  CANARY_TRY_ASSIGN(auto dir, aot::WorkDir::create(config.cache_dir));
  std::vector<aot::WorkerStage> stages;
  aot::Command link = {compiler};
  for (const std::string& flag : link_flags()) link.push_back(flag);
  link.insert(link.end(), {"-o", dir.file("module.so")});
  const uint32_t jobs = std::max<uint32_t>(config.jobs, 1);
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string source = dir.file("part" + std::to_string(i) + ".c");
    CANARY_TRY(aot::write_file(source, parts[i]));
    aot::Command command = {compiler};
    for (const std::string& flag : compile_flags(config)) command.push_back(flag);
    command.insert(command.end(), {"-c", source, "-o", source + ".o"});
    if (stages.empty() || stages.back().size() == jobs) stages.emplace_back();
    stages.back().push_back(std::move(command));
    link.push_back(source + ".o");
  }
  link.push_back("-lm");
  stages.push_back({link});
  CANARY_TRY(
      aot::run_worker(stages, {config.time_limit, config.memory_limit}, dir.file("cc.log"), stop));
  CANARY_TRY_ASSIGN(auto object, aot::read_text(dir.file("module.so")));
  return Bytes(object.begin(), object.end());
}

// The verified object at `path`, loaded: each defined function's C entry (null for the JIT's).
Result<jit::NativeFunctions, AotError> load(const std::string& path, size_t function_count) {
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* error = ::dlerror();
    return fail(AotErrorKind::kLoadFailed, error != nullptr ? error : "dlopen failed");
  }
  std::shared_ptr<void> owner(handle, [](void* h) { ::dlclose(h); });
  const auto* abi = static_cast<const uint32_t*>(::dlsym(handle, "canary_c_abi"));
  const auto* count = static_cast<const uint32_t*>(::dlsym(handle, "canary_c_function_count"));
  const auto* index = static_cast<const uint32_t*>(::dlsym(handle, "canary_c_function_index"));
  const auto* entry = static_cast<void* const*>(::dlsym(handle, "canary_c_function_entry"));
  if (abi == nullptr || count == nullptr || index == nullptr || entry == nullptr ||
      *abi != kCCodeAbiVersion) {
    return fail(AotErrorKind::kLoadFailed, path + " is not an optimizing-tier object");
  }
  jit::NativeFunctions natives;
  natives.entries.assign(function_count, nullptr);
  for (uint32_t i = 0; i < *count; ++i) {
    if (index[i] >= function_count) {
      return fail(AotErrorKind::kLoadFailed, path + " names a function the module lacks");
    }
    natives.entries[index[i]] = entry[i];
  }
  natives.keep_alive = std::move(owner);
  return natives;
}

}  // namespace

Result<std::shared_ptr<const Module>, AotError> compile_optimized(
    const OptimizingConfig& config, std::shared_ptr<const PreparedModule> prepared,
    std::shared_ptr<const fast::CompiledModule> module, std::span<const uint32_t> functions,
    const std::stop_token& stop, OptimizingStats* stats) {
  if (!prepared || !module) return fail(AotErrorKind::kInternal, "no module");
  auto parts =
      emit_c(*module, functions, std::max<uint32_t>(config.jobs, 1), config.max_part_bytes);
  if (!parts) return fail(AotErrorKind::kInternal, parts.error().describe());

  std::error_code error;
  std::filesystem::create_directories(config.cache_dir, error);
  if (error) {
    return fail(AotErrorKind::kCache, "cannot create " + config.cache_dir + ": " + error.message());
  }
  const auto compiler = aot::find_program(config.compiler);
  if (!compiler) return fail(AotErrorKind::kToolMissing, "no " + config.compiler + " on PATH");
  CANARY_TRY_ASSIGN(auto version,
                    aot::tool_version(config.cache_dir, config.memory_limit, *compiler));
  const Hash256 key = cache_key(config, *compiler + "\n" + version, *parts);
  const std::string path = aot::cache_file_path(config.cache_dir, key);
  bool hit = aot::check_cache_file(path, key) == aot::CacheLookup::kValid;
  if (!hit) {
    CANARY_TRY_ASSIGN(auto object, build(config, *compiler, *parts, stop));
    CANARY_TRY(aot::store_cache_file(config.cache_dir, key, object));
    if (aot::check_cache_file(path, key) != aot::CacheLookup::kValid) {
      return fail(AotErrorKind::kCache, path + " vanished after it was written");
    }
  }
  if (stats != nullptr) {
    stats->cache_hit = hit;
    stats->functions = functions.size();
    stats->c_bytes = 0;
    for (const std::string& part : *parts) stats->c_bytes += part.size();
  }
  CANARY_TRY_ASSIGN(auto natives, load(path, module->functions.size()));
  auto jit_module = make_jit_module(std::move(prepared), std::move(module), std::move(natives));
  if (!jit_module) return fail(AotErrorKind::kInternal, jit_module.error().describe());
  return std::move(*jit_module);
}

std::vector<uint32_t> function_sizes(const fast::CompiledModule& module) {
  std::vector<uint32_t> sizes(module.functions.size());
  for (size_t i = 0; i < sizes.size(); ++i) {
    const size_t end = i + 1 < sizes.size() ? module.functions[i + 1].entry : module.code.size();
    sizes[i] = static_cast<uint32_t>(end - module.functions[i].entry);
  }
  return sizes;
}

std::vector<uint32_t> hot_functions(std::span<const uint64_t> profile,
                                    std::span<const uint32_t> sizes,
                                    const HotSelection& selection) {
  std::vector<uint32_t> order;
  long double total = 0;
  for (uint32_t i = 0; i < profile.size(); ++i) {
    if (profile[i] == 0) continue;
    order.push_back(i);
    total += static_cast<long double>(profile[i]);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return profile[a] != profile[b] ? profile[a] > profile[b] : a < b;
  });
  std::vector<uint32_t> chosen;
  long double covered = 0;
  uint64_t words = 0;
  for (uint32_t index : order) {
    if (chosen.size() >= selection.max_functions || covered >= total * selection.coverage) break;
    const uint64_t size = index < sizes.size() ? sizes[index] : 0;
    if (size > selection.max_code_words / 4 || words + size > selection.max_code_words) continue;
    chosen.push_back(index);
    covered += static_cast<long double>(profile[index]);
    words += size;
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

namespace {

constexpr std::string_view kHotSetMagic = "canary-hot-set-v1";

std::string hot_set_path(const std::string& cache_dir, ByteSpan code) {
  return cache_dir + "/" + to_hex(hash::blake2b_256(code), false) + ".hot";
}

}  // namespace

std::optional<std::vector<uint32_t>> load_hot_set(const std::string& cache_dir, ByteSpan code,
                                                  size_t function_count) {
  auto text = aot::read_text(hot_set_path(cache_dir, code));
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  std::string magic;
  if (!std::getline(in, magic) || magic != kHotSetMagic) return std::nullopt;
  std::vector<uint32_t> hot;
  std::string line;
  while (std::getline(in, line)) {
    uint32_t index = 0;
    const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), index);
    if (error != std::errc() || end != line.data() + line.size() || index >= function_count ||
        (!hot.empty() && index <= hot.back())) {
      return std::nullopt;
    }
    hot.push_back(index);
  }
  if (hot.empty()) return std::nullopt;
  return hot;
}

void store_hot_set(const std::string& cache_dir, ByteSpan code, std::span<const uint32_t> hot) {
  std::string text(kHotSetMagic);
  text += '\n';
  for (uint32_t index : hot) text += std::to_string(index) + '\n';
  const std::string path = hot_set_path(cache_dir, code);
  // Written aside and renamed: readers see the old set or the new one, whole.
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  if (aot::write_file(temporary, text)) {
    std::error_code ignored;
    std::filesystem::rename(temporary, path, ignored);
    if (ignored) std::filesystem::remove(temporary, ignored);
  }
}

Result<std::shared_ptr<const Module>, ExecutionError> OptimizingEngine::compile(
    std::shared_ptr<const PreparedModule> prepared) const {
  if (!prepared)
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInternal, "no module"));
  CANARY_TRY_ASSIGN(auto compiled, fast::compile_module(*prepared));
  auto module = std::make_shared<const fast::CompiledModule>(std::move(compiled));
  std::vector<uint32_t> functions;
  for (uint32_t i = 0; i < module->functions.size(); ++i) {
    if (selection_ == Selection::kAll || i % 2 == 1) functions.push_back(i);
  }
  auto optimized = compile_optimized(config_, std::move(prepared), std::move(module), functions);
  if (!optimized) return unexpected(optimized.error().to_execution_error());
  return std::move(*optimized);
}

}  // namespace canary::executor::optimizing
