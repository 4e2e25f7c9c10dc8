// multistream-select 1.0 (libp2p specs, connections; "/multistream/1.0.0"): how the two ends of a
// fresh connection or substream agree on the protocol that follows. Every message is
//   varint(length) ‖ UTF-8 text ‖ '\n'      (the length counts the '\n')
// Both sides first send the header "/multistream/1.0.0"; the dialer then proposes protocols one
// at a time; the listener echoes a proposal it speaks (agreement) or answers "na" (try another).
// "ls" asks the listener for its protocols, answered by one message holding each name framed as
// above and a final '\n'.
//
// Sans-IO: the negotiators below are fed the bytes that arrived and return the bytes to send.
// Once negotiated, bytes that came after the last negotiation message belong to the next layer:
// take_remainder() hands them over (a peer may send the header, its choice and its first
// protocol bytes in one write, and they must not be lost). There is no end-of-stream input: if
// the stream closes before the outcome, the negotiation failed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "primitives/util/bytes.hpp"

namespace canary::network {

inline constexpr std::string_view kMultistreamProtocol = "/multistream/1.0.0";

// The longest message (length prefix excluded, '\n' included) a negotiator reads. Protocol names
// are short ("/dot/block-announces/1", the genesis-hash prefixed names are ~80 bytes); the bound
// keeps a peer from making us buffer an endless "message".
inline constexpr size_t kMaxMultistreamMessage = 1024;

// A protocol name we may send: starts with '/', valid UTF-8 without '\n', and short enough that
// its message stays within kMaxMultistreamMessage (rust-libp2p refuses names without the '/'), and
// not the "/multistream/1.0.0" header itself.
bool is_valid_protocol_name(std::string_view name);

// varint(text.size() + 1) ‖ text ‖ '\n'.
Bytes encode_multistream_message(std::string_view text);

enum class MultistreamVersion : uint8_t {
  // The dialer waits for the listener's answer to every proposal (rust-libp2p Version::V1).
  kV1,
  // The dialer settles on its last proposal without waiting (rust-libp2p Version::V1Lazy), so it
  // may write protocol data right behind it: a round trip saved. Substrate uses it for substreams,
  // where a single protocol is proposed. The listener cannot tell the difference.
  kV1Lazy,
};

enum class NegotiationStatus : uint8_t {
  kNegotiating,  // feed more bytes
  // Lazy dialer only: the last proposal is sent and assumed; the caller may write protocol data
  // now. The listener's answer is still to come: keep feeding the dialer what arrives until the
  // status turns kNegotiated (the listener echoed the proposal; what followed the echo is in
  // take_remainder()) or kFailed (it answered "na": the data written was refused, close).
  kOptimistic,
  kNegotiated,  // protocol() is agreed; take_remainder() holds the next layer's first bytes
  kFailed,      // error() says why; close the stream
};

enum class MultistreamError : uint8_t {
  kNone,
  kInvalidProposals,  // dialer: no protocols to propose, or a name is not a valid protocol name
  kBadHeader,         // the first message is not "/multistream/1.0.0"
  kMessageTooLong,    // a message over kMaxMultistreamMessage
  kMalformedMessage,  // a bad length varint, no final '\n', or a message out of place
  // Dialer: every proposal was answered "na". Listener: after our "na" the dialer sent something
  // that is no proposal, which is what a lazy dialer's protocol data looks like (rust-libp2p
  // reports this case as a failed negotiation too, not as a protocol violation).
  kNoCommonProtocol,
};

const char* to_string(MultistreamError e);

// The initiator of the connection or substream.
class MultistreamDialer {
 public:
  // `protocols` in order of preference.
  explicit MultistreamDialer(std::vector<std::string> protocols,
                             MultistreamVersion version = MultistreamVersion::kV1);

  // The first bytes to send: the header and the first proposal in one write (as rust-libp2p
  // does). Fails (kInvalidProposals, nothing to send) if there is no valid proposal list.
  Bytes start();

  // The bytes the listener sent; returns the bytes to send (the next proposal after a "na").
  // Calls start() first if the caller did not. After kNegotiated, fed bytes are appended to the
  // remainder; after kFailed they are ignored.
  Bytes feed(ByteSpan received);

  NegotiationStatus status() const { return status_; }
  // The proposal on the table: the agreed protocol once kNegotiated (or kOptimistic).
  const std::string& protocol() const;
  MultistreamError error() const { return error_; }
  // The bytes that followed the listener's last negotiation message (once kNegotiated).
  Bytes take_remainder() { return std::exchange(remainder_, {}); }

 private:
  Bytes propose_next();  // the message of the next proposal; may turn the status kOptimistic
  void fail(MultistreamError e);

  std::vector<std::string> protocols_;
  MultistreamVersion version_;
  size_t proposal_ = 0;  // index of the proposal on the table (once started)
  bool started_ = false;
  bool header_received_ = false;
  NegotiationStatus status_ = NegotiationStatus::kNegotiating;
  MultistreamError error_ = MultistreamError::kNone;
  Bytes pending_;  // received bytes not yet making a whole message
  Bytes remainder_;
};

// The responder: speaks the protocols in `supported` (names that are not valid protocol names
// are never matched nor listed).
class MultistreamListener {
 public:
  enum class ListRequests : uint8_t {
    kRefuse,  // answer "ls" with "na", keeping our protocol list to ourselves
    kAnswer,  // answer "ls" with the supported protocols
  };

  explicit MultistreamListener(std::vector<std::string> supported,
                               ListRequests list_requests = ListRequests::kRefuse);

  // The bytes the dialer sent; returns the bytes to send: our header once the dialer's arrived,
  // then an echo or "na" per proposal. Returned bytes must be written even when the status just
  // turned kFailed (they may carry the "na" a lazy dialer learns its failure from). After
  // kNegotiated, fed bytes are appended to the remainder; after kFailed they are ignored.
  Bytes feed(ByteSpan received);

  NegotiationStatus status() const { return status_; }
  const std::string& protocol() const { return protocol_; }  // once kNegotiated
  MultistreamError error() const { return error_; }
  // The bytes that followed the dialer's accepted proposal (once kNegotiated).
  Bytes take_remainder() { return std::exchange(remainder_, {}); }

 private:
  Bytes list_message() const;
  void fail(MultistreamError e);

  std::vector<std::string> supported_;
  ListRequests list_requests_;
  bool header_received_ = false;
  bool last_answer_was_na_ = false;
  NegotiationStatus status_ = NegotiationStatus::kNegotiating;
  MultistreamError error_ = MultistreamError::kNone;
  std::string protocol_;
  Bytes pending_;
  Bytes remainder_;
};

}  // namespace canary::network
