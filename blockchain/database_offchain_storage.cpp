#include "blockchain/database_offchain_storage.hpp"

#include <algorithm>
#include <utility>

namespace canary::blockchain {

using executor::offchain::StorageKind;

Bytes offchain_storage_key(ByteSpan key) {
  Bytes out(kOffchainStoragePrefix.begin(), kOffchainStoragePrefix.end());
  out.insert(out.end(), key.begin(), key.end());
  return out;
}

std::vector<state::AuxWrite> offchain_index_writes(
    const executor::offchain::OffchainIndexChanges::Changes& changes) {
  std::vector<state::AuxWrite> out;
  out.reserve(changes.size());
  for (const auto& [key, value] : changes) {
    out.push_back(state::AuxWrite{offchain_storage_key(key), value});
  }
  return out;
}

bool DatabaseOffchainStorage::persistent(StorageKind kind, std::string_view operation) {
  if (kind == StorageKind::kPersistent) return true;
  // sp-core offchain/storage.rs `unavailable_yet(LOCAL_DB)`.
  report("the LOCAL (fork-aware) offchain storage is not available (" + std::string(operation) +
         "); only PERSISTENT is, as in Substrate");
  return false;
}

void DatabaseOffchainStorage::report(const std::string& message) {
  if (on_error_) on_error_(message);
}

Result<std::optional<Bytes>, state::DatabaseError> DatabaseOffchainStorage::read(
    ByteSpan key) const {
  return db_.offchain(offchain_storage_key(key));
}

Result<void, state::DatabaseError> DatabaseOffchainStorage::write(ByteSpan key,
                                                                  std::optional<ByteSpan> value) {
  state::AuxWrite w{offchain_storage_key(key), std::nullopt};
  if (value) w.value = Bytes(value->begin(), value->end());
  MutexLock lock(write_mutex_);
  return db_.write_offchain({std::move(w)});
}

std::optional<Bytes> DatabaseOffchainStorage::get(StorageKind kind, ByteSpan key) {
  if (!persistent(kind, "get")) return std::nullopt;
  auto value = read(key);
  if (!value) {
    report("offchain storage read: " + value.error().message());
    return std::nullopt;
  }
  return std::move(*value);
}

void DatabaseOffchainStorage::set(StorageKind kind, ByteSpan key, ByteSpan value) {
  if (!persistent(kind, "set")) return;
  if (auto written = write(key, value); !written) {
    report("offchain storage write: " + written.error().message());
  }
}

void DatabaseOffchainStorage::clear(StorageKind kind, ByteSpan key) {
  if (!persistent(kind, "clear")) return;
  if (auto written = write(key, std::nullopt); !written) {
    report("offchain storage write: " + written.error().message());
  }
}

bool DatabaseOffchainStorage::compare_and_set(StorageKind kind, ByteSpan key,
                                              std::optional<ByteSpan> old_value,
                                              ByteSpan new_value) {
  if (!persistent(kind, "compare_and_set")) return false;
  const Bytes full_key = offchain_storage_key(key);
  MutexLock lock(write_mutex_);
  auto current = db_.offchain(full_key);
  if (!current) {
    report("offchain storage read: " + current.error().message());
    return false;
  }
  const bool matches =
      !*current ? !old_value.has_value()
                : old_value.has_value() && std::equal((*current)->begin(), (*current)->end(),
                                                      old_value->begin(), old_value->end());
  if (!matches) return false;
  auto written =
      db_.write_offchain({state::AuxWrite{full_key, Bytes(new_value.begin(), new_value.end())}});
  if (!written) {
    report("offchain storage write: " + written.error().message());
    return false;
  }
  return true;
}

}  // namespace canary::blockchain
