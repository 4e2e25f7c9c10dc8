// sr25519 costs. BM_Sr25519Verify times, in the same loop, our verify and the two raw libsodium
// scalar multiplications a naive verification needs (s·B and k·A), so the ratio is immune to the
// machine's speed: the target is ratio_vs_two_scalarmults <= 1.3. Both are measured in thread CPU
// time, so preemption on a shared machine does not skew them. Verification runs on our
// variable-time ristretto255 code (one decode each of A and R, a short-multiple reduction of the
// challenge and one three-term multiplication with 128 doublings); the BM_Ristretto255* and
// BM_Edwards25519* benchmarks time those pieces.
#include <benchmark/benchmark.h>
#include <sodium/crypto_scalarmult_ristretto255.h>
#include <time.h>

#include <vector>

#include "primitives/crypto/edwards25519_point.hpp"
#include "primitives/crypto/ristretto255.hpp"
#include "primitives/crypto/scalar25519.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace {

using namespace canary;
using namespace canary::crypto;

double thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

sr25519::Keypair bench_pair() {
  sr25519::MiniSecret seed{};
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(i * 7 + 1);
  return sr25519::keypair_from_mini_secret(seed);
}

Transcript bench_transcript() {
  Transcript t("BABE");
  t.append_u64("slot number", 270170680);
  t.append_u64("current epoch", 7);
  t.append_message("chain randomness", ByteArray<32>{});
  return t;
}

void BM_Sr25519Verify(benchmark::State& state) {
  const sr25519::Keypair pair = bench_pair();
  const ByteArray<32> message{};  // a block hash, as for BABE seals
  const sr25519::Signature sig = sr25519::sign(pair, message);
  ByteArray<32> s{}, k{};
  std::copy(sig.begin() + 32, sig.end(), s.begin());
  s[31] &= 0x7f;
  k = s;  // any full-size scalar: the constant-time ladder's cost does not depend on it
  k[0] ^= 0x5a;

  double verify_ns = 0;
  double mults_ns = 0;
  for (auto _ : state) {
    const double t0 = thread_cpu_ns();
    bool ok = sr25519::verify(sig, message, pair.public_key);
    benchmark::DoNotOptimize(ok);
    const double t1 = thread_cpu_ns();
    ByteArray<32> sb{}, ka{};
    benchmark::DoNotOptimize(crypto_scalarmult_ristretto255_base(sb.data(), s.data()));
    benchmark::DoNotOptimize(
        crypto_scalarmult_ristretto255(ka.data(), k.data(), pair.public_key.data()));
    benchmark::ClobberMemory();
    const double t2 = thread_cpu_ns();
    if (!ok) state.SkipWithError("verify failed");
    verify_ns += t1 - t0;
    mults_ns += t2 - t1;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["verify_us"] = verify_ns / n / 1000.0;
  state.counters["two_scalarmults_us"] = mults_ns / n / 1000.0;
  state.counters["ratio_vs_two_scalarmults"] = mults_ns > 0 ? verify_ns / mults_ns : 0.0;
}
BENCHMARK(BM_Sr25519Verify)->Unit(benchmark::kMicrosecond);

// verify_batch of N signatures (distinct keys and messages, as a block's transfers) against the
// N verify() calls of the same signatures, timed in the same loop: ratio_batch_vs_single below 1
// is the batch's gain per signature.
void BM_Sr25519VerifyBatch(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  std::vector<ByteArray<32>> messages(n);
  std::vector<sr25519::SignedMessage> batch;
  batch.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    sr25519::MiniSecret seed{};
    for (size_t b = 0; b < seed.size(); ++b) seed[b] = static_cast<uint8_t>(i * 131 + b * 7 + 1);
    const sr25519::Keypair pair = sr25519::keypair_from_mini_secret(seed);
    messages[i][0] = static_cast<uint8_t>(i);
    messages[i][1] = static_cast<uint8_t>(i >> 8);
    batch.push_back({sr25519::sign(pair, messages[i]), messages[i], pair.public_key});
  }
  double batch_ns = 0;
  double single_ns = 0;
  for (auto _ : state) {
    const double t0 = thread_cpu_ns();
    bool ok = sr25519::verify_batch(batch);
    benchmark::DoNotOptimize(ok);
    const double t1 = thread_cpu_ns();
    for (const sr25519::SignedMessage& item : batch) {
      ok = sr25519::verify(item.signature, item.message, item.public_key) && ok;
    }
    benchmark::DoNotOptimize(ok);
    const double t2 = thread_cpu_ns();
    if (!ok) state.SkipWithError("verify failed");
    batch_ns += t1 - t0;
    single_ns += t2 - t1;
  }
  const double signatures = static_cast<double>(state.iterations()) * static_cast<double>(n);
  state.counters["batch_us_per_signature"] = batch_ns / signatures / 1000.0;
  state.counters["single_us_per_signature"] = single_ns / signatures / 1000.0;
  state.counters["ratio_batch_vs_single"] = single_ns > 0 ? batch_ns / single_ns : 0.0;
}
BENCHMARK(BM_Sr25519VerifyBatch)->Arg(16)->Arg(128)->Arg(2393)->Unit(benchmark::kMillisecond);

