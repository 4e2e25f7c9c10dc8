// The node's libp2p identity: an ed25519 secret (the 32-byte seed), chosen as sc-cli's
// NodeKeyParams does for ed25519 keys:
//   --node-key <hex>         the secret itself (64 hex digits, "0x" optional);
//   --node-key-file <path>   a file holding it raw (32 bytes) or as hex; created with a fresh key
//                            when it does not exist;
//   otherwise                <base>/chains/<chain id>/network/secret_ed25519 (raw 32 bytes, mode
//                            0600), created with a fresh key on first start (with --dev's
//                            temporary base path: a fresh key every run).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "node/chain/base_path.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

// The key file name in the chain's network directory (sc-cli NODE_KEY_ED25519_FILE).
inline constexpr std::string_view kNodeKeyFileName = "secret_ed25519";

// Reads the key at `path`, or creates the file (and its directory) with a fresh random key,
// readable by the owner only.
Result<ByteArray<32>, std::string> load_or_create_node_key(const std::filesystem::path& path);

Result<ByteArray<32>, std::string> resolve_node_key(const std::optional<std::string>& node_key,
                                                    const std::optional<std::string>& node_key_file,
                                                    const BasePath& base,
                                                    std::string_view chain_id);

}  // namespace canary::node
