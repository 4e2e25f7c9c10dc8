// A real `canary --dev` node against polkadot.js: a 2-of-3 multisig of Alice, Bob and Charlie makes
// a transfer (issue 20's acceptance point), with polkadot.js deriving the multisig's address itself
// (@polkadot/util-crypto createKeyMulti) and building, signing and decoding every call and event
// from the runtime's metadata:
//   - Alice funds the multisig; her multisig.asMulti opens the operation (NewMultisig) and reserves
//     the deposit the metadata's constants announce (DepositBase + 2 × DepositFactor);
//   - the open operation is read back from storage (multisig.multisigs) with Alice's timepoint;
//   - Bob's asMulti with that timepoint dispatches the transfer from the multisig account
//     (MultisigExecuted with an Ok result, Balances.Transfer), Dave gains the amount, Alice's
//     deposit comes back and the operation is gone;
//   - vesting.vestedTransfer puts 10 KSM under the "vesting " lock of a new account.
//
//   node multisig.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { createKeyMulti, encodeAddress, sortAddresses } from '@polkadot/util-crypto';
import { connectApi, DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.multisig';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary);

// Signs and sends; resolves with the events of the block that included it, once finalized.
async function sendAndWatch(tx, signer) {
  return new Promise((resolve, reject) => {
    let events;
    tx.signAndSend(signer, (result) => {
      if (result.status.isInBlock) events = result.events;
      // See dev_node.test.mjs: the Finalized status may arrive without the InBlock result.
      if (result.status.isFinalized) resolve({ block: result.status.asFinalized, events: events ?? result.events });
      if (result.isError) reject(new Error(`transaction failed: ${result.status.type}`));
    }).catch(reject);
  });
}
const names = (events) => events.map(({ event }) => `${event.section}.${event.method}`);
const find = (events, section, method) =>
  events.find(({ event }) => event.section === section && event.method === method);

await dev.start();
const api = await connectApi(dev);
const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const charlie = keyring.addFromUri('//Charlie');
const dave = keyring.addFromUri('//Dave');
const KSM = 1_000_000_000_000n;

try {
  const signatories = [alice.address, bob.address, charlie.address];
  const multi = encodeAddress(createKeyMulti(signatories, 2), 2);
  const others = (who) => sortAddresses(signatories.filter((a) => a !== who), 2);
  const inner = api.tx.balances.transferKeepAlive(dave.address, 3n * KSM);
  const callHash = inner.method.hash.toHex();
  const maxWeight = { refTime: 10_000_000_000n, proofSize: 1_000_000n };

  await check('the metadata has Multisig (31) and Vesting (28) with Kusama\'s constants', async () => {
    const pallets = api.runtimeMetadata.asLatest.pallets;
    const index = (name) => pallets.find((p) => p.name.toString() === name).index.toNumber();
    assert.equal(index('Multisig'), 31);
    assert.equal(index('Vesting'), 28);
    assert.equal(api.consts.multisig.maxSignatories.toNumber(), 100);
    // deposit(1, 88) and deposit(0, 32) with Kusama's cents (333,333,333) and millicents (333,333).
    assert.equal(api.consts.multisig.depositBase.toBigInt(), 2000n * 333_333_333n + 8800n * 333_333n);
    assert.equal(api.consts.multisig.depositFactor.toBigInt(), 3200n * 333_333n);
    assert.equal(api.consts.vesting.minVestedTransfer.toBigInt(), 100n * 333_333_333n);
    assert.equal(api.consts.vesting.maxVestingSchedules.toNumber(), 28);
  });

  await check('a 2-of-3 multisig makes a transfer', async () => {
    await sendAndWatch(api.tx.balances.transferKeepAlive(multi, 10n * KSM), alice);
    const reservedBefore = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    const daveBefore = (await api.query.system.account(dave.address)).data.free.toBigInt();

    const opened = await sendAndWatch(api.tx.multisig.asMulti(2, others(alice.address), null, inner, { refTime: 0, proofSize: 0 }), alice);
    const created = find(opened.events, 'multisig', 'NewMultisig');
    assert.ok(created, names(opened.events).join(','));
    assert.equal(created.event.data[0].toString(), alice.address);
    assert.equal(created.event.data[1].toString(), multi);
    assert.equal(created.event.data[2].toHex(), callHash);
    const deposit = api.consts.multisig.depositBase.toBigInt() + 2n * api.consts.multisig.depositFactor.toBigInt();
    const reserved = (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    assert.equal(reserved - reservedBefore, deposit);

    const open = await api.query.multisig.multisigs(multi, callHash);
    assert.ok(open.isSome, 'the operation is stored');
    const { when, depositor, approvals } = open.unwrap();
    assert.equal(depositor.toString(), alice.address);
    assert.deepEqual(approvals.map((a) => a.toString()), [alice.address]);
    const header = await api.rpc.chain.getHeader(opened.block);
    assert.equal(when.height.toNumber(), header.number.toNumber());

    const approved = await sendAndWatch(
      api.tx.multisig.asMulti(2, others(bob.address), { height: when.height, index: when.index }, inner, maxWeight), bob);
    const executed = find(approved.events, 'multisig', 'MultisigExecuted');
    assert.ok(executed, names(approved.events).join(','));
    assert.equal(executed.event.data[0].toString(), bob.address);
    assert.equal(executed.event.data[2].toString(), multi);
    assert.ok(executed.event.data[4].isOk, `result ${executed.event.data[4].toString()}`);
    const transfer = find(approved.events, 'balances', 'Transfer');
    assert.ok(transfer, names(approved.events).join(','));
    assert.equal(transfer.event.data[0].toString(), multi);
    assert.equal(transfer.event.data[1].toString(), dave.address);
    assert.equal(transfer.event.data[2].toBigInt(), 3n * KSM);
    assert.equal((await api.query.system.account(dave.address)).data.free.toBigInt() - daveBefore, 3n * KSM);
    assert.equal((await api.query.system.account(multi)).data.free.toBigInt(), 7n * KSM);
    assert.equal((await api.query.system.account(alice.address)).data.reserved.toBigInt(), reservedBefore);
    assert.ok((await api.query.multisig.multisigs(multi, callHash)).isNone, 'the operation is gone');
  });

  await check('vesting.vestedTransfer locks the amount under "vesting "', async () => {
    const fresh = keyring.addFromUri('//Canary//vesting').address;
    const { events } = await sendAndWatch(
      api.tx.vesting.vestedTransfer(fresh, { locked: 10n * KSM, perBlock: KSM, startingBlock: 1_000_000 }), alice);
    const updated = find(events, 'vesting', 'VestingUpdated');
    assert.ok(updated, names(events).join(','));
    assert.equal(updated.event.data[1].toBigInt(), 10n * KSM);
    const schedules = await api.query.vesting.vesting(fresh);
    assert.ok(schedules.isSome);
    assert.equal(schedules.unwrap()[0].locked.toBigInt(), 10n * KSM);
    const locks = await api.query.balances.locks(fresh);
    assert.equal(locks.length, 1);
    assert.equal(locks[0].id.toUtf8(), 'vesting ');
    assert.equal(locks[0].amount.toBigInt(), 10n * KSM);
  });
} finally {
  try { await api.disconnect(); } catch { /* already gone */ }
  await dev.stop();
}
finish(TEST);
