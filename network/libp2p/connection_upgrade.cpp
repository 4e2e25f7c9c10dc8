#include "network/libp2p/connection_upgrade.hpp"

#include <string>
#include <utility>
#include <vector>

#include "primitives/util/check.hpp"

namespace canary::network {

namespace {

// One multistream-select step of the upgrade, whichever side we are.
struct Negotiated {
  Bytes reply;
  NegotiationStatus status = NegotiationStatus::kNegotiating;
  MultistreamError error = MultistreamError::kNone;
  Bytes remainder;  // the bytes after the agreement, once there is one
};

template <typename Side>
Negotiated negotiate(Side& side, ByteSpan received) {
  Negotiated out;
  out.reply = side.feed(received);
  out.status = side.status();
  out.error = side.error();
  if (out.status == NegotiationStatus::kNegotiated) out.remainder = side.take_remainder();
  return out;
}

}  // namespace

ConnectionUpgrade::ConnectionUpgrade(const ConnectionConfig& config, RandomSource random)
    : role_(config.role),
      identity_(config.identity),
      noise_static_secret_(config.noise_static_secret),
      expected_peer_(config.expected_peer),
      version_(config.lazy_upgrade ? MultistreamVersion::kV1Lazy : MultistreamVersion::kV1),
      random_(std::move(random)) {}

void ConnectionUpgrade::start(Bytes& out) {
  const std::vector<std::string> security = {std::string(kNoiseProtocol)};
  if (role_ == ConnectionRole::kListener) {
    listener_.emplace(security);
    return;
  }
  dialer_.emplace(security, version_);
  const Bytes proposal = dialer_->start();
  out.insert(out.end(), proposal.begin(), proposal.end());
  // Lazy: Noise's first message goes right behind the proposal.
  if (dialer_->status() == NegotiationStatus::kOptimistic) (void)enter_noise({}, out);
}

Result<void, ConnectionError> ConnectionUpgrade::fail(ConnectionError error) {
  if (!failure_) failure_ = error;
  phase_ = ConnectionPhase::kClosed;
  return unexpected(*failure_);
}

Result<void, ConnectionError> ConnectionUpgrade::feed(ByteSpan received, Bytes& out) {
  if (failure_) return unexpected(*failure_);
  switch (phase_) {
    case ConnectionPhase::kSecurityNegotiation:
      return feed_security(received, out);
    case ConnectionPhase::kNoiseHandshake:
      return feed_noise(received, out);
    case ConnectionPhase::kMuxerNegotiation:
      return feed_muxer(received, out);
    case ConnectionPhase::kEstablished:
    case ConnectionPhase::kClosed:
      break;
  }
  return {};
}

Result<void, ConnectionError> ConnectionUpgrade::feed_security(ByteSpan received, Bytes& out) {
  if (!dialer_ && !listener_) return {};
  Negotiated step = dialer_ ? negotiate(*dialer_, received) : negotiate(*listener_, received);
  out.insert(out.end(), step.reply.begin(), step.reply.end());
  if (step.status == NegotiationStatus::kFailed) {
    return fail({ConnectionErrorKind::kSecurityNegotiation, static_cast<uint8_t>(step.error)});
  }
  if (step.status != NegotiationStatus::kNegotiated) return {};
  dialer_.reset();
  listener_.reset();
  return enter_noise(std::move(step.remainder), out);
}

Result<void, ConnectionError> ConnectionUpgrade::enter_noise(Bytes first_bytes, Bytes& out) {
  if (!noise_started_) {
    noise_started_ = true;
    NoiseHandshakeKeys keys;
    keys.identity = identity_;
    keys.static_secret = noise_static_secret_;
    random_(keys.ephemeral_secret);
    noise_.emplace(role_ == ConnectionRole::kDialer ? NoiseRole::kInitiator : NoiseRole::kResponder,
                   keys);
    const Bytes first = noise_->start();
    out.insert(out.end(), first.begin(), first.end());
  }
  // The lazy dialer runs Noise while "/noise" is still unconfirmed: its bytes go to the
  // negotiation until the echo came.
  if (dialer_) return {};
  phase_ = ConnectionPhase::kNoiseHandshake;
  if (first_bytes.empty()) return {};
  return feed_noise(first_bytes, out);
}

Result<void, ConnectionError> ConnectionUpgrade::feed_noise(ByteSpan received, Bytes& out) {
  CANARY_ASSERT(noise_.has_value());
  auto reply = noise_->feed(received);
  if (!reply) return fail({ConnectionErrorKind::kNoise, static_cast<uint8_t>(reply.error())});
  if (!noise_->is_complete()) {
    out.insert(out.end(), reply->begin(), reply->end());
    return {};
  }

  NoiseHandshakeResult result = noise_->take_result();
  noise_.reset();
  const PeerId peer = PeerId::from_ed25519(result.remote.ed25519_key);
  // The dialer checks who answered before its last message reveals who it is.
  if (expected_peer_ && *expected_peer_ != peer) {
    return fail({ConnectionErrorKind::kPeerIdMismatch, 0});
  }
  out.insert(out.end(), reply->begin(), reply->end());
  remote_peer_ = peer;
  transport_.emplace(result.ciphers);
  phase_ = ConnectionPhase::kMuxerNegotiation;
  const std::vector<std::string> muxers = {std::string(kYamuxProtocol)};
  if (role_ == ConnectionRole::kDialer) {
    dialer_.emplace(muxers, version_);
    if (auto sent = encrypt(dialer_->start(), out); !sent) return sent;
  } else {
    listener_.emplace(muxers);
  }
  if (result.unread.empty()) return {};
  return feed_muxer(result.unread, out);
}

Result<void, ConnectionError> ConnectionUpgrade::feed_muxer(ByteSpan received, Bytes& out) {
  CANARY_ASSERT(transport_.has_value());
  plain_.clear();
  if (auto decrypted = transport_->decrypt(received, plain_); !decrypted) {
    return fail({ConnectionErrorKind::kNoise, static_cast<uint8_t>(decrypted.error())});
  }
  if (plain_.empty() || (!dialer_ && !listener_)) return {};
  Negotiated step = dialer_ ? negotiate(*dialer_, plain_) : negotiate(*listener_, plain_);
  if (auto sent = encrypt(step.reply, out); !sent) return sent;
  if (step.status == NegotiationStatus::kFailed) {
    return fail({ConnectionErrorKind::kMuxerNegotiation, static_cast<uint8_t>(step.error)});
  }
  if (step.status != NegotiationStatus::kNegotiated) return {};
  dialer_.reset();
  listener_.reset();
  first_plaintext_ = std::move(step.remainder);
  phase_ = ConnectionPhase::kEstablished;
  return {};
}

Result<void, ConnectionError> ConnectionUpgrade::encrypt(ByteSpan plaintext, Bytes& out) {
  if (plaintext.empty()) return {};
  if (auto done = transport_->encrypt(plaintext, out); !done) {
    return fail({ConnectionErrorKind::kNoise, static_cast<uint8_t>(done.error())});
  }
  return {};
}

ConnectionUpgrade::Upgraded ConnectionUpgrade::take_result() {
  CANARY_ASSERT(is_complete() && transport_.has_value() && remote_peer_.has_value());
  Upgraded result{*remote_peer_, std::move(*transport_), std::move(first_plaintext_)};
  transport_.reset();
  return result;
}

}  // namespace canary::network
