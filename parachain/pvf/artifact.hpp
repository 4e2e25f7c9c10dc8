// A prepared PVF on disk, in the artifact cache (polkadot-sdk `pvf/src/artifacts.rs`): keyed by
// the code hash, the executor parameters' prep_hash and our engine and its version, and checked
// when read, so that a truncated or corrupt file is detected and prepared again.
//
// The payload is the validated, decompressed Wasm, not machine code: the baseline JIT's code is
// not relocatable and compiles in a few milliseconds, so the execute worker compiles it once and
// keeps it while warm. Preparation still does all the checking (decompression within the bomb
// limit, validation, a full compile) under its own time and memory limits, so an artifact is
// known to compile.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "parachain/primitives/blobs.hpp"
#include "parachain/primitives/executor_params.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"

namespace canary::parachain::pvf {

struct ArtifactId {
  ValidationCodeHash code_hash{};
  Hash256 prep_hash{};
  bool operator==(const ArtifactId&) const = default;
  auto operator<=>(const ArtifactId&) const = default;

  static ArtifactId of(const ValidationCode& code, const ExecutorParams& params);
  // `<code hash>-<prep hash>-<engine>-v<engine version>.pvf`: an engine change makes new names,
  // and old files are simply never read again.
  std::string file_name() const;
};

inline constexpr std::array<uint8_t, 8> kArtifactMagic = {'c', 'a', 'n', 'a', 'r', 'y', 'p', 'v'};
inline constexpr uint32_t kArtifactFormatVersion = 1;

enum class ArtifactError : uint8_t {
  kMalformed,     // does not decode (truncated, garbage)
  kWrongMagic,    // not an artifact
  kWrongVersion,  // another format, engine or engine version
  kWrongId,       // another code or other executor parameters
  kBadChecksum,   // the payload was altered
};
const char* to_string(ArtifactError e);

Bytes encode_artifact(const ArtifactId& id, ByteSpan wasm);
// The payload (the wasm) of an artifact that is exactly what `encode_artifact(id, …)` wrote.
Result<Bytes, ArtifactError> decode_artifact(ByteSpan file, const ArtifactId& id);

}  // namespace canary::parachain::pvf
