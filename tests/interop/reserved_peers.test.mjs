// Reserved peers at run time on two real `canary --dev` nodes (issue 22): node B, started without
// boot nodes, is given node A with system_addReservedPeer and connects to it (system_peers,
// system_reservedPeers, system_unstable_networkState show A), redials A when A restarts, and
// system_removeReservedPeer drops the reservation. A bad argument is refused with sc-service's
// MalformattedPeerArg (2002) and sc-network's texts.
//
//   node reserved_peers.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { call, DevNode, rpc, until } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.reserved_peers';
const [, canary] = process.argv.slice(2);
// A fixed ed25519 secret for node A, so that it keeps its PeerId across a restart.
const NODE_KEY_A = '11'.repeat(32);

const a = new DevNode(canary);
a.extraArgs = ['--node-key', NODE_KEY_A];
const b = new DevNode(canary);
try {
  await a.start();
  await b.start();
  const aPeer = await until('A\'s RPC', () => rpc(a, 'system_localPeerId'), a);
  await until('B\'s RPC', () => rpc(b, 'system_localPeerId'), b);
  const aAddress = `/ip4/127.0.0.1/tcp/${a.p2pPort}/p2p/${aPeer}`;

  await check('a bad argument is refused with 2002 and sc-network\'s text', async () => {
    const missing = await call(b, 'system_addReservedPeer', [`/ip4/127.0.0.1/tcp/${a.p2pPort}`]);
    assert.deepEqual(missing.error, { code: 2002, message: 'Peer id is missing from the address' });
    const garbage = await call(b, 'system_addReservedPeer', ['not a multiaddr']);
    assert.deepEqual(garbage.error, { code: 2002, message: 'invalid multiaddr' });
    const badId = await call(b, 'system_removeReservedPeer', ['0OIl']);
    assert.equal(badId.error?.code, 2002, JSON.stringify(badId));
    assert.deepEqual(await rpc(b, 'system_reservedPeers'), []);
  });

  await check('system_addReservedPeer connects B to A; the lists and the network state show it',
    async () => {
      assert.equal(await rpc(b, 'system_addReservedPeer', [aAddress]), null);
      assert.deepEqual(await rpc(b, 'system_reservedPeers'), [aPeer]);
      await until('A among B\'s peers', async () =>
        (await rpc(b, 'system_peers')).some((p) => p.peerId === aPeer), b);
      const state = await rpc(b, 'system_unstable_networkState');
      assert.equal(state.peerId, await rpc(b, 'system_localPeerId'));
      assert.ok(state.listenedAddresses.includes(`/ip4/127.0.0.1/tcp/${b.p2pPort}`),
        JSON.stringify(state));
      assert.deepEqual(state.externalAddresses, []);
      const entry = state.connectedPeers[aPeer];
      assert.ok(entry, JSON.stringify(state));
      assert.deepEqual(entry.endpoint, { dialing: [aAddress.replace(/\/p2p\/.*/, '') + `/p2p/${aPeer}`, 'dialer'] },
        JSON.stringify(entry));
      assert.deepEqual(state.notConnectedPeers, {});
      assert.deepEqual(state.peerset.reservedPeers, [aPeer]);
    });

  await check('B redials A after A restarts', async () => {
    await a.kill();
    await until('A gone from B\'s peers', async () =>
      !(await rpc(b, 'system_peers')).some((p) => p.peerId === aPeer), b);
    await a.start();
    await until('A back among B\'s peers', async () =>
      (await rpc(b, 'system_peers')).some((p) => p.peerId === aPeer), b);
  });

  await check('system_removeReservedPeer drops the reservation', async () => {
    assert.equal(await rpc(b, 'system_removeReservedPeer', [aPeer]), null);
    await until('an empty reserved list', async () =>
      (await rpc(b, 'system_reservedPeers')).length === 0, b, 5000);
    const state = await rpc(b, 'system_unstable_networkState');
    assert.deepEqual(state.peerset.reservedPeers, []);
  });
} finally {
  await b.stop();
  await a.stop();
}

finish(TEST);
