// A randomized model test: thousands of submissions, blocks, revalidations, removals, re-orgs
// and finalizations against a scripted runtime, checking after every step what must always hold:
// - the author's iterator yields every ready transaction exactly once, each only after the
//   transactions providing what it requires (or with that tag already on chain);
// - at most one ready transaction provides a tag; no future transaction could be ready;
// - counts and bytes match the contents, and the limits hold after each submission;
// - events reach only watched transactions, and the last event of each watched transaction
//   says where it is (ready / future / in a block, or retracted from one block while still in
//   another), or it ended with a final status;
// - with nonce tags: no pooled transaction uses a nonce the chain has passed.
// Deterministic: fixed seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <random>

#include "txpool/transaction_pool.hpp"
#include "txpool_test_util.hpp"

namespace canary::txpool {
namespace {

using testing::invalid;
using testing::nonce_tag;
using testing::unknown;
using testing::valid;

struct Spec {
  Bytes extrinsic;
  uint64_t priority = 0;
  uint64_t longevity = UINT64_MAX;
  // Random-tag mode.
  std::vector<Tag> requires_tags;
  std::vector<Tag> provides_tags;
  // Nonce mode.
  char sender = 0;
  uint32_t nonce = 0;
};

class PoolModel {
 public:
  PoolModel(uint64_t seed, bool nonce_mode)
      : rng_(seed), nonce_mode_(nonce_mode), pool_(options()) {}

  static PoolOptions options() {
    PoolOptions o;
    o.ready = {40, 4000};
    o.future = {15, 1500};
    o.ban_time_ms = 5000;
    o.max_blocks_awaiting_finality = 6;
    return o;
  }

