// Runtime migrations (frame-support `OnRuntimeUpgrade`, `migrations::VersionedMigration`): code
// that rewrites storage once, in the first block after the runtime's code changed.
//
// A migration is a type with
//   static Weight on_runtime_upgrade();                        // the rewrite, and what it cost
// and optionally, for tests (FRAME's try-runtime hooks):
//   static Result<Bytes, std::string> pre_upgrade();            // state to compare after
//   static Result<void, std::string> post_upgrade(Bytes state); // checks the result
// A runtime lists its migrations in its configuration, oldest first:
//   using Migrations = std::tuple<VersionedMigration<0, 1, balances::MigrateToV1, Balances,
//   Runtime>>;
// and the executive runs them (run_migrations) before the pallets' on_runtime_upgrade hooks, as
// frame-executive runs `COnRuntimeUpgrade` before `AllPalletsWithSystem`.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <tuple>

#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/storage_version.hpp"
#include "runtime/framework/types/weight.hpp"
#include "runtime/io/logging.hpp"

namespace canary::rt {

template <class M>
concept Migration = requires {
  { M::on_runtime_upgrade() } -> std::same_as<Weight>;
};
template <class M>
concept HasPreUpgrade = requires {
  { M::pre_upgrade() } -> std::same_as<Result<Bytes, std::string>>;
};
template <class M>
concept HasPostUpgrade = requires(Bytes state) {
  { M::post_upgrade(std::move(state)) } -> std::same_as<Result<void, std::string>>;
};

template <class M>
Result<Bytes, std::string> call_pre_upgrade() {
  if constexpr (HasPreUpgrade<M>) {
    return M::pre_upgrade();
  } else {
    return Bytes{};
  }
}
template <class M>
Result<void, std::string> call_post_upgrade(Bytes state) {
  if constexpr (HasPostUpgrade<M>) {
    return M::post_upgrade(std::move(state));
  } else {
    return {};
  }
}

template <class Tuple>
struct Migrations;

// A tuple of migrations, in order: the executive's path (no checks).
template <class... Ms>
struct Migrations<std::tuple<Ms...>> {
  static_assert((Migration<Ms> && ...),
                "every migration needs `static Weight on_runtime_upgrade()`");

  static Weight on_runtime_upgrade() {
    Weight total;
    ((total = total.saturating_add(Ms::on_runtime_upgrade())), ...);
    return total;
  }

  // FRAME's try_on_runtime_upgrade(checks = true) for tuples: each migration's pre_upgrade,
  // on_runtime_upgrade and post_upgrade in turn, stopping at the first failed check.
  static Result<Weight, std::string> try_on_runtime_upgrade() {
    Weight total;
    std::optional<std::string> error;
    (
        [&] {
          if (error) return;
          auto state = call_pre_upgrade<Ms>();
          if (!state) {
            error = "pre_upgrade: " + state.error();
            return;
          }
          total = total.saturating_add(Ms::on_runtime_upgrade());
          if (auto checked = call_post_upgrade<Ms>(std::move(*state)); !checked) {
            error = "post_upgrade: " + checked.error();
          }
        }(),
        ...);
    if (error) return unexpected(*error);
    return total;
  }
};

template <class Tuple>
Weight run_migrations() {
  return Migrations<Tuple>::on_runtime_upgrade();
}

// Runs Inner (a migration that does not look at versions, FRAME's UncheckedOnRuntimeUpgrade) only
// when Pallet's on-chain storage version is From, then sets it to To; at any other version it does
// nothing but log that it can be removed. So a migration left in the list after it ran is
// harmless, and one listed for the wrong version never touches the data. DbWeight is the runtime
// configuration (its kDbWeight prices the version's read and write).
template <StorageVersion From, StorageVersion To, class Inner, class Pallet, class DbWeight>
struct VersionedMigration {
  static_assert(Migration<Inner>);

  static Weight on_runtime_upgrade() {
    const StorageVersion on_chain = on_chain_storage_version<Pallet>();
    if (on_chain != From) {
      if (io::log_enabled(io::LogLevel::kWarn)) {
        io::log(io::LogLevel::kWarn, "runtime::frame-support",
                describe() + " can be removed; on-chain is already at " + std::to_string(on_chain) +
                    ".");
      }
      return DbWeight::kDbWeight.reads(1);
    }
    if (io::log_enabled(io::LogLevel::kInfo)) {
      io::log(io::LogLevel::kInfo, "runtime::frame-support",
              describe() + ": migrating storage version.");
    }
    const Weight weight = Inner::on_runtime_upgrade();
    put_storage_version<Pallet>(To);
    return weight.saturating_add(DbWeight::kDbWeight.reads_writes(1, 1));
  }

  // The inner migration's checks, only when it is going to run: the state is SCALE
  // Option<Vec<u8>> (None: skipped), as FRAME's.
  static Result<Bytes, std::string> pre_upgrade() {
    if (on_chain_storage_version<Pallet>() != From) {
      return scale::encode(std::optional<Bytes>());
    }
    auto state = call_pre_upgrade<Inner>();
    if (!state) return unexpected(state.error());
    return scale::encode(std::optional<Bytes>(std::move(*state)));
  }
  static Result<void, std::string> post_upgrade(Bytes encoded) {
    auto state = scale::decode<std::optional<Bytes>>(encoded);
    if (!state)
      return unexpected(std::string("VersionedMigration: the pre_upgrade state does not decode"));
    if (!*state) return {};
    return call_post_upgrade<Inner>(std::move(**state));
  }

 private:
  static std::string describe() {
    return "Pallet " + std::string(Pallet::kName) + " VersionedMigration " + std::to_string(From) +
           " -> " + std::to_string(To);
  }
};

}  // namespace canary::rt
