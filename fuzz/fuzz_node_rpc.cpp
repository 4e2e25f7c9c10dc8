// The node's JSON-RPC methods (register_node_methods and the author/transaction family, as the
// node service registers them) driven through the sans-IO session with arbitrary requests, over a
// real chain: a database holding a small synthetic genesis state (System accounts, a few hundred
// keys under one prefix, values above 32 bytes, two default child tries) and a block tree on it
//
//   G ── 1 (finalized) ── 2a ── 3a (best)
//                     └── 2b
//
// whose :code is not a runtime (junk, or absent at 2b): every runtime call fails, and must fail
// cleanly. Nothing here has a runtime blob (the fuzz build is native only).
//
// An input that starts with '{', '[' or '!' is a script, one message per line, sent to the
// current connection, with commands: !unsafe (first line only: unsafe methods allowed), !conn0,
// !conn1 (switch connection), !run (run the deferred work), !step (one deferred task),
// !import0…3, !final0…1 (notifications), !close (reopen the current connection). In messages,
// @G @B1 @B2A @B3A @B2B stand for the blocks' hashes, @ACC1 for a System.Account key, @CHILD1 for
// a default child trie's prefixed key (all as 0x-hex). Subscription ids are "s0", "s1", … in the
// order the subscriptions were made. The seeds in fuzz/corpus/node_rpc are such scripts, one per
// method family.
//
// Any other input is a program (FuzzedDataProvider): requests built from the method table with
// plausible params (the blocks' hashes, stored keys, subscription and operation ids the session
// handed out, storage query items, malformed hex, numbers at the edges), raw message text, batches,
// running the deferred chainHead/archive work, chain notifications consistent with the tree
// (imports, best block changes, finality of 2a or 3a pruning 2b), closing connections. Every
// input gets a fresh RpcContext, registry and sessions, so that nothing carries over to the next
// input: subscriptions end with their session, and ASan's leak check sees them go.
//
// The oracle: no crash, no leak, every message a session queues is valid JSON-RPC, and no handler
// throws (the session would answer -32603 "Internal error" with the exception's text).
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/rpc/node_methods.hpp"
#include "node/service/author_methods.hpp"
#include "node/service/grandpa_methods.hpp"
#include "node/service/log.hpp"
#include "node/service/offchain_methods.hpp"
#include "node/service/system_account_key.hpp"
#include "node/service/transaction_service.hpp"
#include "primitives/block/digest.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/hash/storage_hasher.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "rpc/jsonrpc/session.hpp"
#include "state/chain_spec/genesis_state.hpp"
#include "state/storage/database.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/node_store.hpp"
#include "state/trie/trie_root.hpp"

