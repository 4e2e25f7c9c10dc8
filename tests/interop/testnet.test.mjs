// A 4-validator `local` testnet of real `canary` processes on loopback (the networking issue's
// acceptance), each node with the first one as its only boot node:
//   - the nodes find each other through the Kademlia DHT: every validator is connected to the 3
//     others;
//   - the validators produce blocks and finalize them; every node reports the same finalized hash;
//   - a transfer sent (with polkadot.js) to the third node is included and finalized, and the
//     others see it (transactions gossip, block sync);
//   - a fifth, non-validator node started later syncs the chain from genesis and follows finality;
//   - smoldot, the light client, given the chain spec and one node as boot node, syncs (verifying
//     BABE and GRANDPA), reports the node's finalized hash and reads Alice's account through it;
//   - one validator killed: blocks keep being produced and finalized (3 of 4 is above GRANDPA's
//     threshold); restarted, it catches up;
//   - two killed: production goes on, finality stalls; one back, finality resumes.
//
//   node testnet.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, xxhashAsU8a } from '@polkadot/util-crypto';
import { LocalNode, sleep, waitUntil } from './local_node.mjs';
import { check, finish } from './lib.mjs';
import { LightClient } from './smoldot_client.mjs';

const TEST = 'interop.testnet';
const [, canary] = process.argv.slice(2);
const root = mkdtempSync(join(tmpdir(), 'canary-testnet-'));

const validators = ['alice', 'bob', 'charlie', 'dave'].map((n) => new LocalNode(n, { canary, root }));
const [alice, bob, charlie, dave] = validators;
const ferdie = new LocalNode('ferdie', { canary, root, validator: false });
const everyone = [...validators, ferdie];
const running = () => everyone.filter((n) => n.process && n.process.exitCode === null);

// Every running node has finalized at least #n, and they agree on its hash.
async function sameFinalized(nodes, n) {
  for (const node of nodes) {
    if (await node.finalizedNumber() < n) return false;
  }
  const hashes = await Promise.all(nodes.map((node) => node.rpc('chain_getBlockHash', [n])));
  assert.ok(hashes.every((h) => h === hashes[0]), `#${n}: ${hashes.join(' ')}`);
  return true;
}

