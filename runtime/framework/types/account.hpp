// Accounts, addresses and signatures as Substrate runtimes declare them (sp-core, sp-runtime), with
// their metadata paths so clients recognise them: AccountId32, MultiAddress<AccountId32, ()>
// (Kusama's address type), MultiSignature and the three signature types, H256.
#pragma once

#include <array>
#include <cstdint>
#include <variant>

#include "primitives/scale/codec.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

// A 32-byte account (an sr25519/ed25519 public key, or the hash of an ecdsa one).
struct AccountId32 {
  ByteArray<32> bytes{};
  auto operator<=>(const AccountId32&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "crypto", "AccountId32"});
    b.typed_field<ByteArray<32>>(std::nullopt, "[u8; 32]");
  }
};

struct H256 {
  ByteArray<32> bytes{};
  auto operator<=>(const H256&) const = default;
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"primitive_types", "H256"});
    b.typed_field<ByteArray<32>>(std::nullopt, "[u8; 32]");
  }
};

// sp-runtime MultiAddress<AccountId32, ()>: the account itself, or forms this runtime does not
// resolve (an index, raw bytes, a 32- or 20-byte address).
struct MultiAddress {
  struct Id {
    static constexpr uint8_t kScaleIndex = 0;
    AccountId32 account;
    CANARY_SCALE_FIELDS(account)
  };
  struct Index {
    static constexpr uint8_t kScaleIndex = 1;
    CANARY_SCALE_FIELDS()  // Compact<()>: no bytes
  };
  struct Raw {
    static constexpr uint8_t kScaleIndex = 2;
    Bytes data;
    CANARY_SCALE_FIELDS(data)
  };
  struct Address32 {
    static constexpr uint8_t kScaleIndex = 3;
    ByteArray<32> data{};
    CANARY_SCALE_FIELDS(data)
  };
  struct Address20 {
    static constexpr uint8_t kScaleIndex = 4;
    ByteArray<20> data{};
    CANARY_SCALE_FIELDS(data)
  };
  std::variant<Id, Index, Raw, Address32, Address20> value;

  static MultiAddress id(const AccountId32& account) { return {Id{account}}; }
  const AccountId32* account() const {
    const Id* id = std::get_if<Id>(&value);
    return id ? &id->account : nullptr;
  }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b);
};

// sp-core's signature types: 64-byte ed25519 and sr25519, 65-byte ecdsa (r ‖ s ‖ v).
struct Ed25519Signature {
  ByteArray<64> bytes{};
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "ed25519", "Signature"});
    b.typed_field<ByteArray<64>>(std::nullopt, "[u8; 64]");
  }
};
struct Sr25519Signature {
  ByteArray<64> bytes{};
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "sr25519", "Signature"});
    b.typed_field<ByteArray<64>>(std::nullopt, "[u8; 64]");
  }
};
struct EcdsaSignature {
  ByteArray<65> bytes{};
  CANARY_SCALE_FIELDS(bytes)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_core", "ecdsa", "Signature"});
    b.typed_field<ByteArray<65>>(std::nullopt, "[u8; 65]");
  }
};

struct MultiSignature {
  struct Ed25519 {
    static constexpr uint8_t kScaleIndex = 0;
    Ed25519Signature signature;
    CANARY_SCALE_FIELDS(signature)
  };
  struct Sr25519 {
    static constexpr uint8_t kScaleIndex = 1;
    Sr25519Signature signature;
    CANARY_SCALE_FIELDS(signature)
  };
  struct Ecdsa {
    static constexpr uint8_t kScaleIndex = 2;
    EcdsaSignature signature;
    CANARY_SCALE_FIELDS(signature)
  };
  std::variant<Ed25519, Sr25519, Ecdsa> value;

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, value);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, value); }
  static void type_info(meta::TypeBuilder& b);

  // Whether it is `signer`'s signature of `message` (sp-runtime MultiSignature::verify: ed25519 and
  // sr25519 keys are the account; an ecdsa signer's account is the BLAKE2b-256 of the recovered
  // compressed key).
  bool verify(ByteSpan message, const AccountId32& signer) const;
  // The same check, deferred to the host's batch when one is open (io::crypto's
  // *_verify_in_batch): for an extrinsic's signature, whose failure invalidates the block. ecdsa
  // recovers the key, which cannot be deferred.
  bool verify_in_batch(ByteSpan message, const AccountId32& signer) const;
};

inline void MultiAddress::type_info(meta::TypeBuilder& b) {
  b.path({"sp_runtime", "multiaddress", "MultiAddress"});
  b.param<AccountId32>("AccountId");
  b.param<std::monostate>("AccountIndex");
  meta::Registry& r = b.registry();
  b.variant(0, "Id", {meta::field_of<AccountId32>(r, std::nullopt, "AccountId")});
  b.variant(1, "Index",
            {meta::field_of<meta::CompactOf<std::monostate>>(r, std::nullopt, "AccountIndex")});
  b.variant(2, "Raw", {meta::field_of<Bytes>(r, std::nullopt, "Vec<u8>")});
  b.variant(3, "Address32", {meta::field_of<ByteArray<32>>(r, std::nullopt, "[u8; 32]")});
  b.variant(4, "Address20", {meta::field_of<ByteArray<20>>(r, std::nullopt, "[u8; 20]")});
}

inline void MultiSignature::type_info(meta::TypeBuilder& b) {
  b.path({"sp_runtime", "MultiSignature"});
  meta::Registry& r = b.registry();
  b.variant(0, "Ed25519",
            {meta::field_of<Ed25519Signature>(r, std::nullopt, "ed25519::Signature")});
  b.variant(1, "Sr25519",
            {meta::field_of<Sr25519Signature>(r, std::nullopt, "sr25519::Signature")});
  b.variant(2, "Ecdsa", {meta::field_of<EcdsaSignature>(r, std::nullopt, "ecdsa::Signature")});
}

}  // namespace canary::rt
