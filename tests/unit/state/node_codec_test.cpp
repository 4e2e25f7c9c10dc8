// Trie node codec: the spec's header layout and length encoding, a known node, round trips of
// random nodes of every kind, and rejection of every malformed form the strict decoder knows.
#include "state/trie/node_codec.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "primitives/util/hex.hpp"
#include "state/trie/nibbles.hpp"
#include "tests/support/hex.hpp"

namespace canary::state {
namespace {

using canary::test::hex;
using canary::test::unhex;

Bytes header(NodeHeaderKind kind, size_t nibbles) {
  Bytes out;
  encode_node_header(out, kind, nibbles);
  return out;
}

TEST(TrieNibbles, KeyBytesSplitHighNibbleFirst) {
  Bytes key = unhex("a1f0");
  NibbleView n = NibbleView::of_bytes(key);
  ASSERT_EQ(n.size(), 4u);
  EXPECT_EQ(n[0], 0xa);
  EXPECT_EQ(n[1], 0x1);
  EXPECT_EQ(n[2], 0xf);
  EXPECT_EQ(n[3], 0x0);
  EXPECT_EQ(to_key_bytes(n), key);
}

TEST(TrieNibbles, LeftPaddingForOddCounts) {
  Bytes key = unhex("123456");
  Bytes out;
  append_left_padded(out, NibbleView::of_bytes(key).substr(1));  // 2 3 4 5 6
  EXPECT_EQ(hex(out), "023456");
  out.clear();
  append_left_padded(out, NibbleView::of_bytes(key).substr(1, 4));  // 2 3 4 5: shifted pairs
  EXPECT_EQ(hex(out), "2345");
  out.clear();
  append_left_padded(out, NibbleView::of_bytes(key).substr(2, 3));  // 3 4 5
  EXPECT_EQ(hex(out), "0345");
}

TEST(TrieNibbles, CommonPrefixAndOrderAgreeWithANaiveVersion) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 2000; ++round) {
    Bytes a(rng() % 6), b(rng() % 6);
    for (auto& x : a) x = static_cast<uint8_t>(rng() % 3);
    for (auto& x : b) x = static_cast<uint8_t>(rng() % 3);
    size_t oa = rng() % (a.size() * 2 + 1), ob = rng() % (b.size() * 2 + 1);
    NibbleView va = NibbleView::of_bytes(a).substr(oa);
    NibbleView vb = NibbleView::of_bytes(b).substr(ob);
    size_t naive = 0;
    while (naive < va.size() && naive < vb.size() && va[naive] == vb[naive]) ++naive;
    ASSERT_EQ(common_prefix_length(va, vb), naive);
    std::string sa, sb;
    for (size_t i = 0; i < va.size(); ++i) sa.push_back(static_cast<char>('a' + va[i]));
    for (size_t i = 0; i < vb.size(); ++i) sb.push_back(static_cast<char>('a' + vb[i]));
    int expected = sa < sb ? -1 : (sa == sb ? 0 : 1);
    ASSERT_EQ(compare(va, vb), expected);
  }
}

TEST(TrieNode, HeaderLengthEncodingMatchesTheSpec) {
  // w3f/polkadot-spec docs/chap-state.md "Node Header": 6/5/4 length bits, then bytes added up
  // while they are 255.
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeaf, 0)), "40");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeaf, 62)), "7e");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeaf, 63)), "7f00");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeaf, 64)), "7f01");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeaf, 317)), "7ffe");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeaf, 318)), "7fff00");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeaf, 63 + 255 * 2 + 7)), "7fffff07");
  EXPECT_EQ(hex(header(NodeHeaderKind::kBranch, 5)), "85");
  EXPECT_EQ(hex(header(NodeHeaderKind::kBranchWithValue, 63)), "ff00");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeafHashedValue, 30)), "3e");
  EXPECT_EQ(hex(header(NodeHeaderKind::kLeafHashedValue, 31)), "3f00");
  EXPECT_EQ(hex(header(NodeHeaderKind::kBranchHashedValue, 14)), "1e");
  EXPECT_EQ(hex(header(NodeHeaderKind::kBranchHashedValue, 15)), "1f00");
  EXPECT_EQ(hex(header(NodeHeaderKind::kBranchHashedValue, 15 + 255)), "1fff00");
}

TEST(TrieNode, LeafOfKeyOneValueOne) {
  // polkadot-spec-facts §2.1: key "1" value "1" → 42 31 04 31 (leaf, 2 nibbles, Compact(1) ‖ '1').
  Bytes key = to_bytes("1");
  Bytes value = to_bytes("1");
  NodeView leaf;
  leaf.partial = NibbleView::of_bytes(key);
  leaf.value_kind = ValueKind::kInline;
  leaf.value = value;
  Bytes encoded = encode_node(leaf);
  EXPECT_EQ(hex(encoded), "42310431");
  auto decoded = decode_node(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->is_branch);
  EXPECT_EQ(to_key_bytes(decoded->partial), key);
  EXPECT_EQ(Bytes(decoded->value.begin(), decoded->value.end()), value);
}

TEST(TrieNode, EmptyNodeIsOneZeroByte) {
  auto decoded = decode_node(unhex("00"));
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->is_empty);
  NodeView empty;
  empty.is_empty = true;
  EXPECT_EQ(hex(encode_node(empty)), "00");
}

TEST(TrieNode, HashedValueLeafCarriesTheRawHash) {
  // V1: header 001, no length prefix before the 32-byte hash.
  Bytes key = to_bytes("a");
  Bytes hash(32, 0xab);
  NodeView leaf;
  leaf.partial = NibbleView::of_bytes(key);
  leaf.value_kind = ValueKind::kHashed;
  leaf.value = hash;
  EXPECT_EQ(hex(encode_node(leaf)), "2261" + hex(hash));
}

