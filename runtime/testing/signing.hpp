// Building signed extrinsics in native tests, as a wallet does: the extensions' implicit data is
// read from the test's state (genesis hash, spec version, …), the payload signed with a key pair
// from primitives/keys.
#pragma once

#include <utility>

#include "primitives/keys/key_pair.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/extrinsic/unchecked_extrinsic.hpp"
#include "runtime/framework/types/account.hpp"

namespace canary::rt::testing {

inline AccountId32 account_of(const keys::KeyPair& pair) {
  return AccountId32{pair.account_id()};
}

inline MultiSignature multi_signature(const keys::KeyPair& pair, ByteSpan payload) {
  const Bytes signature = pair.sign(payload);
  MultiSignature out;
  switch (pair.scheme()) {
    case keys::Scheme::kEd25519: {
      MultiSignature::Ed25519 ed;
      std::copy(signature.begin(), signature.end(), ed.signature.bytes.begin());
      out.value = ed;
      break;
    }
    case keys::Scheme::kSr25519: {
      MultiSignature::Sr25519 sr;
      std::copy(signature.begin(), signature.end(), sr.signature.bytes.begin());
      out.value = sr;
      break;
    }
    case keys::Scheme::kEcdsa: {
      MultiSignature::Ecdsa ec;
      std::copy(signature.begin(), signature.end(), ec.signature.bytes.begin());
      out.value = ec;
      break;
    }
  }
  return out;
}

// A signed extrinsic of `call` with `extra`, encoded with its length prefix. Must run inside the
// test externalities (the implicit data comes from the state).
template <class Executive>
Bytes sign_extrinsic(const keys::KeyPair& pair, typename Executive::Call call,
                     typename Executive::Extra extra) {
  auto implicit = Executive::Ext::implicit(extra);
  const Bytes payload = implicit ? signing_payload(call, extra, *implicit) : Bytes{};
  typename Executive::Extrinsic xt;
  xt.signature = typename Executive::Extrinsic::SignaturePart{
      MultiAddress::id(account_of(pair)), multi_signature(pair, payload), std::move(extra)};
  xt.function = std::move(call);
  return scale::encode(xt);
}

}  // namespace canary::rt::testing
