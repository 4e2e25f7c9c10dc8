// Kademlia's routing table (the k-buckets): the peers known to speak our DHT, ordered by the XOR
// distance between their keys and ours. A peer's key is SHA-256 of its PeerId bytes (rust-libp2p
// kbucket::Key<PeerId>); bucket i holds the peers whose distance to us has its highest set bit at
// position i (256 buckets of at most k = 20 peers).
//
// Within a bucket, peers are ordered from least to most recently connected: the disconnected ones
// first, then the connected ones (rust-libp2p kbucket/bucket.rs). Insertion policy, as rust-libp2p:
//   - a bucket with room takes any peer (a disconnected one before the connected ones);
//   - a full bucket refuses a disconnected peer;
//   - a full bucket whose least recently connected peer is disconnected takes a connected newcomer
//     as its *pending* entry (one per bucket): after `pending_timeout` (60 s) it replaces that
//     peer, unless that peer reconnects first (then the pending entry is dropped).
// rust-libp2p also dials the peer a pending entry would evict, to see whether it is alive. We do
// not: a dial takes one of the node's few outbound slots, and a live peer shows itself by
// reconnecting (or by being connected already, which keeps it out of eviction's reach).
//
// Addresses: at most `max_addresses` per peer, the oldest dropped for a new one; the last address
// of a peer is never removed on a failure (rust-libp2p Addresses::remove), so that a flaky peer is
// not forgotten until a live one replaces it.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "network/libp2p/multiaddr.hpp"
#include "network/libp2p/peer_id.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::network {

// A point in the DHT's key space: SHA-256 of a PeerId's bytes, or of a query's key.
using KademliaKey = Hash256;
// XOR of two keys; compared as a 256-bit big-endian number (std::array's ordering).
using KademliaDistance = Hash256;

KademliaKey kademlia_key(const PeerId& peer);
KademliaKey kademlia_key(ByteSpan key);
KademliaDistance kademlia_distance(const KademliaKey& a, const KademliaKey& b);
// The bucket of `b` as seen from `a`: 255 minus the leading zero bits of the distance; nullopt
// when the keys are equal.
std::optional<size_t> kademlia_bucket_index(const KademliaKey& a, const KademliaKey& b);

enum class KademliaNodeStatus : uint8_t { kConnected, kDisconnected };

enum class RoutingUpdate : uint8_t {
  kInserted,      // a new peer in its bucket
  kAddressAdded,  // a known peer (or the pending one) with a new address
  kUnchanged,     // a known peer, an address it had
  kPending,       // a connected newcomer waiting to replace a disconnected peer of a full bucket
  kFull,          // the bucket has no room and nothing to evict
  kLocal,         // our own PeerId
};

struct KademliaNode {
  PeerId peer;
  KademliaKey key;
  std::vector<Multiaddr> addresses;  // without /p2p
  KademliaNodeStatus status = KademliaNodeStatus::kDisconnected;
};

class KademliaRoutingTable {
 public:
  using Clock = std::chrono::steady_clock;

  static constexpr size_t kBuckets = 256;

  explicit KademliaRoutingTable(
      const PeerId& local, size_t k = 20,
      std::chrono::milliseconds pending_timeout = std::chrono::seconds(60),
      size_t max_addresses = 8);

  const KademliaKey& local_key() const { return local_key_; }

  // Adds `address` (without /p2p) for `peer`, inserting the peer with `status` if it is new.
  RoutingUpdate add_address(const PeerId& peer, const Multiaddr& address, KademliaNodeStatus status,
                            Clock::time_point now);
  // A connection came or went: the peer moves to the most recent end of its part of the bucket.
  // A disconnected peer at the front that reconnects cancels the bucket's pending entry.
  void set_status(const PeerId& peer, KademliaNodeStatus status);
  // Forgets an address that failed, unless it is the peer's last. True if removed.
  bool remove_address(const PeerId& peer, const Multiaddr& address);
  void remove(const PeerId& peer);

  // The peer's entry (not the pending ones).
  const KademliaNode* find(const PeerId& peer) const;
  bool contains(const PeerId& peer) const { return find(peer) != nullptr; }
  size_t size() const { return size_; }

  // Up to `n` entries closest to `target`, nearest first.
  std::vector<const KademliaNode*> closest(const KademliaKey& target, size_t n) const;
  // Every entry (bucket order).
  std::vector<const KademliaNode*> entries() const;

  struct AppliedPending {
    PeerId inserted;
    std::optional<PeerId> evicted;
  };
  // Pending entries whose time has come replace their bucket's least recently connected peer if
  // it is still disconnected (and are dropped if the bucket filled with connected peers).
  std::vector<AppliedPending> apply_pending(Clock::time_point now);
  std::optional<Clock::time_point> next_pending_deadline() const;

  // Bucket sizes, for tests and metrics.
  size_t bucket_size(size_t index) const { return buckets_[index].nodes.size(); }
  bool bucket_has_pending(size_t index) const { return buckets_[index].pending.has_value(); }

 private:
  struct Pending {
    KademliaNode node;
    Clock::time_point replace_at;
  };
  struct Bucket {
    std::vector<KademliaNode> nodes;  // disconnected (oldest first), then connected (oldest first)
    size_t connected = 0;             // the last `connected` nodes are the connected ones
    std::optional<Pending> pending;
  };

  // Inserts at the most recent end of the node's status group; the bucket must have room.
  static void insert(Bucket& bucket, KademliaNode node);
  void add_to_node(KademliaNode& node, const Multiaddr& address, bool& added) const;

  KademliaKey local_key_;
  size_t k_;
  std::chrono::milliseconds pending_timeout_;
  size_t max_addresses_;
  std::array<Bucket, kBuckets> buckets_;
  size_t size_ = 0;
};

}  // namespace canary::network
