// A collator whose PoVs the PVF rejects gets nothing backed, and the relay chain goes on (issue
// 21's acceptance): `scripts/testnet -n 4 --parachain adder:100:invalid --no-restart` runs
// `canary adder-collator --invalid-pov` (each block claims a state its parent head does not commit
// to), with polkadot.js on alice following the finalized relay chain from genesis
// (parachain_testnet.mjs's RelayFollower):
//   - the collator runs in its test mode and collates ("Collating for para 100 (adder, invalid
//     PoVs)", "📦 Collation … of para 100");
//   - the validators fetch its collations, run them on the PVF host and log them invalid
//     ("❌ Collation … of para 100 is invalid", node/service/parachain_service.cpp);
//   - from genesis to 15 finalized relay blocks after the first such line, no block has a
//     CandidateBacked or CandidateIncluded for para 100, paras.heads(100) stays the fixture's genesis
//     head, and no validator seconds a candidate of para 100 or finds one backable;
//   - meanwhile the relay chain goes on: 15 more blocks finalized, the finalized head at most 6
//     blocks behind the best at every poll (each second), and no node exits.
//
//   node parachain_invalid_collator.test.mjs <canary_interop_helper> <canary> <fixtures dir>

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { check, finish } from './lib.mjs';
import { ParachainTestnet, RelayFollower, maxFinalityLag, withLogs } from './parachain_testnet.mjs';

const TEST = 'interop.parachain_invalid_collator';
const [, canary, fixtures] = process.argv.slice(2);
const PARA = 100;
const COLLATOR = `adder-${PARA}`;
// Relay blocks watched after the first invalid verdict.
const BLOCKS = 15;
const START_MS = 240_000;
const FIRST_VERDICT_MS = 240_000;
const MAX_FINALITY_LAG = 6;
// node/service/parachain_service.cpp's lines at target `parachain`.
const MODE = `Collating for para ${PARA} (adder, invalid PoVs)`;
const COLLATION = new RegExp(`Collation \\S+ of para ${PARA} \\(block #`);
const INVALID = new RegExp(`(?:Collation|Candidate) \\S+ of para ${PARA} is invalid`);
const SECONDED = new RegExp(`Seconded candidate \\S+ of para ${PARA} `);
const BACKABLE = new RegExp(`Candidate \\S+ of para ${PARA} is backable`);

await cryptoWaitReady();
const genesisHead = readFileSync(join(fixtures, 'parachains', 'adder', 'genesis_head.hex'), 'utf8')
  .trim().replace(/^(0x)?/, '0x');
const root = mkdtempSync(join(tmpdir(), 'canary-parachain-invalid-'));
const net = new ParachainTestnet({ canary, fixtures, base: join(root, 'net'), parachains: [`adder:${PARA}:invalid`] });
const lines = (name, pattern) => net.log(name).split('\n').filter((l) => pattern.test(l));
let api;
let follower;
let started = false;
// The checks after the first: they need it to have passed, and add the logs to a failure.
const afterStart = (fn) => async () => {
  assert.ok(started, 'the testnet did not start or no collation was found invalid');
  return withLogs(net, fn);
};
try {
  let from;
  await check('the collator runs with invalid PoVs; the validators find its collations invalid', () => withLogs(net, async () => {
    await net.start(START_MS);
    api = await net.connect('alice');
    follower = new RelayFollower(api, PARA);
    follower.start();
    await follower.until('a validator to find a collation invalid',
      () => net.validators.some((name) => lines(name, INVALID).length > 0), FIRST_VERDICT_MS);
    from = follower.finalized;
    started = true;
    assert.ok(net.log(COLLATOR).includes(MODE), `the collator does not say "${MODE}"`);
    assert.ok(lines(COLLATOR, COLLATION).length > 0, 'the collator logged no collation');
    const verdicts = net.validators.map((name) => `${name} ${lines(name, INVALID).length}`);
    console.log(`invalid verdicts by relay #${from}: ${verdicts.join(', ')}`);
  }));

  await check(`no candidate of para ${PARA} is backed over ${BLOCKS} more relay blocks, which are finalized`, afterStart(async () => {
    const startedAt = Date.now();
    // Six-second slots, three of four authorities' blocks at least, with room for a loaded machine.
    await follower.until(`relay #${from + BLOCKS} finalized and read`, () => follower.last >= from + BLOCKS,
      BLOCKS * 6000 * 3 + 60_000);
    const blocks = follower.range(0);
    const backed = blocks.filter((b) => b.backed.length > 0 || b.included.length > 0).map((b) => b.number);
    assert.deepEqual(backed, [], `blocks with a CandidateBacked or CandidateIncluded of para ${PARA}\n${follower.summary(40)}`);
    const head = follower.blocks[follower.last].head;
    assert.equal(head && u8aToHex(head), genesisHead, `paras.heads(${PARA}) left genesis`);
    assert.deepEqual(follower.failures, [], follower.failures.slice(0, 20).join('\n'));
    for (const name of net.validators) {
      assert.deepEqual(lines(name, SECONDED), [], `${name} seconded a candidate of para ${PARA}`);
      assert.deepEqual(lines(name, BACKABLE), [], `${name} found a candidate of para ${PARA} backable`);
    }
    const collations = lines(COLLATOR, COLLATION).length;
    const verdicts = net.validators.reduce((sum, name) => sum + lines(name, INVALID).length, 0);
    const lag = maxFinalityLag(follower.lags, startedAt);
    console.log(`relay #0..#${follower.last}: no candidate of para ${PARA}; ${collations} collations, ` +
      `${verdicts} invalid verdicts; finality at most ${lag} blocks behind`);
    assert.ok(lag <= MAX_FINALITY_LAG, `the finalized head fell ${lag} blocks behind the best`);
    assert.deepEqual(net.exits(), [], 'a node exited');
  }));
} finally {
  await follower?.stop();
  await api?.disconnect();
  await net.stop();
  rmSync(root, { recursive: true, force: true });
}
finish(TEST);
