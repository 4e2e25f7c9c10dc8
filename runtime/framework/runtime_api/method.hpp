// One method of a runtime API, declared once: its name, the C++ function that implements it, the
// names of its inputs and its docs. The function's signature is the method's signature: the
// inputs are decoded as its parameter types, its result is encoded as its return type, and the
// metadata (V15 runtime_apis) describes both from the same types, so the three cannot disagree.
//
//   Method<"account_nonce", &System::account_nonce, InputNames<"account">,
//          DocLines<" Get current account nonce of given `AccountId`.">>
//
// `call` is the entry point the host calls (`AccountNonceApi_account_nonce`): the SCALE-encoded
// arguments in, the SCALE-encoded result out. Arguments that do not decode end the call with a
// panic naming the method, as sp-api's `Bad input data provided to <method>: <error>` does.
// Options after the docs change the input handling where an API needs it:
//   MaxLengthOfInput       collections may be as long as the input (a byte vector that is the
//                          whole argument, e.g. GenesisBuilder_build_state's JSON), instead of
//                          scale::Decoder's default bound against length bombs;
//   OnBadInput<&answer>    undecodable arguments, or bytes left over, are answered with
//                          `answer()` instead of a panic (TaggedTransactionQueue: "not ours").
// Two parameter types take an argument without decoding it (the executive wants the extrinsic's
// own bytes): `Encoded<T>` (one length-prefixed encoding, the prefix included) and `Remainder<T>`
// (the rest of the input); the metadata describes either as T. A type whose encoding is another's
// but which the runtime reads differently names that one as `using DescribedAs = …` (PresetId:
// any bytes, `str` in metadata).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "primitives/scale/codec.hpp"
#include "primitives/scale/decode_error.hpp"
#include "primitives/scale/scale.hpp"
#include "primitives/util/bytes.hpp"
#include "runtime/framework/doc_lines.hpp"
#include "runtime/framework/fixed_string.hpp"
#include "runtime/framework/metadata/runtime_metadata.hpp"
#include "runtime/io/logging.hpp"

namespace canary::rt::runtime_api {

// An entry point: SCALE-encoded arguments in, SCALE-encoded result out.
using EntryPoint = Bytes (*)(ByteSpan input);

template <FixedString... Names>
struct InputNames {};

// The API's and the methods' docs (framework/doc_lines.hpp).
using rt::DocLines;

struct MaxLengthOfInput {};

template <auto Answer>
struct OnBadInput {};

// A T in its encoded form, which starts with its compact length (an opaque extrinsic): a view of
// the input, the prefix included.
template <class T>
struct Encoded {
  ByteSpan bytes;
};

// The rest of the input, undecoded, described as a T.
template <class T>
struct Remainder {
  ByteSpan bytes;
};

namespace detail {

template <class F>
struct Signature;
template <class R, class... A>
struct Signature<R (*)(A...)> {
  using Output = R;
  using Inputs = std::tuple<std::remove_cvref_t<A>...>;
};
template <class R, class... A>
struct Signature<R (*)(A...) noexcept> : Signature<R (*)(A...)> {};

// The type the metadata gives a parameter or result: the type itself, or the one it names as
// `DescribedAs` (a type whose encoding is that one's but which the runtime reads differently).
template <class T>
struct Described {
  using Type = T;
};
template <class T>
  requires requires { typename T::DescribedAs; }
struct Described<T> {
  using Type = typename T::DescribedAs;
};
template <class T>
struct Described<std::optional<T>> {
  using Type = std::optional<typename Described<T>::Type>;
};
template <class T>
struct Described<Encoded<T>> {
  using Type = T;
};
template <class T>
struct Described<Remainder<T>> {
  using Type = T;
};
template <>
struct Described<void> {
  using Type = std::monostate;
};

template <class T>
constexpr bool kIsEncoded = false;
template <class T>
constexpr bool kIsEncoded<Encoded<T>> = true;
template <class T>
constexpr bool kIsRemainder = false;
template <class T>
constexpr bool kIsRemainder<Remainder<T>> = true;

template <class T>
void read_input(scale::Decoder& in, ByteSpan input, T& out) {
  if constexpr (kIsEncoded<T>) {
    const size_t start = in.position();
    (void)scale::decode_next<Bytes>(in);
    out.bytes = input.subspan(start, in.position() - start);
  } else if constexpr (kIsRemainder<T>) {
    out.bytes = in.read_view(in.remaining());
  } else {
    scale::decode_from(in, out);
  }
}

template <class Option>
struct AnswerOf {
  static constexpr bool kPresent = false;
};
template <auto Answer>
struct AnswerOf<OnBadInput<Answer>> {
  static constexpr bool kPresent = true;
  static constexpr auto kAnswer = Answer;
};

template <class Option>
constexpr bool kIsOption = std::is_same_v<Option, MaxLengthOfInput> || AnswerOf<Option>::kPresent;

template <class... Names>
struct NameList;
template <FixedString... Names>
struct NameList<InputNames<Names...>> {
  static constexpr size_t kCount = sizeof...(Names);
  static std::vector<std::string> names() { return {std::string(Names.view())...}; }
};

template <class Input>
meta::RuntimeApiMethodParam param(meta::Registry& registry, std::string name) {
  return {std::move(name), registry.id<typename Described<Input>::Type>()};
}

}  // namespace detail

template <FixedString Name, auto Function, class Inputs = InputNames<>, class Docs = DocLines<>,
          class... Options>
struct Method {
  using Signature = detail::Signature<decltype(Function)>;
  using Output = std::remove_cvref_t<typename Signature::Output>;
  using Arguments = typename Signature::Inputs;

