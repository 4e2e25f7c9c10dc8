// The pool the node uses: submission, bans, replacement, limits, block pruning, longevity,
// revalidation, removal and the status events of watched transactions (polkadot-sdk
// substrate/client/transaction-pool/src/graph/pool.rs and validated_pool.rs tests, and the
// transaction statuses of the RPC specs).
#include "txpool/transaction_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "txpool_test_util.hpp"

namespace canary::txpool {
namespace {

using testing::event_names;
using testing::invalid;
using testing::nonce_tag;
using testing::Transfer;
using testing::unknown;
using testing::valid;
using Names = std::vector<std::string>;

constexpr uint64_t kMinute = 60 * 1000;

block::BlockHash block_hash(uint8_t n) {
  block::BlockHash h{};
  h[0] = 0xb1;
  h[1] = n;
  return h;
}

PoolOptions options_with_ban(uint64_t ban_ms = kMinute) {
  PoolOptions o;
  o.ban_time_ms = ban_ms;
  return o;
}

TEST(TransactionPool, DefaultsAreSubstrates) {
  PoolOptions defaults;
  EXPECT_EQ(defaults.ready.count, 8192u);
  EXPECT_EQ(defaults.ready.total_bytes, 20u * 1024 * 1024);
  EXPECT_EQ(defaults.future.count, 512u);
  EXPECT_EQ(defaults.future.total_bytes, 1u * 1024 * 1024);
  EXPECT_EQ(defaults.ban_time_ms, 30u * kMinute);
  PoolOptions cli = PoolOptions::from_cli();
  EXPECT_EQ(cli.ready.count, 8192u);
  EXPECT_EQ(cli.ready.total_bytes, 20480u * 1024);
  EXPECT_EQ(cli.future.count, 819u);
  EXPECT_EQ(cli.future.total_bytes, 2048u * 1024);
  EXPECT_FALSE((Limit{1, 10}.is_exceeded(1, 10)));
  EXPECT_TRUE((Limit{1, 10}.is_exceeded(2, 10)));
  EXPECT_TRUE((Limit{1, 10}.is_exceeded(1, 11)));
}

TEST(TransactionPool, HashesTheExtrinsicWithBlake2b256) {
  // BLAKE2b-256 of the empty input (RFC 7693 parameters, 32-byte digest).
  const TransactionHash expected = {0x0e, 0x57, 0x51, 0xc0, 0x26, 0xe5, 0x43, 0xb2,
                                    0xe8, 0xab, 0x2e, 0xb0, 0x60, 0x99, 0xda, 0xa1,
                                    0xd1, 0xe5, 0xdf, 0x47, 0x77, 0x8f, 0x77, 0x87,
                                    0xfa, 0xab, 0x45, 0xcd, 0xf1, 0x2f, 0xe3, 0xa8};
  EXPECT_EQ(transaction_hash({}), expected);
  TransactionPool pool;
  Submission s = Transfer{'a', 0}.submission();
  auto submitted = pool.submit(s, 0);
  ASSERT_TRUE(submitted.has_value());
  EXPECT_EQ(submitted->hash, transaction_hash(s.extrinsic));
  EXPECT_EQ(pool.get(submitted->hash)->extrinsic, s.extrinsic);
}

TEST(TransactionPool, SubmitsToReadyAndFutureAndListsPendingReadyFirst) {
  TransactionPool pool;
  auto a0 = pool.submit(Transfer{'a', 0}.submission(), 0);
  auto a2 = pool.submit(Transfer{'a', 2}.submission(), 0);
  ASSERT_TRUE(a0.has_value());
  ASSERT_TRUE(a2.has_value());
  EXPECT_TRUE(a0->ready);
  EXPECT_FALSE(a2->ready);
  EXPECT_EQ(a0->priority, 10u);
  EXPECT_EQ(pool.status().ready, 1u);
  EXPECT_EQ(pool.status().future, 1u);
  EXPECT_EQ(pool.status().ready_bytes, (Transfer{'a', 0}.extrinsic().size()));

  auto a1 = pool.submit(Transfer{'a', 1}.submission(), 0);
  ASSERT_TRUE(a1.has_value());
  EXPECT_TRUE(a1->ready);
  EXPECT_EQ(pool.status().future, 0u);
  auto pending = pool.pending();
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_EQ(pending[0]->hash, a0->hash);
  EXPECT_EQ(pending[1]->hash, a1->hash);
  EXPECT_EQ(pending[2]->hash, a2->hash);
  EXPECT_EQ(pool.take_new_ready(), (std::vector<TransactionHash>{a0->hash, a1->hash, a2->hash}));
  EXPECT_TRUE(pool.take_new_ready().empty());
}

TEST(TransactionPool, RefusesDuplicates) {
  TransactionPool pool;
  ASSERT_TRUE(pool.submit(Transfer{'a', 0}.submission(), 0).has_value());
  auto again = pool.submit(Transfer{'a', 0}.submission(), 0);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, PoolErrorKind::kAlreadyImported);
  auto known = pool.check_known(Transfer{'a', 0}.hash(), 0);
  ASSERT_FALSE(known.has_value());
  EXPECT_EQ(known.error().kind, PoolErrorKind::kAlreadyImported);
  EXPECT_TRUE(pool.check_known(Transfer{'a', 1}.hash(), 0).has_value());
}

TEST(TransactionPool, InvalidTransactionsAreBannedUntilTheBanExpires) {
  TransactionPool pool(options_with_ban(kMinute));
  Submission bad = Transfer{'a', 0}.submission();
  bad.validity = invalid(runtime::InvalidTransaction::Kind::kPayment);
  auto refused = pool.submit(bad, 1000);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, PoolErrorKind::kInvalidTransaction);
  EXPECT_EQ(to_string(refused.error()), "InvalidTransaction(Invalid(Payment))");
  EXPECT_TRUE(pool.is_banned(Transfer{'a', 0}.hash(), 1000));

