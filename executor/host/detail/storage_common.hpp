// What the main-trie and the default-child-trie storage functions share (internal).
#pragma once

#include <optional>

#include "executor/host/host_call.hpp"
#include "state/overlay/removal_result.hpp"
#include "state/overlay/storage_error.hpp"
#include "state/trie/state_version.hpp"

namespace canary::executor::host::detail {

// The backend could not be read: not the runtime's fault, but the call cannot go on.
Unexpected<ExecutionError> storage_failure(HostCall& call, state::StorageError e);

// ext_*storage_read_version_1: copies what the value has from `offset` on into the buffer of
// pointer-size argument `out_arg`, as far as it fits, and returns SCALE Option<u32>: the number of
// bytes the value has from the offset (sp-io `read`). The buffer must lie in the memory even when
// the value is absent (sp-runtime-interface reads it in before the call).
HostResult finish_read(HostCall& call, const std::optional<ByteSpan>& value, size_t out_arg,
                       uint32_t offset);

// A state version argument (an i32; sp-runtime-interface passes the enum as a u8, so only the low
// byte counts). Anything but 0 or 1 fails the call.
HostOutcome<state::StateVersion> state_version_arg(HostCall& call, size_t i);

// SCALE `MultiRemovalResults { maybe_cursor: Option<Vec<u8>>, backend: u32, unique: u32,
// loops: u32 }` (sp-externalities), the result of the cursor-taking removal functions.
Bytes encode_multi_removal(const state::RemovalResult& r);

}  // namespace canary::executor::host::detail
