// Dispute statements as the paras inherent carries them (polkadot-sdk
// `polkadot/primitives/src/v9/mod.rs` DisputeStatement, DisputeStatementSet; parachain-facts
// §1.10):
//   DisputeStatement { Valid(ValidDisputeStatementKind) = 0, Invalid(InvalidDisputeStatementKind) =
//   1 } ValidDisputeStatementKind { Explicit = 0, BackingSeconded(inclusion parent) = 1,
//     BackingValid(inclusion parent) = 2, ApprovalChecking = 3,
//     ApprovalCheckingMultipleCandidates(Vec<CandidateHash>) = 4 }
//   InvalidDisputeStatementKind { Explicit = 0 }
//   DisputeStatementSet { candidate_hash, session, statements: Vec<(DisputeStatement,
//     ValidatorIndex, ValidatorSignature)> }
// and what each kind of statement is a signature over (`DisputeStatement::payload_data`): a
// dispute vote reuses the backing and approval signatures a validator already gave, so each kind
// names the payload it was signed as.
#pragma once

#include <cstdint>
#include <optional>
#include <tuple>
#include <variant>
#include <vector>

#include "parachain/protocol/signed.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"

namespace canary::parachain::protocol {

struct ValidDisputeStatementKind {
  struct Explicit {
    static constexpr uint8_t kScaleIndex = 0;
    bool operator==(const Explicit&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct BackingSeconded {
    static constexpr uint8_t kScaleIndex = 1;
    Hash256 inclusion_parent{};
    bool operator==(const BackingSeconded&) const = default;
    CANARY_SCALE_FIELDS(inclusion_parent)
  };
  struct BackingValid {
    static constexpr uint8_t kScaleIndex = 2;
    Hash256 inclusion_parent{};
    bool operator==(const BackingValid&) const = default;
    CANARY_SCALE_FIELDS(inclusion_parent)
  };
  struct ApprovalChecking {
    static constexpr uint8_t kScaleIndex = 3;
    bool operator==(const ApprovalChecking&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct ApprovalCheckingMultipleCandidates {
    static constexpr uint8_t kScaleIndex = 4;
    std::vector<CandidateHash> candidates;
    bool operator==(const ApprovalCheckingMultipleCandidates&) const = default;
    CANARY_SCALE_FIELDS(candidates)
  };

  std::variant<Explicit, BackingSeconded, BackingValid, ApprovalChecking,
               ApprovalCheckingMultipleCandidates>
      value;

  bool operator==(const ValidDisputeStatementKind&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
};

// One variant only: an enum with a validity check, so any other byte is refused.
enum class InvalidDisputeStatementKind : uint8_t { kExplicit = 0 };
inline bool scale_is_valid(InvalidDisputeStatementKind kind) {
  return kind == InvalidDisputeStatementKind::kExplicit;
}

struct DisputeStatement {
  struct Valid {
    static constexpr uint8_t kScaleIndex = 0;
    ValidDisputeStatementKind kind;
    bool operator==(const Valid&) const = default;
    CANARY_SCALE_FIELDS(kind)
  };
  struct Invalid {
    static constexpr uint8_t kScaleIndex = 1;
    InvalidDisputeStatementKind kind = InvalidDisputeStatementKind::kExplicit;
    bool operator==(const Invalid&) const = default;
    CANARY_SCALE_FIELDS(kind)
  };

  std::variant<Valid, Invalid> value;

  bool operator==(const DisputeStatement&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }

  bool indicates_validity() const { return std::holds_alternative<Valid>(value); }
};

struct DisputeStatementSet {
  using Vote = std::tuple<DisputeStatement, ValidatorIndex, ValidatorSignature>;
  CandidateHash candidate_hash{};
  SessionIndex session = 0;
  std::vector<Vote> statements;

  bool operator==(const DisputeStatementSet&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash, session, statements)
};
using MultiDisputeStatementSet = std::vector<DisputeStatementSet>;

// `payload_data`: Explicit → SCALE("DISP", valid, candidate_hash, session); Backing* → the
// compact statement's signing payload with SigningContext{session, inclusion parent};
// ApprovalChecking → SCALE("APPR", candidate_hash, session); multiple candidates →
// SCALE("APPR", candidates, session), or the single form when there is one. None when a
// multiple-candidates vote does not name `candidate_hash`.
std::optional<Bytes> dispute_statement_payload(const DisputeStatement& statement,
                                               const CandidateHash& candidate_hash,
                                               SessionIndex session);

// `check_signature`: sr25519 by `validator` over that payload.
bool verify_dispute_statement(const DisputeStatement& statement, const ValidatorId& validator,
                              const CandidateHash& candidate_hash, SessionIndex session,
                              const ValidatorSignature& signature);

}  // namespace canary::parachain::protocol
