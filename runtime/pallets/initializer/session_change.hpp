// initializer::SessionChangeNotification (polkadot-sdk stable2506,
// polkadot/runtime/parachains/src/initializer.rs): what every parachain pallet's
// initializer_on_new_session learns when the Initializer applies a session change. `validators`
// are the session's active validators as ParasShared shuffled and truncated them; `queued` the
// next session's keys as pallet_session announced them.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "runtime/pallets/para_configuration/host_configuration.hpp"
#include "runtime/pallets/para_shared/para_shared.hpp"

namespace canary::rt::pallets::initializer {

struct SessionChangeNotification {
  std::vector<para_shared::ValidatorId> validators;
  std::vector<para_shared::ValidatorId> queued;
  para_configuration::HostConfiguration prev_config;
  para_configuration::HostConfiguration new_config;
  std::array<uint8_t, 32> random_seed{};
  uint32_t session_index = 0;
};

}  // namespace canary::rt::pallets::initializer
