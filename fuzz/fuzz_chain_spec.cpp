// `canary --chain FILE` (and build-spec, key insert, purge-chain) read a user's JSON chain spec:
// node::parse_chain_spec_document (raw or runtimeGenesis, the fields kept verbatim) over
// state::parse_chain_spec. Arbitrary text must give a document or an error, never a crash or an
// exception. What parses must be written again (build-spec, raw and not) into text that parses
// to the same identity and genesis, and a raw genesis must have a state root (what the node
// computes before anything else). A runtime genesis patch goes through json_merge.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "node/chain/chain_spec_json.hpp"
#include "node/chain/json_merge.hpp"
#include "state/chain_spec/genesis_state.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  fprintf(stderr, "fuzz_chain_spec: %s\n", what);
  __builtin_trap();
}

void check_same(const canary::node::ChainSpecDocument& a,
                const canary::node::ChainSpecDocument& b) {
  const canary::state::ChainSpec& x = a.spec;
  const canary::state::ChainSpec& y = b.spec;
  if (x.name != y.name || x.id != y.id || x.chain_type != y.chain_type ||
      x.boot_nodes != y.boot_nodes || x.protocol_id != y.protocol_id ||
      x.code_substitutes != y.code_substitutes) {
    fail("the identity changed on a rewrite");
  }
  if (a.raw_genesis != b.raw_genesis) fail("the genesis form changed on a rewrite");
  if (a.raw_genesis && (x.top != y.top || x.children_default != y.children_default)) {
    fail("the raw genesis changed on a rewrite");
  }
  if (a.fork_id != b.fork_id) fail("forkId changed on a rewrite");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace canary;
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  auto document = node::parse_chain_spec_document(text);
  if (!document) {
    if (document.error().empty()) fail("an error without a message");
    return 0;
  }
  // build-spec without --raw (the runtime genesis when there is one), and with --raw.
  for (const bool raw : {false, true}) {
    auto written = node::write_chain_spec_json(*document, raw);
    if (!written) {
      if (raw && !document->raw_genesis) continue;  // the raw genesis needs the runtime
      fail("a parsed spec was not written");
    }
    auto again = node::parse_chain_spec_document(*written);
    if (!again) {
      fprintf(stderr, "%s\n", again.error().c_str());
      fail("a written spec does not parse");
    }
    check_same(*document, *again);
  }
  if (document->raw_genesis) {
    (void)state::genesis_state_root(document->spec, state::StateVersion::kV1);
  }
  if (document->runtime_genesis) {
    nlohmann::json config = nlohmann::json::object();
    node::json_merge(config, document->runtime_genesis->value);
    (void)node::json_text(config);
  }
  return 0;
}
