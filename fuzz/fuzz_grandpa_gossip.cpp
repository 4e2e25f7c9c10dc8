// The `/grandpa/1` gossip policy (consensus/grandpa/gossip_validator.hpp) driven by a script: the
// input is a sequence of operations — peers connecting and leaving with any role, arbitrary bytes
// from any peer, well-formed neighbor packets and catch-up requests with fuzzed fields, genuinely
// signed votes, commits and catch-ups from a fixed pool (so that the accepting paths are reached;
// a fuzzer cannot forge ed25519), the same with one byte flipped, our own votes and commits, and
// the local view and clock moving. After every step the invariants below must hold; any
// violation traps.
//  - Nothing is delivered twice (unless the dedup cache was full, when forgetting is allowed),
//    and nothing we broadcast comes back as a delivery.
//  - What is delivered was checked: votes signed by a voter for our set and a round next to ours;
//    commits of our set with paired, non-empty precommits; catch-ups only from the peer we asked.
//  - Forwarding never goes to the sender, to a peer not connected, or (votes) to light clients;
//    every notification we are told to send decodes; reports name connected peers only.
//  - Memory is bounded: the cache never holds more than its capacity.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "consensus/grandpa/gossip_validator.hpp"
#include "consensus/grandpa/signing.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"

namespace {

using namespace canary;
using namespace canary::consensus::grandpa;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

constexpr size_t kVoters = 4;
constexpr size_t kPeers = 6;
constexpr size_t kSmallCache = 16;

struct Pool {
  std::vector<crypto::ed25519::Keypair> keys;  // four voters, then one outsider
  AuthorityList authorities;
  std::vector<Bytes> messages;       // votes, commits and catch-ups, validly signed
  std::vector<BroadcastVote> votes;  // our own votes
  std::vector<CatchUpMessage> catch_ups;
};

BlockHash tagged(uint8_t tag) {
  BlockHash hash{};
  hash.fill(tag);
  return hash;
}

Pool make_pool() {
  Pool pool;
  for (uint8_t i = 0; i <= kVoters; ++i) {
    crypto::ed25519::Seed seed{};
    seed.fill(static_cast<uint8_t>(i + 1));
    pool.keys.push_back(crypto::ed25519::keypair_from_seed(seed));
  }
  for (size_t i = 0; i < kVoters; ++i) pool.authorities.emplace_back(pool.keys[i].public_key, 1);
  for (SetId set = 0; set < 2; ++set) {
    for (RoundNumber round = 1; round <= 6; ++round) {
      const auto number = static_cast<BlockNumber>(round * 10);
      for (size_t k = 0; k < pool.keys.size(); ++k) {
        for (const Message& m :
             {Message{Prevote{tagged(1), number}}, Message{Precommit{tagged(1), number}},
              Message{PrimaryPropose{tagged(2), number}}}) {
          SignedMessage signed_vote = sign_message(pool.keys[k], m, round, set);
          pool.messages.push_back(
              scale::encode(GossipMessage{VoteMessage{round, set, signed_vote}}));
          if (k == 0) pool.votes.push_back({round, set, signed_vote});
        }
      }
      CommitMessage commit{round, set, {tagged(1), number, {}, {}}};
      CatchUpMessage catch_up{set, round, {}, {}, tagged(9), 1};
      for (size_t k = 0; k < 3; ++k) {
        const Precommit pc{tagged(1), number};
        const Prevote pv{tagged(1), number};
        SignedMessage spc = sign_message(pool.keys[k], pc, round, set);
        SignedMessage spv = sign_message(pool.keys[k], pv, round, set);
        commit.message.precommits.push_back(pc);
        commit.message.auth_data.emplace_back(spc.signature, spc.id);
        catch_up.prevotes.push_back({pv, spv.signature, spv.id});
        catch_up.precommits.push_back({pc, spc.signature, spc.id});
      }
      pool.messages.push_back(scale::encode(GossipMessage{commit}));
      pool.messages.push_back(scale::encode(GossipMessage{catch_up}));
      pool.catch_ups.push_back(catch_up);
    }
  }
  return pool;
}

const Pool& pool() {
  static const Pool instance = make_pool();
  return instance;
}

class Script {
 public:
  Script(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(byte() | (byte() << 8)); }
  Bytes bytes(size_t n) {
    Bytes out;
    while (out.size() < n && !done()) out.push_back(byte());
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

struct Harness {
  uint64_t now = 1'000'000;
  GossipValidator validator;
  size_t capacity;
  std::map<PeerKey, PeerRole> peers;
  std::set<Hash256> delivered;  // delivered or broadcast by us
  bool cache_filled = false;
  std::optional<PeerKey> asked;  // the peer our outstanding catch-up request went to
  std::optional<CommitMessage> last_commit;

  explicit Harness(const GossipConfig& config)
      : validator(config, now), capacity(config.known_messages_capacity) {}

  void check_actions(const GossipActions& actions) {
    for (const OutgoingMessage& out : actions.send) {
      check(decode_gossip_message(out.bytes).has_value());
      std::set<PeerKey> seen;
      for (const PeerKey& to : out.to) {
        check(peers.count(to) == 1);
        check(seen.insert(to).second);
      }
    }
    for (const PeerReport& report : actions.reports) check(peers.count(report.peer) == 1);
    check(validator.known_message_count() <= capacity);
    check(validator.kept_message_count() <= validator.known_message_count());
    if (validator.known_message_count() == capacity) cache_filled = true;
    check(validator.peer_count() == peers.size());
  }

  void remember_ours(const Bytes& bytes) { delivered.insert(hash::blake2b_256(bytes)); }

  void receive(const PeerKey& from, const Bytes& bytes) {
    const CatchUpState state_before = validator.catch_up_state();
    const std::optional<PeerKey> asked_before = asked;
    const auto local = validator.local_view();
    CatchUpSource source = [&](const CatchUpRequest& request) -> std::optional<CatchUpMessage> {
      for (const CatchUpMessage& c : pool().catch_ups) {
        if (c.set_id == request.set_id && c.round >= request.round) return c;
      }
      return std::nullopt;
    };
    ValidationResult result = validator.validate(from, bytes, now, source);
    check_actions(result.actions);
    const auto decoded = decode_gossip_message(bytes);

    if (peers.count(from) == 0) {
      check(result.verdict == GossipVerdict::kDiscard && !result.deliver && !result.reply &&
            result.forward_to.empty() && result.actions.send.empty() &&
            result.actions.reports.empty());
      return;
    }
    for (const PeerKey& to : result.forward_to) {
      check(to != from);
      check(peers.count(to) == 1);
    }
    switch (result.verdict) {
      case GossipVerdict::kKeep:
        check(result.deliver && std::holds_alternative<VoteMessage>(*result.deliver));
        break;
      case GossipVerdict::kProcessAndDiscard:
        check(result.deliver && (std::holds_alternative<CommitMessage>(*result.deliver) ||
                                 std::holds_alternative<CatchUpMessage>(*result.deliver)));
        check(result.forward_to.empty());
        break;
      case GossipVerdict::kDiscard:
      case GossipVerdict::kDuplicate:
        check(!result.deliver && result.forward_to.empty());
        break;
    }
    if (result.verdict == GossipVerdict::kDuplicate) {
      check(!result.reply && result.actions.send.empty());
    }

    if (result.deliver) {
      check(decoded.has_value() && *decoded == *result.deliver);
      const bool first = delivered.insert(hash::blake2b_256(bytes)).second;
      check(first || cache_filled);
      check(local.has_value());
      if (const auto* vote = std::get_if<VoteMessage>(&*result.deliver)) {
        check(vote->set_id == local->set_id);
        check(vote->round + 1 >= local->round && vote->round <= local->round + 1);
        bool voter = false;
        for (size_t i = 0; i < kVoters; ++i) voter |= pool().keys[i].public_key == vote->message.id;
        check(voter);
        check(verify_message(vote->message, vote->round, vote->set_id));
        for (const PeerKey& to : result.forward_to) check(peers.at(to) != PeerRole::kLight);
      } else if (const auto* commit = std::get_if<CommitMessage>(&*result.deliver)) {
        check(commit->set_id == local->set_id);
        check(!commit->message.precommits.empty() &&
              commit->message.precommits.size() == commit->message.auth_data.size());
        check(!local->last_commit || commit->message.target_number > *local->last_commit);
        last_commit = *commit;
      } else {
        const auto& catch_up = std::get<CatchUpMessage>(*result.deliver);
        check(state_before == CatchUpState::kRequesting && asked_before == from);
        check(catch_up.set_id == local->set_id);
        check(validator.catch_up_state() == CatchUpState::kProcessing);
      }
    }
    if (result.reply) {
      check(decoded.has_value());
      auto reply = decode_gossip_message(*result.reply);
      check(reply.has_value());
      if (std::holds_alternative<NeighborPacket>(*decoded)) {
        const auto* request = std::get_if<CatchUpRequest>(&*reply);
        check(request != nullptr && local && request->set_id == local->set_id &&
              request->round > local->round + kCatchUpThreshold - 1);
        check(validator.catch_up_state() == CatchUpState::kRequesting);
        asked = from;
      } else {
        check(std::holds_alternative<CatchUpRequest>(*decoded));
        check(std::holds_alternative<CatchUpMessage>(*reply));
      }
    }
  }

  void add(const PeerKey& peer, PeerRole role) {
    peers[peer] = role;
    if (asked == peer) asked.reset();
    check_actions(validator.add_peer(peer, role, now));
    const auto view = validator.peer_view(peer);
    check(view && view->round == 1 && view->set_id == 0 && view->role == role);
  }

  void remove(const PeerKey& peer) {
    validator.remove_peer(peer);
    peers.erase(peer);
    if (asked == peer) asked.reset();
    check(!validator.peer_view(peer));
    check(validator.peer_count() == peers.size());
  }
};

PeerKey peer_named(uint8_t n) {
  return PeerKey{Bytes{'p', static_cast<uint8_t>('0' + n % kPeers)}};
}

PeerRole role_of(uint8_t n) {
  return static_cast<PeerRole>(n % 3);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Script script(data, size);
  const uint8_t setup = script.byte();
  GossipConfig config;
  config.local_role = role_of(setup);
  config.observer_enabled = (setup & 0x08) != 0;
  config.catch_up_reply_interval_ms = (setup & 0x10) != 0 ? 0 : 10'000;
  config.known_messages_capacity = (setup & 0x20) != 0 ? kSmallCache : kKnownMessagesCacheSize;
  Harness h(config);
  const Pool& p = pool();

  while (!script.done()) {
    h.now += 50;
    switch (script.byte() % 14) {
      case 0: {
        const PeerKey peer = peer_named(script.byte());
        h.add(peer, role_of(script.byte()));
        break;
      }
      case 1:
        h.remove(peer_named(script.byte()));
        break;
      case 2: {
        const PeerKey from = peer_named(script.byte());
        h.receive(from, script.bytes(script.byte()));
        break;
      }
      case 3: {
        const PeerKey from = peer_named(script.byte());
        h.receive(from, p.messages[script.u16() % p.messages.size()]);
        break;
      }
      case 4: {
        h.check_actions(h.validator.note_round(script.byte() % 8, h.now));
        break;
      }
      case 5: {
        auto actions = h.validator.note_set(script.byte() % 3, p.authorities, h.now);
        check(actions.has_value());
        h.check_actions(*actions);
        break;
      }
      case 6: {
        const uint8_t b = script.byte();
        h.check_actions(
            h.validator.note_commit_finalized(b % 8, (b >> 3) % 3, script.byte(), h.now));
        break;
      }
      case 7: {
        h.now += uint64_t{script.byte()} * 4'000;
        h.check_actions(h.validator.tick(h.now));
        check(h.validator.next_tick_ms() > h.now);
        break;
      }
      case 8: {
        const PeerKey from = peer_named(script.byte());
        const uint8_t b = script.byte();
        const NeighborPacket packet{static_cast<RoundNumber>((b & 0x0f) % 10),
                                    static_cast<SetId>((b >> 4) % 3), script.byte()};
        h.receive(from, scale::encode(GossipMessage{packet}));
        break;
      }
      case 9: {
        const PeerKey from = peer_named(script.byte());
        const uint8_t b = script.byte();
        h.receive(from, scale::encode(
                            GossipMessage{CatchUpRequest{static_cast<RoundNumber>((b & 0x0f) % 10),
                                                         static_cast<SetId>((b >> 4) % 3)}}));
        break;
      }
      case 10: {
        const BroadcastVote& vote = p.votes[script.byte() % p.votes.size()];
        h.check_actions(h.validator.broadcast_vote(vote));
        h.remember_ours(
            scale::encode(GossipMessage{VoteMessage{vote.round, vote.set_id, vote.message}}));
        break;
      }
      case 11: {
        if (!h.last_commit) break;
        if (script.byte() & 1) {
          h.check_actions(h.validator.commit_imported(*h.last_commit, h.now));
        } else {
          h.check_actions(h.validator.broadcast_commit(
              {h.last_commit->round, h.last_commit->set_id, h.last_commit->message}, h.now));
        }
        break;
      }
      case 12:
        h.validator.note_catch_up_processed();
        check(h.validator.catch_up_state() != CatchUpState::kProcessing);
        break;
      case 13: {
        const PeerKey from = peer_named(script.byte());
        Bytes bytes = p.messages[script.u16() % p.messages.size()];
        bytes[script.u16() % bytes.size()] ^= static_cast<uint8_t>(1u << (script.byte() % 8));
        h.receive(from, bytes);
        break;
      }
    }
  }
  return 0;
}
