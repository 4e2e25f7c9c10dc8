// pallet_bags_list: an approximately sorted list of accounts by score, kept in "bags" delimited by
// score thresholds, each bag a doubly linked list of nodes in insertion order (Kusama's VoterList,
// pallet_bags_list::<Instance1> at index 39: Staking's voters, read from the top by the election).
// Semantics of polkadot-sdk substrate/frame/bags-list as FR-1.7.1 builds it (pallet-bags-list
// 41.0.0): the list (list/mod.rs), the Lock that freezes updates while an election snapshot is
// taken, and the automatic rebagging in on_idle (NextNodeAutoRebagged, MaxAutoRebagPerBlock).
//
//   - A node goes at the tail of the bag whose upper bound is the first threshold >= its score
//     (u64::MAX is the implied last bound). Every operation reads and writes O(1) entries.
//   - Iteration: bags from the highest bound down, each from head to tail.
//   - rebag (anyone) moves an account into the bag its current score (ScoreProvider) says;
//     put_in_front_of(_other) moves a heavier account in front of a lighter one of the same bag.
//
// The runtime configuration T provides System, Pallets and kDbWeight (frame_system's); the
// instance's configuration C (T itself by default: Pallet<T, At, C>) provides
//   using ScoreProvider = …;             traits::ScoreProvider: the current score (Staking)
//   static constexpr … kBagThresholds;   the thresholds, strictly increasing, convertible to
//                                        std::span<const uint64_t> (kusama_thresholds.hpp)
//   static constexpr uint32_t kMaxAutoRebagPerBlock;   nodes on_idle rebags per block (0: off)
//   using BagsListWeightInfo = …;        optional: its own weights (weights.hpp)
// A ScoreProvider that also has `static std::optional<VoteWeight> maybe_score(who)` (FRAME's
// `Option<Score>`: none for an account that is no voter) gives rebag its full FRAME behaviour:
// an unknown account with a score is inserted, a listed one without a score is removed. With
// score() alone, rebag only moves listed accounts (NodeNotFound otherwise).
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/traits/sorted_list.hpp"
#include "runtime/framework/types/account_lookup.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/pallets/bags_list/weights.hpp"

