// SCALE codec throughput: a header-like struct and a vector of compact integers.
#include <benchmark/benchmark.h>

#include "primitives/scale/scale.hpp"

namespace canary::scale {
namespace {

struct Transfer {
  Hash256 dest{};
  u128 amount = 0;
  uint32_t nonce = 0;
  CANARY_SCALE_FIELDS(dest, compact(amount), compact(nonce))
};

void BM_ScaleEncodeTransfers(benchmark::State& state) {
  std::vector<Transfer> transfers(1000);
  for (size_t i = 0; i < transfers.size(); ++i) {
    transfers[i].amount = u128{i} * 1'000'000'000'000;
    transfers[i].nonce = static_cast<uint32_t>(i);
  }
  size_t bytes = 0;
  for (auto _ : state) {
    Bytes out = encode(transfers);
    bytes += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ScaleEncodeTransfers);

void BM_ScaleDecodeTransfers(benchmark::State& state) {
  std::vector<Transfer> transfers(1000);
  for (size_t i = 0; i < transfers.size(); ++i) transfers[i].amount = u128{i} << 40;
  Bytes encoded = encode(transfers);
  for (auto _ : state) {
    auto decoded = decode<std::vector<Transfer>>(encoded);
    benchmark::DoNotOptimize(decoded.has_value());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * encoded.size()));
}
BENCHMARK(BM_ScaleDecodeTransfers);

}  // namespace
}  // namespace canary::scale
