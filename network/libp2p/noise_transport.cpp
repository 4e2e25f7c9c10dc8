#include "network/libp2p/noise_transport.hpp"

#include <algorithm>

namespace canary::network {

NoiseTransport::NoiseTransport(const NoiseCipherPair& ciphers)
    : send_(ciphers.send), receive_(ciphers.receive) {}

Result<void, NoiseError> NoiseTransport::encrypt(ByteSpan plaintext, Bytes& out) {
  const size_t start = out.size();
  const size_t frames = (plaintext.size() + kMaxPlaintextPerFrame - 1) / kMaxPlaintextPerFrame;
  out.resize(start + plaintext.size() +
             frames * (kNoiseFrameHeaderSize + NoiseCipherState::kTagSize));
  uint8_t* frame = out.data() + start;
  while (!plaintext.empty()) {
    const ByteSpan chunk = plaintext.first(std::min(plaintext.size(), kMaxPlaintextPerFrame));
    plaintext = plaintext.subspan(chunk.size());
    const size_t body_size = chunk.size() + NoiseCipherState::kTagSize;
    put_noise_frame_header(frame, body_size);
    if (auto ok = send_.encrypt_with_ad({}, chunk,
                                        MutableByteSpan(frame + kNoiseFrameHeaderSize, body_size));
        !ok) {
      out.resize(start);
      return ok;
    }
    frame += kNoiseFrameHeaderSize + body_size;
  }
  return {};
}

bool NoiseTransport::fill_partial(ByteSpan& incoming, size_t size) {
  const size_t taken = std::min(incoming.size(), size - std::min(size, partial_.size()));
  partial_.insert(partial_.end(), incoming.begin(), incoming.begin() + taken);
  incoming = incoming.subspan(taken);
  return partial_.size() >= size;
}

Result<void, NoiseError> NoiseTransport::decrypt(ByteSpan incoming, Bytes& out) {
  if (failure_) return unexpected(*failure_);
  // A frame begun in an earlier call is completed in partial_ first.
  if (!partial_.empty()) {
    if (!fill_partial(incoming, kNoiseFrameHeaderSize)) return {};
    const size_t body_size = noise_frame_body_size(partial_.data());
    if (body_size < NoiseCipherState::kTagSize) {
      failure_ = NoiseError::kFrameTooShort;
      return unexpected(*failure_);
    }
    if (!fill_partial(incoming, kNoiseFrameHeaderSize + body_size)) return {};
    if (auto ok = decrypt_frame(ByteSpan(partial_).subspan(kNoiseFrameHeaderSize), out); !ok) {
      return ok;
    }
    partial_.clear();
  }
  // Whole frames are decrypted straight from the input, without a copy.
  while (incoming.size() >= kNoiseFrameHeaderSize) {
    const size_t body_size = noise_frame_body_size(incoming.data());
    if (body_size < NoiseCipherState::kTagSize) {
      failure_ = NoiseError::kFrameTooShort;
      return unexpected(*failure_);
    }
    if (incoming.size() < kNoiseFrameHeaderSize + body_size) break;
    if (auto ok = decrypt_frame(incoming.subspan(kNoiseFrameHeaderSize, body_size), out); !ok) {
      return ok;
    }
    incoming = incoming.subspan(kNoiseFrameHeaderSize + body_size);
  }
  partial_.insert(partial_.end(), incoming.begin(), incoming.end());
  return {};
}

Result<void, NoiseError> NoiseTransport::decrypt_frame(ByteSpan body, Bytes& out) {
  const size_t start = out.size();
  out.resize(start + body.size() - NoiseCipherState::kTagSize);
  if (auto ok = receive_.decrypt_with_ad({}, body,
                                         MutableByteSpan(out.data() + start, out.size() - start));
      !ok) {
    out.resize(start);
    failure_ = ok.error();
    return ok;
  }
  return {};
}

}  // namespace canary::network
