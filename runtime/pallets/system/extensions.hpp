// frame_system's signed extensions (frame_system::extensions): the sender is not the zero
// account, the transaction was signed for this runtime version, this chain (genesis hash) and a
// block still in the mortality window, with the next nonce, and fits in the block's weight and
// length limits. Each has its benchmarked weight (extension_weights.hpp), added to the call's.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "primitives/scale/scale.hpp"
#include "runtime/framework/described.hpp"
#include "runtime/framework/extrinsic/era.hpp"
#include "runtime/framework/extrinsic/signed_extension.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/pallets/system/extension_weights.hpp"
#include "runtime/pallets/system/types.hpp"

namespace canary::rt::pallets::system {

namespace extension_detail {

// [frame_system, extensions, <module>, <Name>] with the unused generic T, no fields.
inline void empty_extension_type(meta::TypeBuilder& b, const char* module, const char* name) {
  b.path({"frame_system", "extensions", module, name});
  b.unused_param("T");
  b.composite();
}

}  // namespace extension_detail

template <class T>
struct CheckNonZeroSender {
  static constexpr std::string_view kIdentifier = "CheckNonZeroSender";
  using Implicit = std::monostate;
  CANARY_SCALE_FIELDS()
  static void type_info(meta::TypeBuilder& b) {
    extension_detail::empty_extension_type(b, "check_non_zero_sender", "CheckNonZeroSender");
  }
  Result<Implicit, TransactionValidityError> implicit() const { return Implicit{}; }
  template <class Call>
  Weight weight(const Call&) const {
    return ExtensionsWeightsOf<T>::check_non_zero_sender();
  }
  template <class Call>
  Result<ValidTransaction, TransactionValidityError> validate(const AccountId32& who, const Call&,
                                                              const DispatchInfo&, size_t) const {
    if (who == AccountId32{}) return unexpected(invalid(InvalidTransaction::Kind::kBadSigner));
    return ValidTransaction{};
  }
};

template <class T>
struct CheckSpecVersion {
  static constexpr std::string_view kIdentifier = "CheckSpecVersion";
  using Implicit = uint32_t;
  CANARY_SCALE_FIELDS()
  static void type_info(meta::TypeBuilder& b) {
    extension_detail::empty_extension_type(b, "check_spec_version", "CheckSpecVersion");
  }
  template <class Call>
  Weight weight(const Call&) const {
    return ExtensionsWeightsOf<T>::check_spec_version();
  }
  Result<Implicit, TransactionValidityError> implicit() const { return T::version().spec_version; }
};

template <class T>
struct CheckTxVersion {
  static constexpr std::string_view kIdentifier = "CheckTxVersion";
  using Implicit = uint32_t;
  CANARY_SCALE_FIELDS()
  static void type_info(meta::TypeBuilder& b) {
    extension_detail::empty_extension_type(b, "check_tx_version", "CheckTxVersion");
  }
  template <class Call>
  Weight weight(const Call&) const {
    return ExtensionsWeightsOf<T>::check_tx_version();
  }
  Result<Implicit, TransactionValidityError> implicit() const {
    return T::version().transaction_version;
  }
};

template <class T>
struct CheckGenesis {
  static constexpr std::string_view kIdentifier = "CheckGenesis";
  using Implicit = H256;
  CANARY_SCALE_FIELDS()
  static void type_info(meta::TypeBuilder& b) {
    extension_detail::empty_extension_type(b, "check_genesis", "CheckGenesis");
  }
  template <class Call>
  Weight weight(const Call&) const {
    return ExtensionsWeightsOf<T>::check_genesis();
  }
  Result<Implicit, TransactionValidityError> implicit() const {
    return T::System::BlockHash::get(0);
  }
};

template <class T>
struct CheckMortality {
  static constexpr std::string_view kIdentifier = "CheckMortality";
  using Implicit = H256;
  Era era;
  CANARY_SCALE_FIELDS(era)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "extensions", "check_mortality", "CheckMortality"});
    b.unused_param("T");
    b.typed_field<Era>(std::nullopt, "Era");
  }
  // An immortal transaction reads the genesis hash, which every such transaction in the block
  // shares: no proof size (frame_system CheckMortality::weight).
  template <class Call>
  Weight weight(const Call&) const {
    if (era.immortal) {
      return Weight::from_parts(
          ExtensionsWeightsOf<T>::check_mortality_immortal_transaction().ref_time, 0);
    }
    return ExtensionsWeightsOf<T>::check_mortality_mortal_transaction();
  }
  // The hash of the block the transaction was signed at (its era's birth), which must still be
  // in the block hash history.
  Result<Implicit, TransactionValidityError> implicit() const {
    const uint64_t current = T::System::block_number();
    const auto birth = static_cast<BlockNumber>(era.birth(current));
    if (!T::System::BlockHash::contains_key(birth)) {
      return unexpected(invalid(InvalidTransaction::Kind::kAncientBirthBlock));
    }
    return T::System::BlockHash::get(birth);
  }
  template <class Call>
  Result<ValidTransaction, TransactionValidityError> validate(const AccountId32&, const Call&,
                                                              const DispatchInfo&, size_t) const {
    const uint64_t current = T::System::block_number();
    ValidTransaction valid;
    const uint64_t death = era.death(current);
    valid.longevity = death > current ? death - current : 0;
    return valid;
  }
};

