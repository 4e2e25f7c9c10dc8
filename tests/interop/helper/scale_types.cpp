#include "tests/interop/helper/scale_types.hpp"

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

namespace canary::interop {

// ---- Composite test types
// ------------------------------------------------------------------------- They live in this
// namespace so that ADL finds their to_json_value / from_json_value overloads from inside the
// generic container conversions.

// One bool. std::vector<bool> cannot be decoded by codec.hpp (its elements are proxies, not
// lvalues), so Vec<bool> is a vector of this one-field struct: the same bytes, the same checks.
struct Flag {
  bool value = false;
  CANARY_SCALE_FIELDS(value)
};

// polkadot.js {"parent": "H256", "number": "Compact<u32>", "flags": "Vec<bool>"}
struct CanaryStruct {
  Hash256 parent{};
  uint32_t number = 0;
  std::vector<Flag> flags;
  CANARY_SCALE_FIELDS(parent, scale::compact(number), flags)
};

// polkadot.js {"_enum": {"A": "u32", "B": "Text", "C": "Null"}}: alternatives with explicit
// indices, the way Canary writes Rust enums.
struct EnumA {
  static constexpr uint8_t kScaleIndex = 0;
  uint32_t value = 0;
  CANARY_SCALE_FIELDS(value)
};
struct EnumB {
  static constexpr uint8_t kScaleIndex = 1;
  std::string value;
  CANARY_SCALE_FIELDS(value)
};
struct EnumC {
  static constexpr uint8_t kScaleIndex = 2;
  CANARY_SCALE_FIELDS()
};
using CanaryEnum = std::variant<EnumA, EnumB, EnumC>;

// polkadot.js {"_enum": {"X": 0, "Y": 5, "Z": 42}}: a fieldless enum with sparse discriminants.
enum class CanaryCLike : uint8_t { kX = 0, kY = 5, kZ = 42 };
bool scale_is_valid(CanaryCLike v) {
  return v == CanaryCLike::kX || v == CanaryCLike::kY || v == CanaryCLike::kZ;
}

// polkadot.js {"id": "Compact<u128>", "maybe": "Option<CanaryEnum>",
//              "pairs": "Vec<(u8,Text)>", "outcome": "Result<Null,Text>"}
struct CanaryNested {
  u128 id = 0;
  std::optional<CanaryEnum> maybe;
  std::vector<std::tuple<uint8_t, std::string>> pairs;
  Result<std::monostate, std::string> outcome;
  CANARY_SCALE_FIELDS(scale::compact(id), maybe, pairs, outcome)
};

namespace {

const Json& field(const Json& j, const char* name) {
  if (!j.is_object() || !j.contains(name)) {
    throw JsonValueError(std::string("missing field '") + name + "' in " + j.dump());
  }
  return j[name];
}

}  // namespace

Json to_json_value(const CanaryStruct& v) {
  Json flags = Json::array();
  for (const Flag& f : v.flags) flags.push_back(f.value);
  return {{"parent", to_json_value(v.parent)},
          {"number", to_json_value(v.number)},
          {"flags", std::move(flags)}};
}
void from_json_value(const Json& j, CanaryStruct& out) {
  from_json_value(field(j, "parent"), out.parent);
  from_json_value(field(j, "number"), out.number);
  const Json& flags = field(j, "flags");
  if (!flags.is_array()) throw JsonValueError("flags: expected an array");
  out.flags.clear();
  for (const auto& f : flags) {
    from_json_value(f, out.flags.emplace_back().value);
  }
}

Json to_json_value(const CanaryEnum& v) {
  return std::visit(
      [](const auto& alt) -> Json {
        using Alt = std::decay_t<decltype(alt)>;
        if constexpr (std::is_same_v<Alt, EnumA>) return {{"A", to_json_value(alt.value)}};
        if constexpr (std::is_same_v<Alt, EnumB>) return {{"B", to_json_value(alt.value)}};
        if constexpr (std::is_same_v<Alt, EnumC>) return {{"C", nullptr}};
      },
      v);
}
void from_json_value(const Json& j, CanaryEnum& out) {
  if (!j.is_object() || j.size() != 1) throw JsonValueError("expected {variant: value}");
  auto entry = j.begin();
  const std::string& name = entry.key();
  const Json& value = entry.value();
  if (name == "A") {
    EnumA a;
    from_json_value(value, a.value);
    out = a;
  } else if (name == "B") {
    EnumB b;
    from_json_value(value, b.value);
    out = b;
  } else if (name == "C") {
    if (!value.is_null()) throw JsonValueError("C carries no value");
    out = EnumC{};
  } else {
    throw JsonValueError("unknown variant " + name);
  }
}

Json to_json_value(const CanaryCLike& v) {
  switch (v) {
    case CanaryCLike::kX:
      return "X";
    case CanaryCLike::kY:
      return "Y";
    case CanaryCLike::kZ:
      return "Z";
  }
  return nullptr;
}
void from_json_value(const Json& j, CanaryCLike& out) {
  std::string name = j.is_string() ? j.get<std::string>() : "";
  if (name == "X") {
    out = CanaryCLike::kX;
  } else if (name == "Y") {
    out = CanaryCLike::kY;
  } else if (name == "Z") {
    out = CanaryCLike::kZ;
  } else {
    throw JsonValueError("expected \"X\", \"Y\" or \"Z\", got " + j.dump());
  }
}

Json to_json_value(const CanaryNested& v) {
  return {{"id", to_json_value(v.id)},
          {"maybe", to_json_value(v.maybe)},
          {"pairs", to_json_value(v.pairs)},
          {"outcome", to_json_value(v.outcome)}};
}
void from_json_value(const Json& j, CanaryNested& out) {
  from_json_value(field(j, "id"), out.id);
  from_json_value(field(j, "maybe"), out.maybe);
  from_json_value(field(j, "pairs"), out.pairs);
  from_json_value(field(j, "outcome"), out.outcome);
}

// ---- The table ---------------------------------------------------------------------------------

namespace {

template <class T>
Bytes encode_json(const Json& value) {
  T v{};
  from_json_value(value, v);
  return scale::encode(v);
}

template <class T>
Json decode_json(ByteSpan bytes) {
  auto decoded = scale::decode<T>(bytes);
  if (!decoded) return {{"error", scale::to_string(decoded.error())}};
  return {{"value", to_json_value(*decoded)}};
}

template <class T>
ScaleCodec codec() {
  return {&encode_json<T>, &decode_json<T>};
}

const std::map<std::string, ScaleCodec>& table() {
  static const std::map<std::string, ScaleCodec> types = {
      {"u8", codec<uint8_t>()},
      {"u16", codec<uint16_t>()},
      {"u32", codec<uint32_t>()},
      {"u64", codec<uint64_t>()},
      {"u128", codec<u128>()},
      {"i8", codec<int8_t>()},
      {"i16", codec<int16_t>()},
      {"i32", codec<int32_t>()},
      {"i64", codec<int64_t>()},
      {"i128", codec<i128>()},
      {"bool", codec<bool>()},
      {"Compact<u8>", codec<scale::Compact<uint8_t>>()},
      {"Compact<u16>", codec<scale::Compact<uint16_t>>()},
      {"Compact<u32>", codec<scale::Compact<uint32_t>>()},
      {"Compact<u64>", codec<scale::Compact<uint64_t>>()},
      {"Compact<u128>", codec<scale::Compact<u128>>()},
      {"Option<u32>", codec<std::optional<uint32_t>>()},
      {"Option<bool>", codec<std::optional<bool>>()},
      {"OptionBool", codec<scale::OptionBool>()},
      {"Option<Bytes>", codec<std::optional<Bytes>>()},
      {"Option<(u8,Text)>", codec<std::optional<std::tuple<uint8_t, std::string>>>()},
      {"Bytes", codec<Bytes>()},
      {"Text", codec<std::string>()},
      {"H256", codec<Hash256>()},
      {"Vec<u32>", codec<std::vector<uint32_t>>()},
      {"Vec<u128>", codec<std::vector<u128>>()},
      {"Vec<Text>", codec<std::vector<std::string>>()},
      {"Vec<Bytes>", codec<std::vector<Bytes>>()},
      {"Vec<Option<bool>>", codec<std::vector<std::optional<bool>>>()},
      {"Vec<Compact<u64>>", codec<std::vector<scale::Compact<uint64_t>>>()},
      {"(u32,bool,Compact<u64>)", codec<std::tuple<uint32_t, bool, scale::Compact<uint64_t>>>()},
      {"[u8;4]", codec<ByteArray<4>>()},
      {"[u32;3]", codec<std::array<uint32_t, 3>>()},
      {"Result<u32,Text>", codec<Result<uint32_t, std::string>>()},
      {"BTreeMap<Text,u32>", codec<std::map<std::string, uint32_t>>()},
      {"BTreeMap<u32,Vec<u8>>", codec<std::map<uint32_t, Bytes>>()},
      {"BitVec", codec<scale::BitVec>()},
      {"CanaryStruct", codec<CanaryStruct>()},
      {"CanaryEnum", codec<CanaryEnum>()},
      {"CanaryCLike", codec<CanaryCLike>()},
      {"CanaryNested", codec<CanaryNested>()},
  };
  return types;
}

}  // namespace

const ScaleCodec* find_scale_codec(const std::string& type_name) {
  auto it = table().find(type_name);
  return it == table().end() ? nullptr : &it->second;
}

std::vector<std::string> scale_type_names() {
  std::vector<std::string> names;
  for (const auto& [name, _] : table()) names.push_back(name);
  return names;
}

}  // namespace canary::interop
