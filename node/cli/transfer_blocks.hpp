// The blocks of `canary benchmark block-import` (benchmark_command.hpp): the development chain
// with extra pre-funded accounts, signed Balances.transfer_keep_alive extrinsics between them, and
// blocks full of those, built, sealed and imported by Alice's BABE author as `canary --dev` makes
// its own (node/service/babe_author.hpp), so that another node's BlockImporter runs every check
// on them.
//
// The accounts are cheap to make and the same in every run: account i's sr25519 mini-secret is
// blake2b_256("canary-bench-account" ‖ i as u64 LE), with no secret-URI derivation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "blockchain/block_state.hpp"
#include "blockchain/chain.hpp"
#include "blockchain/runtime_host.hpp"
#include "primitives/block/header.hpp"
#include "primitives/crypto/sr25519.hpp"
#include "primitives/util/bytes.hpp"
#include "primitives/util/result.hpp"
#include "state/chain_spec/chain_spec.hpp"

namespace canary::cli {

// Account i of the benchmark (deterministic, see above).
crypto::sr25519::Keypair bench_account(uint64_t index);
// The id of account i when nobody signs for it (a receiver, an idle sender): no key derivation,
// blake2b_256("canary-bench-id" ‖ i as u64 LE), a 32-byte id as good as any public key to the
// runtime.
crypto::sr25519::PublicKey bench_account_id(uint64_t index);

// The `development` preset of the runtime `code` with `accounts` also endowed with `endowment`
// each, through the runtime's GenesisBuilder (so total issuance counts them); `edit`, when given,
// changes the preset's JSON further before the runtime builds the state from it.
using GenesisEdit = std::function<void(nlohmann::json& preset)>;
Result<state::ChainSpec, std::string> dev_spec_with_accounts(
    blockchain::RuntimeHost& host, ByteSpan code,
    std::span<const crypto::sr25519::PublicKey> accounts, u128 endowment,
    const GenesisEdit& edit = nullptr);

// What a wallet puts in a signature besides the call: the implicit data of the Canary runtime's
// extensions (CheckSpecVersion, CheckTxVersion, CheckGenesis, immortal CheckMortality,
// CheckMetadataHash disabled).
struct TransferSigning {
  uint32_t spec_version = 0;
  uint32_t transaction_version = 0;
  Hash256 genesis_hash{};
};

struct SignedTransfer {
  Bytes extrinsic;  // as in a block body (no length prefix)
  Bytes payload;    // the signed payload (under 256 bytes, so not hashed)
  crypto::sr25519::Signature signature{};
  crypto::sr25519::PublicKey signer{};
};

// `call` (its SCALE encoding: pallet index, call index, arguments), immortal, no tip, signed by
// `from` with `nonce`. A signed payload over 256 bytes is signed by its blake2_256, as
// sp-runtime's SignedPayload does.
SignedTransfer sign_extrinsic(const TransferSigning& signing, const crypto::sr25519::Keypair& from,
                              ByteSpan call, uint32_t nonce);

// Balances.transfer_keep_alive (pallet 4, call 3) of `amount` to `to`, immortal, no tip, signed by
// `from` with `nonce`.
SignedTransfer sign_transfer_keep_alive(const TransferSigning& signing,
                                        const crypto::sr25519::Keypair& from,
                                        const crypto::sr25519::PublicKey& to, uint32_t nonce,
                                        u128 amount);

struct SealedBlock {
  block::Header header;  // with its BABE seal
  std::vector<Bytes> extrinsics;
  size_t transfers = 0;  // extrinsics less the inherents
  uint64_t slot = 0;
};

struct BuildOptions {
  // The slot of the first block; 0: the present one, as the dev node authors.
  uint64_t first_slot = 0;
  // Transfers per block at most; 0: as many as the runtime accepts (weight or length limit).
  size_t max_transfers_per_block = 0;
  // Blocks at most (the transfers left over are not used); 0: until every transfer is in.
  size_t max_blocks = 0;
  // Blocks at least: once every transfer is in, empty blocks (inherents only) up to this count.
  size_t min_blocks = 0;
  // Called after each block.
  std::function<void(const SealedBlock&)> on_block;
};

// Builds blocks on top of `chain`'s best block (the genesis of a dev chain whose only BABE
// authority is `author`), one per slot from the first one on, each filled with the next of
// `transfers` until the block is full; seals them with `author` and imports them into `chain`.
// Every transfer must be applied: one the runtime refuses is an error. The first block of a
// session holds none (the session rotation takes the block's whole weight), so one block without
// transfers is kept; a transfer that does not fit in the next one either is an error.
Result<std::vector<SealedBlock>, std::string> build_transfer_blocks(
    blockchain::Chain& chain, blockchain::RuntimeHost& host, std::span<const Bytes> transfers,
    const crypto::sr25519::Keypair& author, const BuildOptions& options);

// The nonce, free and reserved (held) balance of `account` (System.Account) in `state`.
struct AccountState {
  uint32_t nonce = 0;
  u128 free = 0;
  u128 reserved = 0;  // a staker's bond is held (reserved) here
};
Result<AccountState, std::string> account_state(const blockchain::BlockState& state,
                                                const crypto::sr25519::PublicKey& account);

}  // namespace canary::cli
