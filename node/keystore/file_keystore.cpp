#include "node/keystore/file_keystore.hpp"

#include <fcntl.h>
#include <string.h>  // explicit_bzero
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "primitives/crypto/ecdsa.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace fs = std::filesystem;
using executor::keystore::KeystoreError;

namespace {

bool same(ByteSpan a, ByteSpan b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// sc-keystore lists a key under a scheme when its public key decodes as that scheme's public
// key, that is when the size fits.
size_t public_key_size(keys::Scheme scheme) {
  return scheme == keys::Scheme::kEcdsa ? 33 : 32;
}

// 32 bytes from the kernel's CSPRNG.
bool random_seed(ByteArray<32>& seed) {
  size_t filled = 0;
  while (filled < seed.size()) {
    ssize_t n = getrandom(seed.data() + filled, seed.size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    filled += static_cast<size_t>(n);
  }
  return true;
}

// Writes `data` to `path` with mode 0600, replacing any previous file (sc-keystore
// `write_to_file`: File::create, then the permissions, then the JSON).
Result<void, std::string> write_private_file(const fs::path& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return unexpected("cannot create " + path.string() + ": " + std::strerror(errno));
  // An existing file keeps its mode through O_CREAT; the key's file must not be readable by
  // others whatever it had.
  bool ok = ::fchmod(fd, 0600) == 0;
  size_t written = 0;
  while (ok && written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    written += static_cast<size_t>(n);
  }
  if (ok) ok = ::fsync(fd) == 0;
  const int saved = errno;
  if (::close(fd) != 0 && ok) ok = false;
  if (!ok) return unexpected("cannot write " + path.string() + ": " + std::strerror(saved));
  return {};
}

}  // namespace

FileKeystore::FileKeystore(std::optional<fs::path> directory, std::optional<std::string> password)
    : directory_(std::move(directory)), password_(std::move(password)) {}

FileKeystore::~FileKeystore() {
  if (password_) explicit_bzero(password_->data(), password_->size());
  for (Ephemeral& entry : ephemeral_) explicit_bzero(entry.suri.data(), entry.suri.size());
}

Result<std::unique_ptr<FileKeystore>, std::string> FileKeystore::open(
    fs::path directory, std::optional<std::string> password) {
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) {
    return unexpected("cannot create the keystore directory " + directory.string() + ": " +
                      ec.message());
  }
  if (!fs::is_directory(directory, ec)) {
    return unexpected("the keystore path " + directory.string() + " is not a directory");
  }
  return std::unique_ptr<FileKeystore>(new FileKeystore(std::move(directory), std::move(password)));
}

std::unique_ptr<FileKeystore> FileKeystore::in_memory() {
  return std::unique_ptr<FileKeystore>(new FileKeystore(std::nullopt, std::nullopt));
}

std::optional<fs::path> FileKeystore::key_file_path(const KeyTypeId& key_type,
                                                    ByteSpan public_key) const {
  if (!directory_) return std::nullopt;
  // sc-keystore `key_file_path`: hex of the key type, then of the public key, no "0x".
  return *directory_ / (to_hex(key_type, false) + to_hex(public_key, false));
}

std::optional<std::string> FileKeystore::stored_suri(const KeyTypeId& key_type,
                                                     ByteSpan public_key) const {
  for (const Ephemeral& entry : ephemeral_) {
    if (entry.key_type == key_type && same(entry.public_key, public_key)) return entry.suri;
  }
  auto path = key_file_path(key_type, public_key);
  if (!path) return std::nullopt;
  std::ifstream file(*path, std::ios::binary);
  if (!file) return std::nullopt;
  std::stringstream text;
  text << file.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_string()) return std::nullopt;
  return json.get<std::string>();
}

