// Availability recovery (parachain/availability_recovery/availability_recovery.hpp) driven by a
// fake network over real erasure coding: recovery from backers (first, after NoSuchData,
// failures and malformed answers, and past backers serving data the root does not commit to),
// recovery from chunks (exactly the threshold, faults of every kind, RFC-47's mapping), each
// faulty chunk refused one by one, kUnavailable when too few can answer, kInvalid for chunks under
// the root that do not encode an AvailableData, the in-flight limit and polkadot-sdk's
// error-rate top-up, the request bounds, ignored answers, and the refused parameters.
#include "parachain/availability_recovery/availability_recovery.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "parachain/availability/chunk_index.hpp"
#include "parachain/erasure_coding/chunk_proof.hpp"
#include "parachain/erasure_coding/erasure_coding.hpp"
#include "primitives/scale/scale.hpp"

namespace canary::parachain {
namespace {

using recovery::Output;
using recovery::Params;
using recovery::ParamsError;
using recovery::Phase;
using recovery::Request;
using recovery::RequestFailure;
using Answer = Result<Bytes, RequestFailure>;

constexpr size_t kN = 10;  // recovery threshold 4

Hash256 repeat(uint8_t b) {
  Hash256 h{};
  h.fill(b);
  return h;
}

const Hash256 kCandidate = repeat(0xc4);

AvailableData make_data(uint32_t seed, size_t pov_len = 2000) {
  std::mt19937 rng(seed);
  AvailableData d;
  d.pov.block_data.data.resize(pov_len);
  for (auto& b : d.pov.block_data.data) b = static_cast<uint8_t>(rng());
  d.validation_data.parent_head.data = {7, 8, 9};
  d.validation_data.relay_parent_number = 5;
  d.validation_data.relay_parent_storage_root = repeat(0x33);
  d.validation_data.max_pov_size = 1024 * 1024;
  return d;
}

// Chunks (honest or not), their root and proofs.
struct Coded {
  std::vector<Bytes> chunks;
  Hash256 root{};
  std::vector<erasure_coding::ChunkProof> proofs;
};

Coded commit(std::vector<Bytes> chunks) {
  Coded c;
  auto branches = erasure_coding::branches(chunks);
  EXPECT_TRUE(branches.has_value());
  c.chunks = std::move(chunks);
  if (branches) {
    c.root = branches->root;
    c.proofs = std::move(branches->proofs);
  }
  return c;
}

Coded encode_data(const AvailableData& d, size_t n = kN) {
  auto chunks = erasure_coding::obtain_chunks(n, scale::encode(d));
  EXPECT_TRUE(chunks.has_value());
  return commit(chunks ? std::move(*chunks) : std::vector<Bytes>{});
}

std::vector<ChunkIndex> identity(size_t n) {
  std::vector<ChunkIndex> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<ChunkIndex>(i);
  return out;
}

Params params_for(const Hash256& root, std::vector<ValidatorIndex> backers, size_t n = kN) {
  Params p;
  p.candidate_hash = kCandidate;
  p.erasure_root = root;
  p.n_validators = n;
  p.backing_group = std::move(backers);
  p.chunk_indices = identity(n);
  p.shuffle_seed = 42;
  return p;
}

AvailabilityRecovery make(Params p) {
  auto r = AvailabilityRecovery::create(std::move(p));
  if (!r) {
    ADD_FAILURE() << "create: " << to_string(r.error());
    std::abort();
  }
  return std::move(*r);
}

enum class Behaviour {
  kHonest,
  kNoSuch,      // NoSuchData / NoSuchChunk
  kTimeout,     // no answer (the caller's timeout)
  kGarbage,     // bytes that are no response
  kTrailing,    // an honest response followed by a byte
  kOtherData,   // full: a well-formed AvailableData the root does not commit to
  kWrongIndex,  // chunk: the next chunk, with its valid proof
  kBadChunk,    // chunk: the right index and proof, one byte of the chunk flipped
  kOtherProof,  // chunk: the right chunk with the next chunk's proof
};

struct FakeNetwork {
  AvailableData data;   // what honest backers serve
  AvailableData other;  // kOtherData
  Coded coded;          // what honest validators' chunks are
  std::vector<ChunkIndex> chunk_indices = identity(kN);
  std::map<ValidatorIndex, Behaviour> full;
  std::map<ValidatorIndex, Behaviour> chunks;

