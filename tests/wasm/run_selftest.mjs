// Instantiates the wasm32 primitives self-test with no imports at all (the module must be
// freestanding) and reports its result. Usage: node run_selftest.mjs primitives_selftest.wasm
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const module = new WebAssembly.Module(readFileSync(file));
const imports = WebAssembly.Module.imports(module);
if (imports.length !== 0) {
  console.error(`FAIL: the module imports ${imports.map((i) => `${i.module}.${i.name}`).join(', ')}`);
  process.exit(1);
}
const { exports } = new WebAssembly.Instance(module, {});
const failures = exports.selftest_run();
if (failures !== 0) {
  const ptr = exports.selftest_failed_check();
  const bytes = new Uint8Array(exports.memory.buffer, ptr);
  const name = new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
  console.error(`FAIL: ${failures} check(s) failed in wasm32, first: ${name}`);
  process.exit(1);
}
console.log('wasm32 primitives self-test: all checks passed');
