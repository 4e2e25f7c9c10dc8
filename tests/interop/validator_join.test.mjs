// A validator joins by stake on a live network (issue 19's acceptance), with `scripts/testnet -n 6
// --block-time 2000 --epoch-duration 10 --sessions-per-era 2` (eras of 40 s) and polkadot.js:
//   - the first four nodes are the genesis validators; Eve and Ferdie run as validators with
//     their keys in their keystores, not elected;
//   - Root raises the validator count to 5; Eve's stash bonds, validates (10 % commission) and sets
//     the keys her node's `author_rotateKeys` made; Ferdie bonds and nominates her;
//   - within three eras Eve's stash is in `session.validators`; she authors blocks (the BABE
//     pre-digest's authority index maps to her: `derive.chain.getHeader`'s author); GRANDPA's set
//     id has increased and Eve's new GRANDPA key signs precommits of justifications; finality
//     goes on;
//   - the eras' elections end with the unsigned solution the validators' offchain workers mined
//     and submitted (`submitUnsigned`, `SolutionStored { Unsigned }`, `ElectionFinalized {
//     Unsigned }`);
//   - the derives agree: `derive.session.progress` (sessions of 10 slots, eras of 2 sessions),
//     `derive.staking.validators` / `electedInfo` (Eve elected), `derive.staking.account` (Eve's
//     and Ferdie's bonds), `derive.staking.stakerRewards` (Ferdie's era with Eve);
//   - the era Eve was exposed in is paid (`EraPaid`): its validator payout follows Kusama's
//     inflation curve for the era's length and stake, payout + remainder is the 10 % maximum, and
//     `payoutStakers` pays Eve and Ferdie FRAME's split (points, commission, exposure);
//   - smoldot, started from the chain spec with node 0 as its boot node, warp-syncs across the set
//     change and finalizes the node's blocks of the new set;
//   - Ferdie unbonds: a chunk at currentEra + BondingDuration that `withdrawUnbonded` does not
//     release early (the whole wait is interop.staking's, with 4-s eras).
//
//   node validator_join.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { freeRange, until as untilOf } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';
import { LightClient } from './smoldot_client.mjs';
import {
  KSM, followFinalized, perbillFromRational, perbillMul, submitOk,
} from './staking_support.mjs';

const TEST = 'interop.validator_join';
const [, canary] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const testnet = join(here, '..', '..', 'scripts', 'testnet');
const root = mkdtempSync(join(tmpdir(), 'canary-validator-join-'));
const ERA_MS = 2 * 10 * 2000;
const YEAR_MS = 31_557_600_000;

// dev_node_process's until, with the launcher's output as the log a timeout shows.
const until = (what, fn, timeoutMs) => untilOf(what, fn, { tail }, timeoutMs);

// Kusama's staking inflation for a staked fraction, in floating point (the runtime computes it in
// Perquintill with compute_inflation's series; the check below allows for that).
function kusamaInflation(stakedFraction) {
  const ideal = 0.75;
  const falloff = 0.05;
  const adjustment = stakedFraction <= ideal ? stakedFraction / ideal : 2 ** ((ideal - stakedFraction) / falloff);
  return 0.025 + (0.1 - 0.025) * adjustment;
}

const p2p = await freeRange(6);
const rpcBase = await freeRange(6);
let output = '';
const launcher = spawn(testnet, ['-n', '6', '--canary', canary, '--base', join(root, 'net'),
  '--p2p-port', String(p2p), '--rpc-port', String(rpcBase), '--block-time', '2000',
  '--epoch-duration', '10', '--sessions-per-era', '2', '--', '--wasm-execution',
  'interpreted-i-know-what-i-do'], { stdio: ['ignore', 'pipe', 'pipe'] });
launcher.stdout.on('data', (d) => { output += d.toString(); });
launcher.stderr.on('data', (d) => { output += d.toString(); });
const launcherExited = new Promise((r) => launcher.on('exit', r));
function tail() {
  return `--- scripts/testnet ---\n${output.slice(-3000)}`;
}
const url = (i) => `ws://127.0.0.1:${rpcBase + i}`;

