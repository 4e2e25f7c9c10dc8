// The runtime cache: one compilation per (code, heap pages), the version from the blob or from
// Core_version, pooled instances that are reused and bounded, least-recently-used eviction.
#include "executor/runtime_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aot_test_support.hpp"
#include "executor/host/host_api.hpp"
#include "executor/interpreter/interpreter_engine.hpp"
#include "executor_test_support.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::executor {
namespace {

using testing::custom_section;
using testing::test_host_functions;
using testing::test_module;

runtime::RuntimeVersion test_version(uint32_t spec_version) {
  runtime::RuntimeVersion version;
  version.spec_name = "cache-test";
  version.impl_name = "canary";
  version.spec_version = spec_version;
  version.apis = {{runtime::kCoreApiId, 5}};
  version.transaction_version = 1;
  version.system_version = 1;
  return version;
}

// The echo test runtime with an embedded version, in the custom sections sp-version writes: the
// version without its APIs, and the APIs as bare 12-byte entries.
RuntimeCode versioned_runtime(uint32_t spec_version, std::optional<uint64_t> heap_pages = {}) {
  Bytes wasm = test_module("runtime_exported_memory");
  runtime::RuntimeVersion version = test_version(spec_version);
  Bytes apis;
  for (const auto& [id, api_version] : version.apis) {
    apis.insert(apis.end(), id.begin(), id.end());
    for (size_t i = 0; i < 4; ++i) apis.push_back(static_cast<uint8_t>(api_version >> (8 * i)));
  }
  version.apis.clear();
  for (const Bytes& section : {custom_section("runtime_version", runtime::encode(version)),
                               custom_section("runtime_apis", apis)}) {
    wasm.insert(wasm.end(), section.begin(), section.end());
  }
  Bytes pages;
  if (heap_pages) {
    for (size_t i = 0; i < 8; ++i) pages.push_back(static_cast<uint8_t>(*heap_pages >> (8 * i)));
  }
  return make_runtime_code(std::move(wasm),
                           heap_pages ? std::optional<ByteSpan>(pages) : std::nullopt);
}

class RuntimeCacheTest : public ::testing::Test {
 protected:
  const Engine& engine_ = testing::test_engine();
};

TEST_F(RuntimeCacheTest, CompilesEachRuntimeOnce) {
  RuntimeCache cache(engine_, test_host_functions());
  const RuntimeCode code = versioned_runtime(7);
  auto first = cache.get(code);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  auto second = cache.get(code);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ((*first)->version(), test_version(7));
  EXPECT_EQ((*first)->code_hash(), code.hash);

  // Other heap pages make another runtime (its memory differs); so does other code.
  auto more_pages = cache.get(versioned_runtime(7, 64));
  ASSERT_TRUE(more_pages.has_value());
  EXPECT_NE(more_pages->get(), first->get());
  auto lease = (*more_pages)->acquire();
  ASSERT_TRUE(lease.has_value());
  EXPECT_EQ((*lease)->memory().pages(), (*more_pages)->module()->info().memory_initial_pages + 64);
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(RuntimeCacheTest, InstancesAreReusedAndStartFresh) {
  RuntimeCache cache(engine_, test_host_functions());
  auto runtime = cache.get(versioned_runtime(1));
  ASSERT_TRUE(runtime.has_value());
  for (int i = 0; i < 5; ++i) {
    auto lease = (*runtime)->acquire();
    ASSERT_TRUE(lease.has_value()) << lease.error().describe();
    const Bytes input = to_bytes("call " + std::to_string(i));
    auto out = (*lease)->call("echo", input);
    ASSERT_TRUE(out.has_value()) << out.error().describe();
    EXPECT_EQ(*out, input);
    // Each call's allocator starts over: the input is the only allocation.
    EXPECT_EQ((*lease)->allocator().stats().bytes_allocated, 8u + 8u * ((input.size() + 7) / 8));
  }
  EXPECT_EQ((*runtime)->instances_created(), 1u);

  // Two borrowed at once: two instances.
  auto a = (*runtime)->acquire();
  auto b = (*runtime)->acquire();
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(&**a, &**b);
  EXPECT_EQ((*runtime)->instances_created(), 2u);
}

TEST_F(RuntimeCacheTest, BorrowersWaitBeyondTheInstanceLimit) {
  RuntimeCacheConfig config;
  config.max_instances = 1;
  RuntimeCache cache(engine_, test_host_functions(), config);
  auto runtime = cache.get(versioned_runtime(1));
  ASSERT_TRUE(runtime.has_value());
  auto held = (*runtime)->acquire();
  ASSERT_TRUE(held.has_value());
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto lease = (*runtime)->acquire();
    EXPECT_TRUE(lease.has_value());
    got = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(got.load());
  *held = InstanceLease();  // give it back
  waiter.join();
  EXPECT_TRUE(got.load());
  EXPECT_EQ((*runtime)->instances_created(), 1u);
}

// An engine that counts its compilations and holds each until the test lets it go on.
class GatedEngine final : public Engine {
 public:
  explicit GatedEngine(const Engine& inner) : inner_(inner) {}
  std::string_view name() const override { return inner_.name(); }
  Result<std::shared_ptr<const Module>, ExecutionError> compile(
      std::shared_ptr<const PreparedModule> prepared) const override {
    std::unique_lock lock(mutex_);
    ++compiles_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
    return inner_.compile(std::move(prepared));
  }
  using Engine::compile;
  void wait_for_compiles(int n) const {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return compiles_ >= n; });
  }
  void open() const {
    const std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  int compiles() const {
    const std::lock_guard lock(mutex_);
    return compiles_;
  }

 private:
  const Engine& inner_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable int compiles_ = 0;
  mutable bool open_ = false;
};

TEST_F(RuntimeCacheTest, ConcurrentFirstUsesLoadOnce) {
  const GatedEngine gated(engine_);
  RuntimeCache cache(gated, test_host_functions());
  const RuntimeCode code = versioned_runtime(3);
  std::vector<std::shared_ptr<Runtime>> got(3);
  std::vector<std::thread> callers;
  callers.emplace_back([&] { got[0] = cache.get(code).value(); });
  gated.wait_for_compiles(1);  // the first load is in progress
  for (size_t i = 1; i < got.size(); ++i) {
    callers.emplace_back([&, i] { got[i] = cache.get(code).value(); });
  }
  // Another runtime is not held up by that load... (it compiles beside it, then waits at the gate)
  std::thread other([&] { EXPECT_TRUE(cache.get(versioned_runtime(4)).has_value()); });
  gated.wait_for_compiles(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  gated.open();
  for (std::thread& caller : callers) caller.join();
  other.join();
  // ...while the same code's later callers waited for the first load instead of starting theirs.
  EXPECT_EQ(gated.compiles(), 2);
  for (const auto& runtime : got) EXPECT_EQ(runtime.get(), got[0].get());
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(RuntimeCacheTest, AFailedLoadIsTriedAgain) {
  RuntimeCache cache(engine_, test_host_functions());
  const RuntimeCode bad = make_runtime_code(to_bytes("not wasm"), std::nullopt);
  auto first = cache.get(bad);
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().kind, RuntimeLoadError::Kind::kBadCode);
  auto second = cache.get(bad);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().message, first.error().message);
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(RuntimeCacheTest, LeastRecentlyUsedRuntimesAreDropped) {
  RuntimeCacheConfig config;
  config.max_runtimes = 2;
  RuntimeCache cache(engine_, test_host_functions(), config);
  auto one = cache.get(versioned_runtime(1));
  auto two = cache.get(versioned_runtime(2));
  ASSERT_TRUE(one.has_value() && two.has_value());
  ASSERT_TRUE(cache.get(versioned_runtime(1)).has_value());  // 1 is now the most recent
  auto three = cache.get(versioned_runtime(3));
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(cache.size(), 2u);
  // 2 was dropped: asking again compiles a new one. 1 was kept.
  auto two_again = cache.get(versioned_runtime(2));
  ASSERT_TRUE(two_again.has_value());
  EXPECT_NE(two_again->get(), two->get());
  // A dropped runtime still works for whoever holds it.
  auto lease = (*two)->acquire();
  ASSERT_TRUE(lease.has_value());
  EXPECT_TRUE((*lease)->call("echo", to_bytes("x")).has_value());
}

TEST_F(RuntimeCacheTest, OldRuntimesAreAskedForTheirVersion) {
  const Bytes json =
      testing::read_file(std::string(CANARY_FIXTURES_DIR) + "/chain-specs/kusama.json");
  auto spec = state::parse_chain_spec(
      std::string_view(reinterpret_cast<const char*>(json.data()), json.size()));
  ASSERT_TRUE(spec.has_value());
  RuntimeCache cache(engine_, host::host_api());
  auto runtime = cache.get(make_runtime_code(spec->top.at(to_bytes(":code")), std::nullopt));
  ASSERT_TRUE(runtime.has_value()) << runtime.error().message;
  EXPECT_EQ((*runtime)->version().spec_name, "kusama");
  EXPECT_EQ((*runtime)->version().spec_version, 1020u);
  // The instance that answered went back to the pool.
  EXPECT_EQ((*runtime)->instances_created(), 1u);
}

TEST_F(RuntimeCacheTest, CompiledTierTakesOverOnceReady) {
  RuntimeCacheConfig config;
  config.aot = std::make_shared<const aot::AotEngine>(testing::aot_test_config());
  // The operator's events name the runtime by its code hash.
  std::mutex events_mutex;
  std::condition_variable events_cv;
  std::vector<std::string> events;
  auto name = [](const Hash256& hash) { return to_hex(ByteSpan(hash.data(), 4)); };
  config.tiering.started = [&](const Hash256& hash, size_t wasm_bytes, std::string_view tier) {
    std::lock_guard lock(events_mutex);
    events.push_back(name(hash) + " started on " + std::string(tier) +
                     (wasm_bytes > 0 ? " with its bytes" : " without bytes"));
  };
  config.tiering.finished = [&](const Hash256& hash, const aot::TieringOutcome& outcome) {
    std::lock_guard lock(events_mutex);
    events.push_back(name(hash) + (outcome.error ? " failed" : " compiled"));
    events_cv.notify_all();
  };
  RuntimeCache cache(engine_, test_host_functions(), config);
  const RuntimeCode code = versioned_runtime(11);
  auto runtime = cache.get(code);
  ASSERT_TRUE(runtime.has_value()) << runtime.error().message;
  // Usable at once, whatever the compiler is doing.
  auto early = (*runtime)->acquire();
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(*(*early)->call("echo", to_bytes("early")), to_bytes("early"));
  // The first instance may come from the interpreter (or, after a cache hit, already compiled).
  const auto first_module = early->module();
  ASSERT_TRUE((*runtime)->wait_compiled(std::chrono::minutes(5)));
  const auto compiled = (*runtime)->module();
  // An interpreter instance is retired when it comes back; new borrowers get compiled ones.
  *early = InstanceLease();
  auto late = (*runtime)->acquire();
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(*(*late)->call("echo", to_bytes("late")), to_bytes("late"));
  EXPECT_EQ((*runtime)->instances_created(), first_module == compiled ? 1u : 2u);
  std::unique_lock lock(events_mutex);
  events_cv.wait_for(lock, std::chrono::seconds(10), [&] { return events.size() == 2; });
  EXPECT_EQ(events,
            (std::vector<std::string>{name(code.hash) + " started on baseline-jit with its bytes",
                                      name(code.hash) + " compiled"}));
}

TEST_F(RuntimeCacheTest, BadCodeIsATypedError) {
  RuntimeCache cache(engine_, test_host_functions());
  auto not_wasm = cache.get(make_runtime_code(to_bytes("not a runtime"), std::nullopt));
  ASSERT_FALSE(not_wasm.has_value());
  EXPECT_EQ(not_wasm.error().kind, RuntimeLoadError::Kind::kBadCode);
  // Valid Wasm without a version: neither sections nor Core_version.
  auto unversioned =
      cache.get(make_runtime_code(test_module("runtime_exported_memory"), std::nullopt));
  ASSERT_FALSE(unversioned.has_value());
  EXPECT_EQ(unversioned.error().kind, RuntimeLoadError::Kind::kNoVersion);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace canary::executor
