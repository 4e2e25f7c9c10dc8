// Running a runtime blob through `canary debug call` and reading its metadata with @polkadot/types:
// the shared plumbing of the tests that check a blob on its own (runtime_sdk, runtime_production,
// metadata_hash).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { fromHex } from './lib.mjs';

// Runtime API `method` of the blob at `blob` with the hex `input`, on the genesis state of
// `preset` when given: the hex output. A failed or killed call fails the check.
export function runtimeCall(canary, blob, method, input = '0x', preset = null) {
  const args = ['debug', 'call', '--wasm', blob, '--method', method, '--input', input];
  if (preset) args.push('--genesis-preset', preset);
  const r = spawnSync(canary, args, { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
  assert.equal(r.signal, null, `${method}: killed by ${r.signal}`);
  assert.equal(r.status, 0, `${method}: ${r.stderr}`);
  return r.stdout.trim();
}

// The blob's runtime version as `canary debug runtime-version --output-type json` prints it.
export function runtimeVersionJson(canary, blob) {
  const r = spawnSync(canary, ['debug', 'runtime-version', '--wasm', blob, '--output-type', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `runtime-version: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Strips a SCALE length prefix (after `skip` bytes, e.g. the Some tag of an Option).
export function unwrapVec(hex, skip = 0) {
  const bytes = fromHex(hex).subarray(skip);
  const mode = bytes[0] & 3;
  const prefix = mode === 0 ? 1 : mode === 1 ? 2 : 4;
  return bytes.subarray(prefix);
}

// Metadata_metadata_at_version(15) of the blob: Option<OpaqueMetadata>, unwrapped.
export function metadataV15Bytes(canary, blob) {
  return unwrapVec(runtimeCall(canary, blob, 'Metadata_metadata_at_version', '0x0f000000'), 1);
}

// A @polkadot/types registry set up with the metadata `metadataBytes`.
export function registryFor(metadataBytes) {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, metadataBytes);
  registry.setMetadata(metadata);
  return { registry, metadata };
}
