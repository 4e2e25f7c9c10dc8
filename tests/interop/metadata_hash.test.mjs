// RFC-0078 metadata hash (CheckMetadataHash mode 1) against the npm peers:
//   - Canary's BLAKE3 against @noble/hashes on random inputs around the block and chunk sizes;
//   - the hand-built sample registries of the unit tests (tests/unit/runtime/
//     merkleized_metadata_samples.hpp, via the helper): Canary's digests equal
//     @polkadot-api/merkleize-metadata's;
//   - the built runtime: merkleize-metadata's digest of the metadata V15 the blob returns equals
//     the digest the pack step wrote into the runtime's slot (read from the uncompressed
//     canary_runtime.wasm the same pack step wrote next to the blob) and the helper's;
//   - polkadot.js signs balances.transferKeepAlive with mode 1 and that digest: the blob accepts it
//     on the development genesis; signed with another digest, or with mode 1 over no digest, it is
//     refused with Invalid(BadProof).
//
//   node metadata_hash.test.mjs <canary_interop_helper> <canary> <runtime blob>

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { blake3 } from '@noble/hashes/blake3';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Helper, check, finish, fromHex, makeRng, toHex } from './lib.mjs';
import { metadataV15Bytes, registryFor, runtimeCall as runtimeCallOf, runtimeVersionJson } from './runtime_blob.mjs';

const TEST = 'interop.metadata_hash';
const [helperPath, canary, blobPath] = process.argv.slice(2);
if (!helperPath || !existsSync(helperPath) || !canary || !existsSync(canary) || !blobPath || !existsSync(blobPath)) {
  console.error(`usage: node ${process.argv[1]} <canary_interop_helper> <canary> <runtime blob>`);
  process.exit(2);
}
const rng = makeRng(TEST);
const helper = new Helper(helperPath);
await cryptoWaitReady();

// Kusama's chain properties, which the pack step puts into the digest (runtime/CMakeLists.txt).
const KUSAMA = { base58Prefix: 2, decimals: 12, tokenSymbol: 'KSM' };

const runtimeCall = (method, input = '0x', preset = null) =>
  runtimeCallOf(canary, blobPath, method, input, preset);

await check('BLAKE3 matches @noble/hashes', async () => {
  const inputs = [
    ...Array.from({ length: 200 }, (_, n) => rng.bytes(n)),
    ...[1023, 1024, 1025, 2047, 2048, 2049, 3072, 4097, 8191, 8193].map((n) => rng.bytes(n)),
    ...Array.from({ length: 5 }, () => rng.bytes(1 + rng.int(200_000))),
  ];
  const res = await helper.requestAll(inputs.map((d) => ({ op: 'hash', algo: 'blake3_256', data: toHex(d) })));
  inputs.forEach((d, i) => assert.equal(res[i].hex, toHex(blake3(d)), `${d.length} bytes`));
});

await check('the hand-built sample registries: the same digests as merkleize-metadata', async () => {
  const { samples } = await helper.call({ op: 'metadata_samples' });
  assert.ok(samples.length >= 4);
  for (const sample of samples) {
    assert.equal(sample.error, undefined, `${sample.name}: ${sample.error}`);
    const theirs = merkleizeMetadata(fromHex(sample.metadata), sample.extra);
    assert.equal(toHex(theirs.digest()), sample.hash, sample.name);
  }
  // The samples cover an empty tree (the all-zero root) and a one-leaf tree.
  assert.ok(samples.some((s) => s.leaves === 0 && /^0x0{64}$/.test(s.typesTreeRoot)));
  assert.ok(samples.some((s) => s.leaves === 1));
  // Pruning: the sample with unreachable types hashes like the one without.
  const byName = Object.fromEntries(samples.map((s) => [s.name, s]));
  assert.equal(byName['mixed with unreachable types'].hash, byName.mixed.hash);
  // A change the digest must see: other extra information.
  const other = merkleizeMetadata(fromHex(byName.mixed.metadata), { ...byName.mixed.extra, decimals: 3 });
  assert.notEqual(toHex(other.digest()), byName.mixed.hash);
});

