#include "blockchain/block_builder.hpp"

#include <utility>

#include "primitives/scale/codec.hpp"
#include "primitives/util/hex.hpp"

namespace canary::blockchain {
namespace {

bool exhausts_resources(const runtime::TransactionValidityError& error) {
  const auto* invalid = std::get_if<runtime::InvalidTransaction>(&error);
  return invalid != nullptr &&
         invalid->kind == runtime::InvalidTransaction::Kind::kExhaustsResources;
}

}  // namespace

Result<std::unique_ptr<BlockBuilder>, BlockchainError> BlockBuilder::start(
    RuntimeHost& host, const state::NodeStore& store, const block::Header& parent,
    block::Digest digest, const runtime::InherentData& inherent_data, bool record_offchain_index) {
  std::unique_ptr<BlockBuilder> b(new BlockBuilder(store, parent.state_root));
  CANARY_TRY_ASSIGN(auto session, RuntimeSession::open(host, b->overlay_, {.at = parent.number}));
  b->session_ = std::move(session);
  b->record_offchain_index_ = record_offchain_index;
  if (record_offchain_index) b->session_->context().offchain_index = &b->offchain_index_;
  executor::RuntimeApi& api = b->session_->api();

  b->header_.parent_hash = block::hash_of(parent);
  b->header_.number = parent.number + 1;
  b->header_.digest = std::move(digest);
  auto initialized = api.core_initialize_block(b->header_);
  if (!initialized) return unexpected(runtime_error(initialized.error()));

  auto inherents = api.inherent_extrinsics(inherent_data);
  if (!inherents) return unexpected(runtime_error(inherents.error()));
  for (const Bytes& inherent : *inherents) {
    runtime::TransactionValidityError why;
    CANARY_TRY_ASSIGN(auto outcome, b->push(inherent, &why));
    if (outcome != PushOutcome::kApplied) {
      return unexpected(
          BlockchainError{BlockchainError::Kind::kRuntime,
                          "the runtime refused its own inherent " + to_hex(inherent)});
    }
  }
  return b;
}

Result<PushOutcome, BlockchainError> BlockBuilder::push(
    ByteSpan extrinsic, runtime::TransactionValidityError* validity_error) {
  // The index follows the storage transaction (sp-state-machine's overlay covers both).
  overlay_.start_transaction();
  offchain_index_.start_transaction();
  const auto rollback = [this] {
    (void)overlay_.rollback_transaction();
    (void)offchain_index_.rollback_transaction();
  };
  auto applied = session_->api().apply_extrinsic(extrinsic);
  if (!applied) {
    rollback();
    return unexpected(runtime_error(applied.error()));
  }
  if (!*applied) {
    rollback();
    const runtime::TransactionValidityError& error = applied->error();
    if (validity_error != nullptr) *validity_error = error;
    return exhausts_resources(error) ? PushOutcome::kExhaustsResources : PushOutcome::kInvalid;
  }
  (void)overlay_.commit_transaction();
  (void)offchain_index_.commit_transaction();
  extrinsics_.emplace_back(extrinsic.begin(), extrinsic.end());
  body_size_ += extrinsic.size() + scale::compact_size(extrinsic.size());
  return PushOutcome::kApplied;
}

Result<BuiltBlock, BlockchainError> BlockBuilder::finish() {
  auto header = session_->api().finalize_block();
  if (!header) return unexpected(runtime_error(header.error()));
  BuiltBlock out;
  out.state_version = session_->state_version();
  out.changes = std::make_unique<state::NodeChanges>();
  auto root = overlay_.write_nodes(out.state_version, *out.changes);
  if (!root) {
    return unexpected(
        BlockchainError{BlockchainError::Kind::kDatabase,
                        std::string("computing the state: ") + state::to_string(root.error())});
  }
  if (*root != header->state_root) {
    return unexpected(BlockchainError{BlockchainError::Kind::kRuntime,
                                      "the runtime's state root " + to_hex(header->state_root) +
                                          " differs from the host's " + to_hex(*root)});
  }
  out.block.header = std::move(*header);
  out.block.extrinsics = std::move(extrinsics_);
  if (record_offchain_index_) out.offchain_index = offchain_index_.changes();
  session_.reset();
  return out;
}

}  // namespace canary::blockchain
