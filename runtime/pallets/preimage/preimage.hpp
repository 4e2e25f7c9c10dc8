// pallet_preimage: stores the preimage of a hash on chain, for other pallets to refer to large
// values by hash (Scheduler's and Referenda's calls; a runtime upgrade's code). A user who notes a
// preimage nobody asked for pays a deposit held for as long as it stays (the Consideration); the
// chain (ManagerOrigin, or a pallet through QueryPreimage::request) can ask for a preimage, which
// makes noting it free and keeps it until every request is withdrawn. Reference semantics:
// polkadot-sdk substrate/frame/preimage (pallet-preimage 42, as Kusama FR-1.7.1 builds it; storage
// version 1), metadata as Kusama's (index 32).
//
// The runtime's configuration T provides, besides System, Pallets and kDbWeight:
//   PreimageConsideration     a traits::Consideration ticket type (Kusama: HoldConsideration on
//                             Balances, HoldReason::Preimage, LinearStoragePrice of
//                             deposit(2, 64) + deposit(0, 1) per byte)
//   PreimageManagerOrigin     an EnsureOrigin (Kusama: EnsureRoot)
//   Currency                  a traits::ReservableCurrency: only to return the reserved deposits of
//                             entries of the old StatusFor (ensure_updated)
//   optional PreimageWeightInfo (weights.hpp)
// The pallet is a traits::preimages::QueryPreimage and StorePreimage (Pallet itself).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "runtime/framework/described.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/storage_metadata.hpp"
#include "runtime/framework/origins/ensure_origin.hpp"
#include "runtime/framework/pallet.hpp"
#include "runtime/framework/storage.hpp"
#include "runtime/framework/storage_version.hpp"
#include "runtime/framework/traits/consideration.hpp"
#include "runtime/framework/traits/currency.hpp"
#include "runtime/framework/traits/preimages.hpp"
#include "runtime/io/hashing.hpp"
#include "runtime/pallets/preimage/types.hpp"
#include "runtime/pallets/preimage/weights.hpp"

namespace canary::rt::pallets::preimage {

enum class Error : uint8_t {
  kTooBig = 0,
  kAlreadyNoted = 1,
  kNotAuthorized = 2,
  kNotNoted = 3,
  kRequested = 4,
  kNotRequested = 5,
  kTooMany = 6,
  kTooFew = 7,
};

// Events whose one field is the preimage's hash.
template <uint8_t Index, FixedString Name, FixedString Docs>
struct HashEvent {
  static constexpr uint8_t kScaleIndex = Index;
  static constexpr std::string_view kName = Name.view();
  static constexpr const char* kDocs = Docs.chars;
  H256 hash;
  bool operator==(const HashEvent&) const = default;
  static constexpr auto fields() { return std::tuple{field("hash", &HashEvent::hash, "T::Hash")}; }
  CANARY_DESCRIBED()
};

template <class T, class At>
struct Pallet {
  static constexpr std::string_view kName = At::kName;
  static constexpr uint8_t kIndex = At::kIndex;
  static constexpr std::string_view kCrate = "pallet_preimage";
  static constexpr const char* kDocs =
      "The Preimage pallet allows for the users and the runtime to store the preimage\n"
      "of a hash on chain. This can be used by other pallets for storing and managing\n"
      "large byte-blobs.";
  static constexpr uint16_t kStorageVersion = 1;

  using Weights = WeightInfoOf<T>;
  using Ticket = typename T::PreimageConsideration;
  static_assert(traits::Consideration<Ticket>);
  using Status = RequestStatus<Ticket>;
  using Owner = typename Status::Owner;

  // --- Storage.
  using StatusFor = StorageMap<Pallet, "StatusFor", Identity, H256, OldRequestStatus, OptionQuery,
                               DocLines<" The request status of a given hash.">>;
  using RequestStatusFor =
      StorageMap<Pallet, "RequestStatusFor", Identity, H256, Status, OptionQuery,
                 DocLines<" The request status of a given hash.">>;
  using PreimageFor =
      StorageMap<Pallet, "PreimageFor", Identity, std::tuple<H256, uint32_t>, PreimageBytes>;
  using Storage = std::tuple<StatusFor, RequestStatusFor, PreimageFor>;

