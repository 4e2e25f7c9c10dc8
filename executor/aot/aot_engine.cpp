#include "executor/aot/aot_engine.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "executor/aot/aot_cache.hpp"
#include "executor/aot/aot_library.hpp"
#include "executor/aot/aot_module.hpp"
#include "executor/aot/build_files.hpp"
#include "executor/aot/c_glue.hpp"
#include "executor/aot/embedded_runtime.hpp"
#include "executor/aot/wasm2c_names.hpp"
#include "executor/aot/wasm2c_output.hpp"
#include "executor/aot/worker_process.hpp"
#include "primitives/hash/hash.hpp"

namespace canary::executor::aot {

namespace {

namespace fs = std::filesystem;

// The part of wasm2c's output that the glue includes (wasm2c_output.hpp's part 0).
constexpr std::string_view kGlueIncludes = "part0.c";

Unexpected<AotError> fail(AotErrorKind kind, std::string message) {
  return unexpected(AotError::make(kind, std::move(message)));
}

// Flags of every compile, apart from paths. Part of the cache key.
//  - the bounds-checked flavour of wasm2c's code (no guard pages, no signal handler) without its
//    global call-depth counter: the deterministic stack limit bounds depth, the native stack is
//    the instance's own;
//  - no floating-point contraction, which would change results against the interpreter;
//  - hidden symbols but the module table.
std::vector<std::string> compile_flags(const AotConfig& config) {
  return {"-std=c11",
          config.optimization,
          "-g0",
          "-fPIC",
          "-fvisibility=hidden",
          "-ffp-contract=off",
          "-DNDEBUG",
          "-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0",
          "-DWASM_RT_USE_STACK_DEPTH_COUNT=0",
          "-w"};
}

std::vector<std::string> link_flags() {
  return {"-shared", "-Wl,-z,defs", "-Wl,-z,noexecstack", "-Wl,-O1"};
}

void append_field(Bytes& out, ByteSpan data) {
  const uint64_t size = data.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(size >> (8 * i)));
  out.insert(out.end(), data.begin(), data.end());
}

// wasm2c, then the adapted C and the glue compiled in parallel, then the link; returns the shared
// object's bytes.
Result<Bytes, AotError> build_object(const AotConfig& config, const Toolchain& toolchain,
                                     ByteSpan code, const std::string& glue,
                                     const std::stop_token& stop) {
  CANARY_TRY_ASSIGN(auto dir, WorkDir::create(config.cache_dir));
  const auto deadline = std::chrono::steady_clock::now() + config.time_limit;
  auto limits = [&] {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return WorkerLimits{std::max(left, std::chrono::milliseconds(1)), config.memory_limit};
  };

  const std::string wasm = dir.file("module.wasm");
  const std::string translated = dir.file("wasm2c_out.c");
  if (auto written = write_file(
          wasm, std::string_view(reinterpret_cast<const char*>(code.data()), code.size()));
      !written) {
    return unexpected(written.error());
  }
  const WorkerStage translate = {{toolchain.wasm2c, wasm, "-n", std::string(kWasm2cModuleName),
                                  "--no-debug-names", "-o", translated}};
  if (auto done = run_worker({translate}, limits(), dir.file("wasm2c.log"), stop); !done) {
    return unexpected(done.error());
  }

  CANARY_TRY_ASSIGN(auto c_source, read_text(translated));
  const uint32_t jobs = std::max<uint32_t>(config.jobs, 1);
  const size_t by_size =
      (c_source.size() + config.max_part_bytes - 1) / std::max<size_t>(config.max_part_bytes, 1);
  const auto wanted = static_cast<uint32_t>(std::max<size_t>(jobs, by_size));
  CANARY_TRY_ASSIGN(auto parts, adapt_wasm2c_output(c_source, wanted));
  c_source.clear();

  std::vector<std::pair<std::string, std::string_view>> files = {
      {std::string(kAbiHeaderName), kAbiHeader},
      {std::string(kRuntimeHeaderName), kRuntimeHeader},
      {std::string(kRuntimeSourceName), kRuntimeSource},
      {"glue.c", glue}};
  for (size_t i = 0; i < parts.size(); ++i) {
    files.emplace_back("part" + std::to_string(i) + ".c", (parts)[i]);
  }
  for (const auto& [name, content] : files) {
    if (auto written = write_file(dir.file(name), content); !written) {
      return unexpected(written.error());
    }
  }

  // part0.c is compiled through glue.c, which includes it.
  std::vector<std::string> sources = {"glue.c", std::string(kRuntimeSourceName)};
  for (size_t i = 1; i < parts.size(); ++i) sources.push_back("part" + std::to_string(i) + ".c");
  // The compilations `jobs` at a time (a stage's commands run in parallel), then the link.
  std::vector<WorkerStage> stages;
  Command link = {toolchain.compiler};
  for (const std::string& flag : link_flags()) link.push_back(flag);
  link.push_back("-o");
  link.push_back(dir.file("module.so"));
  for (const std::string& source : sources) {
    Command command = {toolchain.compiler};
    for (const std::string& flag : compile_flags(config)) command.push_back(flag);
    const std::string object = dir.file(source + ".o");
    command.insert(command.end(), {"-I", dir.path(), "-c", dir.file(source), "-o", object});
    if (stages.empty() || stages.back().size() == jobs) stages.emplace_back();
    stages.back().push_back(std::move(command));
    link.push_back(object);
  }
  link.push_back("-lm");
  stages.push_back({link});
  if (auto done = run_worker(stages, limits(), dir.file("cc.log"), stop); !done) {
    return unexpected(done.error());
  }
  CANARY_TRY_ASSIGN(auto object, read_text(dir.file("module.so")));
  return Bytes(object.begin(), object.end());
}

// The verified cache file, loaded; nullopt when it is missing or was rejected (and removed).
Result<std::optional<std::shared_ptr<const AotLibrary>>, AotError> load_cached(
    const std::string& path, const Hash256& key, AotStats& stats) {
  switch (check_cache_file(path, key)) {
    case CacheLookup::kMissing:
      return std::optional<std::shared_ptr<const AotLibrary>>{};
    case CacheLookup::kRejected:
      ++stats.cache_files_rejected;
      return std::optional<std::shared_ptr<const AotLibrary>>{};
    case CacheLookup::kValid:
      break;
  }
  CANARY_TRY_ASSIGN(auto library, AotLibrary::load(path));
  return std::optional<std::shared_ptr<const AotLibrary>>{std::move(library)};
}

// Build directories and temporary files of processes that died mid-compilation: anything older
// than the time limit allows a live compilation to be (plus a margin) is garbage.
void remove_leftovers(const AotConfig& config) {
  const auto cutoff = fs::file_time_type::clock::now() - config.time_limit - std::chrono::hours(1);
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(config.cache_dir, error)) {
    const std::string name = entry.path().filename().string();
    const bool scratch = name.starts_with("build-") || name.starts_with("version-") ||
                         name.find(".so.tmp.") != std::string::npos;
    std::error_code ignored;
    if (scratch && entry.last_write_time(ignored) < cutoff) fs::remove_all(entry.path(), ignored);
  }
}

}  // namespace

