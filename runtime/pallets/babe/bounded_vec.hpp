// bounded_collections' BoundedVec and WeakBoundedVec as FRAME storage and calls carry them: on the
// wire a plain Vec<T>; in metadata a composite with the Vec inside and the bound S as a parameter
// without a type. The bound is the pallet's business (it checks or truncates before storing).
//
// Framework material: it lives here until runtime/framework/types takes it over.
#pragma once

#include <utility>
#include <vector>

#include "primitives/scale/codec.hpp"
#include "runtime/framework/metadata/type_registry.hpp"

namespace canary::rt::pallets {

namespace bounded_detail {
template <class T>
void describe(meta::TypeBuilder& b, const char* module, const char* name) {
  b.path({"bounded_collections", module, name});
  b.param<T>("T");
  b.unused_param("S");
  b.typed_field<std::vector<T>>(std::nullopt, "Vec<T>");
}
}  // namespace bounded_detail

template <class T>
struct BoundedVec {
  std::vector<T> items;
  bool operator==(const BoundedVec&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, items);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, items); }
  static void type_info(meta::TypeBuilder& b) {
    bounded_detail::describe<T>(b, "bounded_vec", "BoundedVec");
  }
};

template <class T>
struct WeakBoundedVec {
  std::vector<T> items;
  bool operator==(const WeakBoundedVec&) const = default;
  template <class Sink>
  void scale_encode(Sink& out) const {
    scale::encode_to(out, items);
  }
  void scale_decode(scale::Decoder& in) { scale::decode_from(in, items); }
  static void type_info(meta::TypeBuilder& b) {
    bounded_detail::describe<T>(b, "weak_bounded_vec", "WeakBoundedVec");
  }
};

}  // namespace canary::rt::pallets