  // Even valid now, it is refused during the ban, without a runtime call (check_known).
  auto banned = pool.submit(Transfer{'a', 0}.submission(), 1000 + kMinute - 1);
  ASSERT_FALSE(banned.has_value());
  EXPECT_EQ(banned.error().kind, PoolErrorKind::kTemporarilyBanned);
  EXPECT_EQ(pool.check_known(Transfer{'a', 0}.hash(), 1000 + kMinute - 1).error().kind,
            PoolErrorKind::kTemporarilyBanned);
  EXPECT_TRUE(pool.submit(Transfer{'a', 0}.submission(), 1000 + kMinute).has_value());
}

TEST(TransactionPool, ExpiredBansAreForgottenAtMaintenance) {
  TransactionPool pool(options_with_ban(kMinute));
  Submission bad = Transfer{'a', 0}.submission();
  bad.validity = invalid();
  ASSERT_FALSE(pool.submit(bad, 0).has_value());
  pool.clear_stale(1, kMinute / 2);
  EXPECT_TRUE(pool.is_banned(Transfer{'a', 0}.hash(), kMinute / 2));
  pool.clear_stale(2, kMinute);
  EXPECT_FALSE(pool.is_banned(Transfer{'a', 0}.hash(), 0));  // the entry itself is gone
}

TEST(TransactionPool, UnknownValidityIsRefusedButNotBanned) {
  TransactionPool pool;
  Submission s = Transfer{'a', 0}.submission();
  s.validity = unknown();
  auto refused = pool.submit(s, 0);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, PoolErrorKind::kUnknownTransaction);
  EXPECT_EQ(to_string(refused.error()), "UnknownTransaction(Unknown(CannotLookup))");
  EXPECT_FALSE(pool.is_banned(Transfer{'a', 0}.hash(), 0));
  EXPECT_TRUE(pool.submit(Transfer{'a', 0}.submission(), 0).has_value());
}

TEST(TransactionPool, RefusesTransactionsWithoutTagsAndUnactionableOnes) {
  TransactionPool pool;
  Submission no_tags = Transfer{'a', 0}.submission();
  no_tags.validity = valid(1, {}, {});
  auto refused = pool.submit(no_tags, 0);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, PoolErrorKind::kNoTagsProvided);
  EXPECT_TRUE(pool.is_banned(Transfer{'a', 0}.hash(), 0));

  PoolOptions not_validator;
  not_validator.is_validator = false;
  TransactionPool full_node(not_validator);
  Submission local_only = Transfer{'b', 0}.submission();
  local_only.validity = valid(1, {}, {nonce_tag('b', 0)}, UINT64_MAX, /*propagate=*/false);
  auto unactionable = full_node.submit(local_only, 0);
  ASSERT_FALSE(unactionable.has_value());
  EXPECT_EQ(unactionable.error().kind, PoolErrorKind::kUnactionable);
  EXPECT_TRUE(pool.submit(local_only, 0).has_value());  // a validator keeps it
}

