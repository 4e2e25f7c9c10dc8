#include "node/service/parachain_service.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <span>
#include <thread>

#include "node/keystore/key_types.hpp"
#include "node/service/authority_discovery_service.hpp"
#include "node/service/availability_storage.hpp"
#include "node/service/block_runtime_calls.hpp"
#include "node/service/log.hpp"
#include "parachain/availability/availability_store.hpp"
#include "parachain/availability/bitfield_signing.hpp"
#include "parachain/availability/chunk_index.hpp"
#include "parachain/availability_recovery/availability_recovery.hpp"
#include "parachain/backing/candidate_backing.hpp"
#include "parachain/bitfield_distribution/bitfield_distribution.hpp"
#include "parachain/candidate_validation/candidate_validation.hpp"
#include "parachain/collator/collation.hpp"
#include "parachain/collator_protocol/collator_side.hpp"
#include "parachain/collator_protocol/validator_side.hpp"
#include "parachain/network_bridge/peer_set.hpp"
#include "parachain/network_bridge/validator_peers.hpp"
#include "parachain/protocol/protocol_names.hpp"
#include "parachain/protocol/request_response.hpp"
#include "parachain/provisioner/provisioner.hpp"
#include "parachain/pvf/pvf_host.hpp"
#include "parachain/runtime_api/parachain_host.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/util/thread_annotations.hpp"

namespace canary::node {

namespace pc = ::canary::parachain;
namespace proto = ::canary::parachain::protocol;
namespace cp = ::canary::parachain::collator_protocol;

namespace {

constexpr const char* kTarget = "parachain";
// Relay parents backing works at: the best block and the two before it (a candidate's relay
// parent may be the parent of the block that includes it, or older within the allowed ancestry).
constexpr size_t kMaxActiveLeaves = 3;
// polkadot-sdk bitfield-signing's SPAWNED_TASK_DELAY: chunks fetched after a leaf is activated get
// this long to arrive before we sign what we hold.
constexpr auto kBitfieldSigningDelay = std::chrono::milliseconds(1'500);
constexpr auto kTickInterval = std::chrono::milliseconds(200);
constexpr size_t kMaxTasks = 16'384;
// How often the session's validators authority discovery found are dialed again when they have
// no connection (polkadot-sdk gossip-support re-resolves on low connectivity, with a backoff).
constexpr auto kReconnectInterval = std::chrono::seconds(30);
// A collator that does not know the state behind the head it must build on looks this many relay
// blocks back for the candidate that made the head (its CandidateBacked event), and waits this
// long after a recovery that failed before it tries again.
constexpr size_t kMaxRecoveryDepth = 64;
constexpr auto kRecoveryRetryDelay = std::chrono::seconds(6);
// The most blocks below a new leaf whose candidate events the availability store is given when
// they were never leaves themselves (a leaf that jumped ahead: sync, a reorg).
constexpr size_t kMaxNotedAncestry = 32;

using Clock = std::chrono::steady_clock;

pc::AvailabilityTime wall_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

network::Roles roles_of(ByteSpan handshake) {
  auto roles = network::decode_roles_handshake(handshake);
  return roles ? *roles : network::Roles{};
}

// The ParachainHost API of a block, through its runtime calls (`calls` outlives it).
pc::ParachainHost parachain_host(BlockRuntimeCalls& calls) {
  return pc::ParachainHost(
      [&calls](std::string_view method, ByteSpan args) { return calls.call(method, args); },
      calls.api_version(pc::kParachainHostApiId));
}

}  // namespace

// What a relay block tells the parachain side, read from its ParachainHost API when it becomes
// an active leaf.
struct LeafInfo {
  block::Header header;
  Hash256 hash{};
  pc::SessionIndex session = 0;
  std::vector<proto::ValidatorId> validators;
  std::vector<std::vector<pc::ValidatorIndex>> groups;
  pc::GroupRotationInfo rotation;
  std::vector<pc::CoreState> cores;
  pc::ClaimQueue claim_queue;
  pc::NodeFeatures node_features;
  uint32_t minimum_backing_votes = 2;
  std::optional<pc::ValidatorIndex> our_index;
  std::optional<crypto::sr25519::Keypair> our_key;
  // SessionInfo's discovery keys, read when the session is new to the service.
  std::optional<std::vector<pc::AuthorityDiscoveryKey>> discovery_keys;

  size_t n_cores() const { return cores.size(); }
  std::map<pc::CoreIndex, std::vector<pc::ValidatorIndex>> groups_by_core() const {
    std::map<pc::CoreIndex, std::vector<pc::ValidatorIndex>> out;
    for (pc::CoreIndex core = 0; core < n_cores(); ++core) {
      const auto group = rotation.group_for_core(core, n_cores());
      if (group < groups.size()) out[core] = groups[group];
    }
    return out;
  }
  std::optional<proto::GroupIndex> group_of(pc::ValidatorIndex validator) const {
    for (size_t g = 0; g < groups.size(); ++g) {
      if (std::find(groups[g].begin(), groups[g].end(), validator) != groups[g].end()) {
        return static_cast<proto::GroupIndex>(g);
      }
    }
    return std::nullopt;
  }
};

struct ParachainService::Impl {
  ParachainServiceConfig config;
  ParachainServiceParts parts;
  proto::ParachainProtocolNames names;
  NetworkService* network = nullptr;
  std::optional<network::PeerId> local_peer;

  // ---- protocols (created with the network, before any peer connects) ----
  class SetListener;
  std::unique_ptr<SetListener> validation_listener;
  std::unique_ptr<SetListener> collation_listener;
  std::shared_ptr<network::NotificationsProtocol> validation_protocol;
  std::shared_ptr<network::NotificationsProtocol> collation_protocol;
  std::shared_ptr<network::RequestResponseProtocol> collation_fetching;
  std::shared_ptr<network::RequestResponseProtocol> pov_fetching;
  std::shared_ptr<network::RequestResponseProtocol> chunk_fetching;
  std::shared_ptr<network::RequestResponseProtocol> available_data_fetching;
  std::shared_ptr<network::RequestResponseProtocol> attested_candidate;

  // ---- the worker ----
  Mutex mutex;
  std::condition_variable wake;
  std::deque<std::function<void()>> tasks GUARDED_BY(mutex);
  bool stopping GUARDED_BY(mutex) = false;
  std::thread worker;
  std::multimap<Clock::time_point, std::function<void()>> timers;  // worker only

  // ---- the PVF, on a thread of its own ----
  std::unique_ptr<pc::pvf::PvfHost> pvf_host;
  Mutex validation_mutex;
  std::condition_variable validation_wake;
  std::deque<std::function<void()>> validations GUARDED_BY(validation_mutex);
  std::thread validation_thread;

  // ---- worker-only state ----
  std::map<Hash256, LeafInfo> leaves;
  std::deque<Hash256> leaf_order;  // oldest first
  block::BlockNumber finalized_number = 0;
  pc::ValidationPeerSet validation_peers;
  pc::CollationPeerSet collation_peers;
  // Validator.
  std::optional<pc::CandidateBacking> backing;
  std::optional<proto::ValidatorId> backing_key;
  pc::AvailabilityStore av_store;
  pc::BitfieldDistribution bitfields;
  cp::ValidatorSide collators;
  cp::RequestId next_request = 1;
  // The peers of the sessions' validators (authority discovery, else where their statements came
  // from): where statements, PoVs and chunks go and are asked for.
  pc::ValidatorPeers validator_peers;
  std::optional<pc::SessionIndex> connected_session;
  size_t validators_found = 0;
  Clock::time_point next_reconnect{};
  // The validation data of the candidates we validated or fetched at the active leaves (the
  // attested-candidate answer and the manifest need it), forgotten with their relay parent.
  struct KnownValidationData {
    Hash256 relay_parent{};
    pc::PersistedValidationData data;
  };
  std::map<Hash256, KnownValidationData> validation_data;
  // Compact statements waiting for their candidate (asked with /req_attested_candidate/2).
  std::map<Hash256, std::vector<std::pair<Hash256, proto::UncheckedSignedStatement>>> waiting;
  std::set<Hash256> chunk_fetches;  // candidates whose chunk is being fetched
  // The unfinalized blocks whose candidate events the availability store was given (polkadot-sdk's
  // av-store reads every new block's: a candidate included in a block that gets finalized is kept
  // 25 h after finality, an abandoned one goes an hour after it was first seen).
  std::set<std::pair<block::BlockNumber, Hash256>> noted_blocks;
  // Which chunk each validator holds of the candidates the store keeps (availability_storage.hpp),
  // forgotten when the store drops the candidate.
  ChunkMappings chunk_mappings;
  // Collator.
  std::optional<cp::CollatorSide> collator_side;
  std::optional<pc::adder::BlockProducer> producer;
  std::map<cp::RequestId, network::Responder> pending_responses;
  // The recovery of the AvailableData of the candidate that made a head whose state the producer
  // does not know (cumulus' pov-recovery): after a restart, the head its previous run made.
  struct PovRecovery {
    pc::HeadData head;
    Hash256 candidate_hash{};
    pc::SessionIndex session = 0;
    pc::AvailabilityRecovery machine;
    Clock::time_point started{};
  };
  std::optional<PovRecovery> pov_recovery;
  Clock::time_point next_recovery{};
  // A head no recent CandidateBacked event made (set by Root, or older than the search): not
  // searched for again.
  std::optional<pc::HeadData> head_not_found;

