// ext_crypto_*: signature verification, which needs nothing but the arguments, and the keystore
// functions, which need HostContext::keystore (sp-io `Crypto`). Fixed-size inputs (keys,
// signatures, digests, the 4-byte key type) are i32 pointers; signatures and keys come back as
// SCALE `Option<[u8; N]>` (no length prefix) or as i32 pointers to the bare key.
//
// Verification rules (sp-core, as the reference host uses them):
//  - ed25519: ZIP-215 (ed25519-zebra); an all-zero key and signature verify an empty message;
//  - sr25519 version 1 also accepts pre-0.8 schnorrkel signatures (`verify_deprecated`), version 2
//    is strict;
//  - ecdsa checks the signature of blake2_256(message) by recovering the key; version 1 reduces
//    "overflowing" r and s modulo n, version 2 rejects them.
// The batch-verification functions were neutered in polkadot-sdk#13799 (register_only since): each
// signature is verified at once with the current rules, and while a batch is open the results are
// also and-ed into it, which finish_batch_verify returns. A context with a signature verifier
// defers a batch's checks to its threads instead (signature_verifier.hpp): the batch functions
// answer true, and finish_batch_verify the verdict of all.
#include "executor/host/detail/registry.hpp"
#include "executor/host/host_api.hpp"
#include "executor/host/signature_check.hpp"
#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/scale/compact.hpp"
#include "primitives/scale/utf8.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::host {
namespace {

using detail::kI32;
using detail::kI64;
using keys::Scheme;

constexpr uint32_t public_key_size(Scheme scheme) {
  return scheme == Scheme::kEcdsa ? 33 : 32;
}

HostOutcome<keystore::Keystore*> keystore_of(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  if (ctx->keystore == nullptr) return call.fail("no keystore associated with the call");
  return ctx->keystore;
}

// SCALE Vec<[u8; N]>: the count, then the keys back to back.
template <Scheme S>
HostResult public_keys(HostCall& call) {
  CANARY_TRY_ASSIGN(auto key_type, call.array<4>(0, "key_type"));
  CANARY_TRY_ASSIGN(auto store, keystore_of(call));
  const std::vector<Bytes> keys = store->public_keys(S, key_type);
  scale::Encoder out;
  scale::encode_compact(out, keys.size());
  for (const Bytes& key : keys) out.put_bytes(key);
  return call.return_pointer_size(out.bytes());
}

// The seed is SCALE Option<Vec<u8>> holding a secret URI, which must be UTF-8; a seed the keystore
// cannot use is fatal, as sp-io's `.expect("`ed25519_generate` failed")`.
template <Scheme S>
HostResult generate(HostCall& call) {
  CANARY_TRY_ASSIGN(auto key_type, call.array<4>(0, "key_type"));
  CANARY_TRY_ASSIGN(auto seed, call.decode<std::optional<Bytes>>(1, "seed"));
  std::optional<std::string_view> suri;
  if (seed) {
    if (!scale::is_valid_utf8(*seed)) return call.fail("the seed is not valid UTF-8");
    suri = std::string_view(reinterpret_cast<const char*>(seed->data()), seed->size());
  }
  CANARY_TRY_ASSIGN(auto store, keystore_of(call));
  auto public_key = store->generate(S, key_type, suri);
  if (!public_key) return call.fail(keystore::to_string(public_key.error()));
  return call.return_pointer(*public_key);
}

// SCALE Option<[u8; N]>.
HostResult return_optional_signature(HostCall& call, const std::optional<Bytes>& signature) {
  Bytes out{static_cast<uint8_t>(signature ? 1 : 0)};
  if (signature) out.insert(out.end(), signature->begin(), signature->end());
  return call.return_pointer_size(out);
}

template <Scheme S>
HostResult sign(HostCall& call) {
  CANARY_TRY_ASSIGN(auto key_type, call.array<4>(0, "key_type"));
  CANARY_TRY_ASSIGN(auto public_key, call.fixed(1, public_key_size(S), "public key"));
  CANARY_TRY_ASSIGN(auto message, call.bytes(2, "message"));
  CANARY_TRY_ASSIGN(auto store, keystore_of(call));
  return return_optional_signature(call, store->sign(S, key_type, public_key, message));
}

HostResult ecdsa_sign_prehashed(HostCall& call) {
  CANARY_TRY_ASSIGN(auto key_type, call.array<4>(0, "key_type"));
  CANARY_TRY_ASSIGN(auto public_key, call.fixed(1, 33, "public key"));
  CANARY_TRY_ASSIGN(auto digest, call.array<32>(2, "message hash"));
  CANARY_TRY_ASSIGN(auto store, keystore_of(call));
  return return_optional_signature(call, store->sign_prehashed(key_type, public_key, digest));
}

using Rule = SignatureRule;

// (signature: i32, message: i64, public key: i32) -> bool.
template <Rule R>
HostResult verify(HostCall& call) {
  CANARY_TRY_ASSIGN(auto signature, call.fixed(0, signature_size(R), "signature"));
  CANARY_TRY_ASSIGN(auto message, call.bytes(1, "message"));
  CANARY_TRY_ASSIGN(auto public_key, call.fixed(2, public_key_size(R), "public key"));
  return HostCall::return_bool(check_signature(R, signature, message, public_key));
}

template <Rule R>
HostResult batch_verify(HostCall& call) {
  CANARY_TRY_ASSIGN(auto signature, call.fixed(0, signature_size(R), "signature"));
  CANARY_TRY_ASSIGN(auto message, call.bytes(1, "message"));
  CANARY_TRY_ASSIGN(auto public_key, call.fixed(2, public_key_size(R), "public key"));
  auto ctx = call.context();
  if (ctx && (*ctx)->batch_verification && (*ctx)->batch_verification->deferred) {
    (*ctx)->signature_verifier->add((*ctx)->batch_verification->deferred, R, signature, message,
                                    public_key);
    return HostCall::return_bool(true);
  }
  const bool valid = check_signature(R, signature, message, public_key);
  if (ctx && (*ctx)->batch_verification) {
    (*ctx)->batch_verification->valid = (*ctx)->batch_verification->valid && valid;
  }
  return HostCall::return_bool(valid);
}

HostResult ecdsa_verify_prehashed(HostCall& call) {
  CANARY_TRY_ASSIGN(auto signature, call.array<65>(0, "signature"));
  CANARY_TRY_ASSIGN(auto digest, call.array<32>(1, "message hash"));
  CANARY_TRY_ASSIGN(auto public_key, call.array<33>(2, "public key"));
  return HostCall::return_bool(crypto::ecdsa::verify_prehashed(signature, digest, public_key));
}

// SCALE Result<[u8; N], EcdsaVerifyError>, the error being BadRS = 0, BadV = 1, BadSignature = 2
// (the order of crypto::ecdsa::RecoverError).
template <bool Compressed, bool AllowOverflow>
HostResult recover(HostCall& call) {
  CANARY_TRY_ASSIGN(auto signature, call.array<65>(0, "signature"));
  CANARY_TRY_ASSIGN(auto digest, call.array<32>(1, "message hash"));
  Bytes out;
  auto emit = [&out](const auto& key) {
    out.push_back(0);
    out.insert(out.end(), key.begin(), key.end());
  };
  auto fail = [&out](crypto::ecdsa::RecoverError e) { out = {1, static_cast<uint8_t>(e)}; };
  if constexpr (Compressed) {
    auto key = crypto::ecdsa::recover_compressed(signature, digest, AllowOverflow);
    key ? emit(*key) : fail(key.error());
  } else {
    auto key = crypto::ecdsa::recover(signature, digest, AllowOverflow);
    key ? emit(*key) : fail(key.error());
  }
  return call.return_pointer_size(out);
}

// Opening a second batch fails in the reference (the extension is registered already).
HostResult start_batch_verify(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  if (ctx->batch_verification) return call.fail("batch verification already started");
  ctx->batch_verification.emplace();
  if (ctx->signature_verifier != nullptr) {
    ctx->batch_verification->deferred = ctx->signature_verifier->start();
  }
  return host_void();
}

HostResult finish_batch_verify(HostCall& call) {
  CANARY_TRY_ASSIGN(auto ctx, call.context());
  if (!ctx->batch_verification) return call.fail("no batch verification was started");
  bool result = ctx->batch_verification->valid;
  if (ctx->batch_verification->deferred) {
    result = ctx->signature_verifier->finish(*ctx->batch_verification->deferred) && result;
  }
  ctx->batch_verification.reset();
  return HostCall::return_bool(result);
}

constexpr Scheme kEd = Scheme::kEd25519;
constexpr Scheme kSr = Scheme::kSr25519;
constexpr Scheme kEc = Scheme::kEcdsa;

}  // namespace

