// One background thread running tasks in the order they were posted: the fallback that runs
// deferred RPC work (RpcContext::defer) when the server supplies no runner of its own. The
// destructor runs what is queued and joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "primitives/util/thread_annotations.hpp"

namespace canary::node::rpc {

class TaskWorker {
 public:
  TaskWorker();
  ~TaskWorker();
  TaskWorker(const TaskWorker&) = delete;
  TaskWorker& operator=(const TaskWorker&) = delete;

  void post(std::function<void()> task);

 private:
  void run();

  Mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace canary::node::rpc
