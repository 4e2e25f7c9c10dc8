// The legacy RPC methods of issue 22 on a real `canary --dev --dev-block-time 1000`, through
// polkadot.js's own decoders: rpc_methods lists them; grandpa_subscribeJustifications notifies
// the justifications GRANDPA finalizes with; grandpa_proveFinality on a chain without any
// authority set change fails as Substrate's does (code 4, "Block not covered by authority set
// changes"); babe_epochAuthorship lists Alice's slots of the current epoch under her SS58 address;
// offchain_localStorageSet/Get round-trip a PERSISTENT value and refuse LOCAL (5001);
// sync_state_genSyncSpec returns the chain spec with a lightSyncState whose finalized header
// decodes. Under --rpc-methods safe the unsafe ones (babe, offchain) answer -32601.
//
//   node rpc_legacy.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { connectApi, DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.rpc_legacy';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary);
dev.extraArgs = ['--dev-block-time', '1000'];

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('the call succeeded');
}

await dev.start();
try {
  const api = await connectApi(dev);

  await check('rpc_methods lists the legacy methods', async () => {
    const { methods } = (await api.rpc.rpc.methods()).toJSON();
    for (const name of ['grandpa_proveFinality', 'grandpa_roundState', 'grandpa_subscribeJustifications',
      'grandpa_unsubscribeJustifications', 'babe_epochAuthorship', 'sync_state_genSyncSpec',
      'offchain_localStorageGet', 'offchain_localStorageSet', 'offchain_localStorageClear']) {
      assert.ok(methods.includes(name), name);
    }
  });

  await check('grandpa_subscribeJustifications notifies a justification of a finalized block', async () => {
    let unsubscribe;
    const justification = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no justification\n${dev.tail()}`)), 60000);
      api.rpc.grandpa.subscribeJustifications((j) => { clearTimeout(timer); resolve(j); })
        .then((u) => { unsubscribe = u; }, reject);
    });
    if (unsubscribe) unsubscribe();
    // GrandpaJustification: round (u64), commit {target_hash, target_number, precommits}, ...
    const decoded = api.registry.createType('GrandpaJustification', justification.toU8a(true));
    const target = decoded.commit.targetNumber.toNumber();
    assert.ok(target >= 1, `target #${target}`);
    const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    assert.ok(finalized.number.toNumber() >= target);
    assert.equal(decoded.commit.targetHash.toHex(), (await api.rpc.chain.getBlockHash(target)).toHex());
  });

  await check('grandpa_proveFinality without a set change fails as Substrate does', async () => {
    const error = await rejection(api.rpc.grandpa.proveFinality(1));
    assert.match(String(error.message), /^4: GRANDPA prove finality rpc failed: Block not covered by authority set changes/);
    const ahead = await rejection(api.rpc.grandpa.proveFinality(1_000_000));
    assert.match(String(ahead.message), /^4: GRANDPA prove finality rpc failed: Block not yet finalized/);
  });

  await check('babe_epochAuthorship lists Alice\'s slots of the current epoch', async () => {
    const alice = new Keyring({ type: 'sr25519', ss58Format: 2 }).addFromUri('//Alice');
    const claims = await api.rpc.babe.epochAuthorship();
    assert.deepEqual([...claims.keys()].map((k) => k.toString()), [alice.address]);
    const slots = claims.get([...claims.keys()][0]);
    const all = [...slots.primary, ...slots.secondary, ...slots.secondary_vrf].map((s) => Number(s));
    const epochLength = api.consts.babe.epochDuration.toNumber();
    // The only authority claims every slot of the epoch, once.
    assert.equal(all.length, epochLength);
    assert.equal(new Set(all).size, epochLength);
    const current = (await api.query.babe.currentSlot()).toNumber();
    assert.ok(Math.min(...all) <= current && current <= Math.max(...all), `${current}`);
  });

  await check('offchain_localStorageSet / Get round-trip PERSISTENT, refuse LOCAL', async () => {
    await api.rpc.offchain.localStorageSet('PERSISTENT', '0x0102', '0xdeadbeef');
    const value = await api.rpc.offchain.localStorageGet('PERSISTENT', '0x0102');
    assert.ok(value.isSome);
    assert.equal(value.unwrap().toHex(), '0xdeadbeef');
    const missing = await api.rpc.offchain.localStorageGet('PERSISTENT', '0x0103');
    assert.ok(missing.isNone);
    const error = await rejection(api.rpc.offchain.localStorageGet('LOCAL', '0x0102'));
    assert.match(String(error.message), /^5001: This storage kind is not available yet/);
  });

  await check('sync_state_genSyncSpec carries the finalized header', async () => {
    const spec = (await api.rpc.syncstate.genSyncSpec(true)).toJSON();
    assert.equal(spec.id, 'dev');
    assert.ok(spec.genesis.raw.top['0x3a636f6465'], 'the raw genesis has :code');
    const state = spec.lightSyncState;
    const header = api.registry.createType('Header', state.finalizedBlockHeader);
    assert.ok(header.number.toNumber() >= 1);
    assert.equal(typeof state.babeFinalizedBlockWeight, 'number');
    assert.match(state.babeEpochChanges, /^0x01/);
    assert.match(state.grandpaAuthoritySet, /^0x[0-9a-f]+$/);
  });

  await api.disconnect();
} finally {
  await dev.stop();
}

const safe = new DevNode(canary);
safe.extraArgs = ['--rpc-methods', 'safe'];
await safe.start();
try {
  await check('--rpc-methods safe refuses babe_epochAuthorship and offchain_* (-32601)', async () => {
    let answer;
    for (let attempt = 0; attempt < 100 && !answer; ++attempt) {
      try {
        const response = await fetch(`http://127.0.0.1:${safe.rpcPort}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([
            { jsonrpc: '2.0', id: 1, method: 'babe_epochAuthorship', params: [] },
            { jsonrpc: '2.0', id: 2, method: 'offchain_localStorageGet', params: ['PERSISTENT', '0x01'] },
            { jsonrpc: '2.0', id: 3, method: 'offchain_localStorageSet', params: ['PERSISTENT', '0x01', '0x02'] },
            { jsonrpc: '2.0', id: 4, method: 'grandpa_proveFinality', params: [0] },
          ]),
        });
        answer = await response.json();
      } catch {
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    assert.ok(answer, `no RPC server\n${safe.tail()}`);
    const byId = Object.fromEntries(answer.map((a) => [a.id, a]));
    for (const id of [1, 2, 3]) assert.equal(byId[id].error?.code, -32601, JSON.stringify(byId[id]));
    // grandpa_proveFinality is safe: served (here its error for genesis on a chain without a set change).
    assert.equal(byId[4].error?.code, 4, JSON.stringify(byId[4]));
  });
} finally {
  await safe.stop();
}
finish(TEST);
