// Blocking frame I/O on a worker's socket, shared by the host's process adapter and the worker's
// loop (the framing itself is worker_protocol.hpp's, sans-IO).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "parachain/pvf/worker_protocol.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::pvf {

// Writes length ‖ payload completely (MSG_NOSIGNAL: a dead peer is an error, not SIGPIPE).
Result<void, std::string> write_frame(int fd, ByteSpan payload);

enum class ReadStatus : uint8_t { kFrame, kTimeout, kClosed, kError };
// Waits at most `timeout` for a whole frame (none: forever). kClosed when the peer hung up.
ReadStatus read_frame(int fd, FrameReader& reader, std::optional<std::chrono::milliseconds> timeout,
                      Bytes& out);

}  // namespace canary::parachain::pvf
