// The `/light/2` server (network/protocols/light_request_handler.hpp) over a synthetic source:
// real storage proofs of an in-memory state read back with state::read_proof, Substrate's
// refusals (reads without keys, requests without variant) and empty proofs (unknown block, failed
// call, another child trie type), child storage keys prefixed and not, the size bound, and the
// whole path from request bytes to response bytes.
#include "network/protocols/light_request_handler.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "primitives/scale/scale.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/proof.hpp"
#include "state/trie/trie.hpp"

namespace canary::network {
namespace {

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

// One block's state (a main trie with one default child trie "kid") and scripted calls.
class FakeLightSource final : public LightStateSource {
 public:
  FakeLightSource() {
    state::Trie child;
    EXPECT_TRUE(child.insert(text("c1"), text("child one")));
    EXPECT_TRUE(child.insert(text("c2"), Bytes(50, 0xc2)));
    const Hash256 child_root = child.root_hash(state::StateVersion::kV1, &store_);
    main_ = state::Trie();
    EXPECT_TRUE(main_.insert(text("alpha"), text("a")));
    EXPECT_TRUE(main_.insert(text("beta"), Bytes(80, 0xbb)));
    EXPECT_TRUE(main_.insert(text("gamma"), text("g")));
    for (int i = 0; i < 40; ++i) {
      EXPECT_TRUE(main_.insert(text("filler" + std::to_string(i)), Bytes(40, uint8_t(i))));
    }
    EXPECT_TRUE(main_.insert(state::default_child_root_key(text("kid")), child_root));
    root_ = main_.root_hash(state::StateVersion::kV1, &store_);
    block_.fill(0x42);
  }

  Result<std::vector<Bytes>, LightSourceError> read_proof(const block::BlockHash& block,
                                                          std::span<const Bytes> keys) override {
    ++reads;
    if (block != block_) return unexpected(LightSourceError{"unknown block"});
    state::Trie trie = state::Trie::open(root_, store_);
    auto proof = state::generate_storage_proof(trie, keys, state::StateVersion::kV1);
    if (!proof) return unexpected(LightSourceError{"trie"});
    // Shuffled and with a duplicate: the server puts the proof in StorageProof's form.
    std::vector<Bytes> out = std::move(*proof);
    std::reverse(out.begin(), out.end());
    if (!out.empty()) out.push_back(out.front());
    return out;
  }

  Result<std::vector<Bytes>, LightSourceError> child_read_proof(
      const block::BlockHash& block, ByteSpan child, std::span<const Bytes> keys) override {
    ++child_reads;
    last_child = Bytes(child.begin(), child.end());
    if (block != block_) return unexpected(LightSourceError{"unknown block"});
    state::Trie trie = state::Trie::open(root_, store_);
    const std::vector<Bytes> root_key = {state::default_child_root_key(child)};
    auto main_proof = state::generate_storage_proof(trie, root_key, state::StateVersion::kV1);
    if (!main_proof) return unexpected(LightSourceError{"trie"});
    auto root = trie.get(root_key[0]);
    if (!root) return unexpected(LightSourceError{"trie"});
    std::vector<Bytes> out = std::move(*main_proof);
    if (*root) {
      Hash256 child_root;
      std::copy((*root)->begin(), (*root)->end(), child_root.begin());
      state::Trie child_trie = state::Trie::open(child_root, store_);
      auto child_proof = state::generate_storage_proof(child_trie, keys, state::StateVersion::kV1);
      if (!child_proof) return unexpected(LightSourceError{"trie"});
      out.insert(out.end(), child_proof->begin(), child_proof->end());
    }
    return out;
  }

