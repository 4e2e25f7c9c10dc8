// The parachain wire decoders (parachain/protocol) on outside bytes: every notification and
// request-response message comes from a peer, the paras inherent from a block. Each decoder must
// refuse or decode without crashing, and what decodes must survive a round trip: its encoding
// decodes to the same value and has the input's size, and is the input itself unless the type
// holds a bit sequence (whose unused padding bits the decoder clears). Signatures made over decoded
// payloads verify, and only with their own key; the core index of a backed candidate splits off
// and joins back.
//
// Input: a mode byte, then the bytes for that mode.
//   0 validation/3 notification, 1 collation/2 notification,
//   2..7 requests: chunk, collation v1, collation v2, PoV, available data, attested candidate,
//   8..13 responses: chunk v1, chunk v2, collation, PoV, available data, attested candidate,
//   14 the paras inherent,
//   15 a CompactStatement, a full Statement and a SigningContext signed and verified,
//   16 a BackedCandidate's validator indices and core index,
//   17 a DisputeStatementSet's payloads and signatures.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "parachain/protocol/backed_candidate.hpp"
#include "parachain/protocol/collation_protocol.hpp"
#include "parachain/protocol/dispute_statement.hpp"
#include "parachain/protocol/parachains_inherent.hpp"
#include "parachain/protocol/request_response.hpp"
#include "parachain/protocol/signed.hpp"
#include "parachain/protocol/validation_protocol.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/scale/scale.hpp"

namespace {

using namespace canary;
using namespace canary::parachain;
using namespace canary::parachain::protocol;
using canary::fuzz::check;

// kCanonical: the type holds no bit sequence, so SCALE is canonical for it and the encoding of
// what decodes is the input.
template <bool kCanonical, class Decode>
void round_trip(ByteSpan data, Decode decode) {
  auto decoded = decode(data);
  if (!decoded) return;
  const Bytes encoded = scale::encode(*decoded);
  check(encoded.size() == data.size());
  if constexpr (kCanonical) check(encoded == Bytes(data.begin(), data.end()));
  auto again = decode(encoded);
  check(again.has_value() && *again == *decoded);
  check(scale::encode(*again) == encoded);
}

const crypto::sr25519::Keypair& key() {
  static const crypto::sr25519::Keypair kPair =
      crypto::sr25519::keypair_from_mini_secret(Hash256{1});
  return kPair;
}

const crypto::sr25519::Keypair& other_key() {
  static const crypto::sr25519::Keypair kPair =
      crypto::sr25519::keypair_from_mini_secret(Hash256{2});
  return kPair;
}

void signatures(ByteSpan data) {
  scale::Decoder in(data);
  const auto compact = scale::decode_next<CompactStatement>(in);
  const auto full = scale::decode_next<Statement>(in);
  const auto context = scale::decode_next<SigningContext>(in);
  if (!in.ok()) return;
  const auto signed_compact = sign_payload(key(), compact, 0, context);
  check(verify_signed(signed_compact, context, key().public_key));
  check(!verify_signed(signed_compact, context, other_key().public_key));
  check(signing_payload(compact, context).size() == kCompactStatementSize + 36);
  const auto signed_full = sign_payload(key(), full, 1, context);
  check(verify_signed(signed_full, context, key().public_key));
  check(verify_signed(to_compact(signed_full), context, key().public_key));
}

void core_index(ByteSpan data) {
  auto backed = scale::decode<BackedCandidate>(data);
  if (!backed) return;
  const auto [group, core] = validator_indices_and_core_index(*backed);
  check(with_core_index(group, core) == backed->validator_indices);
  if (core) check(*core < 256 && group.size() + kCoreIndexBits == backed->validator_indices.size());
}

void disputes(ByteSpan data) {
  auto set = scale::decode<DisputeStatementSet>(data);
  if (!set) return;
  for (const auto& [statement, index, signature] : set->statements) {
    const auto payload = dispute_statement_payload(statement, set->candidate_hash, set->session);
    if (!payload) continue;
    const auto ours = crypto::sr25519::sign(key(), *payload);
    check(verify_dispute_statement(statement, key().public_key, set->candidate_hash, set->session,
                                   ours));
    (void)verify_dispute_statement(statement, key().public_key, set->candidate_hash, set->session,
                                   signature);
    (void)index;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 18;
  const ByteSpan rest(data + 1, size - 1);
  switch (mode) {
    case 0:
      round_trip<false>(rest, decode_validation_message);
      break;
    case 1:
      round_trip<true>(rest, decode_collation_message);
      break;
    case 2:
      round_trip<true>(rest, decode_chunk_request);
      break;
    case 3:
      round_trip<true>(rest, decode_collation_request_v1);
      break;
    case 4:
      round_trip<true>(rest, decode_collation_request);
      break;
    case 5:
      round_trip<true>(rest, decode_pov_request);
      break;
    case 6:
      round_trip<true>(rest, decode_available_data_request);
      break;
    case 7:
      round_trip<false>(rest, decode_attested_candidate_request);
      break;
    case 8:
      round_trip<true>(rest, decode_chunk_response_v1);
      break;
    case 9:
      round_trip<true>(rest, decode_chunk_response_v2);
      break;
    case 10:
      round_trip<true>(rest, decode_collation_response);
      break;
    case 11:
      round_trip<true>(rest, decode_pov_response);
      break;
    case 12:
      round_trip<true>(rest, decode_available_data_response);
      break;
    case 13:
      round_trip<true>(rest, decode_attested_candidate_response);
      break;
    case 14:
      round_trip<false>(rest, decode_parachains_inherent);
      break;
    case 15:
      signatures(rest);
      break;
    case 16:
      core_index(rest);
      break;
    default:
      disputes(rest);
      break;
  }
  return 0;
}