template <class T>
struct CheckNonce {
  static constexpr std::string_view kIdentifier = "CheckNonce";
  using Implicit = std::monostate;
  Nonce nonce = 0;
  CANARY_SCALE_FIELDS(scale::compact(nonce))
  static void type_info(meta::TypeBuilder& b) {
    b.path({"frame_system", "extensions", "check_nonce", "CheckNonce"});
    b.unused_param("T");
    b.typed_field<meta::CompactOf<Nonce>>(std::nullopt, "T::Nonce");
  }
  template <class Call>
  Weight weight(const Call&) const {
    return ExtensionsWeightsOf<T>::check_nonce();
  }
  Result<Implicit, TransactionValidityError> implicit() const { return Implicit{}; }

  // Ready when the nonce is the account's next; a later nonce waits for the ones before it.
  template <class Call>
  Result<ValidTransaction, TransactionValidityError> validate(const AccountId32& who, const Call&,
                                                              const DispatchInfo&, size_t) const {
    const auto account = T::System::account(who);
    if (account.providers == 0 && account.sufficients == 0) {
      return unexpected(invalid(InvalidTransaction::Kind::kPayment));
    }
    if (nonce < account.nonce) return unexpected(invalid(InvalidTransaction::Kind::kStale));
    ValidTransaction valid;
    valid.provides_tags.push_back(scale::encode(std::tuple<AccountId32, Nonce>{who, nonce}));
    if (account.nonce < nonce) {
      valid.requires_tags.push_back(scale::encode(std::tuple<AccountId32, Nonce>{who, nonce - 1}));
    }
    return valid;
  }
  template <class Call>
  Result<std::monostate, TransactionValidityError> pre_dispatch(const AccountId32& who, const Call&,
                                                                const DispatchInfo&, size_t) const {
    auto account = T::System::account(who);
    if (account.providers == 0 && account.sufficients == 0) {
      return unexpected(invalid(InvalidTransaction::Kind::kPayment));
    }
    if (nonce != account.nonce) {
      return unexpected(invalid(nonce < account.nonce ? InvalidTransaction::Kind::kStale
                                                      : InvalidTransaction::Kind::kFuture));
    }
    account.nonce += 1;
    T::System::Account::insert(who, account);
    return std::monostate{};
  }
};

// Block weight and length accounting per dispatch class.
template <class T>
struct CheckWeight {
  static constexpr std::string_view kIdentifier = "CheckWeight";
  using Implicit = std::monostate;
  CANARY_SCALE_FIELDS()
  static void type_info(meta::TypeBuilder& b) {
    extension_detail::empty_extension_type(b, "check_weight", "CheckWeight");
  }
  template <class Call>
  Weight weight(const Call&) const {
    return ExtensionsWeightsOf<T>::check_weight();
  }
  Result<Implicit, TransactionValidityError> implicit() const { return Implicit{}; }

