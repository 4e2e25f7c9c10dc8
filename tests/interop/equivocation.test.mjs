// A validator whose keys run on two nodes at once equivocates, and the network punishes it (issue
// 19's acceptance), with real `canary` processes on loopback and polkadot.js:
//   - a 4-validator `local` chain (1.5 s slots, 4-slot epochs, one session per era: an era of 6 s,
//     so that SlashDeferDuration's 27 eras pass in under three minutes); Alice's sudo clears the
//     invulnerables of the genesis (FRAME never slashes an invulnerable);
//   - a fifth node runs with Bob's keys too: both author in Bob's slots, two headers of one slot;
//   - an honest node detects it (two headers of one slot, or two GRANDPA votes of one round),
//     proves Bob's key ownership through the runtime and submits `babe.` or
//     `grandpa.reportEquivocationUnsigned` to its pool; the report is included, and that block has
//     `Offences.Offence` (kind `babe:equivocatio` or `grandpa:equivoca`) and
//     `Staking.SlashReported` for Bob's stash with sp-consensus-babe's and -grandpa's fraction
//     min((3k/n)², 1) for k = 1 of n = 4, and Bob's index is in `session.disabledValidators` when the
//     report lands in the offence's era (Staking disables for offences of the active era only);
//   - SlashDeferDuration eras later `Staking.Slashed` takes that fraction of Bob's exposure;
//   - the chain keeps finalizing throughout.
//
//   node equivocation.test.mjs <canary_interop_helper> <canary>

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/api';
import { u8aToString } from '@polkadot/util';
import { connectApi } from './dev_node_process.mjs';
import { check, finish } from './lib.mjs';
import { LocalNode, waitUntil } from './local_node.mjs';
import { followFinalized, perbillFromRational, perbillMul, perbillSquare } from './staking_support.mjs';

const TEST = 'interop.equivocation';
const [, canary] = process.argv.slice(2);
const root = mkdtempSync(join(tmpdir(), 'canary-equivocation-'));

const chain = join(root, 'chain.json');
writeFileSync(chain, execFileSync(canary, ['build-spec', '--chain', 'local', '--raw',
  '--block-time', '1500', '--epoch-duration', '4', '--sessions-per-era', '1'],
{ stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 }));

const validators = ['alice', 'bob', 'charlie', 'dave'].map((n) => new LocalNode(n, { canary, root, chain }));
const [alice] = validators;
const bobTwin = new LocalNode('bob-twin', { canary, root, chain, key: 'bob' });
const everyone = [...validators, bobTwin];

