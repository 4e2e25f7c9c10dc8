#include "executor/aot/build_files.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "executor/aot/worker_process.hpp"

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

Result<std::string, AotError> tool_version(const std::string& scratch_dir, uint64_t memory_limit,
                                           const std::string& program) {
  static std::atomic<uint64_t> counter{0};
  const std::string log = scratch_dir + "/version-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter.fetch_add(1)) + ".log";
  auto done = run_worker({{{program, "--version"}}}, {std::chrono::seconds(30), memory_limit}, log);
  auto text = read_text(log);
  ::unlink(log.c_str());
  if (!done) return unexpected(done.error());
  return text;
}

}  // namespace canary::executor::aot
