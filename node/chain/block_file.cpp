#include "node/chain/block_file.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "node/rpc/signed_block_json.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::node {

namespace {

bool is_json_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

Bytes encode_block_for_file(const block::SignedBlock& block, BlockFileFormat format) {
  if (format == BlockFileFormat::kBinary) return scale::encode(block);
  const std::string text = rpc::signed_block_json(block).dump();
  return Bytes(text.begin(), text.end());
}

Bytes encode_block_count(uint64_t count) {
  return scale::encode(count);
}

void BlockFileReader::feed(ByteSpan bytes) {
  // Drop what was consumed before growing, so the buffer holds about one block.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void BlockFileReader::consume(size_t n) {
  start_ += n;
  offset_ += n;
  json_scanned_ = 0;
}

bool BlockFileReader::done() const {
  if (error_) return true;
  if (!end_of_file_) return false;
  if (format_ == BlockFileFormat::kBinary) {
    // Anything else (missing blocks, bytes after the last) is for next() to report.
    return announced_count_ && blocks_read_ == *announced_count_ && start_ == buffer_.size();
  }
  for (size_t i = start_; i < buffer_.size(); ++i) {
    if (!is_json_space(buffer_[i])) return false;
  }
  return true;
}

Result<std::optional<block::SignedBlock>, std::string> BlockFileReader::next() {
  if (error_) return unexpected(*error_);
  auto result = format_ == BlockFileFormat::kBinary ? next_binary() : next_json();
  if (!result) error_ = result.error();
  if (result && *result) ++blocks_read_;
  return result;
}

Result<std::optional<block::SignedBlock>, std::string> BlockFileReader::next_binary() {
  const ByteSpan rest = ByteSpan(buffer_).subspan(start_);
  if (!announced_count_) {
    if (rest.size() < 8) {
      if (end_of_file_) return unexpected(std::string("the file is shorter than its block count"));
      return std::optional<block::SignedBlock>{};
    }
    scale::Decoder in(rest);
    announced_count_ = scale::decode_next<uint64_t>(in);
    consume(8);
    return next_binary();
  }
  if (blocks_read_ == *announced_count_) {
    // Bytes past the announced blocks are an error at once: waiting for the end of the input
    // would buffer all of it (an endless stream such as /dev/zero grew until killed).
    if (rest.empty()) return std::optional<block::SignedBlock>{};
    return unexpected(std::to_string(rest.size()) + " bytes after the " +
                      std::to_string(*announced_count_) + " blocks the file announces");
  }
  if (rest.empty()) {
    if (!end_of_file_) return std::optional<block::SignedBlock>{};
    return unexpected("the file ends after " + std::to_string(blocks_read_) + " of its " +
                      std::to_string(*announced_count_) + " blocks");
  }
  scale::Decoder in(rest);
  auto block = scale::decode_next<block::SignedBlock>(in);
  if (!in.ok()) {
    if (in.error() == scale::DecodeError::kNotEnoughData && !end_of_file_) {
      if (rest.size() > kMaxBlockBytes) {
        return unexpected("block " + std::to_string(blocks_read_ + 1) + " at byte " +
                          std::to_string(offset_) + ": larger than the limit of " +
                          std::to_string(kMaxBlockBytes >> 20) + " MiB for one block");
      }
      return std::optional<block::SignedBlock>{};  // the block continues in the next chunk
    }
    return unexpected("block " + std::to_string(blocks_read_ + 1) + " at byte " +
                      std::to_string(offset_) + ": not a SCALE SignedBlock (" +
                      scale::to_string(in.error()) + ")");
  }
  consume(in.position());
  return std::optional<block::SignedBlock>(std::move(block));
}

Result<std::optional<block::SignedBlock>, std::string> BlockFileReader::next_json() {
  // Skip whitespace between objects.
  while (start_ < buffer_.size() && json_scanned_ == 0 && is_json_space(buffer_[start_])) {
    consume(1);
  }
  if (start_ == buffer_.size()) return std::optional<block::SignedBlock>{};
  if (json_scanned_ == 0 && buffer_[start_] != '{') {
    return unexpected("byte " + std::to_string(offset_) + ": expected a JSON object");
  }
  // Find the end of the object: braces outside strings. The scan resumes where the last chunk
  // ended, so each byte is looked at once.
  size_t i = start_ + json_scanned_;
  std::optional<size_t> end;
  for (; i < buffer_.size(); ++i) {
    const uint8_t c = buffer_[i];
    if (json_in_string_) {
      if (json_escaped_) {
        json_escaped_ = false;
      } else if (c == '\\') {
        json_escaped_ = true;
      } else if (c == '"') {
        json_in_string_ = false;
      }
      continue;
    }
    if (c == '"') {
      json_in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++json_depth_;
    } else if (c == '}' || c == ']') {
      if (--json_depth_ == 0) {
        end = i + 1;
        break;
      }
      if (json_depth_ < 0) break;
    }
  }
  if (!end) {
    json_scanned_ = i - start_;
    if (json_depth_ < 0) {
      return unexpected("byte " + std::to_string(offset_ + json_scanned_) + ": unbalanced JSON");
    }
    if (json_scanned_ > kMaxBlockBytes) {
      return unexpected("byte " + std::to_string(offset_) + ": a block of over " +
                        std::to_string(kMaxBlockBytes >> 20) + " MiB");
    }
    if (end_of_file_) {
      return unexpected("byte " + std::to_string(offset_) + ": the file ends inside a block");
    }
    return std::optional<block::SignedBlock>{};
  }
  const auto first = buffer_.begin() + static_cast<std::ptrdiff_t>(start_);
  const auto last = buffer_.begin() + static_cast<std::ptrdiff_t>(*end);
  const nlohmann::json json = nlohmann::json::parse(first, last, nullptr, false);
  const uint64_t at = offset_;
  json_depth_ = 0;
  consume(*end - start_);
  if (json.is_discarded()) return unexpected("byte " + std::to_string(at) + ": invalid JSON");
  auto block = rpc::signed_block_from_json(json);
  if (!block) return unexpected("byte " + std::to_string(at) + ": " + block.error());
  return std::optional<block::SignedBlock>(std::move(*block));
}

}  // namespace canary::node
