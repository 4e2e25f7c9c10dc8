// operator new/delete for wasm32 modules. Allocation failure traps: there are no exceptions.
#include <new>

extern "C" void* canary_wasm_alloc(size_t size);
extern "C" void canary_wasm_free(void* ptr);

namespace {
void* allocate(size_t size) {
  void* p = canary_wasm_alloc(size == 0 ? 1 : size);
  if (p == nullptr) __builtin_trap();
  return p;
}
}  // namespace

void* operator new(size_t size) {
  return allocate(size);
}
void* operator new[](size_t size) {
  return allocate(size);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return canary_wasm_alloc(size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return canary_wasm_alloc(size);
}
void operator delete(void* p) noexcept {
  canary_wasm_free(p);
}
void operator delete[](void* p) noexcept {
  canary_wasm_free(p);
}
void operator delete(void* p, size_t) noexcept {
  canary_wasm_free(p);
}
void operator delete[](void* p, size_t) noexcept {
  canary_wasm_free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  canary_wasm_free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  canary_wasm_free(p);
}
