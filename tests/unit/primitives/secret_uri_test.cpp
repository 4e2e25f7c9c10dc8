// Secret URI parsing against sp-core address_uri.rs tests and the `SecretUri` doc examples, and
// junction chain codes against sp-core `DeriveJunction` semantics (expected values computed from
// the SCALE encodings by hand / with Python's hashlib.blake2b).
#include "primitives/keys/secret_uri.hpp"

#include <gtest/gtest.h>

#include "primitives/keys/derive_junction.hpp"
#include "primitives/util/hex.hpp"

namespace canary::keys {
namespace {

ByteArray<32> cc(std::string_view hex) {
  return from_hex_fixed<32>(hex).value();
}

DeriveJunction hard(std::string_view s) {
  return DeriveJunction::hard_string(s);
}
DeriveJunction soft(std::string_view s) {
  return DeriveJunction::soft_string(s);
}

TEST(SuriJunctionTest, StringChainCodeIsScaleEncodingPadded) {
  // "Alice": compact length 5 (0x14) then the bytes.
  EXPECT_EQ(hard("Alice").chain_code,
            cc("0x14416c6963650000000000000000000000000000000000000000000000000000"));
  EXPECT_TRUE(hard("Alice").hard);
  EXPECT_FALSE(soft("Alice").hard);
  EXPECT_EQ(soft("Alice").chain_code, hard("Alice").chain_code);
  // 31 bytes + 1 length byte fill exactly 32 bytes: still no hashing.
  EXPECT_EQ(soft(std::string(31, 'a')).chain_code,
            cc("0x7c61616161616161616161616161616161616161616161616161616161616161"));
  // Empty string: compact 0.
  EXPECT_EQ(soft("").chain_code, ByteArray<32>{});
}

TEST(SuriJunctionTest, LongStringsAreHashed) {
  // 33-byte encoding -> blake2b-256 of it.
  EXPECT_EQ(soft(std::string(32, 'a')).chain_code,
            cc("0x75ad2af4378b683f716ddf82fef713e873c85a6376ce2acf71d04f79e221a068"));
  // Length >= 64 takes a two-byte compact prefix (0x19 0x01 for 70).
  EXPECT_EQ(soft(std::string(70, 'x')).chain_code,
            cc("0x312512981c49b52e78ee27c7c0725d4be43aaca9d81288de6979972b1505ec90"));
}

TEST(SuriJunctionTest, IndicesAreU64LittleEndian) {
  EXPECT_EQ(DeriveJunction::soft_index(1).chain_code,
            cc("0x0100000000000000000000000000000000000000000000000000000000000000"));
  EXPECT_EQ(DeriveJunction::hard_index(0x0102030405060708).chain_code,
            cc("0x0807060504030201000000000000000000000000000000000000000000000000"));
  EXPECT_TRUE(DeriveJunction::hard_index(1).hard);
}

TEST(SuriJunctionTest, PathElementsFollowRustU64Parsing) {
  using J = DeriveJunction;
  EXPECT_EQ(J::from_path_element("1"), J::soft_index(1));
  EXPECT_EQ(J::from_path_element("/1"), J::hard_index(1));
  EXPECT_EQ(J::from_path_element("007"), J::soft_index(7));  // leading zeros allowed
  EXPECT_EQ(J::from_path_element("+5"), J::soft_index(5));   // Rust accepts a '+' sign
  EXPECT_EQ(J::from_path_element("+"), soft("+"));
  EXPECT_EQ(J::from_path_element("-5"), soft("-5"));  // but not '-' for unsigned
  EXPECT_EQ(J::from_path_element("18446744073709551615"), J::soft_index(UINT64_MAX));
  EXPECT_EQ(J::from_path_element("18446744073709551616"), soft("18446744073709551616"));
  EXPECT_EQ(J::from_path_element(" 1"), soft(" 1"));
  EXPECT_EQ(J::from_path_element("1a"), soft("1a"));
  EXPECT_EQ(J::from_path_element("/Alice"), hard("Alice"));
  EXPECT_EQ(J::from_path_element("DOT"), soft("DOT"));
  // sp-core test: a 40-digit "number" overflows u64 and is a (hashed) string.
  EXPECT_EQ(J::from_path_element("/0123456789012345678901234567890123456789").chain_code,
            cc("0x31502b57ec13c086b6b26cc0226da87e946e8b4461e7729b9d8e7887eea47863"));
  EXPECT_NE(J::from_path_element("1"), J::from_path_element("/1"));
}

SecretUri parse(std::string_view s) {
  auto r = parse_secret_uri(s);
  EXPECT_TRUE(r) << s;
  return r ? *r : SecretUri{};
}

SuriError parse_error(std::string_view s) {
  auto r = parse_secret_uri(s);
  EXPECT_FALSE(r) << s;
  return r ? SuriError::kInvalidCharacterInPhrase : r.error();
}

TEST(SuriTest, DevPhraseDefault) {
  auto u = parse("//Alice");
  EXPECT_EQ(u.phrase, kDevPhrase);
  EXPECT_FALSE(u.password);
  ASSERT_EQ(u.junctions.size(), 1u);
  EXPECT_EQ(u.junctions[0], hard("Alice"));

  auto empty = parse("");
  EXPECT_EQ(empty.phrase, kDevPhrase);
  EXPECT_TRUE(empty.junctions.empty());
}

TEST(SuriTest, AliceWithPassword) {
  auto u = parse("//Alice///SECRET_PASSWORD");
  EXPECT_EQ(u.phrase, kDevPhrase);
  ASSERT_TRUE(u.password);
  EXPECT_EQ(*u.password, "SECRET_PASSWORD");
  ASSERT_EQ(u.junctions.size(), 1u);
  EXPECT_EQ(u.junctions[0], hard("Alice"));
}

TEST(SuriTest, HexSeedWithJunction) {
  auto u = parse("0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a//Alice");
  EXPECT_EQ(u.phrase, "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a");
  ASSERT_EQ(u.junctions.size(), 1u);
  EXPECT_EQ(u.junctions[0], hard("Alice"));
}

TEST(SuriTest, BobStash) {
  auto u = parse("//Bob//stash");
  ASSERT_EQ(u.junctions.size(), 2u);
  EXPECT_EQ(u.junctions[0], hard("Bob"));
  EXPECT_EQ(u.junctions[1], hard("stash"));
}

TEST(SuriTest, SoftAndHardMix) {
  auto u = parse("/soft/1");
  EXPECT_EQ(u.phrase, kDevPhrase);
  ASSERT_EQ(u.junctions.size(), 2u);
  EXPECT_EQ(u.junctions[0], soft("soft"));
  EXPECT_EQ(u.junctions[1], DeriveJunction::soft_index(1));

  auto v = parse("//1");
  ASSERT_EQ(v.junctions.size(), 1u);
  EXPECT_EQ(v.junctions[0], DeriveJunction::hard_index(1));

  // sp-core interpret_std_secret_string_should_work.
  auto w = parse("hello world//1/DOT///password");
  EXPECT_EQ(w.phrase, "hello world");
  ASSERT_TRUE(w.password);
  EXPECT_EQ(*w.password, "password");
  ASSERT_EQ(w.junctions.size(), 2u);
  EXPECT_EQ(w.junctions[0], DeriveJunction::hard_index(1));
  EXPECT_EQ(w.junctions[1], soft("DOT"));

  auto x = parse("hello world/1//DOT///password");
  ASSERT_EQ(x.junctions.size(), 2u);
  EXPECT_EQ(x.junctions[0], DeriveJunction::soft_index(1));
  EXPECT_EQ(x.junctions[1], hard("DOT"));
}

// sp-core address_uri.rs test00..test22.
TEST(SuriTest, AddressUriCases) {
  auto t00 = parse("///");
  EXPECT_EQ(t00.phrase, kDevPhrase);
  ASSERT_TRUE(t00.password);
  EXPECT_EQ(*t00.password, "");

  auto t01 = parse("////////");
  ASSERT_TRUE(t01.password);
  EXPECT_EQ(*t01.password, "/////");
  EXPECT_TRUE(t01.junctions.empty());

  auto t02 = parse("sdasd///asda");
  EXPECT_EQ(t02.phrase, "sdasd");
  EXPECT_EQ(t02.password.value_or(""), "asda");

  auto t03 = parse("sdasd//asda");
  EXPECT_FALSE(t03.password);
  ASSERT_EQ(t03.junctions.size(), 1u);
  EXPECT_EQ(t03.junctions[0], hard("asda"));

  EXPECT_EQ(parse_error("sdasd//"), SuriError::kInvalidCharacterInHardPath);
  EXPECT_EQ(parse_error("sdasd/xx//"), SuriError::kInvalidCharacterInHardPath);
  EXPECT_EQ(parse_error("sdasd/"), SuriError::kInvalidCharacterInSoftPath);

  auto t07 = parse("sdasd/xx//a/b//c///pass");
  EXPECT_EQ(t07.password.value_or(""), "pass");
  ASSERT_EQ(t07.junctions.size(), 4u);
  EXPECT_EQ(t07.junctions[0], soft("xx"));
  EXPECT_EQ(t07.junctions[1], hard("a"));
  EXPECT_EQ(t07.junctions[2], soft("b"));
  EXPECT_EQ(t07.junctions[3], hard("c"));

  EXPECT_EQ(parse_error("sd.asd"), SuriError::kInvalidCharacterInPhrase);
  EXPECT_EQ(parse_error("sd.asd/asd.a"), SuriError::kInvalidCharacterInPhrase);
  EXPECT_EQ(parse_error("sd.asd//asd.a"), SuriError::kInvalidCharacterInPhrase);
  EXPECT_EQ(parse_error("sd.asd///asd.a\n"), SuriError::kInvalidCharacterInPhrase);

  // Paths may hold anything but '/'.
  auto t18 = parse("sdasd/asd.a");
  ASSERT_EQ(t18.junctions.size(), 1u);
  EXPECT_EQ(t18.junctions[0], soft("asd.a"));
  auto t19 = parse("sdasd//asd.a");
  ASSERT_EQ(t19.junctions.size(), 1u);
  EXPECT_EQ(t19.junctions[0], hard("asd.a"));

  EXPECT_EQ(parse_error("///\n"), SuriError::kInvalidCharacterInPassword);
  EXPECT_EQ(parse_error("///a\n"), SuriError::kInvalidCharacterInPassword);
}

TEST(SuriTest, PasswordKeepsEverythingButNewline) {
  auto u = parse("//Alice///pa ss/w0rd!//x");
  EXPECT_EQ(u.password.value_or(""), "pa ss/w0rd!//x");
  ASSERT_EQ(u.junctions.size(), 1u);
}

TEST(SuriTest, PhraseCharacters) {
  EXPECT_EQ(parse("Hello World 123").phrase, "Hello World 123");
  EXPECT_EQ(parse_error("h\xc3\xa9llo"), SuriError::kInvalidCharacterInPhrase);  // non-ASCII
  EXPECT_EQ(parse_error("hello\tworld"), SuriError::kInvalidCharacterInPhrase);
  EXPECT_EQ(parse_error("0x12-34"), SuriError::kInvalidCharacterInPhrase);
}

TEST(SuriTest, ErrorsHaveNames) {
  for (auto e : {SuriError::kInvalidCharacterInPhrase, SuriError::kInvalidCharacterInPassword,
                 SuriError::kInvalidCharacterInHardPath, SuriError::kInvalidCharacterInSoftPath}) {
    EXPECT_STRNE(to_string(e), "");
  }
}

}  // namespace
}  // namespace canary::keys
