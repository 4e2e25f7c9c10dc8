#include "node/service/state_prefetcher.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "node/service/system_account_key.hpp"
#include "state/trie/lookup.hpp"

namespace canary::node {

namespace {

// sp-runtime's UncheckedExtrinsic as a block body holds it (block::Block::extrinsics: without the
// length in front): the version byte (bit 7: signed; the format version below it), then for a
// signed one the address.
constexpr uint8_t kSignedV4 = 0x84;
constexpr uint8_t kMultiAddressId = 0x00;
constexpr size_t kAccountIdBytes = 32;

}  // namespace

std::vector<Bytes> signer_account_keys(std::span<const Bytes> extrinsics) {
  std::vector<Bytes> keys;
  std::unordered_set<std::string> seen;
  for (const Bytes& xt : extrinsics) {
    if (xt.size() < 2 + kAccountIdBytes || xt[0] != kSignedV4 || xt[1] != kMultiAddressId) continue;
    const ByteSpan who = ByteSpan(xt).subspan(2, kAccountIdBytes);
    if (!seen.emplace(who.begin(), who.end()).second) continue;
    keys.push_back(system_account_key(who));
  }
  return keys;
}

StatePrefetcher::StatePrefetcher(const state::Database& db) : db_(db), thread_([this] { run(); }) {}

StatePrefetcher::~StatePrefetcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
}

void StatePrefetcher::start(const Hash256& state_root, std::vector<Bytes> keys) {
  {
    std::lock_guard lock(mutex_);
    root_ = state_root;
    keys_ = std::move(keys);
    next_ = 0;
  }
  work_.notify_all();
}

void StatePrefetcher::stop() {
  std::lock_guard lock(mutex_);
  keys_.clear();
  next_ = 0;
}

uint64_t StatePrefetcher::keys_read() const {
  std::lock_guard lock(mutex_);
  return read_;
}

void StatePrefetcher::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_.wait(lock, [&] { return stopping_ || next_ < keys_.size(); });
    if (stopping_) return;
    const Hash256 root = root_;
    const Bytes key = keys_[next_++];
    lock.unlock();
    // The walk loads each node the cache lacks through the database, which keeps it; the value
    // and any error are of no use here.
    (void)state::lookup(db_.node_store(), root, key);
    lock.lock();
    ++read_;
  }
}

}  // namespace canary::node
