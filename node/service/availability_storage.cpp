#include "node/service/availability_storage.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include "node/service/log.hpp"
#include "parachain/availability/chunk_index.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::node {

namespace pc = ::canary::parachain;

namespace {

constexpr const char* kTarget = "parachain";
constexpr std::string_view kPrefix = "parachains:av:";

struct InclusionRecord {
  block::BlockNumber number = 0;
  Hash256 hash{};
  CANARY_SCALE_FIELDS(number, hash)
};

// CandidateMeta on disk (its BitVec as bit count and bytes, its time in seconds).
struct MetaRecord {
  uint8_t state = 0;
  int64_t at = 0;
  std::vector<InclusionRecord> included_in;
  bool data_available = false;
  uint32_t n_validators = 0;
  uint32_t chunk_bits = 0;
  Bytes chunks_stored;
  uint64_t stored_bytes = 0;
  CANARY_SCALE_FIELDS(state, at, included_in, data_available, n_validators, chunk_bits,
                      chunks_stored, stored_bytes)
};

Bytes key(char kind, const Hash256& candidate) {
  Bytes out(kPrefix.begin(), kPrefix.end());
  out.push_back(static_cast<uint8_t>(kind));
  out.insert(out.end(), candidate.begin(), candidate.end());
  return out;
}

Bytes chunk_key(const Hash256& candidate, pc::ChunkIndex index) {
  Bytes out = key('c', candidate);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(index >> shift));
  return out;
}

Bytes encode_meta(const pc::CandidateMeta& meta) {
  MetaRecord r;
  r.state = static_cast<uint8_t>(meta.state);
  r.at = meta.at.time_since_epoch().count();
  for (const pc::BlockRef& block : meta.included_in) {
    r.included_in.push_back(InclusionRecord{block.number, block.hash});
  }
  r.data_available = meta.data_available;
  r.n_validators = meta.n_validators;
  r.chunk_bits = static_cast<uint32_t>(meta.chunks_stored.size());
  r.chunks_stored = meta.chunks_stored.bytes();
  r.stored_bytes = meta.stored_bytes;
  return scale::encode(r);
}

std::optional<pc::CandidateMeta> decode_meta(ByteSpan bytes) {
  auto r = scale::decode<MetaRecord>(bytes);
  if (!r || r->state > static_cast<uint8_t>(pc::CandidateState::kFinalized) ||
      r->chunks_stored.size() != (r->chunk_bits + 7) / 8) {
    return std::nullopt;
  }
  pc::CandidateMeta meta;
  meta.state = static_cast<pc::CandidateState>(r->state);
  meta.at = pc::AvailabilityTime(std::chrono::seconds(r->at));
  for (const InclusionRecord& block : r->included_in) {
    meta.included_in.push_back(pc::BlockRef{block.number, block.hash});
  }
  meta.data_available = r->data_available;
  meta.n_validators = r->n_validators;
  meta.chunks_stored = scale::BitVec::from_bytes(std::move(r->chunks_stored), r->chunk_bits);
  meta.stored_bytes = r->stored_bytes;
  return meta;
}

class DatabaseAvailabilityStorage final : public pc::AvailabilityStorage {
 public:
  explicit DatabaseAvailabilityStorage(state::Database& db) : db_(db) {}

