// Clang's thread-safety analysis (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html): which
// mutex guards which state, written as attributes the compiler checks (`-Wthread-safety`, an
// error in the normal build), instead of as comments a reader has to trust.
//
//   canary::Mutex mutex_;
//   std::vector<Peer> peers_ GUARDED_BY(mutex_);
//   void drop_locked(PeerId id) REQUIRES(mutex_);
//   void drop(PeerId id) EXCLUDES(mutex_) { canary::MutexLock lock(mutex_); drop_locked(id); }
//
// `std::mutex` and `std::lock_guard` carry no annotations in libstdc++, hence the thin wrappers
// below; condition variables wait on `UniqueLock::native()`, and a wait predicate that reads
// guarded state is written `[this]() REQUIRES(mutex_) { … }` (the wait holds the lock when it
// calls the predicate, which the analysis cannot see through the standard library).
#pragma once

#include <mutex>
#include <shared_mutex>

#if defined(__clang__)
#define CANARY_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define CANARY_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) CANARY_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY CANARY_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) CANARY_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) CANARY_THREAD_ANNOTATION(pt_guarded_by(x))
#define REQUIRES(...) CANARY_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) CANARY_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) CANARY_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) CANARY_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) CANARY_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) CANARY_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) CANARY_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) CANARY_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define EXCLUDES(...) CANARY_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define RETURN_CAPABILITY(x) CANARY_THREAD_ANNOTATION(lock_returned(x))
// For the rare function whose locking the analysis cannot follow; say why next to it.
#define NO_THREAD_SAFETY_ANALYSIS CANARY_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace canary {

// A std::mutex the analysis knows as a capability.
class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  bool try_lock() TRY_ACQUIRE(true) { return mutex_.try_lock(); }

  // For std::condition_variable, through UniqueLock.
  std::mutex& native() { return mutex_; }

 private:
  std::mutex mutex_;
};

// std::lock_guard for Mutex: holds it for the enclosing scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

// std::unique_lock for Mutex: can be released and taken again inside its scope, and lends the
// underlying std::unique_lock to a condition variable's wait.
class SCOPED_CAPABILITY UniqueLock {
 public:
  explicit UniqueLock(Mutex& mutex) ACQUIRE(mutex) : lock_(mutex.native()) {}
  ~UniqueLock() RELEASE() = default;
  UniqueLock(const UniqueLock&) = delete;
  UniqueLock& operator=(const UniqueLock&) = delete;

  void lock() ACQUIRE() { lock_.lock(); }
  void unlock() RELEASE() { lock_.unlock(); }

  std::unique_lock<std::mutex>& native() { return lock_; }

 private:
  std::unique_lock<std::mutex> lock_;
};

// A std::shared_mutex the analysis knows: many readers (ReaderLock) or one writer (WriterLock).
class CAPABILITY("shared mutex") SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  void lock_shared() ACQUIRE_SHARED() { mutex_.lock_shared(); }
  void unlock_shared() RELEASE_SHARED() { mutex_.unlock_shared(); }

 private:
  std::shared_mutex mutex_;
};

// std::shared_lock for SharedMutex: shared (read) access for the enclosing scope.
class SCOPED_CAPABILITY ReaderLock {
 public:
  explicit ReaderLock(SharedMutex& mutex) ACQUIRE_SHARED(mutex) : mutex_(mutex) {
    mutex_.lock_shared();
  }
  ~ReaderLock() RELEASE_GENERIC() { mutex_.unlock_shared(); }
  ReaderLock(const ReaderLock&) = delete;
  ReaderLock& operator=(const ReaderLock&) = delete;

 private:
  SharedMutex& mutex_;
};

// std::lock_guard for SharedMutex: exclusive (write) access for the enclosing scope.
class SCOPED_CAPABILITY WriterLock {
 public:
  explicit WriterLock(SharedMutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~WriterLock() RELEASE() { mutex_.unlock(); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  SharedMutex& mutex_;
};

}  // namespace canary
