#include "node/service/babe_methods.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "consensus/babe/slot_claim.hpp"
#include "node/keystore/key_types.hpp"
#include "node/rpc/registration.hpp"
#include "primitives/ss58/ss58.hpp"

namespace canary::node {

namespace {

using rpc::Error;
using rpc::Json;
using rpc::MethodResult;
using rpc::MethodSafety;

Error string_error(std::string message) {
  return Error{kBabeStringErrorCode, std::move(message), std::nullopt};
}

}  // namespace

void register_babe_methods(::canary::rpc::MethodRegistry& registry, const blockchain::Chain& chain,
                           const BabeState& babe, FileKeystore& keystore, uint16_t ss58_format) {
  rpc::add_method(
      registry, {"babe_epochAuthorship"}, MethodSafety::kUnsafe,
      [&chain, &babe, &keystore, ss58_format](const rpc::Params&,
                                              const rpc::CallContext&) -> MethodResult {
        const blockchain::BlockRef best = chain.best();
        auto header = chain.header(best.hash);
        if (!header) return unexpected(string_error(header.error().message()));
        if (!*header) return unexpected(string_error("best block header not found"));
        // The best block's own slot lies in the runtime's current epoch (0 for genesis, whose
        // current epoch is the genesis epoch from slot 0).
        auto slot = BabeState::slot_of(**header);
        if (!slot) return unexpected(string_error(slot.error().message()));
        auto epoch = babe.epoch_for_child(best.hash, *slot);
        if (!epoch) {
          return unexpected(
              Error{kBabeFetchEpochErrorCode, "Failed to fetch epoch data", std::nullopt});
        }
        const consensus::babe::Epoch& current = epoch->epoch;

        // The keystore's BABE keys that are authorities of the epoch (read at each call, as
        // Substrate asks its keystore).
        std::vector<crypto::sr25519::Keypair> keys;
        for (const Bytes& pub : keystore.public_keys(keys::Scheme::kSr25519, key_type_id("babe"))) {
          const bool authority = std::any_of(
              current.authorities.begin(), current.authorities.end(),
              [&](const consensus::babe::Authority& a) {
                return std::equal(a.public_key.begin(), a.public_key.end(), pub.begin(), pub.end());
              });
          if (!authority) continue;
          auto pair = keystore.key_pair(keys::Scheme::kSr25519, key_type_id("babe"), pub);
          if (pair && pair->sr25519()) keys.push_back(*pair->sr25519());
        }

        struct Slots {
          Json primary = Json::array();
          Json secondary = Json::array();
          Json secondary_vrf = Json::array();
        };
        std::map<std::string, Slots> claims;
        if (!keys.empty()) {
          for (consensus::babe::Slot s = current.start_slot;
               s - current.start_slot < current.duration; ++s) {
            auto claim = consensus::babe::claim_slot(s, current, keys);
            if (!claim) continue;
            Slots& slots = claims[ss58::encode(keys[claim->key_index].public_key, ss58_format)];
            const auto& digest = claim->pre_digest.value;
            if (std::holds_alternative<consensus::babe::PrimaryPreDigest>(digest)) {
              slots.primary.push_back(s);
            } else if (std::holds_alternative<consensus::babe::SecondaryPlainPreDigest>(digest)) {
              slots.secondary.push_back(s);
            } else {
              slots.secondary_vrf.push_back(s);
            }
          }
        }
        Json out = Json::object();
        for (auto& [address, slots] : claims) {
          out[address] = Json{{"primary", std::move(slots.primary)},
                              {"secondary", std::move(slots.secondary)},
                              {"secondary_vrf", std::move(slots.secondary_vrf)}};
        }
        return out;
      });
}

}  // namespace canary::node
