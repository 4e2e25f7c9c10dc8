#include "network/libp2p/kademlia_routing_table.hpp"

#include <algorithm>
#include <bit>
#include <utility>

#include "primitives/hash/hash.hpp"

namespace canary::network {

KademliaKey kademlia_key(const PeerId& peer) {
  return hash::sha2_256(peer.bytes());
}

KademliaKey kademlia_key(ByteSpan key) {
  return hash::sha2_256(key);
}

KademliaDistance kademlia_distance(const KademliaKey& a, const KademliaKey& b) {
  KademliaDistance d{};
  for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<uint8_t>(a[i] ^ b[i]);
  return d;
}

std::optional<size_t> kademlia_bucket_index(const KademliaKey& a, const KademliaKey& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<uint8_t>(a[i] ^ b[i]);
    if (x != 0) {
      const size_t leading = i * 8 + static_cast<size_t>(std::countl_zero(x));
      return KademliaRoutingTable::kBuckets - 1 - leading;
    }
  }
  return std::nullopt;
}

KademliaRoutingTable::KademliaRoutingTable(const PeerId& local, size_t k,
                                           std::chrono::milliseconds pending_timeout,
                                           size_t max_addresses)
    : local_key_(kademlia_key(local)),
      k_(std::max<size_t>(k, 1)),
      pending_timeout_(pending_timeout),
      max_addresses_(std::max<size_t>(max_addresses, 1)) {}

void KademliaRoutingTable::insert(Bucket& bucket, KademliaNode node) {
  if (node.status == KademliaNodeStatus::kConnected) {
    bucket.nodes.push_back(std::move(node));
    ++bucket.connected;
  } else {
    const auto at = bucket.nodes.end() - static_cast<std::ptrdiff_t>(bucket.connected);
    bucket.nodes.insert(at, std::move(node));
  }
}

void KademliaRoutingTable::add_to_node(KademliaNode& node, const Multiaddr& address,
                                       bool& added) const {
  if (std::find(node.addresses.begin(), node.addresses.end(), address) != node.addresses.end()) {
    return;
  }
  if (node.addresses.size() >= max_addresses_) node.addresses.erase(node.addresses.begin());
  node.addresses.push_back(address);
  added = true;
}

RoutingUpdate KademliaRoutingTable::add_address(const PeerId& peer, const Multiaddr& address,
                                                KademliaNodeStatus status, Clock::time_point now) {
  const KademliaKey key = kademlia_key(peer);
  const auto index = kademlia_bucket_index(local_key_, key);
  if (!index) return RoutingUpdate::kLocal;
  Bucket& bucket = buckets_[*index];
  const Multiaddr plain = address.without_p2p();
  bool added = false;
  for (KademliaNode& node : bucket.nodes) {
    if (node.key != key) continue;
    if (!plain.empty()) add_to_node(node, plain, added);
    return added ? RoutingUpdate::kAddressAdded : RoutingUpdate::kUnchanged;
  }
  if (bucket.pending && bucket.pending->node.key == key) {
    if (!plain.empty()) add_to_node(bucket.pending->node, plain, added);
    bucket.pending->node.status = status;
    return RoutingUpdate::kPending;
  }
  if (plain.empty()) return RoutingUpdate::kUnchanged;  // nothing to reach the newcomer at
  KademliaNode node{peer, key, {plain}, status};
  if (bucket.nodes.size() < k_) {
    insert(bucket, std::move(node));
    ++size_;
    return RoutingUpdate::kInserted;
  }
  // Full: only a connected newcomer may wait for a disconnected peer's place.
  const bool all_connected = bucket.connected == bucket.nodes.size();
  if (status != KademliaNodeStatus::kConnected || all_connected || bucket.pending) {
    return RoutingUpdate::kFull;
  }
  bucket.pending = Pending{std::move(node), now + pending_timeout_};
  return RoutingUpdate::kPending;
}

void KademliaRoutingTable::set_status(const PeerId& peer, KademliaNodeStatus status) {
  const KademliaKey key = kademlia_key(peer);
  const auto index = kademlia_bucket_index(local_key_, key);
  if (!index) return;
  Bucket& bucket = buckets_[*index];
  if (bucket.pending && bucket.pending->node.key == key) {
    bucket.pending->node.status = status;
    return;
  }
  for (size_t i = 0; i < bucket.nodes.size(); ++i) {
    if (bucket.nodes[i].key != key) continue;
    KademliaNode node = std::move(bucket.nodes[i]);
    const bool was_connected = node.status == KademliaNodeStatus::kConnected;
    bucket.nodes.erase(bucket.nodes.begin() + static_cast<std::ptrdiff_t>(i));
    if (was_connected) --bucket.connected;
    // The peer a pending entry would evict proved alive.
    if (i == 0 && status == KademliaNodeStatus::kConnected) bucket.pending.reset();
    node.status = status;
    insert(bucket, std::move(node));
    return;
  }
}

