// The files of a compilation by external tools: a scratch directory beside the cache (so the
// result is renamed into place on the same file system), whole-file reads and writes, and a tool's
// identity for cache keys. Shared by the wasm2c engine and the optimizing tier.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "executor/aot/aot_error.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::aot {

Result<void, AotError> write_file(const std::string& path, std::string_view content);
Result<std::string, AotError> read_text(const std::string& path);

// A scratch directory in `parent`, removed with everything in it however the build ends.
class WorkDir {
 public:
  static Result<WorkDir, AotError> create(const std::string& parent);
  WorkDir(WorkDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  WorkDir& operator=(WorkDir&&) = delete;
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  ~WorkDir();
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }
  const std::string& path() const { return path_; }

 private:
  explicit WorkDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// `program --version`, run through the worker (a broken tool must not hang the node either); its
// log goes to a temporary file in `scratch_dir`. Asked once per build of the program (its path,
// size and modification time), then remembered.
Result<std::string, AotError> tool_version(const std::string& scratch_dir, uint64_t memory_limit,
                                           const std::string& program);

}  // namespace canary::executor::aot
