#include "state/trie/node_codec.hpp"

#include "primitives/scale/compact.hpp"
#include "primitives/scale/decoder.hpp"

namespace canary::state {

namespace {

struct HeaderLayout {
  uint8_t prefix;
  uint8_t max_length;  // the all-ones value of the length bits
};

constexpr HeaderLayout layout_of(NodeHeaderKind kind) {
  switch (kind) {
    case NodeHeaderKind::kLeaf:
      return {0b0100'0000, 0b0011'1111};
    case NodeHeaderKind::kBranch:
      return {0b1000'0000, 0b0011'1111};
    case NodeHeaderKind::kBranchWithValue:
      return {0b1100'0000, 0b0011'1111};
    case NodeHeaderKind::kLeafHashedValue:
      return {0b0010'0000, 0b0001'1111};
    case NodeHeaderKind::kBranchHashedValue:
      return {0b0001'0000, 0b0000'1111};
  }
  return {0, 0};
}

// Minimal Sink for encode_compact.
struct AppendSink {
  Bytes& out;
  void put_byte(uint8_t b) { out.push_back(b); }
  template <class UInt>
  void put_le(UInt v, size_t width) {
    for (size_t i = 0; i < width; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
};

// Reads a Compact<u32> length (node_codec.rs decodes `Compact<u32>`); non-canonical forms and
// values above u32 are errors.
bool read_length(scale::Decoder& in, size_t& length) {
  uint32_t n = scale::decode_compact<uint32_t>(in);
  if (!in.ok()) return false;
  length = n;
  return true;
}

}  // namespace

const char* to_string(NodeDecodeError e) {
  switch (e) {
    case NodeDecodeError::kEmptyInput:
      return "empty input";
    case NodeDecodeError::kReservedHeader:
      return "reserved node header";
    case NodeDecodeError::kTruncated:
      return "truncated node";
    case NodeDecodeError::kNonZeroPadding:
      return "non-zero partial key padding";
    case NodeDecodeError::kInvalidLength:
      return "invalid length prefix";
    case NodeDecodeError::kNoChildren:
      return "branch without children";
    case NodeDecodeError::kChildTooLong:
      return "child reference longer than a hash";
    case NodeDecodeError::kEmptyChild:
      return "empty child reference";
    case NodeDecodeError::kTrailingBytes:
      return "trailing bytes after node";
  }
  return "unknown node decode error";
}

void encode_node_header(Bytes& out, NodeHeaderKind kind, size_t partial_nibbles) {
  HeaderLayout l = layout_of(kind);
  if (partial_nibbles < l.max_length) {
    out.push_back(static_cast<uint8_t>(l.prefix | partial_nibbles));
    return;
  }
  out.push_back(static_cast<uint8_t>(l.prefix | l.max_length));
  size_t rest = partial_nibbles - l.max_length;
  while (rest >= 255) {
    out.push_back(255);
    rest -= 255;
  }
  out.push_back(static_cast<uint8_t>(rest));
}

void append_with_length(Bytes& out, ByteSpan data) {
  AppendSink sink{out};
  scale::encode_compact(sink, data.size());
  out.insert(out.end(), data.begin(), data.end());
}

void encode_node(Bytes& out, const NodeView& node) {
  if (node.is_empty) {
    out.push_back(0x00);
    return;
  }
  NodeHeaderKind kind;
  if (!node.is_branch) {
    if (node.value_kind == ValueKind::kNone) contract_violation();
    kind = node.value_kind == ValueKind::kHashed ? NodeHeaderKind::kLeafHashedValue
                                                 : NodeHeaderKind::kLeaf;
  } else {
    if (node.children_bitmap == 0) contract_violation();
    kind = node.value_kind == ValueKind::kNone     ? NodeHeaderKind::kBranch
           : node.value_kind == ValueKind::kInline ? NodeHeaderKind::kBranchWithValue
                                                   : NodeHeaderKind::kBranchHashedValue;
  }
  encode_node_header(out, kind, node.partial.size());
  append_left_padded(out, node.partial);
  if (node.is_branch) {
    out.push_back(static_cast<uint8_t>(node.children_bitmap & 0xFF));
    out.push_back(static_cast<uint8_t>(node.children_bitmap >> 8));
  }
  if (node.value_kind == ValueKind::kInline) {
    append_with_length(out, node.value);
  } else if (node.value_kind == ValueKind::kHashed) {
    out.insert(out.end(), node.value.begin(), node.value.end());
  }
  if (node.is_branch) {
    for (size_t i = 0; i < kMaxChildren; ++i) {
      if (node.has_child(i)) append_with_length(out, node.children[i]);
    }
  }
}

Bytes encode_node(const NodeView& node) {
  Bytes out;
  encode_node(out, node);
  return out;
}

Result<NodeView, NodeDecodeError> decode_node(ByteSpan encoded, NodeDecodeOptions options) {
  if (encoded.empty()) return unexpected(NodeDecodeError::kEmptyInput);
  NodeView node;
  uint8_t first = encoded[0];
  if (first == 0x00) {
    if (encoded.size() != 1) return unexpected(NodeDecodeError::kTrailingBytes);
    node.is_empty = true;
    return node;
  }

  NodeHeaderKind kind;
  switch (first >> 6) {
    case 0b01:
      kind = NodeHeaderKind::kLeaf;
      break;
    case 0b10:
      kind = NodeHeaderKind::kBranch;
      break;
    case 0b11:
      kind = NodeHeaderKind::kBranchWithValue;
      break;
    default:
      if ((first >> 5) == 0b001) {
        kind = NodeHeaderKind::kLeafHashedValue;
      } else if ((first >> 4) == 0b0001) {
        kind = NodeHeaderKind::kBranchHashedValue;
      } else {
        return unexpected(NodeDecodeError::kReservedHeader);
      }
  }
  HeaderLayout l = layout_of(kind);

  size_t pos = 1;
  size_t partial_nibbles = first & l.max_length;
  if (partial_nibbles == l.max_length) {
    while (true) {
      if (pos >= encoded.size()) return unexpected(NodeDecodeError::kTruncated);
      uint8_t b = encoded[pos++];
      partial_nibbles += b;
      if (b < 255) break;
      // Every nibble needs half a byte: give up as soon as the input cannot hold them, which
      // also keeps the sum far from overflowing.
      if (partial_nibbles / 2 > encoded.size()) return unexpected(NodeDecodeError::kTruncated);
    }
  }
  size_t partial_bytes = packed_size(partial_nibbles);
  if (encoded.size() - pos < partial_bytes) return unexpected(NodeDecodeError::kTruncated);
  size_t padding = partial_nibbles & 1;
  if (padding != 0 && (encoded[pos] & 0xF0) != 0) {
    return unexpected(NodeDecodeError::kNonZeroPadding);
  }
  node.partial = NibbleView(encoded.data() + pos, padding, partial_nibbles);
  pos += partial_bytes;

  scale::Decoder in(encoded.subspan(pos));
  node.is_branch = kind == NodeHeaderKind::kBranch || kind == NodeHeaderKind::kBranchWithValue ||
                   kind == NodeHeaderKind::kBranchHashedValue;
  if (node.is_branch) {
    uint16_t bitmap = in.read_le<uint16_t>(2);
    if (!in.ok()) return unexpected(NodeDecodeError::kTruncated);
    // node_codec.rs `Bitmap::decode` rejects an empty bitmap for every branch: a branch with a
    // value and no children would be a leaf.
    if (bitmap == 0) return unexpected(NodeDecodeError::kNoChildren);
    node.children_bitmap = bitmap;
  }

  if (kind == NodeHeaderKind::kLeafHashedValue || kind == NodeHeaderKind::kBranchHashedValue) {
    node.value_kind = ValueKind::kHashed;
    node.value = in.read_view(32);
  } else if (kind != NodeHeaderKind::kBranch) {
    node.value_kind = ValueKind::kInline;
    size_t length = 0;
    if (!read_length(in, length)) {
      return unexpected(in.error() == scale::DecodeError::kNotEnoughData
                            ? NodeDecodeError::kTruncated
                            : NodeDecodeError::kInvalidLength);
    }
    node.value = in.read_view(length);
  }
  if (!in.ok()) return unexpected(NodeDecodeError::kTruncated);

  for (size_t i = 0; i < kMaxChildren && node.is_branch; ++i) {
    if (!node.has_child(i)) continue;
    size_t length = 0;
    if (!read_length(in, length)) {
      return unexpected(in.error() == scale::DecodeError::kNotEnoughData
                            ? NodeDecodeError::kTruncated
                            : NodeDecodeError::kInvalidLength);
    }
    if (length > 32) return unexpected(NodeDecodeError::kChildTooLong);
    if (length == 0 && !options.allow_empty_children) {
      return unexpected(NodeDecodeError::kEmptyChild);
    }
    node.children[i] = in.read_view(length);
    if (!in.ok()) return unexpected(NodeDecodeError::kTruncated);
  }
  if (in.remaining() != 0) return unexpected(NodeDecodeError::kTrailingBytes);
  return node;
}

}  // namespace canary::state