std::vector<Bytes> FileKeystore::public_keys(keys::Scheme scheme, const KeyTypeId& key_type) {
  const size_t size = public_key_size(scheme);
  MutexLock lock(mutex_);
  std::vector<Bytes> out;
  auto add = [&](Bytes key) {
    if (key.size() != size) return;
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
  };
  for (const Ephemeral& entry : ephemeral_) {
    if (entry.key_type == key_type) add(entry.public_key);
  }
  if (!directory_) return out;
  // sc-keystore `raw_public_keys`: every file whose name is hex of more than four bytes starting
  // with the key type. Sorted, so that the order does not depend on the directory's.
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(*directory_, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    auto bytes = from_hex(name);
    if (!bytes || bytes->size() <= 4) continue;
    if (!std::equal(key_type.begin(), key_type.end(), bytes->begin())) continue;
    add(Bytes(bytes->begin() + 4, bytes->end()));
  }
  return out;
}

Result<Bytes, KeystoreError> FileKeystore::generate(keys::Scheme scheme, const KeyTypeId& key_type,
                                                    std::optional<std::string_view> suri) {
  if (suri) {
    // sc-keystore `insert_ephemeral_from_seed_by_type`: `Pair::from_string(seed, None)`, kept
    // in memory only.
    auto pair = keys::KeyPair::from_suri(scheme, *suri);
    if (!pair) return unexpected(KeystoreError::kInvalidSeed);
    Bytes public_key = pair->public_key();
    MutexLock lock(mutex_);
    bool known = false;
    for (const Ephemeral& entry : ephemeral_) {
      known = known || (entry.key_type == key_type && same(entry.public_key, public_key));
    }
    if (!known) ephemeral_.push_back({key_type, public_key, std::string(*suri)});
    pairs_.insert_or_assign(CacheKey{scheme, key_type, public_key}, *pair);
    return public_key;
  }

  // A fresh random seed; an ecdsa seed must be a valid scalar, which a random one misses with
  // probability ~2^-128, and then the next one is tried.
  std::optional<keys::KeyPair> pair;
  ByteArray<32> seed{};
  for (int attempt = 0; attempt < 8 && !pair; ++attempt) {
    if (!random_seed(seed)) return unexpected(KeystoreError::kNoRandomness);
    auto made = keys::KeyPair::from_seed(scheme, seed);
    if (made) pair = std::move(*made);
  }
  if (!pair) return unexpected(KeystoreError::kNoRandomness);
  std::string secret = to_hex(seed);
  explicit_bzero(seed.data(), seed.size());
  Bytes public_key = pair->public_key();
  MutexLock lock(mutex_);
  if (directory_) {
    auto written = write_key_file(key_type, public_key, secret);
    explicit_bzero(secret.data(), secret.size());
    // KeystoreError has no I/O variant; the key is unusable, as with a seed that cannot be read.
    if (!written) return unexpected(KeystoreError::kInvalidSeed);
  } else {
    ephemeral_.push_back({key_type, public_key, std::move(secret)});
  }
  pairs_.insert_or_assign(CacheKey{scheme, key_type, public_key}, std::move(*pair));
  return public_key;
}

Result<void, std::string> FileKeystore::write_key_file(const KeyTypeId& key_type,
                                                       ByteSpan public_key,
                                                       std::string_view suri) const {
  auto path = key_file_path(key_type, public_key);
  if (!path) return {};
  // The file holds the URI as a JSON string (serde_json::to_writer of a &str, always UTF-8). A
  // URI that is not UTF-8 would not read back as itself, so it is refused.
  const nlohmann::json value = std::string(suri);
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto check = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool same_text = check.is_string() && check.get_ref<const std::string&>() == suri;
  if (check.is_string()) {
    std::string& copy = check.get_ref<std::string&>();
    explicit_bzero(copy.data(), copy.size());
  }
  if (!same_text) {
    explicit_bzero(text.data(), text.size());
    return unexpected(std::string("the secret URI is not valid UTF-8"));
  }
  auto written = write_private_file(*path, text);
  explicit_bzero(text.data(), text.size());
  return written;
}

