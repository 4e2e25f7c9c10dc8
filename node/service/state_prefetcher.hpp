// Warms the trie node cache, on a thread of its own, with the state an imported block is about to
// read: the System.Account entries of its signed extrinsics' signers, which the runtime reads
// first for each of them (FRAME's nonce check and fee payment). At a large state these reads are
// mostly cold (each account's leaf and last branches come from RocksDB at 10-20 us each), and
// without the prefetch the runtime waits for every one of them on the importing thread.
//
// The prefetch only fills the cache the runtime reads through: what the block computes is the
// same with or without it, and a prefetch that fails (a node missing, the state pruned meanwhile)
// is dropped silently, the runtime then reading the node itself and reporting what it finds.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "primitives/util/bytes.hpp"
#include "state/storage/database.hpp"

namespace canary::node {

// The System.Account keys (twox128("System") ++ twox128("Account") ++ blake2_128_concat(who)) of
// the signers of `extrinsics` (block::Block::extrinsics: each without its length), in order, each
// once: the signed extrinsics of format version 4
// whose address is a MultiAddress::Id. Anything else (unsigned, another address kind, bytes that
// do not parse) is skipped.
std::vector<Bytes> signer_account_keys(std::span<const Bytes> extrinsics);

class StatePrefetcher {
 public:
  explicit StatePrefetcher(const state::Database& db);
  ~StatePrefetcher();  // stops and joins the thread
  StatePrefetcher(const StatePrefetcher&) = delete;
  StatePrefetcher& operator=(const StatePrefetcher&) = delete;

  // Starts reading `keys` in the state with root `state_root` (their nodes: the values are not
  // kept), in order; whatever an earlier start left unread is dropped.
  void start(const Hash256& state_root, std::vector<Bytes> keys);
  // Drops what is left unread (the block's import is over); returns at once.
  void stop();
  // The keys read so far, over the prefetcher's life (tests, diagnostics).
  uint64_t keys_read() const;

 private:
  void run();

  const state::Database& db_;
  mutable std::mutex mutex_;
  std::condition_variable work_;
  Hash256 root_{};
  std::vector<Bytes> keys_;
  size_t next_ = 0;
  uint64_t read_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is set up
};

}  // namespace canary::node
