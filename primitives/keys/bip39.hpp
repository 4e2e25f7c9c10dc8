// BIP-39 mnemonics (English word list only, as Substrate and polkadot.js use) and the two ways of
// turning one into key material:
//  - Substrate's (substrate-bip39 `mini_secret_from_entropy`): PBKDF2-HMAC-SHA512 over the
//    *entropy* the words encode, salt "mnemonic" + password, 2048 rounds. This is what subkey,
//    sp-core and polkadot.js use for sr25519/ed25519/ecdsa keys, so it is what wallets expect.
//  - Standard BIP-39 (`seed_from_mnemonic`): PBKDF2 over the *phrase*. Not used for Polkadot keys;
//    provided so the implementation can be checked against the published Trezor vectors.
// Host-only (libsodium's HMAC-SHA512 and random bytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::keys {

enum class Bip39Error {
  kBadWordCount,      // not 12, 15, 18, 21 or 24 words
  kUnknownWord,       // a word outside the English list (the match is case-sensitive)
  kBadChecksum,       // the words do not end in the checksum of the entropy they encode
  kBadEntropyLength,  // entropy not 16, 20, 24, 28 or 32 bytes
  kNoRandomness,      // libsodium could not be initialized (generate_mnemonic only)
};

const char* to_string(Bip39Error e);

// Words are separated by any run of ASCII whitespace (as rust-bip39 `Mnemonic::parse_in`, which
// sp-core uses); the word count, every word and the checksum are verified.
Result<Bytes, Bip39Error> mnemonic_to_entropy(std::string_view phrase);

// The words for 16/20/24/28/32 bytes of entropy, joined by single spaces; empty for any other
// length (a caller error: entropy of a valid length always has a mnemonic).
std::string entropy_to_mnemonic(ByteSpan entropy);

// A fresh mnemonic of `words` words (12, 15, 18, 21 or 24) from the system's CSPRNG.
Result<std::string, Bip39Error> generate_mnemonic(size_t words);

// substrate-bip39 `seed_from_entropy`: the 64-byte PBKDF2 output over the entropy. The password is
// used as raw bytes (Substrate does no Unicode normalization).
Result<ByteArray<64>, Bip39Error> substrate_seed_from_entropy(ByteSpan entropy,
                                                              std::string_view password);

// substrate-bip39 `mini_secret_from_entropy` applied to the entropy of `phrase`: the first 32 bytes
// of `substrate_seed_from_entropy`. The sr25519 mini-secret / ed25519 and ecdsa seed of the phrase.
Result<ByteArray<32>, Bip39Error> mini_secret_from_mnemonic(std::string_view phrase,
                                                            std::string_view password);

// Standard BIP-39 seed: PBKDF2-HMAC-SHA512(phrase, "mnemonic" + passphrase, 2048), 64 bytes. The
// phrase is validated and re-joined with single spaces (as rust-bip39 `to_seed` does). BIP-39 asks
// for NFKD normalization; only ASCII passphrases are normalized already, others are the caller's
// business.
Result<ByteArray<64>, Bip39Error> seed_from_mnemonic(std::string_view phrase,
                                                     std::string_view passphrase);

}  // namespace canary::keys
