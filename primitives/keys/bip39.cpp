// BIP-39 (https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki) and substrate-bip39.
//
// Layout: ENT bits of entropy followed by CS = ENT/32 bits of SHA-256(entropy), read as 11-bit
// big-endian word indices. 12/15/18/21/24 words <-> 16/20/24/28/32 bytes.
//
// The phrase and the entropy are secrets, so word lookup and word selection touch the whole list
// with masks instead of branching or indexing on secret values (a few thousand word comparisons per
// phrase; negligible next to 2048 rounds of PBKDF2). Only lengths (word count, word lengths) leak.
#include "primitives/keys/bip39.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "primitives/hash/hash.hpp"

namespace canary::keys {
namespace {

constexpr std::string_view kEnglish[] = {
#include "primitives/keys/bip39_english.inc"
};
static_assert(std::size(kEnglish) == 2048, "BIP-39 word list must have 2048 words");

// Every English word has 3..8 letters, so a word packs into a u64 (first letter in the low byte,
// zero-padded). Equal packings <=> equal words, since letters are never zero.
constexpr size_t kMaxWordLength = 8;

constexpr uint64_t pack(std::string_view word) {
  uint64_t packed = 0;
  for (size_t i = 0; i < word.size(); ++i)
    packed |= uint64_t{static_cast<uint8_t>(word[i])} << (8 * i);
  return packed;
}

constexpr std::array<uint64_t, 2048> make_packed_list() {
  std::array<uint64_t, 2048> out{};
  for (size_t i = 0; i < 2048; ++i) out[i] = pack(kEnglish[i]);
  return out;
}

constexpr bool all_words_fit() {
  for (std::string_view w : kEnglish) {
    if (w.empty() || w.size() > kMaxWordLength) return false;
  }
  return true;
}
static_assert(all_words_fit(), "every BIP-39 English word must have 1..8 letters");

constexpr std::array<uint64_t, 2048> kPacked = make_packed_list();

// 1 if a == b, else 0, without a data-dependent branch.
inline uint64_t ct_eq(uint64_t a, uint64_t b) {
  uint64_t d = a ^ b;
  return ((d | (0 - d)) >> 63) ^ 1;
}

struct Lookup {
  uint32_t index;
  bool found;
};

Lookup find_word(std::string_view word) {
  if (word.empty() || word.size() > kMaxWordLength) return {0, false};
  uint64_t packed = pack(word);
  uint32_t index = 0;
  uint64_t found = 0;
  for (uint32_t i = 0; i < 2048; ++i) {
    uint64_t eq = ct_eq(kPacked[i], packed);
    index |= i & static_cast<uint32_t>(0 - eq);
    found |= eq;
  }
  return {index, found != 0};
}

// Appends word `index` (< 2048) to `out` reading every entry of the list.
void append_word(std::string& out, uint32_t index) {
  uint64_t packed = 0;
  for (uint32_t i = 0; i < 2048; ++i) packed |= kPacked[i] & (0 - ct_eq(i, index));
  for (size_t i = 0; i < kMaxWordLength; ++i) {
    char c = static_cast<char>(packed >> (8 * i));
    if (c == 0) break;  // word lengths are not treated as secret
    out.push_back(c);
  }
}

bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// Splits on runs of ASCII whitespace. Returns false (and stops) past 24 words.
bool split_words(std::string_view phrase, std::array<std::string_view, 24>& words, size_t& count) {
  count = 0;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && is_space(phrase[i])) ++i;
    if (i == phrase.size()) break;
    size_t start = i;
    while (i < phrase.size() && !is_space(phrase[i])) ++i;
    if (count == words.size()) return false;
    words[count++] = phrase.substr(start, i - start);
  }
  return true;
}

bool valid_word_count(size_t n) {
  return n >= 12 && n <= 24 && n % 3 == 0;
}
bool valid_entropy_length(size_t n) {
  return n >= 16 && n <= 32 && n % 4 == 0;
}

