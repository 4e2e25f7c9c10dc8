#include "runtime/framework/metadata/merkleized_metadata.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <type_traits>
#include <utility>

#include "primitives/hash/blake3.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::rt::meta::merkleized {

std::string_view to_string(MerkleizeError error) {
  switch (error) {
    case MerkleizeError::kUndecodableMetadata:
      return "not SCALE-encoded metadata V15";
    case MerkleizeError::kBadRegistry:
      return "a type id is out of the registry, or the registry's ids are not in order";
    case MerkleizeError::kBadCompact:
      return "a Compact of something other than one unsigned integer";
    case MerkleizeError::kBadBitSequence:
      return "a bit sequence with a store other than u8..u64 or an order other than Lsb0/Msb0";
  }
  return "unknown";
}

namespace {

// ---- Decoding metadata V15 (frame-metadata v15), as far as the digest and its checks need; the
// rest is read to check the layout and dropped.

// meta::PalletMetadata in V15's layout (runtime_metadata.hpp writes pallets per version, so that
// struct has no decoder); its parts are runtime_metadata.hpp's.
struct PalletV15 {
  std::string name;
  std::optional<PalletStorageMetadata> storage;
  std::optional<meta::TypeRef> calls;
  std::optional<meta::TypeRef> event;
  std::vector<PalletConstantMetadata> constants;
  std::optional<meta::TypeRef> error;
  uint8_t index = 0;
  Docs docs;
  CANARY_SCALE_FIELDS(name, storage, calls, event, constants, error, index, docs)
};

// Anything in `value`: read and dropped.
template <class T>
bool skip(scale::Decoder& in) {
  T value{};
  scale::decode_from(in, value);
  return in.ok();
}

// ---- Flattening (merkleized-metadata's from_frame_metadata.rs, polkadot-api's get-lookup.ts).

class Flattener {
 public:
  explicit Flattener(const std::vector<TypeDescription>& types) : types_(types) {}

  // Marks `root` and every type it reaches. Primitives, Compact and bit sequences are leaves of
  // the walk: they become TypeRefs, and what a Compact wraps is not needed to decode it.
  Result<void, MerkleizeError> collect(TypeId root) {
    std::vector<TypeId> work = {root};
    while (!work.empty()) {
      const TypeId id = work.back();
      work.pop_back();
      if (id >= types_.size()) return unexpected(MerkleizeError::kBadRegistry);
      if (!reached_.insert(id).second) continue;
      std::visit(
          [&](const auto& def) {
            using D = std::decay_t<decltype(def)>;
            if constexpr (std::is_same_v<D, CompositeDef>) {
              for (const meta::Field& f : def.fields) work.push_back(f.type);
            } else if constexpr (std::is_same_v<D, VariantDef>) {
              for (const Variant& v : def.variants) {
                for (const meta::Field& f : v.fields) work.push_back(f.type);
              }
            } else if constexpr (std::is_same_v<D, SequenceDef> || std::is_same_v<D, ArrayDef>) {
              work.push_back(def.type);
            } else if constexpr (std::is_same_v<D, TupleDef>) {
              for (const auto& t : def.fields) work.push_back(t.value);
            }
          },
          types_[id].def);
    }
    return {};
  }

  // The reached types that become leaves, numbered in the order of their frame ids.
  void number() {
    uint32_t next = 0;
    for (TypeId id : reached_) {
      if (is_leaf_type(types_[id].def)) ids_.emplace(id, next++);
    }
  }