Bytes random_bytes(std::mt19937_64& rng, size_t n) {
  Bytes out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

TEST(TrieNode, RandomNodesRoundTrip) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 3000; ++round) {
    Bytes key_bytes = random_bytes(rng, rng() % 200);
    size_t offset = key_bytes.empty() ? 0 : rng() % 2;
    NibbleView partial = NibbleView::of_bytes(key_bytes).substr(offset);
    Bytes value = random_bytes(rng, rng() % 3 == 0 ? 32 : rng() % 80);
    std::vector<Bytes> child_data(kMaxChildren);
    NodeView node;
    node.partial = partial;
    node.is_branch = rng() % 2 == 0;
    int value_choice = static_cast<int>(rng() % 3);
    if (!node.is_branch && value_choice == 0) value_choice = 1;
    node.value_kind = static_cast<ValueKind>(value_choice);
    if (node.value_kind == ValueKind::kHashed) value.resize(32);
    if (node.value_kind != ValueKind::kNone) node.value = value;
    if (node.is_branch) {
      while (node.children_bitmap == 0) node.children_bitmap = static_cast<uint16_t>(rng());
      for (size_t i = 0; i < kMaxChildren; ++i) {
        if (!node.has_child(i)) continue;
        child_data[i] = random_bytes(rng, rng() % 2 == 0 ? 32 : 1 + rng() % 31);
        node.children[i] = child_data[i];
      }
    }
    Bytes encoded = encode_node(node);
    auto decoded = decode_node(encoded);
    ASSERT_TRUE(decoded) << hex(encoded) << " " << to_string(decoded.error());
    EXPECT_EQ(decoded->is_branch, node.is_branch);
    EXPECT_EQ(decoded->partial, partial);
    EXPECT_EQ(decoded->value_kind, node.value_kind);
    EXPECT_EQ(decoded->children_bitmap, node.children_bitmap);
    EXPECT_EQ(encode_node(*decoded), encoded);
  }
}

void expect_rejected(std::string_view hex_node, NodeDecodeError error) {
  auto decoded = decode_node(unhex(hex_node));
  ASSERT_FALSE(decoded) << hex_node;
  EXPECT_EQ(decoded.error(), error) << hex_node << ": " << to_string(decoded.error());
}

TEST(TrieNode, MalformedNodesAreRejected) {
  EXPECT_FALSE(decode_node({}));
  expect_rejected("01", NodeDecodeError::kReservedHeader);  // compact-proof escape
  expect_rejected("0f", NodeDecodeError::kReservedHeader);
  expect_rejected("0000", NodeDecodeError::kTrailingBytes);  // empty node plus a byte
  expect_rejected("42", NodeDecodeError::kTruncated);        // partial key missing
  expect_rejected("4231", NodeDecodeError::kTruncated);      // value length missing
  expect_rejected("42310831", NodeDecodeError::kTruncated);  // value shorter than its length
  expect_rejected("4231043132", NodeDecodeError::kTrailingBytes);
  expect_rejected("41f10431", NodeDecodeError::kNonZeroPadding);  // odd partial, padding 0xf
  expect_rejected("7f", NodeDecodeError::kTruncated);             // length continues, no byte
  expect_rejected("7fff", NodeDecodeError::kTruncated);
  // Compact(1) written in two bytes: not canonical.
  expect_rejected("4231050031", NodeDecodeError::kInvalidLength);
  // Branches: empty bitmap, child longer than a hash, empty child, truncated child.
  expect_rejected("800000", NodeDecodeError::kNoChildren);
  expect_rejected("c000000431", NodeDecodeError::kNoChildren);
  expect_rejected(
      "800100"
      "84" +
          std::string(66, '0'),
      NodeDecodeError::kChildTooLong);
  expect_rejected("80010000", NodeDecodeError::kEmptyChild);
  expect_rejected("8001000c4231", NodeDecodeError::kTruncated);
  expect_rejected("800100", NodeDecodeError::kTruncated);
  // Hashed values must be 32 bytes.
  expect_rejected("2261" + std::string(62, 'a'), NodeDecodeError::kTruncated);
  expect_rejected("2261" + std::string(66, 'a'), NodeDecodeError::kTrailingBytes);
}

TEST(TrieNode, EmptyChildrenOnlyWhereCompactProofsAllowThem) {
  Bytes node = unhex("80010000");
  EXPECT_FALSE(decode_node(node));
  auto decoded = decode_node(node, NodeDecodeOptions{.allow_empty_children = true});
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->children[0].empty());
  EXPECT_EQ(encode_node(*decoded), node);
}

TEST(TrieNode, TruncationsOfValidNodesAreRejected) {
  std::mt19937_64 rng(3);
  Bytes key = random_bytes(rng, 40);
  Bytes child(32, 7);
  NodeView node;
  node.is_branch = true;
  node.partial = NibbleView::of_bytes(key).substr(1);
  node.value_kind = ValueKind::kInline;
  Bytes value = random_bytes(rng, 70);
  node.value = value;
  node.children_bitmap = 0x8001;
  node.children[0] = child;
  node.children[15] = ByteSpan(child).first(5);
  Bytes encoded = encode_node(node);
  ASSERT_TRUE(decode_node(encoded));
  for (size_t n = 0; n < encoded.size(); ++n) {
    EXPECT_FALSE(decode_node(ByteSpan(encoded).first(n))) << n;
  }
}

}  // namespace
}  // namespace canary::state
