#include "network/libp2p/multiaddr.hpp"

#include <array>
#include <cstdio>

#include "network/libp2p/varint.hpp"

namespace canary::network {
namespace {

enum class ValueKind : uint8_t {
  kNone,            // the protocol code alone
  kFixed,           // exactly `fixed_size` bytes
  kLengthPrefixed,  // varint length ‖ bytes
};

struct ProtocolInfo {
  MultiaddrProtocol protocol;
  std::string_view name;
  ValueKind kind;
  size_t fixed_size;
};

constexpr ProtocolInfo kProtocols[] = {
    {MultiaddrProtocol::kIp4, "ip4", ValueKind::kFixed, 4},
    {MultiaddrProtocol::kTcp, "tcp", ValueKind::kFixed, 2},
    {MultiaddrProtocol::kIp6, "ip6", ValueKind::kFixed, 16},
    {MultiaddrProtocol::kDns, "dns", ValueKind::kLengthPrefixed, 0},
    {MultiaddrProtocol::kDns4, "dns4", ValueKind::kLengthPrefixed, 0},
    {MultiaddrProtocol::kDns6, "dns6", ValueKind::kLengthPrefixed, 0},
    {MultiaddrProtocol::kDnsaddr, "dnsaddr", ValueKind::kLengthPrefixed, 0},
    {MultiaddrProtocol::kUdp, "udp", ValueKind::kFixed, 2},
    {MultiaddrProtocol::kP2p, "p2p", ValueKind::kLengthPrefixed, 0},
    {MultiaddrProtocol::kTls, "tls", ValueKind::kNone, 0},
    {MultiaddrProtocol::kQuicV1, "quic-v1", ValueKind::kNone, 0},
    {MultiaddrProtocol::kWs, "ws", ValueKind::kNone, 0},
    {MultiaddrProtocol::kWss, "wss", ValueKind::kNone, 0},
};

const ProtocolInfo* find_by_code(uint64_t code) {
  for (const ProtocolInfo& info : kProtocols) {
    if (static_cast<uint64_t>(info.protocol) == code) return &info;
  }
  return nullptr;
}

const ProtocolInfo* find_by_name(std::string_view name) {
  // "/ipfs/" is the old name of /p2p (same code); we always write "/p2p/".
  if (name == "ipfs") name = "p2p";
  for (const ProtocolInfo& info : kProtocols) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const ProtocolInfo& info_of(MultiaddrProtocol protocol) {
  const ProtocolInfo* info = find_by_code(static_cast<uint64_t>(protocol));
  if (info == nullptr) contract_violation();  // every enumerator is in the table
  return *info;
}

bool is_dns(MultiaddrProtocol p) {
  return p == MultiaddrProtocol::kDns || p == MultiaddrProtocol::kDns4 ||
         p == MultiaddrProtocol::kDns6 || p == MultiaddrProtocol::kDnsaddr;
}

bool is_ip(MultiaddrProtocol p) {
  return p == MultiaddrProtocol::kIp4 || p == MultiaddrProtocol::kIp6;
}

bool is_port(MultiaddrProtocol p) {
  return p == MultiaddrProtocol::kTcp || p == MultiaddrProtocol::kUdp;
}

// ---- values ----------------------------------------------------------------------------------

// Printable ASCII without '/': the text form must split back at the same slashes, and a name
// with spaces or control characters is no host name. (Internationalized names travel as
// punycode, which is ASCII.) DNS caps names at 253 characters; 255 leaves room for a final dot.
constexpr size_t kMaxDnsName = 255;

bool is_valid_dns_name(ByteSpan name) {
  if (name.empty() || name.size() > kMaxDnsName) return false;
  for (uint8_t c : name) {
    if (c < 0x21 || c > 0x7e || c == '/') return false;
  }
  return true;
}

MultiaddrError invalid_value_error(MultiaddrProtocol p) {
  if (is_ip(p)) return MultiaddrError::kInvalidIpAddress;
  if (is_port(p)) return MultiaddrError::kInvalidPort;
  if (is_dns(p)) return MultiaddrError::kInvalidDnsName;
  if (p == MultiaddrProtocol::kP2p) return MultiaddrError::kInvalidPeerId;
  return MultiaddrError::kUnexpectedValue;
}

// The single check every way in (binary, text, components) goes through.
Result<void, MultiaddrError> check_value(const ProtocolInfo& info, ByteSpan value) {
  const MultiaddrProtocol p = info.protocol;
  switch (info.kind) {
    case ValueKind::kNone:
      if (!value.empty()) return unexpected(MultiaddrError::kUnexpectedValue);
      return {};
    case ValueKind::kFixed:
      if (value.size() != info.fixed_size) return unexpected(invalid_value_error(p));
      return {};
    case ValueKind::kLengthPrefixed:
      if (is_dns(p) && !is_valid_dns_name(value)) {
        return unexpected(MultiaddrError::kInvalidDnsName);
      }
      if (p == MultiaddrProtocol::kP2p && !PeerId::from_bytes(value)) {
        return unexpected(MultiaddrError::kInvalidPeerId);
      }
      return {};
  }
  return unexpected(MultiaddrError::kUnknownProtocol);
}

void append_component(Bytes& out, const ProtocolInfo& info, ByteSpan value) {
  append_varint(out, static_cast<uint64_t>(info.protocol));
  if (info.kind == ValueKind::kLengthPrefixed) append_varint(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
}

// ---- text values -----------------------------------------------------------------------------

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Dotted quad, four decimal octets without leading zeros (which some parsers read as octal;
// Rust's Ipv4Addr refuses them too).
std::optional<ByteArray<4>> parse_ip4(std::string_view s) {
  ByteArray<4> out{};
  size_t i = 0;
  for (size_t part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
    const size_t start = i;
    unsigned value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) {
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    const size_t digits = i - start;
    if (digits == 0 || value > 255 || (digits > 1 && s[start] == '0')) return std::nullopt;
    out[part] = static_cast<uint8_t>(value);
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

// Colon-separated groups of 1..4 hex digits; the last one may be a dotted quad (two groups) if
// `allow_ip4` (it must end the address). Appends to `groups`; false if malformed or over 8.
bool parse_ip6_groups(std::string_view s, bool allow_ip4, std::vector<uint16_t>& groups) {
  if (s.empty()) return true;
  size_t pos = 0;
  while (true) {
    const size_t end = s.find(':', pos);
    const std::string_view piece =
        s.substr(pos, end == std::string_view::npos ? s.npos : end - pos);
    if (piece.find('.') != std::string_view::npos) {
      if (!allow_ip4 || end != std::string_view::npos) return false;
      const auto ip4 = parse_ip4(piece);
      if (!ip4) return false;
      groups.push_back(static_cast<uint16_t>(((*ip4)[0] << 8) | (*ip4)[1]));
      groups.push_back(static_cast<uint16_t>(((*ip4)[2] << 8) | (*ip4)[3]));
    } else {
      if (piece.empty() || piece.size() > 4) return false;
      unsigned value = 0;
      for (char c : piece) {
        const int d = hex_digit(c);
        if (d < 0) return false;
        value = value * 16 + static_cast<unsigned>(d);
      }
      groups.push_back(static_cast<uint16_t>(value));
    }
    if (groups.size() > 8) return false;
    if (end == std::string_view::npos) return true;
    pos = end + 1;
  }
}

// RFC 4291 section 2.2 text: eight groups, or fewer with one "::" standing for one or more zero
// groups, optionally ending with an IPv4 dotted quad. No zone ("%eth0": that is /ip6zone).
std::optional<ByteArray<16>> parse_ip6(std::string_view s) {
  std::vector<uint16_t> head;
  std::vector<uint16_t> tail;
  const size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_ip6_groups(s, true, head) || head.size() != 8) return std::nullopt;
  } else {
    const std::string_view right = s.substr(gap + 2);
    if (right.find("::") != std::string_view::npos) return std::nullopt;
    if (!parse_ip6_groups(s.substr(0, gap), false, head)) return std::nullopt;
    if (!parse_ip6_groups(right, true, tail)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
  }
  std::array<uint16_t, 8> groups{};
  for (size_t i = 0; i < head.size(); ++i) groups[i] = head[i];
  for (size_t i = 0; i < tail.size(); ++i) groups[8 - tail.size() + i] = tail[i];
  ByteArray<16> out{};
  for (size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(groups[i]);
  }
  return out;
}

std::optional<uint16_t> parse_port(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint32_t value = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<uint32_t>(c - '0');
    if (value > 65535) return std::nullopt;
  }
  return static_cast<uint16_t>(value);
}

std::string format_ip4(ByteSpan a) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u", unsigned{a[0]}, unsigned{a[1]},
                unsigned{a[2]}, unsigned{a[3]});
  return buffer;
}

// RFC 5952: lowercase hex without leading zeros, the longest run of two or more zero groups
// (the first on a tie) as "::", IPv4-mapped addresses as ::ffff:a.b.c.d.
std::string format_ip6(ByteSpan a) {
  std::array<uint16_t, 8> groups{};
  for (size_t i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>((a[2 * i] << 8) | a[2 * i + 1]);
  if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 &&
      groups[5] == 0xffff) {
    return "::ffff:" + format_ip4(a.subspan(12));
  }
  size_t best_start = 8;
  size_t best_length = 1;  // a run must be longer than this to be compressed
  for (size_t i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j;
  }
  std::string out;
  for (size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%x", unsigned{groups[i]});
    out += buffer;
  }
  return out;
}

Result<Bytes, MultiaddrError> value_from_text(const ProtocolInfo& info, std::string_view text) {
  const MultiaddrProtocol p = info.protocol;
  if (p == MultiaddrProtocol::kIp4) {
    const auto ip = parse_ip4(text);
    if (!ip) return unexpected(MultiaddrError::kInvalidIpAddress);
    return Bytes(ip->begin(), ip->end());
  }
  if (p == MultiaddrProtocol::kIp6) {
    const auto ip = parse_ip6(text);
    if (!ip) return unexpected(MultiaddrError::kInvalidIpAddress);
    return Bytes(ip->begin(), ip->end());
  }
  if (is_port(p)) {
    const auto port = parse_port(text);
    if (!port) return unexpected(MultiaddrError::kInvalidPort);
    return Bytes{static_cast<uint8_t>(*port >> 8), static_cast<uint8_t>(*port)};
  }
  if (is_dns(p)) {
    if (!is_valid_dns_name(as_bytes(text))) return unexpected(MultiaddrError::kInvalidDnsName);
    return to_bytes(text);
  }
  if (p == MultiaddrProtocol::kP2p) {
    auto peer = PeerId::from_base58(text);
    if (!peer) return unexpected(MultiaddrError::kInvalidPeerId);
    return peer->bytes();
  }
  return unexpected(MultiaddrError::kUnexpectedValue);
}

// `value` has passed check_value.
std::string value_to_text(const ProtocolInfo& info, ByteSpan value) {
  const MultiaddrProtocol p = info.protocol;
  if (p == MultiaddrProtocol::kIp4) return format_ip4(value);
  if (p == MultiaddrProtocol::kIp6) return format_ip6(value);
  if (is_port(p)) return std::to_string((value[0] << 8) | value[1]);
  if (is_dns(p)) return std::string(value.begin(), value.end());
  if (p == MultiaddrProtocol::kP2p) {
    auto peer = PeerId::from_bytes(value);
    return peer ? peer->to_base58() : std::string();
  }
  return {};
}

// ---- binary components -----------------------------------------------------------------------

struct ComponentView {
  const ProtocolInfo* info = nullptr;
  ByteSpan value;
  size_t offset = 0;  // where the component starts in the whole address
};

// Reads (and checks) the component at `offset`; advances `offset` past it.
Result<ComponentView, MultiaddrError> read_component(ByteSpan bytes, size_t& offset) {
  const ByteSpan input = bytes.subspan(offset);
  const VarintResult code = decode_varint(input);
  if (code.status == VarintStatus::kIncomplete) return unexpected(MultiaddrError::kTruncated);
  if (code.status == VarintStatus::kInvalid) return unexpected(MultiaddrError::kInvalidVarint);
  const ProtocolInfo* info = find_by_code(code.varint.value);
  if (info == nullptr) return unexpected(MultiaddrError::kUnknownProtocol);

  ByteSpan rest = input.subspan(code.varint.length);
  size_t header = code.varint.length;
  size_t value_size = 0;
  switch (info->kind) {
    case ValueKind::kNone:
      break;
    case ValueKind::kFixed:
      value_size = info->fixed_size;
      break;
    case ValueKind::kLengthPrefixed: {
      const VarintResult length = decode_varint(rest);
      if (length.status == VarintStatus::kIncomplete) {
        return unexpected(MultiaddrError::kTruncated);
      }
      if (length.status == VarintStatus::kInvalid) {
        return unexpected(MultiaddrError::kInvalidVarint);
      }
      if (length.varint.value > rest.size()) return unexpected(MultiaddrError::kTruncated);
      value_size = static_cast<size_t>(length.varint.value);
      header += length.varint.length;
      rest = rest.subspan(length.varint.length);
      break;
    }
  }
  if (value_size > rest.size()) return unexpected(MultiaddrError::kTruncated);
  const ByteSpan value = rest.first(value_size);
  if (auto ok = check_value(*info, value); !ok) return unexpected(ok.error());

  ComponentView view{info, value, offset};
  offset += header + value_size;
  return view;
}

// The components of an address already known to be valid.
std::vector<ComponentView> views_of(const Bytes& bytes) {
  std::vector<ComponentView> views;
  size_t offset = 0;
  while (offset < bytes.size()) {
    auto view = read_component(bytes, offset);
    if (!view) contract_violation();  // a Multiaddr only ever holds checked bytes
    views.push_back(*view);
  }
  return views;
}

}  // namespace

std::string_view protocol_name(MultiaddrProtocol protocol) {
  return info_of(protocol).name;
}

const char* to_string(MultiaddrError e) {
  switch (e) {
    case MultiaddrError::kTooLong:
      return "multiaddr too long";
    case MultiaddrError::kMalformedText:
      return "multiaddr text is not of the form /protocol/value/...";
    case MultiaddrError::kUnknownProtocol:
      return "unknown multiaddr protocol";
    case MultiaddrError::kInvalidVarint:
      return "invalid varint in multiaddr";
    case MultiaddrError::kTruncated:
      return "multiaddr ends inside a component";
    case MultiaddrError::kMissingValue:
      return "multiaddr protocol is missing its value";
    case MultiaddrError::kInvalidIpAddress:
      return "invalid IP address in multiaddr";
    case MultiaddrError::kInvalidPort:
      return "invalid port in multiaddr";
    case MultiaddrError::kInvalidDnsName:
      return "invalid DNS name in multiaddr";
    case MultiaddrError::kInvalidPeerId:
      return "invalid PeerId in multiaddr";
    case MultiaddrError::kUnexpectedValue:
      return "value given to a multiaddr protocol that takes none";
    case MultiaddrError::kPeerIdMismatch:
      return "multiaddr already names another peer";
  }
  return "unknown multiaddr error";
}

Result<Multiaddr, MultiaddrError> Multiaddr::from_bytes(ByteSpan bytes) {
  if (bytes.size() > kMaxBytes) return unexpected(MultiaddrError::kTooLong);
  size_t offset = 0;
  while (offset < bytes.size()) {
    if (auto view = read_component(bytes, offset); !view) return unexpected(view.error());
  }
  return Multiaddr(Bytes(bytes.begin(), bytes.end()));
}

Result<Multiaddr, MultiaddrError> Multiaddr::from_string(std::string_view text) {
  if (text.empty()) return Multiaddr();
  if (text.size() > kMaxTextLength) return unexpected(MultiaddrError::kTooLong);
  if (text.front() != '/') return unexpected(MultiaddrError::kMalformedText);
  constexpr auto npos = std::string_view::npos;

  Bytes out;
  size_t pos = 1;  // start of the next protocol name
  while (true) {
    size_t end = text.find('/', pos);
    const std::string_view name = text.substr(pos, end == npos ? npos : end - pos);
    if (name.empty()) return unexpected(MultiaddrError::kMalformedText);
    const ProtocolInfo* info = find_by_name(name);
    if (info == nullptr) return unexpected(MultiaddrError::kUnknownProtocol);

    if (info->kind == ValueKind::kNone) {
      append_component(out, *info, {});
    } else {
      if (end == npos) return unexpected(MultiaddrError::kMissingValue);
      const size_t value_start = end + 1;
      end = text.find('/', value_start);
      auto value =
          value_from_text(*info, text.substr(value_start, end == npos ? npos : end - value_start));
      if (!value) return unexpected(value.error());
      append_component(out, *info, *value);
    }
    if (out.size() > kMaxBytes) return unexpected(MultiaddrError::kTooLong);
    if (end == npos) break;
    pos = end + 1;
    if (pos == text.size()) return unexpected(MultiaddrError::kMalformedText);  // trailing '/'
  }
  return Multiaddr(std::move(out));
}

Result<Multiaddr, MultiaddrError> Multiaddr::from_components(
    const std::vector<MultiaddrComponent>& components) {
  Multiaddr address;
  for (const MultiaddrComponent& component : components) {
    CANARY_TRY_ASSIGN(auto next, address.with(component));
    address = std::move(next);
  }
  return address;
}

Multiaddr Multiaddr::ip4_tcp(const ByteArray<4>& address, uint16_t port) {
  Bytes out;
  append_component(out, info_of(MultiaddrProtocol::kIp4), address);
  const uint8_t port_bytes[] = {static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port)};
  append_component(out, info_of(MultiaddrProtocol::kTcp), port_bytes);
  return Multiaddr(std::move(out));
}

Multiaddr Multiaddr::ip6_tcp(const ByteArray<16>& address, uint16_t port) {
  Bytes out;
  append_component(out, info_of(MultiaddrProtocol::kIp6), address);
  const uint8_t port_bytes[] = {static_cast<uint8_t>(port >> 8), static_cast<uint8_t>(port)};
  append_component(out, info_of(MultiaddrProtocol::kTcp), port_bytes);
  return Multiaddr(std::move(out));
}

std::string Multiaddr::to_string() const {
  std::string out;
  for (const ComponentView& view : views_of(bytes_)) {
    out += '/';
    out += view.info->name;
    if (view.info->kind != ValueKind::kNone) {
      out += '/';
      out += value_to_text(*view.info, view.value);
    }
  }
  return out;
}

std::vector<MultiaddrComponent> Multiaddr::components() const {
  std::vector<MultiaddrComponent> out;
  for (const ComponentView& view : views_of(bytes_)) {
    out.push_back({view.info->protocol, Bytes(view.value.begin(), view.value.end())});
  }
  return out;
}

Result<Multiaddr, MultiaddrError> Multiaddr::with(const MultiaddrComponent& component) const {
  const ProtocolInfo* info = find_by_code(static_cast<uint64_t>(component.protocol));
  if (info == nullptr) return unexpected(MultiaddrError::kUnknownProtocol);
  if (auto ok = check_value(*info, component.value); !ok) return unexpected(ok.error());
  Bytes out = bytes_;
  append_component(out, *info, component.value);
  if (out.size() > kMaxBytes) return unexpected(MultiaddrError::kTooLong);
  return Multiaddr(std::move(out));
}

std::optional<PeerId> Multiaddr::peer_id() const {
  const std::vector<ComponentView> views = views_of(bytes_);
  if (views.empty() || views.back().info->protocol != MultiaddrProtocol::kP2p) return std::nullopt;
  auto peer = PeerId::from_bytes(views.back().value);
  if (!peer) return std::nullopt;  // not reached: the value was checked
  return *peer;
}

Result<Multiaddr, MultiaddrError> Multiaddr::with_p2p(const PeerId& peer) const {
  if (const auto existing = peer_id()) {
    if (*existing == peer) return *this;
    return unexpected(MultiaddrError::kPeerIdMismatch);
  }
  return with({MultiaddrProtocol::kP2p, peer.bytes()});
}

Multiaddr Multiaddr::without_p2p() const {
  const std::vector<ComponentView> views = views_of(bytes_);
  if (views.empty() || views.back().info->protocol != MultiaddrProtocol::kP2p) return *this;
  const auto end = bytes_.begin() + static_cast<std::ptrdiff_t>(views.back().offset);
  return Multiaddr(Bytes(bytes_.begin(), end));
}

std::optional<TcpEndpoint> Multiaddr::tcp_endpoint() const {
  const std::vector<ComponentView> views = views_of(bytes_);
  const bool shape = views.size() == 2 ||
                     (views.size() == 3 && views[2].info->protocol == MultiaddrProtocol::kP2p);
  if (!shape || views[1].info->protocol != MultiaddrProtocol::kTcp) return std::nullopt;
  const MultiaddrProtocol host = views[0].info->protocol;
  if (host == MultiaddrProtocol::kDnsaddr || !(is_ip(host) || is_dns(host))) return std::nullopt;
  const ByteSpan port = views[1].value;
  return TcpEndpoint{host, value_to_text(*views[0].info, views[0].value),
                     static_cast<uint16_t>((port[0] << 8) | port[1])};
}

}  // namespace canary::network
