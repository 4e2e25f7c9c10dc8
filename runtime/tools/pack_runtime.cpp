// canary_runtime_pack: turns the linked runtime (wasm32) into the blob that goes on chain, as
// Substrate's wasm-builder does for Rust runtimes:
//  1. asks the runtime for its version (Core_version, on the interpreter) and appends the
//     `runtime_version` and `runtime_apis` custom sections, so nodes read the version without
//     running the code;
//  2. checks that the code uses nothing beyond MVP + mutable globals: the executors of other
//     implementations (smoldot, and chopsticks built on it) refuse even sign-extension
//     instructions, which libc++'s prebuilt objects may bring in;
//  3. compresses it with zstd behind the 8-byte prefix (sp-maybe-compressed-blob).
// Usage: canary_runtime_pack IN.wasm OUT.wasm OUT.compact.compressed.wasm
#include <wabt/binary-reader.h>
#include <wabt/error.h>
#include <wabt/interp/binary-reader-interp.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "executor/prepare/wabt_features.hpp"
#include "executor/runtime_blob.hpp"
#include "executor/runtime_version_call.hpp"
#include "primitives/runtime/runtime_version.hpp"

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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4)
    return fail("usage: canary_runtime_pack IN.wasm OUT.wasm OUT.compact.compressed.wasm");
  Bytes wasm;
  if (!read_file(argv[1], wasm)) return fail(std::string("cannot read ") + argv[1]);

  auto encoded = canary::executor::call_core_version(wasm);
  if (!encoded) return fail("Core_version failed: " + encoded.error().message);
  auto version = canary::runtime::decode_runtime_version(*encoded);
  if (!version) return fail("Core_version returned an undecodable version");

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
