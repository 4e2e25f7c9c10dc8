// Noise + Yamux throughput (the networking issue's first performance point: >= 500 MiB/s of
// application payload on one core).
//
// BM_NoiseYamuxThroughput: two in-memory network::Connections, fully upgraded (multistream-select,
// Noise XX, Yamux), one application substream; the dialer writes large chunks, the listener
// consumes them; everything runs on this thread, and the listener's bytes reach the dialer
// (window updates) as a socket would carry them. The listener is fed in reads of the size given
// as the argument (64 KiB: the host's read buffer). Reference, timed in the same loop: libsodium's
// ChaCha20-Poly1305 IETF encrypting then decrypting the same payload in full 65535-byte Noise
// frames, the floor of any Noise transport (one side encrypts, the other decrypts, and here one
// core does both). Thread CPU time, so that a busy machine does not skew either side:
//   noise_yamux_MiBps >= 500 is the target; ratio_vs_chacha_floor is ours relative to the floor.
//
// BM_HostLoopbackThroughput: two network::Hosts over loopback TCP, a sink protocol on one, the
// other writing into one substream. Each host runs its own I/O thread, so this uses two cores
// (wall time; process_cpu_per_wall says how many cores were busy). The same floor is measured in
// the run for comparison (it is a one-core figure, the TCP path has two).
#include <benchmark/benchmark.h>
#include <sodium.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "network/host/host.hpp"
#include "network/libp2p/connection.hpp"
#include "network/libp2p/noise_transport.hpp"

namespace {

using namespace canary;
using namespace canary::network;

constexpr size_t kMiB = 1 << 20;
constexpr size_t kKiB = 1 << 10;
// Application bytes per iteration; large enough that the upgrade is not part of it and both sides
// reach their steady state.
constexpr size_t kPayloadPerIteration = 32 * kMiB;
// What the writer offers per write() call.
constexpr size_t kWriteChunk = 1 * kMiB;
constexpr std::string_view kSinkProtocol = "/canary/bench/sink/1";

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Bytes pattern(size_t n) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(i * 131 + (i >> 11));
  return out;
}

crypto::ed25519::Keypair identity(uint8_t tag) {
  crypto::ed25519::Seed seed;
  seed.fill(tag);
  return crypto::ed25519::keypair_from_seed(seed);
}

void sodium_random(std::span<uint8_t> out) {
  randombytes_buf(out.data(), out.size());
}

// The floor: what one core pays to seal and open `payload` as Noise transport frames, each frame
// sealed then opened right away (so the frame stays in cache: the cheapest order there is).
class ChachaFloor {
 public:
  ChachaFloor() : frame_(kNoiseMaxFrameBody), plain_(NoiseTransport::kMaxPlaintextPerFrame) {
    randombytes_buf(key_.data(), key_.size());
  }

  // False if a frame did not open (it always should).
  bool run(ByteSpan payload) {
    bool ok = true;
    while (!payload.empty()) {
      const size_t n = std::min(payload.size(), NoiseTransport::kMaxPlaintextPerFrame);
      uint8_t nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES] = {};
      for (size_t i = 0; i < 8; ++i) nonce[4 + i] = static_cast<uint8_t>(counter_ >> (8 * i));
      ++counter_;
      unsigned long long sealed = 0;
      crypto_aead_chacha20poly1305_ietf_encrypt(frame_.data(), &sealed, payload.data(), n, nullptr,
                                                0, nullptr, nonce, key_.data());
      unsigned long long opened = 0;
      ok &=
          crypto_aead_chacha20poly1305_ietf_decrypt(plain_.data(), &opened, nullptr, frame_.data(),
                                                    sealed, nullptr, 0, nonce, key_.data()) == 0;
      benchmark::DoNotOptimize(plain_.data());
      payload = payload.subspan(n);
    }
    return ok;
  }

 private:
  ByteArray<crypto_aead_chacha20poly1305_IETF_KEYBYTES> key_{};
  uint64_t counter_ = 0;
  Bytes frame_;
  Bytes plain_;
};