TEST(TransactionPool, ReplacesOnlyWithHigherPriorityAndReportsUsurped) {
  TransactionPool pool;
  Transfer original{'a', 0, 10, 0};
  Transfer cheaper{'a', 0, 5, 1};
  Transfer tip_bump{'a', 0, 20, 2};
  Transfer next{'a', 1, 10, 0};
  ASSERT_TRUE(pool.submit(original.submission(0, /*watch=*/true), 0).has_value());
  ASSERT_TRUE(pool.submit(next.submission(0, true), 0).has_value());

  auto low = pool.submit(cheaper.submission(0, true), 0);
  ASSERT_FALSE(low.has_value());
  EXPECT_EQ(low.error().kind, PoolErrorKind::kTooLowPriority);
  EXPECT_EQ(to_string(low.error()), "TooLowPriority(old 10, new 5)");
  EXPECT_EQ(pool.watched_count(), 2u);  // a refused submitAndWatch leaves no watch

  ASSERT_TRUE(pool.submit(tip_bump.submission(0, true), 0).has_value());
  EXPECT_FALSE(pool.contains(original.hash()));
  EXPECT_TRUE(pool.contains(next.hash()));  // still ready: the new one provides its tag again
  ReadyIterator it = pool.ready();
  EXPECT_EQ(it.next()->hash, tip_bump.hash());
  EXPECT_EQ(it.next()->hash, next.hash());

  auto events = pool.take_events();
  EXPECT_EQ(event_names(events, original.hash()), (Names{"ready", "usurped"}));
  auto usurped = std::find_if(events.begin(), events.end(), [&](const PoolEvent& e) {
    return e.transaction == original.hash() && std::holds_alternative<status::Usurped>(e.status);
  });
  ASSERT_NE(usurped, events.end());
  EXPECT_EQ(std::get<status::Usurped>(usurped->status).by, tip_bump.hash());
  EXPECT_EQ(event_names(events, tip_bump.hash()), (Names{"ready"}));
  EXPECT_EQ(event_names(events, next.hash()), (Names{"ready"}));
  EXPECT_EQ(pool.watched_count(), 2u);  // the usurped one is done
}

TEST(TransactionPool, CountLimitDropsTheLowestPriorityAndBansIt) {
  PoolOptions o = options_with_ban();
  o.ready = {2, 1 << 20};
  TransactionPool pool(o);
  Transfer mid{'a', 0, 5};
  Transfer low{'b', 0, 1};
  Transfer high{'c', 0, 9};
  ASSERT_TRUE(pool.submit(mid.submission(0, true), 0).has_value());
  ASSERT_TRUE(pool.submit(low.submission(0, true), 0).has_value());
  ASSERT_TRUE(pool.submit(high.submission(0, true), 0).has_value());
  EXPECT_EQ(pool.status().ready, 2u);
  EXPECT_FALSE(pool.contains(low.hash()));
  EXPECT_TRUE(pool.is_banned(low.hash(), 0));
  EXPECT_EQ(event_names(pool.take_events(), low.hash()), (Names{"ready", "dropped"}));

  // A newcomer that is itself the worst is refused at once.
  Transfer lowest{'d', 0, 0};
  auto dropped = pool.submit(lowest.submission(0, true), 0);
  ASSERT_FALSE(dropped.has_value());
  EXPECT_EQ(dropped.error().kind, PoolErrorKind::kImmediatelyDropped);
  EXPECT_TRUE(pool.is_banned(lowest.hash(), 0));
  EXPECT_TRUE(pool.take_events().empty());  // it was never watched
  EXPECT_EQ(pool.watched_count(), 2u);
}

TEST(TransactionPool, ByteLimitsApplyToBothQueues) {
  PoolOptions o;
  const size_t size = Transfer{'a', 0, 1, 0, UINT64_MAX, 20}.extrinsic().size();
  o.ready = {100, 2 * size};
  o.future = {100, size};
  TransactionPool pool(o);
  ASSERT_TRUE(pool.submit(Transfer{'a', 0, 1, 0, UINT64_MAX, 20}.submission(), 0).has_value());
  ASSERT_TRUE(pool.submit(Transfer{'b', 0, 3, 0, UINT64_MAX, 20}.submission(), 0).has_value());
  ASSERT_TRUE(pool.submit(Transfer{'c', 0, 2, 0, UINT64_MAX, 20}.submission(), 0).has_value());
  EXPECT_EQ(pool.status().ready, 2u);
  EXPECT_FALSE(pool.contains(Transfer{'a', 0, 1, 0, UINT64_MAX, 20}.hash()));

  // Future queue: the oldest waiting transaction goes first.
  ASSERT_TRUE(pool.submit(Transfer{'x', 5, 9, 0, UINT64_MAX, 20}.submission(), 0).has_value());
  ASSERT_TRUE(pool.submit(Transfer{'y', 5, 1, 0, UINT64_MAX, 20}.submission(), 0).has_value());
  EXPECT_EQ(pool.status().future, 1u);
  EXPECT_FALSE(pool.contains(Transfer{'x', 5, 9, 0, UINT64_MAX, 20}.hash()));
  EXPECT_TRUE(pool.contains(Transfer{'y', 5, 1, 0, UINT64_MAX, 20}.hash()));
}