namespace canary::rt::pallets::bags_list {

using Score = traits::staking::VoteWeight;
using ListError = traits::SortedListError;
using traits::SortedListResult;

inline constexpr Score kMaxScore = UINT64_MAX;

// pallet_bags_list::list::Node: an account in a bag, linked to its neighbours.
struct Node {
  AccountId32 id;
  std::optional<AccountId32> prev;
  std::optional<AccountId32> next;
  Score bag_upper = 0;
  Score score = 0;
  bool operator==(const Node&) const = default;
  // Head or tail of its bag.
  bool is_terminal() const { return !prev || !next; }
  static constexpr auto fields() {
    return std::tuple{
        field("id", &Node::id, "T::AccountId"), field("prev", &Node::prev, "Option<T::AccountId>"),
        field("next", &Node::next, "Option<T::AccountId>"),
        field("bag_upper", &Node::bag_upper, "T::Score"), field("score", &Node::score, "T::Score")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_bags_list", "list", "Node"});
    b.unused_param("T");
    b.unused_param("I");
    add_fields(b, fields());
  }
};

// pallet_bags_list::list::Bag: the head and tail of a bag (its upper bound is the storage key).
struct Bag {
  std::optional<AccountId32> head;
  std::optional<AccountId32> tail;
  bool operator==(const Bag&) const = default;
  bool is_empty() const { return !head && !tail; }
  static constexpr auto fields() {
    return std::tuple{field("head", &Bag::head, "Option<T::AccountId>"),
                      field("tail", &Bag::tail, "Option<T::AccountId>")};
  }
  CANARY_DESCRIBED()
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_bags_list", "list", "Bag"});
    b.unused_param("T");
    b.unused_param("I");
    add_fields(b, fields());
  }
};

// pallet_bags_list::list::ListError as metadata describes it (the values are
// traits::SortedListError's): the data of the pallet's `List` error.
struct ListErrorType {
  static void type_info(meta::TypeBuilder& b) {
    b.path({"pallet_bags_list", "list", "ListError"});
    b.variant(0, "Duplicate", {}, {"A duplicate id has been detected."});
    b.variant(1, "NotHeavier", {}, {"An Id does not have a greater score than another Id."});
    b.variant(2, "NotInSameBag", {},
              {"Attempted to place node in front of a node in another bag."});
    b.variant(3, "NodeNotFound", {}, {"Given node id was not found."});
    b.variant(4, "Locked", {}, {"The List is locked, therefore updates cannot happen now."});
  }
};

// The pallet's errors: List(ListError) (the list's error in the second byte) and Locked.
enum class Error : uint8_t { kList = 0, kLocked = 1 };

// The constants' docs, FRAME's Config docs.
inline constexpr const char* kBagThresholdsDocs[] = {
    " The list of thresholds separating the various bags.",
    "",
    " Ids are separated into unsorted bags according to their score. This specifies the",
    " thresholds separating the bags. An id's bag is the largest bag for which the id's score",
    " is less than or equal to its upper threshold.",
    "",
    " When ids are iterated, higher bags are iterated completely before lower bags. This means",
    " that iteration is _semi-sorted_: ids of higher score tend to come before ids of lower",
    " score, but peer ids within a particular bag are sorted in insertion order.",
    "",
    " # Expressing the constant",
    "",
    " This constant must be sorted in strictly increasing order. Duplicate items are not",
    " permitted.",
    "",
    " There is an implied upper limit of `Score::MAX`; that value does not need to be",
    " specified within the bag. For any two threshold lists, if one ends with",
    " `Score::MAX`, the other one does not, and they are otherwise equal, the two",
    " lists will behave identically.",
    "",
    " # Calculation",
    "",
    " It is recommended to generate the set of thresholds in a geometric series, such that",
    " there exists some constant ratio such that `threshold[k + 1] == (threshold[k] *",
    " constant_ratio).max(threshold[k] + 1)` for all `k`.",
    "",
    " The helpers in the `/utils/frame/generate-bags` module can simplify this calculation.",
    "",
    " # Examples",
    "",
    " - If `BagThresholds::get().is_empty()`, then all ids are put into the same bag, and",
    "   iteration is strictly in insertion order.",
    " - If `BagThresholds::get().len() == 64`, and the thresholds are determined according to",
    "   the procedure given above, then the constant ratio is equal to 2.",
    " - If `BagThresholds::get().len() == 200`, and the thresholds are determined according to",
    "   the procedure given above, then the constant ratio is approximately equal to 1.248.",
    " - If the threshold list begins `[1, 2, 3, ...]`, then an id with score 0 or 1 will fall",
    "   into bag 0, an id with score 2 will fall into bag 1, etc.",
    "",
    " # Migration",
    "",
    " In the event that this list ever changes, a copy of the old bags list must be retained.",
    " With that `List::migrate` can be called, which will perform the appropriate migration.",
};
inline constexpr const char* kMaxAutoRebagPerBlockDocs[] = {
    " Maximum number of accounts that may be re-bagged automatically in `on_idle`.",
    "",
    " A value of `0` (obtained by configuring `type MaxAutoRebagPerBlock = ();`) disables",
    " the feature.",
};

// A ScoreProvider that can say "no score" (FRAME's Option<Score>).
template <class P>
concept OptionalScoreProvider = requires(const AccountId32& who) {
  { P::maybe_score(who) } -> std::same_as<std::optional<Score>>;
};

template <class T, class At, class C = T>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_bags_list";
  // pallet_bags_list::<Instance1>: the metadata's enums carry the instance parameter.
  static constexpr bool kInstanced = true;
  // No pallet docs: FRAME's bags-list `pallet` module has none.

  // Checked where it is used (current_score), not here: the provider (Staking) is itself
  // checked against this list, and each class must be complete for the other's check.
  using ScoreProvider = typename C::ScoreProvider;
  using Weights = WeightInfoOf<T, C>;

  static std::span<const Score> thresholds() { return std::span<const Score>(C::kBagThresholds); }

