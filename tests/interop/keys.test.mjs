// Keys and addresses: Canary's secret-URI keys (keys::KeyPair) and SS58 against @polkadot/keyring
// and @polkadot/util-crypto.
//
//   - development URIs (//Alice, //Bob//stash, /soft/1, //Alice/soft, ...) and random mnemonics
//     (12..24 words, with and without derivation paths and passwords) give the same public key and
//     SS58 address (prefix 2) as `new Keyring({type, ss58Format: 2}).addFromUri(...)`, for sr25519,
//     ed25519 and ecdsa (whose address is that of blake2_256(public key)); soft junctions on
//     ed25519/ecdsa are refused by both;
//   - the derived keys sign: Canary's signatures verify against the keyring's public key;
//   - SS58 encode/decode of random payloads with random prefixes (0..16383 less 46 and 47) match
//     encodeAddress/decodeAddress; changed characters are judged alike; reserved and out-of-range
//     prefixes are refused by both.

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import {
  base58Encode,
  blake2AsU8a,
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  signatureVerify,
} from '@polkadot/util-crypto';
import { entropyToMnemonic } from '@polkadot/util-crypto/mnemonic/bip39';
import { Helper, check, finish, fromHex, makeRng, parseArgs, toHex } from './lib.mjs';

const TEST = 'interop.keys';
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const SCHEMES = ['sr25519', 'ed25519', 'ecdsa'];

const { helper: helperPath } = parseArgs();
const rng = makeRng(TEST);
const helper = new Helper(helperPath);
await cryptoWaitReady();

const keyrings = Object.fromEntries(SCHEMES.map((type) => [type, new Keyring({ type, ss58Format: 2 })]));

// The keyring's view of a URI: its pair, or the reason it refuses it.
function keyringPair(type, suri) {
  try {
    return { pair: keyrings[type].addFromUri(suri) };
  } catch (e) {
    return { error: e.message };
  }
}

// Compares Canary and the keyring on `cases` = [{type, suri, pjsSuri?}]; pjsSuri is the keyring's
// spelling of the same key when it differs (the keyring needs an explicit phrase before a soft
// junction, where sp-core and Canary default to the development phrase).
async function compareKeys(cases) {
  const res = await helper.requestAll(cases.map(({ type, suri }) => ({ op: 'keypair_from_suri', scheme: type, suri })));
  const message = rng.bytes(40);
  const sigs = await helper.requestAll(
    cases.map(({ type, suri }) => ({ op: 'suri_sign', scheme: type, suri, message: toHex(message) })),
  );
  const refused = [];
  cases.forEach(({ type, suri, pjsSuri }, i) => {
    const what = `${type} ${JSON.stringify(suri)}`;
    const pjs = keyringPair(type, pjsSuri ?? suri);
    if (pjs.error !== undefined) {
      assert.notEqual(res[i].error, undefined, `keyring refuses ${what} (${pjs.error}), Canary gives ${res[i].address}`);
      refused.push(`${type} ${suri}`);
      return;
    }
    assert.equal(res[i].error, undefined, `Canary refuses ${what}: ${res[i].error}`);
    assert.equal(res[i].publicKey, toHex(pjs.pair.publicKey), `public keys differ for ${what}`);
    assert.equal(res[i].address, pjs.pair.address, `addresses differ for ${what}`);
    const verdict = signatureVerify(message, fromHex(sigs[i].signature), pjs.pair.address);
    assert.ok(verdict.isValid, `Canary's signature with ${what} does not verify in polkadot.js`);
    assert.equal(verdict.crypto, type, `polkadot.js takes the signature of ${what} for ${verdict.crypto}`);
  });
  return refused;
}

await check('development URIs match the keyring', async () => {
  const uris = [
    ['//Alice'], ['//Bob'], ['//Bob//stash'], ['//Alice/soft'], ['//Alice//stash/0'], ['//0'],
    ['//1//2'], ['//007'], ['//18446744073709551615'], ['//Alice///secret'], ['//Alice/1///pw'],
    [DEV_PHRASE], [`${DEV_PHRASE}//Alice`],
    // Without a phrase, sp-core (and Canary) use the development phrase; the keyring needs it spelt.
    ['/soft/1', `${DEV_PHRASE}/soft/1`], ['/1', `${DEV_PHRASE}/1`],
  ];
  const refused = [];
  for (const type of SCHEMES) {
    refused.push(...(await compareKeys(uris.map(([suri, pjsSuri]) => ({ type, suri, pjsSuri })))));
  }
  // ed25519 and ecdsa have no soft derivation: exactly their soft paths are refused (by both).
  const hasSoft = (suri) => /(^|[^/])\/[^/]/.test(suri.split('///')[0]);
  const expected = ['ed25519', 'ecdsa'].flatMap((type) =>
    uris.filter(([suri]) => hasSoft(suri)).map(([suri]) => `${type} ${suri}`),
  );
  assert.deepEqual(refused, expected);
});