Hash256 aot_cache_key(const AotConfig& config, const Toolchain& toolchain, ByteSpan code,
                      std::string_view glue) {
  Bytes material;
  material.reserve(code.size() + 64 * 1024);
  append_field(material, as_bytes("canary-aot"));
  append_field(material, as_bytes(std::to_string(kAotFormatVersion) + "/" +
                                  std::to_string(CANARY_AOT_ABI_VERSION)));
  append_field(material, as_bytes(toolchain.identity));
  for (std::string_view text : {kAbiHeader, kRuntimeHeader, kRuntimeSource}) {
    append_field(material, as_bytes(text));
  }
  for (const std::string& flag : compile_flags(config)) append_field(material, as_bytes(flag));
  for (const std::string& flag : link_flags()) append_field(material, as_bytes(flag));
  append_field(material, as_bytes(std::to_string(config.jobs)));
  append_field(material, as_bytes(std::to_string(config.max_part_bytes)));
  append_field(material, as_bytes(glue));
  append_field(material, code);
  return hash::blake2b_256(material);
}

Result<Toolchain, AotError> find_toolchain(const AotConfig& config) {
  std::error_code error;
  fs::create_directories(config.cache_dir, error);
  if (error) {
    return fail(AotErrorKind::kCache, "cannot create " + config.cache_dir + ": " + error.message());
  }
  remove_leftovers(config);
  Toolchain toolchain;
  const auto wasm2c = find_program(config.wasm2c);
  if (!wasm2c) return fail(AotErrorKind::kToolMissing, "no " + config.wasm2c + " on PATH");
  const auto compiler = find_program(config.compiler);
  if (!compiler) return fail(AotErrorKind::kToolMissing, "no " + config.compiler + " on PATH");
  toolchain.wasm2c = *wasm2c;
  toolchain.compiler = *compiler;
  for (const std::string& program : {*wasm2c, *compiler}) {
    CANARY_TRY_ASSIGN(auto version, tool_version(config.cache_dir, config.memory_limit, program));
    std::error_code ignored;
    toolchain.identity += fs::weakly_canonical(program, ignored).string() + "\n" + version + "\n";
  }
  return toolchain;
}

