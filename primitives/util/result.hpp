// Errors are values. Result<T, E> is the C++20 stand-in for std::expected (C++23) used across
// module boundaries; it never throws, so it works in the exception-free wasm32 build.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace canary {

template <class E>
struct Unexpected {
  E error;
};

template <class E>
Unexpected<std::decay_t<E>> unexpected(E&& e) {
  return {std::forward<E>(e)};
}

// Aborts with no message: used where a caller broke a documented precondition (reading the value
// of a failed Result). Never reached by well-formed code; it replaces the throw of std::expected.
[[noreturn]] inline void contract_violation() {
  std::abort();
}

template <class T, class E>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;

  // A default-constructed Result holds a default-constructed value (needed to decode into one).
  Result()
    requires std::is_default_constructible_v<T>
      : storage_(std::in_place_index<0>) {}
  Result(const T& value) : storage_(std::in_place_index<0>, value) {}  // NOLINT: implicit by design
  Result(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  template <class U>
    requires std::is_constructible_v<E, U>
  Result(Unexpected<U> err) : storage_(std::in_place_index<1>, std::move(err.error)) {}  // NOLINT

  bool has_value() const { return storage_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return *checked_value(); }
  const T& value() const& { return *checked_value(); }
  T&& value() && { return std::move(*checked_value()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*checked_value()); }
  T* operator->() { return checked_value(); }
  const T* operator->() const { return checked_value(); }

  const E& error() const {
    const E* e = std::get_if<1>(&storage_);
    if (e == nullptr) contract_violation();
    return *e;
  }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? *std::get_if<0>(&storage_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  T* checked_value() {
    T* v = std::get_if<0>(&storage_);
    if (v == nullptr) contract_violation();
    return v;
  }
  const T* checked_value() const {
    const T* v = std::get_if<0>(&storage_);
    if (v == nullptr) contract_violation();
    return v;
  }

  std::variant<T, E> storage_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  Result() = default;
  template <class U>
    requires std::is_constructible_v<E, U>
  Result(Unexpected<U> err) : error_(std::move(err.error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const {
    if (ok_) contract_violation();
    return error_;
  }

 private:
  E error_{};
  bool ok_ = true;
};

}  // namespace canary

// Early returns for Result-returning code, what `?` is in Rust. Both evaluate `expr` (a Result)
// once; on error they return that error (as `unexpected(error)`, so into any Result whose error
// type it converts to) from the enclosing function.
//
//   CANARY_TRY(overlay.commit_transaction());
//   CANARY_TRY_ASSIGN(const Header header, decode_header(bytes));
//
// CANARY_TRY_ASSIGN declares `decl` (a declaration: `auto x`, `const T x`, `T& x` is not one)
// with the value moved out of the result.
#define CANARY_TRY(expr)                                       \
  do {                                                         \
    auto&& canary_try_result_ = (expr);                        \
    if (!canary_try_result_) {                                 \
      return ::canary::unexpected(canary_try_result_.error()); \
    }                                                          \
  } while (false)

// `decl` is a declaration (`auto x`, `const T& y`) or an lvalue, never an expression to
// parenthesise, and `result` a name made by CANARY_TRY_CONCAT_.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define CANARY_TRY_ASSIGN(decl, expr) \
  CANARY_TRY_ASSIGN_IMPL_(CANARY_TRY_CONCAT_(canary_try_result_, __LINE__), decl, expr)
#define CANARY_TRY_ASSIGN_IMPL_(result, decl, expr)         \
  auto result = (expr);                                     \
  if (!result) return ::canary::unexpected(result.error()); \
  decl = std::move(*result)
#define CANARY_TRY_CONCAT_(a, b) CANARY_TRY_CONCAT_INNER_(a, b)
#define CANARY_TRY_CONCAT_INNER_(a, b) a##b
// NOLINTEND(bugprone-macro-parentheses)
