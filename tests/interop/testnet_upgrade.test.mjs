// A forkless upgrade by referendum on a 4-validator `local` testnet of real `canary` processes
// (2 s slots; the local preset's fast governance timings), with polkadot.js only — no sudo:
//   - Alice notes the next runtime (spec 1001, runtime/canary/README.md) as a preimage of
//     system.setCode and submits a root-track referendum; Alice, Bob, Charlie and Dave vote aye
//     with 1x conviction; the Scheduler enacts it in a block all four nodes import;
//   - all four nodes then build and finalize blocks with the new code: each reports spec 1001 at
//     its best and finalized blocks, finality passes the upgrade with one hash, and blocks after it
//     come from at least two different authorities; the migration's effect (Template.Something =
//     1001) reads the same on every node, and a transfer signed after the upgrade is finalized;
//   - a fifth, non-validator node started afterwards syncs from genesis: it imports the blocks on
//     both sides of the upgrade (executing each with the code in force at its parent) and follows
//     finality with the same hashes.
//
//   node testnet_upgrade.test.mjs <canary_interop_helper> <canary> <next runtime blob>

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { connectApi } from './dev_node_process.mjs';
import { check, finish, toHex } from './lib.mjs';
import { LocalNode, waitUntil } from './local_node.mjs';
import {
  awaitUpgradeBlock, find, names, SPEC, specAt, submit, submitRootReferendum, templateVersionKey,
  transferAfter,
} from './upgrade_support.mjs';

const TEST = 'interop.testnet_upgrade';
const [, canary, nextBlobPath] = process.argv.slice(2);
const next = toHex(readFileSync(nextBlobPath));
const root = mkdtempSync(join(tmpdir(), 'canary-testnet-upgrade-'));
// Most of a validator account's 2^60 endowment each: the four votes carry the root track's
// support well before its decision period ends, whatever else the local preset endows.
const VOTE = (1n << 60n) / 10n * 8n;

const chain = join(root, 'chain.json');
writeFileSync(chain, execFileSync(canary, ['build-spec', '--chain', 'local', '--raw', '--block-time', '2000'],
  { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }));

const validators = ['alice', 'bob', 'charlie', 'dave'].map((n) => new LocalNode(n, { canary, root, chain }));
const [alice] = validators;
const ferdie = new LocalNode('ferdie', { canary, root, chain, validator: false });
const everyone = [...validators, ferdie];

// Every node in `nodes` has finalized at least #n, and they agree on its hash.
async function sameFinalized(nodes, n) {
  for (const node of nodes) {
    if (await node.finalizedNumber() < n) return false;
  }
  const hashes = await Promise.all(nodes.map((node) => node.rpc('chain_getBlockHash', [n])));
  assert.ok(hashes.every((h) => h === hashes[0]), `#${n}: ${hashes.join(' ')}`);
  return true;
}

// The BABE authority index a header's pre-digest claims (its first 5 bytes: kind and u32 index).
function authorOf(header) {
  const log = header.digest.logs.find((l) => l.startsWith('0x06') && l.slice(4, 12) === '42414245');
  assert.ok(log, `no BABE pre-digest in #${parseInt(header.number, 16)}`);
  // 0x06 ‖ "BABE" ‖ compact length ‖ kind ‖ authority index (u32 LE).
  const bytes = Buffer.from(log.slice(2), 'hex');
  const lengthBytes = (bytes[5] & 3) === 0 ? 1 : (bytes[5] & 3) === 1 ? 2 : 4;
  return bytes.readUInt32LE(5 + lengthBytes + 1);
}