  // ---- what the provisioner reads on the chain thread ----
  struct Snapshot {
    std::vector<proto::UncheckedSignedAvailabilityBitfield> bitfields;
    std::vector<pc::BackableCandidate> candidates;
  };
  Mutex snapshot_mutex;
  std::map<Hash256, Snapshot> snapshots GUARDED_BY(snapshot_mutex);

  Impl(ParachainServiceConfig c, ParachainServiceParts p)
      : config(std::move(c)),
        parts(p),
        av_store(pc::AvailabilityStoreConfig{},
                 make_database_availability_storage(p.chain.database())),
        validator_peers(authority_lookup(p.authority_discovery)),
        chunk_mappings(&p.chain.database()) {
    av_store.set_drop_listener(
        [this](const Hash256& candidate) { chunk_mappings.forget(candidate); });
  }

  static pc::AuthorityLookup authority_lookup(const AuthorityDiscoveryService* discovery) {
    if (discovery == nullptr) return {};
    return {[discovery](const pc::AuthorityDiscoveryKey& key) { return discovery->peers_of(key); },
            [discovery](const network::PeerId& peer) { return discovery->authorities_of(peer); }};
  }

  bool post(std::function<void()> task);
  void after(Clock::duration delay, std::function<void()> task) {
    timers.emplace(Clock::now() + delay, std::move(task));
  }
  void run_worker();
  void run_validations();

  // Leaves.
  std::optional<LeafInfo> read_leaf(const block::Header& header);
  void activate_leaf(const block::Header& header);
  void deactivate_leaf(const Hash256& hash);
  void update_views();
  void connect_to_validators(pc::SessionIndex session);

  // Network.
  void on_validation_message(const network::PeerId& peer, proto::ValidationProtocol message);
  void on_collation_message(const network::PeerId& peer, proto::CollationProtocol message);
  void send(const std::vector<pc::Outgoing>& out, bool validation_set);
  void report(const network::PeerId& peer, network::ReputationChange change);

  // Validator.
  void carry_out(std::vector<pc::backing::Action> actions);
  void carry_out(std::vector<cp::ValidatorOutput> outputs);
  void validate(pc::backing::Validate request);
  void on_statement(const network::PeerId& peer, const Hash256& relay_parent,
                    const proto::UncheckedSignedStatement& statement);
  void fetch_attested(const network::PeerId& peer, const Hash256& candidate_hash,
                      proto::StatementFilter mask);
  void on_manifest(const network::PeerId& peer, const proto::BackedCandidateManifest& manifest);
  void send_manifest(const pc::backing::Backed& backed);
  std::vector<network::PeerId> backers_peers(const LeafInfo& leaf,
                                             std::span<const pc::ValidatorIndex> validators) const;
  void fetch_chunks(const LeafInfo& leaf);
  void note_candidate_events(const block::Header& leaf, size_t n_validators);
  void sign_bitfield(const Hash256& relay_parent);
  void publish_snapshot(const Hash256& relay_parent);
  void serve_pov(Bytes request, const network::Responder& respond);
  void serve_chunk(Bytes request, const network::Responder& respond);
  void serve_available_data(Bytes request, const network::Responder& respond);
  void serve_attested(Bytes request, const network::Responder& respond);

  // Collator.
  void collate(const LeafInfo& leaf);
  void carry_out(std::vector<cp::CollatorOutput> outputs);
  void recover_state(const LeafInfo& leaf, const pc::HeadData& head);
  void send_recovery_requests(std::vector<pc::recovery::Request> requests);
  void on_recovery_output(pc::recovery::Output output);
};

// ---- the peer sets' listeners (I/O thread) ---------------------------------------------------

class ParachainService::Impl::SetListener final : public network::NotificationsListener {
 public:
  SetListener(Impl& impl, bool validation_set) : impl_(impl), validation_set_(validation_set) {}

  bool accept_handshake(const network::PeerId& /*peer*/, ByteSpan handshake) override {
    return network::decode_roles_handshake(handshake).has_value();
  }

  void on_open(const network::PeerId& peer, const std::string& /*protocol*/,
               ByteSpan handshake) override {
    Impl* impl = &impl_;
    const bool validation_set = validation_set_;
    impl_.post([impl, peer, roles = roles_of(handshake), validation_set] {
      if (validation_set) {
        impl->send(impl->validation_peers.connected(peer, roles), true);
        impl->bitfields.on_peer_connected(peer);
      } else {
        impl->send(impl->collation_peers.connected(peer, roles), false);
        if (impl->collator_side) impl->carry_out(impl->collator_side->on_peer_connected(peer));
        if (impl->backing) impl->carry_out(impl->collators.on_peer_connected(peer, Clock::now()));
      }
    });
  }

  void on_notification(const network::PeerId& peer, ByteSpan message) override {
    Impl* impl = &impl_;
    const bool validation_set = validation_set_;
    impl_.post([impl, peer, bytes = Bytes(message.begin(), message.end()), validation_set] {
      if (validation_set) {
        auto event = impl->validation_peers.on_notification(peer, bytes);
        if (!event) {
          impl->report(peer, {-(1 << 12), pc::to_string(event.error())});
          return;
        }
        if (!*event) return;
        if (auto* change = std::get_if<pc::ValidationPeerSet::ViewChange>(&**event)) {
          impl->send(impl->bitfields.on_peer_view_change(peer, change->view), true);
        } else {
          impl->on_validation_message(
              peer, std::move(std::get<pc::ValidationPeerSet::Message>(**event).message));
        }
      } else {
        auto event = impl->collation_peers.on_notification(peer, bytes);
        if (!event) {
          impl->report(peer, {-(1 << 12), pc::to_string(event.error())});
          return;
        }
        if (!*event) return;
        if (auto* change = std::get_if<pc::CollationPeerSet::ViewChange>(&**event)) {
          if (impl->collator_side) {
            impl->carry_out(impl->collator_side->on_peer_view_change(peer, change->view));
          }
        } else {
          impl->on_collation_message(
              peer, std::move(std::get<pc::CollationPeerSet::Message>(**event).message));
        }
      }
    });
  }

  void on_closed(const network::PeerId& peer, const std::string& /*why*/) override {
    Impl* impl = &impl_;
    const bool validation_set = validation_set_;
    impl_.post([impl, peer, validation_set] {
      if (validation_set) {
        impl->validation_peers.disconnected(peer);
        impl->bitfields.on_peer_disconnected(peer);
      } else {
        impl->collation_peers.disconnected(peer);
        if (impl->collator_side) impl->collator_side->on_peer_disconnected(peer);
        impl->collators.on_peer_disconnected(peer);
      }
    });
  }