// RFC 8018 PBKDF2 with HMAC-SHA512 (libsodium). The keyed HMAC state is computed once and copied
// for every iteration, which is what makes 2048 rounds cheap.
void pbkdf2_hmac_sha512(ByteSpan password, ByteSpan salt, uint32_t rounds, MutableByteSpan out) {
  crypto_auth_hmacsha512_state keyed;
  crypto_auth_hmacsha512_init(&keyed, password.data(), password.size());
  std::array<uint8_t, 64> u{};
  std::array<uint8_t, 64> t{};
  crypto_auth_hmacsha512_state st;
  size_t done = 0;
  for (uint32_t block = 1; done < out.size(); ++block) {
    const uint8_t be[4] = {static_cast<uint8_t>(block >> 24), static_cast<uint8_t>(block >> 16),
                           static_cast<uint8_t>(block >> 8), static_cast<uint8_t>(block)};
    st = keyed;
    crypto_auth_hmacsha512_update(&st, salt.data(), salt.size());
    crypto_auth_hmacsha512_update(&st, be, sizeof be);
    crypto_auth_hmacsha512_final(&st, u.data());
    t = u;
    for (uint32_t r = 1; r < rounds; ++r) {
      st = keyed;
      crypto_auth_hmacsha512_update(&st, u.data(), u.size());
      crypto_auth_hmacsha512_final(&st, u.data());
      for (size_t k = 0; k < 64; ++k) t[k] ^= u[k];
    }
    size_t n = std::min<size_t>(64, out.size() - done);
    for (size_t k = 0; k < n; ++k) out[done + k] = t[k];
    done += n;
  }
  sodium_memzero(&keyed, sizeof keyed);
  sodium_memzero(&st, sizeof st);
  sodium_memzero(u.data(), u.size());
  sodium_memzero(t.data(), t.size());
}

Bytes mnemonic_salt(std::string_view password) {
  Bytes salt = to_bytes("mnemonic");
  salt.insert(salt.end(), password.begin(), password.end());
  return salt;
}

}  // namespace

const char* to_string(Bip39Error e) {
  switch (e) {
    case Bip39Error::kBadWordCount:
      return "mnemonic must have 12, 15, 18, 21 or 24 words";
    case Bip39Error::kUnknownWord:
      return "word not in the BIP-39 English list";
    case Bip39Error::kBadChecksum:
      return "mnemonic checksum mismatch";
    case Bip39Error::kBadEntropyLength:
      return "entropy must be 16, 20, 24, 28 or 32 bytes";
    case Bip39Error::kNoRandomness:
      return "system randomness unavailable";
  }
  return "unknown BIP-39 error";
}

Result<Bytes, Bip39Error> mnemonic_to_entropy(std::string_view phrase) {
  std::array<std::string_view, 24> words;
  size_t n = 0;
  if (!split_words(phrase, words, n) || !valid_word_count(n)) {
    return unexpected(Bip39Error::kBadWordCount);
  }
  // n*11 bits: n*32/3 bits of entropy, then n/3 checksum bits (at most 33 bytes in all).
  std::array<uint8_t, 33> bits{};
  bool all_found = true;
  for (size_t w = 0; w < n; ++w) {
    Lookup l = find_word(words[w]);
    all_found &= l.found;
    for (size_t b = 0; b < 11; ++b) {
      size_t pos = w * 11 + b;
      bits[pos / 8] |= static_cast<uint8_t>(((l.index >> (10 - b)) & 1) << (7 - pos % 8));
    }
  }
  if (!all_found) {
    sodium_memzero(bits.data(), bits.size());
    return unexpected(Bip39Error::kUnknownWord);
  }
  const size_t entropy_len = n * 4 / 3;
  const size_t cs_bits = n / 3;
  Hash256 digest = hash::sha2_256(ByteSpan(bits.data(), entropy_len));
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - cs_bits));
  const bool checksum_ok = ((digest[0] ^ bits[entropy_len]) & mask) == 0;
  Bytes entropy(bits.begin(), bits.begin() + static_cast<std::ptrdiff_t>(entropy_len));
  sodium_memzero(bits.data(), bits.size());
  sodium_memzero(digest.data(), digest.size());
  if (!checksum_ok) {
    sodium_memzero(entropy.data(), entropy.size());
    return unexpected(Bip39Error::kBadChecksum);
  }
  return entropy;
}

