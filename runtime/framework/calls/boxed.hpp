// Boxed<X>: FRAME's `Box<RuntimeCall>` (and `Box<OriginCaller>`), a heap value with value
// semantics, so that a call can hold the recursive RuntimeCall type, which is still incomplete
// where the call is declared. `boxed_field` describes such a member in metadata as the inner type,
// as scale-info does with Box.
#pragma once

#include <memory>
#include <utility>

#include "primitives/scale/codec.hpp"

namespace canary::rt {

template <class X>
class Boxed {
 public:
  Boxed() = default;
  Boxed(X value) : ptr_(std::make_unique<X>(std::move(value))) {}  // NOLINT: like Box::new
  Boxed(const Boxed& other) : ptr_(other.ptr_ ? std::make_unique<X>(*other.ptr_) : nullptr) {}
  Boxed& operator=(const Boxed& other) {
    if (this != &other) ptr_ = other.ptr_ ? std::make_unique<X>(*other.ptr_) : nullptr;
    return *this;
  }
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  // An empty box (default-constructed, never decoded) reads as X{}.
  const X& get() const {
    if (!ptr_) ptr_ = std::make_unique<X>();
    return *ptr_;
  }
  const X& operator*() const { return get(); }
  const X* operator->() const { return &get(); }

  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, get());
  }
  void scale_decode(scale::Decoder& in) {
    auto value = std::make_unique<X>();
    scale::decode_from(in, *value);
    ptr_ = std::move(value);
  }

 private:
  mutable std::unique_ptr<X> ptr_;
};

// A described field holding a Boxed<X>: encoded as X, described in metadata as X.
template <class S, class X>
struct BoxedFieldDescriptor {
  const char* name;
  Boxed<X> S::* member;
  const char* type_name;
  using Member = X;
  static constexpr bool kCompact = false;
};
template <class S, class X>
constexpr BoxedFieldDescriptor<S, X> boxed_field(const char* name, Boxed<X> S::* member,
                                                 const char* type_name) {
  return {name, member, type_name};
}

}  // namespace canary::rt
