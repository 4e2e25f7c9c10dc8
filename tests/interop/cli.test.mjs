// `canary key` against polkadot.js: what the command line prints and signs must be what
// @polkadot/keyring computes for the same secret URI on the Kusama-style prefix 2.
//
//   - `canary key inspect <uri>` (text and --output-type json) prints the keyring's public key,
//     account id and SS58 address, for sr25519, ed25519 and ecdsa, for development URIs and a
//     random mnemonic with a path and a --password;
//   - `canary key sign` signatures verify with polkadot.js signatureVerify (text and --hex
//     messages);
//   - `canary key verify` accepts the keyring's signatures (given an SS58 address or a hex public
//     key) and refuses them with one byte changed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, signatureVerify } from '@polkadot/util-crypto';
import { entropyToMnemonic } from '@polkadot/util-crypto/mnemonic/bip39';
import { check, finish, fromHex, makeRng, parseArgs, tamper, toHex } from './lib.mjs';

const TEST = 'interop.cli';
const SCHEMES = ['sr25519', 'ed25519', 'ecdsa'];

const { canary } = parseArgs();
if (!canary || !existsSync(canary)) {
  console.error(`usage: node ${process.argv[1]} <canary_interop_helper> <canary>`);
  process.exit(2);
}
const rng = makeRng(TEST);
await cryptoWaitReady();
const keyrings = Object.fromEntries(SCHEMES.map((type) => [type, new Keyring({ type, ss58Format: 2 })]));

