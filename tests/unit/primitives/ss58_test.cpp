// Base58 against Bitcoin Core's src/test/data/base58_encode_decode.json; SS58 against addresses
// from polkadot.js util-crypto address/{encode,decode}.spec.ts (several produced by subkey).
#include "primitives/ss58/ss58.hpp"

#include <gtest/gtest.h>

#include "primitives/hash/hash.hpp"
#include "primitives/ss58/base58.hpp"
#include "primitives/util/hex.hpp"

namespace canary::ss58 {
namespace {

Bytes hex(std::string_view s) {
  return from_hex(s).value();
}

struct Base58Vector {
  const char* hex;
  const char* text;
};

const Base58Vector kBase58[] = {
    {"", ""},
    {"61", "2g"},
    {"626262", "a3gV"},
    {"636363", "aPEr"},
    {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
    {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
    {"516b6fcd0f", "ABnLTmg"},
    {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
    {"572e4794", "3EFU7m"},
    {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
    {"10c8511e", "Rt5zm"},
    {"00000000000000000000", "1111111111"},
    {"00000000000000000000000000000000000000000000000000000000000000000000000000000000",
     "1111111111111111111111111111111111111111"},
    {"00000000000000000000000000000000000000000000000000000000000000000000000000000001",
     "1111111111111111111111111111111111111112"},
    {"000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "0000000000000000000000000000000000000000000000000000000000000000000000000000000ec39d04c37e71e"
     "5d591881f6",
     "111111111111111111111111111111111111111111111111111111111111111111111111111111111111115TYzLYH"
     "1udmLdzCLM"},
    {"000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
     "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"},
    {"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2"
     "e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c"
     "5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8"
     "b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9"
     "babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e"
     "8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
     "1cWB5HCBdLjAuqGGReWE3R3CguuwSjw6RHn39s2yuDRTS5NsBgNiFpWgAnEx6VQi8csexkgYw3mdYrMHr8x9i7aEwP8kZ"
     "7vccXWqKDvGv3u1GxFKPuAkn8JCPPGDMf3vMMnbzm6Nh9zh1gcNsMvH3ZNLmP5fSG6DGbbi2tuwMWPthr4boWwCxf7ewS"
     "gNQeacyozhKDDQQ1qL5fQFUW52QKUZDZ5fw3KXNQJMcNTcaB723LchjeKun7MuGW5qyCBZYzA1KjofN1gYBV3NqyhQJ3N"
     "s746GNuf9N2pQPmHz4xpnSrrfCvy6TVVz5d4PdrjeshsWQwpZsZGzvbdAdN8MKV5QsBDY"},
    {"271f359e", "zzzzy"},
    {"271f359f", "zzzzz"},
    {"271f35a0", "211111"},
    {"271f35a1", "211112"},
};

TEST(Base58Test, BitcoinVectors) {
  for (const auto& v : kBase58) {
    EXPECT_EQ(base58_encode(hex(v.hex)), v.text) << v.hex;
    auto decoded = base58_decode(v.text);
    ASSERT_TRUE(decoded) << v.text;
    EXPECT_EQ(to_hex(*decoded, false), v.hex) << v.text;
  }
}

TEST(Base58Test, RejectsCharactersOutsideAlphabet) {
  const std::string_view bads[] = {"0",
                                   "O",
                                   "I",
                                   "l",
                                   "3SEo3LWLoPntC ",
                                   " 3SEo3LWLoPntC",
                                   "3SE+o3",
                                   "\xc3\xa9",
                                   std::string_view("ab\0c", 4)};
  for (std::string_view bad : bads) {
    auto r = base58_decode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), Base58Error::kInvalidCharacter);
  }
  EXPECT_STRNE(to_string(Base58Error::kInvalidCharacter), "");
}

constexpr const char* kAliceHex =
    "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
// Alice's ed25519 key (polkadot.js ALICE_PUBLIC_ED).
constexpr const char* kAliceEdHex =
    "d172a74cda4c865912c32ba0a80a57ae69abae410e5ccb59dee84e2f4432db4f";

TEST(Ss58Test, AliceOnSubstrateKusamaPolkadot) {
  Bytes alice = hex(kAliceHex);
  EXPECT_EQ(encode(alice, kSubstratePrefix), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  EXPECT_EQ(encode(alice, kKusamaPrefix), "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F");
  EXPECT_EQ(encode(alice, kPolkadotPrefix), "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5");

  for (auto [address, prefix] :
       {std::pair{"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 42},
        std::pair{"HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F", 2},
        std::pair{"15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5", 0}}) {
    auto d = decode(address);
    ASSERT_TRUE(d) << address;
    EXPECT_EQ(d->prefix, prefix);
    EXPECT_EQ(d->payload, alice);
  }
}

TEST(Ss58Test, SubkeyAndPolkadotJsVectors) {
  struct V {
    const char* address;
    const char* public_key;
    uint16_t prefix;
  };
  const V vectors[] = {
      {"5DA4D4GL5iakrn22h5uKoevgvo18Pqj5BcdEUv8etEDPdijA",
       "3050f8456519829fe03302da802d22d3233a5f4037b9a3e2bcc403ccfcb2d735", 42},
      {"cLtA6nCDyvwKcEHH4QkZDSHMhS9s78BvUJUsKUbUAn1Jc2SCF",
       "08e8969768fc14399930d4b8d693f68a2ff6c6a597325d6946095e5e9d9d1b0e", 65},
      {"cTGShekJ1L1UKFZR9xmv9UTJod7vqjFAPo4sDhXih2c3y1yLS",
       "04a047d52fe542484c69bc528990cfeaf3a663dded0638ee1b51cf78bacd1072", 66},
      {"cnVRwXfAnz3RSVQyBUC8f8McrK3YBX2QYd4WoctpeSC6VTJYm",
       "ae640d53cfa815f4a6a50ae70235cd7d9d134d0f1c3a4ccd118e321dfb6ab51f", 69},
      {"cnUaoo5wodnTVA4bnr4woSweto8hWZADUvLFXkR9Q6U7BRsbF",
       "88eafe0305d460d1695cf34c2f786050df8e40d215e488790cc70929c9e8316d", 69},
      {"4pbsSkWcBaYoFHrKJZp5fDVUKbqSYD9dhZZGvpp3vQ5ysVs5ybV",
       "035676109c54b9a16d271abeb4954316a40a32bcce023ac14c8e26e958aa68fba9", 200},
      {"xw5g1Eec8LT99pZLZMaTWwrwvNtfM6vrSuZeVbtEszCDUwByg",
       "5c64f1151f0ce4358c27238fb20c88e7c899825436f565410724c8c2c5add869", 252},
      {"xw9Hca4RJTmBRgzJT4ieJBh7XCK9gE3NXBDSEmgGHd4TCrbnG",
       "fc422da6c3bc6dfa2a436a506428072941662f816987baaa8914e02ff5947f4b", 252},
      {"yGF4JP7q5AK46d1FPCEm9sYQ4KooSjHMpyVAjLnsCSWVafPnf",
       "66cd6cf085627d6c85af1aaf2bd10cf843033e929b4e3b1c2ba8e4aa46fe111b", 255},
      {"yGDYxQatQwuxqT39Zs4LtcTnpzE12vXb7ZJ6xpdiHv6gTu1hF",
       "242fd5a078ac6b7c3c2531e9bcf1314343782aeb58e7bc6880794589e701db55", 255},
      {"yGHU8YKprxHbHdEv7oUK4rzMZXtsdhcXVG2CAMyC9WhzhjH2k", kAliceEdHex, 255},
      {"5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMaQua", kAliceEdHex, 42},
      {"mHm8k9Emsvyfp3piCauSH684iA6NakctF8dySQcX94GDdrJrE",
       "44d5a3ac156335ea99d33a83c57c7146c40c8e2260a8a4adf4e7a86256454651", 4242},
      {"r6Gr4gaMP8TsjhFbqvZhv3YvnasugLiRJpzpRHifsqqG18UXa",
       "88f01441682a17b52d6ae12d1a5670cf675fd254897efabaa5069eb3a701ab73", 14269},
      // 33-byte (compressed ecdsa) payload.
      {"KWCv1L3QX9LDPwY4VzvLmarEmXjVJidUzZcinvVnmxAJJCBou",
       "03b9dc646dd71118e5f7fda681ad9eca36eb3ee96f344f582fbe7b5bcdebb13077", 42},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(encode(hex(v.public_key), v.prefix), v.address) << v.address;
    auto d = decode(v.address);
    ASSERT_TRUE(d) << v.address;
    EXPECT_EQ(d->prefix, v.prefix) << v.address;
    EXPECT_EQ(to_hex(d->payload, false), v.public_key) << v.address;
  }
}

TEST(Ss58Test, ShortPayloads) {
  struct V {
    Bytes payload;
    uint16_t prefix;
    const char* address;
  };
  const V vectors[] = {
      {{1}, 42, "F7NZ"},
      {{1}, 2, "g4b"},
      {{0, 1}, 2, "3xygo"},
      {{1, 2, 3, 4}, 2, "zswfoZa"},
      {{42, 44, 10, 0, 0, 0, 0, 0}, 2, "848Gh2GcGaZia"},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(encode(v.payload, v.prefix), v.address);
    auto d = decode(v.address);
    ASSERT_TRUE(d) << v.address;
    EXPECT_EQ(d->payload, v.payload);
    EXPECT_EQ(d->prefix, v.prefix);
  }
}

TEST(Ss58Test, CouncilAddress) {
  auto d = decode("F3opxRbN5ZbjJNU511Kj2TLuzFcDq9BGduA9TgiECafpg29");
  ASSERT_TRUE(d);
  Bytes expected = to_bytes("modlpy/trsry");
  expected.resize(32, 0);
  EXPECT_EQ(d->payload, expected);
  EXPECT_EQ(d->prefix, 2);
}

// The two-byte prefix layout, byte for byte (sp-core to_ss58check_with_version):
// 01 ‖ prefix bits 7..2, then prefix bits 1..0 ‖ bits 13..8.
TEST(Ss58Test, TwoBytePrefixLayout) {
  Bytes alice = hex(kAliceHex);
  struct V {
    uint16_t prefix;
    uint8_t b0;
    uint8_t b1;
  };
  for (auto v : {V{64, 0x50, 0x00}, V{65, 0x50, 0x40}, V{255, 0x7f, 0xc0}, V{256, 0x40, 0x01},
                 V{4242, 0x64, 0x90}, V{16383, 0x7f, 0xff}}) {
    std::string address = encode(alice, v.prefix);
    auto raw = base58_decode(address);
    ASSERT_TRUE(raw);
    ASSERT_EQ(raw->size(), 2u + 32u + 2u);
    EXPECT_EQ((*raw)[0], v.b0) << v.prefix;
    EXPECT_EQ((*raw)[1], v.b1) << v.prefix;
    auto d = decode(address);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->prefix, v.prefix);
  }
  // Every prefix round-trips with the right number of prefix bytes.
  for (uint32_t p = 0; p <= kMaxPrefix; p += 1 + p / 7) {
    if (is_reserved_prefix(static_cast<uint16_t>(p))) continue;
    std::string address = encode(alice, static_cast<uint16_t>(p));
    auto d = decode(address);
    ASSERT_TRUE(d) << p;
    EXPECT_EQ(d->prefix, p);
    EXPECT_EQ(base58_decode(address)->size(), (p < 64 ? 1u : 2u) + 34u);
  }
}

// Builds prefix-bytes ‖ payload ‖ checksum by hand, so decode() can be fed odd shapes.
std::string assemble(Bytes prefix_bytes, ByteSpan payload, size_t checksum_len) {
  Bytes data = concat(prefix_bytes, payload);
  Hash512 h = hash::blake2b_512(concat(as_bytes("SS58PRE"), data));
  data.insert(data.end(), h.begin(), h.begin() + static_cast<std::ptrdiff_t>(checksum_len));
  return base58_encode(data);
}

TEST(Ss58Test, ChecksumCoversPrefixAndPayload) {
  // Hand-assembled with our own blake2b: the same string as encode().
  Bytes alice = hex(kAliceHex);
  EXPECT_EQ(assemble({42}, alice, 2), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
}

TEST(Ss58Test, RejectsBadChecksum) {
  for (const char* bad : {"5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMa9cj",
                          "5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMaDwU",
                          "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ",
                          "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQX",
                          "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKuTQY", "F7Na"}) {
    auto r = decode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), Ss58Error::kBadChecksum) << bad;
  }
  // Same payload and checksum under a different prefix: the checksum covers the prefix.
  Bytes alice = hex(kAliceHex);
  auto raw = base58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY").value();
  raw[0] = 2;
  EXPECT_EQ(decode(base58_encode(raw)).error(), Ss58Error::kBadChecksum);
}

TEST(Ss58Test, RejectsBadBase58) {
  for (const char* bad : {"F3opIRbN5ZbjJNU511Kj2TLuzFcDq9BGduA9TgiECafpg29",
                          "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQ0",
                          " 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                          "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\n"}) {
    auto r = decode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), Ss58Error::kBadBase58) << bad;
  }
}

TEST(Ss58Test, RejectsBadLength) {
  Bytes alice = hex(kAliceHex);
  for (const char* bad : {"", "1", "y9EMHt34JJo4rWLSaxoLGdYXvjgSXEd4zHUnQgfNzwES8b"}) {
    auto r = decode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), Ss58Error::kBadLength) << bad;
  }
  // Alice's address with its last byte dropped (34 bytes) or two bytes appended (37 bytes).
  // (Dropping or adding base58 *characters* would also shift the prefix byte.)
  Bytes raw = base58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY").value();
  Bytes shorter(raw.begin(), raw.end() - 1);
  EXPECT_EQ(decode(base58_encode(shorter)).error(), Ss58Error::kBadLength);
  Bytes longer = raw;
  longer.push_back(0);
  longer.push_back(0);
  EXPECT_EQ(decode(base58_encode(longer)).error(), Ss58Error::kBadLength);
  // Well-formed checksums over payload lengths SS58 does not define.
  EXPECT_EQ(decode(assemble({42}, ByteSpan(alice.data(), 31), 2)).error(), Ss58Error::kBadLength);
  EXPECT_EQ(decode(assemble({42}, ByteSpan(alice.data(), 3), 1)).error(), Ss58Error::kBadLength);
  EXPECT_EQ(decode(assemble({42}, ByteSpan(alice.data(), 16), 1)).error(), Ss58Error::kBadLength);
  // A 32-byte payload with a one-byte checksum is not a valid shape either.
  EXPECT_EQ(decode(assemble({42}, alice, 1)).error(), Ss58Error::kBadLength);