  static constexpr std::string_view kName = Name.view();
  static_assert(detail::NameList<Inputs>::kCount == std::tuple_size_v<Arguments>,
                "a runtime API method names each of its function's parameters");
  static_assert((detail::kIsOption<Options> && ...),
                "a runtime API method's options are MaxLengthOfInput and OnBadInput<&answer>");

  static Bytes call(ByteSpan input) {
    constexpr bool kLong = (std::is_same_v<Options, MaxLengthOfInput> || ...);
    scale::Decoder in(input, kLong ? input.size() : scale::Decoder::kDefaultMaxLength);
    Arguments args{};
    std::apply([&](auto&... arg) { (detail::read_input(in, input, arg), ...); }, args);
    if constexpr ((detail::AnswerOf<Options>::kPresent || ...)) {
      static_assert(
          std::is_same_v<std::remove_cvref_t<decltype(bad_input_answer<Options...>())>, Output>,
          "OnBadInput's answer is of the method's output type");
      if (!in.ok() || in.remaining() != 0) return scale::encode(bad_input_answer<Options...>());
    } else if (!in.ok()) {
      io::panic(std::string("Bad input data provided to ") + std::string(kName) + ": " +
                scale::to_string(in.error()));
    }
    if constexpr (std::is_void_v<Output>) {
      std::apply(Function, std::move(args));
      return {};
    } else {
      return scale::encode(std::apply(Function, std::move(args)));
    }
  }

  // The method in metadata V15; the output is registered before the inputs.
  static meta::RuntimeApiMethod metadata(meta::Registry& registry) {
    meta::RuntimeApiMethod out;
    out.name = std::string(kName);
    out.output = registry.id<typename detail::Described<Output>::Type>();
    out.docs = Docs::docs();
    const std::vector<std::string> names = detail::NameList<Inputs>::names();
    add_inputs(registry, out, names, std::make_index_sequence<std::tuple_size_v<Arguments>>());
    return out;
  }

 private:
  template <class First, class... Rest>
  static auto bad_input_answer() {
    if constexpr (detail::AnswerOf<First>::kPresent) {
      return detail::AnswerOf<First>::kAnswer();
    } else {
      return bad_input_answer<Rest...>();
    }
  }

  template <size_t... I>
  static void add_inputs(meta::Registry& registry, meta::RuntimeApiMethod& out,
                         const std::vector<std::string>& names, std::index_sequence<I...>) {
    (out.inputs.push_back(detail::param<std::tuple_element_t<I, Arguments>>(registry, names[I])),
     ...);
  }
};

}  // namespace canary::rt::runtime_api