TEST(TransactionPool, PruneTagsRemovesIncludedBansThemAndPromotesWaiters) {
  TransactionPool pool(options_with_ban());
  Transfer a0{'a', 0}, a1{'a', 1}, a2{'a', 2}, b0{'b', 0}, b1{'b', 1};
  for (const Transfer& t : {a0, a1, a2}) ASSERT_TRUE(pool.submit(t.submission(), 0).has_value());
  ASSERT_TRUE(pool.submit(b1.submission(0, /*watch=*/true), 0).has_value());  // waits for b0
  EXPECT_EQ(pool.status().future, 1u);
  pool.take_new_ready();

  // Block 1 holds a0 (known to the pool) and b0 (not): the node validates b0 at the parent for
  // its tags.
  std::vector<TransactionHash> in_block{a0.hash(), b0.hash()};
  KnownTags known = pool.known_provides(in_block);
  EXPECT_EQ(known.tags, (std::vector<Tag>{nonce_tag('a', 0)}));
  EXPECT_EQ(known.unknown, (std::vector<TransactionHash>{b0.hash()}));
  std::vector<Tag> tags = known.tags;
  tags.push_back(nonce_tag('b', 0));
  auto to_revalidate = pool.prune_tags(1, tags, in_block, 0);
  EXPECT_TRUE(to_revalidate.empty());

  EXPECT_FALSE(pool.contains(a0.hash()));
  EXPECT_TRUE(pool.is_banned(a0.hash(), 0));
  EXPECT_TRUE(pool.is_banned(b0.hash(), 0));  // gossip cannot bring it back
  EXPECT_EQ(pool.status().ready, 3u);
  EXPECT_EQ(pool.status().future, 0u);
  EXPECT_EQ(event_names(pool.take_events(), b1.hash()), (Names{"future", "ready"}));
  EXPECT_EQ(pool.take_new_ready(), (std::vector<TransactionHash>{b1.hash()}));
  // a1 now needs nothing in the pool; the iterator starts with it or b1.
  std::vector<TransactionHash> order;
  ReadyIterator it = pool.ready();
  while (TransactionPtr tx = it.next()) order.push_back(tx->hash);
  EXPECT_EQ(order.size(), 3u);
  EXPECT_LT(std::find(order.begin(), order.end(), a1.hash()),
            std::find(order.begin(), order.end(), a2.hash()));
}

TEST(TransactionPool, PruneTagsReturnsConflictingTransactionsForRevalidation) {
  TransactionPool pool(options_with_ban());
  Transfer ours{'a', 0, 10, 0};
  Transfer theirs{'a', 0, 10, 7};  // the same nonce with another tip went into the block
  Transfer next{'a', 1};
  ASSERT_TRUE(pool.submit(ours.submission(0, /*watch=*/true), 0).has_value());
  ASSERT_TRUE(pool.submit(next.submission(), 0).has_value());
  pool.take_events();

  std::vector<TransactionHash> in_block{theirs.hash()};
  std::vector<Tag> tags{nonce_tag('a', 0)};
  auto to_revalidate = pool.prune_tags(1, tags, in_block, 0);
  ASSERT_EQ(to_revalidate.size(), 1u);
  EXPECT_EQ(to_revalidate[0]->hash, ours.hash());
  EXPECT_FALSE(pool.is_banned(ours.hash(), 0));
  EXPECT_TRUE(pool.contains(next.hash()));

  // The node revalidates it at block 1: its nonce is used. The watcher learns it is invalid.
  Submission again = ours.submission();
  again.validity = invalid(runtime::InvalidTransaction::Kind::kStale);
  again.validated_at = 1;
  auto refused = pool.submit(again, 0);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(event_names(pool.take_events(), ours.hash()), (Names{"invalid"}));
  EXPECT_EQ(pool.watched_count(), 0u);
}

TEST(TransactionPool, PruningOneTagOfATransactionSendsDependentsOfItsOtherTagsToFuture) {
  TransactionPool pool(options_with_ban());
  Submission provider = Transfer{'p', 0}.submission(0, true);
  provider.validity = valid(10, {}, {testing::tag("x"), testing::tag("y")});
  Submission dependent = Transfer{'d', 0}.submission(0, true);
  dependent.validity = valid(10, {testing::tag("y")}, {testing::tag("z")});
  ASSERT_TRUE(pool.submit(provider, 0).has_value());
  ASSERT_TRUE(pool.submit(dependent, 0).has_value());
  pool.take_events();

  // A transaction the pool never saw provided x.
  std::vector<Tag> tags{testing::tag("x")};
  std::vector<TransactionHash> in_block{testing::hash_of(1000)};
  auto to_revalidate = pool.prune_tags(1, tags, in_block, 0);
  ASSERT_EQ(to_revalidate.size(), 1u);
  EXPECT_EQ(to_revalidate[0]->hash, (Transfer{'p', 0}.hash()));
  EXPECT_EQ(pool.status().future, 1u);
  EXPECT_EQ(event_names(pool.take_events(), (Transfer{'d', 0}.hash())), (Names{"future"}));
}

