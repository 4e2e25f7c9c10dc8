// OpenGov's lifecycle on a real `canary --dev --dev-block-time 1000` node, with polkadot.js only
// (the governance issue's acceptance: a treasury spend through the small-spender track is approved
// and paid; a conviction lock outlives the referendum for the conviction's period and is then
// unlocked; a referendum that fails its approval curve is rejected and its deposits refunded as
// Kusama does; a proxy votes on behalf of its delegator). Two referenda at once, on the dev
// preset's fast timings (prepare 2, decision 20, confirm 2, enactment 2 blocks, VoteLockingPeriod
// 10, Treasury SpendPeriod 10):
//   - S, on the small_spender track (32): Origins.SmallSpender's treasury.spendLocal of 10 KSM to
//     a fresh account, the pot funded first by a transfer. Aye votes: Alice, Eve, Bob's cast by
//     Charlie through a Governance proxy (proxy.proxy; ProxyExecuted Ok; the vote is in Bob's
//     convictionVoting.votingFor, not Charlie's; a transfer through the same proxy is
//     system.CallFiltered), and Dave's 10 KSM at Locked1x. S is Approved, the Scheduler dispatches
//     the spend (Treasury.SpendApproved), the next spend period pays it (Treasury.Awarded, the
//     beneficiary's balance).
//   - Dave's `pyconvot` lock outlives S: removeVote leaves a prior lock until S's end + 10 blocks,
//     unlock before then keeps the lock, unlock after it removes it (and classLocksFor's entry).
//   - R, on the small_tipper track (30): Ferdie votes nay; R is Rejected when its decision period
//     ends; refundDecisionDeposit gives DecisionDepositRefunded with the track's deposit back to
//     Eve, and refundSubmissionDeposit fails with referenda.BadStatus (FR-1.7.1's pallet-referenda
//     refunds a submission deposit only after Approved or Cancelled).
//
//   node governance_lifecycle.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/api';
import { stringToHex } from '@polkadot/util';
import { connectApi, DevNode, until } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';
import { find, KSM, names, submit } from './upgrade_support.mjs';

const TEST = 'interop.governance_lifecycle';
const [, canary] = process.argv.slice(2);
const dev = new DevNode(canary);
dev.extraArgs = ['--dev-block-time', '1000'];

const SMALL_SPENDER = 32;
const SMALL_TIPPER = 30;
const SPEND = 10n * KSM;
const DAVE_VOTE = 10n * KSM;
// Half of a dev account's 2^60 endowment: three such votes meet the small spender's support curve
// well within its 20-block decision period.
const VOTE = (1n << 60n) / 2n;

await dev.start();
const api = await connectApi(dev);
const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
const [alice, bob, charlie, dave, eve, ferdie] =
  ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) => keyring.addFromUri(`//${n}`));
const beneficiary = keyring.addFromUri('//GovernanceLifecycleBeneficiary');

const bestNumber = async () => (await api.rpc.chain.getHeader()).number.toNumber();
const convictionLock = async (who) =>
  (await api.query.balances.locks(who.address)).find((l) => l.id.toUtf8() === 'pyconvot');
const moduleError = (dispatchError) => {
  const error = api.registry.findMetaError(dispatchError.asModule);
  return `${error.section}.${error.name}`;
};
const aye = (balance, conviction = 'Locked1x') =>
  ({ Standard: { vote: { aye: true, conviction }, balance } });
// Submits a referendum on `call` (inline) from `origin` and places its decision deposit.
async function referendum(proposer, origin, call, track) {
  const submitted = await submit(
    api.tx.referenda.submit(origin, { Inline: call.method.toHex() }, { After: 0 }), proposer);
  const event = find(submitted.events, 'referenda', 'Submitted');
  assert.ok(event, names(submitted.events).join(','));
  assert.equal(event.event.data[1].toNumber(), track);
  const index = event.event.data[0].toNumber();
  const placed = await submit(api.tx.referenda.placeDecisionDeposit(index), proposer);
  assert.ok(find(placed.events, 'referenda', 'DecisionDepositPlaced'), names(placed.events).join(','));
  return index;
}
const info = async (index) => (await api.query.referenda.referendumInfoFor(index)).unwrap();
// The events of blocks from..to (numbers), in order.
async function eventsOfBlocks(from, to) {
  const out = [];
  for (let n = from; n <= to; ++n) {
    const at = await api.at(await api.rpc.chain.getBlockHash(n));
    out.push(...(await at.query.system.events()));
  }
  return out;
}

