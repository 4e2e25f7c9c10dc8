#include "parachain/backing/candidate_backing.hpp"

#include <algorithm>

namespace canary::parachain {

const char* to_string(BackingError error) {
  switch (error) {
    case BackingError::kUnknownRelayParent:
      return "not backing at that relay parent";
    case BackingError::kNotAValidator:
      return "not a validator at that relay parent";
    case BackingError::kNoCore:
      return "our backing group has no core at that relay parent";
    case BackingError::kWrongRelayParent:
      return "the candidate names another relay parent";
    case BackingError::kNotScheduled:
      return "the candidate's para or core is not our core's";
    case BackingError::kAlreadySeconded:
      return "we seconded a candidate at that relay parent already";
    case BackingError::kKnownCandidate:
      return "the candidate is known already";
    case BackingError::kBadSignature:
      return "the statement's signature is bad";
    case BackingError::kUnknownValidator:
      return "the statement's validator is not in the session";
    case BackingError::kUnknownCandidate:
      return "a validity statement for a candidate not seconded here";
    case BackingError::kStatementRefused:
      return "the statement table refused the statement";
    case BackingError::kNotValidating:
      return "backing waits for nothing of that candidate";
  }
  return "unknown backing error";
}

CandidateBacking::CandidateBacking(std::optional<crypto::sr25519::Keypair> validator_key)
    : validator_key_(validator_key) {}

void CandidateBacking::activate_leaf(BackingLeaf leaf) {
  const Hash256 relay_parent = leaf.relay_parent;
  StatementTable table(leaf.groups_by_core, leaf.minimum_backing_votes);
  leaves_.erase(relay_parent);
  leaves_.emplace(relay_parent, Leaf{std::move(leaf), std::move(table), false, {}});
}

void CandidateBacking::deactivate_leaf(const Hash256& relay_parent) {
  leaves_.erase(relay_parent);
  std::erase_if(validating_,
                [&](const auto& entry) { return entry.second.relay_parent == relay_parent; });
  std::erase_if(awaiting_pov_,
                [&](const auto& entry) { return entry.second.relay_parent == relay_parent; });
}

CandidateBacking::Leaf* CandidateBacking::leaf(const Hash256& relay_parent) {
  auto it = leaves_.find(relay_parent);
  return it == leaves_.end() ? nullptr : &it->second;
}

const CandidateBacking::Leaf* CandidateBacking::leaf(const Hash256& relay_parent) const {
  auto it = leaves_.find(relay_parent);
  return it == leaves_.end() ? nullptr : &it->second;
}

namespace {

std::optional<CoreIndex> core_of_validator(const BackingLeaf& info, ValidatorIndex validator) {
  for (const auto& [core, members] : info.groups_by_core) {
    if (std::find(members.begin(), members.end(), validator) != members.end()) return core;
  }
  return std::nullopt;
}

}  // namespace

std::optional<CoreIndex> CandidateBacking::our_core(const Hash256& relay_parent) const {
  const Leaf* l = leaf(relay_parent);
  if (l == nullptr || !l->info.our_index) return std::nullopt;
  return core_of_validator(l->info, *l->info.our_index);
}

std::optional<ParaId> CandidateBacking::our_para(const Hash256& relay_parent) const {
  const Leaf* l = leaf(relay_parent);
  auto core = our_core(relay_parent);
  if (l == nullptr || !core) return std::nullopt;
  auto queue = l->info.claim_queue.find(*core);
  if (queue == l->info.claim_queue.end() || queue->second.empty()) return std::nullopt;
  return queue->second.front();
}

protocol::SigningContext CandidateBacking::context_of(const Leaf& l) const {
  return protocol::SigningContext{l.info.session_index, l.info.relay_parent};
}

std::optional<protocol::UncheckedSignedFullStatement> CandidateBacking::sign(
    const Leaf& l, protocol::Statement statement) const {
  if (!validator_key_ || !l.info.our_index) return std::nullopt;
  return protocol::sign_payload(*validator_key_, std::move(statement), *l.info.our_index,
                                context_of(l));
}

Result<std::vector<backing::Action>, BackingError> CandidateBacking::second(
    const Hash256& relay_parent, const CandidateReceipt& receipt, PoV pov) {
  Leaf* l = leaf(relay_parent);
  if (l == nullptr) return unexpected(BackingError::kUnknownRelayParent);
  if (!l->info.our_index || !validator_key_) return unexpected(BackingError::kNotAValidator);
  const auto core = our_core(relay_parent);
  const auto para = our_para(relay_parent);
  if (!core || !para) return unexpected(BackingError::kNoCore);
  const CandidateDescriptor& d = receipt.descriptor;
  if (d.relay_parent != relay_parent) return unexpected(BackingError::kWrongRelayParent);
  // polkadot-sdk seconds for any para on the core's claim queue; one collation per relay parent
  // here, so the one that comes next.
  if (d.para_id != *para) return unexpected(BackingError::kNotScheduled);
  if (d.version() == DescriptorVersion::kV2 && d.core_index() != *core) {
    return unexpected(BackingError::kNotScheduled);
  }
  if (l->seconded) return unexpected(BackingError::kAlreadySeconded);
  const Hash256 hash = candidate_hash(receipt);
  if (l->table.knows(hash) || l->rejected.contains(hash) || validating_.contains(hash)) {
    return unexpected(BackingError::kKnownCandidate);
  }
  l->seconded = true;
  validating_[hash] = Validation{relay_parent, receipt, true};
  return std::vector<backing::Action>{
      backing::Validate{relay_parent, hash, receipt, std::move(pov), true}};
}

Result<std::vector<backing::Action>, BackingError> CandidateBacking::import(
    Leaf& l, CoreIndex core, const TableStatement& statement) {
  const bool was_backed = l.table.attested(statement.candidate_hash).has_value();
  auto imported = l.table.import(core, statement);
  if (!imported) return unexpected(BackingError::kStatementRefused);
  std::vector<backing::Action> actions;
  if (!was_backed && l.table.attested(statement.candidate_hash)) {
    const CommittedCandidateReceipt* c = l.table.candidate(statement.candidate_hash);
    actions.push_back(backing::Backed{l.info.relay_parent, statement.candidate_hash,
                                      c->descriptor.para_id, core});
  }
  return actions;
}

Result<std::vector<backing::Action>, BackingError> CandidateBacking::on_statement(
    const Hash256& relay_parent, const protocol::UncheckedSignedFullStatement& statement) {
  Leaf* l = leaf(relay_parent);
  if (l == nullptr) return unexpected(BackingError::kUnknownRelayParent);
  const ValidatorIndex signer = statement.validator_index;
  if (signer >= l->info.validators.size()) return unexpected(BackingError::kUnknownValidator);
  if (!protocol::verify_signed(statement, context_of(*l), l->info.validators[signer])) {
    return unexpected(BackingError::kBadSignature);
  }

  TableStatement entry;
  CoreIndex core = 0;
  if (const auto* seconded = std::get_if<protocol::SecondedStatement>(&statement.payload)) {
    const CandidateDescriptor& d = seconded->candidate.descriptor;
    if (d.relay_parent != relay_parent) return unexpected(BackingError::kWrongRelayParent);
    const auto signer_core = core_of_validator(l->info, signer);
    if (!signer_core) return unexpected(BackingError::kStatementRefused);
    if (d.version() == DescriptorVersion::kV2 && d.core_index() != *signer_core) {
      return unexpected(BackingError::kNotScheduled);
    }
    core = *signer_core;
    entry.candidate_hash = candidate_hash(seconded->candidate.to_plain());
    entry.vote = Vote{signer, VoteKind::kSeconded, statement.signature};
    entry.candidate = seconded->candidate;
  } else {
    const auto& valid = std::get<protocol::ValidStatement>(statement.payload);
    const auto known_core = l->table.core_of(valid.candidate_hash);
    if (!known_core) return unexpected(BackingError::kUnknownCandidate);
    core = *known_core;
    entry.candidate_hash = valid.candidate_hash;
    entry.vote = Vote{signer, VoteKind::kValid, statement.signature};
  }

  CANARY_TRY_ASSIGN(auto actions, import(*l, core, entry));

  // A candidate of our group we have not judged yet: fetch its PoV from those who vouched for it.
  const Hash256& hash = entry.candidate_hash;
  const bool ours = l->info.our_index && core_of_validator(l->info, *l->info.our_index) == core;
  if (ours && validator_key_ && !l->table.has_voted(hash, *l->info.our_index) &&
      !l->rejected.contains(hash) && !validating_.contains(hash) && !awaiting_pov_.contains(hash)) {
    const CommittedCandidateReceipt* c = l->table.candidate(hash);
    backing::FetchPov fetch{relay_parent, hash, c->descriptor.pov_hash, c->descriptor.para_id, {}};
    for (const Vote& vote : l->table.votes(hash)) fetch.from.push_back(vote.validator);
    awaiting_pov_[hash] = PovWait{relay_parent, c->to_plain()};
    actions.emplace_back(std::move(fetch));
  }
  return actions;
}

Result<std::vector<backing::Action>, BackingError> CandidateBacking::on_pov(
    const Hash256& candidate_hash, PoV pov) {
  auto it = awaiting_pov_.find(candidate_hash);
  if (it == awaiting_pov_.end()) return unexpected(BackingError::kNotValidating);
  PovWait wait = it->second;
  awaiting_pov_.erase(it);
  // A PoV that is not the candidate's is answered as none (the fetcher tries elsewhere first).
  if (pov_hash(pov) != wait.receipt.descriptor.pov_hash) {
    return unexpected(BackingError::kNotValidating);
  }
  validating_[candidate_hash] = Validation{wait.relay_parent, wait.receipt, false};
  return std::vector<backing::Action>{
      backing::Validate{wait.relay_parent, candidate_hash, wait.receipt, std::move(pov), false}};
}

void CandidateBacking::on_pov_unavailable(const Hash256& candidate_hash) {
  awaiting_pov_.erase(candidate_hash);
}

Result<std::vector<backing::Action>, BackingError> CandidateBacking::on_validated(
    const Hash256& candidate_hash, const ValidationOutcome& outcome) {
  auto it = validating_.find(candidate_hash);
  if (it == validating_.end()) return unexpected(BackingError::kNotValidating);
  const Validation validation = it->second;
  validating_.erase(it);
  Leaf* l = leaf(validation.relay_parent);
  if (l == nullptr) return unexpected(BackingError::kUnknownRelayParent);
  const CandidateDescriptor& d = validation.receipt.descriptor;

  std::vector<backing::Action> actions;
  if (outcome.kind != ValidationOutcome::Kind::kValid) {
    if (validation.second) l->seconded = false;  // free to second another collation
    if (outcome.kind == ValidationOutcome::Kind::kInvalid) {
      l->rejected.insert(candidate_hash);
      if (validation.second) {
        actions.emplace_back(
            backing::CollationInvalid{validation.relay_parent, candidate_hash, d.para_id});
      }
    }
    return actions;
  }

  const auto core = our_core(validation.relay_parent);
  if (!core) return unexpected(BackingError::kNoCore);
  std::optional<protocol::UncheckedSignedFullStatement> signed_statement;
  TableStatement entry;
  entry.candidate_hash = candidate_hash;
  if (validation.second) {
    CommittedCandidateReceipt committed{d, outcome.commitments};
    signed_statement = sign(*l, protocol::SecondedStatement{committed});
    if (!signed_statement) return unexpected(BackingError::kNotAValidator);
    entry.vote = Vote{*l->info.our_index, VoteKind::kSeconded, signed_statement->signature};
    entry.candidate = std::move(committed);
  } else {
    signed_statement = sign(*l, protocol::ValidStatement{candidate_hash});
    if (!signed_statement) return unexpected(BackingError::kNotAValidator);
    entry.vote = Vote{*l->info.our_index, VoteKind::kValid, signed_statement->signature};
  }
  CANARY_TRY_ASSIGN(auto backed, import(*l, *core, entry));
  actions.emplace_back(backing::Distribute{validation.relay_parent, *signed_statement});
  if (validation.second) {
    actions.emplace_back(
        backing::CollationSeconded{validation.relay_parent, candidate_hash, *signed_statement});
  }
  for (auto& action : backed) actions.push_back(std::move(action));
  return actions;
}

std::vector<protocol::BackedCandidate> CandidateBacking::backable(
    const Hash256& relay_parent) const {
  std::vector<protocol::BackedCandidate> out;
  const Leaf* l = leaf(relay_parent);
  if (l == nullptr) return out;
  std::set<CoreIndex> cores_taken;
  for (AttestedCandidate& attested : l->table.all_attested()) {
    if (!cores_taken.insert(attested.core).second) continue;
    const std::vector<ValidatorIndex>& group = l->info.groups_by_core.at(attested.core);
    scale::BitVec bits(group.size());
    std::vector<protocol::ValidityAttestation> votes;
    for (const Vote& vote : attested.votes) {  // in group order
      const auto position = std::find(group.begin(), group.end(), vote.validator) - group.begin();
      bits.set(static_cast<size_t>(position), true);
      votes.push_back(protocol::ValidityAttestation{
          vote.kind == VoteKind::kSeconded ? protocol::ValidityAttestationKind::kImplicit
                                           : protocol::ValidityAttestationKind::kExplicit,
          vote.signature});
    }
    out.push_back(protocol::make_backed_candidate(
        std::move(attested.candidate), std::move(votes), bits,
        l->info.inject_core_index ? std::optional<CoreIndex>(attested.core) : std::nullopt));
  }
  return out;
}

std::vector<protocol::UncheckedSignedStatement> CandidateBacking::statements(
    const Hash256& relay_parent, const Hash256& candidate_hash) const {
  std::vector<protocol::UncheckedSignedStatement> out;
  const Leaf* l = leaf(relay_parent);
  if (l == nullptr) return out;
  for (const Vote& vote : l->table.votes(candidate_hash)) {
    protocol::UncheckedSignedStatement statement;
    statement.payload.kind = vote.kind == VoteKind::kSeconded
                                 ? protocol::CompactStatementKind::kSeconded
                                 : protocol::CompactStatementKind::kValid;
    statement.payload.candidate_hash = candidate_hash;
    statement.validator_index = vote.validator;
    statement.signature = vote.signature;
    out.push_back(statement);
  }
  return out;
}

const CommittedCandidateReceipt* CandidateBacking::candidate(const Hash256& relay_parent,
                                                             const Hash256& candidate_hash) const {
  const Leaf* l = leaf(relay_parent);
  return l == nullptr ? nullptr : l->table.candidate(candidate_hash);
}

}  // namespace canary::parachain
