#include "executor/host/host_call.hpp"

#include <cstring>
#include <utility>

#include "primitives/scale/utf8.hpp"

namespace canary::executor::host {

Unexpected<ExecutionError> HostCall::fail(ExecutionErrorKind kind, std::string_view message) const {
  std::string text(name_);
  text += ": ";
  text += message;
  return unexpected(ExecutionError::make(kind, std::move(text)));
}

Unexpected<ExecutionError> HostCall::decode_failure(std::string_view what,
                                                    scale::DecodeError e) const {
  std::string text = "cannot decode ";
  text += what;
  text += ": ";
  text += scale::to_string(e);
  return fail(text);
}

HostOutcome<HostContext*> HostCall::context() {
  if (call_.user == nullptr) return fail("the call has no host context");
  return static_cast<HostContext*>(call_.user);
}

HostOutcome<state::OverlayedChanges*> HostCall::storage() {
  CANARY_TRY_ASSIGN(auto ctx, context());
  if (ctx->storage == nullptr) return fail("the call has no storage");
  return ctx->storage;
}

HostOutcome<ByteSpan> HostCall::view(uint32_t ptr, uint32_t len, std::string_view what) {
  auto span = call_.memory.view(ptr, len);
  if (!span) {
    std::string text(what);
    text += ": ";
    text += std::to_string(len);
    text += " bytes at ";
    text += std::to_string(ptr);
    text += " lie outside the memory of ";
    text += std::to_string(call_.memory.size());
    text += " bytes";
    return fail(ExecutionErrorKind::kMemoryOutOfBounds, text);
  }
  return *span;
}

HostOutcome<ByteSpan> HostCall::bytes(size_t i, std::string_view what) {
  const PointerSize ps = PointerSize::unpack(u64(i));
  return view(ps.ptr, ps.len, what);
}

HostOutcome<MutableByteSpan> HostCall::bytes_mut(size_t i, std::string_view what) {
  const PointerSize ps = PointerSize::unpack(u64(i));
  CANARY_TRY(view(ps.ptr, ps.len, what));
  return *call_.memory.view_mut(ps.ptr, ps.len);
}

HostOutcome<ByteSpan> HostCall::fixed(size_t i, uint32_t size, std::string_view what) {
  return view(u32(i), size, what);
}

HostOutcome<std::string_view> HostCall::utf8(size_t i, std::string_view what) {
  auto data = bytes(i, what);
  if (!data) return unexpected(data.error());
  if (!scale::is_valid_utf8(*data)) {
    std::string text(what);
    text += " is not valid UTF-8";
    return fail(text);
  }
  return std::string_view(reinterpret_cast<const char*>(data->data()), data->size());
}

HostOutcome<std::pair<uint32_t, MutableByteSpan>> HostCall::allocate_output(size_t size) {
  if (size > UINT32_MAX) {
    return fail(ExecutionErrorKind::kAllocator, to_string(AllocatorError::kRequestedTooLarge));
  }
  auto ptr = call_.allocator.allocate(call_.memory, static_cast<uint32_t>(size));
  if (!ptr) return fail(ExecutionErrorKind::kAllocator, to_string(ptr.error()));
  auto out = call_.memory.view_mut(*ptr, size);
  if (!out) return fail(ExecutionErrorKind::kInternal, "allocated block lies outside the memory");
  return std::pair{*ptr, *out};
}

HostOutcome<uint32_t> HostCall::write_new(ByteSpan data) {
  CANARY_TRY_ASSIGN(auto allocated, allocate_output(data.size()));
  auto [ptr, out] = allocated;
  if (!data.empty()) std::memcpy(out.data(), data.data(), data.size());
  return ptr;
}

HostResult HostCall::return_pointer(ByteSpan data) {
  CANARY_TRY_ASSIGN(auto ptr, write_new(data));
  return host_value(WasmValue::i32(ptr));
}

HostResult HostCall::return_pointer_size(ByteSpan data) {
  CANARY_TRY_ASSIGN(auto ptr, write_new(data));
  return host_value(WasmValue::i64(PointerSize{ptr, static_cast<uint32_t>(data.size())}.pack()));
}

HostResult HostCall::return_optional_bytes(std::optional<ByteSpan> value) {
  const size_t size = value ? 1 + scale::compact_size(value->size()) + value->size() : 1;
  CANARY_TRY_ASSIGN(auto allocated, allocate_output(size));
  auto [ptr, out] = allocated;
  scale::BufferWriter writer(out.data());
  writer.put_byte(value ? 1 : 0);
  if (value) {
    scale::encode_compact(writer, value->size());
    writer.put_bytes(*value);
  }
  return host_value(WasmValue::i64(PointerSize{ptr, static_cast<uint32_t>(size)}.pack()));
}

}  // namespace canary::executor::host
