// The relay chain's parachain host as polkadot.js sees it (issue 21), on one `canary --dev` node
// whose spec `canary build-spec --chain dev --parachain 100=<adder PVF>:<genesis head>` wrote:
//   - every block carries ParaInherent.enter (the node's `parachn0` inherent data, still without
//     bitfields or candidates), and blocks keep being produced and finalized;
//   - paras.heads(100) is the adder's genesis head, paras.paraLifecycles(100) Parachain, and
//     paras.currentCodeHash(100) the BLAKE2b-256 of the PVF, its code under paras.codeByHash;
//   - configuration.activeConfig decodes with Kusama's types, with the dev values and the core the
//     genesis para took (schedulerParams.numCores 1);
//   - paraScheduler.claimQueue holds para 100 on core 0, paraScheduler.validatorGroups one group
//     of Alice, parasShared.activeValidatorKeys her `para` key, authorityDiscovery.keys her `audi`
//     key, paraSessionInfo.sessions(0) the genesis session;
//   - the ParachainHost API (v11) and AuthorityDiscoveryApi answer the same through api.call;
//   - registrar.reserve (Kusama's call index) takes para id 2000 for Kusama's 4 KSM deposit.
//
//   node parachain_host.test.mjs <canary_interop_helper> <canary> <fixtures dir>

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { connectApi, DevNode, until } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';
import { KSM, submitOk } from './staking_support.mjs';

const TEST = 'interop.parachain_host';
const [, canary, fixtures] = process.argv.slice(2);
const adder = join(fixtures, 'parachains', 'adder');
const PARA = 100;

await cryptoWaitReady();
const dev = new DevNode(canary);
const specPath = join(dev.base, 'parachain-spec.json');
writeFileSync(specPath, execFileSync(canary, ['build-spec', '--chain', 'dev', '--raw',
  '--parachain', `${PARA}=${join(adder, 'validation_code.wasm')}:${join(adder, 'genesis_head.hex')}`],
{ stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }));
dev.extraArgs = ['--chain', specPath];

const genesisHead = readFileSync(join(adder, 'genesis_head.hex'), 'utf8').trim().replace(/^(0x)?/, '0x');
const code = readFileSync(join(adder, 'validation_code.wasm'));
const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');

