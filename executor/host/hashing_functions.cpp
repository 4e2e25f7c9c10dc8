// ext_hashing_*: each returns an i32 pointer to the fixed-size hash in a fresh allocation (sp-io
// `Hashing`, sp-crypto-hashing). twox_N concatenates XXH64 with seeds 0..N/64-1, little endian.
#include "executor/host/detail/registry.hpp"
#include "executor/host/host_api.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/util/result.hpp"

namespace canary::executor::host {
namespace {

using detail::kI32;
using detail::kI64;

template <auto Hash>
HostResult hash_of(HostCall& call) {
  CANARY_TRY_ASSIGN(auto data, call.bytes(0, "data"));
  const auto digest = Hash(data);
  return call.return_pointer(digest);
}

}  // namespace

void register_hashing(HostFunctionTable& t) {
  using detail::add;
  add<"ext_hashing_keccak_256_version_1", hash_of<hash::keccak_256>>(t, {kI64}, kI32);
  add<"ext_hashing_keccak_512_version_1", hash_of<hash::keccak_512>>(t, {kI64}, kI32);
  add<"ext_hashing_sha2_256_version_1", hash_of<hash::sha2_256>>(t, {kI64}, kI32);
  add<"ext_hashing_blake2_128_version_1", hash_of<hash::blake2b_128>>(t, {kI64}, kI32);
  add<"ext_hashing_blake2_256_version_1", hash_of<hash::blake2b_256>>(t, {kI64}, kI32);
  add<"ext_hashing_twox_64_version_1", hash_of<hash::twox_64>>(t, {kI64}, kI32);
  add<"ext_hashing_twox_128_version_1", hash_of<hash::twox_128>>(t, {kI64}, kI32);
  add<"ext_hashing_twox_256_version_1", hash_of<hash::twox_256>>(t, {kI64}, kI32);
}

}  // namespace canary::executor::host
