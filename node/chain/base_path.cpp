#include "node/chain/base_path.hpp"

#include <stdlib.h>  // mkdtemp

#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <utility>
#include <vector>

namespace canary::node {

namespace fs = std::filesystem;

// Owns a temporary directory: removes it, recursively, when the last BasePath copy goes away.
// Removal errors are ignored (as tempfile's TempDir drop, which sc-service uses).
struct BasePath::TempDirectory {
  fs::path path;
  explicit TempDirectory(fs::path p) : path(std::move(p)) {}
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  ~TempDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

BasePath::BasePath(fs::path path) : path_(std::move(path)) {}

Result<BasePath, std::string> BasePath::temporary() {
  std::error_code ec;
  fs::path root = fs::temp_directory_path(ec);
  if (ec) root = "/tmp";
  std::string pattern = (root / "canary-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    return unexpected("cannot create a temporary directory under " + root.string() + ": " +
                      std::generic_category().message(errno));
  }
  fs::path created(buffer.data());
  BasePath out(created);
  out.temp_ = std::make_shared<TempDirectory>(created);
  return out;
}

Result<fs::path, std::string> BasePath::default_path() {
  // The XDG base directory spec ignores relative values; so does the `directories` crate.
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/') {
    return fs::path(xdg) / "canary";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return fs::path(home) / ".local" / "share" / "canary";
  }
  return unexpected(
      std::string("no default base path: neither XDG_DATA_HOME nor HOME is set; pass --base-path"));
}

fs::path BasePath::config_dir(std::string_view chain_id) const {
  return path_ / "chains" / fs::path(std::string(chain_id));
}

fs::path BasePath::database_root(std::string_view chain_id) const {
  return config_dir(chain_id) / "db";
}

fs::path BasePath::database_dir(std::string_view chain_id) const {
  return database_root(chain_id) / "full";
}

fs::path BasePath::keystore_dir(std::string_view chain_id) const {
  return config_dir(chain_id) / "keystore";
}

fs::path BasePath::network_dir(std::string_view chain_id) const {
  return config_dir(chain_id) / "network";
}

Result<BasePath, std::string> resolve_base_path(const std::optional<std::string>& base_path_arg,
                                                bool dev) {
  if (base_path_arg) {
    if (base_path_arg->empty()) return unexpected(std::string("--base-path is empty"));
    return BasePath(fs::path(*base_path_arg));
  }
  if (dev) return BasePath::temporary();
  CANARY_TRY_ASSIGN(auto path, BasePath::default_path());
  return BasePath(path);
}

std::string chain_arg(const std::optional<std::string>& chain, bool dev) {
  if (chain) return *chain;
  return dev ? "dev" : "";
}

}  // namespace canary::node
