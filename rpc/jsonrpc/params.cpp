#include "rpc/jsonrpc/params.hpp"

#include <string>

namespace canary::rpc {

const Json* Params::get(std::size_t position, std::string_view name) const {
  const Json* found = nullptr;
  if (raw_.is_array()) {
    if (position < raw_.size()) found = &raw_[position];
  } else if (raw_.is_object()) {
    auto it = raw_.find(std::string(name));
    if (it != raw_.end()) found = &*it;
  }
  return (found != nullptr && !found->is_null()) ? found : nullptr;
}

std::size_t Params::size() const {
  return (raw_.is_array() || raw_.is_object()) ? raw_.size() : 0;
}

}  // namespace canary::rpc