try {
  // Only alice is known: the others find each other through the Kademlia DHT.
  for (const node of validators) {
    await node.start(node === alice ? [] : [alice.multiaddr]);
  }

  await check('the validators knowing only alice form a full mesh (Kademlia)', async () => {
    await waitUntil(async () => {
      for (const node of validators) {
        if ((await node.rpc('system_peers')).length !== 3) return false;
      }
      return true;
    }, 'every validator to have the 3 others as peers', validators, 30000);
  });

  await check('4 validators produce and finalize blocks, with one finalized hash', async () => {
    await waitUntil(() => sameFinalized(validators, 3), 'block #3 finalized by all', validators);
    const peers = await alice.rpc('system_peers');
    assert.equal(peers.length, 3, JSON.stringify(peers));
    assert.ok(peers.every((p) => p.roles === 'AUTHORITY'), JSON.stringify(peers));
    // Finality close behind the best block: at most 2 slots.
    const best = await bob.bestNumber();
    const finalized = await bob.finalizedNumber();
    assert.ok(best - finalized <= 3, `best #${best}, finalized #${finalized}`);
  });

  await check('a transfer sent to the third node is included and finalized', async () => {
    const provider = new WsProvider(`ws://127.0.0.1:${charlie.rpcPort}`, false);
    await provider.connect();
    await provider.isReadyOrError;
    const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    try {
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
      const from = keyring.addFromUri('//Eve');
      const to = keyring.addFromUri('//Ferdie');
      const amount = 1_234_000_000_000n;
      const before = (await api.query.system.account(to.address)).data.free.toBigInt();
      const statuses = [];
      // On a timeout: what each node's pool holds, and the logs.
      const diagnosis = async () => {
        const pools = await Promise.all(validators.map(async (n) =>
          `${n.name}: ${(await n.rpc('author_pendingExtrinsics').catch((e) => [e.message])).length} pending, ` +
          `best #${await n.bestNumber().catch(() => '?')}, finalized #${await n.finalizedNumber().catch(() => '?')}`));
        return `statuses: ${statuses.join(', ')}\n${pools.join('\n')}\n` +
          validators.map((n) => n.tail(3000)).join('\n');
      };
      const finalizedIn = await new Promise((resolve, reject) => {
        const timer = setTimeout(async () => reject(new Error(
          `not finalized in 120 s\n${await diagnosis()}`)), 120000);
        api.tx.balances.transferKeepAlive(to.address, amount).signAndSend(from, (result) => {
          statuses.push(`${result.status.type}@${Date.now() % 1000000}`);
          if (result.isError) reject(new Error(`transaction failed: ${result.status.type}`));
          if (result.status.isFinalized) {
            clearTimeout(timer);
            resolve(result.status.asFinalized.toHex());
          }
        }).catch(reject);
      });
      // Every validator has the block and the new balance.
      for (const node of validators) {
        const header = await node.rpc('chain_getHeader', [finalizedIn]);
        assert.ok(header, `${node.name} has the block`);
      }
      const after = (await api.query.system.account(to.address)).data.free.toBigInt();
      assert.equal(after - before, amount);
      // Which validator authored it: the transaction went around (any of the 4 may have).
      assert.ok(charlie.log.includes('Imported'), 'charlie imports blocks');
    } finally {
      await api.disconnect();
    }
  });

  await check('a fifth, non-validator node syncs from genesis and follows finality', async () => {
    const target = await alice.finalizedNumber();
    await ferdie.start([alice.multiaddr]);
    await waitUntil(async () => (await ferdie.finalizedNumber()) >= target + 1,
      `ferdie to finalize past #${target}`, [ferdie, alice]);
    await waitUntil(() => sameFinalized([alice, ferdie], target + 1), 'the same finalized hash',
      [ferdie, alice]);
    const health = await ferdie.rpc('system_health');
    assert.ok(health.peers >= 1, JSON.stringify(health));
    const state = await ferdie.rpc('system_syncState');
    assert.ok(state.currentBlock >= target, JSON.stringify(state));
  });

  await check('smoldot syncs from one node: the same finalized hash, Alice\'s account', async () => {
    const spec = execFileSync(canary, ['build-spec', '--chain', 'local', '--raw'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    await cryptoWaitReady();
    const alicePublic = new Keyring({ type: 'sr25519' }).addFromUri('//Alice').publicKey;
    // System.Account(Alice): twox128("System") ‖ twox128("Account") ‖ blake2_128_concat(key).
    const accountKey = u8aToHex(new Uint8Array([...xxhashAsU8a('System', 128),
      ...xxhashAsU8a('Account', 128), ...blake2AsU8a(alicePublic, 128), ...alicePublic]));
    const light = await LightClient.start(spec, [bob.multiaddr]);
    try {
      const target = await bob.finalizedNumber();
      const reached = await light.finalizedAtLeast(target, (condition) => waitUntil(condition,
        `smoldot to finalize #${target}`, [bob, light], 120000));
      assert.equal(reached.hash, await bob.rpc('chain_getBlockHash', [reached.number]),
        `smoldot's finalized #${reached.number}`);
      const value = await light.storage(reached.hash, accountKey);
      assert.ok(value, `Alice's account at #${reached.number} through smoldot\n${light.tail()}`);
      assert.equal(value, await bob.rpc('state_getStorage', [accountKey, reached.hash]));
      light.release(reached.hash);
    } finally {
      light.stop();
    }
  });

  await check('one validator down: blocks and finality go on; back, it catches up', async () => {
    await dave.kill();
    const from = await alice.finalizedNumber();
    await waitUntil(async () => (await alice.finalizedNumber()) >= from + 2,
      `finality past #${from + 1} without dave`, [alice, bob, charlie]);
    await dave.start([alice.multiaddr, bob.multiaddr]);
    const target = await alice.finalizedNumber();
    await waitUntil(async () => (await dave.finalizedNumber()) >= target,
      `dave to catch up to #${target}`, [dave, alice]);
    await waitUntil(() => sameFinalized(running(), target), 'one finalized hash again', running());
  });

  await check('two validators down: production goes on, finality stalls, then resumes', async () => {
    await charlie.kill();
    await dave.kill();
    // Rounds already under way may still finalize what they voted for.
    await sleep(8000);
    const stalled = await alice.finalizedNumber();
    const bestBefore = await alice.bestNumber();
    // Two authorities of four still claim about half of the slots (their secondary slots and
    // their primary ones): two new blocks come within a minute or so.
    await waitUntil(async () => (await alice.bestNumber()) >= bestBefore + 2,
      `blocks past #${bestBefore + 1} with two validators`, [alice, bob], 120000);
    assert.equal(await alice.finalizedNumber(), stalled, 'finality stalls with 2 of 4 voters');
    await charlie.start([alice.multiaddr, bob.multiaddr]);
    await waitUntil(async () => (await alice.finalizedNumber()) > stalled,
      `finality to resume past #${stalled}`, [alice, bob, charlie]);
  });
} finally {
  await Promise.all(everyone.map((n) => n.stop()));
  // INTEROP_KEEP_LOGS=<dir>: the nodes' whole logs, for a failure's post-mortem.
  if (process.env.INTEROP_KEEP_LOGS) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(process.env.INTEROP_KEEP_LOGS, { recursive: true });
    for (const n of everyone) writeFileSync(join(process.env.INTEROP_KEEP_LOGS, `${n.name}.log`), n.log);
  }
  rmSync(root, { recursive: true, force: true });
  finish(TEST);
}
