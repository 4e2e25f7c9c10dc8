// The production Canary runtime blob (CMake CANARY_RUNTIME_PRODUCTION: the runtime compiled with
// CANARY_RUNTIME_WITHOUT_SUDO) next to the one the node embeds:
//   - @polkadot/types decodes its metadata V15, every type constructs, and its pallets are the
//     embedded blob's without Sudo (Kusama has none);
//   - Core_version answers as the embedded blob's does;
//   - the genesis presets build and carry no sudo section, and a configuration with one is refused.
//
//   node runtime_production.test.mjs <canary_interop_helper> <canary> <production blob> <blob>

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { u8aToHex } from '@polkadot/util';
import { check, finish, fromHex } from './lib.mjs';
import { metadataV15Bytes, registryFor, runtimeCall as runtimeCallOf } from './runtime_blob.mjs';

const TEST = 'interop.runtime_production';
const [, canary, productionPath, embeddedPath] = process.argv.slice(2);
if (![canary, productionPath, embeddedPath].every((p) => p && existsSync(p))) {
  console.error(`usage: node ${process.argv[1]} <helper> <canary> <production blob> <blob>`);
  process.exit(2);
}

const runtimeCall = (blob, method, input = '0x', preset = null) =>
  runtimeCallOf(canary, blob, method, input, preset);
const metadataOf = (blob) => registryFor(metadataV15Bytes(canary, blob));

const scaleString = (s) => {
  const bytes = new TextEncoder().encode(s);
  return [...compact(bytes.length), ...bytes];
};

await check('the metadata decodes and lists the embedded blob\'s pallets without Template and Sudo', () => {
  const production = metadataOf(productionPath);
  const embedded = metadataOf(embeddedPath);
  const failures = [];
  for (const t of production.metadata.asLatest.lookup.types) {
    try {
      production.registry.createType(production.registry.lookup.getTypeDef(t.id).type);
    } catch (e) {
      failures.push(`${t.id} ${t.type.path.toString()}: ${e.message}`);
    }
  }
  assert.deepEqual(failures, []);
  const names = (m) => m.metadata.asLatest.pallets.map((p) => p.name.toString());
  assert.ok(names(embedded).includes('Sudo'), 'the embedded blob has Sudo');
  assert.ok(names(embedded).includes('Template'), 'the embedded blob has the pallet template');
  // The development chains' own pallets (the template at 254, Sudo at 255) are all it lacks.
  assert.deepEqual(
    names(production),
    names(embedded).filter((n) => n !== 'Sudo' && n !== 'Template'),
  );
  assert.throws(() => production.registry.createType('Call', { callIndex: [255, 0], args: {} }));
});

await check('Core_version answers as the embedded blob does', () => {
  const { registry } = metadataOf(productionPath);
  const version = registry.createType('RuntimeVersion', runtimeCall(productionPath, 'Core_version'));
  assert.equal(version.specName.toString(), 'canary');
  assert.equal(runtimeCall(productionPath, 'Core_version'), runtimeCall(embeddedPath, 'Core_version'));
});

await check('the presets build without a sudo section; a sudo key is refused', () => {
  for (const preset of ['development', 'local_testnet']) {
    const input = u8aToHex(new Uint8Array([1, ...scaleString(preset)]));
    const json = (blob) => {
      const bytes = fromHex(runtimeCall(blob, 'GenesisBuilder_get_preset', input));
      assert.equal(bytes[0], 1, `${preset}: Some`);
      const mode = bytes[1] & 3;
      return JSON.parse(new TextDecoder().decode(bytes.subarray(1 + (mode === 0 ? 1 : mode === 1 ? 2 : 4))));
    };
    const production = json(productionPath);
    const embedded = json(embeddedPath);
    assert.ok(embedded.sudo, `${preset}: the embedded blob's has one`);
    assert.equal(production.sudo, undefined, preset);
    delete embedded.sudo;
    assert.deepEqual(production, embedded);
    // The preset's genesis builds: GRANDPA's authorities are those of its session keys.
    const authorities = fromHex(runtimeCall(productionPath, 'GrandpaApi_grandpa_authorities', '0x', preset));
    assert.equal(authorities[0] >> 2, preset === 'development' ? 1 : 4);
  }
  const withSudo = new TextEncoder().encode(JSON.stringify({ sudo: { key: null } }));
  const config = u8aToHex(new Uint8Array([...compact(withSudo.length), ...withSudo]));
  // Result<(), String>: Err (1) for the production blob, Ok (0) for the embedded one.
  assert.equal(fromHex(runtimeCall(productionPath, 'GenesisBuilder_build_state', config))[0], 1);
  assert.equal(runtimeCall(embeddedPath, 'GenesisBuilder_build_state', config), '0x00');
});

// SCALE compact length (below 2^30).
function compact(n) {
  if (n < 1 << 6) return [n << 2];
  if (n < 1 << 14) return [((n << 2) | 1) & 0xff, n >> 6];
  const v = (n * 4 + 2) >>> 0;
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}

finish(TEST);
