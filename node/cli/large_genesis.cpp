#include "node/cli/large_genesis.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "executor/runtime_version_call.hpp"
#include "node/service/system_account_key.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/scale/scale.hpp"
#include "state/storage/node_changes.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_error.hpp"
#include "state/trie/trie_hasher.hpp"

namespace canary::cli {

namespace {

// runtime/pallets/balances/types.hpp kIsNewLogic.
constexpr u128 kIsNewLogic = u128{1} << 127;

void put_u128(scale::Encoder& out, u128 value) {
  for (size_t i = 0; i < 16; ++i) out.put_byte(static_cast<uint8_t>(value >> (8 * i)));
}

}  // namespace

Bytes endowed_account_info(u128 endowment) {
  scale::Encoder out(80);
  scale::encode_to(out, uint32_t{0});  // nonce
  scale::encode_to(out, uint32_t{0});  // consumers
  scale::encode_to(out, uint32_t{1});  // providers
  scale::encode_to(out, uint32_t{0});  // sufficients
  put_u128(out, endowment);            // free
  put_u128(out, 0);                    // reserved
  put_u128(out, 0);                    // frozen
  put_u128(out, kIsNewLogic);          // flags
  return std::move(out).take();
}

Result<GenesisWithAccounts, std::string> write_genesis_with_accounts(
    state::Database& db, const state::ChainSpec& spec, size_t count,
    const std::function<crypto::sr25519::PublicKey(size_t)>& account, u128 endowment,
    const GenesisChunkOptions& options) {
  if (!spec.children_default.empty()) {
    return unexpected(std::string("a genesis with child tries is not written in chunks"));
  }
  if (options.accounts_per_chunk == 0) return unexpected(std::string("chunks of 0 accounts"));
  auto code = spec.top.find(to_bytes(":code"));
  if (code == spec.top.end()) return unexpected(std::string("the genesis has no :code"));
  // The state version of the genesis runtime, as make_genesis_block (Substrate's
  // resolve_state_version_from_wasm).
  auto version = executor::runtime_version_of_code(code->second);
  if (!version) return unexpected("the genesis runtime: " + version.error().message);
  const state::StateVersion state_version =
      version->state_version() == 1 ? state::StateVersion::kV1 : state::StateVersion::kV0;

  // The runtime built `spec` with account(0) holding every account's endowment, so that the
  // total issuance (and what the runtime's genesis derives from it) is the final one.
  const Bytes first_key = node::system_account_key(account(0));
  auto first = spec.top.find(first_key);
  if (count == 0 || first == spec.top.end() ||
      first->second != endowed_account_info(endowment * static_cast<u128>(count))) {
    return unexpected(std::string("the genesis must endow account 0 with every account's share"));
  }

  // The accounts in the order of their keys' first hashed byte (a counting sort): a chunk then
  // fills a few of the 256 subtrees under System.Account instead of touching branches all over the
  // trie, which would load and rewrite most of the state's branch nodes for every chunk (the
  // chunks' cost grew with the state: 2.6 s for the first 200,000 of a million accounts, 19 s for
  // the fourth).
  if (count > UINT32_MAX) return unexpected(std::string("more than 2^32 accounts"));
  const size_t prefix_size = hash::storage_prefix("System", "Account").size();
  std::vector<uint32_t> order(count);
  {
    std::vector<uint8_t> first_byte(count);
    std::array<size_t, 257> start{};
    for (size_t i = 0; i < count; ++i) {
      first_byte[i] = node::system_account_key(account(i))[prefix_size];
      ++start[first_byte[i] + 1];
    }
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    for (size_t i = 0; i < count; ++i) order[start[first_byte[i]]++] = static_cast<uint32_t>(i);
  }

  const Bytes info = endowed_account_info(endowment);
  Hash256 root = state::empty_trie_root(state::TrieHasher::kBlake2b256);
  size_t next = 0;
  for (bool first_chunk = true; first_chunk || next < count; first_chunk = false) {
    state::Trie trie = state::Trie::open(root, db.node_store());
    if (first_chunk) {
      for (const auto& [key, value] : spec.top) {
        auto inserted = trie.insert(key, value);
        if (!inserted) {
          return unexpected(std::string("the genesis trie: ") + state::to_string(inserted.error()));
        }
      }
    }
    const size_t end = std::min(count, next + options.accounts_per_chunk);
    for (; next < end; ++next) {
      auto inserted = trie.insert(node::system_account_key(account(order[next])), info);
      if (!inserted) {
        return unexpected("the genesis trie, account " + std::to_string(next) + ": " +
                          state::to_string(inserted.error()));
      }
    }
    state::NodeChanges changes;
    root = trie.root_hash(state_version, &changes);
    auto written = db.write_genesis_state(changes);
    if (!written) return unexpected("writing the genesis state: " + written.error().message());
    if (options.on_chunk) options.on_chunk(next);
  }

  GenesisWithAccounts out;
  out.header.number = 0;
  out.header.state_root = root;
  // No extrinsics: the root of the empty trie (make_genesis_block).
  out.header.extrinsics_root = state::empty_trie_root(state::TrieHasher::kBlake2b256);
  out.hash = block::hash_of(out.header);
  // Every node is written: the genesis block adds none.
  const state::NodeChanges nothing;
  state::BlockCommit commit;
  commit.header = out.header;
  commit.body = scale::encode(std::vector<Bytes>{});
  commit.changes = &nothing;
  auto committed = db.commit(commit);
  if (!committed) return unexpected("the genesis block: " + committed.error().message());
  return out;
}

}  // namespace canary::cli
