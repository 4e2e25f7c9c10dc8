// The small groups of the host API: ext_misc_* (printing, runtime_version), ext_allocator_*,
// ext_logging_*, ext_panic_handler_*, ext_wasm_tracing_* and ext_transaction_index_* (sp-io `Misc`,
// `Allocator`, `Logging`, `PanicHandler`, `WasmTracing`, `TransactionIndex`).
#include <string>

#include "executor/host/detail/registry.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/runtime_version_reader.hpp"
#include "primitives/scale/utf8.hpp"
#include "primitives/util/hex.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::host {
namespace {

using detail::kI32;
using detail::kI64;

Logger* logger_of(HostCall& call) {
  auto ctx = call.context();
  return ctx ? (*ctx)->logger : nullptr;
}

void emit(HostCall& call, LogLevel level, std::string_view target, std::string_view message) {
  Logger* logger = logger_of(call);
  if (logger != nullptr && enabled(logger->max_level(), level)) {
    logger->log(level, target, message);
  }
}

// The print functions log at debug level to the target "runtime".
HostResult print_num(HostCall& call) {
  emit(call, LogLevel::kDebug, kPrintTarget, std::to_string(call.u64(0)));
  return host_void();
}

// Invalid UTF-8 is silently dropped (sp-io checks with `from_utf8` and prints nothing).
HostResult print_utf8(HostCall& call) {
  CANARY_TRY_ASSIGN(auto text, call.bytes(0, "utf8"));
  if (scale::is_valid_utf8(text)) {
    emit(call, LogLevel::kDebug, kPrintTarget,
         std::string_view(reinterpret_cast<const char*>(text.data()), text.size()));
  }
  return host_void();
}

HostResult print_hex(HostCall& call) {
  CANARY_TRY_ASSIGN(auto data, call.bytes(0, "data"));
  if (Logger* logger = logger_of(call);
      logger != nullptr && enabled(logger->max_level(), LogLevel::kDebug)) {
    logger->log(LogLevel::kDebug, kPrintTarget, to_hex(data, false));
  }
  return host_void();
}

// SCALE Option<Vec<u8>>, the inner bytes an encoded RuntimeVersion.
HostResult runtime_version(HostCall& call) {
  CANARY_TRY_ASSIGN(auto code, call.bytes(0, "wasm"));
  CoreVersionCaller* fallback = nullptr;
  if (auto ctx = call.context(); ctx) fallback = (*ctx)->core_version;
  const Bytes blob(code.begin(), code.end());
  return call.return_scale(read_runtime_version(blob, fallback));
}

HostResult allocator_malloc(HostCall& call) {
  auto ptr = call.allocator().allocate(call.memory(), call.u32(0));
  if (!ptr) return call.fail(ExecutionErrorKind::kAllocator, to_string(ptr.error()));
  return HostCall::return_u32(*ptr);
}

HostResult allocator_free(HostCall& call) {
  auto freed = call.allocator().deallocate(call.memory(), call.u32(0));
  if (!freed) return call.fail(ExecutionErrorKind::kAllocator, to_string(freed.error()));
  return host_void();
}

// The level is sp-core's LogLevel passed by variant index (PassByEnum, a u8): Error = 0 … Trace
// = 4, one below the `log` crate's numbering. The target is a `&str` (invalid UTF-8 fails the
// call); a message that is not UTF-8 is dropped.
HostResult logging_log(HostCall& call) {
  const uint8_t wire = static_cast<uint8_t>(call.u32(0));
  if (wire > 4) return call.fail("invalid log level " + std::to_string(call.u32(0)));
  const auto level = static_cast<LogLevel>(wire + 1);
  CANARY_TRY_ASSIGN(auto target, call.utf8(1, "target"));
  CANARY_TRY_ASSIGN(auto message, call.bytes(2, "message"));
  if (scale::is_valid_utf8(message)) {
    emit(call, level, target,
         std::string_view(reinterpret_cast<const char*>(message.data()), message.size()));
  }
  return host_void();
}

// The `log` crate's LevelFilter, Off = 0 … Trace = 5.
HostResult max_level(HostCall& call) {
  Logger* logger = logger_of(call);
  const LogFilter filter = logger != nullptr ? logger->max_level() : LogFilter::kOff;
  return HostCall::return_u32(static_cast<uint32_t>(filter));
}

// Runtimes built with sp-io's `improved_panic_error_reporting` report their panic message here and
// expect the host to end the call (`#[trap_on_return]`).
HostResult abort_on_panic(HostCall& call) {
  CANARY_TRY_ASSIGN(auto message, call.utf8(0, "message"));
  if (auto ctx = call.context(); ctx) (*ctx)->panic_message = std::string(message);
  return call.fail("runtime panicked: " + std::string(message));
}

// Tracing from inside the runtime (sp-io `WasmTracing`, only in runtimes built with the
// `with-tracing` feature): Canary has no subscriber, so spans are never enabled, never get an id,
// and events go nowhere. The metadata is not decoded.
HostResult tracing_enabled(HostCall& call) {
  CANARY_TRY_ASSIGN(auto metadata, call.bytes(0, "metadata"));
  (void)metadata;
  return HostCall::return_bool(false);
}

HostResult tracing_enter_span(HostCall& call) {
  CANARY_TRY_ASSIGN(auto span, call.bytes(0, "span"));
  (void)span;
  return HostCall::return_u64(0);
}

HostResult tracing_event(HostCall& call) {
  CANARY_TRY_ASSIGN(auto event, call.bytes(0, "event"));
  (void)event;
  return host_void();
}

HostResult tracing_exit(HostCall&) {
  return host_void();
}

// (extrinsic: u32, size: u32, context hash: [u8; 32] by pointer): recorded for the caller.
HostResult transaction_index(HostCall& call) {
  CANARY_TRY_ASSIGN(auto hash, call.array<32>(2, "context_hash"));
  if (auto ctx = call.context(); ctx) {
    (*ctx)->transaction_index_ops.push_back(
        {TransactionIndexOp::Kind::kInsert, call.u32(0), hash, call.u32(1)});
  }
  return host_void();
}

HostResult transaction_renew(HostCall& call) {
  CANARY_TRY_ASSIGN(auto hash, call.array<32>(1, "context_hash"));
  if (auto ctx = call.context(); ctx) {
    (*ctx)->transaction_index_ops.push_back(
        {TransactionIndexOp::Kind::kRenew, call.u32(0), hash, 0});
  }
  return host_void();
}

}  // namespace

