// Candidate backing at the relay parents a validator backs at (polkadot-sdk
// `polkadot/node/core/backing/src/lib.rs`; implementers' guide "Candidate Backing"), sans-IO:
//
//  - a collation the collator protocol fetched for our group's core is validated and, if valid
//    (and its AvailableData stored), seconded: we sign a Seconded statement, tell the collator
//    (CollationSeconded) and our group (statement distribution);
//  - a Seconded statement of another member of our group makes us fetch the PoV from the seconder,
//    validate it and sign Valid;
//  - statements of the other groups are only recorded;
//  - a candidate with effective_minimum_backing_votes votes of its group is backable: the
//    provisioner asks for the BackedCandidates of a relay parent.
//
// The adapter does what needs the world: validation (the runtime's PVD and code, the PVF host,
// storing the AvailableData, whose erasure root must match the descriptor's), fetching PoVs, and
// sending what `Action`s ask for. Statements arrive checked by nobody: backing checks their
// signatures against the session's validators.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "parachain/backing/statement_table.hpp"
#include "parachain/primitives/available_data.hpp"
#include "parachain/primitives/candidate.hpp"
#include "parachain/protocol/backed_candidate.hpp"
#include "parachain/protocol/signed.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain {

// What backing knows of a relay parent it backs at (an active leaf), from the ParachainHost API
// at that block.
struct BackingLeaf {
  Hash256 relay_parent{};
  uint32_t number = 0;
  SessionIndex session_index = 0;  // session_index_for_child
  std::vector<protocol::ValidatorId> validators;
  // The backing group on each core at this relay parent (validator_groups with the rotation).
  std::map<CoreIndex, std::vector<ValidatorIndex>> groups_by_core;
  ClaimQueue claim_queue;
  uint32_t minimum_backing_votes = 2;
  // Node feature ElasticScalingMVP: BackedCandidate's validator_indices carry the core index.
  bool inject_core_index = false;
  // Ours, when we are a validator of the session; our key signs our statements.
  std::optional<ValidatorIndex> our_index;
};

namespace backing {

// Validate the candidate; answer with CandidateBacking::on_validated. `second`: a collation we
// would second (else a candidate another member seconded, which we would vote Valid on).
struct Validate {
  Hash256 relay_parent{};
  Hash256 candidate_hash{};
  CandidateReceipt receipt;
  PoV pov;
  bool second = false;
};

// Fetch the PoV of a candidate of our group from the validators that vouched for it (in order of
// preference); answer with on_pov or on_pov_unavailable.
struct FetchPov {
  Hash256 relay_parent{};
  Hash256 candidate_hash{};
  Hash256 pov_hash{};
  ParaId para_id = 0;
  std::vector<ValidatorIndex> from;
};

// Our statement, for our group (statement distribution), with the candidate when it is Seconded.
struct Distribute {
  Hash256 relay_parent{};
  protocol::UncheckedSignedFullStatement statement;
};

// We seconded a collation: the collator protocol tells its collator (CollationSeconded).
struct CollationSeconded {
  Hash256 relay_parent{};
  Hash256 candidate_hash{};
  protocol::UncheckedSignedFullStatement statement;
};

// A collation we were asked to second is invalid: the collator protocol reports its collator.
struct CollationInvalid {
  Hash256 relay_parent{};
  Hash256 candidate_hash{};
  ParaId para_id = 0;
};

// The candidate became backable (for logs and metrics; the provisioner asks for it).
struct Backed {
  Hash256 relay_parent{};
  Hash256 candidate_hash{};
  ParaId para_id = 0;
  CoreIndex core = 0;
};

using Action =
    std::variant<Validate, FetchPov, Distribute, CollationSeconded, CollationInvalid, Backed>;

}  // namespace backing

enum class BackingError : uint8_t {
  kUnknownRelayParent,  // not an active leaf backing knows
  kNotAValidator,       // we have no validator index at this relay parent
  kNoCore,              // our group has no core at this relay parent
  kWrongRelayParent,    // the candidate's descriptor names another relay parent
  kNotScheduled,     // the para is not on our core's claim queue, or the descriptor's core differs
  kAlreadySeconded,  // we seconded at this relay parent already (one per relay parent)
  kKnownCandidate,   // the candidate is known already
  kBadSignature,
  kUnknownValidator,  // a statement's validator index is outside the session
  kUnknownCandidate,  // a Valid statement for a candidate nobody seconded here
  kStatementRefused,  // the statement table refused it (detail: TableError)
  kNotValidating,     // an answer (PoV, validation) for nothing backing waits for
};
const char* to_string(BackingError error);

