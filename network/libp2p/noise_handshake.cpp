#include "network/libp2p/noise_handshake.hpp"

#include <utility>

#include "network/libp2p/noise_frame.hpp"

namespace canary::network {

namespace {

// Message 1 is the initiator's bare ephemeral key: the spec sends no payload before the channel
// is authenticated, and other implementations refuse one too.
constexpr size_t kFirstMessageSize = 32;

}  // namespace

NoiseHandshake::NoiseHandshake(NoiseRole role, const NoiseHandshakeKeys& keys)
    : state_(role, NoiseKeypair::from_secret(keys.static_secret),
             NoiseKeypair::from_secret(keys.ephemeral_secret)) {
  local_payload_ =
      encode_noise_handshake_payload(keys.identity, state_.local_static_key().public_key);
  if (role == NoiseRole::kInitiator) {
    // Message 1 is an ephemeral key and an empty payload: it cannot fail.
    if (!write_message()) contract_violation();
  }
}

Bytes NoiseHandshake::start() {
  return std::exchange(outbox_, {});
}

Result<Bytes, NoiseError> NoiseHandshake::feed(ByteSpan incoming) {
  if (failure_) return unexpected(*failure_);
  if (result_) {
    result_->unread.insert(result_->unread.end(), incoming.begin(), incoming.end());
    return std::exchange(outbox_, {});
  }
  inbox_.insert(inbox_.end(), incoming.begin(), incoming.end());
  if (auto ok = process_frames(); !ok) {
    failure_ = ok.error();
    outbox_.clear();
    inbox_.clear();
    return unexpected(ok.error());
  }
  return std::exchange(outbox_, {});
}

Result<void, NoiseError> NoiseHandshake::process_frames() {
  size_t consumed = 0;
  while (!state_.is_finished() && !state_.is_my_turn()) {
    const ByteSpan rest = ByteSpan(inbox_).subspan(consumed);
    if (rest.size() < kNoiseFrameHeaderSize) break;
    const size_t body_size = noise_frame_body_size(rest.data());
    // Message 1 has exactly one size: refuse any other before buffering it.
    if (state_.next_message() == 0) {
      if (body_size < kFirstMessageSize) return unexpected(NoiseError::kMessageTooShort);
      if (body_size > kFirstMessageSize) return unexpected(NoiseError::kUnexpectedPayload);
    }
    if (rest.size() < kNoiseFrameHeaderSize + body_size) break;
    if (auto ok = read_message(rest.subspan(kNoiseFrameHeaderSize, body_size)); !ok) return ok;
    consumed += kNoiseFrameHeaderSize + body_size;
    if (state_.is_my_turn()) {
      if (auto ok = write_message(); !ok) return ok;
    }
  }
  inbox_.erase(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(consumed));
  if (state_.is_finished()) complete();
  return {};
}

Result<void, NoiseError> NoiseHandshake::read_message(ByteSpan message) {
  auto payload = state_.read_message(message);
  if (!payload) return unexpected(payload.error());
  if (state_.next_message() == 1) {  // we just read message 1
    if (!payload->empty()) return unexpected(NoiseError::kUnexpectedPayload);
    return {};
  }
  CANARY_TRY_ASSIGN(auto remote,
                    verify_noise_handshake_payload(*payload, *state_.remote_static_key()));
  remote_ = std::move(remote);
  return {};
}

Result<void, NoiseError> NoiseHandshake::write_message() {
  const ByteSpan payload = state_.next_message() == 0 ? ByteSpan{} : ByteSpan(local_payload_);
  const size_t header_at = outbox_.size();
  outbox_.resize(header_at + kNoiseFrameHeaderSize);
  if (auto ok = state_.write_message(payload, outbox_); !ok) {
    outbox_.resize(header_at);
    return ok;
  }
  put_noise_frame_header(outbox_.data() + header_at,
                         outbox_.size() - header_at - kNoiseFrameHeaderSize);
  return {};
}

void NoiseHandshake::complete() {
  NoiseHandshakeResult result;
  result.remote = std::move(*remote_);
  result.ciphers = state_.split();
  result.unread = std::move(inbox_);
  result.handshake_hash = state_.handshake_hash();
  result_ = std::move(result);
}

NoiseHandshakeResult NoiseHandshake::take_result() {
  if (!result_ || result_taken_) contract_violation();
  result_taken_ = true;
  return std::move(*result_);
}

}  // namespace canary::network
