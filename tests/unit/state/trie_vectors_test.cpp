// Published trie roots: smoldot's trie.rs tests, w3f/polkadot-tests (host-api outputs and the
// small state-trie fixtures, inlined), and the spec's empty root. See polkadot-spec-facts.md §2.3.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "primitives/util/hex.hpp"
#include "state/trie/child_trie.hpp"
#include "state/trie/trie.hpp"
#include "state/trie/trie_root.hpp"
#include "tests/support/hex.hpp"

namespace canary::state {
namespace {

using Entries = std::vector<std::pair<Bytes, Bytes>>;

using canary::test::hex;

Entries strings(std::initializer_list<std::pair<std::string_view, std::string_view>> list) {
  Entries out;
  for (auto [k, v] : list) out.emplace_back(to_bytes(k), to_bytes(v));
  return out;
}

std::string root(const Entries& entries, StateVersion version,
                 TrieHasher hasher = TrieHasher::kBlake2b256) {
  return hex(trie_root(entries, version, hasher));
}

TEST(TrieVectors, EmptyTrieRoots) {
  // smoldot trie.rs EMPTY_BLAKE2_TRIE_MERKLE_VALUE / EMPTY_KECCAK256_TRIE_MERKLE_VALUE.
  EXPECT_EQ(hex(empty_trie_root(TrieHasher::kBlake2b256)),
            "03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314");
  EXPECT_EQ(hex(empty_trie_root(TrieHasher::kKeccak256)),
            "bc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a");
  Trie trie;
  EXPECT_EQ(hex(trie.root_hash(StateVersion::kV0)),
            "03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314");
  EXPECT_EQ(root({}, StateVersion::kV1, TrieHasher::kKeccak256),
            "bc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a");
}

TEST(TrieVectors, SmoldotExamples) {
  // smol-dot/smoldot lib/src/trie.rs tests trie_root_example_{v0,v1}_{blake2,keccak}.
  Entries v0 = strings({{"foo", "bar"}, {"foobar", "baz"}});
  EXPECT_EQ(root(v0, StateVersion::kV0),
            "a61820b5fba9b01aee10b5bbd84aea80b8230318c5e8ca14b9a4940c76e09815");
  EXPECT_EQ(root(v0, StateVersion::kV0, TrieHasher::kKeccak256),
            "6d0d2e042cc02579d5e6f8226c245617a434a2a5f86fec418e4776c42ccd8b91");
  Entries v1 = strings({{"bar", "foo"}, {"barfoo", "hello"}, {"anotheritem", "anothervalue"}});
  EXPECT_EQ(root(v1, StateVersion::kV1),
            "441807c345ca7adf88bd21ab1b3cbadb15616abb89167eb9fe285dd5cecd04c8");
  EXPECT_EQ(root(v1, StateVersion::kV1, TrieHasher::kKeccak256),
            "a3b6653a715d611319273aaaa7e1d4bb9d03e6155c81c426d4be3167f2000441");
}

TEST(TrieVectors, PolkadotTestsTrieRootHostApi) {
  // w3f/polkadot-tests fixtures/host-api HostApiOutputs.jl ext_trie_blake2_256_root_version_1,
  // inputs key_value_1..3 of HostApiInputs.jl. The third pair repeats the first key: later wins.
  EXPECT_EQ(root(strings({{"static", "Inverse"},
                          {"even-keeled", "Future-proofed"},
                          {"static", "even-keeled"}}),
                 StateVersion::kV0),
            "1192e3ed48d28fba2eeae885fa367c535eca6a149eafad982265586902783d4f");
  EXPECT_EQ(root(strings({{"function", "Horizontal"},
                          {"Face to face", "Expanded"},
                          {"function", "Face to face"}}),
                 StateVersion::kV0),
            "92aafcf31cc2012d7467fa96b47caa389762ef02e97c27c30484a7ffd4b3780e");
  EXPECT_EQ(root(strings({{"Integrated", "portal"},
                          {"budgetary management", "pricing structure"},
                          {"Integrated", "budgetary management"}}),
                 StateVersion::kV0),
            "cbb9ff2393a9c8ce46f3592532f4c181339eedf979836e5d45b318633030a79e");
}

TEST(TrieVectors, PolkadotTestsOrderedRootHostApi) {
  // HostApiOutputs.jl ext_trie_blake2_256_ordered_root_version_1 (inputs value_1..3).
  auto ordered = [](std::initializer_list<std::string_view> list) {
    std::vector<Bytes> values;
    for (auto v : list) values.push_back(to_bytes(v));
    return hex(ordered_trie_root(values, StateVersion::kV0));
  };
  EXPECT_EQ(ordered({"static", "even-keeled", "Future-proofed"}),
            "d847b86d0219a384d11458e829e9f4f4cce7e3cc2e6dcd0e8a6ad6f12c64a737");
  EXPECT_EQ(ordered({"Inverse", "Face to face", "Expanded"}),
            "ea32273c604a609a83979acc5dc5c19d91112967c5690d660684118fac03d087");
  EXPECT_EQ(ordered({"even-keeled", "budgetary management", "pricing structure"}),
            "72b6aa1f07895b3276e215b192335b982268922f4e2973b3bab13102766a597c");
}

TEST(TrieVectors, PolkadotTestsChildStorageRoot) {
  // HostApiOutputs.jl ext_default_child_storage_root_version_1: child trie "moratorium" holds
  // key_value_1[0] and key_value_2[0]; the child root is stored in the main trie.
  Trie main;
  Trie child;
  ASSERT_TRUE(child.insert(to_bytes("static"), to_bytes("Inverse")));
  ASSERT_TRUE(child.insert(to_bytes("even-keeled"), to_bytes("Future-proofed")));
  auto child_root = store_child_root(main, to_bytes("moratorium"), child, StateVersion::kV0);
  ASSERT_TRUE(child_root);
  EXPECT_EQ(hex(*child_root), "e04eb753bc044436c6624b2062f7ad2be3bf19c62ed6f10aa2d7ee2586828cd5");
  auto stored = main.get(to_bytes(":child_storage:default:moratorium"));
  ASSERT_TRUE(stored);
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ(hex(**stored), hex(*child_root));

  EXPECT_EQ(
      root(strings({{"function", "Horizontal"}, {"Face to face", "Expanded"}}), StateVersion::kV0),
      "e563e5520daa936c3629783df1390428bf1a57bf2ea2e30d26efe54bd225e706");
}

TEST(TrieVectors, PolkadotTestsStorageInit) {
  // HostApiOutputs.jl test_storage_init: the root of {":code" → ""}.
  EXPECT_EQ(root(strings({{":code", ""}}), StateVersion::kV0),
            "04e4d34bfc8a3dcd61aa59402df7816d297b0a54ee9aeec04dc96f2415a6cf4d");
}

TEST(TrieVectors, PolkadotTestsSmallStateTrieFixtures) {
  // fixtures/state-trie/{1c1,scv,hex_1c1,pk_branch,pk_branch2}.yaml; expected roots from the
  // table of polkadot-spec-facts.md §2.3.
  Entries one = strings({{"1", "1"}});
  EXPECT_EQ(root(one, StateVersion::kV0),
            "43e6ad6c4f2c34989b14cbe107b2628072f7cda5ec948b899ca7cab9fe987f99");
  EXPECT_EQ(root(one, StateVersion::kV1),
            "43e6ad6c4f2c34989b14cbe107b2628072f7cda5ec948b899ca7cab9fe987f99");
  EXPECT_EQ(root(strings({{"s", "v"}}), StateVersion::kV0),
            "82c9e039b7c772d68c6edede03bca0f49b4fa48da7bc0445b2ddc9b31768a331");
  Entries hex_one{{Bytes{0x01}, to_bytes("01")}};
  EXPECT_EQ(root(hex_one, StateVersion::kV0),
            "e8ab6bcef78967f011a6572f260e762d125383fa3f180efece73e3da7d728bc8");

  Entries pk_branch = strings({{"1357", "1"}, {"13579", "234567890qwertyuiopasdfghjklzxcvbnm"}});
  EXPECT_EQ(root(pk_branch, StateVersion::kV0),
            "6bbc07f9453b62275b516008bc4e44d53546afcd3c7c304379cd089fe7af271a");
  EXPECT_EQ(root(pk_branch, StateVersion::kV1),
            "e6270140c8af29c77348092edb218a848a7bb6d36d6bce5936ec10d42e532101");

  Entries pk_branch2 = strings({{"12345", "1"},
                                {"abcd", "2"},
                                {"zyxw", "3"},
                                {"azyx", "1234567890asdfghjklmnbvcxzqertyuiop"},
                                {"mnopqrst", "4"},
                                {"ab123", "5"},
                                {"ii1234", "6"},
                                {"Oif4daiN", "7"},
                                {"Ye", "8"},
                                {"JJ", "9"},
                                {"Qui", "Yei1Iesh"},
                                {"Vo1", "Vo1Xavah"}});
  EXPECT_EQ(root(pk_branch2, StateVersion::kV0),
            "569b34932d8a72da29ee802f11b913761840eacbce935bb062fa5ad6c9dccbc2");
  EXPECT_EQ(root(pk_branch2, StateVersion::kV1),
            "c064abc8e122efeae16b377e3adf439bab052799d56713f20ef8c82d484b9c16");
}

TEST(TrieVectors, HashedValueThreshold) {
  // {"a" → 33 × "x"}: V1 stores the value by hash (leaf 22 61 ‖ blake2(value)), V0 inline; a
  // 32-byte value is inline under both (polkadot-spec-facts.md §2.3).
  Entries long_value{{to_bytes("a"), Bytes(33, 'x')}};
  EXPECT_EQ(root(long_value, StateVersion::kV1),
            "f6d62d120fc225f49b47812c6dc27843a316a38670f4dfd277bbbc2443ce5cec");
  EXPECT_EQ(root(long_value, StateVersion::kV0),
            "d3395b5ecd3a6935f0ae42181a0dba12b2ec91570eac579c0adfbb16b2a74a38");
  Entries short_value{{to_bytes("a"), Bytes(32, 'x')}};
  EXPECT_EQ(root(short_value, StateVersion::kV0), root(short_value, StateVersion::kV1));
}

}  // namespace
}  // namespace canary::state
