#include "parachain/pvf/worker_channel.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace canary::parachain::pvf {

Result<void, std::string> write_frame(int fd, ByteSpan payload) {
  const Bytes framed = frame(payload);
  size_t sent = 0;
  while (sent < framed.size()) {
    const ssize_t n = ::send(fd, framed.data() + sent, framed.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return unexpected(std::string("send: ") + std::strerror(errno));
    }
    sent += static_cast<size_t>(n);
  }
  return {};
}

ReadStatus read_frame(int fd, FrameReader& reader, std::optional<std::chrono::milliseconds> timeout,
                      Bytes& out) {
  const auto deadline = timeout ? std::chrono::steady_clock::now() + *timeout
                                : std::chrono::steady_clock::time_point::max();
  std::array<uint8_t, 64 * 1024> buffer{};
  while (true) {
    if (auto payload = reader.next()) {
      out = std::move(*payload);
      return ReadStatus::kFrame;
    }
    if (reader.failed()) return ReadStatus::kError;
    int wait_ms = -1;
    if (timeout) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return ReadStatus::kTimeout;
      wait_ms = static_cast<int>(std::min<int64_t>(left.count(), 1'000'000));
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return ReadStatus::kError;
    }
    if (ready == 0) continue;  // the deadline check above decides
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return ReadStatus::kError;
    }
    if (n == 0) return ReadStatus::kClosed;
    reader.feed(ByteSpan(buffer.data(), static_cast<size_t>(n)));
  }
}

}  // namespace canary::parachain::pvf
