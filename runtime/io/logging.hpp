// Log lines from the runtime (sp-io `logging`) and the panic that ends a call (sp-io
// `panic_handler`): the node shows the message and the call fails, its changes discarded.
#pragma once

#include <cstdint>
#include <string_view>

namespace canary::rt::io {

// sp-io's RuntimeLogLevel: Error = 1 … Trace = 5; the host filters by its maximum level.
enum class LogLevel : uint8_t { kError = 1, kWarn = 2, kInfo = 3, kDebug = 4, kTrace = 5 };

void log(LogLevel level, std::string_view target, std::string_view message);
// Whether a line at `level` would be kept (skip formatting otherwise).
bool log_enabled(LogLevel level);

// Ends the runtime call with `message`. Natively (tests) it throws nothing: it reports the
// message and aborts, so pallets must return errors for anything an extrinsic can cause and
// panic only on broken invariants.
[[noreturn]] void panic(std::string_view message);

}  // namespace canary::rt::io
