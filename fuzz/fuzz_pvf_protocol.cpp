// The PVF host's decoders on outside bytes: a worker that runs a PVF is untrusted, so everything
// it says (frames, responses, the artifacts it writes) is hostile input to the node; params and
// results come from collators and PVFs. Each decoder must refuse or decode without crashing, and
// what decodes must encode back to the same bytes (SCALE is canonical for these types).
//
// Input: a mode byte, then the bytes for that decoder.
//   0 ValidationParams, 1 ValidationResult, 2 ExecutorParams (+ prep_hash, check_consistency),
//   3 worker request, 4 worker response, 5 artifact (against the id of its own header, and a
//   fresh one), 6 the frame reader fed the rest in pieces of arbitrary sizes.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_support.hpp"
#include "parachain/primitives/executor_params.hpp"
#include "parachain/primitives/validation_params.hpp"
#include "parachain/primitives/validation_result.hpp"
#include "parachain/pvf/artifact.hpp"
#include "parachain/pvf/worker_protocol.hpp"

namespace {

using namespace canary;
using namespace canary::parachain;
using canary::fuzz::check;

template <class T>
void round_trip(ByteSpan data) {
  auto decoded = scale::decode<T>(data);
  if (decoded) check(scale::encode(*decoded) == Bytes(data.begin(), data.end()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 7;
  const ByteSpan rest(data + 1, size - 1);
  switch (mode) {
    case 0:
      round_trip<ValidationParams>(rest);
      break;
    case 1:
      round_trip<ValidationResult>(rest);
      break;
    case 2: {
      auto params = scale::decode<ExecutorParams>(rest);
      if (params) {
        check(scale::encode(*params) == Bytes(rest.begin(), rest.end()));
        (void)params->prep_hash();
        (void)params->check_consistency();
      }
      break;
    }
    case 3: {
      auto request = pvf::decode_request(rest);
      if (request) check(scale::encode(*request) == Bytes(rest.begin(), rest.end()));
      break;
    }
    case 4: {
      auto response = pvf::decode_response(rest);
      if (response) check(scale::encode(*response) == Bytes(rest.begin(), rest.end()));
      break;
    }
    case 5: {
      const pvf::ArtifactId id{};
      auto payload = pvf::decode_artifact(rest, id);
      if (payload) check(pvf::encode_artifact(id, *payload) == Bytes(rest.begin(), rest.end()));
      // What we write always reads back.
      const Bytes written = pvf::encode_artifact(id, rest);
      auto back = pvf::decode_artifact(written, id);
      check(back.has_value() && *back == Bytes(rest.begin(), rest.end()));
      break;
    }
    default: {
      pvf::FrameReader reader;
      size_t pos = 0;
      size_t total = 0;
      while (pos < rest.size()) {
        const size_t step = 1 + rest[pos] % 17;
        const size_t n = std::min(step, rest.size() - pos);
        reader.feed(rest.subspan(pos, n));
        pos += n;
        while (auto frame = reader.next()) {
          check(frame->size() <= pvf::kMaxFrameSize);
          total += 4 + frame->size();
        }
      }
      check(total <= rest.size());
      break;
    }
  }
  return 0;
}
