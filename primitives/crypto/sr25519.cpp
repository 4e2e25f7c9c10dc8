#include "primitives/crypto/sr25519.hpp"

#include <sodium/crypto_core_ristretto255.h>
#include <sodium/crypto_hash_sha512.h>
#include <sodium/crypto_scalarmult_ristretto255.h>
#include <sodium/utils.h>

#include <cstring>
#include <optional>
#include <vector>

#include "primitives/crypto/edwards25519_point.hpp"
#include "primitives/crypto/ristretto255.hpp"
#include "primitives/crypto/scalar25519.hpp"
#include "primitives/hash/hash.hpp"

namespace canary::crypto::sr25519 {

namespace {

using Point = ByteArray<32>;   // compressed ristretto255
using Scalar = ByteArray<32>;  // little-endian, canonical (< l) unless noted

// The group order l = 2^252 + 27742317777372353535851937790883648493, little-endian.
constexpr uint8_t kGroupOrder[32] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// s < l, in constant time (it also screens secret keys): the subtraction s - l borrows.
bool is_canonical(const Scalar& s) {
  unsigned borrow = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned diff = unsigned{s[i]} - unsigned{kGroupOrder[i]} - borrow;
    borrow = (diff >> 8) & 1u;
  }
  return borrow == 1;
}

// schnorrkel scalars.rs divide_scalar_bytes_by_cofactor / multiply_scalar_bytes_by_cofactor:
// a 256-bit shift by 3 bits (ed25519 keys are 8·scalar).
void divide_by_cofactor(Scalar& s) {
  uint8_t low = 0;
  for (size_t i = 32; i-- > 0;) {
    const uint8_t r = s[i] & 0x07;
    s[i] = static_cast<uint8_t>((s[i] >> 3) + low);
    low = static_cast<uint8_t>(r << 5);
  }
}

void multiply_by_cofactor(Scalar& s) {
  uint8_t high = 0;
  for (size_t i = 0; i < 32; ++i) {
    const uint8_t r = s[i] & 0xe0;
    s[i] = static_cast<uint8_t>((s[i] << 3) + high);
    high = static_cast<uint8_t>(r >> 5);
  }
}

Scalar reduce_wide(ByteArray<64>& wide) {
  Scalar s;
  crypto_core_ristretto255_scalar_reduce(s.data(), wide.data());
  sodium_memzero(wide.data(), wide.size());
  return s;
}

// SigningTranscript::challenge_scalar: 64 challenge bytes reduced mod l.
Scalar challenge_scalar(Transcript& t, std::string_view label) {
  ByteArray<64> wide;
  t.challenge_bytes(label, wide);
  return reduce_wide(wide);
}

// SigningTranscript::witness_bytes for merlin transcripts (context.rs): the transcript forked,
// rekeyed with each nonce seed under the same label, finalized with 32 bytes of entropy.
void witness_bytes(const Transcript& t, std::string_view label, ByteSpan seed1, ByteSpan seed2,
                   const ByteArray<32>* entropy, MutableByteSpan out) {
  TranscriptRngBuilder builder = t.build_rng();
  builder.rekey_with_witness_bytes(label, seed1);
  if (!seed2.empty()) builder.rekey_with_witness_bytes(label, seed2);
  TranscriptRng rng = entropy != nullptr ? builder.finalize(*entropy) : builder.finalize();
  rng.fill_bytes(out);
}

Scalar witness_scalar(const Transcript& t, std::string_view label, ByteSpan nonce_seed,
                      const ByteArray<32>* entropy) {
  ByteArray<64> wide;
  witness_bytes(t, label, nonce_seed, {}, entropy, wide);
  return reduce_wide(wide);
}

// n·B. libsodium reports an identity result as an error; the identity encodes as 32 zero bytes.
Point base_mul(const Scalar& n) {
  Point out;
  if (crypto_scalarmult_ristretto255_base(out.data(), n.data()) != 0) out.fill(0);
  return out;
}

// n·P; false only when P is not a valid encoding. libsodium's -1 also covers an identity
// product (e.g. P the identity, or n = 0), which is a legitimate value here.
bool point_mul(Point& out, const Scalar& n, const Point& p) {
  if (crypto_scalarmult_ristretto255(out.data(), n.data(), p.data()) == 0) return true;
  if (crypto_core_ristretto255_is_valid_point(p.data()) == 0) return false;
  out.fill(0);
  return true;
}

// vrf.rs dleq_proove witness label b"proving\x000": "proving", a NUL byte, then the digit '0'.
constexpr char kProvingLabelBytes[] = {'p', 'r', 'o', 'v', 'i', 'n', 'g', '\0', '0'};
constexpr std::string_view kProvingLabel(kProvingLabelBytes, sizeof kProvingLabelBytes);

bool is_identity(const Point& p) {
  return sodium_is_zero(p.data(), p.size()) == 1;
}

Scalar scalar_mul_add(const Scalar& a, const Scalar& b, const Scalar& c) {  // a·b + c
  Scalar ab, out;
  crypto_core_ristretto255_scalar_mul(ab.data(), a.data(), b.data());
  crypto_core_ristretto255_scalar_add(out.data(), ab.data(), c.data());
  sodium_memzero(ab.data(), ab.size());
  return out;
}

std::string_view as_label(ByteSpan bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// SigningContext::new(context).bytes(message) (context.rs).
Transcript signing_context(ByteSpan context) {
  Transcript t("SigningContext");
  t.append_message("", context);
  return t;
}

Transcript signing_transcript(ByteSpan context, ByteSpan message) {
  // Substrate's context is used for nearly every signature: start from a copy of its state
  // (saves one Keccak permutation per signature; thread-safe static initialisation).
  static const Transcript kSubstrate = signing_context(as_bytes(kSigningContext));
  const bool substrate = context.size() == kSigningContext.size() &&
                         std::memcmp(context.data(), kSigningContext.data(), context.size()) == 0;
  Transcript t = substrate ? kSubstrate : signing_context(context);
  t.append_message("sign-bytes", message);
  return t;
}

// The Schnorr equation R == s·B - k·A. schnorrkel compares the encoding of s·B - k·A with the R
// bytes; decoding R instead (rejecting it unless canonical and valid, which a computed encoding
// always is) and comparing group elements accepts exactly the same signatures. Everything here
// is public, so it runs on our variable-time arithmetic rather than libsodium's constant-time
// ladders, and with half-size scalars: with u = ±t·k (mod L), u and t below 2^127, the group
// having prime order L and t being nonzero mod L,
//   R = s·B - k·A  <=>  t·R = (t·s)·B ∓ u·A  <=>  (t·s mod L)·B + u·(±A) + t·(-R) = identity
// (−A when u = +t·k, A when u = −t·k), one multiplication with 128 doublings instead of 253.
bool schnorr_equation_holds(const Point& r, const Scalar& s, const Scalar& k, const PublicKey& a) {
  const auto big_a = ristretto255::decode(a);
  if (!big_a) return false;  // invalid public key
  const auto big_r = ristretto255::decode(r);
  if (!big_r) return false;  // never the encoding of a computed point
  const scalar25519::ShortMultiple m = scalar25519::short_multiple(k);
  Scalar ts;
  crypto_core_ristretto255_scalar_mul(ts.data(), m.t.data(), s.data());
  const edwards25519::Point sum = edwards25519::triple_scalar_mul_base(
      m.u, m.negative ? *big_a : edwards25519::neg(*big_a), m.t, edwards25519::neg(*big_r), ts);
  return ristretto255::is_identity(sum);
}

Signature sign_impl(const Keypair& pair, ByteSpan message, ByteSpan context,
                    const ByteArray<32>* entropy) {
  // sign.rs SecretKey::sign.
  Transcript t = signing_transcript(context, message);
  t.append_message("proto-name", as_bytes("Schnorr-sig"));
  t.append_message("sign:pk", pair.public_key);
  Scalar r = witness_scalar(t, "signing", pair.secret.nonce, entropy);
  const Point big_r = base_mul(r);
  t.append_message("sign:R", big_r);
  const Scalar k = challenge_scalar(t, "sign:c");
  const Scalar s = scalar_mul_add(k, pair.secret.scalar, r);
  sodium_memzero(r.data(), r.size());

  Signature sig;
  std::memcpy(sig.data(), big_r.data(), 32);
  std::memcpy(sig.data() + 32, s.data(), 32);
  sig[63] |= 0x80;  // Signature::to_bytes marks schnorrkel signatures
  return sig;
}

void split_signature(const Signature& sig, Point& r, Scalar& s) {
  std::memcpy(r.data(), sig.data(), 32);
  std::memcpy(s.data(), sig.data() + 32, 32);
  s[31] &= 0x7f;
}

// A strict signature's parts (sign.rs Signature::from_bytes) and its challenge k
// (PublicKey::verify's transcript); none when the marker is missing or s is not canonical.
struct StrictParts {
  Point r;
  Scalar s;
  Scalar k;
};

std::optional<StrictParts> parse_strict(const Signature& signature, ByteSpan message,
                                        const PublicKey& public_key, ByteSpan context) {
  if ((signature[63] & 0x80) == 0) return std::nullopt;  // NotMarkedSchnorrkel
  StrictParts parts;
  split_signature(signature, parts.r, parts.s);
  if (!is_canonical(parts.s)) return std::nullopt;
  Transcript t = signing_transcript(context, message);
  t.append_message("proto-name", as_bytes("Schnorr-sig"));
  t.append_message("sign:pk", public_key);
  t.append_message("sign:R", parts.r);
  parts.k = challenge_scalar(t, "sign:c");
  return parts;
}

// ---- VRF internals (vrf.rs) ----

// PublicKey::vrf_hash for a non-malleable transcript, on libsodium's hash-to-group (the portable
// sr25519_vrf.cpp maps the same bytes with our ristretto255::from_uniform_bytes).
Point vrf_hash(const PublicKey& public_key, Transcript& t) {
  const ByteArray<64> b = vrf_hash_bytes(public_key, t);
  Point p;
  crypto_core_ristretto255_from_hash(p.data(), b.data());
  return p;
}

VrfInOut compute_inout(const Keypair& pair, Transcript& t) {
  VrfInOut io;
  io.input = vrf_hash(pair.public_key, t);
  (void)point_mul(io.output, pair.secret.scalar, io.input);  // input is always a valid point
  return io;
}

// Keypair::dleq_proove with kusama = true (KUSAMA_VRF): c ‖ s.
ByteArray<64> dleq_prove(const Keypair& pair, Transcript& t, const VrfInOut& io,
                         const ByteArray<32>* entropy) {
  t.append_message("proto-name", as_bytes("DLEQProof"));
  t.append_message("vrf:h", io.input);
  Scalar r = witness_scalar(t, kProvingLabel, pair.secret.nonce, entropy);
  const Point big_r = base_mul(r);
  t.append_message("vrf:R=g^r", big_r);
  Point hr;
  (void)point_mul(hr, r, io.input);
  t.append_message("vrf:h^r", hr);
  t.append_message("vrf:pk", pair.public_key);
  t.append_message("vrf:h^sk", io.output);
  const Scalar c = challenge_scalar(t, "prove");
  // s = r - c·key
  Scalar ck, s;
  crypto_core_ristretto255_scalar_mul(ck.data(), c.data(), pair.secret.scalar.data());
  crypto_core_ristretto255_scalar_sub(s.data(), r.data(), ck.data());
  sodium_memzero(ck.data(), ck.size());
  sodium_memzero(r.data(), r.size());

  ByteArray<64> proof;
  std::memcpy(proof.data(), c.data(), 32);
  std::memcpy(proof.data() + 32, s.data(), 32);
  return proof;
}

// PublicKey::dleq_verify with kusama = true. The caller has checked that c and s are canonical
// and that the pre-output is not the identity. Public data only: variable-time double-scalar
// multiplications, as schnorrkel's vartime_double_scalar_mul_basepoint / vartime_multiscalar_mul.
Result<void, Error> dleq_verify(const PublicKey& a, Transcript& t, const VrfInOut& io,
                                const Scalar& c, const Scalar& s) {
  t.append_message("proto-name", as_bytes("DLEQProof"));
  t.append_message("vrf:h", io.input);
  const auto big_a = ristretto255::decode(a);
  const auto output = ristretto255::decode(io.output);
  const auto input = ristretto255::decode(io.input);  // always valid: vrf_hash made it
  if (!big_a || !output || !input) return unexpected(Error::kInvalidPoint);
  // R = c·A + s·B
  const Point big_r = ristretto255::encode(edwards25519::double_scalar_mul_base(c, *big_a, s));
  t.append_message("vrf:R=g^r", big_r);
  // Hr = c·output + s·input
  const Point hr = ristretto255::encode(edwards25519::double_scalar_mul(c, *output, s, *input));
  t.append_message("vrf:h^r", hr);
  t.append_message("vrf:pk", a);
  t.append_message("vrf:h^sk", io.output);
  const Scalar expected = challenge_scalar(t, "prove");
  if (sodium_memcmp(expected.data(), c.data(), 32) != 0) return unexpected(Error::kEquationFalse);
  return {};
}

std::pair<VrfInOut, VrfSignature> vrf_sign_impl(const Keypair& pair, Transcript& t,
                                                Transcript& extra, const ByteArray<32>* entropy) {
  const VrfInOut io = compute_inout(pair, t);
  return {io, VrfSignature{io.output, dleq_prove(pair, extra, io, entropy)}};
}

// wasm-crypto vrf.rs new_transcript: the extra data is appended only when non-empty.
Transcript js_extra_transcript(ByteSpan extra) {
  Transcript t("VRF");
  if (!extra.empty()) t.append_message("", extra);
  return t;
}

ByteArray<96> vrf_sign_js_impl(const Keypair& pair, ByteSpan message, ByteSpan context,
                               ByteSpan extra, const ByteArray<32>* entropy) {
  Transcript t = signing_transcript(context, message);
  Transcript e = js_extra_transcript(extra);
  const VrfSignature sig = vrf_sign_impl(pair, t, e, entropy).second;
  ByteArray<96> out;
  std::memcpy(out.data(), sig.pre_output.data(), 32);
  std::memcpy(out.data() + 32, sig.proof.data(), 64);
  return out;
}

// ---- HDKD internals (derive.rs) ----

// PublicKey::derive_scalar_and_chaincode on the transcript of derived_key_simple(cc, []).
Scalar soft_derive_scalar(Transcript& t, const PublicKey& public_key, const ChainCode& cc) {
  t.append_message("sign-bytes", {});
  t.append_message("chain-code", cc);
  t.append_message("public-key", public_key);
  const Scalar scalar = challenge_scalar(t, "HDKD-scalar");
  ChainCode next;  // computed for transcript fidelity; sp-core does not use it
  t.challenge_bytes("HDKD-chaincode", next);
  return scalar;
}

Keypair soft_derive_impl(const Keypair& pair, const ChainCode& cc, const ByteArray<32>* entropy) {
  Transcript t("SchnorrRistrettoHDKD");
  const Scalar scalar = soft_derive_scalar(t, pair.public_key, cc);
  // Keypair::derive_secret_key: the nonce is a witness of the old nonce and the old secret key.
  ByteArray<64> old_secret;
  std::memcpy(old_secret.data(), pair.secret.scalar.data(), 32);
  std::memcpy(old_secret.data() + 32, pair.secret.nonce.data(), 32);
  Keypair out;
  witness_bytes(t, "HDKD-nonce", pair.secret.nonce, old_secret, entropy, out.secret.nonce);
  sodium_memzero(old_secret.data(), old_secret.size());
  crypto_core_ristretto255_scalar_add(out.secret.scalar.data(), pair.secret.scalar.data(),
                                      scalar.data());
  out.public_key = public_from_secret(out.secret);
  return out;
}

}  // namespace

const char* to_string(Error e) {
  switch (e) {
    case Error::kInvalidLength:
      return "sr25519: invalid length";
    case Error::kInvalidPoint:
      return "sr25519: invalid ristretto255 point encoding";
    case Error::kIdentityPoint:
      return "sr25519: VRF pre-output is the identity";
    case Error::kNonCanonicalScalar:
      return "sr25519: non-canonical scalar";
    case Error::kInvalidSecretKey:
      return "sr25519: invalid secret key";
    case Error::kEquationFalse:
      return "sr25519: verification equation does not hold";
  }
  return "sr25519: unknown error";
}

Keypair keypair_from_mini_secret(const MiniSecret& seed) {
  // keys.rs MiniSecretKey::expand_ed25519.
  ByteArray<64> h;
  crypto_hash_sha512(h.data(), seed.data(), seed.size());
  Keypair pair;
  std::memcpy(pair.secret.scalar.data(), h.data(), 32);
  pair.secret.scalar[0] &= 248;
  pair.secret.scalar[31] &= 63;
  pair.secret.scalar[31] |= 64;
  divide_by_cofactor(pair.secret.scalar);  // < 2^252 < l: canonical without reduction
  std::memcpy(pair.secret.nonce.data(), h.data() + 32, 32);
  sodium_memzero(h.data(), h.size());
  pair.public_key = public_from_secret(pair.secret);
  return pair;
}

PublicKey public_from_secret(const SecretKey& secret) {
  return base_mul(secret.scalar);
}

Result<Keypair, Error> keypair_from_secret_bytes(ByteSpan ed25519_format) {
  if (ed25519_format.size() != 64) return unexpected(Error::kInvalidLength);
  Keypair pair;
  std::memcpy(pair.secret.scalar.data(), ed25519_format.data(), 32);
  divide_by_cofactor(pair.secret.scalar);
  if (!is_canonical(pair.secret.scalar)) {
    sodium_memzero(pair.secret.scalar.data(), 32);
    return unexpected(Error::kInvalidSecretKey);
  }
  std::memcpy(pair.secret.nonce.data(), ed25519_format.data() + 32, 32);
  pair.public_key = public_from_secret(pair.secret);
  return pair;
}

ByteArray<64> secret_to_ed25519_bytes(const SecretKey& secret) {
  Scalar key = secret.scalar;
  multiply_by_cofactor(key);
  ByteArray<64> out;
  std::memcpy(out.data(), key.data(), 32);
  std::memcpy(out.data() + 32, secret.nonce.data(), 32);
  sodium_memzero(key.data(), key.size());
  return out;
}

Signature sign(const Keypair& pair, ByteSpan message, ByteSpan context) {
  return sign_impl(pair, message, context, nullptr);
}

bool verify(const Signature& signature, ByteSpan message, const PublicKey& public_key,
            ByteSpan context) {
  const auto parts = parse_strict(signature, message, public_key, context);
  return parts && schnorr_equation_holds(parts->r, parts->s, parts->k, public_key);
}

bool verify_batch(std::span<const SignedMessage> batch, ByteSpan context) {
  if (batch.empty()) return true;
  // (Σ z_i·s_i)·B + Σ z_i·(-R_i) + Σ (z_i·k_i)·(-A_i): the points are known at once, the weights
  // z_i only once the whole batch is read.
  std::vector<edwards25519::Point> points;
  points.reserve(2 * batch.size() + 1);
  struct Challenged {
    Scalar s, k;
  };
  std::vector<Challenged> challenged;
  challenged.reserve(batch.size());
  // The weights' seed: every R, s, A and k of the batch.
  Bytes everything;
  everything.reserve(batch.size() * 128);
  for (const SignedMessage& item : batch) {
    const auto parts = parse_strict(item.signature, item.message, item.public_key, context);
    if (!parts) return false;
    const auto big_a = ristretto255::decode(item.public_key);
    const auto big_r = ristretto255::decode(parts->r);
    if (!big_a || !big_r) return false;
    points.push_back(edwards25519::neg(*big_r));
    points.push_back(edwards25519::neg(*big_a));
    challenged.push_back({parts->s, parts->k});
    for (const ByteArray<32>* bytes : {&parts->r, &parts->s, &item.public_key, &parts->k}) {
      everything.insert(everything.end(), bytes->begin(), bytes->end());
    }
  }
  const Hash256 seed = hash::blake2b_256(everything);

  std::vector<ByteArray<32>> scalars;
  scalars.reserve(points.capacity());
  Scalar base{};
  ByteArray<40> weight_input{};
  std::memcpy(weight_input.data(), seed.data(), 32);
  for (size_t i = 0; i < challenged.size(); ++i) {
    for (size_t b = 0; b < 8; ++b) weight_input[32 + b] = static_cast<uint8_t>(i >> (8 * b));
    const Hash128 z128 = hash::blake2b_128(weight_input);
    Scalar z{};
    std::memcpy(z.data(), z128.data(), 16);
    z[0] |= 1;  // never zero
    Scalar zk, zs;
    crypto_core_ristretto255_scalar_mul(zk.data(), z.data(), challenged[i].k.data());
    crypto_core_ristretto255_scalar_mul(zs.data(), z.data(), challenged[i].s.data());
    crypto_core_ristretto255_scalar_add(base.data(), base.data(), zs.data());
    scalars.push_back(z);   // of -R_i
    scalars.push_back(zk);  // of -A_i
  }
  scalars.push_back(base);
  points.push_back(edwards25519::base_point());
  return ristretto255::is_identity(edwards25519::multi_scalar_mul(scalars, points));
}

bool verify_deprecated(const Signature& signature, ByteSpan message, const PublicKey& public_key,
                       ByteSpan context) {
  // sign.rs verify_simple_preaudit_deprecated: a marked signature that fails to parse falls back
  // to the same (failing) parse, so marked signatures are simply verified strictly.
  if ((signature[63] & 0x80) != 0) return verify(signature, message, public_key, context);
  Point r;
  Scalar s;
  split_signature(signature, r, s);
  if (!is_canonical(s)) return false;
  // The pre-0.8 transcript: the context is the transcript label; different commitment labels.
  Transcript t(as_label(context));
  t.append_message("sign-bytes", message);
  t.append_message("proto-name", as_bytes("Schnorr-sig"));
  t.append_message("pk", public_key);
  t.append_message("no", r);
  const Scalar k = challenge_scalar(t, "");
  return schnorr_equation_holds(r, s, k, public_key);
}

std::pair<VrfInOut, VrfSignature> vrf_sign(const Keypair& pair, Transcript t) {
  Transcript extra("VRF");
  return vrf_sign_impl(pair, t, extra, nullptr);
}

std::pair<VrfInOut, VrfSignature> vrf_sign_extra(const Keypair& pair, Transcript t,
                                                 Transcript extra) {
  return vrf_sign_impl(pair, t, extra, nullptr);
}

VrfInOut vrf_compute_inout(const Keypair& pair, Transcript t) {
  return compute_inout(pair, t);
}

Result<VrfInOut, Error> vrf_verify(const PublicKey& public_key, Transcript t,
                                   const VrfSignature& signature) {
  return vrf_verify_extra(public_key, std::move(t), signature, Transcript("VRF"));
}

Result<VrfInOut, Error> vrf_verify_extra(const PublicKey& public_key, Transcript t,
                                         const VrfSignature& signature, Transcript extra) {
  // VRFProof::from_bytes: both scalars canonical.
  Scalar c, s;
  std::memcpy(c.data(), signature.proof.data(), 32);
  std::memcpy(s.data(), signature.proof.data() + 32, 32);
  if (!is_canonical(c) || !is_canonical(s)) return unexpected(Error::kNonCanonicalScalar);
  // VRFPreOut::attach_input_hash: the pre-output must decode (checked in dleq_verify) and must
  // not be the identity (whose only canonical encoding is all zeros).
  VrfInOut io;
  io.output = signature.pre_output;
  if (is_identity(io.output)) return unexpected(Error::kIdentityPoint);
  io.input = vrf_hash(public_key, t);
  CANARY_TRY(dleq_verify(public_key, extra, io, c, s));
  return io;
}

ByteArray<96> vrf_sign_js(const Keypair& pair, ByteSpan message, ByteSpan context, ByteSpan extra) {
  return vrf_sign_js_impl(pair, message, context, extra, nullptr);
}

bool vrf_verify_js(ByteSpan message, const ByteArray<96>& output_and_proof,
                   const PublicKey& public_key, ByteSpan context, ByteSpan extra) {
  VrfSignature sig;
  std::memcpy(sig.pre_output.data(), output_and_proof.data(), 32);
  std::memcpy(sig.proof.data(), output_and_proof.data() + 32, 64);
  return vrf_verify_extra(public_key, signing_transcript(context, message), sig,
                          js_extra_transcript(extra))
      .has_value();
}

MiniSecret hard_derive_mini_secret(const SecretKey& secret, const ChainCode& chain_code) {
  // SecretKey::hard_derive_mini_secret_key(Some(cc), b"").
  Transcript t("SchnorrRistrettoHDKD");
  t.append_message("sign-bytes", {});
  t.append_message("chain-code", chain_code);
  t.append_message("secret-key", secret.scalar);
  MiniSecret out;
  t.challenge_bytes("HDKD-hard", out);
  return out;
}

Keypair soft_derive(const Keypair& pair, const ChainCode& chain_code) {
  return soft_derive_impl(pair, chain_code, nullptr);
}

Result<PublicKey, Error> soft_derive_public(const PublicKey& public_key,
                                            const ChainCode& chain_code) {
  // PublicKey::from_bytes first: libsodium (1.0.18) would ignore a set bit 255, which RFC 9496
  // and schnorrkel reject.
  if (!ristretto255::decode(public_key)) return unexpected(Error::kInvalidPoint);
  Transcript t("SchnorrRistrettoHDKD");
  const Scalar scalar = soft_derive_scalar(t, public_key, chain_code);
  const Point sb = base_mul(scalar);
  PublicKey out;
  if (crypto_core_ristretto255_add(out.data(), public_key.data(), sb.data()) != 0) {
    return unexpected(Error::kInvalidPoint);
  }
  return out;
}

namespace testing {

Signature sign_with_entropy(const Keypair& pair, ByteSpan message, ByteSpan context,
                            const ByteArray<32>& entropy) {
  return sign_impl(pair, message, context, &entropy);
}

ByteArray<96> vrf_sign_js_with_entropy(const Keypair& pair, ByteSpan message, ByteSpan context,
                                       ByteSpan extra, const ByteArray<32>& entropy) {
  return vrf_sign_js_impl(pair, message, context, extra, &entropy);
}

Keypair soft_derive_with_entropy(const Keypair& pair, const ChainCode& chain_code,
                                 const ByteArray<32>& entropy) {
  return soft_derive_impl(pair, chain_code, &entropy);
}

}  // namespace testing

}  // namespace canary::crypto::sr25519