await dev.start();
let api;
try {
  api = await connectApi(dev);
  const best = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  await until('block 3', async () => (await best()) >= 3, dev);

  await check('every block carries paraInherent.enter after the timestamp, with bitfields only', async () => {
    for (let n = 1; n <= 3; ++n) {
      const hash = await api.rpc.chain.getBlockHash(n);
      const block = await api.rpc.chain.getBlock(hash);
      const calls = block.block.extrinsics.map((x) => `${x.method.section}.${x.method.method}`);
      assert.deepEqual(calls.slice(0, 2), ['timestamp.set', 'paraInherent.enter'], `#${n}: ${calls}`);
      const data = block.block.extrinsics[1].method.args[0];
      assert.equal(data.parentHeader.hash.toHex(), block.block.header.parentHash.toHex());
      // Alice's availability bitfield (the parent's, signed 1.5 s after it) when the provisioner
      // had it: one bit per core, none set (no collator, nothing pending availability).
      assert.ok(data.bitfields.length <= 1, `#${n}: ${data.bitfields.length} bitfields`);
      for (const bitfield of data.bitfields) {
        assert.equal(bitfield.validatorIndex.toNumber(), 0);
        assert.equal(bitfield.payload.length, 1);
        assert.ok(bitfield.payload.toU8a(true).every((byte) => byte === 0));
      }
      assert.equal(data.backedCandidates.length, 0);
    }
  });

  await check('paras: the adder is a parachain with its genesis head and code', async () => {
    const head = await api.query.paras.heads(PARA);
    assert.equal(head.unwrap().toHex(), genesisHead);
    const lifecycle = await api.query.paras.paraLifecycles(PARA);
    assert.equal(lifecycle.unwrap().toString(), 'Parachain');
    const codeHash = (await api.query.paras.currentCodeHash(PARA)).unwrap().toHex();
    assert.equal(codeHash, blake2AsHex(code, 256));
    const stored = await api.query.paras.codeByHash(codeHash);
    assert.equal(stored.unwrap().toHex(), u8aToHex(code));
    assert.deepEqual((await api.query.paras.parachains()).map((id) => id.toNumber()), [PARA]);
  });

  await check('configuration.activeConfig decodes with the dev values and one core', async () => {
    const config = await api.query.configuration.activeConfig();
    assert.equal(config.maxCodeSize.toNumber(), 3 * 1024 * 1024);
    assert.equal(config.maxPovSize.toNumber(), 10 * 1024 * 1024);
    assert.equal(config.maxHeadDataSize.toNumber(), 32 * 1024);
    assert.equal(config.schedulerParams.lookahead.toNumber(), 2);
    assert.equal(config.schedulerParams.groupRotationFrequency.toNumber(), 20);
    assert.equal(config.schedulerParams.numCores.toNumber(), 1);
    assert.equal(config.asyncBackingParams.maxCandidateDepth.toNumber(), 3);
    assert.equal(config.minimumBackingVotes.toNumber(), 2);
  });

  await check('the scheduler serves para 100 on core 0 with one group of Alice', async () => {
    const queue = await api.query.paraScheduler.claimQueue();
    const entries = [...queue.entries()];
    assert.equal(entries.length, 1, queue.toString());
    const [core, assignments] = entries[0];
    assert.equal(core.toNumber(), 0);
    assert.ok(assignments.length >= 1, queue.toString());
    for (const a of assignments) assert.equal(a.asBulk.toNumber(), PARA, a.toString());
    const groups = await api.query.paraScheduler.validatorGroups();
    assert.deepEqual(groups.toJSON(), [[0]]);
    const keys = await api.query.parasShared.activeValidatorKeys();
    assert.deepEqual(keys.map((k) => k.toHex()), [u8aToHex(alice.publicKey)]);
  });

  await check('authority discovery and session info carry the genesis session', async () => {
    const audi = await api.query.authorityDiscovery.keys();
    assert.deepEqual(audi.map((k) => k.toHex()), [u8aToHex(alice.publicKey)]);
    assert.deepEqual((await api.query.authorityDiscovery.nextKeys()).map((k) => k.toHex()),
      [u8aToHex(alice.publicKey)]);
    const info = await api.query.paraSessionInfo.sessions(0);
    assert.ok(info.isSome, 'no SessionInfo for session 0');
    assert.deepEqual(info.unwrap().validators.map((k) => k.toHex()), [u8aToHex(alice.publicKey)]);
    assert.equal(info.unwrap().nCores.toNumber(), 1);
    // The genesis session's validators find each other by these keys.
    assert.deepEqual(info.unwrap().discoveryKeys.map((k) => k.toHex()), [u8aToHex(alice.publicKey)]);
  });

  await check('the ParachainHost API answers as polkadot.js decodes it', async () => {
    const version = (await api.rpc.state.getRuntimeVersion()).apis
      .find(([id]) => id.toHex() === '0xaf2c0297a23e6d3d');
    assert.equal(version?.[1].toNumber(), 11, 'ParachainHost v11 advertised');
    const host = api.call.parachainHost;
    assert.deepEqual((await host.validators()).map((k) => k.toHex()), [u8aToHex(alice.publicKey)]);
    const [groups, rotation] = await host.validatorGroups();
    assert.deepEqual(groups.toJSON(), [[0]]);
    assert.equal(rotation.groupRotationFrequency.toNumber(), 20);
    const cores = await host.availabilityCores();
    assert.equal(cores.length, 1);
    assert.equal(cores[0].asScheduled.paraId.toNumber(), PARA);
    const claims = await host.claimQueue();
    assert.ok([...claims.values()][0].every((id) => id.toNumber() === PARA), claims.toString());
    const pvd = (await host.persistedValidationData(PARA, 'Included')).unwrap();
    assert.equal(pvd.parentHead.toHex(), genesisHead);
    assert.equal(pvd.maxPovSize.toNumber(), 10 * 1024 * 1024);
    assert.equal((await host.validationCodeHash(PARA, 'Included')).unwrap().toHex(),
      blake2AsHex(code, 256));
    assert.equal((await host.sessionIndexForChild()).toNumber(), 0);
    assert.ok((await host.sessionInfo(0)).isSome);
    assert.equal((await host.minimumBackingVotes()).toNumber(), 2);
    assert.deepEqual((await host.candidateEvents()).toJSON(), []);
    assert.deepEqual((await host.disabledValidators()).toJSON(), []);
    const audi = await api.call.authorityDiscoveryApi.authorities();
    assert.deepEqual(audi.map((k) => k.toHex()), [u8aToHex(alice.publicKey)]);
  });

  await check('registrar: reserve, as polkadot.js builds it from the metadata, takes the next free id for 4 KSM', async () => {
    const tx = api.tx.registrar.reserve();
    assert.equal(tx.method.toHex(), '0x4605', 'Kusama: Registrar is pallet 70, reserve call 5');
    assert.equal((await api.query.registrar.nextFreeParaId()).toNumber(), 2000);
    const before = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    const { events } = await submitOk(api, tx, alice);
    const reserved = events.find((e) => e.section === 'registrar' && e.method === 'Reserved');
    assert.ok(reserved, `no registrar.Reserved in ${events.map((e) => `${e.section}.${e.method}`)}`);
    assert.equal(reserved.data.paraId.toNumber(), 2000);
    assert.equal(reserved.data.who.toHex(), u8aToHex(alice.publicKey));
    const info = (await api.query.registrar.paras(2000)).unwrap();
    assert.equal(info.manager.toHex(), u8aToHex(alice.publicKey));
    assert.equal(info.deposit.toBigInt(), 4n * KSM);
    assert.equal((await api.query.registrar.nextFreeParaId()).toNumber(), 2001);
    const after = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    assert.equal(after - before, 4n * KSM);
  });

  await check('blocks are still finalized', async () => {
    const target = (await best()) + 2;
    await until(`finalized #${target}`, async () => {
      const hash = await api.rpc.chain.getFinalizedHead();
      return (await api.rpc.chain.getHeader(hash)).number.toNumber() >= target;
    }, dev);
  });
} finally {
  if (api) await api.disconnect();
  await dev.stop();
}
finish(TEST);