  // --- Errors.
  using Error = preimage::Error;
  static constexpr ErrorInfo kErrors[] = {
      {"TooBig", "Preimage is too large to store on-chain."},
      {"AlreadyNoted", "Preimage has already been noted on-chain."},
      {"NotAuthorized", "The user is not authorized to perform this action."},
      {"NotNoted", "The preimage cannot be removed since it has not yet been noted."},
      {"Requested", "A preimage may not be removed when there are outstanding requests."},
      {"NotRequested",
       "The preimage request cannot be removed since no outstanding requests exist."},
      {"TooMany",
       "More than `MAX_HASH_UPGRADE_BULK_COUNT` hashes were requested to be upgraded at once."},
      {"TooFew", "Too few hashes were requested to be upgraded (i.e. zero)."},
  };
  static DispatchError error(Error e) { return pallet_error<Pallet>(e); }

  // --- Events.
  using Noted = HashEvent<0, "Noted", "A preimage has been noted.">;
  using Requested = HashEvent<1, "Requested", "A preimage has been requested.">;
  using Cleared = HashEvent<2, "Cleared", "A preimage has ben cleared.">;
  using Event = std::variant<Noted, Requested, Cleared>;

  static void deposit_event(Event event) {
    T::System::deposit_runtime_event({}, T::Pallets::Event::template of<Pallet>(std::move(event)));
  }