  Result<TypeRef, MerkleizeError> type_ref(TypeId id) const {
    if (id >= types_.size()) return unexpected(MerkleizeError::kBadRegistry);
    const meta::TypeDef& def = types_[id].def;
    if (const auto* p = std::get_if<PrimitiveDef>(&def)) {
      return TypeRef{static_cast<TypeRef::Kind>(p->primitive), 0};
    }
    if (const auto* c = std::get_if<CompactDef>(&def)) {
      auto inner = unsigned_primitive(c->type, 0);
      if (!inner) return unexpected(MerkleizeError::kBadCompact);
      const std::optional<Primitive> primitive = *inner;
      if (!primitive.has_value()) return TypeRef{TypeRef::kVoid, 0};
      switch (*primitive) {
        case Primitive::kU8:
          return TypeRef{TypeRef::kCompactU8, 0};
        case Primitive::kU16:
          return TypeRef{TypeRef::kCompactU16, 0};
        case Primitive::kU32:
          return TypeRef{TypeRef::kCompactU32, 0};
        case Primitive::kU64:
          return TypeRef{TypeRef::kCompactU64, 0};
        case Primitive::kU128:
          return TypeRef{TypeRef::kCompactU128, 0};
        case Primitive::kU256:
          return TypeRef{TypeRef::kCompactU256, 0};
        default:
          return unexpected(MerkleizeError::kBadCompact);
      }
    }
    if (!is_leaf_type(def)) return TypeRef{TypeRef::kVoid, 0};
    const auto it = ids_.find(id);
    if (it == ids_.end()) return unexpected(MerkleizeError::kBadRegistry);
    return TypeRef{TypeRef::kById, it->second};
  }

  // The leaves of every numbered type, in tree order (id, then variant index).
  Result<std::vector<Type>, MerkleizeError> leaves() const {
    std::vector<Type> out;
    for (const auto& [frame_id, id] : ids_) {
      const TypeDescription& description = types_[frame_id];
      auto pushed = push_leaves(description, id, out);
      if (!pushed) return unexpected(pushed.error());
    }
    return out;
  }

 private:
  // Empty composites, tuples and enums encode to nothing: `Void`, no leaf.
  static bool is_leaf_type(const meta::TypeDef& def) {
    if (std::holds_alternative<PrimitiveDef>(def) || std::holds_alternative<CompactDef>(def)) {
      return false;
    }
    if (const auto* c = std::get_if<CompositeDef>(&def)) return !c->fields.empty();
    if (const auto* v = std::get_if<VariantDef>(&def)) return !v->variants.empty();
    if (const auto* t = std::get_if<TupleDef>(&def)) return !t->fields.empty();
    return true;
  }

  // The primitive under single-field wrappers (what Compact<T> and a bit store may name), nothing
  // for an empty one; an error for anything else.
  Result<std::optional<Primitive>, MerkleizeError> unsigned_primitive(TypeId id, int depth) const {
    if (id >= types_.size() || depth > 32) return unexpected(MerkleizeError::kBadCompact);
    const meta::TypeDef& def = types_[id].def;
    if (const auto* p = std::get_if<PrimitiveDef>(&def)) return std::optional(p->primitive);
    if (const auto* c = std::get_if<CompositeDef>(&def)) {
      if (c->fields.empty()) return std::optional<Primitive>{};
      if (c->fields.size() == 1) return unsigned_primitive(c->fields[0].type, depth + 1);
    }
    if (const auto* t = std::get_if<TupleDef>(&def)) {
      if (t->fields.empty()) return std::optional<Primitive>{};
      if (t->fields.size() == 1) return unsigned_primitive(t->fields[0].value, depth + 1);
    }
    return unexpected(MerkleizeError::kBadCompact);
  }

  Result<std::vector<merkleized::Field>, MerkleizeError> fields(
      const std::vector<meta::Field>& in) const {
    std::vector<merkleized::Field> out;
    out.reserve(in.size());
    for (const meta::Field& f : in) {
      auto ref = type_ref(f.type);
      if (!ref) return unexpected(ref.error());
      out.push_back({f.name, *ref, f.type_name});
    }
    return out;
  }

