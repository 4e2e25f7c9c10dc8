#include "primitives/hash/hash.hpp"

#include <bit>
#include <cstring>

#include "primitives/hash/keccak.hpp"

#if defined(CANARY_HOST_HASH)
#include <sodium.h>
#include <xxhash.h>
#else
#include "primitives/hash/blake2b_portable.hpp"
#include "primitives/hash/sha2_portable.hpp"
#include "primitives/hash/xxhash64_portable.hpp"
#endif

namespace canary::hash {

namespace {

constexpr size_t kBlake2bMaxOut = 64;
constexpr size_t kBlake2bMaxKey = 64;

constexpr bool blake2b_sizes_valid(size_t out_len, size_t key_len) {
  return out_len >= 1 && out_len <= kBlake2bMaxOut && key_len <= kBlake2bMaxKey;
}

#if defined(CANARY_HOST_HASH)
// libsodium picks its fastest BLAKE2b (AVX2/SSE4.1) only after sodium_init(); before that it runs
// the reference code. sodium_init() is idempotent and thread-safe; the static makes it run once.
void ensure_sodium_initialised() {
  [[maybe_unused]] static const bool kInitialised = sodium_init() >= 0;
}
#endif

// Caller guarantees valid sizes and out.size() == out_len.
void blake2b_into(MutableByteSpan out, ByteSpan data, ByteSpan key) {
#if defined(CANARY_HOST_HASH)
  ensure_sodium_initialised();
  // libsodium's own limits are exactly RFC 7693's (its BYTES_MIN/KEYBYTES_MIN of 16 are advice,
  // not checks), so 8-byte digests such as the runtime API ids go through it too.
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(), key.size());
#else
  portable::Blake2b hasher(out.size(), key);
  hasher.update(data);
  hasher.finish(out);
#endif
}

template <size_t N>
ByteArray<N> blake2b_fixed(ByteSpan data) {
  ByteArray<N> out;
  blake2b_into(out, data, {});
  return out;
}

inline void store64_le(uint8_t* p, uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}

template <size_t N>
ByteArray<N> twox(ByteSpan data) {
  static_assert(N % 8 == 0);
  ByteArray<N> out;
  for (size_t i = 0; i < N / 8; ++i) store64_le(out.data() + 8 * i, xxhash64(data, i));
  return out;
}

template <size_t N>
ByteArray<N> keccak(ByteSpan data) {
  KeccakSponge sponge(200 - 2 * N);
  sponge.absorb(data);
  ByteArray<N> out;
  sponge.finish(out);
  return out;
}

}  // namespace

Bytes blake2b(ByteSpan data, size_t out_len, ByteSpan key) {
  if (!blake2b_sizes_valid(out_len, key.size())) return {};
  Bytes out(out_len);
  blake2b_into(out, data, key);
  return out;
}

Hash128 blake2b_128(ByteSpan data) {
  return blake2b_fixed<16>(data);
}
Hash256 blake2b_256(ByteSpan data) {
  return blake2b_fixed<32>(data);
}
Hash512 blake2b_512(ByteSpan data) {
  return blake2b_fixed<64>(data);
}

uint64_t xxhash64(ByteSpan data, uint64_t seed) {
#if defined(CANARY_HOST_HASH)
  return XXH64(data.data(), data.size(), seed);
#else
  return portable::xxhash64(data, seed);
#endif
}

ByteArray<8> twox_64(ByteSpan data) {
  return twox<8>(data);
}
Hash128 twox_128(ByteSpan data) {
  return twox<16>(data);
}
Hash256 twox_256(ByteSpan data) {
  return twox<32>(data);
}

Hash256 keccak_256(ByteSpan data) {
  return keccak<32>(data);
}
Hash512 keccak_512(ByteSpan data) {
  return keccak<64>(data);
}

Hash256 sha2_256(ByteSpan data) {
#if defined(CANARY_HOST_HASH)
  Hash256 out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
#else
  return portable::sha2_256(data);
#endif
}

Hash512 sha2_512(ByteSpan data) {
#if defined(CANARY_HOST_HASH)
  Hash512 out;
  crypto_hash_sha512(out.data(), data.data(), data.size());
  return out;
#else
  return portable::sha2_512(data);
#endif
}

}  // namespace canary::hash
