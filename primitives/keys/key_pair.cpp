// sp-core crypto.rs `Pair::from_string_with_seed` and the `derive` of sr25519.rs, ed25519.rs and
// ecdsa.rs, over the colleagues' scheme modules in primitives/crypto/.
#include "primitives/keys/key_pair.hpp"

#include <sodium.h>

#include <algorithm>

#include "primitives/keys/bip39.hpp"
#include "primitives/keys/secret_uri.hpp"
#include "primitives/util/hex.hpp"

namespace canary::keys {
namespace {

namespace sr = crypto::sr25519;
namespace ed = crypto::ed25519;
namespace ec = crypto::ecdsa;

void wipe(std::string& s) {
  sodium_memzero(s.data(), s.size());
}

template <size_t N>
bool copy_exact(ByteSpan in, ByteArray<N>& out) {
  if (in.size() != N) return false;
  for (size_t i = 0; i < N; ++i) out[i] = in[i];
  return true;
}

// sp-core: `phrase.strip_prefix("0x")` then array_bytes::hex2bytes, which strips one more
// lower-case "0x" and requires even-length hex; the seed must then be exactly 32 bytes.
Result<ByteArray<32>, KeyError> hex_seed(std::string_view hex) {
  if (hex.starts_with("0x")) hex.remove_prefix(2);
  if (hex.starts_with("0X")) return unexpected(KeyError::kInvalidSeed);  // 'X' is no hex digit
  auto bytes = from_hex(hex);
  if (!bytes) return unexpected(KeyError::kInvalidSeed);
  ByteArray<32> seed{};
  const bool ok = copy_exact(*bytes, seed);
  sodium_memzero(bytes->data(), bytes->size());
  if (!ok) return unexpected(KeyError::kInvalidSeed);
  return seed;
}

}  // namespace

const char* to_string(KeyError e) {
  switch (e) {
    case KeyError::kInvalidFormat:
      return "invalid secret URI";
    case KeyError::kInvalidPhrase:
      return "invalid BIP-39 phrase";
    case KeyError::kInvalidSeed:
      return "invalid seed";
    case KeyError::kInvalidPath:
      return "invalid derivation path";
  }
  return "unknown key error";
}

Result<KeyPair, KeyError> KeyPair::from_seed(Scheme scheme, const ByteArray<32>& seed) {
  switch (scheme) {
    case Scheme::kSr25519:
      return KeyPair(scheme, sr::keypair_from_mini_secret(seed), seed);
    case Scheme::kEd25519:
      return KeyPair(scheme, ed::keypair_from_seed(seed), seed);
    case Scheme::kEcdsa: {
      auto pair = ec::keypair_from_seed(seed);
      if (!pair) return unexpected(KeyError::kInvalidSeed);
      return KeyPair(scheme, *pair, seed);
    }
  }
  return unexpected(KeyError::kInvalidSeed);
}

Result<KeyPair, KeyError> KeyPair::from_suri(Scheme scheme, std::string_view suri,
                                             std::optional<std::string_view> password_override) {
  auto parsed = parse_secret_uri(suri);
  if (!parsed) return unexpected(KeyError::kInvalidFormat);
  SecretUri& uri = *parsed;
  std::optional<std::string_view> password = password_override;
  if (!password && uri.password) password = *uri.password;

  // The root seed: a hex seed is used as is (the password plays no part), a phrase goes through
  // substrate-bip39 with the password.
  Result<ByteArray<32>, KeyError> root_seed = ByteArray<32>{};
  if (std::string_view(uri.phrase).starts_with("0x")) {
    root_seed = hex_seed(uri.phrase);
  } else if (auto mini = mini_secret_from_mnemonic(uri.phrase, password.value_or(""))) {
    root_seed = *mini;
    sodium_memzero(mini->data(), mini->size());
  } else {
    root_seed = unexpected(KeyError::kInvalidPhrase);
  }
  wipe(uri.phrase);
  if (uri.password) wipe(*uri.password);
  if (!root_seed) return unexpected(root_seed.error());
  ByteArray<32> seed = *root_seed;
  sodium_memzero(root_seed->data(), root_seed->size());

  auto root = from_seed(scheme, seed);
  sodium_memzero(seed.data(), seed.size());
  if (!root) return root;
  KeyPair out = std::move(*root);

  for (const DeriveJunction& j : uri.junctions) {
    switch (scheme) {
      case Scheme::kSr25519: {
        // sp-core sr25519 Pair::derive: once a soft junction is applied no seed describes the
        // key, and later hard junctions do not bring one back.
        auto& pair = *std::get_if<sr::Keypair>(&out.pair_);
        if (j.hard) {
          sr::MiniSecret child = sr::hard_derive_mini_secret(pair.secret, j.chain_code);
          pair = sr::keypair_from_mini_secret(child);
          if (out.seed_) out.seed_ = child;
          sodium_memzero(child.data(), child.size());
        } else {
          pair = sr::soft_derive(pair, j.chain_code);
          out.seed_.reset();
        }
        break;
      }
      case Scheme::kEd25519: {
        if (!j.hard) return unexpected(KeyError::kInvalidPath);
        auto& pair = *std::get_if<ed::Keypair>(&out.pair_);
        pair = ed::keypair_from_seed(ed::hard_derive(pair.seed, j.chain_code));
        out.seed_ = pair.seed;
        break;
      }
      case Scheme::kEcdsa: {
        if (!j.hard) return unexpected(KeyError::kInvalidPath);
        auto& pair = *std::get_if<ec::Keypair>(&out.pair_);
        auto child = ec::keypair_from_seed(ec::hard_derive(pair.seed, j.chain_code));
        // A derived secret >= n has probability ~2^-128; sp-core would panic in from_seed.
        if (!child) return unexpected(KeyError::kInvalidPath);
        pair = *child;
        out.seed_ = pair.seed;
        break;
      }
    }
  }
  return out;
}

KeyPair::~KeyPair() {
  if (seed_) sodium_memzero(seed_->data(), seed_->size());
  if (auto* p = std::get_if<sr::Keypair>(&pair_)) {
    sodium_memzero(&p->secret, sizeof p->secret);
  } else if (auto* e = std::get_if<ed::Keypair>(&pair_)) {
    sodium_memzero(e->seed.data(), e->seed.size());
  } else if (auto* c = std::get_if<ec::Keypair>(&pair_)) {
    sodium_memzero(c->seed.data(), c->seed.size());
  }
}

Bytes KeyPair::public_key() const {
  if (auto* p = std::get_if<sr::Keypair>(&pair_))
    return Bytes(p->public_key.begin(), p->public_key.end());
  if (auto* e = std::get_if<ed::Keypair>(&pair_))
    return Bytes(e->public_key.begin(), e->public_key.end());
  const auto& c = *std::get_if<ec::Keypair>(&pair_);
  return Bytes(c.public_key.begin(), c.public_key.end());
}

Hash256 KeyPair::account_id() const {
  if (auto* p = std::get_if<sr::Keypair>(&pair_)) return p->public_key;
  if (auto* e = std::get_if<ed::Keypair>(&pair_)) return e->public_key;
  return ec::account_id(std::get_if<ec::Keypair>(&pair_)->public_key);
}

Bytes KeyPair::sign(ByteSpan message) const {
  if (auto* p = std::get_if<sr::Keypair>(&pair_)) {
    auto sig = sr::sign(*p, message);
    return Bytes(sig.begin(), sig.end());
  }
  if (auto* e = std::get_if<ed::Keypair>(&pair_)) {
    auto sig = ed::sign(*e, message);
    return Bytes(sig.begin(), sig.end());
  }
  auto sig = ec::sign(*std::get_if<ec::Keypair>(&pair_), message);
  return Bytes(sig.begin(), sig.end());
}

bool verify(Scheme scheme, ByteSpan signature, ByteSpan message, ByteSpan public_key) {
  switch (scheme) {
    case Scheme::kSr25519: {
      sr::Signature sig{};
      sr::PublicKey pub{};
      return copy_exact(signature, sig) && copy_exact(public_key, pub) &&
             sr::verify(sig, message, pub);
    }
    case Scheme::kEd25519: {
      ed::Signature sig{};
      ed::PublicKey pub{};
      return copy_exact(signature, sig) && copy_exact(public_key, pub) &&
             ed::verify(sig, message, pub);
    }
    case Scheme::kEcdsa: {
      ec::Signature sig{};
      ec::PublicKey pub{};
      return copy_exact(signature, sig) && copy_exact(public_key, pub) &&
             ec::verify(sig, message, pub);
    }
  }
  return false;
}

Result<Hash256, KeyError> account_id_of(Scheme scheme, ByteSpan public_key) {
  if (scheme == Scheme::kEcdsa) {
    if (public_key.size() != ec::PublicKey{}.size()) return unexpected(KeyError::kInvalidSeed);
    ec::PublicKey key{};
    std::copy(public_key.begin(), public_key.end(), key.begin());
    return ec::account_id(key);
  }
  if (public_key.size() != Hash256{}.size()) return unexpected(KeyError::kInvalidSeed);
  Hash256 id{};
  std::copy(public_key.begin(), public_key.end(), id.begin());
  return id;
}

}  // namespace canary::keys
