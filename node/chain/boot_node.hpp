// libp2p identities as Substrate's networking prints them, for the boot node that `build-spec`
// adds to a spec without any (sc-cli build_spec_cmd.rs: `/ip4/127.0.0.1/tcp/30333/p2p/<peer id>`
// of the node key).
//  - The node key is an ed25519 secret (the 32-byte RFC 8032 seed; sc-cli `--node-key` is its hex,
//    the `secret_ed25519` file in <base>/chains/<id>/network/ holds it raw or as hex).
//  - Its peer id is the identity multihash of the protobuf-encoded public key (libp2p
//    peer-ids.md: PublicKey{Type = Ed25519 (1), Data = 32 bytes}), in base58btc: "12D3KooW…".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::node {

std::string peer_id_of_ed25519_public(const ByteArray<32>& public_key);

// The peer id of a node key (its ed25519 seed).
std::string peer_id_of_node_key(const ByteArray<32>& secret);

// `--node-key`: 64 hex digits, with or without "0x".
Result<ByteArray<32>, std::string> parse_node_key(std::string_view hex);

// A node key file (sc-network `Secret::File`): 32 raw bytes, or the hex of them. None when there
// is no such file; an error when it is unreadable or malformed.
Result<std::optional<ByteArray<32>>, std::string> read_node_key_file(
    const std::filesystem::path& path);

// A fresh random node key.
Result<ByteArray<32>, std::string> random_node_key();

// "/ip4/127.0.0.1/tcp/30333/p2p/<peer id>".
std::string local_boot_node(const ByteArray<32>& node_key);

}  // namespace canary::node
