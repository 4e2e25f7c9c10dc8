#include "network/libp2p/multistream_select.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace canary::network {
namespace {

Bytes message(std::string_view text) {
  return encode_multistream_message(text);
}

Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

const Bytes kHeader = message(kMultistreamProtocol);
const Bytes kNa = message("na");

// A dialer and a listener joined by two in-memory pipes that deliver at most `chunk` bytes per
// feed (0: everything at once). Each side writes its protocol data as soon as it may: the dialer
// when negotiated (or, lazily, when it settled), the listener when negotiated.
struct Pipe {
  MultistreamDialer& dialer;
  MultistreamListener& listener;
  size_t chunk = 0;
  Bytes dialer_data;    // what the dialer's protocol sends first
  Bytes listener_data;  // what the listener's protocol sends first

  Bytes to_listener;
  Bytes to_dialer;
  bool dialer_data_sent = false;
  bool listener_data_sent = false;

  static Bytes take(Bytes& queue, size_t chunk) {
    const size_t n = chunk == 0 ? queue.size() : std::min(chunk, queue.size());
    Bytes out(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
  }

  void after_dialer_step() {
    const auto s = dialer.status();
    if (!dialer_data_sent &&
        (s == NegotiationStatus::kOptimistic || s == NegotiationStatus::kNegotiated)) {
      dialer_data_sent = true;
      to_listener.insert(to_listener.end(), dialer_data.begin(), dialer_data.end());
    }
  }

  void run() {
    to_listener = dialer.start();
    after_dialer_step();
    for (int rounds = 0; rounds < 100000 && (!to_listener.empty() || !to_dialer.empty());
         ++rounds) {
      if (!to_listener.empty()) {
        const Bytes out = listener.feed(take(to_listener, chunk));
        to_dialer.insert(to_dialer.end(), out.begin(), out.end());
        if (!listener_data_sent && listener.status() == NegotiationStatus::kNegotiated) {
          listener_data_sent = true;
          to_dialer.insert(to_dialer.end(), listener_data.begin(), listener_data.end());
        }
      }
      if (!to_dialer.empty()) {
        const Bytes out = dialer.feed(take(to_dialer, chunk));
        to_listener.insert(to_listener.end(), out.begin(), out.end());
        after_dialer_step();
      }
    }
  }
};

TEST(MultistreamSelect, MessageBytes) {
  // 0x13 = 19 = "/multistream/1.0.0\n".size(); libp2p specs' example: "na" is 03 6e 61 0a.
  Bytes expected{0x13};
  for (char c : std::string_view("/multistream/1.0.0\n")) expected.push_back(uint8_t(c));
  EXPECT_EQ(kHeader, expected);
  EXPECT_EQ(kNa, (Bytes{0x03, 0x6e, 0x61, 0x0a}));
  // A 200-byte name takes a two-byte length.
  const Bytes long_message = message("/" + std::string(199, 'x'));
  EXPECT_EQ(long_message[0], 0xc9);  // 201 = 0b1'1001001
  EXPECT_EQ(long_message[1], 0x01);
  EXPECT_EQ(long_message.size(), 2u + 201u);
}

TEST(MultistreamSelect, DialerSendsHeaderAndFirstProposalTogether) {
  MultistreamDialer dialer({"/noise", "/plaintext/2.0.0"});
  EXPECT_EQ(dialer.start(), join({kHeader, message("/noise")}));
  EXPECT_EQ(dialer.status(), NegotiationStatus::kNegotiating);
  EXPECT_EQ(dialer.start(), Bytes{});  // once
}

TEST(MultistreamSelect, AgreesOnTheFirstProtocolInAnyChunking) {
  for (size_t chunk : {0, 1, 2, 3, 7, 19, 20}) {
    MultistreamDialer dialer({"/yamux/1.0.0"});
    MultistreamListener listener({"/mplex/6.7.0", "/yamux/1.0.0"});
    Pipe pipe{dialer, listener, chunk, to_bytes("dialer bytes"), to_bytes("listener bytes")};
    pipe.run();
    ASSERT_EQ(dialer.status(), NegotiationStatus::kNegotiated) << chunk;
    ASSERT_EQ(listener.status(), NegotiationStatus::kNegotiated) << chunk;
    EXPECT_EQ(dialer.protocol(), "/yamux/1.0.0");
    EXPECT_EQ(listener.protocol(), "/yamux/1.0.0");
    EXPECT_EQ(listener.take_remainder(), to_bytes("dialer bytes")) << chunk;
    EXPECT_EQ(dialer.take_remainder(), to_bytes("listener bytes")) << chunk;
    EXPECT_EQ(dialer.take_remainder(), Bytes{});
  }
}

TEST(MultistreamSelect, FallsBackOnNotAvailable) {
  MultistreamDialer dialer({"/a", "/b", "/c"});
  MultistreamListener listener({"/c", "/b"});
  // The exact exchange, one step at a time.
  const Bytes hello = dialer.start();
  EXPECT_EQ(hello, join({kHeader, message("/a")}));
  EXPECT_EQ(listener.feed(hello), join({kHeader, kNa}));
  EXPECT_EQ(dialer.feed(join({kHeader, kNa})), message("/b"));
  EXPECT_EQ(listener.feed(message("/b")), message("/b"));
  EXPECT_EQ(listener.status(), NegotiationStatus::kNegotiated);
  EXPECT_EQ(dialer.feed(message("/b")), Bytes{});
  EXPECT_EQ(dialer.status(), NegotiationStatus::kNegotiated);
  EXPECT_EQ(dialer.protocol(), "/b");
  EXPECT_EQ(listener.protocol(), "/b");

  for (size_t chunk : {0, 1, 4}) {
    MultistreamDialer d({"/x/1", "/x/2", "/x/3"});
    MultistreamListener l({"/x/3"});
    Pipe pipe{d, l, chunk, to_bytes("ping"), to_bytes("pong")};
    pipe.run();
    EXPECT_EQ(d.status(), NegotiationStatus::kNegotiated);
    EXPECT_EQ(d.protocol(), "/x/3");
    EXPECT_EQ(l.take_remainder(), to_bytes("ping"));
    EXPECT_EQ(d.take_remainder(), to_bytes("pong"));
  }
}

TEST(MultistreamSelect, NoCommonProtocol) {
  MultistreamDialer dialer({"/a", "/b"});
  MultistreamListener listener({"/c"});
  Pipe pipe{dialer, listener, 1, {}, {}};
  pipe.run();
  EXPECT_EQ(dialer.status(), NegotiationStatus::kFailed);
  EXPECT_EQ(dialer.error(), MultistreamError::kNoCommonProtocol);
  // The listener waits for another proposal; the dialer closing the stream ends it.
  EXPECT_EQ(listener.status(), NegotiationStatus::kNegotiating);
  EXPECT_EQ(dialer.feed(kNa), Bytes{});  // ignored once failed
}

TEST(MultistreamSelect, LazyDialerSendsDataBehindItsOnlyProposal) {
  for (size_t chunk : {0, 1, 5}) {
    MultistreamDialer dialer({"/sub/1"}, MultistreamVersion::kV1Lazy);
    MultistreamListener listener({"/sub/1"});
    EXPECT_EQ(dialer.start(), join({kHeader, message("/sub/1")}));
    EXPECT_EQ(dialer.status(), NegotiationStatus::kOptimistic);
    EXPECT_EQ(dialer.protocol(), "/sub/1");
    // Header, proposal and data reach the listener in one write.
    const Bytes data = to_bytes("handshake");
    Bytes answer;
    const Bytes sent = join({kHeader, message("/sub/1"), data});
    for (size_t i = 0; i < sent.size(); i += chunk == 0 ? sent.size() : chunk) {
      const size_t n = chunk == 0 ? sent.size() : std::min(chunk, sent.size() - i);
      const Bytes out = listener.feed(ByteSpan(sent).subspan(i, n));
      answer.insert(answer.end(), out.begin(), out.end());
    }
    ASSERT_EQ(listener.status(), NegotiationStatus::kNegotiated);
    EXPECT_EQ(listener.take_remainder(), data);
    EXPECT_EQ(answer, join({kHeader, message("/sub/1")}));
    // The dialer learns the outcome when the answer arrives.
    EXPECT_EQ(dialer.feed(join({answer, to_bytes("reply")})), Bytes{});
    EXPECT_EQ(dialer.status(), NegotiationStatus::kNegotiated);
    EXPECT_EQ(dialer.take_remainder(), to_bytes("reply"));
  }
}

TEST(MultistreamSelect, LazyDialerRefused) {
  MultistreamDialer dialer({"/sub/1"}, MultistreamVersion::kV1Lazy);
  MultistreamListener listener({"/other"});
  // The lazy dialer's first protocol bytes: a Noise-style frame, 2-byte big-endian length.
  Bytes data{0x00, 0x20};
  data.resize(34, 0xaa);
  Pipe pipe{dialer, listener, 0, data, {}};
  pipe.run();
  EXPECT_EQ(dialer.status(), NegotiationStatus::kFailed);
  EXPECT_EQ(dialer.error(), MultistreamError::kNoCommonProtocol);
  // The listener said "na", then read the data as a message: not a violation, a failed
  // negotiation.
  EXPECT_EQ(listener.status(), NegotiationStatus::kFailed);
  EXPECT_EQ(listener.error(), MultistreamError::kNoCommonProtocol);
}

TEST(MultistreamSelect, LazyDialerWithSeveralProposalsSettlesOnTheLast) {
  MultistreamDialer dialer({"/a", "/b"}, MultistreamVersion::kV1Lazy);
  MultistreamListener listener({"/b"});
  EXPECT_EQ(dialer.start(), join({kHeader, message("/a")}));
  EXPECT_EQ(dialer.status(), NegotiationStatus::kNegotiating);
  EXPECT_EQ(dialer.feed(join({kHeader, kNa})), message("/b"));
  EXPECT_EQ(dialer.status(), NegotiationStatus::kOptimistic);
  EXPECT_EQ(dialer.protocol(), "/b");
  EXPECT_EQ(dialer.feed(message("/b")), Bytes{});
  EXPECT_EQ(dialer.status(), NegotiationStatus::kNegotiated);
}

TEST(MultistreamSelect, ListenerAnswersList) {
  MultistreamListener answering({"/a", "/bc"}, MultistreamListener::ListRequests::kAnswer);
  const Bytes inner = join({message("/a"), message("/bc"), Bytes{'\n'}});
  Bytes expected{static_cast<uint8_t>(inner.size())};
  expected.insert(expected.end(), inner.begin(), inner.end());
  EXPECT_EQ(answering.feed(join({kHeader, message("ls")})), join({kHeader, expected}));
  EXPECT_EQ(answering.status(), NegotiationStatus::kNegotiating);
  EXPECT_EQ(answering.feed(message("/bc")), message("/bc"));
  EXPECT_EQ(answering.status(), NegotiationStatus::kNegotiated);

  MultistreamListener refusing({"/a"});
  EXPECT_EQ(refusing.feed(join({kHeader, message("ls")})), join({kHeader, kNa}));
  EXPECT_EQ(refusing.status(), NegotiationStatus::kNegotiating);
}

TEST(MultistreamSelect, ListenerRefusesMalformedInput) {
  struct Case {
    Bytes input;
    MultistreamError error;
  };
  const Bytes header2 = message("/multistream/2.0.0");
  const std::vector<Case> cases{
      {header2, MultistreamError::kBadHeader},
      {message("/yamux/1.0.0"), MultistreamError::kBadHeader},            // proposal without header
      {Bytes{0x03, 'a', 'b', 'c'}, MultistreamError::kMalformedMessage},  // no final '\n'
      {Bytes{0x00}, MultistreamError::kMalformedMessage},                 // empty frame
      {Bytes{0x83, 0x00}, MultistreamError::kMalformedMessage},           // non-minimal varint
      {Bytes{0x81, 0x08}, MultistreamError::kMessageTooLong},             // 1025
      {Bytes{0xff, 0xff}, MultistreamError::kMessageTooLong},             // ≥ 2^14, unfinished
      {join({kHeader, kNa}), MultistreamError::kMalformedMessage},        // "na" from a dialer
      {join({kHeader, kHeader}), MultistreamError::kMalformedMessage},
      {join({kHeader, message("yamux")}), MultistreamError::kMalformedMessage},
      {join({kHeader, Bytes{0x02, '/', 'x'}}), MultistreamError::kMalformedMessage},
  };
  for (const Case& c : cases) {
    MultistreamListener listener({"/yamux/1.0.0"});
    (void)listener.feed(c.input);
    EXPECT_EQ(listener.status(), NegotiationStatus::kFailed);
    EXPECT_EQ(listener.error(), c.error) << to_string(listener.error());
    EXPECT_EQ(listener.feed(join({kHeader, message("/yamux/1.0.0")})), Bytes{});  // ignored
  }
  // The longest message accepted is exactly the bound.
  MultistreamListener listener({"/yamux/1.0.0"});
  (void)listener.feed(kHeader);
  EXPECT_EQ(listener.feed(message("/" + std::string(kMaxMultistreamMessage - 2, 'x'))), kNa);
  EXPECT_EQ(listener.status(), NegotiationStatus::kNegotiating);
}

TEST(MultistreamSelect, DialerRefusesMalformedInput) {
  struct Case {
    Bytes input;
    MultistreamError error;
  };
  const std::vector<Case> cases{
      {message("/a"), MultistreamError::kBadHeader},
      {join({kHeader, message("/b")}), MultistreamError::kMalformedMessage},  // not proposed
      {join({kHeader, message("ls")}), MultistreamError::kMalformedMessage},
      {join({kHeader, kHeader}), MultistreamError::kMalformedMessage},
      {join({kHeader, Bytes{0x02, 'n', 'a'}}), MultistreamError::kMalformedMessage},
      {join({kHeader, Bytes{0x90, 0x80, 0x01}}), MultistreamError::kMessageTooLong},
  };
  for (const Case& c : cases) {
    MultistreamDialer dialer({"/a"});
    (void)dialer.start();
    (void)dialer.feed(c.input);
    EXPECT_EQ(dialer.status(), NegotiationStatus::kFailed);
    EXPECT_EQ(dialer.error(), c.error) << to_string(dialer.error());
  }
}

TEST(MultistreamSelect, DialerRefusesInvalidProposals) {
  for (const std::vector<std::string>& protocols : std::vector<std::vector<std::string>>{
           {}, {"noslash"}, {"/ok", "/bad\nname"}, {""}, {"/" + std::string(1023, 'x')}}) {
    MultistreamDialer dialer(protocols);
    EXPECT_EQ(dialer.start(), Bytes{});
    EXPECT_EQ(dialer.status(), NegotiationStatus::kFailed);
    EXPECT_EQ(dialer.error(), MultistreamError::kInvalidProposals);
  }
  EXPECT_EQ(MultistreamDialer({"/" + std::string(1022, 'x')}).start().size(), 20u + 2u + 1024u);
}

TEST(MultistreamSelect, ProtocolNames) {
  EXPECT_TRUE(is_valid_protocol_name("/ipfs/id/1.0.0"));
  EXPECT_TRUE(is_valid_protocol_name("/"));
  EXPECT_TRUE(is_valid_protocol_name("/caf\xc3\xa9"));       // é
  EXPECT_TRUE(is_valid_protocol_name("/\xf0\x9f\x98\x80"));  // U+1F600
  EXPECT_FALSE(is_valid_protocol_name("ipfs/id/1.0.0"));
  EXPECT_FALSE(is_valid_protocol_name("/a\nb"));
  EXPECT_FALSE(is_valid_protocol_name("/\xc3"));              // cut sequence
  EXPECT_FALSE(is_valid_protocol_name("/\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_protocol_name("/\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_protocol_name("/\xf4\x90\x80\x80"));  // over U+10FFFF
  EXPECT_FALSE(is_valid_protocol_name("/\xff"));
  // A listener takes the header for a repeated header, never for a proposal (found by fuzzing:
  // the dialer waited for an answer that never came).
  EXPECT_FALSE(is_valid_protocol_name("/multistream/1.0.0"));
  // The listener never matches a name it could not have been offered validly.
  MultistreamListener listener({"noslash", "/ok"}, MultistreamListener::ListRequests::kAnswer);
  const Bytes inner = join({message("/ok"), Bytes{'\n'}});
  Bytes expected{static_cast<uint8_t>(inner.size())};
  expected.insert(expected.end(), inner.begin(), inner.end());
  EXPECT_EQ(listener.feed(join({kHeader, message("ls")})), join({kHeader, expected}));
}

TEST(MultistreamSelect, TrailingBytesAreKept) {
  // The listener's header, echo and first protocol bytes in one read.
  MultistreamDialer dialer({"/noise"});
  (void)dialer.start();
  const Bytes noise_frame{0x00, 0x02, 0xbe, 0xef};
  EXPECT_EQ(dialer.feed(join({kHeader, message("/noise"), noise_frame})), Bytes{});
  ASSERT_EQ(dialer.status(), NegotiationStatus::kNegotiated);
  // More bytes fed after the outcome join the remainder rather than vanish.
  (void)dialer.feed(Bytes{0x01});
  EXPECT_EQ(dialer.take_remainder(), join({noise_frame, Bytes{0x01}}));

  MultistreamListener listener({"/noise"});
  EXPECT_EQ(listener.feed(join({kHeader, message("/noise"), noise_frame})),
            join({kHeader, message("/noise")}));
  EXPECT_EQ(listener.take_remainder(), noise_frame);
  (void)listener.feed(Bytes{0x02, 0x03});
  EXPECT_EQ(listener.take_remainder(), (Bytes{0x02, 0x03}));
}

}  // namespace
}  // namespace canary::network