std::string entropy_to_mnemonic(ByteSpan entropy) {
  if (!valid_entropy_length(entropy.size())) return {};
  std::array<uint8_t, 33> bits{};
  for (size_t i = 0; i < entropy.size(); ++i) bits[i] = entropy[i];
  Hash256 digest = hash::sha2_256(entropy);
  bits[entropy.size()] = digest[0];  // only the top ENT/32 bits are read below
  const size_t n = entropy.size() * 3 / 4;
  std::string out;
  out.reserve(n * (kMaxWordLength + 1));
  for (size_t w = 0; w < n; ++w) {
    uint32_t index = 0;
    for (size_t b = 0; b < 11; ++b) {
      size_t pos = w * 11 + b;
      index = (index << 1) | ((bits[pos / 8] >> (7 - pos % 8)) & 1);
    }
    if (w != 0) out.push_back(' ');
    append_word(out, index);
  }
  sodium_memzero(bits.data(), bits.size());
  sodium_memzero(digest.data(), digest.size());
  return out;
}

Result<std::string, Bip39Error> generate_mnemonic(size_t words) {
  if (!valid_word_count(words)) return unexpected(Bip39Error::kBadWordCount);
  if (sodium_init() < 0) return unexpected(Bip39Error::kNoRandomness);
  std::array<uint8_t, 32> entropy{};
  const size_t len = words * 4 / 3;
  randombytes_buf(entropy.data(), len);
  std::string phrase = entropy_to_mnemonic(ByteSpan(entropy.data(), len));
  sodium_memzero(entropy.data(), entropy.size());
  return phrase;
}

Result<ByteArray<64>, Bip39Error> substrate_seed_from_entropy(ByteSpan entropy,
                                                              std::string_view password) {
  if (!valid_entropy_length(entropy.size())) return unexpected(Bip39Error::kBadEntropyLength);
  Bytes salt = mnemonic_salt(password);
  ByteArray<64> seed{};
  pbkdf2_hmac_sha512(entropy, salt, 2048, seed);
  sodium_memzero(salt.data(), salt.size());
  return seed;
}

Result<ByteArray<32>, Bip39Error> mini_secret_from_mnemonic(std::string_view phrase,
                                                            std::string_view password) {
  CANARY_TRY_ASSIGN(auto entropy, mnemonic_to_entropy(phrase));
  auto seed = substrate_seed_from_entropy(entropy, password);
  sodium_memzero(entropy.data(), entropy.size());
  if (!seed) return unexpected(seed.error());
  ByteArray<32> mini{};
  for (size_t i = 0; i < 32; ++i) mini[i] = (*seed)[i];
  sodium_memzero(seed->data(), seed->size());
  return mini;
}

Result<ByteArray<64>, Bip39Error> seed_from_mnemonic(std::string_view phrase,
                                                     std::string_view passphrase) {
  CANARY_TRY_ASSIGN(auto entropy, mnemonic_to_entropy(phrase));
  sodium_memzero(entropy.data(), entropy.size());
  std::array<std::string_view, 24> words;
  size_t n = 0;
  (void)split_words(phrase, words, n);  // already validated above
  std::string normalized;
  for (size_t w = 0; w < n; ++w) {
    if (w != 0) normalized.push_back(' ');
    normalized.append(words[w]);
  }
  Bytes salt = mnemonic_salt(passphrase);
  ByteArray<64> seed{};
  pbkdf2_hmac_sha512(as_bytes(normalized), salt, 2048, seed);
  sodium_memzero(normalized.data(), normalized.size());
  sodium_memzero(salt.data(), salt.size());
  return seed;
}

}  // namespace canary::keys
