// payment_queryInfo and payment_queryFeeDetails (substrate/frame/transaction-payment/rpc/src/
// lib.rs) through the runtime's TransactionPaymentApi: the weight, class and partial fee of an
// extrinsic, and its inclusion fee parts.
#pragma once

#include "node/rpc/rpc_context.hpp"
#include "rpc/jsonrpc/method_registry.hpp"

namespace canary::node::rpc {

void register_payment_methods(::canary::rpc::MethodRegistry& registry, RpcContext& context);

}  // namespace canary::node::rpc
