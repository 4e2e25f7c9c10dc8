// The outcome WhitelistedCallDispatched records: FRAME's DispatchResultWithPostInfo, i.e.
// Result<PostDispatchInfo, sp_runtime::DispatchErrorWithPostInfo<PostDispatchInfo>>, with the
// metadata Kusama's shows (spec 1_009_002, types 523-526). The framework's result types carry no
// codec or metadata of their own (nothing else records a post-info), so the pallet gives them
// here; a second user should move these into framework/dispatch.hpp.
#pragma once

#include <optional>

#include "primitives/scale/codec.hpp"
#include "primitives/util/result.hpp"
#include "runtime/framework/dispatch.hpp"
#include "runtime/framework/metadata/type_registry.hpp"
#include "runtime/framework/types/weight.hpp"

namespace canary::rt {

// frame_support::dispatch::PostDispatchInfo (ADL: the type is the framework's).
inline void canary_type_info(meta::TypeBuilder& b, const PostDispatchInfo*) {
  b.path({"frame_support", "dispatch", "PostDispatchInfo"});
  b.typed_field<std::optional<Weight>>("actual_weight", "Option<Weight>");
  b.typed_field<Pays>("pays_fee", "Pays");
}

}  // namespace canary::rt

namespace canary::rt::pallets::whitelist {

// sp_runtime::DispatchErrorWithPostInfo<PostDispatchInfo>, encodable.
struct ErrorWithPostInfo {
  PostDispatchInfo post_info;
  DispatchError error;
  bool operator==(const ErrorWithPostInfo&) const = default;
  CANARY_SCALE_FIELDS(post_info, error)
  static void type_info(meta::TypeBuilder& b) {
    b.path({"sp_runtime", "DispatchErrorWithPostInfo"});
    b.param<PostDispatchInfo>("Info");
    b.typed_field<PostDispatchInfo>("post_info", "Info");
    b.typed_field<DispatchError>("error", "DispatchError");
  }
};

using RecordedResult = Result<PostDispatchInfo, ErrorWithPostInfo>;

inline RecordedResult recorded(const DispatchResultWithPostInfo& result) {
  if (result) return *result;
  return unexpected(ErrorWithPostInfo{result.error().post_info, result.error().error});
}

}  // namespace canary::rt::pallets::whitelist
