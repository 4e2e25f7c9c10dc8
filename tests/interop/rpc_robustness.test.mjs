// A real `canary --dev` process fed bad JSON-RPC over HTTP and WebSocket. Every bad message gets
// the error a Substrate node (jsonrpsee) answers with, and the node stays up: after each group of
// checks, system_health and chain_getHeader answer on fresh connections and blocks keep coming.
//
//   - malformed JSON: -32700 with a null id (over HTTP a body that does not start with '{' or
//     '[' is jsonrpsee's 400, other bodies are answered with 200);
//   - a valid JSON value that is no call (a number, a string, null): -32700 as well (jsonrpsee
//     looks at the first character); an object with a wrong or missing "jsonrpc" / "method":
//     -32600 with the call's id;
//   - an unknown method: -32601; a notification of one: no answer;
//   - invalid params of real methods (wrong types, bad hex, wrong hash length, missing): -32602;
//     Substrate's own codes where its methods use them (4002 count too large, 3001 block number
//     above u32); params beyond a method's are ignored, as jsonrpsee's ParamsSequence does;
//   - oversized requests (the default --rpc-max-request-size, 15 MiB): over HTTP 413 with
//     -32007 (a Content-Length above the limit is refused before the body is read); over
//     WebSocket -32007 with a null id, and the connection goes on (jsonrpsee answers soketto's
//     MessageTooLarge so);
//   - batches: an empty batch is -32600, a batch of 3000 calls gets 3000 answers, invalid
//     elements get their own -32600, notifications none, a batch whose answer exceeds the
//     response limit is -32011;
//   - a flood of 3000 garbage frames (text and binary) on one WebSocket: one parse error each, in
//     order, then normal service on the same connection; a text frame that is not UTF-8 closes
//     that connection (1007), as soketto does.
//
//   node rpc_robustness.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import WebSocket from 'ws';
import { DevNode } from './dev_node_process.mjs';
import { check, finish, makeRng } from './lib.mjs';

const TEST = 'interop.rpc_robustness';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary);
const rng = makeRng(TEST);

const MAX_REQUEST = 15 * 1024 * 1024; // sc-cli's default --rpc-max-request-size (MiB)

// ---- HTTP -----------------------------------------------------------------------------------------

function httpUrl() {
  return `http://127.0.0.1:${dev.rpcPort}`;
}

function parseOrText(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { unparsable: text.slice(0, 200) };
  }
}

async function post(body, contentType = 'application/json') {
  const res = await fetch(httpUrl(), {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: text === '' ? undefined : parseOrText(text) };
}

let nextId = 1;
function request(method, params, id = nextId++) {
  const call = { jsonrpc: '2.0', method, id };
  if (params !== undefined) call.params = params;
  return call;
}

async function httpCall(method, params) {
  const r = await post(JSON.stringify(request(method, params)));
  assert.equal(r.status, 200, r.text.slice(0, 300));
  return r.json;
}

// Raw bytes to the RPC port; resolves with everything the server sent until it closed the
// connection (or the timeout).
function rawHttp(text, timeoutMs = 10000) {
  return new Promise((resolve) => {
    let received = '';
    const socket = tcpConnect(dev.rpcPort, '127.0.0.1', () => socket.write(text));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (d) => { received += d.toString('latin1'); });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
  });
}

// ---- WebSocket ------------------------------------------------------------------------------------

