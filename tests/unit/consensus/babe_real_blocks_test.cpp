// Real chain data through verify_header.
//
//  - Kusama #1 (secondary plain claim): the epoch is built from pallet-babe's genesis storage in
//    the Kusama chain spec (../shared/fixtures/chain-specs/kusama.json), whose genesis hash is the
//    block's parent hash. The seal must verify under the authority the secondary-slot rule picks.
//  - Polkadot #1 (primary claim): VRF proof and threshold against epoch 0, whose authorities and
//    randomness block #1 itself re-announces (FRAME's initialize_genesis_epoch does exactly that,
//    which the Kusama case checks against the chain spec).
//
// The headers are the SCALE of parent ‖ number ‖ roots ‖ digest as published by polkadot.js and
// used in ChainSafe/gossamer's runtime tests (lib/runtime/wasmer/exports_test.go); their hashes
// are the chains' well-known block #1 hashes.
//
// The block fixtures in ../shared/fixtures/blocks/ are not usable here: they come from a
// contracts test chain without BABE (empty digests, no Babe storage).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "consensus/babe/digests.hpp"
#include "consensus/babe/epoch_changes.hpp"
#include "consensus/babe/slot_lottery.hpp"
#include "consensus/babe/verification.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/hex.hpp"
#include "state/chain_spec/chain_spec.hpp"
#include "state/chain_spec/genesis_state.hpp"

