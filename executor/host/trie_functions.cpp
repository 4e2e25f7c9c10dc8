// ext_trie_*: roots of tries built from a list, and compact proof checks (sp-io `Trie`). Version 1
// of each function is version 2 with state version V0. The roots return an i32 pointer to the
// 32-byte hash; verify_proof checks one (key, value) claim with sp_trie::verify_trie_proof, i.e.
// against a compact proof (state/trie/compact_proof.hpp), and answers false for any failure.
#include "executor/host/detail/registry.hpp"
#include "executor/host/detail/storage_common.hpp"
#include "executor/host/host_api.hpp"
#include "primitives/util/result.hpp"
#include "state/trie/compact_proof.hpp"
#include "state/trie/trie_root.hpp"

namespace canary::executor::host {
namespace {

using detail::kI32;
using detail::kI64;
using state::StateVersion;
using state::TrieHasher;

// Duplicate keys: the later pair wins, as when sp_trie feeds them to a map.
template <TrieHasher Hasher, bool Versioned>
HostResult root(HostCall& call) {
  using Entries = std::vector<std::pair<Bytes, Bytes>>;
  CANARY_TRY_ASSIGN(auto entries, call.decode<Entries>(0, "input"));
  StateVersion version = StateVersion::kV0;
  if constexpr (Versioned) {
    CANARY_TRY_ASSIGN(auto v, detail::state_version_arg(call, 1));
    version = v;
  }
  const Hash256 hash =
      state::trie_root(std::span<const std::pair<Bytes, Bytes>>(entries), version, Hasher);
  return call.return_pointer(hash);
}

// Keys are SCALE Compact(index).
template <TrieHasher Hasher, bool Versioned>
HostResult ordered_root(HostCall& call) {
  CANARY_TRY_ASSIGN(auto values, call.decode<std::vector<Bytes>>(0, "input"));
  StateVersion version = StateVersion::kV0;
  if constexpr (Versioned) {
    CANARY_TRY_ASSIGN(auto v, detail::state_version_arg(call, 1));
    version = v;
  }
  const Hash256 hash = state::ordered_trie_root(std::span<const Bytes>(values), version, Hasher);
  return call.return_pointer(hash);
}

template <TrieHasher Hasher, bool Versioned>
HostResult verify_proof(HostCall& call) {
  CANARY_TRY_ASSIGN(auto root_hash, call.array<32>(0, "root"));
  CANARY_TRY_ASSIGN(auto proof, call.decode<std::vector<Bytes>>(1, "proof"));
  StateVersion version = StateVersion::kV0;
  if constexpr (Versioned) {
    CANARY_TRY_ASSIGN(auto v, detail::state_version_arg(call, 4));
    version = v;
  }
  CANARY_TRY_ASSIGN(auto key, call.bytes(2, "key"));
  CANARY_TRY_ASSIGN(auto value, call.bytes(3, "value"));
  return HostCall::return_bool(state::verify_proof(root_hash, proof, key, value, version, Hasher));
}

constexpr TrieHasher kBlake2 = TrieHasher::kBlake2b256;
constexpr TrieHasher kKeccak = TrieHasher::kKeccak256;

}  // namespace

void register_trie(HostFunctionTable& t) {
  using detail::add;
  add<"ext_trie_blake2_256_root_version_1", root<kBlake2, false>>(t, {kI64}, kI32);
  add<"ext_trie_blake2_256_root_version_2", root<kBlake2, true>>(t, {kI64, kI32}, kI32);
  add<"ext_trie_blake2_256_ordered_root_version_1", ordered_root<kBlake2, false>>(t, {kI64}, kI32);
  add<"ext_trie_blake2_256_ordered_root_version_2", ordered_root<kBlake2, true>>(t, {kI64, kI32},
                                                                                 kI32);
  add<"ext_trie_keccak_256_root_version_1", root<kKeccak, false>>(t, {kI64}, kI32);
  add<"ext_trie_keccak_256_root_version_2", root<kKeccak, true>>(t, {kI64, kI32}, kI32);
  add<"ext_trie_keccak_256_ordered_root_version_1", ordered_root<kKeccak, false>>(t, {kI64}, kI32);
  add<"ext_trie_keccak_256_ordered_root_version_2", ordered_root<kKeccak, true>>(t, {kI64, kI32},
                                                                                 kI32);
  add<"ext_trie_blake2_256_verify_proof_version_1", verify_proof<kBlake2, false>>(
      t, {kI32, kI64, kI64, kI64}, kI32);
  add<"ext_trie_blake2_256_verify_proof_version_2", verify_proof<kBlake2, true>>(
      t, {kI32, kI64, kI64, kI64, kI32}, kI32);
  add<"ext_trie_keccak_256_verify_proof_version_1", verify_proof<kKeccak, false>>(
      t, {kI32, kI64, kI64, kI64}, kI32);
  add<"ext_trie_keccak_256_verify_proof_version_2", verify_proof<kKeccak, true>>(
      t, {kI32, kI64, kI64, kI64, kI32}, kI32);
}

}  // namespace canary::executor::host