class Ws {
  static open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(dev.url, { maxPayload: 256 * 1024 * 1024 });
      const ws = new Ws(socket);
      socket.once('open', () => resolve(ws));
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.queue = [];
    this.waiters = [];
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.waiters.splice(0)) w.reject(new Error(`socket closed (${code})`));
      });
    });
    socket.on('error', () => { /* reported through close */ });
    socket.on('message', (data) => {
      const message = parseOrText(data.toString());
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(message);
      else this.queue.push(message);
    });
  }

  send(data, binary = false) {
    this.socket.send(data, { binary });
  }

  next(timeoutMs = 30000) {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift());
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (m) => { clearTimeout(timer); resolve(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms\n${dev.tail()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  // Sends one text message and returns the next message (what answers it when nothing else is
  // in flight on this connection).
  async exchange(text) {
    this.send(text);
    return this.next();
  }

  async call(method, params) {
    const req = request(method, params);
    this.send(JSON.stringify(req));
    for (;;) {
      const m = await this.next();
      if (m.id === req.id) return m;
    }
  }

  close() {
    this.socket.close();
  }
}

// ---- assertions -----------------------------------------------------------------------------------

function assertError(message, code, id = null, what = '') {
  assert.ok(message && message.error, `${what}: expected error ${code}, got ${JSON.stringify(message).slice(0, 300)}`);
  assert.equal(message.jsonrpc, '2.0', what);
  assert.equal(message.error.code, code, `${what}: ${JSON.stringify(message).slice(0, 300)}`);
  assert.deepEqual(message.id, id, `${what}: id`);
}

async function bestNumber() {
  const r = await httpCall('chain_getHeader', []);
  return Number.parseInt(r.result.number, 16);
}

async function waitForBlockAbove(number, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const best = await bestNumber();
    if (best > number) return best;
    if (Date.now() > deadline) throw new Error(`no block above #${number} within ${timeoutMs} ms\n${dev.tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// After each group: the process lives, fresh HTTP and WebSocket connections are served, and a
// block newer than the one before the group is imported.
let bestBefore = 0;
async function stillServing() {
  assert.equal(dev.process.exitCode, null, `the node exited\n${dev.tail()}`);
  assert.equal(dev.process.signalCode, null, `the node died\n${dev.tail()}`);
  const health = await httpCall('system_health', []);
  assert.equal(typeof health.result.peers, 'number', JSON.stringify(health));
  const ws = await Ws.open();
  const header = await ws.call('chain_getHeader', []);
  assert.match(header.result.number, /^0x[0-9a-f]+$/, JSON.stringify(header));
  const wsHealth = await ws.call('system_health', []);
  assert.equal(typeof wsHealth.result.isSyncing, 'boolean');
  ws.close();
  bestBefore = await waitForBlockAbove(bestBefore);
}

async function group(name, fn) {
  await check(name, async () => {
    await fn();
    await stillServing();
  });
}

// ---- the checks -----------------------------------------------------------------------------------

await dev.start();
try {
  for (let attempt = 0; ; ++attempt) {
    try {
      await httpCall('system_health', []);
      break;
    } catch (e) {
      if (attempt > 300 || dev.process.exitCode !== null) throw new Error(`the node did not come up: ${e}\n${dev.tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  bestBefore = await waitForBlockAbove(0);

  const deep = '['.repeat(100000) + ']'.repeat(100000);
  const malformed = [
    '{',
    '{"jsonrpc":"2.0",',
    '{"jsonrpc":"2.0","method":"system_health","id":1}}',
    '{"jsonrpc":"2.0","method":"system_health","id":1} trailing',
    '{sds}',
    '[1,2',
    '[dsds]',
    '[{"jsonrpc":"2.0","method":"system_health","id":1}',
    '{"jsonrpc":"2.0","method":"system_health","id"}',
    deep,
    '{"a":' + '['.repeat(200) + ']'.repeat(200) + '}',
  ];
  const notStructured = ['1', '"x"', 'null', 'true', '-0.5e3', 'garbage', '\u0001\u0002', ''];

  await group('malformed JSON is -32700 with a null id (HTTP and WebSocket)', async () => {
    for (const body of malformed) {
      const r = await post(body);
      assert.equal(r.status, 200, `${body.slice(0, 60)}: ${r.status}`);
      assertError(r.json, -32700, null, body.slice(0, 60));
    }
    for (const body of notStructured) {
      const r = await post(body);
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.status}`);
      assertError(r.json, -32700, null, JSON.stringify(body));
    }
    const ws = await Ws.open();
    for (const text of [...malformed, ...notStructured.filter((t) => t !== '')]) {
      assertError(await ws.exchange(text), -32700, null, text.slice(0, 60));
    }
    // The connection is still good.
    assert.ok((await ws.call('system_health', [])).result);
    ws.close();
  });

  await group('calls that are no valid request object are -32600 with their id', async () => {
    const cases = [
      [{ jsonrpc: '1.0', method: 'system_health', id: 11 }, 11],
      [{ method: 'system_health', id: 12 }, 12],
      [{ jsonrpc: '2.0', id: 13 }, 13],
      [{ jsonrpc: '2.0', method: 5, id: 14 }, 14],
      [{ jsonrpc: 2, method: 'system_health', id: 'fifteen' }, 'fifteen'],
    ];
    const ws = await Ws.open();
    for (const [call, id] of cases) {
      const text = JSON.stringify(call);
      const r = await post(text);
      assert.equal(r.status, 200);
      assertError(r.json, -32600, id, text);
      assertError(await ws.exchange(text), -32600, id, text);
    }
    ws.close();
  });

  await group('unknown methods are -32601; a notification of one gets no answer', async () => {
    const ws = await Ws.open();
    for (const method of ['nope_nothing', 'system_healthy', 'chain_getheader', '', 'rpc_methods ']) {
      const call = request(method, []);
      const r = await post(JSON.stringify(call));
      assertError(r.json, -32601, call.id, method);
      assert.equal(r.json.error.message, 'Method not found');
      assertError(await ws.exchange(JSON.stringify(call)), -32601, call.id, method);
    }
    const notification = JSON.stringify({ jsonrpc: '2.0', method: 'nope_nothing', params: [] });
    const r = await post(notification);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    ws.send(notification);
    const after = await ws.call('system_health', []);
    assert.ok(after.result, 'the notification was not answered: the next message is the call\'s');
    ws.close();
  });

  await group('invalid params are -32602, or the method\'s own Substrate error', async () => {
    const genesis = (await httpCall('chain_getBlockHash', [0])).result;
    const cases = [
      ['chain_getHeader', ['0x1234'], -32602], // a hash of 2 bytes
      ['chain_getHeader', [genesis + '00'], -32602], // 33 bytes
      ['chain_getHeader', [genesis.slice(2)], -32602], // no 0x
      ['chain_getHeader', [5], -32602],
      ['chain_getHeader', ['0xzz'], -32602],
      ['chain_getBlock', [true], -32602],
      ['chain_getBlock', [[genesis]], -32602],
      ['chain_getBlockHash', [-1], -32602],
      ['chain_getBlockHash', ['0xq1'], -32602],
      ['chain_getBlockHash', [4294967296], 3001],
      ['state_getStorage', [], -32602],
      ['state_getStorage', ['0x123'], -32602],
      ['state_getStorage', [1], -32602],
      ['state_getStorage', ['0x00', '0x00'], -32602],
      ['state_getKeysPaged', ['0x', 'ten'], -32602],
      ['state_getKeysPaged', ['0x', -5], -32602],
      ['state_getKeysPaged', ['0x', 1.5], -32602],
      ['state_getKeysPaged', ['0x', 1001], 4002],
      ['state_getKeysPaged', ['0x'], -32602],
      ['state_call', ['Core_version'], -32602],
      ['state_call', [7, '0x'], -32602],
      ['state_getRuntimeVersion', [{}], -32602],
      ['state_queryStorageAt', ['0x00'], -32602],
      ['childstate_getStorage', ['0x', '0x0'], -32602],
      ['system_accountNextIndex', ['5NotAnAddress'], -32602],
      ['system_accountNextIndex', [], -32602],
      ['payment_queryInfo', ['0xgg'], -32602],
      ['archive_v1_header', ['0x00'], -32602],
      ['archive_v1_hashByHeight', ['one'], -32602],
      ['archive_v1_call', [genesis, 'Core_version', 'zz'], -32602],
      ['chain_getHeader', 'bar', -32602], // params must be an array or an object
      ['author_submitExtrinsic', ['0xzz'], -32602],
      ['author_submitExtrinsic', [], -32602],
      ['author_hasKey', [1, 2], -32602],
    ];
    const ws = await Ws.open();
    for (const [method, params, code] of cases) {
      const call = request(method, params);
      const what = `${method} ${JSON.stringify(params)}`;
      const r = await post(JSON.stringify(call));
      assert.equal(r.status, 200, what);
      assertError(r.json, code, call.id, what);
      assertError(await ws.exchange(JSON.stringify(call)), code, call.id, what);
    }
    // By name as well.
    const named = request('chain_getHeader', { hash: '0x1234' });
    assertError((await post(JSON.stringify(named))).json, -32602, named.id, 'named params');
    // Subscriptions check their params before they start.
    assertError(await ws.call('chainHead_v1_follow', ['yes']), -32602, nextId - 1, 'follow');
    assertError(await ws.call('state_subscribeStorage', [['0xzz']]), -32602, nextId - 1, 'storage');
    // Params beyond a method's are ignored (jsonrpsee's ParamsSequence stops at what it needs).
    const extra = await httpCall('chain_getHeader', [genesis, 1, 'two', null]);
    assert.equal(extra.result.number, '0x0');
    const extraWs = await ws.call('chain_getBlockHash', [0, 'ignored']);
    assert.equal(extraWs.result, genesis);
    ws.close();
  });

  await group('oversized requests: HTTP 413 with -32007, WebSocket -32007 and the connection goes on', async () => {
    // A Content-Length above the limit: refused before any of the body is sent.
    const head = await rawHttp('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${MAX_REQUEST + 1}\r\n\r\n`);
    assert.match(head, /^HTTP\/1\.1 413 /, head.slice(0, 200));
    const body = parseOrText(head.slice(head.indexOf('\r\n\r\n') + 4));
    assertError(body, -32007, null, 'HTTP Content-Length');
    assert.equal(body.error.message, 'Request is too big');
    assert.equal(body.error.data, `Exceeded max limit of ${MAX_REQUEST}`);

    // The whole body sent: the answer is the same, unless the server closed the connection
    // before the client finished writing (then the client sees a reset). Either is clean.
    const big = JSON.stringify(request('system_health', ['a'.repeat(MAX_REQUEST)]));
    try {
      const r = await post(big);
      assert.equal(r.status, 413);
      assertError(r.json, -32007, null, 'HTTP body');
    } catch (e) {
      if (!/fetch failed|socket|reset|EPIPE/i.test(String(e) + String(e.cause))) throw e;
    }

    const ws = await Ws.open();
    ws.send(big);
    assertError(await ws.next(), -32007, null, 'WebSocket message');
    // A message right at the limit is still read (and answered: the extra param is ignored).
    const call = request('system_health', ['']);
    const text = JSON.stringify(call);
    const exact = text.replace('[""]', `["${'b'.repeat(MAX_REQUEST - text.length)}"]`);
    assert.equal(exact.length, MAX_REQUEST);
    ws.send(exact);
    const answer = await ws.next();
    assert.equal(answer.id, call.id, JSON.stringify(answer).slice(0, 200));
    assert.ok(answer.result, JSON.stringify(answer).slice(0, 200));
    assert.ok((await ws.call('system_health', [])).result);
    // Several oversized messages in a row, then a call.
    for (let i = 0; i < 3; ++i) ws.send(big);
    for (let i = 0; i < 3; ++i) assertError(await ws.next(), -32007, null, `WebSocket message ${i}`);
    assert.ok((await ws.call('chain_getHeader', [])).result);
    ws.close();
  });

  await group('batches: empty -32600, 3000 calls answered, bad elements their own -32600, too big -32011', async () => {
    const empty = await post('[]');
    assert.equal(empty.status, 200);
    assertError(empty.json, -32600, null, 'empty batch');

    const calls = [];
    for (let i = 0; i < 3000; ++i) calls.push(request(i % 2 ? 'system_health' : 'chain_getFinalizedHead', []));
    const ws = await Ws.open();
    for (const answers of [(await post(JSON.stringify(calls))).json, await ws.exchange(JSON.stringify(calls))]) {
      assert.ok(Array.isArray(answers), JSON.stringify(answers).slice(0, 300));
      assert.equal(answers.length, calls.length);
      const byId = new Map(answers.map((a) => [a.id, a]));
      for (const c of calls) assert.ok(byId.get(c.id)?.result !== undefined, `call ${c.id}`);
    }

    // Invalid elements, notifications and calls mixed.
    const mixed = [
      1,
      { foo: 'boo' },
      request('system_health', []),
      { jsonrpc: '2.0', method: 'system_health' },
      { jsonrpc: '2.0', method: 'nope', id: 'x' },
      { jsonrpc: '1.0', method: 'system_health', id: 'y' },
    ];
    for (const answers of [(await post(JSON.stringify(mixed))).json, await ws.exchange(JSON.stringify(mixed))]) {
      assert.equal(answers.length, 5, JSON.stringify(answers));
      assertError(answers[0], -32600, null, 'batch element 1');
      assertError(answers[1], -32600, null, 'batch element {foo}');
      assert.ok(answers[2].result);
      assertError(answers[3], -32601, 'x', 'batch element nope');
      assertError(answers[4], -32600, 'y', 'batch element jsonrpc 1.0');
    }
    // Only notifications: no answer (HTTP: an empty 200).
    const notifications = JSON.stringify([{ jsonrpc: '2.0', method: 'system_health' }, { jsonrpc: '2.0', method: 'nope' }]);
    const quiet = await post(notifications);
    assert.equal(quiet.status, 200);
    assert.equal(quiet.text, '');

    // A batch whose answer exceeds the response limit (15 MiB): the runtime code, repeated.
    const code = (await httpCall('state_getStorage', ['0x3a636f6465'])).result;
    const copies = Math.ceil((MAX_REQUEST + 1) / code.length) + 1;
    const heavy = [];
    for (let i = 0; i < copies; ++i) heavy.push(request('state_getStorage', ['0x3a636f6465']));
    for (const answer of [(await post(JSON.stringify(heavy))).json, await ws.exchange(JSON.stringify(heavy))]) {
      assertError(answer, -32011, null, `a batch of ${copies} copies of :code`);
    }
    assert.ok((await ws.call('system_health', [])).result);
    ws.close();
  });

  await group('a flood of garbage on one WebSocket: an error per frame, then normal service', async () => {
    const ws = await Ws.open();
    const count = 3000;
    for (let i = 0; i < count; ++i) {
      const bytes = rng.bytes(1 + rng.int(200));
      if (rng.bool()) {
        // Random bytes in a binary frame, after a NUL so that they never start a JSON value.
        ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(bytes)]), true);
      } else {
        // Printable text that is not JSON-RPC (never valid JSON: it starts with '#').
        ws.send('#' + Array.from(bytes, (b) => String.fromCharCode(32 + (b % 95))).join(''));
      }
    }
    for (let i = 0; i < count; ++i) {
      const m = await ws.next();
      assert.ok(m.error && (m.error.code === -32700 || m.error.code === -32600), `frame ${i}: ${JSON.stringify(m).slice(0, 200)}`);
    }
    assert.ok((await ws.call('chain_getHeader', [])).result);
    ws.close();

    // Invalid UTF-8 in a text frame: the WebSocket protocol's own error, the connection closes.
    const bad = await Ws.open();
    bad.send(Buffer.from([0x7b, 0xff, 0xfe]), false); // ws sends the bytes as they are
    const closed = await bad.closed;
    assert.ok([1007, 1006].includes(closed.code), `closed with ${closed.code}`);
  });
} finally {
  await dev.stop();
}
finish(TEST);