namespace canary::consensus::babe {
namespace {

namespace sr25519 = crypto::sr25519;

block::Header header_from_parts(std::string_view parent, std::string_view state_root,
                                std::string_view extrinsics_root, std::string_view digest) {
  Bytes encoded = from_hex(parent).value();
  encoded.push_back(0x04);  // Compact(1)
  for (std::string_view part : {state_root, extrinsics_root, digest}) {
    const Bytes bytes = from_hex(part).value();
    encoded.insert(encoded.end(), bytes.begin(), bytes.end());
  }
  return scale::decode<block::Header>(encoded).value();
}

block::Header kusama_block_one() {
  return header_from_parts(
      "b0a8d493285c2df73290dfb7e61f870f17b41801197a149ca93654499ea3dafe",
      "fabb0c6e92d29e8bb2167f3c6fb0ddeb956a4278a3cf853661af74a076fc9cb7",
      "a35fb7f7616f5c979d48222b3d2fa7cb2331ef73954726714d91ca945cc34fd8",
      "0c0642414245340201000000ef55a50f00000000044241424549040118ca239392960473fe1bc65f94ee27d8"
      "90a49c1b200c006ff5dcc525330ecc16770100000000000000b46f01874ce7abbb5220e8fd89bede0adad14c"
      "73039d91e28e881823433e723f0100000000000000d684d9176d6eb69887540c9a89fa6097adea82fc4b0ff2"
      "6d1062b488f352e179010000000000000068195a71bdde49117a616424bdc60a1733e96acb1da5aeab5d268c"
      "f2a572e94101000000000000001a0575ef4ae24bdfd31f4cb5bd61239ae67c12d4e64ae51ac756044aa6ad82"
      "00010000000000000018168f2aad0081a25728961ee00627cfe35e39833c805016632bf7c14da58009010000"
      "0000000000000000000000000000000000000000000000000000000000000000000000000005424142450101"
      "4625284883e564bc1e4063f5ea2b49846cdddaa3761d04f543b698c1c3ee935c40d25b869247c36c6b8a8cbb"
      "d7bb2768f560ab7c276df3c62df357a7e3b1ec8d");
}

block::Header polkadot_block_one() {
  return header_from_parts(
      "91b171bb158e2d3848fa23a9f1c25182fb8e20313b2c1eb49219da7a70ce90c3",
      "c56fcd6e7a757926ace3e1ecff9b4010fc78b90d459202a339266a7f6360002f",
      "9a87f6af64ef97aff2d31bebfdd59f8fe2ef6019278b634b2515a38f1c4c2420",
      "0c0642414245b501010000000093decc0f00000000362ed8d6055645487fe42e9c8640be651f70a3a2a03658"
      "046b2b43f021665704501af9b1ca6e974c257e3d26609b5f68b5b0a1da53f7f252bbe5d94948c39705c98ffa"
      "4b869dd44ac29528e3723d619cc7edf1d3f7b7a57a957f6a7e9bdb270a044241424549040118fa3437b10f6e"
      "7af8f31362df3a179b991a8c56313d1bcd6307a4d0c734c1ae310100000000000000d2419bc8835493ac89eb"
      "09d5985281f5dff4bc6c7a7ea988fd23af05f301580a0100000000000000ccb6bef60defc30724545d574403"
      "94ed1c71ea7ee6d880ed0e79871a05b5e40601000000000000005e67b64cf07d4d258a47df63835121423551"
      "712844f5b67de68e36bb9a21e12701000000000000006236877b05370265640c133fec07e64d7ca823db1dc5"
      "6f2d3584b3d7c0f1615801000000000000006c52d02d95c30aa567fda284acf25025ca7470f0b0c516ddf944"
      "75a1807c4d250100000000000000000000000000000000000000000000000000000000000000000000000000"
      "000005424142450101d468680c844b19194d4dfbdc6697a35bf2b494bda2c5a6961d4d4eacfbf74574379ba0"
      "d97b5bb650c2e8670a63791a727943bcb699dc7a228bdb9e0a98c9d089");
}

std::string read_fixture(const std::string& relative) {
  std::ifstream in(std::string(CANARY_FIXTURES_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// twox128("Babe") ‖ twox128(item): a pallet-babe StorageValue key.
Bytes babe_storage_key(std::string_view item) {
  return concat(hash::twox_128(as_bytes("Babe")), hash::twox_128(as_bytes(item)));
}

// The epoch a block at `slot` belongs to, from pallet-babe's storage in the parent state: current
// authorities and randomness, the epoch index and genesis slot (both 0 before block #1, which
// then starts epoch 0 at its own slot), and the epoch configuration (`fallback` where the runtime
// predates the EpochConfig item, as Kusama's genesis runtime does).
Epoch epoch_from_babe_storage(const std::map<Bytes, Bytes>& storage, Slot slot,
                              uint64_t epoch_length, const EpochConfiguration& fallback) {
  auto read = [&](std::string_view item) -> const Bytes* {
    auto it = storage.find(babe_storage_key(item));
    return it == storage.end() ? nullptr : &it->second;
  };
  Epoch epoch;
  epoch.duration = epoch_length;
  const Bytes* authorities = read("Authorities");
  EXPECT_NE(authorities, nullptr);
  if (authorities) epoch.authorities = scale::decode<std::vector<Authority>>(*authorities).value();
  if (const Bytes* r = read("Randomness")) epoch.randomness = scale::decode<Randomness>(*r).value();
  if (const Bytes* i = read("EpochIndex")) epoch.epoch_index = scale::decode<uint64_t>(*i).value();
  Slot genesis_slot = 0;
  if (const Bytes* g = read("GenesisSlot")) genesis_slot = scale::decode<Slot>(*g).value();
  epoch.start_slot = genesis_slot == 0 ? slot : genesis_slot + epoch.epoch_index * epoch_length;
  epoch.config = fallback;
  if (const Bytes* c = read("EpochConfig")) {
    epoch.config = scale::decode<EpochConfiguration>(*c).value();
  }
  return epoch;
}

TEST(BabeRealBlocks, HeadersAreTheRealBlockOnes) {
  EXPECT_EQ(to_hex(block::hash_of(kusama_block_one())),
            "0xcd9b8e2fc2f57c4570a86319b005832080e0c478ab41ae5d44e23705872f5ad3");
  EXPECT_EQ(to_hex(block::hash_of(polkadot_block_one())),
            "0xc0096358534ec8d21d01d34b836eed476a1c343f8724fa2153dc0725ad797a90");
}

TEST(BabeRealBlocks, KusamaBlockOneVerifiesAgainstTheGenesisStorage) {
  const std::string text = read_fixture("chain-specs/kusama.json");
  ASSERT_FALSE(text.empty()) << "missing fixture chain-specs/kusama.json";
  auto spec = state::parse_chain_spec(text);
  ASSERT_TRUE(spec.has_value()) << spec.error().message();
  const block::Header header = kusama_block_one();
  // The block builds on this genesis.
  EXPECT_EQ(header.parent_hash, block::hash_of(block::genesis_header(
                                    state::genesis_state_root(*spec, state::StateVersion::kV0))));

  auto pre_digest = find_pre_digest(header);
  ASSERT_TRUE(pre_digest.has_value());
  const Slot slot = pre_digest->slot();
  EXPECT_EQ(slot, 262493679u);
  // Kusama's genesis runtime (2019) answers BabeApi_configuration v1 with c = 1/4
  // (PRIMARY_PROBABILITY) and secondary_slots = true, i.e. plain secondary slots; it has no
  // EpochConfig storage item. Epochs last 600 slots.
  const EpochConfiguration kusama_genesis_config{{1, 4},
                                                 AllowedSlots::kPrimaryAndSecondaryPlainSlots};
  const Epoch epoch = epoch_from_babe_storage(spec->top, slot, 600, kusama_genesis_config);
  ASSERT_EQ(epoch.authorities.size(), 6u);
  EXPECT_EQ(epoch.randomness, Randomness{});
  EXPECT_EQ(epoch.start_slot, slot);

  // The same epoch through the node's own path: block #1 opens epoch 0 from the genesis data.
  const EpochGenesis genesis{epoch.authorities, epoch.randomness, epoch.config, 600};
  auto child = epoch_for_child(std::nullopt, genesis, slot);
  ASSERT_TRUE(child.has_value());
  EXPECT_EQ(child->epoch, epoch);

  auto verified = verify_header(header, epoch);
  ASSERT_TRUE(verified.has_value()) << to_string(verified.error());
  EXPECT_FALSE(verified->is_primary);
  EXPECT_TRUE(std::holds_alternative<SecondaryPlainPreDigest>(verified->pre_digest.value));
  EXPECT_EQ(verified->pre_digest.authority_index(), 1u);
  EXPECT_EQ(verified->author, epoch.authorities[1].public_key);
  EXPECT_EQ(verified->slot, slot);
  EXPECT_EQ(secondary_slot_author(slot, 6, epoch.randomness), 1u);

  // Block #1 announces epoch 1 with the genesis authorities and randomness (FRAME's
  // initialize_genesis_epoch), which is what the node then stores.
  auto announcement = find_epoch_announcement(verified->consensus_logs);
  ASSERT_TRUE(announcement.has_value());
  ASSERT_TRUE(announcement->next_epoch.has_value());
  EXPECT_EQ(announcement->next_epoch->authorities, epoch.authorities);
  EXPECT_EQ(announcement->next_epoch->randomness, epoch.randomness);
  auto epochs = epochs_after_child(std::nullopt, genesis, slot, announcement->next_epoch,
                                   announcement->next_config);
  ASSERT_TRUE(epochs.has_value()) << to_string(epochs.error());
  EXPECT_EQ(epochs->current, epoch);
  EXPECT_EQ(epochs->next.epoch_index, 1u);
  EXPECT_EQ(epochs->next.start_slot, slot + 600);
  EXPECT_EQ(epochs->next.authorities, epoch.authorities);

  // Negative controls on real data.
  Epoch vrf_only = epoch;
  vrf_only.config.allowed_slots = AllowedSlots::kPrimaryAndSecondaryVrfSlots;
  EXPECT_EQ(verify_header(header, vrf_only).error().kind, BabeError::Kind::kSecondarySlotsDisabled);
  Epoch other_randomness = epoch;
  other_randomness.randomness[0] = 1;
  if (secondary_slot_author(slot, 6, other_randomness.randomness) != 1u) {
    EXPECT_EQ(verify_header(header, other_randomness).error().kind,
              BabeError::Kind::kInvalidSecondaryAuthor);
  }
  Epoch swapped = epoch;
  std::swap(swapped.authorities[1], swapped.authorities[2]);
  EXPECT_EQ(verify_header(header, swapped).error().kind, BabeError::Kind::kBadSignature);
  block::Header tampered = header;
  tampered.extrinsics_root[0] ^= 1;
  EXPECT_EQ(verify_header(tampered, epoch).error().kind, BabeError::Kind::kBadSignature);
}

TEST(BabeRealBlocks, PolkadotBlockOnePrimaryClaimVerifies) {
  const block::Header header = polkadot_block_one();
  auto logs = find_consensus_logs(header);
  ASSERT_TRUE(logs.has_value());
  auto announcement = find_epoch_announcement(*logs);
  ASSERT_TRUE(announcement.has_value());
  ASSERT_TRUE(announcement->next_epoch.has_value());
  ASSERT_EQ(announcement->next_epoch->authorities.size(), 6u);
  EXPECT_EQ(announcement->next_epoch->randomness, Randomness{});

  // Polkadot's genesis: c = 1/4, plain secondaries, 2400-slot epochs; its authorities and
  // randomness are what block #1 re-announces.
  const EpochGenesis genesis{
      announcement->next_epoch->authorities, announcement->next_epoch->randomness,
      EpochConfiguration{{1, 4}, AllowedSlots::kPrimaryAndSecondaryPlainSlots}, 2400};
  auto pre_digest = find_pre_digest(header);
  ASSERT_TRUE(pre_digest.has_value());
  ASSERT_TRUE(pre_digest->is_primary());
  const Slot slot = pre_digest->slot();
  EXPECT_EQ(slot, 265084563u);
  EXPECT_EQ(pre_digest->authority_index(), 0u);

  auto child = epoch_for_child(std::nullopt, genesis, slot);
  ASSERT_TRUE(child.has_value());
  ASSERT_TRUE(child->first_in_epoch);
  auto verified = verify_header(header, child->epoch);
  ASSERT_TRUE(verified.has_value()) << to_string(verified.error());
  EXPECT_TRUE(verified->is_primary);
  EXPECT_EQ(verified->pre_digest.added_weight(), 1u);
  EXPECT_EQ(verified->author, genesis.authorities[0].public_key);
  EXPECT_EQ(verified->pre_header.digest.size(), 2u);
  EXPECT_EQ(verified->consensus_logs, *logs);

  // The VRF output is really below authority 0's threshold (p = 1 − (3/4)^(1/6) ≈ 4.7 %).
  const VrfSignature& vrf = *verified->pre_digest.vrf_signature();
  auto inout =
      sr25519::vrf_verify(verified->author, make_vrf_transcript({}, slot, 0), vrf.to_sr25519());
  ASSERT_TRUE(inout.has_value());
  const Threshold threshold = calculate_primary_threshold({1, 4}, genesis.authorities, 0);
  EXPECT_TRUE(check_primary_threshold(*inout, threshold));
  EXPECT_FALSE(check_primary_threshold(*inout, threshold / 1000));

  // The transcript binds the epoch index, the randomness and the slot.
  Epoch wrong_index = child->epoch;
  wrong_index.epoch_index = 1;
  EXPECT_EQ(verify_header(header, wrong_index).error().kind,
            BabeError::Kind::kVrfVerificationFailed);
  Epoch wrong_randomness = child->epoch;
  wrong_randomness.randomness[31] = 1;
  EXPECT_EQ(verify_header(header, wrong_randomness).error().kind,
            BabeError::Kind::kVrfVerificationFailed);
  // A much smaller c leaves this output above the threshold.
  Epoch unlikely = child->epoch;
  unlikely.config.c = {1, 1'000'000'000};
  if (!check_primary_threshold(
          *inout, calculate_primary_threshold(unlikely.config.c, genesis.authorities, 0))) {
    EXPECT_EQ(verify_header(header, unlikely).error().kind, BabeError::Kind::kVrfThresholdExceeded);
  }

  auto epochs = epochs_after_child(std::nullopt, genesis, slot, announcement->next_epoch,
                                   announcement->next_config);
  ASSERT_TRUE(epochs.has_value());
  EXPECT_EQ(epochs->next.start_slot, slot + 2400);
}

}  // namespace
}  // namespace canary::consensus::babe
