// The bytes a protocol handler wants written on one substream, in order, when the substream takes
// only part of them (its Yamux window and queues are bounded): what is left waits here until
// on_writable, bounded so that a peer that does not read cannot make us buffer without end.
#pragma once

#include <cstddef>
#include <deque>

#include "network/host/host.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::network {

class SubstreamWriter {
 public:
  explicit SubstreamWriter(size_t max_buffered_bytes, size_t max_buffered_messages = SIZE_MAX)
      : max_bytes_(max_buffered_bytes), max_messages_(max_buffered_messages) {}

  // Queues `bytes` (one whole message) behind what waits and writes what the substream takes.
  // False, and nothing queued, when the bound would be exceeded: the peer is not reading.
  bool write(Substream& substream, Bytes bytes);
  // Writes what waits (on_writable, on_open).
  void flush(Substream& substream);

  size_t buffered_bytes() const { return bytes_; }
  size_t buffered_messages() const { return queue_.size(); }
  bool empty() const { return queue_.empty(); }

 private:
  size_t max_bytes_;
  size_t max_messages_;
  std::deque<Bytes> queue_;
  size_t front_offset_ = 0;  // bytes of queue_.front() already written
  size_t bytes_ = 0;         // not yet written, over the whole queue
  bool flushing_ = false;
};

}  // namespace canary::network