ConnectionConfig connection_config(ConnectionRole role, uint8_t tag,
                                   std::optional<PeerId> expected) {
  ConnectionConfig config;
  config.role = role;
  config.identity = identity(tag);
  randombytes_buf(config.noise_static_secret.data(), config.noise_static_secret.size());
  config.expected_peer = std::move(expected);
  config.remote_address = Multiaddr::from_string("/ip4/127.0.0.1/tcp/30333").value();
  return config;
}

std::shared_ptr<const LocalNodeInfo> local_info(std::vector<std::string> protocols) {
  auto info = std::make_shared<LocalNodeInfo>();
  info->agent_version = "canary-bench";
  info->protocols = std::move(protocols);
  return info;
}

// Two connections in memory: the dialer's output is fed to the listener in reads of `read_size`
// bytes, the listener's to the dialer likewise. Bytes are fed straight from the sender's output
// buffer and drained afterwards, as a socket write of that buffer would.
class MemoryPair {
 public:
  explicit MemoryPair(size_t read_size)
      : read_size_(read_size),
        now_(std::chrono::steady_clock::now()),
        dialer_(connection_config(ConnectionRole::kDialer, 1,
                                  PeerId::from_ed25519(identity(2).public_key)),
                local_info({}), sodium_random),
        listener_(connection_config(ConnectionRole::kListener, 2, std::nullopt),
                  local_info({std::string(kSinkProtocol)}), sodium_random) {}

  // The upgrade, identify, ping and the sink substream; false (with `error`) if any failed.
  bool setup(std::string& error) {
    dialer_.start(now_);
    listener_.start(now_);
    if (!exchange(error)) return false;
    if (!dialer_.is_established() || !listener_.is_established()) {
      error = "the connections did not establish";
      return false;
    }
    auto opened = dialer_.open_substream({std::string(kSinkProtocol)}, now_);
    if (!opened) {
      error = std::string("open_substream: ") + to_string(opened.error());
      return false;
    }
    substream_ = *opened;
    return exchange(error);
  }

  // The dialer writes `bytes` into the substream; returns once the listener has consumed them.
  bool send(size_t bytes, ByteSpan source, std::string& error) {
    const uint64_t target = delivered_ + bytes;
    size_t to_write = bytes;
    while (delivered_ < target) {
      // The writer fills whatever the substream takes, then the bytes move.
      while (to_write > 0) {
        const size_t offer = std::min({to_write, source.size(), kWriteChunk});
        auto written = dialer_.write(substream_, source.first(offer));
        if (!written) {
          error = std::string("write: ") + to_string(written.error());
          return false;
        }
        if (*written == 0) break;
        to_write -= *written;
      }
      if (!exchange(error)) return false;
    }
    return true;
  }

  uint64_t delivered() const { return delivered_; }

 private:
  // Moves bytes both ways until neither side has any; collects both sides' events.
  bool exchange(std::string& error) {
    for (;;) {
      const bool a = move(dialer_, listener_, error);
      if (!error.empty()) return false;
      const bool b = move(listener_, dialer_, error);
      if (!error.empty()) return false;
      if (!a && !b) return true;
    }
  }

  bool move(Connection& from, Connection& to, std::string& error) {
    const ByteSpan pending = from.pending_output();
    if (pending.empty()) return false;
    for (size_t at = 0; at < pending.size(); at += read_size_) {
      auto fed = to.feed(pending.subspan(at, std::min(read_size_, pending.size() - at)), now_);
      if (!fed) {
        error = "feed: " + fed.error().message();
        return false;
      }
      collect(to);
    }
    from.drain_output(pending.size());
    collect(from);
    return true;
  }

  void collect(Connection& c) {
    c.take_events(events_);
    if (&c != &listener_) return;
    for (const ConnectionEvent& e : events_) {
      if (e.type == ConnectionEventType::kData) delivered_ += e.data.size();
    }
  }

