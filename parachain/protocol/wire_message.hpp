// The envelope of every notification on the parachain peer sets (polkadot-sdk
// `polkadot/node/network/bridge/src/lib.rs` WireMessage, `protocol/src/lib.rs` View;
// parachain-facts §3.1):
//   WireMessage<M> { ProtocolMessage(M) = 1, ViewUpdate(View) = 2 }
//   View { heads: Vec<H256> (sorted), finalized_number: u32 }
// A node sends its View right after a substream opens and on every change of its leaves; peers
// only gossip what concerns heads in each other's views. The messages themselves are in
// validation_protocol.hpp (`/validation/3`) and collation_protocol.hpp (`/collation/2`).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <variant>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain::protocol {

// peer_set.rs MAX_NOTIFICATION_SIZE: the limit both peer sets negotiate; a longer notification is
// refused by the substream before it reaches the bridge.
inline constexpr size_t kMaxNotificationSize = 100 * 1024;

// bridge MAX_VIEW_HEADS: a peer whose view has more heads is charged "Malformed view"; our own
// view keeps at most this many (the bridge's policy, not the codec's).
inline constexpr size_t kMaxViewHeads = 5;

struct View {
  std::vector<Hash256> heads;  // sorted (bytewise, as H256's Ord)
  block::BlockNumber finalized_number = 0;

  bool operator==(const View&) const = default;
  CANARY_SCALE_FIELDS(heads, finalized_number)
};

// View::new: the heads sorted.
inline View make_view(std::vector<Hash256> heads, block::BlockNumber finalized_number) {
  std::ranges::sort(heads);
  return {std::move(heads), finalized_number};
}

template <class M>
struct ProtocolMessage {
  static constexpr uint8_t kScaleIndex = 1;
  M message{};
  bool operator==(const ProtocolMessage&) const = default;
  CANARY_SCALE_FIELDS(message)
};

struct ViewUpdate {
  static constexpr uint8_t kScaleIndex = 2;
  View view;
  bool operator==(const ViewUpdate&) const = default;
  CANARY_SCALE_FIELDS(view)
};

template <class M>
using WireMessage = std::variant<ProtocolMessage<M>, ViewUpdate>;

}  // namespace canary::parachain::protocol