namespace {

using namespace canary;
using ::canary::rpc::Json;

[[noreturn]] void fail(const char* what) {
  fprintf(stderr, "fuzz_node_rpc: %s\n", what);
  __builtin_trap();
}

Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

Bytes account_key(uint8_t seed) {
  Hash256 account{};
  account.fill(seed);
  return node::system_account_key(account);
}

using Storage = std::map<Bytes, Bytes>;
using Children = std::map<Bytes, std::map<Bytes, Bytes>>;

// The chain every input runs against, built once.
struct World {
  std::string dir;
  std::unique_ptr<blockchain::RuntimeHost> host;
  std::unique_ptr<blockchain::Chain> chain;
  block::BlockHash genesis{}, b1{}, b2a{}, b3a{}, b2b{};
  std::vector<block::BlockHash> blocks;
  std::vector<Bytes> keys;  // stored keys (main trie), and prefixes of them
  std::vector<Bytes> child_keys;
  // Notifications consistent with the tree (the chain itself stays as it is).
  std::vector<blockchain::ImportNotice> imports;
  std::vector<blockchain::FinalityNotice> finality;
  // The scripts' @-names and their 0x-hex values.
  std::vector<std::pair<std::string, std::string>> names;
};

block::Header header_of(const blockchain::Chain& chain, const block::BlockHash& hash) {
  auto read = chain.header(hash);
  if (!read || !*read) fail("a block of the world is missing");
  return **read;
}

block::BlockHash commit_block(blockchain::Chain& chain, const block::BlockHash& parent,
                              block::BlockNumber number, const Storage& top,
                              const Children& children, std::vector<Bytes> extrinsics,
                              block::Digest digest, bool make_best,
                              std::optional<Bytes> justification) {
  state::MemoryNodeStore nodes;
  block::Header header;
  header.parent_hash = parent;
  header.number = number;
  header.state_root = state::write_raw_state(top, children, state::StateVersion::kV1, nodes);
  header.extrinsics_root = state::empty_trie_root(state::TrieHasher::kBlake2b256);
  header.digest = std::move(digest);
  state::BlockCommit commit;
  commit.header = header;
  commit.body = scale::encode(extrinsics);
  commit.justification = std::move(justification);
  commit.new_nodes = &nodes;
  commit.make_best = make_best;
  auto imported = chain.import(commit);
  if (!imported) fail("importing a block of the world");
  return block::hash_of(header);
}

World* make_world() {
  // The transaction service logs every refused transaction; only errors are worth a line here.
  if (std::getenv("FUZZ_NODE_RPC_TRACE") == nullptr)
    node::log::set_max_level(node::log::Level::kError);
  auto* w = new World;
  char tmpl[] = "/tmp/fuzz_node_rpc.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) fail("mkdtemp");
  w->dir = tmpl;
  std::atexit([] {
    // Best effort: the directory of this process's database.
    std::error_code ec;
    if (const char* dir = std::getenv("FUZZ_NODE_RPC_DIR")) std::filesystem::remove_all(dir, ec);
  });
  setenv("FUZZ_NODE_RPC_DIR", w->dir.c_str(), 1);

  // Genesis: accounts, a prefix with many keys (short and long values), child tries.
  Storage top;
  top[bytes_of(":code")] = bytes_of("\0asm junk, not a runtime");
  top[bytes_of(":heappages")] = scale::encode(uint64_t{2048});
  for (uint8_t seed = 1; seed <= 8; ++seed) {
    Bytes value(80, seed);  // nonce, consumers, …, balances: longer than a hash (a V1 value node)
    top[account_key(seed)] = value;
    w->keys.push_back(account_key(seed));
  }
  for (int i = 0; i < 300; ++i) {
    Bytes key = {0x12, 0x34, static_cast<uint8_t>(i % 7), static_cast<uint8_t>(i)};
    if (i % 5 == 0) key.push_back(static_cast<uint8_t>(i * 3));
    top[key] = Bytes(static_cast<size_t>(i % 50), static_cast<uint8_t>(i));
    if (i % 37 == 0) w->keys.push_back(key);
  }
  top[Bytes{0x12, 0x34}] = Bytes{1};  // a value on a branch
  Children children;
  for (const char* name : {"child1", "child2"}) {
    auto& child = children[bytes_of(name)];
    for (int i = 0; i < 40; ++i) {
      child[Bytes{0xab, static_cast<uint8_t>(i)}] = Bytes(static_cast<size_t>(i), 0xcd);
    }
    Bytes prefixed = bytes_of(state::kDefaultChildStoragePrefix);
    const Bytes id = bytes_of(name);
    prefixed.insert(prefixed.end(), id.begin(), id.end());
    w->child_keys.push_back(prefixed);
  }
  w->keys.push_back(bytes_of(":code"));
  w->keys.push_back(Bytes{0x12, 0x34});
  w->keys.push_back(Bytes{0x12});
  w->keys.push_back(hash::storage_prefix("System", "Account"));
  w->keys.push_back(bytes_of(":child_storage:default:child1"));

  state::MemoryNodeStore genesis_nodes;
  block::Header genesis;
  genesis.state_root =
      state::write_raw_state(top, children, state::StateVersion::kV1, genesis_nodes);
  genesis.extrinsics_root = state::empty_trie_root(state::TrieHasher::kBlake2b256);
  state::DatabaseOptions options;
  options.sync = state::SyncPolicy::kNever;
  options.node_cache_bytes = 4 << 20;
  options.db_cache_bytes = 1 << 20;
  auto db = state::Database::open(w->dir + "/db", options);
  if (!db) fail("opening the database");
  state::BlockCommit commit;
  commit.header = genesis;
  commit.body = scale::encode(std::vector<Bytes>{});
  commit.new_nodes = &genesis_nodes;
  if (!(*db)->commit(commit)) fail("writing the genesis");
  auto chain = blockchain::Chain::open(std::move(*db));
  if (!chain) fail("opening the chain");
  w->chain = std::move(*chain);
  w->genesis = block::hash_of(genesis);
  w->host = std::make_unique<blockchain::RuntimeHost>(
      blockchain::RuntimeHostConfig{.compiled = false, .max_runtimes = 2, .max_instances = 2});

  // 1: another junk :code (RuntimeEnvironmentUpdated), two extrinsics, a justification.
  Storage s1 = top;
  s1[bytes_of(":code")] = bytes_of("still not a runtime");
  s1[account_key(1)] = Bytes(80, 0x11);
  s1[Bytes{0x12, 0x34, 0x99}] = Bytes(40, 0x99);
  block::Digest d1 = {
      block::DigestPreRuntime{block::kBabeEngineId, Bytes{2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}},
      block::DigestRuntimeEnvironmentUpdated{},
      block::DigestSeal{block::kBabeEngineId, Bytes(64, 7)}};
  w->b1 = commit_block(*w->chain, w->genesis, 1, s1, children, {Bytes{4, 1, 2}, Bytes(300, 9)}, d1,
                       true, Bytes{1, 2, 3, 4});
  // 2a, 3a: the best chain, changing values and a child trie.
  Storage s2a = s1;
  s2a[account_key(2)] = Bytes(80, 0x22);
  s2a.erase(Bytes{0x12, 0x34, 0x99});
  Children c2a = children;
  c2a[bytes_of("child1")][Bytes{0xab, 0xff}] = Bytes{1};
  w->b2a = commit_block(*w->chain, w->b1, 2, s2a, c2a, {}, {}, true, std::nullopt);
  Storage s3a = s2a;
  s3a[account_key(3)] = Bytes(10, 0x33);
  w->b3a = commit_block(*w->chain, w->b2a, 3, s3a, c2a, {Bytes{}}, {}, true, std::nullopt);
  // 2b: a fork without :code.
  Storage s2b = s1;
  s2b.erase(bytes_of(":code"));
  w->b2b = commit_block(*w->chain, w->b1, 2, s2b, children, {Bytes{1}},
                        {block::DigestRuntimeEnvironmentUpdated{}}, false, std::nullopt);
  if (!w->chain->finalize(w->b1)) fail("finalizing block 1");
  w->blocks = {w->genesis, w->b1, w->b2a, w->b3a, w->b2b};
  // Longer names first: @B2A before a shorter name that is its prefix.
  w->names = {{"@B2A", to_hex(w->b2a)},
              {"@B3A", to_hex(w->b3a)},
              {"@B2B", to_hex(w->b2b)},
              {"@B1", to_hex(w->b1)},
              {"@G", to_hex(w->genesis)},
              {"@ACC1", to_hex(account_key(1))},
              {"@CHILD1", to_hex(w->child_keys[0])}};

  const auto ref = [&](const block::BlockHash& h) {
    return blockchain::BlockRef{h, header_of(*w->chain, h).number};
  };
  const auto import = [&](const block::BlockHash& h, bool best) {
    blockchain::ImportNotice n;
    n.block = ref(h);
    n.header = header_of(*w->chain, h);
    n.new_best = best;
    return n;
  };
  w->imports = {import(w->b2b, false), import(w->b3a, true), import(w->b2a, true),
                import(w->b2b, true)};
  w->finality = {
      blockchain::FinalityNotice{ref(w->b2a), {ref(w->b2a)}, {ref(w->b2b)}},
      blockchain::FinalityNotice{ref(w->b3a), {ref(w->b2a), ref(w->b3a)}, {ref(w->b2b)}},
  };
  return w;
}

World& world() {
  static World* w = make_world();  // never freed: the database lives as long as the process
  return *w;
}

// --- Request generation.

constexpr const char* kArgNames[] = {"hash",
                                     "key",
                                     "keys",
                                     "prefix",
                                     "count",
                                     "start_key",
                                     "child_storage_key",
                                     "follow_subscription",
                                     "operation_id",
                                     "items",
                                     "child_trie",
                                     "with_runtime",
                                     "function",
                                     "call_parameters",
                                     "name",
                                     "bytes",
                                     "height",
                                     "extrinsic",
                                     "at",
                                     "account",
                                     "peer",
                                     "peer_id",
                                     "block",
                                     "encoded_xt",
                                     "hash_or_hashes",
                                     "subscription",
                                     "withRuntime",
                                     "followSubscription",
                                     "hashOrHashes",
                                     "childTrie",
                                     "key_type",
                                     "suri",
                                     "public",
                                     "session_keys",
                                     "tx",
                                     "transaction",
                                     "bytes_or_hash",
                                     "operationId",
                                     "startKey",
                                     "extrinsics"};

constexpr const char* kFunctions[] = {"Core_version",
                                      "Metadata_metadata",
                                      "Core_execute_block",
                                      "TransactionPaymentApi_query_info",
                                      "AccountNonceApi_account_nonce",
                                      "BlockBuilder_apply_extrinsic",
                                      "",
                                      "x"};

constexpr const char* kStorageTypes[] = {
    "value", "hash", "closestDescendantMerkleValue", "descendantsValues", "descendantsHashes",
    "other", ""};

constexpr const char* kOddStrings[] = {"",
                                       "0x",
                                       "0x0",
                                       "0xzz",
                                       "1234",
                                       "0X12",
                                       "0x00",
                                       "sub1",
                                       "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                                       "babe",
                                       "gran",
                                       "\xc3\xa9",
                                       "null",
                                       "//Alice",
                                       "0x"
                                       "00000000000000000000000000000000"
                                       "00000000000000000000000000000000"};

struct Harness;

struct Generator {
  FuzzedDataProvider& in;
  const World& w;
  const std::vector<std::string>& subscriptions;

