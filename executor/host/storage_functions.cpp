// ext_storage_*: the main trie of the state (sp-io `Storage`; sp-state-machine ext.rs for what the
// reference host does with each call; w3f/polkadot-spec docs/chap-host-api.md "Storage").
#include <limits>

#include "executor/host/detail/registry.hpp"
#include "executor/host/detail/storage_common.hpp"
#include "executor/host/host_api.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/child_trie.hpp"

namespace canary::executor::host {
namespace {

using detail::kI32;
using detail::kI64;

// With HostContext::hide_child_storage_keys: the reads of the spec, which pretend that keys under
// ":child_storage:" do not exist.
bool hidden(HostCall& call, ByteSpan key) {
  auto ctx = call.context();
  return ctx && (*ctx)->hide_child_storage_keys && state::is_child_storage_key(key);
}

HostResult set_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  CANARY_TRY_ASSIGN(auto value, call.bytes(1, "value"));
  // The overlay refuses keys under ":child_storage:", as ext.rs `place_storage` does.
  (void)storage->set(key, value);
  return host_void();
}

HostResult get_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  if (hidden(call, key)) return call.return_optional_bytes(std::nullopt);
  auto value = storage->get_view(key);
  if (!value) return detail::storage_failure(call, value.error());
  return call.return_optional_bytes(*value);
}

HostResult read_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  CANARY_TRY_ASSIGN(auto out, call.bytes(1, "value_out"));
  (void)out;
  // A view, not a copy: a large value is read in parts (the runtime's first read learns its
  // length), and each part copies only what it asks for.
  std::optional<ByteSpan> value;
  if (!hidden(call, key)) {
    auto read = storage->get_view(key);
    if (!read) return detail::storage_failure(call, read.error());
    value = *read;
  }
  return detail::finish_read(call, value, 1, call.u32(2));
}

HostResult clear_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  (void)storage->clear(key);
  return host_void();
}

HostResult exists_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  if (hidden(call, key)) return HostCall::return_bool(false);
  auto exists = storage->exists(key);
  if (!exists) return detail::storage_failure(call, exists.error());
  return HostCall::return_bool(*exists);
}

HostResult clear_prefix_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto prefix, call.bytes(0, "prefix"));
  auto removed = storage->clear_prefix(prefix);
  if (!removed) return detail::storage_failure(call, removed.error());
  return host_void();
}

// KillStorageResult counts `loops`, the backend keys visited (sp-io `From<MultiRemovalResults>`).
HostResult clear_prefix_v2(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto prefix, call.bytes(0, "prefix"));
  CANARY_TRY_ASSIGN(auto limit, call.decode<std::optional<uint32_t>>(1, "limit"));
  auto removed = storage->clear_prefix(prefix, limit);
  if (!removed) return detail::storage_failure(call, removed.error());
  return call.return_pointer_size(removed->kill_storage_result().encode());
}

// register_only in sp-io: the cursor-taking version no released runtime imports.
HostResult clear_prefix_v3(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto prefix, call.bytes(0, "prefix"));
  CANARY_TRY_ASSIGN(auto limit, call.decode<std::optional<uint32_t>>(1, "limit"));
  CANARY_TRY_ASSIGN(auto cursor, call.decode<std::optional<Bytes>>(2, "cursor"));
  auto removed = storage->clear_prefix(prefix, limit, cursor ? ByteSpan(*cursor) : ByteSpan{});
  if (!removed) return detail::storage_failure(call, removed.error());
  return call.return_pointer_size(detail::encode_multi_removal(*removed));
}

HostResult append_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  CANARY_TRY_ASSIGN(auto item, call.bytes(1, "value"));
  if (hidden(call, key)) return host_void();
  auto appended = storage->append(key, item);
  if (!appended) return detail::storage_failure(call, appended.error());
  return host_void();
}

// The root comes back as the raw hash (a fat pointer to 32 bytes), not as SCALE.
HostResult storage_root(HostCall& call, state::StateVersion version) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  auto root = storage->root(version);
  if (!root) return detail::storage_failure(call, root.error());
  return call.return_pointer_size(*root);
}