  Result<void, MerkleizeError> push_leaves(const TypeDescription& description, uint32_t id,
                                           std::vector<Type>& out) const {
    const auto leaf = [&](merkleized::TypeDef def) {
      out.push_back({description.path, std::move(def), id});
    };
    const meta::TypeDef& def = description.def;
    if (const auto* c = std::get_if<CompositeDef>(&def)) {
      auto f = fields(c->fields);
      if (!f) return unexpected(f.error());
      leaf(Composite{std::move(*f)});
    } else if (const auto* v = std::get_if<VariantDef>(&def)) {
      std::vector<const Variant*> variants;
      variants.reserve(v->variants.size());
      for (const Variant& variant : v->variants) variants.push_back(&variant);
      // By index; equal indices (invalid metadata) keep their order (the pointers').
      std::sort(variants.begin(), variants.end(), [](const Variant* a, const Variant* b) {
        return a->index != b->index ? a->index < b->index : a < b;
      });
      for (const Variant* variant : variants) {
        auto f = fields(variant->fields);
        if (!f) return unexpected(f.error());
        leaf(Enumeration{variant->name, std::move(*f), variant->index});
      }
    } else if (const auto* s = std::get_if<SequenceDef>(&def)) {
      auto ref = type_ref(s->type);
      if (!ref) return unexpected(ref.error());
      leaf(Sequence{*ref});
    } else if (const auto* a = std::get_if<ArrayDef>(&def)) {
      auto ref = type_ref(a->type);
      if (!ref) return unexpected(ref.error());
      leaf(Array{a->length, *ref});
    } else if (const auto* t = std::get_if<TupleDef>(&def)) {
      Tuple tuple;
      for (const auto& element : t->fields) {
        auto ref = type_ref(element.value);
        if (!ref) return unexpected(ref.error());
        tuple.types.push_back(*ref);
      }
      leaf(std::move(tuple));
    } else if (const auto* b = std::get_if<BitSequenceDef>(&def)) {
      auto bits = bit_sequence(*b);
      if (!bits) return unexpected(bits.error());
      leaf(*bits);
    }
    return {};
  }

  Result<BitSequence, MerkleizeError> bit_sequence(const BitSequenceDef& def) const {
    auto store = unsigned_primitive(def.store, 0);
    if (!store || def.order >= types_.size()) return unexpected(MerkleizeError::kBadBitSequence);
    const std::optional<Primitive> primitive = *store;
    if (!primitive.has_value()) return unexpected(MerkleizeError::kBadBitSequence);
    BitSequence out;
    switch (*primitive) {
      case Primitive::kU8:
        out.num_bytes = 1;
        break;
      case Primitive::kU16:
        out.num_bytes = 2;
        break;
      case Primitive::kU32:
        out.num_bytes = 4;
        break;
      case Primitive::kU64:
        out.num_bytes = 8;
        break;
      default:
        return unexpected(MerkleizeError::kBadBitSequence);
    }
    // bitvec's order types, recognised by path as both reference implementations do.
    const auto& path = types_[def.order].path;
    if (std::find(path.begin(), path.end(), "Lsb0") != path.end()) {
      out.least_significant_bit_first = true;
    } else if (std::find(path.begin(), path.end(), "Msb0") != path.end()) {
      out.least_significant_bit_first = false;
    } else {
      return unexpected(MerkleizeError::kBadBitSequence);
    }
    return out;
  }

  const std::vector<TypeDescription>& types_;
  std::set<TypeId> reached_;
  std::map<TypeId, uint32_t> ids_;
};

// ---- Encoding (RFC-0078's types, SCALE).

void put(scale::Encoder& out, const TypeRef& ref) {
  out.put_byte(ref.kind);
  if (ref.kind == TypeRef::kById) scale::encode_compact(out, ref.id);
}

void put(scale::Encoder& out, const std::vector<merkleized::Field>& fields) {
  scale::encode_compact(out, fields.size());
  for (const merkleized::Field& f : fields) {
    scale::encode_to(out, f.name);
    put(out, f.type);
    scale::encode_to(out, f.type_name);
  }
}

void put(scale::Encoder& out, const merkleized::TypeDef& def) {
  out.put_byte(static_cast<uint8_t>(def.index()));
  std::visit(
      [&](const auto& d) {
        using D = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<D, Composite>) {
          put(out, d.fields);
        } else if constexpr (std::is_same_v<D, Enumeration>) {
          scale::encode_to(out, d.name);
          put(out, d.fields);
          scale::encode_compact(out, d.index);
        } else if constexpr (std::is_same_v<D, Sequence>) {
          put(out, d.type);
        } else if constexpr (std::is_same_v<D, Array>) {
          scale::encode_to(out, d.length);
          put(out, d.type);
        } else if constexpr (std::is_same_v<D, Tuple>) {
          scale::encode_compact(out, d.types.size());
          for (const TypeRef& t : d.types) put(out, t);
        } else {
          out.put_byte(d.num_bytes);
          out.put_byte(d.least_significant_bit_first ? 1 : 0);
        }
      },
      def);
}