  // --- Storage.
  using ListNodes =
      CountedStorageMap<Pallet, "ListNodes", Twox64Concat, AccountId32, Node, OptionQuery,
                        DocLines<" A single node, within some bag.", "",
                                 " Nodes store links forward and back within their respective "
                                 "bags.">>;
  using ListBags = StorageMap<
      Pallet, "ListBags", Twox64Concat, Score, Bag, OptionQuery,
      DocLines<" A bag stored in storage.", "",
               " Stores a `Bag` struct, which stores head and tail pointers to itself.">>;
  using NextNodeAutoRebagged =
      StorageValue<Pallet, "NextNodeAutoRebagged", AccountId32, OptionQuery,
                   DocLines<" Pointer that remembers the next node that will be auto-rebagged.",
                            " When `None`, the next scan will start from the list head again.">>;
  using Lock = StorageValue<
      Pallet, "Lock", std::monostate, OptionQuery,
      DocLines<" Lock all updates to this pallet.", "",
               " If any nodes needs updating, removal or addition due to a temporary lock, the",
               " [`Call::rebag`] can be used.">>;
  using Storage = std::tuple<ListNodes, ListBags, NextNodeAutoRebagged, Lock>;

  // --- Errors.
  using Error = bags_list::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"List", "A error in the list interface implementation."},
      {"Locked", "Could not update a node, because the pallet is locked."},
  };
  // Error::List(e): Module { index, [0, e, 0, 0] }.
  static DispatchError list_error(ListError e) {
    DispatchError error = pallet_error<Pallet>(Error::kList);
    error.module.error[1] = static_cast<uint8_t>(e);
    return error;
  }
  static DispatchError locked_error() { return pallet_error<Pallet>(Error::kLocked); }

  // --- Events.
  struct Rebagged {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "Rebagged";
    static constexpr const char* kDocs = "Moved an account from one bag to another.";
    AccountId32 who;
    Score from = 0;
    Score to = 0;
    bool operator==(const Rebagged&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &Rebagged::who, "T::AccountId"),
                        field("from", &Rebagged::from, "T::Score"),
                        field("to", &Rebagged::to, "T::Score")};
    }
    CANARY_DESCRIBED()
  };
  struct ScoreUpdated {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "ScoreUpdated";
    static constexpr const char* kDocs = "Updated the score of some account to the given amount.";
    AccountId32 who;
    Score new_score = 0;
    bool operator==(const ScoreUpdated&) const = default;
    static constexpr auto fields() {
      return std::tuple{field("who", &ScoreUpdated::who, "T::AccountId"),
                        field("new_score", &ScoreUpdated::new_score, "T::Score")};
    }
    CANARY_DESCRIBED()
  };
  using Event = std::variant<Rebagged, ScoreUpdated>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- The list (FRAME's list::List, Bag and Node).

  // The bag a score belongs in: the first threshold >= score, else u64::MAX.
  static Score notional_bag_for(Score score) {
    const std::span<const Score> bounds = thresholds();
    const auto* it = std::lower_bound(bounds.data(), bounds.data() + bounds.size(), score);
    return it == bounds.data() + bounds.size() ? kMaxScore : *it;
  }

  static std::optional<Node> get_node(const AccountId32& id) { return ListNodes::try_get(id); }
  static std::optional<Bag> get_bag(Score bag_upper) { return ListBags::try_get(bag_upper); }
  static bool contains(const AccountId32& id) { return ListNodes::contains_key(id); }
  static uint32_t count() { return ListNodes::count(); }
  static bool is_locked() { return Lock::exists(); }
  // SortedListProvider::lock / unlock (the election's snapshot).
  static void lock() { Lock::put(std::monostate{}); }
  static void unlock() { Lock::kill(); }

  static SortedListResult<Score> get_score(const AccountId32& id) {
    auto node = get_node(id);
    if (!node) return unexpected(ListError::kNodeNotFound);
    return node->score;
  }

  // Visits the accounts from the highest bag down, each bag head to tail, until f returns false.
  template <class F>
  static void iter_while(F&& f) {
    const std::span<const Score> bounds = thresholds();
    const bool has_max = !bounds.empty() && bounds.back() == kMaxScore;
    if (!has_max && !visit_bag(kMaxScore, f)) return;
    for (size_t i = bounds.size(); i > 0; --i) {
      if (!visit_bag(bounds[i - 1], f)) return;
    }
  }

  // The same from after `start`: the rest of its bag, then the lower bags.
  template <class F>
  static SortedListResult<> iter_from_while(const AccountId32& start, F&& f) {
    auto start_node = get_node(start);
    if (!start_node) return unexpected(ListError::kNodeNotFound);
    for (auto next = next_of(*start_node); next; next = next_of(*next)) {
      if (!f(next->id)) return {};
    }
    const std::span<const Score> bounds = thresholds();
    const auto lower = static_cast<size_t>(
        std::lower_bound(bounds.data(), bounds.data() + bounds.size(), start_node->bag_upper) -
        bounds.data());
    for (size_t i = lower; i > 0; --i) {
      if (!visit_bag(bounds[i - 1], f)) return {};
    }
    return {};
  }

  // Inserts `id` at the tail of its bag (Duplicate if listed).
  static SortedListResult<> insert(const AccountId32& id, Score score) {
    if (contains(id)) return unexpected(ListError::kDuplicate);
    const Score bag_upper = notional_bag_for(score);
    Bag bag = get_bag(bag_upper).value_or(Bag{});
    insert_node_unchecked(bag, bag_upper, Node{id, std::nullopt, std::nullopt, 0, score});
    put_bag(bag_upper, bag);
    return {};
  }

  // Removes `id` (NodeNotFound if absent), fixing its neighbours and its bag (an emptied bag is
  // removed).
  static SortedListResult<> remove(const AccountId32& id) {
    auto node = get_node(id);
    if (!node) return unexpected(ListError::kNodeNotFound);
    if (!node->is_terminal()) {
      excise(*node);
    } else {
      Bag bag = get_bag(node->bag_upper).value_or(Bag{});
      remove_node_unchecked(bag, *node);
      put_bag(node->bag_upper, bag);
    }
    ListNodes::remove(id);
    return {};
  }

  // Writes the node's new score and moves it to the bag the score belongs in, if it is not there:
  // the (from, to) bags when it moved.
  static std::optional<std::pair<Score, Score>> update_position_for(Node node, Score new_score) {
    node.score = new_score;
    const Score new_bag_upper = notional_bag_for(new_score);
    if (new_bag_upper == node.bag_upper) {
      put_node(node);
      return std::nullopt;
    }
    const Score old_bag_upper = node.bag_upper;
    if (!node.is_terminal()) {
      excise(node);
    } else if (auto bag = get_bag(old_bag_upper)) {
      remove_node_unchecked(*bag, node);
      put_bag(old_bag_upper, *bag);
    } else {
      io::log(io::LogLevel::kError, "runtime::bags-list",
              "Node did not have a bag; BagsList is in an inconsistent state");
    }
    Bag bag = get_bag(new_bag_upper).value_or(Bag{});
    insert_node_unchecked(bag, new_bag_upper, node);
    put_bag(new_bag_upper, bag);
    return std::pair{old_bag_upper, new_bag_upper};
  }

  // Moves `heavier` directly in front of `lighter`: both listed, in the same bag, and heavier's
  // current score (ScoreProvider) above lighter's.
  static SortedListResult<> put_in_front_of(const AccountId32& lighter,
                                            const AccountId32& heavier) {
    auto lighter_node = get_node(lighter);
    if (!lighter_node) return unexpected(ListError::kNodeNotFound);
    auto heavier_node = get_node(heavier);
    if (!heavier_node) return unexpected(ListError::kNodeNotFound);
    if (lighter_node->bag_upper != heavier_node->bag_upper) {
      return unexpected(ListError::kNotInSameBag);
    }
    if (!(current_score(heavier) > current_score(lighter))) {
      return unexpected(ListError::kNotHeavier);
    }
    (void)remove(heavier);
    // Removing heavier may have changed lighter's links.
    lighter_node = get_node(lighter);
    if (!lighter_node) return unexpected(ListError::kNodeNotFound);
    insert_at_unchecked(*lighter_node, *heavier_node);
    return {};
  }

  // Moves `account` to the bag of `new_score` and records the score, with FRAME's events
  // (ScoreUpdated when the score changed, Rebagged when the bag did).
  static SortedListResult<std::optional<std::pair<Score, Score>>> do_rebag(
      const AccountId32& account, Score new_score) {
    auto node = get_node(account);
    if (!node) return unexpected(ListError::kNodeNotFound);
    if (node->score != new_score) deposit_event(ScoreUpdated{account, new_score});
    auto moved = update_position_for(*node, new_score);
    if (moved) deposit_event(Rebagged{account, moved->first, moved->second});
    return moved;
  }

  // --- SortedListProvider (framework/traits/sorted_list.hpp).
  static SortedListResult<> on_insert(const AccountId32& id, Score score) {
    static_assert(traits::SortedListProvider<Pallet>);
    if (is_locked()) return unexpected(ListError::kLocked);
    return insert(id, score);
  }
  static SortedListResult<> on_update(const AccountId32& id, Score score) {
    if (is_locked()) return unexpected(ListError::kLocked);
    auto moved = do_rebag(id, score);
    if (!moved) return unexpected(moved.error());
    return {};
  }
  static SortedListResult<> on_increase(const AccountId32& id, Score additional) {
    auto old = get_score(id);
    if (!old) return unexpected(old.error());
    return on_update(id, *old > kMaxScore - additional ? kMaxScore : *old + additional);
  }
  static SortedListResult<> on_decrease(const AccountId32& id, Score decreased) {
    auto old = get_score(id);
    if (!old) return unexpected(old.error());
    return on_update(id, *old > decreased ? *old - decreased : 0);
  }
  static SortedListResult<> on_remove(const AccountId32& id) {
    if (is_locked()) return unexpected(ListError::kLocked);
    return remove(id);
  }
  // Clears the list and inserts every account of `all` with score_of(account) (accounts whose
  // score_of is an empty optional are left out); the number inserted. Many storage accesses.
  template <class Range, class ScoreOf>
  static uint32_t unsafe_regenerate(const Range& all, ScoreOf&& score_of) {
    unsafe_clear();
    uint32_t inserted = 0;
    for (const AccountId32& who : all) {
      const std::optional<Score> score = score_of(who);
      if (score && insert(who, *score)) ++inserted;
    }
    return inserted;
  }
  // Removes every bag and node (and the node counter). Many storage accesses.
  static void unsafe_clear() {
    (void)ListBags::clear();
    (void)ListNodes::clear();
  }

  // --- Calls.
  struct rebag {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "rebag";
    static constexpr const char* kDocs =
        "Declare that some `dislocated` account has, through rewards or penalties, sufficiently\n"
        "changed its score that it should properly fall into a different bag than its current\n"
        "one.\n\n"
        "Anyone can call this function about any potentially dislocated account.\n\n"
        "Will always update the stored score of `dislocated` to the correct score, based on\n"
        "`ScoreProvider`.\n\n"
        "If `dislocated` does not exists, it returns an error.";
    MultiAddress dislocated;
    static constexpr auto fields() {
      return std::tuple{field("dislocated", &rebag::dislocated, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {rebag_weight()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      auto account = lookup_account(dislocated);
      if (!account) return with_post_info(unexpected(account.error()));
      if (is_locked()) return with_post_info(unexpected(locked_error()));
      if (auto done = rebag_internal(*account); !done) {
        return with_post_info(unexpected(done.error()));
      }
      return PostDispatchInfo{};
    }
  };

  struct put_in_front_of_call {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "put_in_front_of";
    static constexpr const char* kDocs =
        "Move the caller's Id directly in front of `lighter`.\n\n"
        "The dispatch origin for this call must be _Signed_ and can only be called by the Id of\n"
        "the account going in front of `lighter`. Fee is payed by the origin under all\n"
        "circumstances.\n\n"
        "Only works if:\n\n"
        "- both nodes are within the same bag,\n"
        "- and `origin` has a greater `Score` than `lighter`.";
    MultiAddress lighter;
    static constexpr auto fields() {
      return std::tuple{field("lighter", &put_in_front_of_call::lighter, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::put_in_front_of()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto heavier = ensure_signed(origin);
      if (!heavier) return with_post_info(unexpected(heavier.error()));
      auto lighter_account = lookup_account(lighter);
      if (!lighter_account) return with_post_info(unexpected(lighter_account.error()));
      return move_in_front(*lighter_account, *heavier);
    }
  };

  struct put_in_front_of_other {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "put_in_front_of_other";
    static constexpr const char* kDocs =
        "Same as [`Pallet::put_in_front_of`], but it can be called by anyone.\n\n"
        "Fee is paid by the origin under all circumstances.";
    MultiAddress heavier;
    MultiAddress lighter;
    static constexpr auto fields() {
      return std::tuple{field("heavier", &put_in_front_of_other::heavier, "AccountIdLookupOf<T>"),
                        field("lighter", &put_in_front_of_other::lighter, "AccountIdLookupOf<T>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::put_in_front_of()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      auto lighter_account = lookup_account(lighter);
      if (!lighter_account) return with_post_info(unexpected(lighter_account.error()));
      auto heavier_account = lookup_account(heavier);
      if (!heavier_account) return with_post_info(unexpected(heavier_account.error()));
      return move_in_front(*lighter_account, *heavier_account);
    }
  };

  using Call = std::variant<rebag, put_in_front_of_call, put_in_front_of_other>;

  // FRAME: rebag_non_terminal().max(rebag_terminal()), component-wise.
  static Weight rebag_weight() {
    const Weight a = Weights::rebag_non_terminal();
    const Weight b = Weights::rebag_terminal();
    return Weight::from_parts(std::max(a.ref_time, b.ref_time),
                              std::max(a.proof_size, b.proof_size));
  }

  // The account's score now: FRAME's Option<Score> when the provider can say "none".
  static std::optional<Score> current_score(const AccountId32& who) {
    static_assert(traits::ScoreProvider<ScoreProvider>);
    if constexpr (OptionalScoreProvider<ScoreProvider>) {
      return ScoreProvider::maybe_score(who);
    } else {
      return ScoreProvider::score(who);
    }
  }

  // rebag's work (and on_idle's): moves a listed account to the bag of its current score,
  // inserts an unlisted one that has a score, removes a listed one that has none.
  static Result<std::optional<std::pair<Score, Score>>, DispatchError> rebag_internal(
      const AccountId32& account) {
    if (is_locked()) return unexpected(locked_error());
    const bool existed = contains(account);
    std::optional<Score> score = current_score(account);
    if constexpr (!OptionalScoreProvider<ScoreProvider>) {
      // Without "no score", only listed accounts are rebagged.
      if (!existed) score.reset();
    }
    if (existed && score) {
      auto moved = do_rebag(account, *score);
      if (!moved) return unexpected(list_error(moved.error()));
      return *moved;
    }
    if (score) {
      if (auto inserted = insert(account, *score); !inserted) {
        return unexpected(list_error(inserted.error()));
      }
      return std::optional<std::pair<Score, Score>>{};
    }
    if (existed) {
      (void)remove(account);
      return std::optional<std::pair<Score, Score>>{};
    }
    return unexpected(list_error(ListError::kNodeNotFound));
  }

  // --- Hooks.

  // The automatic rebagging: up to MaxAutoRebagPerBlock listed accounts per block, from
  // NextNodeAutoRebagged (the list's head when none), when the block has room for on_idle's
  // weight; the cursor moves to the account after them, or is cleared at the list's end.
  static Weight on_idle(BlockNumber /*n*/, Weight remaining) {
    const Weight weight = Weights::on_idle();
    if (weight.any_gt(remaining)) return Weight::zero();
    const uint32_t budget = C::kMaxAutoRebagPerBlock;
    if (budget == 0 || count() == 0 || is_locked()) return weight;

    std::vector<AccountId32> accounts;
    const size_t wanted = size_t{budget} + 1;
    accounts.reserve(wanted);
    const auto collect = [&](const AccountId32& who) {
      accounts.push_back(who);
      return accounts.size() < wanted;
    };
    if (auto cursor = NextNodeAutoRebagged::get()) {
      accounts.push_back(*cursor);
      if (!iter_from_while(*cursor, collect)) iter_while(collect);
    } else {
      iter_while(collect);
    }
    const size_t to_process = std::min(accounts.size(), size_t{budget});
    for (size_t i = 0; i < to_process; ++i) {
      auto done = rebag_internal(accounts[i]);
      if (!done && done.error() == locked_error()) {
        io::log(io::LogLevel::kError, "runtime::bags-list",
                "Pallet became locked during auto-rebag, stopping");
        break;
      }
    }
    if (accounts.size() > to_process) {
      const AccountId32& next = accounts[to_process];
      const auto processed_end = accounts.begin() + static_cast<std::ptrdiff_t>(to_process);
      if (std::find(accounts.begin(), processed_end, next) != processed_end) {
        NextNodeAutoRebagged::kill();
      } else {
        NextNodeAutoRebagged::put(next);
      }
    } else {
      NextNodeAutoRebagged::kill();
    }
    return weight;
  }

  // FRAME's do_try_state: no duplicates, the counter is the number of nodes and of nodes in bags,
  // every bag's head has no prev and tail no next, every node is in the bag it names, and a
  // terminal node is its bag's head or tail.
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    std::vector<AccountId32> listed;
    bool duplicate = false;
    iter_while([&](const AccountId32& who) {
      if (std::find(listed.begin(), listed.end(), who) != listed.end()) {
        duplicate = true;
        return false;
      }
      listed.push_back(who);
      return true;
    });
    if (duplicate) return unexpected(std::string("duplicate identified"));
    const auto stored_count = static_cast<size_t>(ListNodes::count());
    const auto nodes = ListNodes::entries();
    if (listed.size() != stored_count) return unexpected(std::string("iter_count != stored_count"));
    if (stored_count != nodes.size()) return unexpected(std::string("stored_count != nodes_count"));

    std::vector<std::pair<Score, std::vector<AccountId32>>> bags;
    std::vector<Score> bounds(thresholds().begin(), thresholds().end());
    if (bounds.empty() || bounds.back() != kMaxScore) bounds.push_back(kMaxScore);
    size_t in_bags = 0;
    for (const Score bag_upper : bounds) {
      auto bag = get_bag(bag_upper);
      if (!bag) continue;
      if (auto checked = check_bag(*bag); !checked) return checked;
      std::vector<AccountId32> members;
      for (auto node = bag->head ? get_node(*bag->head) : std::nullopt; node;
           node = next_of(*node)) {
        members.push_back(node->id);
      }
      in_bags += members.size();
      bags.emplace_back(bag_upper, std::move(members));
    }
    if (nodes.size() != in_bags) {
      return unexpected(std::string("stored_count != nodes_in_bags_count"));
    }
    for (const auto& [id, node] : nodes) {
      const auto bag = std::find_if(bags.begin(), bags.end(),
                                    [&](const auto& b) { return b.first == node.bag_upper; });
      if (bag == bags.end()) {
        return unexpected(std::string("bag not found for the node in active bags"));
      }
      if (std::find(bag->second.begin(), bag->second.end(), node.id) == bag->second.end()) {
        return unexpected(std::string("node not found in the bag"));
      }
      auto own_bag = get_bag(node.bag_upper);
      if (!own_bag) return unexpected(std::string("bag not found for node"));
      const bool is_head_or_tail = own_bag->head == node.id || own_bag->tail == node.id;
      if (node.is_terminal() && !is_head_or_tail) {
        return unexpected(std::string("a terminal node is neither its bag head or tail"));
      }
    }
    return {};
  }

  // --- Metadata.
  static void constants_metadata(std::vector<meta::PalletConstantMetadata>& c, meta::Registry& r) {
    c.push_back(constant(r, "BagThresholds",
                         std::vector<Score>(thresholds().begin(), thresholds().end()),
                         meta::Docs(std::begin(kBagThresholdsDocs), std::end(kBagThresholdsDocs))));
    c.push_back(constant(
        r, "MaxAutoRebagPerBlock", uint32_t{C::kMaxAutoRebagPerBlock},
        meta::Docs(std::begin(kMaxAutoRebagPerBlockDocs), std::end(kMaxAutoRebagPerBlockDocs))));
  }

 private:
  static void put_node(const Node& node) { ListNodes::insert(node.id, node); }
  static void put_bag(Score bag_upper, const Bag& bag) {
    if (bag.is_empty()) {
      ListBags::remove(bag_upper);
    } else {
      ListBags::insert(bag_upper, bag);
    }
  }
  static std::optional<Node> next_of(const Node& node) {
    return node.next ? get_node(*node.next) : std::nullopt;
  }

  template <class F>
  static bool visit_bag(Score bag_upper, F& f) {
    auto bag = get_bag(bag_upper);
    if (!bag || !bag->head) return true;
    for (auto node = get_node(*bag->head); node; node = next_of(*node)) {
      if (!f(static_cast<const AccountId32&>(node->id))) return false;
    }
    return true;
  }

  // Links the node's neighbours to each other (the node itself is not written).
  static void excise(const Node& node) {
    if (node.prev) {
      if (auto prev = get_node(*node.prev)) {
        prev->next = node.next;
        put_node(*prev);
      }
    }
    if (node.next) {
      if (auto next = get_node(*node.next)) {
        next->prev = node.prev;
        put_node(*next);
      }
    }
  }

  // Appends the node to the bag (the bag is not written: put_bag).
  static void insert_node_unchecked(Bag& bag, Score bag_upper, Node node) {
    if (bag.tail == node.id) {
      io::log(io::LogLevel::kError, "runtime::bags-list",
              "system logic error: inserting a node who has the id of tail");
      return;
    }
    node.bag_upper = bag_upper;
    node.prev = bag.tail;
    node.next.reset();
    put_node(node);
    if (bag.tail) {
      if (auto old_tail = get_node(*bag.tail)) {
        old_tail->next = node.id;
        put_node(*old_tail);
      }
    }
    bag.tail = node.id;
    if (!bag.head) bag.head = node.id;
  }

  // Takes the node out of the bag's links (the bag and the node are not written).
  static void remove_node_unchecked(Bag& bag, const Node& node) {
    excise(node);
    if (bag.tail == node.id) bag.tail = node.prev;
    if (bag.head == node.id) bag.head = node.next;
  }

  // Puts `node` directly in front of `at` in at's bag.
  static void insert_at_unchecked(Node at, Node node) {
    node.prev = at.prev;
    if (at.prev) {
      if (auto prev = get_node(*at.prev)) {
        prev->next = node.id;
        put_node(*prev);
      }
    }
    node.next = at.id;
    at.prev = node.id;
    if (!node.prev) {
      // node is the bag's new head.
      if (auto bag = get_bag(at.bag_upper)) {
        bag->head = node.id;
        put_bag(at.bag_upper, *bag);
      } else {
        io::log(io::LogLevel::kError, "runtime::bags-list", "given nodes must have a bag");
      }
    }
    put_node(at);
    put_node(node);
  }

  static Result<void, std::string> check_bag(const Bag& bag) {
    auto head = bag.head ? get_node(*bag.head) : std::nullopt;
    if (head ? head->prev.has_value() : bag.tail.has_value()) {
      return unexpected(std::string("head has a prev"));
    }
    auto tail = bag.tail ? get_node(*bag.tail) : std::nullopt;
    if (tail ? tail->next.has_value() : bag.head.has_value()) {
      return unexpected(std::string("tail has a next"));
    }
    std::vector<AccountId32> seen;
    for (auto node = head; node; node = next_of(*node)) {
      if (std::find(seen.begin(), seen.end(), node->id) != seen.end()) {
        return unexpected(std::string("duplicate found in bag"));
      }
      seen.push_back(node->id);
    }
    return {};
  }

  static DispatchResultWithPostInfo move_in_front(const AccountId32& lighter,
                                                  const AccountId32& heavier) {
    if (is_locked()) return with_post_info(unexpected(locked_error()));
    if (auto moved = put_in_front_of(lighter, heavier); !moved) {
      return with_post_info(unexpected(list_error(moved.error())));
    }
    return PostDispatchInfo{};
  }
};

}  // namespace canary::rt::pallets::bags_list

namespace canary::rt {

// The pallet's Error in metadata, as FRAME describes it: `List(ListError)` carries the list's
// error (pallet_bags_list::list::ListError), `Locked` nothing. framework/pallet.hpp's ErrorType
// describes variants without fields; this one adds List's.
template <class T, class At, class C>
struct ErrorType<pallets::bags_list::Pallet<T, At, C>> {
  using P = pallets::bags_list::Pallet<T, At, C>;
  static void type_info(meta::TypeBuilder& b) {
    pallet_enum_path<P>(b, "Error");
    b.docs("The `Error` enum of this pallet.");
    b.variant(0, P::kErrors[0].name,
              {meta::field_of<pallets::bags_list::ListErrorType>(b.registry(), std::nullopt,
                                                                 "ListError")},
              {P::kErrors[0].docs});
    b.variant(1, P::kErrors[1].name, {}, {P::kErrors[1].docs});
  }
};

}  // namespace canary::rt