await check('the //Alice sr25519 key is the well-known one', async () => {
  // Anchors the comparison above on a constant that neither side computes: subkey's //Alice.
  const res = await helper.call({ op: 'keypair_from_suri', scheme: 'sr25519', suri: '//Alice', prefix: 42 });
  assert.equal(res.address, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
});

// Junction text the keyring and sp-core both read the same way: numbers within u64 (sp-core reads
// larger ones as text, the keyring truncates them), names without '/'.
function randomJunction() {
  switch (rng.int(3)) {
    case 0:
      return String(rng.bigSpread(64));
    case 1:
      return rng.pick(['Alice', 'stash', 'polkadot', 'kusama', 'x', 'controller']);
    default: {
      const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';
      return Array.from({ length: 1 + rng.int(40) }, () => chars[rng.int(chars.length)]).join('');
    }
  }
}

function randomPath(allowSoft) {
  let path = '';
  const n = rng.int(4);
  for (let i = 0; i < n; ++i) path += (allowSoft && rng.bool() ? '/' : '//') + randomJunction();
  return path;
}

function randomPassword() {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789 !#$%&*+-.:=?@^_~ÄÖÜßé€';
  return Array.from({ length: 1 + rng.int(24) }, () => chars[rng.int(chars.length)]).join('');
}

// Mnemonics from seeded entropy (reproducible) and a few from mnemonicGenerate (what wallets use).
const mnemonics = [
  ...Array.from({ length: 30 }, () => entropyToMnemonic(rng.bytes(rng.pick([16, 20, 24, 28, 32])))),
  ...[12, 15, 18, 21, 24].map((words) => mnemonicGenerate(words)),
];

await check('mnemonic mini-secrets match (with and without password)', async () => {
  const cases = mnemonics.flatMap((phrase) => [{ phrase, password: '' }, { phrase, password: randomPassword() }]);
  const res = await helper.requestAll(cases.map((c) => ({ op: 'mnemonic_mini_secret', ...c })));
  cases.forEach((c, i) => {
    assert.equal(res[i].miniSecret, toHex(mnemonicToMiniSecret(c.phrase, c.password)), JSON.stringify(c));
  });
});

await check('mnemonic keys with paths and passwords match the keyring', async () => {
  const cases = [];
  for (const phrase of mnemonics) {
    for (const type of SCHEMES) {
      const soft = type === 'sr25519';
      cases.push({ type, suri: phrase });
      cases.push({ type, suri: phrase + randomPath(soft) });
      cases.push({ type, suri: `${phrase}${randomPath(soft)}///${randomPassword()}` });
    }
  }
  assert.deepEqual(await compareKeys(cases), [], 'no case here should be refused');
});

// ---- SS58 -----------------------------------------------------------------------------------------

const PAYLOAD_LENGTHS = [32, 32, 32, 33, 1, 2, 4, 8];

function randomPrefix() {
  for (;;) {
    const p = rng.pick([rng.int(64), rng.int(16384), 0, 2, 42, 63, 64, 16383]);
    if (p !== 46 && p !== 47) return p;
  }
}

const ss58Cases = Array.from({ length: 400 }, () => ({
  payload: rng.bytes(rng.pick(PAYLOAD_LENGTHS)),
  prefix: randomPrefix(),
}));

// decodeAddress only takes the total lengths of one-byte prefixes (3, 4, 6, 10, 35, 36) and of
// 32/33-byte payloads: it refuses the two-byte-prefix account-index addresses that encodeAddress
// makes (payloads of 2, 4 or 8 bytes). Those are checked one way only (polkadot.js encodes,
// Canary decodes).
const pjsCanDecode = (c) => c.prefix < 64 || ![2, 4, 8].includes(c.payload.length);

await check('SS58 encoding matches encodeAddress', async () => {
  const res = await helper.requestAll(
    ss58Cases.map((c) => ({ op: 'ss58_encode', payload: toHex(c.payload), prefix: c.prefix })),
  );
  ss58Cases.forEach((c, i) => {
    assert.equal(res[i].address, encodeAddress(c.payload, c.prefix), `payload ${toHex(c.payload)} prefix ${c.prefix}`);
  });
});

await check('SS58 decoding matches decodeAddress', async () => {
  const addresses = ss58Cases.map((c) => encodeAddress(c.payload, c.prefix));
  const res = await helper.requestAll(addresses.map((address) => ({ op: 'ss58_decode', address })));
  ss58Cases.forEach((c, i) => {
    assert.equal(res[i].error, undefined, `Canary refuses ${addresses[i]}: ${res[i].error}`);
    assert.equal(res[i].payload, toHex(c.payload), addresses[i]);
    assert.equal(res[i].prefix, c.prefix, addresses[i]);
    // decodeAddress with an expected prefix checks it, so this confirms polkadot.js's prefix too.
    if (pjsCanDecode(c)) assert.equal(toHex(decodeAddress(addresses[i], false, c.prefix)), toHex(c.payload));
  });
});

await check('changed SS58 addresses are judged alike', async () => {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const mutated = ss58Cases.filter(pjsCanDecode).map((c) => {
    const address = encodeAddress(c.payload, c.prefix);
    const at = rng.int(address.length);
    let ch;
    do ch = rng.pick([...alphabet, '0', 'O', 'I', 'l']);
    while (ch === address[at]);
    return address.slice(0, at) + ch + address.slice(at + 1);
  });
  const res = await helper.requestAll(mutated.map((address) => ({ op: 'ss58_decode', address })));
  let accepted = 0;
  mutated.forEach((address, i) => {
    let pjs;
    try {
      pjs = toHex(decodeAddress(address));
    } catch (e) {
      pjs = undefined;
    }
    // polkadot.js takes any length after a two-byte prefix (e.g. `Z1aa` gives an empty payload);
    // sp-core, and Canary, only payloads of 1, 2, 4, 8, 32 or 33 bytes.
    const spCoreLength = pjs !== undefined && [1, 2, 4, 8, 32, 33].includes((pjs.length - 2) / 2);
    if (pjs === undefined || !spCoreLength) {
      assert.notEqual(res[i].error, undefined, `Canary accepts ${address}, polkadot.js refuses it or sp-core would`);
    } else {
      // A 1-byte checksum (short payloads) lets a changed address through now and then.
      assert.equal(res[i].payload, pjs, `${address}: Canary ${res[i].error ?? res[i].payload}, polkadot.js ${pjs}`);
      ++accepted;
    }
  });
  assert.ok(accepted < mutated.length / 20, `${accepted} changed addresses accepted: checksum not checked?`);
});

await check('reserved and out-of-range prefixes are refused by both', async () => {
  for (const prefix of [46, 47, 16384, 65535]) {
    const payload = rng.bytes(32);
    assert.throws(() => encodeAddress(payload, prefix), `polkadot.js encodes prefix ${prefix}`);
    const res = await helper.request({ op: 'ss58_encode', payload: toHex(payload), prefix });
    assert.notEqual(res.error, undefined, `Canary encodes prefix ${prefix}: ${res.address}`);
  }
  // Addresses carrying a reserved prefix, built by hand since neither side will encode one. Only
  // the one-byte form: polkadot.js checks the first byte only, so it would take a two-byte
  // encoding of 46 (sp-core and Canary check the prefix value and refuse it).
  for (const prefix of [46, 47]) {
    const body = u8aConcat([prefix], rng.bytes(32));
    const checksum = blake2AsU8a(u8aConcat(stringToU8a('SS58PRE'), body), 512).subarray(0, 2);
    const address = base58Encode(u8aConcat(body, checksum));
    assert.throws(() => decodeAddress(address), `polkadot.js decodes ${address} (prefix ${prefix})`);
    const res = await helper.request({ op: 'ss58_decode', address });
    assert.notEqual(res.error, undefined, `Canary decodes ${address} (prefix ${prefix})`);
  }
});

await helper.close();
finish(TEST);
