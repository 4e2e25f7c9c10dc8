// `canary debug runtime-version` against @acala-network/chopsticks-executor's get_runtime_version
// (smoldot's executor compiled to wasm) on the real runtimes of ../shared/fixtures: the Kusama and
// Westend genesis `:code` (raw Wasm, old runtimes whose version comes from calling Core_version)
// and the runtime `:code` of each block fixture (zstd-compressed), deduplicated by hash.
//
//   - spec and impl names (chopsticks gives the UTF-8 bytes as hex), authoring, spec and impl
//     versions, the whole apis list in order, the transaction version and the state version
//     (smoldot's `stateVersion` is the byte that sp-version now calls `system_version`) are equal;
//   - `--chain SPEC` and `--wasm FILE` of the same genesis code print the same version;
//   - text output names the same spec;
//   - bad blobs (empty, not Wasm, truncated raw Wasm, truncated or corrupt zstd, a valid module
//     without Core_version) make Canary exit with a non-zero code and an error message, never a
//     crash signal; chopsticks refuses the same blobs (checked last: a panic inside its wasm can
//     leave it unusable).
//
//   node runtime_version.test.mjs <canary_interop_helper> <canary> <fixtures-dir>

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { check, finish, fromHex, makeRng, toHex } from './lib.mjs';

const TEST = 'interop.runtime_version';

let chopsticks;
try {
  chopsticks = await import('@acala-network/chopsticks-executor');
} catch (e) {
  console.log(
    `SKIPPED: @acala-network/chopsticks-executor cannot be loaded (${e.message}).\n` +
      'Run scripts/setup (it runs `npm ci` in tests/interop) and rerun the interop tests.',
  );
  process.exit(77);
}
const { get_runtime_version } = chopsticks;

const [, canary, fixturesDir] = process.argv.slice(2);
if (!canary || !existsSync(canary) || !fixturesDir || !existsSync(fixturesDir)) {
  console.error(`usage: node ${process.argv[1]} <canary_interop_helper> <canary> <fixtures-dir>`);
  process.exit(2);
}
const rng = makeRng(TEST);
await cryptoWaitReady();
const CORE_API_ID = blake2AsHex('Core', 64); // a runtime API's id is blake2_64 of its name
const CODE_KEY = '0x3a636f6465'; // ":code"
const ZSTD_PREFIX = '52bc537646db8e05';

const tmp = mkdtempSync(join(tmpdir(), 'canary-runtime-version-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function run(args) {
  const r = spawnSync(canary, args, { encoding: 'utf8', timeout: 30_000, maxBuffer: 1 << 24 });
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr,
    cmd: `canary ${args.join(' ')}`,
  };
}

