// What the parachain host's tests share to make signed candidates and bitfields on the test
// runtime (parachain_host_test_runtime.hpp): the validators' key pairs (//V0…//V4, as
// validators()), a candidate of a para on a head at a relay parent, its backing votes by members
// of a group, and a validator's signed availability bitfield (para_inclusion_test.cpp,
// para_inherent_test.cpp).
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "primitives/keys/key_pair.hpp"
#include "runtime/pallets/para_configuration/para_candidate.hpp"
#include "tests/unit/runtime/parachain_host_test_runtime.hpp"

namespace canary::rt::parachain_host_test {

inline H256 filled(uint8_t b) {
  H256 h;
  h.bytes.fill(b);
  return h;
}

// A bit vector from a pattern of '0' and '1'.
inline scale::BitVec bits(std::string_view pattern) {
  scale::BitVec v;
  for (const char c : pattern) v.push_back(c == '1');
  return v;
}

// Signs as the active validator of an index (ParasShared's shuffled keys).
struct Signer {
  std::map<ValidatorId, keys::KeyPair> pairs;
  Signer() {
    for (size_t i = 0; i < 5; ++i) {
      auto pair = keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//V" + std::to_string(i));
      ValidatorId id;
      const Bytes pk = pair.value().public_key();
      std::copy(pk.begin(), pk.end(), id.bytes.begin());
      pairs.emplace(id, std::move(pair.value()));
    }
  }
  prim::ValidatorSignature sign(prim::ValidatorIndex v, ByteSpan message) const {
    const auto keys = ParasShared::ActiveValidatorKeys::get();
    const Bytes s = pairs.at(keys.at(v.value)).sign(message);
    prim::ValidatorSignature out;
    std::copy(s.begin(), s.end(), out.bytes.begin());
    return out;
  }
};
inline const Signer& signer() {
  static const Signer kSigner;
  return kSigner;
}

// A candidate of `para` on `parent_head` at the relay parent `relay_parent` (number
// `relay_parent_number`, state root `state_root`), producing `head`, with a V2 descriptor naming
// `core` and the current session (unsigned: see back()).
inline prim::BackedCandidate make_candidate(ParaId para, const H256& relay_parent,
                                            uint32_t relay_parent_number, const H256& state_root,
                                            const prim::HeadData& parent_head,
                                            const prim::HeadData& head, CoreIndex core) {
  prim::CommittedCandidateReceiptV2 r;
  r.descriptor.para_id = para;
  r.descriptor.relay_parent = relay_parent;
  r.descriptor.core_index_v2 = static_cast<uint16_t>(core.value);
  r.descriptor.session_index_v2 = ParasShared::session_index();
  r.descriptor.persisted_validation_data_hash =
      prim::PersistedValidationData{parent_head, relay_parent_number, state_root,
                                    Configuration::ActiveConfig::get().max_pov_size}
          .hash();
  r.descriptor.para_head = H256{head.hash()};
  r.descriptor.validation_code_hash = Paras::CurrentCodeHash::get(para).value();
  r.commitments.head_data = head;
  r.commitments.hrmp_watermark = relay_parent_number;
  prim::BackedCandidate b;
  b.candidate = r;
  return b;
}

// Signs `b` by the members of `group` at positions `members` (the first Seconded, the others
// Valid) and sets its validator indices (+ the core index bits).
inline void back(prim::BackedCandidate& b, GroupIndex group, const std::vector<size_t>& members,
                 std::optional<CoreIndex> core) {
  const auto vals = Scheduler::group_validators(group).value();
  const prim::SigningContext ctx{ParasShared::session_index(), b.candidate.descriptor.relay_parent};
  scale::BitVec indices(vals.size());
  b.validity_votes.clear();
  for (size_t n = 0; n < members.size(); ++n) {
    const auto kind =
        n == 0 ? prim::CompactStatementKind::kSeconded : prim::CompactStatementKind::kValid;
    const Bytes payload = prim::backing_statement_payload(kind, b.hash(), ctx);
    b.validity_votes.push_back({n == 0 ? prim::ValidityAttestation::Kind::kImplicit
                                       : prim::ValidityAttestation::Kind::kExplicit,
                                signer().sign(vals[members[n]], payload)});
    indices.set(members[n], true);
  }
  b.set_validator_indices_and_core_index(indices, core);
}

// Validator v's bitfield `pattern` signed for the block whose parent is `parent`.
inline prim::UncheckedSignedAvailabilityBitfield signed_bitfield(prim::ValidatorIndex v,
                                                                 std::string_view pattern,
                                                                 const H256& parent) {
  prim::UncheckedSignedAvailabilityBitfield b{prim::AvailabilityBitfield{bits(pattern)}, v, {}};
  b.signature =
      signer().sign(v, prim::UncheckedSignedAvailabilityBitfield::signing_payload(
                           b.payload, prim::SigningContext{ParasShared::session_index(), parent}));
  return b;
}

// Our registry's description of a type in the form the tests write Kusama's shapes in (from
// its spec 1_009_002 metadata, kusama-types.json): each field as name:typeName ("_" unnamed)
// joined by ';', or each variant as index=Name(fields joined by ',') joined by ';'.
inline std::string shape_of(const meta::TypeDescription& t) {
  const auto fields = [](const std::vector<meta::Field>& fs, const char* sep) {
    std::string s;
    for (size_t i = 0; i < fs.size(); ++i) {
      if (i != 0) s += sep;
      s += (fs[i].name ? *fs[i].name : std::string("_")) + ":" +
           (fs[i].type_name ? *fs[i].type_name : std::string("None"));
    }
    return s;
  };
  std::string out;
  if (const auto* c = std::get_if<meta::CompositeDef>(&t.def)) {
    out = fields(c->fields, ";");
  } else if (const auto* v = std::get_if<meta::VariantDef>(&t.def)) {
    for (size_t i = 0; i < v->variants.size(); ++i) {
      if (i != 0) out += ";";
      out += std::to_string(v->variants[i].index) + "=" + v->variants[i].name + "(" +
             fields(v->variants[i].fields, ",") + ")";
    }
  }
  return out;
}

// The registry's type of a path (segments joined by "::"), its parameters' names joined by ','.
inline const meta::TypeDescription* type_at(const meta::RuntimeMetadata& md, std::string_view path,
                                            std::string* params = nullptr) {
  const meta::TypeDescription* found = nullptr;
  for (const auto& t : md.registry.types()) {
    std::string p;
    for (const auto& seg : t.path) p += (p.empty() ? "" : "::") + seg;
    if (p == path) found = &t;
  }
  if (found != nullptr && params != nullptr) {
    params->clear();
    for (const auto& param : found->params) *params += (params->empty() ? "" : ",") + param.name;
  }
  return found;
}

}  // namespace canary::rt::parachain_host_test
