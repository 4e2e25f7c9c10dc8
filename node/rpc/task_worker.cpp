#include "node/rpc/task_worker.hpp"

#include <exception>
#include <utility>

namespace canary::node::rpc {

TaskWorker::TaskWorker() : thread_([this] { run(); }) {}

TaskWorker::~TaskWorker() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void TaskWorker::post(std::function<void()> task) {
  {
    MutexLock lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void TaskWorker::run() {
  for (;;) {
    std::function<void()> task;
    {
      UniqueLock lock(mutex_);
      wake_.wait(lock.native(), [this]() REQUIRES(mutex_) { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and everything ran
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    // A task that throws must not take the thread (and the node) down.
    try {
      task();
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch)
    } catch (...) {                    // NOLINT(bugprone-empty-catch)
    }
  }
}

}  // namespace canary::node::rpc
