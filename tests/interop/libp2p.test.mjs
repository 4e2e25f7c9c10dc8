// A real `canary --dev` process against js-libp2p (TCP, @chainsafe/libp2p-noise,
// @chainsafe/libp2p-yamux, @libp2p/identify, @libp2p/ping):
//   - the node key: created on first start in <base>/chains/dev/network/secret_ed25519 (32 raw
//     bytes, mode 0600), its PeerId is the one the node logs ("Local node identity is: …"), and a
//     restart on the same base path keeps it; --node-key <hex> gives the PeerId js-libp2p derives
//     from that seed;
//   - js-libp2p dials Canary: Noise proves the logged PeerId, Yamux carries identify (Canary's
//     agentVersion "canary/…", protocolVersion "/substrate/1.0", its public key and PeerId, its
//     listen address, the protocols identify and ping) and pings, and Canary counts the peer;
//   - Canary dials js-libp2p (--bootnodes …/p2p/<js peer id>): js-libp2p sees the inbound
//     connection from the logged PeerId, identifies Canary and pings it; Canary identifies
//     js-libp2p; a boot node with the wrong PeerId is refused with Substrate's warning.
//
//   node libp2p.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DevNode } from './dev_node_process.mjs';
import { check, finish, toHex } from './lib.mjs';

const TEST = 'interop.libp2p';
const [, canary] = process.argv.slice(2);

// Node.js 20 has no Promise.withResolvers (Node 22 has), which mortice (@libp2p/peer-store's lock)
// calls. The js-libp2p 2.x line pinned in package.json otherwise runs on Node 20.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

let libp2p;
try {
  libp2p = {
    ...(await import('libp2p')),
    ...(await import('@libp2p/tcp')),
    ...(await import('@chainsafe/libp2p-noise')),
    ...(await import('@chainsafe/libp2p-yamux')),
    ...(await import('@libp2p/identify')),
    ...(await import('@libp2p/ping')),
    ...(await import('@libp2p/peer-id')),
    ...(await import('@libp2p/crypto/keys')),
    ...(await import('@multiformats/multiaddr')),
  };
} catch (e) {
  console.log(`SKIPPED: the js-libp2p packages are not installed (${e.message}).\n` +
    'Run scripts/setup (it runs `npm ci` in tests/interop) and rerun the interop tests.');
  process.exit(77);
}
const {
  createLibp2p, tcp, noise, yamux, identify, ping, multiaddr, peerIdFromPublicKey,
  peerIdFromPrivateKey, generateKeyPairFromSeed, publicKeyFromProtobuf,
} = libp2p;

async function jsNode() {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() },
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(what, predicate, dev, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await predicate();
    if (value) return value;
    if (dev.process.exitCode !== null) throw new Error(`the node exited waiting for ${what}:\n${dev.tail()}`);
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}\n${dev.tail()}`);
}

// The node's PeerId, from its start-up log.
async function nodeIdentity(dev) {
  return waitFor('the node identity and listen line', () => {
    const id = /Local node identity is: (12D3KooW[1-9A-HJ-NP-Za-km-z]+)/.exec(dev.log);
    const listening = /Listening for new connections on (\S+)/.exec(dev.log);
    return id && listening ? { id: id[1], listening: listening[1] } : null;
  }, dev);
}

// The next `peer:identify` of `peerId` on a js-libp2p node.
function identifyOf(node, peerId, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no identify from ${peerId}`)), timeoutMs);
    const listener = (evt) => {
      if (evt.detail.peerId.toString() !== peerId) return;
      clearTimeout(timer);
      node.removeEventListener('peer:identify', listener);
      resolve(evt.detail);
    };
    node.addEventListener('peer:identify', listener);
  });
}

async function stopNode(dev) {
  if (dev.process && dev.process.exitCode === null) {
    dev.process.kill('SIGINT');
    await dev.exited;
  }
}

const dev = new DevNode(canary);
const js = await jsNode();
let canaryId;