bool KademliaRoutingTable::remove_address(const PeerId& peer, const Multiaddr& address) {
  const KademliaKey key = kademlia_key(peer);
  const auto index = kademlia_bucket_index(local_key_, key);
  if (!index) return false;
  Bucket& bucket = buckets_[*index];
  const Multiaddr plain = address.without_p2p();
  auto remove_from = [&](KademliaNode& node) {
    auto it = std::find(node.addresses.begin(), node.addresses.end(), plain);
    if (it == node.addresses.end() || node.addresses.size() == 1) return false;
    node.addresses.erase(it);
    return true;
  };
  for (KademliaNode& node : bucket.nodes) {
    if (node.key == key) return remove_from(node);
  }
  if (bucket.pending && bucket.pending->node.key == key) return remove_from(bucket.pending->node);
  return false;
}

void KademliaRoutingTable::remove(const PeerId& peer) {
  const KademliaKey key = kademlia_key(peer);
  const auto index = kademlia_bucket_index(local_key_, key);
  if (!index) return;
  Bucket& bucket = buckets_[*index];
  if (bucket.pending && bucket.pending->node.key == key) bucket.pending.reset();
  for (size_t i = 0; i < bucket.nodes.size(); ++i) {
    if (bucket.nodes[i].key != key) continue;
    if (bucket.nodes[i].status == KademliaNodeStatus::kConnected) --bucket.connected;
    bucket.nodes.erase(bucket.nodes.begin() + static_cast<std::ptrdiff_t>(i));
    --size_;
    return;
  }
}

const KademliaNode* KademliaRoutingTable::find(const PeerId& peer) const {
  const KademliaKey key = kademlia_key(peer);
  const auto index = kademlia_bucket_index(local_key_, key);
  if (!index) return nullptr;
  for (const KademliaNode& node : buckets_[*index].nodes) {
    if (node.key == key) return &node;
  }
  return nullptr;
}

std::vector<const KademliaNode*> KademliaRoutingTable::closest(const KademliaKey& target,
                                                               size_t n) const {
  std::vector<std::pair<KademliaDistance, const KademliaNode*>> all;
  all.reserve(size_);
  for (const Bucket& bucket : buckets_) {
    for (const KademliaNode& node : bucket.nodes) {
      all.emplace_back(kademlia_distance(node.key, target), &node);
    }
  }
  const size_t take = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(take), all.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const KademliaNode*> out;
  out.reserve(take);
  for (size_t i = 0; i < take; ++i) out.push_back(all[i].second);
  return out;
}

std::vector<const KademliaNode*> KademliaRoutingTable::entries() const {
  std::vector<const KademliaNode*> out;
  out.reserve(size_);
  for (const Bucket& bucket : buckets_) {
    for (const KademliaNode& node : bucket.nodes) out.push_back(&node);
  }
  return out;
}

std::vector<KademliaRoutingTable::AppliedPending> KademliaRoutingTable::apply_pending(
    Clock::time_point now) {
  std::vector<AppliedPending> applied;
  for (Bucket& bucket : buckets_) {
    if (!bucket.pending || bucket.pending->replace_at > now) continue;
    Pending pending = std::move(*bucket.pending);
    bucket.pending.reset();
    std::optional<PeerId> evicted;
    if (bucket.nodes.size() >= k_) {
      // Every peer connected now: the newcomer has nowhere to go.
      if (bucket.connected == bucket.nodes.size()) continue;
      evicted = bucket.nodes.front().peer;
      bucket.nodes.erase(bucket.nodes.begin());
      --size_;
    }
    PeerId inserted = pending.node.peer;
    insert(bucket, std::move(pending.node));
    ++size_;
    applied.push_back(AppliedPending{std::move(inserted), std::move(evicted)});
  }
  return applied;
}

std::optional<KademliaRoutingTable::Clock::time_point> KademliaRoutingTable::next_pending_deadline()
    const {
  std::optional<Clock::time_point> next;
  for (const Bucket& bucket : buckets_) {
    if (bucket.pending && (!next || bucket.pending->replace_at < *next)) {
      next = bucket.pending->replace_at;
    }
  }
  return next;
}

}  // namespace canary::network