  size_t read_size_;
  Connection::TimePoint now_;
  Connection dialer_;
  Connection listener_;
  SubstreamId substream_ = 0;
  uint64_t delivered_ = 0;
  std::vector<ConnectionEvent> events_;
};

void BM_NoiseYamuxThroughput(benchmark::State& state) {
  if (sodium_init() < 0) {
    state.SkipWithError("sodium_init failed");
    return;
  }
  const auto read_size = static_cast<size_t>(state.range(0));
  const Bytes source = pattern(kWriteChunk);
  const Bytes floor_payload = pattern(kPayloadPerIteration);
  MemoryPair pair(read_size);
  ChachaFloor floor;
  std::string error;
  if (!pair.setup(error)) {
    state.SkipWithError(error.c_str());
    return;
  }
  double ours_seconds = 0;
  double floor_seconds = 0;
  for (auto _ : state) {
    const double t0 = thread_cpu_seconds();
    const bool sent = pair.send(kPayloadPerIteration, source, error);
    const double t1 = thread_cpu_seconds();
    const bool opened = floor.run(floor_payload);
    const double t2 = thread_cpu_seconds();
    if (!sent || !opened) {
      state.SkipWithError(sent ? "the floor's frames did not open" : error.c_str());
      return;
    }
    ours_seconds += t1 - t0;
    floor_seconds += t2 - t1;
    state.SetIterationTime(t1 - t0);
  }
  const double bytes = static_cast<double>(state.iterations()) * kPayloadPerIteration;
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["noise_yamux_MiBps"] = bytes / ours_seconds / kMiB;
  state.counters["chacha_floor_MiBps"] = bytes / floor_seconds / kMiB;
  state.counters["ratio_vs_chacha_floor"] = floor_seconds / ours_seconds;
  state.counters["target_MiBps"] = 500;
}
BENCHMARK(BM_NoiseYamuxThroughput)
    ->ArgName("read_bytes")
    ->Arg(64 * kKiB)
    ->Arg(256 * kKiB)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);

// ---- over loopback TCP ----------------------------------------------------------------------

// What the sink has received; the benchmark thread waits on it.
struct SinkTotals {
  std::mutex mutex;
  std::condition_variable changed;
  uint64_t received = 0;
  uint64_t finished = 0;  // substreams the writer closed and the sink saw end
};

class SinkHandler : public SubstreamHandler {
 public:
  explicit SinkHandler(std::shared_ptr<SinkTotals> totals) : totals_(std::move(totals)) {}
  void on_data(Substream&, ByteSpan data) override { received_ += data.size(); }
  void on_remote_closed(Substream& s) override {
    s.close();
    std::lock_guard lock(totals_->mutex);
    totals_->received += received_;
    ++totals_->finished;
    totals_->changed.notify_all();
  }

 private:
  std::shared_ptr<SinkTotals> totals_;
  uint64_t received_ = 0;
};

// Writes `bytes` of `source` (repeated) as fast as the substream takes them, then closes.
class WriterHandler : public SubstreamHandler {
 public:
  WriterHandler(std::shared_ptr<const Bytes> source, uint64_t bytes)
      : source_(std::move(source)), remaining_(bytes) {}
  void on_open(Substream& s) override { pump(s); }
  void on_writable(Substream& s) override { pump(s); }
  void on_data(Substream&, ByteSpan) override {}
  void on_remote_closed(Substream&) override {}

 private:
  void pump(Substream& s) {
    while (remaining_ > 0) {
      const size_t offer = static_cast<size_t>(std::min<uint64_t>(remaining_, source_->size()));
      const size_t taken = s.write(ByteSpan(*source_).first(offer));
      remaining_ -= taken;
      if (taken < offer) return;  // on_writable follows
    }
    if (!closed_) {
      closed_ = true;
      s.close();
    }
  }

