#include "runtime/framework/json/json.hpp"

namespace canary::rt::json {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<Value, ParseError> run() {
    skip_space();
    auto value = parse_value(0);
    if (!value) return value;
    skip_space();
    if (pos_ != text_.size()) return fail("trailing characters");
    return value;
  }

 private:
  Unexpected<ParseError> fail(std::string message) const {
    return unexpected(ParseError{pos_, std::move(message)});
  }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++pos_;
    }
  }
  bool consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Result<Value, ParseError> parse_value(size_t depth) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    switch (peek()) {
      case '{':
        return parse_object(depth);
      case '[':
        return parse_array(depth);
      case '"': {
        auto s = parse_string();
        if (!s) return unexpected(s.error());
        return Value::of(std::move(*s));
      }
      case 't':
        if (consume("true")) return Value::of(true);
        return fail("invalid literal");
      case 'f':
        if (consume("false")) return Value::of(false);
        return fail("invalid literal");
      case 'n':
        if (consume("null")) return Value::null();
        return fail("invalid literal");
      default:
        return parse_number();
    }
  }

  Result<Value, ParseError> parse_object(size_t depth) {
    ++pos_;  // '{'
    Object object;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return Value::of(std::move(object));
    }
    while (true) {
      skip_space();
      if (peek() != '"') return fail("expected a key");
      auto key = parse_string();
      if (!key) return unexpected(key.error());
      skip_space();
      if (peek() != ':') return fail("expected ':'");
      ++pos_;
      skip_space();
      auto value = parse_value(depth + 1);
      if (!value) return value;
      object.insert_or_assign(std::move(*key), std::move(*value));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return Value::of(std::move(object));
      }
      return fail("expected ',' or '}'");
    }
  }

  Result<Value, ParseError> parse_array(size_t depth) {
    ++pos_;  // '['
    Array array;
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return Value::of(std::move(array));
    }
    while (true) {
      skip_space();
      auto value = parse_value(depth + 1);
      if (!value) return value;
      array.push_back(std::move(*value));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return Value::of(std::move(array));
      }
      return fail("expected ',' or ']'");
    }
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  std::optional<uint32_t> parse_hex4() {
    if (pos_ + 4 > text_.size()) return std::nullopt;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return std::nullopt;
      }
    }
    return value;
  }

  Result<std::string, ParseError> parse_string() {
    ++pos_;  // '"'
    std::string out;
    while (true) {
      if (at_end()) return fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (at_end()) return fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          auto cp = parse_hex4();
          if (!cp) return fail("bad \\u escape");
          if (*cp >= 0xd800 && *cp < 0xdc00) {  // a surrogate pair
            if (!consume("\\u")) return fail("lone surrogate");
            auto low = parse_hex4();
            if (!low || *low < 0xdc00 || *low >= 0xe000) return fail("bad surrogate pair");
            *cp = 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
          } else if (*cp >= 0xdc00 && *cp < 0xe000) {
            return fail("lone surrogate");
          }
          append_utf8(out, *cp);
          break;
        }
        default:
          return fail("bad escape");
      }
    }
  }

  Result<Value, ParseError> parse_number() {
    const size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++pos_;
    } else {
      return fail("unexpected character");
    }
    if (peek() == '.') {
      ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) return fail("bad fraction");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) return fail("bad exponent");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    return Value{Number{std::string(text_.substr(start, pos_ - start))}};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

void write_string(std::string& out, const std::string& s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[(c >> 4) & 0xf]);
          out.push_back(kHex[c & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void write_into(std::string& out, const Value& value) {
  if (value.is_null()) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&value.data)) {
    out += *b ? "true" : "false";
  } else if (const Number* n = std::get_if<Number>(&value.data)) {
    out += n->text;
  } else if (const std::string* s = value.string()) {
    write_string(out, *s);
  } else if (const Array* a = value.array()) {
    out.push_back('[');
    for (size_t i = 0; i < a->size(); ++i) {
      if (i > 0) out.push_back(',');
      write_into(out, (*a)[i]);
    }
    out.push_back(']');
  } else if (const Object* o = value.object()) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, member] : *o) {
      if (!first) out.push_back(',');
      first = false;
      write_string(out, key);
      out.push_back(':');
      write_into(out, member);
    }
    out.push_back('}');
  }
}

}  // namespace

std::optional<bool> Value::boolean() const {
  if (const bool* b = std::get_if<bool>(&data)) return *b;
  return std::nullopt;
}

std::optional<u128> Value::unsigned_integer() const {
  const Number* n = std::get_if<Number>(&data);
  if (n == nullptr || n->text.empty()) return std::nullopt;
  u128 value = 0;
  for (const char c : n->text) {
    if (c < '0' || c > '9') return std::nullopt;  // sign, fraction or exponent
    const u128 digit = static_cast<u128>(c - '0');
    if (value > (~u128{0} - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

const Value* Value::find(std::string_view key) const {
  const Object* o = object();
  if (o == nullptr) return nullptr;
  auto it = o->find(key);
  return it == o->end() ? nullptr : &it->second;
}

Value Value::of(u128 n) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(n % 10)));
    n /= 10;
  } while (n != 0);
  return {Number{std::move(digits)}};
}

Result<Value, ParseError> parse(std::string_view text) {
  return Parser(text).run();
}

std::string write(const Value& value) {
  std::string out;
  write_into(out, value);
  return out;
}

}  // namespace canary::rt::json
