// The paras inherent's data and what ParaInherent scrapes from it, SCALE-exact with Kusama's
// relay runtime (spec 1_009_002 metadata; polkadot-sdk stable2506 polkadot/primitives/src/v8/mod.rs
// DisputeStatementSet & co., vstaging/mod.rs InherentData and ScrapedOnChainVotes):
//   InherentData<Header> { bitfields, backed_candidates, disputes, parent_header }, put by the
//   block author's node under the inherent identifier `parachn0` (PARACHAINS_INHERENT_IDENTIFIER);
//   DisputeStatementSet { candidate_hash, session, statements: Vec<(DisputeStatement,
//   ValidatorIndex, ValidatorSignature)> } (MultiDisputeStatementSet = Vec of them);
//   ScrapedOnChainVotes<H> { session, backing_validators_per_candidate, disputes }.
// Disputes are decoded in full; ParaInherent accepts only an empty set until ParasDisputes exists.
#pragma once

#include <cstdint>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/block/header.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/block_types.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "runtime/pallets/para_configuration/para_primitives.hpp"

namespace canary::rt::pallets::para_inherent {

using para_primitives::BackedCandidate;
using para_primitives::CandidateHash;
using para_primitives::CandidateReceiptV2;
using para_primitives::UncheckedSignedAvailabilityBitfield;
using para_primitives::ValidatorIndex;
using para_primitives::ValidatorSignature;
using para_primitives::ValidityAttestation;

// primitives' PARACHAINS_INHERENT_IDENTIFIER.
inline constexpr runtime::InherentIdentifier kInherentIdentifier = runtime::kParachainsInherent;

// v8::ValidDisputeStatementKind: Explicit 0, BackingSeconded(inclusion parent) 1,
// BackingValid(inclusion parent) 2, ApprovalChecking 3, ApprovalCheckingMultipleCandidates 4.
struct ValidDisputeStatementKind {
  struct Explicit {
    static constexpr uint8_t kScaleIndex = 0;
    bool operator==(const Explicit&) const = default;
    CANARY_SCALE_FIELDS()
  };
  struct BackingSeconded {
    static constexpr uint8_t kScaleIndex = 1;
    H256 inclusion_parent{};
    bool operator==(const BackingSeconded&) const = default;
    CANARY_SCALE_FIELDS(inclusion_parent)
  };
  struct BackingValid {
    static constexpr uint8_t kScaleIndex = 2;
    H256 inclusion_parent{};
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
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "ValidDisputeStatementKind"});
    meta::Registry& r = b.registry();
    b.variant(0, "Explicit");
    b.variant(1, "BackingSeconded", {meta::field_of<H256>(r, {}, "Hash")});
    b.variant(2, "BackingValid", {meta::field_of<H256>(r, {}, "Hash")});
    b.variant(3, "ApprovalChecking");
    b.variant(4, "ApprovalCheckingMultipleCandidates",
              {meta::field_of<std::vector<CandidateHash>>(r, {}, "Vec<CandidateHash>")});
  }
};

// v8::InvalidDisputeStatementKind: Explicit 0 (the only kind).
struct InvalidDisputeStatementKind {
  bool operator==(const InvalidDisputeStatementKind&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, uint8_t{0});
  }
  void scale_decode(scale::Decoder& in) {
    uint8_t index = 0;
    scale::decode_from(in, index);
    if (in.ok() && index != 0) in.fail(scale::DecodeError::kInvalidVariantIndex);
  }
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "InvalidDisputeStatementKind"});
    b.variant(0, "Explicit");
  }
};

// v8::DisputeStatement: Valid(kind) 0, Invalid(kind) 1.
struct DisputeStatement {
  struct Valid {
    static constexpr uint8_t kScaleIndex = 0;
    ValidDisputeStatementKind kind;
    bool operator==(const Valid&) const = default;
    CANARY_SCALE_FIELDS(kind)
  };
  struct Invalid {
    static constexpr uint8_t kScaleIndex = 1;
    InvalidDisputeStatementKind kind;
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
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "DisputeStatement"});
    meta::Registry& r = b.registry();
    b.variant(0, "Valid",
              {meta::field_of<ValidDisputeStatementKind>(r, {}, "ValidDisputeStatementKind")});
    b.variant(1, "Invalid",
              {meta::field_of<InvalidDisputeStatementKind>(r, {}, "InvalidDisputeStatementKind")});
  }
};

// v8::DisputeStatementSet: one candidate's dispute votes.
struct DisputeStatementSet {
  using Statement = std::tuple<DisputeStatement, ValidatorIndex, ValidatorSignature>;
  CandidateHash candidate_hash;
  uint32_t session = 0;
  std::vector<Statement> statements;
  bool operator==(const DisputeStatementSet&) const = default;
  CANARY_SCALE_FIELDS(candidate_hash, session, statements)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "v8", "DisputeStatementSet"});
    b.field("candidate_hash", &DisputeStatementSet::candidate_hash, "CandidateHash");
    b.field("session", &DisputeStatementSet::session, "SessionIndex");
    b.field("statements", &DisputeStatementSet::statements,
            "Vec<(DisputeStatement, ValidatorIndex, ValidatorSignature)>");
  }
};
using MultiDisputeStatementSet = std::vector<DisputeStatementSet>;

// vstaging::InherentData<Header>: what `enter` takes.
struct ParaInherentData {
  std::vector<UncheckedSignedAvailabilityBitfield> bitfields;
  std::vector<BackedCandidate> backed_candidates;
  MultiDisputeStatementSet disputes;
  block::Header parent_header;
  bool operator==(const ParaInherentData&) const = default;
  CANARY_SCALE_FIELDS(bitfields, backed_candidates, disputes, parent_header)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "InherentData"});
    b.param<block::Header>("HDR");
    b.field("bitfields", &ParaInherentData::bitfields, "UncheckedSignedAvailabilityBitfields");
    b.field("backed_candidates", &ParaInherentData::backed_candidates,
            "Vec<BackedCandidate<HDR::Hash>>");
    b.field("disputes", &ParaInherentData::disputes, "MultiDisputeStatementSet");
    b.field("parent_header", &ParaInherentData::parent_header, "HDR");
  }
};

// vstaging::ScrapedOnChainVotes<H256>: the session's backing votes and disputes of the block,
// for the node's dispute coordinator to scrape (OnChainVotes).
struct ScrapedOnChainVotes {
  using Backers = std::vector<std::pair<ValidatorIndex, ValidityAttestation>>;
  uint32_t session = 0;
  std::vector<std::pair<CandidateReceiptV2, Backers>> backing_validators_per_candidate;
  MultiDisputeStatementSet disputes;
  bool operator==(const ScrapedOnChainVotes&) const = default;
  CANARY_SCALE_FIELDS(session, backing_validators_per_candidate, disputes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"polkadot_primitives", "vstaging", "ScrapedOnChainVotes"});
    b.param<H256>("H");
    b.field("session", &ScrapedOnChainVotes::session, "SessionIndex");
    b.field("backing_validators_per_candidate",
            &ScrapedOnChainVotes::backing_validators_per_candidate,
            "Vec<\n(CandidateReceiptV2<H>, Vec<(ValidatorIndex, ValidityAttestation)>)>");
    b.field("disputes", &ScrapedOnChainVotes::disputes, "MultiDisputeStatementSet");
  }
};

}  // namespace canary::rt::pallets::para_inherent
