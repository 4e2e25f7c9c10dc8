#include "node/service/equivocation_reporter.hpp"

#include <tuple>
#include <utility>
#include <variant>

#include "node/service/log.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"

namespace canary::node {

namespace {
constexpr std::string_view kTarget = "equivocation";
}  // namespace

EquivocationReport babe_report(const consensus::babe::EquivocationProof& proof) {
  EquivocationReport report;
  report.api = "BabeApi";
  report.key_owner_query = scale::encode(std::tuple{proof.slot, proof.offender});
  report.proof = scale::encode(proof);
  report.prove_at = proof.second_header.parent_hash;
  report.describe = "slot author 0x" + to_hex(proof.offender) + " at slot " +
                    std::to_string(proof.slot) + " (blocks " +
                    log::short_hash(block::hash_of(proof.first_header)) + " and " +
                    log::short_hash(block::hash_of(proof.second_header)) + ")";
  return report;
}

namespace {

// A vote of the phase as finality_grandpa encodes it in an equivocation: the target (hash,
// number) and then the signature; the message's own variant index is not part of it.
void encode_signed_vote(scale::Encoder& out, const consensus::grandpa::SignedMessage& signed_vote) {
  std::visit(
      [&](const auto& vote) {
        if constexpr (requires { vote.target_hash; }) {
          scale::encode_to(out, vote.target_hash);
          scale::encode_to(out, vote.target_number);
        }
      },
      signed_vote.message);
  scale::encode_to(out, signed_vote.signature);
}

}  // namespace

EquivocationReport grandpa_report(consensus::grandpa::SetId set_id,
                                  const consensus::grandpa::Equivocation& equivocation) {
  const bool precommit = equivocation.phase == consensus::grandpa::Phase::kPrecommit;
  scale::Encoder out;
  scale::encode_to(out, set_id);
  out.put_byte(precommit ? 1 : 0);
  scale::encode_to(out, equivocation.round);
  scale::encode_to(out, equivocation.identity);
  encode_signed_vote(out, equivocation.first);
  encode_signed_vote(out, equivocation.second);
  EquivocationReport report;
  report.api = "GrandpaApi";
  report.key_owner_query = scale::encode(std::tuple{set_id, equivocation.identity});
  report.proof = std::move(out).take();
  report.describe = std::string("GRANDPA voter 0x") + to_hex(equivocation.identity) + " (" +
                    (precommit ? "precommits" : "prevotes") + " of round " +
                    std::to_string(equivocation.round) + ", set " + std::to_string(set_id) + ")";
  return report;
}

EquivocationReporter::EquivocationReporter(blockchain::Chain& chain, blockchain::RuntimeHost& host,
                                           executor::offchain::TransactionPool& pool)
    : chain_(chain), host_(host), pool_(pool) {
  thread_ = std::thread([this] { loop(); });
}

EquivocationReporter::~EquivocationReporter() {
  stop();
}

void EquivocationReporter::report(EquivocationReport report) {
  log::info(kTarget, "{} is equivocating", report.describe);
  {
    MutexLock lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(report));
  }
  wake_.notify_one();
}

Result<Bytes, std::string> EquivocationReporter::call_at(const block::BlockHash& at,
                                                         const std::string& method,
                                                         const Bytes& input, bool with_pool) {
  auto header = chain_.header(at);
  if (!header) return unexpected(header.error().message());
  if (!*header) return unexpected("unknown block " + to_hex(at));
  state::TrieBackend backend((*header)->state_root, chain_.database().node_store());
  state::OverlayedChanges overlay(backend);
  auto session = blockchain::RuntimeSession::open(host_, overlay, {.at = (*header)->number});
  if (!session) return unexpected(session.error().message());
  if (with_pool) (*session)->context().transaction_pool = &pool_;
  auto output = (*session)->call(method, input);
  if (!output) return unexpected(method + ": " + output.error().message());
  return std::move(*output);
}

Result<std::optional<Bytes>, std::string> EquivocationReporter::key_owner_proof(
    const EquivocationReport& report, const block::BlockHash& at) {
  CANARY_TRY_ASSIGN(auto output, call_at(at, report.api + "_generate_key_ownership_proof",
                                         report.key_owner_query, false));
  // Option<OpaqueKeyOwnershipProof>: the opaque proof is a Vec<u8>.
  auto proof = scale::decode<std::optional<Bytes>>(output);
  if (!proof) return unexpected("undecodable key-ownership proof " + to_hex(output));
  return std::move(*proof);
}

Result<bool, std::string> EquivocationReporter::submit(const EquivocationReport& report) {
  const block::BlockHash best = chain_.best().hash;
  // At the parent the offender's session is the block's own; when the equivocating block opened
  // a session, its parent's session is the previous one, and the best block may know it.
  std::optional<Bytes> proof;
  if (chain_.contains(report.prove_at)) {
    CANARY_TRY_ASSIGN(proof, key_owner_proof(report, report.prove_at));
  }
  if (!proof) {
    CANARY_TRY_ASSIGN(proof, key_owner_proof(report, best));
  }
  if (!proof) {
    log::debug(kTarget, "Equivocation offender is not part of the authority set.");
    return false;
  }
  Bytes input = report.proof;
  const Bytes opaque = scale::encode(*proof);
  input.insert(input.end(), opaque.begin(), opaque.end());
  CANARY_TRY_ASSIGN(
      auto output,
      call_at(best, report.api + "_submit_report_equivocation_unsigned_extrinsic", input, true));
  auto submitted = scale::decode<std::optional<std::monostate>>(output);
  if (!submitted) return unexpected("undecodable submission result " + to_hex(output));
  return submitted->has_value();
}

void EquivocationReporter::loop() {
  for (;;) {
    EquivocationReport report;
    {
      UniqueLock lock(mutex_);
      wake_.wait(lock.native(), [this]() REQUIRES(mutex_) { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      report = std::move(queue_.front());
      queue_.pop_front();
      running_ = true;
    }
    auto submitted = submit(report);
    if (!submitted) {
      log::warn(kTarget, "Error reporting equivocation of {}: {}", report.describe,
                submitted.error());
    } else if (*submitted) {
      log::info(kTarget, "Submitted equivocation report for {}", report.describe);
    } else {
      log::warn(kTarget, "The equivocation report for {} was not submitted", report.describe);
    }
    MutexLock lock(mutex_);
    if (submitted && *submitted) {
      ++counts_.submitted;
    } else {
      ++counts_.dropped;
    }
    running_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

void EquivocationReporter::wait_idle() {
  UniqueLock lock(mutex_);
  idle_.wait(lock.native(),
             [this]() REQUIRES(mutex_) { return stopping_ || (queue_.empty() && !running_); });
}

void EquivocationReporter::stop() {
  {
    MutexLock lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  idle_.notify_all();
  if (thread_.joinable()) thread_.join();
}

EquivocationReporter::Counts EquivocationReporter::counts() const {
  MutexLock lock(mutex_);
  return counts_;
}

}  // namespace canary::node
