// The executive (frame-executive): what the runtime APIs of block production and import do with
// the pallets — initialize a block, apply extrinsics (check the signature, run the extensions,
// dispatch in a storage transaction, account for weight and fees, record the outcome), finalize
// it into a header, execute a whole block and check its roots, and validate pool transactions.
//
// The runtime configuration T provides System, Pallets (the composition) and SignedExtra (the
// tuple of signed extensions), besides what frame_system needs; optionally Migrations (a
// std::tuple of migrations, migrations.hpp), run once after a code change.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "primitives/block/block.hpp"
#include "primitives/block/header.hpp"
#include "primitives/runtime/dispatch_error.hpp"
#include "primitives/runtime/inherent_data.hpp"
#include "primitives/runtime/runtime_version.hpp"
#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/scale/scale.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/extrinsic/signed_extension.hpp"
#include "runtime/framework/extrinsic/unchecked_extrinsic.hpp"
#include "runtime/framework/migrations.hpp"
#include "runtime/io/crypto.hpp"
#include "runtime/io/logging.hpp"
#include "runtime/io/storage.hpp"

namespace canary::rt {

template <class T>
struct Executive {
  using System = typename T::System;
  using Pallets = typename T::Pallets;
  using Call = typename Pallets::Call;
  using Extra = typename T::SignedExtra;
  using Ext = Extensions<Extra>;
  using Extrinsic = UncheckedExtrinsic<Call, Extra>;

  // An extrinsic whose signature was checked: the signer and its extensions, or unsigned.
  struct Checked {
    std::optional<std::pair<AccountId32, Extra>> signer;
    Call call;
  };

  static Result<Extrinsic, TransactionValidityError> decode(ByteSpan encoded) {
    auto xt = scale::decode<Extrinsic>(encoded);
    // Bytes that are not an extrinsic of this runtime: its call cannot be what was meant.
    if (!xt) return unexpected(invalid(InvalidTransaction::Kind::kCall));
    return std::move(*xt);
  }

  // UncheckedExtrinsic::get_dispatch_info: the call's, plus its extensions' weight when signed.
  static DispatchInfo dispatch_info(const Checked& checked) {
    DispatchInfo info = checked.call.info();
    if (checked.signer) info.extension_weight = Ext::weight(checked.signer->second, checked.call);
    return info;
  }

  static Result<Checked, TransactionValidityError> check(Extrinsic xt) {
    if (!xt.signature) return Checked{std::nullopt, std::move(xt.function)};
    const AccountId32* who = xt.signature->address.account();
    if (who == nullptr) return unexpected(unknown(UnknownTransaction::Kind::kCannotLookup));
    auto implicit = Ext::implicit(xt.signature->extra);
    if (!implicit) return unexpected(implicit.error());
    const Bytes payload = signing_payload(xt.function, xt.signature->extra, *implicit);
    // Deferred while execute_block's batch is open: a bad signature then fails the block at
    // finish_batch_verify, as it would fail it here.
    if (!xt.signature->signature.verify_in_batch(payload, *who)) {
      return unexpected(invalid(InvalidTransaction::Kind::kBadProof));
    }
    return Checked{std::pair<AccountId32, Extra>{*who, std::move(xt.signature->extra)},
                   std::move(xt.function)};
  }

  // --- Block production and import.

  // Only the header's pre-runtime digest items are the author's input: the runtime deposits the
  // others (consensus logs, …) itself while building or re-executing the block
  // (frame-executive `extract_pre_digest`).
  static void initialize_block(const block::Header& header) {
    System::reset_events();
    Weight weight;
    if (runtime_upgraded()) weight = weight.saturating_add(execute_on_runtime_upgrade());
    block::Digest pre_runtime;
    for (const block::DigestItem& item : header.digest) {
      if (std::holds_alternative<block::DigestPreRuntime>(item)) pre_runtime.push_back(item);
    }
    System::initialize(header.number, H256{header.parent_hash}, pre_runtime);
    weight = weight.saturating_add(Pallets::on_initialize(header.number));
    weight = weight.saturating_add(T::block_weights().base_block);
    System::register_extra_weight_unchecked(weight, DispatchClass::kMandatory);
    System::note_finished_initialize();
  }

