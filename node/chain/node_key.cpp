#include "node/chain/node_key.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "node/chain/boot_node.hpp"

namespace canary::node {

namespace fs = std::filesystem;

namespace {

std::string errno_text() {
  return std::generic_category().message(errno);
}

// Writes a fresh key to a file that must not exist yet (O_EXCL: two nodes starting at once do not
// both write one). false with `exists` set when another process created it first.
Result<ByteArray<32>, std::string> create_key_file(const fs::path& path, bool& exists) {
  exists = false;
  auto key = random_node_key();
  if (!key) return key;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      exists = true;
      return unexpected(std::string("exists"));
    }
    return unexpected("cannot create the node key file " + path.string() + ": " + errno_text());
  }
  size_t written = 0;
  while (written < key->size()) {
    const ssize_t n = ::write(fd, key->data() + written, key->size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = errno_text();
      ::close(fd);
      ::unlink(path.c_str());
      return unexpected("cannot write the node key file " + path.string() + ": " + why);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(path.c_str());
    return unexpected("cannot write the node key file " + path.string() + ": " + errno_text());
  }
  return key;
}

}  // namespace

Result<ByteArray<32>, std::string> load_or_create_node_key(const fs::path& path) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    CANARY_TRY_ASSIGN(auto stored, read_node_key_file(path));
    if (const std::optional<ByteArray<32>>& found = stored) return *found;
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    if (ec) {
      return unexpected("cannot create " + path.parent_path().string() + ": " + ec.message());
    }
    bool exists = false;
    auto created = create_key_file(path, exists);
    if (created || !exists) return created;
    // Another process created it meanwhile: read theirs.
  }
  return unexpected("cannot read or create the node key file " + path.string());
}

Result<ByteArray<32>, std::string> resolve_node_key(const std::optional<std::string>& node_key,
                                                    const std::optional<std::string>& node_key_file,
                                                    const BasePath& base,
                                                    std::string_view chain_id) {
  if (node_key) {
    auto key = parse_node_key(*node_key);
    if (!key) return unexpected("--node-key: " + key.error());
    return key;
  }
  if (node_key_file) {
    if (node_key_file->empty()) return unexpected(std::string("--node-key-file is empty"));
    return load_or_create_node_key(fs::path(*node_key_file));
  }
  return load_or_create_node_key(base.network_dir(chain_id) / std::string(kNodeKeyFileName));
}

}  // namespace canary::node
