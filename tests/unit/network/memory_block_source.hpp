// A BlockSource over blocks held in memory, for the block request server's tests and fuzz target:
// synthetic headers (no execution), a best chain by number, forks, bodies, justifications, and
// switches that make a lookup fail like a broken database would.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "network/protocols/block_source.hpp"
#include "primitives/block/header.hpp"

namespace canary::network::testing {

// A header that hashes differently for each (parent, number, salt): forks use another salt.
inline block::Header synthetic_header(const block::BlockHash& parent, block::BlockNumber number,
                                      uint8_t salt = 0) {
  block::Header header;
  header.parent_hash = parent;
  header.number = number;
  header.state_root = block::kEmptyTrieRoot;
  header.extrinsics_root.fill(salt);
  header.digest.push_back(block::DigestPreRuntime{block::kBabeEngineId, Bytes{salt, 1, 2, 3}});
  return header;
}

class MemoryBlockSource final : public BlockSource {
 public:
  struct Entry {
    block::Header header;
    std::optional<std::vector<Bytes>> body;
    std::optional<block::Justifications> justifications;
  };

  // Stores a block; `canonical` puts it on the best chain at its number.
  block::BlockHash add(const block::Header& header, std::optional<std::vector<Bytes>> body,
                       std::optional<block::Justifications> justifications = std::nullopt,
                       bool canonical = true) {
    const block::BlockHash hash = block::hash_of(header);
    blocks_[hash] = Entry{header, std::move(body), std::move(justifications)};
    if (canonical) canonical_[header.number] = hash;
    return hash;
  }

  // A best chain of `count` blocks from genesis, each with `extrinsics` one-byte extrinsics.
  std::vector<block::BlockHash> add_chain(size_t count, size_t extrinsics = 1) {
    std::vector<block::BlockHash> hashes;
    block::BlockHash parent{};
    for (size_t n = 0; n < count; ++n) {
      std::vector<Bytes> body;
      for (size_t i = 0; i < extrinsics; ++i) body.push_back(Bytes{static_cast<uint8_t>(n), 7});
      parent = add(synthetic_header(parent, static_cast<block::BlockNumber>(n)), std::move(body));
      hashes.push_back(parent);
    }
    return hashes;
  }

  Entry& entry(const block::BlockHash& hash) { return blocks_.at(hash); }

  void fail_header(const block::BlockHash& hash) { failing_headers_.insert(hash); }
  void fail_body(const block::BlockHash& hash) { failing_bodies_.insert(hash); }
  void fail_justifications(const block::BlockHash& hash) { failing_justifications_.insert(hash); }

  Result<std::optional<block::Header>, BlockSourceError> header(
      const block::BlockHash& hash) const override {
    if (failing_headers_.contains(hash)) return unexpected(BlockSourceError{"header"});
    auto it = blocks_.find(hash);
    if (it == blocks_.end()) return std::optional<block::Header>{};
    return std::optional<block::Header>(it->second.header);
  }

  Result<std::optional<block::BlockHash>, BlockSourceError> canonical_hash(
      block::BlockNumber number) const override {
    auto it = canonical_.find(number);
    if (it == canonical_.end()) return std::optional<block::BlockHash>{};
    return std::optional<block::BlockHash>(it->second);
  }

  Result<std::optional<std::vector<Bytes>>, BlockSourceError> body(
      const block::BlockHash& hash) const override {
    if (failing_bodies_.contains(hash)) return unexpected(BlockSourceError{"body"});
    auto it = blocks_.find(hash);
    if (it == blocks_.end()) return std::optional<std::vector<Bytes>>{};
    return it->second.body;
  }

  Result<std::optional<block::Justifications>, BlockSourceError> justifications(
      const block::BlockHash& hash) const override {
    if (failing_justifications_.contains(hash)) {
      return unexpected(BlockSourceError{"justifications"});
    }
    auto it = blocks_.find(hash);
    if (it == blocks_.end()) return std::optional<block::Justifications>{};
    return it->second.justifications;
  }

 private:
  std::map<block::BlockHash, Entry> blocks_;
  std::map<block::BlockNumber, block::BlockHash> canonical_;
  std::set<block::BlockHash> failing_headers_;
  std::set<block::BlockHash> failing_bodies_;
  std::set<block::BlockHash> failing_justifications_;
};

}  // namespace canary::network::testing
