// smoldot, the light client (npm), against a real `canary --dev`: everything it learns of the
// chain's state comes through the node's `/light/2` server, and smoldot checks every proof against
// the state root of a header it verified itself:
//   - it follows the chain and finalizes blocks, which needs the runtime (`:code` and
//     `:heappages` through read proofs) and BABE's epochs (BabeApi_current_epoch and
//     BabeApi_next_epoch through call proofs);
//   - a storage value read through a read proof equals what the node's own state_getStorage says;
//   - runtime calls run by smoldot on call proofs (the nonce API, Core_version, BABE's epochs and
//     configuration, GRANDPA's authorities, the metadata) give the node's own state_call outputs.
//
//   node light_client.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.light_client';
const [, canary] = process.argv.slice(2);

let LightClient;
try {
  ({ LightClient } = await import('./smoldot_client.mjs'));
} catch (e) {
  console.log(`SKIPPED: smoldot is not installed (${e.message}).\n` +
    'Run scripts/setup (it runs `npm ci` in tests/interop) and rerun the interop tests.');
  process.exit(77);
}

const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
// twox128("System") ‖ twox128("Account") ‖ blake2_128_concat(Alice).
const ALICE_ACCOUNT = '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9' +
  'de1e86a9a8c739864cf3cc5ec2bea59f' + ALICE.slice(2);
const BLOCK_TIME = '1000';
const NODE_KEY = '42'.repeat(32);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, condition, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const dev = new DevNode(canary);
dev.extraArgs = ['--dev-block-time', BLOCK_TIME, '--node-key', NODE_KEY];
await dev.start();

async function rpc(method, params) {
  const res = await fetch(`http://127.0.0.1:${dev.rpcPort}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

let light;
// A failed check shows what smoldot and the node said last.
const explained = (fn) => async () => {
  try {
    await fn();
  } catch (e) {
    e.message += `\n${light ? light.tail() : ''}\n--- canary ---\n${dev.tail()}`;
    throw e;
  }
};
try {
  await until('the node to listen', () => /Local node identity is: (\S+)/.test(dev.log), 30_000);
  const peer = dev.log.match(/Local node identity is: (\S+)/)[1];
  const spec = execFileSync(canary, ['build-spec', '--chain', 'dev', '--raw', '--dev-block-time',
    BLOCK_TIME, '--disable-default-bootnode'],
  { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 }).toString();
  await until('the node to finalize a block', async () => {
    const head = await rpc('chain_getFinalizedHead', []).catch(() => null);
    const header = head && await rpc('chain_getHeader', [head]);
    return header && parseInt(header.number, 16) >= 1;
  }, 60_000);
  light = await LightClient.start(spec, [`/ip4/127.0.0.1/tcp/${dev.p2pPort}/p2p/${peer}`]);

  await check('smoldot follows and finalizes the chain (runtime and BABE epochs from proofs)',
    explained(async () => {
      await until('smoldot to report its first finalized block', () => light.finalized.length > 0);
      const first = light.finalized.length;
      await until('smoldot to finalize two more blocks', () => light.finalized.length >= first + 2);
    }));

  await check('a storage value read through a read proof is the node\'s', explained(async () => {
    const { hash } = await light.latestFinalized();
    try {
      const value = await light.storage(hash, ALICE_ACCOUNT);
      assert.ok(value, 'Alice has an account');
      assert.equal(value, await rpc('state_getStorage', [ALICE_ACCOUNT, hash]));
    } finally {
      light.release(hash);
    }
  }));

  await check('runtime calls run on call proofs give the node\'s outputs', explained(async () => {
    const { hash } = await light.latestFinalized();
    try {
      for (const [method, args] of [
        ['AccountNonceApi_account_nonce', ALICE],
        ['Core_version', '0x'],
        ['BabeApi_configuration', '0x'],
        ['BabeApi_current_epoch', '0x'],
        ['BabeApi_next_epoch', '0x'],
        ['GrandpaApi_grandpa_authorities', '0x'],
        ['Metadata_metadata_at_version', '0x0f000000'],
      ]) {
        const theirs = await light.request('state_call', [method, args, hash]);
        const ours = await rpc('state_call', [method, args, hash]);
        assert.equal(theirs, ours, method);
      }
    } finally {
      light.release(hash);
    }
  }));
} catch (e) {
  await check('setup', () => { throw e; });
} finally {
  light?.stop();
  await dev.stop();
}
finish(TEST);
