#include "node/cli/transfer_blocks.hpp"

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "blockchain/block_builder.hpp"
#include "node/chain/genesis_builder.hpp"
#include "node/cli/benchmark_support.hpp"
#include "node/service/babe_author.hpp"
#include "node/service/babe_state.hpp"
#include "node/service/block_importer.hpp"
#include "node/service/system_account_key.hpp"
#include "primitives/hash/hash.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/codec.hpp"
#include "primitives/util/hex.hpp"

namespace canary::cli {

namespace {

constexpr uint8_t kBalancesPallet = 4;
constexpr uint8_t kTransferKeepAlive = 3;

template <size_t N>
u128 read_le(ByteSpan bytes, size_t offset) {
  u128 out = 0;
  for (size_t i = 0; i < N; ++i) out |= static_cast<u128>(bytes[offset + i]) << (8 * i);
  return out;
}

}  // namespace

crypto::sr25519::Keypair bench_account(uint64_t index) {
  constexpr std::string_view kDomain = "canary-bench-account";
  Bytes material(kDomain.begin(), kDomain.end());
  for (size_t i = 0; i < 8; ++i) material.push_back(static_cast<uint8_t>(index >> (8 * i)));
  return crypto::sr25519::keypair_from_mini_secret(hash::blake2b_256(material));
}

crypto::sr25519::PublicKey bench_account_id(uint64_t index) {
  constexpr std::string_view kDomain = "canary-bench-id";
  Bytes material(kDomain.begin(), kDomain.end());
  for (size_t i = 0; i < 8; ++i) material.push_back(static_cast<uint8_t>(index >> (8 * i)));
  return hash::blake2b_256(material);
}

Result<state::ChainSpec, std::string> dev_spec_with_accounts(
    blockchain::RuntimeHost& host, ByteSpan code,
    std::span<const crypto::sr25519::PublicKey> accounts, u128 endowment, const GenesisEdit& edit) {
  CANARY_TRY_ASSIGN(auto patch, node::runtime_genesis_preset(host, code, "development"));
  nlohmann::json& balances = (patch)["balances"]["balances"];
  if (!balances.is_array()) {
    return unexpected(std::string("the development preset has no balances.balances list"));
  }
  // As a string: the runtime reads u128 amounts written so (node/chain/json_merge.hpp).
  const std::string amount = decimal(endowment);
  for (const crypto::sr25519::PublicKey& account : accounts) {
    balances.push_back(nlohmann::json::array({to_hex(account), amount}));
  }
  if (edit) edit(patch);
  auto storage = node::runtime_genesis_from_patch(host, code, patch);
  if (!storage) return unexpected("building the genesis: " + storage.error());
  state::ChainSpec spec;
  spec.name = "Development (block-import benchmark)";
  spec.id = "dev_bench";
  spec.chain_type = "Development";
  spec.top = std::move(storage->top);
  spec.children_default = std::move(storage->children_default);
  return spec;
}

SignedTransfer sign_extrinsic(const TransferSigning& signing, const crypto::sr25519::Keypair& from,
                              ByteSpan call, uint32_t nonce) {
  // The explicit part of the extensions: CheckMortality (immortal), CheckNonce,
  // ChargeTransactionPayment (tip), CheckMetadataHash (mode: disabled).
  scale::Encoder extra(8);
  extra.put_byte(0);
  scale::encode_compact(extra, nonce);
  scale::encode_compact(extra, 0);
  extra.put_byte(0);

  SignedTransfer out;
  out.signer = from.public_key;
  out.payload.reserve(call.size() + extra.size() + 73);
  out.payload.assign(call.begin(), call.end());
  out.payload.insert(out.payload.end(), extra.bytes().begin(), extra.bytes().end());
  scale::Encoder implicit(73);
  scale::encode_to(implicit, signing.spec_version);
  scale::encode_to(implicit, signing.transaction_version);
  implicit.put_bytes(signing.genesis_hash);  // CheckGenesis
  implicit.put_bytes(signing.genesis_hash);  // CheckMortality: the immortal era's block
  implicit.put_byte(0);                      // CheckMetadataHash: no hash
  out.payload.insert(out.payload.end(), implicit.bytes().begin(), implicit.bytes().end());
  if (out.payload.size() > 256) {
    const Hash256 digest = hash::blake2b_256(out.payload);
    out.payload.assign(digest.begin(), digest.end());
  }
  out.signature = crypto::sr25519::sign(from, out.payload);

  scale::Encoder xt(call.size() + extra.size() + 100);
  xt.put_byte(0x84);  // signed, extrinsic format version 4
  xt.put_byte(0);     // MultiAddress::Id
  xt.put_bytes(from.public_key);
  xt.put_byte(1);  // MultiSignature::Sr25519
  xt.put_bytes(out.signature);
  xt.put_bytes(extra.bytes());
  xt.put_bytes(call);
  out.extrinsic = std::move(xt).take();
  return out;
}

SignedTransfer sign_transfer_keep_alive(const TransferSigning& signing,
                                        const crypto::sr25519::Keypair& from,
                                        const crypto::sr25519::PublicKey& to, uint32_t nonce,
                                        u128 amount) {
  scale::Encoder call(48);
  call.put_byte(kBalancesPallet);
  call.put_byte(kTransferKeepAlive);
  call.put_byte(0);  // MultiAddress::Id
  call.put_bytes(to);
  scale::encode_compact(call, amount);
  return sign_extrinsic(signing, from, call.bytes(), nonce);
}

Result<std::vector<SealedBlock>, std::string> build_transfer_blocks(
    blockchain::Chain& chain, blockchain::RuntimeHost& host, std::span<const Bytes> transfers,
    const crypto::sr25519::Keypair& author, const BuildOptions& options) {
  auto babe = node::BabeState::open(chain, host);
  if (!babe) return unexpected("BABE's genesis configuration: " + babe.error().message());
  node::BlockImporter importer(chain, host, **babe);

  size_t next = 0;
  std::optional<std::string> failure;
  auto fill = [&](blockchain::BlockBuilder& builder,
                  std::chrono::steady_clock::time_point /*deadline: none here*/) -> size_t {
    size_t applied = 0;
    while (next < transfers.size() &&
           (options.max_transfers_per_block == 0 || applied < options.max_transfers_per_block)) {
      runtime::TransactionValidityError why;
      auto outcome = builder.push(transfers[next], &why);
      if (!outcome) {
        failure = "applying transfer " + std::to_string(next) + ": " + outcome.error().message();
        break;
      }
      if (*outcome == blockchain::PushOutcome::kExhaustsResources) break;
      if (*outcome == blockchain::PushOutcome::kInvalid) {
        failure =
            "the runtime refused transfer " + std::to_string(next) + ": " + runtime::to_string(why);
        break;
      }
      ++next;
      ++applied;
    }
    return applied;
  };
  node::BabeAuthor babe_author(chain, host, **babe, importer, fill);

  std::vector<SealedBlock> blocks;
  const uint64_t duration = (*babe)->slot_duration_ms();
  const std::span<const crypto::sr25519::Keypair> keys(&author, 1);
  uint64_t first_slot = options.first_slot;
  if (first_slot == 0) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    first_slot = static_cast<uint64_t>(now.count()) / duration;
  }
  for (uint64_t slot = first_slot;
       (next < transfers.size() || blocks.size() < options.min_blocks) &&
       (options.max_blocks == 0 || blocks.size() < options.max_blocks);
       ++slot) {
    const size_t before = next;
    auto authored = babe_author.on_slot(slot, keys, slot * duration + 1);
    if (failure) return unexpected(*failure);
    if (!authored) return unexpected("building a block: " + authored.error().message());
    if (!*authored) {
      return unexpected("Alice did not claim slot " + std::to_string(slot) +
                        ": is she the only BABE authority of this genesis?");
    }
    if (next == before && next < transfers.size() &&
        (blocks.empty() || blocks.back().transfers == 0)) {
      return unexpected("transfer " + std::to_string(next) + " does not fit in an empty block");
    }
    auto header = chain.header((*authored)->block.hash);
    auto body = chain.body((*authored)->block.hash);
    if (!header || !*header || !body || !*body) {
      return unexpected(std::string("reading back an authored block"));
    }
    SealedBlock sealed;
    sealed.header = std::move(**header);
    sealed.extrinsics = std::move(**body);
    sealed.transfers = next - before;
    sealed.slot = slot;
    if (options.on_block) options.on_block(sealed);
    blocks.push_back(std::move(sealed));
  }
  return blocks;
}

Result<AccountState, std::string> account_state(const blockchain::BlockState& state,
                                                const crypto::sr25519::PublicKey& account) {
  auto value = state.get(node::system_account_key(account));
  if (!value) return unexpected(value.error().message());
  if (!*value) return unexpected("no System.Account entry for " + to_hex(account));
  // AccountInfo: nonce, consumers, providers, sufficients (u32 each), then AccountData (free,
  // reserved, frozen, flags: u128 each).
  const Bytes& info = **value;
  if (info.size() < 16 + 64) return unexpected("a short System.Account entry: " + to_hex(info));
  AccountState out;
  out.nonce = static_cast<uint32_t>(read_le<4>(info, 0));
  out.free = read_le<16>(info, 16);
  out.reserved = read_le<16>(info, 32);
  return out;
}

}  // namespace canary::cli
