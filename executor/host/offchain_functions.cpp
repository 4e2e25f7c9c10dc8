// ext_offchain_* and ext_offchain_index_* (sp-io `Offchain`, `OffchainIndex`). Each offchain
// function needs the service the reference gets from an extension: the local storage functions
// HostContext::offchain_storage (OffchainDbExt), submit_transaction HostContext::transaction_pool
// (TransactionPoolExt), the others HostContext::offchain_worker (OffchainWorkerExt). Without it the
// call traps, as the reference's `.expect("… can be called only in the offchain worker context")`.
// The index functions work in any call: block execution is where they are used.
#include "executor/host/detail/registry.hpp"
#include "executor/host/host_api.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::host {
namespace {

using detail::kI32;
using detail::kI64;
using offchain::HttpError;
using offchain::HttpRequestId;
using offchain::HttpRequestStatus;
using offchain::Timestamp;

HostOutcome<offchain::OffchainWorker*> worker(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  if (ctx->offchain_worker == nullptr) return call.fail("not in an offchain worker context");
  return ctx->offchain_worker;
}

HostOutcome<offchain::OffchainStorage*> local_storage(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  if (ctx->offchain_storage == nullptr) return call.fail("no offchain storage for the call");
  return ctx->offchain_storage;
}

HostOutcome<offchain::StorageKind> kind_arg(HostCall& call, size_t i) {
  const auto kind = offchain::storage_kind_from_wire(call.u32(i));
  if (!kind) return call.fail("invalid storage kind " + std::to_string(call.u32(i)));
  return *kind;
}

// HttpRequestId travels as a u16 in an i32.
HttpRequestId request_id_arg(HostCall& call, size_t i) {
  return static_cast<HttpRequestId>(call.u32(i));
}

// SCALE Result<(), HttpError> / Result<u32, HttpError>.
Bytes encode_http_result(const Result<void, HttpError>& r) {
  if (r) return {0};
  return {1, static_cast<uint8_t>(r.error())};
}

HostResult is_validator(HostCall& call) {
  CANARY_TRY_ASSIGN(auto w, worker(call));
  return HostCall::return_bool(w->is_validator());
}

// SCALE Result<(), ()>.
HostResult submit_transaction(HostCall& call) {
  CANARY_TRY_ASSIGN(auto data, call.bytes(0, "data"));
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  if (ctx->transaction_pool == nullptr) return call.fail("no transaction pool for the call");
  const bool accepted = ctx->transaction_pool->submit_transaction(data);
  return call.return_pointer_size(Bytes{static_cast<uint8_t>(accepted ? 0 : 1)});
}

// SCALE Result<OpaqueNetworkState, ()>.
HostResult network_state(HostCall& call) {
  CANARY_TRY_ASSIGN(auto w, worker(call));
  const auto state = w->network_state();
  scale::Encoder out;
  if (state) {
    out.put_byte(0);
    scale::encode_to(out, state->peer_id);
    scale::encode_to(out, state->external_addresses);
  } else {
    out.put_byte(1);
  }
  return call.return_pointer_size(out.bytes());
}

HostResult timestamp(HostCall& call) {
  CANARY_TRY_ASSIGN(auto w, worker(call));
  return HostCall::return_u64(w->timestamp());
}

HostResult sleep_until(HostCall& call) {
  CANARY_TRY_ASSIGN(auto w, worker(call));
  w->sleep_until(call.u64(0));
  return host_void();
}

HostResult random_seed(HostCall& call) {
  CANARY_TRY_ASSIGN(auto w, worker(call));
  const Hash256 seed = w->random_seed();
  return call.return_pointer(seed);
}

HostResult local_storage_set(HostCall& call) {
  CANARY_TRY_ASSIGN(auto kind, kind_arg(call, 0));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  CANARY_TRY_ASSIGN(auto value, call.bytes(2, "value"));
  CANARY_TRY_ASSIGN(auto store, local_storage(call));
  store->set(kind, key, value);
  return host_void();
}

HostResult local_storage_clear(HostCall& call) {
  CANARY_TRY_ASSIGN(auto kind, kind_arg(call, 0));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  CANARY_TRY_ASSIGN(auto store, local_storage(call));
  store->clear(kind, key);
  return host_void();
}

// The old value is SCALE Option<Vec<u8>>; none means "only if absent".
HostResult local_storage_compare_and_set(HostCall& call) {
  CANARY_TRY_ASSIGN(auto kind, kind_arg(call, 0));
  CANARY_TRY_ASSIGN(auto old_value, call.decode<std::optional<Bytes>>(2, "old_value"));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  CANARY_TRY_ASSIGN(auto new_value, call.bytes(3, "new_value"));
  CANARY_TRY_ASSIGN(auto store, local_storage(call));
  std::optional<ByteSpan> expected;
  if (old_value) expected = ByteSpan(*old_value);
  return HostCall::return_bool(store->compare_and_set(kind, key, expected, new_value));
}

HostResult local_storage_get(HostCall& call) {
  CANARY_TRY_ASSIGN(auto kind, kind_arg(call, 0));
  CANARY_TRY_ASSIGN(auto key, call.bytes(1, "key"));
  CANARY_TRY_ASSIGN(auto store, local_storage(call));
  return call.return_scale(store->get(kind, key));
}

// SCALE Result<HttpRequestId, ()>. Method and URI are `&str`.
HostResult http_request_start(HostCall& call) {
  CANARY_TRY_ASSIGN(auto method, call.utf8(0, "method"));
  CANARY_TRY_ASSIGN(auto uri, call.utf8(1, "uri"));
  CANARY_TRY_ASSIGN(auto meta, call.bytes(2, "meta"));
  CANARY_TRY_ASSIGN(auto w, worker(call));
  const auto id = w->http_request_start(method, uri, meta);
  scale::Encoder out;
  if (id) {
    out.put_byte(0);
    scale::encode_to(out, *id);
  } else {
    out.put_byte(1);
  }
  return call.return_pointer_size(out.bytes());
}

// SCALE Result<(), ()>.
HostResult http_request_add_header(HostCall& call) {
  const HttpRequestId id = request_id_arg(call, 0);
  CANARY_TRY_ASSIGN(auto name, call.utf8(1, "name"));
  CANARY_TRY_ASSIGN(auto value, call.utf8(2, "value"));
  CANARY_TRY_ASSIGN(auto w, worker(call));
  const bool added = w->http_request_add_header(id, name, value);
  return call.return_pointer_size(Bytes{static_cast<uint8_t>(added ? 0 : 1)});
}

// The deadline is SCALE Option<Timestamp>.
HostResult http_request_write_body(HostCall& call) {
  const HttpRequestId id = request_id_arg(call, 0);
  CANARY_TRY_ASSIGN(auto chunk, call.bytes(1, "chunk"));
  CANARY_TRY_ASSIGN(auto deadline, call.decode<std::optional<Timestamp>>(2, "deadline"));
  CANARY_TRY_ASSIGN(auto w, worker(call));
  const Bytes body(chunk.begin(), chunk.end());
  return call.return_pointer_size(
      encode_http_result(w->http_request_write_body(id, body, deadline)));
}

// SCALE Vec<HttpRequestStatus>: one per id.
HostResult http_response_wait(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ids, call.decode<std::vector<HttpRequestId>>(0, "ids"));
  CANARY_TRY_ASSIGN(auto deadline, call.decode<std::optional<Timestamp>>(1, "deadline"));
  CANARY_TRY_ASSIGN(auto w, worker(call));
  std::vector<HttpRequestStatus> statuses = w->http_response_wait(ids, deadline);
  // The reference zips nothing: an implementation that answers fewer statuses is a bug there too.
  statuses.resize(ids.size(), HttpRequestStatus::invalid());
  scale::Encoder out;
  scale::encode_compact(out, statuses.size());
  for (const HttpRequestStatus& status : statuses) {
    out.put_byte(static_cast<uint8_t>(status.kind));
    if (status.kind == HttpRequestStatus::Kind::kFinished) scale::encode_to(out, status.code);
  }
  return call.return_pointer_size(out.bytes());
}

