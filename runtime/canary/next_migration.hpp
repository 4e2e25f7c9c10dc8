// The migration the next runtime (CANARY_NEXT_RUNTIME) carries, so that an upgrade to it has an
// effect any client can read: the Template pallet's storage moves from version 0 to 1
// (VersionedMigration, so it runs only from 0, once) and Template.Something holds the spec version
// that ran it. The upgrade tests enact it (tests/interop/runtime_upgrade.test.mjs).
#pragma once

#include <string>

#include "primitives/scale/scale.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/migrations.hpp"
#include "runtime/framework/types/weight.hpp"

namespace canary::rt::canary_runtime {

// The rewrite itself (FRAME's UncheckedOnRuntimeUpgrade); R is the runtime configuration.
template <class R>
struct NoteTheUpgradeInTemplate {
  static Weight on_runtime_upgrade() {
    R::Template::Something::put(R::version().spec_version);
    return R::kDbWeight.writes(1);
  }
  // try-runtime's checks (migrations.hpp): Something held anything but this version before.
  static Result<Bytes, std::string> pre_upgrade() { return Bytes{}; }
  static Result<void, std::string> post_upgrade(Bytes) {
    if (R::Template::Something::get() != R::version().spec_version) {
      return unexpected(std::string("Template.Something is not the new spec version"));
    }
    return {};
  }
};

template <class R>
using NextRuntimeMigration =
    VersionedMigration<0, 1, NoteTheUpgradeInTemplate<R>, typename R::Template, R>;

}  // namespace canary::rt::canary_runtime
