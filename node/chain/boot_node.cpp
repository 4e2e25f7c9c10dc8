#include "node/chain/boot_node.hpp"

#include <string.h>  // explicit_bzero
#include <sys/random.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "primitives/crypto/ed25519.hpp"
#include "primitives/ss58/base58.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node {

std::string peer_id_of_ed25519_public(const ByteArray<32>& public_key) {
  // Identity multihash (code 0x00, length 36) of the protobuf PublicKey: field 1 (Type, varint)
  // = 1 (Ed25519), field 2 (Data, bytes) = the 32-byte key. Keys of at most 42 bytes are inlined
  // this way rather than hashed with SHA-256.
  Bytes multihash = {0x00, 0x24, 0x08, 0x01, 0x12, 0x20};
  multihash.insert(multihash.end(), public_key.begin(), public_key.end());
  return ss58::base58_encode(multihash);
}

std::string peer_id_of_node_key(const ByteArray<32>& secret) {
  crypto::ed25519::Keypair pair = crypto::ed25519::keypair_from_seed(secret);
  std::string out = peer_id_of_ed25519_public(pair.public_key);
  explicit_bzero(pair.seed.data(), pair.seed.size());
  return out;
}

Result<ByteArray<32>, std::string> parse_node_key(std::string_view hex) {
  auto key = from_hex_fixed<32>(hex);
  if (!key) return unexpected(std::string("a node key is 32 bytes of hex (64 digits)"));
  return *key;
}

Result<std::optional<ByteArray<32>>, std::string> read_node_key_file(
    const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<ByteArray<32>>{};
  std::ifstream file(path, std::ios::binary);
  if (!file) return unexpected("cannot open the node key file " + path.string());
  std::stringstream content;
  content << file.rdbuf();
  std::string text = content.str();
  if (text.size() == 32) {
    ByteArray<32> key{};
    for (size_t i = 0; i < 32; ++i) key[i] = static_cast<uint8_t>(text[i]);
    explicit_bzero(text.data(), text.size());
    return std::optional<ByteArray<32>>(key);
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  auto key = from_hex_fixed<32>(text);
  explicit_bzero(text.data(), text.size());
  if (!key) return unexpected("the node key file " + path.string() + " is malformed");
  return std::optional<ByteArray<32>>(*key);
}

Result<ByteArray<32>, std::string> random_node_key() {
  ByteArray<32> key{};
  size_t filled = 0;
  while (filled < key.size()) {
    ssize_t n = getrandom(key.data() + filled, key.size() - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return unexpected(std::string("no randomness available for a node key"));
    filled += static_cast<size_t>(n);
  }
  return key;
}

std::string local_boot_node(const ByteArray<32>& node_key) {
  return "/ip4/127.0.0.1/tcp/30333/p2p/" + peer_id_of_node_key(node_key);
}

}  // namespace canary::node