let spendRef;
let rejectRef;
let startBlock;
try {
  await check('a Governance proxy casts its delegator\'s vote; a transfer through it is filtered', async () => {
    startBlock = await bestNumber();
    const pot = api.consts.treasury.potAccount;
    await Promise.all([
      (async () => {
        const funded = await submit(api.tx.balances.transferKeepAlive(pot, 1000n * KSM), alice);
        assert.ok(find(funded.events, 'balances', 'Transfer'), names(funded.events).join(','));
        spendRef = await referendum(alice, { Origins: 'SmallSpender' },
          api.tx.treasury.spendLocal(SPEND, beneficiary.address), SMALL_SPENDER);
      })(),
      (async () => {
        const added = await submit(api.tx.proxy.addProxy(charlie.address, 'Governance', 0), bob);
        assert.ok(find(added.events, 'proxy', 'ProxyAdded'), names(added.events).join(','));
      })(),
      (async () => {
        rejectRef = await referendum(eve, { Origins: 'SmallTipper' },
          api.tx.system.remarkWithEvent(stringToHex('canary: a tip nobody wants')), SMALL_TIPPER);
      })(),
    ]);
    const vote = async (who, index, accountVote) => {
      const voted = await submit(api.tx.convictionVoting.vote(index, accountVote), who);
      assert.ok(find(voted.events, 'convictionVoting', 'Voted'), names(voted.events).join(','));
    };
    await Promise.all([
      vote(alice, spendRef, aye(VOTE)),
      vote(eve, spendRef, aye(VOTE)),
      vote(dave, spendRef, aye(DAVE_VOTE)),
      vote(ferdie, rejectRef, { Standard: { vote: { aye: false, conviction: 'None' }, balance: KSM } }),
      (async () => {
        const proxied = await submit(api.tx.proxy.proxy(bob.address, null,
          api.tx.convictionVoting.vote(spendRef, aye(VOTE))), charlie);
        const executed = find(proxied.events, 'proxy', 'ProxyExecuted');
        assert.ok(executed && executed.event.data[0].isOk, names(proxied.events).join(','));
        assert.ok(find(proxied.events, 'convictionVoting', 'Voted'), names(proxied.events).join(','));
        const filtered = await submit(api.tx.proxy.proxy(bob.address, null,
          api.tx.balances.transferKeepAlive(charlie.address, KSM)), charlie);
        const refused = find(filtered.events, 'proxy', 'ProxyExecuted');
        assert.ok(refused && refused.event.data[0].isErr, names(filtered.events).join(','));
        assert.equal(moduleError(refused.event.data[0].asErr), 'system.CallFiltered');
      })(),
    ]);
    const bobs = await api.query.convictionVoting.votingFor(bob.address, SMALL_SPENDER);
    assert.ok(bobs.isCasting, bobs.toString());
    const bobsVote = bobs.asCasting.votes.find(([poll]) => poll.toNumber() === spendRef);
    assert.ok(bobsVote, bobs.toString());
    assert.equal(bobsVote[1].asStandard.balance.toBigInt(), VOTE);
    assert.ok(bobsVote[1].asStandard.vote.isAye);
    const charlies = await api.query.convictionVoting.votingFor(charlie.address, SMALL_SPENDER);
    assert.ok(!charlies.isCasting || charlies.asCasting.votes.length === 0, charlies.toString());
    assert.equal((await info(spendRef)).asOngoing.tally.ayes.toBigInt(), 3n * VOTE + DAVE_VOTE);
  });

  let ended;
  let unlockAt;
  await check('S is approved; Dave\'s removed vote leaves his 1x lock for a locking period', async () => {
    assert.ok(spendRef !== undefined, 'no referendum');
    await until('S to be approved', async () => (await info(spendRef)).isApproved, dev, 90000);
    ended = (await info(spendRef)).asApproved[0].toNumber();
    unlockAt = ended + api.consts.convictionVoting.voteLockingPeriod.toNumber();
    assert.equal((await convictionLock(dave))?.amount.toBigInt(), DAVE_VOTE);
    const removed = await submit(api.tx.convictionVoting.removeVote(SMALL_SPENDER, spendRef), dave);
    assert.ok(find(removed.events, 'system', 'ExtrinsicSuccess'), names(removed.events).join(','));
    const voting = await api.query.convictionVoting.votingFor(dave.address, SMALL_SPENDER);
    assert.deepEqual([voting.asCasting.prior[0].toNumber(), voting.asCasting.prior[1].toBigInt()],
      [unlockAt, DAVE_VOTE]);
    const early = await submit(api.tx.convictionVoting.unlock(SMALL_SPENDER, dave.address), dave);
    const earlyBlock = (await api.rpc.chain.getHeader(early.block)).number.toNumber();
    assert.ok(earlyBlock < unlockAt, `unlock at #${earlyBlock}, the lock ends at #${unlockAt}`);
    assert.equal((await convictionLock(dave))?.amount.toBigInt(), DAVE_VOTE);
  });

  await check('a rejected referendum: the decision deposit is refunded, the submission deposit is not', async () => {
    assert.ok(rejectRef !== undefined, 'no referendum');
    await until('R to be rejected', async () => (await info(rejectRef)).isRejected, dev, 90000);
    const track = api.consts.referenda.tracks.find(([id]) => id.toNumber() === SMALL_TIPPER)[1];
    const deposit = track.decisionDeposit.toBigInt();
    const before = (await api.query.system.account(eve.address)).data;
    const refunded = await submit(api.tx.referenda.refundDecisionDeposit(rejectRef), eve);
    const event = find(refunded.events, 'referenda', 'DecisionDepositRefunded');
    assert.ok(event, names(refunded.events).join(','));
    assert.equal(event.event.data[0].toNumber(), rejectRef);
    assert.equal(event.event.data[1].toString(), eve.address);
    assert.equal(event.event.data[2].toBigInt(), deposit);
    const after = (await api.query.system.account(eve.address)).data;
    assert.equal(before.reserved.toBigInt() - after.reserved.toBigInt(), deposit);
    // The submission deposit of a Rejected referendum stays reserved (FR-1.7.1).
    const kept = await submit(api.tx.referenda.refundSubmissionDeposit(rejectRef), eve);
    const failed = find(kept.events, 'system', 'ExtrinsicFailed');
    assert.ok(failed, names(kept.events).join(','));
    assert.equal(moduleError(failed.event.data[0]), 'referenda.BadStatus');
    assert.equal((await api.query.system.account(eve.address)).data.reserved.toBigInt(),
      after.reserved.toBigInt());
  });

  await check('the small spender\'s spend is enacted and paid at the next spend period', async () => {
    assert.ok(ended !== undefined, 'S did not end');
    await until('the beneficiary to be paid', async () =>
      (await api.query.system.account(beneficiary.address)).data.free.toBigInt() === SPEND, dev, 60000);
    const events = await eventsOfBlocks(startBlock + 1, await bestNumber());
    const approved = find(events, 'treasury', 'SpendApproved');
    assert.ok(approved, names(events).join(','));
    assert.equal(approved.event.data[1].toBigInt(), SPEND);
    assert.equal(approved.event.data[2].toString(), beneficiary.address);
    const awarded = find(events, 'treasury', 'Awarded');
    assert.ok(awarded, names(events).join(','));
    assert.equal(awarded.event.data[0].toNumber(), approved.event.data[0].toNumber());
    assert.equal(awarded.event.data[1].toBigInt(), SPEND);
    assert.equal(awarded.event.data[2].toString(), beneficiary.address);
  });

  await check('after the locking period, unlock removes the conviction lock', async () => {
    assert.ok(unlockAt !== undefined, 'no prior lock');
    await until(`block #${unlockAt}`, async () => (await bestNumber()) >= unlockAt, dev, 60000);
    await submit(api.tx.convictionVoting.unlock(SMALL_SPENDER, dave.address), dave);
    assert.equal(await convictionLock(dave), undefined);
    const classLocks = await api.query.convictionVoting.classLocksFor(dave.address);
    assert.ok(!classLocks.some(([cls]) => cls.toNumber() === SMALL_SPENDER), classLocks.toString());
  });
} finally {
  try { await api.disconnect(); } catch { /* already gone */ }
  await dev.stop();
}
finish(TEST);