  // frame-executive `execute_on_runtime_upgrade`, in its order: pallets without an on-chain storage
  // version get their in-code one (BeforeAllRuntimeMigrations), then the runtime's migrations,
  // then the pallets' on_runtime_upgrade hooks, so that a pallet's hook sees migrated storage.
  // LastRuntimeUpgrade records the new version only after them (frame-executive 42: the
  // migrations still see the previous one), so they run once, in the first block of the new code.
  static Weight execute_on_runtime_upgrade() {
    const uint32_t written = Pallets::initialize_storage_versions();
    Weight weight = T::kDbWeight.reads_writes(Pallets::kPalletCount, written);
    if constexpr (requires { typename T::Migrations; }) {
      weight = weight.saturating_add(run_migrations<typename T::Migrations>());
    }
    weight = weight.saturating_add(Pallets::on_runtime_upgrade());
    const runtime::RuntimeVersion& version = T::version();
    System::LastRuntimeUpgrade::put({version.spec_version, version.spec_name});
    return weight.saturating_add(T::kDbWeight.writes(1));
  }

  // OffchainWorkerApi: the pallets' offchain_worker hooks on the imported block's state, with
  // System initialised for that block so that they see its number, digest and hash
  // (frame-executive `offchain_worker`). Nothing it writes is kept: the node discards the changes.
  static void offchain_worker(const block::Header& header) {
    System::initialize(header.number, H256{header.parent_hash}, header.digest);
    System::BlockHash::insert(header.number, H256{block::hash_of(header)});
    Pallets::offchain_worker(header.number);
  }

  // `encoded` is the extrinsic's encoding (with its length prefix), as in a block body.
  static runtime::ApplyExtrinsicResult apply_extrinsic(ByteSpan encoded) {
    auto xt = decode(encoded);
    if (!xt) return unexpected(xt.error());
    const size_t len = encoded.size();
    auto checked = check(std::move(*xt));
    if (!checked) return unexpected(checked.error());
    const Call& call = checked->call;
    const DispatchInfo info = dispatch_info(*checked);
    const bool inherent = !checked->signer && Pallets::is_inherent(call);
    if (inherent && System::InherentsApplied::get()) {
      return unexpected(invalid(InvalidTransaction::Kind::kCall));  // inherents come first
    }
    if (!inherent) System::InherentsApplied::put(true);
    System::note_extrinsic(Bytes(encoded.begin(), encoded.end()));

    Origin origin = Origin::none();
    std::optional<typename Ext::Pre> pre;
    if (checked->signer) {
      const auto& [who, extra] = *checked->signer;
      auto pre_dispatched = Ext::pre_dispatch(extra, who, call, info, len);
      if (!pre_dispatched) return unexpected(pre_dispatched.error());
      pre = std::move(*pre_dispatched);
      origin = Origin::signed_by(who);
    } else {
      if (auto ok = Ext::pre_dispatch_unsigned(call, info, len); !ok) return unexpected(ok.error());
      if (!inherent) {
        if (auto ok = Pallets::pre_dispatch_unsigned(call); !ok) return unexpected(ok.error());
      }
    }

    // A call's changes are kept only if it succeeds (frame-support's storage layer).
    io::storage::start_transaction();
    DispatchResultWithPostInfo result = call.dispatch(origin);
    if (result) {
      io::storage::commit_transaction();
    } else {
      io::storage::rollback_transaction();
    }
    // The extensions see (and System's event reports) the actual weight with theirs added, less
    // what they refund (sp-runtime dispatch_transaction).
    PostDispatchInfo post = result ? *result : result.error().post_info;

    if (checked->signer) {
      post.set_extension_weight(info);
      auto done =
          Ext::post_dispatch(checked->signer->second, *pre, info, post, len, result.has_value());
      if (!done) return unexpected(done.error());
    } else {
      Ext::post_dispatch_unsigned(info, post);
    }
    // Mandatory dispatches (inherents) are not allowed to fail.
    if (!result && info.dispatch_class == DispatchClass::kMandatory) {
      return unexpected(invalid(InvalidTransaction::Kind::kBadMandatory));
    }
    if (result) {
      *result = post;
    } else {
      result = unexpected(DispatchErrorWithPostInfo{post, result.error().error});
    }
    System::note_applied_extrinsic(result, info);
    if (!result) return runtime::DispatchOutcome(unexpected(result.error().error));
    return runtime::DispatchOutcome{};
  }

  static block::Header finalize_block() {
    System::note_finished_extrinsics();
    const auto number = System::block_number();
    const auto consumed = System::block_weight();
    const Weight total =
        consumed.normal.saturating_add(consumed.operational).saturating_add(consumed.mandatory);
    const Weight remaining = T::block_weights().max_block.saturating_sub(total);
    if (remaining.ref_time > 0) {
      const Weight used = Pallets::on_idle(number, remaining);
      System::register_extra_weight_unchecked(used, DispatchClass::kMandatory);
    }
    Pallets::on_finalize(number);
    return System::finalize();
  }

