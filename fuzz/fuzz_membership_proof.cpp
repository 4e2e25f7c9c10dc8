// The key-ownership proofs equivocation reports carry (sp_session::MembershipProof, checked by
// Session's historical module against a session root with runtime/framework/trie/proving_trie):
// SCALE bytes from anyone who submits a report. Nothing may crash, and the check must hold
// together:
//  - a proof that decodes is looked up against the root of a trie built from the input, and
//    against a root taken from the input: an answer or an error, never a crash;
//  - a proof the trie records for one of its keys proves that key's value and reads every node;
//    with one node dropped (when more than one) it no longer proves it, and with a node given
//    twice it is refused.
//
// Input: u8 entry count (at most 16), then per entry u8 key length + key, u8 value length + value;
// then 32 root bytes; the rest is a SCALE MembershipProof.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/trie/proving_trie.hpp"
#include "runtime/pallets/session/membership_proof.hpp"

namespace {

using namespace canary;
namespace trie = canary::rt::trie;
using canary::rt::pallets::session::MembershipProof;

using canary::fuzz::check;

// The lookups of `key` through the proof's nodes under `root`: whatever the nodes, an answer.
void look_up(const std::vector<Bytes>& nodes, const Hash256& root, ByteSpan key) {
  auto proof = trie::ProofNodes::from(nodes);
  if (!proof) return;
  (void)proof->get(root, key);
  (void)proof->all_read();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  canary::fuzz::ByteReader in(ByteSpan(data, size));
  std::vector<std::pair<Bytes, Bytes>> entries;
  const size_t count = in.byte() % 17;
  for (size_t i = 0; i < count; ++i) {
    const ByteSpan key = in.take(in.byte());
    const ByteSpan value = in.take(in.byte());
    entries.emplace_back(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
  }
  const trie::ProvingTrie built = trie::ProvingTrie::build(entries);
  Hash256 given_root{};
  const ByteSpan root_bytes = in.take(32);
  std::copy(root_bytes.begin(), root_bytes.end(), given_root.begin());

  // The outside bytes: a proof as a report carries it.
  if (auto proof = scale::decode<MembershipProof>(in.rest())) {
    check(scale::encode(*proof).size() <= in.rest().size());
    const ByteSpan key = entries.empty() ? ByteSpan{} : ByteSpan(entries.front().first);
    look_up(proof->trie_nodes, built.root(), key);
    look_up(proof->trie_nodes, given_root, key);
  }

  // The trie's own proofs: sound and minimal.
  for (const auto& [key, ignored] : entries) {
    std::vector<Bytes> nodes;
    const std::optional<Bytes> value = built.get_recording(key, nodes);
    check(value == built.get(key));
    auto proof = trie::ProofNodes::from(nodes);
    check(proof.has_value());
    auto proved = proof->get(built.root(), key);
    check(proved.has_value() && *proved == value);
    check(proof->all_read());
    if (!nodes.empty()) {
      std::vector<Bytes> twice = nodes;
      twice.push_back(nodes.front());
      check(!trie::ProofNodes::from(twice).has_value());
    }
    if (nodes.size() > 1) {
      std::vector<Bytes> fewer(nodes.begin() + 1, nodes.end());
      auto partial = trie::ProofNodes::from(fewer);
      check(partial.has_value());
      auto answer = partial->get(built.root(), key);
      check(!answer.has_value() || *answer != value || !partial->all_read());
    }
  }
  return 0;
}
