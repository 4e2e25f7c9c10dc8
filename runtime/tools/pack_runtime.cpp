// canary_runtime_pack: turns the linked runtime (wasm32) into the blob that goes on chain, as
// Substrate's wasm-builder does for Rust runtimes:
//  1. asks the runtime for its version (Core_version, on the interpreter) and appends the
//     `runtime_version` and `runtime_apis` custom sections, so nodes read the version without
//     running the code;
//  2. checks that the code uses nothing beyond MVP + mutable globals: the executors of other
//     implementations (smoldot, and chopsticks built on it) refuse even sign-extension
//     instructions, which libc++'s prebuilt objects may bring in;
//  3. compresses it with zstd behind the 8-byte prefix (sp-maybe-compressed-blob).
// With --metadata-hash, before all that: computes the RFC-0078 metadata digest of the runtime's
// metadata V15 (Metadata_metadata_at_version(15) run on the interpreter, so the bytes are the
// blob's own) and writes it into the runtime's metadata-hash slot (runtime/canary/runtime.cpp):
// what frame-metadata-hash-extension gets from substrate-wasm-builder's RUNTIME_METADATA_HASH, set
// by a first build of the same runtime. Only the slot's bytes change, and the metadata read again
// from the patched code must be the same.
// Usage: canary_runtime_pack IN.wasm OUT.wasm OUT.compact.compressed.wasm
//          [--metadata-hash BASE58_PREFIX DECIMALS TOKEN_SYMBOL]
#include <wabt/binary-reader.h>
#include <wabt/error.h>
#include <wabt/interp/binary-reader-interp.h>
#include <zstd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "executor/host/host_api.hpp"
#include "executor/host/host_context.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor/prepare/wabt_features.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/runtime_version_call.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/metadata/merkleized_metadata.hpp"
#include "state/overlay/overlayed_changes.hpp"
#include "state/overlay/trie_backend.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_hasher.hpp"

namespace {

using canary::Bytes;
using canary::ByteSpan;

int fail(const std::string& message) {
  std::fprintf(stderr, "canary_runtime_pack: %s\n", message.c_str());
  return 1;
}

bool read_file(const char* path, Bytes& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

bool write_file(const std::string& path, ByteSpan bytes) {
  // Write to a temporary name and rename: a build interrupted halfway leaves no truncated blob.
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) return false;
  }
  return std::rename(temp.c_str(), path.c_str()) == 0;
}

void append_leb128(Bytes& out, uint32_t value) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
}

void append_custom_section(Bytes& wasm, std::string_view name, ByteSpan payload) {
  Bytes body;
  append_leb128(body, static_cast<uint32_t>(name.size()));
  body.insert(body.end(), name.begin(), name.end());
  body.insert(body.end(), payload.begin(), payload.end());
  wasm.push_back(0);  // custom section id
  append_leb128(wasm, static_cast<uint32_t>(body.size()));
  wasm.insert(wasm.end(), body.begin(), body.end());
}

// The first error of reading `wasm` with the executor's features less sign extension, if any.
std::string first_non_mvp_error(ByteSpan wasm) {
  wabt::Features features = canary::executor::prepare::accepted_wabt_features();
  features.disable_sign_extension();
  const wabt::ReadBinaryOptions options(features, nullptr, /*read_debug_names=*/false,
                                        /*stop_on_first_error=*/true,
                                        /*fail_on_custom_section_error=*/false);
  wabt::Errors errors;
  wabt::interp::ModuleDesc desc;
  if (wabt::Succeeded(wabt::interp::ReadBinaryInterp("runtime", wasm.data(), wasm.size(), options,
                                                     &errors, &desc))) {
    return {};
  }
  return errors.empty() ? std::string("invalid module") : errors.front().message;
}

namespace merkleized = canary::rt::meta::merkleized;

// runtime/canary/runtime.cpp's MetadataHashSlot: the marker, the present flag, the hash.
constexpr std::string_view kSlotMarker = "canary-md-hash!!";
constexpr size_t kSlotSize = kSlotMarker.size() + 1 + 32;

