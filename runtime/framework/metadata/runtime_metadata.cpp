#include "runtime/framework/metadata/runtime_metadata.hpp"

#include "primitives/scale/scale.hpp"

namespace canary::rt::meta {

namespace {

// The pallet layout differs between the versions only by V15's docs.
struct PalletV14 {
  const PalletMetadata* pallet;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, pallet->name);
    scale::encode_to(out, pallet->storage);
    scale::encode_to(out, pallet->calls);
    scale::encode_to(out, pallet->event);
    scale::encode_to(out, pallet->constants);
    scale::encode_to(out, pallet->error);
    scale::encode_to(out, pallet->index);
  }
  void scale_decode(scale::Decoder&) {}
};

struct PalletV15 {
  const PalletMetadata* pallet;
  template <class Sink>
  void scale_encode(Sink& out) const {
    PalletV14{pallet}.scale_encode(out);
    scale::encode_to(out, pallet->docs);
  }
  void scale_decode(scale::Decoder&) {}
};

template <class Pallet>
std::vector<Pallet> pallets_of(const RuntimeMetadata& metadata) {
  std::vector<Pallet> out;
  out.reserve(metadata.pallets.size());
  for (const PalletMetadata& pallet : metadata.pallets) out.push_back(Pallet{&pallet});
  return out;
}

void encode_prefix(scale::Encoder& out, uint8_t version) {
  scale::encode_to(out, kMetadataMagic);
  out.put_byte(version);
}

}  // namespace

Bytes encode_v14(const RuntimeMetadata& metadata) {
  scale::Encoder out;
  encode_prefix(out, 14);
  scale::encode_to(out, metadata.registry.portable());
  scale::encode_to(out, pallets_of<PalletV14>(metadata));
  scale::encode_to(out, scale::Compact<uint32_t>{metadata.extrinsic.extrinsic_type});
  scale::encode_to(out, metadata.extrinsic.version);
  scale::encode_to(out, metadata.extrinsic.signed_extensions);
  scale::encode_to(out, scale::Compact<uint32_t>{metadata.runtime_type});
  return std::move(out).take();
}

Bytes encode_v15(const RuntimeMetadata& metadata) {
  scale::Encoder out;
  encode_prefix(out, 15);
  scale::encode_to(out, metadata.registry.portable());
  scale::encode_to(out, pallets_of<PalletV15>(metadata));
  const ExtrinsicMetadata& extrinsic = metadata.extrinsic;
  scale::encode_to(out, extrinsic.version);
  scale::encode_to(out, scale::Compact<uint32_t>{extrinsic.address_type});
  scale::encode_to(out, scale::Compact<uint32_t>{extrinsic.call_type});
  scale::encode_to(out, scale::Compact<uint32_t>{extrinsic.signature_type});
  scale::encode_to(out, scale::Compact<uint32_t>{extrinsic.extra_type});
  scale::encode_to(out, extrinsic.signed_extensions);
  scale::encode_to(out, scale::Compact<uint32_t>{metadata.runtime_type});
  scale::encode_to(out, metadata.apis);
  scale::encode_to(out, metadata.outer_enums);
  scale::encode_to(out, metadata.custom);
  return std::move(out).take();
}

}  // namespace canary::rt::meta
