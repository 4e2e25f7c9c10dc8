#include "node/rpc/rpc_context.hpp"

#include <utility>

#include "rpc/jsonrpc/after_response.hpp"

namespace canary::node::rpc {

RpcContext::RpcContext(blockchain::Chain& chain_ref, blockchain::RuntimeHost& host_ref,
                       ChainInfo chain_info)
    : chain(chain_ref),
      host(host_ref),
      info(std::move(chain_info)),
      events_(std::make_unique<ChainEvents>(chain_ref)),
      starting_block_(chain_ref.best().number) {}

RpcContext::~RpcContext() {
  // The worker's tasks use the listeners: finish them first, then stop listening.
  {
    MutexLock lock(worker_mutex_);
    worker_.reset();
  }
  events_.reset();
}

void RpcContext::run_deferred(std::function<void()> task) {
  ::canary::rpc::run_after_response(
      [this, task = std::move(task)]() mutable { dispatch_deferred(std::move(task)); });
}

void RpcContext::dispatch_deferred(std::function<void()> task) {
  if (defer) {
    defer(std::move(task));
    return;
  }
  // Made on first use: a context whose server supplies `defer` never starts a thread.
  MutexLock lock(worker_mutex_);
  if (!worker_) worker_ = std::make_unique<TaskWorker>();
  worker_->post(std::move(task));
}

}  // namespace canary::node::rpc
