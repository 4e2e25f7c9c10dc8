#include "network/libp2p/noise_cipher_state.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace canary::network {
namespace {

NoiseCipherState::Key test_key() {
  NoiseCipherState::Key key;
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(0x80 + i);
  return key;
}

Bytes encrypt(NoiseCipherState& cipher, ByteSpan ad, ByteSpan plaintext) {
  Bytes out(cipher.ciphertext_size(plaintext.size()));
  EXPECT_TRUE(cipher.encrypt_with_ad(ad, plaintext, out));
  return out;
}

// Noise's ChaChaPoly nonce is four zero bytes, then n as 64-bit little-endian (noiseprotocol.org,
// section 12.3); a big-endian or left-aligned counter would still round-trip, so check the bytes.
TEST(NoiseCipherState, NonceIsFourZeroBytesThenLittleEndianCounter) {
  NoiseCipherState cipher(test_key());
  cipher.set_nonce(0x0102030405060708ULL);
  const Bytes plaintext = to_bytes("nonce layout");
  const Bytes ad = to_bytes("ad");
  const Bytes ours = encrypt(cipher, ad, plaintext);
  EXPECT_EQ(cipher.nonce(), 0x0102030405060709ULL);

  const uint8_t nonce[12] = {0, 0, 0, 0, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01};
  const NoiseCipherState::Key key = test_key();
  Bytes expected(plaintext.size() + NoiseCipherState::kTagSize);
  unsigned long long written = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(expected.data(), &written, plaintext.data(),
                                            plaintext.size(), ad.data(), ad.size(), nullptr, nonce,
                                            key.data());
  EXPECT_EQ(ours, expected);
}

TEST(NoiseCipherState, DecryptsWhatItEncryptsInOrder) {
  NoiseCipherState sender(test_key());
  NoiseCipherState receiver(test_key());
  const Bytes ad = to_bytes("h");
  for (int i = 0; i < 3; ++i) {
    const Bytes plaintext = to_bytes("message " + std::to_string(i));
    const Bytes ciphertext = encrypt(sender, ad, plaintext);
    Bytes decrypted(plaintext.size());
    ASSERT_TRUE(receiver.decrypt_with_ad(ad, ciphertext, decrypted));
    EXPECT_EQ(decrypted, plaintext);
  }
  EXPECT_EQ(sender.nonce(), 3u);
  EXPECT_EQ(receiver.nonce(), 3u);
}

// A failed decryption leaves n alone (section 5.1), so the genuine message still decrypts.
TEST(NoiseCipherState, FailedDecryptionKeepsTheNonce) {
  NoiseCipherState sender(test_key());
  NoiseCipherState receiver(test_key());
  const Bytes plaintext = to_bytes("payload");
  const Bytes ciphertext = encrypt(sender, {}, plaintext);
  Bytes tampered = ciphertext;
  tampered[0] ^= 1;
  Bytes out(plaintext.size());
  auto failed = receiver.decrypt_with_ad({}, tampered, out);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error(), NoiseError::kAuthenticationFailed);
  EXPECT_EQ(receiver.nonce(), 0u);
  EXPECT_EQ(out, Bytes(plaintext.size(), 0));  // no unauthenticated plaintext left behind

  auto wrong_ad = receiver.decrypt_with_ad(to_bytes("other"), ciphertext, out);
  ASSERT_FALSE(wrong_ad);
  EXPECT_EQ(wrong_ad.error(), NoiseError::kAuthenticationFailed);

  ASSERT_TRUE(receiver.decrypt_with_ad({}, ciphertext, out));
  EXPECT_EQ(out, plaintext);
  EXPECT_EQ(receiver.nonce(), 1u);
}

TEST(NoiseCipherState, RefusesTheReservedNonce) {
  NoiseCipherState sender(test_key());
  NoiseCipherState receiver(test_key());
  sender.set_nonce(NoiseCipherState::kReservedNonce - 1);
  receiver.set_nonce(NoiseCipherState::kReservedNonce - 1);
  const Bytes plaintext = to_bytes("last");
  const Bytes last = encrypt(sender, {}, plaintext);
  Bytes out(plaintext.size());
  ASSERT_TRUE(receiver.decrypt_with_ad({}, last, out));
  EXPECT_EQ(sender.nonce(), NoiseCipherState::kReservedNonce);

  Bytes more(sender.ciphertext_size(plaintext.size()));
  auto refused = sender.encrypt_with_ad({}, plaintext, more);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), NoiseError::kNonceExhausted);
  auto refused_decrypt = receiver.decrypt_with_ad({}, last, out);
  ASSERT_FALSE(refused_decrypt);
  EXPECT_EQ(refused_decrypt.error(), NoiseError::kNonceExhausted);
}

TEST(NoiseCipherState, WithoutAKeyPassesBytesInTheClear) {
  NoiseCipherState cipher;
  EXPECT_FALSE(cipher.has_key());
  const Bytes plaintext = to_bytes("clear");
  EXPECT_EQ(cipher.ciphertext_size(plaintext.size()), plaintext.size());
  EXPECT_EQ(encrypt(cipher, to_bytes("ad"), plaintext), plaintext);
  Bytes out(plaintext.size());
  ASSERT_TRUE(cipher.decrypt_with_ad({}, plaintext, out));
  EXPECT_EQ(out, plaintext);
  EXPECT_EQ(cipher.nonce(), 0u);
}

TEST(NoiseCipherState, CiphertextShorterThanTheTagIsRefused) {
  NoiseCipherState cipher(test_key());
  Bytes out;
  auto short_message = cipher.decrypt_with_ad({}, Bytes(15, 0), out);
  ASSERT_FALSE(short_message);
  EXPECT_EQ(short_message.error(), NoiseError::kMessageTooShort);
}

}  // namespace
}  // namespace canary::network
