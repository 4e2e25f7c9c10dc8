// The node codec of the Polkadot state trie (w3f/polkadot-spec docs/chap-state.md "Node Header",
// "Node Subvalue"; paritytech/polkadot-sdk substrate/primitives/trie/src/node_header.rs,
// node_codec.rs). A node is
//   header (kind bits + partial-key length) ‖ partial key (left-padded nibbles) ‖ subvalue
// where a leaf's subvalue is its value, and a branch's is a u16 LE children bitmap, the optional
// value, then Compact(len) ‖ Merkle value for each present child in nibble order. A value is
// either inline, Compact(len) ‖ bytes, or (V1, header 001/0001) the 32-byte hash of the value.
// A child's Merkle value is the child's encoding when shorter than 32 bytes, else its hash.
//
// Decoding is strict: every node has exactly one accepted encoding, so decode-then-encode gives
// back the input and a proof or database cannot smuggle in alternative forms.
#pragma once

#include <array>
#include <cstdint>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/nibbles.hpp"

namespace canary::state {

enum class NodeDecodeError : uint8_t {
  kEmptyInput,
  kReservedHeader,  // 0x01 (compact-proof escape) and the other 0000xxxx headers
  kTruncated,       // the header promises more bytes than there are
  kNonZeroPadding,  // the unused high nibble of an odd-length partial key is not 0
  kInvalidLength,   // a value or child length that is not a canonical Compact<u32>
  kNoChildren,      // a branch whose bitmap is 0
  kChildTooLong,    // a child reference longer than a hash
  kEmptyChild,      // a child reference of length 0 (only compact proofs use them)
  kTrailingBytes,
};

const char* to_string(NodeDecodeError e);

enum class ValueKind : uint8_t { kNone, kInline, kHashed };

inline constexpr size_t kMaxChildren = 16;

// A node's parts, as views into someone else's bytes (the encoded node when decoded).
struct NodeView {
  bool is_empty = false;  // the empty node 0x00, only ever the root of an empty trie
  bool is_branch = false;
  NibbleView partial;
  ValueKind value_kind = ValueKind::kNone;
  ByteSpan value;  // inline: the value; hashed: its 32-byte hash
  uint16_t children_bitmap = 0;
  std::array<ByteSpan, kMaxChildren> children{};  // Merkle values of the present children

  bool has_child(size_t i) const { return ((children_bitmap >> i) & 1) != 0; }
};

struct NodeDecodeOptions {
  // trie-db compact proofs (trie-db/src/proof) replace references to nodes that follow in the
  // proof by an empty inline reference.
  bool allow_empty_children = false;
};

Result<NodeView, NodeDecodeError> decode_node(ByteSpan encoded, NodeDecodeOptions options = {});

enum class NodeHeaderKind : uint8_t {
  kLeaf,               // 01
  kBranch,             // 10
  kBranchWithValue,    // 11
  kLeafHashedValue,    // 001
  kBranchHashedValue,  // 0001
};

// Appends the header: the kind bits, then the partial-key length in the remaining bits; if it does
// not fit, those bits are all ones and the rest follows as bytes that are added up, 255 meaning
// "continue" (node_header.rs `size_and_prefix_iterator`; unbounded, as the spec).
void encode_node_header(Bytes& out, NodeHeaderKind kind, size_t partial_nibbles);

// Appends the encoding of `node`. A leaf must have a value, a non-empty node must not be a branch
// without children (both are contract violations: such nodes do not exist in a trie).
void encode_node(Bytes& out, const NodeView& node);
Bytes encode_node(const NodeView& node);

// Appends Compact(length) ‖ data: an inline value or a child reference.
void append_with_length(Bytes& out, ByteSpan data);

}  // namespace canary::state
