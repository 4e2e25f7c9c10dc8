// The Canary runtime blob (C++ compiled to wasm32, packed by canary_runtime_pack) against the npm
// peers:
//   - @polkadot/types decodes its metadata V14 and V15 without unknown types: every type of the
//     registry constructs, the pallets and runtime APIs are listed, calls encode as Canary expects,
//     tuple variants (Balances.Unexpected) have unnamed fields and decode;
//   - polkadot.js signs extrinsics (short payloads and > 256-byte ones, which are hashed) that the
//     runtime's own signature check accepts: `validate_transaction` answers Invalid(Payment) for an
//     account without funds, and Invalid(BadProof) once a signature byte is changed;
//   - @acala-network/chopsticks-executor reads the same runtime version from the blob, and runs
//     Core_version and Metadata_metadata with the same results as Canary's executor.
//
//   node runtime_sdk.test.mjs <canary_interop_helper> <canary> <runtime blob>

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, finish, fromHex, toHex } from './lib.mjs';
import { metadataV15Bytes, registryFor, runtimeCall as runtimeCallOf, runtimeVersionJson, unwrapVec } from './runtime_blob.mjs';

const TEST = 'interop.runtime_sdk';
const [, canary, blobPath] = process.argv.slice(2);
if (!canary || !existsSync(canary) || !blobPath || !existsSync(blobPath)) {
  console.error(`usage: node ${process.argv[1]} <canary_interop_helper> <canary> <runtime blob>`);
  process.exit(2);
}
let chopsticks;
try {
  chopsticks = await import('@acala-network/chopsticks-executor');
} catch (e) {
  console.log(`SKIPPED: @acala-network/chopsticks-executor cannot be loaded (${e.message}).`);
  process.exit(77);
}
await cryptoWaitReady();
const blobHex = toHex(readFileSync(blobPath));

const runtimeCall = (method, input = '0x', preset = null) =>
  runtimeCallOf(canary, blobPath, method, input, preset);

const v14 = unwrapVec(runtimeCall('Metadata_metadata'));
const v15 = metadataV15Bytes(canary, blobPath);

