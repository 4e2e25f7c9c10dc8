// SCALE vectors from parity-scale-codec's own tests (compact.rs, codec.rs) and the Polkadot spec.
#include "primitives/scale/scale.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "primitives/util/hex.hpp"
#include "tests/support/hex.hpp"

namespace canary::scale {
namespace {

using canary::test::hex;
using canary::test::unhex;

struct CompactCase {
  u128 value;
  const char* encoding;
};

TEST(ScaleCompact, EncodesTheReferenceTable) {
  const CompactCase cases[] = {
      {0, "00"},
      {63, "fc"},
      {64, "0101"},
      {16383, "fdff"},
      {16384, "02000100"},
      {1073741823, "feffffff"},
      {1073741824, "0300000040"},
      {(u128{1} << 32) - 1, "03ffffffff"},
      {u128{1} << 32, "070000000001"},
      {u128{1} << 40, "0b000000000001"},
      {u128{1} << 48, "0f00000000000001"},
      {(u128{1} << 56) - 1, "0fffffffffffffff"},
      {u128{1} << 56, "130000000000000001"},
      {~uint64_t{0}, "13ffffffffffffffff"},
      {~u128{0}, "33ffffffffffffffffffffffffffffffff"},
  };
  for (const auto& c : cases) {
    Bytes encoded = encode(Compact<u128>{c.value});
    EXPECT_EQ(hex(encoded), c.encoding);
    EXPECT_EQ(encoded.size(), compact_size(c.value));
    auto decoded = decode<Compact<u128>>(encoded);
    ASSERT_TRUE(decoded.has_value()) << c.encoding;
    EXPECT_TRUE(decoded->value == c.value) << c.encoding;
  }
}

TEST(ScaleCompact, RejectsNonCanonicalForms) {
  // 1 in two-byte mode, 63 in four-byte mode, 2^30-1 in big mode, big mode with a zero top byte.
  for (const char* bad : {"0500", "fd000000", "03ffffff3f", "070000004000"}) {
    auto r = decode<Compact<uint64_t>>(unhex(bad));
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error(), DecodeError::kNonCanonicalCompact) << bad;
  }
}

TEST(ScaleCompact, RejectsValuesOutOfRangeOfTheTargetType) {
  EXPECT_EQ(decode<Compact<uint8_t>>(unhex("0104")).error(), DecodeError::kCompactOutOfRange);
  EXPECT_EQ(decode<Compact<uint32_t>>(unhex("070000000001")).error(),
            DecodeError::kCompactOutOfRange);
  EXPECT_TRUE(decode<Compact<uint32_t>>(unhex("03ffffffff")).has_value());
  EXPECT_EQ(decode<Compact<u128>>(unhex("37ffffffffffffffffffffffffffffffffff")).error(),
            DecodeError::kCompactOutOfRange);
}

TEST(ScaleCompact, TruncatedInputIsAnError) {
  for (const char* bad : {"", "01", "020001", "13ffffffffffff"}) {
    EXPECT_EQ(decode<Compact<uint64_t>>(unhex(bad)).error(), DecodeError::kNotEnoughData) << bad;
  }
}

TEST(ScaleFixed, IntegersAreLittleEndian) {
  EXPECT_EQ(hex(encode(uint8_t{0x2a})), "2a");
  EXPECT_EQ(hex(encode(int8_t{-1})), "ff");
  EXPECT_EQ(hex(encode(uint16_t{0x0102})), "0201");
  EXPECT_EQ(hex(encode(int32_t{-2})), "feffffff");
  EXPECT_EQ(hex(encode(uint64_t{0x0102030405060708})), "0807060504030201");
  EXPECT_EQ(hex(encode(u128{1} << 64)), "00000000000000000100000000000000");
  EXPECT_EQ(hex(encode(i128{-1})), "ffffffffffffffffffffffffffffffff");
  EXPECT_EQ(decode<int64_t>(unhex("feffffffffffffff")).value(), -2);
  EXPECT_TRUE(decode<i128>(unhex("ffffffffffffffffffffffffffffffff")).value() == i128{-1});
  EXPECT_EQ(decode<uint32_t>(unhex("010203")).error(), DecodeError::kNotEnoughData);
  EXPECT_EQ(decode<uint16_t>(unhex("010203")).error(), DecodeError::kTrailingBytes);
}

TEST(ScaleBool, OnlyZeroAndOneAreValid) {
  EXPECT_EQ(hex(encode(true)), "01");
  EXPECT_EQ(hex(encode(false)), "00");
  EXPECT_EQ(decode<bool>(unhex("02")).error(), DecodeError::kInvalidBool);
}

TEST(ScaleOption, OptionBoolIsOneByte) {
  std::vector<OptionBool> v = {{true}, {false}, {std::nullopt}};
  EXPECT_EQ(hex(encode(v)), "0c010200");
  EXPECT_EQ(decode<std::vector<OptionBool>>(unhex("0c010200")).value(), v);
  EXPECT_EQ(decode<OptionBool>(unhex("03")).error(), DecodeError::kInvalidOptionTag);
}

TEST(ScaleOption, GenericOptionOfBoolIsTwoBytes) {
  // Rust has no specialization: Option<bool> uses the generic Option encoding.
  std::vector<std::optional<bool>> v = {true, false, std::nullopt};
  EXPECT_EQ(hex(encode(v)), "0c0101010000");
  EXPECT_EQ(decode<std::vector<std::optional<bool>>>(unhex("0c0101010000")).value(), v);
  EXPECT_EQ(decode<std::optional<bool>>(unhex("0102")).error(), DecodeError::kInvalidBool);
}

TEST(ScaleSequence, VectorOfBool) {
  std::vector<bool> v = {true, false, true};
  EXPECT_EQ(hex(encode(v)), "0c010001");
  EXPECT_EQ(decode<std::vector<bool>>(unhex("0c010001")).value(), v);
}

TEST(ScaleOption, OptionOfValue) {
  EXPECT_EQ(hex(encode(std::optional<uint32_t>{})), "00");
  EXPECT_EQ(hex(encode(std::optional<uint32_t>{7})), "0107000000");
  EXPECT_EQ(decode<std::optional<uint32_t>>(unhex("0107000000")).value(), 7u);
  EXPECT_EQ(decode<std::optional<uint32_t>>(unhex("02")).error(), DecodeError::kInvalidOptionTag);
}

TEST(ScaleResult, OkIsZeroErrIsOne) {
  using R = Result<uint8_t, bool>;
  EXPECT_EQ(hex(encode(R(uint8_t{42}))), "002a");
  EXPECT_EQ(hex(encode(R(unexpected(false)))), "0100");
  auto ok = decode<R>(unhex("002a")).value();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, 42);
  auto err = decode<R>(unhex("0101")).value();
  ASSERT_FALSE(err.has_value());
  EXPECT_TRUE(err.error());
  EXPECT_EQ(decode<R>(unhex("0200")).error(), DecodeError::kInvalidResultTag);
  using Unit = Result<void, uint8_t>;
  EXPECT_EQ(hex(encode(Unit{})), "00");
  EXPECT_TRUE(decode<Unit>(unhex("00")).value().has_value());
}

