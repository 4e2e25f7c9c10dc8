// What runtime/io acts on in native builds (pallet unit tests, tools): the state overlay of the
// call, where log lines go, and how a runtime blob's version is read. A context is installed for
// the current thread by NativeContextScope; io calls without one panic.
//
// Native builds only: the runtime library compiled for wasm32 reaches the host API instead.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "primitives/util/bytes.hpp"
#include "runtime/io/logging.hpp"
#include "state/overlay/overlayed_changes.hpp"

namespace canary::rt::io {

struct NativeContext {
  state::OverlayedChanges* storage = nullptr;
  // Lines at or below this level reach `log_sink` (kError = 1 … kTrace = 5; 0 = none).
  uint8_t max_log_level = static_cast<uint8_t>(LogLevel::kInfo);
  std::function<void(LogLevel, std::string_view target, std::string_view message)> log_sink;
  // misc::runtime_version: the encoded version of a blob; none if unset.
  std::function<std::optional<Bytes>(ByteSpan code)> runtime_version;
  // offchain::submit_transaction: where an encoded extrinsic goes (the node's pool in the
  // reference); refused if unset.
  std::function<bool(ByteSpan extrinsic)> submit_transaction;
  // offchain::local_storage_*: the offchain database, by (kind, key); none: reads find nothing
  // and writes are dropped.
  std::map<std::pair<uint32_t, Bytes>, Bytes>* offchain_storage = nullptr;
};

// Installs `context` for the current thread until destroyed (scopes nest). Starting or ending a
// scope empties the io layer's mirror of the state (storage_cache.hpp), so that what changes the
// overlay outside io calls (between runtime calls) is never answered from it: change the overlay
// directly only outside a scope.
class NativeContextScope {
 public:
  explicit NativeContextScope(NativeContext& context);
  ~NativeContextScope();
  NativeContextScope(const NativeContextScope&) = delete;
  NativeContextScope& operator=(const NativeContextScope&) = delete;

 private:
  NativeContext* previous_;
};

// The current thread's context, or null.
NativeContext* current_native_context();

}  // namespace canary::rt::io