 private:
  Impl& impl_;
  bool validation_set_;
};

// ---- the worker ------------------------------------------------------------------------------

bool ParachainService::Impl::post(std::function<void()> task) {
  {
    MutexLock lock(mutex);
    if (stopping || tasks.size() >= kMaxTasks) return false;
    tasks.push_back(std::move(task));
  }
  wake.notify_one();
  return true;
}

void ParachainService::Impl::run_worker() {
  auto next_tick = Clock::now() + kTickInterval;
  for (;;) {
    std::deque<std::function<void()>> batch;
    {
      UniqueLock lock(mutex);
      auto until = next_tick;
      if (!timers.empty()) until = std::min(until, timers.begin()->first);
      wake.wait_until(lock.native(), until,
                      [this]() REQUIRES(mutex) { return stopping || !tasks.empty(); });
      if (stopping) return;
      batch.swap(tasks);
    }
    for (auto& task : batch) task();
    const auto now = Clock::now();
    while (!timers.empty() && timers.begin()->first <= now) {
      auto task = std::move(timers.begin()->second);
      timers.erase(timers.begin());
      task();
    }
    if (now >= next_tick) {
      next_tick = now + kTickInterval;
      if (backing) carry_out(collators.tick(now));
      if (collator_side) carry_out(collator_side->tick(now));
    }
  }
}

void ParachainService::Impl::run_validations() {
  for (;;) {
    std::function<void()> job;
    {
      UniqueLock lock(validation_mutex);
      validation_wake.wait(lock.native(), [this]() REQUIRES(validation_mutex) {
        return !validations.empty() || [this] {
          MutexLock stop_lock(mutex);
          return stopping;
        }();
      });
      if (validations.empty()) return;
      job = std::move(validations.front());
      validations.pop_front();
    }
    job();
  }
}

// ---- leaves ----------------------------------------------------------------------------------

std::optional<LeafInfo> ParachainService::Impl::read_leaf(const block::Header& header) {
  const Hash256 hash = block::hash_of(header);
  BlockRuntimeCalls calls(parts.chain, parts.runtime, hash);
  const pc::ParachainHost host = parachain_host(calls);
  if (!host.api_version()) return std::nullopt;  // a runtime without the parachain host
  LeafInfo leaf;
  leaf.header = header;
  leaf.hash = hash;
  auto failed = [&](const pc::ParachainHostError& error) {
    log::debug(kTarget, "Leaf #{} ({}): {}", header.number, log::short_hash(hash),
               error.describe());
    return std::nullopt;
  };
  auto session = host.session_index_for_child();
  if (!session) return failed(session.error());
  leaf.session = *session;
  auto validators = host.validators();
  if (!validators) return failed(validators.error());
  leaf.validators = std::move(*validators);
  auto groups = host.validator_groups();
  if (!groups) return failed(groups.error());
  leaf.groups = std::move(groups->groups);
  leaf.rotation = groups->rotation;
  auto cores = host.availability_cores();
  if (!cores) return failed(cores.error());
  leaf.cores = std::move(*cores);
  auto claim_queue = host.claim_queue();
  if (!claim_queue) return failed(claim_queue.error());
  leaf.claim_queue = std::move(*claim_queue);
  if (auto features = host.node_features()) leaf.node_features = std::move(*features);
  if (!validator_peers.knows_session(leaf.session)) {
    if (auto info = host.session_info(leaf.session); info && *info) {
      leaf.discovery_keys = std::move((*info)->discovery_keys);
    }
  }
  if (auto votes = host.minimum_backing_votes()) leaf.minimum_backing_votes = *votes;

  if (config.validator) {
    const auto ours = parts.keystore.public_keys(keys::Scheme::kSr25519, key_type_id("para"));
    for (pc::ValidatorIndex i = 0; i < leaf.validators.size(); ++i) {
      const proto::ValidatorId& id = leaf.validators[i];
      if (std::find_if(ours.begin(), ours.end(), [&](const Bytes& key) {
            return key.size() == id.size() && std::equal(key.begin(), key.end(), id.begin());
          }) == ours.end()) {
        continue;
      }
      auto pair = parts.keystore.key_pair(keys::Scheme::kSr25519, key_type_id("para"), id);
      if (pair && pair->sr25519()) {
        leaf.our_index = i;
        leaf.our_key = *pair->sr25519();
        break;
      }
    }
  }
  return leaf;
}

void ParachainService::Impl::activate_leaf(const block::Header& header) {
  auto read = read_leaf(header);
  if (!read) return;
  const Hash256 hash = read->hash;
  if (leaves.contains(hash)) return;
  LeafInfo& leaf = leaves.emplace(hash, std::move(*read)).first->second;
  leaf_order.push_back(hash);
  if (leaf.discovery_keys)
    validator_peers.set_session(leaf.session, std::move(*leaf.discovery_keys));
  leaf.discovery_keys.reset();
  if (config.validator) connect_to_validators(leaf.session);

  bitfields.activate_leaf(hash, leaf.validators, leaf.session, leaf.n_cores());
  if (config.validator && leaf.our_key) {
    if (!backing || backing_key != leaf.our_key->public_key) {
      backing.emplace(*leaf.our_key);
      backing_key = leaf.our_key->public_key;
    }
  }
  if (backing) {
    pc::BackingLeaf info;
    info.relay_parent = hash;
    info.number = static_cast<uint32_t>(header.number);
    info.session_index = leaf.session;
    info.validators = leaf.validators;
    info.groups_by_core = leaf.groups_by_core();
    info.claim_queue = leaf.claim_queue;
    info.minimum_backing_votes = leaf.minimum_backing_votes;
    info.inject_core_index = leaf.node_features.get(pc::node_features::kElasticScalingMvp);
    info.our_index = leaf.our_index;
    backing->activate_leaf(std::move(info));
    std::vector<pc::ParaId> assigned;
    if (auto para = backing->our_para(hash)) assigned.push_back(*para);
    carry_out(collators.set_assignments(hash, std::move(assigned)));
    note_candidate_events(header, leaf.validators.size());
    if (leaf.our_index) {
      fetch_chunks(leaf);
      after(kBitfieldSigningDelay, [this, hash] { sign_bitfield(hash); });
    }
  }
  // After the store heard of the leaf's candidates (events, chunk fetches): the chunk mappings of
  // those it keeps something of.
  for (pc::CoreIndex core = 0; core < leaf.cores.size(); ++core) {
    if (const pc::OccupiedCore* occupied = leaf.cores[core].occupied()) {
      if (av_store.query_meta(occupied->candidate_hash)) {
        chunk_mappings.note(
            occupied->candidate_hash,
            ChunkMapping{core, static_cast<uint32_t>(leaf.validators.size()),
                         pc::availability_chunk_mapping_enabled(leaf.node_features)});
      }
    }
  }
  while (leaf_order.size() > kMaxActiveLeaves) {
    const Hash256 oldest = leaf_order.front();
    deactivate_leaf(oldest);
  }
  update_views();
  if (collator_side) collate(leaf);
}

void ParachainService::Impl::deactivate_leaf(const Hash256& hash) {
  leaves.erase(hash);
  std::erase(leaf_order, hash);
  bitfields.deactivate_leaf(hash);
  if (backing) backing->deactivate_leaf(hash);
  std::erase_if(validation_data,
                [&](const auto& entry) { return entry.second.relay_parent == hash; });
  carry_out(collators.remove_leaf(hash));
  if (collator_side) carry_out(collator_side->remove_leaf(hash));
  MutexLock lock(snapshot_mutex);
  snapshots.erase(hash);
}

void ParachainService::Impl::update_views() {
  const proto::View view =
      proto::make_view({leaf_order.begin(), leaf_order.end()}, finalized_number);
  send(validation_peers.set_view(view), true);
  send(collation_peers.set_view(view), false);
}

// The session's validators at the addresses authority discovery found for them, dialed when they
// have no connection (gossip-support's ConnectToValidators): on a new session, and again every
// kReconnectInterval.
void ParachainService::Impl::connect_to_validators(pc::SessionIndex session) {
  if (network == nullptr || parts.authority_discovery == nullptr) return;
  const auto now = Clock::now();
  if (session == connected_session && now < next_reconnect) return;
  next_reconnect = now + kReconnectInterval;
  const auto keys = validator_peers.discovery_keys(session);
  std::vector<network::Multiaddr> addresses;
  size_t found = 0;
  for (const pc::AuthorityDiscoveryKey& key : keys) {
    auto known = parts.authority_discovery->addresses_of(key);
    if (!known.empty()) ++found;
    addresses.insert(addresses.end(), known.begin(), known.end());
  }
  if (session != connected_session || found != validators_found) {
    log::info(kTarget, "Session {}: authority discovery found {} of {} validators", session, found,
              keys.size());
  }
  connected_session = session;
  validators_found = found;
  network->connect_to(addresses);
}

// ---- network ---------------------------------------------------------------------------------

void ParachainService::Impl::send(const std::vector<pc::Outgoing>& out, bool validation_set) {
  auto& protocol = validation_set ? validation_protocol : collation_protocol;
  if (!protocol) return;
  for (const pc::Outgoing& message : out) protocol->send(message.peer, message.bytes);
}

void ParachainService::Impl::report(const network::PeerId& peer, network::ReputationChange change) {
  log::debug(kTarget, "Reporting {}: {} ({})", peer.to_base58(), change.reason, change.value);
  if (network != nullptr) network->report_peer(peer, change);
}

void ParachainService::Impl::on_validation_message(const network::PeerId& peer,
                                                   proto::ValidationProtocol message) {
  if (auto* distribution = std::get_if<proto::BitfieldDistribution>(&message)) {
    const auto& bitfield = std::get<proto::BitfieldMessage>(distribution->message);
    auto outcome = bitfields.on_peer_bitfield(peer, bitfield.relay_parent, bitfield.bitfield);
    if (outcome.reputation) report(peer, *outcome.reputation);
    send(outcome.messages, true);
    if (outcome.kept()) publish_snapshot(bitfield.relay_parent);
    return;
  }
  const auto& statements = std::get<proto::StatementDistribution>(message);
  if (const auto* statement = std::get_if<proto::StatementMessage>(&statements.message)) {
    on_statement(peer, statement->relay_parent, statement->statement);
  } else if (const auto* manifest =
                 std::get_if<proto::BackedCandidateManifest>(&statements.message)) {
    on_manifest(peer, *manifest);
  }
  // Acknowledgements (BackedCandidateKnown) tell us what a peer has; we send no statements
  // beyond the manifest, so there is nothing to hold back.
}

void ParachainService::Impl::on_collation_message(const network::PeerId& peer,
                                                  proto::CollationProtocol message) {
  const auto& inner = std::get<proto::CollatorProtocol>(message).message;
  if (collator_side) {
    carry_out(collator_side->on_message(peer, inner));
  } else if (backing) {
    carry_out(collators.on_message(peer, inner, Clock::now()));
  }
}

// ---- validator: backing ------------------------------------------------------------------------

void ParachainService::Impl::carry_out(std::vector<cp::ValidatorOutput> outputs) {
  for (auto& output : outputs) {
    if (auto* fetch = std::get_if<cp::FetchCollation>(&output)) {
      if (!collation_fetching) continue;
      const cp::RequestId id = fetch->id;
      collation_fetching->request(
          fetch->peer, scale::encode(fetch->request),
          [this, id](Result<Bytes, network::RequestFailure> response) {
            post([this, id, response = std::move(response)] {
              if (!response) {
                const auto reason = response.error() == network::RequestFailure::kTimeout
                                        ? cp::FetchFailure::kTimeout
                                        : cp::FetchFailure::kNetworkError;
                if (auto out = collators.on_fetch_failed(id, reason, Clock::now())) {
                  carry_out(std::move(*out));
                }
                return;
              }
              auto decoded = proto::decode_collation_response(*response);
              if (!decoded) {
                if (auto out = collators.on_fetch_failed(id, cp::FetchFailure::kInvalidResponse,
                                                         Clock::now())) {
                  carry_out(std::move(*out));
                }
                return;
              }
              if (auto out =
                      collators.on_collation_fetched(id, std::move(*decoded), Clock::now())) {
                carry_out(std::move(*out));
              }
            });
          });
    } else if (auto* second = std::get_if<cp::Second>(&output)) {
      if (!backing) continue;
      auto actions = backing->second(second->relay_parent, second->receipt, second->pov);
      if (!actions) {
        log::debug(kTarget, "Not seconding a collation of para {}: {}",
                   second->receipt.descriptor.para_id, pc::to_string(actions.error()));
        if (auto out = collators.on_not_seconded(
                second->relay_parent, pc::candidate_hash(second->receipt), Clock::now())) {
          carry_out(std::move(*out));
        }
        continue;
      }
      carry_out(std::move(*actions));
    } else if (auto* message = std::get_if<cp::SendMessage>(&output)) {
      send(
          collation_peers.send({message->peer},
                               proto::CollationProtocol{proto::CollatorProtocol{message->message}}),
          false);
    } else if (auto* reported = std::get_if<cp::Report>(&output)) {
      report(reported->peer, reported->change);
    } else if (auto* disconnect = std::get_if<cp::Disconnect>(&output)) {
      // polkadot-sdk closes the collation peer set with it; our notifications protocols cannot
      // close one peer's substreams, so the connection goes (the collator connects again).
      log::debug(kTarget, "Disconnecting collator {}", disconnect->peer.to_base58());
      if (network != nullptr) network->disconnect_peer(disconnect->peer);
    }
  }
}

void ParachainService::Impl::carry_out(std::vector<pc::backing::Action> actions) {
  for (auto& action : actions) {
    if (auto* request = std::get_if<pc::backing::Validate>(&action)) {
      validate(std::move(*request));
    } else if (auto* fetch = std::get_if<pc::backing::FetchPov>(&action)) {
      const auto leaf = leaves.find(fetch->relay_parent);
      std::optional<network::PeerId> from;
      if (leaf != leaves.end()) {
        const auto peers = backers_peers(leaf->second, fetch->from);
        if (!peers.empty()) from = peers.front();
      }
      if (!from || !pov_fetching) {
        backing->on_pov_unavailable(fetch->candidate_hash);
        continue;
      }
      const Hash256 candidate = fetch->candidate_hash;
      pov_fetching->request(
          *from, scale::encode(proto::PovFetchingRequest{candidate}),
          [this, candidate](Result<Bytes, network::RequestFailure> response) {
            post([this, candidate, response = std::move(response)] {
              if (!backing) return;
              auto decoded = response ? proto::decode_pov_response(*response)
                                      : Result<proto::PovFetchingResponse, proto::WireError>(
                                            unexpected(proto::WireError::kTruncated));
              if (!decoded || !std::holds_alternative<proto::PovResponse>(*decoded)) {
                backing->on_pov_unavailable(candidate);
                return;
              }
              auto actions = backing->on_pov(candidate, std::get<proto::PovResponse>(*decoded).pov);
              if (actions) carry_out(std::move(*actions));
            });
          });
    } else if (auto* distribute = std::get_if<pc::backing::Distribute>(&action)) {
      // Our statement for our backing group (the cluster) among the peers with the relay parent
      // in view; validators outside it hear of the candidate by a manifest once it is backed.
      const auto leaf = leaves.find(distribute->relay_parent);
      if (leaf == leaves.end() || !leaf->second.our_index) continue;
      const auto group = leaf->second.group_of(*leaf->second.our_index);
      if (!group) continue;
      const auto targets =
          validator_peers.targets(leaf->second.session, leaf->second.groups[*group],
                                  validation_peers.peers_with(distribute->relay_parent));
      proto::StatementMessage message{distribute->relay_parent,
                                      proto::to_compact(distribute->statement)};
      send(validation_peers.send(targets.cluster,
                                 proto::ValidationProtocol{proto::StatementDistribution{message}}),
           true);
    } else if (auto* seconded = std::get_if<pc::backing::CollationSeconded>(&action)) {
      log::info(kTarget, "✅ Seconded candidate {} of para {} at {}",
                log::short_hash(seconded->candidate_hash),
                std::get<proto::SecondedStatement>(seconded->statement.payload)
                    .candidate.descriptor.para_id,
                log::short_hash(seconded->relay_parent));
      if (auto out = collators.on_seconded(seconded->relay_parent, seconded->candidate_hash,
                                           seconded->statement)) {
        carry_out(std::move(*out));
      }
    } else if (auto* invalid = std::get_if<pc::backing::CollationInvalid>(&action)) {
      log::info(kTarget, "❌ Collation {} of para {} is invalid",
                log::short_hash(invalid->candidate_hash), invalid->para_id);
      if (auto out =
              collators.on_invalid(invalid->relay_parent, invalid->candidate_hash, Clock::now())) {
        carry_out(std::move(*out));
      }
    } else if (auto* backed = std::get_if<pc::backing::Backed>(&action)) {
      log::info(kTarget, "🤝 Candidate {} of para {} is backable on core {}",
                log::short_hash(backed->candidate_hash), backed->para_id, backed->core);
      publish_snapshot(backed->relay_parent);
      send_manifest(*backed);
    }
  }
}

// The PVF, on the validation thread: the runtime's validation data and code at the relay parent,
// candidate validation, then (on the worker) the AvailableData stored under the descriptor's
// erasure root.
void ParachainService::Impl::validate(pc::backing::Validate request) {
  const auto leaf = leaves.find(request.relay_parent);
  if (leaf == leaves.end()) return;
  const size_t n_validators = leaf->second.validators.size();
  const pc::SessionIndex session = leaf->second.session;
  const pc::ClaimQueue claim_queue = leaf->second.claim_queue;
  {
    MutexLock lock(validation_mutex);
    validations.push_back([this, request = std::move(request), n_validators, session, claim_queue] {
      const pc::CandidateDescriptor& d = request.receipt.descriptor;
      pc::ValidationOutcome outcome;
      std::optional<pc::PersistedValidationData> pvd;
      {
        BlockRuntimeCalls calls(parts.chain, parts.runtime, request.relay_parent);
        const pc::ParachainHost host = parachain_host(calls);
        auto data =
            host.persisted_validation_data(d.para_id, pc::OccupiedCoreAssumption::kIncluded);
        auto code = host.validation_code_by_hash(d.validation_code_hash);
        auto params = host.session_executor_params(session);
        if (data && *data && code && *code && pvf_host) {
          pc::CandidateValidationRequest checked;
          checked.validation_data = **data;
          checked.validation_code = **code;
          checked.receipt = request.receipt;
          checked.pov = request.pov;
          checked.executor_params = params && *params ? **params : pc::ExecutorParams{};
          checked.purpose = pc::ValidationPurpose::kBacking;
          checked.expected_session = session;
          checked.claim_queue = claim_queue;
          auto verdict = pc::validate_candidate(
              checked, [this](const pc::ValidationCode& c, ByteSpan p, const pc::ExecutorParams& e,
                              pc::PvfExecKind k) { return pvf_host->validate(c, p, e, k); });
          if (!verdict) {
            log::warn(kTarget, "Cannot validate candidate {}: {}",
                      log::short_hash(request.candidate_hash), verdict.error());
          } else if (auto* valid = std::get_if<pc::ValidCandidate>(&*verdict)) {
            outcome.kind = pc::ValidationOutcome::Kind::kValid;
            outcome.commitments = valid->commitments;
            pvd = valid->validation_data;
          } else {
            const auto& invalid = std::get<pc::InvalidVerdict>(*verdict);
            log::info(kTarget, "Candidate {} of para {} is invalid: {} {}",
                      log::short_hash(request.candidate_hash), d.para_id,
                      pc::to_string(invalid.reason), invalid.detail);
            outcome.kind = pc::ValidationOutcome::Kind::kInvalid;
          }
        } else {
          log::warn(kTarget, "Cannot validate candidate {}: no validation data or code at {}",
                    log::short_hash(request.candidate_hash), log::short_hash(request.relay_parent));
        }
      }
      post([this, request, outcome = std::move(outcome), pvd = std::move(pvd),
            n_validators]() mutable {
        if (outcome.kind == pc::ValidationOutcome::Kind::kValid && pvd) {
          // A candidate whose AvailableData does not code to its erasure root is invalid
          // (polkadot-sdk's make_pov_available).
          auto stored = av_store.store_available_data(
              request.candidate_hash, n_validators, pc::AvailableData{request.pov, *pvd},
              request.receipt.descriptor.erasure_root, wall_now());
          if (!stored) {
            log::info(kTarget, "Candidate {}: {}", log::short_hash(request.candidate_hash),
                      pc::to_string(stored.error()));
            outcome.kind = pc::ValidationOutcome::Kind::kInvalid;
          } else {
            validation_data[request.candidate_hash] = {request.relay_parent, *pvd};
          }
        }
        if (!backing) return;
        auto actions = backing->on_validated(request.candidate_hash, outcome);
        if (actions) carry_out(std::move(*actions));
      });
    });
  }
  validation_wake.notify_one();
}

void ParachainService::Impl::on_statement(const network::PeerId& peer, const Hash256& relay_parent,
                                          const proto::UncheckedSignedStatement& statement) {
  if (!backing) return;
  const auto leaf = leaves.find(relay_parent);
  if (leaf == leaves.end()) return;
  const Hash256& candidate_hash = statement.payload.candidate_hash;
  // Statements travel from their signer only (no forwarding): the peer is the validator, where
  // authority discovery has not told us yet.
  if (statement.validator_index < leaf->second.validators.size()) {
    validator_peers.note_statement_peer(leaf->second.session, statement.validator_index, peer);
  }
  const pc::CommittedCandidateReceipt* known = backing->candidate(relay_parent, candidate_hash);
  if (known == nullptr) {
    auto& queue = waiting[candidate_hash];
    const bool first = queue.empty();
    if (queue.size() < 64) queue.emplace_back(relay_parent, statement);
    if (first) {
      const auto group = leaf->second.group_of(statement.validator_index);
      fetch_attested(peer, candidate_hash,
                     proto::StatementFilter::blank(group ? leaf->second.groups[*group].size() : 0));
    }
    return;
  }
  proto::UncheckedSignedFullStatement full;
  full.validator_index = statement.validator_index;
  full.signature = statement.signature;
  if (statement.payload.kind == proto::CompactStatementKind::kSeconded) {
    full.payload = proto::SecondedStatement{*known};
  } else {
    full.payload = proto::ValidStatement{candidate_hash};
  }
  auto actions = backing->on_statement(relay_parent, full);
  if (!actions) {
    log::debug(kTarget, "Statement on {} from {}: {}", log::short_hash(candidate_hash),
               peer.to_base58(), pc::to_string(actions.error()));
    return;
  }
  carry_out(std::move(*actions));
}

void ParachainService::Impl::fetch_attested(const network::PeerId& peer,
                                            const Hash256& candidate_hash,
                                            proto::StatementFilter mask) {
  if (!attested_candidate) return;
  proto::AttestedCandidateRequest request;
  request.candidate_hash = candidate_hash;
  request.mask = std::move(mask);
  attested_candidate->request(
      peer, scale::encode(request),
      [this, candidate_hash, peer](Result<Bytes, network::RequestFailure> response) {
        post([this, candidate_hash, peer, response = std::move(response)] {
          auto pending = std::move(waiting[candidate_hash]);
          waiting.erase(candidate_hash);
          if (!response || !backing) return;
          auto decoded = proto::decode_attested_candidate_response(*response);
          if (!decoded ||
              pc::candidate_hash(decoded->candidate_receipt.to_plain()) != candidate_hash) {
            report(peer, {-(1 << 12), "Invalid attested candidate response"});
            return;
          }
          const Hash256 relay_parent = decoded->candidate_receipt.descriptor.relay_parent;
          // The Seconded statements first: they carry the candidate the Valid ones are about.
          std::vector<proto::UncheckedSignedStatement> statements = decoded->statements;
          for (auto& [at, statement] : pending) statements.push_back(statement);
          std::vector<proto::UncheckedSignedStatement> ordered;
          for (const auto kind :
               {proto::CompactStatementKind::kSeconded, proto::CompactStatementKind::kValid}) {
            for (const auto& statement : statements) {
              if (statement.payload.kind == kind) ordered.push_back(statement);
            }
          }
          statements = std::move(ordered);
          for (const auto& statement : statements) {
            if (statement.payload.candidate_hash != candidate_hash) continue;
            proto::UncheckedSignedFullStatement full;
            full.validator_index = statement.validator_index;
            full.signature = statement.signature;
            if (statement.payload.kind == proto::CompactStatementKind::kSeconded) {
              full.payload = proto::SecondedStatement{decoded->candidate_receipt};
            } else {
              full.payload = proto::ValidStatement{candidate_hash};
            }
            auto actions = backing->on_statement(relay_parent, full);
            if (actions) carry_out(std::move(*actions));
          }
          validation_data.emplace(
              candidate_hash,
              KnownValidationData{relay_parent, decoded->persisted_validation_data});
        });
      });
}

// A candidate backed by another group, announced by one of its members: fetched with its
// statements (/req_attested_candidate/2), so the provisioner here can put it in a block.
void ParachainService::Impl::on_manifest(const network::PeerId& peer,
                                         const proto::BackedCandidateManifest& manifest) {
  if (!backing) return;
  const auto leaf = leaves.find(manifest.relay_parent);
  if (leaf == leaves.end()) return;  // not a relay parent we back at (any more)
  const auto& groups = leaf->second.groups;
  if (manifest.group_index >= groups.size() ||
      !manifest.statement_knowledge.has_len(groups[manifest.group_index].size())) {
    report(peer, {-(1 << 12), "Malformed backed candidate manifest"});
    return;
  }
  if (backing->candidate(manifest.relay_parent, manifest.candidate_hash) != nullptr ||
      waiting.contains(manifest.candidate_hash)) {
    return;
  }
  waiting[manifest.candidate_hash];  // in flight
  fetch_attested(peer, manifest.candidate_hash,
                 proto::StatementFilter::blank(groups[manifest.group_index].size()));
}

// Our group's candidate is backed: a manifest for the validators outside the group with the
// relay parent in view (polkadot-sdk sends it to grid neighbours; here every validator peer is
// one), who fetch it if they want it.
void ParachainService::Impl::send_manifest(const pc::backing::Backed& backed) {
  const auto leaf = leaves.find(backed.relay_parent);
  const auto pvd = validation_data.find(backed.candidate_hash);
  if (leaf == leaves.end() || pvd == validation_data.end() || !backing) return;
  const LeafInfo& info = leaf->second;
  const auto group_index = info.rotation.group_for_core(backed.core, info.n_cores());
  if (group_index >= info.groups.size()) return;
  const auto& group = info.groups[group_index];
  const auto targets = validator_peers.targets(info.session, group,
                                               validation_peers.peers_with(backed.relay_parent));
  if (targets.outside.empty()) return;
  proto::BackedCandidateManifest manifest;
  manifest.relay_parent = backed.relay_parent;
  manifest.candidate_hash = backed.candidate_hash;
  manifest.group_index = static_cast<proto::GroupIndex>(group_index);
  manifest.para_id = backed.para_id;
  manifest.parent_head_data_hash = pc::head_data_hash(pvd->second.data.parent_head);
  manifest.statement_knowledge = proto::StatementFilter::blank(group.size());
  for (const auto& statement : backing->statements(backed.relay_parent, backed.candidate_hash)) {
    const auto position = std::find(group.begin(), group.end(), statement.validator_index);
    if (position == group.end()) continue;
    const auto bit = static_cast<size_t>(position - group.begin());
    if (statement.payload.kind == proto::CompactStatementKind::kSeconded) {
      manifest.statement_knowledge.seconded_in_group.set(bit, true);
    } else {
      manifest.statement_knowledge.validated_in_group.set(bit, true);
    }
  }
  send(validation_peers.send(targets.outside,
                             proto::ValidationProtocol{proto::StatementDistribution{manifest}}),
       true);
}

// The peers of `validators` in the leaf's session, in their order, without repeats.
std::vector<network::PeerId> ParachainService::Impl::backers_peers(
    const LeafInfo& leaf, std::span<const pc::ValidatorIndex> validators) const {
  std::vector<network::PeerId> out;
  for (pc::ValidatorIndex v : validators) {
    for (const network::PeerId& peer : validator_peers.peers_of(leaf.session, v)) {
      if (local_peer && peer == *local_peer) continue;
      if (std::find(out.begin(), out.end(), peer) == out.end()) out.push_back(peer);
    }
  }
  return out;
}

// ---- validator: availability -------------------------------------------------------------------

// The candidate events of the leaf and of its unfinalized ancestors not yet noted, oldest first,
// to the availability store: CandidateBacked (a candidate to keep while it may become available)
// and CandidateIncluded (kept until its block is finalized or abandoned).
void ParachainService::Impl::note_candidate_events(const block::Header& leaf, size_t n_validators) {
  std::vector<pc::BlockRef> blocks;
  block::Header header = leaf;
  Hash256 hash = block::hash_of(leaf);
  while (blocks.size() < kMaxNotedAncestry && header.number > finalized_number &&
         !noted_blocks.contains({header.number, hash})) {
    blocks.push_back(pc::BlockRef{header.number, hash});
    auto parent = parts.chain.header(header.parent_hash);
    if (!parent || !*parent) break;
    hash = header.parent_hash;
    header = std::move(**parent);
  }
  for (auto block = blocks.rbegin(); block != blocks.rend(); ++block) {
    noted_blocks.emplace(block->number, block->hash);
    BlockRuntimeCalls calls(parts.chain, parts.runtime, block->hash);
    auto events = parachain_host(calls).candidate_events();
    if (!events) continue;
    for (const pc::CandidateEvent& event : *events) {
      const Hash256 candidate = pc::candidate_hash(event.receipt());
      if (std::holds_alternative<pc::CandidateEvent::CandidateBacked>(event.value)) {
        (void)av_store.note_backed(candidate, n_validators, wall_now());
      } else if (std::holds_alternative<pc::CandidateEvent::CandidateIncluded>(event.value)) {
        const bool known = av_store.note_included(candidate, *block);
        log::debug(kTarget, "Candidate {} included in #{}{}", log::short_hash(candidate),
                   block->number, known ? "" : " (never seen backed)");
      }
    }
  }
}

// Our chunk of every candidate pending availability at the leaf, from the validators that backed
// it (polkadot-sdk's availability-distribution fetches from the backing group).
void ParachainService::Impl::fetch_chunks(const LeafInfo& leaf) {
  if (!leaf.our_index || !chunk_fetching) return;
  for (pc::CoreIndex core = 0; core < leaf.cores.size(); ++core) {
    const pc::OccupiedCore* occupied = leaf.cores[core].occupied();
    if (occupied == nullptr) continue;
    const Hash256 candidate = occupied->candidate_hash;
    auto chunk_index = pc::availability_chunk_index(leaf.node_features, leaf.validators.size(),
                                                    core, *leaf.our_index);
    if (!chunk_index || av_store.has_chunk(candidate, *chunk_index)) continue;
    if (chunk_fetches.contains(candidate)) continue;
    std::vector<network::PeerId> from;
    if (occupied->group_responsible < leaf.groups.size()) {
      from = backers_peers(leaf, leaf.groups[occupied->group_responsible]);
    }
    log::debug(kTarget, "Fetching our chunk {} of {} from {} backers", *chunk_index,
               log::short_hash(candidate), from.size());
    if (from.empty()) continue;
    (void)av_store.note_backed(candidate, leaf.validators.size(), wall_now());
    chunk_fetches.insert(candidate);
    const Hash256 erasure_root = occupied->candidate_descriptor.erasure_root;
    const Bytes request = scale::encode(proto::ChunkFetchingRequest{candidate, *leaf.our_index});
    // Tries the backers in turn.
    auto attempt = std::make_shared<std::function<void(size_t)>>();
    *attempt = [this, from, request, candidate, erasure_root, attempt](size_t i) {
      if (i >= from.size()) {
        chunk_fetches.erase(candidate);
        return;
      }
      chunk_fetching->request(
          from[i], request,
          [this, i, candidate, erasure_root,
           attempt](Result<Bytes, network::RequestFailure> response) {
            post([this, i, candidate, erasure_root, attempt, response = std::move(response)] {
              if (response) {
                auto decoded = proto::decode_chunk_response_v2(*response);
                if (decoded && std::holds_alternative<proto::ErasureChunkResponse>(*decoded)) {
                  auto chunk = std::get<proto::ErasureChunkResponse>(*decoded).chunk;
                  auto stored = av_store.store_chunk(candidate, erasure_root, std::move(chunk));
                  log::debug(kTarget, "Chunk of {}: {}", log::short_hash(candidate),
                             stored ? "stored" : pc::to_string(stored.error()));
                  if (stored) {
                    chunk_fetches.erase(candidate);
                    return;
                  }
                }
              }
              (*attempt)(i + 1);
            });
          });
    };
    (*attempt)(0);
  }
}

void ParachainService::Impl::sign_bitfield(const Hash256& relay_parent) {
  const auto it = leaves.find(relay_parent);
  if (it == leaves.end() || !it->second.our_index || !it->second.our_key) return;
  const LeafInfo& leaf = it->second;
  std::vector<std::optional<Hash256>> occupied(leaf.cores.size());
  for (size_t core = 0; core < leaf.cores.size(); ++core) {
    if (const auto* o = leaf.cores[core].occupied()) occupied[core] = o->candidate_hash;
  }
  auto bits = pc::construct_availability_bitfield(
      occupied,
      pc::BitfieldContext{*leaf.our_index, leaf.validators.size(),
                          pc::availability_chunk_mapping_enabled(leaf.node_features)},
      [this](const Hash256& candidate, pc::ChunkIndex index) {
        return av_store.has_chunk(candidate, index);
      });
  if (!bits) return;
  auto signed_bitfield =
      proto::sign_payload(*leaf.our_key, proto::AvailabilityBitfield{*bits}, *leaf.our_index,
                          proto::SigningContext{leaf.session, relay_parent});
  log::debug(kTarget, "Signed our availability bitfield at {}: {} of {} cores",
             log::short_hash(relay_parent), bits->count_ones(), bits->size());
  auto out = bitfields.on_our_bitfield(relay_parent, signed_bitfield);
  if (!out) {
    log::debug(kTarget, "Our bitfield at {} was refused: {}", log::short_hash(relay_parent),
               pc::to_string(out.error()));
    return;
  }
  send(*out, true);
  publish_snapshot(relay_parent);
}

void ParachainService::Impl::publish_snapshot(const Hash256& relay_parent) {
  const auto it = leaves.find(relay_parent);
  if (it == leaves.end()) return;
  Snapshot snapshot;
  snapshot.bitfields = bitfields.bitfields(relay_parent);
  if (backing) {
    for (auto& candidate : backing->backable(relay_parent)) {
      const auto core = candidate.candidate.descriptor.core_index();
      if (!core) continue;
      snapshot.candidates.push_back(pc::BackableCandidate{*core, std::move(candidate)});
    }
  }
  MutexLock lock(snapshot_mutex);
  snapshots[relay_parent] = std::move(snapshot);
}

void ParachainService::Impl::serve_pov(Bytes request, const network::Responder& respond) {
  auto decoded = proto::decode_pov_request(request);
  if (!decoded) return respond(std::nullopt);
  auto data = av_store.query_available_data(decoded->candidate_hash);
  respond(data ? scale::encode(proto::PovFetchingResponse{proto::PovResponse{data->pov}})
               : scale::encode(proto::PovFetchingResponse{proto::NoSuchPov{}}));
}

void ParachainService::Impl::serve_chunk(Bytes request, const network::Responder& respond) {
  auto decoded = proto::decode_chunk_request(request);
  if (!decoded) return respond(std::nullopt);
  // The request names a validator; the chunk it holds depends on the candidate's core.
  std::optional<pc::ErasureChunk> chunk;
  if (auto index = chunk_mappings.chunk_of(decoded->candidate_hash, decoded->index)) {
    chunk = av_store.query_chunk(decoded->candidate_hash, *index);
  }
  respond(chunk ? scale::encode(proto::ChunkFetchingResponseV2{proto::ErasureChunkResponse{*chunk}})
                : scale::encode(proto::ChunkFetchingResponseV2{proto::NoSuchChunk{}}));
}

void ParachainService::Impl::serve_available_data(Bytes request,
                                                  const network::Responder& respond) {
  auto decoded = proto::decode_available_data_request(request);
  if (!decoded) return respond(std::nullopt);
  auto data = av_store.query_available_data(decoded->candidate_hash);
  respond(data ? scale::encode(
                     proto::AvailableDataFetchingResponse{proto::AvailableDataResponse{*data}})
               : scale::encode(proto::AvailableDataFetchingResponse{proto::NoSuchData{}}));
}

void ParachainService::Impl::serve_attested(Bytes request, const network::Responder& respond) {
  auto decoded = proto::decode_attested_candidate_request(request);
  if (!decoded || !backing) return respond(std::nullopt);
  const auto pvd = validation_data.find(decoded->candidate_hash);
  for (const Hash256& relay_parent : leaf_order) {
    const auto* candidate = backing->candidate(relay_parent, decoded->candidate_hash);
    if (candidate == nullptr || pvd == validation_data.end()) continue;
    proto::AttestedCandidateResponse response;
    response.candidate_receipt = *candidate;
    response.persisted_validation_data = pvd->second.data;
    response.statements = backing->statements(relay_parent, decoded->candidate_hash);
    return respond(scale::encode(response));
  }
  respond(std::nullopt);
}

// ---- collator ----------------------------------------------------------------------------------

// A collation for our para on every new leaf where it is next on a core's claim queue, built on
// the head the para has once the candidate pending on that core is included (the runtime's
// OccupiedCoreAssumption::Included, the head of the candidate we made before): the block that
// makes the pending candidate available can then back this one on the core it frees, so the
// para advances every relay block instead of every other. Should the pending one time out, this
// collation is refused and the next leaf's builds on the included head again.
void ParachainService::Impl::collate(const LeafInfo& leaf) {
  if (!collator_side || !producer) return;
  const pc::ParaId para = collator_side->para_id();
  std::optional<pc::CoreIndex> core;
  for (const auto& [index, queue] : leaf.claim_queue) {
    if (queue.empty() || queue.front() != para) continue;
    core = index;
    break;
  }
  if (!core) return;
  BlockRuntimeCalls calls(parts.chain, parts.runtime, leaf.hash);
  const pc::ParachainHost host = parachain_host(calls);
  auto data = host.persisted_validation_data(para, pc::OccupiedCoreAssumption::kIncluded);
  auto code_hash = host.validation_code_hash(para, pc::OccupiedCoreAssumption::kIncluded);
  if (!data || !*data || !code_hash || !*code_hash) {
    log::warn(kTarget, "Para {} has no validation data at #{}", para, leaf.header.number);
    return;
  }
  auto block = producer->produce((*data)->parent_head, (*data)->relay_parent_number);
  if (!block) {
    recover_state(leaf, (*data)->parent_head);
    return;
  }
  pc::CollationInputs inputs;
  inputs.para_id = para;
  inputs.relay_parent = leaf.hash;
  inputs.core_index = *core;
  inputs.session_index = leaf.session;
  inputs.validation_data = **data;
  inputs.validation_code_hash = **code_hash;
  inputs.n_validators = leaf.validators.size();
  inputs.pov = block->pov;
  inputs.commitments = block->commitments;
  auto built = pc::build_collation(inputs);
  if (!built) {
    log::warn(kTarget, "Para {}: {}", para, pc::to_string(built.error()));
    return;
  }
  log::info(kTarget, "📦 Collation {} of para {} (block #{}) at relay #{} on core {}",
            log::short_hash(built->candidate_hash), para, block->head.number, leaf.header.number,
            *core);
  auto out = collator_side->distribute(leaf.hash, std::move(*built), std::nullopt);
  if (out) carry_out(std::move(*out));
}

// The state behind `head` is unknown (the collator started again since it made the head): the
// head's candidate is found by its CandidateBacked event in the last kMaxRecoveryDepth blocks, and
// its AvailableData recovered from the validators' chunks, as cumulus' pov-recovery asks
// availability-recovery (no backing group: chunks only). The producer learns the state from the
// recovered block once the adder's execution of it gives the head; the next leaf builds on it.
void ParachainService::Impl::recover_state(const LeafInfo& leaf, const pc::HeadData& head) {
  const pc::ParaId para = collator_side->para_id();
  const auto now = Clock::now();
  if (pov_recovery || now < next_recovery || head_not_found == head) return;
  next_recovery = now + kRecoveryRetryDelay;
  // The candidate, and the block whose state has it on a core (its validators hold the chunks).
  std::optional<pc::CandidateEvent::CandidateBacked> backed;
  Hash256 at = leaf.hash;
  for (size_t depth = 0; depth < kMaxRecoveryDepth && !backed; ++depth) {
    BlockRuntimeCalls calls(parts.chain, parts.runtime, at);
    auto events = parachain_host(calls).candidate_events();
    for (const pc::CandidateEvent& event : events ? *events : std::vector<pc::CandidateEvent>{}) {
      const auto* b = std::get_if<pc::CandidateEvent::CandidateBacked>(&event.value);
      if (b != nullptr && b->receipt.descriptor.para_id == para && b->head_data == head)
        backed = *b;
    }
    if (backed) break;
    auto header = parts.chain.header(at);
    if (!header || !*header || (*header)->number == 0) break;
    at = (*header)->parent_hash;
  }
  if (!backed) {
    head_not_found = head;
    log::warn(kTarget,
              "Para {}: the head at relay #{} is not one this collator knows the state of, and no "
              "candidate backed in the last {} relay blocks made it",
              para, leaf.header.number, kMaxRecoveryDepth);
    return;
  }
  BlockRuntimeCalls calls(parts.chain, parts.runtime, at);
  const pc::ParachainHost host = parachain_host(calls);
  auto session = host.session_index_for_child();
  auto validators = host.validators();
  if (!session || !validators) return;
  if (!validator_peers.knows_session(*session)) {
    if (auto info = host.session_info(*session); info && *info) {
      validator_peers.set_session(*session, std::move((*info)->discovery_keys));
    }
  }
  pc::NodeFeatures features;
  if (auto f = host.node_features()) features = std::move(*f);
  auto chunk_indices = pc::availability_chunk_indices(features, validators->size(), backed->core);
  if (!chunk_indices) return;
  const Hash256 candidate = pc::candidate_hash(backed->receipt);
  pc::recovery::Params params;
  params.candidate_hash = candidate;
  params.erasure_root = backed->receipt.descriptor.erasure_root;
  params.n_validators = validators->size();
  params.chunk_indices = std::move(*chunk_indices);
  params.backers_first = false;
  params.shuffle_seed = std::random_device{}();
  auto machine = pc::AvailabilityRecovery::create(std::move(params));
  if (!machine) {
    log::warn(kTarget, "Para {}: cannot recover candidate {}: {}", para, log::short_hash(candidate),
              pc::recovery::to_string(machine.error()));
    return;
  }
  // Authority discovery finds the validators some seconds after a start: until it found enough
  // to reconstruct from, the recovery would fail at once.
  connect_to_validators(*session);
  size_t reachable = 0;
  for (pc::ValidatorIndex v = 0; v < validators->size(); ++v) {
    if (!validator_peers.peers_of(*session, v).empty()) ++reachable;
  }
  if (reachable < machine->threshold()) {
    log::info(kTarget,
              "Para {}: the state of head {} is unknown; waiting for authority discovery to find "
              "{} validators of session {} to recover its block from ({} found)",
              para, log::short_hash(hash::blake2b_256(head.data)), machine->threshold(), *session,
              reachable);
    return;
  }
  log::info(
      kTarget,
      "♻️  Para {}: recovering the block of head {} (candidate {}) from the validators' chunks",
      para, log::short_hash(hash::blake2b_256(head.data)), log::short_hash(candidate));
  pov_recovery.emplace(PovRecovery{head, candidate, *session, std::move(*machine), now});
  send_recovery_requests(pov_recovery->machine.start());
}

void ParachainService::Impl::send_recovery_requests(std::vector<pc::recovery::Request> requests) {
  if (!pov_recovery) return;
  const Hash256 candidate = pov_recovery->candidate_hash;
  for (pc::recovery::Request& request : requests) {
    const pc::recovery::RequestId id = request.id;
    const bool full = std::holds_alternative<proto::AvailableDataFetchingRequest>(request.request);
    const auto& protocol = full ? available_data_fetching : chunk_fetching;
    const auto peers = validator_peers.peers_of(pov_recovery->session, request.validator);
    if (!protocol || peers.empty()) {
      // Answered on the next turn of the worker: the machine is not re-entered from its output.
      post([this, id, candidate] {
        if (!pov_recovery || pov_recovery->candidate_hash != candidate) return;
        on_recovery_output(pov_recovery->machine.on_response(
            id, unexpected(pc::recovery::RequestFailure::kNotConnected)));
      });
      continue;
    }
    const Bytes bytes = std::visit([](const auto& r) { return scale::encode(r); }, request.request);
    protocol->request(peers.front(), bytes,
                      [this, id, candidate](Result<Bytes, network::RequestFailure> response) {
                        post([this, id, candidate, response = std::move(response)] {
                          if (!pov_recovery || pov_recovery->candidate_hash != candidate) return;
                          Result<Bytes, pc::recovery::RequestFailure> answer =
                              unexpected(pc::recovery::RequestFailure::kNetwork);
                          if (response) {
                            answer = *response;
                          } else if (response.error() == network::RequestFailure::kTimeout) {
                            answer = unexpected(pc::recovery::RequestFailure::kTimeout);
                          }
                          on_recovery_output(pov_recovery->machine.on_response(id, answer));
                        });
                      });
  }
}

void ParachainService::Impl::on_recovery_output(pc::recovery::Output output) {
  if (!pov_recovery) return;
  if (!output.done) return send_recovery_requests(std::move(output.requests));
  PovRecovery recovery = std::move(*pov_recovery);
  pov_recovery.reset();
  const pc::ParaId para = collator_side->para_id();
  const auto seconds = std::chrono::duration<double>(Clock::now() - recovery.started).count();
  if (!*output.done) {
    log::warn(kTarget, "Para {}: the recovery of candidate {} failed after {:.1f} s: {}", para,
              log::short_hash(recovery.candidate_hash), seconds,
              pc::to_string(output.done->error()));
    return;
  }
  const pc::AvailableData& data = **output.done;
  if (!producer ||
      !producer->learn(data.validation_data.parent_head, data.pov.block_data.data, recovery.head)) {
    log::warn(kTarget, "Para {}: the block recovered for candidate {} does not make its head", para,
              log::short_hash(recovery.candidate_hash));
    return;
  }
  // The next leaf builds on the head at once.
  next_recovery = {};
  log::info(kTarget,
            "♻️  Para {}: recovered the state of head {} from {} chunks of candidate {} in {:.1f} s",
            para, log::short_hash(hash::blake2b_256(recovery.head.data)),
            recovery.machine.threshold(), log::short_hash(recovery.candidate_hash), seconds);
}

void ParachainService::Impl::carry_out(std::vector<cp::CollatorOutput> outputs) {
  for (auto& output : outputs) {
    if (auto* message = std::get_if<cp::SendMessage>(&output)) {
      send(
          collation_peers.send({message->peer},
                               proto::CollationProtocol{proto::CollatorProtocol{message->message}}),
          false);
    } else if (auto* respond = std::get_if<cp::Respond>(&output)) {
      auto it = pending_responses.find(respond->id);
      if (it == pending_responses.end()) continue;
      it->second(scale::encode(respond->response));
      pending_responses.erase(it);
      carry_out(collator_side->on_response_sent(respond->id, Clock::now()));
    } else if (auto* refuse = std::get_if<cp::RefuseRequest>(&output)) {
      auto it = pending_responses.find(refuse->id);
      if (it == pending_responses.end()) continue;
      it->second(std::nullopt);
      pending_responses.erase(it);
    } else if (auto* reported = std::get_if<cp::Report>(&output)) {
      report(reported->peer, reported->change);
    } else if (auto* seconded = std::get_if<cp::SecondedBy>(&output)) {
      log::info(kTarget, "🎉 Collation {} seconded by validator {} at {}",
                log::short_hash(seconded->candidate_hash), seconded->validator_index,
                log::short_hash(seconded->relay_parent));
    }
  }
}

// ---- ParachainService --------------------------------------------------------------------------

Result<std::unique_ptr<ParachainService>, std::string> ParachainService::create(
    ParachainServiceConfig config, ParachainServiceParts parts) {
  auto impl = std::make_unique<Impl>(std::move(config), parts);
  // Chain specs without a fork id (the node reads none): the genesis hash alone.
  impl->names = proto::parachain_protocol_names(parts.chain.genesis().hash);
  if (impl->config.validator) {
    pc::pvf::PvfHostConfig pvf;
    pvf.worker_program = impl->config.pvf_worker_program;
    pvf.cache_dir = impl->config.pvf_cache_dir.string();
    impl->pvf_host = std::make_unique<pc::pvf::PvfHost>(pvf);
  }
  return std::unique_ptr<ParachainService>(new ParachainService(std::move(impl)));
}

ParachainService::ParachainService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ParachainService::~ParachainService() {
  stop();
}

void ParachainService::add_protocols(NetworkServiceConfig& network) {
  Impl* impl = impl_.get();
  const Bytes roles = network::encode_roles_handshake(
      network::Roles{impl->config.validator ? network::Roles::kAuthority : network::Roles::kFull});
  impl->validation_listener = std::make_unique<Impl::SetListener>(*impl, true);
  impl->collation_listener = std::make_unique<Impl::SetListener>(*impl, false);

  // The validation peer set is the validators' (a collator has no use for it).
  ExtraNotificationsProtocol validation;
  validation.config.names = {impl->names.validation.name};
  validation.config.max_handshake_size = 1;
  validation.config.max_notification_size = proto::kMaxNotificationSize;
  validation.handshake = roles;
  validation.listener = impl->validation_listener.get();
  validation.created = [impl](auto protocol) { impl->validation_protocol = std::move(protocol); };
  if (impl->config.validator) network.extra_notifications.push_back(std::move(validation));

  // /collation/2 only: its legacy fallback speaks collation v1, which Canary does not. Collators
  // open it to validators; validators only answer (peer_set.rs: no outbound collation slots), so
  // validators never speak it with each other.
  ExtraNotificationsProtocol collation;
  collation.config.names = {impl->names.collation.name};
  collation.config.initiate = impl->config.collator.has_value();
  collation.config.max_handshake_size = 1;
  collation.config.max_notification_size = proto::kMaxNotificationSize;
  collation.handshake = roles;
  collation.listener = impl->collation_listener.get();
  collation.created = [impl](auto protocol) { impl->collation_protocol = std::move(protocol); };
  network.extra_notifications.push_back(std::move(collation));

  const auto served = [impl](void (Impl::*serve)(Bytes, const network::Responder&)) {
    return [impl, serve](const network::PeerId&, const std::string&, Bytes request,
                         const network::Responder& respond) {
      if (!impl->post([impl, serve, request = std::move(request), respond]() mutable {
            (impl->*serve)(std::move(request), respond);
          })) {
        respond(std::nullopt);
      }
    };
  };
  const auto request_response = [&](const network::ProtocolName& name, size_t max_response,
                                    std::chrono::milliseconds timeout,
                                    network::RequestHandler handler,
                                    std::shared_ptr<network::RequestResponseProtocol>* slot) {
    ExtraRequestResponseProtocol protocol;
    protocol.config.names = {name.name};
    if (!name.fallback.empty()) protocol.config.names.push_back(name.fallback);
    protocol.config.max_request_size = proto::kMaxRequestSize;
    protocol.config.max_response_size = max_response;
    protocol.config.request_timeout = timeout;
    protocol.handler = std::move(handler);
    protocol.created = [slot](auto created) { *slot = std::move(created); };
    network.extra_request_responses.push_back(std::move(protocol));
  };

  // The collator serves its collations; validators fetch them.
  network::RequestHandler collation_handler;
  if (impl->config.collator) {
    collation_handler = [impl](const network::PeerId& peer, const std::string&, Bytes request,
                               network::Responder respond) {
      if (!impl->post([impl, peer, request = std::move(request), respond]() mutable {
            auto decoded = proto::decode_collation_request(request);
            if (!decoded || !impl->collator_side) {
              if (!decoded) impl->report(peer, cp::kCostInvalidRequest);
              return respond(std::nullopt);
            }
            const cp::RequestId id = impl->next_request++;
            impl->pending_responses[id] = std::move(respond);
            impl->carry_out(
                impl->collator_side->on_collation_request(id, peer, *decoded, Clock::now()));
          })) {
        respond(std::nullopt);
      }
    };
  }
  request_response({impl->names.collation_fetching_v2.name, ""}, proto::kPovResponseSize,
                   proto::kPovRequestTimeout, std::move(collation_handler),
                   &impl->collation_fetching);
  if (impl->config.validator) {
    request_response(impl->names.pov_fetching, proto::kPovResponseSize, proto::kPovRequestTimeout,
                     served(&Impl::serve_pov), &impl->pov_fetching);
    request_response(impl->names.chunk_v2, proto::kChunkResponseSize, proto::kChunkRequestTimeout,
                     served(&Impl::serve_chunk), &impl->chunk_fetching);
    request_response(impl->names.available_data_fetching, proto::kPovResponseSize,
                     proto::kPovRequestTimeout, served(&Impl::serve_available_data),
                     &impl->available_data_fetching);
    request_response(impl->names.attested_candidate, proto::kAttestedCandidateResponseSize,
                     proto::kAttestedCandidateTimeout, served(&Impl::serve_attested),
                     &impl->attested_candidate);
  } else if (impl->config.collator) {
    // A collator asks for chunks and available data (its PoV recovery) and serves neither.
    request_response(impl->names.chunk_v2, proto::kChunkResponseSize, proto::kChunkRequestTimeout,
                     {}, &impl->chunk_fetching);
    request_response(impl->names.available_data_fetching, proto::kPovResponseSize,
                     proto::kPovRequestTimeout, {}, &impl->available_data_fetching);
  }
}

void ParachainService::start(NetworkService& network) {
  Impl* impl = impl_.get();
  impl->network = &network;
  impl->local_peer = network.local_peer_id();
  if (impl->config.collator) {
    const AdderCollatorConfig& c = *impl->config.collator;
    crypto::sr25519::MiniSecret seed{};
    if (c.collator_seed) {
      seed = *c.collator_seed;
    } else {
      std::random_device random;
      for (auto& byte : seed) byte = static_cast<uint8_t>(random());
    }
    impl->collator_side.emplace(crypto::sr25519::keypair_from_mini_secret(seed), c.para_id,
                                *impl->local_peer);
    impl->producer.emplace(c.mode);
    log::info(kTarget, "🧺 Collating for para {} ({})", c.para_id,
              c.mode == pc::adder::CollatorMode::kHonest ? "adder" : "adder, invalid PoVs");
  }
  impl->finalized_number = impl->parts.chain.finalized().number;
  impl->worker = std::thread([impl] { impl->run_worker(); });
  if (impl->pvf_host) impl->validation_thread = std::thread([impl] { impl->run_validations(); });
  impl->parts.chain.add_observer(this);
  // The best block is the first leaf.
  if (auto header = impl->parts.chain.header(impl->parts.chain.best().hash); header && *header) {
    impl->post([impl, h = **header] { impl->activate_leaf(h); });
  }
}

void ParachainService::stop() {
  {
    MutexLock lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  impl_->parts.chain.remove_observer(this);
  impl_->wake.notify_all();
  {
    // Under the validation thread's lock, so that it cannot miss the wake-up between its check
    // and its wait.
    MutexLock lock(impl_->validation_mutex);
  }
  impl_->validation_wake.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
  if (impl_->validation_thread.joinable()) impl_->validation_thread.join();
}

Bytes ParachainService::parachains_inherent(const block::Header& parent) {
  const Hash256 hash = block::hash_of(parent);
  Impl::Snapshot snapshot;
  {
    MutexLock lock(impl_->snapshot_mutex);
    auto it = impl_->snapshots.find(hash);
    if (it != impl_->snapshots.end()) snapshot = it->second;
  }
  if (snapshot.bitfields.empty() && snapshot.candidates.empty()) {
    return runtime::parachains_inherent_without_content(parent);
  }
  BlockRuntimeCalls calls(impl_->parts.chain, impl_->parts.runtime, hash);
  const pc::ParachainHost host = parachain_host(calls);
  auto cores = host.availability_cores();
  auto validators = host.validators();
  if (!cores || !validators) return runtime::parachains_inherent_without_content(parent);
  auto data = pc::select_inherent_data(parent, *cores, snapshot.bitfields, snapshot.candidates,
                                       validators->size());
  if (!data.backed_candidates.empty() || !data.bitfields.empty()) {
    log::debug(kTarget, "Paras inherent on #{}: {} bitfields, {} backed candidates", parent.number,
               data.bitfields.size(), data.backed_candidates.size());
  }
  return pc::encode_parachains_inherent(data);
}

void ParachainService::on_block_imported(const blockchain::ImportNotice& notice) {
  if (!notice.new_best) return;
  Impl* impl = impl_.get();
  impl->post([impl, header = notice.header] { impl->activate_leaf(header); });
}

void ParachainService::on_finalized(const blockchain::FinalityNotice& notice) {
  Impl* impl = impl_.get();
  impl->post([impl, finalized = notice.finalized] {
    impl->finalized_number = finalized.number;
    // Finality jumps: the finalized blocks below come from the canonical index.
    impl->av_store.note_block_finalized(
        pc::BlockRef{finalized.number, finalized.hash}, wall_now(),
        [impl](block::BlockNumber number) -> std::optional<Hash256> {
          auto hash = impl->parts.chain.canonical_hash(number);
          if (!hash) return std::nullopt;
          return *hash;
        });
    std::erase_if(impl->noted_blocks,
                  [&](const auto& block) { return block.first <= finalized.number; });
    impl->av_store.prune(wall_now());
    impl->update_views();
  });
}

}  // namespace canary::node
