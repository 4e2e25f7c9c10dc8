// Documentation as a type: the lines rustdoc would put in the metadata (each `///` line, its
// leading space kept), given where the thing is declared, e.g. a storage item
//   StorageValue<Pallet, "Key", AccountId32, OptionQuery, DocLines<" The sudo key.">>
// or a runtime API (`using Docs = DocLines<…>;`).
#pragma once

#include <string>
#include <vector>

#include "runtime/framework/fixed_string.hpp"

namespace canary::rt {

template <FixedString... Lines>
struct DocLines {
  static std::vector<std::string> docs() { return {std::string(Lines.view())...}; }
};

}  // namespace canary::rt
