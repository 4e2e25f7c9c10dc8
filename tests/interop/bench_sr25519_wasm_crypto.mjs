// sr25519 verification speed: Canary against @polkadot/wasm-crypto (schnorrkel compiled to wasm,
// what polkadot.js uses for bulk verification), on the same signatures in the same run.
//
//   node tests/interop/bench_sr25519_wasm_crypto.mjs <build-dir | canary_interop_helper> [--assert]
//
// polkadot.js makes N random signatures (random keys and messages); both sides verify the whole
// batch ROUNDS times after a warm-up round; the best round of each side is compared (the least
// disturbed by other processes on a shared machine). Canary's time is measured inside the helper
// around the verification loop only (no JSON, no process I/O); wasm-crypto's around its calls
// from JavaScript, as a polkadot.js user would make them. With --assert (the ctest
// interop.sr25519_speed) the exit code is 1 unless Canary is faster.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as wasmCrypto from '@polkadot/wasm-crypto';
import { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign } from '@polkadot/util-crypto';
import { Helper, makeRng, toHex } from './lib.mjs';

const TEST = 'interop.sr25519_speed';
const SIGNATURES = 2000;
const KEYS = 100;
const ROUNDS = 5;

const target = process.argv[2];
const assertFaster = process.argv.includes('--assert');
const helperPath =
  target && existsSync(target) && statSync(target).isDirectory()
    ? join(target, 'tests/interop/canary_interop_helper')
    : target;
if (!helperPath || !existsSync(helperPath)) {
  console.error(`usage: node ${process.argv[1]} <build-dir | canary_interop_helper> [--assert]`);
  console.error(`(no helper at ${helperPath}: build the target canary_interop_helper)`);
  process.exit(2);
}

const rng = makeRng(TEST);
await cryptoWaitReady();
await wasmCrypto.waitReady();

const pairs = Array.from({ length: KEYS }, () => sr25519PairFromSeed(rng.bytes(32)));
const batch = Array.from({ length: SIGNATURES }, () => {
  const pair = rng.pick(pairs);
  const message = rng.bytes(32 + rng.int(256));
  return { publicKey: pair.publicKey, message, signature: sr25519Sign(message, pair) };
});

// wasm-crypto: warm-up, then ROUNDS timed rounds; every signature must verify.
function wasmRound() {
  const start = process.hrtime.bigint();
  let valid = 0;
  for (const { signature, message, publicKey } of batch) {
    if (wasmCrypto.sr25519Verify(signature, message, publicKey)) ++valid;
  }
  const ns = Number(process.hrtime.bigint() - start);
  if (valid !== batch.length) throw new Error(`wasm-crypto verified ${valid}/${batch.length}`);
  return ns;
}
wasmRound();
const wasmTimes = Array.from({ length: ROUNDS }, wasmRound);

// Canary: the same batch, one request per round (the helper reports its own timing).
const helper = new Helper(helperPath);
const items = batch.map(({ signature, message, publicKey }) => ({
  signature: toHex(signature),
  message: toHex(message),
  publicKey: toHex(publicKey),
}));
async function canaryRound() {
  const res = await helper.call({ op: 'sr25519_bench_verify', items, rounds: 1 });
  if (res.valid !== batch.length) throw new Error(`Canary verified ${res.valid}/${batch.length}`);
  return res.elapsedNs;
}
await canaryRound();
const canaryTimes = [];
for (let i = 0; i < ROUNDS; ++i) canaryTimes.push(await canaryRound());
await helper.close();

const best = (times) => Math.min(...times);
const median = (times) => [...times].sort((a, b) => a - b)[times.length >> 1];
const perSig = (ns) => `${(ns / SIGNATURES / 1000).toFixed(2)} µs`;
const wasmBest = best(wasmTimes);
const canaryBest = best(canaryTimes);
const ratio = wasmBest / canaryBest;

console.log(`sr25519 verify, ${SIGNATURES} signatures by polkadot.js, ${KEYS} keys, best of ${ROUNDS} rounds:`);
console.log(`  @polkadot/wasm-crypto ${wasmCrypto.packageInfo.version}: ${perSig(wasmBest)}/signature (median ${perSig(median(wasmTimes))})`);
console.log(`  Canary:                     ${perSig(canaryBest)}/signature (median ${perSig(median(canaryTimes))})`);
console.log(`  ratio wasm-crypto / Canary: ${ratio.toFixed(2)}x (${ratio > 1 ? 'Canary faster' : 'Canary NOT faster'})`);

if (assertFaster && !(ratio > 1)) {
  console.log(`[${TEST}] FAIL: Canary's sr25519 verify is not faster than @polkadot/wasm-crypto's`);
  process.exitCode = 1;
}