struct ValidationOutcome {
  enum class Kind : uint8_t {
    kValid,    // and its AvailableData is stored
    kInvalid,  // the PVF or the checks around it refused it, or its erasure root is wrong
    kError,    // we could not judge it (abstain)
  };
  Kind kind = Kind::kError;
  CandidateCommitments commitments;  // kValid
};

class CandidateBacking {
 public:
  // `validator_key`: our `para` key, when we are a validator (signs statements).
  explicit CandidateBacking(std::optional<crypto::sr25519::Keypair> validator_key);

  // Starts backing at a relay parent; a leaf already active is replaced.
  void activate_leaf(BackingLeaf leaf);
  // Forgets a relay parent (no longer a leaf or too old to back at).
  void deactivate_leaf(const Hash256& relay_parent);
  bool is_active(const Hash256& relay_parent) const { return leaves_.contains(relay_parent); }
  // The core our group backs for at a relay parent.
  std::optional<CoreIndex> our_core(const Hash256& relay_parent) const;
  // The para our core serves next at a relay parent (the claim queue's first entry).
  std::optional<ParaId> our_para(const Hash256& relay_parent) const;

  // A collation to second, from the collator protocol.
  Result<std::vector<backing::Action>, BackingError> second(const Hash256& relay_parent,
                                                            const CandidateReceipt& receipt,
                                                            PoV pov);

  // Another validator's statement at a relay parent (a Seconded one with its candidate).
  Result<std::vector<backing::Action>, BackingError> on_statement(
      const Hash256& relay_parent, const protocol::UncheckedSignedFullStatement& statement);

  Result<std::vector<backing::Action>, BackingError> on_pov(const Hash256& candidate_hash, PoV pov);
  // No one served the PoV: we do not vote on the candidate.
  void on_pov_unavailable(const Hash256& candidate_hash);

  Result<std::vector<backing::Action>, BackingError> on_validated(const Hash256& candidate_hash,
                                                                  const ValidationOutcome& outcome);

  // The backable candidates at a relay parent, one per core (the provisioner's input), as the
  // runtime wants them: votes and validator_indices in group order, the core index injected when
  // the leaf says so.
  std::vector<protocol::BackedCandidate> backable(const Hash256& relay_parent) const;

  // The statements we hold on a candidate, in the form statement distribution sends and the
  // attested-candidate request answers with (compact, as signed).
  std::vector<protocol::UncheckedSignedStatement> statements(const Hash256& relay_parent,
                                                             const Hash256& candidate_hash) const;
  const CommittedCandidateReceipt* candidate(const Hash256& relay_parent,
                                             const Hash256& candidate_hash) const;

 private:
  struct Validation {
    Hash256 relay_parent{};
    CandidateReceipt receipt;
    bool second = false;
  };
  struct PovWait {
    Hash256 relay_parent{};
    CandidateReceipt receipt;
  };
  struct Leaf {
    BackingLeaf info;
    StatementTable table;
    bool seconded = false;       // we seconded (or are validating to second) at this relay parent
    std::set<Hash256> rejected;  // candidates found invalid here: not validated again
  };

  Leaf* leaf(const Hash256& relay_parent);
  const Leaf* leaf(const Hash256& relay_parent) const;
  protocol::SigningContext context_of(const Leaf& leaf) const;
  Result<std::vector<backing::Action>, BackingError> import(Leaf& leaf, CoreIndex core,
                                                            const TableStatement& statement);
  std::optional<protocol::UncheckedSignedFullStatement> sign(const Leaf& leaf,
                                                             protocol::Statement statement) const;

  std::optional<crypto::sr25519::Keypair> validator_key_;
  std::map<Hash256, Leaf> leaves_;
  std::map<Hash256, Validation> validating_;  // by candidate hash
  std::map<Hash256, PovWait> awaiting_pov_;   // by candidate hash
};

}  // namespace canary::parachain