std::optional<keys::KeyPair> FileKeystore::key_pair_locked(keys::Scheme scheme,
                                                           const KeyTypeId& key_type,
                                                           ByteSpan public_key) {
  auto suri = stored_suri(key_type, public_key);
  if (!suri) return std::nullopt;
  CacheKey cache_key{scheme, key_type, Bytes(public_key.begin(), public_key.end())};
  if (auto cached = pairs_.find(cache_key); cached != pairs_.end()) {
    explicit_bzero(suri->data(), suri->size());
    return cached->second;
  }
  std::optional<std::string_view> password;
  if (password_) password = *password_;
  auto pair = keys::KeyPair::from_suri(scheme, *suri, password);
  explicit_bzero(suri->data(), suri->size());
  // sc-keystore: an unreadable phrase is `InvalidPhrase`, another key `PublicKeyMismatch`.
  if (!pair || !same(pair->public_key(), public_key)) return std::nullopt;
  pairs_.insert_or_assign(std::move(cache_key), *pair);
  return std::move(*pair);
}

std::optional<keys::KeyPair> FileKeystore::key_pair(keys::Scheme scheme, const KeyTypeId& key_type,
                                                    ByteSpan public_key) {
  MutexLock lock(mutex_);
  return key_pair_locked(scheme, key_type, public_key);
}

std::optional<Bytes> FileKeystore::sign(keys::Scheme scheme, const KeyTypeId& key_type,
                                        ByteSpan public_key, ByteSpan message) {
  MutexLock lock(mutex_);
  auto pair = key_pair_locked(scheme, key_type, public_key);
  if (!pair) return std::nullopt;
  return pair->sign(message);
}

std::optional<Bytes> FileKeystore::sign_prehashed(const KeyTypeId& key_type, ByteSpan public_key,
                                                  const Hash256& digest) {
  MutexLock lock(mutex_);
  auto pair = key_pair_locked(keys::Scheme::kEcdsa, key_type, public_key);
  if (!pair) return std::nullopt;
  // An ecdsa pair always has its seed: ecdsa derivation has hard junctions only.
  const auto seed = pair->secret_seed();
  if (!seed) return std::nullopt;
  auto ecdsa_pair = crypto::ecdsa::keypair_from_seed(*seed);
  if (!ecdsa_pair) return std::nullopt;
  const crypto::ecdsa::Signature signature = crypto::ecdsa::sign_prehashed(*ecdsa_pair, digest);
  return Bytes(signature.begin(), signature.end());
}

bool FileKeystore::has_keys(const std::vector<std::pair<Bytes, KeyTypeId>>& keys) {
  MutexLock lock(mutex_);
  for (const auto& [public_key, key_type] : keys) {
    auto suri = stored_suri(key_type, public_key);
    if (!suri) return false;
    explicit_bzero(suri->data(), suri->size());
  }
  return true;
}

Result<void, std::string> FileKeystore::insert(const KeyTypeId& key_type, std::string_view suri,
                                               ByteSpan public_key) {
  MutexLock lock(mutex_);
  if (directory_) return write_key_file(key_type, public_key, suri);
  for (const Ephemeral& entry : ephemeral_) {
    if (entry.key_type == key_type && same(entry.public_key, public_key)) return {};
  }
  ephemeral_.push_back({key_type, Bytes(public_key.begin(), public_key.end()), std::string(suri)});
  return {};
}

Result<void, KeystoreError> insert_dev_keys(executor::keystore::Keystore& keystore,
                                            std::string_view suri) {
  for (const KeyTypeId& key_type : kSessionKeyTypes) {
    // Every session key type is a well-known one.
    const keys::Scheme scheme = key_type_scheme(key_type).value_or(keys::Scheme::kSr25519);
    CANARY_TRY(keystore.generate(scheme, key_type, suri));
  }
  return {};
}

}  // namespace canary::node
