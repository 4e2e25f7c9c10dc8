// A real `canary --dev --dev-block-time 1000` node against polkadot.js: OpenGov end to end on the
// development chain's fast governance timings (runtime/canary/README.md: Governance), every call,
// storage item and event built and decoded by polkadot.js from the runtime's metadata:
//   - the metadata has ConvictionVoting (20), Referenda (21) and Origins (43), and the constants
//     show the dev timings (Referenda.Tracks' root track, UndecidingTimeout, VoteLockingPeriod);
//   - Alice notes the preimage of a Root call (system.setStorage of a key), submits it on the root
//     track with api.tx.referenda.submit, places the decision deposit; Alice, Bob and Charlie vote
//     aye with convictionVoting.vote; the referendum is confirmed, referenda.referendumInfoFor says
//     Approved, and the Scheduler dispatches the call from Root (the key is set);
//   - the voters' balances carry the "pyconvot" lock.
//
//   node governance.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { blake2AsHex } from '@polkadot/util-crypto';
import { stringToHex, stringToU8a, u8aConcat, u8aToHex, u8aToString } from '@polkadot/util';
import { connectApi, DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';

const TEST = 'interop.governance';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary);
dev.extraArgs = ['--dev-block-time', '1000'];

// Signs and sends; resolves with the events of the block that included it (in block, or finalized
// when that comes first). A
// transaction not in a block within 60 s fails with the statuses it went through and the node's
// log, rather than hanging the test.
async function send(tx, signer) {
  const statuses = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(
      `${tx.method.section}.${tx.method.method} not in a block after 60 s (statuses: ${statuses.join(', ')})\n${dev.tail()}`)), 60_000);
    tx.signAndSend(signer, (result) => {
      statuses.push(result.status.type);
      // See dev_node.test.mjs: under load the Finalized status may arrive without the InBlock
      // result (polkadot.js's switchMap cancels it while it fetches the block's events).
      if (result.status.isInBlock || result.status.isFinalized) {
        clearTimeout(timer);
        resolve({ block: result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized, events: result.events });
      }
      if (result.isError) {
        clearTimeout(timer);
        reject(new Error(`transaction failed: ${result.status.type}`));
      }
    }).catch((e) => {
      clearTimeout(timer);
      reject(e);
    });
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
// Half of a dev account's 2^60 endowment each: three votes are 12.5 % of the issuance.
const VOTE = (1n << 60n) / 2n;

try {
  await check('the metadata has ConvictionVoting (20), Referenda (21) and Origins (43) with the dev timings', async () => {
    const pallets = api.runtimeMetadata.asLatest.pallets;
    const index = (name) => pallets.find((p) => p.name.toString() === name)?.index.toNumber();
    assert.equal(index('ConvictionVoting'), 20);
    assert.equal(index('Referenda'), 21);
    assert.equal(index('Origins'), 43);
    assert.equal(api.consts.convictionVoting.maxVotes.toNumber(), 512);
    assert.equal(api.consts.convictionVoting.voteLockingPeriod.toNumber(), 10);
    assert.equal(api.consts.referenda.undecidingTimeout.toNumber(), 40);
    assert.equal(api.consts.referenda.submissionDeposit.toBigInt(), 33_333_333_333n);
    const tracks = api.consts.referenda.tracks;
    assert.equal(tracks.length, 16);
    const [id, root] = tracks[0];
    assert.equal(id.toNumber(), 0);
    assert.equal(root.preparePeriod.toNumber(), 2);
    assert.equal(root.decisionPeriod.toNumber(), 20);
    assert.equal(root.confirmPeriod.toNumber(), 2);
    assert.equal(root.minEnactmentPeriod.toNumber(), 2);
  });

  await check('the Treasury (18): its pot is the account polkadot.js derives, alive from genesis', async () => {
    const pallets = api.runtimeMetadata.asLatest.pallets;
    assert.equal(pallets.find((p) => p.name.toString() === 'Treasury')?.index.toNumber(), 18);
    assert.equal(api.consts.treasury.spendPeriod.toNumber(), 10); // the dev preset's
    assert.equal(api.consts.treasury.payoutPeriod.toNumber(), 90 * 14_400);
    assert.equal(u8aToString(api.consts.treasury.palletId.toU8a(true)), 'py/trsry');
    // What polkadot.js apps shows as the treasury: "modl" ++ palletId ++ zeros.
    const pot = u8aToHex(u8aConcat(stringToU8a('modl'), api.consts.treasury.palletId.toU8a(true), new Uint8Array(20)));
    assert.equal(u8aToHex(api.consts.treasury.potAccount.toU8a()), pot);
    const account = await api.query.system.account(pot);
    assert.ok(account.data.free.toBigInt() >= api.consts.balances.existentialDeposit.toBigInt(), account.toString());
    assert.equal((await api.query.treasury.approvals()).length, 0);
  });

  await check('a root referendum submitted, voted and enacted by the Scheduler', async () => {
    const key = stringToHex('canary:interop:governance');
    const value = stringToHex('enacted');
    const proposal = api.tx.system.setStorage([[key, value]]);
    const encoded = proposal.method.toU8a();
    const hash = blake2AsHex(encoded);

    const noted = await send(api.tx.preimage.notePreimage(u8aToHex(encoded)), alice);
    assert.ok(find(noted.events, 'preimage', 'Noted'), names(noted.events).join(','));
    const index = (await api.query.referenda.referendumCount()).toNumber();
    const submitted = await send(api.tx.referenda.submit(
      { system: 'Root' }, { Lookup: { hash, len: encoded.length } }, { After: 0 }), alice);
    const event = find(submitted.events, 'referenda', 'Submitted');
    assert.ok(event, names(submitted.events).join(','));
    assert.equal(event.event.data[0].toNumber(), index);
    assert.equal(event.event.data[1].toNumber(), 0); // the root track
    const placed = await send(api.tx.referenda.placeDecisionDeposit(index), alice);
    assert.ok(find(placed.events, 'referenda', 'DecisionDepositPlaced'), names(placed.events).join(','));
    for (const voter of [alice, bob, charlie]) {
      const voted = await send(api.tx.convictionVoting.vote(index,
        { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: VOTE } }), voter);
      assert.ok(find(voted.events, 'convictionVoting', 'Voted'), names(voted.events).join(','));
    }
    const ongoing = await api.query.referenda.referendumInfoFor(index);
    assert.ok(ongoing.isSome && ongoing.unwrap().isOngoing, ongoing.toString());
    assert.equal(ongoing.unwrap().asOngoing.tally.ayes.toBigInt(), 3n * VOTE);

    // Prepare 2, then support 12.5 % meets the root track's falling support curve 3/4 into the
    // 20-block decision period, confirm 2, enactment 2: well within 40 blocks of 1 s.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const info = await api.query.referenda.referendumInfoFor(index);
      const stored = await api.rpc.state.getStorage(key);
      if (info.unwrap().isApproved && stored.isSome) break;
      assert.ok(Date.now() < deadline, `not enacted in time: ${info.toString()}, key ${stored.toString()}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const stored = await api.rpc.state.getStorage(key);
    assert.equal(u8aToHex(stored.unwrap()), value);
    for (const voter of [alice, bob, charlie]) {
      const locks = await api.query.balances.locks(voter.address);
      const lock = locks.find((l) => l.id.toUtf8() === 'pyconvot');
      assert.ok(lock, locks.toString());
      assert.equal(lock.amount.toBigInt(), VOTE);
    }
  });
} finally {
  try { await api.disconnect(); } catch { /* already gone */ }
  await dev.stop();
}
finish(TEST);
