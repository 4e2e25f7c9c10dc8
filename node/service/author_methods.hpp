// The JSON-RPC methods of the transaction pool and the keystore (sc-rpc author/, rpc-spec-v2
// transaction/): author_submitExtrinsic, author_submitAndWatchExtrinsic (author_extrinsicUpdate),
// author_pendingExtrinsics, author_removeExtrinsic, author_insertKey, author_rotateKeys,
// author_hasKey, author_hasSessionKeys; transactionWatch_v1_submitAndWatch,
// transaction_v1_broadcast and transaction_v1_stop; and GRANDPA's grandpa_roundState. Errors are
// Substrate's author errors (1001 bad format, 1010 invalid transaction with the reason as data,
// 1011 … 1019).
#pragma once

#include "executor/keystore/keystore.hpp"
#include "node/keystore/file_keystore.hpp"
#include "node/rpc/rpc_context.hpp"
#include "node/service/grandpa_service.hpp"
#include "node/service/transaction_service.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node {

struct AuthorContext {
  rpc::RpcContext& rpc;
  TransactionService& transactions;
  FileKeystore& keystore;
  GrandpaService* grandpa = nullptr;  // null: no grandpa_roundState
};

void register_author_methods(::canary::rpc::MethodRegistry& registry, AuthorContext& context);

// The JSON-RPC error of a failed submission (sc-rpc-api author/error.rs).
::canary::rpc::Error submit_error_json(const SubmitError& error);
// The text Substrate shows for an InvalidTransaction / UnknownTransaction (sp-runtime's
// Display of TransactionValidityError), e.g. "Transaction has a bad signature".
std::string validity_error_text(const runtime::TransactionValidityError& error);

}  // namespace canary::node
