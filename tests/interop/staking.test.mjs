// Staking end to end from the user's side (issue 19's acceptance, one node): polkadot.js against a
// real `canary --dev` whose chain spec comes from `canary build-spec --chain dev --block-time 1000
// --epoch-duration 4 --sessions-per-era 1 --raw` (an era of ~4 s, so that BondingDuration's 28 eras
// pass in ~2 minutes):
//   1. genesis: sessionsPerEra 1, Alice's stash validates, is bonded to itself with a 100 KSM
//      ledger and is the session's only validator; StakingApi.nominations_quota = 24 (metadata v15);
//   2. Bob bonds 10 KSM (Staked) and nominates Alice's stash; Charlie bonds and validates at 5 %
//      without a node (validatorCount 1: a candidate, not elected): derive.staking.account shows
//      Bob's bond and nominations; the next era elects Alice's stash with an exposure of
//      100 + 10 KSM (ErasStakersOverview, ErasStakersPaged), derive.staking.validators /
//      electedInfo report it, Charlie is waiting (derive.staking.waitingInfo); VoterList puts Bob in
//      the bag of the first threshold at or above his score;
//   3. derive.session.progress: sessionLength = epochDuration, eraLength = sessionsPerEra ×
//      sessionLength, currentIndex and activeEra as Session and Staking store them, advancing;
//   4. once the era in which Bob is exposed is paid (Staking.EraPaid): derive.staking.stakerRewards
//      lists it, StakingApi.pending_rewards is true, Bob's payout_stakers emits PayoutStarted and
//      Rewarded for Alice's stash and Bob with pallet-staking's split of ErasValidatorReward
//      (do_payout_stakers_by_page: Perbill::from_rational rounds down, Perbill × balance rounds to
//      the nearest, ties down), pending_rewards turns false, a second payout is AlreadyClaimed;
//   5. Bob unbonds 4 KSM: one chunk at CurrentEra + BondingDuration; withdraw_unbonded before then
//      changes nothing; once CurrentEra reaches the chunk's era it frees the 4 KSM (Withdrawn, the
//      staking hold and reserved balance 4 KSM lower, free balance 4 KSM higher less the fee).
//
//   node staking.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { connectApi, DevNode } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';
import {
  KSM, perbillFromRational, perbillMul, submit as submitTx, submitOk as submitTxOk,
} from './staking_support.mjs';

const TEST = 'interop.staking';
const [, canary] = process.argv.slice(2);

const EPOCH_DURATION = 4;
const SESSIONS_PER_ERA = 1;

