// Availability erasure coding (parachain/erasure_coding) on outside input: chunks and proofs come
// from other validators over the network (chunk fetching, availability recovery), so neither
// reconstruction from an arbitrary chunk set nor verification of an arbitrary proof may crash,
// and a round trip of arbitrary data must give the data back.
//
// Input: a mode byte, then
//   mode % 3 == 0 (round trip): u16 LE validator count (2 + value % 1100), a u64 LE subset seed,
//     then the data (the rest). Checks: n chunks of one length, the data back from a random
//     threshold-sized subset and from the systematic chunks, two chunk proofs that verify.
//   mode % 3 == 1 (arbitrary chunk set): u16 LE validator count (value + 1, so 0..65536 + 1 are
//     refused or used), then chunks as u16 LE index, u8 length, bytes, until the input ends.
//   mode % 3 == 2 (arbitrary proof): flags (bit 0: the root is the hash of the first node, else
//     32 root bytes follow), u32 LE index, u8 chunk length + chunk, then nodes as u16 LE length +
//     bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "primitives/hash/hash.hpp"

namespace {

using namespace canary;
using namespace canary::erasure_coding;
using canary::fuzz::check;
using Reader = canary::fuzz::ByteReader;

size_t read_u16(Reader& in) {
  size_t lo = in.byte();
  return lo | (static_cast<size_t>(in.byte()) << 8);
}

bool data_then_zeros(const Bytes& got, ByteSpan data) {
  if (got.size() < data.size()) return false;
  if (!std::equal(data.begin(), data.end(), got.begin())) return false;
  return std::all_of(got.begin() + static_cast<ptrdiff_t>(data.size()), got.end(),
                     [](uint8_t b) { return b == 0; });
}

void round_trip(Reader& in) {
  size_t n = 2 + read_u16(in) % 1100;
  uint64_t seed = 0;
  for (int i = 0; i < 8; ++i) seed |= static_cast<uint64_t>(in.byte()) << (8 * i);
  ByteSpan data = in.rest();
  auto chunks = obtain_chunks(n, data);
  if (data.empty()) {
    check(!chunks && chunks.error() == ErasureError::kBadPayload);
    return;
  }
  check(chunks.has_value() && chunks->size() == n);
  for (const Bytes& c : *chunks) check(c.size() == (*chunks)[0].size() && c.size() % 2 == 0);

  size_t k = recovery_threshold(n).value();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<IndexedChunk> subset;
  subset.reserve(k);
  for (size_t i = 0; i < k; ++i) subset.push_back({(*chunks)[order[i]], order[i]});
  auto back = reconstruct(n, subset);
  check(back.has_value() && data_then_zeros(*back, data));

  size_t k_po2 = systematic_recovery_threshold(n).value();
  std::vector<ByteSpan> systematic(chunks->begin(),
                                   chunks->begin() + static_cast<ptrdiff_t>(k_po2));
  auto sys = reconstruct_from_systematic(n, systematic);
  check(sys.has_value() && data_then_zeros(*sys, data));

  // Proofs of two chunks against the root: the trie is built once, as branches() does.
  auto all = branches(*chunks);
  check(all.has_value() && all->root == erasure_root(*chunks));
  for (size_t index : {order[0], n - 1}) {
    check(verify_chunk_proof(all->root, index, (*chunks)[index], all->proofs[index]).has_value());
  }
}

void arbitrary_chunks(Reader& in) {
  size_t n = read_u16(in) + 1;
  std::vector<Bytes> storage;
  std::vector<size_t> indices;
  while (!in.done() && storage.size() < 4096) {
    size_t index = read_u16(in);
    ByteSpan chunk = in.take(in.byte());
    storage.emplace_back(chunk.begin(), chunk.end());
    indices.push_back(index);
  }
  std::vector<IndexedChunk> chunks;
  chunks.reserve(storage.size());
  for (size_t i = 0; i < storage.size(); ++i) chunks.push_back({storage[i], indices[i]});
  auto back = reconstruct(n, chunks);
  if (back) {
    size_t k_po2 = systematic_recovery_threshold(n).value();
    check(back->size() == k_po2 * chunks[0].data.size());
  }
  std::vector<ByteSpan> spans(storage.begin(), storage.end());
  auto sys = reconstruct_from_systematic(n, spans);
  if (sys) check(sys->size() == systematic_recovery_threshold(n).value() * spans[0].size());
}

void arbitrary_proof(Reader& in) {
  uint8_t flags = in.byte();
  Hash256 root{};
  bool root_from_first = (flags & 1) != 0;
  if (!root_from_first) {
    ByteSpan r = in.take(32);
    std::copy(r.begin(), r.end(), root.begin());
  }
  size_t index = 0;
  for (int i = 0; i < 4; ++i) index |= static_cast<size_t>(in.byte()) << (8 * i);
  ByteSpan chunk = in.take(in.byte());
  std::vector<Bytes> nodes;
  while (!in.done() && nodes.size() < 16) {
    ByteSpan node = in.take(read_u16(in));
    nodes.emplace_back(node.begin(), node.end());
  }
  if (root_from_first && !nodes.empty()) root = hash::blake2b_256(nodes[0]);
  auto hash = branch_hash(root, nodes, index);
  auto verified = verify_chunk_proof(root, index, chunk, nodes);
  // Verification is branch_hash plus the chunk's hash.
  check(verified.has_value() == (hash.has_value() && *hash == hash::blake2b_256(chunk)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  Reader in(ByteSpan(bytes, size));
  switch (in.byte() % 3) {
    case 0:
      round_trip(in);
      break;
    case 1:
      arbitrary_chunks(in);
      break;
    default:
      arbitrary_proof(in);
      break;
  }
  return 0;
}