TEST(TransactionPool, TransactionsPastTheirLongevityAreRemovedAsInvalid) {
  TransactionPool pool(options_with_ban());
  Transfer mortal{'a', 0, 10, 0, /*longevity=*/5};
  Transfer dependent{'a', 1};
  Transfer waiting{'c', 3, 10, 0, /*longevity=*/3};
  Transfer immortal{'b', 0};
  for (const Transfer& t : {mortal, dependent, waiting, immortal}) {
    Submission s = t.submission(0, /*watch=*/true);
    s.validated_at = 10;  // valid_till = 10 + longevity
    ASSERT_TRUE(pool.submit(s, 0).has_value());
  }
  EXPECT_EQ(pool.get(mortal.hash())->valid_till, 15u);
  EXPECT_EQ(pool.get(immortal.hash())->valid_till, UINT64_MAX);  // saturated
  pool.take_events();

  pool.clear_stale(12, 0);
  EXPECT_TRUE(pool.contains(waiting.hash()));  // valid till 13
  pool.clear_stale(13, 0);
  EXPECT_FALSE(pool.contains(waiting.hash()));
  EXPECT_TRUE(pool.is_banned(waiting.hash(), 0));
  pool.clear_stale(14, 0);
  EXPECT_TRUE(pool.contains(mortal.hash()));

  // Through the block maintenance: block 15 ends the mortal one, and its dependent goes too.
  std::vector<Tag> no_tags;
  std::vector<TransactionHash> no_hashes;
  pool.prune_tags(15, no_tags, no_hashes, 0);
  EXPECT_FALSE(pool.contains(mortal.hash()));
  EXPECT_FALSE(pool.contains(dependent.hash()));
  EXPECT_TRUE(pool.contains(immortal.hash()));
  EXPECT_TRUE(pool.is_banned(mortal.hash(), 0));
  EXPECT_FALSE(pool.is_banned(dependent.hash(), 0));  // it may be valid again later
  auto events = pool.take_events();
  EXPECT_EQ(event_names(events, waiting.hash()), (Names{"invalid"}));
  EXPECT_EQ(event_names(events, mortal.hash()), (Names{"invalid"}));
  EXPECT_EQ(event_names(events, dependent.hash()), (Names{"invalid"}));
  EXPECT_TRUE(event_names(events, immortal.hash()).empty());
}

TEST(TransactionPool, RevalidationRemovesInvalidKeepsUnknownAndAppliesNewValidity) {
  TransactionPool pool(options_with_ban());
  Transfer same{'a', 0}, goes_bad{'b', 0}, unsure{'c', 0}, now_waits{'d', 0}, follower{'d', 1};
  for (const Transfer& t : {same, goes_bad, unsure, now_waits, follower})
    ASSERT_TRUE(pool.submit(t.submission(0, /*watch=*/true), 0).has_value());
  pool.take_events();
  EXPECT_TRUE(pool.revalidation_batch(10).empty());  // nothing queued before a block

  std::vector<Tag> no_tags;
  std::vector<TransactionHash> no_hashes;
  pool.prune_tags(1, no_tags, no_hashes, 0);
  EXPECT_EQ(pool.revalidation_pending(), 5u);
  auto first = pool.revalidation_batch(3);
  auto rest = pool.revalidation_batch(10);
  EXPECT_EQ(first.size() + rest.size(), 5u);
  EXPECT_EQ(pool.revalidation_pending(), 0u);

  // At block 1: `same` unchanged, `goes_bad` invalid, `unsure` undecidable, and `now_waits`
  // (d's nonce 0) suddenly requires a tag nobody provides.
  std::vector<Revalidation> results;
  results.push_back({same.hash(), same.validity()});
  results.push_back({goes_bad.hash(), invalid()});
  results.push_back({unsure.hash(), unknown()});
  results.push_back({now_waits.hash(), valid(10, {nonce_tag('z', 9)}, {nonce_tag('d', 0)})});
  results.push_back({testing::hash_of(77), same.validity()});  // not in the pool: ignored
  pool.apply_revalidation(1, results, 0);

  EXPECT_TRUE(pool.contains(same.hash()));
  EXPECT_FALSE(pool.contains(goes_bad.hash()));
  EXPECT_TRUE(pool.is_banned(goes_bad.hash(), 0));
  EXPECT_TRUE(pool.contains(unsure.hash()));
  EXPECT_EQ(pool.status().ready, 2u);
  EXPECT_EQ(pool.status().future, 2u);  // now_waits, and follower behind it
  auto events = pool.take_events();
  EXPECT_TRUE(event_names(events, same.hash()).empty());
  EXPECT_TRUE(event_names(events, unsure.hash()).empty());
  EXPECT_EQ(event_names(events, goes_bad.hash()), (Names{"invalid"}));
  EXPECT_EQ(event_names(events, now_waits.hash()), (Names{"future"}));
  EXPECT_EQ(event_names(events, follower.hash()), (Names{"future"}));

  // A higher priority from revalidation changes the order and reports nothing.
  results.clear();
  results.push_back({unsure.hash(), valid(99, {}, {nonce_tag('c', 0)})});
  pool.apply_revalidation(1, results, 0);
  EXPECT_EQ(pool.ready().next()->hash, unsure.hash());
  EXPECT_EQ(pool.get(unsure.hash())->priority, 99u);
  EXPECT_TRUE(pool.take_events().empty());
}

