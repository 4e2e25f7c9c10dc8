// A LinearMemory held in a std::vector: for tests, fuzzers and tools that drive the allocator or
// host functions without an engine.
#pragma once

#include "executor/linear_memory.hpp"

namespace canary::executor {

class VectorMemory final : public LinearMemory {
 public:
  explicit VectorMemory(uint32_t pages, std::optional<uint32_t> max_pages = std::nullopt)
      : data_(size_t{pages} * kWasmPageSize), max_pages_(max_pages) {}

  uint32_t pages() const override { return static_cast<uint32_t>(data_.size() / kWasmPageSize); }
  std::optional<uint32_t> max_pages() const override { return max_pages_; }
  bool grow(uint32_t delta) override {
    const uint64_t limit = max_pages_.value_or(kMaxWasmPages);
    if (uint64_t{pages()} + delta > limit) return false;
    data_.resize(data_.size() + size_t{delta} * kWasmPageSize);
    return true;
  }
  MutableByteSpan bytes() const override { return {data_.data(), data_.size()}; }

  // Tests simulate a misbehaving engine with this; real memories never shrink.
  void truncate_pages(uint32_t pages) { data_.resize(size_t{pages} * kWasmPageSize); }

 private:
  mutable Bytes data_;
  std::optional<uint32_t> max_pages_;
};

}  // namespace canary::executor
