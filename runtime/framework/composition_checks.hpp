// What construct_runtime! and #[pallet] check in Rust, checked here at compile time so that no
// list kept in step by hand can drift: a runtime's pallets have distinct indices and names; a
// pallet's calls and events have distinct indices and names, its storage items distinct names and
// the pallet's own prefix; a pallet's `Error` enum and its
// `kErrors` names are in step (entry i names the enumerator with value i, `k` + name, and the enum
// has no enumerator beyond the list). Composition runs them (static_assert) where a runtime is
// used, so a mistake is a compile error that says which rule broke.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace canary::rt::checks {

// --- Distinct pallets.

template <class... Pallets>
consteval bool distinct_pallet_indices() {
  const std::array<uint8_t, sizeof...(Pallets)> indices{Pallets::kIndex...};
  for (size_t i = 0; i < indices.size(); ++i) {
    for (size_t j = i + 1; j < indices.size(); ++j) {
      if (indices[i] == indices[j]) return false;
    }
  }
  return true;
}

template <class... Pallets>
consteval bool distinct_pallet_names() {
  const std::array<std::string_view, sizeof...(Pallets)> names{Pallets::kName...};
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t j = i + 1; j < names.size(); ++j) {
      if (names[i] == names[j]) return false;
    }
  }
  return true;
}

// --- Distinct variants of a pallet's Call or Event (a std::variant of structs with kScaleIndex
// and kName).

template <class Variant>
struct VariantChecks;
template <class... Alts>
struct VariantChecks<std::variant<Alts...>> {
  static consteval bool distinct_indices() {
    const std::array<uint8_t, sizeof...(Alts)> indices{Alts::kScaleIndex...};
    for (size_t i = 0; i < indices.size(); ++i) {
      for (size_t j = i + 1; j < indices.size(); ++j) {
        if (indices[i] == indices[j]) return false;
      }
    }
    return true;
  }
  static consteval bool distinct_names() {
    const std::array<std::string_view, sizeof...(Alts)> names{std::string_view(Alts::kName)...};
    for (size_t i = 0; i < names.size(); ++i) {
      for (size_t j = i + 1; j < names.size(); ++j) {
        if (names[i] == names[j]) return false;
      }
    }
    return true;
  }
};

template <class P>
consteval bool distinct_calls() {
  if constexpr (requires { typename P::Call; }) {
    return VariantChecks<typename P::Call>::distinct_indices() &&
           VariantChecks<typename P::Call>::distinct_names();
  } else {
    return true;
  }
}

template <class P>
consteval bool distinct_events() {
  if constexpr (requires { typename P::Event; }) {
    return VariantChecks<typename P::Event>::distinct_indices() &&
           VariantChecks<typename P::Event>::distinct_names();
  } else {
    return true;
  }
}

// --- A pallet's storage items (`using Storage = std::tuple<…>;`): distinct names, each item of
// this pallet (under its prefix).

template <class Tuple>
struct StorageChecks;
template <class... Items>
struct StorageChecks<std::tuple<Items...>> {
  static consteval bool distinct_names() {
    const std::array<std::string_view, sizeof...(Items)> names{Items::kItemName...};
    for (size_t i = 0; i < names.size(); ++i) {
      for (size_t j = i + 1; j < names.size(); ++j) {
        if (names[i] == names[j]) return false;
      }
    }
    return true;
  }
  template <class P>
  static consteval bool all_of() {
    return (std::is_same_v<typename Items::PalletType, P> && ...);
  }
};

template <class P>
consteval bool distinct_storage_names() {
  if constexpr (requires { typename P::Storage; }) {
    return StorageChecks<typename P::Storage>::distinct_names();
  } else if constexpr (requires { typename P::template StorageOf<>; }) {
    return StorageChecks<typename P::template StorageOf<>>::distinct_names();
  } else {
    return true;
  }
}

template <class P>
consteval bool storage_of_the_pallet() {
  if constexpr (requires { typename P::Storage; }) {
    return StorageChecks<typename P::Storage>::template all_of<P>();
  } else if constexpr (requires { typename P::template StorageOf<>; }) {
    return StorageChecks<typename P::template StorageOf<>>::template all_of<P>();
  } else {
    return true;
  }
}

