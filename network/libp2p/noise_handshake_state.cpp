#include "network/libp2p/noise_handshake_state.hpp"

#include <algorithm>

#include "network/libp2p/noise_sodium.hpp"

namespace canary::network {

namespace {

constexpr size_t kKeySize = 32;
// An encrypted static key: the key and its tag.
constexpr size_t kEncryptedKeySize = kKeySize + NoiseCipherState::kTagSize;

static_assert(crypto_scalarmult_curve25519_BYTES == kKeySize);
static_assert(crypto_scalarmult_curve25519_SCALARBYTES == kKeySize);

ByteArray<32> leading_key(ByteSpan bytes) {
  ByteArray<32> key;
  std::copy_n(bytes.begin(), key.size(), key.begin());
  return key;
}

}  // namespace

NoiseKeypair NoiseKeypair::from_secret(const ByteArray<32>& secret) {
  noise_detail::ensure_sodium_initialised();
  NoiseKeypair keypair;
  keypair.secret = secret;
  crypto_scalarmult_curve25519_base(keypair.public_key.data(), secret.data());
  return keypair;
}

NoiseXXHandshakeState::NoiseXXHandshakeState(NoiseRole role, const NoiseKeypair& local_static,
                                             const NoiseKeypair& local_ephemeral, ByteSpan prologue)
    : role_(role), symmetric_(kProtocolName), static_(local_static), ephemeral_(local_ephemeral) {
  symmetric_.mix_hash(prologue);
}

NoiseXXHandshakeState::~NoiseXXHandshakeState() {
  sodium_memzero(static_.secret.data(), static_.secret.size());
  sodium_memzero(ephemeral_.secret.data(), ephemeral_.secret.size());
}

bool NoiseXXHandshakeState::is_my_turn() const {
  if (is_finished()) return false;
  // The initiator writes messages 0 and 2, the responder message 1.
  const bool initiator_writes = next_message_ % 2 == 0;
  return initiator_writes == (role_ == NoiseRole::kInitiator);
}

Result<void, NoiseError> NoiseXXHandshakeState::fail(NoiseError error) {
  failure_ = error;
  return unexpected(error);
}

// libsodium's X25519 fails on a small-order remote key (its result would be all zeros, a "secret"
// everyone knows). Honest peers never send one, so refusing it costs no interoperability.
Result<void, NoiseError> NoiseXXHandshakeState::mix_diffie_hellman(const NoiseKeypair& local,
                                                                   const ByteArray<32>& remote) {
  ByteArray<32> shared;
  if (crypto_scalarmult_curve25519(shared.data(), local.secret.data(), remote.data()) != 0) {
    return unexpected(NoiseError::kLowOrderKey);
  }
  symmetric_.mix_key(shared);
  sodium_memzero(shared.data(), shared.size());
  return {};
}

Result<void, NoiseError> NoiseXXHandshakeState::write_message(ByteSpan payload, Bytes& out) {
  if (failure_) return unexpected(*failure_);
  if (!is_my_turn()) return unexpected(NoiseError::kOutOfTurn);
  const size_t start = out.size();
  auto write = [&]() -> Result<void, NoiseError> {
    switch (next_message_) {
      case 0:  // -> e
        out.insert(out.end(), ephemeral_.public_key.begin(), ephemeral_.public_key.end());
        symmetric_.mix_hash(ephemeral_.public_key);
        break;
      case 1:  // <- e, ee, s, es
        out.insert(out.end(), ephemeral_.public_key.begin(), ephemeral_.public_key.end());
        symmetric_.mix_hash(ephemeral_.public_key);
        if (auto ok = mix_diffie_hellman(ephemeral_, *remote_ephemeral_); !ok) return ok;
        if (auto ok = symmetric_.encrypt_and_hash(static_.public_key, out); !ok) return ok;
        if (auto ok = mix_diffie_hellman(static_, *remote_ephemeral_); !ok) return ok;
        break;
      default:  // -> s, se
        if (auto ok = symmetric_.encrypt_and_hash(static_.public_key, out); !ok) return ok;
        if (auto ok = mix_diffie_hellman(static_, *remote_ephemeral_); !ok) return ok;
        break;
    }
    return symmetric_.encrypt_and_hash(payload, out);
  };
  // The size is known before any state changes: the tokens plus the payload and its tag (message 0
  // goes out before any key, so in the clear).
  const size_t tokens = next_message_ == 0   ? kKeySize
                        : next_message_ == 1 ? kKeySize + kEncryptedKeySize
                                             : kEncryptedKeySize;
  const size_t tag = next_message_ == 0 ? 0 : NoiseCipherState::kTagSize;
  if (tokens + payload.size() + tag > kMaxMessageSize) {
    return unexpected(NoiseError::kMessageTooLarge);
  }
  if (auto ok = write(); !ok) {
    out.resize(start);
    return fail(ok.error());
  }
  ++next_message_;
  return {};
}

Result<Bytes, NoiseError> NoiseXXHandshakeState::read_message(ByteSpan message) {
  if (failure_) return unexpected(*failure_);
  if (is_finished() || is_my_turn()) return unexpected(NoiseError::kOutOfTurn);
  auto payload = read_next(message);
  if (!payload) {
    failure_ = payload.error();
    return payload;
  }
  ++next_message_;
  return payload;
}

Result<Bytes, NoiseError> NoiseXXHandshakeState::read_next(ByteSpan message) {
  if (message.size() > kMaxMessageSize) return unexpected(NoiseError::kMessageTooLarge);
  auto take = [&message](size_t size) {
    const ByteSpan taken = message.first(size);
    message = message.subspan(size);
    return taken;
  };
  switch (next_message_) {
    case 0: {  // -> e
      if (message.size() < kKeySize) return unexpected(NoiseError::kMessageTooShort);
      remote_ephemeral_ = leading_key(take(kKeySize));
      symmetric_.mix_hash(*remote_ephemeral_);
      break;
    }
    case 1: {  // <- e, ee, s, es
      if (message.size() < kKeySize + kEncryptedKeySize + NoiseCipherState::kTagSize) {
        return unexpected(NoiseError::kMessageTooShort);
      }
      remote_ephemeral_ = leading_key(take(kKeySize));
      symmetric_.mix_hash(*remote_ephemeral_);
      if (auto ok = mix_diffie_hellman(ephemeral_, *remote_ephemeral_); !ok) {
        return unexpected(ok.error());
      }
      auto remote_static = symmetric_.decrypt_and_hash(take(kEncryptedKeySize));
      if (!remote_static) return unexpected(remote_static.error());
      remote_static_ = leading_key(*remote_static);
      if (auto ok = mix_diffie_hellman(ephemeral_, *remote_static_); !ok) {
        return unexpected(ok.error());
      }
      break;
    }
    default: {  // -> s, se
      if (message.size() < kEncryptedKeySize + NoiseCipherState::kTagSize) {
        return unexpected(NoiseError::kMessageTooShort);
      }
      CANARY_TRY_ASSIGN(auto remote_static, symmetric_.decrypt_and_hash(take(kEncryptedKeySize)));
      remote_static_ = leading_key(remote_static);
      if (auto ok = mix_diffie_hellman(ephemeral_, *remote_static_); !ok) {
        return unexpected(ok.error());
      }
      break;
    }
  }
  return symmetric_.decrypt_and_hash(message);
}

NoiseCipherPair NoiseXXHandshakeState::split() const {
  if (!is_finished()) contract_violation();
  auto [initiator_to_responder, responder_to_initiator] = symmetric_.split();
  if (role_ == NoiseRole::kInitiator) return {initiator_to_responder, responder_to_initiator};
  return {responder_to_initiator, initiator_to_responder};
}

}  // namespace canary::network