  static Result<void, TransactionValidityError> check_extrinsic(const DispatchInfo& info,
                                                                size_t len) {
    const BlockLength limits = T::block_length();
    if (len > limits.max.get(info.dispatch_class)) {
      return unexpected(invalid(InvalidTransaction::Kind::kExhaustsResources));
    }
    const auto max = T::block_weights().per_class.get(info.dispatch_class).max_extrinsic;
    if (max && info.total_weight().any_gt(*max)) {
      return unexpected(invalid(InvalidTransaction::Kind::kExhaustsResources));
    }
    return {};
  }

  // Adds the extrinsic to the block's length and weight, refusing what does not fit.
  static Result<void, TransactionValidityError> account_for(const DispatchInfo& info, size_t len) {
    const BlockLength length_limits = T::block_length();
    const uint64_t next_len = uint64_t{T::System::AllExtrinsicsLen::get().value_or(0)} + len;
    if (next_len > length_limits.max.get(info.dispatch_class)) {
      return unexpected(invalid(InvalidTransaction::Kind::kExhaustsResources));
    }
    const BlockWeights weights = T::block_weights();
    const WeightsPerClass& limit = weights.per_class.get(info.dispatch_class);
    const Weight extrinsic_weight = info.total_weight().saturating_add(limit.base_extrinsic);
    ConsumedWeight consumed = T::System::BlockWeight::get();
    Weight& mine = consumed.get(info.dispatch_class);
    mine = mine.saturating_add(extrinsic_weight);
    if (limit.max_total && mine.any_gt(*limit.max_total)) {
      return unexpected(invalid(InvalidTransaction::Kind::kExhaustsResources));
    }
    const Weight total =
        consumed.normal.saturating_add(consumed.operational).saturating_add(consumed.mandatory);
    if (total.any_gt(weights.max_block) && limit.reserved && mine.any_gt(*limit.reserved)) {
      return unexpected(invalid(InvalidTransaction::Kind::kExhaustsResources));
    }
    T::System::BlockWeight::put(consumed);
    T::System::AllExtrinsicsLen::put(static_cast<uint32_t>(next_len));
    return {};
  }

  template <class Call>
  Result<ValidTransaction, TransactionValidityError> validate(const AccountId32&, const Call&,
                                                              const DispatchInfo& info,
                                                              size_t len) const {
    if (auto ok = check_extrinsic(info, len); !ok) return unexpected(ok.error());
    return ValidTransaction{};
  }
  template <class Call>
  Result<std::monostate, TransactionValidityError> pre_dispatch(const AccountId32&, const Call&,
                                                                const DispatchInfo& info,
                                                                size_t len) const {
    if (auto ok = check_extrinsic(info, len); !ok) return unexpected(ok.error());
    if (auto ok = account_for(info, len); !ok) return unexpected(ok.error());
    return std::monostate{};
  }
  // Gives back the weight the call and the extensions did not use (frame_system reclaim_weight;
  // nothing here reclaims earlier, so ExtrinsicWeightReclaimed stays empty).
  Result<void, TransactionValidityError> post_dispatch(const std::monostate&,
                                                       const DispatchInfo& info,
                                                       const PostDispatchInfo& post, size_t,
                                                       bool) const {
    refund(info, post);
    return {};
  }
  static void refund(const DispatchInfo& info, const PostDispatchInfo& post) {
    const Weight unspent = post.calc_unspent(info);
    if (unspent == Weight::zero()) return;
    T::System::BlockWeight::mutate([&](ConsumedWeight& consumed) {
      Weight& w = consumed.get(info.dispatch_class);
      w = w.saturating_sub(unspent);
    });
  }

  // Unsigned transactions (inherents) are accounted for too.
  template <class Call>
  static Result<ValidTransaction, TransactionValidityError> validate_unsigned(
      const Call&, const DispatchInfo& info, size_t len) {
    if (auto ok = check_extrinsic(info, len); !ok) return unexpected(ok.error());
    return ValidTransaction{};
  }
  static void post_dispatch_unsigned(const DispatchInfo& info, const PostDispatchInfo& post) {
    refund(info, post);
  }
  template <class Call>
  static Result<void, TransactionValidityError> pre_dispatch_unsigned(const Call&,
                                                                      const DispatchInfo& info,
                                                                      size_t len) {
    if (auto ok = check_extrinsic(info, len); !ok) return unexpected(ok.error());
    return account_for(info, len);
  }
};

}  // namespace canary::rt::pallets::system
