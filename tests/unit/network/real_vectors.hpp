// Real bytes shared by the protocol tests, each with where it comes from.
#pragma once

#include <string_view>

#include "primitives/block/header.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"

namespace canary::network::testing {

inline constexpr std::string_view kKusamaGenesisHex =
    "b0a8d493285c2df73290dfb7e61f870f17b41801197a149ca93654499ea3dafe";
inline constexpr std::string_view kKusamaBlockOneHashHex =
    "cd9b8e2fc2f57c4570a86319b005832080e0c478ab41ae5d44e23705872f5ad3";

// Kusama block #1's header: parent (the genesis hash) ‖ Compact(1) ‖ state root ‖ extrinsics root
// ‖ digest (BABE pre-digest, epoch data, seal), as published by polkadot.js and used in
// ChainSafe/gossamer's runtime tests; consensus/babe_real_blocks_test checks that it hashes to
// the chain's block #1 hash.
inline constexpr std::string_view kKusamaBlockOneHex =
    "b0a8d493285c2df73290dfb7e61f870f17b41801197a149ca93654499ea3dafe"
    "04"
    "fabb0c6e92d29e8bb2167f3c6fb0ddeb956a4278a3cf853661af74a076fc9cb7"
    "a35fb7f7616f5c979d48222b3d2fa7cb2331ef73954726714d91ca945cc34fd8"
    "0c0642414245340201000000ef55a50f00000000044241424549040118ca239392960473fe1bc65f94ee27d8"
    "90a49c1b200c006ff5dcc525330ecc16770100000000000000b46f01874ce7abbb5220e8fd89bede0adad14c"
    "73039d91e28e881823433e723f0100000000000000d684d9176d6eb69887540c9a89fa6097adea82fc4b0ff2"
    "6d1062b488f352e179010000000000000068195a71bdde49117a616424bdc60a1733e96acb1da5aeab5d268c"
    "f2a572e94101000000000000001a0575ef4ae24bdfd31f4cb5bd61239ae67c12d4e64ae51ac756044aa6ad82"
    "00010000000000000018168f2aad0081a25728961ee00627cfe35e39833c805016632bf7c14da58009010000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000005424142450101"
    "4625284883e564bc1e4063f5ea2b49846cdddaa3761d04f543b698c1c3ee935c40d25b869247c36c6b8a8cbb"
    "d7bb2768f560ab7c276df3c62df357a7e3b1ec8d";

// smoldot lib/src/finality/decode.rs `basic_decode_justification`: a GRANDPA justification of
// block #302592 in round 439559 with five precommits and no ancestry headers.
inline constexpr std::string_view kRealJustificationHex =
    "07b506000000000029f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e0400"
    "1429f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04000df78178ccaa78"
    "ad29f1d5ea796f1426c15e638b391e47d1ecdea57b468b4741248e270d5ef02cae965595dfa652d267288166"
    "1ad474e7d1a36b3152e5c552081c151c11cb72334d26d70769e3af7bbff3801a4e2dca2b09b7cce0af8dd813"
    "0729f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04003e25912c15c078"
    "e5ec717a38c1f72dd2b80c3edcfd93468555125aa7c976176bb8bb0368aa841112594d9c91f208b9584a5715"
    "34f765399aa30582140fe60803680d278213f908658a49a1025a7f466c197e8fb6fabb5e62220a7bd75f860c"
    "ab29f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04007dac4f47012689"
    "80e85f4668d95f073a1c72b6d8ab38e7dac7f4dc7a06e105afac2fc63d542a4b423e5af3123a246ceb846788"
    "26a4a4eda429e1989d92ed180b8e59368700ea89e2bf8922cc9e4b86d6651d1c689a0d57813f9768dbaadecf"
    "7129f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e040044c0d38eef2137"
    "dea57fcb9bd9aa3d5fce4a4a137b3c438e5012af28889c97e0bf9d5bbb27b9f9d49e49c55a36de0d4cb58645"
    "03a5f85ec444ba50da57a2110bdea6f4a727d3b2399275d6ee8817881f10597471dc1d27f144295ad6fb933c"
    "7a29f1abec90ac199df06dee3ba0734c08c3fd6df06caa3f78952f8f95164058d2009e04003abb7b87029d51"
    "c528c8da34fdc17768bef6dde1afc3b1dad1af537762afc430434c3bdf0dca30010a63c8c97b1d59837846a2"
    "eb0bbf60395333d9c72332ae02f72daf2e560e4f0f22fb5cbb04ad1d7fee850aab238fd014c178769e7e3a9b"
    "8400";

// The block of ../shared/fixtures/blocks/child-trie-read-basic.json (smoldot's test chain): its
// timestamp inherent and a signed contract call, each as the body holds it (Compact(len) ‖ bytes).
inline constexpr std::string_view kTimestampExtrinsicHex = "280402000b903cd8c38801";
inline constexpr std::string_view kSignedExtrinsicHex =
    "bd028400d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d016094dfce3efc6680"
    "b5ae2098476afb50518f92c116f82e1ec86fa11aa7334a7a1137f616aff7df45fa92338bb811c0d09fd951273e"
    "46842a90fcaa4cea93a685000c00070600425f1235520bd97719d8e5d03a9fb5b5aed22ca71517585e1b7eb238"
    "bfaff86b000300684beb02702600006824d2da3054466972737420636f6e74726163742063616c6c6564";

inline Bytes hex_bytes(std::string_view text) {
  return from_hex(text).value();
}

inline Bytes kusama_block_one_bytes() {
  return hex_bytes(kKusamaBlockOneHex);
}

inline block::Header kusama_block_one() {
  return scale::decode<block::Header>(kusama_block_one_bytes()).value();
}

}  // namespace canary::network::testing
