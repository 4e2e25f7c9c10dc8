#include "executor/host/detail/storage_common.hpp"

#include <algorithm>
#include <cstring>

namespace canary::executor::host::detail {

Unexpected<ExecutionError> storage_failure(HostCall& call, state::StorageError e) {
  return call.fail(std::string("storage backend: ") + state::to_string(e));
}

HostResult finish_read(HostCall& call, const std::optional<ByteSpan>& value, size_t out_arg,
                       uint32_t offset) {
  CANARY_TRY_ASSIGN(auto out, call.bytes_mut(out_arg, "value_out"));
  std::optional<uint32_t> remaining;
  if (value) {
    const size_t start = std::min<size_t>(offset, value->size());
    const size_t available = value->size() - start;
    const size_t written = std::min(available, out.size());
    if (written > 0) std::memcpy(out.data(), value->data() + start, written);
    remaining = static_cast<uint32_t>(available);
  }
  return call.return_scale(remaining);
}

HostOutcome<state::StateVersion> state_version_arg(HostCall& call, size_t i) {
  const auto version = state::state_version_from_u8(static_cast<uint8_t>(call.u32(i)));
  if (!version) return call.fail("invalid state version " + std::to_string(call.u32(i)));
  return *version;
}

Bytes encode_multi_removal(const state::RemovalResult& r) {
  scale::Encoder out;
  scale::encode_to(out, r.cursor);
  scale::encode_to(out, r.backend);
  scale::encode_to(out, r.unique);
  scale::encode_to(out, r.loops);
  return std::move(out).take();
}

}  // namespace canary::executor::host::detail
