#include "executor/host/host_api.hpp"

namespace canary::executor::host {

void register_all(HostFunctionTable& table) {
  register_storage(table);
  register_child_storage(table);
  register_crypto(table);
  register_hashing(table);
  register_trie(table);
  register_offchain(table);
  register_misc(table);
}

HostFunctionTable host_api() {
  HostFunctionTable table;
  register_all(table);
  return table;
}

}  // namespace canary::executor::host
