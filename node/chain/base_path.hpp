// Where a node keeps its data, with Substrate's layout (sc-service config.rs `BasePath`):
//
//   <base>/chains/<chain spec id>/            config_dir
//   <base>/chains/<chain spec id>/db/full/    the database (sc-cli `DatabaseParams`: RocksDB under
//                                             db/full; `purge-chain` removes db/)
//   <base>/chains/<chain spec id>/keystore/   the file keystore (sc-cli `KeystoreParams`)
//   <base>/chains/<chain spec id>/network/    the network key (sc-cli `NodeKeyParams`)
//
// The base path is `--base-path` when given, else a fresh temporary directory for `--dev`, else
// the per-user default `$XDG_DATA_HOME/canary` or `~/.local/share/canary` (sc-cli
// `SharedParams::base_path` and `BasePath::from_project("", "", executable_name)`, which is the
// `directories` crate's data_local_dir on Linux).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "primitives/util/result.hpp"

namespace canary::node {

class BasePath {
 public:
  // An explicit directory (not created here).
  explicit BasePath(std::filesystem::path path);

  // A new directory under the system's temporary directory, removed with its contents when the
  // last copy of this BasePath goes away (sc-service `BasePath::new_temp_dir`).
  static Result<BasePath, std::string> temporary();

  // `$XDG_DATA_HOME/canary`, else `$HOME/.local/share/canary`; an error when neither variable is
  // set (no home directory to default to).
  static Result<std::filesystem::path, std::string> default_path();

  const std::filesystem::path& path() const { return path_; }
  bool is_temporary() const { return temp_ != nullptr; }

  // <base>/chains/<chain_id>
  std::filesystem::path config_dir(std::string_view chain_id) const;
  // <base>/chains/<chain_id>/db: what `purge-chain` removes.
  std::filesystem::path database_root(std::string_view chain_id) const;
  // <base>/chains/<chain_id>/db/full: the node's database directory.
  std::filesystem::path database_dir(std::string_view chain_id) const;
  // <base>/chains/<chain_id>/keystore
  std::filesystem::path keystore_dir(std::string_view chain_id) const;
  // <base>/chains/<chain_id>/network
  std::filesystem::path network_dir(std::string_view chain_id) const;

 private:
  struct TempDirectory;

  std::filesystem::path path_;
  std::shared_ptr<TempDirectory> temp_;
};

// sc-cli `SharedParams::base_path` + the default: `--base-path` when given, a temporary directory
// for `--dev` without one, else BasePath::default_path().
Result<BasePath, std::string> resolve_base_path(const std::optional<std::string>& base_path_arg,
                                                bool dev);

// sc-cli `SharedParams::chain_id`: `--chain` when given, else "dev" with `--dev`, else empty
// (Substrate's "default chain"; Canary has none, see load_chain_spec).
std::string chain_arg(const std::optional<std::string>& chain, bool dev);

}  // namespace canary::node