TEST(TransactionPool, RemoveBansTheTransactionAndSendsDependentsBackToFuture) {
  TransactionPool pool(options_with_ban());
  Transfer a0{'a', 0}, a1{'a', 1}, a2{'a', 2}, b0{'b', 0};
  for (const Transfer& t : {a0, a1, a2, b0})
    ASSERT_TRUE(pool.submit(t.submission(0, /*watch=*/true), 0).has_value());
  pool.take_events();

  std::vector<TransactionHash> to_remove{a0.hash(), testing::hash_of(5)};
  EXPECT_EQ(pool.remove(to_remove, 0), (std::vector<TransactionHash>{a0.hash()}));
  EXPECT_TRUE(pool.is_banned(a0.hash(), 0));
  EXPECT_EQ(pool.status().ready, 1u);
  EXPECT_EQ(pool.status().future, 2u);
  auto events = pool.take_events();
  EXPECT_EQ(event_names(events, a0.hash()), (Names{"invalid"}));
  EXPECT_EQ(event_names(events, a1.hash()), (Names{"future"}));
  EXPECT_EQ(event_names(events, a2.hash()), (Names{"future"}));
  EXPECT_TRUE(event_names(events, b0.hash()).empty());

  // Brought back (e.g. from a retracted block), nonce 0 releases the others again.
  Submission back = a0.submission(0, true);
  back.ignore_ban = true;
  ASSERT_TRUE(pool.submit(back, 0).has_value());
  EXPECT_EQ(pool.status().ready, 4u);
  events = pool.take_events();
  EXPECT_EQ(event_names(events, a1.hash()), (Names{"ready"}));
  EXPECT_EQ(event_names(events, a2.hash()), (Names{"ready"}));
}

TEST(TransactionPool, TheAuthorSkipsWhatDependsOnATransactionItCouldNotApply) {
  TransactionPool pool;
  Transfer a0{'a', 0, 50}, a1{'a', 1, 50}, b0{'b', 0, 10};
  for (const Transfer& t : {a0, a1, b0}) ASSERT_TRUE(pool.submit(t.submission(), 0).has_value());
  ReadyIterator it = pool.ready();
  TransactionPtr first = it.next();
  ASSERT_EQ(first->hash, a0.hash());
  it.report_invalid(first->hash);
  EXPECT_EQ(it.next()->hash, b0.hash());
  EXPECT_EQ(it.next(), nullptr);
  EXPECT_EQ(pool.status().ready, 3u);  // reporting does not touch the pool
}

TEST(TransactionPool, WatchedTransactionGoesReadyInBlockFinalized) {
  TransactionPool pool(options_with_ban());
  Transfer a0{'a', 0};
  auto submitted = pool.submit(a0.submission(0, /*watch=*/true), 0);
  ASSERT_TRUE(submitted.has_value());
  EXPECT_EQ(pool.watched_count(), 1u);

  std::vector<TransactionHash> in_block{a0.hash()};
  std::vector<Tag> tags{nonce_tag('a', 0)};
  pool.prune_tags(1, tags, in_block, 0);
  std::vector<IncludedTransaction> included{{a0.hash(), 2}};
  pool.on_block_included(block_hash(1), included);
  EXPECT_EQ(pool.blocks_awaiting_finality(), 1u);
  pool.on_block_finalized(block_hash(1));

  auto events = pool.take_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], (PoolEvent{a0.hash(), status::Ready{}}));
  EXPECT_EQ(events[1], (PoolEvent{a0.hash(), status::InBlock{block_hash(1), 2}}));
  EXPECT_EQ(events[2], (PoolEvent{a0.hash(), status::Finalized{block_hash(1), 2}}));
  // A finalized transaction is done: nothing is kept for it.
  EXPECT_EQ(pool.watched_count(), 0u);
  EXPECT_EQ(pool.blocks_awaiting_finality(), 0u);
}