let api;
try {
  for (const node of validators) await node.start(node === alice ? [] : [alice.multiaddr]);
  await waitUntil(() => sameFinalized(validators, 2), 'block #2 finalized by all', validators, 120000);
  api = await connectApi(alice);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const voters = ['Alice', 'Bob', 'Charlie', 'Dave'].map((n) => keyring.addFromUri(`//${n}`));

  let upgradeBlock;
  let upgradeNumber;
  await check('a root referendum on system.setCode(next) is enacted on the testnet', async () => {
    assert.equal(api.runtimeVersion.specVersion.toNumber(), SPEC);
    const index = await submitRootReferendum(api, api.tx.system.setCode(next), voters[0], voters, VOTE,
      { finalized: true });
    upgradeBlock = await awaitUpgradeBlock(alice, 240000, { finalized: true });
    upgradeNumber = parseInt((await alice.rpc('chain_getHeader', [upgradeBlock])).number, 16);
    const events = await (await api.at(upgradeBlock)).query.system.events();
    assert.ok(find(events, 'system', 'CodeUpdated'), names(events).join(','));
    const dispatched = find(events, 'scheduler', 'Dispatched');
    assert.ok(dispatched && dispatched.event.data[2].isOk, names(events).join(','));
    assert.ok((await api.query.referenda.referendumInfoFor(index)).unwrap().isApproved);
  });

  await check('all four validators build and finalize blocks with the new code', async () => {
    assert.ok(upgradeBlock, 'no upgrade block');
    // Finality passes the upgrade by 6 blocks, with one hash on every validator.
    await waitUntil(() => sameFinalized(validators, upgradeNumber + 6),
      `#${upgradeNumber + 6} finalized by all`, validators, 120000);
    for (const node of validators) {
      assert.equal(await node.rpc('chain_getBlockHash', [upgradeNumber]), upgradeBlock, node.name);
      assert.equal(await specAt(node), SPEC + 1, `${node.name}'s best block`);
      assert.equal(await specAt(node, await node.rpc('chain_getFinalizedHead')), SPEC + 1,
        `${node.name}'s finalized block`);
      assert.equal(await node.rpc('state_getStorage', [templateVersionKey]), '0x0100', node.name);
    }
    // The blocks after the upgrade come from several authorities: the new code authors on more
    // than one node.
    const authors = new Set();
    for (let n = upgradeNumber + 1; n <= upgradeNumber + 6; ++n) {
      authors.add(authorOf(await alice.rpc('chain_getHeader', [await alice.rpc('chain_getBlockHash', [n])])));
    }
    assert.ok(authors.size >= 2, `authors of the 6 blocks after the upgrade: ${[...authors]}`);
    assert.equal((await api.query.template.something()).unwrap().toNumber(), SPEC + 1);
  });

  await check('a transfer signed after the upgrade goes in', async () => {
    await waitUntil(async () => api.runtimeVersion.specVersion.toNumber() === SPEC + 1,
      'polkadot.js to follow the upgrade', [alice], 30000);
    await transferAfter(api, voters[2], voters[3], { finalized: true });
  });

  await check('a fifth node syncs from genesis across the upgrade and follows finality', async () => {
    const target = await alice.finalizedNumber();
    await ferdie.start([alice.multiaddr]);
    await waitUntil(async () => (await ferdie.finalizedNumber()) > target,
      `ferdie to finalize past #${target}`, [ferdie, alice], 180000);
    await waitUntil(() => sameFinalized([alice, ferdie], target + 1), 'the same finalized hash',
      [ferdie, alice]);
    assert.equal(await ferdie.rpc('chain_getBlockHash', [upgradeNumber]), upgradeBlock);
    const parent = (await ferdie.rpc('chain_getHeader', [upgradeBlock])).parentHash;
    assert.equal(await specAt(ferdie, parent), SPEC);
    assert.equal(await specAt(ferdie, upgradeBlock), SPEC + 1);
    assert.equal(await specAt(ferdie), SPEC + 1);
    assert.equal(await ferdie.rpc('state_getStorage', [templateVersionKey]), '0x0100');
  });
} finally {
  if (api) await api.disconnect().catch(() => {});
  await Promise.all(everyone.map((n) => n.stop()));
  if (process.env.INTEROP_KEEP_LOGS) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(process.env.INTEROP_KEEP_LOGS, { recursive: true });
    for (const n of everyone) writeFileSync(join(process.env.INTEROP_KEEP_LOGS, `${n.name}.log`), n.log);
  }
  rmSync(root, { recursive: true, force: true });
  finish(TEST);
}
