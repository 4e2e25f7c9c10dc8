// ext_storage_append's value rule: only the Compact<u32> length prefix is checked; a value
// without a canonical one is replaced by [item] (sp-state-machine ext.rs `storage_append_works`:
// "initialize with some invalid data").
#include <gtest/gtest.h>

#include "primitives/util/hex.hpp"
#include "state/overlay/scale_vec_append.hpp"

namespace canary::state {
namespace {

Bytes unhex(std::string_view s) {
  auto r = from_hex(s);
  if (!r) ADD_FAILURE() << "bad hex " << s;
  return r ? *r : Bytes{};
}

Bytes appended(Bytes value, std::string_view item_hex) {
  scale_vec_append(value, unhex(item_hex));
  return value;
}

TEST(ScaleVecAppend, AppendsToAValidVector) {
  // Vec<u32> [1] ++ 2 = [1, 2]
  EXPECT_EQ(appended(unhex("0401000000"), "02000000"), unhex("080100000002000000"));
  // The empty vector.
  EXPECT_EQ(appended(unhex("00"), "aa"), unhex("04aa"));
}

TEST(ScaleVecAppend, ChecksOnlyTheLengthPrefix) {
  // Three items announced, one byte present: still a vector as far as append is concerned.
  EXPECT_EQ(appended(unhex("0c01"), "02"), unhex("100102"));
  // The prefix alone, with no items at all.
  EXPECT_EQ(appended(unhex("fc"), ""), unhex("0101"));
}

TEST(ScaleVecAppend, ReplacesWhatIsNoVector) {
  EXPECT_EQ(appended({}, "02"), unhex("0402"));
  // 0x01 starts a two-byte compact with one byte only.
  EXPECT_EQ(appended(unhex("01"), "0100000002000000"), unhex("040100000002000000"));
  // Non-canonical compacts: 1 in two-byte mode, 2^6 - 1 in four-byte mode, and a big-integer
  // mode value that fits in four bytes.
  EXPECT_EQ(appended(unhex("0500"), "aa"), unhex("04aa"));
  EXPECT_EQ(appended(unhex("feff0000"), "aa"), unhex("04aa"));
  EXPECT_EQ(appended(unhex("03ffffff00"), "aa"), unhex("04aa"));
  // More than u32 items (big-integer mode with five bytes).
  EXPECT_EQ(appended(unhex("070000000001"), "aa"), unhex("04aa"));
  // u32::MAX items: one more does not fit.
  EXPECT_EQ(appended(unhex("03ffffffff"), "aa"), unhex("04aa"));
}

TEST(ScaleVecAppend, GrowsThePrefixAtModeBoundaries) {
  // 63 -> 64 items: one-byte to two-byte prefix.
  EXPECT_EQ(appended(unhex("fc"), "aa"), unhex("0101aa"));
  // 16383 -> 16384: two-byte to four-byte prefix.
  EXPECT_EQ(appended(unhex("fdff"), "aa"), unhex("02000100aa"));
  // 2^30 - 1 -> 2^30: four-byte to big-integer prefix.
  EXPECT_EQ(appended(unhex("feffffff"), "aa"), unhex("0300000040aa"));
}

TEST(ScaleVecAppend, TruncateUndoesAppends) {
  Bytes original = unhex("fc");  // 63 items (of no bytes each)
  original.push_back(0x77);      // and some item bytes
  Bytes v = original;
  scale_vec_append(v, unhex("aabb"));
  scale_vec_append(v, unhex("cc"));
  EXPECT_EQ(v, unhex("0501"
                     "77"
                     "aabb"
                     "cc"));
  truncate_scale_vec(v, 63, 1);
  EXPECT_EQ(v, original);
}

}  // namespace
}  // namespace canary::state