TEST(ScaleSequence, BytesAndStrings) {
  EXPECT_EQ(hex(encode(to_bytes("Hello world"))), "2c48656c6c6f20776f726c64");
  std::vector<std::string> strings = {"Hamlet", "Война и мир", "三国演义", "أَلْف لَيْلَة وَلَيْلَة"};
  Bytes encoded = encode(strings);
  EXPECT_EQ(hex(encoded).substr(0, 38), "101848616d6c657450d092d0bed0b9d0bdd0b0");
  EXPECT_EQ(decode<std::vector<std::string>>(encoded).value(), strings);
  // The polkadot-tests SCALE fixture: "abc...z" as a Rust String.
  EXPECT_EQ(hex(encode(std::string("abcdefghijklmnopqrstuvwxyz"))),
            "686162636465666768696a6b6c6d6e6f707172737475767778797a");
}

TEST(ScaleSequence, RejectsInvalidUtf8) {
  EXPECT_EQ(decode<std::string>(unhex("08c328")).error(), DecodeError::kInvalidUtf8);
  EXPECT_EQ(decode<std::string>(unhex("0ceda080")).error(), DecodeError::kInvalidUtf8);
}

TEST(ScaleSequence, VectorOfIntegers) {
  std::vector<uint16_t> v = {1, 2, 3, 0xffff};
  EXPECT_EQ(hex(encode(v)), "10010002000300ffff");
  EXPECT_EQ(decode<std::vector<uint16_t>>(encode(v)).value(), v);
}

TEST(ScaleSequence, LengthBombsFailWithoutAllocating) {
  // Claims 2^20 u64s in a 5-byte input: rejected from the length alone.
  EXPECT_EQ(decode<std::vector<uint64_t>>(unhex("0200400000")).error(),
            DecodeError::kNotEnoughData);
  // Claims 2^30 - 1 elements: above the default cap of 2^24.
  EXPECT_EQ(decode<std::vector<uint64_t>>(unhex("feffffff00")).error(),
            DecodeError::kLengthTooLarge);
  // Longer than the caller's cap.
  EXPECT_EQ(decode<Bytes>(unhex("1001020304"), 3).error(), DecodeError::kLengthTooLarge);
  EXPECT_EQ(decode<std::vector<std::monostate>>(unhex("13ffffffffffffffff")).error(),
            DecodeError::kLengthTooLarge);
}

