#include "node/cli/file_content.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include "primitives/util/hex.hpp"

namespace canary::cli {

Result<Bytes, std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return unexpected("cannot open '" + path + "'");
  std::stringstream content;
  content << file.rdbuf();
  if (file.bad()) return unexpected("cannot read '" + path + "'");
  const std::string text = content.str();
  return Bytes(text.begin(), text.end());
}

Bytes hex_or_raw(const Bytes& content) {
  std::string text(content.begin(), content.end());
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  if (first != std::string::npos) {
    text = text.substr(first, last - first + 1);
    auto hex = from_hex(text);
    if (hex) return std::move(*hex);
  }
  return content;
}

}  // namespace canary::cli