  std::shared_ptr<const Bytes> source_;
  uint64_t remaining_;
  bool closed_ = false;
};

struct Established {
  std::mutex mutex;
  std::condition_variable changed;
  bool up = false;
};

void BM_HostLoopbackThroughput(benchmark::State& state) {
  if (sodium_init() < 0) {
    state.SkipWithError("sodium_init failed");
    return;
  }
  auto totals = std::make_shared<SinkTotals>();
  auto established = std::make_shared<Established>();
  auto make = [&](uint8_t tag) {
    HostConfig config;
    config.identity = identity(tag);
    config.listen_addresses = {Multiaddr::from_string("/ip4/127.0.0.1/tcp/0").value()};
    config.agent_version = "canary-bench";
    config.on_event = [established](const HostEvent& e) {
      if (e.type != HostEventType::kConnectionEstablished) return;
      std::lock_guard lock(established->mutex);
      established->up = true;
      established->changed.notify_all();
    };
    return Host::start(std::move(config));
  };
  auto sink = make(2);
  auto writer = make(1);
  if (!sink || !writer) {
    state.SkipWithError("Host::start failed");
    return;
  }
  (*sink)->register_protocol(std::string(kSinkProtocol), [totals](const SubstreamInfo&) {
    return std::make_unique<SinkHandler>(totals);
  });
  const auto listen = (*sink)->listen_addresses();
  if (listen.empty()) {
    state.SkipWithError("the sink does not listen");
    return;
  }
  (*writer)->dial(listen.front().with_p2p((*sink)->local_peer_id()).value());
  {
    std::unique_lock lock(established->mutex);
    if (!established->changed.wait_for(lock, std::chrono::seconds(10),
                                       [&] { return established->up; })) {
      state.SkipWithError("no connection within 10 s");
      return;
    }
  }
  const PeerId sink_peer = (*sink)->local_peer_id();
  auto source = std::make_shared<const Bytes>(pattern(kWriteChunk));
  const Bytes floor_payload = pattern(kPayloadPerIteration);
  ChachaFloor floor;

  double wall_seconds = 0;
  double cpu_seconds = 0;
  double floor_seconds = 0;
  uint64_t expected = 0;
  uint64_t iterations = 0;
  for (auto _ : state) {
    const auto wall_start = std::chrono::steady_clock::now();
    const double cpu_start = process_cpu_seconds();
    expected += kPayloadPerIteration;
    ++iterations;
    (*writer)->open_substream(sink_peer, {std::string(kSinkProtocol)},
                              std::make_unique<WriterHandler>(source, kPayloadPerIteration));
    {
      std::unique_lock lock(totals->mutex);
      if (!totals->changed.wait_for(lock, std::chrono::seconds(60),
                                    [&] { return totals->finished == iterations; })) {
        state.SkipWithError("the sink did not receive everything within 60 s");
        return;
      }
      if (totals->received != expected) {
        state.SkipWithError("the sink received another amount than was written");
        return;
      }
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    const double cpu = process_cpu_seconds() - cpu_start;
    const double t0 = thread_cpu_seconds();
    if (!floor.run(floor_payload)) {
      state.SkipWithError("the floor's frames did not open");
      return;
    }
    floor_seconds += thread_cpu_seconds() - t0;
    wall_seconds += wall;
    cpu_seconds += cpu;
    state.SetIterationTime(wall);
  }
  (*writer)->stop();
  (*sink)->stop();
  const double bytes = static_cast<double>(expected);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["tcp_wall_MiBps"] = bytes / wall_seconds / kMiB;
  state.counters["process_cpu_per_wall"] = cpu_seconds / wall_seconds;
  state.counters["chacha_floor_1core_MiBps"] = bytes / floor_seconds / kMiB;
  state.counters["ratio_vs_chacha_floor"] = floor_seconds / wall_seconds;
}
BENCHMARK(BM_HostLoopbackThroughput)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