  static Behaviour of(const std::map<ValidatorIndex, Behaviour>& m, ValidatorIndex v) {
    auto it = m.find(v);
    return it == m.end() ? Behaviour::kHonest : it->second;
  }

  Bytes chunk_response(ChunkIndex index, Bytes chunk, ChunkIndex proof_of) const {
    return scale::encode(protocol::ChunkFetchingResponseV2{protocol::ErasureChunkResponse{
        ErasureChunk{std::move(chunk), index, coded.proofs[proof_of]}}});
  }

  Answer answer(const Request& q) const {
    if (std::holds_alternative<protocol::AvailableDataFetchingRequest>(q.request)) {
      using R = protocol::AvailableDataFetchingResponse;
      switch (of(full, q.validator)) {
        case Behaviour::kHonest:
          return scale::encode(R{protocol::AvailableDataResponse{data}});
        case Behaviour::kNoSuch:
          return scale::encode(R{protocol::NoSuchData{}});
        case Behaviour::kTimeout:
          return unexpected(RequestFailure::kTimeout);
        case Behaviour::kTrailing: {
          Bytes b = scale::encode(R{protocol::AvailableDataResponse{data}});
          b.push_back(0);
          return b;
        }
        case Behaviour::kOtherData:
          return scale::encode(R{protocol::AvailableDataResponse{other}});
        default:
          return Bytes{0x07, 0x01};
      }
    }
    const ChunkIndex ci = chunk_indices[q.validator];
    const auto next = static_cast<ChunkIndex>((ci + 1) % coded.chunks.size());
    switch (of(chunks, q.validator)) {
      case Behaviour::kHonest:
        return chunk_response(ci, coded.chunks[ci], ci);
      case Behaviour::kNoSuch:
        return scale::encode(protocol::ChunkFetchingResponseV2{protocol::NoSuchChunk{}});
      case Behaviour::kTimeout:
        return unexpected(RequestFailure::kTimeout);
      case Behaviour::kTrailing: {
        Bytes b = chunk_response(ci, coded.chunks[ci], ci);
        b.push_back(0);
        return b;
      }
      case Behaviour::kWrongIndex:
        return chunk_response(next, coded.chunks[next], next);
      case Behaviour::kBadChunk: {
        Bytes c = coded.chunks[ci];
        c[0] ^= 1;
        return chunk_response(ci, std::move(c), ci);
      }
      case Behaviour::kOtherProof:
        return chunk_response(ci, coded.chunks[ci], next);
      default:
        return Bytes{0x07, 0x01};
    }
  }
};

FakeNetwork honest_network(const AvailableData& data) {
  FakeNetwork net;
  net.data = data;
  net.other = make_data(999);
  net.coded = encode_data(data);
  return net;
}

struct Trace {
  std::optional<Result<AvailableData, RecoveryError>> done;
  std::vector<Request> sent;
  size_t max_in_flight = 0;
  size_t full_requests() const {
    return static_cast<size_t>(std::count_if(sent.begin(), sent.end(), [](const Request& q) {
      return std::holds_alternative<protocol::AvailableDataFetchingRequest>(q.request);
    }));
  }
  size_t chunk_requests() const { return sent.size() - full_requests(); }
};

// Answers every request in the order sent, including those still in flight when the recovery
// ended (which must change nothing), and checks the bounds every recovery keeps: each validator
// asked at most once per strategy, chunk requests naming the validator asked, at most n chunk
// requests, and never more in flight than `max_in_flight_allowed`.
Trace drive(AvailabilityRecovery& r, const FakeNetwork& net, size_t n = kN,
            size_t max_in_flight_allowed = SIZE_MAX) {
  Trace run;
  std::deque<Request> queue;
  for (const Request& q : r.start()) {
    run.sent.push_back(q);
    queue.push_back(q);
  }
  run.max_in_flight = r.in_flight();
  while (!queue.empty()) {
    const Request q = queue.front();
    queue.pop_front();
    Output out = r.on_response(q.id, net.answer(q));
    if (run.done) {
      EXPECT_TRUE(out.requests.empty());
      EXPECT_FALSE(out.done.has_value());
    }
    for (const Request& next : out.requests) {
      run.sent.push_back(next);
      queue.push_back(next);
    }
    run.max_in_flight = std::max(run.max_in_flight, r.in_flight());
    if (out.done) run.done = std::move(out.done);
  }
  EXPECT_LE(run.max_in_flight, max_in_flight_allowed);
  std::set<ValidatorIndex> full_asked;
  std::set<ValidatorIndex> chunk_asked;
  std::set<recovery::RequestId> ids;
  for (const Request& q : run.sent) {
    EXPECT_TRUE(ids.insert(q.id).second) << "request id " << q.id << " reused";
    EXPECT_LT(q.validator, n);
    if (const auto* full = std::get_if<protocol::AvailableDataFetchingRequest>(&q.request)) {
      EXPECT_EQ(full->candidate_hash, kCandidate);
      EXPECT_TRUE(full_asked.insert(q.validator).second) << "backer " << q.validator << " twice";
    } else {
      const auto& chunk = std::get<protocol::ChunkFetchingRequest>(q.request);
      EXPECT_EQ(chunk.candidate_hash, kCandidate);
      EXPECT_EQ(chunk.index, q.validator);
      EXPECT_TRUE(chunk_asked.insert(q.validator).second)
          << "validator " << q.validator << " twice";
    }
  }
  EXPECT_LE(run.chunk_requests(), n);
  EXPECT_TRUE(run.done.has_value());
  EXPECT_TRUE(r.finished());
  EXPECT_EQ(r.in_flight(), 0u);
  return run;
}

::testing::AssertionResult recovered(const Trace& run, const AvailableData& expected) {
  if (!run.done) return ::testing::AssertionFailure() << "not finished";
  if (!run.done->has_value()) {
    return ::testing::AssertionFailure() << "failed: " << to_string(run.done->error());
  }
  if (!(run.done->value() == expected)) return ::testing::AssertionFailure() << "other data";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult failed_with(const Trace& run, RecoveryError expected) {
  if (!run.done) return ::testing::AssertionFailure() << "not finished";
  if (run.done->has_value()) return ::testing::AssertionFailure() << "recovered";
  if (run.done->error() != expected) {
    return ::testing::AssertionFailure()
           << to_string(run.done->error()) << "; expected " << to_string(expected);
  }
  return ::testing::AssertionSuccess();
}

std::vector<ValidatorIndex> validators_of(const std::vector<Request>& requests) {
  std::vector<ValidatorIndex> out;
  out.reserve(requests.size());
  for (const Request& q : requests) out.push_back(q.validator);
  return out;
}

// ---- FetchFull ---------------------------------------------------------------------------------

TEST(AvailabilityRecovery, FullDataFromTheFirstBacker) {
  const AvailableData data = make_data(1);
  const FakeNetwork net = honest_network(data);
  auto r = make(params_for(net.coded.root, {3, 5, 8}));
  const Trace run = drive(r, net);
  EXPECT_TRUE(recovered(run, data));
  ASSERT_EQ(run.sent.size(), 1u);
  EXPECT_EQ(run.sent[0].validator, 3u);
  EXPECT_EQ(run.full_requests(), 1u);
}

TEST(AvailabilityRecovery, BackersAskedOneAtATimeInOrderUntilOneServes) {
  const AvailableData data = make_data(2);
  FakeNetwork net = honest_network(data);
  net.full = {{3, Behaviour::kNoSuch},
              {5, Behaviour::kTimeout},
              {8, Behaviour::kGarbage},
              {1, Behaviour::kTrailing}};
  // Repeated backers are asked once.
  auto r = make(params_for(net.coded.root, {3, 5, 3, 8, 1, 6, 2}));
  const Trace run = drive(r, net, kN, /*max_in_flight_allowed=*/1);
  EXPECT_TRUE(recovered(run, data));
  EXPECT_EQ(validators_of(run.sent), (std::vector<ValidatorIndex>{3, 5, 8, 1, 6}));
  EXPECT_EQ(run.chunk_requests(), 0u);
}

TEST(AvailabilityRecovery, DataTheRootDoesNotCommitToFallsThroughToChunks) {
  const AvailableData data = make_data(3);
  FakeNetwork net = honest_network(data);
  net.full = {{3, Behaviour::kOtherData}, {5, Behaviour::kOtherData}};
  auto r = make(params_for(net.coded.root, {3, 5}));
  const Trace run = drive(r, net);
  EXPECT_TRUE(recovered(run, data));  // from the chunks, not the backers' other data
  EXPECT_EQ(run.full_requests(), 2u);
  EXPECT_EQ(run.chunk_requests(), 4u);  // the threshold, all honest
  EXPECT_TRUE(std::holds_alternative<protocol::AvailableDataFetchingRequest>(run.sent[0].request));
  EXPECT_TRUE(std::holds_alternative<protocol::AvailableDataFetchingRequest>(run.sent[1].request));
}

TEST(AvailabilityRecovery, ChunksOnlyWhenNotBackersFirstOrNoGroup) {
  const AvailableData data = make_data(4);
  const FakeNetwork net = honest_network(data);
  Params p = params_for(net.coded.root, {3, 5});
  p.backers_first = false;
  auto r = make(p);
  const Trace run = drive(r, net);
  EXPECT_TRUE(recovered(run, data));
  EXPECT_EQ(run.full_requests(), 0u);

  auto no_group = make(params_for(net.coded.root, {}));
  const std::vector<Request> first = no_group.start();
  EXPECT_EQ(no_group.phase(), Phase::kFetchChunks);
  EXPECT_EQ(first.size(), 4u);
  EXPECT_TRUE(no_group.start().empty());  // only the first call starts
}

// ---- FetchChunks -------------------------------------------------------------------------------

TEST(AvailabilityRecovery, ExactlyTheThresholdOfChunks) {
  const AvailableData data = make_data(5);
  FakeNetwork net = honest_network(data);
  // Six of ten fail in six ways: only the four others' chunks, exactly the threshold, remain.
  net.chunks = {{0, Behaviour::kNoSuch},     {2, Behaviour::kTimeout},
                {4, Behaviour::kGarbage},    {6, Behaviour::kBadChunk},
                {7, Behaviour::kWrongIndex}, {9, Behaviour::kOtherProof}};
  auto r = make(params_for(net.coded.root, {}));
  EXPECT_EQ(r.threshold(), 4u);
  const Trace run = drive(r, net);
  EXPECT_TRUE(recovered(run, data));
  EXPECT_EQ(run.chunk_requests(), kN);  // everyone had to be asked
}

TEST(AvailabilityRecovery, OneFailureTooManyIsUnavailable) {
  const AvailableData data = make_data(6);
  FakeNetwork net = honest_network(data);
  net.chunks = {{0, Behaviour::kNoSuch},   {2, Behaviour::kTimeout},    {4, Behaviour::kGarbage},
                {6, Behaviour::kBadChunk}, {7, Behaviour::kWrongIndex}, {9, Behaviour::kOtherProof},
                {1, Behaviour::kTrailing}};
  auto r = make(params_for(net.coded.root, {}));
  const Trace run = drive(r, net);
  EXPECT_TRUE(failed_with(run, RecoveryError::kUnavailable));
}

TEST(AvailabilityRecovery, UnavailableAsSoonAsTheThresholdIsOutOfReach) {
  const AvailableData data = make_data(7);
  FakeNetwork net = honest_network(data);
  for (ValidatorIndex v = 0; v < kN; ++v) net.chunks[v] = Behaviour::kNoSuch;
  Params p = params_for(net.coded.root, {});
  p.max_parallel = 1;
  auto r = make(p);
  const std::vector<Request> first = r.start();
  ASSERT_EQ(first.size(), 1u);
  // With one request at a time, the 7th failure leaves 3 < 4 validators: the end, no 8th request.
  recovery::RequestId id = first[0].id;
  Request current = first[0];
  for (int failures = 1; failures <= 7; ++failures) {
    Output out = r.on_response(id, net.answer(current));
    if (failures < 7) {
      ASSERT_FALSE(out.done.has_value()) << failures;
      ASSERT_EQ(out.requests.size(), 1u);
      current = out.requests[0];
      id = current.id;
    } else {
      EXPECT_TRUE(out.requests.empty());
      ASSERT_TRUE(out.done.has_value());
      ASSERT_FALSE(out.done->has_value());
      EXPECT_EQ(out.done->error(), RecoveryError::kUnavailable);
    }
  }
}

TEST(AvailabilityRecovery, BackersAndChunksAllFailing) {
  const AvailableData data = make_data(8);
  FakeNetwork net = honest_network(data);
  net.full = {{3, Behaviour::kNoSuch}, {5, Behaviour::kTimeout}};
  for (ValidatorIndex v = 0; v < kN; ++v) net.chunks[v] = Behaviour::kTimeout;
  auto r = make(params_for(net.coded.root, {3, 5}));
  const Trace run = drive(r, net);
  EXPECT_TRUE(failed_with(run, RecoveryError::kUnavailable));
  EXPECT_EQ(run.full_requests(), 2u);
  // Four at a time, each failure replaced: all ten are asked before the 7th failure leaves
  // 3 in flight and none unasked.
  EXPECT_EQ(run.chunk_requests(), kN);
}

// Each fault, the first answer of a one-at-a-time recovery: refused (no chunk held) and replaced
// by the next validator; the honest answer is held.
TEST(AvailabilityRecovery, EachFaultyChunkIsRefused) {
  const AvailableData data = make_data(9);
  for (Behaviour b :
       {Behaviour::kNoSuch, Behaviour::kTimeout, Behaviour::kGarbage, Behaviour::kTrailing,
        Behaviour::kWrongIndex, Behaviour::kBadChunk, Behaviour::kOtherProof, Behaviour::kHonest}) {
    FakeNetwork net = honest_network(data);
    Params p = params_for(net.coded.root, {});
    p.max_parallel = 1;
    auto r = make(p);
    const std::vector<Request> first = r.start();
    ASSERT_EQ(first.size(), 1u);
    net.chunks[first[0].validator] = b;
    const Output out = r.on_response(first[0].id, net.answer(first[0]));
    EXPECT_FALSE(out.done.has_value());
    ASSERT_EQ(out.requests.size(), 1u);
    EXPECT_NE(out.requests[0].validator, first[0].validator);
    EXPECT_EQ(r.valid_chunks(), b == Behaviour::kHonest ? 1u : 0u) << static_cast<int>(b);
  }
}

TEST(AvailabilityRecovery, AChunkTooLongForAnyValidCandidateIsRefused) {
  // n = 100: k = 32, so no valid AvailableData has chunks over ~360 KB. A root over one 400 KB
  // chunk (and tiny others) gives it a valid proof, yet it is refused.
  constexpr size_t n = 100;
  Params probe = params_for(Hash256{}, {}, n);
  probe.max_parallel = 1;
  const ValidatorIndex first_asked = make(probe).start().at(0).validator;

  std::vector<Bytes> chunks(n, Bytes{1, 2});
  chunks[first_asked] = Bytes(400'000, 0xab);
  FakeNetwork net;
  net.coded = commit(chunks);
  net.chunk_indices = identity(n);
  Params p = probe;
  p.erasure_root = net.coded.root;
  auto r = make(p);
  const std::vector<Request> first = r.start();
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(first[0].validator, first_asked);
  const Output out = r.on_response(first[0].id, net.answer(first[0]));
  EXPECT_EQ(r.valid_chunks(), 0u);
  EXPECT_EQ(out.requests.size(), 1u);

  // A 300 KB chunk is within the bound and held.
  chunks[first_asked] = Bytes(300'000, 0xab);
  net.coded = commit(chunks);
  p.erasure_root = net.coded.root;
  auto within = make(p);
  const std::vector<Request> again = within.start();
  ASSERT_EQ(again.size(), 1u);
  (void)within.on_response(again[0].id, net.answer(again[0]));
  EXPECT_EQ(within.valid_chunks(), 1u);
}

TEST(AvailabilityRecovery, ChunkMappingFollowsTheCaller) {
  const AvailableData data = make_data(10);
  FakeNetwork net = honest_network(data);
  auto mapping = availability_chunk_indices(true, kN, /*core_index=*/3);
  ASSERT_TRUE(mapping.has_value());
  ASSERT_NE(*mapping, identity(kN));
  net.chunk_indices = *mapping;
  Params p = params_for(net.coded.root, {});
  p.chunk_indices = *mapping;
  auto r = make(p);
  EXPECT_TRUE(recovered(drive(r, net), data));

  // A validator answering with the chunk of its own index, not the mapped one, is refused.
  Params q = params_for(net.coded.root, {});
  q.chunk_indices = *mapping;
  q.max_parallel = 1;
  auto strict = make(q);
  const std::vector<Request> first = strict.start();
  ASSERT_EQ(first.size(), 1u);
  FakeNetwork unmapped = net;
  unmapped.chunk_indices = identity(kN);
  ASSERT_NE((*mapping)[first[0].validator], first[0].validator);
  (void)strict.on_response(first[0].id, unmapped.answer(first[0]));
  EXPECT_EQ(strict.valid_chunks(), 0u);
}

// ---- kInvalid: chunks under the root that are not an encoding of an AvailableData ---------------

TEST(AvailabilityRecovery, ChunksOfBytesThatAreNoAvailableDataAreInvalid) {
  auto chunks = erasure_coding::obtain_chunks(kN, Bytes(300, 0xff));
  ASSERT_TRUE(chunks.has_value());
  FakeNetwork net;
  net.coded = commit(std::move(*chunks));
  auto r = make(params_for(net.coded.root, {}));
  EXPECT_TRUE(failed_with(drive(r, net), RecoveryError::kInvalid));
}

TEST(AvailabilityRecovery, ChunksOfDifferentLengthsAreInvalid) {
  std::vector<Bytes> chunks;
  chunks.reserve(kN);
  for (size_t i = 0; i < kN; ++i) chunks.emplace_back(2 * (i + 1), static_cast<uint8_t>(i));
  FakeNetwork net;
  net.coded = commit(std::move(chunks));
  auto r = make(params_for(net.coded.root, {}));
  EXPECT_TRUE(failed_with(drive(r, net), RecoveryError::kInvalid));
}

// The attack the re-encoding guards against: the backers commit to data A's chunks with chunk 0
// swapped for data B's. Every proof verifies and chunks 1..9 decode to A, but A's encoding is not
// under the root, so every validator concludes kInvalid whichever chunks it got. Backers serving
// A are refused for the same reason.
TEST(AvailabilityRecovery, ARootOverTamperedChunksIsInvalidEvenWhenTheDataDecodes) {
  const AvailableData a = make_data(11);
  const AvailableData b = make_data(12);
  const Coded coded_a = encode_data(a);
  const Coded coded_b = encode_data(b);
  ASSERT_EQ(coded_a.chunks[0].size(), coded_b.chunks[0].size());
  std::vector<Bytes> mixed = coded_a.chunks;
  mixed[0] = coded_b.chunks[0];

  FakeNetwork net = honest_network(a);
  net.coded = commit(mixed);
  net.chunks[0] = Behaviour::kNoSuch;  // whoever recovers, recovers from A's own chunks
  auto r = make(params_for(net.coded.root, {3}));
  const Trace run = drive(r, net);
  EXPECT_TRUE(failed_with(run, RecoveryError::kInvalid));
  EXPECT_EQ(run.full_requests(), 1u);  // backer 3 served A: refused, then chunks
}

// ---- in-flight limit and the error-rate top-up ------------------------------------------------

TEST(AvailabilityRecovery, InFlightStaysWithinTheParallelLimitAndTheThreshold) {
  constexpr size_t n = 30;  // threshold 10
  const AvailableData data = make_data(13);
  FakeNetwork net = honest_network(data);
  net.coded = encode_data(data, n);
  net.chunk_indices = identity(n);
  for (ValidatorIndex v = 0; v < n; v += 2) net.chunks[v] = Behaviour::kTimeout;

  Params p = params_for(net.coded.root, {}, n);
  p.max_parallel = 3;
  auto r = make(p);
  Trace run = drive(r, net, n, /*max_in_flight_allowed=*/3);
  EXPECT_TRUE(recovered(run, data));
  EXPECT_EQ(run.max_in_flight, 3u);

  // The default limit (50) is capped by the threshold.
  auto capped = make(params_for(net.coded.root, {}, n));
  run = drive(capped, net, n, /*max_in_flight_allowed=*/10);
  EXPECT_TRUE(recovered(run, data));
  EXPECT_EQ(run.max_in_flight, 10u);

  // A limit of 0 is taken as 1.
  Params zero = params_for(net.coded.root, {}, n);
  zero.max_parallel = 0;
  auto one = make(zero);
  EXPECT_TRUE(recovered(drive(one, net, n, 1), data));
}

// polkadot-sdk's get_desired_request_count: the missing chunks plus missing / (responses / errors).
TEST(AvailabilityRecovery, ErrorsTopUpTheRequestsInFlight) {
  constexpr size_t n = 30;  // threshold 10
  const AvailableData data = make_data(14);
  FakeNetwork net = honest_network(data);
  net.coded = encode_data(data, n);
  net.chunk_indices = identity(n);
  auto r = make(params_for(net.coded.root, {}, n));
  std::vector<Request> first = r.start();
  ASSERT_EQ(first.size(), 10u);
  // Five valid chunks: five missing, five in flight, nothing new.
  for (size_t i = 0; i < 5; ++i) {
    const Output out = r.on_response(first[i].id, net.answer(first[i]));
    EXPECT_TRUE(out.requests.empty());
  }
  EXPECT_EQ(r.valid_chunks(), 5u);
  // 6 responses, 1 error: 5 + 5 / 6 = 5 wanted, 4 in flight, 1 new.
  Output out = r.on_response(first[5].id, unexpected(RequestFailure::kNetwork));
  EXPECT_EQ(out.requests.size(), 1u);
  // 7 responses, 2 errors: 5 + 5 / 3 = 6 wanted, 4 in flight, 2 new.
  out = r.on_response(first[6].id, unexpected(RequestFailure::kNotConnected));
  EXPECT_EQ(out.requests.size(), 2u);
  EXPECT_EQ(r.in_flight(), 6u);
}

// ---- answers that change nothing, determinism, parameters --------------------------------------

TEST(AvailabilityRecovery, UnknownAndRepeatedAnswersAreIgnored) {
  const AvailableData data = make_data(15);
  FakeNetwork net = honest_network(data);
  auto r = make(params_for(net.coded.root, {}));
  const std::vector<Request> first = r.start();
  ASSERT_EQ(first.size(), 4u);

  Output out = r.on_response(12345, net.answer(first[0]));
  EXPECT_TRUE(out.requests.empty());
  EXPECT_FALSE(out.done.has_value());
  EXPECT_EQ(r.in_flight(), 4u);
  EXPECT_EQ(r.valid_chunks(), 0u);

  // A valid answer, then the same id again (a duplicate delivery): counted once.
  out = r.on_response(first[0].id, net.answer(first[0]));
  EXPECT_EQ(r.valid_chunks(), 1u);
  out = r.on_response(first[0].id, net.answer(first[0]));
  EXPECT_TRUE(out.requests.empty());
  EXPECT_FALSE(out.done.has_value());
  EXPECT_EQ(r.valid_chunks(), 1u);
  EXPECT_EQ(r.in_flight(), 3u);
  // A failure for an answered id does not cost anything either.
  out = r.on_response(first[0].id, unexpected(RequestFailure::kTimeout));
  EXPECT_TRUE(out.requests.empty());
  EXPECT_EQ(r.in_flight(), 3u);

  for (size_t i = 1; i < 4; ++i) out = r.on_response(first[i].id, net.answer(first[i]));
  ASSERT_TRUE(out.done.has_value());
  EXPECT_TRUE(out.done->has_value());
  // After the end, nothing.
  out = r.on_response(first[1].id, net.answer(first[1]));
  EXPECT_TRUE(out.requests.empty());
  EXPECT_FALSE(out.done.has_value());
}

TEST(AvailabilityRecovery, TheSeedFixesTheOrder) {
  auto order = [](uint64_t seed) {
    Params p = params_for(Hash256{}, {});
    p.max_parallel = 1;
    p.shuffle_seed = seed;
    auto r = make(p);
    FakeNetwork net;
    net.coded = commit(std::vector<Bytes>(kN, Bytes{1, 2}));
    for (ValidatorIndex v = 0; v < kN; ++v) net.chunks[v] = Behaviour::kNoSuch;
    std::vector<ValidatorIndex> asked;
    std::vector<Request> pending = r.start();
    while (!pending.empty()) {
      asked.push_back(pending[0].validator);
      pending = r.on_response(pending[0].id, net.answer(pending[0])).requests;
    }
    return asked;
  };
  const auto a = order(1);
  EXPECT_EQ(a, order(1));
  EXPECT_NE(a, order(2));
  EXPECT_EQ(a.size(), 7u);  // the 7th failure ends it
  EXPECT_EQ(std::set<ValidatorIndex>(a.begin(), a.end()).size(), a.size());
}

TEST(AvailabilityRecovery, BadParametersAreRefused) {
  auto refused = [](const Params& p) {
    auto r = AvailabilityRecovery::create(p);
    return r.has_value() ? std::optional<ParamsError>{} : std::optional<ParamsError>{r.error()};
  };
  Params p = params_for(Hash256{}, {1, 2});
  EXPECT_EQ(refused(p), std::nullopt);

  Params one = p;
  one.n_validators = 1;
  one.chunk_indices = identity(1);
  one.backing_group = {};
  EXPECT_EQ(refused(one), ParamsError::kBadValidatorCount);
  Params many = p;
  many.n_validators = 65537;
  EXPECT_EQ(refused(many), ParamsError::kBadValidatorCount);

  Params short_indices = p;
  short_indices.chunk_indices.pop_back();
  EXPECT_EQ(refused(short_indices), ParamsError::kBadChunkIndices);
  Params big_index = p;
  big_index.chunk_indices[4] = kN;
  EXPECT_EQ(refused(big_index), ParamsError::kBadChunkIndices);

  Params big_backer = p;
  big_backer.backing_group.push_back(kN);
  EXPECT_EQ(refused(big_backer), ParamsError::kBadBackingGroup);

  EXPECT_STREQ(to_string(ParamsError::kBadBackingGroup),
               "a backer's validator index is out of range");
  EXPECT_NE(std::string(to_string(RecoveryError::kInvalid)),
            std::string(to_string(RecoveryError::kUnavailable)));
}

}  // namespace
}  // namespace canary::parachain
