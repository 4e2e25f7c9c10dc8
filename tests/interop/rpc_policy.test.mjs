// Which RPC methods a real `canary --dev` node serves under --rpc-methods, and what it warns about
// at start-up, as a Substrate node does:
//
//   - `--rpc-external --rpc-methods unsafe` prints sc-cli's warning "It isn't safe to expose RPC
//     publicly without a proxy server that filters available set of RPC methods.";
//   - under `--rpc-methods safe`, transactionWatch_v1_submitAndWatch is served (it is a safe method
//     in Substrate): a bad transaction gets a subscription and then an `invalid` event, not
//     -32601; unsafe methods (author_rotateKeys) still answer -32601;
//   - `--rpc-max-batch-request-len 3` (sc-cli's flag): a batch of 4 calls is answered with
//     jsonrpsee's single error -32010 "The batch request was too large", data "Exceeded max limit
//     of 3", null id; a batch of 3 is served.
//
//   node rpc_policy.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.rpc_policy';
const [, canary] = process.argv.slice(2);

// A WebSocket to `dev`, retried until the node's RPC server listens.
async function connect(dev, deadlineMs = 60000) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await new Promise((resolve, reject) => {
        const socket = new WebSocket(dev.url);
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (e) {
      if (Date.now() > until) throw new Error(`no RPC server: ${e.message}\n${dev.tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

// The next `count` messages on `socket`.
function messages(socket, count, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const got = [];
    const timer = setTimeout(() => reject(new Error(`only ${JSON.stringify(got)}`)), timeoutMs);
    const on = (data) => {
      got.push(JSON.parse(data.toString()));
      if (got.length === count) {
        clearTimeout(timer);
        socket.off('message', on);
        resolve(got);
      }
    };
    socket.on('message', on);
  });
}

await check('--rpc-external --rpc-methods unsafe warns at start-up', async () => {
  const dev = new DevNode(canary);
  dev.extraArgs = ['--rpc-external', '--rpc-methods', 'unsafe'];
  try {
    await dev.start();
    const socket = await connect(dev);
    socket.close();
    assert.match(dev.log, /It isn't safe to expose RPC publicly without a proxy server that filters available set of RPC methods\./,
      dev.tail());
  } finally {
    await dev.stop();
  }
});

await check('--rpc-methods safe serves transactionWatch_v1_submitAndWatch', async () => {
  const dev = new DevNode(canary);
  dev.extraArgs = ['--rpc-methods', 'safe'];
  try {
    await dev.start();
    const socket = await connect(dev);
    const reply = messages(socket, 2);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'transactionWatch_v1_submitAndWatch', params: ['0x00'] }));
    const [answer, event] = await reply;
    assert.equal(typeof answer.result, 'string', JSON.stringify(answer));
    assert.equal(event.method, 'transactionWatch_v1_watchEvent', JSON.stringify(event));
    assert.equal(event.params.subscription, answer.result);
    assert.equal(event.params.result.event, 'invalid', JSON.stringify(event));

    const unsafe = messages(socket, 1);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'author_rotateKeys', params: [] }));
    const [refused] = await unsafe;
    assert.equal(refused.error?.code, -32601, JSON.stringify(refused));
    socket.close();
  } finally {
    await dev.stop();
  }
});

await check('--rpc-max-batch-request-len refuses longer batches with -32010', async () => {
  const dev = new DevNode(canary);
  dev.extraArgs = ['--rpc-max-batch-request-len', '3'];
  const call = (id) => ({ jsonrpc: '2.0', id, method: 'system_name', params: [] });
  try {
    await dev.start();
    const socket = await connect(dev);
    const first = messages(socket, 1);
    socket.send(JSON.stringify([call(1), call(2), call(3), call(4)]));
    const [refused] = await first;
    assert.deepEqual(refused, {
      jsonrpc: '2.0', id: null,
      error: { code: -32010, message: 'The batch request was too large', data: 'Exceeded max limit of 3' },
    });
    const second = messages(socket, 1);
    socket.send(JSON.stringify([call(1), call(2), call(3)]));
    const [answered] = await second;
    assert.ok(Array.isArray(answered) && answered.length === 3, JSON.stringify(answered));
    socket.close();
  } finally {
    await dev.stop();
  }
});

finish(TEST);
