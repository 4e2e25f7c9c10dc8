#include "executor/aot/wasm2c_output.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

namespace canary::executor::aot {

namespace {

constexpr std::string_view kPreambleEnd = "static bool s_module_initialized = false;\n";
constexpr std::string_view kRangeCheck = "(uint64_t)len > mem->size)";
constexpr std::string_view kRangeCheckByPages = "(uint64_t)len > ((uint64_t)mem->pages << 16))";
// The memory accesses' helpers, in DEFINE_LOAD and DEFINE_STORE (each macro once per byte
// order).
constexpr std::string_view kLoadHelper = "static inline t3 name(wasm_rt_memory_t* mem, u64 addr)";
constexpr std::string_view kStoreHelper =
    "static inline void name(wasm_rt_memory_t* mem, u64 addr, t2 value)";
constexpr std::string_view kStaticInline = "static inline ";  // how both helpers start
constexpr std::string_view kAlwaysInline = "__attribute__((always_inline)) ";
constexpr std::string_view kStatic = "static ";
constexpr std::string_view kFuncTypes = "static u32 func_types[";

Unexpected<AotError> unexpected_output(std::string what) {
  return unexpected(AotError::make(AotErrorKind::kUnexpectedWasm2cOutput, std::move(what)));
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// "static u64 w2c_f12(Z_canary_instance_t*, u32);" or its definition line ending in ") {".
bool is_function_line(std::string_view line) {
  if (!starts_with(line, kStatic)) return false;
  const std::string_view rest = line.substr(kStatic.size());
  for (std::string_view type : {"u32 w2c_", "u64 w2c_", "f32 w2c_", "f64 w2c_", "void w2c_"}) {
    if (starts_with(rest, type)) return true;
  }
  return false;
}

struct Body {
  size_t begin = 0;  // offset of the definition line
  size_t end = 0;    // one past the closing "}\n"
};

}  // namespace

Result<std::vector<std::string>, AotError> adapt_wasm2c_output(const std::string& c_source,
                                                               uint32_t parts,
                                                               size_t min_part_bytes) {
  const size_t preamble_end = c_source.find(kPreambleEnd);
  if (preamble_end == std::string::npos) return unexpected_output("no end of the preamble");
  std::string preamble = c_source.substr(0, preamble_end);
  const size_t check = preamble.find(kRangeCheck);
  if (check == std::string::npos || preamble.find(kRangeCheck, check + 1) != std::string::npos) {
    return unexpected_output("no single RANGE_CHECK");
  }
  preamble.replace(check, kRangeCheck.size(), kRangeCheckByPages);
  // gcc's inliner gives up on the largest functions (a runtime's dispatch, with everything it
  // calls inlined into it), and their every load and store then becomes a call to an out-of-line
  // copy of the helper: a few instructions each, but a tenth of a transfer's time was spent in
  // those calls.
  for (std::string_view helper : {kLoadHelper, kStoreHelper}) {
    size_t found = 0;
    for (size_t at = preamble.find(helper); at != std::string::npos;
         at = preamble.find(helper, at + kAlwaysInline.size() + helper.size())) {
      preamble.insert(at + kStaticInline.size(), kAlwaysInline);
      ++found;
    }
    if (found == 0) return unexpected_output("no memory access helper " + std::string(helper));
  }
  const std::string_view rest = std::string_view(c_source).substr(preamble_end);

  const size_t affordable = 1 + c_source.size() / std::max<size_t>(min_part_bytes, 1);
  parts = std::clamp<uint32_t>(parts, 1, static_cast<uint32_t>(std::min<size_t>(affordable, 32)));
  if (parts == 1) return std::vector<std::string>{preamble + std::string(rest)};

  // Lines of the rest: function prototypes and definitions lose `static`; definitions are
  // recorded with their extent (up to a "}" line, which only ends functions at column 0).
  std::string main;
  main.reserve(rest.size());
  std::string prototypes;
  std::vector<Body> bodies;
  bool has_func_types = false;
  std::optional<size_t> open_body;
  size_t pos = 0;
  // The next line of the rest from `pos` (with its newline), and the same without it.
  auto next_line = [&](size_t from) {
    size_t next = rest.find('\n', from);
    next = next == std::string_view::npos ? rest.size() : next + 1;
    return rest.substr(from, next - from);
  };
  auto without_newline = [](std::string_view line) {
    return ends_with(line, "\n") ? line.substr(0, line.size() - 1) : line;
  };
  while (pos < rest.size()) {
    std::string_view line = next_line(pos);
    const std::string_view text = without_newline(line);
    if (is_function_line(text)) {
      // Long parameter lists continue on the following lines.
      size_t end = pos + line.size();
      std::string_view last = text;
      while (!ends_with(last, ");") && !ends_with(last, ") {")) {
        if (end >= rest.size()) return unexpected_output("unterminated function header");
        const std::string_view continuation = next_line(end);
        last = without_newline(continuation);
        end += continuation.size();
      }
      line = rest.substr(pos, end - pos);
      line.remove_prefix(kStatic.size());
      if (ends_with(last, ");")) {
        prototypes += line;
      } else {
        if (open_body) return unexpected_output("nested function definition");
        open_body = main.size();
      }
    } else if (starts_with(text, kFuncTypes)) {
      has_func_types = true;
      line.remove_prefix(kStatic.size());
    }
    pos = static_cast<size_t>(line.data() - rest.data()) + line.size();  // past the line(s)
    main += line;
    if (open_body && text == "}") {
      bodies.push_back({*open_body, main.size()});
      open_body.reset();
    }
  }
  if (open_body) return unexpected_output("unterminated function");
  if (bodies.empty()) return std::vector<std::string>{preamble + main};

  // Largest first onto the lightest part; part 0 also compiles the rest of the module.
  std::vector<size_t> order(bodies.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const size_t size_a = bodies[a].end - bodies[a].begin;
    const size_t size_b = bodies[b].end - bodies[b].begin;
    return size_a != size_b ? size_a > size_b : a < b;
  });
  size_t body_bytes = 0;
  for (const Body& body : bodies) body_bytes += body.end - body.begin;
  std::vector<size_t> load(parts, 0);
  load[0] = main.size() - body_bytes;
  std::vector<uint32_t> part_of(bodies.size(), 0);
  for (size_t index : order) {
    const auto lightest =
        static_cast<uint32_t>(std::min_element(load.begin(), load.end()) - load.begin());
    part_of[index] = lightest;
    load[lightest] += bodies[index].end - bodies[index].begin;
  }

  const std::string shared =
      preamble + (has_func_types ? "extern u32 func_types[];\n\n" : "") + prototypes + "\n";
  std::vector<std::string> out(parts);
  for (uint32_t p = 1; p < parts; ++p) out[p] = shared;
  out[0] = preamble;
  size_t copied = 0;
  for (size_t i = 0; i < bodies.size(); ++i) {
    const std::string_view body =
        std::string_view(main).substr(bodies[i].begin, bodies[i].end - bodies[i].begin);
    if (part_of[i] == 0) continue;
    out[0].append(main, copied, bodies[i].begin - copied);
    copied = bodies[i].end;
    out[part_of[i]] += body;
  }
  out[0].append(main, copied, std::string::npos);
  // Parts that received nothing are dropped.
  std::vector<std::string> nonempty;
  for (uint32_t p = 0; p < parts; ++p) {
    if (p == 0 || out[p].size() > shared.size()) nonempty.push_back(std::move(out[p]));
  }
  return nonempty;
}

}  // namespace canary::executor::aot
