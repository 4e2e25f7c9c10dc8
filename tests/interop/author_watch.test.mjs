// author_submitAndWatchExtrinsic spoken raw over a WebSocket (the `ws` package; polkadot.js only
// signs the transaction) against a real `canary --dev --dev-block-time 1000`: the subscription id,
// then author_extrinsicUpdate notifications in Substrate's order and form, exactly "ready", then
// {"inBlock": H}, then {"finalized": H} with the same H, and H is a block whose body holds the
// extrinsic.
//
//   node author_watch.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import WebSocket from 'ws';
import { connectApi, DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.author_watch';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary);
dev.extraArgs = ['--dev-block-time', '1000'];

function openWs() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(dev.url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

// Collects the messages of `socket`; next() waits for the next one.
function inbox(socket) {
  const queue = [];
  const waiters = [];
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString());
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  return {
    next(timeoutMs = 60000) {
      if (queue.length) return Promise.resolve(queue.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms\n${dev.tail()}`)), timeoutMs);
        waiters.push((m) => { clearTimeout(timer); resolve(m); });
      });
    },
  };
}

await dev.start();
try {
  const api = await connectApi(dev);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const tx = api.tx.balances.transferKeepAlive(bob.address, 1_000_000_000_000n);
  await tx.signAsync(alice);
  const hex = tx.toHex();

  await check('raw author_submitAndWatchExtrinsic: ready, inBlock(H), finalized(H)', async () => {
    const socket = await openWs();
    const box = inbox(socket);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'author_submitAndWatchExtrinsic', params: [hex] }));
    const answer = await box.next();
    assert.equal(answer.id, 7, JSON.stringify(answer));
    assert.equal(typeof answer.result, 'string', JSON.stringify(answer));
    const sub = answer.result;

    const statuses = [];
    for (;;) {
      const m = await box.next();
      assert.equal(m.method, 'author_extrinsicUpdate', JSON.stringify(m));
      assert.equal(m.params.subscription, sub, JSON.stringify(m));
      statuses.push(m.params.result);
      const last = m.params.result;
      if (typeof last === 'object' && last !== null && ('finalized' in last || 'dropped' in last || 'invalid' in last || 'usurped' in last || 'finalityTimeout' in last)) break;
      if (statuses.length > 10) break;
    }
    assert.equal(statuses.length, 3, JSON.stringify(statuses));
    assert.equal(statuses[0], 'ready', JSON.stringify(statuses));
    const h = statuses[1]?.inBlock;
    assert.match(String(h), /^0x[0-9a-f]{64}$/, JSON.stringify(statuses));
    assert.deepEqual(statuses[2], { finalized: h }, JSON.stringify(statuses));

    const block = await api.rpc.chain.getBlock(h);
    assert.ok(block.block.extrinsics.some((x) => x.toHex() === hex), `${h} does not hold the extrinsic`);

    socket.close();
  });
  await api.disconnect();
} finally {
  await dev.stop();
}
finish(TEST);
