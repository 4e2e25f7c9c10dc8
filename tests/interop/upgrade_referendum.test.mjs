// Forkless runtime upgrades by referendum on a real `canary --dev` node (1 s blocks, the dev
// chain's fast governance timings), with polkadot.js only — no sudo:
//   - the next runtime (spec 1001, runtime/canary/README.md) is noted as a preimage of
//     system.setCode, a root-track referendum on it is submitted, its decision deposit placed,
//     Alice, Bob and Charlie vote aye with 1x conviction; it is confirmed and the Scheduler enacts
//     it: that block has Scheduler.Dispatched (ok) and System.CodeUpdated;
//   - every client follows: state_subscribeRuntimeVersion, polkadot.js's runtime version and
//     metadata, the migration's effect (Template.Something = 1001), a transfer signed after it;
//   - polkadot-api follows the same upgrade through chainHead_v1: the follow subscription's
//     newBlock event of the upgrade block carries newRuntime with spec 1001, polkadot-api reads
//     Template.Something through the new metadata and submits a transfer after the upgrade;
//   - on a second dev node, the other path: a root referendum on system.authorizeUpgrade(hash of
//     the next runtime), then an unsigned system.applyAuthorizedUpgrade(next) anyone sends.
//
//   node upgrade_referendum.test.mjs <canary_interop_helper> <canary> <next runtime blob>

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Keyring } from '@polkadot/api';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { createClient } from 'polkadot-api';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { getWsProvider } from 'polkadot-api/ws-provider';
import { WebSocket } from 'ws';
import { connectApi, DevNode, until } from './dev_node_process.mjs';
import { check, finish, toHex } from './lib.mjs';
import {
  awaitUpgradeBlock, checkUpgraded, find, names, SPEC, submit, submitRootReferendum, transferAfter,
} from './upgrade_support.mjs';

const TEST = 'interop.upgrade_referendum';
const [, canary, nextBlobPath] = process.argv.slice(2);
const next = toHex(readFileSync(nextBlobPath));
// Half of a dev account's 2^60 endowment each: three votes are 12.5 % of the issuance, enough
// support for the root track three quarters into its dev decision period.
const VOTE = (1n << 60n) / 2n;

// The chainHead_v1_follow(withRuntime) events of one subscription, over a raw WebSocket.
function followChainHead(url) {
  const events = [];
  const ws = new WebSocket(url);
  ws.on('open', () => ws.send(JSON.stringify(
    { id: 1, jsonrpc: '2.0', method: 'chainHead_v1_follow', params: [true] })));
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.method === 'chainHead_v1_followEvent') events.push(message.params.result);
  });
  return { events, close: () => ws.close() };
}

async function withDevNode(fn) {
  const dev = new DevNode(canary);
  dev.extraArgs = ['--dev-block-time', '1000'];
  await dev.start();
  let api;
  try {
    api = await connectApi(dev);
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
    const versions = [];
    await api.rpc.state.subscribeRuntimeVersion((v) => versions.push(v.specVersion.toNumber()));
    const accounts = ['Alice', 'Bob', 'Charlie'].map((n) => keyring.addFromUri(`//${n}`));
    await fn(dev, api, accounts, versions);
  } finally {
    if (api) await api.disconnect();
    await dev.stop();
  }
}

await cryptoWaitReady();