  Bytes some_bytes(size_t max) {
    return in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(0, max));
  }

  std::string subscription_id() {
    if (!subscriptions.empty() && in.ConsumeBool()) {
      return subscriptions[in.ConsumeIntegralInRange<size_t>(0, subscriptions.size() - 1)];
    }
    return "s" + std::to_string(in.ConsumeIntegralInRange<int>(0, 12));
  }

  Json storage_item(int depth) {
    Json item = Json::object();
    if (in.ConsumeIntegralInRange<int>(0, 9) != 0) {
      item["key"] = in.ConsumeBool() ? Json(key_hex()) : value(depth + 1);
    }
    if (in.ConsumeIntegralInRange<int>(0, 9) != 0) {
      item["type"] =
          kStorageTypes[in.ConsumeIntegralInRange<size_t>(0, std::size(kStorageTypes) - 1)];
    }
    if (in.ConsumeIntegralInRange<int>(0, 3) == 0) item["paginationStartKey"] = key_hex();
    return item;
  }

  std::string key_hex() {
    const auto& keys = in.ConsumeBool() ? w.keys : w.child_keys;
    Bytes key = keys[in.ConsumeIntegralInRange<size_t>(0, keys.size() - 1)];
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0:  // a prefix of it
        key.resize(in.ConsumeIntegralInRange<size_t>(0, key.size()));
        break;
      case 1:  // something after it
        key.push_back(in.ConsumeIntegral<uint8_t>());
        break;
      default:
        break;
    }
    return to_hex(key);
  }

  Json value(int depth = 0) {
    switch (in.ConsumeIntegralInRange<int>(0, 17)) {
      case 0:
      case 1:
        return to_hex(w.blocks[in.ConsumeIntegralInRange<size_t>(0, w.blocks.size() - 1)]);
      case 2: {
        Bytes h = in.ConsumeBytes<uint8_t>(32);
        h.resize(32);
        return to_hex(h);
      }
      case 3:
      case 4:
        return key_hex();
      case 5:
        return to_hex(some_bytes(64));
      case 6:
        return kOddStrings[in.ConsumeIntegralInRange<size_t>(0, std::size(kOddStrings) - 1)];
      case 7:
        switch (in.ConsumeIntegralInRange<int>(0, 6)) {
          case 0:
            return in.ConsumeIntegralInRange<uint64_t>(0, 16);
          case 1:
            return uint64_t{4294967295};
          case 2:
            return uint64_t{4294967296};
          case 3:
            return UINT64_MAX;
          case 4:
            return in.ConsumeIntegralInRange<int64_t>(INT64_MIN, -1);
          case 5:
            return in.ConsumeFloatingPoint<double>();
          default:
            return in.ConsumeIntegral<uint32_t>();
        }
      case 8:
        return in.ConsumeBool();
      case 9:
        return nullptr;
      case 10:
        return subscription_id();
      case 11:
        return std::to_string(in.ConsumeIntegralInRange<int>(0, 20));
      case 12:
        return storage_item(depth);
      case 13:
      case 14: {
        if (depth > 3) return Json::array();
        Json list = Json::array();
        const int n = in.ConsumeIntegralInRange<int>(0, 6);
        for (int i = 0; i < n; ++i) list.push_back(value(depth + 1));
        return list;
      }
      case 15:
        return kFunctions[in.ConsumeIntegralInRange<size_t>(0, std::size(kFunctions) - 1)];
      case 16:
        return to_hex(w.child_keys[in.ConsumeIntegralInRange<size_t>(0, w.child_keys.size() - 1)]);
      default:
        return in.ConsumeRandomLengthString(64);
    }
  }

  Json params() {
    const int form = in.ConsumeIntegralInRange<int>(0, 9);
    const int n = in.ConsumeIntegralInRange<int>(0, 6);
    if (form <= 6) {
      Json list = Json::array();
      for (int i = 0; i < n; ++i) list.push_back(value());
      return list;
    }
    if (form <= 8) {
      Json object = Json::object();
      for (int i = 0; i < n; ++i) {
        object[kArgNames[in.ConsumeIntegralInRange<size_t>(0, std::size(kArgNames) - 1)]] = value();
      }
      return object;
    }
    return in.ConsumeBool() ? Json(nullptr) : value();
  }

  Json call(const std::vector<std::string>& methods, int id) {
    Json request = Json::object();
    request["jsonrpc"] = "2.0";
    request["method"] = methods[in.ConsumeIntegralInRange<size_t>(0, methods.size() - 1)];
    if (in.ConsumeIntegralInRange<int>(0, 15) != 0) request["id"] = id;  // else a notification
    if (in.ConsumeIntegralInRange<int>(0, 7) != 0) request["params"] = params();
    return request;
  }
};