function runJson(args) {
  const r = run([...args, '--output-type', 'json']);
  assert.equal(r.signal, null, `${r.cmd} was killed by ${r.signal}`);
  assert.equal(r.code, 0, `${r.cmd} exited with ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// ---- the real runtimes ------------------------------------------------------------------------

// [{name, hex, chainSpec?}] deduplicated by the blob's hash (both fixtures may run one runtime).
const blobs = [];
function addBlob(name, hex, chainSpec) {
  assert.match(hex, /^0x[0-9a-f]+$/, `${name}: :code is not hex`);
  const hash = createHash('sha256').update(fromHex(hex)).digest('hex');
  const seen = blobs.find((b) => b.hash === hash);
  if (seen) {
    seen.names.push(name);
    return;
  }
  const file = join(tmp, `${blobs.length}.wasm`);
  writeFileSync(file, fromHex(hex));
  blobs.push({ names: [name], hex, hash, file, chainSpec });
}

for (const chain of ['kusama', 'westend']) {
  const path = join(fixturesDir, 'chain-specs', `${chain}.json`);
  const spec = JSON.parse(readFileSync(path, 'utf8'));
  addBlob(`${chain} genesis`, spec.genesis.raw.top[CODE_KEY], path);
}
const blockFixtures = readdirSync(join(fixturesDir, 'blocks')).filter((f) => f.endsWith('.json')).sort();
assert.ok(blockFixtures.length > 0, `no block fixtures in ${fixturesDir}/blocks`);
for (const f of blockFixtures) {
  const fixture = JSON.parse(readFileSync(join(fixturesDir, 'blocks', f), 'utf8'));
  addBlob(`${f} runtime`, fixture.parentStorage.mainTrie[CODE_KEY]);
}
console.log(
  `[${TEST}] ${blobs.length} distinct runtime blobs: ` +
    blobs.map((b) => `${b.names.join(' = ')} (${(b.hex.length - 2) / 2} bytes, ` +
      `${b.hex.slice(2, 18) === ZSTD_PREFIX ? 'zstd' : 'raw'}, sha256 ${b.hash.slice(0, 12)}…)`).join('; '),
);

const utf8Hex = (text) => toHex(Buffer.from(text, 'utf8'));

for (const blob of blobs) {
  const name = blob.names.join(' = ');
  await check(`${name}: Canary's version equals chopsticks' get_runtime_version field by field`, async () => {
    const peer = await get_runtime_version(blob.hex);
    const ours = runJson(['debug', 'runtime-version', '--wasm', blob.file]);
    const label = `${ours.specName}/${ours.specVersion}`;
    console.log(
      `      ${name}: ${label}, impl ${ours.implName}/${ours.implVersion}, ` +
        `${ours.apis.length} apis, transaction ${ours.transactionVersion}, ` +
        `system ${ours.systemVersion}, state ${ours.stateVersion} ` +
        `(chopsticks: transaction ${peer.transactionVersion}, state ${peer.stateVersion})`,
    );
    // Every field chopsticks reports, and nothing unexpected: a new field should be looked at.
    assert.deepEqual(
      Object.keys(peer).sort(),
      ['apis', 'authoringVersion', 'implName', 'implVersion', 'specName', 'specVersion',
        'stateVersion', 'transactionVersion'],
      'chopsticks-executor reports other fields than this test knows',
    );
    const diffs = [];
    const same = (field, a, b) => {
      try {
        assert.deepEqual(a, b);
      } catch {
        diffs.push(`${field}: Canary ${JSON.stringify(a)}, chopsticks ${JSON.stringify(b)}`);
      }
    };
    same('specName (UTF-8 hex)', utf8Hex(ours.specName), peer.specName);
    same('implName (UTF-8 hex)', utf8Hex(ours.implName), peer.implName);
    same('authoringVersion', ours.authoringVersion, peer.authoringVersion);
    same('specVersion', ours.specVersion, peer.specVersion);
    same('implVersion', ours.implVersion, peer.implVersion);
    same('apis', ours.apis, peer.apis.map(([id, v]) => [id, v]));
    // The one known difference: a runtime with Core < 3 encodes no transaction version. smoldot
    // then reports 0 (`transaction_version.unwrap_or_default()` in chopsticks' task.rs), while
    // sp-version's decode_with_version_hint (what a Polkadot-SDK node serves) defaults it to 1.
    // Canary follows sp-version; the difference is allowed only in exactly that case.
    const core = peer.apis.find(([id]) => id === CORE_API_ID)?.[1];
    if (core !== undefined && core < 3 && peer.transactionVersion === 0) {
      console.log(
        `      known difference: Core v${core} encodes no transaction version; chopsticks says 0, ` +
          `sp-version (and Canary must) say 1; Canary: ${ours.transactionVersion}`,
      );
      same('transactionVersion (Core < 3: sp-version default)', ours.transactionVersion, 1);
    } else {
      same('transactionVersion', ours.transactionVersion, peer.transactionVersion);
    }
    // smoldot decodes the trailing byte as a trie version (0 or 1 only) and calls it
    // stateVersion; Canary keeps the byte (systemVersion) and derives stateVersion from it.
    same('stateVersion', ours.stateVersion, peer.stateVersion);
    same('systemVersion (smoldot: stateVersion)', ours.systemVersion, peer.stateVersion);
    assert.equal(diffs.length, 0, `${name}: fields differ:\n  ${diffs.join('\n  ')}`);
    assert.ok(ours.apis.length > 0, 'no runtime APIs');
  });
}

for (const blob of blobs.filter((b) => b.chainSpec)) {
  await check(`${blob.names[0]}: --chain and --wasm give the same version; text names the spec`, async () => {
    const viaChain = runJson(['debug', 'runtime-version', '--chain', blob.chainSpec]);
    const viaWasm = runJson(['debug', 'runtime-version', '--wasm', blob.file]);
    assert.deepEqual(viaChain, viaWasm);
    const text = run(['debug', 'runtime-version', '--chain', blob.chainSpec]);
    assert.equal(text.code, 0, text.stderr);
    const peer = await get_runtime_version(blob.hex);
    const peerName = Buffer.from(fromHex(peer.specName)).toString('utf8');
    assert.match(text.stdout, new RegExp(`^Spec name: +${peerName}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^Spec version: +${peer.specVersion}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^APIs: +${peer.apis.length}$`, 'm'));
  });
}

// ---- bad blobs --------------------------------------------------------------------------------

const raw = blobs.find((b) => b.hex.slice(2, 18) !== ZSTD_PREFIX);
const compressed = blobs.find((b) => b.hex.slice(2, 18) === ZSTD_PREFIX);
const rawBytes = raw ? fromHex(raw.hex) : null;
const zstdBytes = compressed ? fromHex(compressed.hex) : null;
const cut = (bytes, fraction) => bytes.subarray(0, Math.max(9, Math.floor(bytes.length * fraction)));
const badBlobs = [
  ['empty file', new Uint8Array(0)],
  ['not Wasm (random bytes)', rng.bytes(4096)],
  ['not Wasm (text)', Buffer.from('this is not a runtime\n')],
  ['Wasm magic only', fromHex('0x0061736d')],
  ['valid empty module, no Core_version', fromHex('0x0061736d01000000')],
  ['wrong Wasm version', fromHex('0x0061736d02000000')],
];
if (rawBytes) {
  const fraction = 0.5 + rng.int(40) / 100;
  badBlobs.push([`raw Wasm truncated at ${fraction.toFixed(2)} of its length`, cut(rawBytes, fraction)]);
  badBlobs.push(['raw Wasm truncated after 100 bytes', rawBytes.subarray(0, 100)]);
}
if (zstdBytes) {
  badBlobs.push(['zstd :code truncated at half', cut(zstdBytes, 0.5)]);
  badBlobs.push(['zstd prefix, then 8 bytes', zstdBytes.subarray(0, 16)]);
  badBlobs.push(['zstd prefix only', zstdBytes.subarray(0, 8)]);
  badBlobs.push(['zstd prefix, random bytes', Buffer.concat([zstdBytes.subarray(0, 8), rng.bytes(2048)])]);
  const badMagic = Uint8Array.from(zstdBytes);
  badMagic[8 + rng.int(4)] ^= 1 + rng.int(255); // the zstd frame's magic number
  badBlobs.push(['zstd :code with a corrupted zstd magic number', badMagic]);
  const reserved = Uint8Array.from(zstdBytes);
  reserved[12] |= 0x08; // Frame_Header_Descriptor's reserved bit, which decoders must refuse
  // smoldot's zstd decoder (ruzstd) ignores this bit and chopsticks decodes the runtime; libzstd,
  // which polkadot-sdk's sp-maybe-compressed-blob uses, refuses the frame as RFC 8878
  // §3.1.1.1.1.4 requires, and so does Canary.
  badBlobs.push(['zstd :code with the reserved frame header bit set', reserved, 'peer lenient']);
}

const refusedByCanary = [];
await check(`Canary refuses ${badBlobs.length} bad blobs with an error exit, no crash`, async () => {
  const problems = [];
  for (const [what, bytes] of badBlobs) {
    const file = join(tmp, 'bad.wasm');
    writeFileSync(file, bytes);
    for (const extra of [[], ['--output-type', 'json']]) {
      const r = run(['debug', 'runtime-version', '--wasm', file, ...extra]);
      const firstLine = (r.stderr ?? '').trim().split('\n')[0];
      if (r.signal !== null) problems.push(`${what}: killed by ${r.signal} (${firstLine})`);
      else if (r.code === 0) problems.push(`${what}: accepted, printed ${r.stdout.slice(0, 200)}`);
      else if (!/^Error: .+/.test(firstLine)) problems.push(`${what}: exit ${r.code} without an error message`);
      else if (r.stdout !== '') problems.push(`${what}: printed to stdout as well: ${r.stdout.slice(0, 200)}`);
      if (extra.length === 0 && r.code !== 0 && r.signal === null) {
        refusedByCanary.push(what);
        console.log(`      ${what}: exit ${r.code}, ${firstLine}`);
      }
    }
  }
  assert.equal(problems.length, 0, problems.join('\n'));
  const missing = run(['debug', 'runtime-version', '--wasm', join(tmp, 'does-not-exist.wasm')]);
  assert.equal(missing.signal, null);
  assert.notEqual(missing.code, 0, 'a missing file is accepted');
});

// Last: chopsticks refuses the same blobs (a Rust panic inside its wasm may poison it afterwards).
await check('chopsticks-executor also refuses every blob Canary refused', async () => {
  const accepted = [];
  for (const [what, bytes, peerLenient] of badBlobs.filter(([w]) => refusedByCanary.includes(w))) {
    try {
      const v = await get_runtime_version(toHex(bytes));
      if (peerLenient) {
        console.log(`      known difference: ${what}: chopsticks decodes it (spec ${v.specVersion})`);
      } else {
        accepted.push(`${what}: chopsticks decoded ${JSON.stringify(v).slice(0, 200)}`);
      }
    } catch {
      // refused (a JsError or a trap), as Canary did
    }
  }
  assert.equal(accepted.length, 0, accepted.join('\n'));
});

finish(TEST);
