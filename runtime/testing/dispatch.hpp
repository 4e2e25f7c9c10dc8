// Native pallet tests dispatch calls and read events as the executive does: a call's changes stay
// only if it succeeds (frame-support's storage layer around every dispatch), and a pallet's events
// are those System recorded for it in this block.
#pragma once

#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/composition.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt::testing {

// Dispatches `call` of `Pallet` (a pallet of Runtime's composition) from `origin`, in a storage
// layer of its own.
template <class Runtime, class Pallet>
DispatchResultWithPostInfo dispatch(typename Pallet::Call call, const Origin& origin) {
  io::storage::start_transaction();
  auto result = Runtime::Pallets::Call::template of<Pallet>(std::move(call)).dispatch(origin);
  if (result) {
    io::storage::commit_transaction();
  } else {
    io::storage::rollback_transaction();
  }
  return result;
}

// `Pallet`'s events deposited in this block, in order.
template <class Runtime, class Pallet>
std::vector<typename Pallet::Event> events_of() {
  std::vector<typename Pallet::Event> out;
  for (const auto& record : Runtime::System::template EventsOf<>::get()) {
    if (const auto* e = std::get_if<PalletEvent<Pallet>>(&record.event.value)) {
      out.push_back(e->event);
    }
  }
  return out;
}

}  // namespace canary::rt::testing