// --- An enumerator's name, from the compiler's name of a function specialised on it (clang
// spells `[V = ns::Error::kName]` for an enumerator and `[V = (ns::Error)7]` for a value without
// one). C++20 has no reflection; this is the one place that needs it. Clang finds the names of an
// enum's enumerators only when the enum is not a member of a class template specialisation, so
// pallets declare their Error enum outside the pallet template (error_names_readable).

template <auto V>
consteval std::string_view enumerator_name() {
  const std::string_view text = __PRETTY_FUNCTION__;
  // Scanned backwards from the closing bracket: the value is short, the function's name is not,
  // and constant evaluation counts every step.
  size_t end = text.size();
  while (end > 0 && text[end - 1] != ']') --end;
  if (end == 0) return {};
  --end;
  size_t digits = end;
  while (digits > 0 &&
         ((text[digits - 1] >= '0' && text[digits - 1] <= '9') || text[digits - 1] == '-')) {
    --digits;
  }
  if (digits < end && digits > 0 && text[digits - 1] == ')') return {};  // `(Enum)7`: unnamed
  size_t begin = end;
  while (begin > 0 && text[begin - 1] != ':' && text[begin - 1] != ' ') --begin;
  return text.substr(begin, end - begin);
}

template <class E, size_t... Is>
consteval bool names_match(std::index_sequence<Is...> /*unused*/, const auto& errors) {
  return ((enumerator_name<static_cast<E>(Is)>().size() ==
               std::string_view(errors[Is].name).size() + 1 &&
           enumerator_name<static_cast<E>(Is)>().front() == 'k' &&
           enumerator_name<static_cast<E>(Is)>().substr(1) == std::string_view(errors[Is].name)) &&
          ...);
}

template <class E, size_t kFirst, size_t... Is>
consteval bool no_enumerator_from(std::index_sequence<Is...> /*unused*/) {
  return (enumerator_name<static_cast<E>(kFirst + Is)>().empty() && ...);
}

// Whether the names of P::Error's enumerators can be read (the enum is not declared inside a
// class template).
template <class P>
consteval bool error_names_readable() {
  if constexpr (requires {
                  P::kErrors;
                  typename P::Error;
                }) {
    return std::size(P::kErrors) == 0 ||
           !enumerator_name<static_cast<typename P::Error>(0)>().empty();
  } else {
    return true;
  }
}

// Entry i of P::kErrors names the enumerator of value i (`k` + name), and no enumerator of
// P::Error has a value past the list.
template <class P>
consteval bool errors_in_step() {
  if constexpr (requires {
                  P::kErrors;
                  typename P::Error;
                }) {
    using E = typename P::Error;
    static_assert(std::is_same_v<std::underlying_type_t<E>, uint8_t>,
                  "a pallet's Error enum has uint8_t values (FRAME's error index)");
    constexpr size_t kCount = std::size(P::kErrors);
    return names_match<E>(std::make_index_sequence<kCount>{}, P::kErrors) &&
           no_enumerator_from<E, kCount>(std::make_index_sequence<256 - kCount>{});
  } else {
    return true;
  }
}

// A pallet's own checks; the compiler's note "in instantiation of PalletChecked<…>" names it.
template <class P>
struct PalletChecked {
  static_assert(distinct_calls<P>(), "two calls of this pallet have the same kScaleIndex or kName");
  static_assert(distinct_events<P>(),
                "two events of this pallet have the same kScaleIndex or kName");
  static_assert(distinct_storage_names<P>(), "two storage items of this pallet have the same name");
  static_assert(storage_of_the_pallet<P>(),
                "this pallet's Storage lists an item declared for another pallet (its first "
                "template argument)");
  static_assert(error_names_readable<P>(),
                "this pallet's Error enum has no readable enumerator names: declare it outside the "
                "pallet template (at namespace scope) and name it in the pallet with `using Error "
                "= …;`");
  static_assert(!error_names_readable<P>() || errors_in_step<P>(),
                "this pallet's kErrors is out of step with its Error enum: entry i must name the "
                "enumerator of value i (`k` + name), and no enumerator may lie past the list");
  static constexpr bool kChecked = true;
};

}  // namespace canary::rt::checks