// The metadata V15 the runtime returns (the contents of its Option<OpaqueMetadata>), run on the
// interpreter over an empty state as Core_version is.
std::optional<Bytes> metadata_v15(ByteSpan wasm, std::string& error) {
  namespace executor = canary::executor;
  auto module = executor::InterpreterEngine().compile(wasm);
  if (!module) {
    error = module.error().describe();
    return std::nullopt;
  }
  const executor::HostFunctionTable host = executor::host::host_api();
  auto instance = (*module)->instantiate(host, executor::InstanceConfig{});
  if (!instance) {
    error = instance.error().describe();
    return std::nullopt;
  }
  canary::state::MemoryNodeStore store;
  canary::state::TrieBackend backend(
      canary::state::empty_trie_root(canary::state::TrieHasher::kBlake2b256), store);
  canary::state::OverlayedChanges overlay(backend);
  executor::host::HostContext context;
  context.storage = &overlay;
  executor::CallOptions options;
  options.host_context = &context;
  const Bytes version = canary::scale::encode(uint32_t{15});
  auto output = (*instance)->call("Metadata_metadata_at_version", version, options);
  context.exit_runtime();
  if (!output) {
    error = output.error().describe();
    return std::nullopt;
  }
  auto decoded = canary::scale::decode<std::optional<Bytes>>(*output);
  std::optional<Bytes> metadata = decoded ? std::move(*decoded) : std::nullopt;
  if (!metadata.has_value()) error = "Metadata_metadata_at_version(15) returned no metadata";
  return metadata;
}

