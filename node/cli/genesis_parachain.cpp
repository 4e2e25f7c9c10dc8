#include "node/cli/genesis_parachain.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "executor/runtime_blob.hpp"
#include "node/cli/file_content.hpp"

namespace canary::cli {

namespace {

constexpr std::string_view kUsage =
    "expected ID=PVF_FILE:GENESIS_HEAD_FILE, e.g. 100=adder.wasm:head.hex";

bool is_wasm_module(const Bytes& code) {
  static constexpr uint8_t kMagic[] = {0x00, 0x61, 0x73, 0x6d};
  return code.size() >= 8 && std::equal(std::begin(kMagic), std::end(kMagic), code.begin());
}

}  // namespace

Result<node::GenesisParachain, std::string> parse_genesis_parachain(std::string_view arg) {
  const std::string context = "--parachain " + std::string(arg) + ": ";
  const auto equals = arg.find('=');
  if (equals == std::string_view::npos) return unexpected(context + std::string(kUsage));
  const std::string_view id_text = arg.substr(0, equals);
  const std::string_view files = arg.substr(equals + 1);
  // The head file comes after the last ':' (a PVF path may hold one, a head path rarely does).
  const auto colon = files.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == files.size()) {
    return unexpected(context + std::string(kUsage));
  }

  node::GenesisParachain para;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), para.id);
  if (ec != std::errc{} || end != id_text.data() + id_text.size() || id_text.empty()) {
    return unexpected(context + "the para id `" + std::string(id_text) +
                      "` is not a number from 0 to 4294967295");
  }

  const std::string pvf_path(files.substr(0, colon));
  const std::string head_path(files.substr(colon + 1));
  auto code = read_file(pvf_path);
  if (!code) return unexpected(context + "the PVF: " + code.error());
  if (!is_wasm_module(*code) && !executor::is_compressed_code(*code)) {
    return unexpected(
        context + "the PVF `" + pvf_path +
        "` is neither a Wasm module nor zstd-compressed code with Substrate's prefix");
  }
  para.validation_code = std::move(*code);
  auto head = read_file(head_path);
  if (!head) return unexpected(context + "the genesis head: " + head.error());
  para.genesis_head = hex_or_raw(*head);
  if (para.genesis_head.empty()) {
    return unexpected(context + "the genesis head `" + head_path + "` is empty");
  }
  return para;
}

}  // namespace canary::cli