void BM_Sr25519Sign(benchmark::State& state) {
  const sr25519::Keypair pair = bench_pair();
  const ByteArray<32> message{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(sr25519::sign(pair, message));
  }
}
BENCHMARK(BM_Sr25519Sign)->Unit(benchmark::kMicrosecond);

void BM_Sr25519VrfSign(benchmark::State& state) {
  const sr25519::Keypair pair = bench_pair();
  for (auto _ : state) {
    benchmark::DoNotOptimize(sr25519::vrf_sign(pair, bench_transcript()));
  }
}
BENCHMARK(BM_Sr25519VrfSign)->Unit(benchmark::kMicrosecond);

void BM_Sr25519VrfVerify(benchmark::State& state) {
  const sr25519::Keypair pair = bench_pair();
  const auto signed_vrf = sr25519::vrf_sign(pair, bench_transcript());
  for (auto _ : state) {
    auto r = sr25519::vrf_verify(pair.public_key, bench_transcript(), signed_vrf.second);
    if (!r) state.SkipWithError("vrf verify failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Sr25519VrfVerify)->Unit(benchmark::kMicrosecond);

// ---- the pieces of verification ----

struct BenchInputs {
  ByteArray<32> point_bytes;
  edwards25519::Point point;
  ByteArray<32> a, b, c;  // reduced scalars
};

BenchInputs bench_inputs() {
  const sr25519::Keypair pair = bench_pair();
  BenchInputs in;
  in.point_bytes = pair.public_key;
  in.point = *ristretto255::decode(pair.public_key);
  for (size_t i = 0; i < 32; ++i) {
    in.a[i] = static_cast<uint8_t>(i * 37 + 11);
    in.b[i] = static_cast<uint8_t>(i * 53 + 5);
    in.c[i] = static_cast<uint8_t>(i * 71 + 3);
  }
  in.a[31] = in.b[31] = in.c[31] = 0x0c;  // below L
  return in;
}

void BM_Ristretto255Decode(benchmark::State& state) {
  const BenchInputs in = bench_inputs();
  for (auto _ : state) benchmark::DoNotOptimize(ristretto255::decode(in.point_bytes));
}
BENCHMARK(BM_Ristretto255Decode)->Unit(benchmark::kMicrosecond);

void BM_Ristretto255Encode(benchmark::State& state) {
  const BenchInputs in = bench_inputs();
  for (auto _ : state) benchmark::DoNotOptimize(ristretto255::encode(in.point));
}
BENCHMARK(BM_Ristretto255Encode)->Unit(benchmark::kMicrosecond);

void BM_Scalar25519ShortMultiple(benchmark::State& state) {
  const BenchInputs in = bench_inputs();
  for (auto _ : state) benchmark::DoNotOptimize(scalar25519::short_multiple(in.a));
}
BENCHMARK(BM_Scalar25519ShortMultiple)->Unit(benchmark::kMicrosecond);

// [a]P + [b]B, full-size scalars (253 doublings).
void BM_Edwards25519DoubleScalarMulBase(benchmark::State& state) {
  const BenchInputs in = bench_inputs();
  for (auto _ : state) {
    benchmark::DoNotOptimize(edwards25519::double_scalar_mul_base(in.a, in.point, in.b));
  }
}
BENCHMARK(BM_Edwards25519DoubleScalarMulBase)->Unit(benchmark::kMicrosecond);

// [u]P + [t]Q + [c]B with u, t below 2^127, as in verification (128 doublings).
void BM_Edwards25519TripleScalarMulBaseShort(benchmark::State& state) {
  BenchInputs in = bench_inputs();
  const scalar25519::ShortMultiple m = scalar25519::short_multiple(in.a);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        edwards25519::triple_scalar_mul_base(m.u, in.point, m.t, in.point, in.c));
  }
}
BENCHMARK(BM_Edwards25519TripleScalarMulBaseShort)->Unit(benchmark::kMicrosecond);

}  // namespace
