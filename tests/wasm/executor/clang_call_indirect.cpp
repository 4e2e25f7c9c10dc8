// Compiled for wasm32 by clang-19 twice (see CMakeLists.txt): with clang's default features, whose
// reference-types pads call_indirect's table index into a 5-byte LEB128 (refused, as by the
// reference executor), and with -mcpu=mvp -msign-ext -mmutable-globals (accepted).
using Operation = int (*)(int);

__attribute__((noinline)) static int add_one(int x) {
  return x + 1;
}

__attribute__((noinline)) static int twice(int x) {
  return x * 2;
}

Operation operations[2] = {add_one, twice};

extern "C" __attribute__((export_name("apply"))) int apply(int which, int x) {
  return operations[which & 1](x);
}