const v15 = metadataV15Bytes(canary, blobPath);
const version = runtimeVersionJson(canary, blobPath);
const digest = toHex(
  merkleizeMetadata(v15, { ...KUSAMA, specName: version.specName, specVersion: version.specVersion }).digest(),
);
console.log(`[${TEST}] metadata hash of the runtime: ${digest}`);

await check('the runtime carries the digest merkleize-metadata computes from its metadata V15', async () => {
  // The pack step writes the blob and the uncompressed code from the same patched bytes.
  const wasmPath = blobPath.replace(/\.compact\.compressed\.wasm$/, '.wasm');
  assert.notEqual(wasmPath, blobPath);
  const wasm = readFileSync(wasmPath);
  const marker = Buffer.from('canary-md-hash!!');
  const at = wasm.indexOf(marker);
  assert.ok(at >= 0, 'no metadata-hash slot');
  assert.equal(wasm.indexOf(marker, at + 1), -1, 'the slot marker occurs more than once');
  assert.equal(wasm[at + 16], 1, 'the slot is not marked present');
  assert.equal(toHex(wasm.subarray(at + 17, at + 49)), digest);
  // Canary's own merkleization of the same bytes agrees too.
  const ours = await helper.call({ op: 'metadata_digest', metadata: toHex(v15), ...KUSAMA, specName: version.specName, specVersion: version.specVersion });
  assert.equal(ours.hash, digest);
  assert.ok(ours.leaves > 100, `${ours.leaves} leaves`);
});

await check('polkadot.js-signed transferKeepAlive with mode 1: accepted with the digest, BadProof otherwise', () => {
  const { registry, metadata } = registryFor(v15);
  assert.equal(registry.signedExtensions.at(-1), 'CheckMetadataHash');
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const genesis = '0x' + '47'.repeat(32);
  const transfer = registry.createType('Call', { callIndex: [4, 3], args: { dest: { Id: bob.address }, value: 1_000_000_000_000n } });
  assert.equal(`${transfer.section}.${transfer.method}`, 'balances.transferKeepAlive');
  const signed = (options) => {
    const ext = registry.createType('Extrinsic', transfer);
    ext.sign(alice, {
      blockHash: genesis,
      genesisHash: genesis,
      era: registry.createType('ExtrinsicEra', '0x00'),
      nonce: 0,
      runtimeVersion: { specVersion: version.specVersion, transactionVersion: version.transactionVersion },
      signedExtensions: registry.signedExtensions,
      tip: 0,
      ...options,
    });
    return ext;
  };
  const validate = (ext) =>
    runtimeCall('TaggedTransactionQueue_validate_transaction', u8aToHex(new Uint8Array([2, ...ext.toU8a(), ...fromHex(genesis)])), 'development');

  const good = signed({ mode: 1, metadataHash: digest });
  assert.equal(good.mode.toNumber(), 1);
  const validity = registry.createType('TransactionValidity', validate(good));
  assert.ok(validity.isOk, `validate_transaction: ${validity.toString()}`);
  assert.equal(validity.asOk.provides.length, 1);

  // Another digest (as from other metadata): the signed data differ.
  const wrongHash = fromHex(digest);
  wrongHash[rng.int(32)] ^= 1 + rng.int(255);
  assert.equal(validate(signed({ mode: 1, metadataHash: toHex(wrongHash) })), '0x010004'); // Invalid(BadProof)
  // Mode 1 sent, but signed without the digest (None in the signed data).
  assert.equal(validate(signed({ mode: 1 })), '0x010004');
  // Mode 0 still works alongside.
  assert.ok(registry.createType('TransactionValidity', validate(signed({ mode: 0 }))).isOk);
});

await helper.close();
finish(TEST);
