// What a runtime derives from the list of the runtime APIs it implements, each declared once as a
// plain struct:
//
//   struct AccountNonceApi {
//     static constexpr std::string_view kName = "AccountNonceApi";
//     static constexpr uint32_t kVersion = 1;
//     using Docs = DocLines<" The API to query account nonce.">;
//     using Methods = std::tuple<Method<"account_nonce", &System::account_nonce, …>>;
//   };
//   using Apis = std::tuple<CoreApi, …, AccountNonceApi>;
//
// gives RuntimeVersion's `apis` (blake2_64 of the name, version: `api_versions<Apis>`), metadata
// V15's runtime_apis (`apis_metadata<Apis>`), and the entry points by the name the host calls them
// by, "<Api>_<method>" (`find_entry_point<Apis>`; natively the dispatch table, on wasm32 the
// compile-time lookup behind each export). The wasm32 exports need a literal name each, so the
// runtime lists them once more; `exports_match<Apis>(names)` checks that list at compile time:
// every method exported exactly once and nothing else.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "primitives/runtime/runtime_version.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/runtime_api/method.hpp"

namespace canary::rt::runtime_api {

namespace detail {

// "<Api>_<method>", compared piecewise so that no name has to be built at compile time.
template <class Api, class M>
constexpr bool is_entry_name(std::string_view name) {
  const std::string_view api = Api::kName;
  const std::string_view method = M::kName;
  return name.size() == api.size() + 1 + method.size() && name.starts_with(api) &&
         name[api.size()] == '_' && name.ends_with(method);
}

template <class Api, class Methods = typename Api::Methods>
struct ApiMethods;
template <class Api, class... M>
struct ApiMethods<Api, std::tuple<M...>> {
  static constexpr size_t kCount = sizeof...(M);

  static constexpr EntryPoint find(std::string_view name) {
    EntryPoint found = nullptr;
    (void)((is_entry_name<Api, M>(name) ? (found = &M::call, true) : false) || ...);
    return found;
  }

  static meta::RuntimeApiMetadata metadata(meta::Registry& registry) {
    return {std::string(Api::kName), {M::metadata(registry)...}, Api::Docs::docs()};
  }
};

template <class Apis>
struct ApiList;
template <class... Api>
struct ApiList<std::tuple<Api...>> {
  static constexpr size_t kMethodCount = (ApiMethods<Api>::kCount + ... + 0);

  static constexpr EntryPoint find(std::string_view name) {
    EntryPoint found = nullptr;
    (void)(((found = ApiMethods<Api>::find(name)) != nullptr) || ...);
    return found;
  }
};

}  // namespace detail

// RuntimeVersion's `apis`, in the list's order.
template <class Apis>
constexpr auto api_versions() {
  return []<class... Api>(std::tuple<Api...>*) {
    return std::array<std::pair<runtime::ApiId, uint32_t>, sizeof...(Api)>{
        std::pair<runtime::ApiId, uint32_t>{runtime::api_id(Api::kName), Api::kVersion}...};
  }(static_cast<Apis*>(nullptr));
}

// Metadata V15's runtime_apis, in the list's order (the order the types are registered in too).
template <class Apis>
std::vector<meta::RuntimeApiMetadata> apis_metadata(meta::Registry& registry) {
  return [&]<class... Api>(std::tuple<Api...>*) {
    // A braced list: evaluated in order, so type ids are as the list says.
    return std::vector<meta::RuntimeApiMetadata>{detail::ApiMethods<Api>::metadata(registry)...};
  }(static_cast<Apis*>(nullptr));
}

// The entry point the host calls `name` ("Core_version"), null if there is none.
template <class Apis>
constexpr EntryPoint find_entry_point(std::string_view name) {
  return detail::ApiList<Apis>::find(name);
}

// Whether `names` are the entry points of `Apis`, each once.
template <class Apis>
constexpr bool exports_match(std::span<const std::string_view> names) {
  if (names.size() != detail::ApiList<Apis>::kMethodCount) return false;
  for (size_t i = 0; i < names.size(); ++i) {
    if (find_entry_point<Apis>(names[i]) == nullptr) return false;
    for (size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) return false;
    }
  }
  return true;
}

// Whether two lists hold the same APIs (each once), perhaps in another order.
template <class A, class B>
constexpr bool same_apis() {
  constexpr auto a = api_versions<A>();
  constexpr auto b = api_versions<B>();
  if (a.size() != b.size()) return false;
  for (const auto& entry : a) {
    size_t times = 0;
    for (const auto& other : b) times += other == entry ? 1 : 0;
    if (times != 1) return false;
  }
  return true;
}

}  // namespace canary::rt::runtime_api
