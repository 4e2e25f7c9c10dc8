// A validated transaction as the pool keeps it (polkadot-sdk
// substrate/client/transaction-pool/src/graph/base_pool.rs `Transaction`): the encoded extrinsic
// and what TaggedTransactionQueue_validate_transaction said about it, fixed at import. The record
// is immutable and shared (TransactionPtr) by the queues and the block author's snapshots, so a
// snapshot never copies extrinsic bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::txpool {

// A tag is an opaque byte string chosen by the runtime, e.g. SCALE(account, nonce) for a signed
// extrinsic (frame_system CheckNonce). One ready transaction at most provides a given tag.
using Tag = Bytes;

// BLAKE2b-256 of the encoded extrinsic (sp-runtime BlakeTwo256 as the relay chain's hashing).
using TransactionHash = Hash256;

struct Transaction {
  TransactionHash hash{};
  Bytes extrinsic;  // the SCALE-encoded extrinsic, as submitted and as it goes into a block
  uint64_t priority = 0;
  // The first block number at which the transaction is no longer valid:
  // validated_at + longevity, saturating (graph/validated_pool.rs ValidatedTransaction::valid_at).
  uint64_t valid_till = UINT64_MAX;
  std::vector<Tag> requires_tags;
  std::vector<Tag> provides_tags;
  bool propagate = true;
  runtime::TransactionSource source = runtime::TransactionSource::kExternal;

  // The encoded length, which the queue limits count (Substrate's `bytes`).
  size_t size() const { return extrinsic.size(); }
};

using TransactionPtr = std::shared_ptr<const Transaction>;

// The hash the pool, the RPC and the network identify a transaction by.
TransactionHash transaction_hash(ByteSpan extrinsic);

// Saturating validated_at + longevity.
uint64_t valid_till(uint64_t validated_at, uint64_t longevity);

// The pool's record of a transaction the runtime found valid at block `validated_at`.
TransactionPtr make_transaction(const TransactionHash& hash, Bytes extrinsic,
                                runtime::TransactionSource source,
                                const runtime::ValidTransaction& validity, uint64_t validated_at);

// The same transaction with a new validity (revalidation at a later block keeps bytes and source).
TransactionPtr with_validity(const Transaction& tx, const runtime::ValidTransaction& validity,
                             uint64_t validated_at);

// Hash functors for the pool's maps. Transaction hashes are BLAKE2b outputs, but callers may
// choose them (tests do), so all 32 bytes are mixed rather than only the first word.
struct TransactionHashHasher {
  size_t operator()(const TransactionHash& h) const noexcept {
    uint64_t w[4];
    std::memcpy(w, h.data(), sizeof w);
    return static_cast<size_t>(w[0] ^ (w[1] * 0x9e3779b97f4a7c15ULL) ^ (w[2] >> 7) ^
                               (w[3] * 0xc2b2ae3d27d4eb4fULL));
  }
};

struct TagHasher {
  size_t operator()(const Tag& tag) const noexcept {
    return std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
  }
};

template <class V>
using HashMap = std::unordered_map<TransactionHash, V, TransactionHashHasher>;
using HashSet = std::unordered_set<TransactionHash, TransactionHashHasher>;
template <class V>
using TagMap = std::unordered_map<Tag, V, TagHasher>;
using TagSet = std::unordered_set<Tag, TagHasher>;

}  // namespace canary::txpool