  std::optional<pc::CandidateMeta> load_meta(const Hash256& candidate) const override {
    auto bytes = read(key('m', candidate));
    if (!bytes) return std::nullopt;
    auto meta = decode_meta(*bytes);
    if (!meta) {
      log::warn(kTarget, "Availability store: a malformed record of {}",
                log::short_hash(candidate));
    }
    return meta;
  }
  void write_meta(const Hash256& candidate, const pc::CandidateMeta& meta) override {
    write({state::AuxWrite{key('m', candidate), encode_meta(meta)}});
  }
  std::optional<pc::AvailableData> load_data(const Hash256& candidate) const override {
    return load<pc::AvailableData>(key('d', candidate));
  }
  void write_data(const Hash256& candidate, pc::AvailableData data) override {
    write({state::AuxWrite{key('d', candidate), scale::encode(data)}});
  }
  std::optional<pc::ErasureChunk> load_chunk(const Hash256& candidate,
                                             pc::ChunkIndex index) const override {
    return load<pc::ErasureChunk>(chunk_key(candidate, index));
  }
  void write_chunk(const Hash256& candidate, pc::ErasureChunk chunk) override {
    const pc::ChunkIndex index = chunk.index;
    write({state::AuxWrite{chunk_key(candidate, index), scale::encode(chunk)}});
  }
  void remove_chunk(const Hash256& candidate, pc::ChunkIndex index) override {
    write({state::AuxWrite{chunk_key(candidate, index), std::nullopt}});
  }
  void remove(const Hash256& candidate) override {
    std::vector<state::AuxWrite> writes{state::AuxWrite{key('m', candidate), std::nullopt},
                                        state::AuxWrite{key('d', candidate), std::nullopt}};
    auto chunks = db_.aux_with_prefix(key('c', candidate));
    if (!chunks) {
      log::warn(kTarget, "Availability store: {}", chunks.error().message());
    } else {
      for (auto& [chunk, value] : *chunks) writes.push_back(state::AuxWrite{chunk, std::nullopt});
    }
    write(writes);
  }
  void for_each_meta(
      const std::function<void(const Hash256&, const pc::CandidateMeta&)>& visit) const override {
    const Bytes prefix = [] {
      Bytes p(kPrefix.begin(), kPrefix.end());
      p.push_back('m');
      return p;
    }();
    auto records = db_.aux_with_prefix(prefix);
    if (!records) {
      log::warn(kTarget, "Availability store: {}", records.error().message());
      return;
    }
    for (const auto& [k, value] : *records) {
      if (k.size() != prefix.size() + 32) continue;
      Hash256 candidate{};
      std::copy(k.begin() + static_cast<ptrdiff_t>(prefix.size()), k.end(), candidate.begin());
      auto meta = decode_meta(value);
      if (!meta) {
        log::warn(kTarget, "Availability store: a malformed record of {}",
                  log::short_hash(candidate));
        continue;
      }
      visit(candidate, *meta);
    }
  }

 private:
  std::optional<Bytes> read(const Bytes& k) const {
    auto value = db_.aux(k);
    if (!value) {
      log::warn(kTarget, "Availability store: {}", value.error().message());
      return std::nullopt;
    }
    return std::move(*value);
  }
  template <class T>
  std::optional<T> load(const Bytes& k) const {
    auto bytes = read(k);
    if (!bytes) return std::nullopt;
    auto value = scale::decode<T>(*bytes);
    if (!value) return std::nullopt;
    return std::move(*value);
  }
  void write(const std::vector<state::AuxWrite>& writes) {
    auto written = db_.write_aux(writes);
    if (!written) log::warn(kTarget, "Availability store: {}", written.error().message());
  }

  state::Database& db_;
};

}  // namespace

std::unique_ptr<pc::AvailabilityStorage> make_database_availability_storage(state::Database& db) {
  return std::make_unique<DatabaseAvailabilityStorage>(db);
}

ChunkMappings::ChunkMappings(state::Database* db) : db_(db) {
  if (db_ == nullptr) return;
  const Bytes prefix = key('k', Hash256{});
  const size_t prefix_size = prefix.size() - 32;
  auto records = db_->aux_with_prefix(ByteSpan(prefix.data(), prefix_size));
  if (!records) {
    log::warn(kTarget, "Availability store: {}", records.error().message());
    return;
  }
  for (const auto& [k, value] : *records) {
    auto mapping = scale::decode<ChunkMapping>(value);
    if (k.size() != prefix.size() || !mapping) continue;
    Hash256 candidate{};
    std::copy(k.begin() + static_cast<ptrdiff_t>(prefix_size), k.end(), candidate.begin());
    mappings_.emplace(candidate, *mapping);
  }
}

void ChunkMappings::note(const Hash256& candidate, const ChunkMapping& mapping) {
  if (!mappings_.emplace(candidate, mapping).second || db_ == nullptr) return;
  auto written = db_->write_aux({state::AuxWrite{key('k', candidate), scale::encode(mapping)}});
  if (!written) log::warn(kTarget, "Availability store: {}", written.error().message());
}

std::optional<pc::ChunkIndex> ChunkMappings::chunk_of(const Hash256& candidate,
                                                      pc::ValidatorIndex validator) const {
  auto it = mappings_.find(candidate);
  if (it == mappings_.end()) return std::nullopt;
  const ChunkMapping& m = it->second;
  auto index = pc::availability_chunk_index(m.mapping_enabled, m.n_validators, m.core, validator);
  if (!index) return std::nullopt;
  return *index;
}

void ChunkMappings::forget(const Hash256& candidate) {
  if (mappings_.erase(candidate) == 0 || db_ == nullptr) return;
  auto written = db_->write_aux({state::AuxWrite{key('k', candidate), std::nullopt}});
  if (!written) log::warn(kTarget, "Availability store: {}", written.error().message());
}

}  // namespace canary::node