await withDevNode(async (dev, api, [alice, bob, charlie], versions) => {
  const follow = followChainHead(dev.url);
  const client = createClient(getWsProvider(dev.url, { websocketClass: WebSocket }));
  try {
    let upgradeBlock;
    await check('a root referendum on system.setCode(next) is enacted by the Scheduler', async () => {
      assert.equal(api.runtimeVersion.specVersion.toNumber(), SPEC);
      const index = await submitRootReferendum(api, api.tx.system.setCode(next), alice,
        [alice, bob, charlie], VOTE);
      upgradeBlock = await awaitUpgradeBlock(dev, 150000);
      const events = await (await api.at(upgradeBlock)).query.system.events();
      assert.ok(find(events, 'system', 'CodeUpdated'), names(events).join(','));
      const dispatched = find(events, 'scheduler', 'Dispatched');
      assert.ok(dispatched && dispatched.event.data[2].isOk, names(events).join(','));
      const info = await api.query.referenda.referendumInfoFor(index);
      assert.ok(info.unwrap().isApproved, info.toString());
    });

    await check('the node runs the next runtime, its migration ran once, a transfer goes in', async () => {
      assert.ok(upgradeBlock, 'no upgrade block');
      await checkUpgraded(dev, api, upgradeBlock, versions);
      await transferAfter(api, alice, bob);
    });

    await check('chainHead_v1 announces the new runtime in the upgrade block\'s newBlock event', async () => {
      assert.ok(upgradeBlock, 'no upgrade block');
      const initialized = follow.events.find((e) => e.event === 'initialized');
      assert.ok(initialized, JSON.stringify(follow.events.slice(0, 2)));
      assert.equal(initialized.finalizedBlockRuntime?.type, 'valid', JSON.stringify(initialized));
      assert.equal(initialized.finalizedBlockRuntime.spec.specVersion, SPEC);
      const announced = await until('the upgrade block in the follow subscription', () =>
        follow.events.find((e) => e.event === 'newBlock' && e.blockHash === upgradeBlock), dev, 30000);
      assert.equal(announced.newRuntime?.type, 'valid', JSON.stringify(announced));
      assert.equal(announced.newRuntime.spec.specVersion, SPEC + 1);
      assert.equal(announced.newRuntime.spec.specName, 'canary');
      // Only the upgrade block changes the runtime.
      const changes = follow.events.filter((e) => e.event === 'newBlock' && e.newRuntime);
      assert.deepEqual(changes.map((e) => e.blockHash), [upgradeBlock]);
    });

    await check('polkadot-api follows the upgrade and submits a transfer after it', async () => {
      const papi = client.getUnsafeApi();
      const something = await until('polkadot-api to read the migration\'s effect', async () =>
        (await papi.query.Template.Something.getValue({ at: 'best' })) === SPEC + 1, dev, 60000);
      assert.ok(something);
      const signer = getPolkadotSigner(charlie.publicKey, 'Sr25519', (m) => charlie.sign(m));
      const amount = 10n ** 12n;
      const tx = papi.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: bob.address }, value: amount });
      const result = await tx.signAndSubmit(signer);
      // Signed by polkadot-api with the spec version and metadata of the runtime it follows: a
      // transaction signed for the old runtime would be refused (CheckSpecVersion).
      assert.equal(result.ok, true, JSON.stringify(result.dispatchError));
    });
  } finally {
    client.destroy();
    follow.close();
  }
});

await withDevNode(async (dev, api, [alice, bob, charlie], versions) => {
  let upgradeBlock;
  await check('a root referendum on system.authorizeUpgrade, then an unsigned applyAuthorizedUpgrade', async () => {
    const hash = blake2AsHex(next, 256);
    await submitRootReferendum(api, api.tx.system.authorizeUpgrade(hash), alice, [alice, bob, charlie], VOTE);
    await until('the authorization to be enacted', async () =>
      (await api.query.system.authorizedUpgrade()).isSome, dev, 150000);
    assert.equal((await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), hash);
    const { block, events } = await submit(api.tx.system.applyAuthorizedUpgrade(next));
    assert.ok(find(events, 'system', 'CodeUpdated'), names(events).join(','));
    assert.ok((await api.query.system.authorizedUpgrade()).isNone);
    upgradeBlock = block.toHex();
  });

  await check('the node runs the next runtime after the authorized upgrade', async () => {
    assert.ok(upgradeBlock, 'no upgrade block');
    await checkUpgraded(dev, api, upgradeBlock, versions);
    await transferAfter(api, alice, bob);
  });
});

finish(TEST);
