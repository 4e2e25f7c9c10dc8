// The native stand-in for a block's state in pallet unit tests (sp-io `TestExternalities`): an
// in-memory committed state, an overlay of changes on it, and the native io context pointing at
// them. Runs test code with `execute_with`; host builds only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "runtime/io/native_context.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"

namespace canary::rt::testing {

class TestExternalities {
 public:
  struct LogLine {
    io::LogLevel level;
    std::string target;
    std::string message;
  };

  explicit TestExternalities(const std::map<Bytes, Bytes>& genesis = {},
                             state::StateVersion version = state::StateVersion::kV1)
      : root_(state::write_raw_state(genesis, {}, version, store_)),
        backend_(root_, store_),
        overlay_(backend_) {
    context_.storage = &overlay_;
    context_.max_log_level = static_cast<uint8_t>(io::LogLevel::kTrace);
    context_.log_sink = [this](io::LogLevel level, std::string_view target,
                               std::string_view message) {
      logs_.push_back({level, std::string(target), std::string(message)});
    };
  }

  template <class F>
  decltype(auto) execute_with(F&& f) {
    io::NativeContextScope scope(context_);
    return f();
  }

  state::OverlayedChanges& overlay() { return overlay_; }
  // The main trie's keys the overlay writes, with their values (deleted keys left out): on an
  // externalities built from an empty state, the state a genesis build or a setup produced.
  std::map<Bytes, Bytes> top_writes() {
    std::map<Bytes, Bytes> state;
    (void)overlay_.for_each_change(
        state::StateVersion::kV1,
        [&](state::ChildKey child, ByteSpan key, const std::optional<Bytes>& value) {
          if (!child && value) state[Bytes(key.begin(), key.end())] = *value;
        });
    return state;
  }
  io::NativeContext& context() { return context_; }
  const std::vector<LogLine>& logs() const { return logs_; }
  const Hash256& genesis_root() const { return root_; }

 private:
  state::MemoryNodeStore store_;
  Hash256 root_;
  state::TrieBackend backend_;
  state::OverlayedChanges overlay_;
  io::NativeContext context_;
  std::vector<LogLine> logs_;
};

}  // namespace canary::rt::testing