TEST(TransactionPool, RetractedBlockTransactionsComeBackAndAreIncludedAgain) {
  TransactionPool pool(options_with_ban());
  Transfer a0{'a', 0};
  ASSERT_TRUE(pool.submit(a0.submission(0, /*watch=*/true), 0).has_value());
  std::vector<TransactionHash> in_block{a0.hash()};
  std::vector<Tag> tags{nonce_tag('a', 0)};
  pool.prune_tags(1, tags, in_block, 0);
  std::vector<IncludedTransaction> included{{a0.hash(), 1}};
  pool.on_block_included(block_hash(1), included);

  // A re-org retracts block 1; the node resubmits its transactions, ignoring their bans.
  pool.on_block_retracted(block_hash(1));
  EXPECT_EQ(pool.blocks_awaiting_finality(), 0u);
  auto banned = pool.submit(a0.submission(), 0);
  ASSERT_FALSE(banned.has_value());
  EXPECT_EQ(banned.error().kind, PoolErrorKind::kTemporarilyBanned);
  Submission resubmit = a0.submission();
  resubmit.ignore_ban = true;
  ASSERT_TRUE(pool.submit(resubmit, 0).has_value());

  pool.prune_tags(1, tags, in_block, 0);
  pool.on_block_included(block_hash(2), included);
  pool.on_block_finalized(block_hash(1));  // no longer holds it: nothing
  pool.on_block_finalized(block_hash(2));
  EXPECT_EQ(event_names(pool.take_events(), a0.hash()),
            (Names{"ready", "inBlock", "retracted", "ready", "inBlock", "finalized"}));
  EXPECT_EQ(pool.watched_count(), 0u);
}

TEST(TransactionPool, ARetractedTransactionAlreadyBackInThePoolReportsWhereItIs) {
  // In two blocks of two forks: after the first retraction it is resubmitted; the second
  // retraction must not leave "retracted" as the last word on a transaction that is ready.
  TransactionPool pool(options_with_ban());
  Transfer a0{'a', 0};
  ASSERT_TRUE(pool.submit(a0.submission(0, /*watch=*/true), 0).has_value());
  std::vector<TransactionHash> in_block{a0.hash()};
  std::vector<Tag> tags{nonce_tag('a', 0)};
  pool.prune_tags(1, tags, in_block, 0);
  std::vector<IncludedTransaction> included{{a0.hash(), 1}};
  pool.on_block_included(block_hash(1), included);
  pool.on_block_included(block_hash(2), included);
  pool.on_block_retracted(block_hash(1));
  Submission resubmit = a0.submission();
  resubmit.ignore_ban = true;
  ASSERT_TRUE(pool.submit(resubmit, 0).has_value());
  pool.on_block_retracted(block_hash(2));
  EXPECT_EQ(event_names(pool.take_events(), a0.hash()),
            (Names{"ready", "inBlock", "inBlock", "retracted", "ready", "retracted", "ready"}));
}

TEST(TransactionPool, AStaleCopyOfATransactionInABlockDoesNotEndItsWatch) {
  TransactionPool pool(options_with_ban(kMinute));
  Transfer a0{'a', 0};
  ASSERT_TRUE(pool.submit(a0.submission(0, /*watch=*/true), 0).has_value());
  std::vector<TransactionHash> in_block{a0.hash()};
  std::vector<Tag> tags{nonce_tag('a', 0)};
  pool.prune_tags(1, tags, in_block, 0);
  std::vector<IncludedTransaction> included{{a0.hash(), 0}};
  pool.on_block_included(block_hash(1), included);

  // Finality stalls past the ban; a peer gossips it again and the runtime finds it stale.
  Submission gossip = a0.submission();
  gossip.validity = invalid(runtime::InvalidTransaction::Kind::kStale);
  EXPECT_FALSE(pool.submit(gossip, 2 * kMinute).has_value());
  pool.on_block_finalized(block_hash(1));
  EXPECT_EQ(event_names(pool.take_events(), a0.hash()), (Names{"ready", "inBlock", "finalized"}));

  // Once retracted, a failed resubmission does end the watch.
  Transfer b0{'b', 0};
  ASSERT_TRUE(pool.submit(b0.submission(0, /*watch=*/true), 0).has_value());
  std::vector<TransactionHash> b_block{b0.hash()};
  std::vector<Tag> b_tags{nonce_tag('b', 0)};
  pool.prune_tags(2, b_tags, b_block, 0);
  std::vector<IncludedTransaction> b_included{{b0.hash(), 0}};
  pool.on_block_included(block_hash(2), b_included);
  pool.on_block_retracted(block_hash(2));
  Submission stale = b0.submission();
  stale.validity = invalid(runtime::InvalidTransaction::Kind::kStale);
  stale.ignore_ban = true;
  EXPECT_FALSE(pool.submit(stale, 0).has_value());
  EXPECT_EQ(event_names(pool.take_events(), b0.hash()),
            (Names{"ready", "inBlock", "retracted", "invalid"}));
  EXPECT_EQ(pool.watched_count(), 0u);
}

