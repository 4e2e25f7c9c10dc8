// Work a method handler starts that must not be heard of before the handler's own response: the
// chainHead operations' events must reach the client after the "started" answer that names them
// (Substrate waits for the response's `notify_on_completion`, rpc-spec-v2 chain_head.rs). While a
// Session handles a message on this thread, tasks are held back and run once the message's
// responses are in the outbox; anywhere else they run at once.
#pragma once

#include <functional>
#include <vector>

namespace canary::rpc {

// Runs `task` after the response of the call being handled on this thread has been queued, or
// now when no call is being handled. The task should be quick (e.g. post the real work to a
// worker): it runs on the connection's thread.
void run_after_response(std::function<void()> task);

// Marks the handling of one message on this thread; Session::handle_message holds one. Tasks
// given to run_after_response meanwhile are run by run() (or by the destructor, so none is lost
// on an early return). Scopes nest.
class AfterResponseScope {
 public:
  AfterResponseScope();
  ~AfterResponseScope();
  AfterResponseScope(const AfterResponseScope&) = delete;
  AfterResponseScope& operator=(const AfterResponseScope&) = delete;

  // Leaves the scope and runs its tasks in the order they were given.
  void run();
  // Leaves the scope and hands its tasks over instead of running them (a message handled in
  // steps runs them all after its response).
  std::vector<std::function<void()>> take();

 private:
  friend void run_after_response(std::function<void()> task);

  std::vector<std::function<void()>> tasks_;
  AfterResponseScope* outer_ = nullptr;
  bool active_ = true;
};

}  // namespace canary::rpc
