#include "executor/aot/aot_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"

namespace canary::executor::aot {

namespace {

constexpr std::string_view kMagic = "CNRYAOT1";
constexpr size_t kFooterSize = 32 + 8;

Hash256 seal(const Hash256& key, ByteSpan object) {
  return hash::blake2b_256(concat(key, object));
}

bool write_all(int fd, ByteSpan data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data = data.subspan(static_cast<size_t>(n));
  }
  return true;
}

bool read_all(int fd, Bytes& out) {
  struct stat info{};
  if (::fstat(fd, &info) != 0 || info.st_size < 0) return false;
  out.resize(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string cache_file_path(const std::string& cache_dir, const Hash256& key) {
  return cache_dir + "/" + to_hex(key, false) + ".so";
}

Result<void, AotError> store_cache_file(const std::string& cache_dir, const Hash256& key,
                                        ByteSpan object) {
  static std::atomic<uint64_t> counter{0};
  const std::string path = cache_file_path(cache_dir, key);
  const std::string temporary =
      path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return unexpected(AotError::make(AotErrorKind::kCache,
                                     "cannot create " + temporary + ": " + std::strerror(errno)));
  }
  const Hash256 digest = seal(key, object);
  const bool written = write_all(fd, object) && write_all(fd, digest) &&
                       write_all(fd, as_bytes(kMagic)) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return unexpected(AotError::make(AotErrorKind::kCache, "cannot write " + path + ": " + reason));
  }
  return {};
}

CacheLookup check_cache_file(const std::string& path, const Hash256& key) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CacheLookup::kMissing;
  Bytes content;
  bool valid = read_all(fd, content) && content.size() > kFooterSize;
  ::close(fd);
  if (valid) {
    const size_t object_size = content.size() - kFooterSize;
    const ByteSpan object(content.data(), object_size);
    const ByteSpan digest(content.data() + object_size, 32);
    const ByteSpan magic(content.data() + object_size + 32, kMagic.size());
    const Hash256 expected = seal(key, object);
    valid = std::equal(magic.begin(), magic.end(), as_bytes(kMagic).begin()) &&
            std::equal(digest.begin(), digest.end(), expected.begin());
  }
  if (valid) return CacheLookup::kValid;
  ::unlink(path.c_str());
  return CacheLookup::kRejected;
}

}  // namespace canary::executor::aot