for (const [name, bytes, version] of [['V14', v14, 14], ['V15', v15, 15]]) {
  await check(`metadata ${name} decodes, every type constructs`, () => {
    const { registry, metadata } = registryFor(bytes);
    assert.equal(metadata.version, version);
    const latest = metadata.asLatest;
    assert.ok(latest.pallets.some((p) => p.name.toString() === 'System'));
    const failures = [];
    for (const t of latest.lookup.types) {
      try {
        registry.createType(registry.lookup.getTypeDef(t.id).type);
      } catch (e) {
        failures.push(`${t.id} ${t.type.path.toString()}: ${e.message}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(latest.lookup.types.length > 50, 'a real registry');
    // System.remark_with_event is call 7 of pallet 0.
    const call = registry.createType('Call', { callIndex: [0, 7], args: { remark: '0x68656c6c6f' } });
    assert.equal(call.toHex(), '0x00071468656c6c6f');
    assert.equal(`${call.section}.${call.method}`, 'system.remarkWithEvent');
  });
}

await check('metadata V15 lists the runtime APIs and the outer enums', () => {
  const { registry, metadata } = registryFor(v15);
  const v15meta = metadata.asV15;
  const apis = v15meta.apis.map((a) => a.name.toString());
  for (const api of ['Core', 'Metadata', 'BlockBuilder', 'TaggedTransactionQueue', 'AccountNonceApi']) {
    assert.ok(apis.includes(api), `missing ${api}`);
  }
  const core = v15meta.apis.find((a) => a.name.toString() === 'Core');
  assert.deepEqual(core.methods.map((m) => m.name.toString()), ['version', 'execute_block', 'initialize_block']);
  assert.deepEqual(registry.lookup.getSiType(v15meta.outerEnums.callType).path.map((s) => s.toString()), ['canary_runtime', 'RuntimeCall']);
});

await check('Balances.Unexpected: a variant with one unnamed field that polkadot.js decodes', () => {
  const { registry, metadata } = registryFor(v15);
  const latest = metadata.asLatest;
  const balances = latest.pallets.find((p) => p.name.toString() === 'Balances');
  const variants = latest.lookup.getSiType(balances.events.unwrap().type).def.asVariant.variants;
  const unexpected = variants.find((v) => v.name.toString() === 'Unexpected');
  assert.equal(unexpected.index.toNumber(), 22);
  assert.equal(unexpected.fields.length, 1);
  assert.ok(unexpected.fields[0].name.isNone, 'unnamed field');
  assert.equal(unexpected.fields[0].typeName.toString(), 'UnexpectedKind');
  const kind = latest.lookup.getSiType(unexpected.fields[0].type);
  assert.deepEqual(kind.path.map((s) => s.toString()), ['pallet_balances', 'pallet', 'UnexpectedKind']);
  assert.deepEqual(kind.def.asVariant.variants.map((v) => v.name.toString()), ['BalanceUpdated', 'FailedToMutateAccount']);
  // RuntimeEvent::Balances (4) . Unexpected (22) (FailedToMutateAccount (1)).
  const event = registry.createType('Event', fromHex('0x041601'));
  assert.equal(`${event.section}.${event.method}`, 'balances.Unexpected');
  assert.equal(event.data.length, 1);
  assert.equal(event.data[0].toString(), 'FailedToMutateAccount');
  assert.equal(event.toHex(), '0x041601');
});

await check('polkadot.js-signed extrinsics pass the runtime signature check', () => {
  const { registry } = registryFor(v15);
  const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
  const genesis = '0x' + '47'.repeat(32);
  const validate = (xt) =>
    runtimeCall('TaggedTransactionQueue_validate_transaction', u8aToHex(new Uint8Array([2, ...xt, ...fromHex(genesis)])));
  for (const remark of ['0x0102', '0x' + 'ab'.repeat(300)]) {
    const ext = registry.createType('Extrinsic', registry.createType('Call', { callIndex: [0, 0], args: { remark } }));
    ext.sign(alice, {
      blockHash: genesis,
      genesisHash: genesis,
      era: registry.createType('ExtrinsicEra', '0x00'),
      nonce: 0,
      runtimeVersion: { specVersion: 1000, transactionVersion: 1 },
      signedExtensions: registry.signedExtensions,
      tip: 0,
    });
    const xt = ext.toU8a();
    // Err(Invalid(Payment)): the signature verified, the account has nothing to pay with.
    assert.equal(validate(xt), '0x010001', `remark of ${remark.length / 2 - 1} bytes`);
    const tampered = Uint8Array.from(xt);
    tampered[40] ^= 1; // a signature byte
    assert.equal(validate(tampered), '0x010004'); // Err(Invalid(BadProof))
  }
});

await check('polkadot.js signs balances.transferKeepAlive that the dev chain accepts', () => {
  const { registry } = registryFor(v15);
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const genesis = '0x' + '47'.repeat(32);
  const transfer = registry.createType('Call', { callIndex: [4, 3], args: { dest: { Id: bob.address }, value: 1_000_000_000_000n } });
  assert.equal(`${transfer.section}.${transfer.method}`, 'balances.transferKeepAlive');
  const ext = registry.createType('Extrinsic', transfer);
  ext.sign(alice, {
    blockHash: genesis,
    genesisHash: genesis,
    era: registry.createType('ExtrinsicEra', '0x00'),
    nonce: 0,
    runtimeVersion: { specVersion: 1000, transactionVersion: 1 },
    signedExtensions: registry.signedExtensions,
    tip: 0,
  });
  const xt = ext.toU8a();
  const input = u8aToHex(new Uint8Array([2, ...xt, ...fromHex(genesis)]));
  // On the development genesis Alice is endowed: Ok(ValidTransaction { priority, requires: [],
  // provides: [(alice, 0)], longevity, propagate }).
  const validity = runtimeCall('TaggedTransactionQueue_validate_transaction', input, 'development');
  const decoded = registry.createType('TransactionValidity', validity);
  assert.ok(decoded.isOk, `validate_transaction: ${decoded.toString()}`);
  assert.equal(decoded.asOk.provides.length, 1);
  assert.equal(decoded.asOk.requires.length, 0);
  // The fee polkadot.js would show, from the runtime.
  const lenLe = new Uint8Array(4);
  new DataView(lenLe.buffer).setUint32(0, xt.length, true);
  const info = registry.createType(
    'RuntimeDispatchInfo',
    runtimeCall('TransactionPaymentApi_query_info', u8aToHex(new Uint8Array([...xt, ...lenLe])), 'development'),
  );
  assert.ok(info.partialFee.toBigInt() > 0n, `partial fee ${info.partialFee.toString()}`);
  assert.equal(info.class.toString(), 'Normal');
  // Bob's account is also endowed; a transfer by an account without funds cannot pay.
  const charlieless = keyring.addFromUri('//Nobody');
  const poor = registry.createType('Extrinsic', transfer);
  poor.sign(charlieless, {
    blockHash: genesis, genesisHash: genesis, era: registry.createType('ExtrinsicEra', '0x00'), nonce: 0,
    runtimeVersion: { specVersion: 1000, transactionVersion: 1 }, signedExtensions: registry.signedExtensions, tip: 0,
  });
  const refused = runtimeCall('TaggedTransactionQueue_validate_transaction',
    u8aToHex(new Uint8Array([2, ...poor.toU8a(), ...fromHex(genesis)])), 'development');
  assert.equal(refused, '0x010001'); // Invalid(Payment)
});

await check('chopsticks-executor reads the same version and runs the same calls', async () => {
  const ours = runtimeVersionJson(canary, blobPath);
  const theirs = await chopsticks.get_runtime_version(blobHex);
  assert.equal(Buffer.from(theirs.specName.slice(2), 'hex').toString(), ours.specName);
  assert.equal(theirs.specVersion, ours.specVersion);
  assert.equal(theirs.transactionVersion, ours.transactionVersion);
  assert.deepEqual(theirs.apis.map(([id, v]) => [id, v]), ours.apis);
  for (const method of ['Core_version', 'Metadata_metadata']) {
    const response = await chopsticks.run_task(
      {
        id: 1,
        wasm: blobHex,
        calls: [[method, []]],
        mockSignatureHost: 0,
        allowUnresolvedImports: false,
        runtimeLogLevel: 0,
        storageProofSize: 0,
      },
      {
        getStorage: async () => undefined,
        getNextKey: async () => undefined,
        offchainGetStorage: async () => undefined,
        offchainTimestamp: async () => Date.now(),
        offchainRandomSeed: async () => '0x' + '00'.repeat(32),
        offchainSubmitTransaction: async () => false,
      },
    );
    assert.ok(response.Call, `${method}: ${JSON.stringify(response.Error ?? response)}`);
    assert.equal(response.Call.result, runtimeCall(method), method);
  }
});

finish(TEST);
