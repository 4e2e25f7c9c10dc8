// Signed extensions (sp-runtime SignedExtension / TransactionExtension v1 semantics): the checks
// and charges that come with every signed transaction, in the runtime's order. Each extension E
// is the "extra" data the signer encodes (E's own SCALE encoding, described in metadata by E's
// type_info), and has:
//   static constexpr std::string_view kIdentifier;   // metadata name, e.g. "CheckNonce"
//   using Implicit = …;                               // additionally signed data, not transmitted
//   Result<Implicit, TransactionValidityError> implicit() const;
// and optionally (defaults: no weight, valid, nothing to do):
//   Weight weight(call) const;           // its own cost (TransactionExtension::weight), which the
//                                        // executive adds to the call's as info.extension_weight
//   Result<ValidTransaction, TransactionValidityError> validate(who, call, info, len) const;
//   using Pre = …; Result<Pre, TransactionValidityError> pre_dispatch(who, call, info, len) const;
//   Result<void, TransactionValidityError> post_dispatch(pre, info, post_info, len, ok) const;
//     or Result<Weight, …> post_dispatch(…): the weight it did not use after all, which is
//     refunded from post_info before the next extension's post_dispatch (post_dispatch_details)
//   static validate_unsigned(call, info, len) / pre_dispatch_unsigned(call, info, len) /
//   post_dispatch_unsigned(info, post_info)   (unsigned transactions go through these).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "primitives/runtime/transaction_validity.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/types/account.hpp"
#include "runtime/framework/types/weight.hpp"

namespace canary::rt {

using runtime::InvalidTransaction;
using runtime::TransactionValidityError;
using runtime::UnknownTransaction;
using runtime::ValidTransaction;

inline TransactionValidityError invalid(InvalidTransaction::Kind kind, uint8_t custom = 0) {
  return InvalidTransaction{kind, custom};
}
inline TransactionValidityError unknown(UnknownTransaction::Kind kind, uint8_t custom = 0) {
  return UnknownTransaction{kind, custom};
}

// sp-runtime ValidTransaction::combine_with.
inline ValidTransaction combine(ValidTransaction a, const ValidTransaction& b) {
  a.priority = a.priority > UINT64_MAX - b.priority ? UINT64_MAX : a.priority + b.priority;
  a.requires_tags.insert(a.requires_tags.end(), b.requires_tags.begin(), b.requires_tags.end());
  a.provides_tags.insert(a.provides_tags.end(), b.provides_tags.begin(), b.provides_tags.end());
  a.longevity = std::min(a.longevity, b.longevity);
  a.propagate = a.propagate && b.propagate;
  return a;
}

namespace extension_detail {

template <class E>
struct PreOf {
  using type = std::monostate;
};
template <class E>
  requires requires { typename E::Pre; }
struct PreOf<E> {
  using type = typename E::Pre;
};

}  // namespace extension_detail

template <class E>
using PreOf = typename extension_detail::PreOf<E>::type;

// Runs one extension's hooks with their defaults.
template <class E, class Call>
Result<ValidTransaction, TransactionValidityError> extension_validate(
    const E& e, const AccountId32& who, const Call& call, const DispatchInfo& info, size_t len) {
  if constexpr (requires { e.validate(who, call, info, len); }) {
    return e.validate(who, call, info, len);
  } else {
    return ValidTransaction{};
  }
}

template <class E, class Call>
Result<PreOf<E>, TransactionValidityError> extension_pre_dispatch(
    const E& e, const AccountId32& who, const Call& call, const DispatchInfo& info, size_t len) {
  if constexpr (requires { e.pre_dispatch(who, call, info, len); }) {
    return e.pre_dispatch(who, call, info, len);
  } else {
    // SignedExtension's default pre_dispatch runs validate and drops its result.
    auto valid = extension_validate(e, who, call, info, len);
    if (!valid) return unexpected(valid.error());
    return PreOf<E>{};
  }
}

template <class E, class Call>
Weight extension_weight(const E& e, const Call& call) {
  if constexpr (requires { e.weight(call); }) {
    return e.weight(call);
  } else {
    return Weight::zero();
  }
}

// The weight the extension gives back (zero for one whose post_dispatch returns nothing).
template <class E>
Result<Weight, TransactionValidityError> extension_post_dispatch(const E& e, const PreOf<E>& pre,
                                                                 const DispatchInfo& info,
                                                                 const PostDispatchInfo& post,
                                                                 size_t len, bool ok) {
  if constexpr (requires { e.post_dispatch(pre, info, post, len, ok); }) {
    using Returned = decltype(e.post_dispatch(pre, info, post, len, ok));
    if constexpr (std::is_same_v<typename Returned::value_type, Weight>) {
      return e.post_dispatch(pre, info, post, len, ok);
    } else {
      auto done = e.post_dispatch(pre, info, post, len, ok);
      if (!done) return unexpected(done.error());
      return Weight::zero();
    }
  } else {
    return Weight::zero();
  }
}

template <class E>
void extension_post_dispatch_unsigned(const DispatchInfo& info, const PostDispatchInfo& post) {
  if constexpr (requires { E::post_dispatch_unsigned(info, post); }) {
    E::post_dispatch_unsigned(info, post);
  }
}

template <class E, class Call>
Result<ValidTransaction, TransactionValidityError> extension_validate_unsigned(
    const Call& call, const DispatchInfo& info, size_t len) {
  if constexpr (requires { E::validate_unsigned(call, info, len); }) {
    return E::validate_unsigned(call, info, len);
  } else {
    return ValidTransaction{};
  }
}

template <class E, class Call>
Result<void, TransactionValidityError> extension_pre_dispatch_unsigned(const Call& call,
                                                                       const DispatchInfo& info,
                                                                       size_t len) {
  if constexpr (requires { E::pre_dispatch_unsigned(call, info, len); }) {
    return E::pre_dispatch_unsigned(call, info, len);
  } else {
    auto valid = extension_validate_unsigned<E>(call, info, len);
    if (!valid) return unexpected(valid.error());
    return {};
  }
}

// --- A tuple of extensions, in order.

template <class Tuple>
struct Extensions;

template <class... Es>
struct Extensions<std::tuple<Es...>> {
  using Extra = std::tuple<Es...>;
  using Implicit = std::tuple<typename Es::Implicit...>;
  using Pre = std::tuple<PreOf<Es>...>;