Hash256 blake3_pair(const Hash256& left, const Hash256& right) {
  ByteArray<64> both;
  std::copy(left.begin(), left.end(), both.begin());
  std::copy(right.begin(), right.end(), both.begin() + 32);
  return hash::blake3_256(both);
}

}  // namespace

Result<MetadataV15, MerkleizeError> decode_metadata_v15(ByteSpan prefixed) {
  scale::Decoder in(prefixed);
  const auto magic = scale::decode_next<uint32_t>(in);
  const auto version = scale::decode_next<uint8_t>(in);
  if (!in.ok() || magic != kMetadataMagic || version != 15) {
    return unexpected(MerkleizeError::kUndecodableMetadata);
  }
  MetadataV15 out;
  auto registry = scale::decode_next<std::vector<Registry::PortableType>>(in);
  auto pallets = scale::decode_next<std::vector<PalletV15>>(in);
  ExtrinsicMetadata& extrinsic = out.extrinsic;
  extrinsic.version = scale::decode_next<uint8_t>(in);
  extrinsic.address_type = scale::decode_compact<uint32_t>(in);
  extrinsic.call_type = scale::decode_compact<uint32_t>(in);
  extrinsic.signature_type = scale::decode_compact<uint32_t>(in);
  extrinsic.extra_type = scale::decode_compact<uint32_t>(in);
  extrinsic.signed_extensions = scale::decode_next<std::vector<SignedExtensionMetadata>>(in);
  scale::decode_compact<uint32_t>(in);  // the runtime type
  const bool rest_ok = skip<std::vector<RuntimeApiMetadata>>(in) && skip<OuterEnums>(in) &&
                       skip<std::map<std::string, CustomValueMetadata>>(in);
  if (!in.ok() || !rest_ok || in.remaining() != 0) {
    return unexpected(MerkleizeError::kUndecodableMetadata);
  }
  out.types.reserve(registry.size());
  for (size_t i = 0; i < registry.size(); ++i) {
    // scale-info's PortableRegistry numbers its types 0, 1, 2, …; ids index the vector.
    if (registry[i].id != i) return unexpected(MerkleizeError::kBadRegistry);
    out.types.push_back(std::move(registry[i].type));
  }
  for (PalletV15& pallet : pallets) {
    out.pallets.push_back({std::move(pallet.name), std::move(pallet.constants)});
  }
  return out;
}

