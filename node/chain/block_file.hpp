// The files of `canary export-blocks` and `canary import-blocks`, as Substrate writes and reads
// them (sc-service chain_ops/export_blocks.rs, import_blocks.rs), so that blocks move between
// Canary and Substrate tooling:
//  - binary: the number of blocks as a SCALE u64, then each block's SCALE SignedBlock;
//  - JSON: the SignedBlock objects one after another, nothing between them (serde_json's
//    to_writer per block; the reader takes any whitespace between objects too).
// The reader is fed the file in chunks of any size and hands out blocks as they complete, so a
// large file never has to fit in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "primitives/block/signed_block.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

enum class BlockFileFormat : uint8_t { kJson, kBinary };

// The bytes of one block in `format`. Binary files start with encode_block_count(n).
Bytes encode_block_for_file(const block::SignedBlock& block, BlockFileFormat format);
Bytes encode_block_count(uint64_t count);

class BlockFileReader {
 public:
  // One block larger than this is refused (a real block is at most a few MiB), so the reader
  // holds at most about one block and one chunk, whatever the input; bytes after a binary file's
  // announced blocks are refused as soon as they arrive.
  static constexpr size_t kMaxBlockBytes = size_t{64} << 20;

  explicit BlockFileReader(BlockFileFormat format) : format_(format) {}

  // More of the file; `end_of_file` once it is all there.
  void feed(ByteSpan bytes);
  void finish() { end_of_file_ = true; }

  // The next complete block; none when more input is needed or the file is done (see done()).
  // An error is final: it names what is wrong and, for JSON, the byte offset.
  Result<std::optional<block::SignedBlock>, std::string> next();
  bool done() const;

  // Binary files announce how many blocks follow.
  std::optional<uint64_t> announced_count() const { return announced_count_; }
  uint64_t blocks_read() const { return blocks_read_; }

 private:
  Result<std::optional<block::SignedBlock>, std::string> next_binary();
  Result<std::optional<block::SignedBlock>, std::string> next_json();
  void consume(size_t n);

  BlockFileFormat format_;
  Bytes buffer_;
  size_t start_ = 0;         // first unread byte of buffer_
  uint64_t offset_ = 0;      // file offset of buffer_[start_]
  size_t json_scanned_ = 0;  // JSON: bytes after start_ already scanned for the object's end
  int json_depth_ = 0;       // JSON scanner state across feeds
  bool json_in_string_ = false;
  bool json_escaped_ = false;
  bool end_of_file_ = false;
  std::optional<uint64_t> announced_count_;
  uint64_t blocks_read_ = 0;
  std::optional<std::string> error_;
};

}  // namespace canary::node