// SCALE Vec<(Vec<u8>, Vec<u8>)>.
HostResult http_response_headers(HostCall& call) {
  const HttpRequestId id = request_id_arg(call, 0);
  CANARY_TRY_ASSIGN(auto w, worker(call));
  return call.return_scale(w->http_response_headers(id));
}

// SCALE Result<u32, HttpError>; the body is written into the buffer argument.
HostResult http_response_read_body(HostCall& call) {
  const HttpRequestId id = request_id_arg(call, 0);
  CANARY_TRY_ASSIGN(auto buffer, call.bytes(1, "buffer"));
  CANARY_TRY_ASSIGN(auto deadline, call.decode<std::optional<Timestamp>>(2, "deadline"));
  CANARY_TRY_ASSIGN(auto w, worker(call));
  Bytes chunk(buffer.size());
  auto read = w->http_response_read_body(id, chunk, deadline);
  scale::Encoder out;
  if (read) {
    const uint32_t n = std::min<uint32_t>(*read, static_cast<uint32_t>(chunk.size()));
    CANARY_TRY_ASSIGN(auto target, call.bytes_mut(1, "buffer"));
    std::copy_n(chunk.begin(), n, target.begin());
    out.put_byte(0);
    scale::encode_to(out, n);
  } else {
    out.put_byte(1);
    out.put_byte(static_cast<uint8_t>(read.error()));
  }
  return call.return_pointer_size(out.bytes());
}

