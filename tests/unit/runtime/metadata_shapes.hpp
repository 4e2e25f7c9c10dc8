// Metadata types as comparable text: the shapes of a type and everything it refers to, in the
// format of the node script quoted in treasury_test.cpp, which prints Kusama's (polkadot.js'
// kusama-types.json, spec 1_009_002) for the same comparison.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt {

// A type's shape with its dependencies, numbered in the order first met: path, parameters and
// definition with field names and type names (docs left out); a type in `stops` is named, not
// expanded (a RuntimeCall, which differs from Kusama's). The script in treasury_test.cpp writes
// the same from Kusama's metadata (with `if (stop.has(id)) { lines[n] = n + ': ' +
// ty.path.join('::') + ' (stop)'; return '#' + n; }` after numbering, for stops).
inline std::string shapes(const meta::Registry& registry, const std::vector<meta::TypeId>& roots,
                          const std::set<meta::TypeId>& stops = {}) {
  const auto& types = registry.types();
  std::map<meta::TypeId, size_t> number;
  std::vector<std::string> lines;
  std::function<std::string(meta::TypeId)> visit = [&](meta::TypeId id) -> std::string {
    if (auto it = number.find(id); it != number.end()) return "#" + std::to_string(it->second);
    const size_t n = number.size();
    number.emplace(id, n);
    lines.emplace_back();
    const meta::TypeDescription& ty = types[id];
    if (stops.contains(id)) {
      std::string path;
      for (size_t i = 0; i < ty.path.size(); ++i) path += (i > 0 ? "::" : "") + ty.path[i];
      lines[n] = std::to_string(n) + ": " + path + " (stop)";
      return "#" + std::to_string(n);
    }
    std::string params;
    for (const auto& p : ty.params) {
      if (!params.empty()) params += ",";
      params += p.name + "=" + (p.type ? visit(p.type->value) : std::string("-"));
    }
    const auto fields = [&](const std::vector<meta::Field>& fs) {
      std::string out;
      for (const auto& f : fs) {
        if (!out.empty()) out += ",";
        out += f.name.value_or("_") + ":" + f.type_name.value_or("_") + ":" + visit(f.type);
      }
      return out;
    };
    std::string def;
    if (const auto* c = std::get_if<meta::CompositeDef>(&ty.def)) {
      def = "{" + fields(c->fields) + "}";
    } else if (const auto* v = std::get_if<meta::VariantDef>(&ty.def)) {
      def = "[";
      for (size_t i = 0; i < v->variants.size(); ++i) {
        const auto& var = v->variants[i];
        if (i > 0) def += ",";
        def += std::to_string(var.index) + " " + var.name + "(" + fields(var.fields) + ")";
      }
      def += "]";
    } else if (const auto* s = std::get_if<meta::SequenceDef>(&ty.def)) {
      def = "Vec<" + visit(s->type) + ">";
    } else if (const auto* a = std::get_if<meta::ArrayDef>(&ty.def)) {
      def = "[" + visit(a->type) + ";" + std::to_string(a->length) + "]";
    } else if (const auto* t = std::get_if<meta::TupleDef>(&ty.def)) {
      def = "(";
      for (size_t i = 0; i < t->fields.size(); ++i) {
        if (i > 0) def += ",";
        def += visit(t->fields[i].value);
      }
      def += ")";
    } else if (const auto* p = std::get_if<meta::PrimitiveDef>(&ty.def)) {
      const char* names[] = {"bool", "char", "str", "u8",  "u16", "u32",  "u64", "u128",
                             "u256", "i8",   "i16", "i32", "i64", "i128", "i256"};
      def = std::string("prim:") + names[static_cast<uint8_t>(p->primitive)];
    } else if (const auto* compact = std::get_if<meta::CompactDef>(&ty.def)) {
      def = "Compact<" + visit(compact->type) + ">";
    } else {
      def = "?";
    }
    std::string path;
    for (size_t i = 0; i < ty.path.size(); ++i) path += (i > 0 ? "::" : "") + ty.path[i];
    lines[n] = std::to_string(n) + ": " + path + "<" + params + "> " + def;
    return "#" + std::to_string(n);
  };
  for (const meta::TypeId root : roots) visit(root);
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace canary::rt
