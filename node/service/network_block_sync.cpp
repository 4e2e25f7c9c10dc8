// NetworkService's block sync: network/sync's ChainSync driven on the worker (its block requests
// sent, the blocks it hands over imported in order, justifications applied, peers reported), and
// `/sync/2` served from the chain.
#include "node/service/network_service_impl.hpp"

namespace canary::node {

using Clock = std::chrono::steady_clock;

namespace {

network::BlockImportOutcome import_outcome(const blockchain::BlockchainError& error) {
  using Kind = blockchain::BlockchainError::Kind;
  switch (error.kind) {
    case Kind::kAlreadyKnown:
      return network::BlockImportOutcome::kAlreadyKnown;
    case Kind::kUnknownBlock:
      return network::BlockImportOutcome::kUnknownParent;
    case Kind::kBadBlock:
    case Kind::kConsensus:
      return network::BlockImportOutcome::kInvalid;
    case Kind::kStateUnavailable:
    case Kind::kRuntime:
    case Kind::kDatabase:
      return network::BlockImportOutcome::kError;
  }
  return network::BlockImportOutcome::kError;
}

Result<network::BlockResponse, network::BlockRequestError> block_response_of(
    Result<Bytes, network::RequestFailure> response) {
  using network::BlockRequestError;
  if (response) {
    auto decoded = network::decode_block_response(*response);
    if (!decoded) return unexpected(BlockRequestError::kDecodeFailed);
    return std::move(*decoded);
  }
  switch (response.error()) {
    case network::RequestFailure::kTimeout:
      return unexpected(BlockRequestError::kTimeout);
    case network::RequestFailure::kRefused:
      return unexpected(BlockRequestError::kUnsupportedProtocol);
    case network::RequestFailure::kNoResponse:
      return unexpected(BlockRequestError::kRefused);
    case network::RequestFailure::kResponseTooLarge:
    case network::RequestFailure::kMalformed:
      return unexpected(BlockRequestError::kDecodeFailed);
    case network::RequestFailure::kNoConnection:
    case network::RequestFailure::kConnectionClosed:
      break;
  }
  return unexpected(BlockRequestError::kConnectionClosed);
}

}  // namespace

void NetworkService::Impl::execute(std::vector<network::SyncAction> actions) {
  // Block requests go out first. ChainSync lists the blocks to import before the next requests,
  // and importing them (on this thread) takes far longer than a request's round trip: sent first,
  // the next ranges download while these import, as with Substrate's import queue beside its sync.
  for (network::SyncAction& action : actions) {
    auto* send = std::get_if<network::SendBlockRequest>(&action);
    if (send == nullptr) continue;
    Impl* self = this;
    sync->request(
        send->peer, network::encode_block_request(send->request),
        [self, peer = send->peer,
         id = send->request_id](Result<Bytes, network::RequestFailure> response) {
          // Decoded on the I/O thread, handled on the worker.
          auto result = block_response_of(std::move(response));
          self->post([self, peer, id, result = std::move(result)]() mutable {
            self->execute(self->chain_sync->on_block_response(peer, id, std::move(result)));
          });
        });
  }
  for (network::SyncAction& action : actions) {
    if (std::holds_alternative<network::SendBlockRequest>(action)) {
      continue;  // sent above
    } else if (auto* import = std::get_if<network::ImportBlocks>(&action)) {
      import_blocks(*import);
    } else if (auto* justification = std::get_if<network::ImportJustifications>(&action)) {
      auto outcome = network::JustificationImportOutcome::kFailure;
      for (const auto& [engine, proof] : justification->justifications) {
        if (engine != block::kGrandpaEngineId) continue;
        auto imported = parts.grandpa.import_justification(
            blockchain::BlockRef{justification->hash, justification->number}, proof, unix_ms());
        if (imported) {
          outcome = *imported ? network::JustificationImportOutcome::kSuccess
                              : network::JustificationImportOutcome::kOutdated;
        } else {
          log::debug("sync", "Justification of #{} from {}: {}", justification->number,
                     justification->origin.to_base58(), imported.error());
        }
      }
      execute(chain_sync->on_justification_import(justification->origin, justification->hash,
                                                  justification->number, outcome));
      if (parts.wake_chain) parts.wake_chain();
    } else if (auto* reported = std::get_if<network::ReportPeer>(&action)) {
      report(reported->peer, reported->change);
    } else if (auto* disconnect = std::get_if<network::DisconnectPeer>(&action)) {
      host->disconnect(disconnect->peer);
    }
  }
  MutexLock lock(peers_mutex);
  sync_status = chain_sync->status();
}

// The blocks in order, each verified, executed and stored (the import queue of sc-consensus, on
// this thread); a justification that came with a block is applied once the block is in.
void NetworkService::Impl::import_blocks(network::ImportBlocks& import) {
  std::vector<network::BlockImportResult> results;
  results.reserve(import.blocks.size());
  size_t imported = 0;
  for (network::BlockData& data : import.blocks) {
    network::BlockImportResult result;
    result.hash = data.hash;
    if (!data.header) {
      result.outcome = network::BlockImportOutcome::kInvalid;
      results.push_back(result);
      break;
    }
    auto done = parts.importer.import_block(*data.header, data.body, std::nullopt, unix_ms());
    if (!done) {
      result.outcome = import_outcome(done.error());
      if (result.outcome != network::BlockImportOutcome::kAlreadyKnown) {
        log::warn("sync", "💔 Error importing block #{} ({}) from {}: {}", data.header->number,
                  log::short_hash(data.hash), import.origin.to_base58(), done.error().message());
        results.push_back(result);
        break;
      }
    } else {
      ++imported;
    }
    if (data.justifications) {
      for (const auto& [engine, proof] : *data.justifications) {
        if (engine != block::kGrandpaEngineId) continue;
        auto applied = parts.grandpa.import_justification(
            blockchain::BlockRef{data.hash, data.header->number}, proof, unix_ms());
        if (!applied) {
          log::debug("sync", "Justification of #{}: {}", data.header->number, applied.error());
          result.bad_justification = true;
        }
      }
    }
    results.push_back(result);
  }
  if (imported > 0 && parts.wake_chain) parts.wake_chain();
  execute(chain_sync->on_blocks_processed(results));
}

void NetworkService::Impl::report(const network::PeerId& peer,
                                  consensus::grandpa::ReputationChange change) {
  network::ReportOutcome outcome;
  {
    MutexLock lock(peers_mutex);
    outcome = peer_store.report(peer, change, Clock::now());
  }
  if (outcome.newly_banned) {
    // sc-network logs bans at warn.
    log::warn("peerset", "Report {}: {:+} to {}. Reason: {}. Banned, disconnecting.",
              peer.to_base58(), change.value, outcome.reputation, change.reason);
  } else {
    log::debug("peerset", "Report {}: {:+} to {}. Reason: {}", peer.to_base58(), change.value,
               outcome.reputation, change.reason);
  }
  // Reports can come while a banned peer's connection is still closing: disconnect every time.
  if (outcome.banned) host->disconnect(peer);
}

void NetworkService::Impl::serve_block_request(const network::PeerId& peer, Bytes request,
                                               const network::Responder& respond) {
  auto decoded = network::decode_block_request(request);
  if (!decoded) {
    log::debug("sync", "{}: bad block request: {}", peer.to_base58(),
               network::to_string(decoded.error()));
    report(peer, network::kBadRequest);
    respond(std::nullopt);
    return;
  }
  const bool queued = post([this, request = *decoded, respond]() {
    network::ChainBlockSource source(parts.chain);
    auto response = network::build_block_response(request, source);
    if (!response) {
      respond(std::nullopt);
      return;
    }
    respond(network::encode_block_response(*response));
  });
  if (!queued) respond(std::nullopt);
}

Bytes NetworkService::Impl::announces_handshake() const {
  const blockchain::BlockRef best = parts.chain.best();
  return network::encode_block_announces_handshake(
      network::BlockAnnouncesHandshake{roles, best.number, best.hash, genesis});
}

}  // namespace canary::node
