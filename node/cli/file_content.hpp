// Reading the files a command is given: whole, as bytes; and the "hex or raw" convention of the
// commands that take SCALE data or heads in a file (text of hex digits, 0x optional, surrounding
// whitespace ignored, else the bytes themselves).
#pragma once

#include <string>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::cli {

Result<Bytes, std::string> read_file(const std::string& path);

// The bytes a file's content stands for: decoded when it reads as hex, else the content itself.
Bytes hex_or_raw(const Bytes& content);

}  // namespace canary::cli