// --- One input's node: context, registry, connections.

struct Connection {
  std::shared_ptr<::canary::rpc::Outbox> outbox;
  std::unique_ptr<::canary::rpc::Session> session;
};

struct Harness {
  World& w;
  std::deque<std::function<void()>> deferred;
  std::unique_ptr<node::rpc::RpcContext> context;
  std::unique_ptr<node::FileKeystore> keystore;
  std::unique_ptr<node::TransactionService> transactions;
  std::unique_ptr<node::AuthorContext> author;
  std::shared_ptr<const ::canary::rpc::MethodRegistry> registry;
  std::vector<std::string> methods;
  std::vector<std::string> subscriptions;
  Connection connections[2];
  bool deny_unsafe = true;
  int next_subscription = 0;

  Harness(World& world, bool deny) : w(world), deny_unsafe(deny) {
    node::rpc::ChainInfo info;
    info.chain_name = "Fuzz";
    info.chain_id = "fuzz";
    info.genesis_hash = w.genesis;
    info.is_dev = true;
    context = std::make_unique<node::rpc::RpcContext>(*w.chain, *w.host, info);
    context->defer = [this](std::function<void()> task) { deferred.push_back(std::move(task)); };
    auto table = std::make_shared<::canary::rpc::MethodRegistry>();
    node::rpc::register_node_methods(*table, *context);
    keystore = node::FileKeystore::in_memory();
    transactions = std::make_unique<node::TransactionService>(
        *w.chain, *w.host, txpool::PoolOptions{}, [] { return uint64_t{1'700'000'000'000}; });
    author = std::make_unique<node::AuthorContext>(
        node::AuthorContext{*context, *transactions, *keystore, nullptr});
    node::register_author_methods(*table, *author);
    node::register_grandpa_methods(*table, *w.chain, nullptr);
    node::register_offchain_methods(*table, *w.chain);
    registry = table;
    methods = registry->method_names();
    methods.push_back("no_such_method");
    for (int i = 0; i < 2; ++i) open(i);
  }