TEST(TransactionPool, InclusionWaitsForFinalityInALimitedNumberOfBlocks) {
  PoolOptions o;
  o.max_blocks_awaiting_finality = 2;
  TransactionPool pool(o);
  std::vector<Transfer> txs{{'a', 0}, {'b', 0}, {'c', 0}};
  for (size_t i = 0; i < txs.size(); ++i) {
    ASSERT_TRUE(pool.submit(txs[i].submission(0, true), 0).has_value());
    std::vector<IncludedTransaction> included{{txs[i].hash(), 0}};
    pool.on_block_included(block_hash(static_cast<uint8_t>(i)), included);
  }
  EXPECT_EQ(pool.blocks_awaiting_finality(), 2u);
  auto events = pool.take_events();
  EXPECT_EQ(event_names(events, txs[0].hash()), (Names{"ready", "inBlock", "finalityTimeout"}));
  EXPECT_EQ(event_names(events, txs[2].hash()), (Names{"ready", "inBlock"}));
  EXPECT_EQ(pool.watched_count(), 2u);
}

TEST(TransactionPool, KeepsNothingForUnwatchedTransactions) {
  TransactionPool pool;
  Transfer a0{'a', 0};
  ASSERT_TRUE(pool.submit(a0.submission(), 0).has_value());
  std::vector<TransactionHash> in_block{a0.hash()};
  std::vector<Tag> tags{nonce_tag('a', 0)};
  pool.prune_tags(1, tags, in_block, 0);
  std::vector<IncludedTransaction> included{{a0.hash(), 0}};
  for (uint8_t b = 0; b < 50; ++b) pool.on_block_included(block_hash(b), included);
  pool.on_broadcasted(a0.hash(), {"peer"});
  EXPECT_TRUE(pool.take_events().empty());
  EXPECT_EQ(pool.watched_count(), 0u);
  EXPECT_EQ(pool.blocks_awaiting_finality(), 0u);
}

TEST(TransactionPool, WatchesNestAndUnwatchStopsEvents) {
  TransactionPool pool;
  Transfer a0{'a', 0};
  pool.watch(a0.hash());  // a second subscriber before the submission
  ASSERT_TRUE(pool.submit(a0.submission(0, /*watch=*/true), 0).has_value());
  pool.on_broadcasted(a0.hash(), {"12D3KooWA", "12D3KooWB"});
  auto events = pool.take_events();
  ASSERT_EQ(events.size(), 2u);  // one ready, not one per watch
  EXPECT_EQ(events[1], (PoolEvent{a0.hash(), status::Broadcast{{"12D3KooWA", "12D3KooWB"}}}));
  pool.unwatch(a0.hash());
  pool.on_broadcasted(a0.hash(), {"p"});
  EXPECT_EQ(pool.take_events().size(), 1u);
  pool.unwatch(a0.hash());
  pool.on_broadcasted(a0.hash(), {"p"});
  EXPECT_TRUE(pool.take_events().empty());
  EXPECT_EQ(pool.watched_count(), 0u);
}

TEST(TransactionPool, NewReadyNotificationsAreBounded) {
  PoolOptions o;
  o.ready = {3, 1 << 20};
  TransactionPool pool(o);
  std::vector<TransactionHash> hashes;
  for (uint32_t n = 0; n < 5; ++n) {
    Transfer t{static_cast<char>('a' + n), 0, 10 + n};  // each better than the last
    ASSERT_TRUE(pool.submit(t.submission(), 0).has_value());
    hashes.push_back(t.hash());
  }
  EXPECT_EQ(pool.status().ready, 3u);
  // Only the most recent notifications are kept when the node does not drain them.
  EXPECT_EQ(pool.take_new_ready(),
            (std::vector<TransactionHash>(hashes.begin() + 2, hashes.end())));
}

TEST(TransactionPool, StatusNamesFollowTheRpcSpec) {
  EXPECT_STREQ(status_name(status::Future{}), "future");
  EXPECT_STREQ(status_name(status::InBlock{}), "inBlock");
  EXPECT_STREQ(status_name(status::FinalityTimeout{}), "finalityTimeout");
  EXPECT_TRUE(is_final(status::Usurped{}));
  EXPECT_TRUE(is_final(status::Dropped{}));
  EXPECT_TRUE(is_final(status::Invalid{}));
  EXPECT_TRUE(is_final(status::Finalized{}));
  EXPECT_TRUE(is_final(status::FinalityTimeout{}));
  EXPECT_FALSE(is_final(status::InBlock{}));
  EXPECT_FALSE(is_final(status::Retracted{}));
  EXPECT_FALSE(is_final(status::Broadcast{}));
  EXPECT_STREQ(to_string(PoolErrorKind::kImmediatelyDropped), "ImmediatelyDropped");
}

}  // namespace
}  // namespace canary::txpool
