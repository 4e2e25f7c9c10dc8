#include "state/trie/nibbles.hpp"

#include <algorithm>

namespace canary::state {

size_t common_prefix_length(NibbleView a, NibbleView b) {
  size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  // Same nibble parity: compare whole bytes (the common case: keys and leaf partial keys).
  if (((a.offset() ^ b.offset()) & 1) == 0) {
    if ((a.offset() & 1) != 0 && n > 0) {
      if (a[0] != b[0]) return 0;
      i = 1;
    }
    const uint8_t* pa = a.data() + ((a.offset() + i) >> 1);
    const uint8_t* pb = b.data() + ((b.offset() + i) >> 1);
    while (i + 2 <= n) {
      if (*pa != *pb) return ((*pa ^ *pb) & 0xF0) != 0 ? i : i + 1;
      i += 2;
      ++pa;
      ++pb;
    }
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

bool NibbleView::starts_with(NibbleView prefix) const {
  return prefix.size() <= size_ && common_prefix_length(*this, prefix) == prefix.size();
}

bool NibbleView::operator==(NibbleView other) const {
  return size_ == other.size_ && common_prefix_length(*this, other) == size_;
}

int compare(NibbleView a, NibbleView b) {
  size_t common = common_prefix_length(a, b);
  if (common < a.size() && common < b.size()) return a[common] < b[common] ? -1 : 1;
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

void append_left_padded(Bytes& out, NibbleView nibbles) {
  size_t n = nibbles.size();
  size_t i = 0;
  if ((n & 1) != 0) {
    out.push_back(nibbles[0]);
    i = 1;
  }
  size_t pairs = (n - i) / 2;
  size_t start = nibbles.offset() + i;
  if ((start & 1) == 0) {
    const uint8_t* p = nibbles.data() + (start >> 1);
    out.insert(out.end(), p, p + pairs);
    return;
  }
  for (; i < n; i += 2) {
    out.push_back(static_cast<uint8_t>((nibbles[i] << 4) | nibbles[i + 1]));
  }
}

Bytes to_key_bytes(NibbleView nibbles) {
  Bytes out;
  out.reserve(nibbles.size() / 2);
  for (size_t i = 0; i + 1 < nibbles.size(); i += 2) {
    out.push_back(static_cast<uint8_t>((nibbles[i] << 4) | nibbles[i + 1]));
  }
  return out;
}

}  // namespace canary::state
