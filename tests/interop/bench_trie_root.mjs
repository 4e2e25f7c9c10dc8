// The state issue's root benchmark: the root of N random 32-byte keys with 32-byte values, built
// from empty, by Canary (native) and by @acala-network/chopsticks-executor's calculate_state_root
// (Rust compiled to wasm, the peer figure) in the same run. Both must give the same root.
//
//   node bench_trie_root.mjs <build-dir | canary_interop_helper> [--count N] [--assert]
//
// --assert fails the run if Canary is not faster than the peer.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { calculate_state_root } from '@acala-network/chopsticks-executor';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { Helper, toHex } from './lib.mjs';

const args = process.argv.slice(2);
const target = args[0];
const assertFaster = args.includes('--assert');
const countAt = args.indexOf('--count');
const COUNT = countAt >= 0 ? Number(args[countAt + 1]) : 1_000_000;
const helperPath =
  target && existsSync(target) && statSync(target).isDirectory()
    ? join(target, 'tests/interop/canary_interop_helper')
    : target;
if (!helperPath || !existsSync(helperPath)) {
  console.error(`usage: node ${process.argv[1]} <build-dir | canary_interop_helper> [--count N] [--assert]`);
  process.exit(2);
}

await cryptoWaitReady();
// key_i = blake2b_256(u32 LE i), value_i = blake2b_256(key_i): the helper builds the same set.
const entries = new Array(COUNT);
const index = new Uint8Array(4);
const view = new DataView(index.buffer);
for (let i = 0; i < COUNT; ++i) {
  view.setUint32(0, i, true);
  const key = blake2AsU8a(index, 256);
  entries[i] = [toHex(key), toHex(blake2AsU8a(key, 256))];
}

const peerStart = process.hrtime.bigint();
const peerRoot = await calculate_state_root(entries, 0);
const peerMs = Number(process.hrtime.bigint() - peerStart) / 1e6;

const helper = new Helper(helperPath);
const canary = await helper.call({ op: 'trie_root_bench', count: COUNT });
await helper.close();

const ratio = peerMs / canary.ms;
console.log(`trie root of ${COUNT} random 32-byte keys and values, built from empty:`);
console.log(`  Canary:                                  ${(canary.ms / 1000).toFixed(3)} s`);
console.log(`  chopsticks-executor calculate_state_root: ${(peerMs / 1000).toFixed(3)} s`);
console.log(`  ratio peer / Canary: ${ratio.toFixed(2)}x (${ratio > 1 ? 'Canary faster' : 'Canary NOT faster'})`);
if (canary.root !== peerRoot) {
  console.log(`FAIL: roots differ: Canary ${canary.root}, peer ${peerRoot}`);
  process.exitCode = 1;
} else if (assertFaster && !(ratio > 1)) {
  console.log('FAIL: Canary is not faster than the peer');
  process.exitCode = 1;
}
