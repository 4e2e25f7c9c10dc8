// frame_support::traits::Polling as a C++20 concept: the polls (referenda) a voting pallet
// (conviction voting, ranked collective) votes in, each ongoing with a tally and a class (a
// track), or completed at some moment, approved or not.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"

namespace canary::rt::traits {

// frame_support::traits::PollStatus<Tally, Moment, Class>: no such poll, an ongoing one (its
// tally, given by reference to whoever accesses it, and its class) or a completed one.
template <class Tally, class Moment, class Class>
struct PollStatus {
  struct None {};
  struct Ongoing {
    Tally tally;
    Class klass;
  };
  struct Completed {
    Moment moment;
    bool approved = false;
  };
  std::variant<None, Ongoing, Completed> status;
};

// frame_support::traits::Polling<Tally>: P::Index names a poll, P::Votes counts, P::Class is a
// poll's class (track), P::Moment a block number. access_poll and try_access_poll hand the
// poll's status, with a mutable tally (Tally*), to `f` and return what it returns.
template <class P, class Tally>
concept Polling = requires(const typename P::Index& index, const typename P::Class& klass) {
  typename P::Votes;
  typename P::Moment;
  { P::classes() } -> std::same_as<std::vector<typename P::Class>>;
  { P::as_ongoing(index) } -> std::same_as<std::optional<std::pair<Tally, typename P::Class>>>;
  {
    P::access_poll(index,
                   [](PollStatus<Tally*, typename P::Moment, typename P::Class>) { return 0; })
  } -> std::same_as<int>;
  {
    P::try_access_poll(index,
                       [](PollStatus<Tally*, typename P::Moment, typename P::Class>)
                           -> Result<int, DispatchError> { return 0; })
  } -> std::same_as<Result<int, DispatchError>>;
  { P::max_ongoing() } -> std::same_as<std::pair<typename P::Class, uint32_t>>;
};

}  // namespace canary::rt::traits
