#include "txpool/transaction.hpp"

#include "primitives/hash/hash.hpp"

namespace canary::txpool {

TransactionHash transaction_hash(ByteSpan extrinsic) {
  return hash::blake2b_256(extrinsic);
}

uint64_t valid_till(uint64_t validated_at, uint64_t longevity) {
  return longevity > UINT64_MAX - validated_at ? UINT64_MAX : validated_at + longevity;
}

TransactionPtr make_transaction(const TransactionHash& hash, Bytes extrinsic,
                                runtime::TransactionSource source,
                                const runtime::ValidTransaction& validity, uint64_t validated_at) {
  auto tx = std::make_shared<Transaction>();
  tx->hash = hash;
  tx->extrinsic = std::move(extrinsic);
  tx->priority = validity.priority;
  tx->valid_till = valid_till(validated_at, validity.longevity);
  tx->requires_tags = validity.requires_tags;
  tx->provides_tags = validity.provides_tags;
  tx->propagate = validity.propagate;
  tx->source = source;
  return tx;
}

TransactionPtr with_validity(const Transaction& tx, const runtime::ValidTransaction& validity,
                             uint64_t validated_at) {
  return make_transaction(tx.hash, tx.extrinsic, tx.source, validity, validated_at);
}

}  // namespace canary::txpool
