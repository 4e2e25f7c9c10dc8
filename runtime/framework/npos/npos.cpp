// The election algorithms and the inflation curve instantiated for the runtime's account type and
// accuracies, so that both builds (natively and wasm32) compile them whether or not a pallet uses
// them yet. Nothing here is referenced: a link pulls in only what a pallet or the miner calls.
#include "runtime/framework/npos/npos.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runtime/framework/arithmetic/per_thing.hpp"
#include "runtime/framework/npos/era_payout.hpp"
#include "runtime/framework/npos/reward_fn.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::npos {

using arithmetic::Perbill;
using arithmetic::Percent;
using arithmetic::Permill;
using arithmetic::Perquintill;
using arithmetic::PerU16;

template Election<AccountId32> setup_inputs<AccountId32>(std::span<const AccountId32>,
                                                         std::span<const VoterInput<AccountId32>>);
template Result<void, Error> seq_phragmen_core<AccountId32>(size_t, Election<AccountId32>&);
template size_t balance<AccountId32>(Election<AccountId32>&, const BalancingConfig&);

template Result<ElectionResult<AccountId32, PerU16>, Error> seq_phragmen<PerU16, AccountId32>(
    size_t, std::span<const AccountId32>, std::span<const VoterInput<AccountId32>>,
    std::optional<BalancingConfig>);
template Result<ElectionResult<AccountId32, Perbill>, Error> seq_phragmen<Perbill, AccountId32>(
    size_t, std::span<const AccountId32>, std::span<const VoterInput<AccountId32>>,
    std::optional<BalancingConfig>);
template Result<ElectionResult<AccountId32, PerU16>, Error> phragmms<PerU16, AccountId32>(
    size_t, std::span<const AccountId32>, std::span<const VoterInput<AccountId32>>,
    std::optional<BalancingConfig>);

template std::optional<uint32_t> reduce<AccountId32>(std::vector<StakedAssignment<AccountId32>>&);

template Supports<AccountId32> to_supports<AccountId32>(
    std::span<const StakedAssignment<AccountId32>>);
template ElectionScore evaluate<AccountId32>(const Supports<AccountId32>&);
template Result<std::vector<Assignment<AccountId32, PerU16>>, Error>
    assignment_staked_to_ratio_normalized<PerU16, AccountId32>(
        std::span<const StakedAssignment<AccountId32>>);

// The inflation curve for every per-thing (era_payout.hpp's functions are inline and use the
// Perquintill one).
template Percent compute_inflation<Percent>(Percent, Percent, Percent);
template PerU16 compute_inflation<PerU16>(PerU16, PerU16, PerU16);
template Permill compute_inflation<Permill>(Permill, Permill, Permill);
template Perbill compute_inflation<Perbill>(Perbill, Perbill, Perbill);
template Perquintill compute_inflation<Perquintill>(Perquintill, Perquintill, Perquintill);

}  // namespace canary::rt::npos
