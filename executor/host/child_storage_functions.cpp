// ext_default_child_storage_*: the default child tries, named by their unprefixed key (sp-io
// `DefaultChildStorage`; `ChildInfo::new_default`). The same semantics as the main trie's
// functions, within one child trie; storage_kill is clear_prefix with an empty prefix.
#include "executor/host/detail/registry.hpp"
#include "executor/host/detail/storage_common.hpp"
#include "executor/host/host_api.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::host {
namespace {

using detail::kI32;
using detail::kI64;

HostResult set_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  CANARY_TRY_ASSIGN(auto value, call.bytes(2, "value"));
  storage->child_set(child, key, value);
  return host_void();
}

HostResult get_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  auto value = storage->child_get(child, key);
  if (!value) return detail::storage_failure(call, value.error());
  return call.return_scale(*value);
}

HostResult read_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  CANARY_TRY_ASSIGN(auto out, call.bytes(2, "value_out"));
  (void)out;
  auto value = storage->child_get(child, key);
  if (!value) return detail::storage_failure(call, value.error());
  const std::optional<Bytes>& found = *value;
  return detail::finish_read(call, found ? std::optional<ByteSpan>(*found) : std::nullopt, 2,
                             call.u32(3));
}

HostResult clear_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  storage->child_clear(child, key);
  return host_void();
}

HostResult exists_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  auto exists = storage->child_exists(child, key);
  if (!exists) return detail::storage_failure(call, exists.error());
  return HostCall::return_bool(*exists);
}

HostResult storage_kill_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  auto removed = storage->kill_child(child);
  if (!removed) return detail::storage_failure(call, removed.error());
  return host_void();
}

// True if everything was removed (no cursor left).
HostResult storage_kill_v2(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto limit, call.decode<std::optional<uint32_t>>(1, "limit"));
  auto removed = storage->kill_child(child, limit);
  if (!removed) return detail::storage_failure(call, removed.error());
  return HostCall::return_bool(!removed->cursor.has_value());
}

HostResult storage_kill_v3(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto limit, call.decode<std::optional<uint32_t>>(1, "limit"));
  auto removed = storage->kill_child(child, limit);
  if (!removed) return detail::storage_failure(call, removed.error());
  return call.return_pointer_size(removed->kill_storage_result().encode());
}

// register_only in sp-io.
HostResult storage_kill_v4(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto limit, call.decode<std::optional<uint32_t>>(1, "limit"));
  CANARY_TRY_ASSIGN(auto cursor, call.decode<std::optional<Bytes>>(2, "cursor"));
  auto removed = storage->kill_child(child, limit, cursor ? ByteSpan(*cursor) : ByteSpan{});
  if (!removed) return detail::storage_failure(call, removed.error());
  return call.return_pointer_size(detail::encode_multi_removal(*removed));
}

HostResult clear_prefix_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto prefix, call.bytes(1, "prefix"));
  auto removed = storage->child_clear_prefix(child, prefix);
  if (!removed) return detail::storage_failure(call, removed.error());
  return host_void();
}

HostResult clear_prefix_v2(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto prefix, call.bytes(1, "prefix"));
  CANARY_TRY_ASSIGN(auto limit, call.decode<std::optional<uint32_t>>(2, "limit"));
  auto removed = storage->child_clear_prefix(child, prefix, limit);
  if (!removed) return detail::storage_failure(call, removed.error());
  return call.return_pointer_size(removed->kill_storage_result().encode());
}

// register_only in sp-io.
HostResult clear_prefix_v3(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto prefix, call.bytes(1, "prefix"));
  CANARY_TRY_ASSIGN(auto limit, call.decode<std::optional<uint32_t>>(2, "limit"));
  CANARY_TRY_ASSIGN(auto cursor, call.decode<std::optional<Bytes>>(3, "cursor"));
  auto removed =
      storage->child_clear_prefix(child, prefix, limit, cursor ? ByteSpan(*cursor) : ByteSpan{});
  if (!removed) return detail::storage_failure(call, removed.error());
  return call.return_pointer_size(detail::encode_multi_removal(*removed));
}

// A raw 32-byte hash, as the main root. The reference also records the root in the main trie's
// changes, which the overlay does.
HostResult child_root(HostCall& call, state::StateVersion version) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  auto root = storage->child_root(child, version);
  if (!root) return detail::storage_failure(call, root.error());
  return call.return_pointer_size(*root);
}

HostResult root_v1(HostCall& call) {
  return child_root(call, state::StateVersion::kV0);
}

HostResult root_v2(HostCall& call) {
  CANARY_TRY_ASSIGN(auto version, detail::state_version_arg(call, 1));
  return child_root(call, version);
}

HostResult next_key_v1(HostCall& call) {
  CANARY_TRY_ASSIGN(auto storage, call.storage());
  CANARY_TRY_ASSIGN(auto child, call.bytes(0, "storage_key"));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  auto next = storage->child_next_key(child, key);
  if (!next) return detail::storage_failure(call, next.error());
  return call.return_scale(*next);
}

}  // namespace

void register_child_storage(HostFunctionTable& t) {
  using detail::add;
  add<"ext_default_child_storage_set_version_1", set_v1>(t, {kI64, kI64, kI64});
  add<"ext_default_child_storage_get_version_1", get_v1>(t, {kI64, kI64}, kI64);
  add<"ext_default_child_storage_read_version_1", read_v1>(t, {kI64, kI64, kI64, kI32}, kI64);
  add<"ext_default_child_storage_clear_version_1", clear_v1>(t, {kI64, kI64});
  add<"ext_default_child_storage_exists_version_1", exists_v1>(t, {kI64, kI64}, kI32);
  add<"ext_default_child_storage_storage_kill_version_1", storage_kill_v1>(t, {kI64});
  add<"ext_default_child_storage_storage_kill_version_2", storage_kill_v2>(t, {kI64, kI64}, kI32);
  add<"ext_default_child_storage_storage_kill_version_3", storage_kill_v3>(t, {kI64, kI64}, kI64);
  add<"ext_default_child_storage_storage_kill_version_4", storage_kill_v4>(t, {kI64, kI64, kI64},
                                                                           kI64);
  add<"ext_default_child_storage_clear_prefix_version_1", clear_prefix_v1>(t, {kI64, kI64});
  add<"ext_default_child_storage_clear_prefix_version_2", clear_prefix_v2>(t, {kI64, kI64, kI64},
                                                                           kI64);
  add<"ext_default_child_storage_clear_prefix_version_3", clear_prefix_v3>(
      t, {kI64, kI64, kI64, kI64}, kI64);
  add<"ext_default_child_storage_root_version_1", root_v1>(t, {kI64}, kI64);
  add<"ext_default_child_storage_root_version_2", root_v2>(t, {kI64, kI32}, kI64);
  add<"ext_default_child_storage_next_key_version_1", next_key_v1>(t, {kI64, kI64}, kI64);
}

}  // namespace canary::executor::host