  Result<std::vector<Bytes>, LightSourceError> execution_proof(const block::BlockHash& block,
                                                               std::string_view method,
                                                               ByteSpan args) override {
    ++calls;
    last_method = std::string(method);
    last_args = Bytes(args.begin(), args.end());
    if (block != block_ || method == "Fails_always") {
      return unexpected(LightSourceError{"no"});
    }
    if (method == "Huge_proof") {
      // More than a response may carry.
      return std::vector<Bytes>{Bytes(kMaxLightResponseSize / 2, 1),
                                Bytes(kMaxLightResponseSize / 2, 2)};
    }
    return std::vector<Bytes>{text("node b"), text("node a"), text("node b")};
  }

  const Hash256& root() const { return root_; }
  const block::BlockHash& block() const { return block_; }

  int reads = 0;
  int child_reads = 0;
  int calls = 0;
  Bytes last_child;
  std::string last_method;
  Bytes last_args;

 private:
  state::MemoryNodeStore store_;
  state::Trie main_;
  Hash256 root_{};
  block::BlockHash block_{};
};

std::vector<Bytes> decode_proof(const std::optional<Bytes>& proof) {
  EXPECT_TRUE(proof);
  if (!proof) return {};
  auto nodes = scale::decode<std::vector<Bytes>>(*proof);
  EXPECT_TRUE(nodes);
  return nodes ? *nodes : std::vector<Bytes>{};
}

const RemoteReadResponse& read_response(const Result<LightResponse, LightRequestRefusal>& r) {
  EXPECT_TRUE(r);
  return std::get<RemoteReadResponse>(*r);
}

TEST(LightRequestHandler, ReadProofsProveTheKeysInStorageProofForm) {
  FakeLightSource source;
  const std::vector<Bytes> keys = {text("alpha"), text("beta"), text("absent")};
  auto response = build_light_response(RemoteReadRequest{source.block(), keys}, source);
  const std::vector<Bytes> proof = decode_proof(read_response(response).proof);
  // Sorted, each node once: SCALE StorageProof (a BTreeSet).
  EXPECT_TRUE(std::is_sorted(proof.begin(), proof.end()));
  EXPECT_EQ(std::set<Bytes>(proof.begin(), proof.end()).size(), proof.size());
  auto values = state::read_proof(source.root(), proof, keys);
  ASSERT_TRUE(values);
  EXPECT_EQ((*values)[0], std::optional<Bytes>(text("a")));
  EXPECT_EQ((*values)[1], std::optional<Bytes>(Bytes(80, 0xbb)));
  EXPECT_FALSE((*values)[2]);
}

TEST(LightRequestHandler, UnknownBlocksGetNoProof) {
  FakeLightSource source;
  block::BlockHash other{};
  auto read = build_light_response(RemoteReadRequest{other, {text("alpha")}}, source);
  EXPECT_FALSE(read_response(read).proof);
  auto call = build_light_response(RemoteCallRequest{other, "Core_version", {}}, source);
  ASSERT_TRUE(call);
  EXPECT_FALSE(std::get<RemoteCallResponse>(*call).proof);
  auto child = build_light_response(
      RemoteReadChildRequest{other, text(":child_storage:default:kid"), {text("c1")}}, source);
  EXPECT_FALSE(read_response(child).proof);
}

TEST(LightRequestHandler, ReadsWithoutKeysAreBadRequests) {
  FakeLightSource source;
  auto read = build_light_response(RemoteReadRequest{source.block(), {}}, source);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error(), LightRequestRefusal::kBadRequest);
  auto child = build_light_response(
      RemoteReadChildRequest{source.block(), text(":child_storage:default:kid"), {}}, source);
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error(), LightRequestRefusal::kBadRequest);
  EXPECT_EQ(source.reads + source.child_reads, 0);
}

TEST(LightRequestHandler, CallsCarryTheExecutionProof) {
  FakeLightSource source;
  const Bytes args = {1, 2, 3};
  auto call = build_light_response(RemoteCallRequest{source.block(), "BabeApi_current_epoch", args},
                                   source);
  ASSERT_TRUE(call);
  EXPECT_EQ(source.last_method, "BabeApi_current_epoch");
  EXPECT_EQ(source.last_args, args);
  EXPECT_EQ(decode_proof(std::get<RemoteCallResponse>(*call).proof),
            (std::vector<Bytes>{text("node a"), text("node b")}));
  // A call that fails: a response without proof.
  auto failed = build_light_response(RemoteCallRequest{source.block(), "Fails_always", {}}, source);
  ASSERT_TRUE(failed);
  EXPECT_FALSE(std::get<RemoteCallResponse>(*failed).proof);
}

