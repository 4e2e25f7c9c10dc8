// Shared plumbing of the interop tests: the helper process client, a seeded random source, and a
// tiny test runner (plain node:assert, non-zero exit code on failure).
//
// Every test prints the seed it uses; rerun a failure with INTEROP_SEED=<seed> to get the same
// inputs.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import { randomBytes as cryptoRandomBytes } from 'node:crypto';

// ---- command line ---------------------------------------------------------------------------------

// Tests are run as `node <test>.mjs <helper> [<canary>]` by ctest.
export function parseArgs() {
  const [helper, canary] = process.argv.slice(2);
  if (!helper || !existsSync(helper)) {
    console.error(`usage: node ${process.argv[1]} <canary_interop_helper> [<canary>]`);
    process.exit(2);
  }
  return { helper, canary };
}

// ---- seeded randomness ----------------------------------------------------------------------------

// sfc32 from a 128-bit state: fast, good enough for test inputs, reproducible from the seed.
export class Rng {
  constructor(seed) {
    this.seed = seed;
    const s = BigInt(seed);
    this.a = Number(s & 0xffffffffn) >>> 0;
    this.b = Number((s >> 32n) & 0xffffffffn) >>> 0;
    this.c = 0x9e3779b9;
    this.d = 0x6a09e667;
    for (let i = 0; i < 16; ++i) this.u32();
  }

  u32() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  // Uniform integer in [0, n) for n <= 2^32.
  int(n) {
    return Math.floor((this.u32() / 0x100000000) * n);
  }

  bool() {
    return (this.u32() & 1) === 1;
  }

  pick(list) {
    return list[this.int(list.length)];
  }

  bytes(n) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; ++i) out[i] = this.u32() & 0xff;
    return out;
  }

  // Uniform BigInt of `bits` bits.
  bigBits(bits) {
    let v = 0n;
    for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(this.u32());
    return v & ((1n << BigInt(bits)) - 1n);
  }

  // A BigInt with a random bit length in [0, bits]: small and large values equally often.
  bigSpread(bits) {
    return this.bigBits(this.int(bits + 1));
  }
}

// The run's seed: INTEROP_SEED if set, else fresh. Printed so that a failure can be replayed.
export function makeRng(testName) {
  const env = process.env.INTEROP_SEED;
  const seed = env ? BigInt(env) : BigInt('0x' + cryptoRandomBytes(8).toString('hex'));
  console.log(`[${testName}] seed ${seed} (replay with INTEROP_SEED=${seed})`);
  return new Rng(seed);
}

// ---- the helper process ---------------------------------------------------------------------------

// One canary_interop_helper process; requests are pipelined and answered in order.
export class Helper {
  constructor(path) {
    this.child = spawn(path, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.pending = [];
    this.exited = null;
    const lines = createInterface({ input: this.child.stdout });
    lines.on('line', (line) => {
      const waiter = this.pending.shift();
      if (!waiter) throw new Error(`unexpected helper output: ${line}`);
      try {
        waiter.resolve(JSON.parse(line));
      } catch (e) {
        waiter.reject(new Error(`helper wrote invalid JSON: ${line}`));
      }
    });
    this.child.on('exit', (code, signal) => {
      // A helper that dies (crash, abort) fails every outstanding request: that is a test failure.
      this.exited = `helper exited (code ${code}, signal ${signal})`;
      for (const waiter of this.pending.splice(0)) waiter.reject(new Error(this.exited));
    });
  }

  request(req) {
    if (this.exited) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject, req });
      this.child.stdin.write(JSON.stringify(req) + '\n');
    });
  }

  // Sends all requests at once (no round trip per request) and returns the responses in order.
  requestAll(reqs) {
    return Promise.all(reqs.map((r) => this.request(r)));
  }

  // Like request, but a response carrying "error" is a failure of the test.
  async call(req) {
    const res = await this.request(req);
    if (res.error !== undefined) {
      throw new Error(`helper refused ${JSON.stringify(req).slice(0, 300)}: ${res.error}`);
    }
    return res;
  }

  async close() {
    if (this.exited) return;
    this.child.stdin.end();
    await new Promise((resolve) => this.child.on('exit', resolve));
  }
}

// ---- runner ---------------------------------------------------------------------------------------

const results = [];

// Runs one named check; failures are collected so that one broken check does not hide the others.
export async function check(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok    ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}\n${e.stack ?? e}`);
  }
}

// Prints the summary and sets the exit code.
export function finish(testName) {
  const failed = results.filter((r) => !r.ok);
  console.log(`[${testName}] ${results.length - failed.length}/${results.length} checks passed`);
  if (failed.length > 0 || results.length === 0) process.exitCode = 1;
}

// ---- small utilities ------------------------------------------------------------------------------

export function toHex(u8a) {
  return '0x' + Buffer.from(u8a).toString('hex');
}

export function fromHex(hex) {
  return new Uint8Array(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
}

// A copy of `u8a` with one byte changed (never a no-op).
export function tamper(rng, u8a, index = rng.int(u8a.length)) {
  const out = Uint8Array.from(u8a);
  out[index] ^= 1 + rng.int(255);
  return out;
}
