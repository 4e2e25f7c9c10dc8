// One host function call as the implementations see it: typed access to the arguments, every
// pointer the runtime passes checked against the memory, the outputs allocated with the call's
// freeing-bump allocator, and errors that name the function. The calling conventions are sp-
// runtime-interface's (w3f/polkadot-spec docs/chap-host-api.md, "Preliminaries"):
//  - a pointer-size is an i64, pointer in the low 32 bits, length in the high 32 bits;
//  - a fixed-size input (a hash, a key, a signature, a key type) is an i32 pointer;
//  - a SCALE input is decoded from the front of its bytes, trailing bytes ignored (parity-scale-
//    codec `Decode::decode`, not `decode_all`);
//  - an output is written into a fresh allocation: fixed-size ones return its i32 pointer, others
//    an i64 pointer-size.
// Whatever the runtime passes that the host cannot use (a pointer outside the memory, undecodable
// SCALE, invalid UTF-8 where a `&str` is expected) fails the call: the runtime traps, as in the
// reference, where such an argument panics the host function.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "executor/execution_error.hpp"
#include "executor/host/host_context.hpp"
#include "executor/host_function.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::host {

template <class T>
using HostOutcome = Result<T, ExecutionError>;

struct PointerSize {
  uint32_t ptr = 0;
  uint32_t len = 0;

  static PointerSize unpack(uint64_t packed) {
    return {static_cast<uint32_t>(packed), static_cast<uint32_t>(packed >> 32)};
  }
  uint64_t pack() const { return uint64_t{ptr} | (uint64_t{len} << 32); }
};

class HostCall {
 public:
  HostCall(HostCallContext& call, std::span<const WasmValue> args, std::string_view name)
      : call_(call), args_(args), name_(name) {}

  std::string_view name() const { return name_; }
  LinearMemory& memory() { return call_.memory; }
  FreeingBumpAllocator& allocator() { return call_.allocator; }

  // The HostContext of the call (CallOptions::host_context); an error if the caller gave none.
  HostOutcome<HostContext*> context();
  // The context's storage overlay; an error if the call has none.
  HostOutcome<state::OverlayedChanges*> storage();

  uint32_t u32(size_t i) const { return args_[i].as_u32(); }
  uint64_t u64(size_t i) const { return args_[i].as_u64(); }

  // The bytes pointer-size argument `i` names. Valid until the next allocation (which may grow the
  // memory) or write.
  HostOutcome<ByteSpan> bytes(size_t i, std::string_view what);
  HostOutcome<MutableByteSpan> bytes_mut(size_t i, std::string_view what);
  // The `size` bytes i32 pointer argument `i` points at.
  HostOutcome<ByteSpan> fixed(size_t i, uint32_t size, std::string_view what);
  template <size_t N>
  HostOutcome<ByteArray<N>> array(size_t i, std::string_view what) {
    auto view = fixed(i, N, what);
    if (!view) return unexpected(view.error());
    ByteArray<N> out{};
    std::copy(view->begin(), view->end(), out.begin());
    return out;
  }
  // A `&str` argument (pointer-size): must be valid UTF-8.
  HostOutcome<std::string_view> utf8(size_t i, std::string_view what);
  // A SCALE argument (pointer-size), decoded from the front of its bytes.
  template <class T>
  HostOutcome<T> decode(size_t i, std::string_view what) {
    auto data = bytes(i, what);
    if (!data) return unexpected(data.error());
    // The only bound on lengths is the data itself, as in the reference.
    scale::Decoder in(*data, SIZE_MAX);
    T value = scale::decode_next<T>(in);
    if (!in.ok()) return decode_failure(what, in.error());
    return value;
  }

  // Copies `data` into a fresh allocation; returns its pointer.
  HostOutcome<uint32_t> write_new(ByteSpan data);
  // Results.
  HostResult return_pointer(ByteSpan data);       // i32 pointer to a copy of `data`
  HostResult return_pointer_size(ByteSpan data);  // i64 pointer-size of a copy of `data`
  template <class T>
  HostResult return_scale(const T& value) {
    return return_pointer_size(scale::encode(value));
  }
  // return_scale of an Option<Vec<u8>>, encoded straight into the allocation (no copy of the
  // value on the way: storage reads return these).
  HostResult return_optional_bytes(std::optional<ByteSpan> value);
  static HostResult return_bool(bool value) { return host_value(WasmValue::i32(value ? 1 : 0)); }
  static HostResult return_u32(uint32_t value) { return host_value(WasmValue::i32(value)); }
  static HostResult return_u64(uint64_t value) { return host_value(WasmValue::i64(value)); }

  // An error of `kind` whose message starts with the function's name.
  Unexpected<ExecutionError> fail(ExecutionErrorKind kind, std::string_view message) const;
  Unexpected<ExecutionError> fail(std::string_view message) const {
    return fail(ExecutionErrorKind::kHostError, message);
  }

 private:
  HostOutcome<ByteSpan> view(uint32_t ptr, uint32_t len, std::string_view what);
  // A fresh allocation of `size` bytes for an output: its pointer and its bytes.
  HostOutcome<std::pair<uint32_t, MutableByteSpan>> allocate_output(size_t size);
  Unexpected<ExecutionError> decode_failure(std::string_view what, scale::DecodeError e) const;

  HostCallContext& call_;
  std::span<const WasmValue> args_;
  std::string_view name_;
};

}  // namespace canary::executor::host
