// SignatureVerifier (executor/host/signature_verifier.hpp): a batch's verdict is the AND of its
// checks whatever the number of worker threads and the order the checks finish in (the strict
// sr25519 ones verified together, the rest one by one); batches of several callers at once keep
// their own verdicts; a cancelled batch drops what it has not begun.
#include "executor/host/signature_verifier.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "primitives/crypto/ed25519.hpp"
#include "primitives/crypto/sr25519.hpp"

namespace canary::executor::host {
namespace {

struct Signed {
  crypto::sr25519::Keypair pair;
  Bytes message;
  crypto::sr25519::Signature signature;
};

std::vector<Signed> signed_messages(size_t count) {
  std::vector<Signed> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    ByteArray<32> seed{};
    seed[0] = static_cast<uint8_t>(i);
    seed[1] = static_cast<uint8_t>(i >> 8);
    Signed s{
        crypto::sr25519::keypair_from_mini_secret(seed), Bytes(40, static_cast<uint8_t>(i)), {}};
    s.signature = crypto::sr25519::sign(s.pair, s.message);
    out.push_back(std::move(s));
  }
  return out;
}

bool verdict(SignatureVerifier& verifier, const std::vector<Signed>& checks,
             std::optional<size_t> bad) {
  const auto batch = verifier.start();
  for (size_t i = 0; i < checks.size(); ++i) {
    crypto::sr25519::Signature signature = checks[i].signature;
    if (bad == i) signature[0] ^= 1;
    verifier.add(batch, SignatureRule::kSr25519, signature, checks[i].message,
                 checks[i].pair.public_key);
  }
  return verifier.finish(*batch);
}

TEST(SignatureVerifier, TheVerdictIsTheSameOnAnyNumberOfThreads) {
  const std::vector<Signed> checks = signed_messages(64);
  for (const size_t workers : {0U, 1U, 3U}) {
    SignatureVerifier verifier(workers);
    EXPECT_EQ(verifier.workers(), workers);
    EXPECT_TRUE(verdict(verifier, checks, std::nullopt)) << workers;
    for (const size_t bad : {0U, 31U, 63U}) {
      EXPECT_FALSE(verdict(verifier, checks, bad)) << workers << " workers, bad " << bad;
    }
    // An empty batch is valid.
    EXPECT_TRUE(verdict(verifier, {}, std::nullopt));
  }
}

TEST(SignatureVerifier, EveryRuleIsTheHostFunctions) {
  SignatureVerifier verifier(2);
  const auto ed = crypto::ed25519::keypair_from_seed(ByteArray<32>{5});
  const Bytes message{1, 2, 3};
  const auto ed_signature = crypto::ed25519::sign(ed, message);
  auto batch = verifier.start();
  verifier.add(batch, SignatureRule::kEd25519, ed_signature, message, ed.public_key);
  // ZIP-215: the all-zero key and signature verify the empty message.
  verifier.add(batch, SignatureRule::kEd25519, ByteArray<64>{}, {}, ByteArray<32>{});
  EXPECT_TRUE(verifier.finish(*batch));
  batch = verifier.start();
  verifier.add(batch, SignatureRule::kEd25519, ed_signature, Bytes{1, 2, 4}, ed.public_key);
  EXPECT_FALSE(verifier.finish(*batch));
}

TEST(SignatureVerifier, MixedRulesInOneBatch) {
  // The strict sr25519 checks are verified together (check_signatures), the others one by one:
  // a bad check of either kind fails the batch, on the caller's thread or a worker's.
  const std::vector<Signed> sr = signed_messages(20);
  const auto ed = crypto::ed25519::keypair_from_seed(ByteArray<32>{7});
  const Bytes message{9, 8, 7};
  const auto ed_signature = crypto::ed25519::sign(ed, message);
  for (const size_t workers : {0U, 2U}) {
    SignatureVerifier verifier(workers);
    for (int bad = -1; bad < 3; ++bad) {
      const auto batch = verifier.start();
      for (size_t i = 0; i < sr.size(); ++i) {
        crypto::sr25519::Signature signature = sr[i].signature;
        if (bad == 0 && i == 11) signature[5] ^= 1;
        // Every third one through version 1's rule (marked signatures verify strictly there).
        verifier.add(batch,
                     i % 3 == 0 ? SignatureRule::kSr25519Deprecated : SignatureRule::kSr25519,
                     signature, sr[i].message, sr[i].pair.public_key);
        if (i == 7) {
          verifier.add(batch, SignatureRule::kEd25519, ed_signature,
                       bad == 1 ? Bytes{9, 8, 6} : message, ed.public_key);
        }
      }
      if (bad == 2) {
        crypto::sr25519::Signature signature = sr[3].signature;
        signature[40] ^= 2;
        verifier.add(batch, SignatureRule::kSr25519Deprecated, signature, sr[3].message,
                     sr[3].pair.public_key);
      }
      EXPECT_EQ(verifier.finish(*batch), bad == -1) << workers << " workers, bad " << bad;
    }
  }
}

TEST(SignatureVerifier, ConcurrentBatchesKeepTheirOwnVerdicts) {
  const std::vector<Signed> checks = signed_messages(32);
  SignatureVerifier verifier(2);
  std::vector<int> results(6, -1);
  std::vector<std::thread> callers;
  callers.reserve(results.size());
  for (size_t c = 0; c < results.size(); ++c) {
    callers.emplace_back([&, c] {
      // Odd callers' batches have one bad signature.
      const std::optional<size_t> bad = c % 2 == 1 ? std::optional<size_t>(c) : std::nullopt;
      results[c] = verdict(verifier, checks, bad) ? 1 : 0;
    });
  }
  for (std::thread& t : callers) t.join();
  for (size_t c = 0; c < results.size(); ++c) EXPECT_EQ(results[c], c % 2 == 1 ? 0 : 1) << c;
}

TEST(SignatureVerifier, ACancelledBatchIsDroppedAndTheVerifierGoesOn) {
  const std::vector<Signed> checks = signed_messages(16);
  SignatureVerifier verifier(1);
  const auto abandoned = verifier.start();
  for (const Signed& s : checks) {
    verifier.add(abandoned, SignatureRule::kSr25519, s.signature, s.message, s.pair.public_key);
  }
  verifier.cancel(*abandoned);
  EXPECT_TRUE(verdict(verifier, checks, std::nullopt));
  EXPECT_FALSE(verdict(verifier, checks, 3));
}

}  // namespace
}  // namespace canary::executor::host
