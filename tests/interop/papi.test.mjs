// A real `canary --dev` process against polkadot-api (its WebSocket provider, the new JSON-RPC
// spec: chainHead_v1_follow for blocks, storage and runtime calls, transaction submission):
//   - it follows finalized blocks (finalizedBlock$ moves forward);
//   - it reads storage through its dynamic API (System.Account of Bob);
//   - it signs and submits a Balances.transfer_keep_alive and sees it succeed in a block, with the
//     Balances.Transfer event and Bob's balance up by the amount at that block.
//
//   node papi.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { createClient } from 'polkadot-api';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { getWsProvider } from 'polkadot-api/ws-provider';
import { WebSocket } from 'ws';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.papi';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary);
await dev.start();
await cryptoWaitReady();

// Wait for the RPC port before handing it to polkadot-api (which would retry on its own, slowly).
for (let attempt = 0; ; ++attempt) {
  try {
    await fetch(`http://127.0.0.1:${dev.rpcPort}/health`);
    break;
  } catch (e) {
    if (attempt > 100) throw new Error(`the node did not start:\n${dev.tail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const client = createClient(getWsProvider(dev.url, { websocketClass: WebSocket }));
const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');

function timeout(ms, what) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}\n${dev.tail()}`)), ms));
}

try {
  await check('follows finalized blocks through chainHead_v1', async () => {
    const seen = [];
    await Promise.race([
      new Promise((resolve) => {
        const sub = client.finalizedBlock$.subscribe((b) => {
          seen.push(b.number);
          if (seen.length >= 2 && seen[seen.length - 1] > seen[0]) {
            sub.unsubscribe();
            resolve();
          }
        });
      }),
      timeout(60000, 'two finalized blocks'),
    ]);
    const best = await client.getFinalizedBlock();
    assert.ok(best.number >= 1);
  });

  // polkadot-api drops chainHead operation events that arrive before the "started" answer naming
  // the operation (it then waits forever): this check stalled in about half of the runs until
  // the server held operations back until their answer was queued (rpc::run_after_response).
  await check('transfer_keep_alive signed and submitted by polkadot-api', async () => {
    const api = client.getUnsafeApi();
    const amount = 10n ** 12n;
    const before = await api.query.System.Account.getValue(bob.address);
    const signer = getPolkadotSigner(alice.publicKey, 'Sr25519', (m) => alice.sign(m));
    const tx = api.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: bob.address }, value: amount });
    const result = await Promise.race([tx.signAndSubmit(signer), timeout(90000, 'the transfer')]);
    assert.equal(result.ok, true);
    const names = result.events.map((e) => `${e.type}.${e.value.type}`);
    assert.ok(names.includes('Balances.Transfer'), names.join(','));
    assert.ok(names.includes('System.ExtrinsicSuccess'), names.join(','));
    const after = await api.query.System.Account.getValue(bob.address, { at: result.block.hash });
    assert.equal(after.data.free - before.data.free, amount);
  });
} finally {
  client.destroy();
  await dev.stop();
}
finish(TEST);