void register_misc(HostFunctionTable& t) {
  using detail::add;
  add<"ext_misc_print_num_version_1", print_num>(t, {kI64});
  add<"ext_misc_print_utf8_version_1", print_utf8>(t, {kI64});
  add<"ext_misc_print_hex_version_1", print_hex>(t, {kI64});
  add<"ext_misc_runtime_version_version_1", runtime_version>(t, {kI64}, kI64);
  add<"ext_allocator_malloc_version_1", allocator_malloc>(t, {kI32}, kI32);
  add<"ext_allocator_free_version_1", allocator_free>(t, {kI32});
  add<"ext_logging_log_version_1", logging_log>(t, {kI32, kI64, kI64});
  add<"ext_logging_max_level_version_1", max_level>(t, {}, kI32);
  add<"ext_panic_handler_abort_on_panic_version_1", abort_on_panic>(t, {kI64});
  add<"ext_wasm_tracing_enabled_version_1", tracing_enabled>(t, {kI64}, kI32);
  add<"ext_wasm_tracing_enter_span_version_1", tracing_enter_span>(t, {kI64}, kI64);
  add<"ext_wasm_tracing_event_version_1", tracing_event>(t, {kI64});
  add<"ext_wasm_tracing_exit_version_1", tracing_exit>(t, {kI64});
  add<"ext_transaction_index_index_version_1", transaction_index>(t, {kI32, kI32, kI32});
  add<"ext_transaction_index_renew_version_1", transaction_renew>(t, {kI32, kI32});
}

}  // namespace canary::executor::host
