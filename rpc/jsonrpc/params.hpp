// Access to a call's params whether they were given by position or by name, as Substrate's
// methods accept both (jsonrpsee's `Params::sequence` / named params).
#pragma once

#include <cstddef>
#include <string_view>

#include "rpc/jsonrpc/error.hpp"

namespace canary::rpc {

class Params {
 public:
  explicit Params(const Json& raw) : raw_(raw) {}

  // The parameter at `position` (array params) or named `name` (object params); nullptr when
  // absent. A null value counts as absent, as an omitted optional parameter does in jsonrpsee.
  const Json* get(std::size_t position, std::string_view name) const;
  // The number of positional params, or of named ones.
  std::size_t size() const;
  const Json& raw() const { return raw_; }

 private:
  const Json& raw_;
};

}  // namespace canary::rpc