  static Result<Implicit, TransactionValidityError> implicit(const Extra& extra) {
    Implicit out;
    std::optional<TransactionValidityError> error;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            if (error) return;
            auto part = std::get<I>(extra).implicit();
            if (!part) {
              error = part.error();
            } else {
              std::get<I>(out) = std::move(*part);
            }
          }(),
          ...);
    }(std::index_sequence_for<Es...>{});
    if (error) return unexpected(*error);
    return out;
  }

  template <class Call>
  static Result<ValidTransaction, TransactionValidityError> validate(const Extra& extra,
                                                                     const AccountId32& who,
                                                                     const Call& call,
                                                                     const DispatchInfo& info,
                                                                     size_t len) {
    ValidTransaction total;
    std::optional<TransactionValidityError> error;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            if (error) return;
            auto valid = extension_validate(std::get<I>(extra), who, call, info, len);
            if (!valid) {
              error = valid.error();
            } else {
              total = combine(std::move(total), *valid);
            }
          }(),
          ...);
    }(std::index_sequence_for<Es...>{});
    if (error) return unexpected(*error);
    return total;
  }

  template <class Call>
  static Result<Pre, TransactionValidityError> pre_dispatch(const Extra& extra,
                                                            const AccountId32& who,
                                                            const Call& call,
                                                            const DispatchInfo& info, size_t len) {
    Pre out;
    std::optional<TransactionValidityError> error;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            if (error) return;
            auto pre = extension_pre_dispatch(std::get<I>(extra), who, call, info, len);
            if (!pre) {
              error = pre.error();
            } else {
              std::get<I>(out) = std::move(*pre);
            }
          }(),
          ...);
    }(std::index_sequence_for<Es...>{});
    if (error) return unexpected(*error);
    return out;
  }

  // The extensions' own weight for `call` (the tuple's TransactionExtension::weight).
  template <class Call>
  static Weight weight(const Extra& extra, const Call& call) {
    Weight total;
    [&]<size_t... I>(std::index_sequence<I...>) {
      ((total = total.saturating_add(extension_weight(std::get<I>(extra), call))), ...);
    }(std::index_sequence_for<Es...>{});
    return total;
  }

  // `post` already includes the extensions' weight (PostDispatchInfo::set_extension_weight); what
  // each one did not use is refunded from it before the next one runs, as FRAME's tuple
  // post_dispatch_details does.
  static Result<void, TransactionValidityError> post_dispatch(const Extra& extra, const Pre& pre,
                                                              const DispatchInfo& info,
                                                              PostDispatchInfo& post, size_t len,
                                                              bool ok) {
    std::optional<TransactionValidityError> error;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (
          [&] {
            if (error) return;
            auto unspent =
                extension_post_dispatch(std::get<I>(extra), std::get<I>(pre), info, post, len, ok);
            if (!unspent) {
              error = unspent.error();
            } else {
              post.refund(*unspent);
            }
          }(),
          ...);
    }(std::index_sequence_for<Es...>{});
    if (error) return unexpected(*error);
    return {};
  }

  template <class Call>
  static Result<ValidTransaction, TransactionValidityError> validate_unsigned(
      const Call& call, const DispatchInfo& info, size_t len) {
    ValidTransaction total;
    std::optional<TransactionValidityError> error;
    (
        [&] {
          if (error) return;
          auto valid = extension_validate_unsigned<Es>(call, info, len);
          if (!valid) {
            error = valid.error();
          } else {
            total = combine(std::move(total), *valid);
          }
        }(),
        ...);
    if (error) return unexpected(*error);
    return total;
  }

  template <class Call>
  static Result<void, TransactionValidityError> pre_dispatch_unsigned(const Call& call,
                                                                      const DispatchInfo& info,
                                                                      size_t len) {
    std::optional<TransactionValidityError> error;
    (
        [&] {
          if (error) return;
          auto done = extension_pre_dispatch_unsigned<Es>(call, info, len);
          if (!done) error = done.error();
        }(),
        ...);
    if (error) return unexpected(*error);
    return {};
  }

  static void post_dispatch_unsigned(const DispatchInfo& info, const PostDispatchInfo& post) {
    (extension_post_dispatch_unsigned<Es>(info, post), ...);
  }

  // Metadata: (identifier, extra type, implicit type) per extension.
  static std::vector<meta::SignedExtensionMetadata> metadata(meta::Registry& registry) {
    return {meta::SignedExtensionMetadata{std::string(Es::kIdentifier), registry.id<Es>(),
                                          registry.id<typename Es::Implicit>()}...};
  }
};

}  // namespace canary::rt