// Byte arrays, and structs that are one byte array, are copied as a block: the same bytes as
// element by element, and the same refusal of a short input.
struct Key32 {
  ByteArray<32> bytes{};
  bool operator==(const Key32&) const = default;
  CANARY_SCALE_FIELDS(bytes)
};
struct KeyAndTag {  // a second field: not a raw byte array
  ByteArray<2> bytes{};
  uint8_t tag = 0;
  bool operator==(const KeyAndTag&) const = default;
  CANARY_SCALE_FIELDS(bytes, tag)
};
static_assert(detail::is_raw_byte_array<Key32>());
static_assert(detail::is_raw_byte_array<ByteArray<4>>());
static_assert(!detail::is_raw_byte_array<KeyAndTag>());
static_assert(!detail::is_raw_byte_array<std::array<uint16_t, 2>>());

TEST(ScaleSequence, VectorsOfByteArraysAreCopiedAsABlock) {
  std::vector<Key32> keys(3);
  for (size_t i = 0; i < keys.size(); ++i) keys[i].bytes.fill(static_cast<uint8_t>(i + 1));
  const Bytes encoded = encode(keys);
  ASSERT_EQ(encoded.size(), 1 + 3 * 32);
  EXPECT_EQ(encoded[0], 0x0c);
  EXPECT_EQ(encoded[1], 1);
  EXPECT_EQ(encoded[33], 2);
  EXPECT_EQ(encoded[96], 3);
  EXPECT_EQ(decode<std::vector<Key32>>(encoded).value(), keys);
  EXPECT_EQ(decode<std::vector<Key32>>(unhex("00")).value(), std::vector<Key32>{});
  Bytes short_by_one(encoded.begin(), encoded.end() - 1);
  EXPECT_EQ(decode<std::vector<Key32>>(short_by_one).error(), DecodeError::kNotEnoughData);

  std::vector<ByteArray<2>> pairs = {{1, 2}, {3, 4}};
  EXPECT_EQ(hex(encode(pairs)), "0801020304");
  EXPECT_EQ(decode<std::vector<ByteArray<2>>>(encode(pairs)).value(), pairs);
  std::vector<KeyAndTag> tagged = {{{1, 2}, 9}};
  EXPECT_EQ(hex(encode(tagged)), "04010209");
  EXPECT_EQ(decode<std::vector<KeyAndTag>>(encode(tagged)).value(), tagged);
}

TEST(ScaleFixedArray, NoLengthPrefix) {
  std::array<uint8_t, 3> a = {1, 2, 3};
  EXPECT_EQ(hex(encode(a)), "010203");
  std::array<uint32_t, 2> b = {1, 2};
  EXPECT_EQ(hex(encode(b)), "0100000002000000");
  EXPECT_EQ((decode<std::array<uint32_t, 2>>(encode(b)).value()), b);
}

TEST(ScaleTuple, FieldsInOrder) {
  std::tuple<uint8_t, Compact<uint32_t>, bool> t{1, {64}, true};
  EXPECT_EQ(hex(encode(t)), "01010101");
  std::pair<uint16_t, std::string> p{5, "a"};
  EXPECT_EQ(hex(encode(p)), "05000461");
}

TEST(ScaleMap, EncodedAsSortedPairs) {
  std::map<uint32_t, uint8_t> m = {{2, 20}, {1, 10}};
  EXPECT_EQ(hex(encode(m)), "08010000000a0200000014");
  EXPECT_EQ((decode<std::map<uint32_t, uint8_t>>(encode(m)).value()), m);
}

struct Other {
  static constexpr uint8_t kScaleIndex = 0;
  Bytes data;
  CANARY_SCALE_FIELDS(data)
};
struct Consensus {
  static constexpr uint8_t kScaleIndex = 4;
  std::array<uint8_t, 4> engine{};
  Bytes data;
  CANARY_SCALE_FIELDS(engine, data)
};
struct RuntimeEnvironmentUpdated {
  static constexpr uint8_t kScaleIndex = 8;
  CANARY_SCALE_FIELDS()
};
using DigestItem = std::variant<Other, Consensus, RuntimeEnvironmentUpdated>;

TEST(ScaleVariant, ExplicitIndicesAsInRustEnums) {
  DigestItem item = Consensus{{'F', 'R', 'N', 'K'}, {1, 2}};
  EXPECT_EQ(hex(encode(item)),
            "04"
            "46524e4b"
            "080102");
  auto decoded = decode<DigestItem>(encode(item)).value();
  ASSERT_EQ(decoded.index(), 1u);
  EXPECT_EQ(std::get<1>(decoded).data, (Bytes{1, 2}));
  EXPECT_EQ(hex(encode(DigestItem{RuntimeEnvironmentUpdated{}})), "08");
  EXPECT_EQ(decode<DigestItem>(unhex("08")).value().index(), 2u);
  EXPECT_EQ(decode<DigestItem>(unhex("01")).error(), DecodeError::kInvalidVariantIndex);
}

