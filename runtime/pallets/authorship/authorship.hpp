// pallet_authorship: who authored the current block, found once per block from the pre-runtime
// digests and cached until on_finalize; other pallets (staking points, fees) are told through
// T's note_author. Reference: polkadot-sdk substrate/frame/authorship/src/lib.rs.
//
// The runtime's configuration T provides:
//   System
//   authorship_find_author(const block::Digest&) -> std::optional<AccountId32>
//     (FindAuthor; Kusama: Session's FindAccountFromAuthorIndex over Babe's author index)
//   optional note_author(const AccountId32&)  (EventHandler; Kusama: Staking's era points)
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::pallets::authorship {

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_authorship";

  using Author = StorageValue<Pallet, "Author", AccountId32, OptionQuery,
                              DocLines<" Author of current block.">>;

  static Weight on_initialize(BlockNumber) {
    if (auto who = author()) {
      if constexpr (requires { T::note_author(*who); }) T::note_author(*who);
    }
    // FRAME charges nothing here either: the digest read is part of the block's base weight.
    return Weight::zero();
  }
  static void on_finalize(BlockNumber) {
    // Cleaned up so that it never lands in the state (and is not read from a previous block).
    Author::kill();
  }

  // The author of the current block; none if the digest names none (e.g. genesis, or a block
  // without a BABE pre-digest).
  static std::optional<AccountId32> author() {
    if (auto cached = Author::get()) return cached;
    auto found = T::authorship_find_author(T::System::Digest::get());
    if (found) Author::put(*found);
    return found;
  }

  using Storage = std::tuple<Author>;
};

}  // namespace canary::rt::pallets::authorship