Result<std::shared_ptr<const Module>, AotError> compile_aot(
    const AotConfig& config, const Toolchain& toolchain,
    std::shared_ptr<const PreparedModule> prepared, const std::stop_token& stop, AotStats& stats) {
  if (!prepared) return fail(AotErrorKind::kInternal, "no module");
  CANARY_TRY_ASSIGN(auto glue, generate_glue(prepared->code, kGlueIncludes));
  const Hash256 key = aot_cache_key(config, toolchain, prepared->code, glue);
  const std::string path = cache_file_path(config.cache_dir, key);
  CANARY_TRY_ASSIGN(auto cached, load_cached(path, key, stats));
  if (cached) {
    ++stats.cache_hits;
    return make_aot_module(std::move(prepared), std::move(*cached));
  }

  ++stats.workers_started;
  CANARY_TRY_ASSIGN(auto object, build_object(config, toolchain, prepared->code, glue, stop));
  if (auto stored = store_cache_file(config.cache_dir, key, object); !stored) {
    return unexpected(stored.error());
  }
  CANARY_TRY_ASSIGN(auto built, load_cached(path, key, stats));
  if (!built) return fail(AotErrorKind::kCache, path + " vanished after it was written");
  return make_aot_module(std::move(prepared), std::move(*built));
}

Result<Toolchain, AotError> AotEngine::toolchain() const {
  MutexLock lock(mutex_);
  if (!toolchain_) toolchain_ = find_toolchain(config_);
  return *toolchain_;
}

AotStats AotEngine::stats() const {
  MutexLock lock(mutex_);
  return stats_;
}

Result<std::shared_ptr<const Module>, AotError> AotEngine::compile_aot(
    std::shared_ptr<const PreparedModule> prepared, const std::stop_token& stop) const {
  CANARY_TRY_ASSIGN(auto tools, toolchain());
  AotStats delta;
  auto module = aot::compile_aot(config_, tools, std::move(prepared), stop, delta);
  MutexLock lock(mutex_);
  stats_.cache_hits += delta.cache_hits;
  stats_.workers_started += delta.workers_started;
  stats_.cache_files_rejected += delta.cache_files_rejected;
  return module;
}

}  // namespace canary::executor::aot
