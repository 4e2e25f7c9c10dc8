#include "rpc/jsonrpc/after_response.hpp"

#include <utility>

namespace canary::rpc {

namespace {
thread_local AfterResponseScope* current_scope = nullptr;
}  // namespace

AfterResponseScope::AfterResponseScope() : outer_(current_scope) {
  current_scope = this;
}

AfterResponseScope::~AfterResponseScope() {
  run();
}

void AfterResponseScope::run() {
  if (!active_) return;
  active_ = false;
  current_scope = outer_;
  // A task may itself call run_after_response: outside this scope now, it runs at once (or joins
  // the outer scope), never into the vector being walked.
  std::vector<std::function<void()>> tasks = std::move(tasks_);
  for (auto& task : tasks) task();
}

std::vector<std::function<void()>> AfterResponseScope::take() {
  if (!active_) return {};
  active_ = false;
  current_scope = outer_;
  return std::move(tasks_);
}

void run_after_response(std::function<void()> task) {
  if (current_scope != nullptr) {
    current_scope->tasks_.push_back(std::move(task));
    return;
  }
  task();
}

}  // namespace canary::rpc
