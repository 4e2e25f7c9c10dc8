#include "runtime/canary/genesis.hpp"

#include "primitives/util/hex.hpp"
#include "runtime/canary/dev_accounts.hpp"
#include "runtime/canary/runtime.hpp"
#include "runtime/framework/genesis.hpp"

namespace canary::rt::canary_runtime {

namespace {

using json::Value;

Result<const json::Object*, std::string> object_of(const Value* value, std::string_view what) {
  static const json::Object kEmpty;
  if (value == nullptr || value->is_null()) return &kEmpty;
  if (value->object() == nullptr) return unexpected(std::string(what) + ": expected an object");
  return value->object();
}

template <size_t N>
Result<ByteArray<N>, std::string> key_from_json(const Value* value, std::string_view what) {
  if (value == nullptr || value->string() == nullptr) {
    return unexpected(std::string(what) + ": expected a key");
  }
  if (auto hex = from_hex_fixed<N>(*value->string())) return *hex;
  if constexpr (N == 32) {
    if (auto account = account_from_json(*value)) return account->bytes;
  }
  return unexpected(std::string(what) + ": not a " + std::to_string(N) + "-byte key");
}

Result<SessionKeys, std::string> session_keys_from_json(const Value& value) {
  SessionKeys keys;
  auto grandpa = key_from_json<32>(value.find("grandpa"), "grandpa");
  auto babe = key_from_json<32>(value.find("babe"), "babe");
  auto para_validator = key_from_json<32>(value.find("para_validator"), "para_validator");
  auto para_assignment = key_from_json<32>(value.find("para_assignment"), "para_assignment");
  auto discovery = key_from_json<32>(value.find("authority_discovery"), "authority_discovery");
  auto beefy = key_from_json<33>(value.find("beefy"), "beefy");
  for (const auto* error : {&grandpa, &babe, &para_validator, &para_assignment, &discovery}) {
    if (!*error) return unexpected(error->error());
  }
  if (!beefy) return unexpected(beefy.error());
  keys.grandpa.bytes = *grandpa;
  keys.babe.bytes = *babe;
  keys.para_validator.bytes = *para_validator;
  keys.para_assignment.bytes = *para_assignment;
  keys.authority_discovery.bytes = *discovery;
  keys.beefy.bytes = *beefy;
  return keys;
}

Value account_value(std::string_view hex) {
  return account_to_json(AccountId32{from_hex_fixed<32>(hex).value_or(ByteArray<32>{})});
}

Value keys_value(const DevAccount& who) {
  json::Object keys;
  keys.emplace("grandpa", Value::of(std::string(who.ed25519)));
  keys.emplace("babe", Value::of(std::string(who.sr25519)));
  keys.emplace("para_validator", Value::of(std::string(who.sr25519)));
  keys.emplace("para_assignment", Value::of(std::string(who.sr25519)));
  keys.emplace("authority_discovery", Value::of(std::string(who.sr25519)));
  keys.emplace("beefy", Value::of(std::string(who.ecdsa)));
  return Value::of(std::move(keys));
}

// Every dev account and its stash get 1 << 60 planck (~1.15 million KSM), as Substrate's
// testnet presets endow them.
Value testnet_genesis(size_t authorities, bool with_sudo) {
  json::Array balances;
  for (const DevAccount& who : kDevAccounts) {
    for (std::string_view account : {who.sr25519, who.stash}) {
      balances.push_back(Value::of(json::Array{account_value(account), Value::of(u128{1} << 60)}));
    }
  }
  json::Array session_keys;
  for (size_t i = 0; i < authorities && i < kDevAccounts.size(); ++i) {
    const DevAccount& who = kDevAccounts[i];
    session_keys.push_back(Value::of(
        json::Array{account_value(who.stash), account_value(who.stash), keys_value(who)}));
  }
  json::Object epoch_config;
  epoch_config.emplace("c", Value::of(json::Array{Value::of(u128{1}), Value::of(u128{4})}));
  epoch_config.emplace("allowed_slots", Value::of(std::string("PrimaryAndSecondaryVRFSlots")));

  json::Object config;
  config.emplace("balances", Value::of(json::Object{{"balances", Value::of(std::move(balances))}}));
  config.emplace("babe",
                 Value::of(json::Object{{"epochConfig", Value::of(std::move(epoch_config))}}));
  config.emplace("session", Value::of(json::Object{{"keys", Value::of(std::move(session_keys))}}));
  if (with_sudo) {
    config.emplace("sudo",
                   Value::of(json::Object{{"key", account_value(kDevAccounts[0].sr25519)}}));
  }
  return Value::of(std::move(config));
}

Result<pallets::babe::BabeEpochConfiguration, std::string> epoch_config_from_json(
    const Value* value) {
  pallets::babe::BabeEpochConfiguration config;
  if (value == nullptr || value->is_null()) return config;
  const Value* c = value->find("c");
  if (c != nullptr) {
    const json::Array* pair = c->array();
    if (pair == nullptr || pair->size() != 2) return unexpected(std::string("babe.epochConfig.c"));
    auto numerator = (*pair)[0].unsigned_integer();
    auto denominator = (*pair)[1].unsigned_integer();
    if (!numerator || !denominator || *denominator == 0) {
      return unexpected(std::string("babe.epochConfig.c: expected [numerator, denominator]"));
    }
    config.c = {static_cast<uint64_t>(*numerator), static_cast<uint64_t>(*denominator)};
  }
  if (const Value* slots = value->find("allowed_slots"); slots != nullptr) {
    const std::string* name = slots->string();
    using pallets::babe::AllowedSlots;
    if (name != nullptr && *name == "PrimarySlots") {
      config.allowed_slots = AllowedSlots::kPrimarySlots;
    } else if (name != nullptr && *name == "PrimaryAndSecondaryPlainSlots") {
      config.allowed_slots = AllowedSlots::kPrimaryAndSecondaryPlainSlots;
    } else if (name != nullptr && *name == "PrimaryAndSecondaryVRFSlots") {
      config.allowed_slots = AllowedSlots::kPrimaryAndSecondaryVRFSlots;
    } else {
      return unexpected(std::string("babe.epochConfig.allowed_slots: unknown value"));
    }
  }
  return config;
}

// `"timestamp": {"minimumPeriod": <ms>}`: the block time (BABE's slot is twice it); none when the
// section or the field is absent, so the default stays out of the state (block_time.hpp).
Result<std::optional<uint64_t>, std::string> minimum_period_from_json(const Value* timestamp) {
  auto section = object_of(timestamp, "timestamp");
  if (!section) return unexpected(section.error());
  for (const auto& [field, member] : **section) {
    (void)member;
    // A misspelt field would leave the chain on 6 s slots without a word.
    if (field != "minimumPeriod") return unexpected("timestamp: unknown field `" + field + "`");
  }
  const Value* period = timestamp ? timestamp->find("minimumPeriod") : nullptr;
  if (period == nullptr || period->is_null()) return std::optional<uint64_t>();
  const auto ms = period->unsigned_integer();
  if (!ms || *ms > UINT64_MAX) {
    return unexpected(
        std::string("timestamp.minimumPeriod: expected milliseconds (an unsigned integer)"));
  }
  const uint64_t minimum_period = static_cast<uint64_t>(*ms);
  if (auto checked = check_minimum_period(minimum_period); !checked) {
    return unexpected(checked.error());
  }
  return std::optional<uint64_t>(minimum_period);
}

}  // namespace

Result<void, std::string> build_genesis_state(const Value& config) {
  const json::Object* fields = config.object();
  if (fields == nullptr) return unexpected(std::string("the genesis config must be an object"));
  for (const auto& [field, value] : *fields) {
    if (field != "system" && field != "babe" && field != "balances" && field != "session" &&
        field != "grandpa" && (field != "sudo" || !CANARY_RUNTIME_WITH_SUDO) &&
        field != "transactionPayment" && field != "indices" && field != "timestamp") {
      return unexpected("unknown genesis field `" + field + "`");
    }
  }

  Runtime::System::build_genesis({});

  // Before BABE's genesis: everything that reads the slot duration sees the configured one.
  auto minimum_period = minimum_period_from_json(config.find("timestamp"));
  if (!minimum_period) return unexpected(minimum_period.error());
  if (*minimum_period) MinimumPeriodParameter::set(**minimum_period);

  // Balances.
  pallets::balances::GenesisConfig balances;
  auto balances_object = object_of(config.find("balances"), "balances");
  if (!balances_object) return unexpected(balances_object.error());
  if (const Value* list =
          config.find("balances") ? config.find("balances")->find("balances") : nullptr) {
    if (list->array() == nullptr)
      return unexpected(std::string("balances.balances: expected a list"));
    for (const Value& entry : *list->array()) {
      const json::Array* pair = entry.array();
      if (pair == nullptr || pair->size() != 2) {
        return unexpected(std::string("balances.balances: expected [account, amount] pairs"));
      }
      auto who = account_from_json((*pair)[0]);
      if (!who) return unexpected("balances.balances: " + who.error());
      auto amount = amount_from_json((*pair)[1]);
      if (!amount) return unexpected("balances.balances: " + amount.error());
      if (*amount < Runtime::kExistentialDeposit) {
        return unexpected(std::string("balances.balances: below the existential deposit"));
      }
      balances.balances.emplace_back(*who, *amount);
    }
  }
  Runtime::Balances::build_genesis(balances);
  Runtime::TransactionPayment::genesis_build();

  // BABE and GRANDPA take their authorities from the session keys when these are given.
  const Value* babe = config.find("babe");
  auto epoch_config = epoch_config_from_json(babe ? babe->find("epochConfig") : nullptr);
  if (!epoch_config) return unexpected(epoch_config.error());
  Runtime::Babe::build_genesis({}, *epoch_config);
  Runtime::Grandpa::build_genesis({});

  std::vector<std::tuple<AccountId32, AccountId32, SessionKeys>> session_keys;
  if (const Value* session = config.find("session"); session && session->find("keys")) {
    const json::Array* list = session->find("keys")->array();
    if (list == nullptr) return unexpected(std::string("session.keys: expected a list"));
    for (const Value& entry : *list) {
      const json::Array* triple = entry.array();
      if (triple == nullptr || triple->size() != 3) {
        return unexpected(std::string("session.keys: expected [account, validator, keys]"));
      }
      auto account = account_from_json((*triple)[0]);
      auto validator = account_from_json((*triple)[1]);
      if (!account || !validator) return unexpected(std::string("session.keys: bad account"));
      auto keys = session_keys_from_json((*triple)[2]);
      if (!keys) return unexpected("session.keys: " + keys.error());
      session_keys.emplace_back(*account, *validator, *keys);
    }
  }
  Runtime::Session::build_genesis(session_keys);

#if CANARY_RUNTIME_WITH_SUDO
  std::optional<AccountId32> sudo_key;
  if (const Value* sudo = config.find("sudo"); sudo && sudo->find("key")) {
    if (!sudo->find("key")->is_null()) {
      auto key = account_from_json(*sudo->find("key"));
      if (!key) return unexpected("sudo.key: " + key.error());
      sudo_key = *key;
    }
  }
  Runtime::Sudo::genesis_build(sudo_key);
#endif
  // Every pallet's storage version, as FRAME's RuntimeGenesisConfig::build ends.
  Runtime::Pallets::on_genesis();
  return {};
}

std::vector<std::string> preset_names() {
  return {std::string(kDevelopmentPreset), std::string(kLocalTestnetPreset)};
}

std::optional<Value> preset(std::optional<std::string_view> name) {
  if (!name) return Value::of(json::Object{});
  if (*name == kDevelopmentPreset) return testnet_genesis(1, CANARY_RUNTIME_WITH_SUDO);
  if (*name == kLocalTestnetPreset) return testnet_genesis(4, CANARY_RUNTIME_WITH_SUDO);
  return std::nullopt;
}

}  // namespace canary::rt::canary_runtime
