// Descriptions of runtime APIs for metadata V15 (what `api.call.*` in polkadot.js and the runtime
// calls of polkadot-api are generated from): per API its methods with typed inputs and output.
//
//   api_metadata("Core", {"The `Core` runtime api that every Substrate runtime needs."},
//                {method<VersionType>(r, "version"),
//                 method<std::monostate, block::Block>(r, "execute_block", {"block"})});
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::meta {

template <class Output, class... Inputs>
RuntimeApiMethod method(Registry& registry, std::string name,
                        std::vector<std::string> input_names = {}, Docs docs = {}) {
  RuntimeApiMethod out;
  out.name = std::move(name);
  out.output = registry.id<Output>();
  out.docs = std::move(docs);
  const TypeId ids[] = {registry.id<Inputs>()..., 0};
  for (size_t i = 0; i < sizeof...(Inputs); ++i) {
    out.inputs.push_back(
        {i < input_names.size() ? input_names[i] : "arg" + std::to_string(i), ids[i]});
  }
  return out;
}

inline RuntimeApiMetadata api_metadata(std::string name, Docs docs,
                                       std::vector<RuntimeApiMethod> methods) {
  return {std::move(name), std::move(methods), std::move(docs)};
}

}  // namespace canary::rt::meta