  // Executes a block produced elsewhere; any invalidity panics (the block is invalid), as in
  // FRAME. The header's digest must not carry the seal.
  static void execute_block(const block::Block& block) {
    const block::Header& header = block.header;
    initialize_block(header);
    // The extrinsics' signatures are checked as a batch, which a host with verification threads
    // checks while the block runs on (as frame-executive did before polkadot-sdk#13799); one bad
    // signature makes the block invalid, as an invalid extrinsic does. Only here: authoring and
    // the pool need each answer at once.
    io::crypto::start_batch_verify();
    for (const Bytes& extrinsic : block.extrinsics) {
      const Bytes encoded = scale::encode(extrinsic);
      auto applied = apply_extrinsic(encoded);
      if (!applied) io::panic(validity_message(applied.error()));
    }
    if (!io::crypto::finish_batch_verify()) io::panic("Signature verification failed.");
    const block::Header computed = finalize_block();
    if (computed.digest.size() != header.digest.size()) {
      io::panic("Number of digest items must match that calculated.");
    }
    for (size_t i = 0; i < header.digest.size(); ++i) {
      if (!(computed.digest[i] == header.digest[i])) {
        io::panic("Digest item must match that calculated.");
      }
    }
    if (computed.state_root != header.state_root) {
      io::panic("Storage root must match that calculated.");
    }
    if (computed.extrinsics_root != header.extrinsics_root) {
      io::panic("Transaction trie root must be valid.");
    }
  }

  // --- The transaction pool.

  static runtime::TransactionValidity validate_transaction(runtime::TransactionSource source,
                                                           ByteSpan encoded,
                                                           const H256& block_hash) {
    System::initialize(System::block_number() + 1, block_hash, {});
    auto xt = decode(encoded);
    if (!xt) return unexpected(xt.error());
    const size_t len = encoded.size();
    auto checked = check(std::move(*xt));
    if (!checked) return unexpected(checked.error());
    const DispatchInfo info = dispatch_info(*checked);
    if (info.dispatch_class == DispatchClass::kMandatory) {
      return unexpected(invalid(InvalidTransaction::Kind::kMandatoryValidation));
    }
    if (checked->signer) {
      const auto& [who, extra] = *checked->signer;
      return Ext::validate(extra, who, checked->call, info, len);
    }
    auto from_extensions = Ext::validate_unsigned(checked->call, info, len);
    if (!from_extensions) return unexpected(from_extensions.error());
    auto from_pallet = Pallets::validate_unsigned(source, checked->call);
    if (!from_pallet) return unexpected(from_pallet.error());
    return combine(std::move(*from_extensions), *from_pallet);
  }

  // --- Inherents (BlockBuilder).

  static std::vector<Bytes> inherent_extrinsics(const runtime::InherentData& data) {
    std::vector<Bytes> out;
    for (Call& call : Pallets::create_inherents(data)) {
      Extrinsic xt{std::nullopt, std::move(call)};
      out.push_back(xt.encode_inner());
    }
    return out;
  }

  static runtime::CheckInherentsResult check_inherents(const block::Block& block,
                                                       const runtime::InherentData& data) {
    std::vector<Call> calls;
    for (const Bytes& extrinsic : block.extrinsics) {
      auto xt = scale::decode<Extrinsic>(scale::encode(extrinsic));
      if (!xt || xt->signature) break;  // inherents are unsigned and come first
      calls.push_back(std::move(xt->function));
    }
    return Pallets::check_inherents(calls, data);
  }

 private:
  // frame-executive `runtime_upgraded` (LastRuntimeUpgradeInfo::was_upgraded): the spec version
  // rose or the spec name changed since the last block; nothing recorded counts as changed.
  static bool runtime_upgraded() {
    const runtime::RuntimeVersion& version = T::version();
    auto last = System::LastRuntimeUpgrade::get();
    return !last || version.spec_version > last->spec_version ||
           version.spec_name != last->spec_name;
  }

  // sp-runtime's messages for invalid transactions, which FRAME panics with.
  static std::string validity_message(const TransactionValidityError& error) {
    if (const auto* invalid_tx = std::get_if<InvalidTransaction>(&error)) {
      switch (invalid_tx->kind) {
        case InvalidTransaction::Kind::kBadProof:
          return "Transaction has a bad signature";
        case InvalidTransaction::Kind::kStale:
          return "Transaction is outdated";
        case InvalidTransaction::Kind::kFuture:
          return "Transaction will be valid in the future";
        case InvalidTransaction::Kind::kPayment:
          return "Inability to pay some fees (e.g. account balance too low)";
        case InvalidTransaction::Kind::kExhaustsResources:
          return "Transaction would exhaust the block limits";
        case InvalidTransaction::Kind::kBadMandatory:
          return "A call was labelled as mandatory, but resulted in an Error.";
        default:
          break;
      }
    }
    return "Invalid transaction: " + runtime::to_string(error);
  }
};

}  // namespace canary::rt
