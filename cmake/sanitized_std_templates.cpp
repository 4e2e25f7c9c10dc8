// The standard library's byte-vector code, optimised, for sanitized Debug builds only
// (CanaryCompilerOptions.cmake links this object first into every executable).
//
// Why: in such a build most objects are compiled at -O0 and the libraries the tests spend their
// time in at -O2 (canary_optimize_when_sanitized). Both emit their own copy of each std::vector
// member that is not inlined (growth, range insert), as a COMDAT group, and the linker keeps the
// first copy it meets: a test's -O0 object, which comes before the libraries. Instrumenting a
// runtime then ran -O0 `_M_range_insert` once per Wasm instruction, as did wabt's static library,
// and a sanitized node test spent a third of its time there. This object is put before all
// others on the link line, so its -O2 copies are the ones kept (node_unit_tests shard 3: 114 s
// -> 46 s). It changes which identical definition is kept, never what the program does.
#include <cstdint>
#include <span>
#include <vector>

// The member names below are libstdc++'s (the Debian toolchain's standard library).
#if defined(__GLIBCXX__)

template class std::vector<std::uint8_t>;
template class std::vector<std::uint32_t>;

// The member templates behind insert(pos, first, last), vector(first, last) and assign(first,
// last) for the iterators the code base uses, and behind push_back/emplace_back.
#define CANARY_VECTOR_RANGE_MEMBERS(Vector, It)                                                   \
  template void Vector::_M_range_insert<It>(Vector::iterator, It, It, std::forward_iterator_tag); \
  template void Vector::_M_range_initialize<It>(It, It, std::forward_iterator_tag);               \
  template void Vector::_M_assign_aux<It>(It, It, std::forward_iterator_tag);

using CanaryByteVector = std::vector<std::uint8_t>;
CANARY_VECTOR_RANGE_MEMBERS(CanaryByteVector, const std::uint8_t*)
CANARY_VECTOR_RANGE_MEMBERS(CanaryByteVector, std::uint8_t*)
CANARY_VECTOR_RANGE_MEMBERS(CanaryByteVector, CanaryByteVector::iterator)
CANARY_VECTOR_RANGE_MEMBERS(CanaryByteVector, CanaryByteVector::const_iterator)
CANARY_VECTOR_RANGE_MEMBERS(CanaryByteVector, std::span<const std::uint8_t>::iterator)
CANARY_VECTOR_RANGE_MEMBERS(CanaryByteVector, std::span<std::uint8_t>::iterator)
template void CanaryByteVector::_M_realloc_insert<const std::uint8_t&>(CanaryByteVector::iterator,
                                                                       const std::uint8_t&);
template void CanaryByteVector::_M_realloc_insert<std::uint8_t>(CanaryByteVector::iterator,
                                                                std::uint8_t&&);

using CanaryWordVector = std::vector<std::uint32_t>;
CANARY_VECTOR_RANGE_MEMBERS(CanaryWordVector, const std::uint32_t*)
CANARY_VECTOR_RANGE_MEMBERS(CanaryWordVector, std::uint32_t*)
CANARY_VECTOR_RANGE_MEMBERS(CanaryWordVector, CanaryWordVector::iterator)
CANARY_VECTOR_RANGE_MEMBERS(CanaryWordVector, CanaryWordVector::const_iterator)
template void CanaryWordVector::_M_realloc_insert<const std::uint32_t&>(CanaryWordVector::iterator,
                                                                        const std::uint32_t&);
template void CanaryWordVector::_M_realloc_insert<std::uint32_t>(CanaryWordVector::iterator,
                                                                 std::uint32_t&&);
#endif
