// The metadata type registry and the metadata encoding: ids are shared, recursive types work,
// built-in types take scale-info's shapes and paths, storage entries come from the storage
// declarations, and the V14/V15 blobs start as frame-metadata's do.
#include <gtest/gtest.h>

#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::meta {
namespace {

struct Demo {
  static constexpr std::string_view kName = "Demo";
};

struct AccountData {
  u128 free = 0;
  u128 reserved = 0;
  CANARY_SCALE_FIELDS(free, reserved)
  static void type_info(TypeBuilder& b) {
    b.path({"pallet_balances", "types", "AccountData"})
        .param<u128>("Balance")
        .field("free", &AccountData::free, "Balance")
        .field("reserved", &AccountData::reserved, "Balance");
  }
};

// A recursive type: a list node refers to itself.
struct Node {
  std::vector<Node> children;
  static void type_info(TypeBuilder& b) {
    b.path({"demo", "Node"}).field("children", &Node::children);
  }
};

TEST(TypeRegistry, IdsAreSharedAndShapesFollowScaleInfo) {
  Registry registry;
  const TypeId data = registry.id<AccountData>();
  EXPECT_EQ(registry.id<AccountData>(), data);
  const TypeId u128_id = registry.id<u128>();
  const auto& types = registry.types();
  // AccountData's fields and its parameter refer to the same u128.
  const auto& composite = std::get<CompositeDef>(types[data].def);
  ASSERT_EQ(composite.fields.size(), 2u);
  EXPECT_EQ(composite.fields[0].type, u128_id);
  EXPECT_EQ(composite.fields[0].name, std::optional<std::string>("free"));
  EXPECT_EQ(composite.fields[0].type_name, std::optional<std::string>("Balance"));
  EXPECT_EQ(types[data].params[0].type->value, u128_id);
  EXPECT_EQ(std::get<PrimitiveDef>(types[u128_id].def).primitive, Primitive::kU128);

  const TypeId option = registry.id<std::optional<uint32_t>>();
  EXPECT_EQ(types.size() > option, true);
  EXPECT_EQ(registry.types()[option].path, std::vector<std::string>{"Option"});
  const auto& variants = std::get<VariantDef>(registry.types()[option].def).variants;
  ASSERT_EQ(variants.size(), 2u);
  EXPECT_EQ(variants[0].name, "None");
  EXPECT_EQ(variants[1].name, "Some");
  EXPECT_EQ(variants[1].index, 1);

  const TypeId bytes = registry.id<Bytes>();
  EXPECT_EQ(std::get<SequenceDef>(registry.types()[bytes].def).type, registry.id<uint8_t>());
  const TypeId hash = registry.id<Hash256>();
  EXPECT_EQ(std::get<ArrayDef>(registry.types()[hash].def).length, 32u);
  const TypeId unit = registry.id<std::monostate>();
  EXPECT_TRUE(std::get<TupleDef>(registry.types()[unit].def).fields.empty());
}

TEST(TypeRegistry, RecursiveTypes) {
  Registry registry;
  const TypeId node = registry.id<Node>();
  const TypeId children = std::get<CompositeDef>(registry.types()[node].def).fields[0].type;
  EXPECT_EQ(std::get<SequenceDef>(registry.types()[children].def).type, node);
}

TEST(TypeRegistry, PortableFormEncoding) {
  Registry registry;
  registry.id<std::optional<uint8_t>>();
  // Types in id order: Option<u8> (0) refers to u8 (1).
  const Bytes encoded = scale::encode(registry.portable());
  EXPECT_EQ(to_hex(encoded),
            "0x08"              // two types
            "00"                // id 0
            "04184f7074696f6e"  // path ["Option"]
            "04"                // one param
            "0454"
            "0104"  //   "T", Some(1)
            "01"    // TypeDef::Variant
            "08"    //   two variants
            "104e6f6e65"
            "00"
            "00"
            "00"  // None, no fields, index 0, no docs
            "10536f6d65"
            "04"
            "00"
            "04"
            "00"
            "00"
            "01"
            "00"  // Some(u8): field type 1, index 1
            "00"  // docs
            "04"  // id 1
            "00"
            "00"  // no path, no params
            "05"
            "03"    // Primitive u8
            "00");  // docs
}

using Number = StorageValue<Demo, "Number", uint32_t, ValueQuery>;
using Maybe = StorageValue<Demo, "Maybe", AccountData>;
using Accounts =
    StorageMap<Demo, "Accounts", Blake2_128Concat, ByteArray<32>, AccountData, ValueQuery>;
using Pairs = StorageDoubleMap<Demo, "Pairs", Twox64Concat, uint32_t, Identity, uint8_t, bool>;
using Counted = CountedStorageMap<Demo, "Counted", Twox64Concat, uint32_t, uint32_t>;

TEST(StorageMetadata, EntriesFromDeclarations) {
  Registry registry;
  std::vector<StorageEntryMetadata> entries;
  append_storage_entries<Number>(entries, registry, {"The current number."});
  append_storage_entries<Maybe>(entries, registry);
  append_storage_entries<Accounts>(entries, registry);
  append_storage_entries<Pairs>(entries, registry);
  append_storage_entries<Counted>(entries, registry);
  ASSERT_EQ(entries.size(), 6u);
  // The pallet's storage prefix is its name (PalletStorageMetadata::prefix).
  EXPECT_EQ(Demo::kName, "Demo");
  EXPECT_EQ(entries[0].name, "Number");
  EXPECT_EQ(entries[0].modifier, StorageEntryModifier::kDefault);
  EXPECT_EQ(entries[0].default_value, (Bytes{0, 0, 0, 0}));
  EXPECT_EQ(entries[0].docs, Docs{"The current number."});
  EXPECT_EQ(entries[1].modifier, StorageEntryModifier::kOptional);
  EXPECT_EQ(entries[1].default_value, Bytes{0});
  const auto& map = std::get<StorageMapType>(entries[2].type);
  EXPECT_EQ(map.hashers, std::vector<hash::StorageHasher>{hash::StorageHasher::kBlake2_128Concat});
  EXPECT_EQ(map.value, registry.id<AccountData>());
  EXPECT_EQ(entries[2].default_value, Bytes(32, 0));
  const auto& pairs = std::get<StorageMapType>(entries[3].type);
  EXPECT_EQ(pairs.hashers.size(), 2u);
  EXPECT_EQ(pairs.key, (registry.id<std::tuple<uint32_t, uint8_t>>()));
  EXPECT_EQ(entries[4].name, "Counted");
  EXPECT_EQ(entries[5].name, "CounterForCounted");
}

TEST(RuntimeMetadata, PrefixAndVersions) {
  RuntimeMetadata metadata;
  metadata.runtime_type = metadata.registry.id<std::monostate>();
  PalletMetadata pallet;
  pallet.name = "Demo";
  pallet.index = 7;
  pallet.docs = {"A demo pallet."};
  metadata.pallets.push_back(pallet);
  const Bytes v14 = encode_v14(metadata);
  const Bytes v15 = encode_v15(metadata);
  EXPECT_EQ(to_hex(ByteSpan(v14).first(5)), "0x6d6574610e");
  EXPECT_EQ(to_hex(ByteSpan(v15).first(5)), "0x6d6574610f");
  EXPECT_GT(v15.size(), v14.size());  // pallet docs, APIs, outer enums, custom map
}

}  // namespace
}  // namespace canary::rt::meta
