// What a release of the Canary runtime changes: its spec version and its migrations. The build
// compiles this file twice: as is for the runtime the node embeds, and with CANARY_NEXT_RUNTIME
// for the next runtime (canary_runtime_next.compact.compressed.wasm), spec version one higher with
// a migration a client can read (next_migration.hpp). Every other object file is shared, so the
// next runtime costs this file, a link and a pack (runtime/canary/README.md).
#include "runtime/canary/runtime.hpp"

#ifdef CANARY_NEXT_RUNTIME
#include "runtime/canary/next_migration.hpp"
#endif

namespace canary::rt::canary_runtime {

namespace {
constexpr uint32_t kSpecVersion = 1'000;
}  // namespace

#ifdef CANARY_NEXT_RUNTIME
static_assert(CANARY_RUNTIME_WITH_SUDO, "the next runtime upgrades the development runtime");

uint32_t Runtime::spec_version() {
  return kSpecVersion + 1;
}

Weight Runtime::ReleaseMigrations::on_runtime_upgrade() {
  return run_migrations<std::tuple<NextRuntimeMigration<Runtime>>>();
}
#else
uint32_t Runtime::spec_version() {
  return kSpecVersion;
}

// None in this release (Kusama 1.7.1's `Unreleased = ()`).
Weight Runtime::ReleaseMigrations::on_runtime_upgrade() {
  return {};
}
#endif

}  // namespace canary::rt::canary_runtime
