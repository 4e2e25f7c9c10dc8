// sr25519 VRF: Canary's vrf_sign_js / vrf_verify_js against polkadot.js sr25519VrfSign /
// sr25519VrfVerify (@scure/sr25519) and against schnorrkel itself (@polkadot/wasm-crypto vrfSign /
// vrfVerify), on random keys, messages, contexts and extra data (empty and non-empty).
//
// The 96-byte result is pre-output (32) ‖ proof (64). The pre-output is a function of the key and
// the input only, so it must be identical on all sides; proofs are randomized, so each side must
// accept the others' proofs, and every side must refuse a proof with one byte changed or one made
// for another message, context, extra or key.

import assert from 'node:assert/strict';
import * as wasmCrypto from '@polkadot/wasm-crypto';
import { cryptoWaitReady, sr25519PairFromSeed, sr25519VrfSign, sr25519VrfVerify } from '@polkadot/util-crypto';
import { Helper, check, finish, fromHex, makeRng, parseArgs, tamper, toHex } from './lib.mjs';

const TEST = 'interop.vrf';
const CASES = 40;

const { helper: helperPath } = parseArgs();
const rng = makeRng(TEST);
const helper = new Helper(helperPath);
await cryptoWaitReady();
await wasmCrypto.waitReady();

const safely = (fn) => {
  try {
    return fn() === true;
  } catch {
    return false;
  }
};

// The two polkadot.js-side verifiers, with the argument orders of their APIs.
const scureVerify = (c, sig, pub = c.pair.publicKey) =>
  safely(() => sr25519VrfVerify(c.message, sig, pub, c.context, c.extra));
const schnorrkelVerify = (c, sig, pub = c.pair.publicKey) =>
  safely(() => wasmCrypto.vrfVerify(pub, c.context, c.message, c.extra, sig));

// Empty context / extra are the common case (BABE passes neither through this API), so they come
// up often; an empty extra also takes the "no extra transcript" branch.
const randomField = () => (rng.int(3) === 0 ? new Uint8Array() : rng.bytes(1 + rng.int(rng.bool() ? 16 : 300)));

const cases = Array.from({ length: CASES }, () => {
  const seed = rng.bytes(32);
  return {
    seed,
    pair: sr25519PairFromSeed(seed),
    message: rng.bytes(rng.int(200)),
    context: randomField(),
    extra: randomField(),
  };
});

const request = (op, c, more) => ({
  op,
  seed: toHex(c.seed),
  publicKey: toHex(c.pair.publicKey),
  message: toHex(c.message),
  context: toHex(c.context),
  extra: toHex(c.extra),
  ...more,
});

const describe = (c) =>
  `seed ${toHex(c.seed)} message ${toHex(c.message)} context ${toHex(c.context)} extra ${toHex(c.extra)}`;

// Canary's signatures, made once and used by the checks below.
const canarySigs = (await helper.requestAll(cases.map((c) => request('vrf_sign', c)))).map((r) => {
  assert.equal(r.error, undefined, r.error);
  return fromHex(r.signature);
});

await check('pre-outputs are equal on all three sides', async () => {
  cases.forEach((c, i) => {
    const scure = sr25519VrfSign(c.message, c.pair, c.context, c.extra);
    const schnorrkel = wasmCrypto.vrfSign(c.pair.secretKey, c.context, c.message, c.extra);
    const canary = toHex(canarySigs[i].subarray(0, 32));
    assert.equal(canary, toHex(scure.subarray(0, 32)), `vs @scure/sr25519: ${describe(c)}`);
    assert.equal(canary, toHex(schnorrkel.subarray(0, 32)), `vs schnorrkel: ${describe(c)}`);
  });
});

await check("Canary's proofs verify in polkadot.js and schnorrkel", async () => {
  cases.forEach((c, i) => {
    assert.ok(scureVerify(c, canarySigs[i]), `@scure/sr25519 rejects: ${describe(c)}`);
    assert.ok(schnorrkelVerify(c, canarySigs[i]), `schnorrkel rejects: ${describe(c)}`);
  });
});

await check("polkadot.js's and schnorrkel's proofs verify in Canary", async () => {
  const sigs = cases.flatMap((c) => [
    sr25519VrfSign(c.message, c.pair, c.context, c.extra),
    wasmCrypto.vrfSign(c.pair.secretKey, c.context, c.message, c.extra),
  ]);
  const res = await helper.requestAll(
    sigs.map((sig, i) => request('vrf_verify', cases[i >> 1], { signature: toHex(sig) })),
  );
  res.forEach((r, i) => {
    const from = i % 2 === 0 ? '@scure/sr25519' : 'schnorrkel';
    assert.equal(r.valid, true, `Canary rejects ${from}'s proof (${r.error ?? ''}): ${describe(cases[i >> 1])}`);
  });
});

// A signature/input pair that must not verify, built from case c: `sig` from `maker`.
function corruptions(c, sig, other) {
  const changed = (u8a) => (u8a.length > 0 ? tamper(rng, u8a) : rng.bytes(1));
  return [
    { what: 'changed pre-output byte', c, sig: tamper(rng, sig, rng.int(32)) },
    { what: 'changed proof byte', c, sig: tamper(rng, sig, 32 + rng.int(64)) },
    { what: 'other message', c: { ...c, message: changed(c.message) }, sig },
    { what: 'other context', c: { ...c, context: changed(c.context) }, sig },
    { what: 'other extra', c: { ...c, extra: changed(c.extra) }, sig },
    { what: 'other key', c: { ...c, pair: other.pair }, sig },
  ];
}

await check('tampered proofs fail on every side', async () => {
  const bad = cases.flatMap((c, i) => {
    const other = cases[(i + 1) % cases.length];
    return [
      ...corruptions(c, canarySigs[i], other).map((b) => ({ ...b, maker: 'Canary' })),
      ...corruptions(c, sr25519VrfSign(c.message, c.pair, c.context, c.extra), other).map((b) => ({
        ...b,
        maker: '@scure/sr25519',
      })),
    ];
  });
  const res = await helper.requestAll(
    bad.map((b) => request('vrf_verify', b.c, { signature: toHex(b.sig) })),
  );
  bad.forEach((b, i) => {
    const what = `${b.what} (proof by ${b.maker}): ${describe(b.c)} sig ${toHex(b.sig)}`;
    assert.equal(res[i].valid, false, `Canary accepts ${what}`);
    assert.ok(!scureVerify(b.c, b.sig), `@scure/sr25519 accepts ${what}`);
    assert.ok(!schnorrkelVerify(b.c, b.sig), `schnorrkel accepts ${what}`);
  });
});

await helper.close();
finish(TEST);
