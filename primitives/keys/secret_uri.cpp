// Mirrors sp-core address_uri.rs `AddressUri::parse` step for step:
//  1. the phrase is the longest prefix of [A-Za-z0-9 ] (absent if empty);
//  2. then repeatedly: "///" starts the password, which runs to the first '\n' (a '\n' is an
//     error); "//" starts a hard junction and "/" a soft one, each running to the next '/' and
//     required to be non-empty; anything else is an invalid character (in the password if one was
//     seen, else in the phrase).
// Since the password swallows every '/', nothing but an error can follow it.
#include "primitives/keys/secret_uri.hpp"

namespace canary::keys {
namespace {

bool is_phrase_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ';
}

// Removes and returns the longest prefix of `in` whose characters satisfy `pred`.
template <class Pred>
std::string_view take_while(std::string_view& in, Pred pred) {
  size_t n = 0;
  while (n < in.size() && pred(in[n])) ++n;
  std::string_view head = in.substr(0, n);
  in.remove_prefix(n);
  return head;
}

bool consume(std::string_view& in, std::string_view prefix) {
  if (!in.starts_with(prefix)) return false;
  in.remove_prefix(prefix.size());
  return true;
}

}  // namespace

const char* to_string(SuriError e) {
  switch (e) {
    case SuriError::kInvalidCharacterInPhrase:
      return "invalid character in phrase";
    case SuriError::kInvalidCharacterInPassword:
      return "invalid character in password";
    case SuriError::kInvalidCharacterInHardPath:
      return "invalid character in hard path";
    case SuriError::kInvalidCharacterInSoftPath:
      return "invalid character in soft path";
  }
  return "unknown secret URI error";
}

Result<SecretUri, SuriError> parse_secret_uri(std::string_view suri) {
  std::string_view in = suri;
  SecretUri out;
  std::string_view phrase = take_while(in, is_phrase_char);
  out.phrase = phrase.empty() ? std::string(kDevPhrase) : std::string(phrase);

  auto not_slash = [](char c) { return c != '/'; };
  while (!in.empty()) {
    if (consume(in, "///")) {
      out.password = std::string(take_while(in, [](char c) { return c != '\n'; }));
    } else if (consume(in, "//")) {
      std::string_view code = take_while(in, not_slash);
      if (code.empty()) return unexpected(SuriError::kInvalidCharacterInHardPath);
      // `code` holds no '/', so this is sp-core's `DeriveJunction::from("/" + code)`.
      DeriveJunction j = DeriveJunction::from_path_element(code);
      j.hard = true;
      out.junctions.push_back(j);
    } else if (consume(in, "/")) {
      std::string_view code = take_while(in, not_slash);
      if (code.empty()) return unexpected(SuriError::kInvalidCharacterInSoftPath);
      out.junctions.push_back(DeriveJunction::from_path_element(code));
    } else {
      return unexpected(out.password ? SuriError::kInvalidCharacterInPassword
                                     : SuriError::kInvalidCharacterInPhrase);
    }
  }
  return out;
}

}  // namespace canary::keys
