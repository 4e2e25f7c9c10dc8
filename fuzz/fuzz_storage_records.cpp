// Decodes arbitrary bytes as each kind of database record (state/storage/records.hpp): what a
// damaged or foreign database file hands back. Decoding must never crash, and every record
// layout has exactly one encoding, so whatever decodes must re-encode to the same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "state/storage/records.hpp"

namespace {

using namespace canary;
using namespace canary::state;

void expect_same(const Bytes& again, ByteSpan data) {
  if (again.size() != data.size() || !std::equal(again.begin(), again.end(), data.begin())) {
    __builtin_trap();
  }
}

template <size_t N>
void expect_same(const ByteArray<N>& again, ByteSpan data) {
  expect_same(Bytes(again.begin(), again.end()), data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  ByteSpan data(bytes, size);
  if (auto v = records::decode_u32(data)) expect_same(records::encode_u32(*v), data);
  if (auto r = records::decode_block_ref(data)) expect_same(records::encode_block_ref(*r), data);
  if (auto h = records::decode_hash(data)) expect_same(Bytes(h->begin(), h->end()), data);
  if (auto p = records::decode_pruning(data)) expect_same(records::encode_pruning(*p), data);
  if (auto l = records::decode_hash_list(data)) expect_same(records::encode_hash_list(*l), data);
  if (auto n = records::decode_canonical_key(data)) {
    expect_same(records::canonical_key(*n), data);
  }
  if (auto t = records::decode_tree_key(data)) expect_same(records::tree_key(*t), data);
  if (auto r = records::decode_refcount(data)) expect_same(records::encode_refcount(*r), data);
  return 0;
}
