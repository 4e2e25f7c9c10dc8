#include "node/rpc/block_access.hpp"

#include <utility>

#include "node/rpc/substrate_errors.hpp"
#include "primitives/util/hex.hpp"

namespace canary::node::rpc {

block::BlockHash block_or_best(const blockchain::Chain& chain,
                               const std::optional<block::BlockHash>& hash) {
  return hash ? *hash : chain.best().hash;
}

std::optional<block::Header> header_if_known(const blockchain::Chain& chain,
                                             const block::BlockHash& hash) {
  auto header = chain.header(hash);
  if (!header) return std::nullopt;
  return std::move(*header);
}

Result<blockchain::BlockState, std::string> state_at(const blockchain::Chain& chain,
                                                     const block::BlockHash& hash) {
  auto state = blockchain::BlockState::at(chain, hash);
  if (!state) return unexpected(client_error_text(state.error(), hash));
  return std::move(*state);
}

std::string runtime_api_error_text(const blockchain::BlockchainError& error,
                                   const block::BlockHash& hash) {
  using Kind = blockchain::BlockchainError::Kind;
  // sp-blockchain's UnknownBlock(msg) becomes ApiError::UnknownBlock(msg) (sp-blockchain
  // error.rs `From<Error> for ApiError`), which prints "Api called for an unknown Block: {msg}".
  if (error.kind == Kind::kUnknownBlock) {
    return "Api called for an unknown Block: Header was not found in the database: " + to_hex(hash);
  }
  if (error.kind == Kind::kStateUnavailable) {
    return "Api called for an unknown Block: State already discarded for " + to_hex(hash);
  }
  return client_error_text(error, hash);
}

Result<Bytes, std::string> runtime_api_call(const blockchain::Chain& chain,
                                            blockchain::RuntimeHost& host,
                                            std::optional<uint64_t> fuel,
                                            const block::BlockHash& hash, std::string_view method,
                                            ByteSpan args) {
  auto state = blockchain::BlockState::at(chain, hash);
  if (!state) return unexpected(runtime_api_error_text(state.error(), hash));
  auto out = state->call(host, method, args, fuel);
  if (!out) return unexpected(runtime_api_error_text(out.error(), hash));
  return std::move(*out);
}

Result<runtime::RuntimeVersion, std::string> runtime_version_at(const blockchain::Chain& chain,
                                                                blockchain::RuntimeHost& host,
                                                                const block::BlockHash& hash) {
  auto state = blockchain::BlockState::at(chain, hash);
  if (!state) return unexpected(runtime_api_error_text(state.error(), hash));
  auto version = state->runtime_version(host);
  if (!version) return unexpected(runtime_api_error_text(version.error(), hash));
  return std::move(*version);
}

}  // namespace canary::node::rpc
