// The Polkadot host API: every function a Kusama/Polkadot runtime may import from "env", in every
// version the reference node (polkadot-sdk sp-io `SubstrateHostFunctions`, cumulus' proof-size
// function) provides, including the `register_only` versions kept for old runtimes. Not included:
// the RFC-145 allocator-free versions (opt-in, not used by Kusama) and the experimental BLS /
// bandersnatch keystore functions.
//
// The functions work on the HostContext passed as CallOptions::host_context (see
// host_context.hpp); the pure ones (hashing, signature verification, trie roots, allocator) also
// work without one.
#pragma once

#include "executor/host_function.hpp"

namespace canary::executor::host {

// Adds every host function to `table`.
void register_all(HostFunctionTable& table);
// A table holding exactly the host API.
HostFunctionTable host_api();

// The groups register_all() is made of.
void register_storage(HostFunctionTable& table);        // ext_storage_*, proof size
void register_child_storage(HostFunctionTable& table);  // ext_default_child_storage_*
void register_crypto(HostFunctionTable& table);         // ext_crypto_*
void register_hashing(HostFunctionTable& table);        // ext_hashing_*
void register_trie(HostFunctionTable& table);           // ext_trie_*
void register_offchain(HostFunctionTable& table);       // ext_offchain_*, ext_offchain_index_*
// ext_misc_*, ext_allocator_*, ext_logging_*, ext_panic_handler_*, ext_wasm_tracing_*,
// ext_transaction_index_*.
void register_misc(HostFunctionTable& table);

}  // namespace canary::executor::host