TEST(ScaleVariant, PositionalIndicesByDefault) {
  using V = std::variant<std::monostate, uint8_t, std::string>;
  EXPECT_EQ(hex(encode(V{})), "00");
  EXPECT_EQ(hex(encode(V{uint8_t{9}})), "0109");
  EXPECT_EQ(hex(encode(V{std::string("x")})), "020478");
  EXPECT_EQ(decode<V>(unhex("03")).error(), DecodeError::kInvalidVariantIndex);
}

enum class Phase : uint8_t { kApply = 0, kFinalize = 1, kInitialize = 2 };
bool scale_is_valid(Phase p) {
  return static_cast<uint8_t>(p) <= 2;
}

TEST(ScaleEnum, FieldlessEnumsAreValidated) {
  EXPECT_EQ(hex(encode(Phase::kInitialize)), "02");
  EXPECT_EQ(decode<Phase>(unhex("01")).value(), Phase::kFinalize);
  EXPECT_EQ(decode<Phase>(unhex("03")).error(), DecodeError::kInvalidEnumValue);
}

struct Header {
  Hash256 parent_hash{};
  uint32_t number = 0;
  Hash256 state_root{};
  Hash256 extrinsics_root{};
  std::vector<DigestItem> digest;
  CANARY_SCALE_FIELDS(parent_hash, compact(number), state_root, extrinsics_root, digest)
};

TEST(ScaleStruct, FieldsWithCompactMembers) {
  Header h;
  h.number = 64;
  h.parent_hash[0] = 0xaa;
  Bytes encoded = encode(h);
  ASSERT_EQ(encoded.size(), 32u + 2 + 32 + 32 + 1);
  EXPECT_EQ(encoded[0], 0xaa);
  EXPECT_EQ(encoded[32], 0x01);
  EXPECT_EQ(encoded[33], 0x01);
  EXPECT_EQ(encoded_size(h), encoded.size());
  auto back = decode<Header>(encoded).value();
  EXPECT_EQ(back.number, 64u);
  EXPECT_EQ(back.parent_hash, h.parent_hash);
  encoded.pop_back();
  EXPECT_EQ(decode<Header>(encoded).error(), DecodeError::kNotEnoughData);
}

// A struct's fewest encoded bytes are its fields' (a compact number counts one byte), so a
// sequence length its input cannot back is refused before anything is allocated for it.
TEST(ScaleStruct, MinimumEncodedSizeAddsTheFields) {
  static_assert(min_encoded_size<Header>() == 32 + 1 + 32 + 32 + 1);
  static_assert(min_encoded_size<std::tuple<uint32_t, Hash256>>() == 36);
  // A vector of 1,000,000 headers backed by 1 KiB of input.
  Bytes data = encode(compact(uint32_t{1'000'000}));
  data.resize(data.size() + 1024, 0);
  EXPECT_EQ(decode<std::vector<Header>>(data).error(), DecodeError::kNotEnoughData);
  // Exactly enough bytes for two minimal headers decode.
  Bytes two = encode(std::vector<Header>(2));
  EXPECT_EQ(two.size(), 1u + 2 * 98);
  EXPECT_EQ(decode<std::vector<Header>>(two).value().size(), 2u);
}

TEST(ScaleBitVec, Lsb0Layout) {
  BitVec bits(10);
  bits.set(0, true);
  bits.set(3, true);
  bits.set(9, true);
  EXPECT_EQ(hex(encode(bits)), "280902");
  BitVec back = decode<BitVec>(unhex("280902")).value();
  EXPECT_EQ(back, bits);
  EXPECT_TRUE(back.get(9));
  EXPECT_FALSE(back.get(8));
  EXPECT_EQ(back.count_ones(), 3u);
  // Unused high bits of the last byte are ignored, as bitvec does.
  EXPECT_EQ(decode<BitVec>(unhex("28098e")).value(), bits);
  EXPECT_EQ(decode<BitVec>(unhex("2809")).error(), DecodeError::kNotEnoughData);
}

TEST(ScaleDecoder, ErrorsAreSticky) {
  Bytes data = unhex("0102");
  Decoder in(data);
  (void)decode_next<uint32_t>(in);
  EXPECT_FALSE(in.ok());
  EXPECT_EQ(in.error(), DecodeError::kNotEnoughData);
  (void)decode_next<uint8_t>(in);
  EXPECT_EQ(in.error(), DecodeError::kNotEnoughData);
}

}  // namespace
}  // namespace canary::scale
