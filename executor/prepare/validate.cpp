#include "executor/prepare/validate.hpp"

#include <wabt/binary-reader.h>
#include <wabt/error.h>
#include <wabt/feature.h>
#include <wabt/interp/binary-reader-interp.h>
#include <wabt/interp/interp.h>

#include <string>
#include <vector>

#include "executor/prepare/wabt_features.hpp"

namespace canary::executor::prepare {

wabt::Features accepted_wabt_features() {
  wabt::Features features;  // wabt's defaults enable several post-MVP proposals
  features.disable_simd();
  features.disable_multi_value();
  features.disable_bulk_memory();  // also disables reference types (a wabt dependency)
  features.disable_reference_types();
  features.disable_sat_float_to_int();
  features.disable_exceptions();
  features.disable_threads();
  features.disable_tail_call();
  features.disable_function_references();
  features.disable_memory64();
  features.disable_multi_memory();
  features.disable_extended_const();
  features.disable_relaxed_simd();
  features.disable_gc();
  features.enable_sign_extension();
  features.enable_mutable_globals();
  return features;
}

namespace {

// The interpreter's reader validates as it reads (wabt's shared validator), without building a
// tree: unlike the IR reader it needs no native stack proportional to the nesting depth.
bool read(ByteSpan wasm, const wabt::Features& features, std::string* first_error) {
  wabt::Errors errors;
  wabt::interp::ModuleDesc desc;
  const wabt::ReadBinaryOptions options(features, nullptr, /*read_debug_names=*/false,
                                        /*stop_on_first_error=*/true,
                                        /*fail_on_custom_section_error=*/false);
  const wabt::Result result =
      wabt::interp::ReadBinaryInterp("runtime", wasm.data(), wasm.size(), options, &errors, &desc);
  if (wabt::Succeeded(result)) return true;
  if (first_error != nullptr) {
    if (errors.empty()) {
      *first_error = "unknown error";
    } else {
      *first_error =
          errors.front().message + " (at byte " + std::to_string(errors.front().loc.offset) + ")";
    }
  }
  return false;
}

struct Proposal {
  const char* name;
  void (*enable)(wabt::Features&);  // on top of the accepted set, with what it depends on in wabt
  void (*disable)(wabt::Features&);
};

// In the order they are tried: a proposal whose wabt switch implies another comes after it.
const std::vector<Proposal>& proposals() {
  using F = wabt::Features;
  static const std::vector<Proposal> kList = {
      {"saturating-float-to-int", [](F& f) { f.enable_sat_float_to_int(); },
       [](F& f) { f.disable_sat_float_to_int(); }},
      {"multi-value", [](F& f) { f.enable_multi_value(); }, [](F& f) { f.disable_multi_value(); }},
      {"bulk-memory", [](F& f) { f.enable_bulk_memory(); }, [](F& f) { f.disable_bulk_memory(); }},
      {"reference-types",
       [](F& f) {
         f.enable_bulk_memory();
         f.enable_reference_types();
       },
       [](F& f) { f.disable_reference_types(); }},
      {"simd", [](F& f) { f.enable_simd(); }, [](F& f) { f.disable_simd(); }},
      {"threads", [](F& f) { f.enable_threads(); }, [](F& f) { f.disable_threads(); }},
      {"tail-call", [](F& f) { f.enable_tail_call(); }, [](F& f) { f.disable_tail_call(); }},
      {"memory64", [](F& f) { f.enable_memory64(); }, [](F& f) { f.disable_memory64(); }},
      {"multi-memory", [](F& f) { f.enable_multi_memory(); },
       [](F& f) { f.disable_multi_memory(); }},
      {"extended-const", [](F& f) { f.enable_extended_const(); },
       [](F& f) { f.disable_extended_const(); }},
      {"exceptions",
       [](F& f) {
         f.enable_bulk_memory();
         f.enable_exceptions();
       },
       [](F& f) { f.disable_exceptions(); }},
      {"function-references",
       [](F& f) {
         f.enable_bulk_memory();
         f.enable_function_references();
       },
       [](F& f) { f.disable_function_references(); }},
      {"relaxed-simd",
       [](F& f) {
         f.enable_simd();
         f.enable_relaxed_simd();
       },
       [](F& f) { f.disable_relaxed_simd(); }},
      {"gc", [](F& f) { f.enable_gc(); }, [](F& f) { f.disable_gc(); }},
  };
  return kList;
}

// Which proposals does a module that fails strict validation need? One proposal on top of the
// accepted set if that suffices; else every proposal whose removal from "everything" breaks it
// (approximate where wabt's switches depend on each other). Empty if it is not valid even with
// every proposal: then it is simply invalid.
std::string needed_proposals(ByteSpan wasm) {
  for (const Proposal& p : proposals()) {
    wabt::Features features = accepted_wabt_features();
    p.enable(features);
    if (read(wasm, features, nullptr)) return p.name;
  }
  wabt::Features all;
  all.EnableAll();
  if (!read(wasm, all, nullptr)) return {};
  std::string names;
  for (const Proposal& p : proposals()) {
    wabt::Features features = all;
    p.disable(features);
    if (!read(wasm, features, nullptr)) {
      if (!names.empty()) names += ", ";
      names += p.name;
    }
  }
  return names.empty() ? std::string("several post-MVP proposals") : names;
}

}  // namespace

Result<void, ExecutionError> validate_module(ByteSpan wasm) {
  std::string error;
  if (read(wasm, accepted_wabt_features(), &error)) return {};
  const std::string needed = needed_proposals(wasm);
  if (needed.empty()) {
    return unexpected(ExecutionError::make(ExecutionErrorKind::kInvalidModule, error));
  }
  return unexpected(ExecutionError::make(
      ExecutionErrorKind::kUnsupportedFeature,
      "the module uses " + needed + ", which the executor does not accept (" + error + ")"));
}

}  // namespace canary::executor::prepare