const dev = new DevNode(canary);
const specPath = join(dev.base, 'staking-spec.json');
writeFileSync(specPath, execFileSync(canary, ['build-spec', '--chain', 'dev', '--block-time', '1000',
  '--epoch-duration', String(EPOCH_DURATION), '--sessions-per-era', String(SESSIONS_PER_ERA), '--raw'],
{ stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }));
dev.extraArgs = ['--chain', specPath];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `fn` until it returns a truthy value.
async function until(what, fn, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${dev.tail()}`);
    await sleep(250);
  }
}

await dev.start();
let api;
try {
  api = await connectApi(dev);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const aliceStash = keyring.addFromUri('//Alice//stash');
  const bob = keyring.addFromUri('//Bob');
  const charlie = keyring.addFromUri('//Charlie');
  const A = aliceStash.address;
  const B = bob.address;
  const C = charlie.address;

  // Every block's events, in order (heads can be skipped by the subscription: gaps are filled).
  const blockEvents = [];
  let lastNumber = -1;
  let fetching = Promise.resolve();
  const unsubHeads = await api.rpc.chain.subscribeNewHeads((header) => {
    const number = header.number.toNumber();
    fetching = fetching.then(async () => {
      for (let n = lastNumber + 1; n <= number; ++n) {
        const hash = n === number ? header.hash : await api.rpc.chain.getBlockHash(n);
        const events = await (await api.at(hash)).query.system.events();
        blockEvents.push({ number: n, hash, events });
      }
      lastNumber = Math.max(lastNumber, number);
    }).catch(() => {});
  });
  const findEvent = (section, method, pred = () => true) => {
    for (const block of blockEvents) {
      for (const { event } of block.events) {
        if (event.section === section && event.method === method && pred(event.data)) return { block, event };
      }
    }
    return null;
  };

  const submit = (tx, signer) => submitTx(api, tx, signer);
  const submitOk = (tx, signer) => submitTxOk(api, tx, signer);
  const feeOf = (events, who) => {
    const paid = events.find((e) => e.section === 'transactionPayment' && e.method === 'TransactionFeePaid' &&
      e.data.who.toString() === who);
    assert.ok(paid, 'TransactionFeePaid');
    return paid.data.actualFee.toBigInt();
  };
  const stakingHold = async (who) => {
    const holds = await api.query.balances.holds(who);
    const hold = holds.find((h) => h.id.isStaking || JSON.stringify(h.id.toJSON()).toLowerCase().includes('staking'));
    return hold ? hold.amount.toBigInt() : 0n;
  };

  await check('genesis: sessionsPerEra, the validator, its bond and ledger, the session set, nominationsQuota', async () => {
    assert.equal(api.consts.staking.sessionsPerEra.toNumber(), SESSIONS_PER_ERA);
    assert.equal(api.consts.babe.epochDuration.toNumber(), EPOCH_DURATION);
    assert.equal(api.consts.staking.bondingDuration.toNumber(), 28);
    const genesis = await api.at(await api.rpc.chain.getBlockHash(0));
    const prefs = await genesis.query.staking.validators(A);
    assert.equal(prefs.commission.toNumber(), 0);
    assert.equal(prefs.blocked.isTrue, false);
    assert.equal((await genesis.query.staking.bonded(A)).unwrap().toString(), A);
    const ledger = (await genesis.query.staking.ledger(A)).unwrap();
    assert.equal(ledger.stash.toString(), A);
    assert.equal(ledger.total.toBigInt(), 100n * KSM);
    assert.equal(ledger.active.toBigInt(), 100n * KSM);
    assert.equal(ledger.unlocking.length, 0);
    assert.equal((await genesis.query.staking.payee(A)).toString(), 'Staked');
    assert.deepEqual((await genesis.query.session.validators()).map(String), [A]);
    assert.deepEqual((await api.query.session.validators()).map(String), [A]);
    assert.equal((await genesis.query.staking.validatorCount()).toNumber(), 1);
    assert.equal(await stakingHold(A), 100n * KSM);
    // A runtime API call through metadata v15's `apis` (api.call), at any bond.
    for (const bond of [0n, 10n * KSM, 1n << 100n]) {
      assert.equal((await api.call.stakingApi.nominationsQuota(bond)).toNumber(), 24);
    }
  });

  let nominatedInEra;
  await check('Bob bonds and nominates, Charlie bonds and validates: derive.staking.account, VoterList', async () => {
    const bobFreeBefore = (await api.query.system.account(B)).data.free.toBigInt();
    // Charlie's two calls go in parallel with Bob's.
    const charlieDone = (async () => {
      await submitOk(api.tx.staking.bond(10n * KSM, 'Staked'), charlie);
      await submitOk(api.tx.staking.validate({ commission: 50_000_000, blocked: false }), charlie);
    })();
    const bonded = await submitOk(api.tx.staking.bond(10n * KSM, 'Staked'), bob);
    assert.ok(bonded.events.some((e) => e.section === 'staking' && e.method === 'Bonded' &&
      e.data.stash.toString() === B && e.data.amount.toBigInt() === 10n * KSM), 'Staking.Bonded');
    const bobFee = feeOf(bonded.events, B);
    const nominated = await submitOk(api.tx.staking.nominate([A]), bob);
    nominatedInEra = (await (await api.at(nominated.blockHash)).query.staking.currentEra()).unwrap().toNumber();
    await charlieDone;

    const ledger = (await api.query.staking.ledger(B)).unwrap();
    assert.equal(ledger.total.toBigInt(), 10n * KSM);
    assert.equal(ledger.active.toBigInt(), 10n * KSM);
    assert.equal(await stakingHold(B), 10n * KSM);
    // Holds keep the funds in the account, reserved (the nominate fee comes off too).
    const bobAccount = await api.query.system.account(B);
    assert.equal(bobAccount.data.free.toBigInt(), bobFreeBefore - 10n * KSM - bobFee - feeOf(nominated.events, B));
    const nominations = (await api.query.staking.nominators(B)).unwrap();
    assert.deepEqual(nominations.targets.map(String), [A]);
    assert.equal(nominations.suppressed.isTrue, false);
    assert.equal(nominations.submittedIn.toNumber(), nominatedInEra);
    const charliePrefs = await api.query.staking.validators(C);
    assert.equal(charliePrefs.commission.toNumber(), 50_000_000);

    const account = await api.derive.staking.account(B);
    assert.equal(account.stashId.toString(), B);
    assert.equal(account.controllerId.toString(), B);
    assert.equal(account.stakingLedger.active.toBigInt(), 10n * KSM);
    assert.equal(account.stakingLedger.total.toBigInt(), 10n * KSM);
    assert.deepEqual(account.nominators.map(String), [A]);
    assert.equal(account.rewardDestination.toString(), 'Staked');
    assert.equal(account.unlocking, undefined); // the derive's "nothing unlocking"
    assert.equal(account.redeemable.toBigInt(), 0n);

    // VoterList: Bob's node in the bag of the first threshold at or above his score (his active
    // bond: U128CurrencyToVote divides by max(issuance / u64::MAX, 1)), and the bag exists.
    const issuance = (await api.query.balances.totalIssuance()).toBigInt();
    const factor = issuance / ((1n << 64n) - 1n) > 1n ? issuance / ((1n << 64n) - 1n) : 1n;
    const score = 10n * KSM / factor;
    const node = (await api.query.voterList.listNodes(B)).unwrap();
    assert.equal(node.id.toString(), B);
    assert.equal(node.score.toBigInt(), score);
    const thresholds = api.consts.voterList.bagThresholds.map((t) => t.toBigInt());
    const upper = thresholds.find((t) => t >= score) ?? (1n << 64n) - 1n;
    assert.equal(node.bagUpper.toBigInt(), upper);
    const bag = (await api.query.voterList.listBags(upper)).unwrap();
    assert.ok(bag.head.isSome && bag.tail.isSome, 'the bag has a head and a tail');
    // Alice's stash (a validator votes for itself) and Charlie are voters too.
    assert.ok((await api.query.voterList.listNodes(A)).isSome, 'Alice stash in VoterList');
    assert.ok((await api.query.voterList.listNodes(C)).isSome, 'Charlie in VoterList');
    assert.equal((await api.query.voterList.counterForListNodes()).toNumber(), 3);
  });

  // The first era whose election saw Bob's nomination: Alice's stash exposed with 100 + 10 KSM.
  let exposedEra;
  await check('the next era elects Alice stash with Bob in its exposure; Charlie waits', async () => {
    exposedEra = await until('an era exposing Bob', async () => {
      const current = (await api.query.staking.currentEra()).unwrap().toNumber();
      for (let era = nominatedInEra; era <= current; ++era) {
        const overview = await api.query.staking.erasStakersOverview(era, A);
        if (overview.isSome && overview.unwrap().total.toBigInt() === 110n * KSM) return era;
      }
      return null;
    }, 40000);
    const overview = (await api.query.staking.erasStakersOverview(exposedEra, A)).unwrap();
    assert.equal(overview.own.toBigInt(), 100n * KSM);
    assert.equal(overview.nominatorCount.toNumber(), 1);
    assert.equal(overview.pageCount.toNumber(), 1);
    const page = (await api.query.staking.erasStakersPaged(exposedEra, A, 0)).unwrap();
    assert.equal(page.pageTotal.toBigInt(), 10n * KSM);
    assert.deepEqual(page.others.map((o) => [o.who.toString(), o.value.toBigInt()]), [[B, 10n * KSM]]);
    assert.ok((await api.query.staking.erasStakersOverview(exposedEra, C)).isNone, 'Charlie not elected');
    assert.equal((await api.query.staking.erasTotalStake(exposedEra)).toBigInt(), 110n * KSM);
    assert.equal((await api.call.stakingApi.erasStakersPageCount(exposedEra, A)).toNumber(), 1);

    // derive.staking.validators: the session's set and the current era's elected set.
    const { validators, nextElected } = await api.derive.staking.validators();
    assert.deepEqual(validators.map(String), [A]);
    assert.deepEqual(nextElected.map(String), [A]);
    // The derives read the exposure of the active era: wait for the exposed era to become active.
    await until(`active era ${exposedEra}`,
      async () => (await api.query.staking.activeEra()).unwrap().index.toNumber() >= exposedEra, 20000);
    const elected = await api.derive.staking.electedInfo({ withController: true, withExposure: true,
      withExposureMeta: true, withLedger: true, withPrefs: true });
    assert.deepEqual(elected.nextElected.map(String), [A]);
    const info = elected.info.find((i) => i.accountId.toString() === A);
    assert.ok(info, 'electedInfo has Alice stash');
    assert.equal(info.stashId.toString(), A);
    assert.equal(info.validatorPrefs.commission.toNumber(), 0);
    assert.equal(info.stakingLedger.active.toBigInt(), 100n * KSM);
    assert.equal(info.exposureMeta.unwrap().total.toBigInt(), 110n * KSM);
    assert.ok(!elected.info.some((i) => i.accountId.toString() === C), 'Charlie not in electedInfo');
    const waiting = await api.derive.staking.waitingInfo();
    assert.deepEqual(waiting.waiting.map(String), [C]);
    assert.equal(waiting.info[0].validatorPrefs.commission.toNumber(), 50_000_000);
    assert.deepEqual((await api.query.session.validators()).map(String), [A]);
  });

  await check('derive.session.progress: lengths, indexes as stored, advancing', async () => {
    const read = async () => {
      const hash = await api.rpc.chain.getBlockHash();
      const progress = await api.derive.session.progress();
      const at = await api.at(hash);
      const index = (await at.query.session.currentIndex()).toNumber();
      const active = (await at.query.staking.activeEra()).unwrap().index.toNumber();
      const current = (await at.query.staking.currentEra()).unwrap().toNumber();
      const hashAfter = await api.rpc.chain.getBlockHash();
      // Only a reading within one block is compared. The derive follows storage subscriptions,
      // which may not have delivered that block yet on a loaded machine: a reading whose session
      // index is not the block's is retried (a derive that never agrees times out).
      const events = (await at.query.system.events()).map((e) => `${e.event.section}.${e.event.method}`);
      const consistent = hash.eq(hashAfter) && progress.currentIndex.toNumber() === index;
      return consistent ? { progress, index, active, current, hash: hash.toHex(), events } : null;
    };
    const first = await until('a consistent reading', read, 20000);
    const p = first.progress;
    assert.equal(p.sessionLength.toNumber(), EPOCH_DURATION);
    assert.equal(p.eraLength.toNumber(), SESSIONS_PER_ERA * EPOCH_DURATION);
    assert.equal(p.sessionsPerEra.toNumber(), SESSIONS_PER_ERA);
    assert.equal(p.currentIndex.toNumber(), first.index);
    assert.equal(p.activeEra.toNumber(), first.active);
    assert.equal(p.currentEra.toNumber(), first.current);
    assert.ok(p.sessionProgress.toNumber() >= 0 && p.sessionProgress.toNumber() < EPOCH_DURATION,
      `sessionProgress ${p.sessionProgress}`);
    assert.ok(p.eraProgress.toNumber() >= 0 && p.eraProgress.toNumber() < SESSIONS_PER_ERA * EPOCH_DURATION,
      `eraProgress ${p.eraProgress}`);
    // Each session plans the next era (SessionsPerEra 1), which becomes active one session later.
    assert.equal(first.current, first.active + 1,
      `block ${first.hash}: ${JSON.stringify(first.events)}`);
    const later = await until('two more sessions', async () => {
      const r = await read();
      return r && r.index >= first.index + 2 ? r : null;
    }, 30000);
    assert.equal(later.progress.currentIndex.toNumber(), later.index);
    assert.ok(later.active >= first.active + 1, `active era ${first.active} → ${later.active}`);
  });

  await check('payout_stakers for the era Bob was exposed in: FRAME\'s split, pending_rewards, AlreadyClaimed', async () => {
    assert.ok(exposedEra !== undefined, 'needs the exposed era');
    const paid = await until(`EraPaid for era ${exposedEra}`,
      () => findEvent('staking', 'EraPaid', (d) => d.eraIndex.toNumber() === exposedEra), 40000);
    const reward = (await api.query.staking.erasValidatorReward(exposedEra)).unwrap().toBigInt();
    assert.equal(paid.event.data.validatorPayout.toBigInt(), reward);
    assert.ok(reward > 0n, 'a non-zero era payout');
    const points = await api.query.staking.erasRewardPoints(exposedEra);
    const pointsTotal = points.total.toBigInt();
    const pointsAlice = [...points.individual.entries()].find(([k]) => k.toString() === A)?.[1].toBigInt() ?? 0n;
    assert.ok(pointsTotal > 0n && pointsAlice === pointsTotal, `points ${pointsAlice}/${pointsTotal}`);
    // Authorship gives 20 points per block: one validator authored all of the era's blocks.
    assert.equal(pointsTotal % 20n, 0n);

    // pallet-staking do_payout_stakers_by_page, commission 0, one page.
    const total = 110n * KSM;
    const validatorTotal = perbillMul(perbillFromRational(pointsAlice, pointsTotal), reward);
    const commission = perbillMul(0n, validatorTotal);
    const leftover = validatorTotal - commission;
    const aliceExpected = perbillMul(perbillFromRational(100n * KSM, total), leftover) +
      perbillMul(perbillFromRational(10n * KSM, total), commission);
    const bobExpected = perbillMul(perbillFromRational(10n * KSM, total), leftover);

    const rewards = await api.derive.staking.stakerRewards(B);
    const listed = rewards.find((r) => r.era.toNumber() === exposedEra);
    assert.ok(listed, `stakerRewards lists era ${exposedEra}: ${rewards.map((r) => r.era.toNumber())}`);
    assert.equal(listed.isClaimed, false);
    assert.equal(listed.eraReward.toBigInt(), reward);
    // The derive's estimate (stakerRewards.js parseRewards) is reward × points / era points, less
    // commission, × stake / the exposure's total; with paged exposures it reads ErasStakersPaged
    // only, whose "total" is the page's (pageTotal, the nominators' 10 KSM without the validator's
    // own 100 KSM), so it shows Bob the validator's whole reward: polkadot.js's approximation on
    // Kusama as well. What is paid is checked against FRAME's split below.
    assert.equal(listed.validators[A].total.toBigInt(), reward);
    assert.equal(listed.validators[A].value.toBigInt(), (reward * 10n * KSM) / (10n * KSM));

    assert.equal((await api.call.stakingApi.pendingRewards(exposedEra, A)).isTrue, true);
    const bobLedgerBefore = (await api.query.staking.ledger(B)).unwrap();
    const aliceLedgerBefore = (await api.query.staking.ledger(A)).unwrap();
    const payout = await submitOk(api.tx.staking.payoutStakers(A, exposedEra), bob);
    const staking = payout.events.filter((e) => e.section === 'staking');
    const started = staking.find((e) => e.method === 'PayoutStarted');
    assert.ok(started, 'PayoutStarted');
    assert.equal(started.data.eraIndex.toNumber(), exposedEra);
    assert.equal(started.data.validatorStash.toString(), A);
    assert.equal(started.data.page.toNumber(), 0);
    assert.ok(started.data.next.isNone);
    const rewarded = staking.filter((e) => e.method === 'Rewarded')
      .map((e) => [e.data.stash.toString(), e.data.dest.toString(), e.data.amount.toBigInt()]);
    assert.deepEqual(rewarded, [[A, 'Staked', aliceExpected], [B, 'Staked', bobExpected]]);
    // Staked: the rewards are bonded.
    assert.equal((await api.query.staking.ledger(B)).unwrap().active.toBigInt(),
      bobLedgerBefore.active.toBigInt() + bobExpected);
    assert.equal((await api.query.staking.ledger(A)).unwrap().active.toBigInt(),
      aliceLedgerBefore.active.toBigInt() + aliceExpected);
    assert.equal(await stakingHold(B), bobLedgerBefore.total.toBigInt() + bobExpected);
    assert.equal((await api.call.stakingApi.pendingRewards(exposedEra, A)).isTrue, false);
    assert.ok((await api.query.staking.claimedRewards(exposedEra, A)).map(Number).includes(0));

    const again = await submit(api.tx.staking.payoutStakers(A, exposedEra), bob);
    assert.equal(again.error, 'staking.AlreadyClaimed');
    // The derives are memoised while subscribed and for ~2 s after (api-derive's memo and drr),
    // and claimedRewards.entries() inside is read once per subscription: a fresh reading after that.
    await sleep(3000);
    const after = await api.derive.staking.stakerRewards(B);
    const entry = after.find((r) => r.era.toNumber() === exposedEra);
    assert.ok(entry, `stakerRewards lists era ${exposedEra} after the payout`);
    assert.equal(entry.isClaimed, true);
    const aliceClaimed = await api.derive.staking.query(A, { withClaimedRewardsEras: true });
    assert.ok(aliceClaimed.claimedRewardsEras.map(Number).includes(exposedEra), 'claimedRewardsEras of Alice stash');
  });

  await check('unbond 4 KSM, withdraw_unbonded after BondingDuration frees it', async () => {
    const bondingDuration = api.consts.staking.bondingDuration.toNumber();
    const ledgerBefore = (await api.query.staking.ledger(B)).unwrap();
    const unbonded = await submitOk(api.tx.staking.unbond(4n * KSM), bob);
    const at = await api.at(unbonded.blockHash);
    const currentEra = (await at.query.staking.currentEra()).unwrap().toNumber();
    assert.ok(unbonded.events.some((e) => e.section === 'staking' && e.method === 'Unbonded' &&
      e.data.stash.toString() === B && e.data.amount.toBigInt() === 4n * KSM), 'Staking.Unbonded');
    const ledger = (await at.query.staking.ledger(B)).unwrap();
    assert.equal(ledger.total.toBigInt(), ledgerBefore.total.toBigInt());
    assert.equal(ledger.active.toBigInt(), ledgerBefore.active.toBigInt() - 4n * KSM);
    const chunkEra = currentEra + bondingDuration;
    assert.deepEqual(ledger.unlocking.map((c) => [c.value.toBigInt(), c.era.toNumber()]), [[4n * KSM, chunkEra]]);
    const derived = await api.derive.staking.account(B);
    const activeEra = (await api.query.staking.activeEra()).unwrap().index.toNumber();
    assert.equal(derived.unlocking.length, 1);
    assert.equal(derived.unlocking[0].value.toBigInt(), 4n * KSM);
    // remainingEras counts from the active era (derive's session info, read a moment later).
    assert.ok(Math.abs(derived.unlocking[0].remainingEras.toNumber() - (chunkEra - activeEra)) <= 1,
      `remainingEras ${derived.unlocking[0].remainingEras} for chunk era ${chunkEra}, active ${activeEra}`);
    assert.equal(derived.redeemable.toBigInt(), 0n);

    // Too early: nothing to withdraw, the ledger and the hold stay.
    const early = await submitOk(api.tx.staking.withdrawUnbonded(0), bob);
    assert.ok(!early.events.some((e) => e.section === 'staking' && e.method === 'Withdrawn'), 'no Withdrawn');
    const earlyAt = await api.at(early.blockHash);
    assert.ok((await earlyAt.query.staking.currentEra()).unwrap().toNumber() < chunkEra);
    const earlyLedger = (await earlyAt.query.staking.ledger(B)).unwrap();
    assert.deepEqual(earlyLedger.unlocking.map((c) => [c.value.toBigInt(), c.era.toNumber()]), [[4n * KSM, chunkEra]]);
    assert.equal(earlyLedger.total.toBigInt(), ledgerBefore.total.toBigInt());

    await until(`CurrentEra ${chunkEra}`,
      async () => (await api.query.staking.currentEra()).unwrap().toNumber() >= chunkEra,
      (bondingDuration + 8) * SESSIONS_PER_ERA * EPOCH_DURATION * 1000 + 30000);
    assert.equal((await api.derive.staking.account(B)).redeemable.toBigInt(), 4n * KSM);
    const accountBefore = await api.query.system.account(B);
    const holdBefore = await stakingHold(B);
    const ledgerNow = (await api.query.staking.ledger(B)).unwrap();
    const withdrawn = await submitOk(api.tx.staking.withdrawUnbonded(0), bob);
    const event = withdrawn.events.find((e) => e.section === 'staking' && e.method === 'Withdrawn');
    assert.ok(event, 'Staking.Withdrawn');
    assert.equal(event.data.stash.toString(), B);
    assert.equal(event.data.amount.toBigInt(), 4n * KSM);
    const atW = await api.at(withdrawn.blockHash);
    const ledgerAfter = (await atW.query.staking.ledger(B)).unwrap();
    assert.equal(ledgerAfter.unlocking.length, 0);
    assert.equal(ledgerAfter.total.toBigInt(), ledgerNow.total.toBigInt() - 4n * KSM);
    assert.equal(ledgerAfter.active.toBigInt(), ledgerNow.active.toBigInt());
    const holds = await atW.query.balances.holds(B);
    const hold = holds.find((h) => JSON.stringify(h.id.toJSON()).toLowerCase().includes('staking'));
    assert.equal(hold.amount.toBigInt(), holdBefore - 4n * KSM);
    const accountAfter = await atW.query.system.account(B);
    const fee = feeOf(withdrawn.events, B);
    assert.equal(accountAfter.data.reserved.toBigInt(), accountBefore.data.reserved.toBigInt() - 4n * KSM);
    assert.equal(accountAfter.data.free.toBigInt(), accountBefore.data.free.toBigInt() + 4n * KSM - fee);
  });

  unsubHeads();
} finally {
  await api?.disconnect();
  await dev.stop();
}
finish(TEST);
