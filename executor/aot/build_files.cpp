#include "executor/aot/build_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unordered_map>

#include "executor/aot/worker_process.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::executor::aot {

Result<void, AotError> write_file(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return unexpected(AotError::make(AotErrorKind::kCache, "cannot write " + path));
  return {};
}

Result<std::string, AotError> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(AotError::make(AotErrorKind::kCache, "cannot read " + path));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Result<WorkDir, AotError> WorkDir::create(const std::string& parent) {
  std::string pattern = parent + "/build-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return unexpected(
        AotError::make(AotErrorKind::kCache,
                       "cannot create a directory in " + parent + ": " + std::strerror(errno)));
  }
  return WorkDir(pattern);
}

WorkDir::~WorkDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

namespace {

// What identifies one build of a program on disk: its path, size and modification time. An
// upgraded compiler changes them, so its version is asked again.
std::optional<std::string> file_identity(const std::string& program) {
  struct stat info{};
  if (::stat(program.c_str(), &info) != 0) return std::nullopt;
  return program + "\n" + std::to_string(info.st_size) + "\n" +
         std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

// Versions already asked, by file identity.
struct KnownVersions {
  Mutex mutex;
  std::unordered_map<std::string, std::string> by_identity GUARDED_BY(mutex);
};

KnownVersions& known_versions() {
  static KnownVersions known;
  return known;
}

}  // namespace

Result<std::string, AotError> tool_version(const std::string& scratch_dir, uint64_t memory_limit,
                                           const std::string& program) {
  // Every compilation keys its cache by the compiler's version: asked once per build of the
  // compiler, not once per compilation (a process and a few milliseconds each time).
  KnownVersions& known = known_versions();
  const std::optional<std::string> identity = file_identity(program);
  if (identity) {
    MutexLock lock(known.mutex);
    if (auto it = known.by_identity.find(*identity); it != known.by_identity.end()) {
      return it->second;
    }
  }
  static std::atomic<uint64_t> counter{0};
  const std::string log = scratch_dir + "/version-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter.fetch_add(1)) + ".log";
  auto done = run_worker({{{program, "--version"}}}, {std::chrono::seconds(30), memory_limit}, log);
  auto text = read_text(log);
  ::unlink(log.c_str());
  if (!done) return unexpected(done.error());
  if (text && identity) {
    MutexLock lock(known.mutex);
    known.by_identity.emplace(*identity, *text);
  }
  return text;
}

}  // namespace canary::executor::aot
