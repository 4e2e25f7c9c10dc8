// RFC-0078 merkleization (runtime/framework/metadata/merkleized_metadata): the flattening of small
// hand-built registries (merkleized_metadata_samples.hpp), the pruning, the tree against the
// reference crate's queue formulation, the digest layout, refusals of bad metadata, and the Canary
// runtime's own metadata. The digests themselves are compared with @polkadot-api/merkleize-metadata
// in tests/interop/metadata_hash.test.mjs (these samples and the built runtime).
#include "runtime/framework/metadata/merkleized_metadata.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <set>

#include "primitives/hash/blake3.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/canary/metadata.hpp"
#include "runtime/testing/test_externalities.hpp"
#include "tests/unit/runtime/merkleized_metadata_samples.hpp"

namespace canary::rt::meta {
namespace {

namespace mk = merkleized;

mk::TypeInformation flatten(const Bytes& metadata) {
  auto decoded = mk::decode_metadata_v15(metadata);
  EXPECT_TRUE(decoded.has_value());
  auto info = mk::type_information(decoded->types, decoded->extrinsic);
  EXPECT_TRUE(info.has_value()) << (info ? std::string()
                                         : std::string(mk::to_string(info.error())));
  return info ? *info : mk::TypeInformation{};
}

std::vector<const mk::Type*> leaves_with_path(const mk::TypeInformation& info,
                                              const std::vector<std::string>& path) {
  std::vector<const mk::Type*> out;
  for (const mk::Type& t : info.types) {
    if (t.path == path) out.push_back(&t);
  }
  return out;
}

const mk::Enumeration& variant(const mk::Type* type) {
  return std::get<mk::Enumeration>(type->def);
}

const mk::Type& leaf_of(const mk::TypeInformation& info, const mk::TypeRef& ref) {
  EXPECT_EQ(ref.kind, mk::TypeRef::kById);
  for (const mk::Type& t : info.types) {
    if (t.type_id == ref.id) return t;
  }
  ADD_FAILURE() << "no leaf " << ref.id;
  return info.types.front();
}

mk::TypeRef ref(mk::TypeRef::Kind kind) {
  return {kind, 0};
}

TEST(MerkleizedMetadata, DecodesMetadataV15AsEncoded) {
  RuntimeMetadata metadata;
  const Bytes bytes = samples::build_metadata(metadata, metadata.registry.id<samples::Address>(),
                                              metadata.registry.id<samples::Call>(),
                                              metadata.registry.id<samples::Signature>(), {});
  auto decoded = mk::decode_metadata_v15(bytes);
  ASSERT_TRUE(decoded.has_value());
  const auto& types = metadata.registry.types();
  ASSERT_EQ(decoded->types.size(), types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    EXPECT_EQ(scale::encode(decoded->types[i]), scale::encode(types[i])) << i;
  }
  EXPECT_EQ(decoded->extrinsic.call_type, metadata.extrinsic.call_type);
  EXPECT_EQ(decoded->extrinsic.address_type, metadata.extrinsic.address_type);
  EXPECT_EQ(decoded->extrinsic.signature_type, metadata.extrinsic.signature_type);
  ASSERT_EQ(decoded->pallets.size(), 1u);
  EXPECT_EQ(decoded->pallets[0].name, "System");
  EXPECT_EQ(decoded->pallets[0].constants[1].name, "SS58Prefix");
}

TEST(MerkleizedMetadata, FlattensTheExtrinsicTypesPerRfc0078) {
  const mk::TypeInformation info = flatten(samples::mixed(false));
  ASSERT_FALSE(info.types.empty());

  // Leaves in tree order: ids 0, 1, … without gaps, enum variants by index under one id.
  std::set<uint32_t> ids;
  for (size_t i = 0; i < info.types.size(); ++i) {
    ids.insert(info.types[i].type_id);
    if (i == 0) continue;
    const mk::Type& a = info.types[i - 1];
    const mk::Type& b = info.types[i];
    ASSERT_LE(a.type_id, b.type_id);
    if (a.type_id == b.type_id) EXPECT_LT(variant(&a).index, variant(&b).index);
  }
  EXPECT_EQ(*ids.rbegin() + 1, ids.size());

  // Declared out of order, leaves by index.
  const auto calls = leaves_with_path(info, {"sample_runtime", "RuntimeCall"});
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(variant(calls[0]).index, 0u);
  EXPECT_EQ(variant(calls[1]).name, "Balances");
  EXPECT_EQ(calls[0]->type_id, calls[1]->type_id);
  EXPECT_EQ(info.extrinsic.call, (mk::TypeRef{mk::TypeRef::kById, calls[0]->type_id}));
  const auto signatures = leaves_with_path(info, {"sp_runtime", "MultiSignature"});
  ASSERT_EQ(signatures.size(), 3u);
  EXPECT_EQ(variant(signatures[0]).name, "Ed25519");

  // Compact<()> and empty types are Void; Compact of an integer or of a wrapper is inline.
  const auto addresses = leaves_with_path(info, {"sp_runtime", "multiaddress", "MultiAddress"});
  ASSERT_EQ(addresses.size(), 4u);
  EXPECT_EQ(variant(addresses[1]).fields[0].type, ref(mk::TypeRef::kVoid));
  EXPECT_EQ(variant(addresses[1]).fields[0].type_name, "AccountIndex");
  const auto balances = leaves_with_path(info, {"pallet_balances", "pallet", "Call"});
  ASSERT_EQ(balances.size(), 3u);
  const mk::Enumeration& transfer = variant(balances[0]);
  EXPECT_EQ(transfer.name, "transfer");
  EXPECT_EQ(transfer.fields[1].type, ref(mk::TypeRef::kCompactU128));
  EXPECT_EQ(transfer.fields[1].name, "value");
  const mk::Enumeration& force = variant(balances[2]);
  ASSERT_EQ(force.fields.size(), 5u);
  EXPECT_EQ(force.index, 9u);
  EXPECT_EQ(force.fields[1].type, ref(mk::TypeRef::kCompactU32));
  EXPECT_EQ(force.fields[2].type, ref(mk::TypeRef::kVoid));
  EXPECT_EQ(force.fields[3].type, ref(mk::TypeRef::kVoid));
  EXPECT_EQ(force.fields[4].type, ref(mk::TypeRef::kVoid));
  const auto& tuple = std::get<mk::Tuple>(leaf_of(info, force.fields[0].type).def);
  EXPECT_EQ(tuple.types, (std::vector<mk::TypeRef>{ref(mk::TypeRef::kU8), ref(mk::TypeRef::kI64),
                                                   ref(mk::TypeRef::kBool)}));
  // Option<u32> is an enum like any other; Vec<(u16, String)> a sequence of a tuple.
  const mk::Enumeration& transfer_all = variant(balances[1]);
  EXPECT_EQ(leaves_with_path(info, {"Option"}).size(), 4u);  // Option<u32>, Option<[u8; 32]>
  const auto& labels = std::get<mk::Sequence>(leaf_of(info, transfer_all.fields[2].type).def);
  EXPECT_TRUE(std::holds_alternative<mk::Tuple>(leaf_of(info, labels.type).def));

  // Bit sequences: store width and order.
  const auto system = leaves_with_path(info, {"frame_system", "pallet", "Call"});
  ASSERT_EQ(system.size(), 3u);
  const mk::Enumeration& set_flags = variant(system[2]);
  EXPECT_EQ(std::get<mk::BitSequence>(leaf_of(info, set_flags.fields[0].type).def),
            (mk::BitSequence{1, true}));
  EXPECT_EQ(std::get<mk::BitSequence>(leaf_of(info, set_flags.fields[1].type).def),
            (mk::BitSequence{4, false}));
  EXPECT_EQ(variant(system[1]).fields.size(), 0u);  // noop

  // Arrays keep their length and element.
  const auto& id32 = leaves_with_path(info, {"sp_core", "crypto", "AccountId32"});
  ASSERT_EQ(id32.size(), 1u);
  const auto& inner = std::get<mk::Composite>(id32[0]->def).fields[0];
  EXPECT_EQ(std::get<mk::Array>(leaf_of(info, inner.type).def),
            (mk::Array{32, ref(mk::TypeRef::kU8)}));

  // Types no extrinsic reaches are not leaves (the System constants' RuntimeVersion).
  EXPECT_TRUE(leaves_with_path(info, {"sp_version", "RuntimeVersion"}).empty());

  // The extensions: explicit and implicit types, in the runtime's order.
  ASSERT_EQ(info.extrinsic.signed_extensions.size(), 5u);
  const auto& ext = info.extrinsic.signed_extensions;
  EXPECT_EQ(ext[0].identifier, "CheckNonZeroSender");
  EXPECT_EQ(ext[0].included_in_extrinsic, ref(mk::TypeRef::kVoid));
  EXPECT_EQ(ext[0].included_in_signed_data, ref(mk::TypeRef::kVoid));
  EXPECT_EQ(ext[2].included_in_extrinsic, ref(mk::TypeRef::kCompactU32));
  EXPECT_EQ(ext[3].included_in_extrinsic, ref(mk::TypeRef::kVoid));
  EXPECT_EQ(leaf_of(info, ext[3].included_in_signed_data).path,
            (std::vector<std::string>{"primitive_types", "H256"}));
  EXPECT_EQ(leaf_of(info, ext[4].included_in_extrinsic).path,
            (std::vector<std::string>{"frame_metadata_hash_extension", "Mode"}));
  EXPECT_EQ(info.extrinsic.version, 4);
}

TEST(MerkleizedMetadata, UnreachableTypesDoNotChangeTheDigest) {
  const Bytes plain = samples::mixed(false);
  const Bytes with_unreachable = samples::mixed(true);
  // Every reachable frame id moved, the leaves did not.
  EXPECT_NE(mk::decode_metadata_v15(plain)->extrinsic.call_type,
            mk::decode_metadata_v15(with_unreachable)->extrinsic.call_type);
  EXPECT_EQ(flatten(plain).types, flatten(with_unreachable).types);
  const auto a = mk::metadata_hash(plain, samples::sample_extra());
  const auto b = mk::metadata_hash(with_unreachable, samples::sample_extra());
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(*a, *b);
  // The extra information is part of it.
  mk::ExtraInfo other = samples::sample_extra();
  other.decimals = 12;
  EXPECT_NE(*mk::metadata_hash(plain, other), *a);
}

// The tree as merkleized-metadata's MerkleTree::new builds it: a queue of leaf hashes, the last two
// popped from the back (right, then left) and their parent pushed to the front, until one is left.
Hash256 queue_root(const std::vector<mk::Type>& leaves) {
  std::deque<Hash256> queue;
  for (const mk::Type& leaf : leaves) queue.push_back(hash::blake3_256(mk::encode(leaf)));
  while (queue.size() > 1) {
    const Hash256 right = queue.back();
    queue.pop_back();
    const Hash256 left = queue.back();
    queue.pop_back();
    Bytes both(left.begin(), left.end());
    both.insert(both.end(), right.begin(), right.end());
    queue.push_front(hash::blake3_256(both));
  }
  return queue.empty() ? Hash256{} : queue.front();
}

TEST(MerkleizedMetadata, TreeRootEqualsTheReferenceQueueConstruction) {
  EXPECT_EQ(mk::types_tree_root({}), Hash256{});
  for (uint32_t n = 1; n <= 40; ++n) {
    std::vector<mk::Type> leaves;
    for (uint32_t i = 0; i < n; ++i) {
      leaves.push_back({{"leaf"}, mk::Array{i, ref(mk::TypeRef::kU8)}, i});
    }
    EXPECT_EQ(mk::types_tree_root(leaves), queue_root(leaves)) << n << " leaves";
    if (n == 1) EXPECT_EQ(mk::types_tree_root(leaves), hash::blake3_256(mk::encode(leaves[0])));
  }
  // The samples without leaves and with one.
  const mk::TypeInformation none = flatten(samples::no_leaves());
  EXPECT_TRUE(none.types.empty());
  EXPECT_EQ(none.extrinsic.call, ref(mk::TypeRef::kVoid));
  EXPECT_EQ(none.extrinsic.address, ref(mk::TypeRef::kU32));
  EXPECT_EQ(none.extrinsic.signed_extensions[0].included_in_extrinsic,
            ref(mk::TypeRef::kCompactU64));
  EXPECT_EQ(mk::metadata_digest(none, samples::sample_extra()).types_tree_root, Hash256{});
  EXPECT_EQ(flatten(samples::one_leaf()).types.size(), 1u);
}

TEST(MerkleizedMetadata, EncodingsFollowTheReferenceLayout) {
  // Type: path, TypeDef (variant index, contents), Compact type id.
  const mk::Type type{
      {"a"}, mk::Enumeration{"V", {{std::string("f"), {mk::TypeRef::kById, 300}, {}}}, 70}, 2};
  EXPECT_EQ(to_hex(mk::encode(type), false),
            "04"
            "0461"  // path ["a"]
            "01"
            "0456"  // Enumeration, name "V"
            "04"
            "01"
            "0466"
            "16"
            "b104"
            "00"    // fields: Some("f"), ById(Compact 300), None
            "1901"  // index: Compact 70
            "08");  // type id: Compact 2
  const mk::ExtrinsicInfo extrinsic{
      4,
      ref(mk::TypeRef::kU8),
      {mk::TypeRef::kById, 1},
      ref(mk::TypeRef::kVoid),
      {{"X", ref(mk::TypeRef::kCompactU256), ref(mk::TypeRef::kI256)}}};
  EXPECT_EQ(to_hex(mk::encode(extrinsic), false),
            "04"
            "03"
            "1604"
            "15"
            "04"
            "0458"
            "14"
            "0e");
  mk::MetadataDigest digest;
  digest.types_tree_root.fill(0x11);
  digest.extrinsic_metadata_hash.fill(0x22);
  digest.extra = {0x01020304, "ab", 0x0506, 7, "c"};
  EXPECT_EQ(to_hex(mk::encode(digest), false), "01" + std::string(64, '1') + std::string(64, '2') +
                                                   "04030201"
                                                   "086162"
                                                   "0605"
                                                   "07"
                                                   "0463");
  EXPECT_EQ(mk::metadata_hash(digest), hash::blake3_256(mk::encode(digest)));
}

// Registries the flattening refuses.
struct PairCompact {
  static void type_info(TypeBuilder& b) {
    b.definition(CompactDef{b.type_of<std::tuple<uint32_t, uint32_t>>()});
  }
};
struct SignedCompact {
  static void type_info(TypeBuilder& b) { b.definition(CompactDef{b.type_of<int32_t>()}); }
};
struct NotAnOrder {
  static void type_info(TypeBuilder& b) { b.path({"bitvec", "order", "Weird"}).composite(); }
};
struct WeirdBits {
  static void type_info(TypeBuilder& b) {
    b.definition(BitSequenceDef{b.type_of<uint8_t>(), b.type_of<NotAnOrder>()});
  }
};
struct WideBits {
  static void type_info(TypeBuilder& b) {
    b.definition(BitSequenceDef{b.type_of<u128>(), b.type_of<samples::Msb0>()});
  }
};
template <class T>
struct CallOf {
  static void type_info(TypeBuilder& b) {
    b.path({"bad", "Call"});
    b.variant(0, "c", {field_of<T>(b.registry())});
  }
};

std::string outcome(const Result<Hash256, mk::MerkleizeError>& r) {
  return r ? std::string("accepted") : std::string(mk::to_string(r.error()));
}

template <class T>
std::string hash_with_call() {
  RuntimeMetadata metadata;
  Registry& r = metadata.registry;
  const Bytes bytes =
      samples::build_metadata(metadata, r.id<uint8_t>(), r.id<CallOf<T>>(), r.id<uint8_t>(), {});
  return outcome(mk::metadata_hash(bytes, samples::sample_extra()));
}

TEST(MerkleizedMetadata, RefusesBadMetadata) {
  const Bytes good = samples::mixed(false);
  ASSERT_TRUE(mk::metadata_hash(good, samples::sample_extra()).has_value());
  const auto refused = [](const Bytes& bytes) {
    return outcome(mk::metadata_hash(bytes, samples::sample_extra()));
  };
  const std::string undecodable(mk::to_string(mk::MerkleizeError::kUndecodableMetadata));
  EXPECT_EQ(refused(Bytes(good.begin(), good.end() - 1)), undecodable);
  Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(refused(trailing), undecodable);
  Bytes v14 = good;
  v14[4] = 14;
  EXPECT_EQ(refused(v14), undecodable);
  EXPECT_EQ(refused(Bytes{}), undecodable);

  // An extrinsic type outside the registry.
  RuntimeMetadata metadata;
  const TypeId u8 = metadata.registry.id<uint8_t>();
  EXPECT_EQ(refused(samples::build_metadata(metadata, u8, 1000, u8, {})),
            mk::to_string(mk::MerkleizeError::kBadRegistry));

  const std::string bad_compact(mk::to_string(mk::MerkleizeError::kBadCompact));
  const std::string bad_bits(mk::to_string(mk::MerkleizeError::kBadBitSequence));
  EXPECT_EQ(hash_with_call<PairCompact>(), bad_compact);
  EXPECT_EQ(hash_with_call<SignedCompact>(), bad_compact);
  EXPECT_EQ(hash_with_call<WeirdBits>(), bad_bits);
  EXPECT_EQ(hash_with_call<WideBits>(), bad_bits);
  EXPECT_EQ(hash_with_call<uint32_t>(), "accepted");
}

TEST(MerkleizedMetadata, CanaryRuntimeMetadataFlattens) {
  // Over an empty state, as the pack step calls the blob (the metadata reads MinimumPeriod).
  testing::TestExternalities ext;
  const auto metadata = ext.execute_with([] { return canary_runtime::metadata_at_version(15); });
  ASSERT_TRUE(metadata.has_value());
  const mk::TypeInformation info = flatten(*metadata);
  EXPECT_GT(info.types.size(), 100u);
  std::vector<std::string> identifiers;
  for (const auto& e : info.extrinsic.signed_extensions) identifiers.push_back(e.identifier);
  ASSERT_FALSE(identifiers.empty());
  EXPECT_EQ(identifiers.back(), "CheckMetadataHash");
  EXPECT_TRUE(mk::metadata_hash(*metadata, {1000, "canary", 2, 12, "KSM"}).has_value());
}

}  // namespace
}  // namespace canary::rt::meta