  // --- Calls.
  struct note_preimage {
    static constexpr uint8_t kScaleIndex = 0;
    static constexpr std::string_view kName = "note_preimage";
    static constexpr const char* kDocs =
        "Register a preimage on-chain.\n"
        "\n"
        "If the preimage was previously requested, no fees or deposits are taken for providing\n"
        "the preimage. Otherwise, a deposit is taken proportional to the size of the preimage.";
    Bytes bytes;
    static constexpr auto fields() {
      return std::tuple{field("bytes", &note_preimage::bytes, "Vec<u8>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::note_preimage(static_cast<uint32_t>(bytes.size()))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      // A signed origin pays a deposit; the manager does not.
      auto sender = signed_or_manager(origin);
      if (!sender) return with_post_info(unexpected(sender.error()));
      const AccountId32* depositor = sender->has_value() ? &**sender : nullptr;
      auto noted = note_bytes(bytes, depositor);
      if (!noted) return with_post_info(unexpected(noted.error()));
      PostDispatchInfo post;
      if (noted->first || depositor == nullptr) post.pays_fee = Pays::kNo;
      return post;
    }
  };

  struct unnote_preimage {
    static constexpr uint8_t kScaleIndex = 1;
    static constexpr std::string_view kName = "unnote_preimage";
    static constexpr const char* kDocs =
        "Clear an unrequested preimage from the runtime storage.\n"
        "\n"
        "If `len` is provided, then it will be a much cheaper operation.\n"
        "\n"
        "- `hash`: The hash of the preimage to be removed from the store.\n"
        "- `len`: The length of the preimage of `hash`.";
    H256 hash;
    static constexpr auto fields() {
      return std::tuple{field("hash", &unnote_preimage::hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::unnote_preimage()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto sender = signed_or_manager(origin);
      if (!sender) return with_post_info(unexpected(sender.error()));
      return with_post_info(do_unnote_preimage(hash, *sender));
    }
  };

  struct request_preimage {
    static constexpr uint8_t kScaleIndex = 2;
    static constexpr std::string_view kName = "request_preimage";
    static constexpr const char* kDocs =
        "Request a preimage be uploaded to the chain without paying any fees or deposits.\n"
        "\n"
        "If the preimage requests has already been provided on-chain, we unreserve any deposit\n"
        "a user may have paid, and take the control of the preimage out of their hands.";
    H256 hash;
    static constexpr auto fields() {
      return std::tuple{field("hash", &request_preimage::hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::request_preimage()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto manager = ensure_origin<typename T::PreimageManagerOrigin>(origin);
      if (!manager) return with_post_info(unexpected(manager.error()));
      do_request_preimage(hash);
      return PostDispatchInfo{};
    }
  };

  struct unrequest_preimage {
    static constexpr uint8_t kScaleIndex = 3;
    static constexpr std::string_view kName = "unrequest_preimage";
    static constexpr const char* kDocs =
        "Clear a previously made request for a preimage.\n"
        "\n"
        "NOTE: THIS MUST NOT BE CALLED ON `hash` MORE TIMES THAN `request_preimage`.";
    H256 hash;
    static constexpr auto fields() {
      return std::tuple{field("hash", &unrequest_preimage::hash, "T::Hash")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const { return {Weights::unrequest_preimage()}; }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      auto manager = ensure_origin<typename T::PreimageManagerOrigin>(origin);
      if (!manager) return with_post_info(unexpected(manager.error()));
      return with_post_info(do_unrequest_preimage(hash));
    }
  };

  struct ensure_updated {
    static constexpr uint8_t kScaleIndex = 4;
    static constexpr std::string_view kName = "ensure_updated";
    static constexpr const char* kDocs =
        "Ensure that the bulk of pre-images is upgraded.\n"
        "\n"
        "The caller pays no fee if at least 90% of pre-images were successfully updated.";
    std::vector<H256> hashes;
    static constexpr auto fields() {
      return std::tuple{field("hashes", &ensure_updated::hashes, "Vec<T::Hash>")};
    }
    CANARY_DESCRIBED()
    DispatchInfo info() const {
      return {Weights::ensure_updated(static_cast<uint32_t>(hashes.size()))};
    }
    DispatchResultWithPostInfo dispatch(const Origin& origin) const {
      if (auto who = ensure_signed(origin); !who) return with_post_info(unexpected(who.error()));
      if (hashes.empty()) return with_post_info(unexpected(error(Error::kTooFew)));
      if (hashes.size() > kMaxHashUpgradeBulkCount) {
        return with_post_info(unexpected(error(Error::kTooMany)));
      }
      uint64_t updated = 0;
      for (const H256& hash : hashes) updated += do_ensure_updated(hash) ? 1 : 0;
      // Free when at least 90 % were updated (Perbill::from_rational(updated, n) >= 90 %, which
      // for n ≤ 1024 is the exact comparison of the ratio).
      PostDispatchInfo post;
      if (updated * 10 >= hashes.size() * 9) post.pays_fee = Pays::kNo;
      return post;
    }
  };

  using Call = std::variant<note_preimage, unnote_preimage, request_preimage, unrequest_preimage,
                            ensure_updated>;

  // --- The pallet's functions (lib.rs's `impl Pallet`).

  // Moves an entry of the old StatusFor to RequestStatusFor, the reserved deposit becoming a
  // Consideration ticket; false when there was none.
  static bool do_ensure_updated(const H256& hash) {
    auto old = StatusFor::take(hash);
    if (!old) return false;
    // A deposit moved from a reserve to a ticket; none when the ticket cannot be taken, as FRAME's
    // defensive path (which then leaves the entry out altogether).
    auto move_deposit = [](const OldRequestStatus::Deposit& deposit,
                           uint32_t len) -> std::optional<Owner> {
      const auto& [who, amount] = deposit;
      (void)T::Currency::unreserve(who, amount);
      auto ticket = Ticket::make(who, footprint(len));
      if (!ticket) return std::nullopt;
      return Owner{who, std::move(*ticket)};
    };
    Status next;
    if (const auto* u = std::get_if<OldRequestStatus::Unrequested>(&old->value)) {
      auto owner = move_deposit(u->deposit, u->len);
      if (!owner) return true;
      next.value = typename Status::Unrequested{std::move(*owner), u->len};
    } else {
      const auto& r = std::get<OldRequestStatus::Requested>(old->value);
      std::optional<Owner> owner;
      if (r.deposit) {
        if (!r.len) {
          (void)T::Currency::unreserve(std::get<0>(*r.deposit), std::get<1>(*r.deposit));
        } else {
          owner = move_deposit(*r.deposit, *r.len);
          if (!owner) return true;
        }
      }
      next.value = typename Status::Requested{std::move(owner), r.count, r.len};
    }
    RequestStatusFor::insert(hash, next);
    return true;
  }

  // Stores a preimage. With a depositor, a deposit is taken unless the chain asked for it; without
  // one, the preimage is also requested. Returns whether it was requested, and its hash.
  static Result<std::pair<bool, H256>, DispatchError> note_bytes(ByteSpan preimage,
                                                                 const AccountId32* depositor) {
    const H256 hash{io::hashing::blake2_256(preimage)};
    if (preimage.size() > kMaxSize) return unexpected(error(Error::kTooBig));
    const auto len = static_cast<uint32_t>(preimage.size());
    do_ensure_updated(hash);
    const auto current = RequestStatusFor::get(hash);
    Status status;
    if (current && std::holds_alternative<typename Status::Requested>(current->value)) {
      auto requested = std::get<typename Status::Requested>(current->value);
      requested.maybe_len = len;
      status.value = std::move(requested);
    } else if (current) {
      if (depositor != nullptr) return unexpected(error(Error::kAlreadyNoted));
      const auto& unrequested = std::get<typename Status::Unrequested>(current->value);
      status.value = typename Status::Requested{unrequested.ticket, 1, unrequested.len};
    } else if (depositor == nullptr) {
      status.value = typename Status::Requested{std::nullopt, 1, len};
    } else {
      CANARY_TRY_ASSIGN(auto ticket, Ticket::make(*depositor, footprint(len)));
      status.value = typename Status::Unrequested{Owner{*depositor, std::move(ticket)}, len};
    }
    const bool requested = std::holds_alternative<typename Status::Requested>(status.value);
    RequestStatusFor::insert(hash, status);
    PreimageFor::insert(std::tuple{hash, len},
                        PreimageBytes{Bytes(preimage.begin(), preimage.end())});
    deposit_event(Noted{hash});
    return std::pair{requested, hash};
  }

  // Adds a request. A preimage a user noted is taken out of their hands, though their deposit
  // stays held until they unnote it.
  static void do_request_preimage(const H256& hash) {
    do_ensure_updated(hash);
    typename Status::Requested next{std::nullopt, 1, std::nullopt};
    if (const auto current = RequestStatusFor::get(hash)) {
      if (const auto* r = std::get_if<typename Status::Requested>(&current->value)) {
        next = *r;
        next.count = next.count == UINT32_MAX ? next.count : next.count + 1;
      } else {
        const auto& u = std::get<typename Status::Unrequested>(current->value);
        next = typename Status::Requested{u.ticket, 1, u.len};
      }
    }
    RequestStatusFor::insert(hash, Status{next});
    if (next.count == 1) deposit_event(Requested{hash});
  }

  // Removes a preimage, returning its deposit. With `check_owner`, only its depositor may.
  static DispatchResult do_unnote_preimage(const H256& hash,
                                           const std::optional<AccountId32>& check_owner) {
    do_ensure_updated(hash);
    const auto current = RequestStatusFor::get(hash);
    if (!current) return unexpected(error(Error::kNotNoted));
    const auto may_touch = [&](const AccountId32& owner) {
      return !check_owner || *check_owner == owner;
    };
    if (const auto* r = std::get_if<typename Status::Requested>(&current->value)) {
      if (r->maybe_ticket) {
        const auto& [owner, ticket] = *r->maybe_ticket;
        if (!may_touch(owner)) return unexpected(error(Error::kNotAuthorized));
        (void)ticket.drop(owner);
        RequestStatusFor::insert(
            hash, Status{typename Status::Requested{std::nullopt, r->count, r->maybe_len}});
        return {};
      }
      if (check_owner) return unexpected(error(Error::kNotAuthorized));
      return do_unrequest_preimage(hash);
    }
    const auto& u = std::get<typename Status::Unrequested>(current->value);
    const auto& [owner, ticket] = u.ticket;
    if (!may_touch(owner)) return unexpected(error(Error::kNotAuthorized));
    (void)ticket.drop(owner);
    RequestStatusFor::remove(hash);
    PreimageFor::remove(std::tuple{hash, u.len});
    deposit_event(Cleared{hash});
    return {};
  }

  // Withdraws a request. The last one removes a preimage nobody paid for, and hands one a user
  // noted back to them (Unrequested, so that they can unnote it and get their deposit back).
  static DispatchResult do_unrequest_preimage(const H256& hash) {
    do_ensure_updated(hash);
    const auto current = RequestStatusFor::get(hash);
    if (!current) return unexpected(error(Error::kNotRequested));
    const auto* r = std::get_if<typename Status::Requested>(&current->value);
    if (r == nullptr) return unexpected(error(Error::kNotRequested));
    if (r->count > 1) {
      auto next = *r;
      --next.count;
      RequestStatusFor::insert(hash, Status{next});
    } else if (!r->maybe_len) {
      RequestStatusFor::remove(hash);  // never noted
    } else if (!r->maybe_ticket) {
      PreimageFor::remove(std::tuple{hash, *r->maybe_len});
      RequestStatusFor::remove(hash);
      deposit_event(Cleared{hash});
    } else {
      RequestStatusFor::insert(
          hash, Status{typename Status::Unrequested{*r->maybe_ticket, *r->maybe_len}});
    }
    return {};
  }

  // --- QueryPreimage.
  static std::optional<uint32_t> len(const Hash256& hash) {
    const H256 h{hash};
    do_ensure_updated(h);
    const auto status = RequestStatusFor::get(h);
    return status ? noted_len(*status) : std::nullopt;
  }
  static Result<Bytes, DispatchError> fetch(const Hash256& hash, std::optional<uint32_t> length) {
    const auto known = length ? length : len(hash);
    const auto unavailable = unexpected(dispatch_error(DispatchError::Kind::kUnavailable));
    if (!known) return unavailable;
    auto bytes = PreimageFor::get(std::tuple{H256{hash}, *known});
    if (!bytes) return unavailable;
    return std::move(bytes->items);
  }
  static bool is_requested(const Hash256& hash) {
    const H256 h{hash};
    do_ensure_updated(h);
    const auto status = RequestStatusFor::get(h);
    return status && std::holds_alternative<typename Status::Requested>(status->value);
  }
  static void request(const Hash256& hash) { do_request_preimage(H256{hash}); }
  // As FRAME, a request withdrawn more often than made is a logic error of the caller; it is
  // ignored here (FRAME's debug_assert).
  static void unrequest(const Hash256& hash) { (void)do_unrequest_preimage(H256{hash}); }

  // --- StorePreimage.
  static constexpr size_t kMaxLength = kMaxSize;
  static Result<Hash256, DispatchError> note(const Bytes& bytes) {
    auto noted = note_bytes(bytes, nullptr);
    // The trait's error for a preimage too large.
    if (!noted && noted.error() == error(Error::kTooBig)) {
      return unexpected(dispatch_error(DispatchError::Kind::kExhausted));
    }
    if (!noted) return unexpected(noted.error());
    return noted->second.bytes;
  }
  static void unnote(const Hash256& hash) { (void)do_unnote_preimage(H256{hash}, std::nullopt); }
  // Inline when the encoding fits BoundedInline (128 bytes), else noted (and requested).
  template <class V>
  static Result<traits::preimages::Bounded<V>, DispatchError> bound(const V& value) {
    using B = traits::preimages::Bounded<V>;
    Bytes encoded = scale::encode(value);
    if (encoded.size() <= B::kMaxInlineLength) return B{typename B::Inline{std::move(encoded)}};
    const auto length = static_cast<uint32_t>(encoded.size());
    CANARY_TRY_ASSIGN(const Hash256 hash, note(encoded));
    return B{typename B::Lookup{hash, length}};
  }

  // --- Try-state (reads only: no entry of the old StatusFor is moved): every status names a
  // stored preimage of its length, and every stored preimage has a status (an old one counts).
  static Result<void, std::string> try_state(BlockNumber /*n*/) {
    for (const auto& [hash, status] : RequestStatusFor::entries()) {
      const auto* r = std::get_if<typename Status::Requested>(&status.value);
      if (r != nullptr && r->count == 0) {
        return unexpected(std::string("a request with count 0"));
      }
      const auto length = noted_len(status);
      if (length && !PreimageFor::contains_key(std::tuple{hash, *length})) {
        return unexpected(std::string("a noted preimage is missing from PreimageFor"));
      }
    }
    for (const auto& [key, bytes] : PreimageFor::entries()) {
      const auto& [hash, length] = key;
      const auto status = RequestStatusFor::get(hash);
      const bool noted = status ? noted_len(*status) == length : StatusFor::contains_key(hash);
      if (bytes.size() != length || !noted) {
        return unexpected(std::string("PreimageFor holds a preimage nobody noted"));
      }
    }
    return {};
  }

 private:
  // The length of the noted preimage a status names; none while requested but not noted.
  static std::optional<uint32_t> noted_len(const Status& status) {
    if (const auto* u = std::get_if<typename Status::Unrequested>(&status.value)) return u->len;
    return std::get<typename Status::Requested>(status.value).maybe_len;
  }
  static traits::Footprint footprint(uint32_t length) {
    return traits::Footprint::from_parts(1, length);
  }

  // The manager (none: no deposit) or a signer.
  static Result<std::optional<AccountId32>, DispatchError> signed_or_manager(const Origin& origin) {
    if (T::PreimageManagerOrigin::try_origin(origin)) return std::optional<AccountId32>{};
    CANARY_TRY_ASSIGN(const AccountId32 who, ensure_signed(origin));
    return std::optional<AccountId32>{who};
  }
};

}  // namespace canary::rt::pallets::preimage
