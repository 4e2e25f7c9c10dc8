// `canary import-blocks` reads block files from users: arbitrary bytes, in either format and cut
// into chunks anywhere, must give blocks or an error, never a crash, a hang or unbounded memory.
// Every block read re-encodes to a file the reader reads back to the same block.
//   byte 0: format (bit 0) and chunk size (the rest); then the file.
#include <cstddef>
#include <cstdint>

#include "node/chain/block_file.hpp"

namespace {

using canary::ByteSpan;
using canary::node::BlockFileFormat;
using canary::node::BlockFileReader;

template <class OnBlock>
bool read_file(ByteSpan file, BlockFileFormat format, size_t chunk, OnBlock on_block) {
  BlockFileReader reader(format);
  size_t fed = 0;
  bool finished = false;
  while (!reader.done()) {
    auto next = reader.next();
    if (!next) {
      if (next.error().empty()) __builtin_trap();
      return false;
    }
    if (*next) {
      on_block(**next);
      continue;
    }
    if (finished) {
      // Nothing more after the end is fine once the reader says it is done; otherwise the
      // caller would spin.
      if (!reader.done()) __builtin_trap();
      continue;
    }
    const size_t n = std::min(chunk, file.size() - fed);
    reader.feed(file.subspan(fed, n));
    fed += n;
    if (fed == file.size()) {
      reader.finish();
      finished = true;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 1) return 0;
  const BlockFileFormat format = (bytes[0] & 1) ? BlockFileFormat::kBinary : BlockFileFormat::kJson;
  const size_t chunk = 1 + (bytes[0] >> 1) * 3;
  const ByteSpan file(bytes + 1, size - 1);
  read_file(file, format, chunk, [format](const canary::block::SignedBlock& block) {
    canary::Bytes again;
    if (format == BlockFileFormat::kBinary) again = canary::node::encode_block_count(1);
    const canary::Bytes one = canary::node::encode_block_for_file(block, format);
    again.insert(again.end(), one.begin(), one.end());
    size_t count = 0;
    const bool ok =
        read_file(again, format, again.size(), [&](const canary::block::SignedBlock& b) {
          if (!(b == block)) __builtin_trap();
          ++count;
        });
    if (!ok || count != 1) __builtin_trap();
  });
  return 0;
}
