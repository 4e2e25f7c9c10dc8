// The metadata of storage items, from their declarations (runtime/framework/storage.hpp): name,
// modifier (OptionQuery → Optional, ValueQuery → Default), key hashers and types, the encoded
// default, docs. A CountedStorageMap adds the entry of its counter, as FRAME does.
#pragma once

#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/storage.hpp"

namespace canary::rt::meta {

namespace storage_metadata_detail {

template <class Item>
concept IsNMap = requires { typename Item::KeyList; };
template <class Item>
concept IsDoubleMap = requires {
  typename Item::Key1;
  typename Item::Key2;
};
template <class Item>
concept IsMap = requires {
  typename Item::Key;
  typename Item::HasherType;
};
template <class Item>
concept IsCounted = requires { typename Item::Counter; };

template <class Item>
StorageEntryMetadata entry_base(Docs docs) {
  using V = typename Item::Value;
  using Query = typename Item::QueryKind;
  StorageEntryMetadata entry;
  entry.name = std::string(Item::kItemName);
  entry.docs = std::move(docs);
  if constexpr (Query::kIsOption) {
    entry.modifier = StorageEntryModifier::kOptional;
    entry.default_value = {0x00};  // None
  } else {
    entry.modifier = StorageEntryModifier::kDefault;
    entry.default_value = scale::encode(Query::template default_value<V>());
  }
  return entry;
}

template <class... Keys>
struct NMapParts;
template <class... Hashers, class... Ks>
struct NMapParts<std::tuple<NMapKey<Hashers, Ks>...>> {
  static std::vector<hash::StorageHasher> hashers() { return {Hashers::kKind...}; }
  using KeyTuple = std::tuple<Ks...>;
};

}  // namespace storage_metadata_detail

template <class Item>
void append_storage_entries(std::vector<StorageEntryMetadata>& entries, Registry& registry,
                            Docs docs = {}) {
  namespace d = storage_metadata_detail;
  StorageEntryMetadata entry = d::entry_base<Item>(std::move(docs));
  const TypeId value = registry.id<typename Item::Value>();
  if constexpr (d::IsNMap<Item>) {
    using Parts = d::NMapParts<typename Item::KeyList>;
    entry.type = StorageMapType{Parts::hashers(), registry.id<typename Parts::KeyTuple>(), value};
  } else if constexpr (d::IsDoubleMap<Item>) {
    entry.type = StorageMapType{{Item::Hasher1Type::kKind, Item::Hasher2Type::kKind},
                                registry.id<std::tuple<typename Item::Key1, typename Item::Key2>>(),
                                value};
  } else if constexpr (d::IsMap<Item>) {
    entry.type =
        StorageMapType{{Item::HasherType::kKind}, registry.id<typename Item::Key>(), value};
  } else {
    entry.type = StoragePlain{value};
  }
  entries.push_back(std::move(entry));
  if constexpr (d::IsCounted<Item>) {
    append_storage_entries<typename Item::Counter>(entries, registry,
                                                   {"Counter for the related counted storage map"});
  }
}

}  // namespace canary::rt::meta
