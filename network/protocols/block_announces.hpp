// `/<genesis>/block-announces/1` (sc-network-sync engine.rs, sc-network-common sync/message.rs):
// a notification protocol whose handshake says where the peer's chain is, and whose notifications
// announce new blocks by header.
//
// Handshake (SCALE, BlockAnnouncesHandshake): roles u8 ‖ best_number u32 LE ‖ best_hash ‖
// genesis_hash, 69 bytes for a relay chain. Peers on another genesis are refused by the caller.
//
// Announcement (BlockAnnounce, a hand-written SCALE layout kept from protocol v3): the header,
// then optionally the state byte (0 Normal, 1 Best), then optionally `data` as a Vec<u8>
// (polkadot-sdk always sends both: header ‖ state ‖ Compact(len) ‖ data, smoldot sends an empty
// data). Substrate's decoder reads the two optional parts with `.ok()` and ignores whatever
// follows; ours is stricter: a state byte other than 0/1, a malformed data vector, or bytes after
// it, refuse the announcement (no implementation sends them).
#pragma once

#include <cstddef>
#include <optional>

#include "network/protocols/protocol_error.hpp"
#include "network/protocols/roles.hpp"
#include "primitives/block/header.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::network {

// engine.rs MAX_BLOCK_ANNOUNCE_SIZE: the notification size limit negotiated for the protocol.
inline constexpr size_t kMaxBlockAnnounceSize = 1024 * 1024;
inline constexpr size_t kBlockAnnouncesHandshakeSize = 1 + 4 + 32 + 32;

struct BlockAnnouncesHandshake {
  Roles roles;
  block::BlockNumber best_number = 0;
  block::BlockHash best_hash{};
  block::BlockHash genesis_hash{};

  bool operator==(const BlockAnnouncesHandshake&) const = default;
};

Bytes encode_block_announces_handshake(const BlockAnnouncesHandshake& handshake);
// Exactly 69 bytes with known role bits (Substrate decodes the handshake with decode_all).
Result<BlockAnnouncesHandshake, ProtocolError> decode_block_announces_handshake(ByteSpan bytes);

enum class BlockState : uint8_t {
  kNormal = 0,  // not (or no longer) the announcer's best block
  kBest = 1,    // the announcer's new best block
};

struct BlockAnnounce {
  block::Header header;
  std::optional<BlockState> state;
  // Opaque data for the chain's announce validator (e.g. a parachain candidate); relay-chain
  // nodes send it empty.
  std::optional<Bytes> data;

  bool operator==(const BlockAnnounce&) const = default;
};

// header ‖ [state] ‖ [data]. The data alone cannot be expressed without the state byte in front of
// it (the decoder would read its length as the state), so data without a state is sent with
// BlockState::kNormal.
Bytes encode_block_announce(const BlockAnnounce& announce);
Result<BlockAnnounce, ProtocolError> decode_block_announce(ByteSpan bytes);

}  // namespace canary::network