try {
  await dev.start();
  const started = await nodeIdentity(dev);
  canaryId = started.id;

  await check('the node key is created, private, and is the logged PeerId', async () => {
    const file = join(dev.base, 'chains', 'dev', 'network', 'secret_ed25519');
    const stat = statSync(file);
    assert.equal(stat.mode & 0o777, 0o600);
    const seed = readFileSync(file);
    assert.equal(seed.length, 32);
    const key = await generateKeyPairFromSeed('Ed25519', new Uint8Array(seed));
    assert.equal(peerIdFromPrivateKey(key).toString(), canaryId);
    assert.equal(started.listening, `/ip4/127.0.0.1/tcp/${dev.p2pPort}`);
  });

  await check('js-libp2p dials Canary: Noise, Yamux, identify', async () => {
    const identified = identifyOf(js, canaryId);
    const connection = await js.dial(multiaddr(`/ip4/127.0.0.1/tcp/${dev.p2pPort}/p2p/${canaryId}`));
    assert.equal(connection.remotePeer.toString(), canaryId);
    assert.equal(connection.encryption, '/noise');
    assert.equal(connection.multiplexer, '/yamux/1.0.0');
    const info = await identified;
    assert.match(info.agentVersion, /^canary\/\d+\.\d+\.\d+ \(Alice\)$/);
    assert.equal(info.protocolVersion, '/substrate/1.0');
    assert.ok(info.protocols.includes('/ipfs/id/1.0.0'), info.protocols.join(' '));
    assert.ok(info.protocols.includes('/ipfs/ping/1.0.0'), info.protocols.join(' '));
    // The PublicKey protobuf, canonical: Type = Ed25519 (08 01), Data = 32 bytes (12 20).
    assert.ok(info.publicKey, 'identify carries the public key');
    assert.equal(toHex(info.publicKey.subarray(0, 4)), '0x08011220');
    const key = publicKeyFromProtobuf(info.publicKey);
    assert.equal(key.type, 'Ed25519');
    assert.equal(peerIdFromPublicKey(key).toString(), canaryId);
    assert.deepEqual(info.listenAddrs.map(String), [`/ip4/127.0.0.1/tcp/${dev.p2pPort}`]);
    // Canary saw js-libp2p at its socket's address.
    assert.match(String(info.observedAddr), /^\/ip4\/127\.0\.0\.1\/tcp\/\d+$/);
  });

  await check('js-libp2p pings Canary', async () => {
    const peer = js.getConnections().find((c) => c.remotePeer.toString() === canaryId).remotePeer;
    for (let i = 0; i < 3; ++i) {
      const rtt = await js.services.ping.ping(peer);
      assert.ok(Number.isFinite(rtt) && rtt >= 0, `rtt ${rtt}`);
    }
  });

  await check('Canary counts js-libp2p as a peer and keeps the connection', async () => {
    await waitFor('"(1 peers)" in the informant line', () => /Idle \(1 peers\)/.test(dev.log), dev, 15000);
    const connections = js.getConnections().filter((c) => c.remotePeer.toString() === canaryId);
    assert.equal(connections.length, 1);
    assert.equal(connections[0].status, 'open');
  });

  await js.hangUp(multiaddr(`/ip4/127.0.0.1/tcp/${dev.p2pPort}/p2p/${canaryId}`));
  await stopNode(dev);

  // Canary dials js-libp2p. Debug logs show what Canary learnt of it.
  const jsId = js.peerId.toString();
  const jsAddress = js.getMultiaddrs().find((a) => a.toString().startsWith('/ip4/127.0.0.1/tcp/'));
  const inbound = new Promise((resolve) => {
    js.addEventListener('connection:open', (evt) => {
      if (evt.detail.direction === 'inbound') resolve(evt.detail);
    });
  });
  const identified = identifyOf(js, canaryId, 60000);
  dev.extraArgs = ['--bootnodes', jsAddress.toString(), '--log', 'debug'];
  await dev.start();

  await check('the node key survives a restart', async () => {
    assert.equal((await nodeIdentity(dev)).id, canaryId);
  });

  await check('Canary dials js-libp2p (--bootnodes): inbound connection, identify, ping', async () => {
    const connection = await Promise.race([inbound, sleep(30000).then(() => null)]);
    assert.ok(connection, `no inbound connection\n${dev.tail()}`);
    assert.equal(connection.remotePeer.toString(), canaryId);
    const info = await identified;
    assert.match(info.agentVersion, /^canary\//);
    assert.equal(peerIdFromPublicKey(publicKeyFromProtobuf(info.publicKey)).toString(), canaryId);
    const rtt = await js.services.ping.ping(connection.remotePeer);
    assert.ok(Number.isFinite(rtt) && rtt >= 0, `rtt ${rtt}`);
    // Canary identified js-libp2p over its own connection.
    await waitFor('Canary identifying js-libp2p', () =>
      new RegExp(`Identified\\(${jsId}\\): js-libp2p/`).test(dev.log), dev, 15000);
    await waitFor('"(1 peers)"', () => /Idle \(1 peers\)/.test(dev.log), dev, 15000);
  });

  await stopNode(dev);

  await check('--node-key gives the PeerId of that seed; a wrong boot node PeerId is refused', async () => {
    const seed = new Uint8Array(32).map((_, i) => i + 1);
    const expected = peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', seed)).toString();
    // A boot node at js-libp2p's address claiming another PeerId (the node's own key's).
    const wrong = `${jsAddress.toString().replace(/\/p2p\/.*$/, '')}/p2p/${canaryId}`;
    dev.extraArgs = ['--node-key', toHex(seed).slice(2), '--bootnodes', wrong];
    await dev.start();
    assert.equal((await nodeIdentity(dev)).id, expected);
    await waitFor('the PeerId mismatch warning', () =>
      /provided a different peer ID than the one you expect/.test(dev.log), dev, 15000);
  });
} finally {
  await stopNode(dev).catch(() => {});
  await dev.stop().catch(() => {});
  await js.stop();
}

finish(TEST);
