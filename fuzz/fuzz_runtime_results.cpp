// Decodes arbitrary bytes as each runtime-API result the node interprets (what a runtime blob,
// i.e. anyone who can upgrade or submit a runtime, hands back): blocks, headers, apply and
// validity results, dispatch errors, inherent data, runtime versions. Decoding must never crash,
// and whatever decodes must re-encode to the same bytes; maps (inherent data) decode from any key
// order, as Rust's BTreeMap does, so for them the re-encoding must decode to the same value.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "primitives/block/block.hpp"
#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"

namespace {

using namespace canary;

template <class T>
void round_trip(ByteSpan data) {
  auto value = scale::decode<T>(data);
  if (!value) return;
  const Bytes again = scale::encode(*value);
  if (again.size() != data.size() || !std::equal(again.begin(), again.end(), data.begin())) {
    __builtin_trap();
  }
}

template <class T>
void stable(ByteSpan data) {
  auto value = scale::decode<T>(data);
  if (!value) return;
  auto again = scale::decode<T>(scale::encode(*value));
  if (!again || !(*again == *value)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const ByteSpan data(bytes, size);
  round_trip<block::Block>(data);
  round_trip<block::Header>(data);
  round_trip<runtime::ApplyExtrinsicResult>(data);
  round_trip<runtime::TransactionValidity>(data);
  round_trip<runtime::DispatchError>(data);
  stable<runtime::InherentData>(data);
  stable<runtime::CheckInherentsResult>(data);
  // Versions have several layouts (by Core version): only decoding is checked.
  (void)runtime::decode_runtime_version(data);
  return 0;
}
