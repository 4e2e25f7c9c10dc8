#include "node/chain/json_merge.hpp"

#include <optional>

namespace canary::node {

void json_merge(nlohmann::json& target, const nlohmann::json& patch) {
  if (!target.is_object() || !patch.is_object()) {
    target = patch;
    return;
  }
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      target.erase(key);
      continue;
    }
    // A missing member starts as null, which the recursion replaces (sc-chain-spec's
    // `entry(k).or_insert(Value::Null)`).
    json_merge(target[key], value);
  }
}

namespace {

// nlohmann's DOM builder, stopping at an integer literal that nlohmann could only keep as a
// double (it reports every number it cannot hold in 64 bits through number_float, with the text).
// sax_parse calls the handler's members statically, so shadowing them is enough.
class ExactNumbersParser : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
 public:
  using Base = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;
  explicit ExactNumbersParser(nlohmann::json& root) : Base(root, /*allow_exceptions_=*/false) {}

  bool number_float(double value, const std::string& text) {
    if (text.find_first_of(".eE") == std::string::npos) {
      error = "the integer " + text.substr(0, 60) +
              " does not fit 64 bits; write it as a string of digits";
      return false;
    }
    return Base::number_float(value, text);
  }

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& ex) {
    error = ex.what();
    return Base::parse_error(position, token, ex);
  }

  std::optional<std::string> error;
};

}  // namespace

Result<nlohmann::json, std::string> parse_genesis_json(std::string_view text) {
  nlohmann::json out;
  ExactNumbersParser handler(out);
  const bool ok = nlohmann::json::sax_parse(text, &handler, nlohmann::json::input_format_t::json,
                                            /*strict=*/true);
  if (!ok || handler.error || handler.is_errored()) {
    return unexpected(handler.error.value_or(std::string("invalid JSON")));
  }
  return out;
}

std::string json_text(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace canary::node
