// transaction_v1_broadcast on a real `canary --dev` whose blocks are an hour apart (so the
// transaction stays in its pool; each node authors its own block #1 at start): a node B that connects only AFTER the broadcast call (given A
// with system_addReservedPeer) receives the transaction through /transactions/1 and holds it in
// its pool; transaction_v1_stop ends the operation (a second stop: -32602 "Invalid operation id")
// and takes the transaction out of A's pool.
//
//   node transaction_broadcast.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { call, connectApi, DevNode, rpc, until } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.transaction_broadcast';
const [, canary] = process.argv.slice(2);
const SLOW_BLOCKS = ['--dev-block-time', '3600000'];

const a = new DevNode(canary);
a.extraArgs = SLOW_BLOCKS;
const b = new DevNode(canary);
b.extraArgs = SLOW_BLOCKS;
let api;
try {
  await a.start();
  const aPeer = await until('A\'s RPC', () => rpc(a, 'system_localPeerId'), a);
  api = await connectApi(a);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const tx = api.tx.balances.transferKeepAlive(keyring.addFromUri('//Bob').address, 1_000_000_000n);
  // Immortal: both nodes author (and finalize) their own block #1, so a mortal transaction's
  // checkpoint would be unknown to B.
  await tx.signAsync(keyring.addFromUri('//Alice'), { era: 0 });
  const hex = tx.toHex();

  await check('a peer that connects after transaction_v1_broadcast receives the transaction',
    async () => {
      const id = await rpc(a, 'transaction_v1_broadcast', [hex]);
      assert.equal(typeof id, 'string');
      assert.deepEqual(await rpc(a, 'author_pendingExtrinsics'), [hex]);
      await b.start();
      await until('B\'s RPC', () => rpc(b, 'system_localPeerId'), b);
      assert.deepEqual(await rpc(b, 'author_pendingExtrinsics'), []);
      await rpc(b, 'system_addReservedPeer', [`/ip4/127.0.0.1/tcp/${a.p2pPort}/p2p/${aPeer}`]);
      await until('the transaction in B\'s pool', async () =>
        (await rpc(b, 'author_pendingExtrinsics')).includes(hex), { tail: () => a.tail() + '\n--- B\n' + b.tail() }, 30000);

      assert.equal(await rpc(a, 'transaction_v1_stop', [id]), null);
      assert.deepEqual(await rpc(a, 'author_pendingExtrinsics'), []);
      const again = await call(a, 'transaction_v1_stop', [id]);
      assert.deepEqual(again.error, { code: -32602, message: 'Invalid operation id' });
    });
} finally {
  await api?.disconnect();
  await b.stop();
  await a.stop();
}

finish(TEST);
