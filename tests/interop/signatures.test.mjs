// Signatures: sr25519, ed25519 and ecdsa keys and signatures of Canary against polkadot.js
// (@polkadot/util-crypto; sr25519 also against @polkadot/wasm-crypto, i.e. schnorrkel itself).
//
// For random seeds and messages, per scheme:
//   - the same seed gives the same public key (and for sr25519 the same 64-byte secret key);
//   - Canary's signatures verify in polkadot.js, polkadot.js's verify in Canary;
//   - deterministic schemes (ed25519 RFC 8032, ecdsa RFC 6979) give identical signatures;
//   - a changed signature byte, a changed message or another key fails on both sides.

import assert from 'node:assert/strict';
import * as wasmCrypto from '@polkadot/wasm-crypto';
import {
  cryptoWaitReady,
  ed25519PairFromSeed,
  ed25519Sign,
  ed25519Verify,
  secp256k1PairFromSeed,
  secp256k1Sign,
  secp256k1Verify,
  sr25519PairFromSeed,
  sr25519Sign,
  sr25519Verify,
} from '@polkadot/util-crypto';
import { Helper, check, finish, fromHex, makeRng, parseArgs, tamper, toHex } from './lib.mjs';

const TEST = 'interop.signatures';
const KEYS_PER_SCHEME = 120;

const { helper: helperPath } = parseArgs();
const rng = makeRng(TEST);
const helper = new Helper(helperPath);
await cryptoWaitReady();
await wasmCrypto.waitReady();

// polkadot.js verifiers throw on some malformed inputs (e.g. a bad recovery id); that is a "no".
const safely = (fn) => {
  try {
    return fn() === true;
  } catch {
    return false;
  }
};

const SCHEMES = {
  sr25519: {
    pair: (seed) => sr25519PairFromSeed(seed),
    sign: (pair, msg) => sr25519Sign(msg, pair),
    // Both polkadot.js implementations must accept: @scure/sr25519 (what util-crypto uses) and
    // schnorrkel compiled to wasm (@polkadot/wasm-crypto).
    verify: (msg, sig, pub) =>
      safely(() => sr25519Verify(msg, sig, pub)) && safely(() => wasmCrypto.sr25519Verify(sig, msg, pub)),
    // Either of them accepting a tampered signature is a failure too.
    verifyAny: (msg, sig, pub) =>
      safely(() => sr25519Verify(msg, sig, pub)) || safely(() => wasmCrypto.sr25519Verify(sig, msg, pub)),
    deterministic: false,
  },
  ed25519: {
    pair: (seed) => ed25519PairFromSeed(seed),
    sign: (pair, msg) => ed25519Sign(msg, pair),
    verify: (msg, sig, pub) => safely(() => ed25519Verify(msg, sig, pub)),
    deterministic: true,
  },
  ecdsa: {
    pair: (seed) => secp256k1PairFromSeed(seed),
    sign: (pair, msg) => secp256k1Sign(msg, pair, 'blake2'),
    verify: (msg, sig, pub) => safely(() => secp256k1Verify(msg, sig, pub, 'blake2')),
    deterministic: true,
  },
};

function randomMessage() {
  const sizes = [0, 1, 32, 64 + rng.int(200), 256 + rng.int(4000)];
  return rng.bytes(rng.pick(sizes));
}

for (const [scheme, js] of Object.entries(SCHEMES)) {
  const verifyAny = js.verifyAny ?? js.verify;
  // ecdsa seeds must be below the group order; a random 32-byte value is (with overwhelming
  // probability), and polkadot.js would throw otherwise, which would show up as a failure.
  const cases = Array.from({ length: KEYS_PER_SCHEME }, () => ({
    seed: rng.bytes(32),
    message: randomMessage(),
  }));

  await check(`${scheme}: same seed, same public key`, async () => {
    const res = await helper.requestAll(
      cases.map((c) => ({ op: 'pair_from_seed', scheme, seed: toHex(c.seed) })),
    );
    cases.forEach((c, i) => {
      const pair = js.pair(c.seed);
      assert.equal(res[i].error, undefined, `seed ${toHex(c.seed)}: ${res[i].error}`);
      assert.equal(res[i].publicKey, toHex(pair.publicKey), `seed ${toHex(c.seed)}`);
      if (scheme === 'sr25519') assert.equal(res[i].secretKey, toHex(pair.secretKey), `seed ${toHex(c.seed)}`);
    });
  });

  await check(`${scheme}: Canary signs, polkadot.js verifies`, async () => {
    const sigs = await helper.requestAll(
      cases.map((c) => ({ op: 'sign', scheme, seed: toHex(c.seed), message: toHex(c.message) })),
    );
    cases.forEach((c, i) => {
      const pair = js.pair(c.seed);
      const sig = fromHex(sigs[i].signature);
      const what = `seed ${toHex(c.seed)} message ${toHex(c.message).slice(0, 80)}`;
      assert.ok(js.verify(c.message, sig, pair.publicKey), `polkadot.js rejects Canary's signature: ${what}`);
      if (js.deterministic) {
        assert.equal(sigs[i].signature, toHex(js.sign(pair, c.message)), `signatures differ: ${what}`);
      }
      const badSig = tamper(rng, sig);
      assert.ok(!verifyAny(c.message, badSig, pair.publicKey), `polkadot.js accepts tampered ${toHex(badSig)}: ${what}`);
      if (c.message.length > 0) {
        assert.ok(!verifyAny(tamper(rng, c.message), sig, pair.publicKey), `polkadot.js accepts a changed message: ${what}`);
      }
    });
  });

  await check(`${scheme}: polkadot.js signs, Canary verifies`, async () => {
    const requests = [];
    cases.forEach((c, i) => {
      const pair = js.pair(c.seed);
      const sig = js.sign(pair, c.message);
      const other = js.pair(cases[(i + 1) % cases.length].seed).publicKey;
      const base = { op: 'verify', scheme, publicKey: toHex(pair.publicKey) };
      requests.push(
        { ...base, message: toHex(c.message), signature: toHex(sig), expect: true, what: 'genuine' },
        { ...base, message: toHex(c.message), signature: toHex(tamper(rng, sig)), expect: false, what: 'tampered signature' },
        { ...base, publicKey: toHex(other), message: toHex(c.message), signature: toHex(sig), expect: false, what: 'other key' },
      );
      if (c.message.length > 0) {
        requests.push({ ...base, message: toHex(tamper(rng, c.message)), signature: toHex(sig), expect: false, what: 'changed message' });
      }
      // The scheme-generic entry point (what `canary key verify` uses) must agree.
      requests.push({ ...base, op: 'keys_verify', message: toHex(c.message), signature: toHex(sig), expect: true, what: 'genuine via keys::verify' });
    });
    const res = await helper.requestAll(requests);
    requests.forEach((r, i) => {
      assert.equal(res[i].error, undefined, `${r.what}: ${res[i].error}`);
      assert.equal(res[i].valid, r.expect, `Canary says ${res[i].valid} for ${r.what}: ${JSON.stringify(r).slice(0, 300)}`);
    });
  });
}

await helper.close();
finish(TEST);