// Nodes are SCALE Vec<OpaquePeerId> (each a Vec<u8>); the flag is a bool in an i32.
HostResult set_authorized_nodes(HostCall& call) {
  CANARY_TRY_ASSIGN(auto nodes, call.decode<std::vector<Bytes>>(0, "nodes"));
  const bool authorized_only = (call.u32(1) & 0xff) != 0;
  CANARY_TRY_ASSIGN(auto w, worker(call));
  w->set_authorized_nodes(std::move(nodes), authorized_only);
  return host_void();
}

HostResult index_set(HostCall& call) {
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  CANARY_TRY_ASSIGN(auto value, call.bytes(1, "value"));
  if (auto ctx = call.context(); ctx && (*ctx)->offchain_index != nullptr) {
    (*ctx)->offchain_index->set(key, value);
  }
  return host_void();
}

HostResult index_clear(HostCall& call) {
  CANARY_TRY_ASSIGN(auto key, call.bytes(0, "key"));
  if (auto ctx = call.context(); ctx && (*ctx)->offchain_index != nullptr) {
    (*ctx)->offchain_index->clear(key);
  }
  return host_void();
}

}  // namespace

void register_offchain(HostFunctionTable& t) {
  using detail::add;
  add<"ext_offchain_is_validator_version_1", is_validator>(t, {}, kI32);
  add<"ext_offchain_submit_transaction_version_1", submit_transaction>(t, {kI64}, kI64);
  add<"ext_offchain_network_state_version_1", network_state>(t, {}, kI64);
  add<"ext_offchain_timestamp_version_1", timestamp>(t, {}, kI64);
  add<"ext_offchain_sleep_until_version_1", sleep_until>(t, {kI64});
  add<"ext_offchain_random_seed_version_1", random_seed>(t, {}, kI32);
  add<"ext_offchain_local_storage_set_version_1", local_storage_set>(t, {kI32, kI64, kI64});
  add<"ext_offchain_local_storage_clear_version_1", local_storage_clear>(t, {kI32, kI64});
  add<"ext_offchain_local_storage_compare_and_set_version_1", local_storage_compare_and_set>(
      t, {kI32, kI64, kI64, kI64}, kI32);
  add<"ext_offchain_local_storage_get_version_1", local_storage_get>(t, {kI32, kI64}, kI64);
  add<"ext_offchain_http_request_start_version_1", http_request_start>(t, {kI64, kI64, kI64}, kI64);
  add<"ext_offchain_http_request_add_header_version_1", http_request_add_header>(
      t, {kI32, kI64, kI64}, kI64);
  add<"ext_offchain_http_request_write_body_version_1", http_request_write_body>(
      t, {kI32, kI64, kI64}, kI64);
  add<"ext_offchain_http_response_wait_version_1", http_response_wait>(t, {kI64, kI64}, kI64);
  // The request id is a u16 in an i32 (sp-io); smoldot's table says i64.
  add<"ext_offchain_http_response_headers_version_1", http_response_headers>(t, {kI32}, kI64);
  add<"ext_offchain_http_response_read_body_version_1", http_response_read_body>(
      t, {kI32, kI64, kI64}, kI64);
  add<"ext_offchain_set_authorized_nodes_version_1", set_authorized_nodes>(t, {kI64, kI32});
  add<"ext_offchain_index_set_version_1", index_set>(t, {kI64, kI64});
  add<"ext_offchain_index_clear_version_1", index_clear>(t, {kI64});
}

}  // namespace canary::executor::host