void register_crypto(HostFunctionTable& t) {
  using detail::add;
  add<"ext_crypto_ed25519_public_keys_version_1", public_keys<kEd>>(t, {kI32}, kI64);
  add<"ext_crypto_ed25519_generate_version_1", generate<kEd>>(t, {kI32, kI64}, kI32);
  add<"ext_crypto_ed25519_sign_version_1", sign<kEd>>(t, {kI32, kI32, kI64}, kI64);
  add<"ext_crypto_ed25519_verify_version_1", verify<Rule::kEd25519>>(t, {kI32, kI64, kI32}, kI32);
  add<"ext_crypto_ed25519_batch_verify_version_1", batch_verify<Rule::kEd25519>>(
      t, {kI32, kI64, kI32}, kI32);

  add<"ext_crypto_sr25519_public_keys_version_1", public_keys<kSr>>(t, {kI32}, kI64);
  add<"ext_crypto_sr25519_generate_version_1", generate<kSr>>(t, {kI32, kI64}, kI32);
  add<"ext_crypto_sr25519_sign_version_1", sign<kSr>>(t, {kI32, kI32, kI64}, kI64);
  add<"ext_crypto_sr25519_verify_version_1", verify<Rule::kSr25519Deprecated>>(
      t, {kI32, kI64, kI32}, kI32);
  add<"ext_crypto_sr25519_verify_version_2", verify<Rule::kSr25519>>(t, {kI32, kI64, kI32}, kI32);
  add<"ext_crypto_sr25519_batch_verify_version_1", batch_verify<Rule::kSr25519>>(
      t, {kI32, kI64, kI32}, kI32);

  // The key type is an i32 pointer as in every other keystore function (sp-io passes KeyTypeId
  // the same way everywhere); the spec's prototype and smoldot's table say i64.
  add<"ext_crypto_ecdsa_public_keys_version_1", public_keys<kEc>>(t, {kI32}, kI64);
  add<"ext_crypto_ecdsa_generate_version_1", generate<kEc>>(t, {kI32, kI64}, kI32);
  add<"ext_crypto_ecdsa_sign_version_1", sign<kEc>>(t, {kI32, kI32, kI64}, kI64);
  // The digest is a [u8; 32] passed by i32 pointer (sp-io `PassPointerAndRead<&[u8; 32], 32>`);
  // the spec's prototype and smoldot's table say i64.
  add<"ext_crypto_ecdsa_sign_prehashed_version_1", ecdsa_sign_prehashed>(t, {kI32, kI32, kI32},
                                                                         kI64);
  add<"ext_crypto_ecdsa_verify_version_1", verify<Rule::kEcdsaOverflowing>>(t, {kI32, kI64, kI32},
                                                                            kI32);
  add<"ext_crypto_ecdsa_verify_version_2", verify<Rule::kEcdsa>>(t, {kI32, kI64, kI32}, kI32);
  add<"ext_crypto_ecdsa_verify_prehashed_version_1", ecdsa_verify_prehashed>(t, {kI32, kI32, kI32},
                                                                             kI32);
  add<"ext_crypto_ecdsa_batch_verify_version_1", batch_verify<Rule::kEcdsa>>(t, {kI32, kI64, kI32},
                                                                             kI32);

  add<"ext_crypto_secp256k1_ecdsa_recover_version_1", recover<false, true>>(t, {kI32, kI32}, kI64);
  add<"ext_crypto_secp256k1_ecdsa_recover_version_2", recover<false, false>>(t, {kI32, kI32}, kI64);
  add<"ext_crypto_secp256k1_ecdsa_recover_compressed_version_1", recover<true, true>>(
      t, {kI32, kI32}, kI64);
  add<"ext_crypto_secp256k1_ecdsa_recover_compressed_version_2", recover<true, false>>(
      t, {kI32, kI32}, kI64);

  add<"ext_crypto_start_batch_verify_version_1", start_batch_verify>(t, {});
  add<"ext_crypto_finish_batch_verify_version_1", finish_batch_verify>(t, {}, kI32);
}

}  // namespace canary::executor::host
