#include "parachain/pvf/artifact.hpp"

#include <string>

#include "parachain/pvf/pvf_executor.hpp"
#include "parachain/pvf/worker_protocol.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/hex.hpp"

namespace canary::parachain::pvf {

namespace {

struct ArtifactFile {
  std::array<uint8_t, 8> magic{};
  uint32_t format_version = 0;
  std::string engine;
  uint32_t engine_version = 0;
  Hash256 code_hash{};
  Hash256 prep_hash{};
  Hash256 checksum{};  // blake2_256 of the payload
  Bytes payload;
  CANARY_SCALE_FIELDS(magic, format_version, engine, engine_version, code_hash, prep_hash, checksum,
                      payload)
};

}  // namespace

ArtifactId ArtifactId::of(const ValidationCode& code, const ExecutorParams& params) {
  return ArtifactId{validation_code_hash(code), params.prep_hash()};
}

std::string ArtifactId::file_name() const {
  return to_hex(code_hash, false) + "-" + to_hex(prep_hash, false) + "-" +
         std::string(pvf_engine_name()) + "-v" + std::to_string(kPvfEngineVersion) + ".pvf";
}

const char* to_string(ArtifactError e) {
  switch (e) {
    case ArtifactError::kMalformed:
      return "malformed artifact";
    case ArtifactError::kWrongMagic:
      return "not an artifact";
    case ArtifactError::kWrongVersion:
      return "artifact of another format or engine";
    case ArtifactError::kWrongId:
      return "artifact of another code or executor parameters";
    case ArtifactError::kBadChecksum:
      return "artifact checksum mismatch";
  }
  return "unknown artifact error";
}

Bytes encode_artifact(const ArtifactId& id, ByteSpan wasm) {
  ArtifactFile file;
  file.magic = kArtifactMagic;
  file.format_version = kArtifactFormatVersion;
  file.engine = std::string(pvf_engine_name());
  file.engine_version = kPvfEngineVersion;
  file.code_hash = id.code_hash;
  file.prep_hash = id.prep_hash;
  file.checksum = hash::blake2b_256(wasm);
  file.payload.assign(wasm.begin(), wasm.end());
  return scale::encode(file);
}

Result<Bytes, ArtifactError> decode_artifact(ByteSpan bytes, const ArtifactId& id) {
  // An artifact holds the code a request carried (at most a frame) decompressed, which is either
  // within the bomb limit or as large as the raw code: at most a frame, plus a small header.
  auto file = scale::decode<ArtifactFile>(bytes, kMaxFrameSize);
  if (!file) return unexpected(ArtifactError::kMalformed);
  if (file->magic != kArtifactMagic) return unexpected(ArtifactError::kWrongMagic);
  if (file->format_version != kArtifactFormatVersion || file->engine != pvf_engine_name() ||
      file->engine_version != kPvfEngineVersion) {
    return unexpected(ArtifactError::kWrongVersion);
  }
  if (file->code_hash != id.code_hash || file->prep_hash != id.prep_hash) {
    return unexpected(ArtifactError::kWrongId);
  }
  if (hash::blake2b_256(file->payload) != file->checksum) {
    return unexpected(ArtifactError::kBadChecksum);
  }
  return std::move(file->payload);
}

}  // namespace canary::parachain::pvf
