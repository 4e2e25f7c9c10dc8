// A memo of the hashes of short inputs, for the io layer's hashing functions. The hashes of storage
// map keys (an account's Blake2_128Concat, an index's Twox64Concat) are asked for again at every
// access to the item (System.Account about forty times in a transfer), and remembering them costs
// less than a host call on wasm32 or a BLAKE2b natively. Hashing is a pure function, so a memo is
// exact whatever happens to the state; it is a few direct-mapped slots, with no allocation.
#pragma once

#include <cstdint>
#include <cstring>

#include "primitives/util/bytes.hpp"

namespace canary::rt::io {

template <size_t N>
class HashMemo {
 public:
  // Longer inputs are hashed every time: map keys are ids and hashes of 32 bytes or less.
  static constexpr size_t kMaxInput = 48;

  template <class Compute>
  ByteArray<N> get(ByteSpan data, Compute&& compute) {
    if (data.size() > kMaxInput) return compute();
    Slot& slot = slots_[slot_of(data)];
    if (slot.size == data.size() + 1 &&
        (data.empty() || std::memcmp(slot.input, data.data(), data.size()) == 0)) {
      return slot.output;
    }
    slot.output = compute();
    slot.size = static_cast<uint8_t>(data.size() + 1);
    if (!data.empty()) std::memcpy(slot.input, data.data(), data.size());
    return slot.output;
  }

 private:
  static constexpr unsigned kSlotBits = 5;

  // Inputs of 8 bytes or more are mostly random already (account ids, hashes): their first and
  // last words, mixed once, are spread enough. Shorter ones (indices) are taken whole.
  static size_t slot_of(ByteSpan data) {
    uint64_t h = data.size();
    if (data.size() >= 8) {
      uint64_t first = 0;
      uint64_t last = 0;
      std::memcpy(&first, data.data(), 8);
      std::memcpy(&last, data.data() + data.size() - 8, 8);
      h ^= first ^ (last * 0xBF58476D1CE4E5B9ull);
    } else {
      for (uint8_t byte : data) h = (h << 8) | byte;
    }
    h *= 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> (64 - kSlotBits));
  }

  struct Slot {
    uint8_t size = 0;  // the input's length + 1; 0: unused
    uint8_t input[kMaxInput] = {};
    ByteArray<N> output = {};
  };
  Slot slots_[size_t{1} << kSlotBits];
};

}  // namespace canary::rt::io
