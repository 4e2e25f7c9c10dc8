// The memory functions the compiler emits calls to. They move 8 bytes at a time (wasm32 allows
// unaligned loads and stores; the alignment hint of an `aligned(1)` access only tells the engine
// not to count on it) and finish byte by byte: the runtime copies many short buffers (storage
// keys, accounts, encoded values), and byte loops were a tenth of a block import's time.
// `no_builtin`: the compiler may not turn these loops back into calls to themselves.
#include <stddef.h>
#include <stdint.h>

namespace {

using Word = uint64_t __attribute__((aligned(1), may_alias));

inline uint64_t load(const unsigned char* p) {
  return *reinterpret_cast<const Word*>(p);
}
inline void store(unsigned char* p, uint64_t v) {
  *reinterpret_cast<Word*>(p) = v;
}

}  // namespace

extern "C" {

__attribute__((no_builtin)) void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const uint64_t a = load(s + i);
    const uint64_t b = load(s + i + 8);
    const uint64_t c = load(s + i + 16);
    const uint64_t e = load(s + i + 24);
    store(d + i, a);
    store(d + i + 8, b);
    store(d + i + 16, c);
    store(d + i + 24, e);
  }
  for (; i + 8 <= n; i += 8) store(d + i, load(s + i));
  for (; i < n; ++i) d[i] = s[i];
  return dst;
}

__attribute__((no_builtin)) void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  if (d == s || n == 0) return dst;
  if (d < s) {
    // Forwards: each word is read before the store that may overwrite it.
    size_t i = 0;
    for (; i + 8 <= n; i += 8) store(d + i, load(s + i));
    for (; i < n; ++i) d[i] = s[i];
  } else {
    // Backwards, for the same reason.
    size_t i = n;
    for (; i >= 8; i -= 8) store(d + i - 8, load(s + i - 8));
    for (; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}

__attribute__((no_builtin)) void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const uint64_t word =
      static_cast<uint64_t>(static_cast<unsigned char>(value)) * 0x0101010101010101ULL;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) store(d + i, word);
  for (; i < n; ++i) d[i] = static_cast<unsigned char>(value);
  return dst;
}

__attribute__((no_builtin)) int memcmp(const void* a, const void* b, size_t n) {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  size_t i = 0;
  // Skip the equal words; the first differing byte decides.
  while (i + 8 <= n && load(x + i) == load(y + i)) i += 8;
  for (; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

__attribute__((no_builtin)) size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// libc++ turns std::find over 32-bit integers into char_traits<wchar_t>::find, which calls
// wmemchr (wchar_t is 32 bits on wasm32): e.g. Staking's search of a claimed era's pages.
__attribute__((no_builtin)) wchar_t* wmemchr(const wchar_t* s, wchar_t c, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (s[i] == c) return const_cast<wchar_t*>(s + i);
  }
  return nullptr;
}

// libc++'s std::string::find of a character or a substring (char_traits<char>::find): e.g. a
// metadata type path split at "::".
__attribute__((no_builtin)) void* memchr(const void* s, int c, size_t n) {
  const auto* p = static_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

}  // extern "C"
