#include "executor/runtime_code.hpp"

#include <cstring>

#include "primitives/hash/hash.hpp"

namespace canary::executor {

namespace {

const Bytes kCodeKey = to_bytes(":code");
const Bytes kHeapPagesKey = to_bytes(":heappages");

}  // namespace

std::string RuntimeCodeError::describe() const {
  if (kind == Kind::kNoCode) return "the state has no :code";
  return std::string("cannot read the runtime code: ") + state::to_string(storage);
}

RuntimeCode make_runtime_code(Bytes code, std::optional<ByteSpan> heap_pages_value) {
  const Hash256 hash = hash::blake2b_256(code);
  return make_runtime_code(std::move(code), hash, heap_pages_value);
}

RuntimeCode make_runtime_code(Bytes code, const Hash256& hash,
                              std::optional<ByteSpan> heap_pages_value) {
  RuntimeCode runtime;
  runtime.hash = hash;
  runtime.code = std::move(code);
  if (heap_pages_value && heap_pages_value->size() == sizeof(uint64_t)) {
    uint64_t pages = 0;
    for (size_t i = 0; i < sizeof(uint64_t); ++i) {
      pages |= uint64_t{(*heap_pages_value)[i]} << (8 * i);
    }
    runtime.heap_pages = pages;
  }
  return runtime;
}

Result<RuntimeCode, RuntimeCodeError> runtime_code_from_state(state::StorageBackend& state) {
  auto code = state.get(std::nullopt, kCodeKey);
  if (!code) return unexpected(RuntimeCodeError{RuntimeCodeError::Kind::kStorage, code.error()});
  if (!code->has_value()) return unexpected(RuntimeCodeError{});
  auto heap_pages = state.get(std::nullopt, kHeapPagesKey);
  if (!heap_pages) {
    return unexpected(RuntimeCodeError{RuntimeCodeError::Kind::kStorage, heap_pages.error()});
  }
  std::optional<ByteSpan> pages;
  if (heap_pages->has_value()) pages = ByteSpan(**heap_pages);
  return make_runtime_code(std::move(**code), pages);
}

}  // namespace canary::executor
