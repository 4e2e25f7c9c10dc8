// A broken runtime upgrade against a real `canary --dev --dev-block-time 1000` node, with
// polkadot.js (the governance issue's node point: a blob that fails to instantiate, or whose
// Core_version fails, is refused by the runtime's checks; one that still gets into `:code` leaves
// the node up, saying why, with its database intact):
//   - sudo(system.setCode) of bytes that are no Wasm, and of a module whose Core_version traps,
//     fails with system.FailedToExtractRuntimeVersion: no CodeUpdated, blocks keep coming;
//   - sudo.sudoUncheckedWeight(system.setCodeWithoutChecks(garbage)) is included (CodeUpdated):
//     no block is built on it (the chain cannot go on without a runtime, as in Substrate), the
//     node's log names the slot, the block and the bad code, the RPC server answers (the best
//     block is the upgrade block, its parent's runtime version and state are served, the version
//     at the upgrade block is a JSON-RPC error);
//   - restarted on the same base path, the node opens its database at that block and says the
//     same, and keeps running.
//
//   node broken_code.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { call, connectApi, DevNode, rpc, until } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';
import { find, names, SPEC, specAt, submit } from './upgrade_support.mjs';

const TEST = 'interop.broken_code';
const [, canary] = process.argv.slice(2);

// (module (memory (export "memory") 17) (global (export "__heap_base") i32 (i32.const 1048576))
//   (func (export "Core_version") (param i32 i32) (result i64) unreachable))
// Valid Wasm that instantiates, with no version custom section: its version comes from calling
// Core_version, which traps.
const section = (id, bytes) => [id, bytes.length, ...bytes];
const name = (s) => [s.length, ...Buffer.from(s)];
const trappingVersion = u8aToHex(new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7e]), // type 0: (i32, i32) -> i64
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(5, [1, 0x00, 17]), // one memory, 17 pages
  ...section(6, [1, 0x7f, 0x00, 0x41, 0x80, 0x80, 0xc0, 0x00, 0x0b]), // i32 const 1048576
  ...section(7, [3, ...name('memory'), 2, 0, ...name('__heap_base'), 3, 0,
    ...name('Core_version'), 0, 0]),
  ...section(10, [1, 3, 0, 0x00, 0x0b]), // body: no locals, unreachable, end
]));
const garbage = u8aToHex(Buffer.from('not a runtime, just some bytes '.repeat(8)));

const dev = new DevNode(canary);
dev.extraArgs = ['--dev-block-time', '1000'];
await dev.start();
let api = await connectApi(dev);
const alice = new Keyring({ type: 'sr25519', ss58Format: 2 }).addFromUri('//Alice');
const aliceAccountKey = api.query.system.account.key(alice.address);

const bestNumber = async () => parseInt((await rpc(dev, 'chain_getHeader')).number, 16);
// The node's process is alive and its RPC server answers.
async function assertServing() {
  assert.equal(dev.process.exitCode, null, `the node exited\n${dev.tail()}`);
  const health = await rpc(dev, 'system_health');
  assert.equal(typeof health.peers, 'number');
}

let upgrade; // the block that put the broken code into :code: { hash, number, parentHash }
try {
  await check('system.setCode refuses code whose version cannot be read', async () => {
    for (const [what, code] of [['garbage', garbage], ['a trapping Core_version', trappingVersion]]) {
      const { events } = await submit(api.tx.sudo.sudo(api.tx.system.setCode(code)), alice);
      const sudid = find(events, 'sudo', 'Sudid');
      assert.ok(sudid && sudid.event.data[0].isErr, `${what}: ${names(events).join(',')}`);
      const error = api.registry.findMetaError(sudid.event.data[0].asErr.asModule);
      assert.equal(`${error.section}.${error.name}`, 'system.FailedToExtractRuntimeVersion', what);
      assert.ok(!find(events, 'system', 'CodeUpdated'), what);
    }
    const after = await bestNumber();
    await until('two more blocks on the old code', async () => (await bestNumber()) >= after + 2, dev, 30000);
    assert.equal(await specAt(dev), SPEC);
  });

  await check('setCodeWithoutChecks(garbage) is included; the node stays up and says why no block follows', async () => {
    const tx = api.tx.sudo.sudoUncheckedWeight(api.tx.system.setCodeWithoutChecks(garbage),
      { refTime: 0, proofSize: 0 });
    const { block, events } = await submit(tx, alice);
    assert.ok(find(events, 'system', 'CodeUpdated'), names(events).join(','));
    const header = await rpc(dev, 'chain_getHeader', [block.toHex()]);
    upgrade = { hash: block.toHex(), number: parseInt(header.number, 16), parentHash: header.parentHash };
    // polkadot.js would try to follow a runtime that does not exist: raw RPC from here on.
    await api.disconnect();
    api = undefined;
    const authoringFailed = new RegExp(`Slot \\d+: block authoring failed: .*#${upgrade.number}`);
    await until('the node to say why it cannot build on the upgrade block',
      () => authoringFailed.test(dev.log), dev, 30000);
    // Slots pass (1 s each) and nothing is built on the broken code.
    await new Promise((r) => setTimeout(r, 4000));
    await assertServing();
    assert.equal((await rpc(dev, 'chain_getHeader')).parentHash, upgrade.parentHash);
    assert.equal(await bestNumber(), upgrade.number);
    assert.equal(await specAt(dev, upgrade.parentHash), SPEC);
    const version = await call(dev, 'state_getRuntimeVersion', [upgrade.hash]);
    assert.ok(version.error && !version.result, JSON.stringify(version));
    assert.ok(await rpc(dev, 'state_getStorage', [aliceAccountKey, upgrade.hash]));
    console.log(`  ${dev.log.split('\n').find((l) => authoringFailed.test(l))}`);
  });

  await check('restarted, the node opens its database at the upgrade block and says the same', async () => {
    assert.ok(upgrade, 'no upgrade block');
    dev.process.kill('SIGINT');
    assert.equal(await dev.exited, 0, dev.tail());
    await dev.start();
    await until('the restarted node\'s RPC server', () => rpc(dev, 'system_health'), dev, 60000);
    const authoringFailed = new RegExp(`Slot \\d+: block authoring failed: .*#${upgrade.number}`);
    await until('the restarted node to say why it cannot build on the upgrade block',
      () => authoringFailed.test(dev.log), dev, 30000);
    await new Promise((r) => setTimeout(r, 3000));
    await assertServing();
    assert.equal(await rpc(dev, 'chain_getBlockHash', [upgrade.number]), upgrade.hash);
    assert.equal(await bestNumber(), upgrade.number);
    assert.equal(await specAt(dev, upgrade.parentHash), SPEC);
    assert.ok(await rpc(dev, 'state_getStorage', [aliceAccountKey, upgrade.hash]));
  });
} finally {
  try { if (api) await api.disconnect(); } catch { /* already gone */ }
  await dev.stop();
}
finish(TEST);