TEST(LightRequestHandler, ChildReadsTakePrefixedAndUnprefixedNames) {
  FakeLightSource source;
  const std::vector<Bytes> keys = {text("c1"), text("c2"), text("c3")};
  for (const Bytes& storage_key : {text(":child_storage:default:kid"), text("kid")}) {
    auto response =
        build_light_response(RemoteReadChildRequest{source.block(), storage_key, keys}, source);
    EXPECT_EQ(source.last_child, text("kid"));
    const std::vector<Bytes> proof = decode_proof(read_response(response).proof);
    auto root = state::read_proof(source.root(), proof, state::default_child_root_key(text("kid")));
    ASSERT_TRUE(root && *root);
    Hash256 child_root;
    std::copy((*root)->begin(), (*root)->end(), child_root.begin());
    auto values = state::read_proof(child_root, proof, keys);
    ASSERT_TRUE(values);
    EXPECT_EQ((*values)[0], std::optional<Bytes>(text("child one")));
    EXPECT_EQ((*values)[1], std::optional<Bytes>(Bytes(50, 0xc2)));
    EXPECT_FALSE((*values)[2]);
  }
  // Another child trie type: no proof, and the source is not asked.
  const int before = source.child_reads;
  auto other = build_light_response(
      RemoteReadChildRequest{source.block(), text(":child_storage:other:kid"), keys}, source);
  EXPECT_FALSE(read_response(other).proof);
  EXPECT_EQ(source.child_reads, before);
}

TEST(LightRequestHandler, BytesInBytesOut) {
  FakeLightSource source;
  const std::vector<Bytes> keys = {text("gamma")};
  auto served =
      serve_light_request(encode_light_request(RemoteReadRequest{source.block(), keys}), source);
  ASSERT_TRUE(served);
  auto decoded = decode_light_response(*served);
  ASSERT_TRUE(decoded);
  const std::vector<Bytes> proof = decode_proof(std::get<RemoteReadResponse>(*decoded).proof);
  auto value = state::read_proof(source.root(), proof, text("gamma"));
  ASSERT_TRUE(value);
  EXPECT_EQ(*value, std::optional<Bytes>(text("g")));

  // Not a request; a request without variant (empty message); keys missing.
  EXPECT_EQ(serve_light_request(Bytes{0xff, 0xff}, source).error(),
            LightRequestRefusal::kMalformed);
  EXPECT_EQ(serve_light_request(Bytes{}, source).error(), LightRequestRefusal::kBadRequest);
  EXPECT_EQ(serve_light_request(encode_light_request(RemoteReadRequest{source.block(), {}}), source)
                .error(),
            LightRequestRefusal::kBadRequest);
  // RFC-0009's RemoteReadRequestV2 (field 6 with the block hash in its field 1).
  Bytes v2 = {0x32, 34, 0x0a, 32};
  v2.insert(v2.end(), source.block().begin(), source.block().end());
  EXPECT_EQ(serve_light_request(v2, source).error(), LightRequestRefusal::kUnsupported);
}

TEST(LightRequestHandler, ProofsTooLargeForThePeerAreNotSent) {
  FakeLightSource source;
  auto served = serve_light_request(
      encode_light_request(RemoteCallRequest{source.block(), "Huge_proof", {}}), source);
  ASSERT_TRUE(served);
  EXPECT_LE(served->size(), kMaxLightResponseSize);
  auto decoded = decode_light_response(*served);
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(std::get<RemoteCallResponse>(*decoded).proof);
}

}  // namespace
}  // namespace canary::network
