// The Canary runtime's transaction validation (TaggedTransactionQueue_validate_transaction: what a
// node runs on every transaction from the network or RPC) on the development chain's genesis state,
// natively. Whatever the bytes, validation ends in a validity or an invalidity, never in a panic
// or a crash.
//
// The first byte chooses how the rest is used:
//   even: the rest is the encoded extrinsic, as a peer sends it;
//   odd:  the rest is a call followed by its signed extensions' data, signed by //Alice, so that
//         inputs get past the signature check to the call's weight, fee and validity.
#include <cstddef>
#include <cstdint>
#include <map>

#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/canary/genesis.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/testing/signing.hpp"
#include "runtime/testing/test_externalities.hpp"

namespace {

using namespace canary;
using rt::canary_runtime::Executive;
namespace canary_runtime = rt::canary_runtime;
namespace testing = rt::testing;

const std::map<Bytes, Bytes>& development_genesis() {
  static const std::map<Bytes, Bytes> kState = [] {
    testing::TestExternalities builder;
    auto built = builder.execute_with([] {
      return canary_runtime::build_genesis_state(
          canary_runtime::preset(canary_runtime::kDevelopmentPreset).value());
    });
    if (!built) __builtin_trap();
    return builder.top_writes();
  }();
  return kState;
}

const keys::KeyPair& alice() {
  static const keys::KeyPair kAlice =
      keys::KeyPair::from_suri(keys::Scheme::kSr25519, "//Alice").value();
  return kAlice;
}

// A call and its extensions' data from `input`, signed by Alice; nothing if they do not decode.
std::optional<Bytes> signed_by_alice(ByteSpan input) {
  scale::Decoder decoder(input);
  auto call = scale::decode_next<Executive::Call>(decoder);
  auto extra = scale::decode_next<Executive::Extra>(decoder);
  if (!decoder.ok()) return std::nullopt;
  return testing::sign_extrinsic<Executive>(alice(), std::move(call), std::move(extra));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  testing::TestExternalities state(development_genesis());
  const ByteSpan rest(bytes + 1, size - 1);
  state.execute_with([&] {
    Bytes extrinsic(rest.begin(), rest.end());
    if ((bytes[0] & 1) != 0) {
      auto signed_extrinsic = signed_by_alice(rest);
      if (!signed_extrinsic) return;
      extrinsic = std::move(*signed_extrinsic);
    }
    (void)Executive::validate_transaction(runtime::TransactionSource::kExternal, extrinsic,
                                          rt::H256{});
  });
  return 0;
}