  ~Harness() {
    for (auto& c : connections) close(c);
    run_deferred();
    registry.reset();
    author.reset();
    transactions.reset();
    context.reset();
  }

  void open(int i) {
    Connection& c = connections[i];
    c.outbox = std::make_shared<::canary::rpc::Outbox>(32);
    ::canary::rpc::SessionConfig config;
    config.deny_unsafe = deny_unsafe;
    config.connection_id = static_cast<uint64_t>(i + 1);
    config.max_subscriptions = 8;
    config.max_pending_notifications = 16;
    config.max_response_size = 64 * 1024;
    config.limits.max_request_size = 64 * 1024;
    config.limits.max_batch_len = 8;
    c.session = std::make_unique<::canary::rpc::Session>(registry, config, c.outbox, [this] {
      std::string id = "s" + std::to_string(next_subscription++);
      subscriptions.push_back(id);
      return id;
    });
  }

  void close(Connection& c) {
    if (c.session) c.session->close();
    drain(c);
    c.session.reset();
  }

  void run_deferred() {
    // A task may queue more (an operation's next step); the chain is finite, so is this.
    for (int rounds = 0; !deferred.empty() && rounds < 10'000; ++rounds) {
      auto task = std::move(deferred.front());
      deferred.pop_front();
      task();
    }
    deferred.clear();
    for (auto& c : connections) drain(c);
  }