function run(args, input = '') {
  const r = spawnSync(canary, args, { input, encoding: 'utf8', timeout: 10_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cmd: `canary ${args.map((a) => JSON.stringify(a)).join(' ')}` };
}

function runOk(args, input) {
  const r = run(args, input);
  assert.equal(r.code, 0, `${r.cmd} exited with ${r.code}: ${r.stderr}`);
  return r.stdout;
}

// "  Public key (hex):  0x…" → the value after the label.
function field(text, label) {
  const line = text.split('\n').find((l) => l.trimStart().startsWith(label));
  assert.ok(line, `no "${label}" line in:\n${text}`);
  return line.slice(line.indexOf(label) + label.length).trim();
}

const phrase = entropyToMnemonic(rng.bytes(16));
const password = `pw${rng.u32()}`;
const softPath = `/${rng.u32()}//hard${rng.int(100)}`;

// [scheme, canary arguments, keyring URI]
const inspectCases = SCHEMES.flatMap((type) => [
  [type, ['//Alice'], '//Alice'],
  [type, ['//Bob//stash'], '//Bob//stash'],
  [type, [`${phrase}//${rng.u32()}`], null],
  [type, ['--password', password, `${phrase}//x`], `${phrase}//x///${password}`],
  ...(type === 'sr25519'
    ? [
        [type, ['//Alice/soft'], '//Alice/soft'],
        [type, [`${phrase}${softPath}`], `${phrase}${softPath}`],
      ]
    : []),
]).map(([type, args, uri]) => [type, args, uri ?? args[args.length - 1]]);

await check('key inspect (text) prints the keyring key and prefix-2 address', async () => {
  for (const [type, args, uri] of inspectCases) {
    const pair = keyrings[type].addFromUri(uri);
    const out = runOk(['key', 'inspect', '--scheme', type, ...args]);
    const what = `${type} ${uri}`;
    assert.equal(field(out, 'Public key (hex):'), toHex(pair.publicKey), what);
    assert.equal(field(out, 'SS58 Address:'), pair.address, what);
    assert.equal(field(out, 'Account ID:'), toHex(decodeAddress(pair.address)), what);
  }
});

await check('key inspect --output-type json prints the keyring key and prefix-2 address', async () => {
  for (const [type, args, uri] of inspectCases) {
    const pair = keyrings[type].addFromUri(uri);
    const out = JSON.parse(runOk(['key', 'inspect', '--scheme', type, '--output-type', 'json', ...args]));
    const what = `${type} ${uri}`;
    assert.equal(out.publicKey, toHex(pair.publicKey), what);
    assert.equal(out.ss58Address, pair.address, what);
    assert.equal(out.accountId, toHex(decodeAddress(pair.address)), what);
  }
});

await check('key inspect //Alice without options is the sr25519 //Alice of the keyring', async () => {
  const pair = keyrings.sr25519.addFromUri('//Alice');
  const out = runOk(['key', 'inspect', '//Alice']);
  assert.equal(field(out, 'Public key (hex):'), toHex(pair.publicKey));
  assert.equal(field(out, 'SS58 Address:'), pair.address);
});

function randomText() {
  const chars = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:;!?/\'"äöüé€😀';
  return Array.from({ length: rng.int(60) }, () => rng.pick([...chars])).join('');
}

await check('key sign: polkadot.js verifies the signatures', async () => {
  for (const type of SCHEMES) {
    for (const uri of ['//Alice', `${phrase}//signer`]) {
      const pair = keyrings[type].addFromUri(uri);
      const text = randomText();
      // --message=… so that a message starting with '-' is not read as an option; an empty one
      // (which CLI11 does not take in that form) and every other one come on standard input.
      const viaStdin = text === '' || rng.bool();
      const args = ['key', 'sign', '--scheme', type, '--suri', uri];
      const sigText = (viaStdin ? runOk(args, text) : runOk([...args, `--message=${text}`])).trim();
      let v = signatureVerify(stringToU8a(text), fromHex(sigText), pair.address);
      assert.ok(v.isValid && v.crypto === type, `${type} ${uri} text ${JSON.stringify(text)}: ${sigText}`);

      const bytes = rng.bytes(rng.int(300));
      const sigHex = runOk(['key', 'sign', '--scheme', type, '--suri', uri, '--hex', `--message=${toHex(bytes)}`]).trim();
      v = signatureVerify(bytes, fromHex(sigHex), pair.address);
      assert.ok(v.isValid && v.crypto === type, `${type} ${uri} hex ${toHex(bytes)}: ${sigHex}`);
    }
  }
});

await check('key verify: accepts keyring signatures, refuses tampered ones', async () => {
  for (const type of SCHEMES) {
    const pair = keyrings[type].addFromUri(`${phrase}//verifier`);
    // An ecdsa address is a hash of the key, from which no key can be recovered: hex key only.
    const keys = type === 'ecdsa' ? [toHex(pair.publicKey)] : [pair.address, toHex(pair.publicKey)];
    for (const key of keys) {
      const text = randomText();
      const sig = pair.sign(stringToU8a(text));
      // An empty message goes through standard input (see above).
      const [msgArgs, input] = text === '' ? [[], ''] : [[`--message=${text}`], ''];
      const good = run(['key', 'verify', '--scheme', type, toHex(sig), key, ...msgArgs], input);
      assert.equal(good.code, 0, `${good.cmd}: ${good.stderr}`);
      assert.match(good.stdout, /Signature verifies correctly/, good.cmd);

      const bad = run(['key', 'verify', '--scheme', type, toHex(tamper(rng, sig)), key, ...msgArgs], input);
      assert.notEqual(bad.code, 0, `${bad.cmd} accepted a tampered signature`);

      const bytes = rng.bytes(1 + rng.int(100));
      const sigBytes = pair.sign(bytes);
      const hex = run(['key', 'verify', '--scheme', type, '--hex', toHex(sigBytes), key, `--message=${toHex(bytes)}`]);
      assert.equal(hex.code, 0, `${hex.cmd}: ${hex.stderr}`);
      const otherMessage = run(['key', 'verify', '--scheme', type, '--hex', toHex(sigBytes), key, `--message=${toHex(tamper(rng, bytes))}`]);
      assert.notEqual(otherMessage.code, 0, `${otherMessage.cmd} accepted a signature of another message`);
    }
  }
});

finish(TEST);
