// canary_interop_helper: Canary's primitives behind a line-oriented JSON protocol, so that the
// Node.js interop tests can put them side by side with polkadot.js in one process run.
//
// Every line on stdin is one request {"op": …, …}; every request gets exactly one line on stdout,
// in order: the op's result object, or {"error": "…"} if the request was malformed or Canary
// refused the input. Nothing a request contains can crash the helper: a crash would hide which
// input broke it, and the tests stream thousands of requests through one process.
// Byte strings travel as "0x…" hex. The ops are listed in `dispatch` below, in key_ops.cpp, in
// trie_ops.cpp and in metadata_ops.cpp.
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/hash/blake3.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/keys/bip39.hpp"
#include "primitives/ss58/ss58.hpp"
#include "tests/interop/helper/key_ops.hpp"
#include "tests/interop/helper/metadata_ops.hpp"
#include "tests/interop/helper/scale_types.hpp"
#include "tests/interop/helper/trie_ops.hpp"

namespace canary::interop {
namespace {

namespace sr25519 = crypto::sr25519;
namespace ed25519 = crypto::ed25519;
namespace ecdsa = crypto::ecdsa;

const Json& arg(const Json& request, const char* name) {
  if (!request.contains(name)) throw JsonValueError(std::string("missing '") + name + "'");
  return request[name];
}

std::string string_arg(const Json& request, const char* name) {
  const Json& j = arg(request, name);
  if (!j.is_string()) throw JsonValueError(std::string("'") + name + "' must be a string");
  return j.get<std::string>();
}

Bytes bytes_arg(const Json& request, const char* name) {
  return bytes_from_json(arg(request, name));
}

// Optional byte-string argument (VRF context/extra, signing context): empty when absent.
Bytes optional_bytes_arg(const Json& request, const char* name) {
  return request.contains(name) ? bytes_arg(request, name) : Bytes{};
}

template <size_t N>
ByteArray<N> fixed_arg(const Json& request, const char* name) {
  Bytes bytes = bytes_arg(request, name);
  if (bytes.size() != N) {
    throw JsonValueError(std::string("'") + name + "' must be " + std::to_string(N) +
                         " bytes, got " + std::to_string(bytes.size()));
  }
  ByteArray<N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

// ---- SCALE
// ---------------------------------------------------------------------------------------

const ScaleCodec& codec_arg(const Json& request) {
  std::string type = string_arg(request, "type");
  const ScaleCodec* codec = find_scale_codec(type);
  if (codec == nullptr) throw JsonValueError("unknown SCALE type '" + type + "'");
  return *codec;
}

Json scale_encode(const Json& request) {
  return {{"hex", to_hex(codec_arg(request).encode(arg(request, "value")))}};
}

Json scale_decode(const Json& request) {
  return codec_arg(request).decode(bytes_arg(request, "hex"));
}

// ---- signatures on raw seeds
// ---------------------------------------------------------------------

Json pair_from_seed(const Json& request) {
  std::string scheme = string_arg(request, "scheme");
  if (scheme == "sr25519") {
    auto pair = sr25519::keypair_from_mini_secret(fixed_arg<32>(request, "seed"));
    return {{"publicKey", to_hex(pair.public_key)},
            {"secretKey", to_hex(sr25519::secret_to_ed25519_bytes(pair.secret))}};
  }
  if (scheme == "ed25519") {
    auto pair = ed25519::keypair_from_seed(fixed_arg<32>(request, "seed"));
    return {{"publicKey", to_hex(pair.public_key)}};
  }
  if (scheme == "ecdsa") {
    auto pair = ecdsa::keypair_from_seed(fixed_arg<32>(request, "seed"));
    if (!pair) return {{"error", ecdsa::to_string(pair.error())}};
    return {{"publicKey", to_hex(pair->public_key)},
            {"accountId", to_hex(ecdsa::account_id(pair->public_key))}};
  }
  throw JsonValueError("unknown scheme '" + scheme + "'");
}

Json sign(const Json& request) {
  std::string scheme = string_arg(request, "scheme");
  Bytes message = bytes_arg(request, "message");
  if (scheme == "sr25519") {
    auto pair = sr25519::keypair_from_mini_secret(fixed_arg<32>(request, "seed"));
    return {{"signature", to_hex(sr25519::sign(pair, message))}};
  }
  if (scheme == "ed25519") {
    auto pair = ed25519::keypair_from_seed(fixed_arg<32>(request, "seed"));
    return {{"signature", to_hex(ed25519::sign(pair, message))}};
  }
  if (scheme == "ecdsa") {
    auto pair = ecdsa::keypair_from_seed(fixed_arg<32>(request, "seed"));
    if (!pair) return {{"error", ecdsa::to_string(pair.error())}};
    return {{"signature", to_hex(ecdsa::sign(*pair, message))}};
  }
  throw JsonValueError("unknown scheme '" + scheme + "'");
}

Json verify(const Json& request) {
  std::string scheme = string_arg(request, "scheme");
  Bytes message = bytes_arg(request, "message");
  bool valid = false;
  if (scheme == "sr25519") {
    valid = sr25519::verify(fixed_arg<64>(request, "signature"), message,
                            fixed_arg<32>(request, "publicKey"));
  } else if (scheme == "ed25519") {
    valid = ed25519::verify(fixed_arg<64>(request, "signature"), message,
                            fixed_arg<32>(request, "publicKey"));
  } else if (scheme == "ecdsa") {
    valid = ecdsa::verify(fixed_arg<65>(request, "signature"), message,
                          fixed_arg<33>(request, "publicKey"));
  } else {
    throw JsonValueError("unknown scheme '" + scheme + "'");
  }
  return {{"valid", valid}};
}

// ---- sr25519 VRF (the @polkadot/util-crypto sr25519VrfSign / sr25519VrfVerify convention) -------

Json vrf_sign(const Json& request) {
  auto pair = sr25519::keypair_from_mini_secret(fixed_arg<32>(request, "seed"));
  auto out = sr25519::vrf_sign_js(pair, bytes_arg(request, "message"),
                                  optional_bytes_arg(request, "context"),
                                  optional_bytes_arg(request, "extra"));
  return {{"signature", to_hex(out)}};
}

Json vrf_verify(const Json& request) {
  bool valid = sr25519::vrf_verify_js(
      bytes_arg(request, "message"), fixed_arg<96>(request, "signature"),
      fixed_arg<32>(request, "publicKey"), optional_bytes_arg(request, "context"),
      optional_bytes_arg(request, "extra"));
  return {{"valid", valid}};
}

// ---- SS58, BIP-39, hashes
// ------------------------------------------------------------------------

Json ss58_encode(const Json& request) {
  uint16_t prefix = 0;
  from_json_value(arg(request, "prefix"), prefix);
  std::string address = ss58::encode(bytes_arg(request, "payload"), prefix);
  if (address.empty()) return {{"error", "refused"}};
  return {{"address", address}};
}

Json ss58_decode(const Json& request) {
  auto decoded = ss58::decode(string_arg(request, "address"));
  if (!decoded) return {{"error", ss58::to_string(decoded.error())}};
  return {{"payload", to_hex(decoded->payload)}, {"prefix", decoded->prefix}};
}

Json mnemonic_mini_secret(const Json& request) {
  std::string password = request.contains("password") ? string_arg(request, "password") : "";
  auto secret = keys::mini_secret_from_mnemonic(string_arg(request, "phrase"), password);
  if (!secret) return {{"error", keys::to_string(secret.error())}};
  return {{"miniSecret", to_hex(*secret)}};
}

Json hash(const Json& request) {
  std::string algo = string_arg(request, "algo");
  Bytes data = bytes_arg(request, "data");
  if (algo == "blake2_128") return {{"hex", to_hex(hash::blake2b_128(data))}};
  if (algo == "blake2_256") return {{"hex", to_hex(hash::blake2b_256(data))}};
  if (algo == "blake2_512") return {{"hex", to_hex(hash::blake2b_512(data))}};
  if (algo == "twox_64") return {{"hex", to_hex(hash::twox_64(data))}};
  if (algo == "twox_128") return {{"hex", to_hex(hash::twox_128(data))}};
  if (algo == "twox_256") return {{"hex", to_hex(hash::twox_256(data))}};
  if (algo == "keccak_256") return {{"hex", to_hex(hash::keccak_256(data))}};
  if (algo == "keccak_512") return {{"hex", to_hex(hash::keccak_512(data))}};
  if (algo == "sha2_256") return {{"hex", to_hex(hash::sha2_256(data))}};
  if (algo == "sha2_512") return {{"hex", to_hex(hash::sha2_512(data))}};
  if (algo == "blake3_256") return {{"hex", to_hex(hash::blake3_256(data))}};
  throw JsonValueError("unknown hash '" + algo + "'");
}

// ---- benchmark
// -----------------------------------------------------------------------------------

// Verifies a batch of sr25519 signatures `rounds` times and reports the time spent verifying only
// (parsing the JSON is excluded), so the JS side can compare it with @polkadot/wasm-crypto on the
// same batch in the same run.
Json sr25519_bench_verify(const Json& request) {
  struct Item {
    sr25519::Signature signature;
    Bytes message;
    sr25519::PublicKey public_key;
  };
  std::vector<Item> items;
  for (const Json& entry : arg(request, "items")) {
    items.push_back({fixed_arg<64>(entry, "signature"), bytes_arg(entry, "message"),
                     fixed_arg<32>(entry, "publicKey")});
  }
  int rounds = request.contains("rounds") ? request["rounds"].get<int>() : 1;
  size_t valid = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const Item& item : items) {
      if (sr25519::verify(item.signature, item.message, item.public_key)) ++valid;
    }
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  return {{"elapsedNs", std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()},
          {"verifications", items.size() * static_cast<size_t>(rounds)},
          {"valid", valid}};
}

Json dispatch(const Json& request) {
  std::string op = string_arg(request, "op");
  if (op == "ping") return {{"ok", true}, {"scaleTypes", scale_type_names()}};
  if (op == "scale_encode") return scale_encode(request);
  if (op == "scale_decode") return scale_decode(request);
  if (op == "pair_from_seed") return pair_from_seed(request);
  if (op == "sign") return sign(request);
  if (op == "verify") return verify(request);
  if (op == "vrf_sign") return vrf_sign(request);
  if (op == "vrf_verify") return vrf_verify(request);
  if (op == "ss58_encode") return ss58_encode(request);
  if (op == "ss58_decode") return ss58_decode(request);
  if (op == "mnemonic_mini_secret") return mnemonic_mini_secret(request);
  if (op == "hash") return hash(request);
  if (op == "sr25519_bench_verify") return sr25519_bench_verify(request);
  if (Json out; dispatch_key_op(op, request, out)) return out;
  if (Json out; dispatch_trie_op(op, request, out)) return out;
  if (Json out; dispatch_metadata_op(op, request, out)) return out;
  throw JsonValueError("unknown op '" + op + "'");
}

}  // namespace
}  // namespace canary::interop

int main() {
  using canary::interop::Json;
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    Json response;
    try {
      response = canary::interop::dispatch(Json::parse(line));
    } catch (const std::exception& e) {
      response = {{"error", e.what()}};
    }
    // Invalid UTF-8 (e.g. a decoded Text that Canary accepted) must not abort the dump.
    std::cout << response.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n'
              << std::flush;
  }
  return 0;
}