// Computes the digest and patches the slot of `wasm`; an error message, or empty.
std::string patch_metadata_hash(Bytes& wasm, const canary::runtime::RuntimeVersion& version,
                                char** args) {
  merkleized::ExtraInfo extra;
  extra.spec_version = version.spec_version;
  extra.spec_name = version.spec_name;
  char* end = nullptr;
  const unsigned long prefix = std::strtoul(args[0], &end, 10);
  if (*end != 0 || prefix > 0x3fff) return std::string("bad base58 prefix ") + args[0];
  const unsigned long decimals = std::strtoul(args[1], &end, 10);
  if (*end != 0 || decimals > 255) return std::string("bad decimals ") + args[1];
  extra.base58_prefix = static_cast<uint16_t>(prefix);
  extra.decimals = static_cast<uint8_t>(decimals);
  extra.token_symbol = args[2];

  std::string error;
  const auto metadata = metadata_v15(wasm, error);
  if (!metadata) return "Metadata_metadata_at_version failed: " + error;
  auto decoded = merkleized::decode_metadata_v15(*metadata);
  if (!decoded) return std::string("metadata V15: ") + std::string(to_string(decoded.error()));
  // Wallets take the prefix from System.SS58Prefix (polkadot-api's merkleizeMetadata refuses a
  // different one): the digest must agree with the runtime's own.
  const Bytes expected_prefix = canary::scale::encode(extra.base58_prefix);
  bool prefix_matches = false;
  for (const auto& pallet : decoded->pallets) {
    if (pallet.name != "System") continue;
    for (const auto& constant : pallet.constants) {
      if (constant.name == "SS58Prefix") prefix_matches = constant.value == expected_prefix;
    }
  }
  if (!prefix_matches) return "the base58 prefix differs from the runtime's System.SS58Prefix";
  auto info = merkleized::type_information(decoded->types, decoded->extrinsic);
  if (!info) return std::string("metadata V15: ") + std::string(to_string(info.error()));
  const canary::Hash256 hash =
      merkleized::metadata_hash(merkleized::metadata_digest(*info, std::move(extra)));

  // The slot is a constant in the data segment: exactly one marker, followed by present = 0.
  const auto marker_at = [&](size_t from) {
    return std::search(wasm.begin() + static_cast<std::ptrdiff_t>(from), wasm.end(),
                       kSlotMarker.begin(), kSlotMarker.end());
  };
  const auto found = marker_at(0);
  if (found == wasm.end()) return "no metadata-hash slot in the runtime";
  const size_t at = static_cast<size_t>(found - wasm.begin());
  if (marker_at(at + 1) != wasm.end()) return "the metadata-hash slot's marker occurs twice";
  if (at + kSlotSize > wasm.size() || wasm[at + kSlotMarker.size()] != 0) {
    return "the metadata-hash slot is truncated or already set";
  }
  wasm[at + kSlotMarker.size()] = 1;
  std::copy(hash.begin(), hash.end(),
            wasm.begin() + static_cast<std::ptrdiff_t>(at + kSlotMarker.size() + 1));

  const auto again = metadata_v15(wasm, error);
  if (!again || *again != *metadata) return "the patched runtime returns other metadata";
  std::printf("metadata hash %s\n", canary::to_hex(hash).c_str());
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  const bool with_hash = argc == 8 && std::string_view(argv[4]) == "--metadata-hash";
  if (argc != 4 && !with_hash) {
    return fail(
        "usage: canary_runtime_pack IN.wasm OUT.wasm OUT.compact.compressed.wasm "
        "[--metadata-hash BASE58_PREFIX DECIMALS TOKEN_SYMBOL]");
  }
  Bytes wasm;
  if (!read_file(argv[1], wasm)) return fail(std::string("cannot read ") + argv[1]);

  auto encoded = canary::executor::call_core_version(wasm);
  if (!encoded) return fail("Core_version failed: " + encoded.error().message);
  auto version = canary::runtime::decode_runtime_version(*encoded);
  if (!version) return fail("Core_version returned an undecodable version");

  if (with_hash) {
    if (const std::string error = patch_metadata_hash(wasm, *version, argv + 5); !error.empty()) {
      return fail(error);
    }
  }

  // The version section carries no APIs; they are in their own section as 12-byte entries.
  canary::runtime::RuntimeVersion without_apis = *version;
  without_apis.apis.clear();
  Bytes apis;
  for (const auto& [id, api_version] : version->apis) {
    apis.insert(apis.end(), id.begin(), id.end());
    for (int i = 0; i < 4; ++i) apis.push_back(static_cast<uint8_t>(api_version >> (8 * i)));
  }
  append_custom_section(wasm, "runtime_version", canary::runtime::encode(without_apis));
  append_custom_section(wasm, "runtime_apis", apis);

  // Check that the sections read back as the version the code reports.
  auto embedded = canary::executor::read_embedded_version(wasm);
  if (!embedded || !embedded->has_value() || **embedded != *version) {
    return fail("the embedded version does not read back as Core_version's");
  }

  if (const std::string error = first_non_mvp_error(wasm); !error.empty()) {
    return fail("the runtime uses more than MVP + mutable globals (" + error +
                "); find the function with wasm-objdump -d on an unstripped link");
  }

  Bytes compressed(canary::executor::kZstdCodePrefix.begin(),
                   canary::executor::kZstdCodePrefix.end());
  const size_t bound = ZSTD_compressBound(wasm.size());
  compressed.resize(compressed.size() + bound);
  const size_t written = ZSTD_compress(compressed.data() + canary::executor::kZstdCodePrefix.size(),
                                       bound, wasm.data(), wasm.size(), 19);
  if (ZSTD_isError(written)) return fail(std::string("zstd: ") + ZSTD_getErrorName(written));
  compressed.resize(canary::executor::kZstdCodePrefix.size() + written);

  if (!write_file(argv[2], wasm)) return fail(std::string("cannot write ") + argv[2]);
  if (!write_file(argv[3], compressed)) return fail(std::string("cannot write ") + argv[3]);
  std::printf("%s %u: %zu bytes, %zu compressed\n", version->spec_name.c_str(),
              version->spec_version, wasm.size(), compressed.size());
  return 0;
}