Result<TypeInformation, MerkleizeError> type_information(const std::vector<TypeDescription>& types,
                                                         const ExtrinsicMetadata& extrinsic) {
  Flattener flattener(types);
  std::vector<TypeId> roots = {extrinsic.call_type, extrinsic.address_type,
                               extrinsic.signature_type};
  for (const SignedExtensionMetadata& e : extrinsic.signed_extensions) {
    roots.push_back(e.type);
    roots.push_back(e.additional_signed);
  }
  for (TypeId root : roots) {
    auto collected = flattener.collect(root);
    if (!collected) return unexpected(collected.error());
  }
  flattener.number();

  TypeInformation out;
  auto leaves = flattener.leaves();
  if (!leaves) return unexpected(leaves.error());
  out.types = std::move(*leaves);
  out.extrinsic.version = extrinsic.version;
  for (auto [id, ref] : {std::pair{extrinsic.address_type, &out.extrinsic.address},
                         std::pair{extrinsic.call_type, &out.extrinsic.call},
                         std::pair{extrinsic.signature_type, &out.extrinsic.signature}}) {
    auto r = flattener.type_ref(id);
    if (!r) return unexpected(r.error());
    *ref = *r;
  }
  for (const SignedExtensionMetadata& e : extrinsic.signed_extensions) {
    auto included = flattener.type_ref(e.type);
    auto signed_data = flattener.type_ref(e.additional_signed);
    if (!included) return unexpected(included.error());
    if (!signed_data) return unexpected(signed_data.error());
    out.extrinsic.signed_extensions.push_back({e.identifier, *included, *signed_data});
  }
  return out;
}

Bytes encode(const Type& type) {
  scale::Encoder out;
  scale::encode_to(out, type.path);
  put(out, type.def);
  scale::encode_compact(out, type.type_id);
  return std::move(out).take();
}

Bytes encode(const ExtrinsicInfo& extrinsic) {
  scale::Encoder out;
  out.put_byte(extrinsic.version);
  put(out, extrinsic.address);
  put(out, extrinsic.call);
  put(out, extrinsic.signature);
  scale::encode_compact(out, extrinsic.signed_extensions.size());
  for (const SignedExtension& e : extrinsic.signed_extensions) {
    scale::encode_to(out, e.identifier);
    put(out, e.included_in_extrinsic);
    put(out, e.included_in_signed_data);
  }
  return std::move(out).take();
}

Bytes encode(const MetadataDigest& digest) {
  scale::Encoder out;
  out.put_byte(1);  // MetadataDigest::V1 (index 0 is reserved: "Disabled"/"V0")
  out.put_bytes(digest.types_tree_root);
  out.put_bytes(digest.extrinsic_metadata_hash);
  scale::encode_to(out, digest.extra.spec_version);
  scale::encode_to(out, digest.extra.spec_name);
  scale::encode_to(out, digest.extra.base58_prefix);
  scale::encode_to(out, digest.extra.decimals);
  scale::encode_to(out, digest.extra.token_symbol);
  return std::move(out).take();
}

Hash256 types_tree_root(const std::vector<Type>& leaves) {
  if (leaves.empty()) return Hash256{};
  // A complete binary tree in an array: the n leaves in the last n of 2n - 1 places, node i the
  // hash of its children 2i + 1 and 2i + 2, filled from the back (merkleized-metadata's
  // MerkleTree::new, which pairs from the end of its queue, builds the same tree).
  const size_t n = leaves.size();
  std::vector<Hash256> nodes(2 * n - 1);
  for (size_t i = 0; i < n; ++i) nodes[n - 1 + i] = hash::blake3_256(encode(leaves[i]));
  for (size_t i = n - 1; i-- > 0;) nodes[i] = blake3_pair(nodes[2 * i + 1], nodes[2 * i + 2]);
  return nodes[0];
}

Hash256 extrinsic_metadata_hash(const ExtrinsicInfo& extrinsic) {
  return hash::blake3_256(encode(extrinsic));
}

MetadataDigest metadata_digest(const TypeInformation& info, ExtraInfo extra) {
  return {types_tree_root(info.types), extrinsic_metadata_hash(info.extrinsic), std::move(extra)};
}

Hash256 metadata_hash(const MetadataDigest& digest) {
  return hash::blake3_256(encode(digest));
}

Result<Hash256, MerkleizeError> metadata_hash(ByteSpan prefixed_v15, const ExtraInfo& extra) {
  auto metadata = decode_metadata_v15(prefixed_v15);
  if (!metadata) return unexpected(metadata.error());
  auto info = type_information(metadata->types, metadata->extrinsic);
  if (!info) return unexpected(info.error());
  return metadata_hash(metadata_digest(*info, extra));
}

}  // namespace canary::rt::meta::merkleized