async function connect(i) {
  return until(`the RPC server of node ${i}`, async () => {
    const provider = new WsProvider(url(i), false);
    await provider.connect();
    return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  }, 60000);
}

let api;
let eveApi;
try {
  await until('the testnet to run', () => output.includes('testnet of 6 validators running'), 180000);
  api = await connect(0);
  eveApi = await connect(4);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const sudo = keyring.addFromUri('//Alice');
  const eveStash = keyring.addFromUri('//Eve//stash');
  const ferdie = keyring.addFromUri('//Ferdie');
  const E = eveStash.address;
  const F = ferdie.address;
  const finalized = await followFinalized(api);
  const setIdBefore = (await api.query.grandpa.currentSetId()).toNumber();
  let eveKeys;

  await check('Root raises the validator count; Eve bonds, validates and sets rotated keys; Ferdie nominates her', async () => {
    await submitOk(api, api.tx.sudo.sudo(api.tx.staking.setValidatorCount(5)), sudo);
    await until('validatorCount 5 in the finalized state', async () => (await (await api.at(
      await api.rpc.chain.getFinalizedHead())).query.staking.validatorCount()).toNumber() === 5, 60000);
    // Fresh keys in Eve's node's keystore (her dev keys are not her session keys from now on).
    eveKeys = (await eveApi.rpc.author.rotateKeys()).toHex();
    assert.ok((await eveApi.rpc.author.hasSessionKeys(eveKeys)).isTrue, 'hasSessionKeys');
    // Both at once (one block, most often): an election between them would elect Eve on her own
    // stake first (the next check waits for an era with Ferdie behind her either way).
    await Promise.all([
      submitOk(api, api.tx.utility.batchAll([
        api.tx.staking.bond(1000n * KSM, 'Staked'),
        api.tx.staking.validate({ commission: 100_000_000, blocked: false }),
        api.tx.session.setKeys(eveKeys, '0x'),
      ]), eveStash),
      submitOk(api, api.tx.utility.batchAll([
        api.tx.staking.bond(500n * KSM, 'Staked'),
        api.tx.staking.nominate([E]),
      ]), ferdie),
    ]);
    // The best chain may switch to a fork without the block that included a batch (several
    // primary claims in one slot), and the pool includes it again: the derives are read until
    // they show it.
    await until("derive.staking.account of Eve's stash", async () => {
      const account = await api.derive.staking.account(E);
      return account.stakingLedger?.active?.toBigInt() === 1000n * KSM &&
        account.validatorPrefs.commission.toNumber() === 100_000_000;
    }, 30000);
    assert.equal(u8aToHex((await api.query.session.nextKeys(E)).unwrap().toU8a()), eveKeys);
    await until("derive.staking.account of Ferdie", async () => {
      const account = await api.derive.staking.account(F);
      return account.stakingLedger?.active?.toBigInt() === 500n * KSM &&
        account.nominators.map(String).join() === E;
    }, 30000);
  });

  let joinedAt;
  await check('within three eras Eve is a validator of the session, elected with Ferdie behind her', async () => {
    const startEra = (await api.query.staking.activeEra()).unwrap().index.toNumber();
    // The first era whose validators include Eve with Ferdie's stake behind her (an election
    // that ran between their two transactions exposes her alone for one era).
    let era;
    joinedAt = await until("Eve's stash in session.validators, Ferdie behind her", async () => {
      if (!(await api.query.session.validators()).map(String).includes(E)) return 0;
      const active = (await api.query.staking.activeEra()).unwrap().index.toNumber();
      const exposure = await api.query.staking.erasStakersOverview(active, E);
      if (exposure.isNone || exposure.unwrap().total.toBigInt() !== 1500n * KSM) return 0;
      era = active;
      return (await api.rpc.chain.getHeader()).number.toNumber();
    }, 3 * ERA_MS + 60000);
    assert.ok(era <= startEra + 3, `joined in era ${era}, asked in era ${startEra}`);
    const elected = await api.derive.staking.electedInfo();
    assert.ok(elected.nextElected.map(String).includes(E), 'electedInfo.nextElected has Eve');
    const validators = await api.derive.staking.validators();
    assert.ok(validators.validators.map(String).includes(E), 'derive.staking.validators has Eve');
    const overview = (await api.query.staking.erasStakersOverview(era, E)).unwrap();
    assert.equal(overview.own.toBigInt(), 1000n * KSM);
    assert.equal(overview.total.toBigInt(), 1500n * KSM);
    const progress = await api.derive.session.progress();
    assert.equal(progress.sessionLength.toNumber(), 10);
    assert.equal(progress.eraLength.toNumber(), 20);
    assert.equal(progress.sessionsPerEra.toNumber(), 2);
    assert.equal(progress.activeEra.toNumber(), era);
  });

  await check("the era's elections are the validators' offchain miners' unsigned solutions", async () => {
    // Each validator node's offchain worker mines the election in the unsigned phase and submits
    // the solution to its own pool (not gossiped, as the SDK's): the next block it authors holds
    // `submitUnsigned`, the solution is stored, and the era's election ends with it.
    const elections = () => finalized.blocks.flatMap((block) => block.events
      .filter(({ event }) => event.section === 'electionProviderMultiPhase' && event.method === 'ElectionFinalized')
      .map(({ event }) => ({ block, compute: event.data.compute.toString() })));
    await until('a finalized ElectionFinalized after Eve joined', () => elections().some(
      (e) => e.block.number >= joinedAt), 2 * ERA_MS + 60000);
    const unsigned = elections().filter((e) => e.compute === 'Unsigned');
    assert.ok(unsigned.length > 0, `elections: ${elections().map((e) => `#${e.block.number} ${e.compute}`).join(', ')}`);
    for (const { block } of unsigned) {
      // The solution was stored from a submitUnsigned of the same round, before the election.
      const stored = finalized.blocks.filter((b) => b.number < block.number && b.number > block.number - 20 &&
        b.events.some(({ event }) => event.section === 'electionProviderMultiPhase' &&
          event.method === 'SolutionStored' && event.data.compute.toString() === 'Unsigned'));
      assert.ok(stored.length > 0, `no SolutionStored { Unsigned } before #${block.number}`);
      assert.ok(stored.some((b) => b.extrinsics.some((x) => x.method.section === 'electionProviderMultiPhase' &&
        x.method.method === 'submitUnsigned')), `no submitUnsigned before #${block.number}`);
    }
    console.log(`elections: ${elections().map((e) => `#${e.block.number} ${e.compute}`).join(', ')}`);
  });

  await check("Eve authors blocks: the BABE pre-digest's authority maps to her stash", async () => {
    await until('a finalized block authored by Eve', async () => {
      for (const block of finalized.blocks.filter((b) => b.number > joinedAt)) {
        if (block.eveChecked) continue;
        block.eveChecked = true;
        const header = await api.derive.chain.getHeader(block.hash);
        if (header.author?.toString() === E) return true;
      }
      return false;
    }, 120000);
  });

  await check("GRANDPA's set grew: a new set id, Eve's key signs precommits, finality goes on", async () => {
    const grandpaKey = (await api.query.session.nextKeys(E)).unwrap().grandpa.toHex();
    await until('a higher GRANDPA set id with Eve in it', async () => {
      const setId = (await api.query.grandpa.currentSetId()).toNumber();
      const authorities = (await api.query.grandpa.authorities()).map(([id]) => id.toHex());
      return setId > setIdBefore && authorities.includes(grandpaKey);
    }, 120000);
    const setId = (await api.query.grandpa.currentSetId()).toNumber();
    let seen = false;
    const unsub = await api.rpc.grandpa.subscribeJustifications((justification) => {
      const decoded = api.registry.createType('GrandpaJustification', justification.toU8a(true));
      if (decoded.commit.precommits.some((p) => p.id.toHex() === grandpaKey)) seen = true;
    });
    try {
      await until("a justification with Eve's precommit", () => seen, 120000);
    } finally {
      unsub();
    }
    const from = finalized.blocks.length;
    await until('finality to go on', () => finalized.blocks.length >= from + 3, 60000);
    assert.ok((await api.query.grandpa.currentSetId()).toNumber() >= setId);
  });

  await check('smoldot warp-syncs across the set change and finalizes what the node finalized', async () => {
    // The light client starts from the genesis spec: its warp sync proof from node 0 carries one
    // fragment per set hand-off (the justification that ends each set), and it then verifies the
    // new set's justifications itself. The target is a block the node finalized in a set that
    // includes Eve.
    const past = await until('a finalized block after the set change', async () => {
      const head = await api.rpc.chain.getFinalizedHead();
      const setId = (await (await api.at(head)).query.grandpa.currentSetId()).toNumber();
      if (setId <= setIdBefore) return null;
      return { setId, number: (await api.rpc.chain.getHeader(head)).number.toNumber() };
    }, 60000);
    const bootNode = `/ip4/127.0.0.1/tcp/${p2p}/p2p/${(await api.rpc.system.localPeerId()).toString()}`;
    const light = await LightClient.start(readFileSync(join(root, 'net', 'chain.json'), 'utf8'), [bootNode]);
    try {
      const target = past.number + 1;
      const reached = await light.finalizedAtLeast(target, (condition) => until(
        `smoldot to finalize #${target} (set ${past.setId}, was ${setIdBefore})`, condition, 120000))
        .catch((e) => { throw new Error(`${e.message}\n${light.tail()}`); });
      assert.equal(reached.hash, (await api.rpc.chain.getBlockHash(reached.number)).toHex(),
        `smoldot's finalized #${reached.number}`);
      light.release(reached.hash);
    } finally {
      light.stop();
    }
  });

  let exposedEra;
  await check("the era Eve was exposed in is paid along Kusama's inflation curve", async () => {
    // An era with Eve's exposure, Ferdie's included, in which she authored: being active does not
    // promise a block (20 slots among 5 validators: none for her about once in a hundred eras, more
    // often when her node misses slots under load), and without reward points FRAME pays her
    // nothing. She authored by the previous check, so such an era exists by now.
    const firstEra = await until("an era with Eve's exposure, Ferdie's included, and her points", async () => {
      const era = (await api.query.staking.activeEra()).unwrap().index.toNumber();
      for (let e = Math.max(0, era - 3); e <= era; ++e) {
        const exposure = await api.query.staking.erasStakersOverview(e, E);
        if (exposure.isNone || exposure.unwrap().total.toBigInt() !== 1500n * KSM) continue;
        const points = await api.query.staking.erasRewardPoints(e);
        if ([...points.individual.entries()].some(([k, p]) => k.toString() === E && p.toBigInt() > 0n)) {
          return { e };
        }
      }
      return null;
    }, 30000);
    exposedEra = firstEra.e;
    const paid = await until(`EraPaid for era ${exposedEra}`, () => finalized.find('staking', 'EraPaid',
      (d) => d.eraIndex.toNumber() === exposedEra), 2 * ERA_MS + 60000);
    const validatorPayout = paid.event.data.validatorPayout.toBigInt();
    const remainder = paid.event.data.remainder.toBigInt();
    assert.equal((await api.query.staking.erasValidatorReward(exposedEra)).unwrap().toBigInt(), validatorPayout);
    // end_era runs in the on_initialize of the era's last session change: the clock it reads and
    // the issuance and stake it uses are those of the parent block.
    const parent = await api.at(paid.block.header.parentHash);
    const now = (await parent.query.timestamp.now()).toBigInt();
    const start = (await parent.query.staking.activeEra()).unwrap().start.unwrap().toBigInt();
    const eraMs = now - start;
    const issuance = (await parent.query.balances.totalIssuance()).toBigInt();
    const staked = (await parent.query.staking.erasTotalStake(exposedEra)).toBigInt();
    const expected = (Number(eraMs) / YEAR_MS) * kusamaInflation(Number(staked) / Number(issuance)) * Number(issuance);
    assert.ok(Math.abs(Number(validatorPayout) - expected) <= expected * 1e-6,
      `payout ${validatorPayout}, Kusama's curve ${expected} (era ${eraMs} ms, staked ${staked} of ${issuance})`);
    const maximum = (Number(eraMs) / YEAR_MS) * 0.1 * Number(issuance);
    assert.ok(Math.abs(Number(validatorPayout + remainder) - maximum) <= maximum * 1e-9,
      `payout + remainder ${validatorPayout + remainder}, 10 % maximum ${maximum}`);
    const rewards = await api.derive.staking.stakerRewards(F);
    assert.ok(rewards.some((r) => r.era.toNumber() === exposedEra && !r.isClaimed),
      `stakerRewards(Ferdie) lists era ${exposedEra}: ${rewards.map((r) => r.era.toNumber())}`);
  });

  await check("payoutStakers pays Eve and Ferdie FRAME's split", async () => {
    assert.ok(exposedEra !== undefined, 'needs the paid era');
    const reward = (await api.query.staking.erasValidatorReward(exposedEra)).unwrap().toBigInt();
    const points = await api.query.staking.erasRewardPoints(exposedEra);
    const total = points.total.toBigInt();
    const eve = [...points.individual.entries()].find(([k]) => k.toString() === E)?.[1].toBigInt() ?? 0n;
    assert.ok(eve > 0n, `Eve's points ${eve} of ${total}`);
    const overview = (await api.query.staking.erasStakersOverview(exposedEra, E)).unwrap();
    const own = overview.own.toBigInt();
    const exposure = overview.total.toBigInt();
    const prefs = await api.query.staking.erasValidatorPrefs(exposedEra, E);
    const commissionPart = BigInt(prefs.commission.toNumber());
    const validatorTotal = perbillMul(perbillFromRational(eve, total), reward);
    const commission = perbillMul(commissionPart, validatorTotal);
    const leftover = validatorTotal - commission;
    const eveExpected = perbillMul(perbillFromRational(own, exposure), leftover) + commission;
    const ferdieExpected = perbillMul(perbillFromRational(exposure - own, exposure), leftover);
    const payout = await submitOk(api, api.tx.staking.payoutStakers(E, exposedEra), ferdie);
    const rewarded = payout.events.filter((e) => e.section === 'staking' && e.method === 'Rewarded')
      .map((e) => [e.data.stash.toString(), e.data.amount.toBigInt()]);
    assert.deepEqual(rewarded, [[E, eveExpected], [F, ferdieExpected]]);
  });

  await check('Ferdie unbonds: one chunk at currentEra + BondingDuration, not withdrawable before', async () => {
    const bondingDuration = api.consts.staking.bondingDuration.toNumber();
    const unbonded = await submitOk(api, api.tx.staking.unbond(100n * KSM), ferdie, { finalized: true });
    const at = await api.at(unbonded.blockHash);
    const currentEra = (await at.query.staking.currentEra()).unwrap().toNumber();
    const ledger = (await at.query.staking.ledger(F)).unwrap();
    assert.deepEqual(ledger.unlocking.map((c) => [c.value.toBigInt(), c.era.toNumber()]),
      [[100n * KSM, currentEra + bondingDuration]]);
    const early = await submitOk(api, api.tx.staking.withdrawUnbonded(0), ferdie, { finalized: true });
    assert.ok(!early.events.some((e) => e.section === 'staking' && e.method === 'Withdrawn'), 'no Withdrawn');
    assert.equal((await (await api.at(early.blockHash)).query.staking.ledger(F)).unwrap().unlocking.length, 1);
  });
  finalized.unsubscribe();
} catch (e) {
  await check('the validator-join scenario ran', () => { throw e; });
} finally {
  await api?.disconnect();
  await eveApi?.disconnect();
  launcher.kill('SIGTERM');
  await launcherExited;
  rmSync(root, { recursive: true, force: true });
}
finish(TEST);
