#include "network/host/substream_writer.hpp"

namespace canary::network {

bool SubstreamWriter::write(Substream& substream, Bytes bytes) {
  if (bytes.empty()) return true;
  if (bytes_ + bytes.size() > max_bytes_ || queue_.size() + 1 > max_messages_) return false;
  bytes_ += bytes.size();
  queue_.push_back(std::move(bytes));
  flush(substream);
  return true;
}

void SubstreamWriter::flush(Substream& substream) {
  // write() may run the connection's other events, on_writable among them: the outer flush
  // carries on where a nested one would start.
  if (flushing_) return;
  flushing_ = true;
  while (!queue_.empty() && substream.is_open()) {
    const Bytes& front = queue_.front();
    const ByteSpan rest = ByteSpan(front).subspan(front_offset_);
    const size_t taken = substream.write(rest);
    front_offset_ += taken;
    bytes_ -= taken;
    if (taken < rest.size()) break;  // full: on_writable comes back here
    queue_.pop_front();
    front_offset_ = 0;
  }
  flushing_ = false;
}

}  // namespace canary::network