HostResult root_v1(HostCall& call) {
  return storage_root(call, state::StateVersion::kV0);
}

HostResult root_v2(HostCall& call) {
  CANARY_TRY_ASSIGN(auto version, detail::state_version_arg(call, 0));
  return storage_root(call, version);
}

// Changes tries are gone (removed in 2021); the function only ever answered None.
HostResult changes_root_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto parent, call.bytes(0, "parent_hash"));
  (void)parent;
  return call.return_scale(std::optional<Bytes>{});
}

HostResult next_key_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto key_view, call.bytes(0, "key"));
  const Bytes key(key_view.begin(), key_view.end());
  auto next = storage->next_key(key);
  if (!next) return detail::storage_failure(call, next.error());
  if (*next && hidden(call, **next)) {
    // Skip the whole ":child_storage:" range: the first key not under it is ":child_storage;" or
    // the one after it.
    Bytes boundary = to_bytes(state::kChildStoragePrefix);
    boundary.back() = static_cast<uint8_t>(boundary.back() + 1);
    auto exists = storage->exists(boundary);
    if (!exists) return detail::storage_failure(call, exists.error());
    if (*exists) {
      next = std::optional<Bytes>(boundary);
    } else {
      next = storage->next_key(boundary);
      if (!next) return detail::storage_failure(call, next.error());
    }
  }
  return call.return_scale(*next);
}

HostResult start_transaction_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  ctx->start_transaction();
  return host_void();
}

// Closing a transaction the runtime did not open panics in the reference ("No open transaction
// that can be committed/rolled back").
HostResult commit_transaction_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  auto done = ctx->commit_transaction();
  if (!done) return call.fail(state::to_string(done.error()));
  return host_void();
}

HostResult rollback_transaction_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  auto done = ctx->rollback_transaction();
  if (!done) return call.fail(state::to_string(done.error()));
  return host_void();
}

// cumulus proof-size-hostfunction: u64::MAX (PROOF_RECORDING_DISABLED) unless a proof is being
// recorded, which Canary's executor does not do (yet).
HostResult proof_size_v1(HostCall&) {
  return HostCall::return_u64(std::numeric_limits<uint64_t>::max());
}

}  // namespace

void register_storage(HostFunctionTable& t) {
  using detail::add;
  add<"ext_storage_set_version_1", set_v1>(t, {kI64, kI64});
  add<"ext_storage_get_version_1", get_v1>(t, {kI64}, kI64);
  add<"ext_storage_read_version_1", read_v1>(t, {kI64, kI64, kI32}, kI64);
  add<"ext_storage_clear_version_1", clear_v1>(t, {kI64});
  add<"ext_storage_exists_version_1", exists_v1>(t, {kI64}, kI32);
  add<"ext_storage_clear_prefix_version_1", clear_prefix_v1>(t, {kI64});
  add<"ext_storage_clear_prefix_version_2", clear_prefix_v2>(t, {kI64, kI64}, kI64);
  add<"ext_storage_clear_prefix_version_3", clear_prefix_v3>(t, {kI64, kI64, kI64}, kI64);
  add<"ext_storage_append_version_1", append_v1>(t, {kI64, kI64});
  add<"ext_storage_root_version_1", root_v1>(t, {}, kI64);
  add<"ext_storage_root_version_2", root_v2>(t, {kI32}, kI64);
  add<"ext_storage_changes_root_version_1", changes_root_v1>(t, {kI64}, kI64);
  add<"ext_storage_next_key_version_1", next_key_v1>(t, {kI64}, kI64);
  add<"ext_storage_start_transaction_version_1", start_transaction_v1>(t, {});
  add<"ext_storage_commit_transaction_version_1", commit_transaction_v1>(t, {});
  add<"ext_storage_rollback_transaction_version_1", rollback_transaction_v1>(t, {});
  add<"ext_storage_proof_size_storage_proof_size_version_1", proof_size_v1>(t, {}, kI64);
}

}  // namespace canary::executor::host
