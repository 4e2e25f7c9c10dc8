// build-spec's --parachain ID=PVF_FILE:GENESIS_HEAD_FILE: a parachain registered in the genesis of
// a built-in chain. The PVF file is Wasm, raw or zstd-compressed with Substrate's prefix (stored
// as given, as Paras stores code); the head file is hex (0x optional) or the raw head bytes.
#pragma once

#include <string>
#include <string_view>

#include "node/chain/builtin_chains.hpp"
#include "primitives/util/result.hpp"

namespace canary::cli {

Result<node::GenesisParachain, std::string> parse_genesis_parachain(std::string_view arg);

}  // namespace canary::cli
