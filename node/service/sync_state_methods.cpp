#include "node/service/sync_state_methods.hpp"

#include <optional>
#include <string>
#include <utility>

#include "node/chain/chain_spec_json.hpp"
#include "node/rpc/registration.hpp"
#include "node/service/grandpa_aux_keys.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

namespace {

using rpc::Error;
using rpc::Json;
using rpc::MethodResult;
using rpc::MethodSafety;

// sc-sync-state-rpc: every error is code 1 with its Display.
Error sync_state_error(std::string message) {
  return Error{1, std::move(message), std::nullopt};
}

}  // namespace

void register_sync_state_methods(::canary::rpc::MethodRegistry& registry,
                                 const blockchain::Chain& chain, const BabeState& babe,
                                 std::string chain_spec_json) {
  rpc::add_method(
      registry, {"sync_state_genSyncSpec"}, MethodSafety::kSafe,
      rpc::with_params<bool>(
          {"raw"},
          [&chain, &babe, spec = std::move(chain_spec_json)](const rpc::CallContext&,
                                                             bool raw) -> MethodResult {
            const blockchain::BlockRef finalized = chain.finalized();
            auto header = chain.header(finalized.hash);
            if (!header) return unexpected(sync_state_error(header.error().message()));
            if (!*header) {
              return unexpected(sync_state_error("Header was not found in the database: " +
                                                 to_hex(finalized.hash)));
            }
            // BABE keeps a weight for the blocks it imported, not for genesis.
            if (finalized.number == 0) {
              return unexpected(sync_state_error("Failed to load the block weight for block " +
                                                 to_hex(finalized.hash)));
            }
            auto weight = babe.weight_of(finalized.hash);
            if (!weight) return unexpected(sync_state_error(weight.error().message()));
            auto epochs = babe.epochs_of(finalized.hash);
            if (!epochs) return unexpected(sync_state_error(epochs.error().message()));
            auto authority_set = chain.database().aux(to_bytes(kGrandpaAuthoritySetKey));
            if (!authority_set) {
              return unexpected(sync_state_error(authority_set.error().message()));
            }
            if (!*authority_set) {
              return unexpected(sync_state_error("no GRANDPA authority set is stored"));
            }

            auto document = parse_chain_spec_document(spec);
            if (!document) return unexpected(sync_state_error(document.error()));
            document->extensions["lightSyncState"] =
                Json{{"finalizedBlockHeader", to_hex(scale::encode(**header))},
                     {"babeEpochChanges", to_hex(scale::encode(*epochs))},
                     {"babeFinalizedBlockWeight", *weight},
                     {"grandpaAuthoritySet", to_hex(**authority_set)}};
            auto written = write_chain_spec_json(*document, raw);
            if (!written) return unexpected(sync_state_error(written.error()));
            Json out = Json::parse(*written, nullptr, false);
            if (out.is_discarded()) return unexpected(sync_state_error("chain spec JSON"));
            return out;
          }));
}

}  // namespace canary::node