  static void check_message(const std::string& text) {
    const Json message = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!message.is_object() && !message.is_array()) fail("a message that is not JSON-RPC");
    const auto check_one = [](const Json& m) {
      if (!m.is_object() || m.value("jsonrpc", "") != "2.0") fail("not a JSON-RPC 2.0 message");
      const auto error = m.find("error");
      if (error == m.end()) return;
      if (!error->is_object() || !error->contains("code") ||
          !(*error)["code"].is_number_integer()) {
        fail("an error without a code");
      }
      // The session's answer to an exception that escaped a handler.
      if ((*error)["code"] == ::canary::rpc::kInternalErrorCode &&
          error->value("message", "") == "Internal error") {
        const Json data = error->value("data", Json());
        if (data != "connection closed" && data != "no free subscription id") {
          fprintf(stderr, "%s\n", m.dump().c_str());
          fail("a handler threw");
        }
      }
    };
    if (message.is_array()) {
      for (const Json& m : message) check_one(m);
    } else {
      check_one(message);
    }
  }

  void drain(Connection& c) {
    if (!c.outbox) return;
    while (auto text = c.outbox->pop()) {
      if (trace())
        fprintf(stderr, "%d< %.600s\n", static_cast<int>(&c - connections), text->c_str());
      check_message(*text);
    }
  }

  // FUZZ_NODE_RPC_TRACE=1 prints every message in and out (for writing seeds, reading crashes).
  static bool trace() {
    static const bool on = std::getenv("FUZZ_NODE_RPC_TRACE") != nullptr;
    return on;
  }

  void send(int i, std::string_view text) {
    Connection& c = connections[i];
    if (trace()) {
      fprintf(stderr, "%d> %.*s\n", i, static_cast<int>(std::min<size_t>(text.size(), 600)),
              text.data());
    }
    if (!c.session) return;
    c.session->handle_message(text);
    drain(c);
  }
};

