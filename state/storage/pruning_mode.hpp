// Which states the database keeps (Substrate's `--state-pruning archive | <N>`,
// paritytech/polkadot-sdk substrate/client/state-db/src/lib.rs `PruningMode`).
//
//  - archive: every state ever committed stays readable, forks included. Nodes are written and
//    never deleted, so no reference counts or journals are kept.
//  - window N: the states of the last N finalized blocks (the finalized block and N - 1 of its
//    ancestors) and of every block that is not finalized yet. Nodes carry reference counts; a
//    state leaves the window when finality moves N blocks past it, and forks of the finalized
//    chain are discarded when finality passes them.
//
// A database keeps the kind it was created with (archive or window), as Substrate does; N may
// change between runs.
#pragma once

#include <cstdint>

namespace canary::state {

struct PruningMode {
  bool archive = false;
  uint32_t window = 256;  // ignored for archive; Substrate's default is 256 as well

  static constexpr PruningMode archive_mode() { return {true, 0}; }
  static constexpr PruningMode keep_last(uint32_t blocks) { return {false, blocks}; }

  bool operator==(const PruningMode&) const = default;
};

}  // namespace canary::state
