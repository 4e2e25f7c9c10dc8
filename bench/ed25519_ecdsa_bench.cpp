// ed25519 verification (ours: libsodium fast path + ZIP-215 slow path) against raw libsodium, and
// secp256k1 ECDSA sign / verify / recover.
//
// `vs_libsodium` = (our time per verification) / (raw libsodium time per verification), with the
// libsodium figure measured once up front.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>

#include "primitives/crypto/ecdsa.hpp"
#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/ed25519_zip215.hpp"
#include "primitives/hash/hash.hpp"

namespace {

using namespace canary;
using namespace canary::crypto;

struct Ed25519Fixture {
  ed25519::Keypair keypair{};
  Bytes message = Bytes(128);
  ed25519::Signature signature{};
  ed25519::Signature bad_signature{};
  Ed25519Fixture() {
    if (sodium_init() < 0) std::abort();
    ed25519::Seed seed{};
    for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(i * 7 + 1);
    keypair = ed25519::keypair_from_seed(seed);
    for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<uint8_t>(i);
    signature = ed25519::sign(keypair, message);
    bad_signature = signature;
    bad_signature[40] ^= 1;  // s changed, R still a point: the whole slow path runs
  }
};

const Ed25519Fixture& ed() {
  static const Ed25519Fixture kFixture;
  return kFixture;
}

// CPU time, like the benchmark's own rate counters (the build machine is shared).
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double libsodium_seconds_per_verify() {
  static const double kSeconds = [] {
    const auto& f = ed();
    constexpr int kRounds = 4000;
    int ok = 0;
    const double start = thread_cpu_seconds();
    for (int i = 0; i < kRounds; ++i) {
      ok += crypto_sign_verify_detached(f.signature.data(), f.message.data(), f.message.size(),
                                        f.keypair.public_key.data()) == 0;
    }
    const double stop = thread_cpu_seconds();
    benchmark::DoNotOptimize(ok);
    return (stop - start) / kRounds;
  }();
  return kSeconds;
}

// Reported value = elapsed / (iterations * libsodium seconds per verify) = ratio of per-call times.
void add_ratio_counter(benchmark::State& state) {
  state.counters["vs_libsodium"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * libsodium_seconds_per_verify(),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Ed25519VerifyLibsodiumRaw(benchmark::State& state) {
  const auto& f = ed();
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_sign_verify_detached(
        f.signature.data(), f.message.data(), f.message.size(), f.keypair.public_key.data()));
  }
  add_ratio_counter(state);
}
BENCHMARK(BM_Ed25519VerifyLibsodiumRaw);

// Valid signature: taken by the libsodium fast path.
void BM_Ed25519Verify(benchmark::State& state) {
  const auto& f = ed();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ed25519::verify(f.signature, f.message, f.keypair.public_key));
  }
  add_ratio_counter(state);
}
BENCHMARK(BM_Ed25519Verify);

// Invalid signature: libsodium rejects, then the ZIP-215 slow path decides (worst case).
void BM_Ed25519VerifyInvalid(benchmark::State& state) {
  const auto& f = ed();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ed25519::verify(f.bad_signature, f.message, f.keypair.public_key));
  }
  add_ratio_counter(state);
}
BENCHMARK(BM_Ed25519VerifyInvalid);

// Our own ZIP-215 implementation alone, on a valid signature.
void BM_Ed25519VerifyZip215Only(benchmark::State& state) {
  const auto& f = ed();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ed25519::verify_zip215(f.signature, f.message, f.keypair.public_key));
  }
  add_ratio_counter(state);
}
BENCHMARK(BM_Ed25519VerifyZip215Only);

// Small-order edge case (sp-io `use_dalek_ext_works`): zero key, zero signature.
void BM_Ed25519VerifyZeroKeySlowPath(benchmark::State& state) {
  const ed25519::Signature sig{};
  const ed25519::PublicKey pk{};
  for (auto _ : state) benchmark::DoNotOptimize(ed25519::verify(sig, {}, pk));
  add_ratio_counter(state);
}
BENCHMARK(BM_Ed25519VerifyZeroKeySlowPath);

void BM_Ed25519Sign(benchmark::State& state) {
  const auto& f = ed();
  for (auto _ : state) benchmark::DoNotOptimize(ed25519::sign(f.keypair, f.message));
}
BENCHMARK(BM_Ed25519Sign);

struct EcdsaFixture {
  ecdsa::Keypair keypair{};
  Bytes message = Bytes(128);
  Hash256 prehash{};
  ecdsa::Signature signature{};
  EcdsaFixture() {
    ecdsa::Seed seed{};
    for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(i * 11 + 3);
    auto kp = ecdsa::keypair_from_seed(seed);
    if (!kp) std::abort();
    keypair = *kp;
    for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<uint8_t>(i);
    prehash = hash::blake2b_256(message);
    signature = ecdsa::sign(keypair, message);
  }
};

const EcdsaFixture& ec() {
  static const EcdsaFixture kFixture;
  return kFixture;
}

void BM_EcdsaSign(benchmark::State& state) {
  const auto& f = ec();
  for (auto _ : state) benchmark::DoNotOptimize(ecdsa::sign(f.keypair, f.message));
}
BENCHMARK(BM_EcdsaSign);

void BM_EcdsaVerify(benchmark::State& state) {
  const auto& f = ec();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ecdsa::verify(f.signature, f.message, f.keypair.public_key));
  }
}
BENCHMARK(BM_EcdsaVerify);

void BM_EcdsaRecoverCompressed(benchmark::State& state) {
  const auto& f = ec();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ecdsa::recover_compressed(f.signature, f.prehash, false));
  }
}
BENCHMARK(BM_EcdsaRecoverCompressed);

void BM_EcdsaRecoverUncompressedV1(benchmark::State& state) {
  const auto& f = ec();
  for (auto _ : state) benchmark::DoNotOptimize(ecdsa::recover(f.signature, f.prehash, true));
}
BENCHMARK(BM_EcdsaRecoverUncompressedV1);

}  // namespace