let api;
try {
  for (const node of validators) await node.start(node === alice ? [] : [alice.multiaddr]);
  await waitUntil(async () => (await alice.finalizedNumber()) >= 1, 'block #1 finalized', validators);

  api = await connectApi(alice);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 2 });
  const sudo = keyring.addFromUri('//Alice');
  const bobStash = keyring.addFromUri('//Bob//stash').address;

  // Every finalized block's extrinsics and events.
  const { find: findEvent, unsubscribe: unsubFinalized } = await followFinalized(api);

  await check("sudo clears the genesis' invulnerables", async () => {
    await new Promise((resolve, reject) => {
      api.tx.sudo.sudo(api.tx.staking.setInvulnerables([])).signAndSend(sudo, ({ status, events }) => {
        if (!status.isInBlock) return;
        const sudid = events.find(({ event }) => event.section === 'sudo' && event.method === 'Sudid');
        if (sudid && sudid.event.data[0].isOk) resolve();
        else reject(new Error(`set_invulnerables failed: ${JSON.stringify(events.map((e) => e.event.toHuman()))}`));
      }).catch(reject);
    });
    // Finalized before the twin starts (the best chain may switch to a fork without it, and an
    // offence of an invulnerable is not slashed).
    await waitUntil(async () => (await (await api.at(await api.rpc.chain.getFinalizedHead()))
      .query.staking.invulnerables()).length === 0, 'no invulnerables in the finalized state', validators, 60000);
  });

  // Bob's keys on a second node: from now on both author in Bob's slots.
  await bobTwin.start([alice.multiaddr]);

  let offence;
  await check('the equivocation is reported and included: Offences.Offence and Staking.SlashReported', async () => {
    await waitUntil(async () => (offence = findEvent('offences', 'Offence')) !== null,
      'an Offences.Offence event in a finalized block', everyone, 150000);
    // Both twins author in Bob's slots (BABE) and may also vote for different blocks in a round
    // (GRANDPA): whichever is reported first.
    const kind = u8aToString(offence.event.data[0].toU8a());
    const pallet = { 'babe:equivocatio': 'babe', 'grandpa:equivoca': 'grandpa' }[kind];
    assert.ok(pallet, `offence kind ${kind}`);
    const report = offence.block.extrinsics.find((x) =>
      x.method.section === pallet && x.method.method === 'reportEquivocationUnsigned');
    assert.ok(report, `no ${pallet}.reportEquivocationUnsigned in #${offence.block.number}`);
    assert.ok(!report.isSigned, 'the report is unsigned');
  });

  let reported;
  await check('the slash fraction is min((3k/n)^2, 1) and Bob is disabled', async () => {
    reported = offence.block.events.find(({ event }) =>
      event.section === 'staking' && event.method === 'SlashReported');
    assert.ok(reported, `no Staking.SlashReported in #${offence.block.number}`);
    const [validator, fraction] = reported.event.data;
    assert.equal(validator.toString(), bobStash);
    const at = await api.at(offence.block.hash);
    const sessionValidators = (await at.query.session.validators()).map((v) => v.toString());
    const n = BigInt(sessionValidators.length);
    assert.equal(fraction.toBigInt(), perbillSquare(perbillFromRational(3n, n)));
    const index = sessionValidators.indexOf(bobStash);
    assert.ok(index >= 0, `Bob's stash is not a validator: ${sessionValidators}`);
    const disabled = (await at.query.session.disabledValidators()).map((d) =>
      (Array.isArray(d) ? d[0] : d).toNumber());
    // Staking disables an offender only for an offence of the active era (on_offence); a report
    // included after the era changed (a loaded machine, 2-session eras) slashes without disabling.
    const slashEra = reported.event.data[2].toNumber();
    const activeEra = (await at.query.staking.activeEra()).unwrap().index.toNumber();
    if (slashEra === activeEra) {
      assert.ok(disabled.includes(index), `disabled ${disabled}, Bob is #${index}`);
    } else {
      assert.ok(slashEra < activeEra, `slash era ${slashEra} after the active era ${activeEra}`);
      assert.ok(!disabled.includes(index), `Bob (#${index}) disabled for an offence of era ${slashEra}`);
      console.log(`  the report came in era ${activeEra}, after the offence's era ${slashEra}: not disabled`);
    }
  });

  await check('SlashDeferDuration eras later, Staking.Slashed takes the fraction of the exposure', async () => {
    assert.ok(reported, 'no SlashReported');
    const [, fraction, slashEra] = reported.event.data;
    const defer = api.consts.staking.slashDeferDuration.toNumber();
    const exposure = await (await api.at(offence.block.hash)).query.staking.erasStakersOverview(
      slashEra, bobStash);
    const own = exposure.unwrap().own.toBigInt();
    let slashed;
    await waitUntil(async () => (slashed = findEvent('staking', 'Slashed',
      (data) => data[0].toString() === bobStash)) !== null,
    `Staking.Slashed of Bob's stash (${defer} eras deferred)`, everyone, 300000);
    assert.equal(slashed.event.data[1].toBigInt(), perbillMul(fraction.toBigInt(), own));
    const eraOfSlash = (await (await api.at(slashed.block.hash)).query.staking.activeEra()).unwrap().index.toNumber();
    assert.ok(eraOfSlash >= slashEra.toNumber() + defer, `slashed in era ${eraOfSlash}, reported for ${slashEra}`);
  });

  await check('the chain keeps finalizing', async () => {
    const from = await alice.finalizedNumber();
    await waitUntil(async () => (await alice.finalizedNumber()) >= from + 4, 'four more finalized blocks',
      everyone, 60000);
  });
  unsubFinalized();
} catch (e) {
  await check('the equivocation scenario ran', () => { throw e; });
} finally {
  await api?.disconnect();
  await Promise.all(everyone.map((n) => n.stop().catch(() => {})));
  rmSync(root, { recursive: true, force: true });
}
finish(TEST);