  void run(int steps) {
    for (int i = 0; i < steps; ++i) {
      step_ = i;
      const uint64_t op = rand(100);
      if (op < 55)
        submit_op();
      else if (op < 72)
        block_op();
      else if (op < 82)
        revalidate_op();
      else if (op < 86)
        remove_op();
      else if (op < 91)
        finalize_op();
      else if (op < 95 && !nonce_mode_)
        retract_op();
      else
        stale_op();
      check();
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

  size_t submitted() const { return accepted_; }
  size_t blocks() const { return block_number_; }

 private:
  uint64_t rand(uint64_t n) { return rng_() % n; }

  Tag random_tag() { return testing::tag("t" + std::to_string(rand(14))); }

  Spec new_spec() {
    Spec spec;
    spec.priority = rand(20);
    spec.longevity = rand(4) == 0 ? 2 + rand(12) : UINT64_MAX;
    std::string bytes = "tx#" + std::to_string(next_id_++);
    bytes.append(rand(120), '.');
    spec.extrinsic = to_bytes(bytes);
    if (nonce_mode_) {
      spec.sender = static_cast<char>('a' + rand(5));
      spec.nonce = chain_nonce_[spec.sender] + static_cast<uint32_t>(rand(5));
    } else {
      for (uint64_t n = rand(3); n > 0; --n) spec.requires_tags.push_back(random_tag());
      for (uint64_t n = 1 + rand(2); n > 0; --n) spec.provides_tags.push_back(random_tag());
    }
    return spec;
  }

  // The scripted runtime.
  runtime::TransactionValidity validate(const Spec& spec) {
    const uint64_t roll = rand(100);
    if (roll < 4) return invalid(runtime::InvalidTransaction::Kind::kPayment);
    if (roll < 7) return unknown();
    if (!nonce_mode_)
      return valid(spec.priority, spec.requires_tags, spec.provides_tags, spec.longevity);
    const uint32_t on_chain = chain_nonce_[spec.sender];
    if (spec.nonce < on_chain) return invalid(runtime::InvalidTransaction::Kind::kStale);
    std::vector<Tag> requires_tags;
    if (spec.nonce > on_chain) requires_tags.push_back(nonce_tag(spec.sender, spec.nonce - 1));
    return valid(spec.priority, std::move(requires_tags), {nonce_tag(spec.sender, spec.nonce)},
                 spec.longevity);
  }

  void submit(const Spec& spec, bool ignore_ban) {
    const TransactionHash hash = transaction_hash(spec.extrinsic);
    specs_[hash] = spec;
    Submission s;
    s.extrinsic = spec.extrinsic;
    s.validity = validate(spec);
    s.validated_at = block_number_;
    s.watch = !watching_.contains(hash);
    s.ignore_ban = ignore_ban;
    auto result = pool_.submit(std::move(s), now_);
    if (result) {
      ++accepted_;
      if (!watching_.contains(hash)) watching_.insert(hash);
      const PoolStatus st = pool_.status();
      const PoolOptions o = options();
      ASSERT_FALSE(o.ready.is_exceeded(st.ready, st.ready_bytes)) << "step " << step_;
      ASSERT_FALSE(o.future.is_exceeded(st.future, st.future_bytes)) << "step " << step_;
    }
    drain();
  }

  void submit_op() {
    // Now and then an old transaction again (duplicate, banned, or long gone), unless someone
    // still watches it.
    if (!specs_.empty() && rand(10) == 0) {
      auto it = specs_.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(rand(specs_.size())));
      if (!watching_.contains(it->first)) {
        Spec old = it->second;
        submit(old, false);
        return;
      }
    }
    submit(new_spec(), false);
  }

  void block_op() {
    ReadyIterator it = pool_.ready();
    std::vector<TransactionHash> included;
    std::vector<Tag> tags;
    const uint64_t take = rand(7);
    while (included.size() < take) {
      TransactionPtr tx = it.next();
      if (!tx) break;
      if (rand(10) == 0) {  // the author cannot apply it
        it.report_invalid(tx->hash);
        continue;
      }
      included.push_back(tx->hash);
      tags.insert(tags.end(), tx->provides_tags.begin(), tx->provides_tags.end());
    }
    KnownTags known = pool_.known_provides(included);
    ASSERT_TRUE(known.unknown.empty());
    ASSERT_EQ(known.tags, tags);
    if (!nonce_mode_ && rand(5) == 0)
      tags.push_back(random_tag());  // from a transaction we never saw

    ++block_number_;
    recent_tags_[block_number_ % 2] = TagSet(tags.begin(), tags.end());
    chain_tags_.insert(tags.begin(), tags.end());
    if (nonce_mode_) {
      for (const TransactionHash& h : included) {
        const Spec& spec = specs_.at(h);
        chain_nonce_[spec.sender] = std::max(chain_nonce_[spec.sender], spec.nonce + 1);
      }
    }
    std::vector<TransactionPtr> to_revalidate =
        pool_.prune_tags(block_number_, tags, included, now_);
    drain();
    for (const TransactionPtr& tx : to_revalidate)
      ASSERT_FALSE(std::find(included.begin(), included.end(), tx->hash) != included.end());

    block::BlockHash block{};
    block[0] = static_cast<uint8_t>(block_number_);
    block[1] = static_cast<uint8_t>(block_number_ >> 8);
    std::vector<IncludedTransaction> with_index;
    for (size_t i = 0; i < included.size(); ++i)
      with_index.push_back({included[i], static_cast<uint32_t>(i + 1)});
    pool_.on_block_included(block, with_index);
    drain();
    ASSERT_LE(pool_.blocks_awaiting_finality(), options().max_blocks_awaiting_finality);
    if (!included.empty()) unfinalized_.push_back({block, included});

    for (const TransactionPtr& tx : to_revalidate) submit(specs_.at(tx->hash), true);
    now_ += rand(1500);
  }

  void revalidate_op() {
    std::vector<TransactionPtr> batch = pool_.revalidation_batch(1 + rand(10));
    std::vector<Revalidation> results;
    for (const TransactionPtr& tx : batch) {
      Spec spec = specs_.at(tx->hash);
      if (!nonce_mode_ && rand(5) == 0) spec.priority = rand(20);
      results.push_back({tx->hash, validate(spec)});
    }
    pool_.apply_revalidation(block_number_, results, now_);
    drain();
  }

  void remove_op() {
    std::vector<TransactionPtr> pending = pool_.pending();
    if (pending.empty()) return;
    std::vector<TransactionHash> hashes{pending[rand(pending.size())]->hash};
    auto removed = pool_.remove(hashes, now_);
    ASSERT_EQ(removed, hashes);
    drain();
  }

  void finalize_op() {
    if (unfinalized_.empty()) return;
    pool_.on_block_finalized(unfinalized_.front().first);
    unfinalized_.pop_front();
    drain();
  }

  void retract_op() {
    if (unfinalized_.empty()) return;
    const size_t i = rand(unfinalized_.size());
    auto [block, included] = unfinalized_[i];
    unfinalized_.erase(unfinalized_.begin() + static_cast<std::ptrdiff_t>(i));
    pool_.on_block_retracted(block);
    drain();
    for (const TransactionHash& h : included) submit(specs_.at(h), true);
  }

  void stale_op() {
    now_ += rand(4000);
    pool_.clear_stale(block_number_, now_);
    drain();
  }

  bool in_unfinalized_block(const TransactionHash& h) const {
    return std::any_of(unfinalized_.begin(), unfinalized_.end(), [&](const auto& block) {
      return std::find(block.second.begin(), block.second.end(), h) != block.second.end();
    });
  }

  void drain() {
    for (const PoolEvent& e : pool_.take_events()) {
      ASSERT_TRUE(watching_.contains(e.transaction))
          << "step " << step_ << ": event " << status_name(e.status) << " for an unwatched hash";
      last_status_[e.transaction] = status_name(e.status);
      if (is_final(e.status)) watching_.erase(e.transaction);
    }
  }

  void check() {
    const PoolStatus st = pool_.status();
    ReadyIterator it = pool_.ready();
    TagSet provided_so_far;
    HashSet ready;
    TagMap<int> providers;
    size_t bytes = 0;
    while (TransactionPtr tx = it.next()) {
      ASSERT_TRUE(ready.insert(tx->hash).second) << "step " << step_ << ": yielded twice";
      for (const Tag& tag : tx->requires_tags)
        ASSERT_TRUE(provided_so_far.contains(tag) || chain_tags_.contains(tag))
            << "step " << step_ << ": yielded before what it requires";
      for (const Tag& tag : TagSet(tx->provides_tags.begin(), tx->provides_tags.end())) {
        provided_so_far.insert(tag);
        ASSERT_LE(++providers[tag], 1) << "step " << step_ << ": two ready providers of a tag";
      }
      bytes += tx->size();
      ASSERT_TRUE(pool_.contains(tx->hash));
    }
    ASSERT_EQ(ready.size(), st.ready) << "step " << step_ << ": a ready transaction is stuck";
    ASSERT_EQ(bytes, st.ready_bytes);

    std::vector<TransactionPtr> pending = pool_.pending();
    ASSERT_EQ(pending.size(), st.ready + st.future);
    size_t future_bytes = 0;
    for (size_t i = st.ready; i < pending.size(); ++i) {
      const Transaction& tx = *pending[i];
      ASSERT_FALSE(ready.contains(tx.hash));
      future_bytes += tx.size();
      const bool waits =
          std::any_of(tx.requires_tags.begin(), tx.requires_tags.end(), [&](const Tag& tag) {
            return !providers.contains(tag) && !recent_tags_[0].contains(tag) &&
                   !recent_tags_[1].contains(tag);
          });
      ASSERT_TRUE(waits) << "step " << step_ << ": a future transaction could be ready";
    }
    ASSERT_EQ(future_bytes, st.future_bytes);

    if (nonce_mode_) {
      for (const TransactionPtr& tx : pending) {
        const Spec& spec = specs_.at(tx->hash);
        ASSERT_GE(spec.nonce, chain_nonce_[spec.sender]) << "step " << step_ << ": stale nonce";
      }
    }

    ASSERT_EQ(pool_.watched_count(), watching_.size()) << "step " << step_;
    for (const TransactionHash& h : watching_) {
      const std::string& last = last_status_[h];
      if (ready.contains(h))
        ASSERT_EQ(last, "ready") << "step " << step_;
      else if (pool_.contains(h))
        ASSERT_EQ(last, "future") << "step " << step_;
      else if (last != "inBlock")
        // Retracted from one block while still in another one awaiting finality (forks): it
        // stays watched until that block is finalized, retracted or times out.
        ASSERT_TRUE(last == "retracted" && in_unfinalized_block(h))
            << "step " << step_ << ": " << last;
    }
  }

  std::mt19937_64 rng_;
  bool nonce_mode_;
  TransactionPool pool_;
  int step_ = 0;
  uint64_t next_id_ = 0;
  uint64_t now_ = 0;
  block::BlockNumber block_number_ = 0;
  size_t accepted_ = 0;
  HashMap<Spec> specs_;
  HashSet watching_;
  HashMap<std::string> last_status_;
  TagSet chain_tags_;
  std::array<TagSet, 2> recent_tags_;
  std::map<char, uint32_t> chain_nonce_;
  std::deque<std::pair<block::BlockHash, std::vector<TransactionHash>>> unfinalized_;
};

TEST(PoolModel, RandomTagGraphsKeepTheInvariants) {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    PoolModel model(seed, /*nonce_mode=*/false);
    model.run(1500);
    if (HasFatalFailure()) return;
    EXPECT_GT(model.submitted(), 300u);
    EXPECT_GT(model.blocks(), 100u);
  }
}

TEST(PoolModel, NonceChainsKeepTheInvariants) {
  for (uint64_t seed = 100; seed <= 111; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    PoolModel model(seed, /*nonce_mode=*/true);
    model.run(1500);
    if (HasFatalFailure()) return;
    EXPECT_GT(model.submitted(), 300u);
  }
}

}  // namespace
}  // namespace canary::txpool