// Generated strings may hold invalid UTF-8, which nlohmann's dump refuses with an exception.
std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void notify_import(Harness& h, const blockchain::ImportNotice& n) {
  h.context->events().on_block_imported(n);
  if (n.new_best) h.context->events().on_best_block_changed(n.block, std::nullopt);
  for (auto& c : h.connections) h.drain(c);
}

void notify_finality(Harness& h, const blockchain::FinalityNotice& n) {
  h.context->events().on_finalized(n);
  for (auto& c : h.connections) h.drain(c);
}

void step_deferred(Harness& h) {
  if (h.deferred.empty()) return;
  auto task = std::move(h.deferred.front());
  h.deferred.pop_front();
  task();
  for (auto& c : h.connections) h.drain(c);
}

// The script's @-names replaced by the world's values.
std::string substitute(const World& w, std::string_view line) {
  std::string out(line);
  if (out.find('@') == std::string::npos) return out;
  for (const auto& [name, value] : w.names) {
    for (size_t at = out.find(name); at != std::string::npos; at = out.find(name, at)) {
      out.replace(at, name.size(), value);
      at += value.size();
    }
  }
  return out;
}

void run_script(World& w, std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  const bool unsafe = !lines.empty() && lines.front() == "!unsafe";
  Harness h(w, !unsafe);
  int connection = 0;
  const auto digit = [](std::string_view line, std::string_view command, size_t count) {
    return static_cast<size_t>(line[command.size()] - '0') % count;
  };
  for (std::string_view line : lines) {
    if (!line.starts_with('!')) {
      h.send(connection, substitute(w, line));
    } else if (line == "!conn0" || line == "!conn1") {
      connection = line.back() - '0';
    } else if (line == "!run") {
      h.run_deferred();
    } else if (line == "!step") {
      step_deferred(h);
    } else if (line.starts_with("!import") && line.size() == 8) {
      notify_import(h, w.imports[digit(line, "!import", w.imports.size())]);
    } else if (line.starts_with("!final") && line.size() == 7) {
      notify_finality(h, w.finality[digit(line, "!final", w.finality.size())]);
    } else if (line == "!close") {
      h.close(h.connections[connection]);
      h.open(connection);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  World& w = world();
  if (size > 0 && (bytes[0] == '{' || bytes[0] == '[' || bytes[0] == '!')) {
    run_script(w, std::string_view(reinterpret_cast<const char*>(bytes), size));
    return 0;
  }
  FuzzedDataProvider in(bytes, size);
  Harness h(w, in.ConsumeBool());
  Generator gen{in, w, h.subscriptions};
  int id = 0;
  for (int step = 0; step < 48 && in.remaining_bytes() > 0; ++step) {
    const int connection = in.ConsumeBool() ? 1 : 0;
    switch (in.ConsumeIntegralInRange<int>(0, 11)) {
      case 0:
        h.send(connection, in.ConsumeRandomLengthString(2048));
        break;
      case 1: {
        Json batch = Json::array();
        const int n = in.ConsumeIntegralInRange<int>(0, 9);
        for (int i = 0; i < n; ++i) batch.push_back(gen.call(h.methods, id++));
        h.send(connection, dump(batch));
        break;
      }
      case 2:
        step_deferred(h);
        break;
      case 3:
        h.run_deferred();
        break;
      case 4:
        notify_import(h, w.imports[in.ConsumeIntegralInRange<size_t>(0, w.imports.size() - 1)]);
        break;
      case 5:
        notify_finality(h, w.finality[in.ConsumeIntegralInRange<size_t>(0, w.finality.size() - 1)]);
        break;
      case 6:
        h.close(h.connections[connection]);
        h.open(connection);
        break;
      default:
        h.send(connection, dump(gen.call(h.methods, id++)));
        break;
    }
  }
  return 0;
}