  for (size_t n : {0, 3, 5, 16, 31, 34, 64}) {
    EXPECT_EQ(encode(Bytes(n, 7), 42), "") << n;
  }
}

TEST(Ss58Test, PrefixRules) {
  Bytes alice = hex(kAliceHex);
  // Out of range and reserved prefixes are not encoded.
  EXPECT_EQ(encode(alice, 16384), "");
  EXPECT_EQ(encode(alice, 0xffff), "");
  EXPECT_EQ(encode(alice, 46), "");
  EXPECT_EQ(encode(alice, 47), "");
  EXPECT_TRUE(is_reserved_prefix(46));
  EXPECT_TRUE(is_reserved_prefix(47));
  EXPECT_FALSE(is_reserved_prefix(45));
  EXPECT_FALSE(is_reserved_prefix(48));
  // ...and not decoded either, even with a correct checksum.
  EXPECT_EQ(decode(assemble({46}, alice, 2)).error(), Ss58Error::kBadPrefix);
  EXPECT_EQ(decode(assemble({47}, alice, 2)).error(), Ss58Error::kBadPrefix);
  // A first byte >= 128 is no prefix encoding at all.
  EXPECT_EQ(decode(assemble({0x80}, alice, 2)).error(), Ss58Error::kBadPrefix);
  EXPECT_EQ(decode(assemble({0xff, 0x00}, alice, 2)).error(), Ss58Error::kBadPrefix);
  // The non-canonical two-byte form of 42 decodes as 42 (sp-core and polkadot.js agree).
  auto d = decode(assemble({0x4a, 0x80}, alice, 2));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->prefix, 42);
  EXPECT_EQ(d->payload, alice);
}

TEST(Ss58Test, ErrorsHaveNames) {
  for (auto e : {Ss58Error::kBadBase58, Ss58Error::kBadLength, Ss58Error::kBadChecksum,
                 Ss58Error::kBadPrefix}) {
    EXPECT_STRNE(to_string(e), "");
  }
}

}  // namespace
}  // namespace canary::ss58

namespace canary::ss58 {
namespace {

TEST(Ss58Test, OverlongTextIsRejectedBeforeDecoding) {
  std::string text(65, 'z');
  auto r = decode(text);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error(), Ss58Error::kBadLength);
}

}  // namespace
}  // namespace canary::ss58
